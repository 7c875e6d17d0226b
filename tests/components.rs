//! Component tests: the app's screens rendered in headless Chromium by
//! wasm-bindgen-test, asserted on their DOM. No network: what these screens do before
//! any request is sent.
//!
//! - the welcome screen: heading, explanation, privacy note, two ways forward;
//! - navigation: "Use my Calendly account" opens the token screen, Back returns;
//! - token triage in the page: a retired v1 key or an email is explained, not sent;
//! - the API banner: test mode and refused API bases are announced;
//! - practice mode: the simulated account, running inside the page, signs in by itself;
//! - existing webhooks: listed with their health, scope in plain words, current step marked.

#![cfg(target_arch = "wasm32")]

mod common;

use common::{button, container, input, mount_app, press, text, wait_for_text};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::Element;
use webhook_assistant::api_base::ApiBase;
use webhook_assistant::components::banner::{ApiBanner, ApiBannerProps};
use yew::scheduler;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
async fn welcome_shows_heading_privacy_note_and_two_ways_forward() {
    let root = mount_app().await;
    assert_eq!(
        text(&root, "h1"),
        "Move your Calendly webhooks to the new system"
    );
    assert!(text(&root, ".privacy").contains("sent only to Calendly"));
    assert!(
        text(&root, ".terms").contains("Webhook"),
        "the term is explained"
    );
    button(&root, "Use my Calendly account");
    button(&root, "Practice with a sample account");
}

#[wasm_bindgen_test]
async fn use_my_account_opens_the_token_screen_and_back_returns() {
    let root = mount_app().await;
    press(&root, "Use my Calendly account").await;
    assert_eq!(text(&root, "h1"), "Connect your Calendly account");
    assert!(text(&root, "label").contains("Personal access token"));
    assert!(
        text(&root, ".scopes").contains("webhooks:write"),
        "the scopes to tick are listed"
    );
    press(&root, "Back").await;
    assert_eq!(
        text(&root, "h1"),
        "Move your Calendly webhooks to the new system"
    );
}

async fn submit_token(root: &Element, pasted: &str) {
    input(root, "#token").set_value(pasted);
    press(root, "Continue").await;
}

#[wasm_bindgen_test]
async fn a_retired_v1_key_is_explained_and_not_sent() {
    let root = mount_app().await;
    press(&root, "Use my Calendly account").await;
    submit_token(&root, "  ABCDEFGHIJKLMNOPQRSTUVWXYZ012345 \n").await;
    let alert = text(&root, "[role=alert]");
    assert!(alert.contains("v1 API key"), "{alert}");
    assert!(
        alert.contains("API & Webhooks"),
        "says where to get a token: {alert}"
    );
    assert!(
        root.query_selector("[role=status]").unwrap().is_none(),
        "no request was started"
    );
}

#[wasm_bindgen_test]
async fn an_email_address_is_explained_and_not_sent() {
    let root = mount_app().await;
    press(&root, "Use my Calendly account").await;
    submit_token(&root, "jane@example.com").await;
    assert!(text(&root, "[role=alert]").contains("email address"));
}

#[wasm_bindgen_test]
async fn the_banner_announces_a_test_server_and_a_refused_base() {
    let root = container();
    let props = ApiBannerProps {
        api: ApiBase::Loopback("http://127.0.0.1:9/sandbox".into()),
    };
    yew::Renderer::<ApiBanner>::with_root_and_props(root.clone(), props).render();
    scheduler::flush().await;
    assert!(text(&root, ".banner").contains("Test mode"));
    assert!(text(&root, ".banner").contains("http://127.0.0.1:9/sandbox"));

    let root = container();
    let props = ApiBannerProps {
        api: ApiBase::Refused("asked for https://evil.example".into()),
    };
    yew::Renderer::<ApiBanner>::with_root_and_props(root.clone(), props).render();
    scheduler::flush().await;
    assert_eq!(
        root.query_selector("[role=alert]")
            .unwrap()
            .unwrap()
            .class_name(),
        "banner banner-warning"
    );
}

#[wasm_bindgen_test]
async fn practice_mode_opens_the_simulated_account_without_a_token() {
    let root = mount_app().await;
    button(&root, "Practice with a sample account").click();
    let facts = wait_for_text(&root, ".facts", "Sam Solo").await;
    assert!(facts.contains("sam@solo.example.com"), "{facts}");
    assert!(
        facts.contains("Owner"),
        "the role is read from the membership: {facts}"
    );
    assert_eq!(text(&root, "h1"), "Your practice account");
}

#[wasm_bindgen_test]
async fn existing_webhooks_are_listed_with_their_health() {
    let root = mount_app().await;
    button(&root, "Practice with a sample account").click();
    wait_for_text(&root, ".facts", "Sam Solo").await;
    button(&root, "Next").click();
    let list = wait_for_text(&root, ".subscriptions", "Working").await;
    assert!(list.contains("https://"), "the address is shown: {list}");
    assert!(
        list.contains("Your own bookings"),
        "the scope is in plain words: {list}"
    );
    assert_eq!(
        text(&root, "[aria-current=step]").trim_start_matches(char::is_numeric),
        "Existing webhooks",
        "the journey marks the current step"
    );
}

/// Practice with another pretend account, chosen in the list.
async fn practice_as(root: &Element, scenario: &str) {
    button(root, "Practice with a sample account").click();
    wait_for_text(root, ".facts", "Sam Solo").await;
    let select: web_sys::HtmlSelectElement =
        common::find(root, "#practice-account").dyn_into().unwrap();
    select.set_value(scenario);
    let event = web_sys::Event::new("change").unwrap();
    select.dispatch_event(&event).unwrap();
    scheduler::flush().await;
}

#[wasm_bindgen_test]
async fn the_account_shows_the_organizations_name_and_plan_not_its_address() {
    let root = mount_app().await;
    practice_as(&root, "org-admin").await;
    let facts = wait_for_text(&root, ".facts", "Alex Admin").await;
    assert!(facts.contains("Acme Scheduling"), "{facts}");
    assert!(facts.contains("Teams"), "the plan: {facts}");
    assert!(facts.contains("Admin"), "the role: {facts}");
    let details = common::find(&root, "details.technical");
    assert!(
        !details.has_attribute("open"),
        "the API addresses wait behind Technical details"
    );
    let outside = text(&root, "dl.facts");
    assert!(!outside.contains("api.calendly.com"), "{outside}");
}

#[wasm_bindgen_test]
async fn existing_webhooks_name_who_created_them() {
    let root = mount_app().await;
    practice_as(&root, "org-admin").await;
    wait_for_text(&root, ".facts", "Alex Admin").await;
    button(&root, "Next").click();
    let list = wait_for_text(&root, ".subscriptions", "Olivia Owner").await;
    assert!(list.contains("by you"), "Alex's own: {list}");
    assert!(!list.contains("user LCDTRCTF"), "no IDs as names: {list}");
}
