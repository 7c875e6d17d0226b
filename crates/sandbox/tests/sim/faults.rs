//! Injected faults, by request number or by path, from code and from scenario files: a
//! 500, a 429, a dropped connection, an answer slower than the client's timeout, and a
//! create that is stored although its answer is lost.

use std::time::Duration;

use calendly::{Error, Event, Method, Target};
use sandbox::{Fault, Outcome, Sandbox, SandboxTransport, When};
use serde_json::json;

use crate::support::*;

fn create_request(sandbox: &Sandbox, url: &str) -> calendly::Request {
    let body = create_body(
        url,
        &["invitee.created"],
        &org_uri("solo"),
        "user",
        Some(&user_uri("solo", "Sam Solo")),
    );
    request(
        Method::Post,
        Some(&token(sandbox, "pat")),
        "/webhook_subscriptions",
        Some(body),
    )
}

#[test]
fn simulator_fails_the_nth_request_with_a_500() {
    let mut sandbox = Sandbox::scenario("solo").unwrap();
    sandbox.inject(Fault::ServerError, When::request(2));
    let pat = token(&sandbox, "pat");
    assert_eq!(get(&mut sandbox, &pat, "/users/me").status, 200);
    let failed = get(&mut sandbox, &pat, "/users/me");
    assert_answer(
        &failed,
        500,
        json!({ "title": "Internal Server Error", "message": "The server encountered an unexpected condition that prevented it from fulfilling the request." }),
    );
    assert!(failed.header("x-ratelimit-limit").is_some());
    assert_eq!(get(&mut sandbox, &pat, "/users/me").status, 200);
}

#[test]
fn simulator_fails_a_path_only_as_often_as_asked_and_does_nothing_then() {
    let mut sandbox = Sandbox::scenario("solo").unwrap();
    sandbox.inject(
        Fault::ServerError,
        When::path(Method::Post, "/webhook_subscriptions").times(1),
    );
    let req = create_request(&sandbox, "https://a.example.com/1");
    assert_eq!(send(&mut sandbox, req.clone()).status, 500);
    assert_eq!(sandbox.subscriptions().len(), 1, "a 500 stores nothing");
    assert_eq!(send(&mut sandbox, req).status, 201);
}

#[test]
fn simulator_answers_an_injected_429_with_remaining_zero() {
    let mut sandbox = Sandbox::scenario("solo").unwrap();
    sandbox.inject(Fault::RateLimited, When::request(1));
    let pat = token(&sandbox, "pat");
    let response = get(&mut sandbox, &pat, "/users/me");
    assert_eq!(response.status, 429);
    assert_eq!(
        (
            response.header("x-ratelimit-remaining"),
            response.header("x-ratelimit-reset")
        ),
        (Some("0"), Some("60"))
    );
}

#[test]
fn simulator_drops_a_connection_before_doing_anything() {
    let mut sandbox = Sandbox::scenario("solo").unwrap();
    sandbox.inject(
        Fault::DropConnection,
        When::any_method("/webhook_subscriptions"),
    );
    let req = create_request(&sandbox, "https://a.example.com/1");
    assert_eq!(sandbox.handle(&req, Duration::ZERO), Outcome::Drop);
    assert_eq!(sandbox.subscriptions().len(), 1);
    assert_eq!(sandbox.requests()[0].status, None);
}

#[test]
fn simulator_stores_a_create_whose_answer_is_lost() {
    let mut sandbox = Sandbox::scenario("solo").unwrap();
    sandbox.inject(
        Fault::LoseResponse,
        When::path(Method::Post, "/webhook_subscriptions").times(1),
    );
    let req = create_request(&sandbox, "https://a.example.com/lost");
    assert_eq!(sandbox.handle(&req, Duration::ZERO), Outcome::Drop);
    assert!(sandbox
        .subscriptions()
        .iter()
        .any(|s| s.callback_url == "https://a.example.com/lost"));
    // Sending it again is what a naive client would do: Calendly says it exists.
    assert_eq!(send(&mut sandbox, req).status, 409);
}

#[test]
fn simulator_answers_late_after_doing_the_work() {
    let mut sandbox = Sandbox::scenario("solo").unwrap();
    sandbox.inject(Fault::Slow(Duration::from_secs(45)), When::request(1));
    let req = create_request(&sandbox, "https://a.example.com/slow");
    let Outcome::Slow { delay, reply } = sandbox.handle(&req, Duration::ZERO) else {
        panic!("expected a slow answer")
    };
    assert_eq!((delay, reply.status), (Duration::from_secs(45), 201));
    assert_eq!(sandbox.subscriptions().len(), 2);
}

#[test]
fn simulator_reads_faults_from_the_scenario_file() {
    let mut file = scenario_file("solo");
    file["faults"] = json!([
        { "fault": "server_error", "when": { "request": 1 } },
        { "fault": "slow", "seconds": 31.5, "when": { "method": "GET", "path": "/webhook_subscriptions/*", "times": 1 } }
    ]);
    let mut sandbox = Sandbox::from_json(&file.to_string()).unwrap();
    let pat = token(&sandbox, "pat");
    assert_eq!(get(&mut sandbox, &pat, "/users/me").status, 500);
    let id = sandbox.subscriptions()[0].uri.id().to_owned();
    let req = request(
        Method::Get,
        Some(&pat),
        &format!("/webhook_subscriptions/{id}"),
        None,
    );
    assert!(
        matches!(sandbox.handle(&req, Duration::ZERO), Outcome::Slow { delay, .. } if delay == Duration::from_millis(31_500))
    );
    assert!(matches!(
        sandbox.handle(&req, Duration::ZERO),
        Outcome::Reply(_)
    ));
}

#[test]
fn simulator_refuses_a_scenario_with_an_unknown_fault() {
    let mut file = scenario_file("solo");
    file["faults"] = json!([{ "fault": "explode", "when": {} }]);
    let error = Sandbox::from_json(&file.to_string()).err().unwrap();
    assert!(error.contains("unknown fault \"explode\""), "{error}");
}

#[test]
fn client_reports_a_server_error_a_drop_and_a_timeout() {
    let (client, transport) = client_for("solo", "pat");
    transport.with_sandbox(|s| {
        s.inject(Fault::ServerError, When::request(1));
        s.inject(Fault::DropConnection, When::request(2));
        s.inject(Fault::Slow(Duration::from_secs(31)), When::request(3));
        s.inject(Fault::Slow(Duration::from_secs(29)), When::request(4));
    });
    assert_eq!(run(client.me()), Err(Error::ServerError { status: 500 }));
    assert!(matches!(run(client.me()), Err(Error::Unreachable { .. })));
    assert_eq!(run(client.me()), Err(Error::TimedOut));
    assert_eq!(
        transport.now(),
        SandboxTransport::DEFAULT_TIMEOUT,
        "a time-out costs the timeout"
    );
    assert!(run(client.me()).is_ok(), "late but within the timeout");
    assert_eq!(transport.now(), Duration::from_secs(59));
}

#[test]
fn client_reports_a_lost_create_as_unknown_and_a_relisting_finds_it() {
    let (client, transport) = client_for("solo", "pat");
    let me = user("solo", "Sam Solo");
    transport.with_sandbox(|s| {
        s.inject(
            Fault::LoseResponse,
            When::path(Method::Post, "/webhook_subscriptions").times(1),
        )
    });
    let new = new_subscription(
        "https://a.example.com/lost",
        vec![Event::InviteeCreated],
        org("solo"),
        Target::User(me.clone()),
    );
    let error = run(client.create_subscription(&new)).unwrap_err();
    assert!(matches!(error, Error::Unreachable { .. }) && error.outcome_unknown());
    let posts = transport.with_sandbox(|s| {
        s.requests()
            .iter()
            .filter(|r| r.method == Method::Post)
            .count()
    });
    assert_eq!(posts, 1, "the client did not re-send the create");
    let listed = run(client.list_subscriptions(&org("solo"), &Target::User(me))).unwrap();
    assert!(listed
        .iter()
        .any(|s| s.callback_url == "https://a.example.com/lost"));
}

#[test]
fn client_reports_a_slow_create_as_timed_out_though_it_was_stored() {
    let (client, transport) = client_for("solo", "pat");
    let transport = transport.with_timeout(Duration::from_secs(10));
    let client = client_on(&transport, "pat").with_base_url(client.base_url());
    transport.with_sandbox(|s| {
        s.inject(
            Fault::Slow(Duration::from_secs(11)),
            When::path(Method::Post, "/webhook_subscriptions"),
        )
    });
    let new = new_subscription(
        "https://a.example.com/slow",
        vec![Event::InviteeCreated],
        org("solo"),
        Target::User(user("solo", "Sam Solo")),
    );
    assert_eq!(run(client.create_subscription(&new)), Err(Error::TimedOut));
    assert_eq!(transport.now(), Duration::from_secs(10));
    assert!(transport.with_sandbox(|s| s
        .subscriptions()
        .iter()
        .any(|s| s.callback_url == "https://a.example.com/slow")));
}
