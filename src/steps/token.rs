//! Paste a personal access token. The text is checked here first (triage: is it a V2
//! token, the retired v1 key, an email…?) so nothing useless is sent; then Calendly is
//! asked who it belongs to. Every failure says what happened and what to do.

use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::components::error_panel::ErrorPanel;
use crate::connection::{client_for, sign_in};
use crate::state::{Action, Remote, UiError};
use crate::wizard::use_wizard;

/// The permissions (Calendly calls them scopes) the migration needs, with what each is for.
pub const SCOPES: [(&str, &str); 5] = [
    ("users:read", "to see who you are"),
    (
        "organizations:read",
        "to see your organization and your role in it",
    ),
    (
        "webhooks:read",
        "to see the webhook subscriptions you already have",
    ),
    ("webhooks:write", "to create the new subscriptions"),
    (
        "scheduled_events:read",
        "to receive booking and cancellation messages",
    ),
];

fn now_unix() -> i64 {
    (js_sys::Date::now() / 1000.0) as i64
}

#[function_component(TokenStep)]
pub fn token_step() -> Html {
    let wizard = use_wizard();
    let input = use_node_ref();
    let status = use_state(|| Remote::<()>::Idle);

    let onsubmit = {
        let (input, status, wizard) = (input.clone(), status.clone(), wizard.clone());
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            let Some(field) = input.cast::<HtmlInputElement>() else {
                return;
            };
            let triage = migration::token::triage(&field.value(), now_unix());
            let scopes: Vec<&str> = SCOPES.iter().map(|(scope, _)| *scope).collect();
            let Some(token) = triage.usable().cloned() else {
                status.set(Remote::Failed(UiError {
                    message: triage.message(),
                    next_step: triage.advice(&scopes),
                }));
                return;
            };
            status.set(Remote::Loading);
            let client = client_for(wizard.api(), token);
            let kind = triage.kind.clone();
            let (status, wizard) = (status.clone(), wizard.clone());
            wasm_bindgen_futures::spawn_local(async move {
                match sign_in(&client, Some(&kind)).await {
                    Ok(account) => {
                        wizard.session().set(client);
                        wizard.dispatch(Action::SignedIn(Box::new(account)));
                    }
                    Err(error) => status.set(Remote::Failed(error)),
                }
            });
        })
    };
    let back = wizard.on::<MouseEvent>(Action::Back);
    let loading = *status == Remote::Loading;
    // Back from the account screen: the account is still connected, so continuing needs
    // no token; pasting another one connects that account instead.
    let connected = wizard
        .account
        .as_ref()
        .filter(|_| wizard.session().client().is_some())
        .map(|account| account.discovery.user.name.clone());

    html! {
        <section class="step" aria-labelledby="token-title">
            <h1 id="token-title">{ "Connect your Calendly account" }</h1>
            if let Some(name) = &connected {
                <div class="notice connected">
                    <p>{ format!("You are connected as {name}.") }</p>
                    <div class="button-row">
                        <button type="button" class="button primary" onclick={wizard.on::<MouseEvent>(Action::Next)}>
                            { format!("Continue as {name}") }
                        </button>
                    </div>
                    <p class="hint">{ "Or paste a different token below to connect another account." }</p>
                </div>
            }
            if wizard.resume.is_some() {
                <p class="notice" role="status">
                    { "Welcome back. Your migration was kept in this tab, but your token never is: paste it \
                       again to continue where you left off." }
                </p>
            }
            <p>
                { "The assistant needs a " }<strong>{ "personal access token" }</strong>
                { ": a long code, like a password made for one purpose, that lets it act for you in \
                   Calendly. You can delete it in Calendly when you are done." }
            </p>
            <h2>{ "How to get one" }</h2>
            <ol class="how">
                <li>
                    { "In Calendly, open " }<strong>{ "Integrations" }</strong>{ " and choose " }
                    <a href="https://calendly.com/integrations/api_webhooks" target="_blank" rel="noopener noreferrer">
                        { "API & Webhooks" }
                    </a>{ "." }
                </li>
                <li>{ "Click \u{201c}Generate new token\u{201d} and give it a name, such as \u{201c}Webhook migration\u{201d}." }</li>
                <li>
                    { "Tick these permissions (Calendly calls them \u{201c}scopes\u{201d}):" }
                    <ul class="scopes">
                        { for SCOPES.iter().map(|(scope, why)| html! {
                            <li><code>{ *scope }</code>{ format!(": {why}") }</li>
                        }) }
                    </ul>
                </li>
                <li>{ "Click Create, copy the token (Calendly shows it only once) and paste it below." }</li>
            </ol>
            <form onsubmit={onsubmit} novalidate=true>
                <label for="token">{ "Personal access token" }</label>
                <input id="token" type="password" ref={input} autocomplete="off" spellcheck="false"
                    aria-describedby="token-hint" disabled={loading} />
                <p id="token-hint" class="hint">
                    { "It starts with \u{201c}eyJ\u{201d}. It stays in this tab and is sent only to Calendly." }
                </p>
                {
                    match &*status {
                        Remote::Loading => html! { <p class="notice" role="status">{ "Checking your token with Calendly\u{2026}" }</p> },
                        Remote::Failed(error) => html! {
                            <ErrorPanel message={error.message.clone()} next_step={error.next_step.clone()} />
                        },
                        Remote::Idle | Remote::Ready(()) => html! {},
                    }
                }
                <div class="button-row">
                    <button type="button" class="button secondary" onclick={back}>{ "Back" }</button>
                    <button type="submit" class="button primary" disabled={loading}>{ "Continue" }</button>
                </div>
            </form>
        </section>
    }
}
