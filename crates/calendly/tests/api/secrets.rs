//! No secret in any `Debug` output: whatever prints a request (a log line, a failed
//! assertion, an error that carries the request) shows neither the token nor the signing
//! key, yet still shows what was asked, so the output stays useful.

use calendly::{
    CallbackUrl, Event, Method, NewSubscription, OrganizationUri, Request, SigningKey, Target,
    TransportError, UserUri,
};

use crate::support::*;

const KEY: &str = "k3y-0f-th3-w3bh00k-5erv3r";

fn new_subscription() -> NewSubscription {
    NewSubscription {
        url: CallbackUrl::parse("https://example.com/calendly/hook").unwrap(),
        events: vec![Event::InviteeCreated],
        organization: OrganizationUri::parse(ORG).unwrap(),
        target: Target::User(UserUri::parse(ME).unwrap()),
        signing_key: Some(SigningKey::parse(KEY).unwrap()),
    }
}

/// The request the client sent to create `new_subscription()`.
fn create_request() -> Request {
    let script = Script::default().answer(500, "");
    let _ = run(script.client().create_subscription(&new_subscription()));
    script.sent().remove(0)
}

#[track_caller]
fn assert_no_secret(printed: &str) {
    assert!(!printed.contains(TOKEN), "the token leaked: {printed}");
    assert!(!printed.contains(KEY), "the signing key leaked: {printed}");
}

#[test]
fn a_create_request_prints_without_token_or_signing_key() {
    let request = create_request();
    assert_eq!(request.method, Method::Post);
    for printed in [format!("{request:?}"), format!("{request:#?}")] {
        assert_no_secret(&printed);
        // Still useful: what was asked, and where the secrets were.
        assert!(
            printed.contains("https://example.com/calendly/hook"),
            "{printed}"
        );
        assert!(printed.contains("invitee.created"), "{printed}");
        assert!(printed.contains("signing_key"), "{printed}");
        assert_eq!(printed.matches("[redacted]").count(), 2, "{printed}");
    }
}

#[test]
fn an_error_that_carries_the_request_prints_without_secrets() {
    // As a transport or a caller would report a failed send: the request and why.
    #[derive(Debug)]
    #[allow(dead_code)]
    struct SendFailed {
        request: Request,
        error: TransportError,
    }
    let failed: Result<(), SendFailed> = Err(SendFailed {
        request: create_request(),
        error: TransportError::Unreachable("connection reset".into()),
    });
    // `{:?}` is also what a failed `expect` or `unwrap` prints.
    for printed in [format!("{failed:?}"), format!("{failed:#?}")] {
        assert_no_secret(&printed);
        assert!(printed.contains("connection reset"), "{printed}");
    }
}

#[test]
fn a_secret_nested_deeper_in_a_body_is_redacted_too() {
    let request = Request {
        method: Method::Post,
        url: "https://api.calendly.com/webhook_subscriptions".into(),
        headers: vec![("cookie".into(), format!("session={TOKEN}"))],
        body: Some(format!(
            r#"{{"outer":[{{"signing_key":"{KEY}"}}],"access_token":"{TOKEN}"}}"#
        )),
    };
    assert_no_secret(&format!("{request:?}"));
}

#[test]
fn a_body_that_is_not_json_is_shown_only_by_its_length() {
    let request = Request {
        method: Method::Post,
        url: "https://api.calendly.com/webhook_subscriptions".into(),
        headers: Vec::new(),
        body: Some(format!("signing_key={KEY}")),
    };
    let printed = format!("{request:?}");
    assert_no_secret(&printed);
    assert!(printed.contains("[37 bytes, not JSON]"), "{printed}");
}

#[test]
fn a_new_subscription_prints_without_its_signing_key() {
    let printed = format!("{:?}", new_subscription());
    assert_no_secret(&printed);
    assert!(printed.contains("SigningKey([hidden])"), "{printed}");
}
