//! "Your list": the old webhooks accepted so far, each with what it sent, where it came
//! from, and what is worth knowing (look-alike addresses, events assumed, events the
//! chosen scope or plan rules out). Removing one keeps the keyboard in the list.

use migration::events::eligibility;
use migration::old_hooks::OldHook;
use migration::words;
use yew::prelude::*;

use crate::state::{Action, Edit};
use crate::wizard::use_wizard;

/// "line 3" → "Line 3".
fn capitalized(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[function_component(YourList)]
pub fn your_list() -> Html {
    let wizard = use_wizard();
    let title = use_node_ref();
    let Some(account) = &wizard.account else {
        return html! {};
    };
    let form = &wizard.old_hooks;
    let scope = wizard.chosen_scope();
    let remove = |index: usize| {
        let (wizard, title) = (wizard.clone(), title.clone());
        Callback::from(move |_: MouseEvent| {
            wizard.dispatch(Action::OldHooks(Edit::Remove(index)));
            // The button pressed is going; keep keyboard users in the list.
            if let Some(title) = title.cast::<web_sys::HtmlElement>() {
                let _ = title.focus();
            }
        })
    };
    let card = |(index, hook): (usize, &OldHook)| {
        // With "keep each old webhook's events", say here which of them cannot be used.
        let ruled: Vec<String> = if form.keep_events {
            hook.events
                .iter()
                .filter_map(|e| {
                    let eligible = eligibility(e, scope, &account.discovery.account);
                    (!eligible.can_choose())
                        .then(|| eligible.reason().unwrap_or_default().to_owned())
                })
                .collect()
        } else {
            Vec::new()
        };
        let sends = if form.keep_events {
            words::event_labels(&hook.events)
        } else {
            format!(
                "{} (the new webhook will send the events you choose below instead)",
                words::event_labels(&hook.events)
            )
        };
        html! {
            <li class="subscription old-hook" key={hook.url.as_str().to_owned()}>
                <p class="subscription-url"><code>{ hook.url.as_str() }</code></p>
                <dl class="facts compact">
                    <dt>{ "Sent" }</dt><dd>{ sends }</dd>
                    <dt>{ "From" }</dt><dd>{ capitalized(&hook.source.to_string()) }</dd>
                </dl>
                if !hook.notes.is_empty() || !ruled.is_empty() {
                    <ul class="hook-notes">
                        { for hook.notes.iter().map(|n| html! { <li>{ n.to_string() }</li> }) }
                        { for ruled.iter().map(|c| html! { <li class="attention">{ c }</li> }) }
                    </ul>
                }
                <button type="button" class="button secondary small" onclick={remove(index)}
                    aria-label={format!("Remove {}", hook.url.as_str())}>{ "Remove" }</button>
            </li>
        }
    };
    html! {
        <>
            <h2 id="old-hooks-list-title" tabindex="-1" ref={title.clone()}>{ "Your list" }</h2>
            <p class="list-status" role="status">{ form.status.clone() }</p>
            if wizard.hooks.is_empty() {
                <p class="hint">{ "Nothing yet. The webhooks you add or paste appear here." }</p>
            } else {
                <ul class="subscriptions old-hook-list" aria-labelledby="old-hooks-list-title">
                    { for wizard.hooks.hooks().iter().enumerate().map(card) }
                </ul>
            }
        </>
    }
}
