//! The words a user reads for the things this product talks about: whose bookings a
//! webhook reports (its scope), each event, lists of events, the plan features some events
//! need, the ways a pasted list can be read, and the reasons an event cannot be chosen.
//!
//! Every screen, the plan and the report take these words from here, so a scope or an
//! event is called the same thing everywhere; a wording written twice drifts. Sentences
//! that only one place says stay in that place; what names a scope, an event or a feature
//! lives here.

use calendly::{Event, PlanFeature, Scope, TokenScope};

use crate::old_hooks::Format;

/// The ways a scope is said, each for one kind of place.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ScopeWords {
    /// On its own, as a heading or a value: "Your own bookings".
    pub title: &'static str,
    /// Inside a sentence: "your own bookings".
    pub inline: &'static str,
    /// After "a webhook": "for your own bookings", "for the whole organization".
    pub for_whom: &'static str,
    /// The option the user picks, in the user's own words: "Only my own bookings".
    pub choice: &'static str,
}

/// How to say a scope.
///
/// ```
/// use calendly::Scope;
/// use migration::words;
/// assert_eq!(words::scope(Scope::User).title, "Your own bookings");
/// assert_eq!(words::scope(Scope::Organization).inline, "everyone's bookings in your organization");
/// assert_eq!(words::scope(Scope::Organization).for_whom, "for the whole organization");
/// ```
pub fn scope(scope: Scope) -> ScopeWords {
    match scope {
        Scope::Organization => ScopeWords {
            title: "Everyone's bookings in your organization",
            inline: "everyone's bookings in your organization",
            for_whom: "for the whole organization",
            choice: "Everyone's bookings in my organization",
        },
        Scope::User => ScopeWords {
            title: "Your own bookings",
            inline: "your own bookings",
            for_whom: "for your own bookings",
            choice: "Only my own bookings",
        },
        Scope::Group => ScopeWords {
            title: "A group's bookings",
            inline: "a group's bookings",
            for_whom: "for a group",
            choice: "A group's bookings",
        },
    }
}

/// Whose bookings an existing subscription reports, seen by `me`: a user-scope
/// subscription of another member is theirs, not "your own".
///
/// ```
/// use calendly::{Scope, UserUri};
/// use migration::words;
/// let me = UserUri::from_id("ME");
/// assert_eq!(words::subscription_scope(Scope::User, Some(&me), &me), "Your own bookings");
/// assert_eq!(words::subscription_scope(Scope::User, Some(&UserUri::from_id("U2")), &me), "Another member's bookings");
/// ```
pub fn subscription_scope(
    scope: Scope,
    user: Option<&calendly::UserUri>,
    me: &calendly::UserUri,
) -> &'static str {
    match (scope, user) {
        (Scope::User, Some(user)) if user != me => "Another member's bookings",
        (Scope::User, None) => "Another member's bookings",
        _ => self::scope(scope).title,
    }
}

/// An event's short label, as the picker and every list show it.
///
/// ```
/// use calendly::Event;
/// assert_eq!(migration::words::event_label(&Event::InviteeCreated), "Someone books");
/// ```
pub fn event_label(event: &Event) -> &'static str {
    event_words(event).0
}

/// One plain sentence saying what an event reports.
///
/// ```
/// use calendly::Event;
/// assert!(migration::words::event_description(&Event::ContactCreated).starts_with("A contact is added"));
/// ```
pub fn event_description(event: &Event) -> &'static str {
    event_words(event).1
}

fn event_words(event: &Event) -> (&'static str, &'static str) {
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

/// The heading of an event's family in the picker.
///
/// ```
/// use calendly::Event;
/// assert_eq!(migration::words::event_family(&Event::InviteeNoShowCreated), "Bookings");
/// ```
pub fn event_family(event: &Event) -> &'static str {
    match event {
        Event::InviteeCreated
        | Event::InviteeCanceled
        | Event::InviteeNoShowCreated
        | Event::InviteeNoShowDeleted => "Bookings",
        Event::EventTypeCreated | Event::EventTypeUpdated | Event::EventTypeDeleted => {
            "Event types (the kinds of meeting people can book)"
        }
        Event::RoutingFormSubmissionCreated => {
            "Routing forms (questions that send people to the right person)"
        }
        Event::MeetingRecapCreated | Event::MeetingRecapUpdated | Event::MeetingRecapDeleted => {
            "Meeting recaps (Calendly's Notetaker)"
        }
        Event::ContactCreated | Event::ContactUpdated | Event::ContactDeleted => "Contacts",
        Event::Other(_) => "Other",
    }
}

/// Events as a value, for a list or a table: "Someone books, Someone cancels".
///
/// ```
/// use calendly::Event;
/// assert_eq!(migration::words::event_labels(&Event::V1), "Someone books, Someone cancels");
/// ```
pub fn event_labels(events: &[Event]) -> String {
    events
        .iter()
        .map(event_label)
        .collect::<Vec<_>>()
        .join(", ")
}

/// Events inside a sentence, each quoted, the last joined with "and": `"Someone books"
/// and "Someone cancels"`; "no events" for none.
///
/// ```
/// use calendly::Event;
/// use migration::words::event_list;
/// assert_eq!(event_list(&Event::V1), "\"Someone books\" and \"Someone cancels\"");
/// assert_eq!(event_list(&[]), "no events");
/// ```
pub fn event_list(events: &[Event]) -> String {
    let labels: Vec<String> = events
        .iter()
        .map(|e| format!("\"{}\"", event_label(e)))
        .collect();
    match labels.as_slice() {
        [] => "no events".into(),
        [one] => one.clone(),
        [first @ .., last] => format!("{} and {last}", first.join(", ")),
    }
}

/// A plan feature's name inside a sentence: "routing forms", "Calendly's Notetaker".
///
/// ```
/// use calendly::PlanFeature;
/// assert_eq!(migration::words::plan_feature(PlanFeature::Notetaker), "Calendly's Notetaker");
/// ```
pub fn plan_feature(feature: PlanFeature) -> &'static str {
    match feature {
        PlanFeature::RoutingForms => "routing forms",
        PlanFeature::Notetaker => "Calendly's Notetaker",
    }
}

/// Which plans include a feature (api.md §4.3), as the start of a sentence.
fn plan_feature_needs(feature: PlanFeature) -> &'static str {
    match feature {
        PlanFeature::RoutingForms => "Routing forms need the Teams plan or higher",
        PlanFeature::Notetaker => "Calendly's Notetaker needs a paid plan",
    }
}

/// Why an event is ruled out when the organization's plan is known to lack its feature.
///
/// ```
/// use calendly::PlanFeature;
/// assert_eq!(
///     migration::words::plan_lacks(PlanFeature::RoutingForms),
///     "Routing forms need the Teams plan or higher, which your organization does not have."
/// );
/// ```
pub fn plan_lacks(feature: PlanFeature) -> String {
    format!(
        "{}, which your organization does not have.",
        plan_feature_needs(feature)
    )
}

/// What to say about an event whose plan feature cannot be checked (the organization's
/// plan could not be read).
///
/// ```
/// use calendly::PlanFeature;
/// assert!(migration::words::plan_unknown(PlanFeature::Notetaker).contains("could not read"));
/// ```
pub fn plan_unknown(feature: PlanFeature) -> String {
    format!(
        "{}. We could not read your organization's plan: if it does not include {}, Calendly will refuse the \
         whole webhook and we will tell you.",
        plan_feature_needs(feature),
        plan_feature(feature)
    )
}

/// Why events are missing because the token lacks permissions.
///
/// ```
/// use calendly::TokenScope;
/// let text = migration::words::missing_permissions(&[TokenScope::CONTACTS_READ]);
/// assert!(text.contains("contacts:read") && text.contains("API & Webhooks"));
/// ```
pub fn missing_permissions(scopes: &[TokenScope]) -> String {
    let names = scopes
        .iter()
        .map(TokenScope::as_str)
        .collect::<Vec<_>>()
        .join(", ");
    let (these, them) = if scopes.len() == 1 {
        ("this permission", "it")
    } else {
        ("these permissions", "them")
    };
    format!(
        "Your token was created without {these}: {names}. Create a new personal access token in Calendly \
         (Integrations → API & Webhooks) and tick {them}."
    )
}

/// Why an event cannot go in a subscription of this scope; `None` when it can.
///
/// ```
/// use calendly::{Event, Scope};
/// use migration::words::not_in_scope;
/// assert!(not_in_scope(&Event::InviteeCreated, Scope::User).is_none());
/// assert!(not_in_scope(&Event::MeetingRecapCreated, Scope::Organization).unwrap().contains("own meetings"));
/// ```
pub fn not_in_scope(event: &Event, scope: Scope) -> Option<String> {
    if event.allowed_scopes().contains(&scope) {
        return None;
    }
    let label = event_label(event);
    Some(match (event, scope) {
        (Event::RoutingFormSubmissionCreated, _) => format!(
            "\"{label}\" can only be received {}, which needs an owner or admin.",
            self::scope(Scope::Organization).for_whom
        ),
        (e, Scope::Organization) if e.allowed_scopes() == [Scope::User] => format!(
            "\"{label}\" can only be received for your own meetings, not {}; it needs a webhook of its own \
             with a different address.",
            self::scope(Scope::Organization).for_whom
        ),
        _ => format!(
            "\"{}\" cannot be used for webhooks {}.",
            event.name(),
            self::scope(scope).for_whom
        ),
    })
}

/// Why organization-wide webhooks are out of reach for a member.
pub fn needs_owner_or_admin() -> String {
    format!(
        "Webhooks {} can only be created by an owner or admin of your Calendly organization. Choose \"{}\", or ask \
         an owner or admin to run this assistant.",
        scope(Scope::Organization).for_whom,
        scope(Scope::User).choice
    )
}

/// Why group webhooks are not offered.
pub fn group_scope_not_supported() -> String {
    format!(
        "This assistant creates webhooks {} or {}; group webhooks are not supported yet.",
        scope(Scope::Organization).for_whom,
        scope(Scope::User).for_whom
    )
}

/// Why events this assistant does not know cannot be used.
///
/// ```
/// use calendly::Event;
/// assert_eq!(
///     migration::words::unknown_events(&[Event::from_name("invitee.booked")]),
///     "This assistant does not know the event invitee.booked."
/// );
/// ```
pub fn unknown_events(events: &[Event]) -> String {
    format!(
        "This assistant does not know the event{} {}.",
        if events.len() == 1 { "" } else { "s" },
        events
            .iter()
            .map(Event::name)
            .collect::<Vec<_>>()
            .join(", ")
    )
}

/// How a pasted list was read, inside a sentence ("Read as …").
///
/// ```
/// use migration::old_hooks::Format;
/// assert_eq!(migration::words::paste_format(Format::Csv), "a spreadsheet export (CSV)");
/// ```
pub fn paste_format(format: Format) -> &'static str {
    match format {
        Format::Lines => "addresses, one per line",
        Format::Json => "a saved answer from Calendly's old system (JSON)",
        Format::Csv => "a spreadsheet export (CSV)",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_known_event_has_a_label_and_a_sentence() {
        for event in Event::ALL {
            assert!(!event_label(&event).is_empty(), "{event}");
            assert!(event_description(&event).ends_with('.'), "{event}");
            assert_ne!(event_family(&event), "Other", "{event}");
        }
    }

    #[test]
    fn no_two_events_share_a_label() {
        let mut labels: Vec<&str> = Event::ALL.iter().map(event_label).collect();
        labels.sort_unstable();
        labels.dedup();
        assert_eq!(labels.len(), Event::ALL.len());
    }

    #[test]
    fn each_scope_form_starts_the_way_its_place_needs() {
        for s in Scope::ALL {
            let w = scope(s);
            assert!(w.title.starts_with(char::is_uppercase), "{w:?}");
            assert!(w.choice.starts_with(char::is_uppercase), "{w:?}");
            assert!(w.inline.starts_with(char::is_lowercase), "{w:?}");
            assert!(w.for_whom.starts_with("for "), "{w:?}");
            assert_eq!(w.title.to_lowercase(), w.inline.to_lowercase());
        }
    }

    #[test]
    fn a_sentence_list_joins_the_last_event_with_and() {
        let three = [
            Event::InviteeCreated,
            Event::InviteeCanceled,
            Event::ContactCreated,
        ];
        assert_eq!(
            event_list(&three),
            "\"Someone books\", \"Someone cancels\" and \"Contact added\""
        );
        assert_eq!(event_list(&[Event::ContactCreated]), "\"Contact added\"");
    }

    #[test]
    fn the_permission_sentence_agrees_in_number() {
        assert!(missing_permissions(&[TokenScope::CONTACTS_READ])
            .contains("this permission: contacts:read"));
        let two = missing_permissions(&[TokenScope::CONTACTS_READ, TokenScope::EVENT_TYPES_READ]);
        assert!(
            two.contains("these permissions: contacts:read, event_types:read")
                && two.ends_with("tick them."),
            "{two}"
        );
    }

    #[test]
    fn the_owner_or_admin_reason_names_the_option_to_pick_instead() {
        assert!(needs_owner_or_admin().contains("\"Only my own bookings\""));
    }

    #[test]
    fn another_members_subscription_is_not_called_yours() {
        let me = calendly::UserUri::from_id("ME");
        assert_eq!(
            subscription_scope(Scope::Organization, None, &me),
            "Everyone's bookings in your organization"
        );
        assert_eq!(
            subscription_scope(Scope::User, None, &me),
            "Another member's bookings"
        );
    }
}
