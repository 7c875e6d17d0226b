//! `cargo xtask fuzz [--seconds N] [TARGET…]`: each cargo-fuzz target (`fuzz/`) runs for a
//! bounded time on the nightly toolchain (cargo-fuzz needs it; `cargo xtask test` does
//! not: it replays the corpora on stable). A run starts from the stored corpus
//! (`fuzz/corpus/<target>/`) and the generated nasty inputs (`fuzzing::seeds`), keeps what
//! it discovers under `target/fuzz/corpus/` (not in the repository), and stops at the
//! first crash or hang, which libFuzzer saves under `fuzz/artifacts/<target>/`.
//!
//! The figures (executions, speed, new inputs, peak memory, what was found) are printed
//! and written to `target/fuzz.json`. Built without AddressSanitizer (the code under test
//! is safe Rust) but with overflow checks and debug assertions, so arithmetic overflow is
//! found too.

use std::path::Path;
use std::process::{Command, Stdio};

use crate::{cargo_bin, step, Result};

/// cargo-fuzz, pinned like every tool (installed on first use of this command only).
pub const CARGO_FUZZ: &str = "0.13.2";

/// Every target, in the order they run (the names of `fuzz/fuzz_targets/*.rs`).
pub const TARGETS: [&str; 9] = [
    "token_triage",
    "old_hooks",
    "callback_url",
    "delivery",
    "calendly_answer",
    "scenario",
    "simulator_request",
    "api_base",
    "signature_header",
];

/// What one target's run gave.
struct Figures {
    target: String,
    executions: u64,
    per_second: u64,
    new_inputs: u64,
    peak_rss_mb: u64,
    finding: Option<String>,
}

pub fn fuzz(root: &Path, args: &[String]) -> Result {
    let mut seconds: u64 = 60;
    let mut chosen = Vec::new();
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--seconds" => {
                seconds = args
                    .next()
                    .and_then(|v| v.parse().ok())
                    .ok_or("--seconds takes a whole number")?
            }
            name if TARGETS.contains(&name) => chosen.push(name.to_owned()),
            other => {
                return Err(format!(
                    "unknown fuzz target or argument {other}; targets: {}",
                    TARGETS.join(", ")
                ))
            }
        }
    }
    if chosen.is_empty() {
        chosen = TARGETS.iter().map(|t| t.to_string()).collect();
    }
    let nightly = Command::new("cargo")
        .args(["+nightly", "--version"])
        .output()
        .is_ok_and(|o| o.status.success());
    if !nightly {
        return Err("fuzzing needs the nightly toolchain: rustup toolchain install nightly".into());
    }
    crate::tools::ensure_cargo_tool(
        "cargo-fuzz",
        CARGO_FUZZ,
        &["cargo-fuzz", "--version", CARGO_FUZZ, "--locked"],
    )?;
    let work = root.join("target/fuzz");
    step("writing the generated seeds");
    crate::run(
        Command::new("cargo")
            .args([
                "run",
                "--quiet",
                "-p",
                "fuzzing",
                "--bin",
                "write-seeds",
                "--",
            ])
            .arg(work.join("seeds"))
            .current_dir(root),
    )?;
    let mut all = Vec::new();
    for target in &chosen {
        step(&format!("fuzzing {target} for {seconds} s"));
        all.push(run_target(root, &work, target, seconds)?);
    }
    report(root, seconds, &all)
}

fn run_target(root: &Path, work: &Path, target: &str, seconds: u64) -> Result<Figures> {
    let corpus = work.join("corpus").join(target);
    std::fs::create_dir_all(&corpus)
        .map_err(|e| format!("cannot create {}: {e}", corpus.display()))?;
    let output = Command::new(cargo_bin("cargo-fuzz"))
        .env("RUSTUP_TOOLCHAIN", "nightly")
        .args(["run", "--sanitizer", "none", "--target-dir"])
        .arg(work.join("build"))
        .arg(target)
        .arg(&corpus)
        .arg(root.join("fuzz/corpus").join(target))
        .arg(work.join("seeds").join(target))
        .arg("--")
        .arg(format!("-max_total_time={seconds}"))
        .args([
            "-timeout=10",
            "-rss_limit_mb=4096",
            // Small inputs run fast; the huge generated seeds are replayed whole by the
            // stable tests, here they are cut to this length.
            "-max_len=8192",
            "-print_final_stats=1",
        ])
        .current_dir(root)
        .stdout(Stdio::inherit())
        .output()
        .map_err(|e| format!("could not start cargo fuzz: {e}"))?;
    let log = String::from_utf8_lossy(&output.stderr);
    let stat = |name: &str| {
        log.lines()
            .rev()
            .filter_map(|l| l.strip_prefix(&format!("stat::{name}:")))
            .find_map(|v| v.trim().parse::<u64>().ok())
            .unwrap_or(0)
    };
    let finding = (!output.status.success()).then(|| {
        let artifact = log
            .lines()
            .find_map(|l| l.split("Test unit written to ").nth(1))
            .unwrap_or("no artifact written (see the output above)");
        let what = log
            .lines()
            .find(|l| {
                l.contains("panicked at") || l.contains("ERROR: libFuzzer") || l.contains("error[")
            })
            .unwrap_or("the run failed");
        eprintln!("{log}");
        format!("{what} -> {artifact}")
    });
    Ok(Figures {
        target: target.to_owned(),
        executions: stat("number_of_executed_units"),
        per_second: stat("average_exec_per_sec"),
        new_inputs: stat("new_units_added"),
        peak_rss_mb: stat("peak_rss_mb"),
        finding,
    })
}

fn report(root: &Path, seconds: u64, all: &[Figures]) -> Result {
    println!(
        "{:<20} {:>12} {:>10} {:>10} {:>10}  finding",
        "target", "executions", "per s", "new", "peak MB"
    );
    let mut json = Vec::new();
    for f in all {
        println!(
            "{:<20} {:>12} {:>10} {:>10} {:>10}  {}",
            f.target,
            f.executions,
            f.per_second,
            f.new_inputs,
            f.peak_rss_mb,
            f.finding.as_deref().unwrap_or("none")
        );
        json.push(serde_json::json!({
            "target": f.target,
            "seconds": seconds,
            "executions": f.executions,
            "executions_per_second": f.per_second,
            "new_inputs": f.new_inputs,
            "peak_rss_mb": f.peak_rss_mb,
            "finding": f.finding,
        }));
    }
    let out = root.join("target/fuzz.json");
    let text = serde_json::to_string_pretty(&json).expect("figures serialize");
    std::fs::write(&out, text).map_err(|e| format!("cannot write {}: {e}", out.display()))?;
    let found: Vec<&str> = all
        .iter()
        .filter(|f| f.finding.is_some())
        .map(|f| f.target.as_str())
        .collect();
    if found.is_empty() {
        Ok(())
    } else {
        Err(format!(
            "fuzzing found a crash or hang in: {}",
            found.join(", ")
        ))
    }
}
