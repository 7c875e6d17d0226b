//! Every step change lands: the page scrolls to the top, keyboard focus moves to the new
//! step's heading (so a screen reader announces it and Tab continues from there), and the
//! tab's title says where the user is ("Step 3 of 6: Old webhooks — …"). On the page's
//! first screen only the title is set: focus stays where the browser put it.

use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::state::Step;

/// Focus the main heading of the page, making it focusable by script only.
pub fn focus_main_heading() {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let Ok(Some(heading)) = document.query_selector("main h1") else {
        return;
    };
    let _ = heading.set_attribute("tabindex", "-1");
    if let Ok(heading) = heading.dyn_into::<web_sys::HtmlElement>() {
        let _ = heading.focus();
    }
}

#[hook]
pub fn use_landing(step: Step) {
    let first = use_mut_ref(|| true);
    use_effect_with(step, move |step| {
        let Some(window) = web_sys::window() else {
            return;
        };
        if let Some(document) = window.document() {
            document.set_title(&step.page_title());
        }
        if !std::mem::replace(&mut *first.borrow_mut(), false) {
            window.scroll_to_with_x_and_y(0.0, 0.0);
            focus_main_heading();
        }
    });
}
