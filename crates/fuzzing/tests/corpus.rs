//! Every fuzz target's corpus, replayed as ordinary tests on the stable toolchain: the
//! stored inputs (`fuzz/corpus/<target>/`: realistic pastes and answers, and nasty ones:
//! BOMs, CRLF, invalid UTF-8 in CSV, homoglyph and IDN hosts, IPv6 literals,
//! `javascript:` and `data:` URLs) and the generated ones (`fuzzing::seeds`: huge and
//! deeply nested). Each input must pass its target's checks within [`TIME_LIMIT`], so a
//! hang fails as surely as a panic. One test per target.

use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// Generous for an unoptimised build on a busy machine; what it catches are blow-ups
/// (quadratic work on a megabyte input takes minutes, not seconds).
const TIME_LIMIT: Duration = Duration::from_secs(60);

fn fuzz_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fuzz")
}

/// The stored corpus of `target`, by file name.
fn stored(target: &str) -> Vec<(String, Vec<u8>)> {
    let dir = fuzz_dir().join("corpus").join(target);
    let mut files: Vec<(String, Vec<u8>)> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|entry| {
            let path = entry.unwrap().path();
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            (name, std::fs::read(&path).unwrap())
        })
        .collect();
    files.sort();
    files
}

/// Runs every input of `target`; panics naming each input that failed or took too long.
fn replay(target: &str) {
    let (_, check) = fuzzing::TARGETS
        .iter()
        .find(|(name, _)| *name == target)
        .expect("a target of fuzzing::TARGETS");
    let stored = stored(target);
    assert!(!stored.is_empty(), "{target} has no stored corpus");
    let inputs = stored
        .into_iter()
        .map(|(name, bytes)| (format!("corpus/{target}/{name}"), bytes))
        .chain(
            fuzzing::seeds::generated(target)
                .into_iter()
                .map(|(name, bytes)| (format!("generated {name}"), bytes)),
        );
    let mut failures = Vec::new();
    for (name, bytes) in inputs {
        let (done, finished) = mpsc::channel();
        let check = *check;
        let started = Instant::now();
        // Its own thread, so a hang can be reported (and left behind) instead of
        // stopping the whole run.
        std::thread::Builder::new()
            .name(name.clone())
            .stack_size(64 << 20)
            .spawn(move || {
                let outcome = std::panic::catch_unwind(|| check(&bytes));
                let _ = done.send(outcome.is_ok());
            })
            .unwrap();
        match finished.recv_timeout(TIME_LIMIT) {
            Ok(true) => {}
            Ok(false) => failures.push(format!("{name}: panicked (message above)")),
            Err(_) => failures.push(format!(
                "{name}: still running after {:?}",
                started.elapsed()
            )),
        }
    }
    assert!(failures.is_empty(), "{target}:\n{}", failures.join("\n"));
}

#[test]
fn every_target_has_a_fuzz_target_file_and_a_corpus() {
    let dir = fuzz_dir().join("fuzz_targets");
    let mut files: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| {
            e.unwrap()
                .path()
                .file_stem()
                .unwrap()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    files.sort();
    let mut names: Vec<String> = fuzzing::TARGETS
        .iter()
        .map(|(n, _)| n.to_string())
        .collect();
    names.sort();
    assert_eq!(files, names, "fuzz/fuzz_targets and fuzzing::TARGETS agree");
    let manifest = std::fs::read_to_string(fuzz_dir().join("Cargo.toml")).unwrap();
    for name in &names {
        assert!(
            manifest.contains(&format!("name = \"{name}\"")),
            "fuzz/Cargo.toml declares {name}"
        );
        assert!(!stored(name).is_empty());
    }
}

#[test]
fn token_triage_corpus() {
    replay("token_triage");
}

#[test]
fn old_hooks_corpus() {
    replay("old_hooks");
}

#[test]
fn callback_url_corpus() {
    replay("callback_url");
}

#[test]
fn delivery_corpus() {
    replay("delivery");
}

#[test]
fn calendly_answer_corpus() {
    replay("calendly_answer");
}

#[test]
fn scenario_corpus() {
    replay("scenario");
}

#[test]
fn simulator_request_corpus() {
    replay("simulator_request");
}

#[test]
fn api_base_corpus() {
    replay("api_base");
}

#[test]
fn signature_header_corpus() {
    replay("signature_header");
}
