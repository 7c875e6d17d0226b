//! The page talking to an API: a fetch made by the wasm code to a simulator on another
//! loopback port (a cross-origin call with an Authorization header, so the browser sends
//! a CORS preflight first); the fall-back to this site's relay when the browser cannot
//! call Calendly, as may happen; the plain message when there is no relay either; the
//! refusal of an API base that is not on this machine; and a test server (`?api=`) that
//! cannot be reached, which is said so and never bypassed through the relay (the relay
//! leads to Calendly), whether the server refuses calls from pages or the page's policy
//! (a server started as for users) does not let it connect.
//!
//! The browsers here cannot resolve api.calendly.com, so "Calendly" is always out of
//! reach and the relay, pointed at the test server, stands in for it.

use thirtyfour::prelude::*;

use crate::harness::{sign_in, sign_in_without_test_server, solo_token, Browser, Servers};
use crate::pages::{find_text, WelcomePage};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn page_calls_the_simulator_on_another_loopback_port() {
    let servers = Servers::start().await;
    assert_ne!(servers.app, servers.api, "two origins");
    let browser = sign_in(&servers, &solo_token()).await;
    let driver = &browser.driver;
    find_text(driver, By::ClassName("banner"), "Test mode").await;
    // The name comes from the simulator's answer to GET /users/me.
    find_text(driver, By::Tag("h1"), "Your Calendly account").await;
    let facts = driver
        .find(By::ClassName("facts"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    crate::pages::snap(driver, "3-account").await;
    assert!(facts.contains("@"), "the account's email is shown: {facts}");
    let notices = driver.find_all(By::ClassName("notice")).await.unwrap();
    assert!(
        notices.is_empty(),
        "the call went directly, not through a relay"
    );
    browser.close().await;
}

/// Paste `token` on the connect screen; what the page says about Calendly's refusal.
async fn refusal_of(token: &str, screenshot: Option<&str>) -> String {
    let servers = Servers::start().await;
    let browser = sign_in(&servers, token).await;
    let driver = &browser.driver;
    let alert = find_text(driver, By::Css("[role=alert]"), "What to do")
        .await
        .text()
        .await
        .unwrap();
    if let Some(name) = screenshot {
        crate::pages::snap(driver, name).await;
    }
    browser.close().await;
    alert
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_wrong_token_gets_calendlys_refusal_in_plain_words() {
    let mut token = solo_token();
    token.push('x');
    let alert = refusal_of(&token, Some("2-token-refused")).await;
    assert!(alert.to_lowercase().contains("token"), "{alert}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_revoked_personal_access_token_is_told_where_to_make_a_new_one() {
    let alert = refusal_of(&crate::harness::solo_token_labelled("pat-revoked"), None).await;
    assert!(alert.contains("personal access token"), "{alert}");
    assert!(
        alert.contains("API & Webhooks"),
        "where to make one: {alert}"
    );
    assert!(
        !alert.contains("Sign in again"),
        "not OAuth advice: {alert}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_expired_oauth_token_is_told_to_sign_in_again() {
    let alert = refusal_of(&crate::harness::solo_token_labelled("oauth-expired"), None).await;
    assert!(alert.to_lowercase().contains("sign in again"), "{alert}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_api_base_off_this_machine_is_refused() {
    let servers = Servers::start().await;
    let browser = Browser::open().await;
    let driver = &browser.driver;
    WelcomePage::open(
        driver,
        &format!("{}/?api=https://evil.example", servers.app),
    )
    .await;
    let warning = find_text(driver, By::ClassName("banner"), "Careful")
        .await
        .text()
        .await
        .unwrap();
    crate::pages::snap(driver, "1-welcome-refused-api").await;
    assert!(warning.contains("https://evil.example"), "{warning}");
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn when_the_browser_cannot_call_calendly_the_relay_takes_over_and_the_page_says_so() {
    let servers = Servers::cross_origin_blocked(true).await;
    let browser = sign_in_without_test_server(&servers, &solo_token()).await;
    let driver = &browser.driver;
    find_text(driver, By::ClassName("facts"), "Sam Solo").await;
    find_text(driver, By::ClassName("notice"), "through this site's relay").await;
    crate::pages::snap(driver, "3-account-via-relay").await;
    let relayed = servers.api_simulator.inspect(|s| s.received()).await;
    assert!(relayed > 0, "the calls went through the relay");
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn when_the_browser_cannot_call_calendly_and_there_is_no_relay_the_page_explains() {
    let servers = Servers::cross_origin_blocked(false).await;
    let browser = sign_in_without_test_server(&servers, &solo_token()).await;
    let driver = &browser.driver;
    let alert = find_text(driver, By::Css("[role=alert]"), "no relay")
        .await
        .text()
        .await
        .unwrap();
    assert!(alert.contains("could not connect to Calendly"), "{alert}");
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_test_server_that_cannot_be_reached_is_said_so_and_never_bypassed_through_the_relay() {
    // The test server refuses calls from pages; the app server's relay would reach it.
    let servers = Servers::cross_origin_blocked(true).await;
    let browser = sign_in(&servers, &solo_token()).await;
    let driver = &browser.driver;
    let alert = find_text(driver, By::Css("[role=alert]"), "test server")
        .await
        .text()
        .await
        .unwrap();
    crate::pages::snap(driver, "2-test-server-unreachable").await;
    assert!(alert.contains("cannot be reached"), "{alert}");
    assert!(alert.contains(&servers.api), "names the address: {alert}");
    let relayed = servers.api_simulator.inspect(|s| s.received()).await;
    assert_eq!(relayed, 0, "nothing went through the relay");
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_page_served_as_for_users_cannot_reach_a_test_server() {
    let servers = Servers::hosted().await;
    let browser = sign_in(&servers, &solo_token()).await;
    let driver = &browser.driver;
    let alert = find_text(driver, By::Css("[role=alert]"), "test server")
        .await
        .text()
        .await
        .unwrap();
    assert!(alert.contains("cannot be reached"), "{alert}");
    let received = servers.api_simulator.inspect(|s| s.received()).await;
    assert_eq!(received, 0, "the page's policy stopped the call");
    browser.close().await;
}
