//! The heart of the product, pure Rust over data: token triage, parsing the old webhooks a
//! user pastes, the plan (a diff against the subscriptions that exist), signing keys, the
//! executor that runs a plan safely twice, and the report. The web app only displays what
//! it decides.

pub mod account;
pub mod callback;
pub mod events;
pub mod executor;
pub mod old_hooks;
pub mod plan;
pub mod report;
pub mod signing;
pub mod token;
