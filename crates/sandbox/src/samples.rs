//! What `GET /sample_webhook_data` returns: a bare `WebhookPayload` envelope (`event`,
//! `created_at`, `created_by`, `payload`) with a realistic payload per event family, shaped
//! as in api.md §4.4 and §8.3. IDs are fixed placeholders; the user and timestamps are the
//! caller's, so a preview looks like the caller's own data.

use calendly::Event;
use serde_json::{json, Value};

use crate::clock::format_timestamp;
use crate::scenario::UserRecord;

const API: &str = calendly::API_BASE;

fn invitee(event: &Event, user: &UserRecord, now: &str) -> Value {
    let canceled = *event == Event::InviteeCanceled;
    let no_show = matches!(event, Event::InviteeNoShowCreated);
    let cancellation = json!({
        "canceled_by": "Joe Sample", "reason": "Conflict", "canceler_type": "invitee", "created_at": now
    });
    let mut payload = json!({
        "uri": format!("{API}/scheduled_events/EEEEEEEEEEEEEEEE/invitees/FFFFFFFFFFFFFFFF"),
        "email": "joe@example.com",
        "first_name": "Joe",
        "last_name": "Sample",
        "name": "Joe Sample",
        "status": if canceled { "canceled" } else { "active" },
        "questions_and_answers": [{ "question": "Skype ID", "answer": "joe.s", "position": 0 }],
        "timezone": "America/New_York",
        "event": format!("{API}/scheduled_events/EEEEEEEEEEEEEEEE"),
        "created_at": "2026-11-19T09:00:00.000000Z",
        "updated_at": now,
        "tracking": {
            "utm_campaign": null, "utm_source": null, "utm_medium": null,
            "utm_content": null, "utm_term": null, "salesforce_uuid": null
        },
        "text_reminder_number": null,
        "rescheduled": false,
        "old_invitee": null,
        "new_invitee": null,
        "cancel_url": "https://calendly.com/cancellations/FFFFFFFFFFFFFFFF",
        "reschedule_url": "https://calendly.com/reschedulings/FFFFFFFFFFFFFFFF",
        "routing_form_submission": null,
        "payment": null,
        "no_show": if no_show {
            json!({ "uri": format!("{API}/invitee_no_shows/NNNNNNNNNNNNNNNN"), "created_at": now })
        } else {
            Value::Null
        },
        "reconfirmation": null,
        "scheduling_method": null,
        "invitee_scheduled_by": null,
        "scheduled_event": {
            "uri": format!("{API}/scheduled_events/EEEEEEEEEEEEEEEE"),
            "name": "30 Minute Meeting",
            "meeting_notes_plain": null,
            "meeting_notes_html": null,
            "status": if canceled { "canceled" } else { "active" },
            "start_time": "2026-12-01T15:00:00.000000Z",
            "end_time": "2026-12-01T15:30:00.000000Z",
            "event_type": format!("{API}/event_types/GGGGGGGGGGGGGGGG"),
            "location": { "type": "zoom_conference", "join_url": "https://zoom.us/j/123456789", "status": "pushed" },
            "invitees_counter": { "total": 1, "active": if canceled { 0 } else { 1 }, "limit": 1 },
            "created_at": "2026-11-19T09:00:00.000000Z",
            "updated_at": now,
            "event_memberships": [{ "user": user.uri().as_str(), "user_email": user.email, "user_name": user.name }],
            "event_guests": []
        }
    });
    if canceled {
        payload["cancellation"] = cancellation.clone();
        payload["scheduled_event"]["cancellation"] = cancellation;
    }
    payload
}

fn event_type(user: &UserRecord, now: &str) -> Value {
    json!({
        "uri": format!("{API}/event_types/GGGGGGGGGGGGGGGG"),
        "name": "30 Minute Meeting",
        "active": true,
        "slug": "30min",
        "scheduling_url": format!("https://calendly.com/{}/30min", user.slug),
        "duration": 30,
        "kind": "solo",
        "pooling_type": null,
        "type": "StandardEventType",
        "color": "#0069ff",
        "created_at": "2026-01-10T12:00:00.000000Z",
        "updated_at": now,
        "internal_note": null,
        "description_plain": "A short call.",
        "description_html": "<p>A short call.</p>",
        "profile": { "type": "User", "name": user.name, "owner": user.uri().as_str() },
        "secret": false,
        "admin_managed": false
    })
}

fn tombstone(collection: &str, now: &str) -> Value {
    json!({ "uri": format!("{API}/{collection}/TTTTTTTTTTTTTTTT"), "deleted_at": now })
}

/// The whole envelope for `event`, as the caller would receive it.
pub(crate) fn payload(event: &Event, user: &UserRecord, now_micros: i64) -> Value {
    let now = format_timestamp(now_micros);
    let payload = match event {
        Event::InviteeCreated
        | Event::InviteeCanceled
        | Event::InviteeNoShowCreated
        | Event::InviteeNoShowDeleted => invitee(event, user, &now),
        Event::EventTypeCreated | Event::EventTypeUpdated | Event::EventTypeDeleted => {
            event_type(user, &now)
        }
        Event::RoutingFormSubmissionCreated => json!({
            "uri": format!("{API}/routing_form_submissions/RRRRRRRRRRRRRRRR"),
            "routing_form": format!("{API}/routing_forms/QQQQQQQQQQQQQQQQ"),
            "questions_and_answers": [
                { "question_uuid": "8b1a9953-c461-4296-8b6f-8e3d5c1b4e7a", "question": "What do you need help with?", "answer": "Pricing" }
            ],
            "tracking": {
                "utm_campaign": null, "utm_source": null, "utm_medium": null,
                "utm_content": null, "utm_term": null, "salesforce_uuid": null
            },
            "result": { "type": "event_type", "value": format!("{API}/event_types/GGGGGGGGGGGGGGGG") },
            "submitter": format!("{API}/scheduled_events/EEEEEEEEEEEEEEEE/invitees/FFFFFFFFFFFFFFFF"),
            "submitter_type": "Invitee",
            "created_at": now,
            "updated_at": now
        }),
        Event::MeetingRecapCreated | Event::MeetingRecapUpdated => json!({
            "uri": format!("{API}/meeting_recaps/MMMMMMMMMMMMMMMM"),
            "scheduled_event": format!("{API}/scheduled_events/EEEEEEEEEEEEEEEE"),
            "user": user.uri().as_str(),
            "summary": "Joe wants a quote for 20 seats; follow up on Friday.",
            "highlights": [{ "text": "Asked about team pricing", "timestamp_seconds": 312 }],
            "created_at": now,
            "updated_at": now
        }),
        Event::MeetingRecapDeleted => tombstone("meeting_recaps", &now),
        Event::ContactCreated | Event::ContactUpdated => json!({
            "uri": format!("{API}/contacts/KKKKKKKKKKKKKKKK"),
            "email": "joe@example.com",
            "first_name": "Joe",
            "last_name": "Sample",
            "phone_number": null,
            "timezone": "America/New_York",
            "owner": user.uri().as_str(),
            "created_at": now,
            "updated_at": now
        }),
        Event::ContactDeleted => tombstone("contacts", &now),
        Event::Other(_) => Value::Null,
    };
    json!({
        "event": event.name(),
        "created_at": now,
        "created_by": user.uri().as_str(),
        "payload": payload
    })
}
