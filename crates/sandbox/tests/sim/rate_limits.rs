//! Per-user rate limits (api.md §5): the three headers on every answer, 429 past the
//! limit, and the client's policy: reads wait for the reset and retry, writes never.

use std::time::Duration;

use calendly::{Error, Event, Method, RateLimit, RetryPolicy, Target};
use sandbox::{Fault, Sandbox, When};
use serde_json::json;

use crate::support::*;

fn limit_headers(response: &calendly::Response) -> (u32, u32, u64) {
    let limit = RateLimit::from_response(response)
        .unwrap_or_else(|| panic!("no rate-limit headers: {response:?}"));
    (limit.limit, limit.remaining, limit.reset_seconds)
}

#[test]
fn simulator_sends_the_three_headers_on_every_answer() {
    let mut sandbox = Sandbox::scenario("solo").unwrap();
    let pat = token(&sandbox, "pat");
    let id = sandbox.subscriptions()[0].uri.id().to_owned();
    let answers = [
        get(&mut sandbox, &pat, "/users/me"),
        get(&mut sandbox, "nonsense", "/users/me"),
        get(&mut sandbox, &pat, "/webhook_subscriptions"),
        get(&mut sandbox, &pat, "/nowhere"),
        delete(&mut sandbox, &pat, &format!("/webhook_subscriptions/{id}")),
    ];
    assert_eq!(
        answers.iter().map(|a| a.status).collect::<Vec<_>>(),
        vec![200, 401, 400, 404, 204]
    );
    for answer in &answers {
        let (limit, _, reset) = limit_headers(answer);
        assert_eq!((limit, reset), (500, 60));
    }
    let remaining: Vec<u32> = [&answers[0], &answers[2], &answers[3], &answers[4]]
        .iter()
        .map(|a| limit_headers(a).1)
        .collect();
    assert_eq!(remaining, vec![499, 498, 497, 496], "counted per user");
}

#[test]
fn simulator_answers_429_past_the_free_plans_50_per_minute() {
    let mut sandbox = Sandbox::scenario("free-plan").unwrap();
    let pat = token(&sandbox, "pat");
    let at = |sandbox: &mut Sandbox, secs: u64| {
        send_at(
            sandbox,
            request(Method::Get, Some(&pat), "/users/me", None),
            Duration::from_secs(secs),
        )
    };
    for n in 1..=50 {
        let response = at(&mut sandbox, 10);
        assert_eq!(
            (response.status, limit_headers(&response)),
            (200, (50, 50 - n, 60))
        );
    }
    let refused = at(&mut sandbox, 25);
    assert_answer(
        &refused,
        429,
        json!({ "title": "Too Many Requests", "message": "You have exceeded the rate limit. Please try again later." }),
    );
    assert_eq!(limit_headers(&refused), (50, 0, 45));
    assert_eq!(at(&mut sandbox, 69).status, 429);
    let fresh = at(&mut sandbox, 70);
    assert_eq!((fresh.status, limit_headers(&fresh)), (200, (50, 49, 60)));
}

#[test]
fn simulator_counts_each_user_separately() {
    let mut sandbox = Sandbox::scenario("member").unwrap();
    sandbox.set_rate_limit(2, Duration::from_secs(60));
    let (mia, omar) = (token(&sandbox, "pat"), token(&sandbox, "owner-pat"));
    assert_eq!(get(&mut sandbox, &mia, "/users/me").status, 200);
    assert_eq!(get(&mut sandbox, &mia, "/users/me").status, 200);
    assert_eq!(get(&mut sandbox, &mia, "/users/me").status, 429);
    assert_eq!(get(&mut sandbox, &omar, "/users/me").status, 200);
}

#[test]
fn client_waits_for_the_reset_and_retries_a_read() {
    let (client, transport) = client_for("free-plan", "pat");
    transport.with_sandbox(|s| s.set_rate_limit(1, Duration::from_secs(60)));
    run(client.me()).unwrap();
    assert_eq!(
        client.rate_limit(),
        Some(RateLimit {
            limit: 1,
            remaining: 0,
            reset_seconds: 60
        })
    );
    transport.advance(Duration::from_secs(15));
    let me = run(client.me()).unwrap();
    assert_eq!(me.name, "Fay Free");
    assert_eq!(
        transport.now(),
        Duration::from_secs(60),
        "waited exactly until the reset"
    );
    let statuses: Vec<_> =
        transport.with_sandbox(|s| s.requests().iter().map(|r| r.status).collect());
    assert_eq!(statuses, vec![Some(200), Some(429), Some(200)]);
}

#[test]
fn client_never_retries_a_create_on_429() {
    let (client, transport) = client_for("free-plan", "pat");
    transport.with_sandbox(|s| s.set_rate_limit(1, Duration::from_secs(60)));
    run(client.me()).unwrap();
    let new = new_subscription(
        "https://fay.example.com/h",
        vec![Event::InviteeCreated],
        org("free-plan"),
        Target::Organization,
    );
    assert_eq!(
        run(client.create_subscription(&new)),
        Err(Error::RateLimited {
            seconds_until_reset: 60
        })
    );
    let posts = transport.with_sandbox(|s| {
        s.requests()
            .iter()
            .filter(|r| r.method == Method::Post)
            .count()
    });
    assert_eq!(posts, 1);
    assert_eq!(transport.now(), Duration::ZERO, "did not wait either");
}

#[test]
fn client_gives_up_when_the_reset_is_too_far_or_retries_run_out() {
    let (client, transport) = client_for("free-plan", "pat");
    transport.with_sandbox(|s| s.set_rate_limit(1, Duration::from_secs(3600)));
    run(client.me()).unwrap();
    assert_eq!(
        run(client.me()),
        Err(Error::RateLimited {
            seconds_until_reset: 3600
        })
    );
    assert_eq!(transport.now(), Duration::ZERO);

    let (client, transport) = client_for("free-plan", "pat");
    let client = client.with_retry_policy(RetryPolicy {
        max_read_retries: 2,
        ..RetryPolicy::default()
    });
    transport.with_sandbox(|s| s.inject(Fault::RateLimited, When::path(Method::Get, "/users/me")));
    assert!(matches!(run(client.me()), Err(Error::RateLimited { .. })));
    assert_eq!(
        transport.with_sandbox(|s| s.requests().len()),
        3,
        "one try and two retries"
    );
}

#[test]
fn client_follows_pages_through_a_rate_limit() {
    let (client, transport) = client_for("org-admin", "pat");
    // The second page meets the limit; the listing still completes, after one wait.
    transport.with_sandbox(|s| s.set_rate_limit(1, Duration::from_secs(60)));
    let all = run(client.list_subscriptions(&org("org-admin"), &Target::Organization)).unwrap();
    assert_eq!(all.len(), 122);
    assert_eq!(transport.now(), Duration::from_secs(60));
}
