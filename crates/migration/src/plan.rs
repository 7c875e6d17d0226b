//! The plan: a diff between the webhooks the user wants and the subscriptions that exist,
//! computed before anything is written so the user sees every change first.
//!
//! One [`PlanEntry`] per intended subscription says what will happen and why, in words a
//! non-technical user understands: create; already done; different events on an existing
//! address (Calendly has no edit, so the user must choose between keeping it and a
//! delete-then-create with a short gap); replace a disabled one; or cannot do, with the
//! reason. For owners and admins, per-user subscriptions that share an address can be
//! folded into one organization-wide subscription ([`ConsolidationOffer`]).
//!
//! Which events may go in which entry is [`crate::events::eligibility`]'s rule, applied
//! here event by event: what it rules out becomes an entry of its own that cannot be done,
//! with the same reason the picker shows. The user's keep/replace decisions are part of
//! their [`Choices`] (keyed by address and scope), so making the plan again (after a
//! consolidation, coming back from the plan, a changed list) keeps every decision made.
//!
//! The plan is pure data (serializable, no token, no signing key); the executor turns each
//! entry into [`Steps`].

use calendly::{
    Event, OrganizationUri, PlanFeature, Role, Scope, SubscriptionState, SubscriptionUri, Target,
    TokenScope, UserUri, WebhookSubscription,
};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

use crate::callback::{near_key, PublicUrl};
use crate::events::{calendly_order, event_ruling, scope_ruling, RuledOut};
use crate::old_hooks::{HookNote, OldHook};
use crate::words;

/// Who is migrating, as `GET /users/me` and the membership say.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Account {
    pub user: UserUri,
    pub organization: OrganizationUri,
    pub role: Role,
    /// The token's permissions when they are known (OAuth tokens list them; PATs usually
    /// do not). `None` means unknown: Calendly will tell us if one is missing.
    #[serde(default)]
    pub granted_scopes: Option<Vec<TokenScope>>,
    /// Plan features the organization is known to have or lack; `None` = unknown (no API
    /// says which plan an organization is on).
    #[serde(default)]
    pub plan_features: Option<Vec<PlanFeature>>,
}

/// What the user chose: before the plan is made (scope, events) and on the plan screen
/// (consolidations, keep/replace decisions). [`make_plan`] applies all of them, so a plan
/// made again keeps every choice already made.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Choices {
    /// `Organization` (every member's bookings; owners and admins only) or `User` (only
    /// the token owner's bookings). Group scope is not offered by this assistant.
    pub scope: Scope,
    /// Events for every subscription; `None` keeps each old webhook's own events.
    #[serde(default)]
    pub events: Option<Vec<Event>>,
    /// Addresses whose per-user subscriptions the user agreed to fold into one
    /// organization-wide subscription (see [`Plan::consolidation_offers`]).
    #[serde(default)]
    pub consolidate: Vec<String>,
    /// Keep/replace decisions for addresses that already have a subscription with other
    /// events, by address and scope (stable when the plan is made again, unlike entry
    /// ids). Recorded with [`Choices::decide`].
    #[serde(default)]
    pub decisions: Vec<Decided>,
}

/// One keep/replace decision, for the entry with this address and scope.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Decided {
    pub url: PublicUrl,
    pub scope: Scope,
    pub decision: Decision,
}

impl Choices {
    /// Choices with this scope, each old webhook's own events, and nothing decided yet.
    ///
    /// ```
    /// use calendly::Scope;
    /// let choices = migration::plan::Choices::new(Scope::User);
    /// assert!(choices.events.is_none() && choices.decisions.is_empty());
    /// ```
    pub fn new(scope: Scope) -> Choices {
        Choices {
            scope,
            events: None,
            consolidate: Vec::new(),
            decisions: Vec::new(),
        }
    }

    /// Record the user's keep/replace decision for a plan entry (one with different
    /// events on an existing address); [`Decision::Undecided`] takes it back. Returns
    /// false, recording nothing, when the entry has no such choice. Make the plan again
    /// to see it applied.
    ///
    /// ```
    /// use calendly::{Event, OrganizationUri, Role, Scope, SubscriptionState, SubscriptionUri, UserUri, WebhookSubscription};
    /// use migration::old_hooks::from_form;
    /// use migration::plan::{make_plan, Account, Choices, Decision};
    /// let account = Account {
    ///     user: UserUri::from_id("ME"),
    ///     organization: OrganizationUri::from_id("ORG"),
    ///     role: Role::User,
    ///     granted_scopes: None,
    ///     plan_features: None,
    /// };
    /// let existing = WebhookSubscription {
    ///     uri: SubscriptionUri::from_id("S1"),
    ///     callback_url: "https://a.example.com/h".into(),
    ///     created_at: String::new(),
    ///     updated_at: String::new(),
    ///     retry_started_at: None,
    ///     state: SubscriptionState::Active,
    ///     events: vec![Event::InviteeCreated],
    ///     scope: Scope::User,
    ///     organization: account.organization.clone(),
    ///     user: Some(account.user.clone()),
    ///     group: None,
    ///     creator: Some(account.user.clone()),
    /// };
    /// let hooks = [from_form("https://a.example.com/h", &Event::V1).unwrap()];
    /// let mut choices = Choices::new(Scope::User);
    /// let plan = make_plan(&account, &[existing.clone()], &hooks, &choices);
    /// assert!(plan.entries[0].needs_decision());
    ///
    /// assert!(choices.decide(&plan.entries[0], Decision::KeepExisting));
    /// let plan = make_plan(&account, &[existing], &hooks, &choices);
    /// assert!(!plan.entries[0].needs_decision());
    /// ```
    pub fn decide(&mut self, entry: &PlanEntry, decision: Decision) -> bool {
        if !matches!(entry.action, Action::ChangeEvents { .. }) {
            return false;
        }
        self.decisions
            .retain(|d| !(d.url == entry.url && d.scope == entry.scope));
        if decision != Decision::Undecided {
            self.decisions.push(Decided {
                url: entry.url.clone(),
                scope: entry.scope,
                decision,
            });
        }
        true
    }

    /// The decision recorded for this address and scope ([`Decision::Undecided`] if none).
    pub fn decision(&self, url: &PublicUrl, scope: Scope) -> Decision {
        self.decisions
            .iter()
            .find(|d| d.url == *url && d.scope == scope)
            .map_or(Decision::Undecided, |d| d.decision)
    }
}

/// For an address that already has a subscription with other events.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Decision {
    /// The user has not chosen yet: the entry does not run.
    Undecided,
    /// Leave the existing subscription as it is.
    KeepExisting,
    /// Delete it and create one with the old and the new events together.
    Replace,
}

/// Why an entry cannot be carried out.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "blocker", rename_all = "snake_case")]
pub enum Blocker {
    /// Organization scope chosen by a member who is not an owner or admin.
    NeedsOwnerOrAdmin,
    /// These events are not available for this scope.
    EventsNotAllowedInScope { events: Vec<Event>, scope: Scope },
    /// The token lacks these permissions.
    MissingTokenScopes { scopes: Vec<TokenScope> },
    /// The organization's plan lacks the feature these events need.
    NeedsPlanFeature {
        feature: PlanFeature,
        events: Vec<Event>,
    },
    /// Events this assistant does not know.
    UnknownEvents { events: Vec<Event> },
    /// Group scope is not supported by this assistant.
    GroupScopeNotSupported,
}

impl Blocker {
    /// The reason in plain words: for one event, the same sentence
    /// [`crate::events::eligibility`] gives the picker.
    pub fn message(&self) -> String {
        match self {
            Blocker::NeedsOwnerOrAdmin => words::needs_owner_or_admin(),
            Blocker::EventsNotAllowedInScope { events, scope } => events
                .iter()
                .filter_map(|e| words::not_in_scope(e, *scope))
                .collect::<Vec<_>>()
                .join(" "),
            Blocker::MissingTokenScopes { scopes } => words::missing_permissions(scopes),
            Blocker::NeedsPlanFeature { feature, .. } => words::plan_lacks(*feature),
            Blocker::UnknownEvents { events } => words::unknown_events(events),
            Blocker::GroupScopeNotSupported => words::group_scope_not_supported(),
        }
    }
}

/// What will happen to one intended subscription.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "action", rename_all = "snake_case")]
pub enum Action {
    /// Create a new subscription.
    Create,
    /// A matching subscription exists and covers the events: nothing to do.
    AlreadyDone {
        existing: SubscriptionUri,
        extra_events: Vec<Event>,
    },
    /// An active subscription of the token owner's with this address exists with other
    /// events (or for the other scope); the user decides whether to replace it.
    ChangeEvents {
        existing: SubscriptionUri,
        existing_events: Vec<Event>,
        existing_scope: Scope,
        decision: Decision,
    },
    /// A disabled subscription with this address exists: delete it, then create.
    ReplaceDisabled { existing: SubscriptionUri },
    /// Per-user subscriptions to this address become one organization subscription:
    /// `delete_first` is the token owner's own (Calendly refuses a second subscription to
    /// the same address for the same person), `delete_after` the other members'.
    Consolidate {
        delete_first: Option<SubscriptionUri>,
        delete_after: Vec<SubscriptionUri>,
    },
    /// Cannot be done, with the reason.
    CannotDo { blocker: Blocker },
}

/// One intended subscription.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlanEntry {
    pub id: usize,
    pub url: PublicUrl,
    pub scope: Scope,
    /// The user of a user-scope subscription (always the token owner).
    pub user: Option<UserUri>,
    pub events: Vec<Event>,
    pub action: Action,
    /// What will happen and why, in plain words.
    pub why: String,
    /// Things worth knowing (address warnings, look-alike addresses, signing key notes).
    pub notes: Vec<String>,
}

/// What the executor does for an entry, in order.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Steps {
    pub delete_first: Option<SubscriptionUri>,
    pub create: bool,
    pub delete_after: Vec<SubscriptionUri>,
}

impl PlanEntry {
    /// The scope and user, as the client wants them.
    pub fn target(&self) -> Target {
        match (&self.scope, &self.user) {
            (Scope::User, Some(user)) => Target::User(user.clone()),
            _ => Target::Organization,
        }
    }

    /// The writes this entry needs, or `None` when it needs none (done, kept, blocked,
    /// or waiting for the user's decision).
    pub fn steps(&self) -> Option<Steps> {
        let steps = match &self.action {
            Action::Create => Steps {
                delete_first: None,
                create: true,
                delete_after: vec![],
            },
            Action::ReplaceDisabled { existing }
            | Action::ChangeEvents {
                existing,
                decision: Decision::Replace,
                ..
            } => Steps {
                delete_first: Some(existing.clone()),
                create: true,
                delete_after: vec![],
            },
            Action::Consolidate {
                delete_first,
                delete_after,
            } => Steps {
                delete_first: delete_first.clone(),
                create: true,
                delete_after: delete_after.clone(),
            },
            Action::AlreadyDone { .. } | Action::ChangeEvents { .. } | Action::CannotDo { .. } => {
                return None
            }
        };
        Some(steps)
    }

    /// True when the user still has to choose.
    pub fn needs_decision(&self) -> bool {
        matches!(
            self.action,
            Action::ChangeEvents {
                decision: Decision::Undecided,
                ..
            }
        )
    }

    /// Does `sub` deliver what this entry wants? Same address (both in serialised form),
    /// same organization, same scope and user, active, and at least these events.
    pub fn is_fulfilled_by(
        &self,
        organization: &OrganizationUri,
        sub: &WebhookSubscription,
    ) -> bool {
        self.url.as_callback().is_same_address(&sub.callback_url)
            && sub.organization == *organization
            && sub.scope == self.scope
            && (self.scope != Scope::User || sub.user == self.user)
            && sub.state == SubscriptionState::Active
            && self.events.iter().all(|e| sub.events.contains(e))
    }
}

/// Per-user subscriptions that share an address, which an owner or admin may fold into
/// one organization-wide subscription.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConsolidationOffer {
    pub url: String,
    pub subscriptions: Vec<SubscriptionUri>,
    pub users: Vec<UserUri>,
    /// The events of all of them together (those allowed for the organization).
    pub events: Vec<Event>,
    pub why: String,
}

/// The whole plan.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Plan {
    pub organization: OrganizationUri,
    pub user: UserUri,
    pub entries: Vec<PlanEntry>,
    pub consolidation_offers: Vec<ConsolidationOffer>,
}

/// Counts for the plan screen's headline.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlanSummary {
    pub to_create: usize,
    pub already_done: usize,
    pub to_replace: usize,
    pub needs_decision: usize,
    pub cannot_do: usize,
    pub deletions: usize,
}

impl Plan {
    /// Record the user's choice for an entry with different events, in this plan only.
    /// Returns false when the entry does not exist or has no such choice.
    ///
    /// A plan made again forgets it: record decisions with [`Choices::decide`] instead,
    /// which [`make_plan`] applies every time. Kept until the wizard's reducer does so.
    pub fn decide(&mut self, id: usize, decision: Decision) -> bool {
        let Some(entry) = self.entries.iter_mut().find(|e| e.id == id) else {
            return false;
        };
        let Action::ChangeEvents {
            decision: d,
            existing_events,
            existing_scope,
            ..
        } = &mut entry.action
        else {
            return false;
        };
        *d = decision;
        let (existing_events, existing_scope) = (existing_events.clone(), *existing_scope);
        entry.why = change_events_why(
            &existing_events,
            existing_scope,
            &entry.events,
            entry.scope,
            decision,
        );
        true
    }

    /// Entries still waiting for the user's choice.
    pub fn undecided(&self) -> Vec<usize> {
        self.entries
            .iter()
            .filter(|e| e.needs_decision())
            .map(|e| e.id)
            .collect()
    }

    pub fn summary(&self) -> PlanSummary {
        let mut s = PlanSummary::default();
        for e in &self.entries {
            match &e.action {
                Action::Create => s.to_create += 1,
                Action::AlreadyDone { .. }
                | Action::ChangeEvents {
                    decision: Decision::KeepExisting,
                    ..
                } => s.already_done += 1,
                Action::ChangeEvents {
                    decision: Decision::Undecided,
                    ..
                } => s.needs_decision += 1,
                Action::ChangeEvents {
                    decision: Decision::Replace,
                    ..
                }
                | Action::ReplaceDisabled { .. }
                | Action::Consolidate { .. } => s.to_replace += 1,
                Action::CannotDo { .. } => s.cannot_do += 1,
            }
            if let Some(steps) = e.steps() {
                s.deletions += usize::from(steps.delete_first.is_some()) + steps.delete_after.len();
            }
        }
        s
    }
}

/// Make the plan. `existing` is every subscription the role can see (organization scope
/// for owners and admins, and the user's own); `hooks` the old webhooks the user supplied.
pub fn make_plan(
    account: &Account,
    existing: &[WebhookSubscription],
    hooks: &[OldHook],
    choices: &Choices,
) -> Plan {
    let scope = choices.scope;
    let user = (scope == Scope::User).then(|| account.user.clone());

    // One subscription per address: hooks with the same address are combined, and how
    // many old webhooks each address stands for is counted (each v1 hook belonged to one
    // person, so several usually means several team members).
    struct Wanted {
        url: PublicUrl,
        events: Vec<Event>,
        notes: Vec<String>,
        old_hooks: usize,
    }
    let mut wanted: Vec<Wanted> = Vec::new();
    for hook in hooks {
        let events = choices
            .events
            .clone()
            .unwrap_or_else(|| hook.events.clone());
        let (merged, notes): (Vec<&HookNote>, Vec<&HookNote>) = hook
            .notes
            .iter()
            .partition(|n| matches!(n, HookNote::MergedDuplicate { .. }));
        let notes = notes.into_iter().map(HookNote::to_string);
        match wanted.iter_mut().find(|w| w.url == hook.url) {
            Some(w) => {
                w.events.extend(events);
                w.notes.extend(notes);
                w.old_hooks += 1 + merged.len();
            }
            None => wanted.push(Wanted {
                url: hook.url.clone(),
                events,
                notes: notes.collect(),
                old_hooks: 1 + merged.len(),
            }),
        }
    }
    for w in wanted.iter_mut().filter(|w| w.old_hooks >= 2) {
        let n = w.old_hooks;
        let whole = words::scope(Scope::Organization);
        w.notes.push(match scope {
            Scope::Organization => format!(
                "{n} of your old webhooks sent to this address (probably one per team member). One webhook {} \
                 replaces them all, and also covers people who join later.",
                whole.for_whom
            ),
            _ if account.role.manages_organization() => format!(
                "{n} of your old webhooks sent to this address. If they belonged to different team members, choose \
                 \"{}\" instead: one webhook then replaces them all.",
                whole.choice
            ),
            _ => format!(
                "{n} of your old webhooks sent to this address. If they belonged to different team members, an owner or \
                 admin of your Calendly organization can replace them all with one webhook {}.",
                whole.for_whom
            ),
        });
    }

    let offers = if account.role.manages_organization() {
        consolidation_offers(account, existing)
    } else {
        Vec::new()
    };

    let mut out = Entries {
        entries: Vec::new(),
        scope,
        user: user.clone(),
    };
    for Wanted {
        url,
        events,
        mut notes,
        ..
    } in wanted
    {
        let events = calendly_order(events);
        match scope_ruling(scope, account) {
            Err(RuledOut::GroupScope) => {
                out.block(&url, events, Blocker::GroupScopeNotSupported);
                continue;
            }
            Err(_) => {
                out.block(&url, events, Blocker::NeedsOwnerOrAdmin);
                continue;
            }
            Ok(()) => {}
        }
        if let Some(granted) = &account.granted_scopes {
            let missing: Vec<TokenScope> = crate::events::BASE_TOKEN_SCOPES
                .iter()
                .filter(|s| !granted.iter().any(|g| g.grants(s)))
                .cloned()
                .collect();
            if !missing.is_empty() {
                out.block(
                    &url,
                    events,
                    Blocker::MissingTokenScopes { scopes: missing },
                );
                continue;
            }
        }

        // Split off what cannot be done for this address, each part with its own reason
        // (the eligibility rule, event by event).
        let mut unknown = Vec::new();
        let mut not_allowed = Vec::new();
        let (mut no_permission, mut permissions) = (Vec::new(), Vec::<TokenScope>::new());
        let mut gated: Vec<(PlanFeature, Vec<Event>)> = Vec::new();
        let mut unchecked: Vec<(PlanFeature, Vec<Event>)> = Vec::new();
        let mut allowed = Vec::new();
        for event in events {
            match event_ruling(&event, scope, account) {
                Ok(None) => allowed.push(event),
                Ok(Some(feature)) => {
                    push_to(&mut unchecked, feature, event.clone());
                    allowed.push(event);
                }
                Err(RuledOut::Unknown) => unknown.push(event),
                Err(RuledOut::MissingPermission(needed)) => {
                    if !permissions.contains(&needed) {
                        permissions.push(needed);
                    }
                    no_permission.push(event);
                }
                Err(RuledOut::PlanLacks(feature)) => push_to(&mut gated, feature, event),
                Err(
                    RuledOut::NotInScope(_) | RuledOut::GroupScope | RuledOut::NeedsOwnerOrAdmin,
                ) => not_allowed.push(event),
            }
        }
        if !unknown.is_empty() {
            out.block(
                &url,
                unknown.clone(),
                Blocker::UnknownEvents { events: unknown },
            );
        }
        if !not_allowed.is_empty() {
            out.block(
                &url,
                not_allowed.clone(),
                Blocker::EventsNotAllowedInScope {
                    events: not_allowed,
                    scope,
                },
            );
        }
        if !no_permission.is_empty() {
            out.block(
                &url,
                no_permission,
                Blocker::MissingTokenScopes {
                    scopes: permissions,
                },
            );
        }
        for (feature, events) in gated {
            out.block(
                &url,
                events.clone(),
                Blocker::NeedsPlanFeature { feature, events },
            );
        }
        for (feature, events) in unchecked {
            notes.push(format!(
                "{}: {}",
                words::event_list(&events),
                words::plan_unknown(feature)
            ));
        }
        let events = allowed;
        if events.is_empty() {
            continue;
        }

        // Look-alike addresses are different subscriptions to Calendly; worth a word.
        let key = near_key(url.as_str());
        for sub in existing.iter().filter(|s| {
            !url.as_callback().is_same_address(&s.callback_url) && near_key(&s.callback_url) == key
        }) {
            notes.push(format!(
                "There is already a webhook for the almost identical address {}. Calendly treats them as different \
                 addresses, so your server may get each booking twice. Make sure you really want both.",
                sub.callback_url
            ));
        }

        let offer = (scope == Scope::Organization
            && choices
                .consolidate
                .iter()
                .any(|u| url.as_callback().is_same_address(u)))
        .then(|| {
            offers
                .iter()
                .find(|o| url.as_callback().is_same_address(&o.url))
        })
        .flatten();
        let wanted = Intended {
            url: &url,
            scope,
            user: user.as_ref(),
            decision: choices.decision(&url, scope),
        };
        let (action, events, why) = decide(account, existing, &wanted, events, offer);
        if matches!(action, Action::AlreadyDone { .. }) {
            notes.push(
                "This webhook was created earlier, so it keeps the signing key it was created with (or none); the new \
                 signing key applies only to webhooks created now."
                    .into(),
            );
        }
        out.add(&url, events, action, why, notes);
    }

    Plan {
        organization: account.organization.clone(),
        user: account.user.clone(),
        entries: out.entries,
        consolidation_offers: offers,
    }
}

/// The entries being built, all for one scope and user.
struct Entries {
    entries: Vec<PlanEntry>,
    scope: Scope,
    user: Option<UserUri>,
}

impl Entries {
    fn add(
        &mut self,
        url: &PublicUrl,
        events: Vec<Event>,
        action: Action,
        why: String,
        notes: Vec<String>,
    ) {
        let id = self.entries.len();
        let (scope, user) = (self.scope, self.user.clone());
        self.entries.push(PlanEntry {
            id,
            url: url.clone(),
            scope,
            user,
            events,
            action,
            why,
            notes,
        });
    }

    fn block(&mut self, url: &PublicUrl, events: Vec<Event>, blocker: Blocker) {
        let why = blocker.message();
        self.add(url, events, Action::CannotDo { blocker }, why, Vec::new());
    }
}

/// One intended subscription as [`decide`] compares it with what exists.
struct Intended<'a> {
    url: &'a PublicUrl,
    scope: Scope,
    /// The user of a user-scope subscription (the token owner).
    user: Option<&'a UserUri>,
    /// The user's keep/replace decision for this address and scope, if made.
    decision: Decision,
}

/// Add an event to its plan feature's group.
fn push_to(groups: &mut Vec<(PlanFeature, Vec<Event>)>, feature: PlanFeature, event: Event) {
    match groups.iter_mut().find(|(f, _)| *f == feature) {
        Some((_, events)) => events.push(event),
        None => groups.push((feature, vec![event])),
    }
    // Routing forms first, then Notetaker: Calendly's order of the events they gate.
    groups.sort_by_key(|(f, _)| *f != PlanFeature::RoutingForms);
}

/// Compare one wanted subscription with what exists.
fn decide(
    account: &Account,
    existing: &[WebhookSubscription],
    wanted: &Intended,
    events: Vec<Event>,
    offer: Option<&ConsolidationOffer>,
) -> (Action, Vec<Event>, String) {
    let Intended {
        url, scope, user, ..
    } = *wanted;
    let same_address: Vec<&WebhookSubscription> = existing
        .iter()
        .filter(|s| {
            url.as_callback().is_same_address(&s.callback_url)
                && s.organization == account.organization
        })
        .collect();
    let covers = |s: &&WebhookSubscription| events.iter().all(|e| s.events.contains(e));
    let active = |s: &&WebhookSubscription| s.state == SubscriptionState::Active;

    // An organization-wide subscription already receives the token owner's bookings too.
    if let Some(org) = same_address
        .iter()
        .find(|s| s.scope == Scope::Organization && active(s) && covers(s))
    {
        let whole = words::scope(Scope::Organization).for_whom;
        let why = if scope == Scope::Organization {
            format!("A webhook {whole} already sends these events to this address. Nothing to do.")
        } else {
            format!(
                "A webhook {whole} already sends these events to this address, {} included. Nothing to do.",
                words::scope(Scope::User).inline
            )
        };
        return (
            Action::AlreadyDone {
                existing: org.uri.clone(),
                extra_events: extra(&org.events, &events),
            },
            events,
            why,
        );
    }

    let same_target: Vec<&&WebhookSubscription> = same_address
        .iter()
        .filter(|s| s.scope == scope && (scope != Scope::User || s.user.as_ref() == user))
        .collect();
    if let Some(done) = same_target.iter().find(|s| active(s) && covers(s)) {
        let why =
            "A webhook with this address already receives these events. Nothing to do.".to_owned();
        return (
            Action::AlreadyDone {
                existing: done.uri.clone(),
                extra_events: extra(&done.events, &events),
            },
            events,
            why,
        );
    }
    if let Some(current) = same_target.iter().find(|s| active(s)) {
        return change_events(current, scope, &events, wanted.decision);
    }
    if let Some(disabled) = same_target.first() {
        return replace_disabled(disabled, events);
    }
    if let Some(offer) = offer {
        let mine = offer
            .subscriptions
            .iter()
            .zip(&offer.users)
            .find(|(_, u)| **u == account.user)
            .map(|(s, _)| s.clone());
        let others: Vec<SubscriptionUri> = offer
            .subscriptions
            .iter()
            .filter(|s| Some(*s) != mine.as_ref())
            .cloned()
            .collect();
        let union = calendly_order(events.into_iter().chain(offer.events.iter().cloned()));
        let mut why = format!(
            "{} personal webhooks send to this address. We will create one webhook {}, then \
             delete the personal ones, so no booking is missed; for a moment your server may receive the same booking \
             twice, so ignore repeats with the same invitee address (payload.uri).",
            offer.subscriptions.len(),
            words::scope(Scope::Organization).for_whom
        );
        if mine.is_some() {
            why.push_str(
                " Your own personal webhook to this address must be deleted first, because Calendly allows one webhook \
                 per address for each person: between those two steps (normally a second or two), your own bookings are \
                 not sent and Calendly will not send them later.",
            );
        }
        return (
            Action::Consolidate {
                delete_first: mine,
                delete_after: others,
            },
            union,
            why,
        );
    }

    // Calendly allows each person one subscription per address in an organization, so a
    // subscription of the token owner's to this address in the other scope is in the way.
    let mine_elsewhere = same_address.iter().find(|s| {
        s.scope != scope
            && (s.user.as_ref() == Some(&account.user) || s.creator.as_ref() == Some(&account.user))
    });
    if let Some(mine) = mine_elsewhere {
        if !active(mine) {
            return replace_disabled(mine, events);
        }
        let allowed = mine
            .events
            .iter()
            .filter(|e| e.allowed_scopes().contains(&scope))
            .cloned();
        return change_events(
            mine,
            scope,
            &calendly_order(allowed.chain(events)),
            wanted.decision,
        );
    }

    let why = format!(
        "We will create a webhook that sends these events to this address, for {}.",
        words::scope(scope).inline
    );
    (Action::Create, events, why)
}

fn change_events(
    current: &WebhookSubscription,
    scope: Scope,
    wanted: &[Event],
    decision: Decision,
) -> (Action, Vec<Event>, String) {
    let union = calendly_order(
        current
            .events
            .iter()
            .filter(|e| e.allowed_scopes().contains(&scope))
            .chain(wanted)
            .cloned(),
    );
    let why = change_events_why(&current.events, current.scope, &union, scope, decision);
    let action = Action::ChangeEvents {
        existing: current.uri.clone(),
        existing_events: current.events.clone(),
        existing_scope: current.scope,
        decision,
    };
    (action, union, why)
}

fn replace_disabled(
    disabled: &WebhookSubscription,
    events: Vec<Event>,
) -> (Action, Vec<Event>, String) {
    let why = "Calendly switched off the webhook for this address, usually after a day of failed deliveries, and it \
               cannot be switched back on. We will delete it and then create a new one. Between the two steps (normally \
               a second or two) nothing changes for you, because the switched-off webhook was not delivering anything. \
               Bookings made while it was switched off will not be sent later."
        .to_owned();
    (
        Action::ReplaceDisabled {
            existing: disabled.uri.clone(),
        },
        events,
        why,
    )
}

/// What keeping the existing subscription gives up, as the end of a sentence ("it will
/// not report …"); `None` when it gives up nothing.
fn what_keep_misses(
    existing: &[Event],
    existing_scope: Scope,
    wanted: &[Event],
    scope: Scope,
) -> Option<String> {
    let missing: Vec<Event> = wanted
        .iter()
        .filter(|e| !existing.contains(e))
        .cloned()
        .collect();
    let narrower = existing_scope == Scope::User && scope == Scope::Organization;
    let whose = narrower.then(|| {
        format!(
            "it will report only {}, not {}",
            words::scope(existing_scope).inline,
            words::scope(scope).inline
        )
    });
    let what = (!missing.is_empty())
        .then(|| format!("it will not report {}", words::event_list(&missing)));
    match (whose, what) {
        (Some(whose), Some(what)) => Some(format!("{whose}, and {what}")),
        (one, other) => one.or(other),
    }
}

fn change_events_why(
    existing: &[Event],
    existing_scope: Scope,
    wanted: &[Event],
    scope: Scope,
    decision: Decision,
) -> String {
    let what = if existing_scope == scope {
        format!(
            "A webhook with this address already exists, but it receives {} and you asked for {}.",
            words::event_list(existing),
            words::event_list(wanted)
        )
    } else {
        format!(
            "You already have a webhook with this address {} (receiving {}), and you asked for one {}. Calendly allows each \
             person only one webhook per address.",
            words::scope(existing_scope).for_whom,
            words::event_list(existing),
            words::scope(scope).for_whom
        )
    };
    let base = format!(
        "{what} Calendly cannot change a webhook: it has to be deleted and created again. Between the two steps (normally \
         a second or two, longer if Calendly is slow) bookings are not sent to your server, and Calendly does not send \
         them later. To avoid that gap entirely, you could instead use a slightly different address on your server (for \
         example with ?v=2 at the end) and delete the old webhook yourself later."
    );
    let misses = what_keep_misses(existing, existing_scope, wanted, scope);
    match (decision, misses) {
        (Decision::Undecided, Some(misses)) => format!(
            "{base} Please choose: keep the existing webhook (then {misses}), or replace it."
        ),
        (Decision::Undecided, None) => {
            format!("{base} Please choose: keep the existing webhook, or replace it.")
        }
        (Decision::KeepExisting, Some(misses)) => {
            format!("{base} You chose to keep the existing webhook as it is, so {misses}.")
        }
        (Decision::KeepExisting, None) => {
            format!("{base} You chose to keep the existing webhook as it is.")
        }
        (Decision::Replace, _) => format!(
            "{base} You chose to replace it with one {} that receives {}.",
            words::scope(scope).for_whom,
            words::event_list(wanted)
        ),
    }
}

/// Per-user subscriptions that share an address (in serialised form), for owners and
/// admins to fold into one. The offer's `url` is that serialised form.
fn consolidation_offers(
    account: &Account,
    existing: &[WebhookSubscription],
) -> Vec<ConsolidationOffer> {
    let address = |s: &WebhookSubscription| {
        calendly::CallbackUrl::parse(&s.callback_url)
            .map_or_else(|_| s.callback_url.clone(), String::from)
    };
    let mut by_url: BTreeMap<String, Vec<&WebhookSubscription>> = BTreeMap::new();
    for sub in existing
        .iter()
        .filter(|s| s.scope == Scope::User && s.organization == account.organization)
    {
        by_url.entry(address(sub)).or_default().push(sub);
    }
    let org_urls: Vec<String> = existing
        .iter()
        .filter(|s| s.scope == Scope::Organization)
        .map(address)
        .collect();
    by_url
        .into_iter()
        .filter(|(url, subs)| subs.len() >= 2 && !org_urls.contains(url))
        .map(|(url, subs)| {
            let events = calendly_order(
                subs.iter()
                    .flat_map(|s| s.events.iter())
                    .filter(|e| e.allowed_scopes().contains(&Scope::Organization))
                    .cloned(),
            );
            ConsolidationOffer {
                why: format!(
                    "{} members each have their own webhook sending to {url}. One webhook {} \
                     does the same job, also covers new members automatically, and keeps working if a member leaves.",
                    subs.len(),
                    words::scope(Scope::Organization).for_whom
                ),
                url,
                subscriptions: subs.iter().map(|s| s.uri.clone()).collect(),
                users: subs.iter().filter_map(|s| s.user.clone()).collect(),
                events,
            }
        })
        .collect()
}

fn extra(have: &[Event], wanted: &[Event]) -> Vec<Event> {
    have.iter()
        .filter(|e| !wanted.contains(e))
        .cloned()
        .collect()
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::old_hooks::from_form;

    pub(crate) fn me() -> UserUri {
        UserUri::from_id("ME")
    }

    pub(crate) fn org() -> OrganizationUri {
        OrganizationUri::from_id("ORG")
    }

    pub(crate) fn account(role: Role) -> Account {
        Account {
            user: me(),
            organization: org(),
            role,
            granted_scopes: None,
            plan_features: None,
        }
    }

    pub(crate) fn sub(
        id: &str,
        url: &str,
        scope: Scope,
        user: Option<&str>,
        events: &[Event],
        state: SubscriptionState,
    ) -> WebhookSubscription {
        WebhookSubscription {
            uri: SubscriptionUri::from_id(id),
            callback_url: url.into(),
            created_at: "2026-01-01T00:00:00.000000Z".into(),
            updated_at: "2026-01-01T00:00:00.000000Z".into(),
            retry_started_at: None,
            state,
            events: events.to_vec(),
            scope,
            organization: org(),
            user: user.map(UserUri::from_id),
            group: None,
            creator: user.map(UserUri::from_id),
        }
    }

    fn hook(url: &str, events: &[Event]) -> OldHook {
        from_form(url, events).unwrap()
    }

    fn choices(scope: Scope) -> Choices {
        Choices {
            scope,
            events: None,
            consolidate: vec![],
            decisions: vec![],
        }
    }

    const A: &str = "https://a.example.com/h";
    const V1: [Event; 2] = Event::V1;

    #[test]
    fn a_new_address_is_created() {
        let plan = make_plan(
            &account(Role::User),
            &[],
            &[hook(A, &V1)],
            &choices(Scope::User),
        );
        assert_eq!(plan.entries.len(), 1);
        let e = &plan.entries[0];
        assert_eq!(e.action, Action::Create);
        assert_eq!(e.target(), Target::User(me()));
        assert_eq!(e.events, V1.to_vec());
        assert!(e.why.contains("your own bookings"));
        assert_eq!(
            e.steps(),
            Some(Steps {
                delete_first: None,
                create: true,
                delete_after: vec![]
            })
        );
        assert_eq!(plan.summary().to_create, 1);
    }

    #[test]
    fn a_matching_subscription_means_already_done_even_with_extra_events() {
        let existing = [sub(
            "S1",
            A,
            Scope::User,
            Some("ME"),
            &[
                Event::InviteeCreated,
                Event::InviteeCanceled,
                Event::ContactCreated,
            ],
            SubscriptionState::Active,
        )];
        let plan = make_plan(
            &account(Role::User),
            &existing,
            &[hook(A, &V1)],
            &choices(Scope::User),
        );
        assert_eq!(
            plan.entries[0].action,
            Action::AlreadyDone {
                existing: SubscriptionUri::from_id("S1"),
                extra_events: vec![Event::ContactCreated]
            }
        );
        assert!(plan.entries[0].steps().is_none());
        assert!(plan.entries[0]
            .notes
            .iter()
            .any(|n| n.contains("signing key")));
    }

    #[test]
    fn another_users_subscription_to_the_same_address_is_not_mine() {
        let existing = [sub(
            "S1",
            A,
            Scope::User,
            Some("OTHER"),
            &V1,
            SubscriptionState::Active,
        )];
        let plan = make_plan(
            &account(Role::User),
            &existing,
            &[hook(A, &V1)],
            &choices(Scope::User),
        );
        assert_eq!(plan.entries[0].action, Action::Create);
    }

    #[test]
    fn an_organization_subscription_covers_a_users_wish() {
        let existing = [sub(
            "S1",
            A,
            Scope::Organization,
            None,
            &V1,
            SubscriptionState::Active,
        )];
        let plan = make_plan(
            &account(Role::User),
            &existing,
            &[hook(A, &[Event::InviteeCreated])],
            &choices(Scope::User),
        );
        assert!(matches!(plan.entries[0].action, Action::AlreadyDone { .. }));
        assert!(plan.entries[0].why.contains("your own bookings included"));
    }

    #[test]
    fn different_events_wait_for_a_decision_and_replace_with_the_union() {
        let existing = [sub(
            "S1",
            A,
            Scope::User,
            Some("ME"),
            &[Event::InviteeCreated],
            SubscriptionState::Active,
        )];
        let mut plan = make_plan(
            &account(Role::User),
            &existing,
            &[hook(A, &[Event::InviteeCanceled])],
            &choices(Scope::User),
        );
        let e = &plan.entries[0];
        assert!(e.needs_decision());
        assert!(e.steps().is_none());
        assert!(
            e.why.contains("deleted and created again") && e.why.contains("Please choose"),
            "{}",
            e.why
        );
        assert_eq!(e.events, V1.to_vec());
        assert_eq!(plan.undecided(), vec![0]);
        assert_eq!(plan.summary().needs_decision, 1);

        assert!(plan.decide(0, Decision::Replace));
        assert_eq!(
            plan.entries[0].steps(),
            Some(Steps {
                delete_first: Some(SubscriptionUri::from_id("S1")),
                create: true,
                delete_after: vec![]
            })
        );
        assert!(plan.entries[0].why.contains("You chose to replace"));
        assert!(plan.decide(0, Decision::KeepExisting));
        assert!(plan.entries[0].steps().is_none());
        assert!(!plan.decide(7, Decision::Replace));
        assert!(plan.undecided().is_empty());
    }

    #[test]
    fn a_disabled_subscription_is_replaced_and_the_window_explained() {
        let existing = [sub(
            "S1",
            A,
            Scope::User,
            Some("ME"),
            &V1,
            SubscriptionState::Disabled,
        )];
        let plan = make_plan(
            &account(Role::User),
            &existing,
            &[hook(A, &V1)],
            &choices(Scope::User),
        );
        let e = &plan.entries[0];
        assert_eq!(
            e.action,
            Action::ReplaceDisabled {
                existing: SubscriptionUri::from_id("S1")
            }
        );
        assert_eq!(
            e.steps().unwrap().delete_first,
            Some(SubscriptionUri::from_id("S1"))
        );
        assert!(
            e.why.contains("Between the two steps") && e.why.contains("not be sent later"),
            "{}",
            e.why
        );
    }

    #[test]
    fn organization_scope_needs_owner_or_admin() {
        let plan = make_plan(
            &account(Role::User),
            &[],
            &[hook(A, &V1)],
            &choices(Scope::Organization),
        );
        assert_eq!(
            plan.entries[0].action,
            Action::CannotDo {
                blocker: Blocker::NeedsOwnerOrAdmin
            }
        );
        assert!(plan.entries[0].why.contains("owner or admin"));
        for role in [Role::Owner, Role::Admin] {
            let plan = make_plan(
                &account(role),
                &[],
                &[hook(A, &V1)],
                &choices(Scope::Organization),
            );
            assert_eq!(plan.entries[0].action, Action::Create);
            assert_eq!(plan.entries[0].target(), Target::Organization);
        }
    }

    #[test]
    fn events_the_scope_does_not_allow_are_split_off_with_a_reason() {
        let events = [Event::InviteeCreated, Event::MeetingRecapCreated];
        let plan = make_plan(
            &account(Role::Admin),
            &[],
            &[hook(A, &events)],
            &choices(Scope::Organization),
        );
        assert_eq!(plan.entries.len(), 2);
        assert_eq!(plan.entries[0].events, vec![Event::MeetingRecapCreated]);
        assert!(matches!(
            plan.entries[0].action,
            Action::CannotDo {
                blocker: Blocker::EventsNotAllowedInScope { .. }
            }
        ));
        assert!(
            plan.entries[0].why.contains("own meetings"),
            "{}",
            plan.entries[0].why
        );
        assert_eq!(plan.entries[1].events, vec![Event::InviteeCreated]);
        assert_eq!(plan.entries[1].action, Action::Create);

        let plan = make_plan(
            &account(Role::User),
            &[],
            &[hook(A, &[Event::RoutingFormSubmissionCreated])],
            &choices(Scope::User),
        );
        assert_eq!(plan.entries.len(), 1);
        assert!(plan.entries[0].why.contains("whole organization"));
    }

    #[test]
    fn missing_token_scopes_block_what_they_must() {
        let mut acct = account(Role::User);
        acct.granted_scopes = Some(vec![
            TokenScope::USERS_READ,
            TokenScope::ORGANIZATIONS_READ,
            TokenScope::WEBHOOKS_WRITE,
            TokenScope::SCHEDULED_EVENTS_READ,
        ]);
        let plan = make_plan(
            &acct,
            &[],
            &[hook(A, &[Event::InviteeCreated, Event::ContactCreated])],
            &choices(Scope::User),
        );
        assert_eq!(plan.entries.len(), 2);
        assert_eq!(
            plan.entries[0].action,
            Action::CannotDo {
                blocker: Blocker::MissingTokenScopes {
                    scopes: vec![TokenScope::CONTACTS_READ]
                }
            }
        );
        assert!(
            plan.entries[0].why.contains("contacts:read")
                && plan.entries[0].why.contains("API & Webhooks")
        );
        assert_eq!(plan.entries[1].action, Action::Create);

        acct.granted_scopes = Some(vec![
            TokenScope::USERS_READ,
            TokenScope::ORGANIZATIONS_READ,
            TokenScope::WEBHOOKS_READ,
        ]);
        let plan = make_plan(&acct, &[], &[hook(A, &V1)], &choices(Scope::User));
        assert_eq!(
            plan.entries[0].action,
            Action::CannotDo {
                blocker: Blocker::MissingTokenScopes {
                    scopes: vec![TokenScope::WEBHOOKS_WRITE]
                }
            }
        );
    }

    #[test]
    fn plan_gated_events_are_blocked_when_the_plan_is_known_and_noted_when_not() {
        let events = [Event::InviteeCreated, Event::MeetingRecapCreated];
        let mut acct = account(Role::User);
        let plan = make_plan(&acct, &[], &[hook(A, &events)], &choices(Scope::User));
        assert_eq!(plan.entries.len(), 1);
        assert!(plan.entries[0]
            .notes
            .iter()
            .any(|n| n.starts_with("\"Meeting recap ready\": ") && n.contains("could not read")));
        acct.plan_features = Some(vec![]);
        let plan = make_plan(&acct, &[], &[hook(A, &events)], &choices(Scope::User));
        assert_eq!(plan.entries.len(), 2);
        assert!(matches!(
            &plan.entries[0].action,
            Action::CannotDo {
                blocker: Blocker::NeedsPlanFeature {
                    feature: PlanFeature::Notetaker,
                    ..
                }
            }
        ));
        assert!(plan.entries[0].why.contains("Notetaker"));
    }

    #[test]
    fn hooks_with_the_same_address_become_one_subscription() {
        let hooks = [
            hook(A, &[Event::InviteeCreated]),
            hook(A, &[Event::InviteeCanceled]),
        ];
        let plan = make_plan(&account(Role::User), &[], &hooks, &choices(Scope::User));
        assert_eq!(plan.entries.len(), 1);
        assert_eq!(plan.entries[0].events, V1.to_vec());
    }

    #[test]
    fn several_old_hooks_to_one_address_suggest_one_organization_webhook() {
        let pasted = crate::old_hooks::parse_pasted(
            "https://a.example.com/h\nhttps://a.example.com/h\nhttps://a.example.com/h\n",
        );
        assert_eq!(pasted.hooks.len(), 1);
        let plan = make_plan(
            &account(Role::Admin),
            &[],
            &pasted.hooks,
            &choices(Scope::Organization),
        );
        assert_eq!(plan.entries.len(), 1);
        assert!(plan.entries[0]
            .notes
            .iter()
            .any(|n| n.starts_with("3 of your old webhooks") && n.contains("replaces them all")));
        let plan = make_plan(
            &account(Role::User),
            &[],
            &pasted.hooks,
            &choices(Scope::User),
        );
        assert!(plan.entries[0]
            .notes
            .iter()
            .any(|n| n.contains("an owner or admin")));
        let plan = make_plan(
            &account(Role::User),
            &[],
            &[hook(A, &V1)],
            &choices(Scope::User),
        );
        assert!(
            plan.entries[0].notes.is_empty(),
            "{:?}",
            plan.entries[0].notes
        );
    }

    #[test]
    fn chosen_events_override_the_old_ones() {
        let mut c = choices(Scope::User);
        c.events = Some(vec![Event::InviteeNoShowCreated]);
        let plan = make_plan(&account(Role::User), &[], &[hook(A, &V1)], &c);
        assert_eq!(plan.entries[0].events, vec![Event::InviteeNoShowCreated]);
    }

    #[test]
    fn a_look_alike_address_is_noted() {
        let existing = [sub(
            "S1",
            "https://a.example.com/h/",
            Scope::User,
            Some("ME"),
            &V1,
            SubscriptionState::Active,
        )];
        let plan = make_plan(
            &account(Role::User),
            &existing,
            &[hook(A, &V1)],
            &choices(Scope::User),
        );
        assert_eq!(plan.entries[0].action, Action::Create);
        assert!(plan.entries[0]
            .notes
            .iter()
            .any(|n| n.contains("almost identical")));
    }

    #[test]
    fn admins_are_offered_consolidation_and_it_deletes_mine_first_and_others_after() {
        let existing = [
            sub(
                "S1",
                A,
                Scope::User,
                Some("ME"),
                &[Event::InviteeCreated],
                SubscriptionState::Active,
            ),
            sub(
                "S2",
                A,
                Scope::User,
                Some("U2"),
                &[Event::InviteeCanceled, Event::MeetingRecapCreated],
                SubscriptionState::Active,
            ),
            sub(
                "S3",
                "https://b.example.com/h",
                Scope::User,
                Some("U3"),
                &V1,
                SubscriptionState::Active,
            ),
        ];
        let plan = make_plan(
            &account(Role::Admin),
            &existing,
            &[hook(A, &V1)],
            &choices(Scope::Organization),
        );
        assert_eq!(plan.consolidation_offers.len(), 1);
        let offer = &plan.consolidation_offers[0];
        assert_eq!(offer.url, A);
        assert_eq!(
            offer.events,
            V1.to_vec(),
            "recaps cannot go to the organization"
        );
        // Not accepted: the admin's own personal webhook to this address is in the way
        // (Calendly would answer 409), so the user must choose.
        assert!(matches!(
            plan.entries[0].action,
            Action::ChangeEvents {
                existing_scope: Scope::User,
                decision: Decision::Undecided,
                ..
            }
        ));
        assert!(
            plan.entries[0].why.contains("only one webhook per address"),
            "{}",
            plan.entries[0].why
        );

        let mut c = choices(Scope::Organization);
        c.consolidate = vec![A.into()];
        let plan = make_plan(&account(Role::Admin), &existing, &[hook(A, &V1)], &c);
        assert_eq!(
            plan.entries[0].steps(),
            Some(Steps {
                delete_first: Some(SubscriptionUri::from_id("S1")),
                create: true,
                delete_after: vec![SubscriptionUri::from_id("S2")],
            })
        );
        assert!(plan.entries[0].why.contains("deleted first"));
        assert_eq!(plan.summary().deletions, 2);

        // Members are never offered consolidation.
        assert!(
            make_plan(&account(Role::User), &existing, &[], &choices(Scope::User))
                .consolidation_offers
                .is_empty()
        );
    }

    #[test]
    fn my_disabled_subscription_in_the_other_scope_is_replaced() {
        let existing = [sub(
            "S1",
            A,
            Scope::User,
            Some("ME"),
            &V1,
            SubscriptionState::Disabled,
        )];
        let plan = make_plan(
            &account(Role::Owner),
            &existing,
            &[hook(A, &V1)],
            &choices(Scope::Organization),
        );
        assert_eq!(
            plan.entries[0].action,
            Action::ReplaceDisabled {
                existing: SubscriptionUri::from_id("S1")
            }
        );
        assert_eq!(plan.entries[0].target(), Target::Organization);
    }

    #[test]
    fn the_plan_round_trips_through_json() {
        let existing = [sub(
            "S1",
            A,
            Scope::User,
            Some("ME"),
            &[Event::InviteeCreated],
            SubscriptionState::Active,
        )];
        let plan = make_plan(
            &account(Role::User),
            &existing,
            &[hook(A, &V1), hook("https://b.example.com/x", &[])],
            &choices(Scope::User),
        );
        let json = serde_json::to_string(&plan).unwrap();
        let back: Plan = serde_json::from_str(&json).unwrap();
        assert_eq!(back, plan);
    }

    #[test]
    fn is_fulfilled_by_checks_every_field() {
        let plan = make_plan(
            &account(Role::User),
            &[],
            &[hook(A, &V1)],
            &choices(Scope::User),
        );
        let e = &plan.entries[0];
        let good = sub(
            "S",
            A,
            Scope::User,
            Some("ME"),
            &V1,
            SubscriptionState::Active,
        );
        assert!(e.is_fulfilled_by(&org(), &good));
        assert!(!e.is_fulfilled_by(&OrganizationUri::from_id("X"), &good));
        assert!(!e.is_fulfilled_by(
            &org(),
            &sub(
                "S",
                A,
                Scope::User,
                Some("U2"),
                &V1,
                SubscriptionState::Active
            )
        ));
        assert!(!e.is_fulfilled_by(
            &org(),
            &sub(
                "S",
                A,
                Scope::User,
                Some("ME"),
                &V1,
                SubscriptionState::Disabled
            )
        ));
        assert!(!e.is_fulfilled_by(
            &org(),
            &sub(
                "S",
                A,
                Scope::User,
                Some("ME"),
                &[Event::InviteeCreated],
                SubscriptionState::Active
            )
        ));
        assert!(!e.is_fulfilled_by(
            &org(),
            &sub(
                "S",
                "https://a.example.com/h/",
                Scope::User,
                Some("ME"),
                &V1,
                SubscriptionState::Active
            )
        ));
    }

    /// The set-up of a keep/replace choice: my own webhook to A receives only bookings,
    /// the old webhook had bookings and cancellations.
    fn a_choice_to_make() -> (Account, Vec<WebhookSubscription>, Vec<OldHook>) {
        let existing = vec![sub(
            "S1",
            A,
            Scope::User,
            Some("ME"),
            &[Event::InviteeCreated],
            SubscriptionState::Active,
        )];
        (account(Role::User), existing, vec![hook(A, &V1)])
    }

    #[test]
    fn a_decision_recorded_in_the_choices_is_applied_by_the_plan() {
        let (acct, existing, hooks) = a_choice_to_make();
        let mut c = choices(Scope::User);
        let plan = make_plan(&acct, &existing, &hooks, &c);
        assert!(c.decide(&plan.entries[0], Decision::Replace));
        let plan = make_plan(&acct, &existing, &hooks, &c);
        assert!(matches!(
            plan.entries[0].action,
            Action::ChangeEvents {
                decision: Decision::Replace,
                ..
            }
        ));
        assert!(plan.entries[0].why.contains("You chose to replace"));
        assert!(plan.undecided().is_empty());
    }

    #[test]
    fn consolidate_after_keep_keeps_keep() {
        // As an admin: my organization-wide webhook to A lacks cancellations (a choice to
        // make), and two members have their own webhooks to B (an offer to consolidate).
        let b = "https://b.example.com/h";
        let existing = [
            sub(
                "S1",
                A,
                Scope::Organization,
                None,
                &[Event::InviteeCreated],
                SubscriptionState::Active,
            ),
            sub(
                "S2",
                b,
                Scope::User,
                Some("U2"),
                &V1,
                SubscriptionState::Active,
            ),
            sub(
                "S3",
                b,
                Scope::User,
                Some("U3"),
                &V1,
                SubscriptionState::Active,
            ),
        ];
        let hooks = [hook(A, &V1), hook(b, &V1)];
        let acct = account(Role::Admin);
        let mut c = choices(Scope::Organization);
        let plan = make_plan(&acct, &existing, &hooks, &c);
        assert!(plan.entries[0].needs_decision());
        assert_eq!(plan.consolidation_offers.len(), 1);

        assert!(c.decide(&plan.entries[0], Decision::KeepExisting));
        c.consolidate.push(plan.consolidation_offers[0].url.clone());
        let plan = make_plan(&acct, &existing, &hooks, &c);

        assert!(matches!(
            plan.entries[0].action,
            Action::ChangeEvents {
                decision: Decision::KeepExisting,
                ..
            }
        ));
        assert!(matches!(plan.entries[1].action, Action::Consolidate { .. }));
        assert!(plan.undecided().is_empty());
    }

    #[test]
    fn undecided_takes_a_decision_back() {
        let (acct, existing, hooks) = a_choice_to_make();
        let mut c = choices(Scope::User);
        let plan = make_plan(&acct, &existing, &hooks, &c);
        c.decide(&plan.entries[0], Decision::KeepExisting);
        c.decide(&plan.entries[0], Decision::Undecided);
        assert!(c.decisions.is_empty());
        assert!(make_plan(&acct, &existing, &hooks, &c).entries[0].needs_decision());
    }

    #[test]
    fn a_later_decision_replaces_the_earlier_one() {
        let (acct, existing, hooks) = a_choice_to_make();
        let mut c = choices(Scope::User);
        let plan = make_plan(&acct, &existing, &hooks, &c);
        c.decide(&plan.entries[0], Decision::KeepExisting);
        c.decide(&plan.entries[0], Decision::Replace);
        assert_eq!(c.decisions.len(), 1);
        assert_eq!(
            c.decision(&plan.entries[0].url, Scope::User),
            Decision::Replace
        );
    }

    #[test]
    fn an_entry_without_a_choice_records_no_decision() {
        let mut c = choices(Scope::User);
        let plan = make_plan(&account(Role::User), &[], &[hook(A, &V1)], &c);
        assert!(!c.decide(&plan.entries[0], Decision::KeepExisting));
        assert!(c.decisions.is_empty());
    }

    #[test]
    fn a_decision_for_the_other_scope_does_not_apply() {
        let (acct, existing, hooks) = a_choice_to_make();
        let mut c = choices(Scope::User);
        let plan = make_plan(&acct, &existing, &hooks, &c);
        c.decide(&plan.entries[0], Decision::KeepExisting);
        assert_eq!(
            c.decision(&plan.entries[0].url, Scope::Organization),
            Decision::Undecided
        );
    }

    #[test]
    fn decisions_round_trip_through_json() {
        let (acct, existing, hooks) = a_choice_to_make();
        let mut c = choices(Scope::User);
        c.decide(
            &make_plan(&acct, &existing, &hooks, &c).entries[0],
            Decision::KeepExisting,
        );
        let back: Choices = serde_json::from_str(&serde_json::to_string(&c).unwrap()).unwrap();
        assert_eq!(back, c);
        let older: Choices =
            serde_json::from_str(r#"{"scope": "user", "consolidate": []}"#).unwrap();
        assert!(older.decisions.is_empty());
    }

    #[test]
    fn keep_says_which_events_the_kept_webhook_will_not_report() {
        let (acct, existing, hooks) = a_choice_to_make();
        let mut c = choices(Scope::User);
        let plan = make_plan(&acct, &existing, &hooks, &c);
        assert!(
            plan.entries[0].why.contains(
                "keep the existing webhook (then it will not report \"Someone cancels\")"
            ),
            "{}",
            plan.entries[0].why
        );
        c.decide(&plan.entries[0], Decision::KeepExisting);
        let why = &make_plan(&acct, &existing, &hooks, &c).entries[0].why;
        assert!(
            why.ends_with("You chose to keep the existing webhook as it is, so it will not report \"Someone cancels\"."),
            "{why}"
        );
    }

    #[test]
    fn keeping_a_personal_webhook_says_it_reports_only_your_own_bookings() {
        // An owner wants A for the whole organization; their own personal webhook to A
        // (bookings only) is in the way.
        let existing = [sub(
            "S1",
            A,
            Scope::User,
            Some("ME"),
            &[Event::InviteeCreated],
            SubscriptionState::Active,
        )];
        let mut c = choices(Scope::Organization);
        let plan = make_plan(&account(Role::Owner), &existing, &[hook(A, &V1)], &c);
        c.decide(&plan.entries[0], Decision::KeepExisting);
        let why = &make_plan(&account(Role::Owner), &existing, &[hook(A, &V1)], &c).entries[0].why;
        assert!(
            why.contains(
                "so it will report only your own bookings, not everyone's bookings in your organization, and it will \
                 not report \"Someone cancels\"."
            ),
            "{why}"
        );
    }

    #[test]
    fn an_existing_subscription_written_another_way_is_the_same_address() {
        // Created elsewhere with upper-case letters and the default port; the old webhook
        // as typed here. Both serialise to https://a.example.com/h.
        let existing = [sub(
            "S1",
            "https://A.Example.com:443/h",
            Scope::User,
            Some("ME"),
            &V1,
            SubscriptionState::Active,
        )];
        let plan = make_plan(
            &account(Role::User),
            &existing,
            &[hook("https://a.example.COM/h", &V1)],
            &choices(Scope::User),
        );
        assert!(matches!(plan.entries[0].action, Action::AlreadyDone { .. }));
        assert!(plan.entries[0].is_fulfilled_by(&org(), &existing[0]));
    }

    #[test]
    fn markup_in_an_address_is_compared_in_its_encoded_form() {
        let typed = "https://hooks.example.com/b\"><script>alert(2)</script>";
        let plan = make_plan(
            &account(Role::User),
            &[],
            &[hook(typed, &V1)],
            &choices(Scope::User),
        );
        let e = &plan.entries[0];
        assert_eq!(
            e.url.as_str(),
            "https://hooks.example.com/b%22%3E%3Cscript%3Ealert(2)%3C/script%3E"
        );
        // Calendly stores what was sent (the encoded form); a listing showing it as typed
        // is the same address too.
        for stored in [e.url.as_str(), typed] {
            let s = sub(
                "S",
                stored,
                Scope::User,
                Some("ME"),
                &V1,
                SubscriptionState::Active,
            );
            assert!(e.is_fulfilled_by(&org(), &s), "{stored}");
        }
    }

    #[test]
    fn consolidation_groups_personal_webhooks_by_serialised_address() {
        let existing = [
            sub(
                "S2",
                "https://B.example.com/h",
                Scope::User,
                Some("U2"),
                &V1,
                SubscriptionState::Active,
            ),
            sub(
                "S3",
                "https://b.example.com:443/h",
                Scope::User,
                Some("U3"),
                &V1,
                SubscriptionState::Active,
            ),
        ];
        let plan = make_plan(
            &account(Role::Admin),
            &existing,
            &[],
            &choices(Scope::Organization),
        );
        assert_eq!(plan.consolidation_offers.len(), 1);
        assert_eq!(plan.consolidation_offers[0].url, "https://b.example.com/h");
    }

    #[test]
    fn an_event_the_plan_rules_out_gets_the_pickers_reason() {
        let mut acct = account(Role::Owner);
        acct.plan_features = Some(vec![]);
        acct.granted_scopes = Some(vec![
            TokenScope::USERS_READ,
            TokenScope::ORGANIZATIONS_READ,
            TokenScope::WEBHOOKS_WRITE,
            TokenScope::SCHEDULED_EVENTS_READ,
            TokenScope::ROUTING_FORMS_READ,
        ]);
        let events = [
            Event::InviteeCreated,
            Event::RoutingFormSubmissionCreated,
            Event::MeetingRecapCreated,
            Event::ContactCreated,
        ];
        let plan = make_plan(
            &acct,
            &[],
            &[hook(A, &events)],
            &choices(Scope::Organization),
        );
        for e in &plan.entries {
            if let Action::CannotDo { .. } = e.action {
                assert_eq!(e.events.len(), 1, "{:?}", e.events);
                let picker = crate::events::eligibility(&e.events[0], Scope::Organization, &acct);
                assert_eq!(picker, crate::events::Eligibility::Ruled(e.why.clone()));
            }
        }
        assert_eq!(plan.entries.len(), 4);
        let created = plan
            .entries
            .iter()
            .find(|e| e.action == Action::Create)
            .unwrap();
        assert_eq!(created.events, vec![Event::InviteeCreated]);
    }
}
