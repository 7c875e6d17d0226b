//! `cargo xtask bench`: the figures of issue 10 in one run, printed beside their targets
//! and written to `target/bench.json`.
//!
//! 1. Builds the assistant (`dist/`) and the floor app (`bench/floor`, a bare Yew +
//!    gloo-net app, into `target/floor-dist/`) with the same pipeline, profile and tools.
//! 2. Sizes, from the files as built: `first_load_*` is every file the welcome screen
//!    needs before it is usable (the page, stylesheet, boot script, the main module's
//!    glue and wasm), raw and at the compression the server sends (`.gz` at level 9,
//!    `.br` at quality 11); `practice_module_gzip` what choosing practice mode adds;
//!    `floor_gzip` the floor app's first load; `size_ratio` ours over the floor.
//! 3. Installs Lighthouse 12.2.3 from npm into `target/lighthouse/` (the tests never
//!    need it), then runs `bench-driver` (`bench/driver`) for the figures that need a
//!    server and a browser: load times and `load_ratio`, Lighthouse, the migration runs
//!    and memory (see its header for how each is taken).
//! 4. The server under load (`load.rs`, key `load`), recorded into the same file.

use std::io::Write;
use std::path::Path;
use std::process::Command;

use serde_json::{json, Map, Value};

use crate::build::{self, Bundle};
use crate::{step, tools, Result};

pub fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    encoder.write_all(bytes).expect("writing to memory");
    encoder.finish().expect("writing to memory")
}

pub fn brotli(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    let params = brotli::enc::BrotliEncoderParams {
        quality: 11,
        lgwin: 22,
        ..Default::default()
    };
    brotli::BrotliCompress(&mut &bytes[..], &mut out, &params).expect("writing to memory");
    out
}

/// The files a browser may fetch: the bundle without its precompressed copies.
pub fn bundle_files(dist: &Path) -> Result<Vec<std::path::PathBuf>> {
    let mut files = Vec::new();
    let mut dirs = vec![dist.to_path_buf()];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir)
            .map_err(|e| format!("cannot read {}: {e}", dir.display()))?
            .flatten()
        {
            let path = entry.path();
            if path.is_dir() {
                dirs.push(path);
            } else if !matches!(path.extension().and_then(|e| e.to_str()), Some("br" | "gz")) {
                files.push(path);
            }
        }
    }
    files.sort();
    Ok(files)
}

/// One file as it travels.
struct Size {
    name: String,
    raw: u64,
    gzip: u64,
    brotli: u64,
}

fn file_len(path: &Path) -> Result<u64> {
    std::fs::metadata(path)
        .map(|m| m.len())
        .map_err(|e| format!("cannot read {}: {e}", path.display()))
}

fn sizes(bundle: &Bundle, files: &[String]) -> Result<Vec<Size>> {
    files
        .iter()
        .map(|name| {
            let path = bundle.dist.join(name);
            Ok(Size {
                name: name.clone(),
                raw: file_len(&path)?,
                gzip: file_len(&path.with_file_name(format!("{}.gz", file_name(&path))))?,
                brotli: file_len(&path.with_file_name(format!("{}.br", file_name(&path))))?,
            })
        })
        .collect()
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .unwrap_or_default()
        .to_string_lossy()
        .into_owned()
}

fn total(sizes: &[Size]) -> (u64, u64, u64) {
    sizes.iter().fold((0, 0, 0), |(r, g, b), s| {
        (r + s.raw, g + s.gzip, b + s.brotli)
    })
}

pub fn bench(root: &Path) -> Result {
    let app = build::build(root, &build::APP)?;
    let floor = build::build(root, &build::FLOOR)?;

    let first = sizes(&app, &app.first_load)?;
    let practice = sizes(&app, &app.on_demand)?;
    let floor_first = sizes(&floor, &floor.first_load)?;
    println!(
        "\n{:<52} {:>10} {:>10} {:>10}",
        "first load", "raw", "gzip -9", "brotli 11"
    );
    for s in &first {
        println!(
            "{:<52} {:>10} {:>10} {:>10}",
            s.name, s.raw, s.gzip, s.brotli
        );
    }
    let (raw, gz, br) = total(&first);
    println!("{:<52} {raw:>10} {gz:>10} {br:>10}", "total");
    for s in &practice {
        println!(
            "{:<52} {:>10} {:>10} {:>10}",
            format!("(practice) {}", s.name),
            s.raw,
            s.gzip,
            s.brotli
        );
    }
    let (_, floor_gz, _) = total(&floor_first);
    let mut figures = Map::new();
    figures.insert("first_load_gzip".into(), json!(gz));
    figures.insert("first_load_brotli".into(), json!(br));
    figures.insert("first_load_raw".into(), json!(raw));
    figures.insert("practice_module_gzip".into(), json!(total(&practice).1));
    figures.insert("floor_gzip".into(), json!(floor_gz));
    figures.insert(
        "size_ratio".into(),
        json!(ratio(gz as f64, floor_gz as f64)),
    );

    let lighthouse = tools::ensure_lighthouse(root)?;
    let runtime = root.join("target/bench-runtime.json");
    let tmp = root.join("target/tmp");
    std::fs::create_dir_all(&tmp).map_err(|e| format!("cannot create {}: {e}", tmp.display()))?;
    step("load times, Lighthouse, migration runs and memory (bench-driver)");
    let _ = std::fs::remove_file(&runtime);
    let mut driver = Command::new("cargo");
    driver
        .args([
            "run",
            "--quiet",
            "--profile",
            "driver",
            "-p",
            "bench-driver",
            "--",
        ])
        .arg("--app-dist")
        .arg(&app.dist)
        .arg("--floor-dist")
        .arg(&floor.dist)
        .arg("--lighthouse")
        .arg(&lighthouse)
        .arg("--out")
        .arg(&runtime)
        .current_dir(root)
        .env("TMPDIR", &tmp)
        .env("CHROMIUM", tools::CHROMIUM)
        .env("CHROMEDRIVER", tools::CHROMEDRIVER);
    run_quieting_the_relay(&mut driver)?;
    let measured: Value = serde_json::from_str(
        &std::fs::read_to_string(&runtime)
            .map_err(|e| format!("cannot read {}: {e}", runtime.display()))?,
    )
    .map_err(|e| format!("{}: {e}", runtime.display()))?;
    if let Value::Object(measured) = measured {
        figures.extend(measured);
    }
    let load_ratio = ratio(
        number(&figures, "load_ms_median"),
        number(&figures, "floor_load_ms_median"),
    );
    figures.insert("load_ratio".into(), json!(load_ratio));

    print_against_targets(&figures);
    let out = root.join("target/bench.json");
    let text = serde_json::to_string_pretty(&Value::Object(figures)).expect("plain JSON");
    std::fs::write(&out, text + "\n")
        .map_err(|e| format!("cannot write {}: {e}", out.display()))?;
    step(&format!("figures written to {}", out.display()));
    crate::load::run(root)
}

/// Sets `key` in `target/bench.json`, keeping the other figures.
pub fn record(root: &Path, key: &str, value: Value) -> Result {
    let file = root.join("target/bench.json");
    let mut all: Map<String, Value> = std::fs::read_to_string(&file)
        .ok()
        .and_then(|text| serde_json::from_str(&text).ok())
        .unwrap_or_default();
    all.insert(key.to_owned(), value);
    let text = serde_json::to_string_pretty(&all).expect("figures serialize");
    std::fs::write(&file, text).map_err(|e| format!("cannot write {}: {e}", file.display()))
}

/// Runs `command`, passing on its error output except the relay's line per call (the
/// migration runs go through the relay, thousands of calls).
fn run_quieting_the_relay(command: &mut Command) -> Result {
    use std::io::BufRead;
    let mut child = command
        .stderr(std::process::Stdio::piped())
        .spawn()
        .map_err(|e| format!("could not start {:?}: {e}", command.get_program()))?;
    if let Some(stderr) = child.stderr.take() {
        for line in std::io::BufReader::new(stderr)
            .lines()
            .map_while(|l| l.ok())
        {
            if !line.starts_with("relay ") {
                eprintln!("{line}");
            }
        }
    }
    let status = child.wait().map_err(|e| format!("bench-driver: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("bench-driver failed ({status})"))
    }
}

fn ratio(ours: f64, floor: f64) -> f64 {
    (ours / floor * 100.0).round() / 100.0
}

fn number(figures: &Map<String, Value>, key: &str) -> f64 {
    figures.get(key).and_then(Value::as_f64).unwrap_or(f64::NAN)
}

/// The issue's targets, each beside its figure.
fn print_against_targets(figures: &Map<String, Value>) {
    let row = |name: &str, value: String, target: &str, met: bool| {
        println!(
            "{name:<28} {value:>14}   {target:<28} {}",
            if met { "met" } else { "NOT MET" }
        );
    };
    println!("\n{:<28} {:>14}   {:<28}", "figure", "value", "target");
    let gz = number(figures, "first_load_gzip");
    row(
        "first_load_gzip",
        format!("{gz}"),
        "<= 200000",
        gz <= 200_000.0,
    );
    let size_ratio = number(figures, "size_ratio");
    row(
        "size_ratio",
        format!("{size_ratio}"),
        "<= 2.3",
        size_ratio <= 2.3,
    );
    let load_ratio = number(figures, "load_ratio");
    row(
        "load_ratio",
        format!("{load_ratio}"),
        "<= 1.5",
        load_ratio <= 1.5,
    );
    if let Some(Value::Object(lighthouse)) = figures.get("lighthouse_mobile") {
        for (name, want) in [
            ("performance", 98.0),
            ("accessibility", 100.0),
            ("best_practices", 100.0),
            ("seo", 100.0),
        ] {
            let got = lighthouse.get(name).and_then(Value::as_f64).unwrap_or(0.0);
            row(
                &format!("lighthouse {name}"),
                format!("{got}"),
                &format!(">= {want}"),
                got >= want,
            );
        }
    }
    if let Some(Value::Array(runs)) = figures.get("migration") {
        for run in runs {
            let get = |k: &str| run.get(k).and_then(Value::as_f64).unwrap_or(f64::NAN);
            let hooks = get("hooks");
            row(
                &format!("requests ({hooks} hooks)"),
                format!("{}", get("requests")),
                &format!("= {}", get("requests_floor")),
                get("requests") == get("requests_floor"),
            );
            let limit = 1.25 * get("wall_floor_ms");
            row(
                &format!("wall_ms ({hooks} hooks)"),
                format!("{}", get("wall_ms")),
                &format!("<= {limit} (1.25 x floor)"),
                get("wall_ms") <= limit,
            );
        }
    }
    let memory = number(figures, "memory_mb");
    row("memory_mb", format!("{:.1}", memory), "< 32", memory < 32.0);
}
