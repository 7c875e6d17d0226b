//! 401s (api.md §1.4): every token Calendly refuses, with the message that says why.

use std::time::Duration;

use calendly::{Error, Method, TokenRejection};
use sandbox::Sandbox;
use serde_json::json;

use crate::support::*;

fn unauthenticated(message: &str) -> serde_json::Value {
    json!({ "title": "Unauthenticated", "message": message })
}

#[test]
fn simulator_answers_a_working_pat_with_the_user() {
    let mut sandbox = Sandbox::scenario("solo").unwrap();
    let pat = token(&sandbox, "pat");
    let response = get(&mut sandbox, &pat, "/users/me");
    assert_eq!(response.status, 200);
    let user = &body(&response)["resource"];
    assert_eq!(user["uri"], user_uri("solo", "Sam Solo"));
    assert_eq!(user["current_organization"], org_uri("solo"));
    assert_eq!(user["resource_type"], "User");
    for field in [
        "name",
        "slug",
        "email",
        "scheduling_url",
        "timezone",
        "time_notation",
        "created_at",
        "updated_at",
        "locale",
    ] {
        assert!(user[field].is_string(), "{field} missing in {user}");
    }
    assert!(user["avatar_url"].is_null());
}

#[test]
fn simulator_refuses_a_request_without_a_token() {
    let mut sandbox = Sandbox::scenario("solo").unwrap();
    let response = send(&mut sandbox, request(Method::Get, None, "/users/me", None));
    assert_answer(
        &response,
        401,
        unauthenticated("The access token is invalid"),
    );
}

#[test]
fn simulator_refuses_garbage_and_legacy_v1_keys_as_invalid() {
    let mut sandbox = Sandbox::scenario("solo").unwrap();
    for label in ["garbage", "v1-api-key"] {
        let text = token(&sandbox, label);
        assert_answer(
            &get(&mut sandbox, &text, "/users/me"),
            401,
            unauthenticated("The access token is invalid"),
        );
    }
    let unknown = "eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln";
    assert_answer(
        &get(&mut sandbox, unknown, "/users/me"),
        401,
        unauthenticated("The access token is invalid"),
    );
}

#[test]
fn simulator_wants_the_bearer_scheme() {
    let mut sandbox = Sandbox::scenario("solo").unwrap();
    let pat = token(&sandbox, "pat");
    let mut req = request(Method::Get, None, "/users/me", None);
    req.headers
        .push(("Authorization".into(), format!("Token {pat}")));
    assert_answer(
        &send(&mut sandbox, req),
        401,
        unauthenticated("The access token is invalid"),
    );
}

#[test]
fn simulator_says_when_a_token_was_revoked() {
    let mut sandbox = Sandbox::scenario("solo").unwrap();
    let text = token(&sandbox, "pat-revoked");
    assert_answer(
        &get(&mut sandbox, &text, "/users/me"),
        401,
        unauthenticated("The access token was revoked"),
    );
}

#[test]
fn simulator_says_when_an_oauth_token_expired() {
    let mut sandbox = Sandbox::scenario("solo").unwrap();
    let text = token(&sandbox, "oauth-expired");
    assert_answer(
        &get(&mut sandbox, &text, "/users/me"),
        401,
        unauthenticated("The access token expired"),
    );
}

#[test]
fn simulator_expires_an_oauth_token_when_its_time_comes() {
    let mut sandbox = Sandbox::scenario("solo").unwrap();
    let text = token(&sandbox, "oauth");
    // The scenario's OAuth token was issued 10 minutes before the clock starts and
    // expires 110 minutes after it.
    let before = send_at(
        &mut sandbox,
        request(Method::Get, Some(&text), "/users/me", None),
        Duration::from_secs(110 * 60 - 1),
    );
    assert_eq!(before.status, 200);
    let after = send_at(
        &mut sandbox,
        request(Method::Get, Some(&text), "/users/me", None),
        Duration::from_secs(110 * 60),
    );
    assert_answer(&after, 401, unauthenticated("The access token expired"));
}

#[test]
fn client_reads_the_user_and_organization() {
    let (client, _) = client_for("solo", "pat");
    let me = run(client.me()).unwrap();
    assert_eq!(me.uri, user("solo", "Sam Solo"));
    assert_eq!(me.current_organization, org("solo"));
    assert_eq!(me.email, "sam@solo.example.com");
}

#[test]
fn client_reports_invalid_legacy_revoked_and_expired_tokens_apart() {
    for (label, expected) in [
        ("garbage", TokenRejection::Invalid),
        ("v1-api-key", TokenRejection::Invalid),
        ("pat-revoked", TokenRejection::Revoked),
        ("oauth-expired", TokenRejection::Expired),
    ] {
        let (client, _) = client_for("solo", label);
        assert_eq!(
            run(client.me()),
            Err(Error::TokenRejected(expected)),
            "{label}"
        );
    }
}

#[test]
fn client_messages_differ_for_each_rejection() {
    let messages: Vec<String> = [
        TokenRejection::Invalid,
        TokenRejection::Expired,
        TokenRejection::Revoked,
    ]
    .into_iter()
    .map(|r| Error::TokenRejected(r).message())
    .collect();
    assert_ne!(messages[0], messages[1]);
    assert_ne!(messages[1], messages[2]);
    assert!(messages[0].contains("v1 API key"));
}
