//! 409 Already Exists (api.md §4.1): one callback URL per user (and scope) in an
//! organization.

use calendly::{Error, Event, Target};
use sandbox::Sandbox;
use serde_json::json;

use crate::support::*;

fn already_exists() -> serde_json::Value {
    json!({ "title": "Already Exists", "message": "Hook with this url already exists" })
}

#[test]
fn simulator_refuses_the_same_url_twice_for_the_same_user() {
    let mut sandbox = Sandbox::scenario("solo").unwrap();
    let pat = token(&sandbox, "pat");
    let me = user_uri("solo", "Sam Solo");
    let body = create_body(
        "https://x.example.com/h",
        &["invitee.created"],
        &org_uri("solo"),
        "user",
        Some(&me),
    );
    assert_eq!(
        post(&mut sandbox, &pat, "/webhook_subscriptions", body.clone()).status,
        201
    );
    // Different events do not make it a different hook.
    let mut again = body;
    again["events"] = json!(["invitee.canceled"]);
    assert_answer(
        &post(&mut sandbox, &pat, "/webhook_subscriptions", again),
        409,
        already_exists(),
    );
    assert_eq!(sandbox.subscriptions().len(), 2);
}

#[test]
fn simulator_refuses_a_url_already_used_in_organization_scope() {
    let mut sandbox = Sandbox::scenario("org-admin").unwrap();
    let pat = token(&sandbox, "pat");
    let body = create_body(
        "https://hooks.acme.example.com/branch/7",
        &["invitee.created"],
        &org_uri("org-admin"),
        "organization",
        None,
    );
    assert_answer(
        &post(&mut sandbox, &pat, "/webhook_subscriptions", body),
        409,
        already_exists(),
    );
}

#[test]
fn simulator_allows_one_url_in_separate_scopes_and_for_separate_users() {
    // api.md §4.1 tells integrators to split events with different allowed scopes into
    // separate subscriptions, which must then be able to share the URL.
    let mut sandbox = Sandbox::scenario("org-admin").unwrap();
    let (admin, member) = (token(&sandbox, "pat"), token(&sandbox, "member-pat"));
    let org = org_uri("org-admin");
    let url = "https://shared.example.com/calendly";
    let org_wide = create_body(
        url,
        &["routing_form_submission.created"],
        &org,
        "organization",
        None,
    );
    assert_eq!(
        post(&mut sandbox, &admin, "/webhook_subscriptions", org_wide).status,
        201
    );
    let admins = create_body(
        url,
        &["meeting_recap.created"],
        &org,
        "user",
        Some(&user_uri("org-admin", "Alex Admin")),
    );
    assert_eq!(
        post(&mut sandbox, &admin, "/webhook_subscriptions", admins).status,
        201
    );
    let members = create_body(
        url,
        &["invitee.created"],
        &org,
        "user",
        Some(&user_uri("org-admin", "Max Member")),
    );
    assert_eq!(
        post(&mut sandbox, &member, "/webhook_subscriptions", members).status,
        201
    );
}

#[test]
fn client_reports_already_exists() {
    let (client, transport) = client_for("solo", "pat");
    let existing = transport.with_sandbox(|s| s.subscriptions()[0].callback_url.clone());
    let new = new_subscription(
        &existing,
        vec![Event::InviteeCreated],
        org("solo"),
        Target::User(user("solo", "Sam Solo")),
    );
    assert_eq!(
        run(client.create_subscription(&new)),
        Err(Error::AlreadyExists)
    );
    assert!(!Error::AlreadyExists.outcome_unknown());
}
