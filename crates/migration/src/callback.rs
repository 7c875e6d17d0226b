//! Callback URLs, checked the way Calendly will use them before anything is sent.
//!
//! Calendly posts booking details (names, email addresses, answers) to this address from
//! the public internet, counts any redirect as a failed delivery, and switches a
//! subscription off after a day of failures without telling anyone. So an address that
//! cannot work is refused here with the reason, and one that is likely to break (a bare IP
//! address, a trailing slash a server may redirect) is accepted with a warning.
//!
//! An accepted address is kept in the form the URL parser serialises it to
//! ([`calendly::CallbackUrl`]): lower-case host, no default port, characters that do not
//! belong in a URL percent-encoded. That one form is sent to Calendly, shown on every
//! screen and written in the report, so typed markup never reaches a page or a report as
//! markup. Nothing else is tidied: Calendly compares callback URLs as text, so `/hook` and
//! `/hook/` stay two addresses (flagged as look-alikes by [`near_key`]).
//!
//! A refusal that can be mended in one step (a missing `https://`, `http://`, a `#…`)
//! carries the mended address, [`UrlRefusal::suggestion`], checked to pass itself: the
//! screen can offer it as a one-click fix.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::net::{Ipv4Addr, Ipv6Addr};
use url::{Host, Url};

/// A callback URL that Calendly can reach and that is safe to register.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct PublicUrl(calendly::CallbackUrl);

/// Why an address cannot be used. Each variant's [`fmt::Display`] is a plain sentence
/// for the person who typed it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "reason", rename_all = "snake_case")]
pub enum UrlRefusal {
    Empty,
    /// No `https://` in front; `suggestion` is the address with it.
    MissingScheme {
        suggestion: String,
    },
    /// Not a web address at all.
    NotAnAddress,
    /// `http://`: `suggestion` is the https form.
    NotHttps {
        suggestion: String,
    },
    /// `ftp:`, `mailto:` and the like.
    UnsupportedScheme {
        scheme: String,
    },
    /// `https://user:password@…`
    ContainsCredentials,
    /// `…#section`: `suggestion` is the address without it.
    ContainsFragment {
        suggestion: String,
    },
    /// `localhost`, `127.0.0.1`, `::1`.
    ThisComputer,
    /// 10.x, 172.16–31.x, 192.168.x, fc00::/7, 100.64/10 (carrier-grade NAT).
    PrivateNetwork,
    /// 169.254.x, fe80::/10.
    LinkLocal,
    /// `.local`, `.lan`, `.internal`, `.home.arpa`, or a name without a dot.
    LocalName,
    /// 0.0.0.0, broadcast, documentation and other reserved ranges.
    ReservedAddress,
    /// Longer than Calendly is likely to store.
    TooLong,
}

impl fmt::Display for UrlRefusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            UrlRefusal::Empty => f.write_str("Please enter the web address your server receives webhooks on."),
            UrlRefusal::MissingScheme { suggestion } => write!(
                f,
                "The address needs to start with https://. Did you mean {suggestion}?"
            ),
            UrlRefusal::NotAnAddress => f.write_str(
                "This is not a complete web address. It should look like https://yourcompany.com/calendly-webhook.",
            ),
            UrlRefusal::NotHttps { suggestion } => write!(
                f,
                "Calendly sends your bookings' details (names, email addresses, answers) to this address, so it must \
                 start with https:// to keep them private on the way. Calendly also does not follow the redirect many \
                 servers use to move from http to https, so every delivery would fail. Use {suggestion} if your server \
                 supports it."
            ),
            UrlRefusal::UnsupportedScheme { scheme } => write!(
                f,
                "Calendly can only send webhooks to web addresses starting with https://, not \"{scheme}:\"."
            ),
            UrlRefusal::ContainsCredentials => f.write_str(
                "The address contains a user name or password (the part before @). Calendly would store it where every \
                 admin can read it. Remove it; the signing key is how your server knows a delivery is really from Calendly.",
            ),
            UrlRefusal::ContainsFragment { suggestion } => write!(
                f,
                "The part after # is never sent to a server, so your server would not see it. Use {suggestion} instead."
            ),
            UrlRefusal::ThisComputer => f.write_str(
                "This address points at your own computer (localhost). Calendly's servers cannot reach it. Use your \
                 server's public address, or a tunnelling service if you are testing on your computer.",
            ),
            UrlRefusal::PrivateNetwork => f.write_str(
                "This address is inside a private network (an office or home network), so Calendly cannot reach it \
                 from the internet. Use your server's public address.",
            ),
            UrlRefusal::LinkLocal => f.write_str(
                "This is a link-local address that only works on the same local network cable or Wi-Fi, so Calendly \
                 cannot reach it. Use your server's public address.",
            ),
            UrlRefusal::LocalName => f.write_str(
                "This name only works inside your own network (for example a .local or .lan name, or a name without a \
                 dot), so Calendly cannot reach it. Use your server's public address.",
            ),
            UrlRefusal::ReservedAddress => f.write_str(
                "This IP address is reserved and not reachable on the internet. Use your server's public address.",
            ),
            UrlRefusal::TooLong => f.write_str("This address is too long (more than 2,048 characters)."),
        }
    }
}

impl std::error::Error for UrlRefusal {}

impl UrlRefusal {
    /// The mended address for "Did you mean …?", when one step mends it. It is itself
    /// accepted by [`PublicUrl::parse`] and in its serialised form, so the screen can put
    /// it in the field (or the list) as it is.
    ///
    /// ```
    /// use migration::callback::PublicUrl;
    /// let refusal = PublicUrl::parse("http://Hooks.example.com/calendly").unwrap_err();
    /// assert_eq!(refusal.suggestion(), Some("https://hooks.example.com/calendly"));
    /// assert_eq!(PublicUrl::parse("https://localhost/x").unwrap_err().suggestion(), None);
    /// ```
    pub fn suggestion(&self) -> Option<&str> {
        match self {
            UrlRefusal::MissingScheme { suggestion }
            | UrlRefusal::NotHttps { suggestion }
            | UrlRefusal::ContainsFragment { suggestion } => Some(suggestion),
            _ => None,
        }
    }

    fn with_suggestion(self, better: String) -> UrlRefusal {
        match self {
            UrlRefusal::MissingScheme { .. } => UrlRefusal::MissingScheme { suggestion: better },
            UrlRefusal::NotHttps { .. } => UrlRefusal::NotHttps { suggestion: better },
            UrlRefusal::ContainsFragment { .. } => {
                UrlRefusal::ContainsFragment { suggestion: better }
            }
            other => other,
        }
    }

    /// Make the suggestion one that works: its serialised form when it passes; when it is
    /// refused for something a further step mends (`http://…#x`), that step's result; and
    /// when no step mends it (`http://localhost`), the deeper reason instead, since
    /// offering the fix would only lead to another refusal.
    fn with_checked_suggestion(self) -> UrlRefusal {
        let Some(suggestion) = self.suggestion() else {
            return self;
        };
        match PublicUrl::parse(suggestion) {
            Ok(checked) => self.with_suggestion(checked.url.as_str().to_owned()),
            Err(deeper) => match deeper.suggestion() {
                Some(better) => {
                    let better = better.to_owned();
                    self.with_suggestion(better)
                }
                None => deeper,
            },
        }
    }
}

/// Something that will probably work but deserves a second look.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "warning", rename_all = "snake_case")]
pub enum UrlWarning {
    /// A public IP address instead of a name.
    BareIpAddress,
    /// The path ends with `/`: many servers redirect `/hook/` to `/hook` (or back), and
    /// Calendly counts a redirect as a failed delivery.
    TrailingSlash,
    /// A port other than 443: fine if the server really listens there.
    UnusualPort { port: u16 },
    /// The simulator's practice receiver on this computer, accepted in test mode only
    /// (see [`crate::practice`]).
    PracticeReceiver,
}

impl fmt::Display for UrlWarning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            UrlWarning::BareIpAddress => f.write_str(
                "This address is a bare IP number. It works only if your server has a valid certificate for that IP \
                 and the number never changes; a name such as hooks.yourcompany.com is safer.",
            ),
            UrlWarning::TrailingSlash => f.write_str(
                "This address ends with a slash. Check that your server answers at exactly this address: Calendly does \
                 not follow redirects, and many servers redirect between the forms with and without the final slash.",
            ),
            UrlWarning::UnusualPort { port } => write!(
                f,
                "This address uses port {port}. That is fine if your server really listens there and the port is open \
                 to the internet."
            ),
            UrlWarning::PracticeReceiver => f.write_str(
                "This is the practice receiver of the simulator on this computer, accepted here only because the \
                 assistant is connected to that simulator. Calendly itself would refuse it: it delivers only to public \
                 addresses that start with https://.",
            ),
        }
    }
}

/// A checked address and what deserves a second look.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CheckedUrl {
    pub url: PublicUrl,
    pub warnings: Vec<UrlWarning>,
}

impl PublicUrl {
    /// Check an address and keep it in its serialised form (surrounding whitespace,
    /// quotes and angle brackets removed first).
    ///
    /// ```
    /// use migration::callback::{PublicUrl, UrlRefusal};
    /// let checked = PublicUrl::parse(" https://Hooks.Example.com/b\"> ").unwrap();
    /// assert_eq!(checked.url.as_str(), "https://hooks.example.com/b%22%3E");
    /// assert!(matches!(PublicUrl::parse("http://hooks.example.com/x"), Err(UrlRefusal::NotHttps { .. })));
    /// ```
    pub fn parse(text: &str) -> Result<CheckedUrl, UrlRefusal> {
        Self::check(text).map_err(UrlRefusal::with_checked_suggestion)
    }

    fn check(text: &str) -> Result<CheckedUrl, UrlRefusal> {
        let text = trim_pasted(text);
        if text.is_empty() {
            return Err(UrlRefusal::Empty);
        }
        if text.len() > 2048 {
            return Err(UrlRefusal::TooLong);
        }
        let parsed = match Url::parse(text) {
            Ok(u) => u,
            Err(url::ParseError::RelativeUrlWithoutBase) => {
                let suggestion = format!("https://{text}");
                return match Url::parse(&suggestion) {
                    Ok(u) if u.host_str().is_some_and(|h| h.contains('.')) => {
                        Err(UrlRefusal::MissingScheme { suggestion })
                    }
                    _ => Err(UrlRefusal::NotAnAddress),
                };
            }
            Err(_) => return Err(UrlRefusal::NotAnAddress),
        };
        match parsed.scheme() {
            "https" => {}
            "http" => {
                return Err(UrlRefusal::NotHttps {
                    suggestion: format!("https{}", &text[4..]),
                })
            }
            other => {
                return Err(UrlRefusal::UnsupportedScheme {
                    scheme: other.to_owned(),
                })
            }
        }
        // Inner whitespace survives Url::parse (it is percent-encoded) but never belongs
        // in an address someone meant to paste.
        if text.chars().any(|c| c.is_whitespace() || c.is_control()) {
            return Err(UrlRefusal::NotAnAddress);
        }
        if !parsed.username().is_empty() || parsed.password().is_some() {
            return Err(UrlRefusal::ContainsCredentials);
        }
        if parsed.fragment().is_some() {
            let suggestion = text.split('#').next().unwrap_or(text).to_owned();
            return Err(UrlRefusal::ContainsFragment { suggestion });
        }
        let mut warnings = Vec::new();
        match parsed.host() {
            None => return Err(UrlRefusal::NotAnAddress),
            Some(Host::Domain(name)) => check_name(name)?,
            Some(Host::Ipv4(ip)) => {
                check_ipv4(ip)?;
                warnings.push(UrlWarning::BareIpAddress);
            }
            Some(Host::Ipv6(ip)) => {
                check_ipv6(ip)?;
                warnings.push(UrlWarning::BareIpAddress);
            }
        }
        if let Some(port) = parsed.port() {
            warnings.push(UrlWarning::UnusualPort { port });
        }
        if parsed.path().len() > 1 && parsed.path().ends_with('/') {
            warnings.push(UrlWarning::TrailingSlash);
        }
        // Percent-encoding can make the serialised form longer than the text.
        let url = calendly::CallbackUrl::parse(text).map_err(|_| match parsed.as_str().len() {
            0..=2048 => UrlRefusal::NotAnAddress,
            _ => UrlRefusal::TooLong,
        })?;
        Ok(CheckedUrl {
            url: PublicUrl(url),
            warnings,
        })
    }

    pub fn as_str(&self) -> &str {
        self.0.as_str()
    }

    /// An address checked by another rule (only [`crate::practice`]'s, for the
    /// simulator's practice receiver).
    pub(crate) fn checked_elsewhere(url: calendly::CallbackUrl) -> PublicUrl {
        PublicUrl(url)
    }

    /// The client's type, for the create request.
    pub fn as_callback(&self) -> &calendly::CallbackUrl {
        &self.0
    }

    /// The same address in a form that ignores differences Calendly does not ignore but a
    /// person would: a final slash, `http` for `https` (and, for text that is not in its
    /// serialised form yet, letter case of the host and a default port). Two different
    /// addresses with the same key are "almost the same address" and worth a warning.
    pub fn near_key(&self) -> String {
        near_key(self.as_str())
    }
}

/// See [`PublicUrl::near_key`]; works on any text (existing subscriptions' callback URLs
/// were not checked by us).
pub fn near_key(text: &str) -> String {
    match Url::parse(text.trim()) {
        Ok(mut u) => {
            u.set_fragment(None);
            let _ = u.set_scheme("https");
            let path = u.path().trim_end_matches('/').to_owned();
            u.set_path(&path);
            u.as_str().trim_end_matches('/').to_owned()
        }
        Err(_) => text.trim().trim_end_matches('/').to_ascii_lowercase(),
    }
}

impl TryFrom<String> for PublicUrl {
    type Error = UrlRefusal;
    fn try_from(text: String) -> Result<Self, UrlRefusal> {
        PublicUrl::parse(&text).map(|c| c.url)
    }
}

impl From<PublicUrl> for String {
    fn from(url: PublicUrl) -> String {
        url.0.into()
    }
}

impl fmt::Display for PublicUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

fn trim_pasted(text: &str) -> &str {
    let mut t = text.trim();
    for (open, close) in [
        ('"', '"'),
        ('\'', '\''),
        ('<', '>'),
        ('`', '`'),
        ('\u{201C}', '\u{201D}'),
    ] {
        if t.len() >= 2 && t.starts_with(open) && t.ends_with(close) {
            t = t[open.len_utf8()..t.len() - close.len_utf8()].trim();
        }
    }
    t
}

/// Names that only resolve inside a local network.
const LOCAL_SUFFIXES: [&str; 8] = [
    ".local",
    ".lan",
    ".internal",
    ".intranet",
    ".home",
    ".home.arpa",
    ".localdomain",
    ".corp",
];

fn check_name(name: &str) -> Result<(), UrlRefusal> {
    let name = name.trim_end_matches('.').to_ascii_lowercase();
    if name == "localhost" || name.ends_with(".localhost") {
        return Err(UrlRefusal::ThisComputer);
    }
    if !name.contains('.') || LOCAL_SUFFIXES.iter().any(|s| name.ends_with(s)) {
        return Err(UrlRefusal::LocalName);
    }
    Ok(())
}

fn check_ipv4(ip: Ipv4Addr) -> Result<(), UrlRefusal> {
    let [a, b, c, _] = ip.octets();
    if ip.is_loopback() {
        Err(UrlRefusal::ThisComputer)
    } else if ip.is_private() || (a == 100 && (64..128).contains(&b)) {
        Err(UrlRefusal::PrivateNetwork)
    } else if ip.is_link_local() {
        Err(UrlRefusal::LinkLocal)
    } else if a == 0
        || a >= 224
        || ip.is_documentation()
        || (a == 192 && b == 0 && c == 0)
        || (a == 198 && (b == 18 || b == 19))
    {
        Err(UrlRefusal::ReservedAddress)
    } else {
        Ok(())
    }
}

fn check_ipv6(ip: Ipv6Addr) -> Result<(), UrlRefusal> {
    if let Some(v4) = ip.to_ipv4_mapped() {
        return check_ipv4(v4);
    }
    let first = ip.segments()[0];
    if ip.is_loopback() {
        Err(UrlRefusal::ThisComputer)
    } else if first & 0xfe00 == 0xfc00 {
        Err(UrlRefusal::PrivateNetwork)
    } else if first & 0xffc0 == 0xfe80 {
        Err(UrlRefusal::LinkLocal)
    } else if ip.is_unspecified()
        || ip.is_multicast()
        || first == 0x2001 && ip.segments()[1] == 0x0db8
    {
        Err(UrlRefusal::ReservedAddress)
    } else {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn refusal(text: &str) -> UrlRefusal {
        PublicUrl::parse(text).expect_err(text)
    }

    fn warnings(text: &str) -> Vec<UrlWarning> {
        PublicUrl::parse(text)
            .unwrap_or_else(|e| panic!("{text}: {e}"))
            .warnings
    }

    #[test]
    fn a_public_https_address_is_kept_in_its_serialised_form() {
        for (text, kept) in [
            (
                "https://hooks.example.com/calendly",
                "https://hooks.example.com/calendly",
            ),
            (
                "https://Hooks.Example.com/Calendly?source=calendly&x=1",
                "https://hooks.example.com/Calendly?source=calendly&x=1",
            ),
            ("https://example.com", "https://example.com/"),
            (
                "https://xn--bcher-kva.example/hook",
                "https://xn--bcher-kva.example/hook",
            ),
        ] {
            let checked = PublicUrl::parse(text).unwrap();
            assert_eq!(checked.url.as_str(), kept);
            assert!(
                checked.warnings.is_empty(),
                "{text}: {:?}",
                checked.warnings
            );
        }
    }

    #[test]
    fn markup_in_an_address_is_kept_percent_encoded() {
        let checked =
            PublicUrl::parse("https://hooks.example.com/b\"><script>alert(2)</script>").unwrap();
        assert_eq!(
            checked.url.as_str(),
            "https://hooks.example.com/b%22%3E%3Cscript%3Ealert(2)%3C/script%3E"
        );
        assert_eq!(checked.url.as_callback().as_str(), checked.url.as_str());
        assert_eq!(checked.url.to_string(), checked.url.as_str());
    }

    #[test]
    fn a_suggestion_is_offered_only_when_one_step_mends_the_address() {
        for text in [
            "http://example.com/hook",
            "example.com/hook",
            "https://example.com/hook#top",
        ] {
            let suggestion = refusal(text).suggestion().map(str::to_owned);
            assert_eq!(
                suggestion.as_deref(),
                Some("https://example.com/hook"),
                "{text}"
            );
        }
        for text in ["https://localhost/hook", "ftp://example.com/x", ""] {
            assert_eq!(refusal(text).suggestion(), None, "{text}");
        }
    }

    #[test]
    fn a_suggestion_is_itself_accepted_and_serialised() {
        assert_eq!(
            refusal("HTTP://Example.com/hook").suggestion(),
            Some("https://example.com/hook")
        );
        // Two mends at once: https and no fragment.
        assert_eq!(
            refusal("http://example.com/hook#x").suggestion(),
            Some("https://example.com/hook")
        );
        for text in [
            "http://a.example.com/h",
            "b.example.com/h?x=1",
            "https://c.example.com/#",
        ] {
            let suggestion = refusal(text).suggestion().unwrap().to_owned();
            assert!(
                PublicUrl::parse(&suggestion).is_ok(),
                "{text} → {suggestion}"
            );
        }
    }

    #[test]
    fn an_address_https_would_not_mend_gets_the_real_reason() {
        assert_eq!(refusal("http://localhost/hook"), UrlRefusal::ThisComputer);
        assert_eq!(
            refusal("http://192.168.0.10/hook"),
            UrlRefusal::PrivateNetwork
        );
        assert_eq!(refusal("192.168.0.10/hook"), UrlRefusal::PrivateNetwork);
    }

    #[test]
    fn pasting_damage_around_the_address_is_removed() {
        for text in [
            "  https://example.com/h\n",
            "\"https://example.com/h\"",
            "<https://example.com/h>",
            "'https://example.com/h'",
        ] {
            assert_eq!(
                PublicUrl::parse(text).unwrap().url.as_str(),
                "https://example.com/h",
                "{text:?}"
            );
        }
    }

    #[test]
    fn http_is_refused_with_the_https_form_and_the_reason() {
        let r = refusal("http://example.com/hook");
        assert_eq!(
            r,
            UrlRefusal::NotHttps {
                suggestion: "https://example.com/hook".into()
            }
        );
        let text = r.to_string();
        assert!(
            text.contains("private") && text.contains("redirect"),
            "{text}"
        );
        assert!(matches!(
            refusal("HTTP://example.com/hook"),
            UrlRefusal::NotHttps { .. }
        ));
    }

    #[test]
    fn a_missing_scheme_gets_a_suggestion() {
        assert_eq!(
            refusal("example.com/hook"),
            UrlRefusal::MissingScheme {
                suggestion: "https://example.com/hook".into()
            }
        );
        assert_eq!(refusal("just words"), UrlRefusal::NotAnAddress);
        assert_eq!(refusal("hook"), UrlRefusal::NotAnAddress);
    }

    #[test]
    fn other_schemes_and_garbage_are_refused() {
        assert_eq!(
            refusal("ftp://example.com/x"),
            UrlRefusal::UnsupportedScheme {
                scheme: "ftp".into()
            }
        );
        assert_eq!(
            refusal("mailto:jane@example.com"),
            UrlRefusal::UnsupportedScheme {
                scheme: "mailto".into()
            }
        );
        assert_eq!(refusal("https://"), UrlRefusal::NotAnAddress);
        assert_eq!(refusal("https://exa mple.com/x"), UrlRefusal::NotAnAddress);
        assert_eq!(refusal("https://example.com/a b"), UrlRefusal::NotAnAddress);
        assert_eq!(refusal(""), UrlRefusal::Empty);
        assert_eq!(
            refusal(&format!("https://example.com/{}", "a".repeat(2100))),
            UrlRefusal::TooLong
        );
        // Short enough as typed, too long once its quotation marks are percent-encoded.
        assert_eq!(
            refusal(&format!("https://example.com/{}", "\"".repeat(1000))),
            UrlRefusal::TooLong
        );
    }

    #[test]
    fn credentials_are_refused() {
        assert_eq!(
            refusal("https://user:secret@example.com/hook"),
            UrlRefusal::ContainsCredentials
        );
        assert_eq!(
            refusal("https://user@example.com/hook"),
            UrlRefusal::ContainsCredentials
        );
        assert!(!UrlRefusal::ContainsCredentials
            .to_string()
            .contains("secret"));
    }

    #[test]
    fn fragments_are_refused_with_the_address_without_them() {
        assert_eq!(
            refusal("https://example.com/hook#calendly"),
            UrlRefusal::ContainsFragment {
                suggestion: "https://example.com/hook".into()
            }
        );
        assert!(matches!(
            refusal("https://example.com/hook#"),
            UrlRefusal::ContainsFragment { .. }
        ));
    }

    #[test]
    fn this_computer_is_refused() {
        for text in [
            "https://localhost/hook",
            "https://LOCALHOST:8443/hook",
            "https://api.localhost/hook",
            "https://127.0.0.1/hook",
            "https://127.8.9.1/hook",
            "https://0x7f.1/hook",
            "https://[::1]/hook",
            "https://[::ffff:127.0.0.1]/hook",
        ] {
            assert_eq!(refusal(text), UrlRefusal::ThisComputer, "{text}");
        }
    }

    #[test]
    fn private_link_local_and_reserved_ranges_are_refused() {
        for (text, why) in [
            ("https://10.0.0.5/h", UrlRefusal::PrivateNetwork),
            ("https://172.16.0.1/h", UrlRefusal::PrivateNetwork),
            ("https://172.31.255.255/h", UrlRefusal::PrivateNetwork),
            ("https://192.168.1.20/h", UrlRefusal::PrivateNetwork),
            ("https://100.64.0.1/h", UrlRefusal::PrivateNetwork),
            ("https://[fd00::1]/h", UrlRefusal::PrivateNetwork),
            ("https://169.254.169.254/latest", UrlRefusal::LinkLocal),
            ("https://[fe80::1]/h", UrlRefusal::LinkLocal),
            ("https://0.0.0.0/h", UrlRefusal::ReservedAddress),
            ("https://255.255.255.255/h", UrlRefusal::ReservedAddress),
            ("https://192.0.2.10/h", UrlRefusal::ReservedAddress),
            ("https://[2001:db8::1]/h", UrlRefusal::ReservedAddress),
            ("https://[::]/h", UrlRefusal::ReservedAddress),
        ] {
            assert_eq!(refusal(text), why, "{text}");
        }
        // The edges of 172.16/12 are public.
        assert!(PublicUrl::parse("https://172.15.0.1/h").is_ok());
        assert!(PublicUrl::parse("https://172.32.0.1/h").is_ok());
    }

    #[test]
    fn local_names_are_refused() {
        for text in [
            "https://printer.local/h",
            "https://server.LOCAL./h",
            "https://nas.lan/h",
            "https://app.internal/h",
            "https://box.home.arpa/h",
            "https://intranet/h",
        ] {
            assert_eq!(refusal(text), UrlRefusal::LocalName, "{text}");
        }
        // A public name that merely contains "local" is fine.
        assert!(PublicUrl::parse("https://localbakery.com/h").is_ok());
    }

    #[test]
    fn a_public_bare_ip_is_accepted_with_a_warning() {
        assert_eq!(
            warnings("https://203.0.114.7/hook"),
            vec![UrlWarning::BareIpAddress]
        );
        assert_eq!(
            warnings("https://[2606:4700::1111]/hook"),
            vec![UrlWarning::BareIpAddress]
        );
    }

    #[test]
    fn redirect_prone_forms_get_warnings() {
        assert_eq!(
            warnings("https://example.com/hook/"),
            vec![UrlWarning::TrailingSlash]
        );
        assert_eq!(warnings("https://example.com/"), vec![]);
        assert_eq!(
            warnings("https://example.com:8443/hook"),
            vec![UrlWarning::UnusualPort { port: 8443 }]
        );
        // An explicit :443 is the default port, not unusual.
        assert_eq!(warnings("https://example.com:443/hook"), vec![]);
    }

    #[test]
    fn near_keys_match_trailing_slash_and_case_variants_only() {
        let k = |t: &str| PublicUrl::parse(t).unwrap().url.near_key();
        assert_eq!(
            k("https://example.com/hook"),
            k("https://example.com/hook/")
        );
        assert_eq!(
            k("https://EXAMPLE.com/hook"),
            k("https://example.com:443/hook")
        );
        assert_eq!(
            near_key("http://example.com/hook"),
            k("https://example.com/hook")
        );
        assert_ne!(k("https://example.com/hook"), k("https://example.com/Hook"));
        assert_ne!(
            k("https://example.com/hook?a=1"),
            k("https://example.com/hook")
        );
    }

    #[test]
    fn serde_round_trips_and_refuses_bad_text() {
        let url: PublicUrl = serde_json::from_str("\"https://example.com/h\"").unwrap();
        assert_eq!(
            serde_json::to_string(&url).unwrap(),
            "\"https://example.com/h\""
        );
        assert!(serde_json::from_str::<PublicUrl>("\"http://localhost/h\"").is_err());
    }
}
