//! Leaving the page (closing the tab, a link, typing another address) asks first when it
//! would lose something: while webhooks are being created, or with typed input not yet
//! used. The browser shows its own question; pages cannot word it.

use std::cell::Cell;
use std::rc::Rc;

use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use yew::prelude::*;

#[hook]
pub fn use_leave_guard(ask: bool) {
    let asking: Rc<Cell<bool>> = use_memo((), |_| Rc::new(Cell::new(false))).as_ref().clone();
    asking.set(ask);
    use_effect_with((), move |_| {
        let listener = Closure::<dyn Fn(web_sys::BeforeUnloadEvent)>::new(
            move |event: web_sys::BeforeUnloadEvent| {
                if asking.get() {
                    event.prevent_default();
                    // Older browsers ask only when a return value is set.
                    event.set_return_value("");
                }
            },
        );
        let window = web_sys::window();
        if let Some(window) = &window {
            let _ = window.add_event_listener_with_callback(
                "beforeunload",
                listener.as_ref().unchecked_ref(),
            );
        }
        move || {
            if let Some(window) = window {
                let _ = window.remove_event_listener_with_callback(
                    "beforeunload",
                    listener.as_ref().unchecked_ref(),
                );
            }
        }
    });
}
