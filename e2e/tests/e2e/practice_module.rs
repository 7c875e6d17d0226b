//! Practice mode's simulated Calendly is a module of its own: the welcome screen loads
//! none of it, choosing practice fetches it, and a module that does not arrive is
//! explained in plain words.

use std::net::{Ipv4Addr, SocketAddr};

use server::Config;
use thirtyfour::prelude::*;

use crate::harness::{dist, Browser, Servers};
use crate::pages::{click_button, find_text, WelcomePage};

async fn fetched(driver: &WebDriver) -> Vec<String> {
    driver
        .execute(
            "return performance.getEntriesByType('resource').map(e => e.name);",
            Vec::new(),
        )
        .await
        .unwrap()
        .convert()
        .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_welcome_screen_loads_no_practice_code_and_choosing_practice_fetches_it() {
    let servers = Servers::start().await;
    let browser = Browser::open().await;
    let driver = &browser.driver;
    let welcome = WelcomePage::open(driver, &servers.app).await;
    let before = fetched(driver).await;
    assert!(
        before.iter().all(|url| !url.contains("/assets/practice-")),
        "{before:?}"
    );
    welcome.practice().await;
    let after = fetched(driver).await;
    for ending in [".js", ".wasm"] {
        assert!(
            after
                .iter()
                .any(|url| url.contains("/assets/practice-") && url.ends_with(ending)),
            "the practice module's {ending} was fetched: {after:?}"
        );
    }
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_practice_module_that_does_not_arrive_is_explained() {
    // The built app without its practice module, as after a deploy that lost it.
    let copy = std::env::temp_dir().join(format!("dist-without-practice-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&copy);
    std::fs::create_dir_all(copy.join("assets")).unwrap();
    for entry in walk(&dist()) {
        let relative = entry.strip_prefix(dist()).unwrap().to_path_buf();
        if !relative.to_string_lossy().starts_with("assets/practice-") {
            std::fs::copy(&entry, copy.join(&relative)).unwrap();
        }
    }
    let config = Config {
        dist: Some(copy.clone()),
        ..Config::default()
    };
    let app = server::spawn(SocketAddr::from((Ipv4Addr::LOCALHOST, 0)), config)
        .await
        .unwrap()
        .url();
    let browser = Browser::open().await;
    let driver = &browser.driver;
    WelcomePage::open(driver, &app).await;
    click_button(driver, "Practice with a sample account").await;
    let shown = find_text(driver, By::Tag("main"), "could not be prepared")
        .await
        .text()
        .await
        .unwrap();
    assert!(shown.contains("reload the page"), "{shown}");
    browser.close().await;
    let _ = std::fs::remove_dir_all(&copy);
}

fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let path = entry.path();
        if path.is_dir() {
            files.extend(walk(&path));
        } else {
            files.push(path);
        }
    }
    files
}
