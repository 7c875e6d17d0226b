//! Component tests for the pages outside the wizard, in headless Chromium: each page is
//! mounted alone (no token, no account, no props) and used as a developer would.
//!
//! - the signature checker: its three labelled fields; valid; one changed byte: not
//!   valid, body changed; a header without v1; a delivery too old for the time limit,
//!   valid again once the limit is raised; a re-serialised body; six snippets shown;
//! - the old-format page: a pasted booking shown the old way with what V2 no longer
//!   sends; another event refused with its reason; the adapters shown;
//! - in the app: the welcome screen links to both pages and they link back; an address
//!   naming a page opens it and stays (the wizard leaves it alone).

#![cfg(target_arch = "wasm32")]

mod common;

use common::{
    container, document, field_value, find, fresh_page, mount_app, press, text, texts, tick,
    type_into, wait_for_text,
};
use migration::signature::sign;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::Element;
use webhook_assistant::app::App;
use webhook_assistant::pages::check_signature::{CheckSignaturePage, WAITING};
use webhook_assistant::pages::old_format::{self, OldFormatPage};
use yew::scheduler;

wasm_bindgen_test_configure!(run_in_browser);

const KEY: &str = "5d0f2b8c7a6e4d3c2b1a09f8e7d6c5b4a39281706f5e4d3c2b1a0f9e8d7c6b5a";
const BODY: &str = r#"{"event":"invitee.created","created_at":"2026-12-01T20:00:00.000000Z","created_by":"https://api.calendly.com/users/A","payload":{"name":"José Müller"}}"#;

fn now() -> i64 {
    (js_sys::Date::now() / 1000.0) as i64
}

async fn checker() -> Element {
    let root = container();
    yew::Renderer::<CheckSignaturePage>::with_root(root.clone()).render();
    scheduler::flush().await;
    root
}

/// The status region's text.
fn verdict(root: &Element) -> String {
    text(root, "[role=status]")
}

async fn fill(root: &Element, key: &str, header: &str, body: &str) {
    type_into(root, "#check-key", key).await;
    type_into(root, "#check-header", header).await;
    type_into(root, "#check-body", body).await;
}

#[wasm_bindgen_test]
async fn checker_has_the_three_labelled_fields_and_waits_for_them() {
    let root = checker().await;
    assert_eq!(text(&root, "h1"), "Check a webhook signature");
    let labels = texts(&root, "label");
    for label in [
        "Signing key",
        "Calendly-Webhook-Signature header",
        "Raw body (exactly as received)",
    ] {
        assert!(labels.iter().any(|l| l == label), "{label} in {labels:?}");
    }
    for id in ["check-key", "check-header", "check-body", "check-limit"] {
        assert!(
            root.query_selector(&format!("label[for={id}]"))
                .unwrap()
                .is_some(),
            "{id}"
        );
    }
    assert_eq!(verdict(&root), WAITING);
    assert_eq!(
        field_value(&root, "#check-limit"),
        "3",
        "3 minutes by default"
    );
    assert!(text(&root, ".notice").contains("Nothing you type here is sent anywhere"));
}

#[wasm_bindgen_test]
async fn checker_says_valid_then_body_changed_after_one_byte() {
    let root = checker().await;
    fill(&root, KEY, &sign(KEY, now(), BODY.as_bytes()), BODY).await;
    assert!(verdict(&root).starts_with("Valid"), "{}", verdict(&root));
    assert!(find_class(&root, "verdict-valid"));

    type_into(&root, "#check-body", &BODY.replace("José", "Josá")).await;
    let shown = verdict(&root);
    assert!(shown.starts_with("Not valid"), "{shown}");
    assert!(shown.contains("the body was changed"), "{shown}");
    assert!(find_class(&root, "verdict-invalid"));
}

#[wasm_bindgen_test]
async fn checker_names_a_header_without_v1() {
    let root = checker().await;
    fill(&root, KEY, &format!("t={}", now()), BODY).await;
    let shown = verdict(&root);
    assert!(
        shown.contains("Not valid: the header is incomplete"),
        "{shown}"
    );
    assert!(shown.contains("no v1= part"), "{shown}");
}

#[wasm_bindgen_test]
async fn checker_gives_the_age_of_an_old_delivery_and_the_limit_can_be_raised() {
    let root = checker().await;
    fill(&root, KEY, &sign(KEY, now() - 600, BODY.as_bytes()), BODY).await;
    let shown = verdict(&root);
    assert!(shown.contains("too old"), "{shown}");
    assert!(shown.contains("10 minutes ago"), "{shown}");
    type_into(&root, "#check-limit", "15").await;
    assert!(verdict(&root).starts_with("Valid"), "{}", verdict(&root));
    type_into(&root, "#check-limit", "soon").await;
    assert!(text(&root, ".field-error").contains("whole number of minutes"));
    assert!(verdict(&root).contains("too old"), "back to 3 minutes");
}

#[wasm_bindgen_test]
async fn checker_recognises_a_re_serialised_body() {
    let root = checker().await;
    let pretty = BODY.replace("\":", "\": ").replace(",\"", ", \"");
    fill(&root, KEY, &sign(KEY, now(), BODY.as_bytes()), &pretty).await;
    let shown = verdict(&root);
    assert!(
        shown.contains("Not valid: the body was re-serialised"),
        "{shown}"
    );
}

#[wasm_bindgen_test]
async fn checker_shows_the_check_in_six_languages() {
    let root = checker().await;
    assert_eq!(
        texts(&root, "details summary"),
        ["Node.js", "Python", "Ruby", "PHP", "Go", "Rust"]
    );
    assert!(text(&root, "details").contains("timingSafeEqual"));
}

fn find_class(root: &Element, class: &str) -> bool {
    root.query_selector(&format!(".{class}")).unwrap().is_some()
}

async fn old_format_page() -> Element {
    let root = container();
    yew::Renderer::<OldFormatPage>::with_root(root.clone()).render();
    scheduler::flush().await;
    root
}

#[wasm_bindgen_test]
async fn old_format_shows_a_booking_the_old_way_with_what_is_missing() {
    let root = old_format_page().await;
    assert_eq!(text(&root, "h1"), "See a delivery the old way");
    assert_eq!(text(&root, "[role=status]"), old_format::WAITING);
    press(&root, "Use an example booking").await;
    assert!(text(&root, "[role=status]").contains("shown below in the old format"));
    let v1 = text(&root, "[aria-label='the delivery in the old format']");
    assert!(v1.contains("\"questions_and_responses\""), "{v1}");
    assert!(v1.contains("\"1_question\": \"Company name\""), "{v1}");
    let missing = texts(&root, ".missing-fields li");
    assert!(missing.iter().any(|m| m.contains("_pretty")), "{missing:?}");
}

#[wasm_bindgen_test]
async fn old_format_refuses_other_events_with_a_reason() {
    let root = old_format_page().await;
    type_into(
        &root,
        "#old-format-delivery",
        r#"{"event":"contact.created","created_at":"2026-11-20T10:05:00.000000Z","created_by":"https://api.calendly.com/users/A","payload":{}}"#,
    )
    .await;
    let shown = text(&root, "[role=status]");
    assert!(shown.contains("Cannot show this the old way"), "{shown}");
    assert!(shown.contains("contact.created"), "{shown}");
    assert!(root.query_selector(".missing-fields").unwrap().is_none());
    assert_eq!(
        texts(&root, "details summary"),
        ["Node.js adapter", "Python adapter"]
    );
}

fn location_hash() -> String {
    web_sys::window().unwrap().location().hash().unwrap()
}

async fn follow(root: &Element, href: &str) {
    find(root, &format!("a[href='{href}']"))
        .dyn_into::<web_sys::HtmlElement>()
        .unwrap()
        .click();
    tick().await;
    scheduler::flush().await;
}

#[wasm_bindgen_test]
async fn the_welcome_screen_links_to_both_pages_and_they_link_back() {
    let root = mount_app().await;
    assert_eq!(
        text(&root, "a[href='#/check-signature']"),
        "Check a webhook signature"
    );
    follow(&root, "#/check-signature").await;
    wait_for_text(&root, "h1", "Check a webhook signature").await;
    assert_eq!(location_hash(), "#/check-signature");
    assert_eq!(
        document().title(),
        "Check a webhook signature \u{2014} Calendly webhook assistant"
    );
    follow(&root, "#/").await;
    wait_for_text(&root, "h1", "Move your Calendly webhooks to the new system").await;
    assert!(document().title().starts_with("Welcome"));

    follow(&root, "#/old-format").await;
    wait_for_text(&root, "h1", "See a delivery the old way").await;
    follow(&root, "#/").await;
    wait_for_text(&root, "h1", "Move your Calendly webhooks to the new system").await;
}

#[wasm_bindgen_test]
async fn an_address_naming_a_page_opens_it_and_stays() {
    fresh_page();
    web_sys::window()
        .unwrap()
        .history()
        .unwrap()
        .replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some("#/old-format"))
        .unwrap();
    let root = container();
    yew::Renderer::<App>::with_root(root.clone()).render();
    scheduler::flush().await;
    tick().await;
    scheduler::flush().await;
    assert_eq!(text(&root, "h1"), "See a delivery the old way");
    assert_eq!(
        location_hash(),
        "#/old-format",
        "the wizard leaves the address alone"
    );
    fresh_page();
}
