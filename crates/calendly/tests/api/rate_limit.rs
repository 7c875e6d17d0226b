//! The rate-limit policy: headers are remembered; a read that meets a 429 waits until the
//! reset (via the transport's sleep) and is sent again, within bounds; a write never is.

use std::time::Duration;

use calendly::{
    CallbackUrl, Error, Event, NewSubscription, OrganizationUri, RateLimit, RetryPolicy,
    SubscriptionUri, Target,
};

use crate::support::*;

const LIMITED: [(&str, &str); 3] = [
    ("X-RateLimit-Limit", "500"),
    ("X-RateLimit-Remaining", "0"),
    ("X-RateLimit-Reset", "12"),
];

#[test]
fn the_latest_headers_are_remembered() {
    let headers = [
        ("X-RateLimit-Limit", "500"),
        ("X-RateLimit-Remaining", "498"),
        ("X-RateLimit-Reset", "41"),
    ];
    let script = Script::default().answer_with(200, &headers, USER_JSON);
    let client = script.client();
    assert_eq!(client.rate_limit(), None);
    run(client.me()).unwrap();
    assert_eq!(
        client.rate_limit(),
        Some(RateLimit {
            limit: 500,
            remaining: 498,
            reset_seconds: 41
        })
    );
}

#[test]
fn a_read_waits_for_the_reset_then_retries() {
    let script = Script::default()
        .answer_with(429, &LIMITED, "")
        .answer(200, USER_JSON);
    assert!(run(script.client().me()).is_ok());
    assert_eq!(*script.slept.borrow(), vec![Duration::from_secs(12)]);
    assert_eq!(script.sent().len(), 2);
    assert_eq!(script.sent()[0], script.sent()[1], "the same request again");
}

#[test]
fn without_headers_a_read_waits_the_default() {
    let script = Script::default().answer(429, "").answer(200, USER_JSON);
    assert!(run(script.client().me()).is_ok());
    assert_eq!(*script.slept.borrow(), vec![Duration::from_secs(60)]);
}

#[test]
fn retries_are_bounded() {
    let script = Script::default()
        .answer_with(429, &LIMITED, "")
        .answer_with(429, &LIMITED, "")
        .answer_with(429, &LIMITED, "");
    let client = script.client().with_retry_policy(RetryPolicy {
        max_read_retries: 2,
        ..RetryPolicy::default()
    });
    assert_eq!(
        run(client.me()),
        Err(Error::RateLimited {
            seconds_until_reset: 12
        })
    );
    assert_eq!(script.slept.borrow().len(), 2);
}

#[test]
fn a_reset_too_far_away_is_reported_not_waited_for() {
    let far = [
        ("X-RateLimit-Limit", "500"),
        ("X-RateLimit-Remaining", "0"),
        ("X-RateLimit-Reset", "91"),
    ];
    let script = Script::default().answer_with(429, &far, "");
    assert_eq!(
        run(script.client().me()),
        Err(Error::RateLimited {
            seconds_until_reset: 91
        })
    );
    assert!(script.slept.borrow().is_empty());
}

#[test]
fn writes_are_never_retried() {
    let script = Script::default()
        .answer_with(429, &LIMITED, "")
        .answer_with(429, &LIMITED, "");
    let client = script.client();
    let new = NewSubscription {
        url: CallbackUrl::parse("https://example.com/h").unwrap(),
        events: vec![Event::InviteeCreated],
        organization: OrganizationUri::parse(ORG).unwrap(),
        target: Target::Organization,
        signing_key: None,
    };
    assert_eq!(
        run(client.create_subscription(&new)),
        Err(Error::RateLimited {
            seconds_until_reset: 12
        })
    );
    assert_eq!(
        run(client.delete_subscription(&SubscriptionUri::from_id("D"))),
        Err(Error::RateLimited {
            seconds_until_reset: 12
        })
    );
    assert_eq!(script.sent().len(), 2);
    assert!(script.slept.borrow().is_empty());
}
