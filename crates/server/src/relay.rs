//! The relay: `/calendly-api/<path>` is forwarded to `https://api.calendly.com/<path>`,
//! for browsers that cannot call Calendly directly. It is not an open proxy: the upstream
//! is fixed when the server starts, only the methods and paths the app uses pass, path
//! segments are plain identifiers (so no request can name another host), redirects are
//! not followed, and only the headers the app needs go either way. The Authorization
//! header is passed through and never logged.
//!
//! It is also bounded ([`RelayLimits`]), and each bound answers in words the page can
//! pass on: a body over the size limit gets 413 before anything is forwarded; an
//! upstream that does not answer in time gets 504; more calls at once than the cap allows
//! wait briefly for a free place, then get 503 with `Retry-After` (nothing was forwarded,
//! so repeating the call is safe). Answers are never cached (`Cache-Control: no-store`).

use std::sync::Arc;
use std::time::Duration;

use axum::body::{Body, Bytes};
use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, HeaderName, HeaderValue, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::routing::any;
use axum::Router;

/// Where the relay is mounted on our server.
pub const MOUNT: &str = "/calendly-api";

/// Marks answers that came through the relay, so the page can tell our relay from a static
/// host that has none.
pub const RELAY_HEADER: &str = "x-assistant-relay";

/// How much the relay takes on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RelayLimits {
    /// The largest request body forwarded (a create is well under 1 kB).
    pub max_body: usize,
    /// How long connecting to the upstream may take.
    pub connect_timeout: Duration,
    /// How long the whole upstream call may take, answer included.
    pub upstream_timeout: Duration,
    /// How many upstream calls may be in flight at once.
    pub max_in_flight: usize,
    /// How long a call waits for a free place before it is turned away.
    pub queue_wait: Duration,
}

impl Default for RelayLimits {
    fn default() -> RelayLimits {
        RelayLimits {
            max_body: 64 * 1024,
            connect_timeout: Duration::from_secs(10),
            upstream_timeout: Duration::from_secs(30),
            max_in_flight: 64,
            queue_wait: Duration::from_secs(10),
        }
    }
}

/// The relay's fixed upstream and HTTP client.
#[derive(Clone)]
pub struct Relay {
    upstream: String,
    client: reqwest::Client,
    limits: RelayLimits,
    in_flight: Arc<tokio::sync::Semaphore>,
}

impl Relay {
    /// The real relay, to Calendly.
    pub fn calendly() -> Relay {
        Relay::to_upstream(calendly::API_BASE)
    }

    /// A relay to another upstream; for tests against a local stand-in only.
    pub fn to_upstream(upstream: &str) -> Relay {
        Relay::build(upstream, RelayLimits::default())
    }

    /// The same relay with other limits.
    pub fn with_limits(self, limits: RelayLimits) -> Relay {
        Relay::build(&self.upstream, limits)
    }

    fn build(upstream: &str, limits: RelayLimits) -> Relay {
        let client = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .connect_timeout(limits.connect_timeout)
            .timeout(limits.upstream_timeout)
            .build()
            .expect("the HTTP client builds");
        Relay {
            upstream: upstream.trim_end_matches('/').to_owned(),
            client,
            limits,
            in_flight: Arc::new(tokio::sync::Semaphore::new(limits.max_in_flight)),
        }
    }
}

pub fn routes(relay: Relay) -> Router {
    let routes = Router::new()
        .route(&format!("{MOUNT}/{{*rest}}"), any(forward))
        .with_state(relay);
    crate::headers::no_store(routes)
}

/// Is `(method, path)` one of the calls the app makes? `path` has no leading slash.
pub fn allowed(method: &Method, path: &str) -> bool {
    let segments: Vec<&str> = path.split('/').collect();
    if !segments.iter().all(|s| is_identifier(s)) {
        return false;
    }
    matches!(
        (method, segments.as_slice()),
        (&Method::GET, ["users", _])
            | (&Method::GET, ["organizations", _])
            | (&Method::GET, ["organization_memberships"])
            | (&Method::GET | &Method::POST, ["webhook_subscriptions"])
            | (&Method::GET | &Method::DELETE, ["webhook_subscriptions", _])
            | (&Method::GET, ["sample_webhook_data"])
    )
}

/// Calendly IDs are letters, digits, `-` and `_` (16-character IDs or UUIDs).
fn is_identifier(segment: &str) -> bool {
    !segment.is_empty()
        && segment.len() <= 255
        && segment
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// A query may only carry plain `name=value` pairs: no second `?`, no fragment.
fn plain_query(query: &str) -> bool {
    query
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b"-_.~%=&+:/".contains(&b))
}

fn refuse(status: StatusCode, why: &'static str) -> Response {
    (status, [(HeaderName::from_static(RELAY_HEADER), "1")], why).into_response()
}

async fn forward(
    State(relay): State<Relay>,
    Path(rest): Path<String>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Body,
) -> Response {
    if method == Method::OPTIONS {
        // Same-origin only: the relay is for our own page.
        return refuse(
            StatusCode::FORBIDDEN,
            "The relay only serves this site's own page.",
        );
    }
    // Axum has decoded `rest`; the raw path must hold no encoded characters either.
    let raw = uri.path().strip_prefix(MOUNT).unwrap_or("");
    if raw != format!("/{rest}") || !allowed(&method, &rest) {
        return refuse(
            StatusCode::FORBIDDEN,
            "The relay forwards only the Calendly calls this app makes.",
        );
    }
    let query = uri.query().unwrap_or("");
    if !plain_query(query) {
        return refuse(
            StatusCode::BAD_REQUEST,
            "The relay refused an unusual query string.",
        );
    }
    let body = match read_body(&relay.limits, &headers, body).await {
        Ok(body) => body,
        Err(refusal) => return refusal,
    };
    // A place among the calls in flight, held until the answer is passed on.
    let place = tokio::time::timeout(relay.limits.queue_wait, relay.in_flight.acquire()).await;
    let Ok(Ok(_place)) = place else {
        eprintln!("relay {method} /{rest}: too many calls at once, turned away");
        let mut response = refuse(
            StatusCode::SERVICE_UNAVAILABLE,
            "The relay is busy with many calls at once. Nothing was sent to Calendly; try again in a moment.",
        );
        response
            .headers_mut()
            .insert(header::RETRY_AFTER, HeaderValue::from_static("2"));
        return response;
    };
    let mut url = format!("{}/{rest}", relay.upstream);
    if !query.is_empty() {
        url.push('?');
        url.push_str(query);
    }
    let upstream_method = match method {
        Method::GET => reqwest::Method::GET,
        Method::POST => reqwest::Method::POST,
        _ => reqwest::Method::DELETE,
    };
    let mut outbound = relay.client.request(upstream_method, &url);
    for name in [header::AUTHORIZATION, header::CONTENT_TYPE, header::ACCEPT] {
        if let Some(value) = headers.get(&name).and_then(|v| v.to_str().ok()) {
            outbound = outbound.header(name.as_str(), value);
        }
    }
    if !body.is_empty() {
        outbound = outbound.body(body.to_vec());
    }
    let path = format!("/{rest}");
    let reply = match outbound.send().await {
        Ok(reply) => reply,
        Err(error) if error.is_timeout() => {
            eprintln!("relay {method} {path}: upstream timed out");
            return refuse(
                StatusCode::GATEWAY_TIMEOUT,
                "Calendly did not answer the relay in time.",
            );
        }
        Err(_) => {
            eprintln!("relay {method} {path}: upstream unreachable");
            return refuse(
                StatusCode::BAD_GATEWAY,
                "The relay could not reach Calendly.",
            );
        }
    };
    let status = StatusCode::from_u16(reply.status().as_u16()).unwrap_or(StatusCode::BAD_GATEWAY);
    eprintln!("relay {method} {path} -> {}", status.as_u16());
    // Calendly's API does not redirect; a redirect is not passed on, since the browser
    // would follow it and could carry the token to wherever it points.
    if status.is_redirection() {
        return refuse(
            StatusCode::BAD_GATEWAY,
            "Calendly answered with a redirect, which the relay does not follow.",
        );
    }
    let mut response = Response::builder().status(status);
    for (name, value) in reply.headers() {
        let keep = matches!(
            name.as_str(),
            "content-type"
                | "x-ratelimit-limit"
                | "x-ratelimit-remaining"
                | "x-ratelimit-reset"
                | "retry-after"
        );
        if keep {
            if let Ok(value) = HeaderValue::from_bytes(value.as_bytes()) {
                response = response.header(name.as_str(), value);
            }
        }
    }
    let body = match reply.bytes().await {
        Ok(bytes) => bytes,
        Err(error) if error.is_timeout() => {
            return refuse(
                StatusCode::GATEWAY_TIMEOUT,
                "Calendly did not finish its answer in time.",
            )
        }
        Err(_) => return refuse(StatusCode::BAD_GATEWAY, "Calendly's answer was cut off."),
    };
    response
        .header(RELAY_HEADER, "1")
        .body(Body::from(body))
        .unwrap_or_else(|_| {
            refuse(
                StatusCode::BAD_GATEWAY,
                "The relay could not pass on Calendly's answer.",
            )
        })
}

/// The request body, if it is within the limit and arrives in time.
async fn read_body(
    limits: &RelayLimits,
    headers: &HeaderMap,
    body: Body,
) -> Result<Bytes, Response> {
    let too_large = || {
        refuse(
            StatusCode::PAYLOAD_TOO_LARGE,
            "The request is too large for the relay.",
        )
    };
    let declared = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|length| length > limits.max_body as u64) {
        return Err(too_large());
    }
    match axum::body::to_bytes(body, limits.max_body).await {
        Ok(bytes) => Ok(bytes),
        Err(error) => {
            let source = error.into_inner();
            if source.is::<http_body_util::LengthLimitError>() {
                Err(too_large())
            } else {
                Err(refuse(
                    StatusCode::REQUEST_TIMEOUT,
                    "The request did not arrive in time.",
                ))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_calls_the_app_makes_are_allowed() {
        assert!(allowed(&Method::GET, "users/me"));
        assert!(allowed(
            &Method::GET,
            "organizations/d13c513a-42f8-4da1-97b1-165f0971b7c4"
        ));
        assert!(allowed(&Method::GET, "organization_memberships"));
        assert!(allowed(&Method::GET, "webhook_subscriptions"));
        assert!(allowed(&Method::POST, "webhook_subscriptions"));
        assert!(allowed(
            &Method::DELETE,
            "webhook_subscriptions/8f6c1a2e-0b7d-4f5e-9a3c-1d2e3f4a5b6c"
        ));
        assert!(allowed(&Method::GET, "sample_webhook_data"));
    }

    #[test]
    fn anything_else_is_refused() {
        assert!(!allowed(&Method::DELETE, "users/me"));
        assert!(!allowed(&Method::POST, "organization_memberships"));
        assert!(!allowed(&Method::DELETE, "organizations/X"));
        assert!(!allowed(&Method::GET, "organizations"));
        assert!(!allowed(&Method::GET, "scheduled_events"));
        assert!(!allowed(&Method::PUT, "webhook_subscriptions"));
        assert!(!allowed(&Method::GET, "users/me/../../admin"));
        assert!(!allowed(&Method::GET, "users/evil.example"));
        assert!(!allowed(&Method::GET, "/evil.example/users/me"));
        assert!(!allowed(&Method::GET, "users/me@evil.example"));
        assert!(!allowed(&Method::GET, ""));
    }

    #[test]
    fn queries_with_a_second_question_mark_or_fragment_are_refused() {
        assert!(plain_query(
            "organization=https%3A%2F%2Fapi.calendly.com%2Forganizations%2FX&scope=user&count=100"
        ));
        assert!(plain_query(
            "organization=https://api.calendly.com/organizations/X"
        ));
        assert!(!plain_query("a=1?b=2"));
        assert!(!plain_query("a=1#frag"));
    }
}
