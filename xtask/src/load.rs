//! The server under load, for `cargo xtask bench` (key `load` of `target/bench.json`):
//! the release `assistant-server` serves the built app, the simulator and the relay, with
//! the relay pointed at the server's own simulator (`--relay-to`), so nothing leaves the
//! machine. For [`SECONDS`], [`CLIENTS`] loopback clients, each with its own keep-alive
//! connection, repeat what a page does: fetch the app's files (asking for brotli, as
//! browsers do), then call the simulator and the relay. Every answer must be a 2xx; an
//! error is any other status or a failed connection.
//!
//! Figures: requests per second, p50 and p99 latency, errors, and the server's peak
//! memory (`VmHWM`, the largest resident set the kernel saw) next to its memory at rest.
//! The scenario is `solo` with its rate limit raised out of reach, since the point is the
//! server, not the simulated 429s. Load generator and server share this machine's cores,
//! so the figures are a floor.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use serde_json::{json, Value};

use crate::{step, Result};

/// How long the load lasts.
pub const SECONDS: u64 = 30;
/// How many clients send requests at the same time.
pub const CLIENTS: usize = 200;

/// Measure, record the figures under `load` in `target/bench.json`, and fail if any
/// request failed.
pub fn run(root: &Path) -> Result {
    let load = measure(root)?;
    crate::bench::record(root, "load", load.clone())?;
    match load["errors"].as_u64() {
        Some(0) => Ok(()),
        _ => Err(format!(
            "the server failed requests under load: {}",
            load["error_examples"]
        )),
    }
}

/// Measure the server under load; the `load` object of `target/bench.json`.
pub fn measure(root: &Path) -> Result<Value> {
    let dist = root.join("dist");
    step("building the release server for the load test");
    crate::run(
        Command::new("cargo")
            .args([
                "build",
                "--release",
                "--quiet",
                "-p",
                "server",
                "--bin",
                "assistant-server",
            ])
            .current_dir(root),
    )?;
    let (scenario, token) = load_scenario(root)?;
    let port = free_port()?;
    let base = format!("http://127.0.0.1:{port}");
    let mut server = Server(
        Command::new(root.join("target/release/assistant-server"))
            .arg("--dist")
            .arg(&dist)
            .args(["--port", &port.to_string(), "--scenario"])
            .arg(&scenario)
            .args(["--relay-to", &format!("{base}/sandbox")])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|e| format!("cannot start assistant-server: {e}"))?,
    );
    let paths = request_paths(&dist)?;
    step(&format!(
        "load: {CLIENTS} clients for {SECONDS} s against {base} (app files, simulator, relay)"
    ));
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| format!("no Tokio runtime: {e}"))?;
    let figures = runtime.block_on(async {
        wait_until_up(&base).await?;
        let at_rest = memory_kib(server.0.id(), "VmRSS");
        let outcome = run_clients(&base, &token, Arc::new(paths)).await;
        Ok::<_, String>((at_rest, outcome))
    });
    let peak = memory_kib(server.0.id(), "VmHWM");
    server.stop();
    let (at_rest, outcome) = figures?;
    let mut latencies = outcome.latencies_us;
    latencies.sort_unstable();
    let percentile = |p: f64| -> f64 {
        if latencies.is_empty() {
            return 0.0;
        }
        let index = ((latencies.len() as f64 * p).ceil() as usize).clamp(1, latencies.len()) - 1;
        latencies[index] as f64 / 1000.0
    };
    let requests = latencies.len() as u64 + outcome.errors;
    let rate = requests as f64 / outcome.elapsed.as_secs_f64();
    let mib = |kib: Option<u64>| kib.map(|k| (k as f64 / 1024.0 * 10.0).round() / 10.0);
    let load = json!({
        "seconds": SECONDS,
        "clients": CLIENTS,
        "requests": requests,
        "requests_per_second": rate.round(),
        "latency_ms": {
            "p50": (percentile(0.50) * 100.0).round() / 100.0,
            "p99": (percentile(0.99) * 100.0).round() / 100.0,
        },
        "errors": outcome.errors,
        "error_examples": outcome.examples,
        "server_memory_mib": {
            "at_rest": mib(at_rest),
            "peak": mib(peak),
        },
        "mix": "per client, in turn: the app's files (index.html, scripts, styles, wasm; brotli), then 5 simulator and 5 relay calls (users/me, webhook_subscriptions, organization_memberships)",
    });
    println!(
        "load: {requests} requests in {:.1} s = {:.0}/s, p50 {:.2} ms, p99 {:.2} ms, {} errors, server memory {} MiB at rest, {} MiB peak",
        outcome.elapsed.as_secs_f64(),
        rate,
        percentile(0.50),
        percentile(0.99),
        outcome.errors,
        mib(at_rest).map_or("?".into(), |m| m.to_string()),
        mib(peak).map_or("?".into(), |m| m.to_string()),
    );
    Ok(load)
}

/// The server process, stopped however the measurement ends.
struct Server(Child);

impl Server {
    fn stop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.stop();
    }
}

/// `solo` with a rate limit no client reaches, written under `target/`; and its token.
fn load_scenario(root: &Path) -> Result<(PathBuf, String)> {
    let source = root.join("crates/sandbox/scenarios/solo.json");
    let text = std::fs::read_to_string(&source)
        .map_err(|e| format!("cannot read {}: {e}", source.display()))?;
    let mut scenario: Value =
        serde_json::from_str(&text).map_err(|e| format!("{}: {e}", source.display()))?;
    scenario["rate_limit"] = json!({ "limit": 1_000_000_000u64, "window_seconds": 60 });
    let token = scenario["tokens"]
        .as_array()
        .and_then(|tokens| tokens.iter().find(|t| t["label"] == "pat"))
        .and_then(|t| t["token"].as_str())
        .ok_or("solo.json has no token labelled pat")?
        .to_owned();
    let out = root.join("target/load-scenario.json");
    std::fs::write(&out, scenario.to_string())
        .map_err(|e| format!("cannot write {}: {e}", out.display()))?;
    Ok((out, token))
}

fn free_port() -> Result<u16> {
    let listener = std::net::TcpListener::bind("127.0.0.1:0")
        .map_err(|e| format!("no free loopback port: {e}"))?;
    listener
        .local_addr()
        .map(|a| a.port())
        .map_err(|e| e.to_string())
}

/// One request of the mix: the path, and whether it carries the token.
struct Call {
    path: String,
    signed_in: bool,
}

/// The files a browser fetches (the bundle without its precompressed copies), then the
/// API calls a signed-in page makes, through the simulator and through the relay.
fn request_paths(dist: &Path) -> Result<Vec<Call>> {
    let mut calls = vec![Call {
        path: "/".into(),
        signed_in: false,
    }];
    for file in crate::bench::bundle_files(dist)? {
        // Relative to dist/: the hashed files are under assets/.
        let name = file
            .strip_prefix(dist)
            .unwrap_or(&file)
            .to_string_lossy()
            .into_owned();
        if name != "index.html" {
            calls.push(Call {
                path: format!("/{name}"),
                signed_in: false,
            });
        }
    }
    // The simulator's organization and user are found by the first call; these queries
    // use `scope=user` with the URIs filled in at run time (see `run_clients`).
    for mount in ["/sandbox", "/calendly-api"] {
        for path in [
            "/users/me",
            "/webhook_subscriptions?scope=user&organization={org}&user={user}&count=100",
            "/organization_memberships?organization={org}&user={user}&count=100",
            "/users/me",
            "/webhook_subscriptions?scope=organization&organization={org}&count=100",
        ] {
            calls.push(Call {
                path: format!("{mount}{path}"),
                signed_in: true,
            });
        }
    }
    Ok(calls)
}

async fn wait_until_up(base: &str) -> Result {
    let client = reqwest::Client::new();
    let started = Instant::now();
    while started.elapsed() < Duration::from_secs(30) {
        if client
            .get(format!("{base}/"))
            .send()
            .await
            .is_ok_and(|r| r.status().is_success())
        {
            return Ok(());
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    Err(format!("the server at {base} did not answer within 30 s"))
}

/// Every client's results together.
#[derive(Default)]
struct Outcome {
    latencies_us: Vec<u64>,
    errors: u64,
    /// A few errors, to say what went wrong.
    examples: Vec<String>,
    elapsed: Duration,
}

async fn run_clients(base: &str, token: &str, calls: Arc<Vec<Call>>) -> Outcome {
    // Who the token belongs to, for the list queries.
    let me: Value = match reqwest::Client::new()
        .get(format!("{base}/sandbox/users/me"))
        .bearer_auth(token)
        .send()
        .await
    {
        Ok(response) => {
            serde_json::from_slice(&response.bytes().await.unwrap_or_default()).unwrap_or_default()
        }
        Err(_) => Value::Null,
    };
    let user = me["resource"]["uri"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    let org = me["resource"]["current_organization"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    let encode = |text: &str| -> String {
        text.bytes()
            .map(|b| match b {
                b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                    (b as char).to_string()
                }
                _ => format!("%{b:02X}"),
            })
            .collect()
    };
    let urls: Arc<Vec<(String, bool)>> = Arc::new(
        calls
            .iter()
            .map(|call| {
                let path = call
                    .path
                    .replace("{org}", &encode(&org))
                    .replace("{user}", &encode(&user));
                (format!("{base}{path}"), call.signed_in)
            })
            .collect(),
    );
    let started = Instant::now();
    let deadline = started + Duration::from_secs(SECONDS);
    let mut clients = Vec::with_capacity(CLIENTS);
    for n in 0..CLIENTS {
        let urls = urls.clone();
        let token = token.to_owned();
        clients.push(tokio::spawn(async move {
            let http = reqwest::Client::builder()
                .pool_max_idle_per_host(1)
                .timeout(Duration::from_secs(30))
                .build()
                .expect("an HTTP client");
            let mut mine = Outcome::default();
            // Each client starts at another point of the mix, so all kinds run at once.
            let mut next = n % urls.len();
            while Instant::now() < deadline {
                let (url, signed_in) = &urls[next];
                next = (next + 1) % urls.len();
                let mut request = http.get(url).header("accept-encoding", "br, gzip");
                if *signed_in {
                    request = request.bearer_auth(&token);
                }
                let sent = Instant::now();
                let outcome = match request.send().await {
                    Ok(response) if response.status().is_success() => response
                        .bytes()
                        .await
                        .map(|_| ())
                        .map_err(|e| e.to_string()),
                    Ok(response) => Err(format!("{} for {url}", response.status())),
                    Err(error) => Err(format!("{error} for {url}")),
                };
                match outcome {
                    Ok(()) => mine.latencies_us.push(sent.elapsed().as_micros() as u64),
                    Err(what) => {
                        mine.errors += 1;
                        if mine.examples.len() < 3 {
                            mine.examples.push(what);
                        }
                    }
                }
            }
            mine
        }));
    }
    let mut all = Outcome::default();
    for client in clients {
        if let Ok(mine) = client.await {
            all.latencies_us.extend(mine.latencies_us);
            all.errors += mine.errors;
            for example in mine.examples {
                if all.examples.len() < 5 {
                    all.examples.push(example);
                }
            }
        }
    }
    all.elapsed = started.elapsed();
    all
}

/// A memory figure of a process from `/proc/<pid>/status`, in KiB (Linux only).
fn memory_kib(pid: u32, field: &str) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    status
        .lines()
        .find_map(|l| l.strip_prefix(&format!("{field}:")))?
        .split_whitespace()
        .next()?
        .parse()
        .ok()
}
