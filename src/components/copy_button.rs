//! A "Copy" button for a value shown on the page: a signing key in a read-only field, a
//! block of code, a subscription ID.
//!
//! It asks the browser's clipboard to take the text. Browsers may refuse (no permission,
//! an older browser, a page not served over HTTPS), so on refusal the shown text is
//! selected and the user is told to press Ctrl+C: the user can always copy, one way or the
//! other, and is told which way it went.
//!
//! The clipboard is reached through `js_sys::Reflect` rather than `web_sys::Clipboard`,
//! because the app's web-sys dependency does not enable the `Navigator` and `Clipboard`
//! features; it is the same browser call (`navigator.clipboard.writeText`).

use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::HtmlInputElement;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct CopyButtonProps {
    /// The text to copy.
    pub text: AttrValue,
    /// The element that shows the text (a read-only field, a `pre`, a `code`), selected
    /// when the clipboard refuses.
    pub field: NodeRef,
    /// What is copied, for the button's accessible name ("Copy the signing key").
    #[prop_or(AttrValue::Static("Copy"))]
    pub label: AttrValue,
}

/// What the last click achieved.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Copied {
    NotYet,
    Copying,
    Done,
    /// The browser refused; the text is selected instead.
    Selected,
}

/// `navigator.clipboard.writeText(text)`, or `None` when this browser has no clipboard.
fn write_to_clipboard(text: &str) -> Option<js_sys::Promise> {
    let window = web_sys::window()?;
    let navigator = js_sys::Reflect::get(&window, &"navigator".into()).ok()?;
    let clipboard = js_sys::Reflect::get(&navigator, &"clipboard".into()).ok()?;
    if clipboard.is_undefined() || clipboard.is_null() {
        return None;
    }
    let write: js_sys::Function = js_sys::Reflect::get(&clipboard, &"writeText".into())
        .ok()?
        .dyn_into()
        .ok()?;
    write
        .call1(&clipboard, &text.into())
        .ok()?
        .dyn_into::<js_sys::Promise>()
        .ok()
}

/// Select the whole text shown so that Ctrl+C copies it: a field's value, or an
/// element's text.
fn select(field: &NodeRef) {
    if let Some(input) = field.cast::<HtmlInputElement>() {
        let _ = input.focus();
        input.select();
    } else if let Some(element) = field.cast::<web_sys::Element>() {
        if let Some(selection) = web_sys::window().and_then(|w| w.get_selection().ok().flatten()) {
            let _ = selection.select_all_children(&element);
        }
    }
}

#[function_component(CopyButton)]
pub fn copy_button(props: &CopyButtonProps) -> Html {
    let copied = use_state(|| Copied::NotYet);
    {
        // A new text has not been copied yet.
        let copied = copied.clone();
        use_effect_with(props.text.clone(), move |_| copied.set(Copied::NotYet));
    }
    let onclick = {
        let (copied, text, field) = (copied.clone(), props.text.clone(), props.field.clone());
        Callback::from(move |_: MouseEvent| {
            let Some(promise) = write_to_clipboard(&text) else {
                select(&field);
                copied.set(Copied::Selected);
                return;
            };
            copied.set(Copied::Copying);
            let (copied, field) = (copied.clone(), field.clone());
            wasm_bindgen_futures::spawn_local(async move {
                match JsFuture::from(promise).await {
                    Ok(_) => copied.set(Copied::Done),
                    Err(_) => {
                        select(&field);
                        copied.set(Copied::Selected);
                    }
                }
            });
        })
    };
    let status = match *copied {
        Copied::NotYet => "",
        Copied::Copying => "Copying\u{2026}",
        Copied::Done => "Copied.",
        Copied::Selected => {
            "Your browser did not let this page copy. The text is selected: press Ctrl+C \
             (\u{2318}C on a Mac) to copy it."
        }
    };
    html! {
        <>
            <button type="button" class="button secondary copy-button" {onclick}
                aria-label={props.label.clone()}>
                { "Copy" }
            </button>
            <span class="copy-status" role="status">{ status }</span>
        </>
    }
}
