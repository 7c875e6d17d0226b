//! Before and after: a V2 invitee delivery (`invitee.created`, `invitee.canceled`,
//! `invitee_no_show.created`, `invitee_no_show.deleted`) rewritten in the old v1 shape
//! (api.md §8.2–8.4), so that a developer sees what their old code used to read and where
//! the same value lives now, and so that old code can keep running while it is rewritten.
//!
//! [`as_v1`] is the reference mapping: the Node.js and Python adapters the report and the
//! page give users (`snippets/adapter.js`, `snippets/adapter.py`) must produce exactly the
//! same JSON, which the tests check on realistic deliveries. [`v1_view_of`] reads a pasted
//! delivery first and says plainly what is wrong with one it cannot show.
//!
//! Values V2 does not deliver (the event type's slug, kind and owner, the `*_pretty`
//! texts, the other invitee's details on a reschedule) come out as `null` and are listed
//! in [`V1View::missing`], each with why and where it now lives.
//!
//! The mapping, field by field:
//! - `time` ← `created_at`; `event` keeps its name (v1 had no no-show events, so those
//!   keep their V2 names, which old code never received).
//! - `event_type.uuid` ← last part of `scheduled_event.event_type`; `name` ←
//!   `scheduled_event.name`; `duration` ← minutes from `start_time` to `end_time`.
//! - `event.uuid` ← last part of `scheduled_event.uri`; `assigned_to` and
//!   `extended_assigned_to` ← `event_memberships`; the four times ← `start_time` and
//!   `end_time` (V2 sends UTC only); `location` ← the location object's `location`, else
//!   its `join_url` (the first that is not null); `canceled` ← the event's `status`;
//!   the three cancellation fields ← `cancellation` (the invitee's, else the event's).
//! - `invitee.*` ← the payload's own fields; `uuid` ← last part of `uri`;
//!   `is_reschedule` ← `rescheduled`; `payments` ← `[payment]` with `external_id` as `id`
//!   (empty when there was none); `canceled` ← `status == "canceled"`.
//! - `questions_and_answers` without `position`; `questions_and_responses` numbered from 1
//!   by `position + 1` (by order when there is no position).
//! - `old_invitee` / `new_invitee` (V2: addresses) → `{"uuid": …}` and `old_event` /
//!   `new_event` → `{"uuid": …}` taken from that address (it holds both IDs).

use calendly::{Event, WebhookPayload};
use serde::Serialize;
use serde_json::{json, Map, Value};
use std::fmt;

/// A v1 field a V2 delivery cannot fill, why, and where the value lives now.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Missing {
    /// The v1 field(s), e.g. `payload.event_type.slug`.
    pub field: &'static str,
    /// Why it is empty.
    pub why: &'static str,
    /// Where to get it now.
    pub now_at: &'static str,
}

impl fmt::Display for Missing {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {} {}", self.field, self.why, self.now_at)
    }
}

/// A V2 delivery in the v1 shape, and what could not be filled in.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct V1View {
    pub v1: Value,
    /// v1 fields this delivery cannot fill, with where to get them if needed.
    pub missing: Vec<Missing>,
}

/// A realistic booking delivery (answers, tracking, a guest), for "Use an example".
pub const EXAMPLE_DELIVERY: &str =
    include_str!("../tests/migration/deliveries/booking-with-answers.json");

/// The events that have a v1 view: the invitee events (v1 had the first two).
pub const WITH_V1_VIEW: [Event; 4] = [
    Event::InviteeCreated,
    Event::InviteeCanceled,
    Event::InviteeNoShowCreated,
    Event::InviteeNoShowDeleted,
];

const ALWAYS_MISSING: [Missing; 5] = [
    Missing {
        field: "payload.event_type.kind, payload.event_type.slug",
        why: "V2 deliveries do not include them.",
        now_at: "Ask the API: GET the address in payload.scheduled_event.event_type (its kind and slug).",
    },
    Missing {
        field: "payload.event_type.owner",
        why: "V2 deliveries do not include it.",
        now_at: "Ask the API: GET the address in payload.scheduled_event.event_type (its profile).",
    },
    Missing {
        field: "payload.event.*_pretty",
        why: "V2 sends no ready-formatted times.",
        now_at: "Format payload.scheduled_event.start_time and end_time yourself.",
    },
    Missing {
        field: "payload.event.invitee_start_time, invitee_end_time",
        why: "Filled with the UTC times: V2 no longer sends the invitee's local time.",
        now_at: "Convert the UTC times to the time zone in payload.timezone.",
    },
    Missing {
        field: "payload.event.extended_assigned_to[].primary",
        why: "V2 no longer marks a primary host.",
        now_at: "No replacement; payload.scheduled_event.event_memberships lists every host.",
    },
];

const RESCHEDULE_MISSING: Missing = Missing {
    field: "payload.old_event, old_invitee, new_event, new_invitee (all but uuid)",
    why: "V2 sends only the address of the other booking of a reschedule, not its details.",
    now_at: "GET the address in payload.old_invitee or payload.new_invitee; its event field leads to the meeting.",
};

const NO_SHOW_EVENT: Missing = Missing {
    field: "event",
    why: "Old webhooks had no no-show events, so your old code has never received this event name.",
    now_at: "Handle it as a new event; payload.no_show says when the mark was made (null once it was removed).",
};

/// The v1 view of a V2 invitee delivery; `None` for events without one (see
/// [`WITH_V1_VIEW`]).
pub fn as_v1(delivery: &WebhookPayload) -> Option<V1View> {
    if !WITH_V1_VIEW.contains(&delivery.event) {
        return None;
    }
    let p = &delivery.payload;
    let se = &p["scheduled_event"];
    let cancellation = if p["cancellation"].is_object() {
        &p["cancellation"]
    } else {
        &se["cancellation"]
    };
    let start = se["start_time"].clone();
    let end = se["end_time"].clone();
    let duration = match (
        start.as_str().and_then(unix_seconds),
        end.as_str().and_then(unix_seconds),
    ) {
        (Some(s), Some(e)) if e >= s => json!((e - s) / 60),
        _ => Value::Null,
    };
    let members = se["event_memberships"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    let location = match &se["location"] {
        Value::Object(l) => [l.get("location"), l.get("join_url")]
            .into_iter()
            .flatten()
            .find(|v| !v.is_null())
            .cloned()
            .unwrap_or(Value::Null),
        other => other.clone(),
    };
    let payments = match &p["payment"] {
        Value::Object(pay) => json!([{
            "id": pay.get("external_id"), "provider": pay.get("provider"), "amount": pay.get("amount"),
            "currency": pay.get("currency"), "terms": pay.get("terms"), "successful": pay.get("successful"),
        }]),
        _ => json!([]),
    };
    let answers = p["questions_and_answers"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    let mut responses = Map::new();
    for (i, qa) in answers.iter().enumerate() {
        // v1 numbered from 1; V2's `position` seems 0-based (api.md §8.4 says verify).
        // A position too large to count from 1 is not a real one: use the order instead.
        let n = qa["position"]
            .as_u64()
            .and_then(|p| p.checked_add(1))
            .unwrap_or(i as u64 + 1);
        responses.insert(format!("{n}_question"), qa["question"].clone());
        responses.insert(format!("{n}_response"), qa["answer"].clone());
    }
    // v1 sent the other booking of a reschedule as whole objects; V2 sends its address,
    // which holds both IDs (`…/scheduled_events/EVENT/invitees/INVITEE`).
    let other = |uri: &Value| -> (Value, Value) {
        match uri.as_str().and_then(event_and_invitee) {
            Some((event, invitee)) => (json!({ "uuid": event }), json!({ "uuid": invitee })),
            None => (Value::Null, Value::Null),
        }
    };
    let (old_event, old_invitee) = other(&p["old_invitee"]);
    let (new_event, new_invitee) = other(&p["new_invitee"]);
    let v1 = json!({
        "event": delivery.event.name(),
        "time": delivery.created_at,
        "payload": {
            "event_type": {
                "uuid": last_segment(&se["event_type"]),
                "kind": null, "slug": null,
                "name": se["name"],
                "duration": duration,
                "owner": null,
            },
            "event": {
                "uuid": last_segment(&se["uri"]),
                "assigned_to": members.iter().map(|m| m["user_name"].clone()).collect::<Vec<_>>(),
                "extended_assigned_to": members.iter().map(|m| json!({
                    "name": m["user_name"], "email": m["user_email"], "primary": null
                })).collect::<Vec<_>>(),
                "start_time": start, "start_time_pretty": null,
                "invitee_start_time": start, "invitee_start_time_pretty": null,
                "end_time": end, "end_time_pretty": null,
                "invitee_end_time": end, "invitee_end_time_pretty": null,
                "created_at": se["created_at"],
                "location": location,
                "canceled": se["status"] == "canceled",
                "canceler_name": cancellation["canceled_by"],
                "cancel_reason": cancellation["reason"],
                "canceled_at": cancellation["created_at"],
            },
            "invitee": {
                "uuid": last_segment(&p["uri"]),
                "first_name": p["first_name"], "last_name": p["last_name"], "name": p["name"], "email": p["email"],
                "text_reminder_number": p["text_reminder_number"],
                "timezone": p["timezone"],
                "created_at": p["created_at"],
                "is_reschedule": p["rescheduled"],
                "payments": payments,
                "canceled": p["status"] == "canceled",
                "canceler_name": cancellation["canceled_by"],
                "cancel_reason": cancellation["reason"],
                "canceled_at": cancellation["created_at"],
            },
            "questions_and_answers": answers.iter().map(|qa| json!({
                "question": qa["question"], "answer": qa["answer"]
            })).collect::<Vec<_>>(),
            "questions_and_responses": responses,
            "tracking": p["tracking"],
            "old_event": old_event, "old_invitee": old_invitee,
            "new_event": new_event, "new_invitee": new_invitee,
        }
    });
    let mut missing = ALWAYS_MISSING.to_vec();
    if !p["old_invitee"].is_null() || !p["new_invitee"].is_null() {
        missing.push(RESCHEDULE_MISSING);
    }
    if !Event::V1.contains(&delivery.event) {
        missing.insert(0, NO_SHOW_EVENT);
    }
    Some(V1View { v1, missing })
}

/// Why a pasted delivery has no v1 view. [`fmt::Display`] is a plain sentence.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "problem", rename_all = "snake_case")]
pub enum DeliveryProblem {
    Empty,
    /// Not JSON at all, or cut short.
    NotJson {
        detail: String,
    },
    /// JSON, but not a delivery's envelope; `only_payload` when it looks like the inner
    /// `payload` object alone.
    NotADelivery {
        only_payload: bool,
    },
    /// Already in the old v1 shape (`time` and `payload.invitee`).
    AlreadyV1,
    /// A delivery of an event that has no v1 view (routing forms, event types, recaps,
    /// contacts, or a name we do not know).
    NoV1View {
        event: String,
    },
}

impl fmt::Display for DeliveryProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DeliveryProblem::Empty => f.write_str("Paste the body of a delivery Calendly sent to your server."),
            DeliveryProblem::NotJson { detail } => write!(
                f,
                "This is not complete JSON ({detail}). Copy the whole body again, from its first {{ to its last }}."
            ),
            DeliveryProblem::NotADelivery { only_payload: true } => f.write_str(
                "This looks like only the inner \u{201c}payload\u{201d} part of a delivery. Paste the whole body, \
                 which starts with {\"event\": \u{2026}, \"created_at\": \u{2026}, \"created_by\": \u{2026}, \"payload\": \u{2026}",
            ),
            DeliveryProblem::NotADelivery { only_payload: false } => f.write_str(
                "This JSON is not a Calendly webhook delivery: a delivery has the four parts \u{201c}event\u{201d}, \
                 \u{201c}created_at\u{201d}, \u{201c}created_by\u{201d} and \u{201c}payload\u{201d}.",
            ),
            DeliveryProblem::AlreadyV1 => f.write_str(
                "This message is already in the old (v1) format, so there is nothing to convert. New webhook \
                 subscriptions send the V2 format.",
            ),
            DeliveryProblem::NoV1View { event } => write!(
                f,
                "This is a \u{201c}{event}\u{201d} delivery. Old webhooks only knew bookings and cancellations \
                 (invitee.created and invitee.canceled), so there is no old format to show for it; only invitee \
                 deliveries (bookings, cancellations and no-shows) can be shown the old way."
            ),
        }
    }
}

impl std::error::Error for DeliveryProblem {}

/// Read a pasted delivery body.
pub fn read_delivery(text: &str) -> Result<WebhookPayload, DeliveryProblem> {
    let text = text.trim().trim_start_matches('\u{FEFF}');
    if text.is_empty() {
        return Err(DeliveryProblem::Empty);
    }
    let value: Value = serde_json::from_str(text).map_err(|e| DeliveryProblem::NotJson {
        detail: format!("line {}, column {}", e.line(), e.column()),
    })?;
    if value.get("time").is_some() && value["payload"].get("invitee").is_some() {
        return Err(DeliveryProblem::AlreadyV1);
    }
    serde_json::from_value::<WebhookPayload>(value.clone()).map_err(|_| {
        DeliveryProblem::NotADelivery {
            only_payload: value.get("uri").is_some() && value.get("payload").is_none(),
        }
    })
}

/// A pasted delivery in the old v1 shape, or why not.
///
/// ```
/// use migration::payload::{v1_view_of, DeliveryProblem};
/// let contact = r#"{"event":"contact.created","created_at":"2026-11-20T10:05:00.000000Z","created_by":"https://api.calendly.com/users/A","payload":{}}"#;
/// assert!(matches!(v1_view_of(contact), Err(DeliveryProblem::NoV1View { .. })));
/// ```
pub fn v1_view_of(text: &str) -> Result<V1View, DeliveryProblem> {
    let delivery = read_delivery(text)?;
    as_v1(&delivery).ok_or_else(|| DeliveryProblem::NoV1View {
        event: delivery.event.name().to_owned(),
    })
}

/// `(event id, invitee id)` from `…/scheduled_events/EVENT/invitees/INVITEE`.
fn event_and_invitee(uri: &str) -> Option<(String, String)> {
    let mut parts = uri.rsplit('/');
    let invitee = parts.next()?;
    let (Some("invitees"), Some(event), Some("scheduled_events")) =
        (parts.next(), parts.next(), parts.next())
    else {
        return None;
    };
    if invitee.is_empty() || event.is_empty() {
        return None;
    }
    Some((event.to_owned(), invitee.to_owned()))
}

/// The ID at the end of a Calendly URI (`…/scheduled_events/EEEE` → `EEEE`).
fn last_segment(uri: &Value) -> Value {
    uri.as_str()
        .and_then(|u| u.rsplit('/').next())
        .map_or(Value::Null, |id| Value::String(id.to_owned()))
}

/// Seconds since 1970 for Calendly's `YYYY-MM-DDTHH:MM:SS[.ffffff]Z` timestamps (the
/// fraction is ignored). The adapters repeat this rule exactly.
fn unix_seconds(text: &str) -> Option<i64> {
    let b = text.as_bytes();
    let digits = [0..4, 5..7, 8..10, 11..13, 14..16, 17..19];
    if b.len() < 20
        || b[4] != b'-'
        || b[7] != b'-'
        || b[10] != b'T'
        || b[13] != b':'
        || b[16] != b':'
        || !text.ends_with('Z')
        || !digits
            .iter()
            .all(|r| b[r.clone()].iter().all(u8::is_ascii_digit))
    {
        return None;
    }
    let num = |r: std::ops::Range<usize>| text.get(r)?.parse::<i64>().ok();
    let (y, m, d) = (num(0..4)?, num(5..7)?, num(8..10)?);
    let (hh, mm, ss) = (num(11..13)?, num(14..16)?, num(17..19)?);
    if !(1..=12).contains(&m) || !(1..=31).contains(&d) {
        return None;
    }
    Some(days_from_civil(y, m, d) * 86_400 + hh * 3600 + mm * 60 + ss)
}

// Howard Hinnant's days_from_civil (proleptic Gregorian date → days since 1970-01-01).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The canceled sample of api.md §8.3, abridged to the fields v1 had.
    fn canceled() -> WebhookPayload {
        serde_json::from_value(json!({
            "event": "invitee.canceled",
            "created_at": "2026-11-20T10:05:00.000000Z",
            "created_by": "https://api.calendly.com/users/AAAA",
            "payload": {
                "uri": "https://api.calendly.com/scheduled_events/EEEE/invitees/FFFF",
                "email": "joe@example.com", "first_name": "Joe", "last_name": "Sample", "name": "Joe Sample",
                "status": "canceled",
                "questions_and_answers": [{"question": "Skype ID", "answer": "joe.s", "position": 0}],
                "timezone": "America/New_York",
                "created_at": "2026-11-19T09:00:00.000000Z",
                "tracking": {"utm_campaign": null},
                "text_reminder_number": null, "rescheduled": true, "old_invitee": null,
                "new_invitee": "https://api.calendly.com/scheduled_events/E2/invitees/F2",
                "cancellation": {"canceled_by": "Joe Sample", "reason": "Conflict", "canceler_type": "invitee", "created_at": "2026-11-20T10:05:00.000000Z"},
                "payment": {"external_id": "ch_1", "provider": "stripe", "amount": 12.5, "currency": "USD", "terms": "t", "successful": true},
                "scheduled_event": {
                    "uri": "https://api.calendly.com/scheduled_events/EEEE",
                    "name": "30 Minute Meeting", "status": "canceled",
                    "start_time": "2026-11-25T15:00:00.000000Z", "end_time": "2026-11-25T15:30:00.000000Z",
                    "event_type": "https://api.calendly.com/event_types/GGGG",
                    "location": {"type": "zoom_conference", "join_url": "https://zoom.example/j/1"},
                    "created_at": "2026-11-19T09:00:00.000000Z",
                    "event_memberships": [{"user": "https://api.calendly.com/users/AAAA", "user_email": "jane@example.com", "user_name": "Jane Host"}]
                }
            }
        }))
        .unwrap()
    }

    #[test]
    fn a_v2_cancellation_reads_like_the_v1_one() {
        let view = as_v1(&canceled()).unwrap();
        let v1 = &view.v1;
        assert_eq!(v1["time"], "2026-11-20T10:05:00.000000Z");
        assert_eq!(v1["payload"]["event_type"]["uuid"], "GGGG");
        assert_eq!(v1["payload"]["event_type"]["duration"], 30);
        assert_eq!(v1["payload"]["event"]["uuid"], "EEEE");
        assert_eq!(v1["payload"]["event"]["assigned_to"], json!(["Jane Host"]));
        assert_eq!(
            v1["payload"]["event"]["location"],
            "https://zoom.example/j/1"
        );
        assert_eq!(v1["payload"]["event"]["canceled"], true);
        assert_eq!(v1["payload"]["invitee"]["uuid"], "FFFF");
        assert_eq!(v1["payload"]["invitee"]["is_reschedule"], true);
        assert_eq!(v1["payload"]["invitee"]["cancel_reason"], "Conflict");
        assert_eq!(v1["payload"]["invitee"]["payments"][0]["id"], "ch_1");
        assert_eq!(
            v1["payload"]["questions_and_responses"]["1_question"],
            "Skype ID"
        );
        assert_eq!(
            v1["payload"]["questions_and_responses"]["1_response"],
            "joe.s"
        );
        assert_eq!(v1["payload"]["new_invitee"], json!({ "uuid": "F2" }));
        assert_eq!(v1["payload"]["new_event"], json!({ "uuid": "E2" }));
        assert!(view.missing.iter().any(|m| m.field.contains("_pretty")));
    }

    #[test]
    fn only_invitee_events_have_a_v1_view() {
        let mut other = canceled();
        other.event = Event::ContactCreated;
        assert!(as_v1(&other).is_none());
        other.event = Event::InviteeNoShowCreated;
        let view = as_v1(&other).unwrap();
        assert_eq!(view.v1["event"], "invitee_no_show.created");
        assert_eq!(
            view.missing[0].field, "event",
            "the new event name comes first"
        );
    }

    #[test]
    fn a_reschedule_address_holds_both_ids() {
        assert_eq!(
            event_and_invitee("https://api.calendly.com/scheduled_events/E2/invitees/F2"),
            Some(("E2".into(), "F2".into()))
        );
        assert_eq!(
            event_and_invitee("https://api.calendly.com/invitees/F2"),
            None
        );
        assert_eq!(
            event_and_invitee("https://api.calendly.com/scheduled_events/E2/invitees/"),
            None
        );
    }

    #[test]
    fn timestamps_convert_to_unix_seconds() {
        assert_eq!(unix_seconds("1970-01-01T00:00:00Z"), Some(0));
        assert_eq!(
            unix_seconds("2026-11-27T09:00:00.000000Z"),
            Some(1_795_770_000)
        );
        assert_eq!(unix_seconds("2000-02-29T23:59:59Z"), Some(951_868_799));
        assert_eq!(unix_seconds("2026-11-27 09:00:00Z"), None);
        assert_eq!(unix_seconds("2026-13-01T00:00:00Z"), None);
    }
}
