//! When practice mode's module cannot be fetched (a dropped connection, a page from an
//! older build), the screen says so plainly and offers the way back. (A file of its own:
//! the page keeps a module once loaded.)

#![cfg(target_arch = "wasm32")]

mod common;

use common::{button, document, mount_app, wait_for_text};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
async fn a_practice_module_that_cannot_be_fetched_is_explained() {
    // The page names a module that is not there.
    let meta = document().create_element("meta").unwrap();
    meta.set_attribute("name", "practice-module").unwrap();
    meta.set_attribute("content", "/dist/assets/practice-0000000000000000.js")
        .unwrap();
    document()
        .query_selector("head")
        .unwrap()
        .unwrap()
        .append_child(&meta)
        .unwrap();
    let root = mount_app().await;
    button(&root, "Practice with a sample account").click();
    let shown = wait_for_text(&root, "main", "could not be prepared").await;
    assert!(shown.contains("reload the page"), "{shown}");
    button(&root, "Back");
}
