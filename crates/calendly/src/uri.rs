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

/// The address Calendly delivers events to: an absolute `http`/`https` URL with a host,
/// kept in the one form the WHATWG URL parser serialises it to: the host in lower case
/// (and in punycode), a default port dropped, `/` for an empty path, and characters that
/// do not belong in a URL (`"`, `<`, `>`, `` ` ``, `{`, `}`) percent-encoded. That form is
/// what is sent to Calendly, what the user is shown and what goes in the report, so an
/// address like `https://hooks.example.com/b"><script>` can never reach a page or a report
/// as markup.
///
/// Calendly compares callback URLs as text and treats redirects as failures, so nothing
/// beyond the parser's own serialisation is tidied: `/hook` and `/hook/` stay different.
/// An existing subscription's `callback_url` is compared through
/// [`CallbackUrl::is_same_address`], which serialises it the same way first.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct CallbackUrl(String);

impl CallbackUrl {
    /// Read an address and keep its serialised form.
    ///
    /// ```
    /// use calendly::CallbackUrl;
    /// let url = CallbackUrl::parse("https://Hooks.Example.com:443/b\"><script>").unwrap();
    /// assert_eq!(url.as_str(), "https://hooks.example.com/b%22%3E%3Cscript%3E");
    /// assert!(CallbackUrl::parse("example.com/hook").is_err());
    /// ```
    pub fn parse(text: &str) -> Result<CallbackUrl, UriError> {
        let bad = || UriError {
            expected: "callback",
            found: text.to_owned(),
        };
        if text.len() > 2048 || text.chars().any(|c| c.is_whitespace() || c.is_control()) {
            return Err(bad());
        }
        // The parser would read `https:///path` as the host `path`; the text itself must
        // name a host after `//`.
        split_http_url(&text.to_ascii_lowercase()).ok_or_else(bad)?;
        let url = url::Url::parse(text).map_err(|_| bad())?;
        if !matches!(url.scheme(), "http" | "https") || url.host_str().is_none_or(str::is_empty) {
            return Err(bad());
        }
        let serialised = String::from(url);
        if serialised.len() > 2048 {
            return Err(bad());
        }
        Ok(CallbackUrl(serialised))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Is `text` (a callback URL as Calendly stores it, perhaps typed elsewhere in another
    /// form) this address? Both sides are compared in their serialised form; text that is
    /// not an address is never the same.
    ///
    /// ```
    /// use calendly::CallbackUrl;
    /// let url = CallbackUrl::parse("https://hooks.example.com/h").unwrap();
    /// assert!(url.is_same_address("https://HOOKS.example.com:443/h"));
    /// assert!(!url.is_same_address("https://hooks.example.com/h/"));
    /// ```
    pub fn is_same_address(&self, text: &str) -> bool {
        CallbackUrl::parse(text).is_ok_and(|other| other == *self)
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
    fn a_callback_url_is_kept_in_its_serialised_form() {
        for (typed, kept) in [
            (
                "https://hooks.example.com/b\"><script>alert(2)</script>",
                "https://hooks.example.com/b%22%3E%3Cscript%3Ealert(2)%3C/script%3E",
            ),
            (
                "https://Hooks.Example.COM/Path",
                "https://hooks.example.com/Path",
            ),
            ("https://example.com:443/h", "https://example.com/h"),
            ("https://example.com", "https://example.com/"),
            (
                "https://bücher.example/h",
                "https://xn--bcher-kva.example/h",
            ),
            ("https://example.com/h?q={x}", "https://example.com/h?q={x}"),
            (
                "https://example.com/h?q=<x>",
                "https://example.com/h?q=%3Cx%3E",
            ),
        ] {
            assert_eq!(CallbackUrl::parse(typed).unwrap().as_str(), kept, "{typed}");
        }
    }

    #[test]
    fn the_serialised_form_reads_back_as_itself() {
        let once = CallbackUrl::parse("https://Example.com/a\"b").unwrap();
        assert_eq!(CallbackUrl::parse(once.as_str()).unwrap(), once);
        let json = serde_json::to_string(&once).unwrap();
        assert_eq!(serde_json::from_str::<CallbackUrl>(&json).unwrap(), once);
    }

    #[test]
    fn an_existing_subscription_is_the_same_address_when_both_serialise_alike() {
        let url = CallbackUrl::parse("https://hooks.example.com/b\"x").unwrap();
        assert!(url.is_same_address("https://hooks.example.com/b\"x"));
        assert!(url.is_same_address("https://hooks.example.com/b%22x"));
        assert!(url.is_same_address("https://HOOKS.example.com:443/b%22x"));
        assert!(!url.is_same_address("https://hooks.example.com/b%22x/"));
        assert!(!url.is_same_address("not an address"));
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
