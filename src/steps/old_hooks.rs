//! The old webhooks to move, and the choices for their replacements. Calendly switched
//! its old system (v1) off on 27 August 2025, so nothing can list old webhooks any more:
//! the user types each address into a small form or pastes a list (addresses, a saved v1
//! answer, a spreadsheet export). This screen owns that list while it is being made, and
//! the choices: whose bookings (the scope) and which events. "Next" hands both to the
//! wizard, which makes the plan; coming back from the plan shows them again.

use calendly::{Event as WebhookEvent, Scope, TokenScope};
use migration::events::{info, required_token_scopes, scope_conflict};
use migration::old_hooks::{from_form, parse_pasted, Format, HookNote, OldHook, Refused};
use migration::plan::Choices;
use web_sys::{HtmlInputElement, HtmlTextAreaElement};
use yew::prelude::*;

use crate::app::Wizard;
use crate::components::event_picker::{availability, EventPicker};
use crate::state::{Action, Mode};

#[derive(Properties, PartialEq)]
pub struct OldHooksStepProps {
    pub wizard: Wizard,
}

/// What was wrong with the form, shown next to the part that needs fixing.
#[derive(Clone, PartialEq)]
enum FormProblem {
    Address(String),
    NoEvents,
}

/// What one "Read the list" found.
#[derive(Clone, PartialEq)]
struct PasteReport {
    format: Format,
    added: usize,
    /// Addresses that were already in the list (their events were combined).
    already: Vec<String>,
    refused: Vec<Refused>,
}

/// Put `new` hooks into `list`. An address already there is not added twice: it receives
/// the events of both (unless the newcomer's events were only assumed). Returns the
/// addresses that were already in the list.
fn add_hooks(list: &mut Vec<OldHook>, new: Vec<OldHook>) -> Vec<String> {
    let mut already = Vec::new();
    for hook in new {
        match list.iter_mut().find(|h| h.url == hook.url) {
            Some(same) => {
                if !hook.notes.contains(&HookNote::AssumedV1Events) {
                    same.events.extend(hook.events);
                    same.events = in_calendly_order(&same.events);
                }
                already.push(hook.url.as_str().to_owned());
            }
            None => list.push(hook),
        }
    }
    mark_near_duplicates(list);
    already
}

/// Flag addresses that differ only in letter case, a final slash or the port, across the
/// whole list (one paste flags only its own): which one is right only the user knows.
fn mark_near_duplicates(list: &mut [OldHook]) {
    let keys: Vec<(String, String)> = list
        .iter()
        .map(|h| (h.url.near_key(), h.url.as_str().to_owned()))
        .collect();
    for hook in list.iter_mut() {
        hook.notes
            .retain(|n| !matches!(n, HookNote::NearDuplicate { .. }));
        let key = hook.url.near_key();
        for (other_key, other) in &keys {
            if *other_key == key && other != hook.url.as_str() {
                hook.notes.push(HookNote::NearDuplicate {
                    other: other.clone(),
                });
            }
        }
    }
}

/// No repeats, in the order Calendly lists events.
fn in_calendly_order(events: &[WebhookEvent]) -> Vec<WebhookEvent> {
    let mut out: Vec<WebhookEvent> = Vec::new();
    for e in events {
        if !out.contains(e) {
            out.push(e.clone());
        }
    }
    out.sort_by_key(|e| {
        WebhookEvent::ALL
            .iter()
            .position(|a| a == e)
            .unwrap_or(usize::MAX)
    });
    out
}

fn labels(events: &[WebhookEvent]) -> String {
    events
        .iter()
        .map(|e| info(e).label)
        .collect::<Vec<_>>()
        .join(", ")
}

fn format_words(format: Format) -> &'static str {
    match format {
        Format::Lines => "addresses, one per line",
        Format::Json => "a saved answer from Calendly's old system (JSON)",
        Format::Csv => "a spreadsheet export (CSV)",
    }
}

/// "line 3" → "Line 3".
fn capitalized(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// The scope to start with, and why, in one line. Each v1 webhook belonged to one person,
/// so "only my own bookings" does what the old ones did; but when the account already has
/// an organization-wide webhook, the user has evidently chosen that way before.
fn first_scope(wizard: &Wizard, allowed: &[Scope]) -> (Scope, Option<&'static str>) {
    if let Some(choices) = &wizard.choices {
        if allowed.contains(&choices.scope) {
            return (choices.scope, None);
        }
    }
    let org_exists = wizard.account.as_ref().is_some_and(|a| {
        a.discovery
            .existing
            .iter()
            .any(|s| s.scope == Scope::Organization)
    });
    if allowed.contains(&Scope::Organization) && org_exists {
        (
            Scope::Organization,
            Some(
                "Chosen for you because your account already has a webhook for the whole organization; \
                 pick \"Only my own bookings\" if these old webhooks were yours alone.",
            ),
        )
    } else if allowed.contains(&Scope::Organization) {
        (
            Scope::User,
            Some(
                "Chosen for you because each old webhook belonged to one person, so this does what yours did; \
                 if you had one per team member, choose everyone's bookings instead.",
            ),
        )
    } else {
        (Scope::User, None)
    }
}

#[function_component(OldHooksStep)]
pub fn old_hooks_step(props: &OldHooksStepProps) -> Html {
    let wizard = &props.wizard;
    let allowed: Vec<Scope> = wizard
        .account
        .as_ref()
        .map(|a| a.discovery.scopes.clone())
        .unwrap_or_default();
    let list = use_state(|| wizard.hooks.clone());
    let list_status = use_state(String::new);
    let list_title = use_node_ref();
    let url_text = use_state(String::new);
    let form_events = use_state(|| WebhookEvent::V1.to_vec());
    let form_problem = use_state(|| None::<FormProblem>);
    let paste_text = use_state(String::new);
    let paste_report = use_state(|| None::<PasteReport>);
    let scope_start = use_memo((), |_| first_scope(wizard, &allowed));
    let scope = use_state(|| scope_start.0);
    let keep_events = use_state(|| wizard.choices.as_ref().is_none_or(|c| c.events.is_none()));
    let picked = use_state(|| {
        wizard
            .choices
            .as_ref()
            .and_then(|c| c.events.clone())
            .unwrap_or_else(|| WebhookEvent::V1.to_vec())
    });

    let Some(signed_in) = &wizard.account else {
        return html! {};
    };
    let account = &signed_in.discovery.account;
    let practice = wizard.mode == Some(Mode::Practice);

    // --- the form ------------------------------------------------------------------
    let on_url_input = {
        let url_text = url_text.clone();
        Callback::from(move |e: InputEvent| {
            url_text.set(e.target_unchecked_into::<HtmlInputElement>().value());
        })
    };
    let on_add = {
        let (list, list_status, url_text, form_events, form_problem) = (
            list.clone(),
            list_status.clone(),
            url_text.clone(),
            form_events.clone(),
            form_problem.clone(),
        );
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            // An empty choice would mean "both" to the parser; on a form with two boxes
            // to tick, it is more likely a slip, so ask rather than guess.
            if form_events.is_empty() {
                form_problem.set(Some(FormProblem::NoEvents));
                return;
            }
            match from_form(&url_text, &form_events) {
                Err(refusal) => form_problem.set(Some(FormProblem::Address(refusal.to_string()))),
                Ok(hook) => {
                    let url = hook.url.as_str().to_owned();
                    let mut next = (*list).clone();
                    let already = add_hooks(&mut next, vec![hook]);
                    let sends = next
                        .iter()
                        .find(|h| h.url.as_str() == url)
                        .map(|h| labels(&h.events))
                        .unwrap_or_default();
                    list_status.set(if already.is_empty() {
                        format!("Added {url} to your list.")
                    } else {
                        format!("{url} was already in your list; it now sends: {sends}.")
                    });
                    list.set(next);
                    url_text.set(String::new());
                    form_events.set(WebhookEvent::V1.to_vec());
                    form_problem.set(None);
                }
            }
        })
    };
    let form_checkbox = |event: WebhookEvent, id: &'static str| {
        let onchange = {
            let (form_events, form_problem, event) =
                (form_events.clone(), form_problem.clone(), event.clone());
            Callback::from(move |e: Event| {
                let on = e.target_unchecked_into::<HtmlInputElement>().checked();
                let mut next: Vec<WebhookEvent> = form_events
                    .iter()
                    .filter(|x| **x != event)
                    .cloned()
                    .collect();
                if on {
                    next.push(event.clone());
                    if *form_problem == Some(FormProblem::NoEvents) {
                        form_problem.set(None);
                    }
                }
                form_events.set(in_calendly_order(&next));
            })
        };
        let about = info(&event);
        html! {
            <div class="option">
                <input type="checkbox" {id} checked={form_events.contains(&event)} {onchange} />
                <label for={id}>
                    { about.label }{ " " }<span class="event-name">{ format!("({})", event.name()) }</span>
                </label>
            </div>
        }
    };
    let (url_error, events_error) = match &*form_problem {
        Some(FormProblem::Address(reason)) => (Some(reason.clone()), None),
        Some(FormProblem::NoEvents) => (
            None,
            Some("Tick at least one: your old webhooks sent bookings, cancellations or both."),
        ),
        None => (None, None),
    };
    let form = html! {
        <form class="hook-form" onsubmit={on_add} novalidate=true>
            <label for="old-hook-url">{ "Web address of the old webhook" }</label>
            <p class="hint" id="old-hook-url-hint">
                { "Where Calendly used to send your bookings, for example https://hooks.example.com/calendly." }
            </p>
            <input type="text" id="old-hook-url" value={(*url_text).clone()} oninput={on_url_input}
                inputmode="url" autocomplete="off" spellcheck="false"
                aria-invalid={url_error.is_some().then_some("true")}
                aria-describedby={if url_error.is_some() { "old-hook-url-hint old-hook-url-error" } else { "old-hook-url-hint" }} />
            if let Some(reason) = url_error {
                <p class="field-error" id="old-hook-url-error" role="alert">{ reason }</p>
            }
            <fieldset class="form-events">
                <legend>{ "What it reported" }</legend>
                { form_checkbox(WebhookEvent::InviteeCreated, "old-hook-created") }
                { form_checkbox(WebhookEvent::InviteeCanceled, "old-hook-canceled") }
                if let Some(reason) = events_error {
                    <p class="field-error" role="alert">{ reason }</p>
                }
            </fieldset>
            <button type="submit" class="button secondary">{ "Add" }</button>
        </form>
    };

    // --- the paste box -------------------------------------------------------------
    let on_paste_input = {
        let paste_text = paste_text.clone();
        Callback::from(move |e: InputEvent| {
            paste_text.set(e.target_unchecked_into::<HtmlTextAreaElement>().value());
        })
    };
    let on_read = {
        let (list, list_status, paste_text, paste_report) = (
            list.clone(),
            list_status.clone(),
            paste_text.clone(),
            paste_report.clone(),
        );
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let parsed = parse_pasted(&paste_text);
            let added = parsed.hooks.len();
            let mut next = (*list).clone();
            let already = add_hooks(&mut next, parsed.hooks);
            let added = added - already.len();
            // The report below the box says what was added; an older message here would
            // only confuse.
            list_status.set(String::new());
            list.set(next);
            // The pasted text stays in the box, so entries that were refused can be fixed
            // there and read again; those already added are not added twice.
            paste_report.set(Some(PasteReport {
                format: parsed.format,
                added,
                already,
                refused: parsed.refused,
            }));
        })
    };
    let paste = html! {
        <form class="paste-form" onsubmit={on_read} novalidate=true>
            <label for="old-hooks-paste">{ "Paste your list" }</label>
            <p class="hint" id="old-hooks-paste-hint">
                { "Any of these: web addresses, one per line (the events may follow on the same line); the saved \
                   answer of the old \"list webhooks\" request (JSON: text starting with { \"data\": [ ); or a \
                   spreadsheet saved as CSV, with a header row that has a column named url." }
            </p>
            <textarea id="old-hooks-paste" rows="6" value={(*paste_text).clone()} oninput={on_paste_input}
                spellcheck="false" aria-describedby="old-hooks-paste-hint" />
            <button type="submit" class="button secondary">{ "Read the list" }</button>
        </form>
    };
    // The summary's live region is always on the page, so screen readers announce it
    // when it fills.
    let paste_summary = paste_report.as_ref().map(paste_summary).unwrap_or_default();
    let paste_refused = paste_report.as_ref().map(|r| refused_view(&r.refused));

    // --- the list ------------------------------------------------------------------
    let remove = |index: usize| {
        let (list, list_status, list_title) =
            (list.clone(), list_status.clone(), list_title.clone());
        Callback::from(move |_| {
            let mut next = (*list).clone();
            if index < next.len() {
                let gone = next.remove(index);
                mark_near_duplicates(&mut next);
                list_status.set(format!("Removed {} from your list.", gone.url.as_str()));
                list.set(next);
                // The button pressed is gone; keep keyboard users in the list.
                if let Some(title) = list_title.cast::<web_sys::HtmlElement>() {
                    let _ = title.focus();
                }
            }
        })
    };
    let hook_card = |(index, hook): (usize, &OldHook)| {
        // With "keep each old webhook's events", say here which of them the scope rules out.
        let conflicts: Vec<String> = if *keep_events {
            hook.events
                .iter()
                .filter_map(|e| scope_conflict(e, *scope))
                .collect()
        } else {
            Vec::new()
        };
        let sends = if *keep_events {
            labels(&hook.events)
        } else {
            format!(
                "{} (the new webhook will send the events you choose below instead)",
                labels(&hook.events)
            )
        };
        html! {
            <li class="subscription old-hook" key={hook.url.as_str().to_owned()}>
                <p class="subscription-url"><code>{ hook.url.as_str() }</code></p>
                <dl class="facts compact">
                    <dt>{ "Sent" }</dt><dd>{ sends }</dd>
                    <dt>{ "From" }</dt><dd>{ capitalized(&hook.source.to_string()) }</dd>
                </dl>
                if !hook.notes.is_empty() || !conflicts.is_empty() {
                    <ul class="hook-notes">
                        { for hook.notes.iter().map(|n| html! { <li>{ n.to_string() }</li> }) }
                        { for conflicts.iter().map(|c| html! { <li class="attention">{ c }</li> }) }
                    </ul>
                }
                <button type="button" class="button secondary small" onclick={remove(index)}
                    aria-label={format!("Remove {}", hook.url.as_str())}>{ "Remove" }</button>
            </li>
        }
    };

    // --- the choices ---------------------------------------------------------------
    let can_org = allowed.contains(&Scope::Organization);
    let scope_radio = |value: Scope, id: &'static str, label: &'static str, about: Html| {
        let onchange = {
            let scope = scope.clone();
            Callback::from(move |_: Event| scope.set(value))
        };
        let disabled = !allowed.contains(&value);
        html! {
            <div class={classes!("option", disabled.then_some("unavailable"))}>
                <input type="radio" name="scope" {id} checked={*scope == value} {disabled}
                    aria-describedby={format!("{id}-about")} {onchange} />
                <label for={id}>{ label }</label>
                <p class="hint" id={format!("{id}-about")}>{ about }</p>
            </div>
        }
    };
    let org_about = if can_org {
        html! { { "One webhook reports every member's bookings, including people who join later. Only owners \
        and admins can choose this; you are one." } }
    } else {
        html! { { "Not available: only an owner or admin of your Calendly organization can choose this, because \
        it reports every member's bookings and you are a member. Ask an owner or admin to set it up \
        if you need it." } }
    };
    let scope_choice = html! {
        <fieldset class="scope-choice">
            <legend>{ "Whose bookings should the new webhooks report?" }</legend>
            <p class="hint">{ "Calendly calls this the webhook's scope." }</p>
            { scope_radio(Scope::Organization, "scope-organization", "Everyone's bookings in my organization", org_about) }
            { scope_radio(Scope::User, "scope-user", "Only my own bookings",
                html! { { "Bookings made with you, as your old webhooks did: each one belonged to one person." } }) }
            if let (Some(why), true) = (scope_start.1, *scope == scope_start.0) {
                <p class="hint scope-why">{ why }</p>
            }
        </fieldset>
    };

    let events_radio = |keep: bool, id: &'static str, label: &'static str| {
        let onchange = {
            let keep_events = keep_events.clone();
            Callback::from(move |_: Event| keep_events.set(keep))
        };
        html! {
            <div class="option">
                <input type="radio" name="events-mode" {id} checked={*keep_events == keep} {onchange} />
                <label for={id}>{ label }</label>
            </div>
        }
    };
    let effective_picked: Vec<WebhookEvent> = picked
        .iter()
        .filter(|e| availability(&info(e), *scope, account).is_ok())
        .cloned()
        .collect();
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
    let picker = (!*keep_events).then(|| {
        let on_change = {
            let picked = picked.clone();
            Callback::from(move |events: Vec<WebhookEvent>| picked.set(events))
        };
        html! {
            <EventPicker id="pick" legend="Events for every new webhook" scope={*scope}
                account={account.clone()} selected={(*picked).clone()} {on_change} />
        }
    });

    // The token permissions the chosen events need beyond the usual ones.
    let in_use: Vec<WebhookEvent> = if *keep_events {
        in_calendly_order(
            &list
                .iter()
                .flat_map(|h| h.events.clone())
                .collect::<Vec<_>>(),
        )
    } else {
        effective_picked.clone()
    };
    let needed = required_token_scopes(&in_use);
    let extra: Vec<&TokenScope> = needed
        .iter()
        .filter(|s| !TokenScope::MINIMUM.contains(s))
        .collect();
    let permissions = (!extra.is_empty()).then(|| {
        let names = |scopes: &mut dyn Iterator<Item = &TokenScope>| {
            scopes.map(|s| s.as_str()).collect::<Vec<_>>().join(", ")
        };
        html! {
            <div class="notice permissions" role="note">
                <p>
                    { "Some of these events need extra permissions on your token: " }
                    <strong>{ names(&mut extra.iter().copied()) }</strong>{ "." }
                </p>
                <p class="hint">
                    { "Permissions (Calendly calls them scopes) are the boxes ticked when a personal access token \
                       is created. The full list to tick: " }
                    { names(&mut needed.iter()) }{ "." }
                    if practice { { " The practice account's token already has them all." } }
                </p>
            </div>
        }
    });

    // --- forward and back ----------------------------------------------------------
    let blocker = if list.is_empty() {
        Some("Add at least one old webhook to your list first: type its address and press Add, or paste a list and press Read the list.")
    } else if !*keep_events && effective_picked.is_empty() {
        Some("Tick at least one event for the new webhooks, or choose to keep each old webhook's events.")
    } else {
        None
    };
    // Typed but not added (and not refused: a refusal already says why it is not listed).
    let unsent_form = !url_text.trim().is_empty() && !list.is_empty() && form_problem.is_none();
    let next = {
        let (wizard, list, scope, keep_events, effective_picked) = (
            wizard.clone(),
            list.clone(),
            scope.clone(),
            keep_events.clone(),
            effective_picked.clone(),
        );
        Callback::from(move |_| {
            let choices = Choices {
                scope: *scope,
                events: (!*keep_events).then(|| effective_picked.clone()),
                // Consolidations are agreed on the plan screen; keep them when coming back.
                consolidate: wizard
                    .choices
                    .as_ref()
                    .map(|c| c.consolidate.clone())
                    .unwrap_or_default(),
                decisions: wizard
                    .choices
                    .as_ref()
                    .map_or_else(Vec::new, |c| c.decisions.clone()),
            };
            wizard.dispatch(Action::HooksChosen {
                hooks: (*list).clone(),
                choices,
            });
        })
    };
    let back = {
        let wizard = wizard.clone();
        Callback::from(move |_| wizard.dispatch(Action::Back))
    };

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
            { form }

            <h2>{ "Or paste a list" }</h2>
            { paste }
            <p class="paste-summary" role="status">{ paste_summary }</p>
            { for paste_refused }

            <h2 id="old-hooks-list-title" tabindex="-1" ref={list_title.clone()}>{ "Your list" }</h2>
            <p class="list-status" role="status">{ (*list_status).clone() }</p>
            if list.is_empty() {
                <p class="hint">{ "Nothing yet. The webhooks you add or paste appear here." }</p>
            } else {
                <ul class="subscriptions old-hook-list" aria-labelledby="old-hooks-list-title">
                    { for list.iter().enumerate().map(hook_card) }
                </ul>
            }

            <h2>{ "Your choices for the new webhooks" }</h2>
            { scope_choice }
            { events_choice }
            { for picker }
            { for permissions }

            if unsent_form {
                <p class="notice">
                    { "The address typed in the form above is not in your list yet. Press Add to include it." }
                </p>
            }
            <div class="button-row">
                <button type="button" class="button secondary" onclick={back}>{ "Back" }</button>
                <button type="button" class="button primary" onclick={next} disabled={blocker.is_some()}
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

/// One sentence on what a "Read the list" found.
fn paste_summary(report: &PasteReport) -> String {
    if report.added == 0 && report.already.is_empty() && report.refused.is_empty() {
        return "We found no web addresses in what you pasted. Paste the addresses, one per line, and press Read \
                the list."
            .to_string();
    }
    let mut found = match report.added {
        0 => "nothing new was added to your list".to_string(),
        1 => "1 webhook was added to your list".to_string(),
        n => format!("{n} webhooks were added to your list"),
    };
    match report.already.len() {
        0 => {}
        1 => found.push_str("; 1 was already in it (the events of both were combined)"),
        n => found.push_str(&format!(
            "; {n} were already in it (the events of both were combined)"
        )),
    }
    format!("Read as {}: {found}.", format_words(report.format))
}

/// The entries of a paste that could not be used: where, what, why, and what to do.
fn refused_view(refused: &[Refused]) -> Html {
    if refused.is_empty() {
        return html! {};
    }
    let entry = |r: &Refused| {
        html! {
            <li>
                <strong>{ capitalized(&r.source.to_string()) }</strong>
                if !r.text.is_empty() {
                    { ": " }<code>{ &r.text }</code>
                }
                <br />{ r.reason.to_string() }
            </li>
        }
    };
    html! {
        <div class="paste-refused" role="alert">
            <p class="error-message">
                { match refused.len() {
                    1 => "1 entry could not be used:".to_string(),
                    n => format!("{n} entries could not be used:"),
                } }
            </p>
            <ul>{ for refused.iter().map(entry) }</ul>
            <p class="error-next">
                <strong>{ "What to do: " }</strong>
                { "correct these in the box above and press Read the list again (what is already in your list is \
                   not added twice), or delete them from the box." }
            </p>
        </div>
    }
}
