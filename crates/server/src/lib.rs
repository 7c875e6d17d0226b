//! The native server: it serves the built app (`dist/`) with compression and strict
//! security headers, hosts the Calendly simulator under `/sandbox/` with CORS for other
//! loopback origins and, next to it, a practice receiver under `/receiver/` that the
//! simulator delivers signed sample webhooks to, and relays `/calendly-api/*` to `https://api.calendly.com` for
//! browsers that cannot call Calendly directly. Nothing is stored and the Authorization
//! header is never logged.

pub mod headers;
pub mod receiver;
pub mod relay;
pub mod simulator;

use std::net::SocketAddr;
use std::path::PathBuf;

use axum::Router;
use tokio::net::TcpListener;
use tower_http::compression::CompressionLayer;
use tower_http::services::{ServeDir, ServeFile};

pub use relay::Relay;
pub use simulator::Simulator;

/// Everything the server needs to know.
pub struct Config {
    /// The built app (`trunk build` output). `None` serves no app (API-only test servers).
    pub dist: Option<PathBuf>,
    /// The simulator behind `/sandbox/`; `None` leaves that path unanswered.
    pub simulator: Option<Simulator>,
    /// The relay behind `/calendly-api/`; `None` behaves like a static host without one.
    pub relay: Option<Relay>,
}

/// The whole application as one router.
pub fn router(config: Config) -> Router {
    let mut app = Router::new();
    if let Some(relay) = config.relay {
        app = app.merge(relay::routes(relay));
    }
    if let Some(simulator) = config.simulator {
        app = app.merge(receiver::routes(receiver::Receiver::new(simulator.clone())));
        app = app.merge(simulator::routes(simulator));
    }
    if let Some(dist) = config.dist {
        let index = dist.join("index.html");
        // `cargo xtask build` writes .br and .gz copies at the highest settings; files
        // without them are compressed on the fly by the layer below.
        let files = ServeDir::new(&dist)
            .precompressed_br()
            .precompressed_gzip()
            .fallback(
                ServeFile::new(index)
                    .precompressed_br()
                    .precompressed_gzip(),
            );
        app = app.fallback_service(files);
    }
    headers::secure(app).layer(CompressionLayer::new())
}

/// A server bound to a loopback port, running on the current Tokio runtime.
pub struct Running {
    pub addr: SocketAddr,
}

impl Running {
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }
}

/// Bind `addr` (port 0 picks a free one) and serve `config` in a background task.
pub async fn spawn(addr: SocketAddr, config: Config) -> std::io::Result<Running> {
    let listener = TcpListener::bind(addr).await?;
    let addr = listener.local_addr()?;
    let app = router(config);
    tokio::spawn(async move {
        if let Err(error) = axum::serve(listener, app).await {
            eprintln!("server stopped: {error}");
        }
    });
    Ok(Running { addr })
}
