//! A reload in the middle loses nothing but the token: the page keeps the migration in
//! this tab's storage (never the token), asks for the token again, and returns to the
//! screen the user was on.

use thirtyfour::prelude::*;

use crate::harness::{sign_in, solo_token, Servers};
use crate::pages::{click_button, find_text, TokenPage};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn after_a_reload_the_user_pastes_the_token_again_and_continues_where_they_were() {
    let servers = Servers::start().await;
    let browser = sign_in(&servers, &solo_token()).await;
    let driver = &browser.driver;
    find_text(driver, By::ClassName("facts"), "Sam Solo").await;
    click_button(driver, "Next").await;
    find_text(driver, By::Tag("h1"), "Webhooks you already have").await;

    driver.refresh().await.unwrap();
    find_text(driver, By::Tag("h1"), TokenPage::HEADING).await;
    find_text(driver, By::ClassName("notice"), "Welcome back").await;
    let stored: String = driver
        .execute(
            "return JSON.stringify(Object.assign({}, sessionStorage));",
            Vec::new(),
        )
        .await
        .unwrap()
        .convert()
        .unwrap();
    assert!(
        stored.contains("Sam Solo"),
        "the migration was kept: {stored}"
    );
    assert!(!stored.contains(&solo_token()), "the token was not");

    TokenPage(driver).submit(&solo_token()).await;
    find_text(driver, By::Tag("h1"), "Webhooks you already have").await;
    browser.close().await;
}
