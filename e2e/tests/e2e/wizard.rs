//! The wizard as a person lives it: every step is a place in the browser's history, so
//! Back and Forward move between steps inside the assistant and lose nothing; every step
//! change lands (the page at its top, the keyboard focus on the new step's heading, the
//! tab's title saying which step of how many).

use thirtyfour::prelude::*;

use crate::harness::{practice, sign_in, solo_token, Servers};
use crate::pages::{click_button, find_text, JourneyPage};

const ADDRESS: &str = "https://crm.example.org/calendly/bookings";

/// The page address's fragment (`#/old-webhooks`).
async fn fragment(driver: &WebDriver) -> String {
    driver
        .execute("return location.hash;", Vec::new())
        .await
        .unwrap()
        .convert()
        .unwrap()
}

/// Press the browser's Back (or Forward) and wait for the step's heading.
async fn back_to(driver: &WebDriver, heading: &str) {
    driver.back().await.unwrap();
    find_text(driver, By::Tag("h1"), heading).await;
}

async fn forward_to(driver: &WebDriver, heading: &str) {
    driver.forward().await.unwrap();
    find_text(driver, By::Tag("h1"), heading).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn back_and_forward_move_between_practice_steps_and_lose_nothing() {
    let (_servers, browser) = practice().await;
    let driver = &browser.driver;
    assert_eq!(fragment(driver).await, "#/account");
    let journey = JourneyPage(driver);
    journey.to_old_webhooks().await;
    journey.add_old_webhook(ADDRESS).await;
    click_button(driver, "Next: review the plan").await;
    find_text(driver, By::Tag("h1"), "Review the plan").await;
    assert_eq!(fragment(driver).await, "#/plan");

    back_to(driver, "Your old webhooks").await;
    assert_eq!(fragment(driver).await, "#/old-webhooks");
    find_text(driver, By::Tag("li"), ADDRESS).await;
    back_to(driver, "Webhooks you already have").await;
    back_to(driver, "Your practice account").await;
    find_text(driver, By::ClassName("facts"), "Sam Solo").await;
    back_to(driver, "Move your Calendly webhooks to the new system").await;

    forward_to(driver, "Your practice account").await;
    forward_to(driver, "Webhooks you already have").await;
    forward_to(driver, "Your old webhooks").await;
    find_text(driver, By::Tag("li"), ADDRESS).await;
    forward_to(driver, "Review the plan").await;
    find_text(driver, By::ClassName("plan-entries"), ADDRESS).await;
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn back_and_forward_in_live_mode_keep_the_connection() {
    let servers = Servers::start().await;
    let browser = sign_in(&servers, &solo_token()).await;
    let driver = &browser.driver;
    find_text(driver, By::ClassName("facts"), "Sam Solo").await;
    JourneyPage(driver).to_old_webhooks().await;

    back_to(driver, "Webhooks you already have").await;
    back_to(driver, "Your Calendly account").await;
    back_to(driver, "Connect your Calendly account").await;
    // Still connected: no token to paste again.
    find_text(
        driver,
        By::ClassName("connected"),
        "You are connected as Sam Solo",
    )
    .await;
    forward_to(driver, "Your Calendly account").await;
    forward_to(driver, "Webhooks you already have").await;
    forward_to(driver, "Your old webhooks").await;

    // Back to the connect screen, and on with its button instead of Forward.
    for heading in [
        "Webhooks you already have",
        "Your Calendly account",
        "Connect your Calendly account",
    ] {
        back_to(driver, heading).await;
    }
    click_button(driver, "Continue as Sam Solo").await;
    find_text(driver, By::Tag("h1"), "Your Calendly account").await;
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_step_closed_by_a_finished_run_stays_closed_and_the_address_says_where_the_user_is() {
    let (_servers, browser) = practice().await;
    let driver = &browser.driver;
    JourneyPage(driver).migrate(ADDRESS).await;
    assert_eq!(fragment(driver).await, "#/report");

    driver.back().await.unwrap();
    // The report stays; the address is put right.
    let started = std::time::Instant::now();
    while fragment(driver).await != "#/report" {
        assert!(
            started.elapsed().as_secs() < 20,
            "the address was not put right"
        );
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    find_text(driver, By::Tag("h1"), "Your new webhooks are set up").await;
    browser.close().await;
}

/// What the page shows right after a step change: the focused element's tag and text, the
/// tab's title and how far the page is scrolled.
async fn landing(driver: &WebDriver) -> (String, String, String, f64) {
    let found: Vec<serde_json::Value> = driver
        .execute(
            "const a = document.activeElement; \
             return [a.tagName, a.textContent, document.title, window.scrollY];",
            Vec::new(),
        )
        .await
        .unwrap()
        .convert()
        .unwrap();
    (
        found[0].as_str().unwrap_or_default().to_owned(),
        found[1].as_str().unwrap_or_default().to_owned(),
        found[2].as_str().unwrap_or_default().to_owned(),
        found[3].as_f64().unwrap_or_default(),
    )
}

/// Press the button, from the bottom of the page, and check where the user lands.
async fn next_lands_on(driver: &WebDriver, button: &str, heading: &str, title: &str) {
    driver
        .execute(
            "window.scrollTo(0, document.body.scrollHeight);",
            Vec::new(),
        )
        .await
        .unwrap();
    click_button(driver, button).await;
    find_text(driver, By::Tag("h1"), heading).await;
    let started = std::time::Instant::now();
    loop {
        let (tag, text, shown_title, scrolled) = landing(driver).await;
        if tag == "H1" && text.contains(heading) && shown_title == title && scrolled == 0.0 {
            return;
        }
        assert!(
            started.elapsed().as_secs() < 10,
            "after {button:?}: focus on {tag} {text:?}, title {shown_title:?}, scrolled {scrolled}"
        );
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_next_lands_on_the_new_steps_heading_with_its_title() {
    let (_servers, browser) = practice().await;
    let driver = &browser.driver;
    let app = "\u{2014} Calendly webhook assistant";
    assert_eq!(
        landing(driver).await.2,
        format!("Step 1 of 6: Your account {app}")
    );
    next_lands_on(
        driver,
        "Next: webhooks you already have",
        "Webhooks you already have",
        &format!("Step 2 of 6: Existing webhooks {app}"),
    )
    .await;
    next_lands_on(
        driver,
        "Next: your old webhooks",
        "Your old webhooks",
        &format!("Step 3 of 6: Old webhooks {app}"),
    )
    .await;
    JourneyPage(driver).add_old_webhook(ADDRESS).await;
    next_lands_on(
        driver,
        "Next: review the plan",
        "Review the plan",
        &format!("Step 4 of 6: Review the plan {app}"),
    )
    .await;
    crate::pages::tick(driver, "I have saved this key somewhere safe").await;
    next_lands_on(
        driver,
        "Create the subscriptions",
        "Your new webhooks are set up",
        &format!("Step 6 of 6: Report {app}"),
    )
    .await;
    browser.close().await;
}

/// Would the page ask before being left? A `beforeunload` as the browser sends it.
async fn leaving_asks(driver: &WebDriver) -> bool {
    driver
        .execute(
            "const e = new Event('beforeunload', { cancelable: true }); \
             window.dispatchEvent(e); return e.defaultPrevented;",
            Vec::new(),
        )
        .await
        .unwrap()
        .convert()
        .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_address_typed_but_not_added_reaches_the_plan_and_leaving_asks_first_meanwhile() {
    let (_servers, browser) = practice().await;
    let driver = &browser.driver;
    JourneyPage(driver).to_old_webhooks().await;
    assert!(!leaving_asks(driver).await, "nothing typed yet");
    crate::pages::field(driver, "Web address of the old webhook")
        .await
        .send_keys(ADDRESS)
        .await
        .unwrap();
    find_text(driver, By::Id("old-hooks-typed"), "not in your list yet").await;
    assert!(leaving_asks(driver).await, "typed, not added");

    click_button(driver, "Next: review the plan").await;
    find_text(driver, By::Tag("h1"), "Review the plan").await;
    find_text(driver, By::ClassName("plan-entries"), ADDRESS).await;
    assert!(!leaving_asks(driver).await, "the address was used");
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn did_you_mean_is_a_button_that_applies_the_fix() {
    let (_servers, browser) = practice().await;
    let driver = &browser.driver;
    JourneyPage(driver).to_old_webhooks().await;
    crate::pages::field(driver, "Web address of the old webhook")
        .await
        .send_keys("crm.example.org/calendly/bookings")
        .await
        .unwrap();
    click_button(driver, "Add").await;
    find_text(driver, By::Css("[role=alert]"), "Did you mean").await;
    click_button(driver, &format!("Use {ADDRESS}")).await;
    find_text(driver, By::ClassName("old-hook-list"), ADDRESS).await;
    browser.close().await;
}
