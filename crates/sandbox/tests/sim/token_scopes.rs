//! 403 Insufficient scope (api.md §1.4–§1.5): each endpoint's scope, and the read scope of
//! every subscribed event family, named in `required_scopes`.

use calendly::{Error, Event, Target};
use sandbox::Sandbox;

use crate::support::*;

#[test]
fn simulator_needs_webhooks_write_to_create_and_delete() {
    let mut sandbox = Sandbox::scenario("missing-write-scope").unwrap();
    let pat = token(&sandbox, "pat");
    let body = create_body(
        "https://x.example.com/h",
        &["invitee.created"],
        &org_uri("missing-write-scope"),
        "organization",
        None,
    );
    assert_answer(
        &post(&mut sandbox, &pat, "/webhook_subscriptions", body),
        403,
        insufficient_scope(&["webhooks:write"]),
    );
    let existing = sandbox.subscriptions()[0].uri.clone();
    let path = format!("/webhook_subscriptions/{}", existing.id());
    assert_answer(
        &delete(&mut sandbox, &pat, &path),
        403,
        insufficient_scope(&["webhooks:write"]),
    );
    // Reading still works with this token.
    assert_eq!(get(&mut sandbox, &pat, &path).status, 200);
    assert_eq!(sandbox.subscriptions().len(), 1);
}

#[test]
fn simulator_needs_the_read_scope_of_each_endpoint() {
    let mut sandbox = Sandbox::scenario("missing-write-scope").unwrap();
    let none = token(&sandbox, "pat-no-scopes");
    let org = org_uri("missing-write-scope");
    let me = user_uri("missing-write-scope", "Wes Owner");
    let membership = format!(
        "/organization_memberships?{}",
        calendly::query::encode(&[("user", &me)])
    );
    let sample = format!(
        "/sample_webhook_data?{}",
        calendly::query::encode(&[
            ("event", "invitee.created"),
            ("organization", &org),
            ("scope", "organization")
        ])
    );
    for (path, scope) in [
        ("/users/me".to_owned(), "users:read"),
        (membership, "organizations:read"),
        (
            list_path(&[("organization", &org), ("scope", "organization")]),
            "webhooks:read",
        ),
        (sample, "webhooks:read"),
    ] {
        assert_answer(
            &get(&mut sandbox, &none, &path),
            403,
            insufficient_scope(&[scope]),
        );
    }
}

#[test]
fn simulator_names_every_missing_event_family_scope() {
    let mut sandbox = Sandbox::scenario("solo").unwrap();
    let minimum = token(&sandbox, "pat-minimum");
    let me = user_uri("solo", "Sam Solo");
    let body = create_body(
        "https://x.example.com/h",
        &[
            "invitee.created",
            "event_type.created",
            "contact.updated",
            "event_type.deleted",
        ],
        &org_uri("solo"),
        "user",
        Some(&me),
    );
    assert_answer(
        &post(&mut sandbox, &minimum, "/webhook_subscriptions", body),
        403,
        insufficient_scope(&["event_types:read", "contacts:read"]),
    );
    // The invitee family is covered by scheduled_events:read, which the minimum set has.
    let ok = create_body(
        "https://x.example.com/h",
        &["invitee.created", "invitee_no_show.created"],
        &org_uri("solo"),
        "user",
        Some(&me),
    );
    assert_eq!(
        post(&mut sandbox, &minimum, "/webhook_subscriptions", ok).status,
        201
    );
}

#[test]
fn simulator_gives_tokens_from_before_scopes_full_access() {
    let mut sandbox = Sandbox::scenario("solo").unwrap();
    let legacy = token(&sandbox, "pat-legacy-full-access");
    let me = user_uri("solo", "Sam Solo");
    let body = create_body(
        "https://x.example.com/h",
        &["contact.created", "meeting_recap.created"],
        &org_uri("solo"),
        "user",
        Some(&me),
    );
    assert_eq!(
        post(&mut sandbox, &legacy, "/webhook_subscriptions", body).status,
        201
    );
}

#[test]
fn client_names_the_missing_scopes() {
    let (client, _) = client_for("missing-write-scope", "pat");
    let new = new_subscription(
        "https://x.example.com/h",
        vec![Event::InviteeCreated],
        org("missing-write-scope"),
        Target::Organization,
    );
    let error = run(client.create_subscription(&new)).unwrap_err();
    assert_eq!(
        error,
        Error::MissingScopes {
            scopes: vec!["webhooks:write".into()]
        }
    );
    assert!(error.message().contains("webhooks:write"));

    let (client, _) = client_for("missing-write-scope", "pat-no-scopes");
    assert_eq!(
        run(client.me()),
        Err(Error::MissingScopes {
            scopes: vec!["users:read".into()]
        })
    );
    let listing =
        run(client.list_subscriptions(&org("missing-write-scope"), &Target::Organization));
    assert_eq!(
        listing,
        Err(Error::MissingScopes {
            scopes: vec!["webhooks:read".into()]
        })
    );

    let (client, _) = client_for("solo", "pat-minimum");
    let new = new_subscription(
        "https://x.example.com/h",
        vec![Event::ContactCreated],
        org("solo"),
        Target::User(user("solo", "Sam Solo")),
    );
    assert_eq!(
        run(client.create_subscription(&new)),
        Err(Error::MissingScopes {
            scopes: vec!["contacts:read".into()]
        })
    );
}

#[test]
fn client_names_the_missing_scope_of_memberships_samples_and_deletes() {
    let (client, _) = client_for("missing-write-scope", "pat-no-scopes");
    let (me, organization) = (
        user("missing-write-scope", "Wes Owner"),
        org("missing-write-scope"),
    );
    fn missing<T>(scope: &str) -> Result<T, Error> {
        Err(Error::MissingScopes {
            scopes: vec![scope.to_owned()],
        })
    }
    assert_eq!(
        run(client.memberships_of(&me, &organization)),
        missing("organizations:read")
    );
    let sample = run(client.sample_webhook_data(
        &Event::InviteeCreated,
        &organization,
        &Target::Organization,
    ));
    assert_eq!(sample.map(|s| s.event), missing("webhooks:read"));

    let (client, transport) = client_for("missing-write-scope", "pat");
    let existing = transport.with_sandbox(|s| s.subscriptions()[0].uri.clone());
    assert_eq!(
        run(client.delete_subscription(&existing)),
        missing("webhooks:write")
    );
    assert_eq!(transport.with_sandbox(|s| s.subscriptions().len()), 1);
}
