//! "Add one webhook": an address and the events it reported. A refused address is
//! explained at the field, what was typed stays, and a fixable one ("Did you mean
//! https://…?") has a button that applies the fix.

use calendly::Event as WebhookEvent;
use migration::old_hooks::HookRefusal;
use migration::words;
use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::state::{Action, Edit};
use crate::wizard::use_wizard;

#[function_component(AddOne)]
pub fn add_one() -> Html {
    let wizard = use_wizard();
    let form = &wizard.old_hooks;
    let edit = {
        let wizard = wizard.clone();
        move |edit: Edit| wizard.dispatch(Action::OldHooks(edit))
    };
    let on_input = {
        let edit = edit.clone();
        Callback::from(move |e: InputEvent| {
            edit(Edit::TypeAddress(
                e.target_unchecked_into::<HtmlInputElement>().value(),
            ))
        })
    };
    let on_add = {
        let edit = edit.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            edit(Edit::AddFromForm);
        })
    };
    let use_suggestion = {
        let edit = edit.clone();
        Callback::from(move |_: MouseEvent| edit(Edit::UseSuggestion))
    };
    let checkbox = |event: WebhookEvent, id: &'static str| {
        let onchange = {
            let (edit, event) = (edit.clone(), event.clone());
            Callback::from(move |e: Event| {
                let on = e.target_unchecked_into::<HtmlInputElement>().checked();
                edit(Edit::TickFormEvent(event.clone(), on));
            })
        };
        html! {
            <div class="option">
                <input type="checkbox" {id} checked={form.form_events.contains(&event)} {onchange} />
                <label for={id}>
                    { words::event_label(&event) }{ " " }
                    <span class="event-name">{ format!("({})", event.name()) }</span>
                </label>
            </div>
        }
    };
    let (url_error, events_error) = match &form.problem {
        Some(HookRefusal::NoEventsTicked) => (
            None,
            Some("Tick at least one: your old webhooks sent bookings, cancellations or both."),
        ),
        Some(refusal) => (Some(refusal), None),
        None => (None, None),
    };
    let described_by = if url_error.is_some() {
        "old-hook-url-hint old-hook-url-error"
    } else {
        "old-hook-url-hint"
    };
    html! {
        <form class="hook-form" onsubmit={on_add} novalidate=true>
            <label for="old-hook-url">{ "Web address of the old webhook" }</label>
            <p class="hint" id="old-hook-url-hint">
                { "Where Calendly used to send your bookings, for example https://hooks.example.com/calendly." }
            </p>
            <input type="text" id="old-hook-url" value={form.url.clone()} oninput={on_input}
                inputmode="url" autocomplete="off" spellcheck="false"
                aria-invalid={url_error.is_some().then_some("true")}
                aria-describedby={described_by} />
            if let Some(refusal) = url_error {
                <div class="field-error" id="old-hook-url-error" role="alert">
                    <p>{ refusal.to_string() }</p>
                    if let Some(suggestion) = refusal.suggestion() {
                        <button type="button" class="button secondary small" onclick={use_suggestion}>
                            { format!("Use {suggestion}") }
                        </button>
                    }
                </div>
            }
            <fieldset class="form-events">
                <legend>{ "What it reported" }</legend>
                { checkbox(WebhookEvent::InviteeCreated, "old-hook-created") }
                { checkbox(WebhookEvent::InviteeCanceled, "old-hook-canceled") }
                if let Some(reason) = events_error {
                    <p class="field-error" role="alert">{ reason }</p>
                }
            </fieldset>
            <button type="submit" class="button secondary">{ "Add" }</button>
        </form>
    }
}
