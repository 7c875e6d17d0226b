//! The Calendly simulator over HTTP, under `/sandbox/`. Requests are handed to one
//! `sandbox::Sandbox` that lives on its own thread (it keeps its state in one place and
//! need not be thread-safe); its outcomes become real HTTP behaviour: an answer, a late
//! answer, or a connection dropped without one. Pages on other loopback ports may call it
//! (CORS), and may read the rate-limit headers. Answers are never cached (`Cache-Control:
//! no-store`): they hold the signed-in user's data.

use std::sync::mpsc;
use std::time::{Duration, Instant};

use axum::body::{Body, Bytes};
use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::routing::any;
use axum::Router;
use sandbox::{Outcome, Sandbox};
use tokio::sync::oneshot;

/// Where the simulator is mounted on our server.
pub const MOUNT: &str = "/sandbox";

/// Work for the simulator thread: a request to answer, or a look inside (for tests).
enum Job {
    Request(calendly::Request, Duration, oneshot::Sender<Outcome>),
    Inspect(Box<dyn FnOnce(&mut Sandbox) + Send>),
}

/// A handle to the simulator thread.
#[derive(Clone)]
pub struct Simulator {
    jobs: mpsc::Sender<Job>,
    started: Instant,
    cross_origin: bool,
}

impl Simulator {
    /// Start a simulator built by `make` on its own thread.
    pub fn start(make: impl FnOnce() -> Sandbox + Send + 'static) -> Simulator {
        let (jobs, inbox) = mpsc::channel::<Job>();
        std::thread::Builder::new()
            .name("sandbox".into())
            .spawn(move || {
                let mut sandbox = make();
                for job in inbox {
                    match job {
                        Job::Request(request, now, reply) => {
                            let _ = reply.send(sandbox.handle(&request, now));
                        }
                        Job::Inspect(look) => look(&mut sandbox),
                    }
                }
            })
            .expect("the simulator thread starts");
        Simulator {
            jobs,
            started: Instant::now(),
            cross_origin: true,
        }
    }

    /// Answer no CORS preflight and send no CORS headers, as an API that does not accept
    /// calls from web pages would (Calendly's behaviour here is unknown): a page on
    /// another origin then has to fall back to a relay.
    pub fn without_cross_origin(mut self) -> Simulator {
        self.cross_origin = false;
        self
    }

    /// A built-in scenario by name, or a scenario file by path.
    pub fn from_scenario(name_or_file: &str) -> Result<Simulator, String> {
        let path = std::path::Path::new(name_or_file);
        if path.is_file() {
            let text = std::fs::read_to_string(path)
                .map_err(|e| format!("cannot read {name_or_file}: {e}"))?;
            // Checked here, where the error can be reported; built again on its thread.
            Sandbox::from_json(&text)?;
            return Ok(Simulator::start(move || {
                Sandbox::from_json(&text).expect("checked above")
            }));
        }
        if Sandbox::scenario(name_or_file).is_none() {
            return Err(format!(
                "no built-in scenario and no file named {name_or_file:?}"
            ));
        }
        let name = name_or_file.to_owned();
        Ok(Simulator::start(move || {
            Sandbox::scenario(&name).expect("checked above")
        }))
    }

    async fn handle(&self, request: calendly::Request) -> Option<Outcome> {
        let (reply, answer) = oneshot::channel();
        let job = Job::Request(request, self.started.elapsed(), reply);
        self.jobs.send(job).ok()?;
        answer.await.ok()
    }

    /// Run `look` on the simulator's state between requests, e.g. for a test to check what
    /// a page created.
    pub async fn inspect<R: Send + 'static>(
        &self,
        look: impl FnOnce(&mut Sandbox) -> R + Send + 'static,
    ) -> R {
        let (reply, answer) = oneshot::channel();
        let job = Job::Inspect(Box::new(move |sandbox| {
            let _ = reply.send(look(sandbox));
        }));
        self.jobs.send(job).expect("the simulator thread runs");
        answer.await.expect("the simulator thread answers")
    }
}

pub fn routes(simulator: Simulator) -> Router {
    let routes = Router::new()
        .route(&format!("{MOUNT}/{{*rest}}"), any(answer))
        .with_state(simulator);
    crate::headers::no_store(routes)
}

/// Is this `Origin` a page on this machine? Only those get CORS permission.
pub fn is_loopback_origin(origin: &str) -> bool {
    let Some(rest) = origin
        .strip_prefix("http://")
        .or_else(|| origin.strip_prefix("https://"))
    else {
        return false;
    };
    let host = match rest.rsplit_once(':') {
        Some((host, port)) if !port.is_empty() && port.bytes().all(|b| b.is_ascii_digit()) => host,
        _ => rest,
    };
    matches!(host, "127.0.0.1" | "localhost" | "[::1]")
}

fn cors_headers(request_headers: &HeaderMap, response: &mut HeaderMap) {
    let Some(origin) = request_headers.get(header::ORIGIN) else {
        return;
    };
    if !origin.to_str().is_ok_and(is_loopback_origin) {
        return;
    }
    response.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, origin.clone());
    response.insert(header::VARY, HeaderValue::from_static("Origin"));
    response.insert(
        header::ACCESS_CONTROL_EXPOSE_HEADERS,
        HeaderValue::from_static("X-RateLimit-Limit, X-RateLimit-Remaining, X-RateLimit-Reset"),
    );
}

async fn answer(
    State(simulator): State<Simulator>,
    Path(rest): Path<String>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    if method == Method::OPTIONS {
        return if simulator.cross_origin {
            preflight(&headers)
        } else {
            StatusCode::NOT_FOUND.into_response()
        };
    }
    let method = match method {
        Method::GET => calendly::Method::Get,
        Method::POST => calendly::Method::Post,
        Method::DELETE => calendly::Method::Delete,
        _ => return StatusCode::METHOD_NOT_ALLOWED.into_response(),
    };
    let url = match uri.query() {
        Some(query) => format!("/{rest}?{query}"),
        None => format!("/{rest}"),
    };
    let request = calendly::Request {
        method,
        url,
        headers: headers
            .iter()
            .filter_map(|(name, value)| {
                Some((name.as_str().to_owned(), value.to_str().ok()?.to_owned()))
            })
            .collect(),
        body: (!body.is_empty()).then(|| String::from_utf8_lossy(&body).into_owned()),
    };
    let mut response = match simulator.handle(request).await {
        Some(Outcome::Reply(reply)) => to_http(reply),
        Some(Outcome::Slow { delay, reply }) => {
            tokio::time::sleep(delay).await;
            to_http(reply)
        }
        // A body that fails makes hyper cut the connection: the browser sees a network
        // error, as it would when Calendly's connection drops.
        Some(Outcome::Drop) => {
            let failing = futures_util::stream::once(async {
                Err::<Bytes, _>(std::io::Error::new(
                    std::io::ErrorKind::ConnectionReset,
                    "dropped by fault injection",
                ))
            });
            Response::new(Body::from_stream(failing))
        }
        None => StatusCode::SERVICE_UNAVAILABLE.into_response(),
    };
    if simulator.cross_origin {
        cors_headers(&headers, response.headers_mut());
    }
    response
}

fn preflight(headers: &HeaderMap) -> Response {
    let mut response = StatusCode::NO_CONTENT.into_response();
    cors_headers(headers, response.headers_mut());
    let out = response.headers_mut();
    if out.contains_key(header::ACCESS_CONTROL_ALLOW_ORIGIN) {
        out.insert(
            header::ACCESS_CONTROL_ALLOW_METHODS,
            HeaderValue::from_static("GET, POST, DELETE"),
        );
        out.insert(
            header::ACCESS_CONTROL_ALLOW_HEADERS,
            HeaderValue::from_static("authorization, content-type"),
        );
        out.insert(
            header::ACCESS_CONTROL_MAX_AGE,
            HeaderValue::from_static("600"),
        );
    }
    response
}

fn to_http(reply: calendly::Response) -> Response {
    let mut response = Response::new(Body::from(reply.body));
    *response.status_mut() =
        StatusCode::from_u16(reply.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    for (name, value) in reply.headers {
        if let (Ok(name), Ok(value)) = (
            name.parse::<header::HeaderName>(),
            HeaderValue::from_str(&value),
        ) {
            response.headers_mut().append(name, value);
        }
    }
    response
}

#[cfg(test)]
mod tests {
    use super::is_loopback_origin;

    #[test]
    fn only_pages_on_this_machine_are_loopback_origins() {
        for origin in [
            "http://127.0.0.1:8080",
            "http://localhost:3000",
            "http://[::1]:9000",
            "http://localhost",
        ] {
            assert!(is_loopback_origin(origin), "{origin}");
        }
        for origin in [
            "http://127.0.0.1.evil.example",
            "https://example.com",
            "http://localhost.evil:80",
            "null",
            "",
        ] {
            assert!(!is_loopback_origin(origin), "{origin}");
        }
    }
}
