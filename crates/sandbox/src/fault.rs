//! Fault injection: what goes wrong, and when. Faults are how tests (and the practice
//! page) meet the failures the real network and Calendly produce, on purpose and
//! repeatably. They can be listed in a scenario file or added at run time with
//! [`crate::Sandbox::inject`].
//!
//! ```
//! use sandbox::{Fault, Sandbox, When};
//! use calendly::Method;
//! let mut sandbox = Sandbox::scenario("solo").unwrap();
//! // The third request of the session fails with a 500.
//! sandbox.inject(Fault::ServerError, When::request(3));
//! // The next create is stored, but its answer never arrives.
//! sandbox.inject(Fault::LoseResponse, When::path(Method::Post, "/webhook_subscriptions").times(1));
//! ```

use std::time::Duration;

use calendly::Method;
use serde::{Deserialize, Serialize};

/// Something that goes wrong with one request.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Fault {
    /// Answer 500 without doing anything.
    ServerError,
    /// Answer 429 (with `X-RateLimit-Remaining: 0`) without doing anything.
    RateLimited,
    /// Close the connection before doing anything.
    DropConnection,
    /// Do the request, but answer only after this delay (past the client's timeout, the
    /// client sees a time-out although the request took effect).
    Slow(Duration),
    /// Do the request (a create is stored), then close the connection without answering.
    LoseResponse,
}

/// When a fault fires. All given conditions must hold.
///
/// In a scenario file: `{"request": 3}`, `{"method": "POST", "path":
/// "/webhook_subscriptions", "times": 1}`, `{"path": "/webhook_subscriptions/*"}`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct When {
    /// Only the nth request the simulator receives (counting from 1; every request
    /// counts, including refused ones).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub request: Option<u64>,
    /// Only requests with this method (`GET`, `POST`, `DELETE`).
    #[serde(default, skip_serializing_if = "Option::is_none", with = "method_name")]
    pub method: Option<Method>,
    /// Only requests to this path; a trailing `*` matches any rest
    /// (`/webhook_subscriptions/*` matches every single subscription).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    /// Fire at most this many times (default: every time the conditions hold).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub times: Option<u32>,
}

impl When {
    /// The nth request (from 1).
    pub fn request(n: u64) -> When {
        When {
            request: Some(n),
            ..When::default()
        }
    }

    /// Every request with this method and path (pattern as in [`When::path`]).
    pub fn path(method: Method, path: &str) -> When {
        When {
            method: Some(method),
            path: Some(path.to_owned()),
            ..When::default()
        }
    }

    /// Every request to this path, whatever the method.
    pub fn any_method(path: &str) -> When {
        When {
            path: Some(path.to_owned()),
            ..When::default()
        }
    }

    /// Every request.
    pub fn always() -> When {
        When::default()
    }

    /// At most `n` times.
    pub fn times(mut self, n: u32) -> When {
        self.times = Some(n);
        self
    }

    pub(crate) fn matches(&self, number: u64, method: Method, path: &str) -> bool {
        if self.times == Some(0) {
            return false;
        }
        if self.request.is_some_and(|n| n != number) || self.method.is_some_and(|m| m != method) {
            return false;
        }
        match &self.path {
            None => true,
            Some(pattern) => match pattern.strip_suffix('*') {
                Some(prefix) => path.starts_with(prefix),
                None => path == pattern,
            },
        }
    }
}

mod method_name {
    use calendly::Method;
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(
        method: &Option<Method>,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        match method {
            Some(m) => serializer.serialize_str(m.as_str()),
            None => serializer.serialize_none(),
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Option<Method>, D::Error> {
        let name = Option::<String>::deserialize(deserializer)?;
        name.map(|name| match name.to_ascii_uppercase().as_str() {
            "GET" => Ok(Method::Get),
            "POST" => Ok(Method::Post),
            "DELETE" => Ok(Method::Delete),
            _ => Err(serde::de::Error::custom(format!(
                "unknown method {name:?} (GET, POST or DELETE)"
            ))),
        })
        .transpose()
    }
}

/// A fault as written in a scenario file: `{"fault": "slow", "seconds": 45, "when": {…}}`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FaultSpec {
    /// `server_error`, `rate_limited`, `drop_connection`, `slow` or `lose_response`.
    pub fault: String,
    /// For `slow`: how late the answer is.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub seconds: Option<f64>,
    pub when: When,
}

impl FaultSpec {
    pub fn to_fault(&self) -> Result<Fault, String> {
        Ok(match self.fault.as_str() {
            "server_error" => Fault::ServerError,
            "rate_limited" => Fault::RateLimited,
            "drop_connection" => Fault::DropConnection,
            "lose_response" => Fault::LoseResponse,
            "slow" => {
                let seconds = self.seconds.ok_or("a \"slow\" fault needs \"seconds\"")?;
                if !(seconds.is_finite() && seconds >= 0.0) {
                    return Err(format!("\"seconds\" must be a positive number, not {seconds}"));
                }
                Fault::Slow(Duration::try_from_secs_f64(seconds).map_err(|_| {
                    format!("\"seconds\" is too large to wait for: {seconds}")
                })?)
            }
            other => {
                return Err(format!(
                    "unknown fault {other:?} (server_error, rate_limited, drop_connection, slow, lose_response)"
                ))
            }
        })
    }
}

/// An injected fault waiting for its moment.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Rule {
    pub fault: Fault,
    pub when: When,
}

/// Takes the first rule that matches this request, counting down its `times`.
pub(crate) fn take(rules: &mut [Rule], number: u64, method: Method, path: &str) -> Option<Fault> {
    let rule = rules
        .iter_mut()
        .find(|rule| rule.when.matches(number, method, path))?;
    if let Some(times) = &mut rule.when.times {
        *times -= 1;
    }
    Some(rule.fault)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_rule_fires_only_as_often_as_asked() {
        let mut rules = vec![Rule {
            fault: Fault::ServerError,
            when: When::path(Method::Post, "/x").times(2),
        }];
        assert_eq!(take(&mut rules, 1, Method::Get, "/x"), None);
        assert_eq!(
            take(&mut rules, 2, Method::Post, "/x"),
            Some(Fault::ServerError)
        );
        assert_eq!(
            take(&mut rules, 3, Method::Post, "/x"),
            Some(Fault::ServerError)
        );
        assert_eq!(take(&mut rules, 4, Method::Post, "/x"), None);
    }

    #[test]
    fn prefix_patterns_and_request_numbers() {
        assert!(When::any_method("/webhook_subscriptions/*").matches(
            1,
            Method::Delete,
            "/webhook_subscriptions/A"
        ));
        assert!(!When::any_method("/webhook_subscriptions/*").matches(
            1,
            Method::Get,
            "/webhook_subscriptions"
        ));
        assert!(When::request(7).matches(7, Method::Get, "/users/me"));
        assert!(!When::request(7).matches(8, Method::Get, "/users/me"));
    }

    #[test]
    fn specs_parse_from_json() {
        let spec: FaultSpec = serde_json::from_str(
            r#"{"fault":"slow","seconds":45,"when":{"method":"post","path":"/a","times":1}}"#,
        )
        .unwrap();
        assert_eq!(spec.to_fault(), Ok(Fault::Slow(Duration::from_secs(45))));
        assert_eq!(spec.when, When::path(Method::Post, "/a").times(1));
        assert!(serde_json::from_str::<FaultSpec>(r#"{"fault":"x","when":{"reqest":1}}"#).is_err());
    }
}
