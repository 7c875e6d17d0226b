//! Review the plan: what will happen to each webhook before anything is written to
//! Calendly, the user's choices where the plan needs one (keep or replace an existing
//! webhook, combine members' webhooks into one), the signing key (shown once), and the
//! button that starts the run.
//!
//! The plan itself is the migration core's (`migration::plan`); its sentences are already
//! written for users and are shown as they are. The signing key is made here when the
//! screen opens and kept in component memory; it reaches the session only when the user
//! starts, and the wizard state only ever sees its last four characters (in the run state).

use calendly::Scope;
use migration::executor::{RunState, StartRefusal};
use migration::plan::{
    Action as PlanAction, ConsolidationOffer, Decision, Plan, PlanEntry, PlanSummary,
};
use migration::words;
use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::components::signing_key::{KeyChoice, SigningKeyChoice};
use crate::state::{Action, Mode};
use crate::wizard::{use_wizard, Wizard};

/// `n` and a noun, singular or plural.
fn count(n: usize, one: &str, many: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {many}")
    }
}

/// The plan's headline in plain words: "1 to create, 1 already in place."
fn summary_words(s: &PlanSummary) -> String {
    let parts: Vec<String> = [
        (s.to_create, "to create".to_string()),
        (s.already_done, "already in place".to_string()),
        (s.to_replace, "to replace".to_string()),
        (
            s.needs_decision,
            if s.needs_decision == 1 {
                "needs your choice"
            } else {
                "need your choice"
            }
            .to_string(),
        ),
        (s.cannot_do, "cannot be done".to_string()),
    ]
    .into_iter()
    .filter(|(n, _)| *n > 0)
    .map(|(n, words)| format!("{n} {words}"))
    .collect();
    let what = if parts.is_empty() {
        "There is nothing in this plan.".to_string()
    } else {
        format!("{}.", parts.join(", "))
    };
    let deletions = match s.deletions {
        0 => "No existing webhook will be deleted.".to_string(),
        n => format!(
            "{} will be deleted along the way; each is explained below.",
            count(n, "existing webhook", "existing webhooks")
        ),
    };
    format!("{what} {deletions}")
}

/// What will happen to an entry: the badge's class and word.
fn verb(action: &PlanAction) -> (&'static str, &'static str) {
    match action {
        PlanAction::Create => ("badge badge-new", "Create"),
        PlanAction::AlreadyDone { .. } => ("badge badge-ok", "Already done"),
        PlanAction::ReplaceDisabled { .. } => ("badge badge-warn", "Replace a switched-off one"),
        PlanAction::ChangeEvents { decision, .. } => match decision {
            Decision::Undecided => ("badge badge-warn", "Your choice needed"),
            Decision::KeepExisting => ("badge badge-ok", "Keep the existing one"),
            Decision::Replace => ("badge badge-warn", "Replace (delete, then create)"),
        },
        PlanAction::Consolidate { .. } => ("badge badge-new", "Combine into one"),
        PlanAction::CannotDo { .. } => ("badge badge-bad", "Cannot do"),
    }
}

/// Keep or replace an existing webhook whose events differ.
fn decision_choice(wizard: &Wizard, entry: &PlanEntry, current: Decision) -> Html {
    let option = |decision: Decision, suffix: &str, text: &'static str| {
        let id = format!("decision-{}-{suffix}", entry.id);
        let onchange = {
            let (wizard, entry) = (wizard.clone(), entry.id);
            Callback::from(move |_: Event| wizard.dispatch(Action::Decide { entry, decision }))
        };
        html! {
            <div class="radio-line">
                <input type="radio" id={id.clone()} name={format!("decision-{}", entry.id)}
                    checked={current == decision} {onchange} />
                <label for={id}>{ text }</label>
            </div>
        }
    };
    html! {
        <fieldset class="decision">
            <legend>{ "What should happen to the existing webhook?" }</legend>
            { option(Decision::KeepExisting, "keep", "Keep the existing one as it is") }
            { option(Decision::Replace, "replace", "Replace it (old and new events together)") }
            <p class="hint">
                { "Replacing deletes the existing webhook and then creates the new one; bookings made in the \
                   moment between are not sent (see above)." }
            </p>
        </fieldset>
    }
}

fn entry_card(wizard: &Wizard, entry: &PlanEntry) -> Html {
    let (class, word) = verb(&entry.action);
    let existing = match &entry.action {
        PlanAction::ChangeEvents {
            existing_events,
            existing_scope,
            ..
        } => html! {
            <>
                <dt>{ "The existing one" }</dt>
                <dd>{ format!("{} ({})", words::event_labels(existing_events), words::scope(*existing_scope).inline) }</dd>
            </>
        },
        PlanAction::AlreadyDone { extra_events, .. } if !extra_events.is_empty() => html! {
            <>
                <dt>{ "It also sends" }</dt>
                <dd>{ words::event_labels(extra_events) }</dd>
            </>
        },
        _ => html! {},
    };
    html! {
        <li class="plan-entry">
            <p class="subscription-url"><code>{ entry.url.as_str() }</code><span class={class}>{ word }</span></p>
            <dl class="facts compact">
                <dt>{ "For" }</dt><dd>{ words::scope(entry.scope).title }</dd>
                <dt>{ "Events" }</dt><dd>{ words::event_labels(&entry.events) }</dd>
                { existing }
            </dl>
            <p class="why">{ &entry.why }</p>
            if !entry.notes.is_empty() {
                <ul class="notes">{ for entry.notes.iter().map(|n| html! { <li>{ n }</li> }) }</ul>
            }
            if let PlanAction::ChangeEvents { decision, .. } = &entry.action {
                { decision_choice(wizard, entry, *decision) }
            }
        </li>
    }
}

/// One offer to fold members' personal webhooks into one for the organization. The
/// checkbox shows only where ticking it changes this plan: the plan is for the whole
/// organization and includes the address.
fn offer_item(wizard: &Wizard, plan: &Plan, index: usize, offer: &ConsolidationOffer) -> Html {
    let choices = wizard.choices.as_ref();
    let applies = choices.is_some_and(|c| c.scope == Scope::Organization)
        && plan.entries.iter().any(|e| e.url.as_str() == offer.url);
    let ticked = choices.is_some_and(|c| c.consolidate.contains(&offer.url));
    let id = format!("combine-{index}");
    let onchange = {
        let (wizard, url) = (wizard.clone(), offer.url.clone());
        Callback::from(move |event: Event| {
            let yes = event
                .target_dyn_into::<HtmlInputElement>()
                .is_some_and(|input| input.checked());
            wizard.dispatch(Action::Consolidate {
                url: url.clone(),
                yes,
            })
        })
    };
    html! {
        <li class="offer">
            <p>{ &offer.why }</p>
            if applies {
                <div class="checkbox-line">
                    <input type="checkbox" id={id.clone()} checked={ticked} {onchange} />
                    <label for={id}>
                        { format!("Combine the webhooks sending to {} into one for the whole organization", offer.url) }
                    </label>
                </div>
            } else {
                <p class="hint">
                    { "This plan does not include that address for the whole organization, so it cannot combine \
                       them now. To do it, go Back, include this address among your old webhooks and choose \
                       webhooks for the whole organization." }
                </p>
            }
        </li>
    }
}

/// Why the plan has nothing to write, when it has none.
fn nothing_to_create(s: &PlanSummary) -> &'static str {
    match (s.already_done, s.cannot_do) {
        (_, 0) => "Nothing to create: everything is already in place.",
        (0, _) => "Nothing to create: none of these webhooks can be made (the reasons are above).",
        _ => {
            "Nothing to create: everything that can be done is already in place, and the rest cannot be \
             done (the reasons are above)."
        }
    }
}

#[function_component(PlanStep)]
pub fn plan_step() -> Html {
    // Made once, as the screen opens; "Generate another" replaces it.
    let key = use_state(KeyChoice::generate);
    let wizard = &use_wizard();
    let practice = wizard.mode == Some(Mode::Practice);
    let back = {
        let wizard = wizard.clone();
        Callback::from(move |_: MouseEvent| wizard.dispatch(Action::Back))
    };
    let Some(plan) = &wizard.plan else {
        return html! {
            <section class="step" aria-labelledby="plan-title">
                <h1 id="plan-title">{ "Review the plan" }</h1>
                <p>{ "There is no plan yet. Go back and enter your old webhooks." }</p>
                <div class="button-row">
                    <button type="button" class="button secondary" onclick={back}>{ "Back" }</button>
                </div>
            </section>
        };
    };

    let summary = plan.summary();
    let undecided = plan.undecided();
    let writes = plan.entries.iter().filter(|e| e.steps().is_some()).count();
    let needs_key = writes > 0 || !undecided.is_empty();
    let mut reasons: Vec<String> = Vec::new();
    if !undecided.is_empty() {
        reasons.push(
            StartRefusal::Undecided {
                entries: undecided.clone(),
            }
            .to_string(),
        );
    }
    if needs_key {
        if let Err(why) = key.ready() {
            reasons.push(why);
        }
    }

    let finish = {
        let wizard = wizard.clone();
        Callback::from(move |_: MouseEvent| {
            wizard.dispatch(Action::FinishWithoutChanges {
                at: crate::steps::run::now_iso(),
            })
        })
    };
    let on_key = {
        let key = key.clone();
        Callback::from(move |choice: KeyChoice| key.set(choice))
    };
    let start = {
        let (wizard, key, plan) = (wizard.clone(), key.clone(), plan.clone());
        Callback::from(move |_: MouseEvent| {
            // The button is disabled until both hold; checked again so a stray click does nothing.
            let Ok(signing_key) = key.ready() else {
                return;
            };
            if !plan.undecided().is_empty() {
                return;
            }
            if let Some(signing_key) = &signing_key {
                wizard.session().set_signing_key(signing_key.clone());
            }
            wizard.dispatch(Action::StartRun(RunState::new(
                plan.clone(),
                signing_key.as_ref(),
            )));
        })
    };

    html! {
        <section class="step" aria-labelledby="plan-title">
            <h1 id="plan-title">{ "Review the plan" }</h1>
            <p class="notice" role="note">
                <strong>{ "Nothing has been written to Calendly yet." }</strong>
                { " Check what will happen to each webhook. Nothing changes until you press \
                   \u{201c}Create the subscriptions\u{201d}." }
            </p>
            if practice {
                <p class="notice">
                    { "Practice mode: the plan runs against the pretend account in this page; nothing real is written." }
                </p>
            }
            <p class="plan-summary" role="status">
                <strong>{ "What will happen: " }</strong>{ summary_words(&summary) }
            </p>

            <h2>{ "Webhook by webhook" }</h2>
            <ul class="plan-entries">
                { for plan.entries.iter().map(|entry| entry_card(wizard, entry)) }
            </ul>

            if !plan.consolidation_offers.is_empty() {
                <section class="offers" aria-labelledby="combine-title">
                    <h2 id="combine-title">{ "Combine personal webhooks into one" }</h2>
                    <p>
                        { "As an owner or admin you can replace several members' personal webhooks to the same \
                           address with one webhook for the whole organization." }
                    </p>
                    <ul class="offer-list">
                        { for plan.consolidation_offers.iter().enumerate()
                            .map(|(i, offer)| offer_item(wizard, plan, i, offer)) }
                    </ul>
                </section>
            }

            if needs_key {
                <SigningKeyChoice choice={(*key).clone()} on_change={on_key} />
            }

            if needs_key {
                <div class="start">
                    <div id="start-reasons" class="start-reasons" role="status">
                        if reasons.is_empty() {
                            <p class="ready">
                                { format!("Ready. Pressing the button changes {} in {}.",
                                    count(writes, "webhook", "webhooks"),
                                    if practice { "the practice account" } else { "Calendly" }) }
                            </p>
                        } else {
                            <p>{ "Before you can start:" }</p>
                            <ul>{ for reasons.iter().map(|r| html! { <li>{ r }</li> }) }</ul>
                        }
                    </div>
                    <div class="button-row">
                        <button type="button" class="button secondary" onclick={back}>{ "Back" }</button>
                        <button type="button" class="button primary" onclick={start}
                            disabled={!reasons.is_empty()} aria-describedby="start-reasons">
                            { "Create the subscriptions" }
                        </button>
                    </div>
                </div>
            } else {
                <p class="notice" role="status">
                    { nothing_to_create(&summary) }
                    { " Finish to see the report: what is already in place, and the next steps for your server." }
                </p>
                <div class="button-row">
                    <button type="button" class="button secondary" onclick={back}>{ "Back" }</button>
                    <button type="button" class="button primary" onclick={finish}>{ "Finish" }</button>
                </div>
            }
        </section>
    }
}
