//! Every screen, live and practice, at 360 and 1280 px wide, light and dark: axe-core
//! (from npm, installed by `cargo xtask test`) finds no WCAG 2.1 A/AA violation inside the
//! real page, and nothing is wider than the window (no horizontal scrolling). With
//! `ASSISTANT_SCREENSHOTS=DIR` each screen is also saved as `DIR/look-<width>-<theme>-NAME.png`
//! for a person to look at.

use serde_json::json;
use thirtyfour::prelude::*;

use crate::harness::{solo_token, Browser, Servers};
use crate::pages::{click_button, field, find_text, snap, tick, JourneyPage, WelcomePage};

fn axe_source() -> String {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../node_modules/axe-core/axe.min.js");
    std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "{}: {e} (cargo xtask test installs axe-core)",
            path.display()
        )
    })
}

/// Run axe on the current page; the list of violations, one line each.
pub async fn violations(driver: &WebDriver) -> Vec<String> {
    // WebDriver scripts run outside the page's Content-Security-Policy.
    driver.execute(&axe_source(), Vec::new()).await.unwrap();
    let script = r#"
        const done = arguments[arguments.length - 1];
        axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] } })
          .then(r => done(r.violations.map(v => v.id + ": " + v.help + " -> " + v.nodes.map(n => n.target.join(" ")).join(", "))))
          .catch(e => done(["axe failed: " + e]));
    "#;
    let result = driver.execute_async(script, Vec::new()).await.unwrap();
    result.convert::<Vec<String>>().unwrap()
}

/// A window width and a colour theme.
#[derive(Clone, Copy)]
pub struct Look {
    pub width: u32,
    pub dark: bool,
}

impl Look {
    fn name(self) -> String {
        format!(
            "{}-{}",
            self.width,
            if self.dark { "dark" } else { "light" }
        )
    }

    /// Make the browser this wide (as a phone, below 600 px) and prefer this theme.
    pub async fn apply(self, driver: &WebDriver) {
        let cdp = driver.cdp();
        cdp.send_raw(
                "Emulation.setDeviceMetricsOverride",
                json!({ "width": self.width, "height": 900, "deviceScaleFactor": 1, "mobile": self.width < 600 }),
            )
            .await
            .unwrap();
        cdp.send_raw(
            "Emulation.setEmulatedMedia",
            json!({ "features": [{ "name": "prefers-color-scheme",
                                       "value": if self.dark { "dark" } else { "light" } }] }),
        )
        .await
        .unwrap();
    }
}

/// The widths of the page and of the window, and the widest element's description.
async fn widths(driver: &WebDriver) -> (f64, f64, String) {
    let found: Vec<serde_json::Value> = driver
        .execute(
            r#"
            const page = document.documentElement;
            let widest = "";
            let right = 0;
            for (const el of document.querySelectorAll("body *")) {
              const r = el.getBoundingClientRect().right;
              if (r > right) { right = r; widest = el.tagName + "." + el.className + " " + (el.textContent || "").slice(0, 60); }
            }
            return [page.scrollWidth, page.clientWidth, widest];
            "#,
            Vec::new(),
        )
        .await
        .unwrap()
        .convert()
        .unwrap();
    (
        found[0].as_f64().unwrap_or_default(),
        found[1].as_f64().unwrap_or_default(),
        found[2].as_str().unwrap_or_default().to_owned(),
    )
}

/// The checks every screen passes in every look.
pub async fn check(driver: &WebDriver, look: Look, screen: &str) {
    let (scroll, client, widest) = widths(driver).await;
    assert!(
        scroll <= client,
        "{screen} at {}: the page is {scroll} px wide in a {client} px window (widest: {widest})",
        look.name()
    );
    let found = violations(driver).await;
    assert!(
        found.is_empty(),
        "{screen} at {}:\n{}",
        look.name(),
        found.join("\n")
    );
    snap(driver, &format!("look-{}-{screen}", look.name())).await;
}

/// The live journey and then the practice journey, every screen checked.
async fn every_screen(look: Look) {
    let servers = Servers::start().await;
    let browser = Browser::open().await;
    let driver = &browser.driver;
    look.apply(driver).await;
    let url = format!("{}/?api={}/sandbox", servers.app, servers.api);
    let welcome = WelcomePage::open(driver, &url).await;
    check(driver, look, "1-welcome").await;
    let token = welcome.use_my_account().await;
    check(driver, look, "2-token").await;
    token.submit("not a token").await;
    find_text(driver, By::Css("[role=alert]"), "").await;
    check(driver, look, "2-token-refused").await;
    field(driver, "Personal access token")
        .await
        .clear()
        .await
        .unwrap();
    token.submit(&solo_token()).await;
    find_text(driver, By::ClassName("facts"), "Sam Solo").await;
    check(driver, look, "3-account").await;
    walk_on(driver, look, "live").await;

    click_button(driver, "Start over").await;
    WelcomePage(driver).practice().await;
    check(driver, look, "3-practice-account").await;
    walk_on(driver, look, "practice").await;
    browser.close().await;
}

/// From the account screen to the report, checking each screen on the way.
async fn walk_on(driver: &WebDriver, look: Look, way: &str) {
    click_button(driver, "Next: webhooks you already have").await;
    find_text(driver, By::Tag("h1"), "Webhooks you already have").await;
    check(driver, look, &format!("4-{way}-existing")).await;
    click_button(driver, "Next: your old webhooks").await;
    find_text(driver, By::Tag("h1"), "Your old webhooks").await;
    // A refused address shows its error; the screen must hold up with it.
    let address = field(driver, "Web address of the old webhook").await;
    address
        .send_keys(
            "http://localhost/a-very-long-path/that-goes-on-and-on/calendly-webhook-receiver",
        )
        .await
        .unwrap();
    click_button(driver, "Add").await;
    find_text(driver, By::Css("[role=alert]"), "localhost").await;
    check(driver, look, &format!("5-{way}-old-webhooks-refused")).await;
    address.clear().await.unwrap();
    JourneyPage(driver)
        .add_old_webhook(
            "https://hooks.example-crm-with-a-long-name.com/calendly/webhooks/receiver/v2/bookings",
        )
        .await;
    check(driver, look, &format!("5-{way}-old-webhooks")).await;
    click_button(driver, "Next: review the plan").await;
    find_text(driver, By::Tag("h1"), "Review the plan").await;
    check(driver, look, &format!("6-{way}-plan")).await;
    tick(driver, "I have saved this key somewhere safe").await;
    click_button(driver, "Create the subscriptions").await;
    find_text(driver, By::Tag("h1"), "Your new webhooks are set up").await;
    check(driver, look, &format!("7-{way}-report")).await;
    click_button(driver, "See an example message").await;
    find_text(driver, By::Tag("h3"), "What Calendly sends now").await;
    check(driver, look, &format!("7-{way}-report-example")).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_screen_holds_up_on_a_phone_in_light() {
    every_screen(Look {
        width: 360,
        dark: false,
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_screen_holds_up_on_a_phone_in_dark() {
    every_screen(Look {
        width: 360,
        dark: true,
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_screen_holds_up_on_a_laptop_in_light() {
    every_screen(Look {
        width: 1280,
        dark: false,
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_screen_holds_up_on_a_laptop_in_dark() {
    every_screen(Look {
        width: 1280,
        dark: true,
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_screen_holds_up_on_the_narrowest_phone() {
    every_screen(Look {
        width: 320,
        dark: false,
    })
    .await;
}
