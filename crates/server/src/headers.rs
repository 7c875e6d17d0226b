//! Security headers on every response, and the Content-Security-Policy in its two modes.
//! The policy allows only our own scripts plus `'wasm-unsafe-eval'` (needed to compile the
//! WebAssembly module), no inline script, and network calls only to ourselves and
//! Calendly's API; when the server is started for local use ([`Mode::Local`]: `cargo
//! xtask serve`, the end-to-end tests) it also allows the loopback test servers that
//! `?api=` may name (`calendly::loopback`), and nowhere else.
//!
//! The page carries the policy twice: this header, and a `<meta>` copy in `index.html`
//! (minus `frame-ancestors`, which a `<meta>` cannot set) for static hosts that cannot
//! send headers. A browser enforces both, so they must agree: `index.html` holds the
//! hosted policy ([`meta_policy`]`(Mode::Hosted)`, checked by a test), and a server in
//! local mode serves it with the local policy written into the `<meta>`
//! ([`with_meta_policy`]).
//!
//! API answers (the simulator's and the relay's) carry `Cache-Control: no-store`, so a
//! user's name, e-mail and webhooks never stay in the browser's disk cache ([`no_store`]).

use axum::http::{header, HeaderName, HeaderValue};
use axum::Router;
use tower_http::set_header::SetResponseHeaderLayer;

/// What the server was started for.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Mode {
    /// Serving users: the page talks to Calendly (directly or through the relay) only.
    #[default]
    Hosted,
    /// Local use and tests: the page may also talk to test servers on this machine.
    Local,
}

/// The policy's directives, `connect-src` aside.
const BEFORE_CONNECT: [&str; 5] = [
    "default-src 'self'",
    "script-src 'self' 'wasm-unsafe-eval'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
];
const AFTER_CONNECT: [&str; 3] = ["object-src 'none'", "base-uri 'none'", "form-action 'none'"];

/// Where the page may send requests in `mode`.
pub fn connect_src(mode: Mode) -> String {
    let mut sources = vec!["'self'".to_owned(), calendly::API_BASE.to_owned()];
    if mode == Mode::Local {
        sources.extend(calendly::loopback::csp_sources());
    }
    format!("connect-src {}", sources.join(" "))
}

/// The policy a `<meta>` can carry (everything but `frame-ancestors`).
pub fn meta_policy(mode: Mode) -> String {
    let mut directives: Vec<String> = BEFORE_CONNECT.iter().map(|d| d.to_string()).collect();
    directives.push(connect_src(mode));
    directives.extend(AFTER_CONNECT.iter().map(|d| d.to_string()));
    directives.join("; ")
}

/// The policy sent as a header: the `<meta>` policy, and no framing by other sites.
pub fn content_security_policy(mode: Mode) -> String {
    format!("{}; frame-ancestors 'none'", meta_policy(mode))
}

/// `html` with the content of its CSP `<meta>` replaced by `policy`; `None` if it has no
/// such `<meta>` (then the page could not be served as the mode needs).
pub fn with_meta_policy(html: &str, policy: &str) -> Option<String> {
    let marker = "http-equiv=\"Content-Security-Policy\"";
    let at = html.find(marker)?;
    let tag_start = html[..at].rfind("<meta")?;
    let tag_end = at + html[at..].find('>')?;
    let tag = &html[tag_start..tag_end];
    let content_start = tag_start + tag.find("content=\"")? + "content=\"".len();
    let content_end = content_start + html[content_start..tag_end].find('"')?;
    Some(format!(
        "{}{}{}",
        &html[..content_start],
        policy,
        &html[content_end..]
    ))
}

pub fn secure(router: Router, mode: Mode) -> Router {
    let csp = HeaderValue::from_str(&content_security_policy(mode))
        .expect("the policy is a valid header value");
    let fixed: [(HeaderName, &'static str); 5] = [
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        (header::REFERRER_POLICY, "no-referrer"),
        (header::X_FRAME_OPTIONS, "DENY"),
        (
            HeaderName::from_static("cross-origin-opener-policy"),
            "same-origin",
        ),
        (
            HeaderName::from_static("permissions-policy"),
            "camera=(), microphone=(), geolocation=(), payment=()",
        ),
    ];
    let mut router = router.layer(SetResponseHeaderLayer::overriding(
        header::CONTENT_SECURITY_POLICY,
        csp,
    ));
    for (name, value) in fixed {
        router = router.layer(SetResponseHeaderLayer::overriding(
            name,
            HeaderValue::from_static(value),
        ));
    }
    // Whatever sets no policy of its own is revalidated on every load. (The app's files
    // set theirs: a year for hashed names, see `assets.rs`.)
    router.layer(SetResponseHeaderLayer::if_not_present(
        header::CACHE_CONTROL,
        HeaderValue::from_static("no-cache"),
    ))
}

/// For API routes: answers hold the signed-in user's data, which must not be written to
/// the browser's disk cache (`no-cache` would still store it, only revalidated).
pub fn no_store<S: Clone + Send + Sync + 'static>(router: Router<S>) -> Router<S> {
    router.layer(SetResponseHeaderLayer::overriding(
        header::CACHE_CONTROL,
        HeaderValue::from_static("no-store"),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hosted_pages_may_connect_only_to_themselves_and_calendly() {
        assert_eq!(
            connect_src(Mode::Hosted),
            "connect-src 'self' https://api.calendly.com"
        );
        let policy = content_security_policy(Mode::Hosted);
        assert!(!policy.contains("127.0.0.1") && !policy.contains("localhost"));
    }

    #[test]
    fn local_pages_may_also_connect_to_the_loopback_test_servers() {
        assert_eq!(
            connect_src(Mode::Local),
            "connect-src 'self' https://api.calendly.com http://127.0.0.1:* http://localhost:*"
        );
    }

    #[test]
    fn the_header_adds_frame_ancestors_to_the_meta_policy() {
        for mode in [Mode::Hosted, Mode::Local] {
            assert_eq!(
                content_security_policy(mode),
                format!("{}; frame-ancestors 'none'", meta_policy(mode))
            );
            assert!(!meta_policy(mode).contains("frame-ancestors"));
        }
    }

    /// `index.html` is what static hosts serve as is: it must hold the hosted policy,
    /// exactly, so the header and the `<meta>` a browser enforces together agree.
    #[test]
    fn index_html_carries_the_hosted_policy() {
        let html = include_str!("../../../index.html");
        let marker = "http-equiv=\"Content-Security-Policy\" content=\"";
        let start = html.find(marker).expect("index.html has a CSP meta") + marker.len();
        let content = &html[start..start + html[start..].find('"').unwrap()];
        assert_eq!(content, meta_policy(Mode::Hosted));
    }

    #[test]
    fn the_meta_policy_is_rewritten_in_place() {
        let html = "<head><meta charset=\"utf-8\">\n<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'\">\n<title>t</title>";
        assert_eq!(
            with_meta_policy(html, "default-src 'self'").unwrap(),
            "<head><meta charset=\"utf-8\">\n<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'self'\">\n<title>t</title>"
        );
        assert_eq!(with_meta_policy("<head><title>t</title>", "x"), None);
    }
}
