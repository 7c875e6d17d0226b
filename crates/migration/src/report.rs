//! The report at the end, as JSON (for saving) and Markdown (for reading, printing or
//! handing to whoever runs the receiving server): what was created, what was already
//! there, what was skipped or failed and why, and what the receiving server must do now
//! (verify `Calendly-Webhook-Signature`, read the V2 payload shape).
//!
//! It is built from the [`RunState`], which never holds the token, so the report cannot
//! contain it. The signing key appears only when the user explicitly asks for it.

use calendly::{Event, Scope, SigningKey, SubscriptionUri};
use serde::{Deserialize, Serialize};
use std::fmt::Write as _;

use crate::events::calendly_order;
use crate::executor::{CleanupFailure, DoneHow, EntryStatus, RunState};
use crate::plan::{Action, Decision, PlanEntry};
use crate::words;

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

/// The whole report.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Report {
    pub organization: String,
    pub user: String,
    pub created: Vec<Line>,
    pub already_there: Vec<Line>,
    pub skipped: Vec<Line>,
    pub failed: Vec<Line>,
    /// Subscriptions deleted because the plan replaced them.
    pub deleted: Vec<SubscriptionUri>,
    /// Redundant subscriptions Calendly would not let us delete: a person must.
    pub left_for_you: Vec<CleanupFailure>,
    /// Whether new subscriptions were created with a signing key.
    pub signed: bool,
    /// The key's last four characters, so the server's owner can tell which key it is.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub signing_key_ends_with: Option<String>,
    /// The signing key itself: only when the user asked for it to be included.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub signing_key: Option<String>,
    /// Next steps for the receiving server, each a title and Markdown text.
    pub next_steps: Vec<NextStep>,
}

/// One next step for the receiving server.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NextStep {
    pub title: String,
    pub text: String,
}

impl Report {
    /// Build the report of a run. `signing_key` is included only if `include_signing_key`.
    pub fn from_run(
        state: &RunState,
        signing_key: Option<&SigningKey>,
        include_signing_key: bool,
    ) -> Report {
        let mut report = Report {
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
                .map(|k| k.expose().to_owned()),
            next_steps: Vec::new(),
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
                if es.deleted_first {
                    report.deleted.extend(steps.delete_first.clone());
                }
                report.deleted.extend(es.deleted_after.iter().cloned());
                report
                    .left_for_you
                    .extend(es.cleanup_failed.iter().cloned());
            }
            match &es.status {
                EntryStatus::Done { how, subscription } => {
                    let note = match how {
                        DoneHow::Created => "Created.".to_owned(),
                        DoneHow::CreatedAnswerLost => {
                            "Created (Calendly's answer was lost on the way, so we checked the list to confirm it).".to_owned()
                        }
                        DoneHow::FoundExisting => "It already existed when we checked, so nothing was created.".to_owned(),
                    };
                    let note = match &entry.action {
                        Action::ReplaceDisabled { .. } => {
                            format!("{note} It replaces a webhook Calendly had switched off.")
                        }
                        Action::ChangeEvents { .. } => {
                            format!("{note} It replaces the earlier webhook for this address.")
                        }
                        Action::Consolidate { .. } => format!(
                            "{note} It replaces the members' personal webhooks for this address."
                        ),
                        _ => note,
                    };
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
                EntryStatus::Failed { message, next_step } => report.failed.push(line(
                    message.clone(),
                    es.subscription.clone(),
                    Some(next_step.clone()),
                )),
                _ => report
                    .skipped
                    .push(line(not_finished(entry), es.subscription.clone(), None)),
            }
        }
        report.next_steps = next_steps(&report, &state.plan.entries);
        report
    }

    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).expect("the report is plain data")
    }

    /// The report as Markdown.
    pub fn to_markdown(&self) -> String {
        let mut md = String::new();
        md.push_str("# Calendly webhook migration report\n\n");
        let _ = writeln!(
            md,
            "Organization: `{}`  \nRun by user: `{}`\n",
            self.organization, self.user
        );
        let _ = writeln!(
            md,
            "**{} created, {} already there, {} skipped, {} failed.**\n",
            self.created.len(),
            self.already_there.len(),
            self.skipped.len(),
            self.failed.len()
        );
        section(&mut md, "Created", &self.created);
        section(
            &mut md,
            "Already there (nothing to do)",
            &self.already_there,
        );
        section(&mut md, "Skipped", &self.skipped);
        section(&mut md, "Failed", &self.failed);
        if !self.deleted.is_empty() {
            md.push_str("## Deleted (replaced by the webhooks above)\n\n");
            for uri in &self.deleted {
                let _ = writeln!(md, "- `{uri}`");
            }
            md.push('\n');
        }
        if !self.left_for_you.is_empty() {
            md.push_str(
                "## Left for you to delete\n\nThese webhooks are no longer needed (the organization webhook above covers them), \
                 but Calendly did not let us delete them. Until their owners delete them, those bookings reach your server twice.\n\n",
            );
            for c in &self.left_for_you {
                let _ = writeln!(md, "- `{}`: {}", c.subscription, cell(&c.message));
            }
            md.push('\n');
        }
        if let Some(key) = &self.signing_key {
            let _ = writeln!(
                md,
                "## Signing key\n\nYou asked for the signing key to be included. Keep this report as secret as a password.\n\n```\n{key}\n```\n"
            );
        }
        md.push_str("# Next steps for your receiving server\n\n");
        for step in &self.next_steps {
            let _ = writeln!(md, "## {}\n\n{}\n", step.title, step.text.trim_end());
        }
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
        let _ = writeln!(
            md,
            "| {} | {} | {} | {} | {} |",
            cell(&l.url),
            cell(&events.join(", ")),
            whom,
            l.subscription
                .as_ref()
                .map_or("—".into(), |s| format!("`{s}`")),
            cell(&note)
        );
    }
    md.push('\n');
}

/// Table cells cannot hold `|` or line breaks.
fn cell(text: &str) -> String {
    text.replace('|', "\\|").replace(['\n', '\r'], " ")
}

/// The signature recipe: Calendly's documented scheme (api.md §4.4), with the mistakes
/// people make called out (raw body, `t.` prefix, only the `v1` part, constant time).
pub const VERIFY_SIGNATURE: &str = concat!(
    r#"Every delivery carries a header like `Calendly-Webhook-Signature: t=1732700000,v1=5257a8…`. Check it before trusting the request:

1. Split the header on `,` and then each part on the first `=`; take `t` (a Unix time in seconds) and `v1` (lower-case hex).
2. Build the signed text: `t`, then a dot, then the **raw request body exactly as received** — the bytes, before any JSON parsing. Re-serialising the JSON changes spacing and key order and breaks the signature.
3. Compute HMAC-SHA256 of that text with your signing key, as lower-case hex.
4. Compare it with `v1` using a **constant-time** comparison (not `==`), so the comparison time does not leak the answer.
5. Reject the request if `t` is more than 3 minutes away from your clock (replay protection).
6. Answer with a 2xx status quickly (Calendly waits 10 s to connect and 15 s for the answer) and do the work afterwards. A redirect counts as a failure, and answering 410 Gone makes Calendly delete the webhook.

Node.js:

```js
"#,
    include_str!("../snippets/verify.js"),
    "```\n\nPython:\n\n```python\n",
    include_str!("../snippets/verify.py"),
    "```\n"
);

/// What changed between v1 and V2 deliveries for the invitee events (api.md §8.4).
pub const PAYLOAD_SHAPE: &str = r#"V2 deliveries have a different shape from the old v1 ones, so the code that reads them must change. Every V2 delivery looks like `{"event": "invitee.created", "created_at": "…", "created_by": "https://api.calendly.com/users/…", "payload": {…}}`. For `invitee.created` and `invitee.canceled`:

| v1 field | V2 field |
|---|---|
| `time` | `created_at` |
| `payload.invitee.email` / `name` / `first_name` / `last_name` | `payload.email` / `name` / `first_name` / `last_name` |
| `payload.invitee.uuid` | last part of `payload.uri` |
| `payload.invitee.timezone` / `text_reminder_number` | `payload.timezone` / `payload.text_reminder_number` |
| `payload.event.uuid` | last part of `payload.scheduled_event.uri` |
| `payload.event.start_time` / `end_time` | `payload.scheduled_event.start_time` / `end_time` (always UTC) |
| `payload.event.location` (text) | `payload.scheduled_event.location` (an object: use `location` or `join_url`) |
| `payload.event_type.name` | `payload.scheduled_event.name` |
| `payload.event_type.uuid` | last part of `payload.scheduled_event.event_type` |
| `payload.event.assigned_to[]` | `payload.scheduled_event.event_memberships[].user_name` |
| `payload.invitee.payments[]` | `payload.payment` (one object; `id` became `external_id`) |
| `payload.invitee.is_reschedule` | `payload.rescheduled` (on the cancellation) |
| `payload.invitee.cancel_reason` / `canceler_name` / `canceled_at` | `payload.cancellation.reason` / `canceled_by` / `created_at` |
| `payload.questions_and_answers[]` | same, with a `position` |
| `payload.tracking` | same six fields |
| `payload.old_event` / `new_event` (objects) | `payload.old_invitee` / `new_invitee` (addresses to fetch if needed) |
| `*_pretty` texts | gone: format dates yourself |

A reschedule still arrives as a cancellation of the old time plus a booking of the new time."#;

fn next_steps(report: &Report, entries: &[PlanEntry]) -> Vec<NextStep> {
    let mut steps = Vec::new();
    if report.signed {
        // Name the key by its end, so whoever runs the server knows which one to use.
        let text = match &report.signing_key_ends_with {
            Some(end) => VERIFY_SIGNATURE.replacen(
                "Check it before trusting the request:",
                &format!(
                    "Check it before trusting the request, with the signing key you saved during the migration (it \
                     ends with \"{end}\"; keep it in your server's secret settings, never in its code):"
                ),
                1,
            ),
            None => VERIFY_SIGNATURE.to_owned(),
        };
        steps.push(NextStep {
            title: "Check the signature of every delivery".into(),
            text,
        });
        steps.push(NextStep {
            title: "The same check in Ruby, PHP, Go or Rust".into(),
            text: crate::snippets::OTHER_LANGUAGES.into(),
        });
    } else {
        steps.push(NextStep {
            title: "Deliveries are not signed".into(),
            text: "The new webhooks were created without a signing key, so your server cannot tell a real delivery from a \
                   forged one. To add one, run the assistant again with a signing key and choose to replace them."
                .into(),
        });
    }
    if !report.already_there.is_empty() {
        steps.push(NextStep {
            title: "Webhooks that already existed keep their old key".into(),
            text: "Webhooks listed under \"Already there\" were created earlier with whatever signing key was given then \
                   (or none). Deliveries from them are signed with that old key, not the new one."
                .into(),
        });
    }
    let invitee_events = entries
        .iter()
        .flat_map(|e| e.events.iter())
        .any(|e| Event::V1.contains(e));
    if invitee_events {
        steps.push(NextStep {
            title: "Read the new V2 delivery format".into(),
            text: PAYLOAD_SHAPE.into(),
        });
        steps.push(NextStep {
            title: "Keep your old code running while you rewrite it".into(),
            text: crate::snippets::ADAPTERS.into(),
        });
    }
    let other: Vec<Event> = calendly_order(
        entries
            .iter()
            .flat_map(|e| e.events.iter())
            .filter(|e| !Event::V1.contains(e))
            .cloned(),
    );
    if !other.is_empty() {
        let names: Vec<String> = other
            .iter()
            .map(|e| format!("`{}` ({})", e.name(), words::event_label(e).to_lowercase()))
            .collect();
        steps.push(NextStep {
            title: "New kinds of events".into(),
            text: format!(
                "Your server will also receive {}. Each has its own `payload`; the assistant's preview shows an example of each.",
                names.join(", ")
            ),
        });
    }
    steps.push(NextStep {
        title: "Test it".into(),
        text: "Calendly has no \"send a test\" button and does not replay past bookings. Make a test booking on your own \
               booking page now (and cancel it), and check that your server received both deliveries."
            .into(),
    });
    steps.push(NextStep {
        title: "Ignore repeats".into(),
        text: "Calendly may deliver the same event more than once (it retries when your server is slow). Deliveries carry \
               no unique id: treat two deliveries with the same `event`, `payload.uri` and `created_at` as one."
            .into(),
    });
    steps.push(NextStep {
        title: "Keep an eye on it".into(),
        text: "If your server fails for a day, Calendly switches the webhook off without telling anyone. Run this \
               assistant again from time to time (it is safe to run again: it only fixes what is missing), or check the \
               webhook's state through the API."
            .into(),
    });
    steps
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::executor::{EntryState, RunState};
    use crate::old_hooks::from_form;
    use crate::plan::tests::{account, sub};
    use crate::plan::{make_plan, Choices};
    use calendly::{Role, SubscriptionState};

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
            &Choices {
                scope: Scope::User,
                events: None,
                consolidate: vec![],
                decisions: vec![],
            },
        );
        let key = crate::signing::generate().unwrap();
        let mut state = RunState::new(plan, Some(&key));
        let set = |state: &mut RunState, id: usize, status: EntryStatus| {
            let e: &mut EntryState = state.entries.iter_mut().find(|e| e.id == id).unwrap();
            e.status = status;
        };
        set(
            &mut state,
            0,
            EntryStatus::Done {
                how: DoneHow::Created,
                subscription: SubscriptionUri::from_id("NEW"),
            },
        );
        let b_reason = state.plan.entries[1].why.clone();
        set(&mut state, 1, EntryStatus::NothingToDo { reason: b_reason });
        let c_reason = state.plan.entries[2].why.clone();
        set(&mut state, 2, EntryStatus::NothingToDo { reason: c_reason });
        set(
            &mut state,
            3,
            EntryStatus::Failed {
                message: "Calendly had a problem | on its side.".into(),
                next_step: "Try again.".into(),
            },
        );
        state
    }

    #[test]
    fn the_report_sorts_every_entry_into_its_section() {
        let report = Report::from_run(&finished_state(), None, false);
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
    }

    #[test]
    fn the_markdown_has_the_tables_and_the_signature_recipe() {
        let state = finished_state();
        let md = Report::from_run(&state, None, false).to_markdown();
        assert!(
            md.contains("**1 created, 1 already there, 1 skipped, 1 failed.**"),
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
        let end = &report_key_end(&state);
        assert!(
            md.contains(&format!("it ends with \"{end}\"")),
            "the key is named by its end"
        );
    }

    fn report_key_end(state: &RunState) -> String {
        state.key_hint.as_ref().unwrap().ends_with.clone()
    }

    #[test]
    fn the_signing_key_appears_only_when_asked_for() {
        let state = finished_state();
        let key = crate::signing::generate().unwrap();
        let hidden = Report::from_run(&state, Some(&key), false);
        assert!(
            !hidden.to_json().contains(key.expose())
                && !hidden.to_markdown().contains(key.expose())
        );
        let shown = Report::from_run(&state, Some(&key), true);
        assert!(
            shown.to_json().contains(key.expose()) && shown.to_markdown().contains(key.expose())
        );
    }

    #[test]
    fn an_unsigned_run_says_so_and_the_json_round_trips() {
        let mut state = finished_state();
        state.key_hint = None;
        let report = Report::from_run(&state, None, false);
        assert_eq!(report.next_steps[0].title, "Deliveries are not signed");
        let back: Report = serde_json::from_str(&report.to_json()).unwrap();
        assert_eq!(back, report);
    }

    #[test]
    fn an_interrupted_entry_is_reported_as_not_finished() {
        let mut state = finished_state();
        state.entries[0].status = EntryStatus::Interrupted;
        let report = Report::from_run(&state, None, false);
        assert!(report
            .skipped
            .iter()
            .any(|l| l.note.contains("Run the migration again")));
    }
}
