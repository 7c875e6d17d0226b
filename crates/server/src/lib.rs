//! The native server: it serves the built app (`dist/`) with compression, caching that
//! follows its hashed file names, 404s for unknown paths ([`assets`]) and strict security
//! headers, hosts the Calendly simulator under `/sandbox/` with CORS for other
//! loopback origins and, next to it, a practice receiver under `/receiver/` that the
//! simulator delivers signed sample webhooks to, and relays `/calendly-api/*` to
//! `https://api.calendly.com` for browsers that cannot call Calendly directly. Nothing is
//! stored and the Authorization header is never logged.
//!
//! Connections are HTTP/1.1 with a header-read timeout ([`Config::header_read_timeout`]):
//! a client that opens a connection and sends its request headers slowly, or not at all,
//! is disconnected instead of holding the connection for ever. Request bodies get the same
//! bound ([`Config::body_read_timeout`]).

pub mod assets;
pub mod headers;
pub mod receiver;
pub mod relay;
pub mod simulator;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use axum::Router;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::service::TowerToHyperService;
use tokio::net::TcpListener;
use tower_http::compression::{CompressionLayer, CompressionLevel};
use tower_http::timeout::RequestBodyTimeoutLayer;

pub use headers::Mode;
pub use relay::{Relay, RelayLimits};
pub use simulator::Simulator;

/// Everything the server needs to know.
pub struct Config {
    /// The built app (`cargo xtask build` output). `None` serves no app (API-only test servers).
    pub dist: Option<PathBuf>,
    /// The simulator behind `/sandbox/`; `None` leaves that path unanswered.
    pub simulator: Option<Simulator>,
    /// The relay behind `/calendly-api/`; `None` behaves like a static host without one.
    pub relay: Option<Relay>,
    /// Serving users, or local use (which lets the page reach loopback test servers).
    pub mode: Mode,
    /// How long a client may take to send a request's headers, from the moment the server
    /// starts waiting for them (idle keep-alive connections included).
    pub header_read_timeout: Duration,
    /// How long a client may take to send a request's body.
    pub body_read_timeout: Duration,
}

impl Default for Config {
    /// Nothing served, hosted mode, 10-second header and 30-second body limits.
    fn default() -> Config {
        Config {
            dist: None,
            simulator: None,
            relay: None,
            mode: Mode::Hosted,
            header_read_timeout: Duration::from_secs(10),
            body_read_timeout: Duration::from_secs(30),
        }
    }
}

/// The whole application as one router. Fails only in local mode, when the app's
/// `index.html` cannot be read or has no CSP `<meta>` to adapt.
pub fn router(config: Config) -> std::io::Result<Router> {
    let mut app = Router::new();
    if let Some(relay) = config.relay {
        app = app.merge(relay::routes(relay));
    }
    if let Some(simulator) = config.simulator {
        // The receiver's page and answers show deliveries: never cached either.
        app = app.merge(headers::no_store(receiver::routes(
            receiver::Receiver::new(simulator.clone()),
        )));
        app = app.merge(simulator::routes(simulator));
    }
    if let Some(dist) = config.dist {
        app = app.merge(assets::routes(&dist, config.mode)?);
    }
    // Files are compressed at build time; what is compressed here (API answers, the 404
    // page) must be quick: brotli's default, quality 11, takes milliseconds per answer.
    Ok(headers::secure(app, config.mode)
        .layer(RequestBodyTimeoutLayer::new(config.body_read_timeout))
        .layer(CompressionLayer::new().quality(CompressionLevel::Precise(4))))
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
    let header_read_timeout = config.header_read_timeout;
    let app = router(config)?;
    tokio::spawn(serve(listener, app, header_read_timeout));
    Ok(Running { addr })
}

/// Accept connections for ever, each served on its own task.
async fn serve(listener: TcpListener, app: Router, header_read_timeout: Duration) {
    let mut http = hyper::server::conn::http1::Builder::new();
    http.timer(TokioTimer::new())
        .header_read_timeout(header_read_timeout);
    loop {
        let stream = match listener.accept().await {
            Ok((stream, _)) => stream,
            // Out of file descriptors, or a connection reset before it was accepted:
            // wait a moment rather than spin, then carry on.
            Err(error) => {
                eprintln!("accept failed: {error}");
                tokio::time::sleep(Duration::from_millis(50)).await;
                continue;
            }
        };
        let _ = stream.set_nodelay(true);
        let service = TowerToHyperService::new(app.clone());
        let connection = http.serve_connection(TokioIo::new(stream), service);
        tokio::spawn(async move {
            // A client that goes away or is too slow ends its connection; nothing to do.
            let _ = connection.await;
        });
    }
}
