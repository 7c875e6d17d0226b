//! The simulator's test suite, one binary. Each rule of issue 3 has two tests side by
//! side: `simulator_…` sends raw requests and checks Calendly's exact status and body;
//! `client_…` runs `calendly::Client` against the simulator and checks the typed error.
//! Nothing here sleeps: time is the simulator's `now` or the transport's virtual clock.
//!
//! - `auth`:         401 for invalid, legacy, garbage, revoked and expired tokens
//! - `parameters`:   400 for missing and malformed parameters, `count`, `scope`, events
//! - `events`:       the 14 events and the scopes each allows
//! - `roles`:        organization scope for owners/admins only; user scope for oneself
//! - `organizations`: `GET /organizations/{uuid}`: name and plan, scope, other organizations
//! - `conflicts`:    409 for a callback URL already used
//! - `token_scopes`: 403 Insufficient scope, naming the scopes
//! - `plans`:        403 for plan-gated events
//! - `pagination`:   keyset pages, the pagination object, 250 subscriptions, DELETE 204
//! - `queries`:      a full address in a query, encoded or as typed, on every list endpoint
//! - `delivery`:     disabled subscriptions and `retry_started_at`
//! - `deliveries`:   sample deliveries to one subscription, for the practice receiver
//! - `samples`:      `GET /sample_webhook_data` for every event
//! - `rate_limits`:  the three headers, 429, and the client's wait-and-retry of reads
//! - `faults`:       injected 500, 429, dropped connections, slow answers, lost creates
//! - `log`:          the request log keeps the latest requests, long texts cut
//! - `scenarios`:    the built-in scenarios load, and their tokens look like Calendly's
//! - `transport`:    the in-process transport and its virtual clock

mod support;

mod auth;
mod conflicts;
mod deliveries;
mod delivery;
mod events;
mod faults;
mod log;
mod organizations;
mod pagination;
mod parameters;
mod plans;
mod queries;
mod rate_limits;
mod roles;
mod samples;
mod scenarios;
mod token_scopes;
mod transport;
