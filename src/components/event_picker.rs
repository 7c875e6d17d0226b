//! The event picker: Calendly's 14 webhook events grouped by family, each with a plain
//! label, one line saying what it reports, and its technical name. Whether an event can
//! be picked, and why not, is the core's rule ([`migration::events::eligibility`], the
//! same the plan applies), so nobody picks something the plan or Calendly would refuse.

use calendly::{Event as WebhookEvent, Scope};
use migration::events::{calendly_order, eligibility, families, Eligibility, EventInfo};
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
    /// Who is migrating: the token's permissions and the plan's features, when known.
    pub account: Account,
    /// The events the user ticked. Ticked events that are unavailable show unticked but
    /// stay here, so switching the scope back restores them.
    pub selected: Vec<WebhookEvent>,
    pub on_change: Callback<Vec<WebhookEvent>>,
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
        let eligible = eligibility(&event, props.scope, &props.account);
        let ticked = eligible.can_choose() && props.selected.contains(&event);
        let onchange = {
            let (selected, on_change, event) = (
                props.selected.clone(),
                props.on_change.clone(),
                event.clone(),
            );
            Callback::from(move |e: Event| {
                let on = e.target_unchecked_into::<HtmlInputElement>().checked();
                let others = selected.iter().filter(|s| **s != event).cloned();
                let next = if on {
                    calendly_order(others.chain([event.clone()]))
                } else {
                    calendly_order(others)
                };
                on_change.emit(next);
            })
        };
        let (described_by, note, reason) = match &eligible {
            Eligibility::Allowed => (desc_id.clone(), None, None),
            Eligibility::Uncertain(note) => {
                (format!("{desc_id} {why_id}"), Some(note.clone()), None)
            }
            Eligibility::Ruled(reason) => {
                (format!("{desc_id} {why_id}"), None, Some(reason.clone()))
            }
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
