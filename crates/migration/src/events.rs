//! The event picker's catalogue: each of Calendly's 14 webhook events with a one-line
//! description a non-technical user understands, which subscription scopes allow it, the
//! token permission it needs and the plan feature it depends on; plus the exact list of
//! permissions to tick when creating a token for a chosen set of events.
//!
//! Two rules every screen and the plan share live here, once:
//! - [`calendly_order`]: events in the order Calendly lists them, without repeats.
//! - [`eligibility`]: may this event go in a webhook of this scope, for this account (its
//!   role, its token's permissions, its organization's plan)? The picker shows the answer
//!   beside each event; [`crate::plan::make_plan`] splits off what is ruled out, with the
//!   same reason.
//!
//! The facts per event (allowed scopes, token scope, plan feature) live on
//! [`calendly::Event`]; the words come from [`crate::words`].

use calendly::{Event, PlanFeature, Scope, TokenScope};
use serde::{Deserialize, Serialize};

use crate::plan::Account;
use crate::words;

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
///
/// ```
/// let all = migration::events::catalogue();
/// assert_eq!(all.len(), 14);
/// assert_eq!(all[0].label, "Someone books");
/// ```
pub fn catalogue() -> Vec<EventInfo> {
    Event::ALL.iter().map(info).collect()
}

/// The catalogue grouped by family (bookings, event types, routing forms, meeting
/// recaps, contacts), each with its heading, in Calendly's order.
///
/// ```
/// let families = migration::events::families();
/// assert_eq!(families[0].0, "Bookings");
/// assert_eq!(families.iter().map(|(_, rows)| rows.len()).sum::<usize>(), 14);
/// ```
pub fn families() -> Vec<(&'static str, Vec<EventInfo>)> {
    let mut out: Vec<(&'static str, Vec<EventInfo>)> = Vec::new();
    for row in catalogue() {
        let family = words::event_family(&row.event);
        match out.iter_mut().find(|(f, _)| *f == family) {
            Some((_, rows)) => rows.push(row),
            None => out.push((family, vec![row])),
        }
    }
    out
}

/// The picker row of one event.
///
/// ```
/// use calendly::Event;
/// let row = migration::events::info(&Event::InviteeCanceled);
/// assert_eq!(row.label, "Someone cancels");
/// assert!(row.was_in_v1);
/// ```
pub fn info(event: &Event) -> EventInfo {
    EventInfo {
        event: event.clone(),
        label: words::event_label(event),
        description: words::event_description(event),
        was_in_v1: Event::V1.contains(event),
        allowed_scopes: event.allowed_scopes().to_vec(),
        token_scope: event.required_token_scope(),
        plan_feature: event.plan_feature(),
    }
}

/// Events in Calendly's order, without repeats; events this assistant does not know
/// come last, in the order given. Every list of events the user sees or Calendly receives
/// goes through this.
///
/// ```
/// use calendly::Event;
/// let mixed = [Event::ContactCreated, Event::InviteeCanceled, Event::InviteeCreated, Event::ContactCreated];
/// assert_eq!(
///     migration::events::calendly_order(mixed),
///     [Event::InviteeCreated, Event::InviteeCanceled, Event::ContactCreated]
/// );
/// ```
pub fn calendly_order(events: impl IntoIterator<Item = Event>) -> Vec<Event> {
    let events: Vec<Event> = events.into_iter().collect();
    let mut out: Vec<Event> = Event::ALL
        .iter()
        .filter(|e| events.contains(e))
        .cloned()
        .collect();
    for e in events {
        if !out.contains(&e) {
            out.push(e);
        }
    }
    out
}

/// Whether an event can be chosen for a webhook of a scope, for an account.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "eligibility", content = "reason", rename_all = "snake_case")]
pub enum Eligibility {
    /// Nothing stands in the way.
    Allowed,
    /// It can be chosen, but Calendly may still refuse it: the organization's plan could
    /// not be read, and the event needs a plan feature. The sentence says so.
    Uncertain(String),
    /// It cannot be used; the sentence says why and what to do.
    Ruled(String),
}

impl Eligibility {
    /// True unless ruled out.
    pub fn can_choose(&self) -> bool {
        !matches!(self, Eligibility::Ruled(_))
    }

    /// The sentence to show beside the event, if any.
    pub fn reason(&self) -> Option<&str> {
        match self {
            Eligibility::Allowed => None,
            Eligibility::Uncertain(why) | Eligibility::Ruled(why) => Some(why),
        }
    }
}

/// May `event` go in a webhook of `scope` for `account`? The rules, in the order the plan
/// applies them: the scope itself (group webhooks are not offered; organization-wide ones
/// need an owner or admin), an event this assistant does not know, an event the scope
/// does not allow, a token permission the token is known to lack, and a plan feature the
/// organization is known to lack (or, when its plan could not be read, might lack).
///
/// ```
/// use calendly::{Event, OrganizationUri, PlanFeature, Role, Scope, UserUri};
/// use migration::events::{eligibility, Eligibility};
/// use migration::plan::Account;
/// let mut account = Account {
///     user: UserUri::from_id("ME"),
///     organization: OrganizationUri::from_id("ORG"),
///     role: Role::Owner,
///     granted_scopes: None,
///     plan_features: Some(vec![PlanFeature::Notetaker]),
/// };
/// let routing = Event::RoutingFormSubmissionCreated;
/// assert_eq!(
///     eligibility(&routing, Scope::Organization, &account),
///     Eligibility::Ruled("Routing forms need the Teams plan or higher, which your organization does not have.".into())
/// );
/// assert_eq!(eligibility(&Event::InviteeCreated, Scope::Organization, &account), Eligibility::Allowed);
/// account.plan_features = None;
/// assert!(matches!(eligibility(&routing, Scope::Organization, &account), Eligibility::Uncertain(_)));
/// ```
pub fn eligibility(event: &Event, scope: Scope, account: &Account) -> Eligibility {
    match ruling(event, scope, account) {
        Ok(None) => Eligibility::Allowed,
        Ok(Some(feature)) => Eligibility::Uncertain(words::plan_unknown(feature)),
        Err(ruled) => Eligibility::Ruled(ruled.message(event)),
    }
}

/// Why an event is ruled out, in the form the plan groups entries by.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum RuledOut {
    GroupScope,
    NeedsOwnerOrAdmin,
    Unknown,
    NotInScope(Scope),
    MissingPermission(TokenScope),
    PlanLacks(PlanFeature),
}

impl RuledOut {
    /// The reason for one event, in plain words.
    pub(crate) fn message(&self, event: &Event) -> String {
        match self {
            RuledOut::GroupScope => words::group_scope_not_supported(),
            RuledOut::NeedsOwnerOrAdmin => words::needs_owner_or_admin(),
            RuledOut::Unknown => words::unknown_events(std::slice::from_ref(event)),
            RuledOut::NotInScope(scope) => words::not_in_scope(event, *scope).unwrap_or_default(),
            RuledOut::MissingPermission(needed) => {
                words::missing_permissions(std::slice::from_ref(needed))
            }
            RuledOut::PlanLacks(feature) => words::plan_lacks(*feature),
        }
    }
}

/// The rules for the scope alone, whatever the event.
pub(crate) fn scope_ruling(scope: Scope, account: &Account) -> Result<(), RuledOut> {
    match scope {
        Scope::Group => Err(RuledOut::GroupScope),
        Scope::Organization if !account.role.manages_organization() => {
            Err(RuledOut::NeedsOwnerOrAdmin)
        }
        _ => Ok(()),
    }
}

/// The rules for one event: `Ok(None)` allowed, `Ok(Some(feature))` allowed but needing
/// a plan feature nobody could check, `Err` ruled out.
pub(crate) fn ruling(
    event: &Event,
    scope: Scope,
    account: &Account,
) -> Result<Option<PlanFeature>, RuledOut> {
    scope_ruling(scope, account)?;
    event_ruling(event, scope, account)
}

/// The rules for one event once the scope itself is allowed.
pub(crate) fn event_ruling(
    event: &Event,
    scope: Scope,
    account: &Account,
) -> Result<Option<PlanFeature>, RuledOut> {
    if !event.is_known() {
        return Err(RuledOut::Unknown);
    }
    if !event.allowed_scopes().contains(&scope) {
        return Err(RuledOut::NotInScope(scope));
    }
    if let (Some(needed), Some(granted)) = (event.required_token_scope(), &account.granted_scopes) {
        if !granted.iter().any(|g| g.grants(&needed)) {
            return Err(RuledOut::MissingPermission(needed));
        }
    }
    match (event.plan_feature(), &account.plan_features) {
        (Some(feature), Some(features)) if !features.contains(&feature) => {
            Err(RuledOut::PlanLacks(feature))
        }
        (Some(feature), None) => Ok(Some(feature)),
        _ => Ok(None),
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
/// repeats (the base ones, then each event family's in Calendly's order).
///
/// ```
/// use calendly::Event;
/// let scopes = migration::events::required_token_scopes(&Event::V1);
/// let names: Vec<&str> = scopes.iter().map(|s| s.as_str()).collect();
/// assert_eq!(names, ["users:read", "organizations:read", "webhooks:read", "webhooks:write", "scheduled_events:read"]);
/// ```
pub fn required_token_scopes(events: &[Event]) -> Vec<TokenScope> {
    let mut scopes = BASE_TOKEN_SCOPES.to_vec();
    for event in calendly_order(events.iter().cloned()) {
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

/// Why an event cannot be used with a scope, in plain words (`None` when it can): only
/// the scope's own rule, whoever asks. [`eligibility`] also weighs the account.
///
/// ```
/// use calendly::{Event, Scope};
/// assert!(migration::events::scope_conflict(&Event::RoutingFormSubmissionCreated, Scope::User).is_some());
/// ```
pub fn scope_conflict(event: &Event, scope: Scope) -> Option<String> {
    words::not_in_scope(event, scope)
}

#[cfg(test)]
mod tests {
    use super::*;
    use calendly::{OrganizationUri, Role, UserUri};

    fn account(role: Role) -> Account {
        Account {
            user: UserUri::from_id("ME"),
            organization: OrganizationUri::from_id("ORG"),
            role,
            granted_scopes: None,
            plan_features: None,
        }
    }

    fn ruled(e: Eligibility) -> String {
        match e {
            Eligibility::Ruled(why) => why,
            other => panic!("expected ruled out, got {other:?}"),
        }
    }

    #[test]
    fn calendly_order_sorts_known_events_and_drops_repeats() {
        let events = [
            Event::ContactDeleted,
            Event::InviteeCanceled,
            Event::ContactDeleted,
            Event::InviteeCreated,
        ];
        assert_eq!(
            calendly_order(events),
            [
                Event::InviteeCreated,
                Event::InviteeCanceled,
                Event::ContactDeleted
            ]
        );
    }

    #[test]
    fn calendly_order_keeps_unknown_events_last_in_the_order_given() {
        let (z, a) = (Event::from_name("z.z"), Event::from_name("a.a"));
        let events = [z.clone(), Event::ContactCreated, a.clone(), z.clone()];
        assert_eq!(calendly_order(events), [Event::ContactCreated, z, a]);
    }

    #[test]
    fn an_event_of_every_scope_is_allowed_for_an_owner_with_nothing_unknown() {
        let mut owner = account(Role::Owner);
        owner.plan_features = Some(vec![PlanFeature::RoutingForms, PlanFeature::Notetaker]);
        for event in Event::ALL {
            let scope = event.allowed_scopes()[0];
            assert_eq!(
                eligibility(&event, scope, &owner),
                Eligibility::Allowed,
                "{event}"
            );
        }
    }

    #[test]
    fn an_event_the_scope_does_not_allow_is_ruled_out_with_the_scope_rule() {
        let why = ruled(eligibility(
            &Event::MeetingRecapCreated,
            Scope::Organization,
            &account(Role::Owner),
        ));
        assert_eq!(
            Some(why),
            scope_conflict(&Event::MeetingRecapCreated, Scope::Organization)
        );
    }

    #[test]
    fn organization_scope_is_ruled_out_for_a_member() {
        let why = ruled(eligibility(
            &Event::InviteeCreated,
            Scope::Organization,
            &account(Role::User),
        ));
        assert!(why.contains("owner or admin"), "{why}");
    }

    #[test]
    fn group_scope_is_ruled_out_for_everyone() {
        let why = ruled(eligibility(
            &Event::InviteeCreated,
            Scope::Group,
            &account(Role::Owner),
        ));
        assert!(why.contains("group webhooks are not supported"), "{why}");
    }

    #[test]
    fn an_unknown_event_is_ruled_out_by_name() {
        let why = ruled(eligibility(
            &Event::from_name("invitee.booked"),
            Scope::User,
            &account(Role::User),
        ));
        assert!(why.contains("invitee.booked"), "{why}");
    }

    #[test]
    fn a_permission_the_token_is_known_to_lack_rules_the_event_out() {
        let mut acct = account(Role::User);
        acct.granted_scopes = Some(vec![TokenScope::SCHEDULED_EVENTS_READ]);
        assert_eq!(
            eligibility(&Event::InviteeCreated, Scope::User, &acct),
            Eligibility::Allowed
        );
        let why = ruled(eligibility(&Event::ContactCreated, Scope::User, &acct));
        assert!(why.contains("contacts:read"), "{why}");
    }

    #[test]
    fn unknown_permissions_rule_nothing_out() {
        let acct = account(Role::User);
        assert_eq!(
            eligibility(&Event::ContactCreated, Scope::User, &acct),
            Eligibility::Allowed
        );
    }

    #[test]
    fn a_plan_known_to_lack_the_feature_rules_the_event_out() {
        let mut acct = account(Role::User);
        acct.plan_features = Some(vec![]);
        let why = ruled(eligibility(&Event::MeetingRecapCreated, Scope::User, &acct));
        assert_eq!(
            why,
            "Calendly's Notetaker needs a paid plan, which your organization does not have."
        );
    }

    #[test]
    fn an_unread_plan_leaves_a_gated_event_uncertain_with_the_reason() {
        let e = eligibility(
            &Event::MeetingRecapCreated,
            Scope::User,
            &account(Role::User),
        );
        assert!(e.can_choose());
        assert!(
            matches!(&e, Eligibility::Uncertain(why) if why.contains("Notetaker") && why.contains("could not read")),
            "{e:?}"
        );
    }

    #[test]
    fn an_event_without_a_plan_feature_is_never_uncertain() {
        assert_eq!(
            eligibility(&Event::InviteeCreated, Scope::User, &account(Role::User)),
            Eligibility::Allowed
        );
    }

    #[test]
    fn families_follow_calendly_order() {
        let names: Vec<&str> = families().iter().map(|(f, _)| *f).collect();
        assert_eq!(names.len(), 5);
        let flat: Vec<Event> = families()
            .into_iter()
            .flat_map(|(_, rows)| rows.into_iter().map(|r| r.event))
            .collect();
        assert_eq!(flat, Event::ALL.to_vec());
    }

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
