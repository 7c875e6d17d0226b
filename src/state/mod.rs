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
use migration::old_hooks::{OldHook, OldHookList};
use migration::plan::{make_plan, Choices, Decision, Plan};
use migration::practice::PracticeReceiver;
use serde::{Deserialize, Serialize};

pub mod old_hooks;

pub use old_hooks::{Edit, OldHooksForm, ScopeReason};

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

    /// Where the step is in the journey ("Step 3 of 6"), for the steps that are part of
    /// it: `(n, of)`.
    pub fn position(self) -> Option<(usize, usize)> {
        let n = Step::JOURNEY.iter().position(|s| *s == self)?;
        Some((n + 1, Step::JOURNEY.len()))
    }

    /// The browser tab's title on this step: "Step 3 of 6: Old webhooks — Calendly
    /// webhook assistant".
    pub fn page_title(self) -> String {
        const APP: &str = "Calendly webhook assistant";
        match (self, self.position()) {
            (Step::Welcome, _) => format!("Welcome \u{2014} {APP}"),
            (_, Some((n, of))) => format!("Step {n} of {of}: {} \u{2014} {APP}", self.title()),
            (_, None) => format!("{} \u{2014} {APP}", self.title()),
        }
    }

    /// A short name for the progress indicator.
    pub fn title(self) -> &'static str {
        match self {
            Step::Welcome => "Welcome",
            Step::Token => "Connect your account",
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
    /// Signed in to the live simulator on this computer (the page's `?api=`): its
    /// practice receiver is then an accepted address (test mode only).
    #[serde(default)]
    pub practice_receiver: Option<PracticeReceiver>,
    /// What kind of token was used (from triage; no secret), so that a refusal later is
    /// worded for it: a personal access token is made again, an OAuth token signed in
    /// again for.
    #[serde(default)]
    pub token_kind: Option<migration::token::TokenKind>,
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
    pub hooks: OldHookList,
    /// What is typed and chosen on the old-webhooks screen, not yet in the list or plan.
    #[serde(default)]
    pub old_hooks: OldHooksForm,
    /// Scope, events and consolidations chosen for the new subscriptions.
    pub choices: Option<Choices>,
    /// Made from the account, the hooks and the choices; decisions are recorded in it.
    pub plan: Option<Plan>,
    /// The executor's state once the user started it.
    pub run: Option<RunState>,
    /// After a reload: the step to return to once the user has connected again.
    pub resume: Option<Step>,
    /// Practice mode: which pretend account (a simulator scenario) is in use.
    #[serde(default)]
    pub practice_account: Option<String>,
    /// When the run finished (ISO 8601, UTC, from the browser): the report's date.
    #[serde(default)]
    pub finished_at: Option<String>,
}

impl Default for State {
    fn default() -> Self {
        State {
            step: Step::Welcome,
            mode: None,
            account: None,
            hooks: OldHookList::default(),
            old_hooks: OldHooksForm::default(),
            choices: None,
            plan: None,
            run: None,
            resume: None,
            practice_account: None,
            finished_at: None,
        }
    }
}

/// The pretend account practice mode starts with.
pub const FIRST_PRACTICE_ACCOUNT: &str = "solo";

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Action {
    UseMyAccount,
    Practice,
    /// Practice with another pretend account (a simulator scenario): starts afresh.
    SwitchPractice(String),
    SignedIn(Box<SignedIn>),
    /// The browser's Back or Forward (or a typed address) asks for this step. Allowed
    /// only where [`State::can_visit`] says so; nothing is forgotten on the way.
    Visit(Step),
    /// Forward from the account or the existing-webhooks screen.
    Next,
    Back,
    /// A change on the old-webhooks screen.
    OldHooks(Edit),
    /// The old webhooks and choices, given whole (as a saved list would be): make the plan.
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
    /// Every entry of the run is final: show the report. `at` is the time, as the
    /// browser gives it (ISO 8601, UTC); the report is dated with it.
    Finished {
        at: String,
    },
    /// The plan has nothing to write (everything is in place, or kept): finish without
    /// a run, and show the report. `at` as for `Finished`.
    FinishWithoutChanges {
        at: String,
    },
    /// Calendly refused these events of one webhook (its plan lacks them): create it
    /// without them. The run continues from there.
    DropEvents {
        entry: usize,
        events: Vec<calendly::Event>,
    },
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
                practice_account: Some(FIRST_PRACTICE_ACCOUNT.to_owned()),
                ..State::default()
            },
            (Step::Account, Action::SwitchPractice(scenario))
                if self.mode == Some(Mode::Practice) =>
            {
                State {
                    step: Step::Account,
                    mode: Some(Mode::Practice),
                    practice_account: Some(scenario),
                    ..State::default()
                }
            }
            (_, Action::Visit(step)) if self.can_visit(step) => self.visit(step),
            (Step::Token | Step::Account, Action::SignedIn(account)) => self.signed_in(*account),
            (Step::Token, Action::Next) if self.account.is_some() => self.at(Step::Account),
            (Step::Account, Action::Next) if self.account.is_some() => self.at(Step::Existing),
            (Step::Existing, Action::Next) => self.open_old_hooks(),
            (Step::OldHooks, Action::OldHooks(edit)) => self.edit_old_hooks(edit),
            (Step::OldHooks, Action::Next) => self.old_hooks_next(),
            (Step::OldHooks, Action::HooksChosen { hooks, choices }) => {
                let Some(plan) = self.plan_for(&hooks, &choices) else {
                    return self.clone();
                };
                let mut next = State {
                    step: Step::Plan,
                    hooks: OldHookList::from(hooks),
                    plan: Some(plan),
                    ..self.clone()
                };
                next.old_hooks.scope = Some(choices.scope);
                next.old_hooks.keep_events = choices.events.is_none();
                if let Some(events) = &choices.events {
                    next.old_hooks.picked = events.clone();
                }
                next.choices = Some(choices);
                next
            }
            // Keep or replace, and combining, are choices like the others: the plan is made
            // again with them, and later re-plans keep them.
            (Step::Plan, Action::Decide { entry, decision }) => {
                let (Some(plan), Some(mut choices)) = (&self.plan, self.choices.clone()) else {
                    return self.clone();
                };
                let Some(entry) = plan.entries.iter().find(|e| e.id == entry) else {
                    return self.clone();
                };
                if !choices.decide(entry, decision) {
                    return self.clone();
                }
                self.with_choices(choices)
            }
            (Step::Plan, Action::Consolidate { url, yes }) => {
                let Some(mut choices) = self.choices.clone() else {
                    return self.clone();
                };
                choices.consolidate.retain(|u| *u != url);
                if yes {
                    choices.consolidate.push(url);
                }
                self.with_choices(choices)
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
            (Step::Run, Action::Finished { at })
                if self
                    .run
                    .as_ref()
                    .is_some_and(|run| run.entries.iter().all(|e| e.status.is_final())) =>
            {
                State {
                    finished_at: Some(at),
                    ..self.at(Step::Done)
                }
            }
            (Step::Plan, Action::FinishWithoutChanges { at }) => {
                let Some(plan) = &self.plan else {
                    return self.clone();
                };
                let run = RunState::new(plan.clone(), None);
                if !run.is_complete() {
                    return self.clone();
                }
                State {
                    step: Step::Done,
                    run: Some(run),
                    finished_at: Some(at),
                    ..self.clone()
                }
            }
            (Step::Run, Action::DropEvents { entry, events }) => {
                let mut next = self.clone();
                if let Some(run) = next.run.as_mut() {
                    run.drop_events(entry, &events);
                }
                next
            }
            (Step::Welcome, Action::Restore(saved)) if saved.mode.is_some() => {
                // The account is read again (live: after the token is pasted again, as it
                // is never saved; practice: the pretend account opens by itself), then the
                // user continues where they were.
                let resume = (saved.step > Step::Account).then_some(saved.step);
                let step = match saved.mode {
                    Some(Mode::Live) => Step::Token,
                    _ => Step::Account,
                };
                State {
                    step,
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

    /// May the user go to `step` from here with the browser's Back or Forward? Only to
    /// a step whose screen has what it needs, in the way chosen (live or practice), and
    /// never back into the steps before a run once it has started: what was created
    /// cannot be un-created by going back.
    pub fn can_visit(&self, step: Step) -> bool {
        let signed_in = self.account.is_some();
        let run_started = self.run.is_some();
        match step {
            Step::Welcome => !run_started,
            Step::Token => self.mode == Some(Mode::Live) && !run_started,
            // Practice opens its pretend account on arrival; live needs the token first.
            Step::Account => (signed_in || self.mode == Some(Mode::Practice)) && !run_started,
            Step::Existing | Step::OldHooks => signed_in && !run_started,
            Step::Plan => signed_in && !run_started && self.plan.is_some(),
            Step::Run => run_started && self.step != Step::Done,
            Step::Done => self.step == Step::Done,
        }
    }

    /// Go to a step the user may visit.
    fn visit(&self, step: Step) -> State {
        match step {
            Step::OldHooks => self.open_old_hooks(),
            _ => self.at(step),
        }
    }

    /// The plan made again with these choices.
    fn with_choices(&self, choices: Choices) -> State {
        match self.plan_for(self.hooks.hooks(), &choices) {
            Some(plan) => State {
                choices: Some(choices),
                plan: Some(plan),
                ..self.clone()
            },
            None => self.clone(),
        }
    }

    /// Would leaving the page now lose something? True while webhooks are being
    /// created (or a run is stopped half-way), and while the old-webhooks screen holds
    /// typing not used yet, so the page can ask first.
    pub fn leaving_loses_something(&self) -> bool {
        match self.step {
            Step::Run => self
                .run
                .as_ref()
                .is_some_and(|run| !run.entries.iter().all(|e| e.status.is_final())),
            Step::OldHooks => self.unused_typing(),
            _ => false,
        }
    }

    /// Is this state worth keeping across a reload of the tab? Once the user is past
    /// the first screens of a way (it holds no secret either way).
    pub fn worth_keeping(&self) -> bool {
        match self.mode {
            Some(Mode::Live) => self.step > Step::Token,
            Some(Mode::Practice) => self.step >= Step::Account,
            None => false,
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

    /// After (re)connecting. The same user and organization continue where they were
    /// (after a reload, at the step they had reached), with the plan made again from what
    /// the account now shows; anyone else starts afresh from the account.
    fn signed_in(&self, account: SignedIn) -> State {
        let who = &account.discovery.account;
        let same_account = match (&self.account, &self.plan) {
            (Some(before), _) => {
                before.discovery.account.user == who.user
                    && before.discovery.account.organization == who.organization
            }
            (None, Some(plan)) => plan.user == who.user && plan.organization == who.organization,
            (None, None) => true,
        };
        if !same_account {
            return State {
                step: Step::Account,
                mode: self.mode,
                account: Some(account),
                practice_account: self.practice_account.clone(),
                ..State::default()
            };
        }
        let mut next = State {
            step: self.resume.unwrap_or(Step::Account),
            account: Some(account),
            resume: None,
            ..self.clone()
        };
        if next.run.is_none() && next.plan.is_some() {
            next.plan = next
                .choices
                .as_ref()
                .and_then(|choices| next.plan_for(next.hooks.hooks(), choices));
        }
        next
    }

    /// The in-page Back button: the step before, forgetting nothing (so Forward, or
    /// Next, returns to what was there). The connect screen, reached back from the
    /// account, offers to continue with the account already connected.
    fn back_from(&self, step: Step) -> State {
        match step {
            Step::Token => self.at(Step::Welcome),
            Step::Account => match self.mode {
                Some(Mode::Live) => self.at(Step::Token),
                _ => self.at(Step::Welcome),
            },
            Step::Existing => self.at(Step::Account),
            Step::OldHooks => self.at(Step::Existing),
            // The hooks and choices stay, so going back to change them loses nothing.
            Step::Plan => self.at(Step::OldHooks),
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
            practice_receiver: None,
            token_kind: None,
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
            .reduce(Action::SignedIn(Box::new(jane())))
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
            .reduce(Action::SignedIn(Box::new(jane())));
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
    fn back_from_the_account_returns_to_the_connect_screen_still_connected() {
        let state = State::default()
            .reduce(Action::UseMyAccount)
            .reduce(Action::SignedIn(Box::new(jane())))
            .reduce(Action::Back);
        assert_eq!(state.step, Step::Token);
        assert_eq!(
            state.account,
            Some(jane()),
            "Forward or Continue needs no new token"
        );
        assert_eq!(state.reduce(Action::Next).step, Step::Account);
    }

    #[test]
    fn back_from_practice_returns_to_welcome_and_forward_returns_to_it() {
        let practice = State::default().reduce(Action::Practice);
        let welcome = practice.reduce(Action::Back);
        assert_eq!(welcome.step, Step::Welcome);
        assert_eq!(welcome.reduce(Action::Visit(Step::Account)), practice);
    }

    #[test]
    fn back_from_the_plan_keeps_the_hooks_the_choices_and_the_plan() {
        let plan = at_plan();
        let state = plan.reduce(Action::Back);
        assert_eq!(state.step, Step::OldHooks);
        assert_eq!(state.hooks.hooks(), hooks());
        assert_eq!(state.choices, Some(choices()));
        assert_eq!(state.reduce(Action::Visit(Step::Plan)), plan);
    }

    #[test]
    fn the_browser_can_go_back_and_forth_over_every_step_reached() {
        let plan = at_plan();
        let mut state = plan.clone();
        for step in [
            Step::OldHooks,
            Step::Existing,
            Step::Account,
            Step::Token,
            Step::Welcome,
        ] {
            state = state.reduce(Action::Visit(step));
            assert_eq!(state.step, step);
        }
        for step in [
            Step::Token,
            Step::Account,
            Step::Existing,
            Step::OldHooks,
            Step::Plan,
        ] {
            state = state.reduce(Action::Visit(step));
            assert_eq!(state.step, step);
        }
        assert_eq!(state, plan, "nothing was lost on the way");
    }

    #[test]
    fn a_step_not_reached_yet_cannot_be_visited() {
        let state = State::default().reduce(Action::UseMyAccount);
        for step in [
            Step::Account,
            Step::Existing,
            Step::OldHooks,
            Step::Plan,
            Step::Run,
            Step::Done,
        ] {
            assert_eq!(state.reduce(Action::Visit(step)), state, "{step:?}");
        }
        let old_hooks = at_old_hooks();
        assert_eq!(
            old_hooks.reduce(Action::Visit(Step::Plan)),
            old_hooks,
            "no plan before the old webhooks are chosen"
        );
    }

    #[test]
    fn practice_cannot_visit_the_connect_screen() {
        let state = State::default().reduce(Action::Practice);
        assert_eq!(state.reduce(Action::Visit(Step::Token)), state);
    }

    #[test]
    fn once_a_run_started_the_steps_before_it_are_closed() {
        let state = at_plan();
        let plan = state.plan.clone().unwrap();
        let running = state.reduce(Action::StartRun(RunState::new(plan, None)));
        for step in [
            Step::Welcome,
            Step::Token,
            Step::Account,
            Step::Existing,
            Step::OldHooks,
            Step::Plan,
        ] {
            assert_eq!(running.reduce(Action::Visit(step)), running, "{step:?}");
        }
    }

    #[test]
    fn the_same_token_again_keeps_the_migration_and_another_starts_afresh() {
        let at_token = at_plan().reduce(Action::Visit(Step::Token));
        let same = at_token.reduce(Action::SignedIn(Box::new(jane())));
        assert_eq!(
            (same.step, same.hooks.hooks()),
            (Step::Account, &hooks()[..])
        );
        assert!(same.plan.is_some());
        let other = signed_in("https://api.calendly.com/users/CCCCCCCCCCCCCCCC");
        let fresh = at_token.reduce(Action::SignedIn(Box::new(other)));
        assert_eq!(fresh.step, Step::Account);
        assert!(fresh.hooks.is_empty() && fresh.plan.is_none());
    }

    #[test]
    fn switching_the_practice_account_starts_afresh_with_it() {
        let state = State::default()
            .reduce(Action::Practice)
            .reduce(Action::SwitchPractice("member".into()));
        assert_eq!(state.step, Step::Account);
        assert_eq!(state.practice_account.as_deref(), Some("member"));
        assert_eq!(
            state.account, None,
            "the new pretend account is opened next"
        );
    }

    #[test]
    fn the_title_says_which_step_of_how_many() {
        assert_eq!(
            Step::OldHooks.page_title(),
            "Step 3 of 6: Old webhooks \u{2014} Calendly webhook assistant"
        );
        assert_eq!(
            Step::Token.page_title(),
            "Connect your account \u{2014} Calendly webhook assistant"
        );
        assert!(Step::Done.page_title().starts_with("Step 6 of 6: Report"));
    }

    #[test]
    fn leaving_asks_first_only_while_webhooks_are_being_created() {
        let plan_state = at_plan();
        assert!(!plan_state.leaving_loses_something());
        let plan = plan_state.plan.clone().unwrap();
        let running = plan_state.reduce(Action::StartRun(RunState::new(plan, None)));
        assert!(running.leaving_loses_something());
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
            running
                .reduce(Action::Finished {
                    at: "2026-12-01T10:00:00.000Z".into()
                })
                .step,
            Step::Run,
            "nothing has run yet"
        );
    }

    /// At the plan, where Jane already has a webhook at the old webhook's address that
    /// sends only cancellations: the plan asks her to keep or replace it.
    fn at_plan_with_a_choice() -> State {
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
        State::default()
            .reduce(Action::UseMyAccount)
            .reduce(Action::SignedIn(Box::new(account)))
            .reduce(Action::Next)
            .reduce(Action::Next)
            .reduce(Action::HooksChosen {
                hooks: hooks(),
                choices: choices(),
            })
    }

    #[test]
    fn a_plan_with_open_choices_does_not_start() {
        let state = at_plan_with_a_choice();
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
            State::default().reduce(Action::SignedIn(Box::new(jane()))),
            State::default()
        );
    }

    /// Every piece of `secret` at least 12 characters long that occurs in `text`.
    fn pieces_of(secret: &str, text: &str) -> Vec<String> {
        let chars: Vec<char> = secret.chars().collect();
        chars
            .windows(12)
            .map(|w| w.iter().collect::<String>())
            .filter(|piece| text.contains(piece.as_str()))
            .collect()
    }

    #[test]
    fn the_saved_state_holds_no_secret_and_survives_a_round_trip() {
        // Walk the wizard as the screens do with a real token and a real signing key: the
        // token goes through triage (its claims reach the state) and the key starts the
        // run (its last characters reach the state).
        let token = sandbox::Sandbox::scenario("solo")
            .expect("the solo scenario")
            .token("pat")
            .expect("solo has a personal access token")
            .to_owned();
        let triage = migration::token::triage(&token, 1_795_600_000);
        assert!(triage.usable().is_some(), "a usable token");
        let mut account = jane();
        account.discovery.account.granted_scopes = triage
            .claims()
            .and_then(|c| c.scopes())
            .map(|s| s.into_iter().map(calendly::TokenScope::new).collect());
        let key = migration::signing::generate().expect("a random source");
        let at_plan = State::default()
            .reduce(Action::UseMyAccount)
            .reduce(Action::SignedIn(Box::new(account)))
            .reduce(Action::Next)
            .reduce(Action::Next)
            .reduce(Action::HooksChosen {
                hooks: hooks(),
                choices: choices(),
            });
        let plan = at_plan.plan.clone().unwrap();
        let running = at_plan.reduce(Action::StartRun(RunState::new(plan, Some(&key))));

        let saved = serde_json::to_string(&running).unwrap();
        assert_eq!(
            pieces_of(&token, &saved),
            Vec::<String>::new(),
            "no part of the token"
        );
        assert_eq!(
            pieces_of(key.expose(), &saved),
            Vec::<String>::new(),
            "no part of the key"
        );
        let ends_with = &key.expose()[key.expose().len() - 4..];
        assert!(
            saved.contains(ends_with),
            "only the key's last characters, to name it"
        );
        assert_eq!(serde_json::from_str::<State>(&saved).unwrap(), running);
    }

    #[test]
    fn after_a_reload_the_user_connects_again_and_returns_to_the_same_step() {
        let saved = at_plan();
        let state = State::default().reduce(Action::Restore(Box::new(saved.clone())));
        assert_eq!(state.step, Step::Token);
        assert_eq!(state.account, None, "the account is read again");
        let state = state.reduce(Action::SignedIn(Box::new(jane())));
        assert_eq!(state.step, Step::Plan);
        assert_eq!(state.plan, saved.plan);
        assert_eq!(state.resume, None);
    }

    #[test]
    fn a_different_account_after_a_reload_starts_afresh() {
        let state = State::default().reduce(Action::Restore(Box::new(at_plan())));
        let other = signed_in("https://api.calendly.com/users/CCCCCCCCCCCCCCCC");
        let state = state.reduce(Action::SignedIn(Box::new(other.clone())));
        assert_eq!(state.step, Step::Account);
        assert_eq!(state.plan, None);
        assert_eq!(state.account, Some(other));
    }

    #[test]
    fn practice_after_a_reload_reopens_the_same_pretend_account_and_step() {
        let mut saved = at_plan();
        saved.mode = Some(Mode::Practice);
        saved.practice_account = Some("member".into());
        let state = State::default().reduce(Action::Restore(Box::new(saved.clone())));
        assert_eq!(
            (state.step, state.resume),
            (Step::Account, Some(Step::Plan))
        );
        assert_eq!(state.practice_account.as_deref(), Some("member"));
        assert_eq!(
            state.reduce(Action::SignedIn(Box::new(jane()))).step,
            Step::Plan
        );
    }

    #[test]
    fn only_a_way_chosen_and_begun_is_kept_for_a_reload() {
        assert!(!State::default().worth_keeping());
        assert!(!State::default()
            .reduce(Action::UseMyAccount)
            .worth_keeping());
        assert!(State::default().reduce(Action::Practice).worth_keeping());
        assert!(at_plan().worth_keeping());
    }

    #[test]
    fn start_over_forgets_everything() {
        assert_eq!(at_plan().reduce(Action::StartOver), State::default());
    }

    // --- the old-webhooks screen ------------------------------------------------------

    const TYPED: &str = "https://crm.example.org/calendly";

    fn edit(state: &State, edit: Edit) -> State {
        state.reduce(Action::OldHooks(edit))
    }

    #[test]
    fn an_address_typed_but_not_added_is_added_by_next_and_reaches_the_plan() {
        let typed = edit(&at_old_hooks(), Edit::TypeAddress(TYPED.into()));
        assert!(
            typed.leaving_loses_something(),
            "typed, not used: leaving asks"
        );
        let plan = typed.reduce(Action::Next);
        assert_eq!(plan.step, Step::Plan);
        let entries = &plan.plan.as_ref().unwrap().entries;
        assert_eq!(entries.len(), 1);
        assert_eq!(entries[0].url.as_str(), TYPED);
        assert_eq!(plan.old_hooks.url, "", "the form is empty once it is added");
    }

    #[test]
    fn next_with_a_refused_address_stays_with_the_reason_and_the_text() {
        let typed = edit(
            &at_old_hooks(),
            Edit::TypeAddress("crm.example.org/calendly".into()),
        );
        let stayed = typed.reduce(Action::Next);
        assert_eq!(stayed.step, Step::OldHooks);
        assert_eq!(stayed.old_hooks.url, "crm.example.org/calendly");
        let problem = stayed
            .old_hooks
            .problem
            .clone()
            .expect("the reason at the field");
        assert_eq!(
            problem.suggestion(),
            Some("https://crm.example.org/calendly")
        );
    }

    #[test]
    fn the_practice_receiver_is_added_only_when_signed_in_to_the_live_simulator() {
        const RECEIVER: &str = "http://127.0.0.1:8080/receiver/";
        let refused = edit(
            &edit(&at_old_hooks(), Edit::TypeAddress(RECEIVER.into())),
            Edit::AddFromForm,
        );
        assert!(refused.hooks.is_empty() && refused.old_hooks.problem.is_some());

        let mut simulator = jane();
        simulator.practice_receiver =
            PracticeReceiver::of_simulator("http://127.0.0.1:8080/sandbox");
        let at_simulator = State::default()
            .reduce(Action::UseMyAccount)
            .reduce(Action::SignedIn(Box::new(simulator)))
            .reduce(Action::Next)
            .reduce(Action::Next);
        let added = edit(
            &edit(&at_simulator, Edit::TypeAddress(RECEIVER.into())),
            Edit::AddFromForm,
        );
        assert_eq!(added.hooks.hooks()[0].url.as_str(), RECEIVER);
        assert!(added.hooks.hooks()[0].notes[0]
            .to_string()
            .contains("Calendly itself would refuse it"));
    }

    #[test]
    fn did_you_mean_applies_the_fix_in_one_step() {
        let refused = edit(
            &at_old_hooks(),
            Edit::TypeAddress("crm.example.org/calendly".into()),
        )
        .reduce(Action::OldHooks(Edit::AddFromForm));
        let fixed = edit(&refused, Edit::UseSuggestion);
        assert_eq!(fixed.old_hooks.problem, None);
        assert_eq!(fixed.hooks.hooks()[0].url.as_str(), TYPED);
        assert!(
            fixed.old_hooks.status.contains("Added"),
            "{}",
            fixed.old_hooks.status
        );
    }

    #[test]
    fn an_address_pasted_then_added_in_the_form_is_one_entry_with_both_events() {
        let pasted = edit(
            &edit(
                &at_old_hooks(),
                Edit::TypePaste(format!("{TYPED} invitee.created")),
            ),
            Edit::ReadPaste,
        );
        assert!(!pasted.leaving_loses_something(), "the paste was read");
        let form = edit(
            &edit(
                &edit(&pasted, Edit::TypeAddress(TYPED.into())),
                Edit::TickFormEvent(calendly::Event::InviteeCreated, false),
            ),
            Edit::AddFromForm,
        );
        assert_eq!(form.hooks.len(), 1);
        assert_eq!(
            form.hooks.hooks()[0].events,
            [
                calendly::Event::InviteeCreated,
                calendly::Event::InviteeCanceled
            ]
        );
        assert!(form.old_hooks.status.contains("already in your list"));
    }

    #[test]
    fn a_plan_follows_the_list_changed_after_going_back() {
        let plan = at_plan();
        let back = plan.reduce(Action::Visit(Step::OldHooks));
        let more = edit(
            &edit(&back, Edit::TypeAddress(TYPED.into())),
            Edit::AddFromForm,
        );
        let forward = more.reduce(Action::Visit(Step::Plan));
        assert_eq!(forward.step, Step::Plan);
        assert_eq!(
            forward.plan.unwrap().entries.len(),
            2,
            "the plan shows the new list"
        );
        let emptied = edit(&edit(&back, Edit::Remove(0)), Edit::KeepEvents(true));
        assert_eq!(
            emptied.reduce(Action::Visit(Step::Plan)).step,
            Step::OldHooks,
            "no list, no plan to go forward to"
        );
    }

    #[test]
    fn the_scope_chosen_for_the_user_says_why_until_another_is_chosen() {
        let state = at_old_hooks();
        assert_eq!(
            state.old_hooks.preselected,
            Some((Scope::User, ScopeReason::EachOldWebhookWasPersonal))
        );
        let changed = edit(&state, Edit::ChooseScope(Scope::Organization));
        assert_eq!(changed.chosen_scope(), Scope::Organization);
        assert_eq!(changed.old_hooks.preselected, None);
    }

    #[test]
    fn picked_events_the_scope_rules_out_are_kept_but_not_used() {
        let state = edit(&at_old_hooks(), Edit::KeepEvents(false));
        let state = edit(
            &state,
            Edit::PickEvents(vec![
                calendly::Event::InviteeCreated,
                calendly::Event::RoutingFormSubmissionCreated,
            ]),
        );
        assert_eq!(state.usable_picked(), [calendly::Event::InviteeCreated]);
        let org = edit(&state, Edit::ChooseScope(Scope::Organization));
        assert_eq!(
            org.usable_picked(),
            [
                calendly::Event::InviteeCreated,
                calendly::Event::RoutingFormSubmissionCreated
            ],
            "switching the scope brings it back"
        );
    }

    #[test]
    fn a_keep_decision_survives_combining_and_going_back_and_forth() {
        let plan = at_plan_with_a_choice();
        let entry = plan.plan.as_ref().unwrap().entries[0].id;
        let kept = plan.reduce(Action::Decide {
            entry,
            decision: Decision::KeepExisting,
        });
        let again = kept
            .reduce(Action::Consolidate {
                url: "https://elsewhere.example.com/h".into(),
                yes: true,
            })
            .reduce(Action::Visit(Step::OldHooks))
            .reduce(Action::Visit(Step::Plan));
        assert!(
            again.plan.unwrap().undecided().is_empty(),
            "Keep is still chosen"
        );
    }
}
