//! Every step has its own entry in the browser's history. When the wizard moves to a step,
//! its fragment (`#/old-webhooks`) is pushed; when the user presses Back or Forward (or
//! edits the fragment), the wizard is asked to visit that step. The wizard may refuse
//! ([`crate::state::State::can_visit`]: a step not reached yet, or one closed by a started
//! run); the address then shows again where the user still is.

use std::cell::RefCell;
use std::rc::Rc;

use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use yew::prelude::*;

use crate::route::Place;
use crate::state::{Action, Step};
use crate::wizard::Wizard;

fn location_hash() -> String {
    web_sys::window()
        .and_then(|w| w.location().hash().ok())
        .unwrap_or_default()
}

/// Show `step` in the address: as a new history entry, or in place of the current one.
fn show(step: Step, new_entry: bool) {
    let Some(history) = web_sys::window().and_then(|w| w.history().ok()) else {
        return;
    };
    let fragment = Place::Step(step).fragment();
    let _ = if new_entry {
        history.push_state_with_url(&JsValue::NULL, "", Some(fragment))
    } else {
        history.replace_state_with_url(&JsValue::NULL, "", Some(fragment))
    };
}

/// True when the address already names `step` (`#/`, `#` and nothing all name Welcome),
/// or names a page outside the wizard, which the wizard leaves in the address.
fn address_shows(step: Step) -> bool {
    match Place::from_fragment(&location_hash()) {
        Some(Place::Step(shown)) => shown == step,
        Some(_) => true,
        None => false,
    }
}

#[hook]
pub fn use_history_sync(wizard: &Wizard) {
    // The wizard as last rendered, for the Back/Forward listener: it decides at once
    // whether the visit is allowed, so a refused one never changes the address.
    let latest: Rc<RefCell<Wizard>> = use_mut_ref(|| wizard.clone());
    *latest.borrow_mut() = wizard.clone();
    let first = use_mut_ref(|| true);
    use_effect_with(wizard.step, move |step| {
        let first = std::mem::replace(&mut *first.borrow_mut(), false);
        if !address_shows(*step) {
            // The page's first step (a fresh start, or a reload that resumes) replaces
            // whatever the address said; every later move is a new entry.
            show(*step, !first);
        }
    });
    use_effect_with((), move |_| {
        let listener = Closure::<dyn Fn()>::new(move || {
            // An unknown fragment is an in-page link, not a step: leave it alone.
            let Some(Place::Step(step)) = Place::from_fragment(&location_hash()) else {
                return;
            };
            let wizard = latest.borrow().clone();
            if wizard.can_visit(step) {
                wizard.dispatch(Action::Visit(step));
            } else {
                // Refused: the address shows again where the user still is.
                show(wizard.step, false);
            }
        });
        let window = web_sys::window();
        if let Some(window) = &window {
            let _ = window
                .add_event_listener_with_callback("popstate", listener.as_ref().unchecked_ref());
        }
        move || {
            if let Some(window) = window {
                let _ = window.remove_event_listener_with_callback(
                    "popstate",
                    listener.as_ref().unchecked_ref(),
                );
            }
        }
    });
}
