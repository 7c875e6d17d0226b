//! 403 "Please upgrade" for events whose plan feature the organization lacks (api.md §4.1,
//! §4.3). Webhooks themselves work on every plan since 2026-11-03.

use calendly::{Error, Event, Target};
use sandbox::Sandbox;

use crate::support::*;

const UPGRADE: &str = "Please upgrade to a paid Calendly account.";

#[test]
fn simulator_lets_the_free_plan_subscribe_to_invitee_events() {
    let mut sandbox = Sandbox::scenario("free-plan").unwrap();
    let pat = token(&sandbox, "pat");
    let body = create_body(
        "https://fay.example.com/h",
        &["invitee.created", "invitee.canceled"],
        &org_uri("free-plan"),
        "organization",
        None,
    );
    assert_eq!(
        post(&mut sandbox, &pat, "/webhook_subscriptions", body).status,
        201
    );
}

#[test]
fn simulator_refuses_plan_gated_events_on_the_free_plan() {
    let mut sandbox = Sandbox::scenario("free-plan").unwrap();
    let pat = token(&sandbox, "pat");
    let org = org_uri("free-plan");
    let me = user_uri("free-plan", "Fay Free");
    let routing = create_body(
        "https://fay.example.com/h",
        &["routing_form_submission.created"],
        &org,
        "organization",
        None,
    );
    assert_answer(
        &post(&mut sandbox, &pat, "/webhook_subscriptions", routing),
        403,
        permission_denied(UPGRADE),
    );
    let recap = create_body(
        "https://fay.example.com/h",
        &["meeting_recap.created"],
        &org,
        "user",
        Some(&me),
    );
    assert_answer(
        &post(&mut sandbox, &pat, "/webhook_subscriptions", recap),
        403,
        permission_denied(UPGRADE),
    );
    assert!(sandbox.subscriptions().is_empty());
}

#[test]
fn simulator_needs_teams_for_routing_forms_but_any_paid_plan_for_recaps() {
    let mut sandbox = Sandbox::scenario("solo").unwrap();
    let pat = token(&sandbox, "pat");
    let org = org_uri("solo");
    let me = user_uri("solo", "Sam Solo");
    let routing = create_body(
        "https://x.example.com/h",
        &["routing_form_submission.created"],
        &org,
        "organization",
        None,
    );
    assert_answer(
        &post(&mut sandbox, &pat, "/webhook_subscriptions", routing),
        403,
        permission_denied(UPGRADE),
    );
    let recap = create_body(
        "https://x.example.com/h",
        &["meeting_recap.created"],
        &org,
        "user",
        Some(&me),
    );
    assert_eq!(
        post(&mut sandbox, &pat, "/webhook_subscriptions", recap).status,
        201
    );
}

#[test]
fn client_reports_a_missing_plan_feature() {
    let (client, _) = client_for("free-plan", "pat");
    let new = new_subscription(
        "https://fay.example.com/h",
        vec![Event::MeetingRecapCreated],
        org("free-plan"),
        Target::User(user("free-plan", "Fay Free")),
    );
    assert_eq!(
        run(client.create_subscription(&new)),
        Err(Error::NeedsPlanFeature {
            message: UPGRADE.into()
        })
    );
}
