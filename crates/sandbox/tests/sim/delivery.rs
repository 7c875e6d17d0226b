//! Delivery health (api.md §4.4): `retry_started_at` while deliveries fail, `disabled`
//! after 24 hours of failures.

use std::time::Duration;

use calendly::{Method, SubscriptionState, Target};
use sandbox::Sandbox;

use crate::support::*;

#[test]
fn simulator_lists_a_disabled_and_a_retrying_subscription() {
    let mut sandbox = Sandbox::scenario("org-admin").unwrap();
    let pat = token(&sandbox, "pat");
    let page = body(&get(
        &mut sandbox,
        &pat,
        &list_path(&[
            ("organization", &org_uri("org-admin")),
            ("scope", "organization"),
            ("count", "100"),
        ]),
    ));
    let rows = page["collection"].as_array().unwrap();
    let disabled: Vec<_> = rows.iter().filter(|s| s["state"] == "disabled").collect();
    assert_eq!(disabled.len(), 1);
    assert_eq!(
        disabled[0]["callback_url"],
        "https://crm.acme.example.com/calendly/disabled-endpoint"
    );
    let retrying: Vec<_> = rows
        .iter()
        .filter(|s| !s["retry_started_at"].is_null())
        .collect();
    assert_eq!(retrying.len(), 1);
    assert_eq!(retrying[0]["state"], "active");
    assert_eq!(
        retrying[0]["retry_started_at"],
        "2026-11-27T04:00:00.000000Z"
    );
    // Every row carries every documented field.
    for field in [
        "uri",
        "callback_url",
        "created_at",
        "updated_at",
        "retry_started_at",
        "state",
        "events",
        "scope",
        "organization",
        "user",
        "group",
        "creator",
    ] {
        assert!(rows.iter().all(|s| s.get(field).is_some()), "{field}");
    }
}

#[test]
fn simulator_disables_a_subscription_after_24_hours_of_failed_deliveries() {
    let mut sandbox = Sandbox::scenario("solo").unwrap();
    let pat = token(&sandbox, "pat");
    let uri = sandbox.subscriptions()[0].uri.clone();
    assert!(sandbox.fail_deliveries(&uri, Duration::from_secs(60)));
    let path = format!("/webhook_subscriptions/{}", uri.id());
    let at = |sandbox: &mut Sandbox, secs| {
        body(&send_at(
            sandbox,
            request(Method::Get, Some(&pat), &path, None),
            Duration::from_secs(secs),
        ))
    };
    let retrying = at(&mut sandbox, 3600);
    assert_eq!(
        (
            retrying["resource"]["state"].as_str(),
            retrying["resource"]["retry_started_at"].as_str()
        ),
        (Some("active"), Some("2026-11-27T09:01:00.000000Z"))
    );
    let later = at(&mut sandbox, 60 + 24 * 3600);
    assert_eq!(later["resource"]["state"], "disabled");
}

#[test]
fn client_reads_state_and_retry_started_at() {
    let (client, _) = client_for("org-admin", "pat");
    let all = run(client.list_subscriptions(&org("org-admin"), &Target::Organization)).unwrap();
    let disabled = all
        .iter()
        .find(|s| s.state == SubscriptionState::Disabled)
        .unwrap();
    assert_eq!(
        disabled.callback_url,
        "https://crm.acme.example.com/calendly/disabled-endpoint"
    );
    let retrying = all.iter().find(|s| s.retry_started_at.is_some()).unwrap();
    assert_eq!(retrying.state, SubscriptionState::Active);
    assert_eq!(
        run(client.get_subscription(&disabled.uri)).unwrap().state,
        SubscriptionState::Disabled
    );
}
