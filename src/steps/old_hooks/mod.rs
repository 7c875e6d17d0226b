//! The old webhooks to move, and the choices for their replacements. Calendly switched
//! its old system (v1) off on 27 August 2025, so nothing can list old webhooks any more:
//! the user types each address into a small form ([`add_one`]) or pastes a list
//! ([`paste_list`]: addresses, a saved v1 answer, a spreadsheet export), sees the list
//! ([`your_list`]) and chooses whose bookings and which events ([`choices`]).
//!
//! Everything typed and chosen lives in the wizard state
//! ([`crate::state::OldHooksForm`]), and every rule (merging, look-alikes, order, what
//! may be picked) is the core's: these components show the state and send edits. Next
//! adds an address still typed in the form (or stops with the reason at the field) and
//! makes the plan.

pub mod add_one;
pub mod choices;
pub mod paste_list;
pub mod your_list;

use yew::prelude::*;

use crate::state::Action;
use crate::wizard::use_wizard;

use add_one::AddOne;
use choices::NewWebhookChoices;
use paste_list::PasteList;
use your_list::YourList;

#[function_component(OldHooksStep)]
pub fn old_hooks_step() -> Html {
    let wizard = use_wizard();
    if wizard.account.is_none() {
        return html! {};
    }
    let blocker = wizard.old_hooks_blocker();
    let typed = wizard.old_hooks.url.trim().to_owned();
    html! {
        <section class="step old-hooks" aria-labelledby="old-hooks-title">
            <h1 id="old-hooks-title">{ "Your old webhooks" }</h1>
            <p>
                { "Calendly switched its old webhooks (the \u{201c}v1\u{201d} ones) off, and it can no longer list \
                   them. Tell us where each one sent its messages, and the assistant will set up a new webhook \
                   for each." }
            </p>
            { where_to_find() }

            <h2>{ "Add one webhook" }</h2>
            <AddOne />

            <h2>{ "Or paste a list" }</h2>
            <PasteList />

            <YourList />

            <h2>{ "Your choices for the new webhooks" }</h2>
            <NewWebhookChoices />

            if !typed.is_empty() && wizard.old_hooks.problem.is_none() {
                <p class="notice" id="old-hooks-typed">
                    { "The address typed in the form above is not in your list yet. " }
                    { "Next adds it, or press Add now." }
                </p>
            }
            <div class="button-row">
                <button type="button" class="button secondary" onclick={wizard.on::<MouseEvent>(Action::Back)}>
                    { "Back" }
                </button>
                <button type="button" class="button primary" onclick={wizard.on::<MouseEvent>(Action::Next)}
                    disabled={blocker.is_some()}
                    aria-describedby={blocker.is_some().then_some("old-hooks-next-why")}>
                    { "Next: review the plan" }
                </button>
            </div>
            if let Some(why) = blocker {
                <p class="hint" id="old-hooks-next-why">{ why }</p>
            }
        </section>
    }
}

/// Where people find the addresses of their old webhooks, now that Calendly cannot say.
fn where_to_find() -> Html {
    html! {
        <details class="help">
            <summary>{ "Where do I find my old webhooks?" }</summary>
            <p>
                { "Since 27 August 2025 Calendly's old system cannot list them any more, so look at the other \
                   end: the tool that received your bookings." }
            </p>
            <ul>
                <li>{ "In the settings of that tool, for example Zapier, your CRM, or your website's booking \
                       integration. Look for \u{201c}webhook\u{201d} or \u{201c}Calendly\u{201d}." }</li>
                <li>{ "Ask whoever set it up for you, such as your developer." }</li>
                <li>{ "The address starts with https:// and often ends with something like /calendly or /webhook." }</li>
                <li>{ "If someone saved the old system's list of webhooks (text starting with { \"data\": [ ), paste \
                       it below exactly as it is." }</li>
            </ul>
        </details>
    }
}
