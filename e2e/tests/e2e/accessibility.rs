//! Accessibility: axe-core (from npm, installed by `cargo xtask test`) checks each screen
//! against WCAG 2.1 A and AA rules inside the real page. Any violation fails the test and
//! is printed with the elements it concerns.

use thirtyfour::prelude::*;

use crate::harness::{practice, Browser, Servers};
use crate::pages::{click_button, field, find_text, tick, WelcomePage};

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

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn welcome_and_token_screens_have_no_accessibility_violations() {
    let servers = Servers::start().await;
    let browser = Browser::open().await;
    let driver = &browser.driver;
    let welcome = WelcomePage::open(driver, &servers.app).await;
    let found = violations(driver).await;
    assert!(found.is_empty(), "welcome screen:\n{}", found.join("\n"));

    welcome.use_my_account().await;
    let found = violations(driver).await;
    assert!(found.is_empty(), "token screen:\n{}", found.join("\n"));
    browser.close().await;
}

async fn assert_accessible(driver: &WebDriver, screen: &str) {
    let found = violations(driver).await;
    assert!(found.is_empty(), "{screen}:\n{}", found.join("\n"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_screen_of_the_practice_journey_has_no_accessibility_violations() {
    let (_servers, browser) = practice().await;
    let driver = &browser.driver;
    assert_accessible(driver, "account").await;

    click_button(driver, "Next: webhooks you already have").await;
    find_text(driver, By::Tag("h1"), "Webhooks you already have").await;
    assert_accessible(driver, "existing webhooks").await;

    click_button(driver, "Next: your old webhooks").await;
    find_text(driver, By::Tag("h1"), "Your old webhooks").await;
    // A refused address shows its error; the screen must stay accessible with it.
    field(driver, "Web address of the old webhook")
        .await
        .send_keys("http://localhost/hook")
        .await
        .unwrap();
    click_button(driver, "Add").await;
    find_text(driver, By::Css("[role=alert]"), "localhost").await;
    assert_accessible(driver, "old webhooks, with a refusal").await;
    let address = field(driver, "Web address of the old webhook").await;
    address.clear().await.unwrap();
    address
        .send_keys("https://crm.example.org/calendly")
        .await
        .unwrap();
    click_button(driver, "Add").await;
    find_text(driver, By::Tag("li"), "https://crm.example.org/calendly").await;
    assert_accessible(driver, "old webhooks").await;

    click_button(driver, "Next: review the plan").await;
    find_text(driver, By::Tag("h1"), "Review the plan").await;
    assert_accessible(driver, "plan").await;
    tick(driver, "I have saved this key somewhere safe").await;
    click_button(driver, "Create the subscriptions").await;
    find_text(driver, By::Tag("h1"), "Your new webhooks are set up").await;
    assert_accessible(driver, "report").await;
    browser.close().await;
}
