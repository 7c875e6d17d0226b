//! A headless Chromium with its own chromedriver and a fresh profile, so every page load
//! is cold (no HTTP cache, no compiled-code cache).

use std::net::TcpListener;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use thirtyfour::prelude::*;

fn env_path(name: &str, default: &str) -> PathBuf {
    std::env::var_os(name)
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(default))
}

pub struct Browser {
    pub driver: WebDriver,
    chromedriver: Child,
    profile: PathBuf,
}

impl Browser {
    /// A browser with the usual quiet flags plus `extra`.
    pub async fn open(extra: &[&str]) -> Browser {
        let port = TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
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
        let profile = std::env::temp_dir().join(format!("bench-profile-{port}"));
        let _ = std::fs::remove_dir_all(&profile);
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
        ]
        .iter()
        .chain(extra)
        {
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

    /// Polls `script` (which returns null until it has an answer) for up to `patience`.
    pub async fn wait_for(&self, script: &str, patience: Duration) -> serde_json::Value {
        let started = Instant::now();
        loop {
            let value = self
                .driver
                .execute(script, Vec::new())
                .await
                .map(|r| r.json().clone())
                .unwrap_or(serde_json::Value::Null);
            if !value.is_null() {
                return value;
            }
            assert!(
                started.elapsed() < patience,
                "no answer from {script:?} after {patience:?}"
            );
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = self.chromedriver.kill();
        let _ = self.chromedriver.wait();
        // Chromium outlives a killed chromedriver: end the processes of this profile.
        let _ = Command::new("pkill")
            .args(["-f", "--"])
            .arg(format!("user-data-dir={}", self.profile.display()))
            .status();
        let _ = std::fs::remove_dir_all(&self.profile);
    }
}
