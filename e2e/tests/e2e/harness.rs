//! Servers, chromedriver and Chromium for one test; everything stops when the test ends.

use std::net::{IpAddr, Ipv4Addr, SocketAddr, TcpListener};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use server::{Config, Mode, Relay, Simulator};
use thirtyfour::prelude::*;

const LOOPBACK: SocketAddr = SocketAddr::new(IpAddr::V4(Ipv4Addr::LOCALHOST), 0);

fn env_path(name: &str, default: &str) -> PathBuf {
    std::env::var_os(name)
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(default))
}

/// The built app. Run through `cargo xtask test`, which builds it first.
pub fn dist() -> PathBuf {
    let dist = std::env::var_os("ASSISTANT_DIST")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../dist"));
    assert!(
        dist.join("index.html").is_file(),
        "no built app at {}: run `cargo xtask test`",
        dist.display()
    );
    dist
}

/// The app server (app + simulator + relay) and a second, API-only simulator server on
/// another port, as a page on one origin calling an API on another.
pub struct Servers {
    pub app: String,
    pub api: String,
    /// The API server's simulator, to check what the page did.
    pub api_simulator: Simulator,
}

impl Servers {
    /// The API server accepts calls from other loopback pages (CORS). The app server has
    /// no relay, so no test can ever reach the real Calendly through it.
    pub async fn start() -> Servers {
        Servers::with_scenario("solo").await
    }

    /// As [`Servers::start`], with the API simulating another scenario.
    pub async fn with_scenario(scenario: &str) -> Servers {
        Servers::around(
            Simulator::from_scenario(scenario).unwrap(),
            false,
            Mode::Local,
        )
        .await
    }

    /// The API server refuses calls from other pages, as Calendly might; the app server's
    /// relay leads to it (`with_relay`) or there is no relay at all.
    pub async fn cross_origin_blocked(with_relay: bool) -> Servers {
        let simulator = Simulator::from_scenario("solo")
            .unwrap()
            .without_cross_origin();
        Servers::around(simulator, with_relay, Mode::Local).await
    }

    /// As [`Servers::start`], but the app server is started as for users ([`Mode::Hosted`]):
    /// its Content-Security-Policy lets the page reach only itself and Calendly.
    pub async fn hosted() -> Servers {
        Servers::around(
            Simulator::from_scenario("solo").unwrap(),
            false,
            Mode::Hosted,
        )
        .await
    }

    async fn around(api_simulator: Simulator, relay_to_api: bool, mode: Mode) -> Servers {
        let api = Config {
            simulator: Some(api_simulator.clone()),
            ..Config::default()
        };
        let api = server::spawn(LOOPBACK, api).await.unwrap().url();
        let relay = relay_to_api.then(|| Relay::to_upstream(&format!("{api}/sandbox")));
        let app = app_server(relay, mode).await;
        Servers {
            app,
            api,
            api_simulator,
        }
    }
}

/// The app server as `cargo xtask serve` starts it (local use), unless `mode` says otherwise.
async fn app_server(relay: Option<Relay>, mode: Mode) -> String {
    let config = Config {
        dist: Some(dist()),
        simulator: Some(Simulator::from_scenario("solo").unwrap()),
        relay,
        mode,
        ..Config::default()
    };
    server::spawn(LOOPBACK, config).await.unwrap().url()
}

fn free_port() -> u16 {
    TcpListener::bind(LOOPBACK)
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// Servers and a browser showing the practice account (no token, no network).
pub async fn practice() -> (Servers, Browser) {
    let servers = Servers::start().await;
    let browser = Browser::open().await;
    crate::pages::WelcomePage::open(&browser.driver, &servers.app)
        .await
        .practice()
        .await;
    (servers, browser)
}

/// Open the page against the servers' API (`?api=`) and submit `token` on the token screen.
pub async fn sign_in(servers: &Servers, token: &str) -> Browser {
    sign_in_at(
        &format!("{}/?api={}/sandbox", servers.app, servers.api),
        token,
    )
    .await
}

/// Open the page as a user would, without `?api=` (so it calls Calendly, which the
/// browser cannot resolve here, then the app server's relay), and submit `token`.
pub async fn sign_in_without_test_server(servers: &Servers, token: &str) -> Browser {
    sign_in_at(&format!("{}/", servers.app), token).await
}

async fn sign_in_at(url: &str, token: &str) -> Browser {
    let browser = Browser::open().await;
    crate::pages::WelcomePage::open(&browser.driver, url)
        .await
        .use_my_account()
        .await
        .submit(token)
        .await;
    browser
}

/// A headless Chromium driven through its own chromedriver.
pub struct Browser {
    pub driver: WebDriver,
    chromedriver: Child,
    /// This browser's own profile folder, which also names its processes.
    profile: PathBuf,
}

impl Browser {
    pub async fn open() -> Browser {
        let port = free_port();
        let chromedriver = Command::new(env_path("CHROMEDRIVER", "/usr/bin/chromedriver"))
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("chromedriver starts (cargo xtask test installs it)");
        let started = Instant::now();
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(
                started.elapsed() < Duration::from_secs(20),
                "chromedriver did not listen"
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        let profile = std::env::temp_dir().join(format!("chromium-profile-{port}"));
        let mut caps = DesiredCapabilities::chrome();
        caps.set_binary(&env_path("CHROMIUM", "/usr/bin/chromium").to_string_lossy())
            .unwrap();
        for arg in [
            "--headless=new",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-dev-shm-usage",
            "--window-size=1200,900",
            // No test can ever reach the real Calendly: its API's name does not resolve,
            // so the page's direct calls fail as when a browser cannot make them.
            "--host-resolver-rules=MAP api.calendly.com ~NOTFOUND",
        ] {
            caps.add_arg(arg).unwrap();
        }
        caps.add_arg(&format!("--user-data-dir={}", profile.display()))
            .unwrap();
        let driver = WebDriver::new(format!("http://127.0.0.1:{port}"), caps)
            .await
            .expect("a Chromium session");
        Browser {
            driver,
            chromedriver,
            profile,
        }
    }

    pub async fn close(mut self) {
        let _ = self.driver.clone().quit().await;
        let _ = self.chromedriver.kill();
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = self.chromedriver.kill();
        let _ = self.chromedriver.wait();
        // A test that panicked never quit its session: Chromium outlives a killed
        // chromedriver, so end the processes started with this profile too.
        let _ = Command::new("pkill")
            .args(["-f", "--"])
            .arg(format!("user-data-dir={}", self.profile.display()))
            .status();
    }
}

/// The "solo" scenario's personal access token, as a user would paste it.
pub fn solo_token() -> String {
    let path =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../crates/sandbox/scenarios/solo.json");
    let scenario: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    first_token(&scenario).expect("solo.json lists a token")
}

/// The "solo" scenario's token with this label (`pat-revoked`, `oauth-expired`...).
pub fn solo_token_labelled(label: &str) -> String {
    scenario_token("solo", label)
}

/// A scenario's token with this label.
pub fn scenario_token(scenario: &str, label: &str) -> String {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join(format!("../crates/sandbox/scenarios/{scenario}.json"));
    let scenario: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    scenario["tokens"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["label"] == label)
        .and_then(|t| t["token"].as_str())
        .unwrap_or_else(|| panic!("{scenario}.json has no token labelled {label}"))
        .to_owned()
}

fn first_token(value: &serde_json::Value) -> Option<String> {
    match value {
        serde_json::Value::Object(map) => {
            if let Some(token) = map.get("token").and_then(|t| t.as_str()) {
                return Some(token.to_owned());
            }
            map.values().find_map(first_token)
        }
        serde_json::Value::Array(items) => items.iter().find_map(first_token),
        _ => None,
    }
}
