//! "Check a webhook signature": paste the signing key, the `Calendly-Webhook-Signature`
//! header and the raw body of a delivery; the verdict of the core's checker
//! ([`migration::signature::check`]) appears as the fields change, in a live region:
//! valid, too old (with the age, against a time limit the user can change), or not valid
//! with the likely reason. The check runs in the page: nothing typed is sent anywhere,
//! stored, or put in the address. Below, the same check in six languages, as tested.

use std::time::Duration;

use migration::signature::{check, DEFAULT_TOLERANCE};
use migration::snippets::VERIFY;
use web_sys::{HtmlInputElement, HtmlTextAreaElement};
use yew::prelude::*;

use crate::components::code_block::CodeBlock;

/// What the status region says before anything can be checked.
pub const WAITING: &str = "Fill in the three fields above; the verdict appears here.";

fn now_unix() -> i64 {
    (js_sys::Date::now() / 1000.0) as i64
}

/// The time limit typed by the user, in whole minutes; `None` if it is not one.
fn minutes(text: &str) -> Option<u64> {
    text.trim()
        .parse::<u64>()
        .ok()
        .filter(|m| *m <= 7 * 24 * 60)
}

#[function_component(CheckSignaturePage)]
pub fn check_signature_page() -> Html {
    let key = use_state(String::new);
    let header = use_state(String::new);
    let body = use_state(String::new);
    let limit = use_state(|| (DEFAULT_TOLERANCE.as_secs() / 60).to_string());

    let on_input = |state: &UseStateHandle<String>| {
        let state = state.clone();
        Callback::from(move |e: InputEvent| {
            state.set(e.target_unchecked_into::<HtmlInputElement>().value());
        })
    };
    let on_body = {
        let body = body.clone();
        Callback::from(move |e: InputEvent| {
            body.set(e.target_unchecked_into::<HtmlTextAreaElement>().value());
        })
    };

    let limit_minutes = minutes(&limit);
    let tolerance = limit_minutes.map_or(DEFAULT_TOLERANCE, |m| Duration::from_secs(m * 60));
    let (class, headline, explanation) =
        if key.is_empty() && header.trim().is_empty() && body.is_empty() {
            ("verdict", String::new(), WAITING.to_owned())
        } else if body.is_empty() {
            (
                "verdict",
                String::new(),
                "Now paste the raw body of the delivery.".to_owned(),
            )
        } else {
            // The key exactly as typed: a space or line break around it is a mistake worth
            // naming (the checker recognises it), not one to hide.
            let verdict = check(&key, &header, body.as_bytes(), now_unix(), tolerance);
            let class = if verdict.is_valid() {
                "verdict verdict-valid"
            } else {
                "verdict verdict-invalid"
            };
            (class, verdict.headline(), verdict.explanation())
        };

    html! {
        <section class="step tool" aria-labelledby="check-title">
            <h1 id="check-title">{ "Check a webhook signature" }</h1>
            <p class="lead">
                { "Calendly signs every webhook delivery, so that the server receiving it can tell a real one from a \
                   forged one. Paste a delivery your server received to see whether its signature is valid, and if \
                   not, the likely reason." }
            </p>
            <p class="notice">
                { "The check runs in this browser tab. Nothing you type here is sent anywhere or saved." }
            </p>
            <dl class="terms">
                <dt>{ "Signing key" }</dt>
                <dd>{ "The secret the webhook subscription was created with; the assistant shows it once, on the \
                       plan screen. Your server keeps it in its settings." }</dd>
                <dt>{ "Signature header" }</dt>
                <dd>{ "A line Calendly adds to each delivery, named Calendly-Webhook-Signature. It holds the time of \
                       signing (t=) and the signature itself (v1=)." }</dd>
                <dt>{ "Raw body" }</dt>
                <dd>{ "The delivery's content exactly as it arrived, before your server's code read or reformatted \
                       it. Your server's log of the request usually has it." }</dd>
            </dl>

            <div class="fields">
                <label for="check-key">{ "Signing key" }</label>
                <input id="check-key" type="text" autocomplete="off" spellcheck="false" value={(*key).clone()}
                    oninput={on_input(&key)} />
                <label for="check-header">{ "Calendly-Webhook-Signature header" }</label>
                <input id="check-header" type="text" autocomplete="off" spellcheck="false"
                    aria-describedby="check-header-hint" value={(*header).clone()} oninput={on_input(&header)} />
                <p id="check-header-hint" class="hint">{ "It looks like t=1732700000,v1=5257a8\u{2026}" }</p>
                <label for="check-body">{ "Raw body (exactly as received)" }</label>
                <textarea id="check-body" rows="8" spellcheck="false" aria-describedby="check-body-hint"
                    value={(*body).clone()} oninput={on_body} />
                <p id="check-body-hint" class="hint">
                    { "The whole JSON text, from its first { to its last }. One changed character makes the \
                       signature invalid." }
                </p>
                <label for="check-limit">{ "Time allowed since signing (minutes)" }</label>
                <input id="check-limit" class="short" type="text" inputmode="numeric" autocomplete="off"
                    aria-describedby="check-limit-hint" aria-invalid={limit_minutes.is_none().to_string()}
                    value={(*limit).clone()} oninput={on_input(&limit)} />
                <p id="check-limit-hint" class="hint">
                    { "A server should refuse a delivery signed longer ago than this, so that nobody can send an old \
                       one again. Calendly suggests 3 minutes. Raise it to check a delivery you copied a while ago." }
                </p>
                if limit_minutes.is_none() {
                    <p class="field-error">{ "Enter a whole number of minutes; 3 minutes is used meanwhile." }</p>
                }
            </div>

            <h2>{ "Verdict" }</h2>
            <div class={class} role="status" aria-live="polite" aria-atomic="true">
                if !headline.is_empty() {
                    <p><strong class="verdict-headline">{ headline }</strong></p>
                }
                <p>{ explanation }</p>
            </div>

            <h2>{ "The same check in your server's code" }</h2>
            <p>
                { "Each of these is tested against deliveries signed the way Calendly signs them. Check the raw body \
                   as received, compare in constant time, and refuse old deliveries." }
            </p>
            { for VERIFY.iter().map(|(language, _, code)| html! {
                <details class="snippet">
                    <summary>{ *language }</summary>
                    <CodeBlock label={format!("the {language} signature check")} code={*code} />
                </details>
            }) }

            <p><a href="#/">{ "Back to the assistant" }</a></p>
        </section>
    }
}
