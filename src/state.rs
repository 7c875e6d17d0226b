//! The wizard as a pure state machine: a [`State`], the [`Action`]s that change it, and
//! [`State::reduce`]. No web dependency, so every transition is tested with `cargo test`.
//! Effects (network, storage) happen in components, which only send actions here.
//!
//! The state holds no secret: the token and the signing key live in the page's memory
//! ([`crate::connection::Session`]), so the whole state can be saved for a reload. After a
//! reload the user pastes the token again and continues where they were
//! ([`Action::Restore`]).

use migration::account::Discovery;
use migration::executor::RunState;
use migration::old_hooks::OldHook;
use migration::plan::{make_plan, Choices, Decision, Plan};
use serde::{Deserialize, Serialize};

/// Which way the user is going: their own Calendly account, or the practice account that
/// runs entirely in this page.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Mode {
    Live,
    Practice,
}

/// The screens, in order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Step {
    Welcome,
    /// Paste a personal access token (live mode only).
    Token,
    /// Who you are, your organization and your role.
    Account,
    /// The webhook subscriptions that already exist, and how they are doing.
    Existing,
    /// The old webhooks to move, and the choices (scope, events).
    OldHooks,
    /// What will happen, entry by entry; the signing key; start.
    Plan,
    /// Creating the subscriptions, with progress.
    Run,
    /// The report and the next steps for the receiving server.
    Done,
}

impl Step {
    /// The steps a user walks through after choosing a way, for the progress indicator.
    pub const JOURNEY: [Step; 6] = [
        Step::Account,
        Step::Existing,
        Step::OldHooks,
        Step::Plan,
        Step::Run,
        Step::Done,
    ];

    /// A short name for the progress indicator.
    pub fn title(self) -> &'static str {
        match self {
            Step::Welcome => "Welcome",
            Step::Token => "Connect",
            Step::Account => "Your account",
            Step::Existing => "Existing webhooks",
            Step::OldHooks => "Old webhooks",
            Step::Plan => "Review the plan",
            Step::Run => "Create",
            Step::Done => "Report",
        }
    }
}

/// The signed-in account: who, which organization and role, and every subscription the
/// role can see (from `migration::account::discover`). Holds no token.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignedIn {
    pub discovery: Discovery,
    /// The requests travel through this site's relay (the browser could not reach
    /// Calendly directly).
    pub via_relay: bool,
}

/// An error as every screen shows it: what happened and what to do.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UiError {
    pub message: String,
    pub next_step: String,
}

/// Anything the page waits for. Never a pair of booleans.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Remote<T> {
    Idle,
    Loading,
    Ready(T),
    Failed(UiError),
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct State {
    pub step: Step,
    pub mode: Option<Mode>,
    pub account: Option<SignedIn>,
    /// The old webhooks the user entered and the assistant accepted.
    pub hooks: Vec<OldHook>,
    /// Scope, events and consolidations chosen for the new subscriptions.
    pub choices: Option<Choices>,
    /// Made from the account, the hooks and the choices; decisions are recorded in it.
    pub plan: Option<Plan>,
    /// The executor's state once the user started it.
    pub run: Option<RunState>,
    /// After a reload: the step to return to once the user has connected again.
    pub resume: Option<Step>,
}

impl Default for State {
    fn default() -> Self {
        State {
            step: Step::Welcome,
            mode: None,
            account: None,
            hooks: Vec::new(),
            choices: None,
            plan: None,
            run: None,
            resume: None,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Action {
    UseMyAccount,
    Practice,
    SignedIn(SignedIn),
    /// Forward from the account or the existing-webhooks screen.
    Next,
    Back,
    /// The old webhooks and choices are complete: make the plan.
    HooksChosen {
        hooks: Vec<OldHook>,
        choices: Choices,
    },
    /// The user's choice for an address that already has a subscription with other events.
    Decide {
        entry: usize,
        decision: Decision,
    },
    /// Fold (or not) the per-user subscriptions at this address into one organization-wide one.
    Consolidate {
        url: String,
        yes: bool,
    },
    /// The user started the plan (the run state knows which signing key it uses).
    StartRun(RunState),
    /// The executor changed something.
    RunUpdated(RunState),
    /// Every entry of the run is final: show the report.
    Finished,
    /// A state saved before a reload (live mode only).
    Restore(Box<State>),
    StartOver,
}

impl State {
    /// The next state. Actions that make no sense where the user is leave it unchanged.
    pub fn reduce(&self, action: Action) -> State {
        match (self.step, action) {
            (Step::Welcome, Action::UseMyAccount) => State {
                step: Step::Token,
                mode: Some(Mode::Live),
                ..State::default()
            },
            (Step::Welcome, Action::Practice) => State {
                step: Step::Account,
                mode: Some(Mode::Practice),
                ..State::default()
            },
            (Step::Token | Step::Account, Action::SignedIn(account)) => self.signed_in(account),
            (Step::Account, Action::Next) if self.account.is_some() => self.at(Step::Existing),
            (Step::Existing, Action::Next) => self.at(Step::OldHooks),
            (Step::OldHooks, Action::HooksChosen { hooks, choices }) => {
                let Some(plan) = self.plan_for(&hooks, &choices) else {
                    return self.clone();
                };
                State {
                    step: Step::Plan,
                    hooks,
                    choices: Some(choices),
                    plan: Some(plan),
                    ..self.clone()
                }
            }
            (Step::Plan, Action::Decide { entry, decision }) => {
                let mut next = self.clone();
                if let Some(plan) = next.plan.as_mut() {
                    plan.decide(entry, decision);
                }
                next
            }
            (Step::Plan, Action::Consolidate { url, yes }) => {
                let Some(mut choices) = self.choices.clone() else {
                    return self.clone();
                };
                choices.consolidate.retain(|u| *u != url);
                if yes {
                    choices.consolidate.push(url);
                }
                match self.plan_for(&self.hooks, &choices) {
                    Some(plan) => State {
                        choices: Some(choices),
                        plan: Some(plan),
                        ..self.clone()
                    },
                    None => self.clone(),
                }
            }
            // A plan with open choices does not run, whatever the screen allowed.
            (Step::Plan, Action::StartRun(run)) if run.plan.undecided().is_empty() => State {
                step: Step::Run,
                run: Some(run),
                ..self.clone()
            },
            (Step::Run, Action::RunUpdated(run)) => State {
                run: Some(run),
                ..self.clone()
            },
            // The report also covers entries that failed for good, with what to do.
            (Step::Run, Action::Finished)
                if self
                    .run
                    .as_ref()
                    .is_some_and(|run| run.entries.iter().all(|e| e.status.is_final())) =>
            {
                self.at(Step::Done)
            }
            (_, Action::Restore(saved))
                if self.step == Step::Welcome && saved.mode == Some(Mode::Live) =>
            {
                // The token was not saved: connect again, then continue where the user was.
                let resume = (saved.step > Step::Account).then_some(saved.step);
                State {
                    step: Step::Token,
                    account: None,
                    resume,
                    ..*saved
                }
            }
            (step, Action::Back) => self.back_from(step),
            (_, Action::StartOver) => State::default(),
            _ => self.clone(),
        }
    }

    fn at(&self, step: Step) -> State {
        State {
            step,
            ..self.clone()
        }
    }

    fn plan_for(&self, hooks: &[OldHook], choices: &Choices) -> Option<Plan> {
        let discovery = &self.account.as_ref()?.discovery;
        Some(make_plan(
            &discovery.account,
            &discovery.existing,
            hooks,
            choices,
        ))
    }

    /// After (re)connecting. A resumed migration continues only for the same user and
    /// organization; for anyone else it starts afresh from the account.
    fn signed_in(&self, account: SignedIn) -> State {
        let same_account = self.plan.as_ref().is_none_or(|plan| {
            plan.user == account.discovery.account.user
                && plan.organization == account.discovery.account.organization
        });
        match self.resume {
            Some(step) if same_account => State {
                step,
                account: Some(account),
                resume: None,
                ..self.clone()
            },
            _ => State {
                step: Step::Account,
                mode: self.mode,
                account: Some(account),
                ..State::default()
            },
        }
    }

    fn back_from(&self, step: Step) -> State {
        match step {
            Step::Token => State::default(),
            Step::Account => match self.mode {
                Some(Mode::Live) => State {
                    step: Step::Token,
                    mode: self.mode,
                    ..State::default()
                },
                _ => State::default(),
            },
            Step::Existing => self.at(Step::Account),
            Step::OldHooks => self.at(Step::Existing),
            // The hooks and choices stay, so going back to change them loses nothing.
            Step::Plan => State {
                step: Step::OldHooks,
                plan: None,
                ..self.clone()
            },
            // A run cannot be undone by going back; after it, only "start over".
            Step::Welcome | Step::Run | Step::Done => self.clone(),
        }
    }
}

#[cfg(test)]
mod tests {
    use calendly::{Event, Scope};
    use migration::old_hooks::from_form;

    use super::*;

    const JANE: &str = "https://api.calendly.com/users/AAAAAAAAAAAAAAAA";
    const ORG: &str = "https://api.calendly.com/organizations/BBBBBBBBBBBBBBBB";

    fn signed_in(user: &str) -> SignedIn {
        let user = serde_json::json!({
            "uri": user,
            "name": "Jane Host",
            "email": "jane@example.com",
            "current_organization": ORG
        });
        let discovery = serde_json::json!({
            "user": user,
            "account": { "user": user["uri"], "organization": ORG, "role": "owner" },
            "scopes": ["organization", "user"],
            "existing": []
        });
        SignedIn {
            discovery: serde_json::from_value(discovery).unwrap(),
            via_relay: false,
        }
    }

    fn jane() -> SignedIn {
        signed_in(JANE)
    }

    fn hooks() -> Vec<OldHook> {
        vec![from_form(
            "https://hooks.example.com/calendly",
            &[Event::InviteeCreated],
        )
        .unwrap()]
    }

    fn choices() -> Choices {
        Choices {
            scope: Scope::User,
            events: None,
            consolidate: Vec::new(),
            decisions: Vec::new(),
        }
    }

    /// Signed in with the live account, at the old-webhooks screen.
    fn at_old_hooks() -> State {
        State::default()
            .reduce(Action::UseMyAccount)
            .reduce(Action::SignedIn(jane()))
            .reduce(Action::Next)
            .reduce(Action::Next)
    }

    fn at_plan() -> State {
        at_old_hooks().reduce(Action::HooksChosen {
            hooks: hooks(),
            choices: choices(),
        })
    }

    #[test]
    fn the_assistant_opens_on_the_welcome_screen() {
        assert_eq!(State::default().step, Step::Welcome);
    }

    #[test]
    fn using_my_account_asks_for_a_token() {
        let state = State::default().reduce(Action::UseMyAccount);
        assert_eq!((state.step, state.mode), (Step::Token, Some(Mode::Live)));
    }

    #[test]
    fn practice_needs_no_token() {
        let state = State::default().reduce(Action::Practice);
        assert_eq!(
            (state.step, state.mode),
            (Step::Account, Some(Mode::Practice))
        );
    }

    #[test]
    fn signing_in_shows_the_account() {
        let state = State::default()
            .reduce(Action::UseMyAccount)
            .reduce(Action::SignedIn(jane()));
        assert_eq!(state.step, Step::Account);
        assert_eq!(state.account, Some(jane()));
    }

    #[test]
    fn the_steps_follow_in_order() {
        let state = at_old_hooks();
        assert_eq!(state.step, Step::OldHooks);
        let state = state.reduce(Action::HooksChosen {
            hooks: hooks(),
            choices: choices(),
        });
        assert_eq!(state.step, Step::Plan);
        let plan = state.plan.clone().expect("a plan was made");
        assert_eq!(plan.entries.len(), 1);
        let state = state.reduce(Action::StartRun(RunState::new(plan, None)));
        assert_eq!(state.step, Step::Run);
    }

    #[test]
    fn next_without_an_account_stays_put() {
        let state = State::default().reduce(Action::Practice);
        assert_eq!(state.reduce(Action::Next), state);
    }

    #[test]
    fn back_from_the_account_forgets_it_and_asks_for_the_token_again() {
        let state = State::default()
            .reduce(Action::UseMyAccount)
            .reduce(Action::SignedIn(jane()))
            .reduce(Action::Back);
        assert_eq!(state.step, Step::Token);
        assert_eq!(state.account, None);
    }

    #[test]
    fn back_from_practice_returns_to_welcome() {
        assert_eq!(
            State::default()
                .reduce(Action::Practice)
                .reduce(Action::Back),
            State::default()
        );
    }

    #[test]
    fn back_from_the_plan_keeps_the_hooks_and_choices() {
        let state = at_plan().reduce(Action::Back);
        assert_eq!(state.step, Step::OldHooks);
        assert_eq!(state.hooks, hooks());
        assert_eq!(state.choices, Some(choices()));
        assert_eq!(state.plan, None);
    }

    #[test]
    fn there_is_no_going_back_from_a_run() {
        let state = at_plan();
        let plan = state.plan.clone().unwrap();
        let running = state.reduce(Action::StartRun(RunState::new(plan, None)));
        assert_eq!(running.reduce(Action::Back), running);
    }

    #[test]
    fn the_report_waits_until_every_entry_is_final() {
        let state = at_plan();
        let plan = state.plan.clone().unwrap();
        let running = state.reduce(Action::StartRun(RunState::new(plan, None)));
        assert_eq!(
            running.reduce(Action::Finished).step,
            Step::Run,
            "nothing has run yet"
        );
    }

    #[test]
    fn a_plan_with_open_choices_does_not_start() {
        let existing = serde_json::json!({
            "uri": "https://api.calendly.com/webhook_subscriptions/S1",
            "callback_url": "https://hooks.example.com/calendly",
            "created_at": "2026-01-01T00:00:00.000000Z",
            "updated_at": "2026-01-01T00:00:00.000000Z",
            "retry_started_at": null,
            "state": "active",
            "events": ["invitee.canceled"],
            "scope": "user",
            "organization": ORG,
            "user": JANE,
            "group": null,
            "creator": JANE
        });
        let mut account = jane();
        account
            .discovery
            .existing
            .push(serde_json::from_value(existing).unwrap());
        let state = State::default()
            .reduce(Action::UseMyAccount)
            .reduce(Action::SignedIn(account))
            .reduce(Action::Next)
            .reduce(Action::Next)
            .reduce(Action::HooksChosen {
                hooks: hooks(),
                choices: choices(),
            });
        let plan = state.plan.clone().unwrap();
        assert_eq!(
            plan.undecided().len(),
            1,
            "same address, other events: the user must choose"
        );
        assert_eq!(
            state
                .reduce(Action::StartRun(RunState::new(plan.clone(), None)))
                .step,
            Step::Plan
        );
        let decided = state.reduce(Action::Decide {
            entry: plan.entries[0].id,
            decision: Decision::KeepExisting,
        });
        let plan = decided.plan.clone().unwrap();
        assert_eq!(
            decided
                .reduce(Action::StartRun(RunState::new(plan, None)))
                .step,
            Step::Run
        );
    }

    #[test]
    fn a_sign_in_on_the_welcome_screen_is_ignored() {
        assert_eq!(
            State::default().reduce(Action::SignedIn(jane())),
            State::default()
        );
    }

    #[test]
    fn the_saved_state_holds_no_secret_and_survives_a_round_trip() {
        let state = at_plan();
        let saved = serde_json::to_string(&state).unwrap();
        assert!(!saved.to_lowercase().contains("token"), "{saved}");
        assert_eq!(serde_json::from_str::<State>(&saved).unwrap(), state);
    }

    #[test]
    fn after_a_reload_the_user_connects_again_and_returns_to_the_same_step() {
        let saved = at_plan();
        let state = State::default().reduce(Action::Restore(Box::new(saved.clone())));
        assert_eq!(state.step, Step::Token);
        assert_eq!(state.account, None, "the account is read again");
        let state = state.reduce(Action::SignedIn(jane()));
        assert_eq!(state.step, Step::Plan);
        assert_eq!(state.plan, saved.plan);
        assert_eq!(state.resume, None);
    }

    #[test]
    fn a_different_account_after_a_reload_starts_afresh() {
        let state = State::default().reduce(Action::Restore(Box::new(at_plan())));
        let other = signed_in("https://api.calendly.com/users/CCCCCCCCCCCCCCCC");
        let state = state.reduce(Action::SignedIn(other.clone()));
        assert_eq!(state.step, Step::Account);
        assert_eq!(state.plan, None);
        assert_eq!(state.account, Some(other));
    }

    #[test]
    fn practice_is_never_restored() {
        let mut saved = at_plan();
        saved.mode = Some(Mode::Practice);
        assert_eq!(
            State::default().reduce(Action::Restore(Box::new(saved))),
            State::default()
        );
    }

    #[test]
    fn start_over_forgets_everything() {
        assert_eq!(at_plan().reduce(Action::StartOver), State::default());
    }
}
