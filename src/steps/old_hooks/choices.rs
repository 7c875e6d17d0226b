//! "Your choices for the new webhooks": whose bookings they report (Calendly calls it the
//! scope) and which events, with the picker that shows what cannot be used and why, and
//! the token permissions the chosen events need beyond the usual ones.

use calendly::{Scope, TokenScope};
use migration::events::required_token_scopes;
use migration::words;
use yew::prelude::*;

use crate::components::event_picker::EventPicker;
use crate::state::{Action, Edit, Mode, ScopeReason};
use crate::wizard::use_wizard;

fn reason_words(reason: ScopeReason) -> &'static str {
    match reason {
        ScopeReason::OrganizationWebhookExists => {
            "Chosen for you because your account already has a webhook for the whole organization; pick \
             \u{201c}Only my own bookings\u{201d} if these old webhooks were yours alone."
        }
        ScopeReason::EachOldWebhookWasPersonal => {
            "Chosen for you because each old webhook belonged to one person, so this does what yours did; if \
             you had one per team member, choose everyone's bookings instead."
        }
    }
}

#[function_component(NewWebhookChoices)]
pub fn new_webhook_choices() -> Html {
    let wizard = use_wizard();
    let Some(signed_in) = &wizard.account else {
        return html! {};
    };
    let account = &signed_in.discovery.account;
    let allowed = &signed_in.discovery.scopes;
    let form = &wizard.old_hooks;
    let scope = wizard.chosen_scope();
    let edit = {
        let wizard = wizard.clone();
        move |edit: Edit| wizard.dispatch(Action::OldHooks(edit))
    };

    let scope_radio = |value: Scope, id: &'static str, about: Html| {
        let onchange = {
            let edit = edit.clone();
            Callback::from(move |_: Event| edit(Edit::ChooseScope(value)))
        };
        let disabled = !allowed.contains(&value);
        html! {
            <div class={classes!("option", disabled.then_some("unavailable"))}>
                <input type="radio" name="scope" {id} checked={scope == value} {disabled}
                    aria-describedby={format!("{id}-about")} {onchange} />
                <label for={id}>{ words::scope(value).choice }</label>
                <p class="hint" id={format!("{id}-about")}>{ about }</p>
            </div>
        }
    };
    let org_about = if allowed.contains(&Scope::Organization) {
        "One webhook reports every member's bookings, including people who join later. Only owners and admins \
         can choose this; you are one."
    } else {
        "Not available: only an owner or admin of your Calendly organization can choose this, because it reports \
         every member's bookings and you are a member. Ask an owner or admin to set it up if you need it."
    };
    let scope_choice = html! {
        <fieldset class="scope-choice">
            <legend>{ "Whose bookings should the new webhooks report?" }</legend>
            <p class="hint">{ "Calendly calls this the webhook's scope." }</p>
            { scope_radio(Scope::Organization, "scope-organization", html! { { org_about } }) }
            { scope_radio(Scope::User, "scope-user",
                html! { { "Bookings made with you, as your old webhooks did: each one belonged to one person." } }) }
            if let Some((_, reason)) = form.preselected.filter(|(s, _)| *s == scope) {
                <p class="hint scope-why">{ reason_words(reason) }</p>
            }
        </fieldset>
    };

    let events_radio = |keep: bool, id: &'static str, label: &'static str| {
        let onchange = {
            let edit = edit.clone();
            Callback::from(move |_: Event| edit(Edit::KeepEvents(keep)))
        };
        html! {
            <div class="option">
                <input type="radio" name="events-mode" {id} checked={form.keep_events == keep} {onchange} />
                <label for={id}>{ label }</label>
            </div>
        }
    };
    let events_choice = html! {
        <fieldset class="events-choice">
            <legend>{ "Which events should they report?" }</legend>
            <p class="hint">
                { "An event is something that happens in Calendly, such as a booking, that a webhook tells your \
                   system about." }
            </p>
            { events_radio(true, "events-keep", "Keep each old webhook's events") }
            { events_radio(false, "events-choose", "Choose the events for all of them") }
        </fieldset>
    };
    let picker = (!form.keep_events).then(|| {
        let on_change = {
            let edit = edit.clone();
            Callback::from(move |events| edit(Edit::PickEvents(events)))
        };
        html! {
            <EventPicker id="pick" legend="Events for every new webhook" {scope}
                account={account.clone()} selected={form.picked.clone()} {on_change} />
        }
    });

    // The token permissions the chosen events need beyond the usual ones.
    let needed = required_token_scopes(&wizard.events_in_use());
    let extra: Vec<&TokenScope> = needed
        .iter()
        .filter(|s| !TokenScope::MINIMUM.contains(s))
        .collect();
    let names = |scopes: &[&TokenScope]| {
        scopes
            .iter()
            .map(|s| s.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    };
    let permissions = (!extra.is_empty()).then(|| {
        html! {
            <div class="notice permissions" role="note">
                <p>
                    { "Some of these events need extra permissions on your token: " }
                    <strong>{ names(&extra) }</strong>{ "." }
                </p>
                <p class="hint">
                    { "Permissions (Calendly calls them scopes) are the boxes ticked when a personal access token \
                       is created. The full list to tick: " }
                    { names(&needed.iter().collect::<Vec<_>>()) }{ "." }
                    if wizard.mode == Some(Mode::Practice) {
                        { " The practice account's token already has them all." }
                    }
                </p>
            </div>
        }
    });

    html! {
        <>
            { scope_choice }
            { events_choice }
            { for picker }
            { for permissions }
        </>
    }
}
