//! Security headers on every response. The Content-Security-Policy allows only our own
//! scripts plus `'wasm-unsafe-eval'` (needed to compile the WebAssembly module), no inline
//! script, and network calls only to ourselves, Calendly's API and loopback test servers.

use axum::http::{header, HeaderName, HeaderValue};
use axum::Router;
use tower_http::set_header::SetResponseHeaderLayer;

/// The policy sent with every response (the page also carries a `<meta>` copy, minus
/// `frame-ancestors`, for static hosts that cannot set headers).
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; \
script-src 'self' 'wasm-unsafe-eval'; \
style-src 'self'; \
img-src 'self' data:; \
font-src 'self'; \
connect-src 'self' https://api.calendly.com http://127.0.0.1:* http://localhost:*; \
object-src 'none'; \
base-uri 'none'; \
form-action 'none'; \
frame-ancestors 'none'";

pub fn secure(router: Router) -> Router {
    let fixed: [(HeaderName, &'static str); 6] = [
        (header::CONTENT_SECURITY_POLICY, CONTENT_SECURITY_POLICY),
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
    let mut router = router;
    for (name, value) in fixed {
        router = router.layer(SetResponseHeaderLayer::overriding(
            name,
            HeaderValue::from_static(value),
        ));
    }
    // Nothing we serve should be cached by a shared cache, and the app's file names are
    // not content-hashed, so every load revalidates.
    router.layer(SetResponseHeaderLayer::if_not_present(
        header::CACHE_CONTROL,
        HeaderValue::from_static("no-cache"),
    ))
}
