//! Page objects: each screen as a user sees it, found by heading, label and button text.

use std::time::{Duration, Instant};

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

/// With `ASSISTANT_SCREENSHOTS=DIR`, save what the browser shows as `DIR/NAME.png`, so
/// a person can look at every screen the tests pass through.
pub async fn snap(driver: &WebDriver, name: &str) {
    let Some(dir) = std::env::var_os("ASSISTANT_SCREENSHOTS") else {
        return;
    };
    let dir = std::path::PathBuf::from(dir);
    std::fs::create_dir_all(&dir).unwrap();
    driver
        .screenshot(&dir.join(format!("{name}.png")))
        .await
        .unwrap();
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

    pub async fn open<'a>(driver: &'a WebDriver, url: &str) -> WelcomePage<'a> {
        driver.goto(url).await.unwrap();
        find_text(driver, By::Tag("h1"), Self::HEADING).await;
        snap(driver, "1-welcome").await;
        WelcomePage(driver)
    }

    pub async fn use_my_account(&self) -> TokenPage<'_> {
        click_button(self.0, "Use my Calendly account").await;
        find_text(self.0, By::Tag("h1"), TokenPage::HEADING).await;
        snap(self.0, "2-token").await;
        TokenPage(self.0)
    }

    pub async fn practice(&self) {
        click_button(self.0, "Practice with a sample account").await;
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
