//! The report at the end, as JSON (for saving) and Markdown (for reading, printing or
//! handing to whoever runs the receiving server): what it is (its date and time, and
//! whether it comes from practice), whose organization, what was created, what was
//! already there, what was skipped or failed and why, what was deleted (by address), and
//! what the receiving server must do now (verify `Calendly-Webhook-Signature`, read the V2
//! payload shape).
//!
//! It is built from the [`RunState`], which never holds the token, so the report cannot
//! contain it. The signing key appears only when the user explicitly asks for it. The
//! next steps are [rich text](crate::rich) that a screen shows as it is and the Markdown
//! writes from the same data; everything a user or Calendly supplied (addresses, names,
//! notes) is escaped on its way into Markdown, so the file cannot carry markup or links.

use calendly::{Event, Scope, SigningKey, SubscriptionUri, UserUri};
use serde::{Deserialize, Serialize};
use std::fmt::Write as _;

use crate::account::Discovery;
use crate::events::calendly_order;
use crate::executor::{DoneHow, EntryStatus, RunState};
use crate::plan::{Action, Decision, PlanEntry};
use crate::rich::{self, code, escape, strong, text, Block, Inline};
use crate::words;

/// The report's name; a practice report adds [`PRACTICE_MARK`].
pub const TITLE: &str = "Calendly webhook migration report";

/// What a practice report says in its title.
pub const PRACTICE_MARK: &str = "PRACTICE \u{2014} nothing was created";

/// What the report needs from outside the run: the core reads no clock and does not know
/// the mode or the account step's findings.
#[derive(Clone, Copy, Debug, Default)]
pub struct ReportContext<'a> {
    /// When the report is made, as the page words dates (e.g. "27 November 2026, 10:15
    /// (UTC+1)"); written as given.
    pub generated_at: &'a str,
    /// Made in practice mode, against the simulated Calendly: nothing real was created.
    pub practice: bool,
    /// The account step's findings: the organization's name and plan, people's names, and
    /// the subscriptions that existed (to describe what was deleted). `None` when they are
    /// not at hand; the report then names the organization by its address only.
    pub discovery: Option<&'a Discovery>,
}

/// How the run ended, in one word for the screen's heading.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// Nothing had to be written: everything asked for was already in place (or kept).
    NothingToChange,
    /// Everything asked for is in place now.
    Done,
    /// Something failed, was not finished, could not be done, or is left to delete.
    NeedsYou,
}

impl Outcome {
    /// The report's headline.
    pub fn headline(self) -> &'static str {
        match self {
            Outcome::NothingToChange => {
                "Nothing had to change: every webhook you asked for was already in place."
            }
            Outcome::Done => "Your new webhooks are set up.",
            Outcome::NeedsYou => "Some webhooks still need you.",
        }
    }
}

/// One subscription in the report.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Line {
    pub url: String,
    pub events: Vec<Event>,
    pub scope: Scope,
    /// The subscription's URI, when one exists.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subscription: Option<SubscriptionUri>,
    /// Why, or what happened, in plain words.
    pub note: String,
    /// What to do about it (failures only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_step: Option<String>,
}

/// A subscription that was deleted because the plan replaced it, named by its address.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Deleted {
    /// The address it delivered to.
    pub url: String,
    /// Whose bookings it delivered, in words ("for your own bookings", "for Max Member's
    /// own bookings", "for the whole organization").
    pub whose: String,
    /// Calendly's URI for it, for the technical details.
    pub subscription: SubscriptionUri,
}

/// A subscription made redundant by a consolidation that Calendly would not let the
/// assistant delete: a person must.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Leftover {
    /// The address it delivers to.
    pub url: String,
    /// Whose bookings it delivers, in words ("for Max Member's own bookings").
    pub whose: String,
    pub subscription: SubscriptionUri,
    /// Why it could not be deleted.
    pub message: String,
}

/// The whole report.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Report {
    /// [`TITLE`], with "(PRACTICE — nothing was created)" for a practice run.
    pub title: String,
    /// When it was made, as given in the [`ReportContext`].
    pub generated_at: String,
    /// Made in practice mode: nothing real was created.
    pub practice: bool,
    pub outcome: Outcome,
    /// [`Outcome::headline`].
    pub headline: String,
    /// The organization's name, when the account step could read it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub organization_name: Option<String>,
    /// Its plan in plain words ("Teams"), when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub plan: Option<String>,
    /// The name of the person who ran it, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_name: Option<String>,
    /// The organization's URI (technical details).
    pub organization: String,
    /// The user's URI (technical details).
    pub user: String,
    pub created: Vec<Line>,
    pub already_there: Vec<Line>,
    pub skipped: Vec<Line>,
    pub failed: Vec<Line>,
    /// Subscriptions deleted because the plan replaced them.
    pub deleted: Vec<Deleted>,
    /// Redundant subscriptions Calendly would not let us delete: a person must.
    pub left_for_you: Vec<Leftover>,
    /// Whether new subscriptions were created with a signing key.
    pub signed: bool,
    /// The key's last four characters, so the server's owner can tell which key it is.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub signing_key_ends_with: Option<String>,
    /// The signing key itself: only when the user asked for it to be included.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub signing_key: Option<IncludedKey>,
    /// Next steps for the receiving server, as rich text.
    pub next_steps: Vec<NextStep>,
}

/// The signing key, in a report whose reader asked for it: written into the JSON and the
/// Markdown as its text, but never shown by `Debug`, since a report value can end up in a
/// log or a failed assertion.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct IncludedKey(String);

impl IncludedKey {
    /// The key text, for the downloads that asked for it.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for IncludedKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("IncludedKey([hidden])")
    }
}

/// One next step for the receiving server: a title and its text as [blocks](Block),
/// which a screen renders directly and [`NextStep::to_markdown`] writes for the download.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NextStep {
    pub title: String,
    pub body: Vec<Block>,
}

impl NextStep {
    /// The body as Markdown (the title is the caller's heading).
    pub fn to_markdown(&self) -> String {
        rich::to_markdown(&self.body)
    }
}

/// Whose bookings a subscription delivers, after "a webhook" ("for your own bookings",
/// "for Max Member's own bookings"), `me` being who ran the migration.
fn whose(scope: Scope, owner: Option<&UserUri>, me: &UserUri, context: &ReportContext) -> String {
    match (scope, owner) {
        (Scope::User, Some(owner)) if owner != me => {
            match context.discovery.and_then(|d| d.people.get(owner)) {
                Some(name) => format!("for {name}'s own bookings"),
                None => format!(
                    "for {}",
                    words::subscription_scope(scope, Some(owner), me).to_lowercase()
                ),
            }
        }
        _ => words::scope(scope).for_whom.to_owned(),
    }
}

impl Report {
    /// Build the report of a run. `signing_key` is included only if
    /// `include_signing_key`; `context` says when, in which mode, and for whom.
    ///
    /// ```
    /// # fn demo(state: &migration::executor::RunState, discovery: &migration::account::Discovery) {
    /// use migration::report::{Report, ReportContext};
    /// let report = Report::from_run(state, None, false, &ReportContext {
    ///     generated_at: "27 November 2026, 10:15 UTC",
    ///     practice: true,
    ///     discovery: Some(discovery),
    /// });
    /// assert!(report.to_markdown().contains("PRACTICE"));
    /// # }
    /// ```
    pub fn from_run(
        state: &RunState,
        signing_key: Option<&SigningKey>,
        include_signing_key: bool,
        context: &ReportContext,
    ) -> Report {
        let discovery = context.discovery;
        let mut report = Report {
            title: if context.practice {
                format!("{TITLE} ({PRACTICE_MARK})")
            } else {
                TITLE.to_owned()
            },
            generated_at: context.generated_at.to_owned(),
            practice: context.practice,
            outcome: Outcome::Done,
            headline: String::new(),
            organization_name: discovery.and_then(|d| d.organization_name().map(str::to_owned)),
            plan: discovery.and_then(|d| d.plan_words().map(str::to_owned)),
            user_name: discovery
                .filter(|d| d.user.uri == state.plan.user)
                .map(|d| d.user.name.clone()),
            organization: state.plan.organization.to_string(),
            user: state.plan.user.to_string(),
            created: Vec::new(),
            already_there: Vec::new(),
            skipped: Vec::new(),
            failed: Vec::new(),
            deleted: Vec::new(),
            left_for_you: Vec::new(),
            signed: state.key_hint.is_some(),
            signing_key_ends_with: state.key_hint.as_ref().map(|h| h.ends_with.clone()),
            signing_key: signing_key
                .filter(|_| include_signing_key)
                .map(|k| IncludedKey(k.expose().to_owned())),
            next_steps: Vec::new(),
        };
        // Describes a subscription the plan named, from what the account step listed.
        let describe = |entry: &PlanEntry, uri: &SubscriptionUri| -> (String, String) {
            let known = discovery.and_then(|d| d.existing.iter().find(|s| &s.uri == uri));
            match known {
                Some(sub) => (
                    sub.callback_url.clone(),
                    whose(sub.scope, sub.user.as_ref(), &state.plan.user, context),
                ),
                // Every subscription a plan replaces has the entry's address.
                None => (entry.url.to_string(), "for an earlier webhook".into()),
            }
        };
        for entry in &state.plan.entries {
            let Some(es) = state.entries.iter().find(|e| e.id == entry.id) else {
                continue;
            };
            let line = |note: String,
                        subscription: Option<SubscriptionUri>,
                        next_step: Option<String>| Line {
                url: entry.url.to_string(),
                events: entry.events.clone(),
                scope: entry.scope,
                subscription,
                note,
                next_step,
            };
            if let Some(steps) = entry.steps() {
                let first = steps.delete_first.iter().filter(|_| es.deleted_first);
                for uri in first.chain(&es.deleted_after) {
                    let (url, whose) = describe(entry, uri);
                    report.deleted.push(Deleted {
                        url,
                        whose,
                        subscription: uri.clone(),
                    });
                }
                for c in &es.cleanup_failed {
                    let (url, whose) = describe(entry, &c.subscription);
                    report.left_for_you.push(Leftover {
                        url,
                        whose,
                        subscription: c.subscription.clone(),
                        message: c.message.clone(),
                    });
                }
            }
            match &es.status {
                EntryStatus::Done { how, subscription } => {
                    let mut note = match how {
                        DoneHow::Created => "Created.".to_owned(),
                        DoneHow::CreatedAnswerLost => {
                            "Created (Calendly's answer was lost on the way, so we checked the list to confirm it).".to_owned()
                        }
                        DoneHow::FoundExisting => "It already existed when we checked, so nothing was created.".to_owned(),
                    };
                    match &entry.action {
                        Action::ReplaceDisabled { .. } => {
                            note.push_str(" It replaces a webhook Calendly had switched off.")
                        }
                        Action::ChangeEvents { .. } => {
                            note.push_str(" It replaces the earlier webhook for this address.")
                        }
                        Action::Consolidate { .. } => note.push_str(
                            " It replaces the members' personal webhooks for this address.",
                        ),
                        _ => {}
                    }
                    if !es.dropped_events.is_empty() {
                        let _ = write!(
                            note,
                            " Without {}, which Calendly refused for this account's plan.",
                            words::event_list(&es.dropped_events)
                        );
                    }
                    if *how == DoneHow::FoundExisting && matches!(entry.action, Action::Create) {
                        report
                            .already_there
                            .push(line(note, Some(subscription.clone()), None));
                    } else {
                        report
                            .created
                            .push(line(note, Some(subscription.clone()), None));
                    }
                }
                EntryStatus::NothingToDo { reason } => match &entry.action {
                    Action::AlreadyDone { existing, .. } => report.already_there.push(line(
                        reason.clone(),
                        Some(existing.clone()),
                        None,
                    )),
                    Action::ChangeEvents {
                        existing,
                        decision: Decision::KeepExisting,
                        ..
                    } => report.already_there.push(line(
                        reason.clone(),
                        Some(existing.clone()),
                        None,
                    )),
                    _ => report.skipped.push(line(reason.clone(), None, None)),
                },
                EntryStatus::Failed {
                    message, next_step, ..
                } => report.failed.push(line(
                    message.clone(),
                    es.subscription.clone(),
                    Some(next_step.clone()),
                )),
                _ => report
                    .skipped
                    .push(line(not_finished(entry), es.subscription.clone(), None)),
            }
        }
        report.outcome = if !report.failed.is_empty()
            || !report.skipped.is_empty()
            || !report.left_for_you.is_empty()
        {
            Outcome::NeedsYou
        } else if report.created.is_empty() && report.deleted.is_empty() {
            Outcome::NothingToChange
        } else {
            Outcome::Done
        };
        report.headline = report.outcome.headline().to_owned();
        report.next_steps = next_steps(&report, &state.plan.entries);
        report
    }

    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).expect("the report is plain data")
    }

    /// The report as Markdown. Every text a user or Calendly supplied is escaped
    /// ([`rich::escape`]), so the file shows it as text in any Markdown renderer.
    pub fn to_markdown(&self) -> String {
        let mut md = String::new();
        let _ = writeln!(md, "# {}\n", escape(&self.title));
        if !self.generated_at.is_empty() {
            let _ = writeln!(md, "Made on {}.  ", escape(&self.generated_at));
        }
        match (&self.organization_name, &self.plan) {
            (Some(name), Some(plan)) => {
                let _ = writeln!(
                    md,
                    "Organization: {} ({} plan)  ",
                    escape(name),
                    escape(plan)
                );
            }
            (Some(name), None) => {
                let _ = writeln!(md, "Organization: {}  ", escape(name));
            }
            (None, _) => {
                let _ = writeln!(
                    md,
                    "Organization: {}  ",
                    rich::inlines(&[code(&self.organization)], false)
                );
            }
        }
        match &self.user_name {
            Some(name) => {
                let _ = writeln!(md, "Run by: {}\n", escape(name));
            }
            None => {
                let _ = writeln!(
                    md,
                    "Run by: {}\n",
                    rich::inlines(&[code(&self.user)], false)
                );
            }
        }
        if self.practice {
            md.push_str(
                "**This is a practice report.** It comes from the assistant's practice mode, a pretend Calendly \
                 account inside the page: nothing was created or deleted in any real Calendly account.\n\n",
            );
        }
        let _ = writeln!(md, "**{}**\n", escape(&self.headline));
        let _ = writeln!(
            md,
            "{} created, {} already there, {} skipped, {} failed.\n",
            self.created.len(),
            self.already_there.len(),
            self.skipped.len(),
            self.failed.len()
        );
        section(&mut md, "Created", &self.created);
        section(
            &mut md,
            if self.outcome == Outcome::NothingToChange {
                "Already in place"
            } else {
                "Already there (nothing to do)"
            },
            &self.already_there,
        );
        section(&mut md, "Skipped", &self.skipped);
        section(&mut md, "Failed", &self.failed);
        if !self.deleted.is_empty() {
            md.push_str("## Deleted (replaced by the webhooks above)\n\n");
            for d in &self.deleted {
                let _ = writeln!(md, "- {} ({})", escape(&d.url), escape(&d.whose));
            }
            md.push('\n');
        }
        if !self.left_for_you.is_empty() {
            md.push_str(
                "## Left for you to delete\n\nThese webhooks are no longer needed (the organization webhook above covers them), \
                 but Calendly did not let us delete them. Until their owners delete them, those bookings reach your server twice.\n\n",
            );
            for c in &self.left_for_you {
                let _ = writeln!(
                    md,
                    "- {} ({}): {}",
                    escape(&c.url),
                    escape(&c.whose),
                    escape(&c.message)
                );
            }
            md.push('\n');
        }
        if let Some(key) = &self.signing_key {
            let _ = writeln!(
                md,
                "## Signing key\n\nYou asked for the signing key to be included. Keep this report as secret as a password.\n\n{}\n",
                Block::code("", key.expose()).to_markdown()
            );
        }
        md.push_str("# Next steps for your receiving server\n\n");
        for step in &self.next_steps {
            let _ = writeln!(md, "## {}\n\n{}\n", escape(&step.title), step.to_markdown());
        }
        md.push_str("# Technical details\n\n");
        let mut details = vec![
            vec![text("Organization: "), code(&self.organization)],
            vec![text("Run by user: "), code(&self.user)],
        ];
        details.extend(
            self.deleted
                .iter()
                .map(|d| vec![text("Deleted: "), code(d.subscription.as_str())]),
        );
        details.extend(self.left_for_you.iter().map(|c| {
            vec![
                text("Left for you to delete: "),
                code(c.subscription.as_str()),
            ]
        }));
        md.push_str(&Block::bullets(details).to_markdown());
        md.push('\n');
        md
    }
}

fn not_finished(entry: &PlanEntry) -> String {
    match entry.action {
        Action::ChangeEvents { decision: Decision::Undecided, .. } => "Waiting for your choice.".into(),
        _ => "Not finished: the run was stopped before this webhook was done. Run the migration again to finish it; \
              nothing will be created twice."
            .into(),
    }
}

fn section(md: &mut String, title: &str, lines: &[Line]) {
    if lines.is_empty() {
        return;
    }
    let _ = writeln!(md, "## {title}\n");
    md.push_str("| Address | Events | For | Subscription | Notes |\n|---|---|---|---|---|\n");
    for l in lines {
        let events: Vec<&str> = l.events.iter().map(Event::name).collect();
        let whom = words::scope(l.scope).inline;
        let mut note = l.note.clone();
        if let Some(next) = &l.next_step {
            let _ = write!(note, " Next: {next}");
        }
        let subscription = l
            .subscription
            .as_ref()
            .map_or("—".into(), |s| rich::inlines(&[code(s.as_str())], true));
        let _ = writeln!(
            md,
            "| {} | {} | {} | {} | {} |",
            escape(&l.url),
            escape(&events.join(", ")),
            whom,
            subscription,
            escape(&note)
        );
    }
    md.push('\n');
}

/// The signature recipe: Calendly's documented scheme (api.md §4.4), with the mistakes
/// people make called out (raw body, `t.` prefix, only the `v1` part, constant time), and
/// working Node.js and Python code (the files in `snippets/`, run for real by the tests). With `key_ends_with`
/// the text names the key by its end, so whoever runs the server knows which one to use.
///
/// ```
/// use migration::rich::Block;
/// let step = migration::report::verify_signature(Some("x9Qa"));
/// assert!(step.body.iter().any(|b| matches!(b, Block::Code { language, .. } if language == "python")));
/// ```
pub fn verify_signature(key_ends_with: Option<&str>) -> NextStep {
    let check = match key_ends_with {
        Some(end) => format!(
            ". Check it before trusting the request, with the signing key you saved during the migration (it ends \
             with \"{end}\"; keep it in your server's secret settings, never in its code):"
        ),
        None => ". Check it before trusting the request:".to_owned(),
    };
    NextStep {
        title: "Check the signature of every delivery".into(),
        body: vec![
            Block::paragraph(vec![
                text("Every delivery carries a header like "),
                code("Calendly-Webhook-Signature: t=1732700000,v1=5257a8…"),
                text(check),
            ]),
            Block::numbered(vec![
                vec![
                    text("Split the header on "),
                    code(","),
                    text(" and then each part on the first "),
                    code("="),
                    text("; take "),
                    code("t"),
                    text(" (a Unix time in seconds) and "),
                    code("v1"),
                    text(" (lower-case hex)."),
                ],
                vec![
                    text("Build the signed text: "),
                    code("t"),
                    text(", then a dot, then the "),
                    strong("raw request body exactly as received"),
                    text(
                        " \u{2014} the bytes, before any JSON parsing. Re-serialising the JSON changes spacing and key \
                         order and breaks the signature.",
                    ),
                ],
                vec![text(
                    "Compute HMAC-SHA256 of that text with your signing key, as lower-case hex.",
                )],
                vec![
                    text("Compare it with "),
                    code("v1"),
                    text(" using a "),
                    strong("constant-time"),
                    text(" comparison (not "),
                    code("=="),
                    text("), so the comparison time does not leak the answer."),
                ],
                vec![
                    text("Reject the request if "),
                    code("t"),
                    text(" is more than 3 minutes away from your clock (replay protection)."),
                ],
                vec![text(
                    "Answer with a 2xx status quickly (Calendly waits 10 s to connect and 15 s for the answer) and do \
                     the work afterwards. A redirect counts as a failure, and answering 410 Gone makes Calendly delete \
                     the webhook.",
                )],
            ]),
            Block::paragraph(vec![text("Node.js:")]),
            Block::code("js", crate::snippets::VERIFY_JS),
            Block::paragraph(vec![text("Python:")]),
            Block::code("python", crate::snippets::VERIFY_PY),
        ],
    }
}

/// The signature check in the languages the recipe does not show (Ruby, PHP, Go, Rust),
/// the tested files in `snippets/`, and where to check one delivery by hand.
pub fn other_languages() -> NextStep {
    let mut body = vec![Block::paragraph(vec![text(
        "The same check in other languages, tested the same way. To check one delivery by hand, paste its \
         signature header, its raw body and the signing key into the assistant's page \u{201c}Check a webhook \
         signature\u{201d} (on its first screen): it says whether the signature is valid and, if not, the likely \
         reason. Nothing typed there leaves the browser.",
    )])];
    for (name, language, code_text) in &crate::snippets::VERIFY[2..] {
        let label = if *language == "rust" {
            vec![
                text("Rust (with the "),
                code("hmac"),
                text(" and "),
                code("sha2"),
                text(" crates):"),
            ]
        } else {
            vec![text(format!("{name}:"))]
        };
        body.push(Block::paragraph(label));
        body.push(Block::code(language, code_text));
    }
    NextStep {
        title: "The same check in Ruby, PHP, Go or Rust".into(),
        body,
    }
}

/// The adapters that turn a V2 delivery into the old v1 shape (the tested files in
/// `snippets/`), so old code keeps working while it is rewritten.
pub fn adapters() -> NextStep {
    let mut body = vec![Block::paragraph(vec![
        text(
            "If your server's code was written for the old webhooks, these small functions (no dependencies) \
             turn a V2 delivery of a booking, a cancellation or a no-show into the old v1 shape, so that the old \
             code keeps working unchanged while you rewrite it. Check the signature first, over the raw body; \
             then convert. Values V2 no longer sends (the event type's slug, kind and owner, the ready-formatted ",
        ),
        code("*_pretty"),
        text(" times, the other booking's details on a reschedule) come out empty ("),
        code("null"),
        text(
            "). To see one of your own deliveries the old way, paste it into the assistant's page \u{201c}See a \
             delivery the old way\u{201d}.",
        ),
    ])];
    for (name, language, code_text) in &crate::snippets::ADAPTER {
        body.push(Block::paragraph(vec![text(format!("{name}:"))]));
        body.push(Block::code(language, code_text));
    }
    NextStep {
        title: "Keep your old code running while you rewrite it".into(),
        body,
    }
}

/// `a` / `b` / `c` as code, then `after` as text.
fn fields(names: &[&str], after: &str) -> Vec<Inline> {
    let mut runs = Vec::new();
    for (i, name) in names.iter().enumerate() {
        if i > 0 {
            runs.push(text(" / "));
        }
        runs.push(code(*name));
    }
    if !after.is_empty() {
        runs.push(text(after));
    }
    runs
}

/// What changed between v1 and V2 deliveries for the invitee events (api.md §8.4).
pub fn payload_shape() -> NextStep {
    let row = |v1: Vec<Inline>, v2: Vec<Inline>| vec![v1, v2];
    NextStep {
        title: "Read the new V2 delivery format".into(),
        body: vec![
            Block::paragraph(vec![
                text(
                    "V2 deliveries have a different shape from the old v1 ones, so the code that reads them must \
                     change. Every V2 delivery looks like ",
                ),
                code(r#"{"event": "invitee.created", "created_at": "…", "created_by": "https://api.calendly.com/users/…", "payload": {…}}"#),
                text(". For "),
                code("invitee.created"),
                text(" and "),
                code("invitee.canceled"),
                text(":"),
            ]),
            Block::Table {
                head: vec![vec![text("v1 field")], vec![text("V2 field")]],
                rows: vec![
                    row(fields(&["time"], ""), fields(&["created_at"], "")),
                    row(
                        fields(&["payload.invitee.email", "name", "first_name", "last_name"], ""),
                        fields(&["payload.email", "name", "first_name", "last_name"], ""),
                    ),
                    row(
                        fields(&["payload.invitee.uuid"], ""),
                        [vec![text("last part of ")], fields(&["payload.uri"], "")].concat(),
                    ),
                    row(
                        fields(&["payload.invitee.timezone", "text_reminder_number"], ""),
                        fields(&["payload.timezone", "payload.text_reminder_number"], ""),
                    ),
                    row(
                        fields(&["payload.event.uuid"], ""),
                        [vec![text("last part of ")], fields(&["payload.scheduled_event.uri"], "")].concat(),
                    ),
                    row(
                        fields(&["payload.event.start_time", "end_time"], ""),
                        fields(&["payload.scheduled_event.start_time", "end_time"], " (always UTC)"),
                    ),
                    row(
                        fields(&["payload.event.location"], " (text)"),
                        [
                            fields(&["payload.scheduled_event.location"], " (an object: use "),
                            fields(&["location"], " or "),
                            fields(&["join_url"], ")"),
                        ]
                        .concat(),
                    ),
                    row(
                        fields(&["payload.event_type.name"], ""),
                        fields(&["payload.scheduled_event.name"], ""),
                    ),
                    row(
                        fields(&["payload.event_type.uuid"], ""),
                        [vec![text("last part of ")], fields(&["payload.scheduled_event.event_type"], "")].concat(),
                    ),
                    row(
                        fields(&["payload.event.assigned_to[]"], ""),
                        fields(&["payload.scheduled_event.event_memberships[].user_name"], ""),
                    ),
                    row(
                        fields(&["payload.invitee.payments[]"], ""),
                        [
                            fields(&["payload.payment"], " (one object; "),
                            fields(&["id"], " became "),
                            fields(&["external_id"], ")"),
                        ]
                        .concat(),
                    ),
                    row(
                        fields(&["payload.invitee.is_reschedule"], ""),
                        fields(&["payload.rescheduled"], " (on the cancellation)"),
                    ),
                    row(
                        fields(&["payload.invitee.cancel_reason", "canceler_name", "canceled_at"], ""),
                        fields(&["payload.cancellation.reason", "canceled_by", "created_at"], ""),
                    ),
                    row(
                        fields(&["payload.questions_and_answers[]"], ""),
                        [vec![text("same, with a ")], fields(&["position"], "")].concat(),
                    ),
                    row(fields(&["payload.tracking"], ""), vec![text("same six fields")]),
                    row(
                        fields(&["payload.old_event", "new_event"], " (objects)"),
                        fields(&["payload.old_invitee", "new_invitee"], " (addresses to fetch if needed)"),
                    ),
                    row(
                        fields(&["*_pretty"], " texts"),
                        vec![text("gone: format dates yourself")],
                    ),
                ],
            },
            Block::paragraph(vec![text(
                "A reschedule still arrives as a cancellation of the old time plus a booking of the new time.",
            )]),
        ],
    }
}

fn paragraph(words: &str) -> Vec<Block> {
    vec![Block::paragraph(vec![text(words)])]
}

fn next_steps(report: &Report, entries: &[PlanEntry]) -> Vec<NextStep> {
    let mut steps = Vec::new();
    let in_place = !report.created.is_empty() || !report.already_there.is_empty();
    if !report.created.is_empty() && !report.signed {
        steps.push(NextStep {
            title: "Deliveries are not signed".into(),
            body: paragraph(
                "The new webhooks were created without a signing key, so your server cannot tell a real delivery \
                 from a forged one. To add one, run the assistant again with a signing key and choose to replace them.",
            ),
        });
    } else if in_place {
        // Name the key by its end when this run created webhooks with it.
        let end = report
            .signing_key_ends_with
            .as_deref()
            .filter(|_| !report.created.is_empty());
        steps.push(verify_signature(end));
        steps.push(other_languages());
    }
    if !report.already_there.is_empty() {
        steps.push(NextStep {
            title: "Webhooks that already existed keep their old key".into(),
            body: paragraph(
                "Webhooks listed under \"Already there\" were created earlier with whatever signing key was given \
                 then (or none). Deliveries from them are signed with that old key, not a new one.",
            ),
        });
    }
    let invitee_events = entries
        .iter()
        .flat_map(|e| e.events.iter())
        .any(|e| Event::V1.contains(e));
    if invitee_events {
        steps.push(payload_shape());
        steps.push(adapters());
    }
    let other: Vec<Event> = calendly_order(
        entries
            .iter()
            .flat_map(|e| e.events.iter())
            .filter(|e| !Event::V1.contains(e))
            .cloned(),
    );
    if !other.is_empty() {
        let mut runs = vec![text("Your server will also receive ")];
        for (i, e) in other.iter().enumerate() {
            if i > 0 {
                runs.push(text(", "));
            }
            runs.push(code(e.name()));
            runs.push(text(format!(" ({})", words::event_label(e).to_lowercase())));
        }
        runs.push(text(". Each has its own "));
        runs.push(code("payload"));
        runs.push(text("; the assistant's preview shows an example of each."));
        steps.push(NextStep {
            title: "New kinds of events".into(),
            body: vec![Block::paragraph(runs)],
        });
    }
    steps.push(NextStep {
        title: "Test it".into(),
        body: paragraph(
            "Calendly has no \"send a test\" button and does not replay past bookings. Make a test booking on your own \
             booking page now (and cancel it), and check that your server received both deliveries.",
        ),
    });
    steps.push(NextStep {
        title: "Ignore repeats".into(),
        body: vec![Block::paragraph(vec![
            text(
                "Calendly may deliver the same event more than once (it retries when your server is slow). \
                 Deliveries carry no unique id: treat two deliveries with the same ",
            ),
            code("event"),
            text(", "),
            code("payload.uri"),
            text(" and "),
            code("created_at"),
            text(" as one."),
        ])],
    });
    steps.push(NextStep {
        title: "Keep an eye on it".into(),
        body: paragraph(
            "If your server fails for a day, Calendly switches the webhook off without telling anyone. Run this \
             assistant again from time to time (it is safe to run again: it only fixes what is missing), or check \
             the webhook's state through the API.",
        ),
    });
    steps
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::account::{Discovery, OrganizationFacts};
    use crate::executor::{CleanupFailure, EntryState, RunState};
    use crate::old_hooks::from_form;
    use crate::plan::tests::{account, me, org, sub};
    use crate::plan::{make_plan, Choices};
    use calendly::{OrganizationPlan, Role, SubscriptionState, User, WebhookSubscription};
    use std::collections::BTreeMap;

    const WHEN: &str = "27 November 2026, 10:15 UTC";

    fn live() -> ReportContext<'static> {
        ReportContext {
            generated_at: WHEN,
            practice: false,
            discovery: None,
        }
    }

    fn choices(scope: Scope) -> Choices {
        Choices {
            scope,
            events: None,
            consolidate: vec![],
            decisions: vec![],
        }
    }

    fn set(state: &mut RunState, id: usize, status: EntryStatus) {
        let e: &mut EntryState = state.entries.iter_mut().find(|e| e.id == id).unwrap();
        e.status = status;
    }

    fn finished_state() -> RunState {
        let existing = [sub(
            "OLD",
            "https://b.example.com/h",
            Scope::User,
            Some("ME"),
            &Event::V1,
            SubscriptionState::Active,
        )];
        let hooks = [
            from_form("https://a.example.com/h", &[]).unwrap(),
            from_form("https://b.example.com/h", &[]).unwrap(),
            from_form(
                "https://c.example.com/h",
                &[Event::RoutingFormSubmissionCreated],
            )
            .unwrap(),
            from_form("https://d.example.com/h", &[Event::ContactCreated]).unwrap(),
        ];
        let plan = make_plan(
            &account(Role::User),
            &existing,
            &hooks,
            &choices(Scope::User),
        );
        let key = crate::signing::generate().unwrap();
        let mut state = RunState::new(plan, Some(&key));
        set(
            &mut state,
            0,
            EntryStatus::Done {
                how: DoneHow::Created,
                subscription: SubscriptionUri::from_id("NEW"),
            },
        );
        set(
            &mut state,
            3,
            EntryStatus::Failed {
                message: "Calendly had a problem | on its side.".into(),
                next_step: "Try again.".into(),
                remedy: crate::executor::Remedy::TryAgain,
                error: None,
            },
        );
        state
    }

    fn person(id: &str, name: &str) -> User {
        serde_json::from_value(serde_json::json!({
            "uri": UserUri::from_id(id).as_str(),
            "name": name,
            "email": "x@example.com",
            "current_organization": org().as_str(),
        }))
        .unwrap()
    }

    fn discovery(organization_name: &str, existing: Vec<WebhookSubscription>) -> Discovery {
        let mut people = BTreeMap::new();
        people.insert(me(), "Alex Admin".to_owned());
        people.insert(UserUri::from_id("MAX"), "Max Member".to_owned());
        Discovery {
            user: person("ME", "Alex Admin"),
            account: account(Role::Admin),
            scopes: vec![Scope::Organization, Scope::User],
            existing,
            organization: Some(OrganizationFacts {
                uri: org(),
                name: organization_name.into(),
                plan: Some(OrganizationPlan::Teams),
            }),
            people,
        }
    }

    // ---------------------------------------------------------------- sections

    #[test]
    fn the_report_sorts_every_entry_into_its_section() {
        let report = Report::from_run(&finished_state(), None, false, &live());
        assert_eq!(report.created.len(), 1);
        assert_eq!(
            report.created[0].subscription,
            Some(SubscriptionUri::from_id("NEW"))
        );
        assert_eq!(report.created[0].events, Event::V1.to_vec());
        assert_eq!(report.already_there.len(), 1);
        assert_eq!(
            report.already_there[0].subscription,
            Some(SubscriptionUri::from_id("OLD"))
        );
        assert_eq!(report.skipped.len(), 1);
        assert!(report.skipped[0].note.contains("whole organization"));
        assert_eq!(report.failed.len(), 1);
        assert_eq!(report.failed[0].next_step.as_deref(), Some("Try again."));
        assert!(report.signed);
        assert_eq!(report.outcome, Outcome::NeedsYou);
    }

    #[test]
    fn the_markdown_has_the_tables_and_the_signature_recipe() {
        let state = finished_state();
        let md = Report::from_run(&state, None, false, &live()).to_markdown();
        assert!(
            md.contains("1 created, 1 already there, 1 skipped, 1 failed."),
            "{md}"
        );
        assert!(md.contains(
            "| https://a.example.com/h | invitee.created, invitee.canceled | your own bookings |"
        ));
        assert!(
            md.contains("problem \\| on its side"),
            "pipes are escaped in cells"
        );
        for must in [
            "Calendly-Webhook-Signature",
            "raw request body",
            "constant-time",
            "3 minutes",
            "HMAC-SHA256",
            "timingSafeEqual",
            "compare_digest",
        ] {
            assert!(md.contains(must), "missing {must}");
        }
        assert!(
            md.contains("payload.scheduled_event.start_time"),
            "the v1 → V2 mapping"
        );
        assert!(md.contains("`contact.created` (contact added)"));
        assert!(md.contains("keep their old key"));
        let end = state.key_hint.as_ref().unwrap().ends_with.clone();
        assert!(
            md.contains(&format!("it ends with \"{end}\"")),
            "the key is named by its end"
        );
    }

    #[test]
    fn the_signing_key_appears_only_when_asked_for() {
        let state = finished_state();
        let key = crate::signing::generate().unwrap();
        let hidden = Report::from_run(&state, Some(&key), false, &live());
        assert!(
            !hidden.to_json().contains(key.expose())
                && !hidden.to_markdown().contains(key.expose())
        );
        let shown = Report::from_run(&state, Some(&key), true, &live());
        assert!(
            shown.to_json().contains(key.expose()) && shown.to_markdown().contains(key.expose())
        );
    }

    #[test]
    fn a_report_that_includes_the_signing_key_prints_without_it() {
        let state = finished_state();
        let key = crate::signing::generate().unwrap();
        let report = Report::from_run(&state, Some(&key), true, &live());
        for printed in [format!("{report:?}"), format!("{report:#?}")] {
            assert!(!printed.contains(key.expose()), "{printed}");
            assert!(printed.contains("IncludedKey([hidden])"), "{printed}");
        }
        let back: Report = serde_json::from_str(&report.to_json()).unwrap();
        assert_eq!(back, report, "the key survives a save and load");
    }

    #[test]
    fn an_unsigned_run_says_so_and_the_json_round_trips() {
        let mut state = finished_state();
        state.key_hint = None;
        let report = Report::from_run(&state, None, false, &live());
        assert_eq!(report.next_steps[0].title, "Deliveries are not signed");
        let back: Report = serde_json::from_str(&report.to_json()).unwrap();
        assert_eq!(back, report);
    }

    #[test]
    fn an_interrupted_entry_is_reported_as_not_finished() {
        let mut state = finished_state();
        state.entries[0].status = EntryStatus::Interrupted;
        let report = Report::from_run(&state, None, false, &live());
        assert!(report
            .skipped
            .iter()
            .any(|l| l.note.contains("Run the migration again")));
    }

    // ---------------------------------------------------------------- what it is

    #[test]
    fn every_report_carries_its_date_and_time() {
        let report = Report::from_run(&finished_state(), None, false, &live());
        assert_eq!(report.generated_at, WHEN);
        assert!(report.to_markdown().contains(&format!("Made on {WHEN}.")));
        assert!(report
            .to_json()
            .contains(&format!("\"generated_at\": \"{WHEN}\"")));
    }

    #[test]
    fn a_practice_report_says_so_in_its_title_in_markdown_and_json() {
        let practice = ReportContext {
            practice: true,
            ..live()
        };
        let report = Report::from_run(&finished_state(), None, false, &practice);
        let title = "Calendly webhook migration report (PRACTICE \u{2014} nothing was created)";
        assert!(report.to_markdown().starts_with(&format!("# {title}\n")));
        let json: serde_json::Value = serde_json::from_str(&report.to_json()).unwrap();
        assert_eq!(json["title"], title);
        assert_eq!(json["practice"], true);
    }

    #[test]
    fn a_live_report_does_not_say_practice() {
        let report = Report::from_run(&finished_state(), None, false, &live());
        assert_eq!(report.title, TITLE);
        assert!(!report.to_markdown().contains("PRACTICE"));
    }

    // ---------------------------------------------------------------- names

    #[test]
    fn the_report_names_the_organization_its_plan_and_who_ran_it() {
        let d = discovery("Acme Scheduling", vec![]);
        let context = ReportContext {
            discovery: Some(&d),
            ..live()
        };
        let report = Report::from_run(&finished_state(), None, false, &context);
        assert_eq!(report.organization_name.as_deref(), Some("Acme Scheduling"));
        assert_eq!(report.plan.as_deref(), Some("Teams"));
        let md = report.to_markdown();
        assert!(
            md.contains("Organization: Acme Scheduling (Teams plan)"),
            "{md}"
        );
        assert!(md.contains("Run by: Alex Admin"), "{md}");
        // The addresses are kept for whoever needs them, under the technical details.
        let details = &md[md.find("# Technical details").unwrap()..];
        assert!(details.contains("https://api.calendly.com/organizations/ORG"));
    }

    #[test]
    fn without_the_account_step_the_organization_is_named_by_its_address() {
        let md = Report::from_run(&finished_state(), None, false, &live()).to_markdown();
        assert!(
            md.contains("Organization: `https://api.calendly.com/organizations/ORG`"),
            "{md}"
        );
    }

    /// Alex (admin) folds his own and Max's personal webhooks for one address into one
    /// organization-wide webhook; Calendly refuses to let him delete Max's.
    fn consolidated() -> (RunState, Vec<WebhookSubscription>) {
        let url = "https://hooks.example.com/calendly";
        let existing = vec![
            sub(
                "MINE",
                url,
                Scope::User,
                Some("ME"),
                &[Event::InviteeCreated],
                SubscriptionState::Active,
            ),
            sub(
                "MAXS",
                url,
                Scope::User,
                Some("MAX"),
                &[Event::InviteeCanceled],
                SubscriptionState::Active,
            ),
        ];
        let plan = make_plan(
            &account(Role::Admin),
            &existing,
            &[from_form(url, &Event::V1).unwrap()],
            &Choices {
                consolidate: vec![url.into()],
                ..choices(Scope::Organization)
            },
        );
        assert!(
            matches!(plan.entries[0].action, Action::Consolidate { .. }),
            "{:?}",
            plan.entries[0].action
        );
        let mut state = RunState::new(plan, None);
        let es = &mut state.entries[0];
        es.status = EntryStatus::Done {
            how: DoneHow::Created,
            subscription: SubscriptionUri::from_id("ORGWIDE"),
        };
        es.deleted_first = true;
        es.cleanup_failed.push(CleanupFailure {
            subscription: SubscriptionUri::from_id("MAXS"),
            message: "Calendly did not allow it.".into(),
        });
        (state, existing)
    }

    #[test]
    fn deleted_subscriptions_are_shown_by_their_address_and_whose_they_were() {
        let (state, existing) = consolidated();
        let d = discovery("Acme", existing);
        let context = ReportContext {
            discovery: Some(&d),
            ..live()
        };
        let report = Report::from_run(&state, None, false, &context);
        assert_eq!(
            report.deleted,
            vec![Deleted {
                url: "https://hooks.example.com/calendly".into(),
                whose: "for your own bookings".into(),
                subscription: SubscriptionUri::from_id("MINE"),
            }]
        );
        assert_eq!(
            report.left_for_you[0].whose,
            "for Max Member's own bookings"
        );
        let md = report.to_markdown();
        let deleted = &md[md.find("## Deleted").unwrap()..md.find("## Left for you").unwrap()];
        assert!(
            deleted.contains("- https://hooks.example.com/calendly (for your own bookings)"),
            "{deleted}"
        );
        assert!(!deleted.contains("MINE"), "no bare ID: {deleted}");
        assert!(
            md.contains("(for Max Member's own bookings): Calendly did not allow it."),
            "{md}"
        );
    }

    #[test]
    fn without_the_account_step_a_deleted_subscription_still_shows_its_address() {
        let (state, _) = consolidated();
        let report = Report::from_run(&state, None, false, &live());
        assert_eq!(report.deleted[0].url, "https://hooks.example.com/calendly");
        assert_eq!(
            report.left_for_you[0].url,
            "https://hooks.example.com/calendly"
        );
    }

    // ---------------------------------------------------------------- nothing to change

    fn nothing_to_change() -> RunState {
        let url = "https://a.example.com/h";
        let existing = [sub(
            "THERE",
            url,
            Scope::User,
            Some("ME"),
            &Event::V1,
            SubscriptionState::Active,
        )];
        let plan = make_plan(
            &account(Role::User),
            &existing,
            &[from_form(url, &Event::V1).unwrap()],
            &choices(Scope::User),
        );
        RunState::new(plan, None)
    }

    #[test]
    fn a_plan_with_nothing_to_write_is_complete_at_once() {
        let state = nothing_to_change();
        assert!(state.is_complete());
        assert_eq!(state.entries[0].requests, 0);
    }

    #[test]
    fn nothing_to_change_says_so_lists_what_is_in_place_and_gives_next_steps() {
        let report = Report::from_run(&nothing_to_change(), None, false, &live());
        assert_eq!(report.outcome, Outcome::NothingToChange);
        assert_eq!(report.already_there.len(), 1);
        let md = report.to_markdown();
        assert!(
            md.contains(
                "**Nothing had to change: every webhook you asked for was already in place.**"
            ),
            "{md}"
        );
        assert!(md.contains("## Already in place"), "{md}");
        assert!(md.contains("https://a.example.com/h"));
        let titles: Vec<&str> = report.next_steps.iter().map(|s| s.title.as_str()).collect();
        assert!(
            titles.contains(&"Check the signature of every delivery"),
            "{titles:?}"
        );
        assert!(titles.contains(&"Test it"), "{titles:?}");
        assert!(
            !titles.contains(&"Deliveries are not signed"),
            "nothing new was created: {titles:?}"
        );
    }

    // ---------------------------------------------------------------- next steps as data

    #[test]
    fn next_steps_are_structured_and_their_markdown_comes_from_the_same_data() {
        let report = Report::from_run(&finished_state(), None, false, &live());
        let recipe = &report.next_steps[0];
        assert!(recipe
            .body
            .iter()
            .any(|b| matches!(b, Block::List { ordered: true, items } if items.len() == 6)));
        assert!(recipe.body.iter().any(
            |b| matches!(b, Block::Code { language, code } if language == "js" && code.contains("createHmac"))
        ));
        let shape = report
            .next_steps
            .iter()
            .find(|s| s.title.contains("V2 delivery format"))
            .unwrap();
        assert!(shape
            .body
            .iter()
            .any(|b| matches!(b, Block::Table { rows, .. } if rows.len() == 17)));
        let md = report.to_markdown();
        for step in &report.next_steps {
            assert!(md.contains(&step.to_markdown()), "{}", step.title);
        }
    }

    // ---------------------------------------------------------------- escaping

    /// The report for one created webhook at `url`, rendered to HTML by pulldown-cmark (a
    /// common Markdown renderer, with GitHub's tables).
    fn rendered_with_address(url: &str, organization_name: &str) -> String {
        let plan = make_plan(
            &account(Role::User),
            &[],
            &[from_form(url, &Event::V1).expect("the address is accepted")],
            &choices(Scope::User),
        );
        let mut state = RunState::new(plan, None);
        set(
            &mut state,
            0,
            EntryStatus::Failed {
                message: format!("Calendly refused {url}"),
                next_step: format!("Check {organization_name}"),
                remedy: crate::executor::Remedy::None,
                error: None,
            },
        );
        let d = discovery(organization_name, vec![]);
        let context = ReportContext {
            discovery: Some(&d),
            ..live()
        };
        let md = Report::from_run(&state, None, false, &context).to_markdown();
        let mut html = String::new();
        pulldown_cmark::html::push_html(
            &mut html,
            pulldown_cmark::Parser::new_ext(&md, pulldown_cmark::Options::ENABLE_TABLES),
        );
        html
    }

    fn assert_inert(html: &str) {
        let lower = html.to_ascii_lowercase();
        assert!(!lower.contains("<script"), "a script tag survived:\n{html}");
        assert!(!lower.contains("<img"), "an image tag survived:\n{html}");
        assert!(
            !lower.contains("href=\"javascript:"),
            "a javascript: link survived:\n{html}"
        );
        assert!(
            !lower.contains("src=\"javascript:"),
            "a javascript: source survived:\n{html}"
        );
    }

    #[test]
    fn a_script_tag_in_an_address_renders_as_text() {
        let url = r#"https://hooks.example.com/b"><script>alert(2)</script>"#;
        let html = rendered_with_address(url, "Acme");
        assert_inert(&html);
        assert!(
            html.contains("&lt;script&gt;alert(2)&lt;/script&gt;"),
            "shown as text:\n{html}"
        );
    }

    #[test]
    fn a_javascript_link_in_an_address_renders_as_text() {
        let url = "https://hooks.example.com/c)[click](javascript:alert(4))";
        let html = rendered_with_address(url, "Acme");
        assert_inert(&html);
        assert!(
            html.contains("[click](javascript:alert(4))"),
            "shown as text:\n{html}"
        );
    }

    #[test]
    fn markup_in_a_name_renders_as_text() {
        let html = rendered_with_address(
            "https://hooks.example.com/ok",
            "<img src=x onerror=alert(1)> [x](javascript:alert(5))",
        );
        assert_inert(&html);
        assert!(
            html.contains("&lt;img src=x onerror=alert(1)&gt;"),
            "shown as text:\n{html}"
        );
    }

    #[test]
    fn a_backtick_in_an_id_cannot_break_out_of_its_code_span() {
        // IDs are opaque to us (any printable ASCII but `/?#`), so one from Calendly is
        // treated like user text: shown in code, never run.
        let plan = make_plan(
            &account(Role::User),
            &[],
            &[from_form("https://hooks.example.com/ok", &Event::V1).unwrap()],
            &choices(Scope::User),
        );
        let mut state = RunState::new(plan, None);
        set(
            &mut state,
            0,
            EntryStatus::Done {
                how: DoneHow::Created,
                subscription: SubscriptionUri::from_id("a`<script>alert(6)</script>`b"),
            },
        );
        let md = Report::from_run(&state, None, false, &live()).to_markdown();
        let mut html = String::new();
        pulldown_cmark::html::push_html(
            &mut html,
            pulldown_cmark::Parser::new_ext(&md, pulldown_cmark::Options::ENABLE_TABLES),
        );
        assert_inert(&html);
    }
}
