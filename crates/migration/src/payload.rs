//! Before and after: a V2 `invitee.created` / `invitee.canceled` delivery rewritten in the
//! old v1 shape (api.md §8.4), so the page can show a user's developer, side by side, what
//! their code used to read and where the same value lives now — using a real sample from
//! `GET /sample_webhook_data`. Values V2 no longer carries (event type slug and kind, the
//! `*_pretty` texts, the owner) come out as `null` and are listed in [`V1View::missing`].

use calendly::{Event, WebhookPayload};
use serde::Serialize;
use serde_json::{json, Map, Value};

/// A V2 delivery in the v1 shape, and what could not be filled in.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct V1View {
    pub v1: Value,
    /// v1 fields V2 does not deliver, with where to get them if needed.
    pub missing: Vec<&'static str>,
}

/// The v1 view of a V2 invitee delivery; `None` for the events v1 did not have.
pub fn as_v1(delivery: &WebhookPayload) -> Option<V1View> {
    if !Event::V1.contains(&delivery.event) {
        return None;
    }
    let p = &delivery.payload;
    let se = &p["scheduled_event"];
    let cancellation = if p["cancellation"].is_object() {
        &p["cancellation"]
    } else {
        &se["cancellation"]
    };
    let canceled = p["status"] == "canceled";
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
        Value::Object(l) => l
            .get("location")
            .or_else(|| l.get("join_url"))
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
        let n = qa["position"].as_u64().map_or(i as u64 + 1, |p| p + 1);
        responses.insert(format!("{n}_question"), qa["question"].clone());
        responses.insert(format!("{n}_response"), qa["answer"].clone());
    }
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
                "canceled": canceled,
                "canceler_name": cancellation["canceled_by"],
                "cancel_reason": cancellation["reason"],
                "canceled_at": cancellation["created_at"],
            },
            "questions_and_answers": answers.iter().map(|qa| json!({
                "question": qa["question"], "answer": qa["answer"]
            })).collect::<Vec<_>>(),
            "questions_and_responses": responses,
            "tracking": p["tracking"],
            // v1 sent whole objects; V2 sends the address of the other invitee only.
            "old_event": null, "old_invitee": p["old_invitee"],
            "new_event": null, "new_invitee": p["new_invitee"],
        }
    });
    let missing = vec![
        "payload.event_type.kind and slug: GET /event_types/{uuid} (kind, slug)",
        "payload.event_type.owner: GET /event_types/{uuid} (profile)",
        "payload.event.*_pretty: format the times yourself",
        "payload.event.extended_assigned_to[].primary: no longer sent",
        "payload.old_event / new_event as objects: fetch payload.old_invitee / new_invitee",
    ];
    Some(V1View { v1, missing })
}

/// The ID at the end of a Calendly URI (`…/scheduled_events/EEEE` → `EEEE`).
fn last_segment(uri: &Value) -> Value {
    uri.as_str()
        .and_then(|u| u.rsplit('/').next())
        .map_or(Value::Null, |id| Value::String(id.to_owned()))
}

/// Seconds since 1970 for Calendly's `YYYY-MM-DDTHH:MM:SS[.ffffff]Z` timestamps.
fn unix_seconds(text: &str) -> Option<i64> {
    let b = text.as_bytes();
    if b.len() < 20
        || b[4] != b'-'
        || b[7] != b'-'
        || b[10] != b'T'
        || b[13] != b':'
        || b[16] != b':'
        || !text.ends_with('Z')
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
        assert_eq!(
            v1["payload"]["new_invitee"],
            "https://api.calendly.com/scheduled_events/E2/invitees/F2"
        );
        assert!(view.missing.iter().any(|m| m.contains("_pretty")));
    }

    #[test]
    fn only_the_two_v1_events_have_a_v1_view() {
        let mut other = canceled();
        other.event = Event::ContactCreated;
        assert!(as_v1(&other).is_none());
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
