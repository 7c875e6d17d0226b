//! The migration core's integration tests, in one binary.
//!
//! - `sandbox_runs`: the executor against the in-process Calendly simulator: one test per
//!   rule (lost answers, 409, 429, disabled replacement, consolidation, cancel and resume,
//!   closing the page mid-request, a refused token, running twice), discovery, the report
//!   of a real run, and the 1,000-case property test with random plans, faults and
//!   interruptions.
//! - `concurrency`: several requests in flight (a transport that keeps each in flight for
//!   a while): at most `concurrency` at once, one shared listing, a long run kept under
//!   the rate limit by its headers without a 429, Stop during the wait.
//! - `practice_receiver`: the simulator's practice receiver is an accepted address in test
//!   mode only.
//! - `signature_checker`: the page's signature checker, one test per verdict.
//! - `snippets`: the signature checks the report hands to users, in Node.js, Python,
//!   Ruby, PHP, Go and Rust, run for real against deliveries signed here the way Calendly
//!   documents; the report shows exactly those files.
//! - `v1_view`: realistic V2 deliveries in the old v1 shape, and what is refused.
//! - `adapters`: the Node.js and Python adapters give exactly the v1 view's JSON.
//! - `support`: the realistic deliveries (`deliveries/*.json`) and running interpreters.

mod adapters;
mod concurrency;
mod practice_receiver;
mod sandbox_runs;
mod signature_checker;
mod snippets;
mod support;
mod v1_view;
