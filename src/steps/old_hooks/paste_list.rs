//! "Or paste a list": addresses one per line, a saved v1 `GET /hooks` answer, or a
//! spreadsheet export. The text stays in the box after reading, so refused entries can be
//! mended there and read again (what is already in the list is not added twice).

use migration::old_hooks::Refused;
use web_sys::HtmlTextAreaElement;
use yew::prelude::*;

use crate::state::{Action, Edit};
use crate::wizard::use_wizard;

#[function_component(PasteList)]
pub fn paste_list() -> Html {
    let wizard = use_wizard();
    let form = &wizard.old_hooks;
    let on_input = {
        let wizard = wizard.clone();
        Callback::from(move |e: InputEvent| {
            let text = e.target_unchecked_into::<HtmlTextAreaElement>().value();
            wizard.dispatch(Action::OldHooks(Edit::TypePaste(text)));
        })
    };
    let on_read = {
        let wizard = wizard.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            wizard.dispatch(Action::OldHooks(Edit::ReadPaste));
        })
    };
    // The summary's live region is always on the page, so screen readers announce it
    // when it fills.
    let summary = form
        .pasted
        .as_ref()
        .map(|p| p.summary())
        .unwrap_or_default();
    html! {
        <>
            <form class="paste-form" onsubmit={on_read} novalidate=true>
                <label for="old-hooks-paste">{ "Paste your list" }</label>
                <p class="hint" id="old-hooks-paste-hint">
                    { "Any of these: web addresses, one per line (the events may follow on the same line); the \
                       saved answer of the old \"list webhooks\" request (JSON: text starting with { \"data\": [ ); \
                       or a spreadsheet saved as CSV, with a header row that has a column named url." }
                </p>
                <textarea id="old-hooks-paste" rows="6" value={form.paste.clone()} oninput={on_input}
                    spellcheck="false" aria-describedby="old-hooks-paste-hint" />
                <button type="submit" class="button secondary">{ "Read the list" }</button>
            </form>
            <p class="paste-summary" role="status">{ summary }</p>
            if let Some(pasted) = &form.pasted {
                { refused_view(&pasted.refused) }
            }
        </>
    }
}

/// "line 3" → "Line 3".
fn capitalized(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// The entries of a paste that could not be used: where, what, why, and what to do.
fn refused_view(refused: &[Refused]) -> Html {
    if refused.is_empty() {
        return html! {};
    }
    let entry = |r: &Refused| {
        html! {
            <li>
                <strong>{ capitalized(&r.source.to_string()) }</strong>
                if !r.text.is_empty() {
                    { ": " }<code>{ &r.text }</code>
                }
                <br />{ r.reason.to_string() }
            </li>
        }
    };
    html! {
        <div class="paste-refused" role="alert">
            <p class="error-message">
                { match refused.len() {
                    1 => "1 entry could not be used:".to_string(),
                    n => format!("{n} entries could not be used:"),
                } }
            </p>
            <ul>{ for refused.iter().map(entry) }</ul>
            <p class="error-next">
                <strong>{ "What to do: " }</strong>
                { "correct these in the box above and press Read the list again (what is already in your list is \
                   not added twice), or delete them from the box." }
            </p>
        </div>
    }
}
