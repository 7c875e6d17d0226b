//! An in-memory Calendly: organizations, users, memberships, tokens and webhook
//! subscriptions, answering requests with Calendly's own status codes and error bodies.
//! Unit tests, the page's practice mode (compiled to wasm) and the native server all use
//! it. It sees only a request's path and query, so it works behind any base URL.
//!
//! FOUNDATION STUB: answers `GET /users/me` only. The real simulator replaces it.

use std::time::Duration;

use calendly::{Request, Response};

/// What the simulator does with one request.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// Answer normally.
    Reply(Response),
    /// Close the connection without answering (the request may have had its effect).
    Drop,
    /// Answer only after `delay` (to exceed a client's timeout).
    Slow { delay: Duration, reply: Response },
}

pub struct Sandbox {
    token: String,
}

impl Sandbox {
    /// A built-in scenario by name.
    pub fn scenario(name: &str) -> Option<Sandbox> {
        (name == "solo").then(|| Sandbox { token: "sandbox-solo-token".into() })
    }

    /// Answer one request. `now` is the time since the simulator's clock started.
    pub fn handle(&mut self, request: &Request, _now: Duration) -> Outcome {
        let authorized = request.header("authorization") == Some(&format!("Bearer {}", self.token));
        let (status, body) = if !authorized {
            (401, serde_json::json!({"title": "Unauthenticated", "message": "The access token is invalid"}))
        } else if path_of(&request.url) == "/users/me" {
            (200, serde_json::json!({"resource": {
                "uri": "https://api.calendly.com/users/AAAAAAAAAAAAAAAA",
                "name": "Jane Host",
                "email": "jane@example.com",
                "current_organization": "https://api.calendly.com/organizations/BBBBBBBBBBBBBBBB",
                "resource_type": "User"
            }}))
        } else {
            (404, serde_json::json!({"title": "Resource Not Found", "message": "The server could not find the requested resource."}))
        };
        Outcome::Reply(Response {
            status,
            headers: vec![("content-type".into(), "application/json; charset=utf-8".into())],
            body: body.to_string(),
        })
    }
}

/// The path of an absolute or relative URL, without query.
fn path_of(url: &str) -> &str {
    let rest = url.split_once("://").map(|(_, rest)| rest.find('/').map_or("/", |i| &rest[i..])).unwrap_or(url);
    rest.split(['?', '#']).next().unwrap_or("/")
}
