//! The client's test suite, one binary, over a scripted transport (the simulator lives in
//! the `sandbox` crate, whose suite runs this client against it).
//!
//! - `requests`:   every call builds exactly the documented request
//! - `errors`:     each status and body becomes the right `Error`, with words for users
//! - `pages`:      pages are followed by `page_token`, and a looping server is caught
//! - `rate_limit`: reads wait out a 429 until the reset; writes never retry
//! - `secrets`:    no token or signing key in the `Debug` output of requests and errors

mod support;

mod errors;
mod pages;
mod rate_limit;
mod requests;
mod secrets;
