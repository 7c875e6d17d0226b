//! Test servers on this machine: the only bases the page may call instead of Calendly
//! (`?api=` in the page address), and the sources the page's Content-Security-Policy
//! allows when it is served for local testing. Both come from [`HOSTS`] and [`SCHEME`],
//! so the address check and the policy cannot disagree: an address the check accepts is
//! one the browser lets the page reach.
//!
//! `[::1]` is not on the list: browsers cannot match an IPv6 literal in a CSP source
//! (the CSP grammar has no form for it), so a page could never reach such a server; a
//! link naming it is refused with the others.

/// The loopback host names a test server may use.
pub const HOSTS: [&str; 2] = ["127.0.0.1", "localhost"];

/// Test servers speak plain HTTP on this machine.
pub const SCHEME: &str = "http";

/// The CSP sources that let a page reach every test server [`base`] accepts, any port:
/// `http://127.0.0.1:* http://localhost:*`.
pub fn csp_sources() -> Vec<String> {
    HOSTS
        .iter()
        .map(|host| format!("{SCHEME}://{host}:*"))
        .collect()
}

/// `value` as the base URL of a test server on this machine, without a trailing slash:
/// `http://127.0.0.1|localhost[:port][/path]`. `None` for anything else, including user
/// information (`http://localhost@evil.example`), other schemes, `..` segments, a query,
/// a fragment or a backslash (which browsers read as a slash).
///
/// ```
/// use calendly::loopback::base;
/// assert_eq!(base("http://127.0.0.1:8080/sandbox/").as_deref(), Some("http://127.0.0.1:8080/sandbox"));
/// assert_eq!(base("http://127.0.0.1.evil.example/"), None);
/// assert_eq!(base("http://[::1]:8080"), None);
/// ```
pub fn base(value: &str) -> Option<String> {
    let rest = value.strip_prefix(SCHEME)?.strip_prefix("://")?;
    let (authority, path) = rest.split_once('/').unwrap_or((rest, ""));
    let unsafe_text = |c: char| c.is_whitespace() || c.is_control() || c == '\\';
    if authority.contains('@')
        || value.contains(unsafe_text)
        || path.contains(['?', '#'])
        || path.split('/').any(|s| s == ".." || s == ".")
    {
        return None;
    }
    let host = match authority.rsplit_once(':') {
        Some((host, port)) => {
            let port_ok = !port.is_empty()
                && port.len() <= 5
                && port.bytes().all(|b| b.is_ascii_digit())
                && port.parse::<u16>().is_ok_and(|p| p > 0);
            if !port_ok {
                return None;
            }
            host
        }
        None => authority,
    };
    if !HOSTS.contains(&host) {
        return None;
    }
    Some(value.trim_end_matches('/').to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn test_servers_on_this_machine_are_bases() {
        for (value, expected) in [
            (
                "http://127.0.0.1:8080/sandbox",
                "http://127.0.0.1:8080/sandbox",
            ),
            (
                "http://localhost:9000/sandbox/",
                "http://localhost:9000/sandbox",
            ),
            ("http://localhost", "http://localhost"),
        ] {
            assert_eq!(base(value).as_deref(), Some(expected), "{value}");
        }
    }

    #[test]
    fn anything_the_page_could_not_reach_or_that_names_another_host_is_refused() {
        for value in [
            "https://127.0.0.1:8080",
            "http://[::1]:1234",
            "http://127.0.0.1.evil.example/",
            "http://localhost@evil.example/",
            "http://localhost:80@evil.example/",
            "http://evil.example/?http://127.0.0.1",
            "http://127.0.0.1:8080/sandbox/../../x",
            "http://127.0.0.1:8080\\@evil.example",
            "http://localhost:notaport",
            "http://localhost:",
            "http://localhost:0",
            "http://localhost:65536",
            "http://local host:80",
            "HTTP://LOCALHOST:80",
            "javascript:alert(1)",
            "//127.0.0.1",
            "",
        ] {
            assert_eq!(base(value), None, "{value}");
        }
    }

    #[test]
    fn the_csp_sources_cover_every_host_accepted() {
        let sources = csp_sources();
        assert_eq!(sources, ["http://127.0.0.1:*", "http://localhost:*"]);
        for host in HOSTS {
            let accepted = base(&format!("http://{host}:1234")).unwrap();
            assert!(
                sources
                    .iter()
                    .any(|s| accepted.starts_with(s.trim_end_matches('*'))),
                "{accepted}"
            );
        }
    }
}
