//! One test per crash or hang the fuzz targets found, named after it, with the input
//! that showed it (or its shape, when it is large). See `tests/corpus.rs` for the
//! replay of every corpus; these stay even if a corpus changes.

use std::time::{Duration, Instant};

/// Runs `work` and fails if it takes longer than `limit` (it is not stopped: a hang
/// shows as this failure once it ends, or as the test harness's timeout).
#[track_caller]
fn within(limit: Duration, work: impl FnOnce()) {
    let started = Instant::now();
    work();
    assert!(
        started.elapsed() < limit,
        "took {:?} (limit {limit:?})",
        started.elapsed()
    );
}

/// Found by `token_triage` (generated `quotes-nested-deep`): each round of removing a
/// pair of quotes copied and lower-cased the whole text, so 60,000 nested quotes took
/// minutes (quadratic).
#[test]
fn triage_of_a_token_inside_thousands_of_quotes_is_quick() {
    let token = "eyJraWQiOiIxIiwidHlwIjoiUEFUIiwiYWxnIjoiRVMyNTYifQ.eyJpc3MiOiJodHRwczovL2F1dGguY2FsZW5kbHkuY29tIn0.c2ln";
    let pasted = format!("{}{token}{}", "\"'`".repeat(30_000), "`'\"".repeat(30_000));
    within(Duration::from_secs(5), || {
        let triage = migration::token::triage(&pasted, 0);
        assert!(triage
            .repairs
            .contains(&migration::token::Repair::RemovedQuotes));
    });
}

/// Found by `token_triage` (generated `bearer-repeated`): the same quadratic loop, one
/// "Bearer " removed per round.
#[test]
fn triage_of_a_token_after_thousands_of_bearer_prefixes_is_quick() {
    let pasted = format!("{}eyJ.e30.c2ln", "Bearer ".repeat(50_000));
    within(Duration::from_secs(5), || {
        let triage = migration::token::triage(&pasted, 0);
        assert!(triage
            .repairs
            .contains(&migration::token::Repair::RemovedBearerPrefix));
    });
}

/// Found by `delivery` (`corpus/delivery/odd-values.json`): a question's `position` of
/// u64::MAX overflowed when counted from 1 (a panic in debug builds, a wrong number in
/// release). The order of the answers is used instead.
#[test]
fn v1_view_of_an_answer_at_the_largest_position_does_not_overflow() {
    let delivery: calendly::WebhookPayload = serde_json::from_str(
        r#"{"event":"invitee.created","created_at":"","created_by":"","payload":{"questions_and_answers":[{"question":"q","answer":"a","position":18446744073709551615}]}}"#,
    )
    .unwrap();
    let view = migration::payload::as_v1(&delivery).unwrap();
    assert_eq!(
        view.v1["payload"]["questions_and_responses"]["1_question"],
        "q"
    );
}

/// Found by `scenario` (`corpus/scenario/extreme-faults.json`): a `slow` fault of 1e308
/// seconds panicked converting to a `Duration`; it is refused with a message.
#[test]
fn scenario_with_a_slow_fault_too_long_to_wait_for_is_refused() {
    let mut scenario: serde_json::Value =
        serde_json::from_str(sandbox::Sandbox::scenario_json("solo").unwrap()).unwrap();
    scenario["faults"] =
        serde_json::json!([{ "fault": "slow", "seconds": 1e308, "when": { "request": 1 } }]);
    let error = sandbox::Sandbox::from_json(&scenario.to_string())
        .err()
        .expect("refused");
    assert!(error.contains("seconds"), "{error}");
}

/// Found by `scenario` (generated `series-of-four-billion`): a `subscription_series` of
/// 4,000,000,000 was built one by one until memory ran out; more than 10,000
/// subscriptions are refused with a message.
#[test]
fn scenario_with_billions_of_subscriptions_is_refused_at_once() {
    let mut scenario: serde_json::Value =
        serde_json::from_str(sandbox::Sandbox::scenario_json("solo").unwrap()).unwrap();
    let organization = scenario["organizations"][0]["id"].clone();
    let creator = scenario["users"][0]["id"].clone();
    scenario["subscription_series"] = serde_json::json!([{
        "count": 4_000_000_000u64, "organization": organization,
        "callback_url": "https://hooks.example.com/{n}", "events": ["invitee.created"],
        "scope": "organization", "creator": creator,
    }]);
    within(Duration::from_secs(5), || {
        let error = sandbox::Sandbox::from_json(&scenario.to_string())
            .err()
            .expect("refused");
        assert!(error.contains("10000"), "{error}");
    });
}

/// Found by `old_hooks` (generated `twenty-thousand-addresses`, 9 s unoptimised): every
/// accepted address was compared with every one before it, twice (merging repeats and
/// flagging look-alikes), so a long paste took time in the square of its length; 60,000
/// lines took minutes. Now one pass with look-ups.
#[test]
fn paste_of_sixty_thousand_addresses_is_read_in_one_pass() {
    let pasted: String = (0..60_000)
        .map(|n| format!("https://hooks{n}.example.com/h{}\n", ["", "/"][n % 2]))
        .collect();
    within(Duration::from_secs(30), || {
        let parsed = migration::old_hooks::parse_pasted(&pasted);
        assert_eq!(parsed.hooks.len(), 60_000);
    });
}

/// Found by `scenario` (`cargo xtask fuzz`, after 19,000 runs;
/// `corpus/scenario/found-non-ascii-fraction-of-a-second.json`): a timestamp whose
/// fraction of a second held a non-ASCII character was cut inside that character (a
/// panic). Such a timestamp is refused like any other malformed one.
#[test]
fn scenario_with_a_non_ascii_fraction_of_a_second_is_refused() {
    let mut scenario: serde_json::Value =
        serde_json::from_str(sandbox::Sandbox::scenario_json("solo").unwrap()).unwrap();
    scenario["clock_start"] = "2026-11-27T09:00:00.0000\u{FFFD}0Z".into();
    let error = sandbox::Sandbox::from_json(&scenario.to_string())
        .err()
        .expect("refused");
    assert!(error.contains("clock_start"), "{error}");
}

/// Found by `scenario` (`cargo xtask fuzz`, after 2.2 million runs;
/// `corpus/scenario/found-year-too-large.json`): a `clock_start` in the year
/// 7,206,456,910,651,268,188 overflowed the calendar arithmetic (a panic in debug builds,
/// a wrong date in release). Years outside 0–9999 are refused.
#[test]
fn scenario_with_a_year_too_large_for_the_calendar_is_refused() {
    let mut scenario: serde_json::Value =
        serde_json::from_str(sandbox::Sandbox::scenario_json("solo").unwrap()).unwrap();
    scenario["clock_start"] = "0000007206456910651268188-11-27T09:00:00.000000Z".into();
    let error = sandbox::Sandbox::from_json(&scenario.to_string())
        .err()
        .expect("refused");
    assert!(error.contains("clock_start"), "{error}");
}
