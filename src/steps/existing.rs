//! The webhook subscriptions that already exist: where each sends its messages, which
//! events, for whom, who created it, and whether it is working. Calendly switches failing
//! webhooks off without telling anyone, so the ones that need attention come first.

use calendly::{Scope, WebhookSubscription};
use migration::account::Health;
use migration::words;
use yew::prelude::*;

use crate::state::Action;
use crate::wizard::use_wizard;

/// How many subscriptions show before "Show all".
const FIRST: usize = 20;

/// "2026-11-27T09:00:00.000000Z" → "2026-11-27".
fn day(timestamp: &str) -> &str {
    timestamp.get(..10).unwrap_or(timestamp)
}

fn health_badge(health: &Health) -> Html {
    let (class, word) = match health {
        Health::Working => ("badge badge-ok", "Working"),
        Health::Retrying { .. } => ("badge badge-warn", "Failing, Calendly is retrying"),
        Health::SwitchedOff => ("badge badge-bad", "Switched off by Calendly"),
        Health::Unknown => ("badge", "Unknown state"),
    };
    html! { <span class={class}>{ word }</span> }
}

#[function_component(ExistingStep)]
pub fn existing_step() -> Html {
    let show_all = use_state(|| false);
    let first_more = use_node_ref();
    {
        // "Show all" is gone once pressed: the focus moves to the first webhook it
        // revealed, where the keyboard user was heading.
        let first_more = first_more.clone();
        use_effect_with(*show_all, move |shown| {
            if *shown {
                if let Some(card) = first_more.cast::<web_sys::HtmlElement>() {
                    let _ = card.focus();
                }
            }
        });
    }
    let wizard = use_wizard();
    let Some(account) = &wizard.account else {
        return html! {};
    };
    let me = &account.discovery.user.uri;
    let mut subscriptions: Vec<&WebhookSubscription> = account.discovery.existing.iter().collect();
    // Those needing attention first, then the newest.
    subscriptions.sort_by_key(|s| {
        (
            Health::of(s) == Health::Working,
            std::cmp::Reverse(s.created_at.clone()),
        )
    });
    let attention = subscriptions
        .iter()
        .filter(|s| Health::of(s) != Health::Working)
        .count();
    let shown = if *show_all {
        subscriptions.len()
    } else {
        subscriptions.len().min(FIRST)
    };

    let next = wizard.on::<MouseEvent>(Action::Next);
    let back = wizard.on::<MouseEvent>(Action::Back);
    let more = {
        let show_all = show_all.clone();
        Callback::from(move |_| show_all.set(true))
    };

    let card = |(index, sub): (usize, &&WebhookSubscription)| {
        let health = Health::of(sub);
        let whose = words::subscription_scope(sub.scope, sub.user.as_ref(), me);
        let creator = match &sub.creator {
            Some(creator) if creator == me => "you".to_string(),
            Some(creator) => account.discovery.name_of(creator),
            None => "someone Calendly did not name".to_string(),
        };
        let events = words::event_labels(&sub.events);
        html! {
            <li class="subscription" tabindex={(index == FIRST).then_some("-1")}
                ref={if index == FIRST { first_more.clone() } else { NodeRef::default() }}>
                <p class="subscription-url"><code>{ &sub.callback_url }</code> { health_badge(&health) }</p>
                <dl class="facts compact">
                    <dt>{ "Sends" }</dt><dd>{ events }</dd>
                    <dt>{ "For" }</dt><dd>{ whose }</dd>
                    <dt>{ "Created" }</dt><dd>{ format!("{} by {creator}", day(&sub.created_at)) }</dd>
                </dl>
                if health != Health::Working {
                    <p class="attention">{ health.message() }</p>
                }
                <details class="technical">
                    <summary>{ "Technical details" }</summary>
                    <dl class="facts compact">
                        <dt>{ "Subscription" }</dt><dd><code>{ sub.uri.as_str() }</code></dd>
                        if let Some(creator) = &sub.creator {
                            <dt>{ "Created by" }</dt><dd><code>{ creator.as_str() }</code></dd>
                        }
                        <dt>{ "State" }</dt><dd><code>{ format!("{:?}", sub.state).to_lowercase() }</code></dd>
                    </dl>
                </details>
            </li>
        }
    };

    html! {
        <section class="step" aria-labelledby="existing-title">
            <h1 id="existing-title">{ "Webhooks you already have" }</h1>
            <p>
                { "These are the webhook subscriptions (Calendly's new kind of webhook) that already exist \
                   for you" }
                { if account.discovery.scopes.contains(&Scope::Organization) { " and your organization" } else { "" } }
                { ". The assistant will not create a second copy of any of them." }
            </p>
            if subscriptions.is_empty() {
                <p class="notice">
                    { "There are none yet. That is normal if your old webhooks stopped when Calendly switched them off." }
                </p>
            } else {
                <p>
                    { match subscriptions.len() { 1 => "1 subscription".to_string(), n => format!("{n} subscriptions") } }
                    if attention > 0 {
                        <strong class="attention">{ format!(", {attention} needing attention") }</strong>
                    }
                    { "." }
                </p>
                <ul class="subscriptions">{ for subscriptions.iter().take(shown).enumerate().map(card) }</ul>
                if shown < subscriptions.len() {
                    <button type="button" class="button secondary" onclick={more}>
                        { format!("Show all {}", subscriptions.len()) }
                    </button>
                }
            }
            <div class="button-row">
                <button type="button" class="button secondary" onclick={back}>{ "Back" }</button>
                <button type="button" class="button primary" onclick={next}>{ "Next: your old webhooks" }</button>
            </div>
        </section>
    }
}
