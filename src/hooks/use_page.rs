//! Which page outside the wizard the address names (`#/check-signature`), if any, so
//! that the shell shows it instead of the wizard's step; a link, Back or Forward changes
//! it. The wizard itself leaves such an address alone
//! ([`crate::hooks::use_history_sync`]). Landing on a page is like landing on a step: the
//! tab's title says where the user is and, after the first screen, the focus moves to the
//! page's heading; going back to the wizard restores the step's title and focus.

use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::hooks::use_landing::focus_main_heading;
use crate::route::Place;
use crate::state::Step;

/// The page outside the wizard that the address names now.
fn current_page() -> Option<Place> {
    if cfg!(not(target_arch = "wasm32")) {
        // Rendered at build time for index.html (`app::first_screen_html`): the wizard.
        return None;
    }
    let hash = web_sys::window()
        .and_then(|w| w.location().hash().ok())
        .unwrap_or_default();
    match Place::from_fragment(&hash) {
        Some(Place::Step(_)) | None => None,
        page => page,
    }
}

#[hook]
pub fn use_page(step: Step) -> Option<Place> {
    let page = use_state(current_page);
    {
        let page = page.clone();
        use_effect_with((), move |_| {
            let listener = Closure::<dyn Fn()>::new(move || page.set(current_page()));
            let window = web_sys::window();
            if let Some(window) = &window {
                for event in ["hashchange", "popstate"] {
                    let _ = window
                        .add_event_listener_with_callback(event, listener.as_ref().unchecked_ref());
                }
            }
            move || {
                if let Some(window) = window {
                    for event in ["hashchange", "popstate"] {
                        let _ = window.remove_event_listener_with_callback(
                            event,
                            listener.as_ref().unchecked_ref(),
                        );
                    }
                }
            }
        });
    }
    let first = use_mut_ref(|| true);
    use_effect_with(*page, move |page| {
        let first = std::mem::replace(&mut *first.borrow_mut(), false);
        let Some(window) = web_sys::window() else {
            return;
        };
        let title = page
            .and_then(Place::page_title)
            .map_or_else(|| step.page_title(), str::to_owned);
        if let Some(document) = window.document() {
            document.set_title(&title);
        }
        if !first {
            window.scroll_to_with_x_and_y(0.0, 0.0);
            focus_main_heading();
        }
    });
    *page
}
