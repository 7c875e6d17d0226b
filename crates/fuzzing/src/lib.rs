//! The fuzz targets' bodies: one function per parser of something a user pastes or the
//! network returns. Each takes raw bytes, runs the parser, and checks what must hold for
//! every input, not only that nothing panics (an accepted callback address is HTTPS and
//! has no credentials; a usable token has no whitespace; the simulator answers with a
//! status Calendly uses and a JSON body). A broken rule panics, which is what both
//! runners look for:
//!
//! - `fuzz/` (cargo-fuzz, nightly): one `fuzz_target!` per entry of [`TARGETS`], run by
//!   `cargo xtask fuzz [--seconds N]`;
//! - `tests/corpus.rs` (stable, part of `cargo xtask test`): every file of every target's
//!   corpus (`fuzz/corpus/<target>/`) and the generated nasty inputs of [`seeds`], each
//!   within a time limit, so a hang fails too.
//!
//! Crashes and hangs found become named tests in `tests/regression.rs`.

pub mod seeds;
mod targets;

pub use targets::*;

/// A target's body: panics when a check fails.
pub type Check = fn(&[u8]);

/// Every target: its name (the folder of its corpus and the `fuzz/fuzz_targets` file)
/// and its body.
pub const TARGETS: &[(&str, Check)] = &[
    ("token_triage", token_triage),
    ("old_hooks", old_hooks),
    ("callback_url", callback_url),
    ("delivery", delivery),
    ("calendly_answer", calendly_answer),
    ("scenario", scenario),
    ("simulator_request", simulator_request),
    ("api_base", api_base),
    ("signature_header", signature_header),
];

/// Text as the page would receive it: the browser hands over valid UTF-8, replacing what
/// is not.
pub fn text(data: &[u8]) -> std::borrow::Cow<'_, str> {
    String::from_utf8_lossy(data)
}
