//! Where the page sends API calls. Normally Calendly itself (falling back to this site's
//! relay). For tests and the practice server, `?api=` may point at another base, but only
//! on this machine (the loopback forms of `calendly::loopback`, the same ones the page's
//! Content-Security-Policy allows when served for local testing); anything else is
//! refused, so a crafted link can never send a user's token elsewhere. A test server is
//! called directly only: never through the relay, which leads to Calendly.

/// The decision made from the page address.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ApiBase {
    /// Calendly's API, directly or through our relay.
    Calendly,
    /// A test server on this machine, e.g. `http://127.0.0.1:8080/sandbox`.
    Loopback(String),
    /// The address asked for another base; the reason is shown to the user.
    Refused(String),
}

/// Decide from the raw query string of the page address (with or without `?`).
pub fn from_query(query: &str) -> ApiBase {
    let query = query.strip_prefix('?').unwrap_or(query);
    let Some(value) = query.split('&').find_map(|pair| pair.strip_prefix("api=")) else {
        return ApiBase::Calendly;
    };
    let value = percent_decode(value);
    match calendly::loopback::base(&value) {
        Some(base) => ApiBase::Loopback(base),
        None => ApiBase::Refused(format!(
            "This link asked the assistant to send your requests to \u{201c}{value}\u{201d}. \
             The assistant only talks to Calendly, so it ignored that part of the link."
        )),
    }
}

fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let hex = |i: usize| bytes.get(i).and_then(|&b| (b as char).to_digit(16));
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match (bytes[i], hex(i + 1), hex(i + 2)) {
            (b'%', Some(high), Some(low)) => {
                out.push((high * 16 + low) as u8);
                i += 3;
            }
            (b'+', _, _) => {
                out.push(b' ');
                i += 1;
            }
            (byte, _, _) => {
                out.push(byte);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_api_parameter_means_calendly() {
        assert_eq!(from_query(""), ApiBase::Calendly);
        assert_eq!(from_query("?step=1"), ApiBase::Calendly);
    }

    #[test]
    fn loopback_bases_are_accepted() {
        assert_eq!(
            from_query("?api=http://127.0.0.1:8080/sandbox"),
            ApiBase::Loopback("http://127.0.0.1:8080/sandbox".into())
        );
        assert_eq!(
            from_query("api=http%3A%2F%2Flocalhost%3A9000%2Fsandbox%2F"),
            ApiBase::Loopback("http://localhost:9000/sandbox".into())
        );
        assert_eq!(
            from_query("?x=1&api=http://localhost"),
            ApiBase::Loopback("http://localhost".into())
        );
    }

    /// `[::1]` cannot be named in a CSP source, and test servers speak plain HTTP: a link
    /// to either could only ever fail, so it is refused and the page says why.
    #[test]
    fn loopback_forms_the_page_could_not_reach_are_refused() {
        for value in ["http://[::1]:1234", "https://127.0.0.1:8080/sandbox"] {
            assert!(
                matches!(from_query(&format!("?api={value}")), ApiBase::Refused(_)),
                "{value}"
            );
        }
    }

    #[test]
    fn any_other_host_is_refused() {
        for value in [
            "https://evil.example",
            "http://127.0.0.1.evil.example/",
            "http://localhost@evil.example/",
            "http://evil.example/?http://127.0.0.1",
            "javascript:alert(1)",
            "//127.0.0.1",
            "http://127.0.0.1:8080/sandbox/../../x",
            "http://localhost:notaport",
        ] {
            assert!(
                matches!(from_query(&format!("?api={value}")), ApiBase::Refused(_)),
                "{value}"
            );
        }
    }

    #[test]
    fn the_refusal_names_what_was_asked() {
        let ApiBase::Refused(why) = from_query("?api=https%3A%2F%2Fevil.example") else {
            panic!("refused")
        };
        assert!(why.contains("https://evil.example"));
    }
}
