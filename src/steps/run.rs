//! Creating the subscriptions: runs the plan with the migration core's executor and shows
//! its progress, entry by entry. This screen owns the run's effects: starting it, Stop
//! (the executor's `Cancel`), Continue (running the same `RunState` again, which is safe
//! by design), and asking again for the signing key after a reload (the key is never
//! stored). Every change is sent to the wizard as `Action::RunUpdated`, and the app saves
//! the state, so a reload in the middle loses nothing and creates nothing twice.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use calendly::SigningKey;
use migration::executor::{
    run, Cancel, EntryState, EntryStatus, Progress, Remedy, RunOptions, RunState, StartRefusal,
};
use migration::plan::PlanEntry;
use migration::signing;
use migration::token::{advice_for, TokenKind};
use migration::words;
use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::components::countdown::Countdown;
use crate::components::error_panel::ErrorPanel;
use crate::state::{Action, Mode, UiError};
use crate::wizard::{use_wizard, Wizard};

/// Where the run is. The entries' own progress lives in the wizard's `RunState`.
#[derive(Clone, Debug, PartialEq)]
enum Phase {
    /// The executor is working.
    Running,
    /// Stop was pressed; the requests already sent are finishing.
    Stopping,
    /// The executor returned: everything is done, or it was stopped, or some entries
    /// failed. Which one is read from the `RunState`.
    Ended,
    /// The run uses a signing key this page does not hold (after a reload).
    NeedsKey {
        ends_with: String,
        /// Why the last key typed was not accepted.
        refused: Option<String>,
    },
    /// The run cannot start at all.
    Refused(UiError),
}

/// The visual state of one entry, shown as a word and a colour (never colour alone).
fn entry_look(status: &EntryStatus) -> (&'static str, &'static str) {
    match status {
        EntryStatus::Waiting => ("run-entry waiting", "Waiting"),
        EntryStatus::Interrupted => ("run-entry waiting", "Stopped"),
        EntryStatus::DeletingOld
        | EntryStatus::Creating
        | EntryStatus::Checking
        | EntryStatus::DeletingReplaced => ("run-entry working", "Working"),
        EntryStatus::WaitingForRateLimit { .. } => ("run-entry paused", "Pausing"),
        EntryStatus::Done { .. } | EntryStatus::NothingToDo { .. } => ("run-entry done", "Done"),
        EntryStatus::Failed { .. } => ("run-entry failed", "Failed"),
    }
}

/// "3 of 5 done", then what else is worth knowing. Changes only when a count changes, so
/// the live region stays quiet while entries move between working states.
fn summary(p: &Progress) -> String {
    let mut text = format!("{} of {} done", p.finished, p.total);
    if p.failed > 0 {
        text.push_str(&format!(", {} failed", p.failed));
    }
    if p.waiting_for_rate_limit > 0 {
        text.push_str(", pausing because Calendly asked us to slow down");
    }
    text.push('.');
    text
}

/// The browser's clock, for dating the report: ISO 8601, UTC.
pub fn now_iso() -> String {
    String::from(js_sys::Date::new_0().to_iso_string())
}

/// Start (or continue) the run `state` in the background. `key` is the signing key to
/// create with, if the plan uses one.
fn start(
    wizard: &Wizard,
    state: Option<RunState>,
    key: Option<SigningKey>,
    phase: &UseStateHandle<Phase>,
    cancel_slot: &Rc<RefCell<Cancel>>,
) {
    let session = wizard.session();
    let (Some(client), Some(state)) = (session.client(), state) else {
        return;
    };
    let cancel = Cancel::new();
    *cancel_slot.borrow_mut() = cancel.clone();
    let (wizard, session, phase) = (wizard.clone(), session.clone(), phase.clone());
    wasm_bindgen_futures::spawn_local(async move {
        let cell = RefCell::new(state);
        // The executor reports the state once it has accepted the key. Only then does the
        // screen switch to "running", so a refused key leaves the key field (and the focus
        // in it) where it was. The first report comes before any click can land.
        let started = Cell::new(false);
        let observe = |s: &RunState| {
            if !started.replace(true) {
                phase.set(Phase::Running);
            }
            wizard.dispatch(Action::RunUpdated(s.clone()));
        };
        let result = run(
            &client,
            &cell,
            key.as_ref(),
            &RunOptions::default(),
            &cancel,
            &observe,
        )
        .await;
        match result {
            Ok(_) => {
                // The executor accepted the key: keep it for Continue and the report.
                if let Some(key) = key {
                    session.set_signing_key(key);
                }
                phase.set(Phase::Ended);
                if cell.borrow().is_complete() {
                    wizard.dispatch(Action::Finished { at: now_iso() });
                }
            }
            Err(StartRefusal::SigningKeyNeeded { ends_with }) => {
                let refused = key.map(|_| {
                    format!(
                        "This is not the key the webhooks are being created with: that one ends with \
                         \u{201c}{ends_with}\u{201d}. Check that you copied all of it."
                    )
                });
                phase.set(Phase::NeedsKey { ends_with, refused });
            }
            Err(refusal @ StartRefusal::Undecided { .. }) => phase.set(Phase::Refused(UiError {
                message: refusal.to_string(),
                next_step: "Start again from the beginning and make the choice on the plan screen."
                    .into(),
            })),
        }
    });
}

#[function_component(RunStep)]
pub fn run_step() -> Html {
    let wizard = &use_wizard();
    let session = wizard.session();
    // A run the user had stopped (then reloaded) waits for Continue instead of starting.
    let phase = use_state(|| {
        if wizard.run.as_ref().is_some_and(|r| r.interrupted) {
            Phase::Ended
        } else {
            Phase::Running
        }
    });
    let cancel = use_mut_ref(Cancel::new);
    let key_text = use_state(String::new);
    let primary = use_node_ref();
    {
        // Stop (or the run ending) removes the button that had the focus: move it to the
        // button that comes next, so a keyboard user is not sent back to the top.
        let primary = primary.clone();
        use_effect_with((*phase).clone(), move |phase| {
            if *phase == Phase::Ended {
                if let Some(button) = primary.cast::<web_sys::HtmlElement>() {
                    let _ = button.focus();
                }
            }
        });
    }
    {
        let (wizard, phase, cancel) = (wizard.clone(), phase.clone(), cancel.clone());
        use_effect_with((), move |_| {
            if *phase == Phase::Running {
                let key = wizard.session().signing_key();
                start(&wizard, wizard.run.clone(), key, &phase, &cancel);
            }
        });
    }

    let Some(state) = wizard.run.as_ref() else {
        return html! {};
    };
    let start_over = {
        let wizard = wizard.clone();
        Callback::from(move |_| wizard.dispatch(Action::StartOver))
    };
    if session.client().is_none() {
        // After a reload the user connects again before coming back here, so this means
        // the page lost its connection some other way.
        return html! {
            <section class="step" aria-labelledby="run-title">
                <h1 id="run-title">{ "Creating your webhooks" }</h1>
                <ErrorPanel
                    message="This page is no longer connected to your Calendly account, so it cannot continue."
                    next_step="Start again and connect with your token. Nothing is created twice: webhooks made \
                               so far are found and counted as done." />
                <div class="button-row">
                    <button type="button" class="button primary" onclick={start_over.clone()}>
                        { "Start again" }
                    </button>
                </div>
            </section>
        };
    }

    let progress = state.progress();
    let on_stop = {
        let (cancel, phase) = (cancel.clone(), phase.clone());
        Callback::from(move |_| {
            cancel.borrow().cancel();
            phase.set(Phase::Stopping);
        })
    };
    let on_continue = {
        let (wizard, phase, cancel) = (wizard.clone(), phase.clone(), cancel.clone());
        Callback::from(move |_| {
            let key = wizard.session().signing_key();
            start(&wizard, wizard.run.clone(), key, &phase, &cancel)
        })
    };
    // "Create it without …": leave out the events Calendly refused, and run on.
    let without = {
        let (wizard, phase, cancel) = (wizard.clone(), phase.clone(), cancel.clone());
        Callback::from(move |(entry, events): (usize, Vec<calendly::Event>)| {
            let Some(mut run) = wizard.run.clone() else {
                return;
            };
            if !run.drop_events(entry, &events) {
                return;
            }
            wizard.dispatch(Action::DropEvents { entry, events });
            let key = wizard.session().signing_key();
            start(&wizard, Some(run), key, &phase, &cancel);
        })
    };
    let token_kind = wizard.account.as_ref().and_then(|a| a.token_kind.clone());

    let controls = match &*phase {
        Phase::Running => html! {
            <div class="run-controls">
                <button type="button" class="button secondary" onclick={on_stop}>{ "Stop" }</button>
                <p class="hint">
                    { "Stopping is safe: what is done stays done, and \u{201c}Continue\u{201d} picks up where it \
                       stopped without creating anything twice." }
                </p>
            </div>
        },
        Phase::Stopping => html! {
            <p class="notice">{ "Stopping after the requests already on their way to Calendly\u{2026}" }</p>
        },
        Phase::Ended if state.is_complete() => html! {
            <p class="notice">{ "Everything is done. Opening the report\u{2026}" }</p>
        },
        Phase::Ended => {
            let see_report = {
                let wizard = wizard.clone();
                Callback::from(move |_| wizard.dispatch(Action::Finished { at: now_iso() }))
            };
            ended(
                state,
                &progress,
                on_continue,
                see_report,
                start_over.clone(),
                &primary,
            )
        }
        Phase::NeedsKey { ends_with, refused } => key_form(
            wizard,
            ends_with,
            refused.as_deref(),
            &key_text,
            &phase,
            &cancel,
        ),
        Phase::Refused(error) => html! {
            <>
                <ErrorPanel message={error.message.clone()} next_step={error.next_step.clone()} />
                <div class="button-row">
                    <button type="button" class="button secondary" onclick={start_over.clone()}>
                        { "Start over" }
                    </button>
                </div>
            </>
        },
    };

    html! {
        <section class="step" aria-labelledby="run-title">
            <h1 id="run-title">{ "Creating your webhooks" }</h1>
            if wizard.mode == Some(Mode::Practice) {
                <p class="notice">
                    { "Practice mode: the webhooks are created in the pretend account inside this page, so this \
                       takes no time at all." }
                </p>
            } else {
                <p>{ "The assistant is creating your new webhooks in Calendly. Keep this page open until it is done; \
                      if it closes, open it again and the assistant continues where it was." }</p>
            }
            <div class="run-progress">
                <label for="run-progress-bar">{ "Progress" }</label>
                <progress id="run-progress-bar" max={progress.total.to_string()}
                    value={progress.finished.to_string()}>
                    { summary(&progress) }
                </progress>
                <p class="run-summary" role="status">{ summary(&progress) }</p>
            </div>
            if progress.waiting_for_rate_limit > 0 {
                <p class="hint">
                    { "Calendly lets an account make only so many requests per minute (its \u{201c}rate limit\u{201d}). \
                       The assistant waits and then continues by itself." }
                </p>
            }
            // The controls come before the list, which can be long: Stop, Continue and the
            // key field stay in view.
            { controls }
            <ol class="run-entries">
                { for state.plan.entries.iter().filter_map(|entry| {
                    state.entries.iter().find(|e| e.id == entry.id).map(|es| {
                        entry_line(entry, es, token_kind.as_ref(), &without, *phase == Phase::Ended)
                    })
                }) }
            </ol>
        </section>
    }
}

/// One line per webhook: address, events, and what is happening to it. A failure says
/// what to do, worded for the token when the token is the cause; one that leaving out
/// some events fixes offers that ("Create it without …") once the run has ended.
fn entry_line(
    entry: &PlanEntry,
    es: &EntryState,
    token_kind: Option<&TokenKind>,
    without: &Callback<(usize, Vec<calendly::Event>)>,
    ended: bool,
) -> Html {
    let (class, word) = entry_look(&es.status);
    let events = words::event_labels(&entry.events);
    let whom = words::scope(entry.scope).for_whom;
    let (message, next_step) = match &es.status {
        EntryStatus::NothingToDo { reason } => (format!("Nothing to do: {reason}"), None),
        EntryStatus::Failed {
            message,
            next_step,
            remedy: Remedy::NewToken,
            error: Some(error),
        } => match token_kind {
            Some(kind) => {
                let advice = advice_for(error, kind);
                (advice.message, Some(advice.next_step))
            }
            None => (message.clone(), Some(next_step.clone())),
        },
        EntryStatus::Failed {
            message, next_step, ..
        } => (message.clone(), Some(next_step.clone())),
        other => (other.message(), None),
    };
    let drop = match es.status.remedy() {
        Some(Remedy::WithoutEvents(events)) if ended => Some(events.clone()),
        _ => None,
    };
    html! {
        <li class={class}>
            <span class="run-state">{ word }</span>
            <div class="run-what">
                <code class="run-url">{ entry.url.as_str() }</code>
                <span class="hint">{ format!("{events} \u{2014} {whom}") }</span>
                if let EntryStatus::WaitingForRateLimit { seconds } = &es.status {
                    <span class="run-message"><Countdown seconds={*seconds} /></span>
                } else {
                    <span class="run-message">{ message }</span>
                }
                if let Some(next_step) = next_step {
                    <span class="run-next"><strong>{ "What to do: " }</strong>{ next_step }</span>
                }
                if let Some(events) = drop {
                    <div class="button-row">
                        <button type="button" class="button primary small" onclick={{
                            let (without, id, events) = (without.clone(), entry.id, events.clone());
                            Callback::from(move |_: MouseEvent| without.emit((id, events.clone())))
                        }}>
                            { format!("Create it without {}", words::event_list(&events)) }
                        </button>
                    </div>
                }
            </div>
        </li>
    }
}

/// After the executor returned without finishing everything: stopped, or some failed.
/// "Try again" is offered only when running again can fix a failure.
fn ended(
    state: &RunState,
    progress: &Progress,
    on_continue: Callback<MouseEvent>,
    see_report: Callback<MouseEvent>,
    start_over: Callback<MouseEvent>,
    primary: &NodeRef,
) -> Html {
    if progress.failed > 0 && !state.interrupted {
        let (what, where_) = if progress.failed == 1 {
            (
                "1 webhook could not be created",
                "The reason is shown with it in the list below.",
            )
        } else {
            (
                "Some webhooks could not be created",
                "The reason is shown with each of them in the list below.",
            )
        };
        let can_try_again = state.can_try_again();
        let next_step = if can_try_again {
            "Do what it says, then press \u{201c}Try again\u{201d}. The webhooks already created stay as they are; \
             only the failed ones are tried again."
        } else {
            "Trying again unchanged would fail again. Do what it says for each: create a webhook without the events \
             Calendly refused, or start over (with a new token, if that is the cause). The webhooks already created \
             stay as they are."
        };
        return html! {
            <>
                <ErrorPanel message={format!("{what}. {where_}")} next_step={next_step} />
                <div class="button-row">
                    if can_try_again {
                        <button type="button" class="button primary" onclick={on_continue} ref={primary.clone()}>
                            { "Try again" }
                        </button>
                    }
                    <button type="button" class="button secondary" onclick={see_report}
                        ref={if can_try_again { NodeRef::default() } else { primary.clone() }}>
                        { "See the report" }
                    </button>
                    <button type="button" class="button secondary" onclick={start_over}>{ "Start over" }</button>
                </div>
                <p class="hint">
                    { "If the fix needs a new token (for example one with more permissions), start over and connect \
                       with it. The webhooks created so far are found again, not created twice." }
                </p>
            </>
        };
    }
    html! {
        <>
            <p class="notice">
                <strong>{ "Stopped. " }</strong>
                { format!("{} of {} done. What is done stays done. \u{201c}Continue\u{201d} finishes the rest, and \
                           nothing is created twice.", progress.finished, progress.total) }
            </p>
            <div class="button-row">
                <button type="button" class="button primary" onclick={on_continue} ref={primary.clone()}>
                    { "Continue" }
                </button>
            </div>
        </>
    }
}

/// After a reload: the signing key is never stored, so the user pastes it again.
fn key_form(
    wizard: &Wizard,
    ends_with: &str,
    refused: Option<&str>,
    key_text: &UseStateHandle<String>,
    phase: &UseStateHandle<Phase>,
    cancel: &Rc<RefCell<Cancel>>,
) -> Html {
    let on_input = {
        let key_text = key_text.clone();
        Callback::from(move |e: InputEvent| {
            key_text.set(e.target_unchecked_into::<HtmlInputElement>().value())
        })
    };
    let start_over = {
        let wizard = wizard.clone();
        Callback::from(move |_| wizard.dispatch(Action::StartOver))
    };
    let on_submit = {
        let (wizard, key_text, phase, cancel) = (
            wizard.clone(),
            key_text.clone(),
            phase.clone(),
            cancel.clone(),
        );
        let ends_with = ends_with.to_owned();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            match signing::own(&key_text) {
                // The executor checks it against the key the run started with.
                Ok(key) => start(&wizard, wizard.run.clone(), Some(key), &phase, &cancel),
                Err(why) => phase.set(Phase::NeedsKey {
                    ends_with: ends_with.clone(),
                    refused: Some(why.to_string()),
                }),
            }
        })
    };
    html! {
        <form class="key-again" onsubmit={on_submit} novalidate=true>
            <h2>{ "Your signing key, please" }</h2>
            <p>
                { "The new webhooks are created with the signing key you saved (the secret your server uses to \
                   check that a message really comes from Calendly). This page never stores it, so after the page \
                   was reloaded it needs it again." }
            </p>
            <label for="signing-key-again">
                { format!("Paste the signing key you saved (it ends with \u{201c}{ends_with}\u{201d})") }
            </label>
            <input type="text" id="signing-key-again" autocomplete="off" spellcheck="false"
                value={(**key_text).clone()} oninput={on_input}
                aria-invalid={refused.is_some().then_some("true")}
                aria-describedby={refused.is_some().then_some("signing-key-refused")} />
            if let Some(why) = refused {
                <p id="signing-key-refused" class="key-error" role="alert">{ why }</p>
            }
            <p class="hint">
                { "Lost it? Start over with a new key: the webhooks created so far keep the old key, and the \
                   report lists them as already there." }
            </p>
            <div class="button-row">
                <button type="submit" class="button primary">{ "Continue" }</button>
                <button type="button" class="button secondary" onclick={start_over}>{ "Start over" }</button>
            </div>
        </form>
    }
}
