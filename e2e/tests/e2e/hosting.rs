//! The built app as the real server sends it: every file the page names carries its
//! content's hash and is cached for a year, the page itself is revalidated, unknown
//! addresses are a 404 with the short page, `robots.txt` is a real file; and `dist/`
//! tells static hosts the same caching rules. The page holds the welcome screen before
//! the app has loaded, and the app draws the same.

use std::collections::BTreeSet;

use crate::harness::{dist, Browser, Servers};
use crate::pages::WelcomePage;

const IMMUTABLE: &str = "public, max-age=31536000, immutable";

/// Every `assets/…` file named in `text` (attributes of the page, imports of a script).
fn assets_named_in(text: &str) -> BTreeSet<String> {
    text.split("assets/")
        .skip(1)
        .filter_map(|rest| {
            let name: String = rest
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
                .collect();
            (!name.is_empty()).then_some(name)
        })
        .collect()
}

/// `NAME-0123456789abcdef.EXT`, as the build names what it hashes.
fn is_hashed(file: &str) -> bool {
    let stem = file.split('.').next().unwrap_or_default();
    !file.contains('/')
        && stem.rsplit_once('-').is_some_and(|(_, hash)| {
            hash.len() == 16 && hash.bytes().all(|b| b.is_ascii_hexdigit())
        })
}

#[tokio::test]
async fn every_file_the_page_needs_is_cached_for_good_and_the_page_is_revalidated() {
    let servers = Servers::start().await;
    let http = reqwest::Client::new();
    let page = http.get(format!("{}/", servers.app)).send().await.unwrap();
    assert_eq!(page.status(), 200);
    assert_eq!(page.headers()["cache-control"], "no-cache");
    let html = page.text().await.unwrap();
    let named = assets_named_in(&html);
    for kind in ["style-", "boot-", "webhook-assistant-", "practice-"] {
        assert!(
            named.iter().any(|n| n.starts_with(kind)),
            "the page names no {kind}… file: {named:?}"
        );
    }
    let mut checked = BTreeSet::new();
    let mut to_check: Vec<String> = named.into_iter().collect();
    while let Some(name) = to_check.pop() {
        if !checked.insert(name.clone()) {
            continue;
        }
        let response = http
            .get(format!("{}/assets/{name}", servers.app))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 200, "{name}");
        assert_eq!(response.headers()["cache-control"], IMMUTABLE, "{name}");
        if name.ends_with(".js") {
            // What a script imports or fetches (the boot script the app, the glue its
            // wasm) is hashed and cached the same way.
            let script = response.text().await.unwrap();
            for inner in [".js", ".wasm"] {
                for found in script.split(&['"', '\''][..]) {
                    let found = found.trim_start_matches("./");
                    if found.ends_with(inner) && is_hashed(found) {
                        to_check.push(found.to_owned());
                    }
                }
            }
        }
    }
    assert!(
        checked
            .iter()
            .any(|n| n.ends_with(".wasm") && n.starts_with("webhook-assistant-")),
        "the app's wasm was reached through its glue: {checked:?}"
    );
}

#[tokio::test]
async fn unknown_addresses_are_404_and_robots_txt_is_a_file() {
    let servers = Servers::start().await;
    let http = reqwest::Client::new();
    let robots = http
        .get(format!("{}/robots.txt", servers.app))
        .send()
        .await
        .unwrap();
    assert_eq!(robots.status(), 200);
    assert!(robots.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/plain"));
    assert!(robots.text().await.unwrap().starts_with("User-agent: *"));
    for path in [
        "/connect",
        "/favicon.ico",
        "/index.php",
        "/assets/webhook-assistant.js",
        "/assets/style-0000000000000000.css",
    ] {
        let response = http
            .get(format!("{}{path}", servers.app))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 404, "{path}");
        assert_eq!(response.headers()["cache-control"], "no-cache", "{path}");
        let body = response.text().await.unwrap();
        assert!(
            body.contains("There is no page at this address"),
            "{path}: {body}"
        );
    }
}

#[test]
fn static_hosts_are_told_the_same_rules() {
    let dist = dist();
    let rules = std::fs::read_to_string(dist.join("_headers")).unwrap();
    assert!(
        rules.contains(&format!("/assets/*\n  Cache-Control: {IMMUTABLE}\n")),
        "{rules}"
    );
    assert!(
        rules.contains("/index.html\n  Cache-Control: no-cache\n"),
        "{rules}"
    );
    assert!(dist.join("404.html").is_file());
    assert!(dist.join("robots.txt").is_file());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_page_holds_the_welcome_screen_before_the_app_loads_and_the_app_draws_the_same() {
    let servers = Servers::start().await;
    let html = reqwest::get(format!("{}/", servers.app))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(html.contains(WelcomePage::HEADING), "{html}");
    assert!(html.contains("Practice with a sample account"));

    let browser = Browser::open().await;
    let driver = &browser.driver;
    WelcomePage::open(driver, &servers.app).await;
    let same: Vec<bool> = driver
        .execute_async(
            r##"
            const done = arguments[arguments.length - 1];
            fetch("./").then(r => r.text()).then(text => {
              const page = new DOMParser().parseFromString(text, "text/html");
              const shape = root => [...root.querySelectorAll("*")]
                .map(e => e.tagName + "." + e.className).join(" ");
              const [before, after] = [page.querySelector("#app"), document.querySelector("#app")];
              done([before.textContent === after.textContent, shape(before) === shape(after)]);
            });
            "##,
            Vec::new(),
        )
        .await
        .unwrap()
        .convert()
        .unwrap();
    assert_eq!(same, [true, true], "the same words, in the same elements");
    browser.close().await;
}
