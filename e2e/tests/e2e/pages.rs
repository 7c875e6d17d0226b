//! Page objects: each screen as a user sees it, found by heading, label and button text.

use std::time::{Duration, Instant};

use base64::Engine as _;
use thirtyfour::prelude::*;

const PATIENCE: Duration = Duration::from_secs(20);
const POLL: Duration = Duration::from_millis(100);

/// Wait for the element that matches `by` and contains `text`. Polls, and tolerates
/// elements that the app replaces while they are being read (the page starts with a
/// placeholder that the app swaps out).
pub async fn find_text(driver: &WebDriver, by: By, text: &str) -> WebElement {
    let started = Instant::now();
    loop {
        for element in driver.find_all(by.clone()).await.unwrap_or_default() {
            if element.text().await.is_ok_and(|t| t.contains(text)) {
                return element;
            }
        }
        if started.elapsed() > PATIENCE {
            let body = driver.find(By::Tag("body")).await.ok();
            let shown = match body {
                Some(body) => body.text().await.unwrap_or_default(),
                None => String::new(),
            };
            panic!("no {by:?} with text {text:?} after {PATIENCE:?}; the page shows:\n{shown}");
        }
        tokio::time::sleep(POLL).await;
    }
}

/// With `ASSISTANT_SCREENSHOTS=DIR`, save the whole page (not only what fits in the
/// window) as `DIR/NAME.png`, so a person can look at every screen the tests pass through.
pub async fn snap(driver: &WebDriver, name: &str) {
    let Some(dir) = std::env::var_os("ASSISTANT_SCREENSHOTS") else {
        return;
    };
    let dir = std::path::PathBuf::from(dir);
    std::fs::create_dir_all(&dir).unwrap();
    let shot = driver
        .cdp()
        .send_raw(
            "Page.captureScreenshot",
            serde_json::json!({ "format": "png", "captureBeyondViewport": true }),
        )
        .await
        .unwrap();
    let data = shot["data"].as_str().expect("a screenshot");
    let png = base64::engine::general_purpose::STANDARD
        .decode(data)
        .expect("a PNG in base64");
    std::fs::write(dir.join(format!("{name}.png")), png).unwrap();
}

pub async fn click_button(driver: &WebDriver, label: &str) {
    find_text(driver, By::Tag("button"), label)
        .await
        .click()
        .await
        .unwrap();
}

/// A form field by its visible label.
pub async fn field(driver: &WebDriver, label: &str) -> WebElement {
    let label = find_text(driver, By::Tag("label"), label).await;
    let id = label
        .attr("for")
        .await
        .unwrap()
        .expect("the label names its field");
    driver.find(By::Id(&id)).await.unwrap()
}

pub struct WelcomePage<'a>(pub &'a WebDriver);

impl WelcomePage<'_> {
    pub const HEADING: &'static str = "Move your Calendly webhooks to the new system";

    /// Opens the page and waits for the app: the welcome screen is in the page before
    /// (rendered at build time), its buttons only once the app runs.
    pub async fn open<'a>(driver: &'a WebDriver, url: &str) -> WelcomePage<'a> {
        driver.goto(url).await.unwrap();
        find_text(driver, By::Tag("h1"), Self::HEADING).await;
        let started = Instant::now();
        while !driver
            .find_all(By::Css("#app[data-prerendered]"))
            .await
            .unwrap_or_default()
            .is_empty()
        {
            assert!(started.elapsed() < PATIENCE, "the app did not start");
            tokio::time::sleep(POLL).await;
        }
        snap(driver, "1-welcome").await;
        WelcomePage(driver)
    }

    pub async fn use_my_account(&self) -> TokenPage<'_> {
        click_button(self.0, "Use my Calendly account").await;
        find_text(self.0, By::Tag("h1"), TokenPage::HEADING).await;
        snap(self.0, "2-token").await;
        TokenPage(self.0)
    }

    /// Practice with the default pretend account; returns once it is shown.
    pub async fn practice(&self) {
        click_button(self.0, "Practice with a sample account").await;
        find_text(self.0, By::ClassName("facts"), "Sam Solo").await;
    }
}

pub struct TokenPage<'a>(pub &'a WebDriver);

impl TokenPage<'_> {
    pub const HEADING: &'static str = "Connect your Calendly account";

    pub async fn submit(&self, token: &str) {
        field(self.0, "Personal access token")
            .await
            .send_keys(token)
            .await
            .unwrap();
        click_button(self.0, "Continue").await;
    }
}

/// Tick the checkbox whose label contains `label`.
pub async fn tick(driver: &WebDriver, label: &str) {
    let field = field(driver, label).await;
    if !field.is_selected().await.unwrap() {
        field.click().await.unwrap();
    }
}

/// The account screen (live or practice), then the rest of the journey.
pub struct JourneyPage<'a>(pub &'a WebDriver);

impl JourneyPage<'_> {
    /// From the account screen to the existing webhooks, then to the old webhooks.
    pub async fn to_old_webhooks(&self) {
        click_button(self.0, "Next: webhooks you already have").await;
        find_text(self.0, By::Tag("h1"), "Webhooks you already have").await;
        snap(self.0, "4-existing").await;
        click_button(self.0, "Next: your old webhooks").await;
        find_text(self.0, By::Tag("h1"), "Your old webhooks").await;
    }

    /// Type one old webhook's address into the form and add it.
    pub async fn add_old_webhook(&self, address: &str) {
        field(self.0, "Web address of the old webhook")
            .await
            .send_keys(address)
            .await
            .unwrap();
        click_button(self.0, "Add").await;
        find_text(self.0, By::Tag("li"), address).await;
        snap(self.0, "5-old-webhooks").await;
    }

    /// Review the plan, confirm the signing key is saved, create. The key shown.
    pub async fn create(&self) -> String {
        click_button(self.0, "Next: review the plan").await;
        find_text(self.0, By::Tag("h1"), "Review the plan").await;
        let key = self.shown_signing_key().await;
        tick(self.0, "I have saved this key somewhere safe").await;
        snap(self.0, "6-plan").await;
        click_button(self.0, "Create the subscriptions").await;
        find_text(self.0, By::Tag("h1"), "Your new webhooks are set up").await;
        snap(self.0, "7-report").await;
        key
    }

    /// The whole way from the account screen to the report, moving one old webhook at
    /// `address`. The key shown.
    pub async fn migrate(&self, address: &str) -> String {
        self.to_old_webhooks().await;
        self.add_old_webhook(address).await;
        self.create().await
    }

    /// The signing key shown on the plan screen.
    pub async fn shown_signing_key(&self) -> String {
        let key = self.0.find(By::Id("signing-key")).await.unwrap();
        key.prop("value").await.unwrap().unwrap_or_default()
    }
}
