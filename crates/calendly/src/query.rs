//! Query strings, percent-encoded as `application/x-www-form-urlencoded` values. URIs go
//! into query parameters (`organization=https%3A%2F%2F…`), so both the client (encoding)
//! and the simulator (decoding) need this; it is small enough not to need a dependency.

/// Encodes `pairs` as `a=1&b=2`, escaping everything but RFC 3986 unreserved characters.
pub fn encode(pairs: &[(&str, &str)]) -> String {
    pairs
        .iter()
        .map(|(name, value)| format!("{}={}", escape(name), escape(value)))
        .collect::<Vec<_>>()
        .join("&")
}

/// Escapes one name or value.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'_' | b'.' | b'~') {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// Decodes `a=1&b=%2F` into pairs in order (`+` is a space, as in forms). Malformed escapes
/// are kept literally; invalid UTF-8 is replaced, never a panic.
pub fn decode(query: &str) -> Vec<(String, String)> {
    query
        .split('&')
        .filter(|part| !part.is_empty())
        .map(|part| {
            let (name, value) = part.split_once('=').unwrap_or((part, ""));
            (unescape(name), unescape(value))
        })
        .collect()
}

fn unescape(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < bytes.len() => match (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                (Some(high), Some(low)) => {
                    out.push(high * 16 + low);
                    i += 2;
                }
                _ => out.push(b'%'),
            },
            other => out.push(other),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn hex(byte: u8) -> Option<u8> {
    (byte as char).to_digit(16).map(|d| d as u8)
}

/// Splits an absolute or relative URL into (path, query), dropping scheme, host and
/// fragment: `https://api.calendly.com/users/me?x=1` → (`/users/me`, `x=1`).
///
/// Only a scheme at the very start makes a URL absolute (RFC 3986 §3.1: letters, digits,
/// `+`, `-`, `.`, then `://`). A `://` further on is data: queries may carry full
/// addresses unencoded (`?user=https://api.calendly.com/users/X`, legal by §3.4), and
/// Calendly reads them as it reads the encoded form.
///
/// ```
/// use calendly::query::path_and_query;
/// assert_eq!(
///     path_and_query("/organization_memberships?user=https://api.calendly.com/users/Y"),
///     ("/organization_memberships", "user=https://api.calendly.com/users/Y")
/// );
/// ```
pub fn path_and_query(url: &str) -> (&str, &str) {
    let rest = match scheme_end(url) {
        Some(end) => {
            let after_scheme = &url[end + 3..];
            // The host ends where the path, the query or the fragment starts.
            after_scheme
                .find(['/', '?', '#'])
                .map_or("", |i| &after_scheme[i..])
        }
        None => url,
    };
    let rest = rest.split('#').next().unwrap_or("");
    let (path, query) = rest.split_once('?').unwrap_or((rest, ""));
    (if path.is_empty() { "/" } else { path }, query)
}

/// Where `://` starts, if `url` begins with a scheme.
fn scheme_end(url: &str) -> Option<usize> {
    let end = url.find("://")?;
    let scheme = &url.as_bytes()[..end];
    let is_scheme = scheme.first().is_some_and(u8::is_ascii_alphabetic)
        && scheme
            .iter()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'-' | b'.'));
    is_scheme.then_some(end)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uris_survive_a_round_trip() {
        let org = "https://api.calendly.com/organizations/B B+é";
        let text = encode(&[("organization", org), ("count", "100")]);
        assert_eq!(text, "organization=https%3A%2F%2Fapi.calendly.com%2Forganizations%2FB%20B%2B%C3%A9&count=100");
        assert_eq!(
            decode(&text),
            vec![
                ("organization".into(), org.into()),
                ("count".into(), "100".into())
            ]
        );
    }

    #[test]
    fn malformed_escapes_do_not_panic() {
        assert_eq!(
            decode("a=%zz&b=%4&c=%"),
            vec![
                ("a".into(), "%zz".into()),
                ("b".into(), "%4".into()),
                ("c".into(), "%".into())
            ]
        );
    }

    #[test]
    fn paths_are_found_behind_any_base() {
        assert_eq!(
            path_and_query("https://api.calendly.com/users/me?x=1"),
            ("/users/me", "x=1")
        );
        assert_eq!(
            path_and_query("/webhook_subscriptions"),
            ("/webhook_subscriptions", "")
        );
        assert_eq!(path_and_query("http://127.0.0.1:9/"), ("/", ""));
        assert_eq!(path_and_query("http://host"), ("/", ""));
        assert_eq!(path_and_query("http://host?x=1"), ("/", "x=1"));
    }

    #[test]
    fn an_address_in_the_query_is_data_not_the_host() {
        let organization = "organization=https://api.calendly.com/organizations/X";
        assert_eq!(
            path_and_query(&format!("/webhook_subscriptions?{organization}&scope=user")),
            (
                "/webhook_subscriptions",
                "organization=https://api.calendly.com/organizations/X&scope=user"
            )
        );
        assert_eq!(
            path_and_query(&format!(
                "https://api.calendly.com/webhook_subscriptions?{organization}"
            )),
            ("/webhook_subscriptions", organization)
        );
        assert_eq!(
            path_and_query("/organization_memberships?user=https://api.calendly.com/users/Y#top"),
            (
                "/organization_memberships",
                "user=https://api.calendly.com/users/Y"
            )
        );
        // Not a scheme: a path segment before the `://`.
        assert_eq!(path_and_query("/a://b?c=1"), ("/a://b", "c=1"));
    }
}
