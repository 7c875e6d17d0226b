//! The migration core's integration tests, in one binary.
//!
//! - `sandbox_runs`: the executor against the in-process Calendly simulator: one test per
//!   rule (lost answers, 409, 429, disabled replacement, consolidation, cancel and resume,
//!   closing the page mid-request, a refused token, running twice), discovery, the report
//!   of a real run, and the 1,000-case property test with random plans, faults and
//!   interruptions.
//! - `signature_recipe`: the Node.js and Python verification snippets the report hands to
//!   users, run for real against signatures computed here the way Calendly documents.

mod sandbox_runs;
mod signature_recipe;
