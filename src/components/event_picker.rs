//! The event picker: Calendly's 14 webhook events grouped by family, each with a plain
//! label, one line saying what it reports, and its technical name. Events that cannot be
//! used with the chosen scope, the token's permissions or the plan are shown disabled with
//! the reason, so nobody picks something Calendly would refuse later.

use calendly::{Event as WebhookEvent, PlanFeature, Scope};
use migration::events::{catalogue, scope_conflict, EventInfo};
use migration::plan::Account;
use web_sys::HtmlInputElement;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct EventPickerProps {
    /// Prefix for element ids; unique on the page.
    pub id: AttrValue,
    /// What the picker asks, shown as the group's legend.
    pub legend: AttrValue,
    /// The scope the events are for: some events exist only for one scope.
    pub scope: Scope,
    /// Who is migrating: the token's permissions and plan features, when known.
    pub account: Account,
    /// The events the user ticked. Ticked events that are unavailable show unticked but
    /// stay here, so switching the scope back restores them.
    pub selected: Vec<WebhookEvent>,
    pub on_change: Callback<Vec<WebhookEvent>>,
}

/// Whether an event can be picked: `Err(reason)` when not; `Ok(Some(note))` when it can
/// but something outside our view may still stop it.
pub fn availability(
    event: &EventInfo,
    scope: Scope,
    account: &Account,
) -> Result<Option<String>, String> {
    if let Some(conflict) = scope_conflict(&event.event, scope) {
        return Err(conflict);
    }
    if let (Some(needed), Some(granted)) = (&event.token_scope, &account.granted_scopes) {
        if !granted.iter().any(|g| g.grants(needed)) {
            return Err(format!(
                "Your token does not have the \"{}\" permission. To receive this, create a new token with it ticked.",
                needed.as_str()
            ));
        }
    }
    match (event.plan_feature, &account.plan_features) {
        (Some(feature), Some(features)) if !features.contains(&feature) => Err(format!(
            "Needs {}, which your Calendly plan does not include.",
            feature_words(feature)
        )),
        // No API says which plan an organization is on: say so rather than guess.
        (Some(feature), None) => Ok(Some(format!(
            "Needs a paid plan feature ({}). We cannot check your plan from here; if you lack it, Calendly \
             will refuse this event and we will tell you.",
            feature_words(feature)
        ))),
        _ => Ok(None),
    }
}

fn feature_words(feature: PlanFeature) -> &'static str {
    match feature {
        PlanFeature::RoutingForms => "routing forms",
        PlanFeature::Notetaker => "Calendly's Notetaker",
    }
}

/// The families, in Calendly's order, each with a heading and its events.
fn families() -> Vec<(&'static str, Vec<EventInfo>)> {
    let mut out: Vec<(&'static str, Vec<EventInfo>)> = Vec::new();
    for info in catalogue() {
        let family = family_of(&info.event);
        match out.iter_mut().find(|(f, _)| *f == family) {
            Some((_, rows)) => rows.push(info),
            None => out.push((family, vec![info])),
        }
    }
    out
}

fn family_of(event: &WebhookEvent) -> &'static str {
    match event.name().split('.').next().unwrap_or_default() {
        "invitee" | "invitee_no_show" => "Bookings",
        "event_type" => "Event types (the kinds of meeting people can book)",
        "routing_form_submission" => {
            "Routing forms (questions that send people to the right person)"
        }
        "meeting_recap" => "Meeting recaps (Calendly's Notetaker)",
        "contact" => "Contacts",
        _ => "Other",
    }
}

/// An id-safe form of an event name: `invitee.created` → `invitee-created`.
fn slug(event: &WebhookEvent) -> String {
    event.name().replace(['.', '_'], "-")
}

#[function_component(EventPicker)]
pub fn event_picker(props: &EventPickerProps) -> Html {
    let row = |info: &EventInfo| {
        let event = info.event.clone();
        let id = format!("{}-{}", props.id, slug(&event));
        let (desc_id, why_id) = (format!("{id}-desc"), format!("{id}-why"));
        let available = availability(info, props.scope, &props.account);
        let ticked = available.is_ok() && props.selected.contains(&event);
        let onchange = {
            let (selected, on_change, event) = (
                props.selected.clone(),
                props.on_change.clone(),
                event.clone(),
            );
            Callback::from(move |e: Event| {
                let on = e.target_unchecked_into::<HtmlInputElement>().checked();
                let mut next: Vec<WebhookEvent> =
                    selected.iter().filter(|s| **s != event).cloned().collect();
                if on {
                    next.push(event.clone());
                }
                // Calendly's order, whatever order they were ticked in.
                next.sort_by_key(|e| WebhookEvent::ALL.iter().position(|a| a == e));
                on_change.emit(next);
            })
        };
        let (described_by, note, reason) = match &available {
            Ok(None) => (desc_id.clone(), None, None),
            Ok(Some(note)) => (format!("{desc_id} {why_id}"), Some(note.clone()), None),
            Err(reason) => (format!("{desc_id} {why_id}"), None, Some(reason.clone())),
        };
        let class = classes!("event-option", reason.is_some().then_some("unavailable"));
        html! {
            <li class={class} key={id.clone()}>
                <input type="checkbox" id={id.clone()} checked={ticked} disabled={reason.is_some()}
                    aria-describedby={described_by} {onchange} />
                <label for={id}>{ info.label }</label>
                <p class="hint" id={desc_id}>
                    { info.description }
                    { " " }<span class="event-name">{ format!("(Calendly calls it {})", event.name()) }</span>
                </p>
                if let Some(reason) = reason {
                    <p class="event-why" id={why_id}>{ "Not available: " }{ reason }</p>
                } else if let Some(note) = note {
                    <p class="event-note" id={why_id}>{ note }</p>
                }
            </li>
        }
    };
    html! {
        <fieldset class="event-picker">
            <legend>{ props.legend.clone() }</legend>
            { for families().into_iter().map(|(family, rows)| html! {
                <fieldset class="event-family" key={family}>
                    <legend>{ family }</legend>
                    <ul class="event-options">{ for rows.iter().map(row) }</ul>
                </fieldset>
            }) }
        </fieldset>
    }
}
