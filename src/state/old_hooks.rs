//! The old-webhooks step's part of the wizard: what the user types and chooses there,
//! kept in the state (never in the screen) so that Back, Forward and a reload lose
//! nothing, and every change goes through the core: the list is the core's
//! [`OldHookList`] (merging, look-alikes, order, notes), and what may be picked is the
//! core's [`eligibility`] rule. The screen shows this and sends [`Edit`]s.
//!
//! Next adds an address still typed in the form (or stops, with the reason at the field),
//! then makes the plan from the list and the choices.

use calendly::{Event, Scope};
use migration::events::eligibility;
use migration::old_hooks::{HookRefusal, PasteOutcome};
use migration::plan::Choices;
use migration::practice;
use serde::{Deserialize, Serialize};

use super::State;

/// Why a scope was chosen for the user before they chose one.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ScopeReason {
    /// The account already has a webhook for the whole organization.
    OrganizationWebhookExists,
    /// Each old (v1) webhook belonged to one person.
    EachOldWebhookWasPersonal,
}

/// What the user has typed and chosen on the old-webhooks screen.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OldHooksForm {
    /// The address typed into the "Add one webhook" form, not yet added.
    pub url: String,
    /// The events ticked in that form.
    pub form_events: Vec<Event>,
    /// Why the form's last address (or its events) could not be added.
    pub problem: Option<HookRefusal>,
    /// The text in the paste box (kept after reading, so refused lines can be mended).
    pub paste: String,
    /// The paste box holds text that has not been read yet.
    pub paste_unread: bool,
    /// What the last "Read the list" found.
    pub pasted: Option<PasteOutcome>,
    /// The list's status line ("Added … to your list.").
    pub status: String,
    /// Whose bookings the new webhooks report; `None` until the screen first opens.
    pub scope: Option<Scope>,
    /// The scope chosen for the user, and why, while it is the one selected.
    pub preselected: Option<(Scope, ScopeReason)>,
    /// Keep each old webhook's own events (or use `picked` for all of them).
    pub keep_events: bool,
    /// The events picked for all new webhooks (kept while "keep" is chosen, so switching
    /// back restores them).
    pub picked: Vec<Event>,
}

impl Default for OldHooksForm {
    fn default() -> Self {
        OldHooksForm {
            url: String::new(),
            form_events: Event::V1.to_vec(),
            problem: None,
            paste: String::new(),
            paste_unread: false,
            pasted: None,
            status: String::new(),
            scope: None,
            preselected: None,
            keep_events: true,
            picked: Event::V1.to_vec(),
        }
    }
}

/// One change on the old-webhooks screen.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Edit {
    TypeAddress(String),
    TickFormEvent(Event, bool),
    /// "Add": the typed address and ticked events into the list.
    AddFromForm,
    /// "Did you mean https://…?": put the suggested address in the form and add it.
    UseSuggestion,
    TypePaste(String),
    /// "Read the list".
    ReadPaste,
    /// "Remove" on the list entry at this index.
    Remove(usize),
    ChooseScope(Scope),
    KeepEvents(bool),
    PickEvents(Vec<Event>),
}

impl State {
    /// The scope to start with, and why: each v1 webhook belonged to one person, so "only
    /// my own bookings" does what the old ones did; but when the account already has an
    /// organization-wide webhook, the user has evidently chosen that way before.
    pub(super) fn first_scope(&self) -> (Scope, Option<ScopeReason>) {
        let Some(account) = &self.account else {
            return (Scope::User, None);
        };
        let discovery = &account.discovery;
        if !discovery.scopes.contains(&Scope::Organization) {
            return (Scope::User, None);
        }
        if discovery
            .existing
            .iter()
            .any(|s| s.scope == Scope::Organization)
        {
            (
                Scope::Organization,
                Some(ScopeReason::OrganizationWebhookExists),
            )
        } else {
            (Scope::User, Some(ScopeReason::EachOldWebhookWasPersonal))
        }
    }

    /// Open the old-webhooks screen: the first time, with the scope chosen for the user.
    pub(super) fn open_old_hooks(&self) -> State {
        let mut next = self.at(super::Step::OldHooks);
        if next.old_hooks.scope.is_none() {
            let (scope, reason) = self.first_scope();
            next.old_hooks.scope = Some(scope);
            next.old_hooks.preselected = reason.map(|r| (scope, r));
        }
        next
    }

    /// The scope chosen on the old-webhooks screen.
    pub fn chosen_scope(&self) -> Scope {
        self.old_hooks.scope.unwrap_or_else(|| self.first_scope().0)
    }

    /// The picked events that may be used for the chosen scope on this account (the
    /// others stay picked but are not used).
    pub fn usable_picked(&self) -> Vec<Event> {
        let Some(account) = &self.account else {
            return Vec::new();
        };
        let scope = self.chosen_scope();
        self.old_hooks
            .picked
            .iter()
            .filter(|e| eligibility(e, scope, &account.discovery.account).can_choose())
            .cloned()
            .collect()
    }

    /// The events the new webhooks will send, across the list: each old webhook's own, or
    /// the picked ones.
    pub fn events_in_use(&self) -> Vec<Event> {
        if self.old_hooks.keep_events {
            self.hooks.events_in_use()
        } else {
            self.usable_picked()
        }
    }

    /// Why Next cannot make a plan yet, if it cannot. An address typed in the form counts:
    /// Next adds it.
    pub fn old_hooks_blocker(&self) -> Option<&'static str> {
        if self.hooks.is_empty() && self.old_hooks.url.trim().is_empty() {
            Some(
                "Add at least one old webhook to your list first: type its address and press Add, or paste \
                 a list and press Read the list.",
            )
        } else if !self.old_hooks.keep_events && self.usable_picked().is_empty() {
            Some(
                "Tick at least one event for the new webhooks, or choose to keep each old webhook's events.",
            )
        } else {
            None
        }
    }

    /// Typed on the old-webhooks screen but not used yet (not added, not read).
    pub fn unused_typing(&self) -> bool {
        (!self.old_hooks.url.trim().is_empty() && self.old_hooks.problem.is_none())
            || (self.old_hooks.paste_unread && !self.old_hooks.paste.trim().is_empty())
    }

    /// The choices the plan is made with: the screen's scope and events, and the choices
    /// made on the plan screen (combinations, keep or replace), which re-planning keeps.
    pub(super) fn choices_from_form(&self) -> Choices {
        let mut choices = self
            .choices
            .clone()
            .unwrap_or_else(|| Choices::new(self.chosen_scope()));
        choices.scope = self.chosen_scope();
        choices.events = (!self.old_hooks.keep_events).then(|| self.usable_picked());
        choices
    }

    /// One change on the old-webhooks screen. A plan already made follows the change.
    pub(super) fn edit_old_hooks(&self, edit: Edit) -> State {
        let mut next = self.clone();
        let form = &mut next.old_hooks;
        match edit {
            Edit::TypeAddress(text) => {
                form.url = text;
                // A refusal is about what was there when Add was pressed.
                if matches!(form.problem, Some(ref p) if *p != HookRefusal::NoEventsTicked) {
                    form.problem = None;
                }
            }
            Edit::TickFormEvent(event, on) => {
                form.form_events.retain(|e| *e != event);
                if on {
                    form.form_events.push(event);
                    if form.problem == Some(HookRefusal::NoEventsTicked) {
                        form.problem = None;
                    }
                }
                form.form_events = migration::events::calendly_order(form.form_events.drain(..));
            }
            Edit::AddFromForm => {
                next.add_from_form();
            }
            Edit::UseSuggestion => {
                let suggestion = form
                    .problem
                    .as_ref()
                    .and_then(|p| p.suggestion())
                    .map(str::to_owned);
                if let Some(suggestion) = suggestion {
                    form.url = suggestion;
                    next.add_from_form();
                }
            }
            Edit::TypePaste(text) => {
                form.paste = text;
                form.paste_unread = true;
            }
            Edit::ReadPaste => {
                let outcome = next.hooks.add_pasted(&next.old_hooks.paste);
                let form = &mut next.old_hooks;
                form.paste_unread = false;
                // The summary below the box says what was added; an older line here
                // would only confuse.
                form.status = String::new();
                form.pasted = Some(outcome);
            }
            Edit::Remove(index) => {
                if let Some(removed) = next.hooks.remove(index) {
                    next.old_hooks.status = removed.message();
                }
            }
            Edit::ChooseScope(scope) => {
                form.scope = Some(scope);
                if form.preselected.is_some_and(|(s, _)| s != scope) {
                    form.preselected = None;
                }
            }
            Edit::KeepEvents(keep) => form.keep_events = keep,
            Edit::PickEvents(events) => form.picked = events,
        }
        next.refresh_plan();
        next
    }

    /// The form's address and events into the list; on refusal, the reason stays at the
    /// field and what was typed stays in it. True when it was added.
    fn add_from_form(&mut self) -> bool {
        let form = &mut self.old_hooks;
        let receiver = self
            .account
            .as_ref()
            .and_then(|a| a.practice_receiver.as_ref());
        match practice::add_form(&mut self.hooks, &form.url, &form.form_events, receiver) {
            Ok(added) => {
                form.status = added.message();
                form.url = String::new();
                form.form_events = Event::V1.to_vec();
                form.problem = None;
                true
            }
            Err(refusal) => {
                form.problem = Some(refusal);
                false
            }
        }
    }

    /// Next on the old-webhooks screen: an address still in the form is added first (or
    /// Next stops, with the reason at the field); then the plan is made.
    pub(super) fn old_hooks_next(&self) -> State {
        let mut next = self.clone();
        if !next.old_hooks.url.trim().is_empty() && !next.add_from_form() {
            return next;
        }
        if next.old_hooks_blocker().is_some() {
            return next;
        }
        let choices = next.choices_from_form();
        let Some(plan) = next.plan_for(next.hooks.hooks(), &choices) else {
            return next;
        };
        next.choices = Some(choices);
        next.plan = Some(plan);
        next.step = super::Step::Plan;
        next
    }

    /// Once made, the plan follows every change of the list and choices (and goes when
    /// the list no longer makes one), so Forward never shows a stale plan.
    pub(super) fn refresh_plan(&mut self) {
        if self.plan.is_none() || self.run.is_some() {
            return;
        }
        if self.hooks.is_empty() || self.old_hooks_blocker().is_some() {
            self.plan = None;
            return;
        }
        let choices = self.choices_from_form();
        self.plan = self.plan_for(self.hooks.hooks(), &choices);
        self.choices = Some(choices);
    }
}
