//! The seam between the client and the network: a request goes in, a status, headers and
//! body come out, or a transport error that tells "could not connect / blocked by the
//! browser" apart from "timed out". The browser's fetch, the in-process simulator and the
//! native test server each implement [`Transport`].

use std::fmt;
use std::future::Future;
use std::time::Duration;

/// The HTTP methods the Calendly client uses.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Method {
    Get,
    Post,
    Delete,
}

impl Method {
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Delete => "DELETE",
        }
    }
}

/// One HTTP request. `url` is absolute (base + path + query).
#[derive(Clone, PartialEq, Eq)]
pub struct Request {
    pub method: Method,
    pub url: String,
    pub headers: Vec<(String, String)>,
    pub body: Option<String>,
}

impl Request {
    /// The first header with this name (case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        find_header(&self.headers, name)
    }
}

/// Body fields that hold a secret: a create's signing key, and the fields OAuth uses.
const SECRET_FIELDS: [&str; 4] = [
    "signing_key",
    "client_secret",
    "access_token",
    "refresh_token",
];

// A request can be printed (a log, a panic, an error that carries it) but its secrets
// cannot: the Authorization header carries the user's token, and the body of a create
// carries the signing key. Both are replaced by `[redacted]`; a body that is not JSON is
// shown only by its length, since nothing can tell what it holds.
impl fmt::Debug for Request {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let headers: Vec<(&str, &str)> = self
            .headers
            .iter()
            .map(|(name, value)| {
                if name.eq_ignore_ascii_case("authorization") || name.eq_ignore_ascii_case("cookie")
                {
                    (name.as_str(), "[redacted]")
                } else {
                    (name.as_str(), value.as_str())
                }
            })
            .collect();
        f.debug_struct("Request")
            .field("method", &self.method)
            .field("url", &self.url)
            .field("headers", &headers)
            .field("body", &self.body.as_deref().map(redacted_body))
            .finish()
    }
}

fn redacted_body(body: &str) -> String {
    match serde_json::from_str::<serde_json::Value>(body) {
        Ok(mut value) => {
            redact(&mut value);
            value.to_string()
        }
        Err(_) => format!("[{} bytes, not JSON]", body.len()),
    }
}

fn redact(value: &mut serde_json::Value) {
    match value {
        serde_json::Value::Object(fields) => {
            for (name, field) in fields.iter_mut() {
                if SECRET_FIELDS.contains(&name.as_str()) {
                    *field = "[redacted]".into();
                } else {
                    redact(field);
                }
            }
        }
        serde_json::Value::Array(items) => items.iter_mut().for_each(redact),
        _ => {}
    }
}

/// One HTTP response, whatever its status.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Response {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: String,
}

impl Response {
    /// The first header with this name (case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        find_header(&self.headers, name)
    }
}

fn find_header<'a>(headers: &'a [(String, String)], name: &str) -> Option<&'a str> {
    headers
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.as_str())
}

/// Why no response arrived.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TransportError {
    /// Could not connect, the connection dropped, or the browser blocked the call (CORS).
    /// Browsers do not say which; the text is for diagnostics only.
    Unreachable(String),
    /// No answer within the transport's time limit.
    TimedOut,
}

/// Sends requests and waits. Implemented by the page's fetch transport, the in-process
/// simulator (whose clock is virtual, so waiting costs no real time) and test transports.
pub trait Transport {
    fn send(&self, request: Request) -> impl Future<Output = Result<Response, TransportError>>;
    fn sleep(&self, duration: Duration) -> impl Future<Output = ()>;
}
