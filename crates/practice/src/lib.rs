//! Practice mode's simulated Calendly (`crates/sandbox` and its scenarios) as a wasm module
//! of its own, so that the page everyone downloads does not carry it: the build writes it
//! to `assets/practice-HASH.{js,wasm}`, the page names it in
//! `<meta name="practice-module">`, and the app imports it the first time the user
//! chooses practice mode (`src/connection.rs`).
//!
//! The boundary is one class, [`Practice`]: a simulator running one scenario on a
//! virtual clock. Requests and answers cross it as plain JS values:
//! - request: `{ method: "GET" | "POST" | "DELETE", url, headers: [[name, value], …], body? }`
//! - answer: `{ status, headers: [[name, value], …], body }`, or when no answer arrives
//!   (an injected fault) `{ error: "unreachable" | "timed_out", detail }`.
//!
//! The methods after `sleep` are for tests that look inside the simulator or make it
//! fail on purpose; the app does not call them.

use std::time::Duration;

use calendly::{Method, Request, Transport, TransportError};
use sandbox::{block_on, FaultSpec, SandboxTransport};
use serde::{Deserialize, Serialize};
use wasm_bindgen::prelude::*;

/// A request as the app's transport sends it across the boundary.
#[derive(Debug, Deserialize)]
struct WireRequest {
    method: String,
    url: String,
    headers: Vec<(String, String)>,
    #[serde(default)]
    body: Option<String>,
}

/// What comes back across the boundary.
#[derive(Debug, Serialize)]
#[serde(untagged)]
enum WireAnswer {
    Reply {
        status: u16,
        headers: Vec<(String, String)>,
        body: String,
    },
    NoAnswer {
        error: &'static str,
        detail: String,
    },
}

/// A simulated Calendly running one of the built-in scenarios.
#[wasm_bindgen]
pub struct Practice {
    transport: SandboxTransport,
}

#[wasm_bindgen]
impl Practice {
    /// The built-in scenario `scenario`; an error names one that does not exist.
    #[wasm_bindgen(constructor)]
    pub fn new(scenario: &str) -> Result<Practice, JsError> {
        let transport = SandboxTransport::scenario(scenario)
            .ok_or_else(|| JsError::new(&format!("no practice scenario {scenario:?}")))?;
        Ok(Practice { transport })
    }

    /// The scenario's own personal access token (the one practice mode signs in with).
    pub fn token(&self) -> Option<String> {
        self.transport
            .with_sandbox(|s| s.token("pat").map(str::to_owned))
    }

    /// Answers one request (see the crate's header for the shapes).
    pub fn send(&self, request: JsValue) -> Result<JsValue, JsError> {
        let wire: WireRequest = serde_wasm_bindgen::from_value(request)?;
        let answer = answer(&self.transport, wire).map_err(|e| JsError::new(&e))?;
        Ok(serde_wasm_bindgen::to_value(&answer)?)
    }

    /// Moves the simulator's clock forward: waiting costs no real time.
    pub fn sleep(&self, milliseconds: f64) {
        block_on(
            self.transport
                .sleep(Duration::from_secs_f64(milliseconds.max(0.0) / 1000.0)),
        );
    }

    /// Adds a fault written as in a scenario file (`{"fault": "server_error", "when": …}`).
    pub fn inject(&self, fault: &str) -> Result<(), JsError> {
        let spec: FaultSpec = serde_json::from_str(fault)?;
        let fault_kind = spec.to_fault().map_err(|e| JsError::new(&e))?;
        self.transport
            .with_sandbox(|s| s.inject(fault_kind, spec.when));
        Ok(())
    }

    /// Removes every fault, the scenario's included.
    #[wasm_bindgen(js_name = clearFaults)]
    pub fn clear_faults(&self) {
        self.transport.with_sandbox(|s| s.clear_faults());
    }

    /// Every stored subscription, as the JSON of Calendly's `collection`.
    pub fn subscriptions(&self) -> String {
        let all = self.transport.with_sandbox(|s| s.subscriptions());
        serde_json::to_string(&all).expect("subscriptions are plain data")
    }

    /// The signing key a subscription was created with (Calendly never returns it).
    #[wasm_bindgen(js_name = signingKey)]
    pub fn signing_key(&self, subscription: &str) -> Option<String> {
        let uri = calendly::SubscriptionUri::parse(subscription).ok()?;
        self.transport
            .with_sandbox(|s| s.signing_key(&uri).map(str::to_owned))
    }
}

fn answer(transport: &SandboxTransport, wire: WireRequest) -> Result<WireAnswer, String> {
    let method = match wire.method.as_str() {
        "GET" => Method::Get,
        "POST" => Method::Post,
        "DELETE" => Method::Delete,
        other => return Err(format!("the simulator does not take {other} requests")),
    };
    let request = Request {
        method,
        url: wire.url,
        headers: wire.headers,
        body: wire.body,
    };
    Ok(match block_on(transport.send(request)) {
        Ok(reply) => WireAnswer::Reply {
            status: reply.status,
            headers: reply.headers,
            body: reply.body,
        },
        Err(TransportError::Unreachable(detail)) => WireAnswer::NoAnswer {
            error: "unreachable",
            detail,
        },
        Err(TransportError::TimedOut) => WireAnswer::NoAnswer {
            error: "timed_out",
            detail: String::new(),
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn get(url: &str, token: &str) -> WireRequest {
        WireRequest {
            method: "GET".into(),
            url: url.into(),
            headers: vec![("Authorization".into(), format!("Bearer {token}"))],
            body: None,
        }
    }

    #[test]
    fn a_request_across_the_boundary_is_answered_like_calendly() {
        let transport = SandboxTransport::scenario("solo").unwrap();
        let token = transport.with_sandbox(|s| s.token("pat").unwrap().to_owned());
        let WireAnswer::Reply {
            status,
            body,
            headers,
        } = answer(&transport, get("https://api.calendly.com/users/me", &token)).unwrap()
        else {
            panic!("an answer")
        };
        assert_eq!(status, 200);
        assert!(body.contains("Sam Solo"), "{body}");
        assert!(headers.iter().any(|(n, _)| n == "X-RateLimit-Remaining"));
        let WireAnswer::Reply { status, .. } = answer(
            &transport,
            get("https://api.calendly.com/users/me", "nonsense"),
        )
        .unwrap() else {
            panic!("an answer")
        };
        assert_eq!(status, 401);
    }

    #[test]
    fn a_dropped_connection_crosses_as_no_answer() {
        let transport = SandboxTransport::scenario("solo").unwrap();
        let token = transport.with_sandbox(|s| {
            s.inject(sandbox::Fault::DropConnection, sandbox::When::request(1));
            s.token("pat").unwrap().to_owned()
        });
        let answer = answer(&transport, get("https://api.calendly.com/users/me", &token)).unwrap();
        assert!(
            matches!(
                answer,
                WireAnswer::NoAnswer {
                    error: "unreachable",
                    ..
                }
            ),
            "{answer:?}"
        );
    }

    #[test]
    fn methods_calendly_does_not_use_are_refused() {
        let transport = SandboxTransport::scenario("solo").unwrap();
        let mut request = get("https://api.calendly.com/users/me", "x");
        request.method = "PUT".into();
        assert!(answer(&transport, request).is_err());
    }
}
