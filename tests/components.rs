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

use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlElement, HtmlInputElement};
use webhook_assistant::api_base::ApiBase;
use webhook_assistant::app::App;
use webhook_assistant::components::banner::{ApiBanner, ApiBannerProps};
use yew::scheduler;

wasm_bindgen_test_configure!(run_in_browser);

/// A fresh container in the document.
fn container() -> Element {
    let document = gloo_document();
    let root = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&root).unwrap();
    root
}

fn gloo_document() -> web_sys::Document {
    web_sys::window().unwrap().document().unwrap()
}

async fn mount_app() -> Element {
    let root = container();
    yew::Renderer::<App>::with_root(root.clone()).render();
    scheduler::flush().await;
    root
}

fn text(root: &Element, selector: &str) -> String {
    root.query_selector(selector)
        .unwrap()
        .unwrap_or_else(|| panic!("no {selector}"))
        .text_content()
        .unwrap_or_default()
}

fn button(root: &Element, label: &str) -> HtmlElement {
    let buttons = root.query_selector_all("button").unwrap();
    (0..buttons.length())
        .filter_map(|i| buttons.item(i))
        .find(|b| b.text_content().unwrap_or_default().contains(label))
        .unwrap_or_else(|| panic!("no button {label:?}"))
        .dyn_into()
        .unwrap()
}

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
    button(&root, "Use my Calendly account").click();
    scheduler::flush().await;
    assert_eq!(text(&root, "h1"), "Connect your Calendly account");
    assert!(text(&root, "label").contains("Personal access token"));
    assert!(
        text(&root, ".scopes").contains("webhooks:write"),
        "the scopes to tick are listed"
    );
    button(&root, "Back").click();
    scheduler::flush().await;
    assert_eq!(
        text(&root, "h1"),
        "Move your Calendly webhooks to the new system"
    );
}

async fn submit_token(root: &Element, pasted: &str) {
    let input: HtmlInputElement = root
        .query_selector("#token")
        .unwrap()
        .unwrap()
        .dyn_into()
        .unwrap();
    input.set_value(pasted);
    button(root, "Continue").click();
    scheduler::flush().await;
}

#[wasm_bindgen_test]
async fn a_retired_v1_key_is_explained_and_not_sent() {
    let root = mount_app().await;
    button(&root, "Use my Calendly account").click();
    scheduler::flush().await;
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
    button(&root, "Use my Calendly account").click();
    scheduler::flush().await;
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

/// Let pending futures and renders run until `selector` shows `expected`, or give up.
async fn wait_for_text(root: &Element, selector: &str, expected: &str) -> String {
    for _ in 0..200 {
        scheduler::flush().await;
        if let Some(found) = root.query_selector(selector).unwrap() {
            let shown = found.text_content().unwrap_or_default();
            if shown.contains(expected) {
                return shown;
            }
        }
        // Yield to the browser's task queue once (a macrotask), so spawned futures run.
        let tick = js_sys::Promise::new(&mut |resolve, _| {
            web_sys::window()
                .unwrap()
                .set_timeout_with_callback(&resolve)
                .unwrap();
        });
        wasm_bindgen_futures::JsFuture::from(tick).await.unwrap();
    }
    panic!(
        "{selector} never showed {expected:?}; the page shows: {}",
        root.text_content().unwrap_or_default()
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
