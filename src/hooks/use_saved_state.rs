//! The wizard state (which holds no secret) is kept in this tab's sessionStorage, so a
//! reload in the middle loses nothing: live users paste their token again (it is never
//! stored), practice reopens its pretend account by itself. Closing the tab forgets it.

use yew::prelude::*;

use crate::route::Place;
use crate::state::{Action, State, Step};

/// Where the wizard state is kept between reloads of this tab. Never the token.
pub const STORAGE_KEY: &str = "calendly-webhook-assistant/state";

fn session_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.session_storage().ok()?
}

/// The state saved before a reload, if any and if it can still be read.
fn saved_state() -> Option<State> {
    let text = session_storage()?.get_item(STORAGE_KEY).ok()??;
    serde_json::from_str(&text).ok()
}

/// The state the page starts with: the saved migration when the address says the user
/// was inside the assistant (a reload), otherwise a fresh start.
pub fn initial_state() -> State {
    if cfg!(not(target_arch = "wasm32")) {
        // Rendered at build time for index.html (`app::first_screen_html`): a fresh start.
        return State::default();
    }
    let hash = web_sys::window()
        .and_then(|w| w.location().hash().ok())
        .unwrap_or_default();
    let inside =
        matches!(Place::from_fragment(&hash), Some(Place::Step(step)) if step != Step::Welcome);
    match saved_state() {
        Some(saved) if inside => State::default().reduce(Action::Restore(Box::new(saved))),
        _ => State::default(),
    }
}

/// Keep the state while it is worth keeping; forget it when the user starts over.
#[hook]
pub fn use_saved_state(state: &State) {
    use_effect_with(state.clone(), |state| {
        let Some(storage) = session_storage() else {
            return;
        };
        if state.worth_keeping() {
            if let Ok(json) = serde_json::to_string(state) {
                let _ = storage.set_item(STORAGE_KEY, &json);
            }
        } else if state.mode.is_none() {
            let _ = storage.remove_item(STORAGE_KEY);
        }
    });
}
