//! The request log stays bounded: a simulator served for days, or probed with huge
//! unauthenticated requests, keeps only the latest requests and cuts long texts, while
//! request numbers (which faults may target) keep counting.

use calendly::Method;
use sandbox::{Sandbox, LOGGED_TEXT_LIMIT, LOG_LIMIT};

use crate::support::*;

#[test]
fn simulator_log_keeps_only_the_latest_requests_with_long_queries_cut() {
    let mut sandbox = Sandbox::scenario("solo").unwrap();
    let huge_query = format!("/users/me?x={}", "a".repeat(60_000));
    let sent = 3 * LOG_LIMIT + 7;
    for _ in 0..sent {
        let response = send(&mut sandbox, request(Method::Get, None, &huge_query, None));
        assert_eq!(response.status, 401);
    }
    let log = sandbox.requests();
    assert!(log.len() <= LOG_LIMIT, "{} entries kept", log.len());
    assert!(log.len() >= LOG_LIMIT / 2, "the latest are kept");
    assert_eq!(sandbox.received(), sent as u64);
    assert_eq!(
        log.last().unwrap().number,
        sent as u64,
        "numbers keep counting"
    );
    let kept: usize = log.iter().map(|r| r.path.len() + r.query.len()).sum();
    assert!(
        kept <= LOG_LIMIT * 2 * LOGGED_TEXT_LIMIT,
        "{kept} bytes of text kept"
    );
    let last = &log.last().unwrap().query;
    assert!(
        last.len() <= LOGGED_TEXT_LIMIT && last.ends_with('…'),
        "{}",
        last.len()
    );
}

#[test]
fn simulator_log_keeps_short_requests_as_they_were() {
    let mut sandbox = Sandbox::scenario("solo").unwrap();
    let pat = token(&sandbox, "pat");
    get(&mut sandbox, &pat, "/users/me?x=é");
    let entry = &sandbox.requests()[0];
    assert_eq!(
        (entry.path.as_str(), entry.query.as_str()),
        ("/users/me", "x=é")
    );
}
