//! An in-memory Calendly: organizations, users, memberships, tokens and webhook
//! subscriptions, answering requests with Calendly's own status codes and error bodies
//! (as documented in `shared/calendly/api.md`), rate limits, and faults injected on
//! purpose. Unit tests, the page's practice mode (compiled to wasm) and the native server
//! all use it. It sees only a request's path and query, so it works behind any base URL.
//!
//! - [`Sandbox`]: the simulator; [`Sandbox::handle`] answers one request.
//! - [`SandboxTransport`]: the simulator as a `calendly::Transport` on a virtual clock.
//! - [`Fault`] and [`When`]: fault injection, from scenario files or code.
//! - [`Sandbox::sample_delivery`]: a delivery to one subscription, for the practice
//!   receiver.
//! - Scenarios: JSON files in `scenarios/` (format in `scenarios/README.md`); the
//!   built-in ones are compiled in, so they work in the browser too.
//!
//! It keeps no real time: `now` is passed in by the caller (the server's elapsed time, or
//! the transport's virtual clock), so the same scenario behaves the same every run.

// The sample payloads are large `json!` literals.
#![recursion_limit = "256"]

mod api;
mod clock;
mod delivery;
pub mod fault;
mod samples;
mod scenario;
mod transport;

use std::collections::HashMap;
use std::time::Duration;

use calendly::{
    Event, Method, Request, Response, SubscriptionState, SubscriptionUri, Target, UserUri,
    WebhookSubscription,
};

pub use api::text;
pub use delivery::{Delivery, NoDelivery};
pub use fault::{Fault, FaultSpec, When};
pub use scenario::{Plan, RateLimitSpec};
pub use transport::{block_on, SandboxTransport};

use api::Reply;
use fault::Rule;
use scenario::World;

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

/// The built-in scenarios: name and file. The names are what `--scenario NAME` accepts.
const SCENARIOS: &[(&str, &str)] = &[
    ("solo", include_str!("../scenarios/solo.json")),
    ("org-admin", include_str!("../scenarios/org-admin.json")),
    ("member", include_str!("../scenarios/member.json")),
    (
        "missing-write-scope",
        include_str!("../scenarios/missing-write-scope.json"),
    ),
    ("free-plan", include_str!("../scenarios/free-plan.json")),
];

/// Deliveries that keep failing are retried for 24 hours, then the subscription is
/// disabled (api.md §4.4).
const RETRY_WINDOW: Duration = Duration::from_secs(24 * 3600);

/// The request log keeps at most this many of the latest requests: when it is full, the
/// older half goes. A simulator that runs for days on a server must not grow with every
/// request it has answered.
pub const LOG_LIMIT: usize = 1000;

/// The longest path or query text kept in the log, in bytes; longer ones are cut (at a
/// character boundary) and end with `…`.
pub const LOGGED_TEXT_LIMIT: usize = 2048;

/// One request as the simulator saw it (for assertions such as "no second POST").
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LoggedRequest {
    /// 1 for the first request; it keeps counting when old entries leave the log.
    pub number: u64,
    pub method: Method,
    /// At most [`LOGGED_TEXT_LIMIT`] bytes.
    pub path: String,
    /// At most [`LOGGED_TEXT_LIMIT`] bytes.
    pub query: String,
    /// The injected fault that hit it, if any.
    pub fault: Option<Fault>,
    /// The status answered (`None` when the connection was dropped).
    pub status: Option<u16>,
}

#[derive(Clone, Copy, Debug)]
struct Window {
    started: Duration,
    used: u32,
}

/// The simulated Calendly.
pub struct Sandbox {
    world: World,
    faults: Vec<Rule>,
    log: Vec<LoggedRequest>,
    /// Requests received since the start, including those no longer in the log.
    received: u64,
    windows: HashMap<String, Window>,
}

impl Sandbox {
    /// A built-in scenario by name (see [`Sandbox::scenario_names`]).
    pub fn scenario(name: &str) -> Option<Sandbox> {
        let json = Sandbox::scenario_json(name)?;
        Some(Sandbox::from_json(json).unwrap_or_else(|e| panic!("built-in scenario {name}: {e}")))
    }

    /// The names of the built-in scenarios.
    pub fn scenario_names() -> impl Iterator<Item = &'static str> {
        SCENARIOS.iter().map(|(name, _)| *name)
    }

    /// The JSON text of a built-in scenario.
    pub fn scenario_json(name: &str) -> Option<&'static str> {
        SCENARIOS
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, json)| *json)
    }

    /// A simulator from a scenario file's text; the error names what is wrong.
    pub fn from_json(json: &str) -> Result<Sandbox, String> {
        let (world, specs) = scenario::load(json)?;
        let faults = specs
            .iter()
            .map(|spec| {
                Ok(Rule {
                    fault: spec.to_fault()?,
                    when: spec.when.clone(),
                })
            })
            .collect::<Result<_, String>>()?;
        Ok(Sandbox {
            world,
            faults,
            log: Vec::new(),
            received: 0,
            windows: HashMap::new(),
        })
    }

    /// The scenario's description.
    pub fn description(&self) -> &str {
        &self.world.description
    }

    /// The token text with this label in the scenario (`"pat"`, `"oauth-expired"`, …).
    pub fn token(&self, label: &str) -> Option<&str> {
        self.world
            .tokens
            .iter()
            .find(|t| t.label.as_deref() == Some(label))
            .map(|t| t.token.as_str())
    }

    /// Adds a fault. Rules are tried in the order they were added; the first match fires.
    pub fn inject(&mut self, fault: Fault, when: When) {
        self.faults.push(Rule { fault, when });
    }

    /// Removes every fault, including the scenario's.
    pub fn clear_faults(&mut self) {
        self.faults.clear();
    }

    /// Replaces the rate limit (requests per window per user).
    pub fn set_rate_limit(&mut self, limit: u32, window: Duration) {
        self.world.rate_limit = Some(RateLimitSpec {
            limit,
            window_seconds: window.as_secs().max(1),
        });
        self.windows.clear();
    }

    /// Every stored subscription of every organization, oldest first, read directly
    /// (no request, no rate limit), for assertions.
    pub fn subscriptions(&self) -> Vec<WebhookSubscription> {
        self.world
            .subscriptions
            .iter()
            .map(|s| s.subscription.clone())
            .collect()
    }

    /// The signing key a subscription was created with (Calendly never returns it).
    pub fn signing_key(&self, subscription: &SubscriptionUri) -> Option<&str> {
        self.world
            .subscriptions
            .iter()
            .find(|s| &s.subscription.uri == subscription)?
            .signing_key
            .as_deref()
    }

    /// Stores a subscription directly, as if `creator` had made it earlier. For tests that
    /// need an existing state; the same checks as scenario files apply.
    pub fn add_subscription(
        &mut self,
        creator: &UserUri,
        callback_url: &str,
        events: &[Event],
        target: &Target,
        state: SubscriptionState,
    ) -> Result<SubscriptionUri, String> {
        let organization = self
            .world
            .user(creator.id())
            .ok_or("no such creator")?
            .organization
            .clone();
        let id = self.world.new_id();
        let (user, group) = match target {
            Target::Organization => (None, None),
            Target::User(user) => (Some(user.id().to_owned()), None),
            Target::Group(group) => (None, Some(group.id().to_owned())),
        };
        let seed = scenario::Seed {
            id: id.clone(),
            callback_url: callback_url.to_owned(),
            events: events.iter().map(|e| e.name().to_owned()).collect(),
            scope: target.scope(),
            organization,
            user,
            group,
            creator: Some(creator.id().to_owned()),
            state,
            retry_started_at: None,
            created_micros: self.world.clock.start_micros,
            signing_key: None,
        };
        scenario::insert_seed(&mut self.world, seed)?;
        Ok(SubscriptionUri::from_id(&id))
    }

    /// Deliveries to this subscription start failing at `now`: it shows
    /// `retry_started_at`, and 24 hours later it is disabled.
    pub fn fail_deliveries(&mut self, subscription: &SubscriptionUri, now: Duration) -> bool {
        let text = self.world.clock.text(now);
        match self
            .world
            .subscriptions
            .iter_mut()
            .find(|s| &s.subscription.uri == subscription)
        {
            Some(stored) => {
                stored.subscription.retry_started_at = Some(text);
                true
            }
            None => false,
        }
    }

    /// The latest requests received, oldest first: all of them until [`LOG_LIMIT`] is
    /// reached, then at least the latest half of that.
    pub fn requests(&self) -> &[LoggedRequest] {
        &self.log
    }

    /// How many requests were received since the start (the log may hold fewer).
    pub fn received(&self) -> u64 {
        self.received
    }

    /// Answers one request. `now` is the time since the simulator's clock started.
    pub fn handle(&mut self, request: &Request, now: Duration) -> Outcome {
        self.expire_retries(now);
        self.received += 1;
        let number = self.received;
        let (path, query) = calendly::query::path_and_query(&request.url);
        let fault = fault::take(&mut self.faults, number, request.method, path);
        let outcome = match fault {
            Some(Fault::DropConnection) => Outcome::Drop,
            Some(Fault::ServerError) => {
                let headers = self.peek_headers(request, now, false);
                Outcome::Reply(response(
                    api::error(500, text::SERVER_ERROR, text::SERVER_ERROR_MESSAGE),
                    headers,
                ))
            }
            Some(Fault::RateLimited) => {
                let headers = self.peek_headers(request, now, true);
                Outcome::Reply(response(
                    api::error(
                        429,
                        text::TOO_MANY_REQUESTS,
                        text::TOO_MANY_REQUESTS_MESSAGE,
                    ),
                    headers,
                ))
            }
            Some(Fault::Slow(delay)) => Outcome::Slow {
                delay,
                reply: self.process(request, path, query, now),
            },
            Some(Fault::LoseResponse) => {
                self.process(request, path, query, now);
                Outcome::Drop
            }
            None => Outcome::Reply(self.process(request, path, query, now)),
        };
        let status = match &outcome {
            Outcome::Reply(r) | Outcome::Slow { reply: r, .. } => Some(r.status),
            Outcome::Drop => None,
        };
        if self.log.len() >= LOG_LIMIT {
            self.log.drain(..LOG_LIMIT / 2);
        }
        self.log.push(LoggedRequest {
            number,
            method: request.method,
            path: cut(path),
            query: cut(query),
            fault,
            status,
        });
        outcome
    }

    fn process(&mut self, request: &Request, path: &str, query: &str, now: Duration) -> Response {
        let now_micros = self.world.clock.at(now);
        let caller =
            match api::authenticate(&self.world, request.header("authorization"), now_micros) {
                Ok(caller) => caller,
                Err(reply) => {
                    let headers = self.count_request("", now).1;
                    return response(reply, headers);
                }
            };
        let (allowed, headers) = self.count_request(&caller.user_id, now);
        if !allowed {
            return response(
                api::error(
                    429,
                    text::TOO_MANY_REQUESTS,
                    text::TOO_MANY_REQUESTS_MESSAGE,
                ),
                headers,
            );
        }
        let reply = api::route(&mut self.world, &caller, request, path, query, now_micros);
        response(reply, headers)
    }

    /// The limit for a user: the scenario's, or their organization's plan's.
    fn limit_for(&self, user_id: &str) -> (u32, Duration) {
        if let Some(spec) = self.world.rate_limit {
            return (spec.limit, Duration::from_secs(spec.window_seconds));
        }
        let plan = self
            .world
            .user(user_id)
            .and_then(|u| self.world.organization(&u.organization))
            .map_or(Plan::Standard, |o| o.plan);
        (plan.requests_per_minute(), Duration::from_secs(60))
    }

    /// Counts one request against the user's window (unauthenticated requests share one).
    /// Returns whether it is allowed and the three headers.
    fn count_request(&mut self, user_id: &str, now: Duration) -> (bool, Vec<(String, String)>) {
        let (limit, length) = self.limit_for(user_id);
        let window = self.windows.entry(user_id.to_owned()).or_insert(Window {
            started: now,
            used: 0,
        });
        if now >= window.started + length {
            *window = Window {
                started: now,
                used: 0,
            };
        }
        let allowed = window.used < limit;
        if allowed {
            window.used += 1;
        }
        let reset = window.started + length - now;
        (allowed, rate_headers(limit, limit - window.used, reset))
    }

    /// The headers an injected 500 or 429 carries, without counting the request.
    fn peek_headers(
        &self,
        request: &Request,
        now: Duration,
        exhausted: bool,
    ) -> Vec<(String, String)> {
        let now_micros = self.world.clock.at(now);
        let user_id = api::authenticate(&self.world, request.header("authorization"), now_micros)
            .map(|c| c.user_id)
            .unwrap_or_default();
        let (limit, length) = self.limit_for(&user_id);
        let (used, reset) = match self.windows.get(&user_id) {
            Some(w) if now < w.started + length => (w.used, w.started + length - now),
            _ => (0, length),
        };
        rate_headers(limit, if exhausted { 0 } else { limit - used }, reset)
    }

    fn expire_retries(&mut self, now: Duration) {
        let now_micros = self.world.clock.at(now);
        let window = i64::try_from(RETRY_WINDOW.as_micros()).expect("fits");
        for stored in &mut self.world.subscriptions {
            let sub = &mut stored.subscription;
            let started = sub
                .retry_started_at
                .as_deref()
                .and_then(clock::parse_timestamp);
            if sub.state == SubscriptionState::Active
                && started.is_some_and(|t| now_micros >= t + window)
            {
                sub.state = SubscriptionState::Disabled;
                sub.updated_at = clock::format_timestamp(now_micros);
            }
        }
    }
}

/// `text`, or its first [`LOGGED_TEXT_LIMIT`] bytes (whole characters) and `…`.
fn cut(text: &str) -> String {
    if text.len() <= LOGGED_TEXT_LIMIT {
        return text.to_owned();
    }
    let mut end = LOGGED_TEXT_LIMIT - '…'.len_utf8();
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}…", &text[..end])
}

fn rate_headers(limit: u32, remaining: u32, reset: Duration) -> Vec<(String, String)> {
    // Whole seconds, rounded up, so a client that waits this long finds a fresh window.
    let reset_seconds = reset.as_micros().div_ceil(1_000_000);
    vec![
        ("X-RateLimit-Limit".into(), limit.to_string()),
        ("X-RateLimit-Remaining".into(), remaining.to_string()),
        ("X-RateLimit-Reset".into(), reset_seconds.to_string()),
    ]
}

fn response(reply: Reply, mut headers: Vec<(String, String)>) -> Response {
    let body = match reply.body {
        Some(body) => {
            headers.insert(
                0,
                (
                    "Content-Type".into(),
                    "application/json; charset=utf-8".into(),
                ),
            );
            body.to_string()
        }
        None => String::new(),
    };
    Response {
        status: reply.status,
        headers,
        body,
    }
}
