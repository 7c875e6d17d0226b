//! The first screen, as a new user meets it.

use thirtyfour::prelude::*;

use crate::harness::{practice, Browser, Servers};
use crate::pages::{find_text, WelcomePage};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn welcome_screen_explains_the_assistant_and_offers_both_ways_forward() {
    let servers = Servers::start().await;
    let browser = Browser::open().await;
    let driver = &browser.driver;
    WelcomePage::open(driver, &servers.app).await;

    let lang = driver
        .find(By::Tag("html"))
        .await
        .unwrap()
        .attr("lang")
        .await
        .unwrap();
    assert_eq!(lang.as_deref(), Some("en"));
    assert_eq!(
        driver.find_all(By::Tag("h1")).await.unwrap().len(),
        1,
        "exactly one main heading"
    );
    find_text(driver, By::Tag("button"), "Use my Calendly account").await;
    find_text(driver, By::Tag("button"), "Practice with a sample account").await;
    let privacy = find_text(driver, By::Tag("aside"), "Your privacy")
        .await
        .text()
        .await
        .unwrap();
    assert!(privacy.contains("sent only to Calendly"), "{privacy}");

    // The stylesheet is our own and applied: the primary button is filled.
    let background = find_text(driver, By::Tag("button"), "Use my Calendly account")
        .await
        .css_value("background-color")
        .await
        .unwrap();
    assert_ne!(background, "rgba(0, 0, 0, 0)", "style.css was not applied");
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn welcome_screen_works_with_the_keyboard_alone() {
    let servers = Servers::start().await;
    let browser = Browser::open().await;
    let driver = &browser.driver;
    WelcomePage::open(driver, &servers.app).await;

    // Tab to the first button and press Enter: the token screen opens.
    let body = driver.find(By::Tag("body")).await.unwrap();
    let mut reached = false;
    for _ in 0..10 {
        body.send_keys(Key::Tab).await.unwrap();
        let focused = driver.active_element().await.unwrap();
        if focused
            .text()
            .await
            .unwrap()
            .contains("Use my Calendly account")
        {
            focused.send_keys(Key::Enter).await.unwrap();
            reached = true;
            break;
        }
    }
    assert!(reached, "the first button is reachable with Tab");
    find_text(driver, By::Tag("h1"), crate::pages::TokenPage::HEADING).await;
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn practice_with_a_sample_account_needs_no_token() {
    let (_servers, browser) = practice().await;
    let driver = &browser.driver;
    find_text(driver, By::Tag("h1"), "Your practice account").await;
    find_text(driver, By::ClassName("facts"), "Sam Solo").await;
    find_text(
        driver,
        By::ClassName("notice"),
        "Nothing you do here is sent anywhere",
    )
    .await;
    crate::pages::snap(driver, "3-practice-account").await;
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn practice_offers_other_pretend_accounts_such_as_a_team_with_a_switched_off_webhook() {
    let (_servers, browser) = practice().await;
    let driver = &browser.driver;

    let choice = crate::pages::field(driver, "Pretend account").await;
    choice
        .find(By::Css("option[value=org-admin]"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    find_text(driver, By::ClassName("facts"), "Alex Admin").await;
    find_text(driver, By::ClassName("facts"), "need attention").await;
    crate::pages::click_button(driver, "Next: webhooks you already have").await;
    find_text(driver, By::Tag("main"), "needing attention").await;
    find_text(
        driver,
        By::ClassName("badge-bad"),
        "Switched off by Calendly",
    )
    .await;
    crate::pages::snap(driver, "4-existing-team").await;
    browser.close().await;
}
