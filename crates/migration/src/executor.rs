//! The executor: carries out a [`Plan`] through the Calendly client so that running it
//! twice, or resuming it after a reload, never creates anything twice.
//!
//! The rules, and why:
//! - **Look before creating.** Each run lists the subscriptions once per scope before its
//!   first write; an entry whose subscription already exists is done without a request.
//!   Entries of the same scope that start together share that one listing (the first
//!   lists, the others wait for it), so a run of N new webhooks in one scope sends N
//!   creates plus the pages of one listing and nothing else.
//! - **Unknown outcome ⇒ list again.** A create that timed out, lost its connection or met
//!   a 5xx may have been stored. The entry is marked "outcome unknown" *before* the
//!   request is sent (and the state is handed to the observer, which the page saves), and
//!   only a fresh listing clears the mark. A reload in the middle therefore re-lists too.
//! - **409 is an answer, not a failure.** Calendly refuses a second subscription to the
//!   same address for the same person; if the one that exists is what we wanted, the entry
//!   is done.
//! - **Rate limits are kept, not hit.** A request is sent only while the `X-RateLimit-*`
//!   headers of the latest answers leave room for it (`Remaining`, less the requests still
//!   in flight); otherwise the entry waits for the window to reset (`Reset` seconds) and
//!   continues with a full one. A 429 all the same (another app of the user's spent the
//!   budget) is waited out too; neither is reported as a failure.
//! - **Deletes only where the plan says.** A predecessor (a disabled subscription, or one
//!   the user chose to replace) is deleted before its replacement is created, because
//!   Calendly would refuse the create otherwise; subscriptions made redundant by a
//!   consolidation are deleted only after the replacement exists. A delete that meets 404
//!   is done: the subscription is gone either way.
//! - **Bounded concurrency without threads**: up to [`RunOptions::concurrency`] entries
//!   (so requests) at a time with `buffer_unordered`; futures are not `Send`, as in the
//!   browser.
//! - **Cancellable and resumable**: [`Cancel`] stops before the next request; the
//!   [`RunState`] serializes to JSON without the token or the signing key (only a
//!   [`KeyHint`]), and [`run`] resumes it.
//! - **A failure says whether running again can fix it** ([`Remedy`]): a network or
//!   server failure can be tried again; a refused token needs a new token; a plan-gated
//!   event Calendly refuses can be dropped from its webhook ([`RunState::drop_events`]),
//!   which makes the entry runnable again without touching the others; anything else
//!   needs a person, and trying again would only fail again.
//! - **Nothing to write is finished at once**: entries that need no request (already
//!   there, kept, or impossible) are final from [`RunState::new`], so a plan with nothing
//!   to write is complete without a single request.

use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::rc::Rc;
use std::time::Duration;

use calendly::{
    Client, Error, Event, NewSubscription, RateLimit, SigningKey, SubscriptionUri, Target,
    Transport, WebhookSubscription,
};
use futures_util::lock::Mutex;
use futures_util::stream::{self, StreamExt};
use serde::{Deserialize, Serialize};

use crate::plan::{Action, Decision, Plan, PlanEntry};
use crate::signing::KeyHint;

/// How hard to try.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RunOptions {
    /// Entries worked on at the same time, so also the most requests in flight.
    pub concurrency: usize,
    /// Attempts per request (create, delete or listing) before an entry fails.
    pub max_attempts: u32,
    /// First pause after a failure whose outcome is unknown; doubled each time.
    pub first_backoff: Duration,
    /// Longest pause between attempts.
    pub max_backoff: Duration,
}

impl Default for RunOptions {
    fn default() -> RunOptions {
        RunOptions {
            concurrency: 8,
            max_attempts: 6,
            first_backoff: Duration::from_secs(1),
            max_backoff: Duration::from_secs(30),
        }
    }
}

/// Cancels a run before its next request. Clones share the flag.
#[derive(Clone, Debug, Default)]
pub struct Cancel(Rc<Cell<bool>>);

impl Cancel {
    pub fn new() -> Cancel {
        Cancel::default()
    }

    pub fn cancel(&self) {
        self.0.set(true);
    }

    pub fn is_cancelled(&self) -> bool {
        self.0.get()
    }
}

/// How an entry's subscription came to exist.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DoneHow {
    /// We created it and Calendly confirmed.
    Created,
    /// The answer to our create was lost, but listing showed it had been stored.
    CreatedAnswerLost,
    /// It already existed when we looked (an earlier run, or Calendly's 409 pointed to it).
    FoundExisting,
}

/// What the executor is doing with an entry, for the progress screen.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum EntryStatus {
    /// Not started yet.
    Waiting,
    /// The plan needs no write here (already done, kept, blocked, or not decided).
    NothingToDo { reason: String },
    /// Deleting the subscription this one replaces.
    DeletingOld,
    /// Creating the subscription.
    Creating,
    /// Listing to find out whether an uncertain create went through.
    Checking,
    /// Deleting subscriptions made redundant (after the new one exists).
    DeletingReplaced,
    /// Calendly asked us to slow down; waiting this many seconds.
    WaitingForRateLimit { seconds: u64 },
    /// Finished: the subscription exists.
    Done {
        how: DoneHow,
        subscription: SubscriptionUri,
    },
    /// Gave up on this entry, with the reason, what to do, and whether running again,
    /// dropping events or a new token can fix it.
    Failed {
        message: String,
        next_step: String,
        /// What can fix it (saved runs from before this field read as `TryAgain`).
        #[serde(default)]
        remedy: Remedy,
        /// Calendly's refusal, kept so the screen can word it for the token's kind
        /// ([`crate::token::advice_for`]). `None` in runs saved before it was kept.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        error: Option<Error>,
    },
    /// Cancelled before it finished; resuming continues it.
    Interrupted,
}

impl EntryStatus {
    /// One plain line for the progress list.
    pub fn message(&self) -> String {
        match self {
            EntryStatus::Waiting => "Waiting to start.".into(),
            EntryStatus::NothingToDo { .. } => "Nothing to do.".into(),
            EntryStatus::DeletingOld => "Deleting the old webhook it replaces…".into(),
            EntryStatus::Creating => "Creating the webhook…".into(),
            EntryStatus::Checking => "Checking with Calendly whether it was created…".into(),
            EntryStatus::DeletingReplaced => "Deleting the webhooks it replaces…".into(),
            EntryStatus::WaitingForRateLimit { seconds } => EntryStatus::rate_limit_wait(*seconds),
            EntryStatus::Done {
                how: DoneHow::FoundExisting,
                ..
            } => "Done (it was already there).".into(),
            EntryStatus::Done { .. } => "Done.".into(),
            EntryStatus::Failed { message, .. } => format!("Failed: {message}"),
            EntryStatus::Interrupted => {
                "Stopped before it finished; continuing will finish it.".into()
            }
        }
    }

    /// What can fix a failure; `None` when this is not a failure.
    pub fn remedy(&self) -> Option<&Remedy> {
        match self {
            EntryStatus::Failed { remedy, .. } => Some(remedy),
            _ => None,
        }
    }

    /// A rate-limit wait with `seconds` left, in the words a countdown shows each second:
    /// "Calendly asked us to wait: 42 s".
    pub fn rate_limit_wait(seconds: u64) -> String {
        format!("Calendly asked us to wait: {seconds} s")
    }

    /// Finished for good in this run (done, nothing to do, or failed).
    pub fn is_final(&self) -> bool {
        matches!(
            self,
            EntryStatus::Done { .. } | EntryStatus::NothingToDo { .. } | EntryStatus::Failed { .. }
        )
    }
}

/// What can fix a failed entry, so the screen offers only what can work.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Remedy {
    /// Running again may work: the network, Calendly's own trouble, or a rate limit that
    /// did not let up.
    #[default]
    TryAgain,
    /// Calendly refused these events of the webhook (their plan feature is missing); the
    /// webhook can be created without them ([`RunState::drop_events`]), e.g. "Create it
    /// without “Routing form submitted”".
    WithoutEvents(Vec<Event>),
    /// Calendly refused the token, or it lacks a permission: connect with a new token
    /// (words for the token's kind: [`crate::token::advice_for`]).
    NewToken,
    /// Nothing the assistant can do: the role does not allow it, Calendly refused the
    /// request as it is, or every event needs a plan feature. Trying again would fail
    /// again; the message says what a person must do.
    None,
}

impl Remedy {
    /// Can pressing "Try again" (running again unchanged) fix it?
    pub fn try_again_can_fix(&self) -> bool {
        *self == Remedy::TryAgain
    }

    /// The remedy for `error` met by `entry`.
    fn for_error(error: &Error, entry: &PlanEntry) -> Remedy {
        match error {
            Error::TokenRejected(_) | Error::MissingScopes { .. } => Remedy::NewToken,
            Error::NeedsPlanFeature { .. } => {
                // Calendly does not say which event it refused: every event that needs a
                // plan feature is suspect, the others are not.
                let gated: Vec<Event> = entry
                    .events
                    .iter()
                    .filter(|e| e.plan_feature().is_some())
                    .cloned()
                    .collect();
                if gated.is_empty() || gated.len() == entry.events.len() {
                    Remedy::None
                } else {
                    Remedy::WithoutEvents(gated)
                }
            }
            // 409 after listing found nothing matching: the address is taken by a
            // subscription the plan did not know; 400 and 403 answer the same again.
            Error::NotAllowedByRole { .. }
            | Error::InvalidRequest { .. }
            | Error::AlreadyExists => Remedy::None,
            Error::NotFound
            | Error::RateLimited { .. }
            | Error::ServerError { .. }
            | Error::Unreachable { .. }
            | Error::TimedOut
            | Error::UnexpectedResponse { .. } => Remedy::TryAgain,
        }
    }
}

/// One entry's progress; everything a resume needs.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EntryState {
    pub id: usize,
    pub status: EntryStatus,
    /// A create was sent and we do not know whether Calendly stored it: list before any
    /// other create for this entry.
    pub create_outcome_unknown: bool,
    /// The predecessor is gone.
    pub deleted_first: bool,
    /// Redundant subscriptions already deleted.
    pub deleted_after: Vec<SubscriptionUri>,
    /// Redundant subscriptions Calendly would not let us delete.
    #[serde(default)]
    pub cleanup_failed: Vec<CleanupFailure>,
    /// The subscription that fulfils this entry, once known (kept even if a later
    /// clean-up delete fails).
    pub subscription: Option<SubscriptionUri>,
    /// Requests sent for this entry (all runs), for the report.
    pub requests: u32,
    /// Events the user chose to leave out after Calendly refused them
    /// ([`RunState::drop_events`]), for the report.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub dropped_events: Vec<Event>,
}

/// A subscription made redundant by a consolidation that could not be deleted.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CleanupFailure {
    pub subscription: SubscriptionUri,
    pub message: String,
}

/// Everything about a run, serializable for a reload: no token, no signing key.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RunState {
    pub plan: Plan,
    pub entries: Vec<EntryState>,
    /// Set when subscriptions are created with a signing key: a resume must be given the
    /// same key again.
    pub key_hint: Option<KeyHint>,
    /// The run was cancelled (or the page closed) before it finished.
    pub interrupted: bool,
    /// How many times [`run`] has been started on this state.
    pub runs: u32,
}

/// Why a run did not start.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "problem", rename_all = "snake_case")]
pub enum StartRefusal {
    /// Some entries still wait for the user's choice.
    Undecided { entries: Vec<usize> },
    /// The run uses a signing key and none, or a different one, was given.
    SigningKeyNeeded { ends_with: String },
}

impl std::fmt::Display for StartRefusal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            StartRefusal::Undecided { entries } => write!(
                f,
                "{} webhook{} still need{} your choice: keep the existing one, or replace it.",
                entries.len(),
                if entries.len() == 1 { "" } else { "s" },
                if entries.len() == 1 { "s" } else { "" }
            ),
            StartRefusal::SigningKeyNeeded { ends_with } => write!(
                f,
                "To continue, paste the signing key you saved earlier (it ends with \"{ends_with}\"). We do not keep it, \
                 so that nobody else can read it from this browser. If you lost it, start the migration again with a new \
                 key: the webhooks created so far keep the old key, and the report lists them as already there."
            ),
        }
    }
}

impl RunState {
    /// A fresh run of `plan`, with the hint of the signing key it will use, if any.
    /// Entries that need no request (already there, kept, or impossible) are final at
    /// once, so a plan with nothing to write is [complete](RunState::is_complete) before
    /// any request; entries waiting for the user's choice stay waiting.
    ///
    /// ```
    /// # fn demo(plan_with_nothing_to_write: migration::plan::Plan) {
    /// let state = migration::executor::RunState::new(plan_with_nothing_to_write, None);
    /// assert!(state.is_complete());
    /// # }
    /// ```
    pub fn new(plan: Plan, signing_key: Option<&SigningKey>) -> RunState {
        let entries = plan
            .entries
            .iter()
            .map(|e| EntryState {
                id: e.id,
                status: if e.steps().is_none() && !e.needs_decision() {
                    EntryStatus::NothingToDo {
                        reason: nothing_to_do(e),
                    }
                } else {
                    EntryStatus::Waiting
                },
                create_outcome_unknown: false,
                deleted_first: false,
                deleted_after: Vec::new(),
                cleanup_failed: Vec::new(),
                subscription: None,
                requests: 0,
                dropped_events: Vec::new(),
            })
            .collect();
        RunState {
            plan,
            entries,
            key_hint: signing_key.map(KeyHint::of),
            interrupted: false,
            runs: 0,
        }
    }

    pub fn to_json(&self) -> String {
        serde_json::to_string(self).expect("the run state is plain data")
    }

    pub fn from_json(json: &str) -> Result<RunState, serde_json::Error> {
        serde_json::from_str(json)
    }

    /// True when every entry is final and none failed.
    pub fn is_complete(&self) -> bool {
        self.entries.iter().all(|e| {
            matches!(
                e.status,
                EntryStatus::Done { .. } | EntryStatus::NothingToDo { .. }
            )
        })
    }

    /// Would running again unchanged ("Try again") fix at least one failed entry?
    pub fn can_try_again(&self) -> bool {
        self.entries
            .iter()
            .any(|e| e.status.remedy().is_some_and(Remedy::try_again_can_fix))
    }

    /// Leaves `events` out of a failed entry's webhook ("Create it without …", after
    /// Calendly refused them, see [`Remedy::WithoutEvents`]) and makes the entry runnable
    /// again; the next [`run`] creates it with the other events. Returns `false`, and
    /// changes nothing, when the entry does not exist, has not failed, lacks one of the
    /// events, or would be left without any.
    ///
    /// ```
    /// # fn demo(state: &mut migration::executor::RunState) {
    /// use migration::executor::Remedy;
    /// let offers: Vec<(usize, Vec<calendly::Event>)> = state
    ///     .entries
    ///     .iter()
    ///     .filter_map(|e| match e.status.remedy() {
    ///         Some(Remedy::WithoutEvents(events)) => Some((e.id, events.clone())),
    ///         _ => None,
    ///     })
    ///     .collect();
    /// for (id, events) in offers {
    ///     assert!(state.drop_events(id, &events));
    /// }
    /// # }
    /// ```
    pub fn drop_events(&mut self, entry_id: usize, events: &[Event]) -> bool {
        let failed = self
            .entries
            .iter()
            .any(|e| e.id == entry_id && matches!(e.status, EntryStatus::Failed { .. }));
        let Some(entry) = self.plan.entries.iter_mut().find(|e| e.id == entry_id) else {
            return false;
        };
        let keeps: Vec<Event> = entry
            .events
            .iter()
            .filter(|e| !events.contains(e))
            .cloned()
            .collect();
        if !failed
            || events.is_empty()
            || keeps.is_empty()
            || !events.iter().all(|e| entry.events.contains(e))
        {
            return false;
        }
        entry.events = keeps;
        entry.notes.push(format!(
            "Created without {}, which Calendly refused for this account.",
            crate::words::event_list(events)
        ));
        let es = self.entry_mut(entry_id);
        es.dropped_events.extend(events.iter().cloned());
        es.status = EntryStatus::Waiting;
        true
    }

    /// Counts for the progress bar.
    pub fn progress(&self) -> Progress {
        let mut p = Progress {
            total: self.entries.len(),
            ..Progress::default()
        };
        for e in &self.entries {
            match e.status {
                EntryStatus::Done { .. } | EntryStatus::NothingToDo { .. } => p.finished += 1,
                EntryStatus::Failed { .. } => p.failed += 1,
                EntryStatus::WaitingForRateLimit { .. } => p.waiting_for_rate_limit += 1,
                EntryStatus::Waiting | EntryStatus::Interrupted => p.not_started += 1,
                _ => p.working += 1,
            }
        }
        p
    }

    fn entry(&self, id: usize) -> &EntryState {
        self.entries
            .iter()
            .find(|e| e.id == id)
            .expect("entry ids come from the plan")
    }

    fn entry_mut(&mut self, id: usize) -> &mut EntryState {
        self.entries
            .iter_mut()
            .find(|e| e.id == id)
            .expect("entry ids come from the plan")
    }
}

/// Counts for the progress bar.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Progress {
    pub total: usize,
    pub finished: usize,
    pub failed: usize,
    pub working: usize,
    pub waiting_for_rate_limit: usize,
    pub not_started: usize,
}

/// Run (or resume) a plan. `observe` is called with the whole state after every change;
/// the page re-renders and saves `state.to_json()` there, which is what makes a reload
/// safe. Returns when every entry is final, or early when cancelled.
pub async fn run<T: Transport>(
    client: &Client<T>,
    state: &RefCell<RunState>,
    signing_key: Option<&SigningKey>,
    options: &RunOptions,
    cancel: &Cancel,
    observe: &dyn Fn(&RunState),
) -> Result<Progress, StartRefusal> {
    let ids = {
        let mut s = state.borrow_mut();
        let undecided = s.plan.undecided();
        if !undecided.is_empty() {
            return Err(StartRefusal::Undecided { entries: undecided });
        }
        let creates_left = s
            .plan
            .entries
            .iter()
            .any(|e| e.steps().is_some_and(|st| st.create) && !s.entry(e.id).status.is_final());
        if let (Some(hint), true) = (&s.key_hint, creates_left) {
            if !signing_key.is_some_and(|k| hint.matches(k)) {
                return Err(StartRefusal::SigningKeyNeeded {
                    ends_with: hint.ends_with.clone(),
                });
            }
        }
        s.runs += 1;
        s.interrupted = false;
        let mut ids = Vec::new();
        for i in 0..s.plan.entries.len() {
            let entry = s.plan.entries[i].clone();
            let es = s.entry_mut(entry.id);
            match entry.steps() {
                None => {
                    es.status = EntryStatus::NothingToDo {
                        reason: nothing_to_do(&entry),
                    }
                }
                // A failed entry is tried again: running twice is how users retry.
                Some(_) if matches!(es.status, EntryStatus::Done { .. }) => {}
                Some(_) => {
                    es.status = EntryStatus::Waiting;
                    ids.push(entry.id);
                }
            }
        }
        observe(&s);
        ids
    };

    let ctx = Ctx {
        client,
        state,
        signing_key,
        options,
        cancel,
        observe,
        listings: RefCell::new(HashMap::new()),
        listing_locks: RefCell::new(HashMap::new()),
        pacer: Pacer::default(),
        fatal: RefCell::new(None),
        rate_limit_waits: Cell::new(0),
    };
    stream::iter(ids)
        .map(|id| ctx.run_entry(id))
        .buffer_unordered(options.concurrency.max(1))
        .collect::<Vec<()>>()
        .await;

    let mut s = state.borrow_mut();
    s.interrupted = cancel.is_cancelled();
    observe(&s);
    Ok(s.progress())
}

/// The failed status for `error`, with its remedy; a plan-gated refusal names the
/// events it can go without.
fn failure(error: &Error, entry: &PlanEntry) -> EntryStatus {
    let remedy = Remedy::for_error(error, entry);
    let (message, next_step) = match &remedy {
        Remedy::WithoutEvents(events) => {
            let mut features: Vec<calendly::PlanFeature> =
                events.iter().filter_map(Event::plan_feature).collect();
            features.dedup();
            let reasons: Vec<String> = features.into_iter().map(crate::words::plan_lacks).collect();
            (
                format!(
                    "Calendly refused this webhook because of {}. {}",
                    crate::words::event_list(events),
                    reasons.join(" ")
                ),
                format!(
                    "Create it without {} (its other events still arrive), or ask the account owner about \
                     upgrading the plan.",
                    crate::words::event_list(events)
                ),
            )
        }
        _ => (error.message(), error.next_step()),
    };
    EntryStatus::Failed {
        message,
        next_step,
        remedy,
        error: Some(error.clone()),
    }
}

fn nothing_to_do(entry: &PlanEntry) -> String {
    match &entry.action {
        Action::ChangeEvents {
            decision: Decision::KeepExisting,
            ..
        } => "You chose to keep the existing webhook.".into(),
        _ => entry.why.clone(),
    }
}

/// Shared by the entries of one run.
struct Ctx<'a, T> {
    client: &'a Client<T>,
    state: &'a RefCell<RunState>,
    signing_key: Option<&'a SigningKey>,
    options: &'a RunOptions,
    cancel: &'a Cancel,
    observe: &'a dyn Fn(&RunState),
    /// The latest listing per scope target, taken in this run.
    listings: RefCell<HashMap<Target, Vec<WebhookSubscription>>>,
    /// One lock per scope target, so that entries starting together list it once.
    listing_locks: RefCell<HashMap<Target, Rc<Mutex<()>>>>,
    /// Keeps the run within Calendly's rate limit.
    pacer: Pacer,
    /// An error that makes every further request pointless (the token was refused).
    fatal: RefCell<Option<Error>>,
    /// 429s waited out in this run, all entries together.
    rate_limit_waits: Cell<u32>,
}

/// More 429s than this in one run means something is wrong; the run stops waiting.
const MAX_RATE_LIMIT_WAITS: u32 = 100;

/// How often an entry that found the rate limit's budget taken by requests still in
/// flight looks again.
const PACE_POLL: Duration = Duration::from_millis(50);

/// Long waits are slept in slices of this, so that Stop is seen within a second.
const WAIT_SLICE: Duration = Duration::from_secs(1);

/// Pending once, so that the other entries of the run are polled.
struct YieldNow(bool);

impl std::future::Future for YieldNow {
    type Output = ();
    fn poll(
        mut self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<()> {
        if self.0 {
            return std::task::Poll::Ready(());
        }
        self.0 = true;
        cx.waker().wake_by_ref();
        std::task::Poll::Pending
    }
}

/// What the run knows of Calendly's rate limit, from the `X-RateLimit-*` headers of its
/// own answers (none if the browser may not read them: then only 429s slow it down).
#[derive(Default)]
struct Pacer {
    /// Requests sent and not answered yet.
    in_flight: Cell<u32>,
    /// The fewest requests left that an answer of this window reported, with its reset.
    known: Cell<Option<RateLimit>>,
    /// Set after waiting for a window to reset: the next answer starts the new window.
    renewed: Cell<bool>,
}

impl Pacer {
    /// Room for one more request now?
    fn has_room(&self) -> bool {
        self.known
            .get()
            .is_none_or(|known| known.remaining > self.in_flight.get())
    }

    fn sent(&self) {
        self.in_flight.set(self.in_flight.get() + 1);
    }

    /// An answer arrived, carrying `latest` (the client's latest rate-limit headers).
    fn answered(&self, latest: Option<RateLimit>) {
        self.in_flight.set(self.in_flight.get().saturating_sub(1));
        let Some(latest) = latest else {
            return;
        };
        let known = match self.known.get() {
            // Answers may arrive out of order: the lowest count is the safe one.
            Some(known) if !self.renewed.get() && known.remaining <= latest.remaining => known,
            _ => latest,
        };
        self.renewed.set(false);
        self.known.set(Some(known));
    }

    /// The window has reset: its whole limit is available again.
    fn renew(&self) {
        if let Some(known) = self.known.get() {
            self.known.set(Some(RateLimit {
                remaining: known.limit,
                ..known
            }));
            self.renewed.set(true);
        }
    }
}

/// Why an entry stopped early.
enum Stop {
    Cancelled,
    Failed(Error),
}

impl<T: Transport> Ctx<'_, T> {
    fn update(&self, id: usize, f: impl FnOnce(&mut EntryState)) {
        let mut s = self.state.borrow_mut();
        f(s.entry_mut(id));
        (self.observe)(&s);
    }

    fn set_status(&self, id: usize, status: EntryStatus) {
        self.update(id, |e| e.status = status);
    }

    fn count_request(&self, id: usize) {
        self.state.borrow_mut().entry_mut(id).requests += 1;
    }

    async fn run_entry(&self, id: usize) {
        let entry = self
            .state
            .borrow()
            .plan
            .entries
            .iter()
            .find(|e| e.id == id)
            .cloned()
            .expect("entry ids come from the plan");
        match self.work(&entry).await {
            Ok(()) => {}
            Err(Stop::Cancelled) => self.set_status(id, EntryStatus::Interrupted),
            Err(Stop::Failed(error)) => {
                if matches!(error, Error::TokenRejected(_)) {
                    *self.fatal.borrow_mut() = Some(error.clone());
                }
                self.set_status(id, failure(&error, &entry));
            }
        }
    }

    fn check_go(&self) -> Result<(), Stop> {
        if let Some(error) = self.fatal.borrow().clone() {
            return Err(Stop::Failed(error));
        }
        if self.cancel.is_cancelled() {
            return Err(Stop::Cancelled);
        }
        Ok(())
    }

    /// One entry: is it there already; if not, delete its predecessor and create it; then
    /// delete what it makes redundant.
    async fn work(&self, entry: &PlanEntry) -> Result<(), Stop> {
        let steps = entry.steps().expect("only entries with steps are run");
        let organization = self.state.borrow().plan.organization.clone();
        let target = entry.target();
        let id = entry.id;

        // Is it there already (an earlier run, or an uncertain create that went through)?
        // Any listing of this run is fresh enough for a create of an earlier run; one of
        // this run is checked by a fresh listing where it happens (`create`).
        let uncertain = self.state.borrow().entry(id).create_outcome_unknown;
        self.check_go()?;
        let listing = self.listing(id, &target, false).await?;
        let existing = listing
            .iter()
            .find(|s| entry.is_fulfilled_by(&organization, s))
            .map(|s| s.uri.clone());
        // Either way the listing settled the question.
        if uncertain {
            self.update(id, |e| e.create_outcome_unknown = false);
        }

        let (uri, how) = match existing {
            Some(uri) => (
                uri,
                if uncertain {
                    DoneHow::CreatedAnswerLost
                } else {
                    DoneHow::FoundExisting
                },
            ),
            None => {
                if let Some(old) = &steps.delete_first {
                    if !self.state.borrow().entry(id).deleted_first {
                        self.set_status(id, EntryStatus::DeletingOld);
                        self.delete(id, old).await?;
                        self.update(id, |e| e.deleted_first = true);
                    }
                }
                self.create(entry, &organization, &target).await?
            }
        };
        let done = EntryStatus::Done {
            how,
            subscription: uri.clone(),
        };
        self.update(id, |e| {
            e.status = done.clone();
            e.subscription = Some(uri);
        });
        if self.delete_redundant(id, &steps.delete_after).await? {
            self.set_status(id, done);
        }
        Ok(())
    }

    /// Deletes subscriptions the new one makes redundant (consolidation), once it exists.
    /// Returns whether there was any to delete (the entry's status then changed meanwhile).
    async fn delete_redundant(
        &self,
        id: usize,
        redundant: &[SubscriptionUri],
    ) -> Result<bool, Stop> {
        let pending: Vec<SubscriptionUri> = {
            let s = self.state.borrow();
            let es = s.entry(id);
            redundant
                .iter()
                .filter(|u| {
                    !es.deleted_after.contains(u)
                        && !es.cleanup_failed.iter().any(|c| &c.subscription == *u)
                })
                .cloned()
                .collect()
        };
        let any = !pending.is_empty();
        for old in pending {
            self.set_status(id, EntryStatus::DeletingReplaced);
            match self.delete(id, &old).await {
                Ok(()) => self.update(id, |e| e.deleted_after.push(old.clone())),
                // The new subscription exists, so the entry is done; one Calendly refuses
                // to let us delete (e.g. another member's) is left for a person, and the
                // report says so. Anything else (network, rate limit) fails the entry, so
                // running again retries it.
                Err(Stop::Failed(
                    error @ (Error::NotAllowedByRole { .. } | Error::MissingScopes { .. }),
                )) => {
                    self.update(id, |e| {
                        e.cleanup_failed.push(CleanupFailure {
                            subscription: old.clone(),
                            message: error.message(),
                        })
                    });
                }
                Err(stop) => return Err(stop),
            }
        }
        Ok(any)
    }

    /// The subscriptions of one scope target, from this run's cache unless `fresh` (a
    /// listing that started after the caller's question). Entries asking for the cached
    /// one at the same time share one listing: the first lists, the others wait for it.
    async fn listing(
        &self,
        id: usize,
        target: &Target,
        fresh: bool,
    ) -> Result<Vec<WebhookSubscription>, Stop> {
        let lock = self
            .listing_locks
            .borrow_mut()
            .entry(target.clone())
            .or_default()
            .clone();
        let _listing = lock.lock().await;
        if !fresh {
            if let Some(cached) = self.listings.borrow().get(target) {
                return Ok(cached.clone());
            }
        }
        let organization = self.state.borrow().plan.organization.clone();
        let mut attempt = 0;
        loop {
            self.check_go()?;
            attempt += 1;
            self.pace(id).await?;
            self.count_request(id);
            let answer = self.client.list_subscriptions(&organization, target).await;
            self.pacer.answered(self.client.rate_limit());
            match answer {
                Ok(list) => {
                    self.listings
                        .borrow_mut()
                        .insert(target.clone(), list.clone());
                    return Ok(list);
                }
                Err(Error::RateLimited {
                    seconds_until_reset,
                }) => self.wait_for_rate_limit(id, seconds_until_reset).await?,
                Err(e) if e.outcome_unknown() && attempt < self.options.max_attempts => {
                    self.back_off(attempt).await
                }
                Err(e) => return Err(Stop::Failed(e)),
            }
        }
    }

    async fn create(
        &self,
        entry: &PlanEntry,
        organization: &calendly::OrganizationUri,
        target: &Target,
    ) -> Result<(SubscriptionUri, DoneHow), Stop> {
        let id = entry.id;
        let new = NewSubscription {
            url: entry.url.as_callback().clone(),
            events: entry.events.clone(),
            organization: organization.clone(),
            target: target.clone(),
            signing_key: self.signing_key.cloned(),
        };
        let mut attempt = 0;
        loop {
            self.check_go()?;
            attempt += 1;
            self.pace(id).await?;
            // Recorded (and saved by the observer) before the request leaves: if the page
            // closes now, the resumed run lists before it creates.
            self.update(id, |e| {
                e.status = EntryStatus::Creating;
                e.create_outcome_unknown = true;
                e.requests += 1;
            });
            let answer = self.client.create_subscription(&new).await;
            self.pacer.answered(self.client.rate_limit());
            match answer {
                Ok(sub) => {
                    // Observed with the Done status the caller sets next, without an await
                    // in between: one update for the page to save and show, not two.
                    self.state.borrow_mut().entry_mut(id).create_outcome_unknown = false;
                    return Ok((sub.uri, DoneHow::Created));
                }
                Err(Error::RateLimited {
                    seconds_until_reset,
                }) => {
                    // A 429 is answered before anything is done.
                    self.update(id, |e| e.create_outcome_unknown = false);
                    self.wait_for_rate_limit(id, seconds_until_reset).await?;
                }
                Err(Error::AlreadyExists) => {
                    self.update(id, |e| e.create_outcome_unknown = false);
                    self.set_status(id, EntryStatus::Checking);
                    let list = self.listing(id, target, true).await?;
                    return match list.iter().find(|s| entry.is_fulfilled_by(organization, s)) {
                        Some(sub) => Ok((sub.uri.clone(), DoneHow::FoundExisting)),
                        None => Err(Stop::Failed(Error::AlreadyExists)),
                    };
                }
                Err(e) if e.outcome_unknown() => {
                    self.set_status(id, EntryStatus::Checking);
                    let list = self.listing(id, target, true).await?;
                    if let Some(sub) = list.iter().find(|s| entry.is_fulfilled_by(organization, s))
                    {
                        self.update(id, |e| e.create_outcome_unknown = false);
                        return Ok((sub.uri.clone(), DoneHow::CreatedAnswerLost));
                    }
                    // Listed after the failure and it is not there: safe to send again.
                    self.update(id, |e| e.create_outcome_unknown = false);
                    if attempt >= self.options.max_attempts {
                        return Err(Stop::Failed(e));
                    }
                    self.back_off(attempt).await;
                }
                Err(e) => {
                    self.update(id, |e| e.create_outcome_unknown = false);
                    return Err(Stop::Failed(e));
                }
            }
        }
    }

    /// Delete until Calendly confirms it is gone (204, or 404: already gone).
    async fn delete(&self, id: usize, uri: &SubscriptionUri) -> Result<(), Stop> {
        let mut attempt = 0;
        loop {
            self.check_go()?;
            attempt += 1;
            self.pace(id).await?;
            self.count_request(id);
            let answer = self.client.delete_subscription(uri).await;
            self.pacer.answered(self.client.rate_limit());
            match answer {
                Ok(()) | Err(Error::NotFound) => return Ok(()),
                Err(Error::RateLimited {
                    seconds_until_reset,
                }) => {
                    let status = self.state.borrow().entry(id).status.clone();
                    self.wait_for_rate_limit(id, seconds_until_reset).await?;
                    self.set_status(id, status);
                }
                // Deleting twice is harmless, so an uncertain delete is simply sent again.
                Err(e) if e.outcome_unknown() && attempt < self.options.max_attempts => {
                    self.back_off(attempt).await
                }
                Err(e) => return Err(Stop::Failed(e)),
            }
        }
    }

    /// Waits out a 429. Fails after [`MAX_RATE_LIMIT_WAITS`] waits in one run, so a
    /// server that never lets us through cannot keep the page busy forever.
    async fn wait_for_rate_limit(&self, id: usize, seconds: u64) -> Result<(), Stop> {
        let waits = self.rate_limit_waits.get() + 1;
        self.rate_limit_waits.set(waits);
        if waits > MAX_RATE_LIMIT_WAITS {
            return Err(Stop::Failed(Error::RateLimited {
                seconds_until_reset: seconds,
            }));
        }
        let seconds = seconds.max(1);
        self.set_status(id, EntryStatus::WaitingForRateLimit { seconds });
        self.sleep(Duration::from_secs(seconds)).await?;
        // Calendly's answer said when its window resets; that wait is over.
        self.pacer.renew();
        Ok(())
    }

    /// Waits until the rate limit leaves room for one more request, then counts it as in
    /// flight (the caller sends it at once and reports its answer to the pacer). While
    /// the budget is held by requests in flight, their answers are awaited; when it is
    /// spent, the entry shows the wait and sleeps until the window resets.
    async fn pace(&self, id: usize) -> Result<(), Stop> {
        while !self.pacer.has_room() {
            self.check_go()?;
            if self.pacer.in_flight.get() > 0 {
                self.client.transport().sleep(PACE_POLL).await;
                // A virtual clock's sleep is ready at once: let the others answer.
                YieldNow(false).await;
                continue;
            }
            let Some(known) = self.pacer.known.get() else {
                break;
            };
            let seconds = known.reset_seconds.max(1);
            let status = self.state.borrow().entry(id).status.clone();
            self.set_status(id, EntryStatus::WaitingForRateLimit { seconds });
            self.sleep(Duration::from_secs(seconds)).await?;
            self.set_status(id, status);
            // Entries that waited together: the first one back renews the window.
            if !self.pacer.has_room() {
                self.pacer.renew();
            }
        }
        self.check_go()?;
        self.pacer.sent();
        Ok(())
    }

    /// Sleeps `duration` in slices, stopping early (cancelled) when the run is cancelled.
    async fn sleep(&self, duration: Duration) -> Result<(), Stop> {
        let mut left = duration;
        while !left.is_zero() {
            self.check_go()?;
            let slice = left.min(WAIT_SLICE);
            self.client.transport().sleep(slice).await;
            left -= slice;
        }
        Ok(())
    }

    async fn back_off(&self, attempt: u32) {
        let factor = 1u32 << attempt.saturating_sub(1).min(16);
        let wait = self
            .options
            .first_backoff
            .saturating_mul(factor)
            .min(self.options.max_backoff);
        self.client.transport().sleep(wait).await;
    }
}
