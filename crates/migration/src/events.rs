//! The event picker's catalogue: each of Calendly's 14 webhook events with a one-line
//! description a non-technical user understands, which subscription scopes allow it, the
//! token permission it needs and the plan feature it depends on; plus the exact list of
//! permissions to tick when creating a token for a chosen set of events.
//!
//! The rules themselves (allowed scopes, token scope, plan feature) live on
//! [`calendly::Event`]; this module only adds the words.

use calendly::{Event, PlanFeature, Scope, TokenScope};
use serde::Serialize;

/// One row of the event picker.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct EventInfo {
    pub event: Event,
    /// A short label ("Someone books").
    pub label: &'static str,
    /// One plain sentence.
    pub description: &'static str,
    /// True for the two events v1 webhooks had.
    pub was_in_v1: bool,
    pub allowed_scopes: Vec<Scope>,
    pub token_scope: Option<TokenScope>,
    pub plan_feature: Option<PlanFeature>,
}

/// The catalogue, in Calendly's order.
pub fn catalogue() -> Vec<EventInfo> {
    Event::ALL.iter().map(info).collect()
}

/// The picker row of one event.
pub fn info(event: &Event) -> EventInfo {
    let (label, description) = words(event);
    EventInfo {
        event: event.clone(),
        label,
        description,
        was_in_v1: Event::V1.contains(event),
        allowed_scopes: event.allowed_scopes().to_vec(),
        token_scope: event.required_token_scope(),
        plan_feature: event.plan_feature(),
    }
}

fn words(event: &Event) -> (&'static str, &'static str) {
    match event {
        Event::InviteeCreated => (
            "Someone books",
            "Someone books a meeting (also sent for the new time when a meeting is rescheduled). Your old webhooks had this.",
        ),
        Event::InviteeCanceled => (
            "Someone cancels",
            "Someone cancels a meeting (also sent for the old time when a meeting is rescheduled). Your old webhooks had this.",
        ),
        Event::InviteeNoShowCreated => ("Marked as no-show", "A host marks an invitee as a no-show."),
        Event::InviteeNoShowDeleted => ("No-show mark removed", "A host removes a no-show mark again."),
        Event::EventTypeCreated => ("Event type added", "A new kind of meeting people can book is created."),
        Event::EventTypeUpdated => ("Event type changed", "A kind of meeting people can book is changed."),
        Event::EventTypeDeleted => ("Event type deleted", "A kind of meeting people can book is deleted."),
        Event::RoutingFormSubmissionCreated => (
            "Routing form submitted",
            "Someone fills in one of your routing forms. Only for the whole organization, and only on plans with routing forms.",
        ),
        Event::MeetingRecapCreated => (
            "Meeting recap ready",
            "Calendly's Notetaker finishes a recap of one of your meetings. Only for your own meetings, and only with Notetaker.",
        ),
        Event::MeetingRecapUpdated => (
            "Meeting recap changed",
            "The highlights of a Notetaker recap change. Only for your own meetings, and only with Notetaker.",
        ),
        Event::MeetingRecapDeleted => (
            "Meeting recap deleted",
            "A Notetaker recap is deleted. Only for your own meetings, and only with Notetaker.",
        ),
        Event::ContactCreated => ("Contact added", "A contact is added to your Calendly contacts."),
        Event::ContactUpdated => ("Contact changed", "A contact's details change."),
        Event::ContactDeleted => ("Contact deleted", "A contact is deleted."),
        Event::Other(_) => ("Other event", "An event this assistant does not know yet."),
    }
}

/// Scopes every run needs whatever the events: who am I, which organization and role,
/// and reading and writing webhook subscriptions.
pub const BASE_TOKEN_SCOPES: [TokenScope; 4] = [
    TokenScope::USERS_READ,
    TokenScope::ORGANIZATIONS_READ,
    TokenScope::WEBHOOKS_READ,
    TokenScope::WEBHOOKS_WRITE,
];

/// Exactly the token permissions to tick for these events, in a stable order without
/// repeats.
///
/// ```
/// use calendly::Event;
/// let scopes = migration::events::required_token_scopes(&Event::V1);
/// let names: Vec<&str> = scopes.iter().map(|s| s.as_str()).collect();
/// assert_eq!(names, ["users:read", "organizations:read", "webhooks:read", "webhooks:write", "scheduled_events:read"]);
/// ```
pub fn required_token_scopes(events: &[Event]) -> Vec<TokenScope> {
    let mut scopes = BASE_TOKEN_SCOPES.to_vec();
    for event in Event::ALL.iter().filter(|e| events.contains(e)) {
        if let Some(scope) = event.required_token_scope() {
            if !scopes.contains(&scope) {
                scopes.push(scope);
            }
        }
    }
    scopes
}

/// The same, as plain names for [`crate::token::Triage::advice`].
pub fn required_scope_names(events: &[Event]) -> Vec<String> {
    required_token_scopes(events)
        .iter()
        .map(|s| s.as_str().to_owned())
        .collect()
}

/// Read a user-typed event name: exact names, any letter case, surrounding quotes, and the
/// British spelling `invitee.cancelled`. `None` for anything that is not one of the 14.
pub fn parse_event_name(text: &str) -> Option<Event> {
    let name = text
        .trim()
        .trim_matches(['"', '\''])
        .trim()
        .to_ascii_lowercase();
    let name = name.replace("cancelled", "canceled");
    let event = Event::from_name(&name);
    event.is_known().then_some(event)
}

/// Why an event cannot be used with a scope, in plain words (`None` when it can).
pub fn scope_conflict(event: &Event, scope: Scope) -> Option<String> {
    if event.allowed_scopes().contains(&scope) {
        return None;
    }
    Some(match (event, scope) {
        (Event::RoutingFormSubmissionCreated, _) => format!(
            "\"{}\" can only be received for the whole organization, which needs an owner or admin.",
            info(event).label
        ),
        (e, Scope::Organization) if e.allowed_scopes() == [Scope::User] => format!(
            "\"{}\" can only be received for your own meetings, not for the whole organization; it needs a webhook of its own \
             with a different address.",
            info(event).label
        ),
        _ => format!("\"{}\" cannot be used for {} webhooks.", event.name(), scope.as_str()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_catalogue_has_all_14_events_with_words() {
        let all = catalogue();
        assert_eq!(all.len(), 14);
        for row in &all {
            assert!(
                !row.label.is_empty() && row.description.ends_with('.'),
                "{:?}",
                row.event
            );
            assert!(row.token_scope.is_some());
        }
        assert_eq!(all.iter().filter(|r| r.was_in_v1).count(), 2);
    }

    #[test]
    fn token_scopes_follow_the_event_families() {
        let names = |events: &[Event]| required_scope_names(events);
        assert_eq!(
            names(&[]),
            [
                "users:read",
                "organizations:read",
                "webhooks:read",
                "webhooks:write"
            ]
        );
        let mixed = names(&[
            Event::ContactDeleted,
            Event::InviteeCreated,
            Event::InviteeCanceled,
            Event::ContactCreated,
        ]);
        assert_eq!(
            mixed,
            [
                "users:read",
                "organizations:read",
                "webhooks:read",
                "webhooks:write",
                "scheduled_events:read",
                "contacts:read"
            ]
        );
        let recap = names(&[
            Event::MeetingRecapCreated,
            Event::RoutingFormSubmissionCreated,
            Event::EventTypeUpdated,
        ]);
        assert!(recap.ends_with(&[
            "event_types:read".into(),
            "routing_forms:read".into(),
            "meeting_recaps:read".into()
        ]));
    }

    #[test]
    fn event_names_are_read_forgivingly_but_not_invented() {
        assert_eq!(
            parse_event_name(" Invitee.Created "),
            Some(Event::InviteeCreated)
        );
        assert_eq!(
            parse_event_name("\"invitee.cancelled\""),
            Some(Event::InviteeCanceled)
        );
        assert_eq!(
            parse_event_name("contact.deleted"),
            Some(Event::ContactDeleted)
        );
        assert_eq!(parse_event_name("invitee.booked"), None);
        assert_eq!(parse_event_name(""), None);
    }

    #[test]
    fn scope_conflicts_are_explained() {
        assert!(scope_conflict(&Event::InviteeCreated, Scope::User).is_none());
        assert!(
            scope_conflict(&Event::RoutingFormSubmissionCreated, Scope::User)
                .unwrap()
                .contains("whole organization")
        );
        assert!(
            scope_conflict(&Event::MeetingRecapCreated, Scope::Organization)
                .unwrap()
                .contains("own meetings")
        );
        assert!(scope_conflict(&Event::MeetingRecapCreated, Scope::User).is_none());
    }
}
