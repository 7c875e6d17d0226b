//! Practice mode's module is fetched when the user chooses practice mode, not before, and
//! the screen says what is happening meanwhile. (A file of its own: the page loads the
//! module once, so this must be the page's first practice account.)

#![cfg(target_arch = "wasm32")]

mod common;

use common::{button, mount_app, text, wait_for_text};
use wasm_bindgen_test::*;
use yew::scheduler;

wasm_bindgen_test_configure!(run_in_browser);

/// Addresses the page has fetched so far.
fn fetched() -> Vec<String> {
    let performance = web_sys::window().unwrap().performance().unwrap();
    performance
        .get_entries_by_type("resource")
        .iter()
        .filter_map(|entry| {
            js_sys::Reflect::get(&entry, &"name".into())
                .ok()?
                .as_string()
        })
        .collect()
}

fn practice_module_fetched() -> bool {
    fetched()
        .iter()
        .any(|url| url.contains("/assets/practice-"))
}

#[wasm_bindgen_test]
async fn the_practice_module_is_fetched_only_when_practice_is_chosen() {
    let root = mount_app().await;
    assert!(
        !practice_module_fetched(),
        "the welcome screen does not need it"
    );
    button(&root, "Practice with a sample account").click();
    scheduler::flush().await;
    assert_eq!(
        text(&root, "[role=status]"),
        "Preparing the practice account\u{2026}"
    );
    wait_for_text(&root, ".facts", "Sam Solo").await;
    assert!(practice_module_fetched());
}
