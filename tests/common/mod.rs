//! DOM helpers shared by the component tests (each test file says `mod common;`).
//!
//! Cargo does not build this file as a test of its own. Not every test file uses every
//! helper, hence the `dead_code` allowance.

#![allow(dead_code)]

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{
    Document, Element, HtmlButtonElement, HtmlElement, HtmlInputElement, HtmlTextAreaElement,
};
use webhook_assistant::app::App;
use webhook_assistant::connection::{AppClient, AppTransport};
use yew::scheduler;

#[wasm_bindgen(inline_js = "export function provide_import() { \
    globalThis.assistantImport = (url) => import(url); }")]
extern "C" {
    /// What `static/boot.js` provides the app: `import(url)`.
    fn provide_import();
}

/// Practice mode as the built page has it: the practice module from `dist/` (which
/// `cargo xtask test` builds first), named in the page as `dist/index.html` names it, and
/// importable as `static/boot.js` makes it. The test runner serves the project folder,
/// so `/dist/...` is the built file itself.
pub async fn practice_module_from_dist() {
    let document = document();
    if document
        .query_selector("meta[name=practice-module]")
        .unwrap()
        .is_some()
    {
        provide_import();
        return;
    }
    let window = web_sys::window().unwrap();
    let response: web_sys::Response = JsFuture::from(window.fetch_with_str("/dist/index.html"))
        .await
        .unwrap()
        .dyn_into()
        .unwrap();
    assert!(
        response.ok(),
        "no dist/index.html: run `cargo xtask test`, which builds the app first"
    );
    let page = JsFuture::from(response.text().unwrap())
        .await
        .unwrap()
        .as_string()
        .unwrap();
    let module = page
        .split("<meta name=\"practice-module\" content=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .expect("dist/index.html names the practice module");
    let meta = document.create_element("meta").unwrap();
    meta.set_attribute("name", "practice-module").unwrap();
    meta.set_attribute("content", &format!("/dist/{module}"))
        .unwrap();
    document
        .query_selector("head")
        .unwrap()
        .unwrap()
        .append_child(&meta)
        .unwrap();
    provide_import();
}

#[wasm_bindgen]
extern "C" {
    /// The practice module's simulator (`crates/practice`), with the methods for tests.
    #[derive(Clone)]
    pub type PracticeSimulator;
    /// Adds a fault written as in a scenario file.
    #[wasm_bindgen(method, catch)]
    pub fn inject(this: &PracticeSimulator, fault: &str) -> Result<(), JsValue>;
    #[wasm_bindgen(method, js_name = clearFaults)]
    pub fn clear_faults(this: &PracticeSimulator);
    /// Every stored subscription, as JSON.
    #[wasm_bindgen(method)]
    pub fn subscriptions(this: &PracticeSimulator) -> String;
    #[wasm_bindgen(method, js_name = signingKey)]
    pub fn signing_key(this: &PracticeSimulator, subscription: &str) -> Option<String>;
    #[wasm_bindgen(method)]
    pub fn token(this: &PracticeSimulator) -> Option<String>;
}

/// The simulator behind a practice client.
pub fn simulator_of(client: &AppClient) -> PracticeSimulator {
    match client.transport() {
        AppTransport::Practice(practice) => practice
            .simulator()
            .unchecked_ref::<PracticeSimulator>()
            .clone(),
        AppTransport::Calendly(_) => panic!("not a practice client"),
    }
}

pub fn document() -> Document {
    web_sys::window().unwrap().document().unwrap()
}

/// A fresh container in the document.
pub fn container() -> Element {
    let document = document();
    let root = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&root).unwrap();
    root
}

/// Start from a fresh page address and empty tab storage, as a new visitor does. (The
/// tests of one file share a page: an earlier test's step would otherwise be in the
/// address, and its saved state in sessionStorage, as after a reload.)
pub fn fresh_page() {
    let window = web_sys::window().unwrap();
    let location = window.location();
    let bare = format!(
        "{}{}",
        location.pathname().unwrap(),
        location.search().unwrap()
    );
    window
        .history()
        .unwrap()
        .replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&bare))
        .unwrap();
    window.session_storage().unwrap().unwrap().clear().unwrap();
}

/// The whole app, rendered in a fresh container on a fresh page, its practice mode
/// loading the practice module from `dist/`.
pub async fn mount_app() -> Element {
    practice_module_from_dist().await;
    fresh_page();
    let root = container();
    yew::Renderer::<App>::with_root(root.clone()).render();
    scheduler::flush().await;
    root
}

/// The first element matching `selector`; panics if there is none.
pub fn find(root: &Element, selector: &str) -> Element {
    root.query_selector(selector)
        .unwrap()
        .unwrap_or_else(|| panic!("no {selector}"))
}

/// The text of the first element matching `selector`.
pub fn text(root: &Element, selector: &str) -> String {
    find(root, selector).text_content().unwrap_or_default()
}

/// The texts of every element matching `selector`, in document order.
pub fn texts(root: &Element, selector: &str) -> Vec<String> {
    let found = root.query_selector_all(selector).unwrap();
    (0..found.length())
        .filter_map(|i| found.item(i))
        .map(|n| n.text_content().unwrap_or_default())
        .collect()
}

/// The input element matching `selector` (a text field, checkbox or radio button).
pub fn input(root: &Element, selector: &str) -> HtmlInputElement {
    find(root, selector).dyn_into().unwrap()
}

/// The first button whose text contains `label`, if there is one.
pub fn find_button(root: &Element, label: &str) -> Option<HtmlButtonElement> {
    let buttons = root.query_selector_all("button").unwrap();
    (0..buttons.length())
        .filter_map(|i| buttons.item(i))
        .find(|b| b.text_content().unwrap_or_default().contains(label))
        .map(|b| b.dyn_into().unwrap())
}

/// The first button whose text contains `label`; panics, showing the page, if there is
/// none.
pub fn button(root: &Element, label: &str) -> HtmlButtonElement {
    find_button(root, label).unwrap_or_else(|| {
        panic!(
            "no button {label:?}; the page shows: {}",
            root.text_content().unwrap_or_default()
        )
    })
}

/// Press the button whose text contains `label`, and let the page update.
pub async fn press(root: &Element, label: &str) {
    button(root, label).click();
    scheduler::flush().await;
}

/// Click the element matching `selector` (a checkbox, a radio button) the way a user
/// does, and let the page update.
pub async fn click(root: &Element, selector: &str) {
    find(root, selector)
        .dyn_into::<HtmlElement>()
        .unwrap()
        .click();
    scheduler::flush().await;
}

/// Type into a field (input or textarea) as a person would: the value changes, an `input`
/// event bubbles, and the page updates.
pub async fn type_into(root: &Element, selector: &str, typed: &str) {
    let field = find(root, selector);
    match field.clone().dyn_into::<HtmlTextAreaElement>() {
        Ok(area) => area.set_value(typed),
        Err(_) => field
            .clone()
            .dyn_into::<HtmlInputElement>()
            .unwrap()
            .set_value(typed),
    }
    let init = web_sys::InputEventInit::new();
    init.set_bubbles(true);
    let event = web_sys::InputEvent::new_with_event_init_dict("input", &init).unwrap();
    field.dispatch_event(&event).unwrap();
    scheduler::flush().await;
}

/// The value of a field (input or textarea).
pub fn field_value(root: &Element, selector: &str) -> String {
    let field = find(root, selector);
    match field.clone().dyn_into::<HtmlTextAreaElement>() {
        Ok(area) => area.value(),
        Err(_) => field.dyn_into::<HtmlInputElement>().unwrap().value(),
    }
}

/// Yield to the browser's task queue once (a macrotask), so spawned futures run.
pub async fn tick() {
    let tick = js_sys::Promise::new(&mut |resolve, _| {
        web_sys::window()
            .unwrap()
            .set_timeout_with_callback(&resolve)
            .unwrap();
    });
    wasm_bindgen_futures::JsFuture::from(tick).await.unwrap();
}

/// Let pending futures and renders run until an element matching `selector` shows
/// `expected`, or give up. Returns that element's text.
pub async fn wait_for_text(root: &Element, selector: &str, expected: &str) -> String {
    for _ in 0..200 {
        scheduler::flush().await;
        for shown in texts(root, selector) {
            if shown.contains(expected) {
                return shown;
            }
        }
        tick().await;
    }
    panic!(
        "{selector} never showed {expected:?}; the page shows: {}",
        root.text_content().unwrap_or_default()
    );
}
