//! `cargo xtask <command>`: the project's two set-up commands and its benchmarks.
//!
//! - `serve [--port N] [--scenario NAME|FILE]`: install what is missing, build the release
//!   bundle, and serve it with the relay and the simulator on 127.0.0.1.
//! - `test`: install what is missing, build, then run the native tests of every crate, the
//!   wasm-bindgen component tests in headless Chromium and the browser end-to-end tests.
//! - `bench`: build the app and the floor app, then measure sizes, load times, Lighthouse
//!   scores, migration runs, memory and the server under load (`load.rs`); print them
//!   beside their targets and write `target/bench.json` ([`bench`]).
//! - `build`: install what is missing and build the release bundle into `dist/`
//!   ([`build`]: hashed file names, each step skipped when its input has not changed).
//! - `fuzz [--seconds N] [TARGET…]`: run each fuzz target for a bounded time (nightly and
//!   cargo-fuzz; see `fuzz.rs`). `test` replays the fuzz corpora on stable.

mod bench;
mod build;
mod fuzz;
mod load;
mod tools;

use std::env;
use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

pub type Result<T = ()> = std::result::Result<T, String>;

const USAGE: &str = "usage: cargo xtask <serve [--port N] [--scenario NAME|FILE] | test | bench | build | fuzz [--seconds N] [TARGET...]>";

fn main() -> ExitCode {
    let args: Vec<String> = env::args().skip(1).collect();
    let root = project_root();
    let outcome = match args.first().map(String::as_str) {
        Some("serve") => serve(&root, &args[1..]),
        Some("test") => test(&root),
        Some("bench") => bench::bench(&root),
        Some("build") => build(&root),
        Some("fuzz") => fuzz::fuzz(&root, &args[1..]),
        _ => Err(USAGE.to_owned()),
    };
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("xtask: {message}");
            ExitCode::FAILURE
        }
    }
}

fn project_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask sits in the project root")
        .to_path_buf()
}

/// A line that says what is happening, so a long set-up is never silent.
pub fn step(what: &str) {
    eprintln!("==> {what}");
}

/// Run a command to completion; a failure names the command.
pub fn run(command: &mut Command) -> Result {
    let status = command
        .status()
        .map_err(|e| format!("could not start {:?}: {e}", command.get_program()))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!(
            "{:?} {:?} failed ({status})",
            command.get_program(),
            command.get_args().collect::<Vec<_>>()
        ))
    }
}

/// Where `cargo install` puts binaries.
pub fn cargo_bin(name: &str) -> PathBuf {
    let home = env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env::var_os("HOME").unwrap_or_default()).join(".cargo"));
    home.join("bin").join(name)
}

/// PATH with the pinned tools first: npm's wasm-opt and cargo-installed binaries.
fn tool_path(root: &Path) -> OsString {
    let mut dirs = vec![root.join("node_modules/.bin"), cargo_bin("")];
    dirs.extend(env::split_paths(&env::var_os("PATH").unwrap_or_default()));
    env::join_paths(dirs).expect("PATH entries are valid")
}

/// Install what is missing and build the release bundle into `dist/`.
fn build(root: &Path) -> Result {
    build::build(root, &build::APP).map(|_| ())
}

fn serve(root: &Path, args: &[String]) -> Result {
    let mut port = String::from("8080");
    let mut scenario = String::from("solo");
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        let value = args
            .next()
            .ok_or_else(|| format!("{arg} needs a value\n{USAGE}"))?;
        match arg.as_str() {
            "--port" => port = value.clone(),
            "--scenario" => scenario = value.clone(),
            _ => return Err(format!("unknown argument {arg}\n{USAGE}")),
        }
    }
    build(root)?;
    step("starting the server");
    run(Command::new("cargo")
        .args([
            "run",
            "--quiet",
            "-p",
            "server",
            "--bin",
            "assistant-server",
            "--",
        ])
        .args(["--dist", "dist", "--port", &port, "--scenario", &scenario])
        // Local use: the page may also be pointed at test servers on this machine (?api=).
        .arg("--local")
        .current_dir(root))
}

/// The environment every test stage runs in: pinned tools first on PATH, temporary files
/// (servers' scratch dirs, Chromium profiles) under `target/tmp`, and where the browser,
/// its driver and the built app are.
fn test_env(root: &Path, command: &mut Command) {
    command
        .current_dir(root)
        .env("PATH", tool_path(root))
        .env("TMPDIR", root.join("target/tmp"))
        .env("CHROMEDRIVER", tools::CHROMEDRIVER)
        .env("CHROMIUM", tools::CHROMIUM)
        .env("ASSISTANT_DIST", root.join("dist"))
        .env("WASM_BINDGEN_TEST_TIMEOUT", "120");
}

fn test(root: &Path) -> Result {
    tools::ensure_lint_tools()?;
    build(root)?;
    tools::ensure_interpreters()?;
    let tmp = root.join("target/tmp");
    // Each Chromium run leaves a profile behind: start clean and clean up after.
    let _ = std::fs::remove_dir_all(&tmp);
    std::fs::create_dir_all(&tmp).map_err(|e| format!("cannot create {}: {e}", tmp.display()))?;

    let stages: [(&str, &[&str]); 6] = [
        (
            "formatting (cargo fmt --check)",
            &["fmt", "--all", "--check"],
        ),
        (
            "lint (cargo clippy, warnings are errors)",
            &[
                "clippy",
                "--workspace",
                "--all-targets",
                "--",
                "-D",
                "warnings",
            ],
        ),
        (
            "lint of the web app and its component tests, as built for the browser",
            &[
                "clippy",
                "--target",
                "wasm32-unknown-unknown",
                "-p",
                "webhook-assistant",
                "--all-targets",
                "--",
                "-D",
                "warnings",
            ],
        ),
        (
            "native tests of every crate",
            &["test", "--workspace", "--exclude", "e2e", "--no-fail-fast"],
        ),
        (
            "component tests (wasm-bindgen-test in headless Chromium)",
            &[
                "test",
                "--target",
                "wasm32-unknown-unknown",
                "-p",
                "webhook-assistant",
                "--tests",
                "--no-fail-fast",
            ],
        ),
        (
            "end-to-end tests (WebDriver + headless Chromium against the server)",
            &["test", "-p", "e2e", "--no-fail-fast"],
        ),
    ];
    let mut failed = Vec::new();
    for (name, args) in stages {
        step(name);
        let mut command = Command::new("cargo");
        command.args(args);
        test_env(root, &mut command);
        if run(&mut command).is_err() {
            failed.push(name);
        }
    }
    let _ = std::fs::remove_dir_all(&tmp);
    if failed.is_empty() {
        step("all tests passed");
        Ok(())
    } else {
        Err(format!("failed: {}", failed.join("; ")))
    }
}
