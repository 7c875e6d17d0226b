//! The 14 event names and the subscription scopes each allows (api.md §4.3):
//! `routing_form_submission.created` is organization-only, `meeting_recap.*` user-only.

use calendly::{Error, Event, Scope, Target};
use sandbox::Sandbox;
use serde_json::json;

use crate::support::*;

#[test]
fn simulator_refuses_routing_form_events_outside_organization_scope() {
    let mut sandbox = Sandbox::scenario("org-admin").unwrap();
    let pat = token(&sandbox, "pat");
    let me = user_uri("org-admin", "Alex Admin");
    let body = create_body(
        "https://x.example.com/h",
        &["routing_form_submission.created"],
        &org_uri("org-admin"),
        "user",
        Some(&me),
    );
    assert_answer(
        &post(&mut sandbox, &pat, "/webhook_subscriptions", body),
        400,
        invalid(
            json!([{ "parameter": "events", "message": "routing_form_submission.created cannot be used with scope user" }]),
        ),
    );
}

#[test]
fn simulator_refuses_meeting_recap_events_outside_user_scope() {
    let mut sandbox = Sandbox::scenario("org-admin").unwrap();
    let pat = token(&sandbox, "pat");
    let body = create_body(
        "https://x.example.com/h",
        &[
            "invitee.created",
            "meeting_recap.created",
            "meeting_recap.deleted",
        ],
        &org_uri("org-admin"),
        "organization",
        None,
    );
    assert_answer(
        &post(&mut sandbox, &pat, "/webhook_subscriptions", body),
        400,
        invalid(json!([
            { "parameter": "events", "message": "meeting_recap.created cannot be used with scope organization" },
            { "parameter": "events", "message": "meeting_recap.deleted cannot be used with scope organization" }
        ])),
    );
}

#[test]
fn simulator_accepts_every_event_in_every_scope_it_allows() {
    // Teams plan, admin, every read scope: only the scope rules can refuse.
    let mut sandbox = Sandbox::scenario("org-admin").unwrap();
    let pat = token(&sandbox, "pat");
    let me = user_uri("org-admin", "Alex Admin");
    let mut created = 0;
    for event in Event::ALL {
        for scope in [Scope::Organization, Scope::User] {
            let url = format!("https://x.example.com/{}/{}", event.name(), scope.as_str());
            let user = (scope == Scope::User).then_some(me.as_str());
            let response = post(
                &mut sandbox,
                &pat,
                "/webhook_subscriptions",
                create_body(
                    &url,
                    &[event.name()],
                    &org_uri("org-admin"),
                    scope.as_str(),
                    user,
                ),
            );
            let allowed = event.allowed_scopes().contains(&scope);
            assert_eq!(
                response.status,
                if allowed { 201 } else { 400 },
                "{event} in {scope:?}: {}",
                response.body
            );
            created += usize::from(allowed);
        }
    }
    // 10 events in both scopes, routing forms in one, the three recaps in the other.
    assert_eq!(created, 10 * 2 + 1 + 3);
}

#[test]
fn simulator_applies_scope_rules_to_sample_data_too() {
    let mut sandbox = Sandbox::scenario("org-admin").unwrap();
    let pat = token(&sandbox, "pat");
    let path = format!(
        "/sample_webhook_data?{}",
        calendly::query::encode(&[
            ("event", "meeting_recap.updated"),
            ("organization", &org_uri("org-admin")),
            ("scope", "organization")
        ])
    );
    assert_answer(
        &get(&mut sandbox, &pat, &path),
        400,
        invalid(
            json!([{ "parameter": "event", "message": "meeting_recap.updated cannot be used with scope organization" }]),
        ),
    );
}

#[test]
fn client_reports_an_event_used_in_the_wrong_scope() {
    let (client, _) = client_for("org-admin", "pat");
    let new = new_subscription(
        "https://x.example.com/h",
        vec![Event::RoutingFormSubmissionCreated],
        org("org-admin"),
        Target::User(user("org-admin", "Alex Admin")),
    );
    let Err(Error::InvalidRequest { details }) = run(client.create_subscription(&new)) else {
        panic!("expected 400")
    };
    assert_eq!(details.len(), 1);
    assert_eq!(details[0].parameter.as_deref(), Some("events"));
    assert!(details[0]
        .message
        .contains("routing_form_submission.created"));
}

#[test]
fn client_creates_a_recap_subscription_in_user_scope() {
    let (client, _) = client_for("org-admin", "pat");
    let me = user("org-admin", "Alex Admin");
    let new = new_subscription(
        "https://x.example.com/recaps",
        vec![Event::MeetingRecapCreated],
        org("org-admin"),
        Target::User(me.clone()),
    );
    let created = run(client.create_subscription(&new)).unwrap();
    assert_eq!(created.scope, Scope::User);
    assert_eq!(created.user, Some(me.clone()));
    assert_eq!(created.creator, Some(me));
    assert_eq!(created.events, vec![Event::MeetingRecapCreated]);
}
