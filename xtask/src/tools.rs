//! The tools the build and the tests need, with their versions pinned here and only here
//! (a test checks that `Cargo.toml` and `package.json` agree). Each is installed only when
//! missing or at another version, from the registries this project may use: crates.io
//! (`cargo install`), npm (`npm ci`, versions in `package-lock.json`) and Debian (`apt-get`).

use std::path::Path;
use std::process::Command;

use crate::{cargo_bin, run, step, Result};

/// Must equal the `wasm-bindgen` crate version pinned in the root `Cargo.toml`.
pub const WASM_BINDGEN: &str = "0.2.130";
/// npm's binaryen; Debian's (108) cannot read current wasm-bindgen output.
pub const BINARYEN: &str = "132.0.0";
pub const CHROMIUM: &str = "/usr/bin/chromium";
/// For `cargo xtask bench` only; 13 needs Node 22.
pub const LIGHTHOUSE: &str = "12.2.3";
pub const CHROMEDRIVER: &str = "/usr/bin/chromedriver";
/// The interpreters the snippet tests run users' code with (Node.js and Python come
/// with the machine): program, its version argument and its Debian package.
pub const INTERPRETERS: [(&str, &str, &str); 3] = [
    ("ruby", "--version", "ruby"),
    ("php", "--version", "php-cli"),
    ("go", "version", "golang-go"),
];

/// Install whatever is missing. Cheap when everything is there.
pub fn ensure_all(root: &Path) -> Result {
    ensure_wasm_target()?;
    // Without --locked: its lock file pins a webpki-roots release the registry lacks.
    ensure_cargo_tool(
        "wasm-bindgen",
        WASM_BINDGEN,
        &["wasm-bindgen-cli", "--version", WASM_BINDGEN],
    )?;
    ensure_npm_tools(root)?;
    ensure_chromium()
}

fn output_of(program: &str, args: &[&str]) -> Option<String> {
    let out = Command::new(program).args(args).output().ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).into_owned())
}

/// rustfmt and clippy, which `cargo xtask test` runs; rustup adds them when the toolchain
/// came without them.
pub fn ensure_lint_tools() -> Result {
    for (tool, component) in [("fmt", "rustfmt"), ("clippy", "clippy")] {
        if output_of("cargo", &[tool, "--version"]).is_none() {
            step(&format!("installing {component} with rustup"));
            run(Command::new("rustup").args(["component", "add", component]))?;
        }
    }
    Ok(())
}

fn ensure_wasm_target() -> Result {
    let installed = output_of("rustup", &["target", "list", "--installed"]).unwrap_or_default();
    if installed
        .lines()
        .any(|l| l.trim() == "wasm32-unknown-unknown")
    {
        return Ok(());
    }
    step("installing the wasm32-unknown-unknown target");
    run(Command::new("rustup").args(["target", "add", "wasm32-unknown-unknown"]))
}

pub fn ensure_cargo_tool(binary: &str, version: &str, install: &[&str]) -> Result {
    let path = cargo_bin(binary);
    let found = output_of(&path.to_string_lossy(), &["--version"]).unwrap_or_default();
    if found.split_whitespace().nth(1) == Some(version) {
        return Ok(());
    }
    step(&format!(
        "installing {binary} {version} with cargo install (a few minutes, once)"
    ));
    run(Command::new("cargo").arg("install").args(install))
}

fn ensure_npm_tools(root: &Path) -> Result {
    let wasm_opt = root.join("node_modules/.bin/wasm-opt");
    let major = BINARYEN.split('.').next().unwrap_or_default();
    let found = output_of(&wasm_opt.to_string_lossy(), &["--version"]).unwrap_or_default();
    if found.contains(&format!("version {major}"))
        && root.join("node_modules/axe-core/axe.min.js").is_file()
    {
        return Ok(());
    }
    step("installing npm tools (binaryen's wasm-opt, axe-core) with npm ci");
    run(Command::new("npm")
        .args(["ci", "--no-audit", "--no-fund"])
        .current_dir(root))
}

/// Lighthouse from npm into `target/lighthouse/`, for the benchmark only (so the tests
/// never install it). Returns the path of its command line.
pub fn ensure_lighthouse(root: &Path) -> Result<std::path::PathBuf> {
    let dir = root.join("target/lighthouse");
    let cli = dir.join("node_modules/lighthouse/cli/index.js");
    let manifest = dir.join("node_modules/lighthouse/package.json");
    let installed = std::fs::read_to_string(&manifest).unwrap_or_default();
    if cli.is_file() && installed.contains(&format!("\"version\": \"{LIGHTHOUSE}\"")) {
        return Ok(cli);
    }
    step(&format!(
        "installing Lighthouse {LIGHTHOUSE} with npm (for the benchmark only)"
    ));
    std::fs::create_dir_all(&dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    let package = dir.join("package.json");
    if !package.is_file() {
        std::fs::write(&package, "{ \"private\": true }\n")
            .map_err(|e| format!("cannot write {}: {e}", package.display()))?;
    }
    run(Command::new("npm")
        .args(["install", "--save-exact", "--no-audit", "--no-fund"])
        .arg(format!("lighthouse@{LIGHTHOUSE}"))
        .current_dir(&dir))?;
    Ok(cli)
}

fn ensure_chromium() -> Result {
    if Path::new(CHROMIUM).is_file() && Path::new(CHROMEDRIVER).is_file() {
        return Ok(());
    }
    step("installing Debian's chromium and chromium-driver with apt-get");
    run(Command::new("apt-get").args(["update", "-q"]))?;
    run(Command::new("apt-get")
        .args(["install", "-y", "-q", "chromium", "chromium-driver"])
        .env("DEBIAN_FRONTEND", "noninteractive"))
}

/// Install Debian's Ruby, PHP and Go when one is missing (the tests run the report's
/// snippets with them).
pub fn ensure_interpreters() -> Result {
    let missing: Vec<&str> = INTERPRETERS
        .iter()
        .filter(|(program, version, _)| output_of(program, &[version]).is_none())
        .map(|(_, _, package)| *package)
        .collect();
    if missing.is_empty() {
        return Ok(());
    }
    step(&format!(
        "installing Debian's {} with apt-get",
        missing.join(", ")
    ));
    run(Command::new("apt-get").args(["update", "-q"]))?;
    run(Command::new("apt-get")
        .args(["install", "-y", "-q", "--no-install-recommends"])
        .args(&missing)
        .env("DEBIAN_FRONTEND", "noninteractive"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(file: &str) -> String {
        std::fs::read_to_string(crate::project_root().join(file)).unwrap()
    }

    #[test]
    fn cargo_toml_pins_the_same_wasm_bindgen_as_the_cli() {
        assert!(read("Cargo.toml").contains(&format!("wasm-bindgen = \"={WASM_BINDGEN}\"")));
    }

    #[test]
    fn package_json_pins_binaryen() {
        assert!(read("package.json").contains(&format!("\"binaryen\": \"{BINARYEN}\"")));
    }
}
