//! DOM helpers shared by the component tests (each test file says `mod common;`).
//!
//! Cargo does not build this file as a test of its own. Not every test file uses every
//! helper, hence the `dead_code` allowance.

#![allow(dead_code)]

use wasm_bindgen::JsCast;
use web_sys::{
    Document, Element, HtmlButtonElement, HtmlElement, HtmlInputElement, HtmlTextAreaElement,
};
use webhook_assistant::app::App;
use yew::scheduler;

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

/// The whole app, rendered in a fresh container on a fresh page.
pub async fn mount_app() -> Element {
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
