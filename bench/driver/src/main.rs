//! `bench-driver`: the figures of `cargo xtask bench` that need a server and a browser.
//! `cargo xtask bench` builds the assistant and the floor app, installs Lighthouse, runs
//! this, and merges the JSON object it writes with the bundle sizes into
//! `target/bench.json`.
//!
//! - Load times: `--loads` cold loads (a fresh Chromium profile each) of the assistant
//!   and of the floor app, alternating, each timed from navigation to the `first-screen`
//!   mark the app sets once its first screen is mounted; medians.
//! - Lighthouse (mobile preset, its default) on the welcome screen, three runs; the
//!   median of each category score.
//! - Migration runs: for each `--hooks` count, the page (served over HTTPS with HTTP/2,
//!   as users get it) signs in to the simulator's solo account through its relay, the
//!   simulator answering every request `--latency-ms` late; it reads that many old
//!   webhooks from a pasted list and reviews the plan; then the rate-limit window is
//!   started afresh (paid plan: 500 a minute) and the time is taken from pressing Create
//!   to the report heading, in the page. The requests are counted in the simulator's log;
//!   the floors are in [`ideal`].
//! - Memory: the page signed in to an account with 500 subscriptions, on the screen that
//!   lists them: the wasm memory plus the JS heap, after a garbage collection.
//!
//! `BENCH_TIMELINE=1` also prints each migration run's API requests with their times.
//!
//! The page is driven through the end-to-end tests' page objects (`e2e/tests/e2e/pages.rs`),
//! so a change of wording breaks the tests and the benchmark alike, and is mended once.

mod browser;
mod https;
mod ideal;
#[path = "../../../e2e/tests/e2e/pages.rs"]
#[allow(dead_code)]
mod pages;

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::time::Duration;

use axum::extract::{Request, State};
use axum::middleware::{self, Next};
use axum::response::Response;
use calendly::{Event, SubscriptionState, Target};
use sandbox::Sandbox;
use serde_json::{json, Value};
use server::{Config, Relay, Simulator};
use thirtyfour::prelude::*;

use browser::Browser;
use pages::{click_button, field, find_text, tick, JourneyPage, WelcomePage};

const USAGE: &str =
    "bench-driver --app-dist DIR --floor-dist DIR --out FILE [--lighthouse CLI_JS] \
[--loads N] [--hooks N,N,...] [--latency-ms N]";

/// The mark both apps set once their first screen is mounted.
const MARK: &str = "first-screen";

struct Args {
    app_dist: PathBuf,
    floor_dist: PathBuf,
    out: PathBuf,
    lighthouse: Option<PathBuf>,
    loads: usize,
    hooks: Vec<usize>,
    latency: Duration,
}

fn args() -> Result<Args, String> {
    let mut args = Args {
        app_dist: PathBuf::from("dist"),
        floor_dist: PathBuf::from("target/floor-dist"),
        out: PathBuf::from("target/bench-runtime.json"),
        lighthouse: None,
        loads: 10,
        hooks: vec![10, 100, 500],
        latency: Duration::from_millis(150),
    };
    let mut given = std::env::args().skip(1);
    while let Some(name) = given.next() {
        let value = given
            .next()
            .ok_or_else(|| format!("{name} needs a value\n{USAGE}"))?;
        let number = |v: &str| v.parse::<usize>().map_err(|_| format!("{name}: {v:?}"));
        match name.as_str() {
            "--app-dist" => args.app_dist = value.into(),
            "--floor-dist" => args.floor_dist = value.into(),
            "--out" => args.out = value.into(),
            "--lighthouse" => args.lighthouse = Some(value.into()),
            "--loads" => args.loads = number(&value)?,
            "--hooks" => {
                args.hooks = value
                    .split(',')
                    .filter(|v| !v.is_empty())
                    .map(number)
                    .collect::<Result<_, _>>()?
            }
            "--latency-ms" => args.latency = Duration::from_millis(number(&value)? as u64),
            _ => return Err(format!("unknown argument {name}\n{USAGE}")),
        }
    }
    Ok(args)
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let args = args().unwrap_or_else(|e| {
        eprintln!("bench-driver: {e}");
        std::process::exit(2)
    });
    let mut figures = serde_json::Map::new();

    let app = static_server(&args.app_dist, true).await;
    let floor = static_server(&args.floor_dist, false).await;
    eprintln!(
        "==> {} cold loads each of the assistant and the floor app",
        args.loads
    );
    let (mut ours, mut theirs) = (Vec::new(), Vec::new());
    for _ in 0..args.loads {
        ours.push(load_ms(&app).await);
        theirs.push(load_ms(&floor).await);
    }
    eprintln!("    ours {ours:?}\n    floor {theirs:?}");
    figures.insert("load_ms".into(), json!(ours));
    figures.insert("load_ms_median".into(), json!(median(&ours)));
    figures.insert("floor_load_ms".into(), json!(theirs));
    figures.insert("floor_load_ms_median".into(), json!(median(&theirs)));

    if let Some(cli) = &args.lighthouse {
        eprintln!("==> Lighthouse (mobile) on the welcome screen, three runs");
        let scores = lighthouse(cli, &app, 3).await;
        eprintln!("    {scores}");
        figures.insert("lighthouse_mobile".into(), scores);
    }

    let mut runs = Vec::new();
    for &hooks in &args.hooks {
        eprintln!(
            "==> migration of {hooks} webhooks, {} ms added latency",
            args.latency.as_millis()
        );
        let run = migration(&args.app_dist, hooks, args.latency).await;
        eprintln!("    {run}");
        runs.push(run);
    }
    figures.insert("migration".into(), Value::Array(runs));

    eprintln!("==> memory after listing 500 subscriptions");
    figures.insert("memory_mb".into(), json!(memory_mb(&args.app_dist).await));

    let text = serde_json::to_string_pretty(&Value::Object(figures)).unwrap();
    std::fs::write(&args.out, text)
        .unwrap_or_else(|e| panic!("cannot write {}: {e}", args.out.display()));
}

fn median(values: &[f64]) -> f64 {
    let mut sorted = values.to_vec();
    sorted.sort_by(f64::total_cmp);
    match sorted.len() {
        0 => f64::NAN,
        n if n % 2 == 1 => sorted[n / 2],
        n => (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0,
    }
}

/// `dist` served as in production (plain HTTP on loopback), with the simulator if asked.
async fn static_server(dist: &Path, with_simulator: bool) -> String {
    let config = Config {
        dist: Some(dist.to_path_buf()),
        simulator: with_simulator.then(|| Simulator::from_scenario("solo").unwrap()),
        ..Config::default()
    };
    server::spawn(SocketAddr::from(([127, 0, 0, 1], 0)), config)
        .await
        .unwrap()
        .url()
}

/// One cold load: navigation to the first-screen mark, in milliseconds.
async fn load_ms(url: &str) -> f64 {
    let browser = Browser::open(&[]).await;
    browser.driver.goto(url).await.unwrap();
    let script = format!(
        "const m = performance.getEntriesByName('{MARK}')[0]; return m ? m.startTime : null;"
    );
    let ms = browser
        .wait_for(&script, Duration::from_secs(60))
        .await
        .as_f64()
        .expect("a time");
    browser.close().await;
    ms
}

async fn lighthouse(cli: &Path, url: &str, runs: usize) -> Value {
    let mut scores: Vec<[f64; 4]> = Vec::new();
    let mut attempts = 0;
    while scores.len() < runs {
        attempts += 1;
        assert!(attempts <= runs + 3, "Lighthouse kept failing");
        match lighthouse_once(cli, url, attempts).await {
            Some(score) => scores.push(score),
            None => eprintln!("    a Lighthouse run failed; running it again"),
        }
    }
    let category = |i: usize| median(&scores.iter().map(|s| s[i]).collect::<Vec<_>>()).round();
    json!({
        "performance": category(0),
        "accessibility": category(1),
        "best_practices": category(2),
        "seo": category(3),
    })
}

/// One Lighthouse run: the four category scores, or `None` if it failed.
async fn lighthouse_once(cli: &Path, url: &str, run: usize) -> Option<[f64; 4]> {
    let report = std::env::temp_dir().join(format!("lighthouse-{run}.json"));
    let status = tokio::process::Command::new("node")
        .arg(cli)
        .arg(format!("{url}/"))
        .args([
            "--quiet",
            "--output=json",
            "--only-categories=performance,accessibility,best-practices,seo",
            "--chrome-flags=--headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage",
        ])
        .arg(format!("--output-path={}", report.display()))
        .env(
            "CHROME_PATH",
            std::env::var_os("CHROMIUM").unwrap_or("/usr/bin/chromium".into()),
        )
        .status()
        .await
        .expect("node runs Lighthouse");
    if !status.success() {
        return None;
    }
    let report: Value = serde_json::from_str(&std::fs::read_to_string(&report).ok()?).ok()?;
    let score = |name: &str| Some(report["categories"][name]["score"].as_f64()? * 100.0);
    Some([
        score("performance")?,
        score("accessibility")?,
        score("best-practices")?,
        score("seo")?,
    ])
}

/// Every request to the simulator waits `latency` before it is answered.
async fn added_latency(State(latency): State<Duration>, request: Request, next: Next) -> Response {
    if request.uri().path().starts_with("/sandbox/") {
        tokio::time::sleep(latency).await;
    }
    next.run(request).await
}

/// The app over HTTPS with HTTP/2 as users get it (hosted mode), its relay leading to a
/// simulator on another port that answers every request `latency` late. The page calls
/// Calendly itself first (the browser cannot resolve it: [`NO_CALENDLY`]), then goes
/// through the relay, as a browser that Calendly does not let in would.
async fn https_server(app_dist: &Path, simulator: &Simulator, latency: Duration) -> String {
    let api = Config {
        simulator: Some(simulator.clone()),
        ..Config::default()
    };
    let api = server::router(api)
        .expect("the simulator's router")
        .layer(middleware::from_fn_with_state(latency, added_latency));
    let listener = tokio::net::TcpListener::bind(SocketAddr::from(([127, 0, 0, 1], 0)))
        .await
        .unwrap();
    let upstream = format!("http://{}/sandbox", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, api).await });
    let app = Config {
        dist: Some(app_dist.to_path_buf()),
        relay: Some(Relay::to_upstream(&upstream)),
        ..Config::default()
    };
    https::serve(server::router(app).expect("the app's router")).await
}

/// Chromium flag: api.calendly.com cannot be resolved, so nothing reaches Calendly.
const NO_CALENDLY: &str = "--host-resolver-rules=MAP api.calendly.com ~NOTFOUND";

fn solo_token() -> String {
    Sandbox::scenario("solo")
        .unwrap()
        .token("pat")
        .unwrap()
        .to_owned()
}

/// Opens the page at `base` and signs in to the solo account (through its relay).
async fn signed_in(base: &str, flags: &[&str]) -> Browser {
    let mut flags = flags.to_vec();
    flags.extend([https::BROWSER_FLAG, NO_CALENDLY]);
    let browser = Browser::open(&flags).await;
    WelcomePage::open(&browser.driver, &format!("{base}/"))
        .await
        .use_my_account()
        .await
        .submit(&solo_token())
        .await;
    find_text(&browser.driver, By::ClassName("facts"), "Sam Solo").await;
    browser
}

/// The simulator's request numbers so far, and how many of them were 429s.
async fn requests_so_far(simulator: &Simulator) -> (u64, Vec<(u64, Option<u16>)>) {
    simulator
        .inspect(|s| {
            let log: Vec<(u64, Option<u16>)> =
                s.requests().iter().map(|r| (r.number, r.status)).collect();
            (log.last().map_or(0, |r| r.0), log)
        })
        .await
}

async fn migration(app_dist: &Path, hooks: usize, latency: Duration) -> Value {
    let simulator = Simulator::from_scenario("solo").unwrap();
    let base = https_server(app_dist, &simulator, latency).await;
    let browser = signed_in(&base, &[]).await;
    let driver = &browser.driver;
    let journey = JourneyPage(driver);
    journey.to_old_webhooks().await;

    let addresses: Vec<String> = (0..hooks)
        .map(|i| format!("https://crm{i}.example.org/calendly/bookings"))
        .collect();
    let paste = field(driver, "Paste your list").await;
    driver
        .execute(
            "arguments[0].value = arguments[1]; \
             arguments[0].dispatchEvent(new Event('input', { bubbles: true }));",
            vec![paste.to_json().unwrap(), json!(addresses.join("\n"))],
        )
        .await
        .unwrap();
    click_button(driver, "Read the list").await;
    find_text(driver, By::Tag("li"), addresses.last().unwrap()).await;
    click_button(driver, "Next: review the plan").await;
    find_text(driver, By::Tag("h1"), "Review the plan").await;
    tick(driver, "I have saved this key somewhere safe").await;

    let existing = simulator.inspect(|s| s.subscriptions().len()).await;
    // A fresh window from the first request after the press, as the floor assumes.
    simulator
        .inspect(|s| s.set_rate_limit(500, Duration::from_secs(60)))
        .await;
    let (before, _) = requests_so_far(&simulator).await;
    driver
        .execute(
            r#"
            const [label, headings] = arguments;
            const button = [...document.querySelectorAll("button")].find(b => b.textContent.includes(label));
            const shown = () => [...document.querySelectorAll("h1")].some(h => headings.some(t => h.textContent.includes(t)));
            window.__bench = { start: 0, end: null };
            const observer = new MutationObserver(() => {
              if (window.__bench.end === null && shown()) {
                window.__bench.end = performance.now();
                observer.disconnect();
              }
            });
            observer.observe(document.body, { childList: true, subtree: true, characterData: true });
            window.__bench.start = performance.now();
            button.click();
            "#,
            vec![
                json!("Create the subscriptions"),
                json!(["Your new webhooks are set up", "Your migration report"]),
            ],
        )
        .await
        .unwrap();
    let wall_ms = browser
        .wait_for(
            "const b = window.__bench; return b && b.end !== null ? b.end - b.start : null;",
            Duration::from_secs(600),
        )
        .await
        .as_f64()
        .unwrap();
    if std::env::var_os("BENCH_TIMELINE").is_some() {
        // Each API request from the press: [start, request sent, first byte, last byte] ms.
        let timeline = driver
            .execute(
                "const b = window.__bench; return performance.getEntriesByType('resource') \
                 .filter(e => e.name.includes('/calendly-api/') && e.startTime >= b.start) \
                 .map(e => [e.startTime, e.requestStart, e.responseStart, e.responseEnd] \
                 .map(t => Math.round(t - b.start)));",
                Vec::new(),
            )
            .await
            .unwrap();
        eprintln!("    timeline {}", timeline.json());
    }
    let (after, log) = requests_so_far(&simulator).await;
    let protocol = driver
        .execute(
            "const api = performance.getEntriesByType('resource').filter(e => e.name.includes('/calendly-api/')); \
             return api.length ? api[api.length - 1].nextHopProtocol : null;",
            Vec::new(),
        )
        .await
        .map(|r| r.json().clone())
        .unwrap_or(Value::Null);
    let limited = log
        .iter()
        .filter(|(n, status)| *n > before && *status == Some(429))
        .count();
    let created = simulator
        .inspect(move |s| s.subscriptions().len())
        .await
        .saturating_sub(existing);
    browser.close().await;

    let limits = ideal::Limits {
        latency_ms: latency.as_secs_f64() * 1000.0,
        in_flight: 8,
        per_window: 500,
        window_ms: 60_000.0,
    };
    json!({
        "hooks": hooks,
        "created": created,
        "requests": after - before,
        "requests_floor": ideal::requests_floor(existing, hooks),
        "responses_429": limited,
        "protocol": protocol,
        "wall_ms": wall_ms.round(),
        "wall_floor_ms": ideal::wall_floor_ms(ideal::list_pages(existing), hooks, limits),
    })
}

async fn memory_mb(app_dist: &Path) -> f64 {
    let simulator = Simulator::from_scenario("solo").unwrap();
    simulator
        .inspect(|s| {
            let me = s
                .subscriptions()
                .iter()
                .find_map(|sub| sub.user.clone())
                .expect("the solo account has a subscription of its own");
            for i in 0..500 {
                s.add_subscription(
                    &me,
                    &format!("https://listed{i}.example.org/hook"),
                    &[Event::InviteeCreated],
                    &Target::User(me.clone()),
                    SubscriptionState::Active,
                )
                .unwrap();
            }
        })
        .await;
    let base = https_server(app_dist, &simulator, Duration::ZERO).await;
    let browser = signed_in(
        &base,
        &["--enable-precise-memory-info", "--js-flags=--expose-gc"],
    )
    .await;
    let driver = &browser.driver;
    click_button(driver, "Next: webhooks you already have").await;
    click_button(driver, "Show all").await;
    find_text(driver, By::Tag("main"), "listed499.example.org").await;
    let used = driver
        .execute_async(
            r#"
            const done = arguments[arguments.length - 1];
            if (window.gc) gc();
            const glue = document.querySelector("link[rel=modulepreload]").href;
            import(glue)
              .then(m => m.default())
              .then(w => done(w.memory.buffer.byteLength + performance.memory.usedJSHeapSize))
              .catch(e => done("failed: " + e));
            "#,
            Vec::new(),
        )
        .await
        .unwrap();
    browser.close().await;
    let bytes = used
        .json()
        .as_f64()
        .unwrap_or_else(|| panic!("memory: {}", used.json()));
    bytes / (1024.0 * 1024.0)
}
