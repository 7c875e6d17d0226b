//! "See a delivery the old way": paste a V2 booking, cancellation or no-show delivery and
//! see it in the old v1 shape the user's old code expects ([`migration::payload::v1_view_of`]),
//! with each old field V2 no longer fills, why, and where it lives now. Other events are
//! refused with a plain reason. Below, the adapters that do the same conversion in a
//! server, as tested. Nothing typed leaves the page.

use migration::payload::{v1_view_of, EXAMPLE_DELIVERY};
use migration::snippets::ADAPTER;
use web_sys::HtmlTextAreaElement;
use yew::prelude::*;

use crate::components::code_block::CodeBlock;

/// What the status region says before anything is pasted.
pub const WAITING: &str = "Paste a delivery above; the old format appears below.";

#[function_component(OldFormatPage)]
pub fn old_format_page() -> Html {
    let pasted = use_state(String::new);
    let on_input = {
        let pasted = pasted.clone();
        Callback::from(move |e: InputEvent| {
            pasted.set(e.target_unchecked_into::<HtmlTextAreaElement>().value());
        })
    };
    let use_example = {
        let pasted = pasted.clone();
        Callback::from(move |_| pasted.set(EXAMPLE_DELIVERY.to_owned()))
    };
    let view = (!pasted.trim().is_empty()).then(|| v1_view_of(&pasted));
    let status = match &view {
        None => html! { <p>{ WAITING }</p> },
        Some(Ok(_)) => html! { <p>{ "This delivery is shown below in the old format." }</p> },
        Some(Err(problem)) => {
            html! { <p><strong>{ "Cannot show this the old way. " }</strong>{ problem.to_string() }</p> }
        }
    };

    html! {
        <section class="step tool" aria-labelledby="old-format-title">
            <h1 id="old-format-title">{ "See a delivery the old way" }</h1>
            <p class="lead">
                { "Calendly's new webhooks (V2) send bookings, cancellations and no-shows in a new format. Paste one \
                   here to see it in the old format (v1) that code written for the old webhooks expects, and which \
                   old values the new format no longer sends." }
            </p>
            <p class="notice">
                { "This runs in this browser tab. Nothing you paste here is sent anywhere or saved." }
            </p>
            <label for="old-format-delivery">{ "Delivery body (V2, as Calendly sent it)" }</label>
            <textarea id="old-format-delivery" rows="10" spellcheck="false" value={(*pasted).clone()}
                oninput={on_input} />
            <div class="button-row">
                <button type="button" class="button secondary" onclick={use_example}>
                    { "Use an example booking" }
                </button>
            </div>
            <div class="verdict" role="status" aria-live="polite" aria-atomic="true">{ status }</div>

            if let Some(Ok(view)) = &view {
                <h2>{ "The same delivery in the old format" }</h2>
                <CodeBlock label="the delivery in the old format"
                    code={serde_json::to_string_pretty(&view.v1).unwrap_or_default()} />
                <h2>{ "What the new format no longer sends" }</h2>
                <p class="hint">{ "Each is empty (null) above, unless it says how it was filled." }</p>
                <ul class="missing-fields">
                    { for view.missing.iter().map(|m| html! {
                        <li><code>{ m.field }</code>{ format!(": {} {}", m.why, m.now_at) }</li>
                    }) }
                </ul>
            }

            <h2>{ "Keep your old code running while you rewrite it" }</h2>
            <p>
                { "These small functions, with no dependencies, turn a V2 delivery into exactly the old format shown \
                   above, so code written for the old webhooks keeps working until it is rewritten. Check the \
                   signature first, over the raw body; then convert." }
            </p>
            { for ADAPTER.iter().map(|(language, _, code)| html! {
                <details class="snippet">
                    <summary>{ format!("{language} adapter") }</summary>
                    <CodeBlock label={format!("the {language} adapter")} code={*code} />
                </details>
            }) }

            <p><a href="#/">{ "Back to the assistant" }</a></p>
        </section>
    }
}
