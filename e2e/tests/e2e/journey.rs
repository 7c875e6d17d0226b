//! The whole journey, as a user walks it: connect, see the account and the webhooks that
//! exist, enter an old webhook, review the plan, create, read the report. Once against
//! the simulator over real HTTP (a live run, checked afterwards through the API), once
//! in practice mode, with the keyboard alone for the first steps.

use thirtyfour::prelude::*;

use crate::harness::{practice, sign_in, solo_token, Servers};
use crate::pages::{find_text, JourneyPage};

const ADDRESS: &str = "https://crm.example.org/calendly/bookings";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_live_migration_creates_exactly_one_signed_subscription() {
    let servers = Servers::start().await;
    let browser = sign_in(&servers, &solo_token()).await;
    let driver = &browser.driver;
    find_text(driver, By::ClassName("facts"), "Sam Solo").await;

    let journey = JourneyPage(driver);
    journey.to_old_webhooks().await;
    journey.add_old_webhook(ADDRESS).await;
    let shown_key = journey.create().await;
    assert_eq!(shown_key.len(), 64, "a 32-byte key as hex: {shown_key}");
    find_text(driver, By::Tag("main"), ADDRESS).await;

    // Ask the API itself what exists now.
    let token = solo_token();
    let http = reqwest::Client::new();
    let me: serde_json::Value = http
        .get(format!("{}/sandbox/users/me", servers.api))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let (user, org) = (
        me["resource"]["uri"].as_str().unwrap(),
        me["resource"]["current_organization"].as_str().unwrap(),
    );
    let listed: serde_json::Value = http
        .get(format!("{}/sandbox/webhook_subscriptions", servers.api))
        .query(&[
            ("organization", org),
            ("scope", "user"),
            ("user", user),
            ("count", "100"),
        ])
        .bearer_auth(&token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let matching: Vec<&serde_json::Value> = listed["collection"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| s["callback_url"] == ADDRESS)
        .collect();
    assert_eq!(
        matching.len(),
        1,
        "exactly one subscription for the address: {listed}"
    );
    let events = matching[0]["events"].to_string();
    assert!(
        events.contains("invitee.created") && events.contains("invitee.canceled"),
        "{events}"
    );
    // Calendly never returns a signing key, so ask the simulator what the page sent.
    let uri = calendly::SubscriptionUri::parse(matching[0]["uri"].as_str().unwrap()).unwrap();
    let stored = servers
        .api_simulator
        .inspect(move |s| s.signing_key(&uri).map(str::to_owned))
        .await;
    assert_eq!(
        stored.as_deref(),
        Some(shown_key.as_str()),
        "signed with the key the user saved"
    );

    // The page's report and storage never hold the token.
    let page = driver.source().await.unwrap();
    assert!(!page.contains(&token), "the token is not in the page");
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_practice_journey_runs_from_start_to_report() {
    let (_servers, browser) = practice().await;
    let driver = &browser.driver;
    let journey = JourneyPage(driver);
    journey.to_old_webhooks().await;
    journey.add_old_webhook(ADDRESS).await;
    journey.create().await;
    let report = find_text(driver, By::Tag("main"), ADDRESS)
        .await
        .text()
        .await
        .unwrap();
    assert!(report.contains("Created"), "{report}");
    // Both downloads are offered.
    find_text(driver, By::Tag("a"), "Markdown").await;
    find_text(driver, By::Tag("a"), "JSON").await;
    browser.close().await;
}
