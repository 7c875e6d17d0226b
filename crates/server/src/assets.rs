//! The built app (`dist/`, see `xtask/src/build.rs`) served as a static site, cached the
//! way its file names allow:
//! - a file whose name carries its content's hash (`assets/NAME-0123456789abcdef.EXT`)
//!   never changes: `Cache-Control: public, max-age=31536000, immutable`, so a browser
//!   that has it does not even ask again;
//! - everything else (`index.html`, which names the current assets, `robots.txt`) is
//!   `no-cache`: kept, but revalidated on every visit (`Last-Modified` makes that a 304);
//! - an unknown path is a `404 Not Found` with the short `404.html` page, since the app
//!   has only `/` (and `/index.html`): it moves between screens with `#/…` fragments,
//!   which never reach the server;
//! - `/style.css` is the app's stylesheet under a name that does not change, for the
//!   server's own pages (the practice receiver): whichever one `index.html` links now,
//!   revalidated.
//!
//! Files are sent precompressed (brotli or gzip, written by the build) when the browser
//! accepts it. For local use ([`Mode::Local`]) the page itself is served with the local
//! Content-Security-Policy in its `<meta>` (see `headers.rs`).

use std::path::{Path, PathBuf};

use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use tower_http::services::{ServeDir, ServeFile};

use crate::headers::{self, Mode};

/// For files whose name carries their content's hash.
pub const IMMUTABLE: &str = "public, max-age=31536000, immutable";
/// For everything else: use it, but ask first.
pub const REVALIDATE: &str = "no-cache";

/// The site in `dist`. Fails only in local mode, when `index.html` cannot be read or has
/// no CSP `<meta>` to adapt.
pub fn routes(dist: &Path, mode: Mode) -> std::io::Result<Router> {
    let not_found = ServeFile::new(dist.join("404.html"))
        .precompressed_br()
        .precompressed_gzip();
    let files = ServeDir::new(dist)
        .precompressed_br()
        .precompressed_gzip()
        .not_found_service(not_found);
    let mut router =
        Router::new().route("/style.css", get(stylesheet).with_state(dist.to_path_buf()));
    if mode == Mode::Local {
        // The built page carries the hosted policy in its <meta>; a browser would enforce
        // it on top of the local header, so the page is served adapted.
        let index = dist.join("index.html");
        let html = std::fs::read_to_string(&index)?;
        let html = headers::with_meta_policy(&html, &headers::meta_policy(Mode::Local))
            .ok_or_else(|| {
                std::io::Error::new(
                    std::io::ErrorKind::InvalidData,
                    format!("{} has no Content-Security-Policy <meta>", index.display()),
                )
            })?;
        let page = move || {
            let html = html.clone();
            async move { Html(html).into_response() }
        };
        router = router
            .route("/", get(page.clone()))
            .route("/index.html", get(page));
    }
    Ok(router
        .fallback_service(files)
        .layer(middleware::from_fn(cache_control)))
}

/// The stylesheet `index.html` links now (the build gives it a hashed name).
async fn stylesheet(State(dist): State<PathBuf>) -> Response {
    let index = tokio::fs::read_to_string(dist.join("index.html"))
        .await
        .unwrap_or_default();
    let linked = index
        .split("<link rel=\"stylesheet\" href=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .filter(|href| !href.contains("..") && !href.starts_with('/') && !href.contains(':'));
    let css = match linked {
        Some(href) => tokio::fs::read(dist.join(href)).await.ok(),
        None => None,
    };
    match css {
        Some(css) => ([(header::CONTENT_TYPE, "text/css; charset=utf-8")], css).into_response(),
        None => StatusCode::NOT_FOUND.into_response(),
    }
}

async fn cache_control(request: Request, next: Next) -> Response {
    let hashed = is_hashed(request.uri().path().rsplit('/').next().unwrap_or(""));
    let mut response = next.run(request).await;
    let found = response.status().is_success() || response.status().is_redirection();
    let policy = if hashed && found {
        IMMUTABLE
    } else {
        REVALIDATE
    };
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static(policy));
    response
}

/// Does `file_name` carry a content hash, as the build writes it: `NAME-HASH.EXT`, the
/// hash being 16 lowercase hex digits? (`xtask/src/build.rs` has the same rule.)
pub fn is_hashed(file_name: &str) -> bool {
    let stem = file_name.split('.').next().unwrap_or_default();
    stem.rsplit_once('-').is_some_and(|(_, hash)| {
        hash.len() == 16
            && hash
                .bytes()
                .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
    })
}

#[cfg(test)]
mod tests {
    use super::is_hashed;

    #[test]
    fn only_names_with_a_content_hash_count_as_hashed() {
        assert!(is_hashed("webhook-assistant-0123456789abcdef.wasm"));
        assert!(is_hashed("style-fedcba9876543210.css"));
        assert!(!is_hashed("index.html"));
        assert!(!is_hashed("robots.txt"));
        assert!(!is_hashed("webhook-assistant.js"));
        assert!(!is_hashed("style-0123456789ABCDEF.css"));
        assert!(!is_hashed("style-0123456789abcde.css"));
        assert!(!is_hashed(""));
    }
}
