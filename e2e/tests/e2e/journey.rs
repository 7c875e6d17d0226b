//! The whole journey, as a user walks it: connect, see the account and the webhooks that
//! exist, enter an old webhook, review the plan, create, read the report. Once against
//! the simulator over real HTTP (a live run, checked afterwards through the API), once
//! in practice mode, with the keyboard alone for the first steps.

use thirtyfour::prelude::*;

use crate::harness::{practice, scenario_token, sign_in, solo_token, Servers};
use crate::pages::{find_text, JourneyPage};

const ADDRESS: &str = "https://crm.example.org/calendly/bookings";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_live_migration_creates_exactly_one_signed_subscription() {
    let servers = Servers::start().await;
    let browser = sign_in(&servers, &solo_token()).await;
    let driver = &browser.driver;
    find_text(driver, By::ClassName("facts"), "Sam Solo").await;

    let shown_key = JourneyPage(driver).migrate(ADDRESS).await;
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

    browser.close().await;
}

/// Everything a token could leak into that a page controls: the address, both storages,
/// the value of every field (values are not in the page source), and the page itself.
async fn where_a_token_could_be(driver: &WebDriver) -> String {
    driver
        .execute(
            r#"
            const values = [...document.querySelectorAll("input, textarea, select")].map(f => f.value);
            return [
              location.href,
              JSON.stringify(Object.assign({}, sessionStorage)),
              JSON.stringify(Object.assign({}, localStorage)),
              values.join("\n"),
              document.documentElement.outerHTML,
            ].join("\n");
            "#,
            Vec::new(),
        )
        .await
        .unwrap()
        .convert()
        .unwrap()
}

async fn assert_no_token(driver: &WebDriver, token: &str, step: &str) {
    let seen = where_a_token_could_be(driver).await;
    // The whole token, or its signature (the part that makes it a token).
    let signature = token.rsplit('.').next().unwrap();
    assert!(
        !seen.contains(token) && !seen.contains(signature),
        "the token is in the page, its address or storage at {step}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_token_never_reaches_the_address_storage_or_the_page_after_it_is_used() {
    let servers = Servers::start().await;
    let token = solo_token();
    let browser = sign_in(&servers, &token).await;
    let driver = &browser.driver;
    find_text(driver, By::ClassName("facts"), "Sam Solo").await;
    assert_no_token(driver, &token, "the account").await;

    let journey = JourneyPage(driver);
    journey.to_old_webhooks().await;
    assert_no_token(driver, &token, "the old webhooks").await;
    journey.add_old_webhook(ADDRESS).await;
    crate::pages::click_button(driver, "Next: review the plan").await;
    find_text(driver, By::Tag("h1"), "Review the plan").await;
    assert_no_token(driver, &token, "the plan").await;
    driver.back().await.unwrap();
    find_text(driver, By::Tag("h1"), "Your old webhooks").await;
    for step in ["Webhooks you already have", "Your Calendly account"] {
        driver.back().await.unwrap();
        find_text(driver, By::Tag("h1"), step).await;
    }
    driver.back().await.unwrap();
    find_text(driver, By::Tag("h1"), "Connect your Calendly account").await;
    assert_no_token(driver, &token, "the connect screen, reached back").await;
    crate::pages::click_button(driver, "Continue as Sam Solo").await;
    find_text(driver, By::Tag("h1"), "Your Calendly account").await;
    journey.to_old_webhooks().await;
    journey.create().await;
    assert_no_token(driver, &token, "the report").await;
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_practice_journey_runs_from_start_to_report() {
    let (_servers, browser) = practice().await;
    let driver = &browser.driver;
    JourneyPage(driver).migrate(ADDRESS).await;
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

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_free_plan_account_never_sends_a_routing_form_event_and_still_gets_its_booking_webhook() {
    let servers = Servers::with_scenario("free-plan").await;
    let browser = sign_in(&servers, &scenario_token("free-plan", "pat")).await;
    let driver = &browser.driver;
    let facts = find_text(driver, By::ClassName("facts"), "Fay Free")
        .await
        .text()
        .await
        .unwrap();
    assert!(
        facts.contains("Free"),
        "the plan is read and shown: {facts}"
    );

    let journey = JourneyPage(driver);
    journey.to_old_webhooks().await;
    crate::pages::field(driver, "Everyone's bookings in my organization")
        .await
        .click()
        .await
        .unwrap();
    crate::pages::field(driver, "Choose the events for all of them")
        .await
        .click()
        .await
        .unwrap();
    let routing = crate::pages::field(driver, "Routing form submitted").await;
    assert!(
        !routing.is_enabled().await.unwrap(),
        "ruled out before anything is sent"
    );
    find_text(driver, By::ClassName("event-why"), "Teams plan").await;
    journey.add_old_webhook(ADDRESS).await;
    journey.create().await;

    let requests = servers
        .api_simulator
        .inspect(|s| {
            s.requests()
                .iter()
                .filter(|r| r.method == calendly::Method::Post)
                .map(|r| r.status)
                .collect::<Vec<_>>()
        })
        .await;
    assert_eq!(requests, [Some(201)], "one create, never refused");
    let made = servers
        .api_simulator
        .inspect(|s| s.subscriptions())
        .await
        .into_iter()
        .filter(|sub| sub.callback_url == ADDRESS)
        .collect::<Vec<_>>();
    assert_eq!(made.len(), 1);
    assert!(
        made[0].events.contains(&calendly::Event::InviteeCreated)
            && !made[0]
                .events
                .contains(&calendly::Event::RoutingFormSubmissionCreated),
        "{:?}",
        made[0].events
    );
    browser.close().await;
}

/// Download the file whose link's file name ends with `name_ends` as a user does (a
/// click), into a fresh folder; its name and text.
async fn download(driver: &WebDriver, name_ends: &str) -> (String, String) {
    let folder = std::env::temp_dir().join(format!(
        "downloads-{}-{}",
        std::process::id(),
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_nanos()
    ));
    std::fs::create_dir_all(&folder).unwrap();
    driver
        .cdp()
        .send_raw(
            "Browser.setDownloadBehavior",
            serde_json::json!({ "behavior": "allow", "downloadPath": folder.to_string_lossy() }),
        )
        .await
        .unwrap();
    driver
        .find(By::Css(format!("a[download$='{name_ends}']")))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let started = std::time::Instant::now();
    loop {
        let done = std::fs::read_dir(&folder)
            .unwrap()
            .flatten()
            .find(|f| f.file_name().to_string_lossy().ends_with(name_ends));
        if let Some(file) = done {
            let name = file.file_name().to_string_lossy().into_owned();
            let text = std::fs::read_to_string(file.path()).unwrap();
            let _ = std::fs::remove_dir_all(&folder);
            return (name, text);
        }
        assert!(started.elapsed().as_secs() < 20, "nothing was downloaded");
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_practice_report_downloads_marked_practice_and_dated() {
    let (_servers, browser) = practice().await;
    let driver = &browser.driver;
    JourneyPage(driver).migrate(ADDRESS).await;
    let (name, markdown) = download(driver, ".md").await;
    assert!(name.contains("PRACTICE"), "{name}");
    assert!(
        markdown.contains("PRACTICE \u{2014} nothing was created"),
        "{markdown}"
    );
    let year = name
        .split('-')
        .find(|part| part.len() == 4 && part.starts_with("20"))
        .expect("the file name is dated");
    assert!(markdown.contains(year), "the report is dated: {markdown}");
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_plan_with_nothing_to_create_finishes_with_a_report_of_what_is_in_place() {
    // Sam's practice account already sends "Someone books" to this address.
    const BOOKED: &str = "https://hooks.solo.example.com/calendly/booked";
    let (_servers, browser) = practice().await;
    let driver = &browser.driver;
    let journey = JourneyPage(driver);
    journey.to_old_webhooks().await;
    crate::pages::field(driver, "Someone cancels")
        .await
        .click()
        .await
        .unwrap();
    journey.add_old_webhook(BOOKED).await;
    crate::pages::click_button(driver, "Next: review the plan").await;
    find_text(driver, By::Tag("h1"), "Review the plan").await;
    find_text(driver, By::Css("[role=status]"), "Nothing to create").await;
    crate::pages::click_button(driver, "Finish").await;
    find_text(driver, By::Tag("h1"), "Nothing had to change").await;
    find_text(driver, By::Tag("main"), BOOKED).await;
    find_text(driver, By::Tag("h2"), "Next steps for your server").await;
    browser.close().await;
}
