//! `GET /sample_webhook_data` (api.md §4.5): a bare envelope per event, never wrapped in
//! `resource`, with a realistic payload.

use std::collections::HashSet;

use calendly::{Event, Scope, Target};
use sandbox::Sandbox;

use crate::support::*;

fn sample_path(event: &Event, scope: Scope) -> String {
    let org = org_uri("org-admin");
    let me = user_uri("org-admin", "Alex Admin");
    let mut pairs = vec![
        ("event", event.name()),
        ("organization", org.as_str()),
        ("scope", scope.as_str()),
    ];
    if scope == Scope::User {
        pairs.push(("user", me.as_str()));
    }
    format!("/sample_webhook_data?{}", calendly::query::encode(&pairs))
}

#[test]
fn simulator_returns_a_bare_envelope_for_every_event() {
    let mut sandbox = Sandbox::scenario("org-admin").unwrap();
    let pat = token(&sandbox, "pat");
    for event in Event::ALL {
        let scope = event.allowed_scopes()[0];
        let response = get(&mut sandbox, &pat, &sample_path(&event, scope));
        assert_eq!(response.status, 200, "{event}: {}", response.body);
        let envelope = body(&response);
        let keys: HashSet<&str> = envelope
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        assert_eq!(
            keys,
            HashSet::from(["event", "created_at", "created_by", "payload"]),
            "{event}"
        );
        assert_eq!(envelope["event"], event.name());
        assert_eq!(envelope["created_by"], user_uri("org-admin", "Alex Admin"));
        assert!(
            envelope["payload"]["uri"]
                .as_str()
                .unwrap()
                .starts_with("https://api.calendly.com/"),
            "{event}"
        );
    }
}

#[test]
fn simulator_invitee_samples_have_every_required_field() {
    let mut sandbox = Sandbox::scenario("org-admin").unwrap();
    let pat = token(&sandbox, "pat");
    let required = [
        "uri",
        "email",
        "first_name",
        "last_name",
        "name",
        "status",
        "questions_and_answers",
        "timezone",
        "event",
        "created_at",
        "updated_at",
        "tracking",
        "text_reminder_number",
        "rescheduled",
        "old_invitee",
        "new_invitee",
        "cancel_url",
        "reschedule_url",
        "routing_form_submission",
        "payment",
        "no_show",
        "reconfirmation",
        "scheduled_event",
        "scheduling_method",
        "invitee_scheduled_by",
    ];
    for event in [
        Event::InviteeCreated,
        Event::InviteeCanceled,
        Event::InviteeNoShowCreated,
        Event::InviteeNoShowDeleted,
    ] {
        let envelope = body(&get(
            &mut sandbox,
            &pat,
            &sample_path(&event, Scope::Organization),
        ));
        let payload = &envelope["payload"];
        for field in required {
            assert!(payload.get(field).is_some(), "{event} lacks {field}");
        }
        assert_eq!(
            payload.get("cancellation").is_some(),
            event == Event::InviteeCanceled,
            "{event}"
        );
    }
}

#[test]
fn simulator_tombstones_for_deleted_recaps_and_contacts() {
    let mut sandbox = Sandbox::scenario("org-admin").unwrap();
    let pat = token(&sandbox, "pat");
    for (event, scope) in [
        (Event::MeetingRecapDeleted, Scope::User),
        (Event::ContactDeleted, Scope::Organization),
    ] {
        let payload =
            body(&get(&mut sandbox, &pat, &sample_path(&event, scope)))["payload"].clone();
        let keys: HashSet<&str> = payload
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        assert_eq!(keys, HashSet::from(["uri", "deleted_at"]), "{event}");
    }
}

#[test]
fn client_fetches_sample_data() {
    let (client, _) = client_for("org-admin", "pat");
    let me = user("org-admin", "Alex Admin");
    let sample = run(client.sample_webhook_data(
        &Event::InviteeCanceled,
        &org("org-admin"),
        &Target::User(me.clone()),
    ))
    .unwrap();
    assert_eq!(sample.event, Event::InviteeCanceled);
    assert_eq!(sample.created_by, me.as_str());
    assert_eq!(sample.payload["status"], "canceled");
}
