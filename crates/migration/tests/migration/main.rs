//! The migration core's integration tests, in one binary.
//!
//! - `sandbox_runs`: the executor against the in-process Calendly simulator: one test per
//!   rule (lost answers, 409, 429, disabled replacement, consolidation, cancel and resume,
//!   closing the page mid-request, a refused token, running twice), discovery, the report
//!   of a real run, and the 1,000-case property test with random plans, faults and
//!   interruptions.
//! - `signature_checker`: the page's signature checker, one test per verdict.
//! - `signature_recipe`: the Node.js and Python verification snippets the report hands to
//!   users, run for real against signatures computed here the way Calendly documents.
//! - `v1_view`: realistic V2 deliveries in the old v1 shape, and what is refused.
//! - `support`: the realistic deliveries (`deliveries/*.json`) and running interpreters.

mod sandbox_runs;
mod signature_checker;
mod signature_recipe;
mod support;
mod v1_view;
