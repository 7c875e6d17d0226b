//! Resource URIs as newtypes. Calendly identifies everything by URI
//! (`https://api.calendly.com/users/AAAAAAAAAAAAAAAA`); keeping each kind in its own type
//! means a user URI can never be sent where an organization URI belongs. The ID in the
//! last segment is opaque: old accounts have 16-character IDs, newer ones UUIDs, and
//! Calendly allows up to 255 ASCII characters.

use std::fmt;

use serde::{Deserialize, Serialize};

/// Why a text is not a URI of the expected kind.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UriError {
    pub expected: &'static str,
    pub found: String,
}

impl fmt::Display for UriError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.expected == "callback" {
            write!(
                f,
                "{:?} is not a web address starting with https:// (or http://)",
                self.found
            )
        } else {
            write!(
                f,
                "{:?} is not a Calendly {} address",
                self.found, self.expected
            )
        }
    }
}

impl std::error::Error for UriError {}

/// Splits `scheme://host/path` into (host, path) for http and https only.
pub(crate) fn split_http_url(text: &str) -> Option<(&str, &str)> {
    let rest = text
        .strip_prefix("https://")
        .or_else(|| text.strip_prefix("http://"))?;
    let (host, path) = match rest.find(['/', '?', '#']) {
        Some(i) => (&rest[..i], &rest[i..]),
        None => (rest, ""),
    };
    if host.is_empty() || host.chars().any(|c| c.is_whitespace()) {
        return None;
    }
    Some((host, path))
}

/// The ID in `…/<collection>/<id>`, if `text` has exactly that shape.
fn id_in(text: &str, collection: &str) -> Option<usize> {
    let (_, path) = split_http_url(text)?;
    let id = path
        .strip_prefix('/')?
        .strip_prefix(collection)?
        .strip_prefix('/')?;
    let valid = !id.is_empty()
        && id.len() <= 255
        && id
            .bytes()
            .all(|b| b.is_ascii_graphic() && !matches!(b, b'/' | b'?' | b'#'));
    valid.then(|| text.len() - id.len())
}

macro_rules! resource_uri {
    ($(#[$doc:meta])* $name:ident, $collection:literal, $what:literal) => {
        $(#[$doc])*
        #[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(try_from = "String", into = "String")]
        pub struct $name(String);

        impl $name {
            /// The path segment collections of this kind live under.
            pub const COLLECTION: &'static str = $collection;

            /// Accepts `http(s)://<host>/` + the collection + `/<id>`.
            pub fn parse(text: &str) -> Result<Self, UriError> {
                id_in(text, $collection)
                    .map(|_| $name(text.to_owned()))
                    .ok_or_else(|| UriError { expected: $what, found: text.to_owned() })
            }

            /// The URI on Calendly's own host for this ID (as the API writes it).
            pub fn from_id(id: &str) -> Self {
                $name(format!("{}/{}/{}", crate::API_BASE, $collection, id))
            }

            /// The opaque ID (the last path segment).
            pub fn id(&self) -> &str {
                let start = id_in(&self.0, $collection).expect("checked when parsed");
                &self.0[start..]
            }

            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl TryFrom<String> for $name {
            type Error = UriError;
            fn try_from(text: String) -> Result<Self, UriError> {
                $name::parse(&text)
            }
        }

        impl From<$name> for String {
            fn from(uri: $name) -> String {
                uri.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }
    };
}

resource_uri!(
    /// `https://api.calendly.com/users/<id>`
    UserUri, "users", "user"
);
resource_uri!(
    /// `https://api.calendly.com/organizations/<id>`
    OrganizationUri, "organizations", "organization"
);
resource_uri!(
    /// `https://api.calendly.com/groups/<id>`
    GroupUri, "groups", "group"
);
resource_uri!(
    /// `https://api.calendly.com/webhook_subscriptions/<id>`
    SubscriptionUri, "webhook_subscriptions", "webhook subscription"
);
resource_uri!(
    /// `https://api.calendly.com/organization_memberships/<id>`
    MembershipUri, "organization_memberships", "organization membership"
);

/// The address Calendly delivers events to: an absolute `http`/`https` URL with a host.
/// Kept exactly as given (no normalisation): Calendly compares callback URLs as text and
/// treats redirects as failures, so "almost the same" URL is a different subscription.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct CallbackUrl(String);

impl CallbackUrl {
    pub fn parse(text: &str) -> Result<CallbackUrl, UriError> {
        let bad = || UriError {
            expected: "callback",
            found: text.to_owned(),
        };
        if text.len() > 2048 || text.chars().any(|c| c.is_whitespace() || c.is_control()) {
            return Err(bad());
        }
        split_http_url(text).ok_or_else(bad)?;
        Ok(CallbackUrl(text.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for CallbackUrl {
    type Error = UriError;
    fn try_from(text: String) -> Result<Self, UriError> {
        CallbackUrl::parse(&text)
    }
}

impl From<CallbackUrl> for String {
    fn from(url: CallbackUrl) -> String {
        url.0
    }
}

impl fmt::Display for CallbackUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_opaque_last_segments() {
        let old = UserUri::parse("https://api.calendly.com/users/AAAAAAAAAAAAAAAA").unwrap();
        assert_eq!(old.id(), "AAAAAAAAAAAAAAAA");
        let new =
            UserUri::parse("https://api.calendly.com/users/0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0")
                .unwrap();
        assert_eq!(new.id(), "0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0");
        assert_eq!(
            UserUri::from_id("X1").as_str(),
            "https://api.calendly.com/users/X1"
        );
    }

    #[test]
    fn a_uri_of_another_kind_is_refused() {
        let org = "https://api.calendly.com/organizations/BBBBBBBBBBBBBBBB";
        assert!(UserUri::parse(org).is_err());
        assert!(OrganizationUri::parse(org).is_ok());
        assert!(UserUri::parse("https://api.calendly.com/users/").is_err());
        assert!(UserUri::parse("https://api.calendly.com/users/A/B").is_err());
        assert!(UserUri::parse("users/A").is_err());
    }

    #[test]
    fn callback_urls_must_be_http_with_a_host() {
        assert!(CallbackUrl::parse("https://example.com/hook?x=1").is_ok());
        assert!(CallbackUrl::parse("http://localhost:8080").is_ok());
        assert!(CallbackUrl::parse("ftp://example.com").is_err());
        assert!(CallbackUrl::parse("https:///path").is_err());
        assert!(CallbackUrl::parse("https://exa mple.com").is_err());
        let error = CallbackUrl::parse("example.com/hook").unwrap_err();
        assert_eq!(
            error.to_string(),
            "\"example.com/hook\" is not a web address starting with https:// (or http://)"
        );
        let error = UserUri::parse("x").unwrap_err();
        assert_eq!(error.to_string(), "\"x\" is not a Calendly user address");
    }
}
