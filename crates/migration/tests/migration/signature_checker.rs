//! The page's signature checker (`migration::signature`), one test per verdict: valid;
//! valid but too old (with the age) or dated in the future; not valid because the header
//! lacks `t` or `v1` or is malformed, because the body was re-serialised (found by trying
//! the body's canonical re-serialisations) or changed, because of a key slip, or because
//! the key is wrong or the body changed (which an HMAC cannot tell apart).

use std::time::Duration;

use migration::signature::{
    check, parse_header, sign, Cause, HeaderProblem, KeySlip, Rewrite, Verdict, DEFAULT_TOLERANCE,
};

use crate::support::compact;

const KEY: &str = "5d0f2b8c7a6e4d3c2b1a09f8e7d6c5b4a39281706f5e4d3c2b1a0f9e8d7c6b5a";
const T: i64 = 1_795_770_000;

fn body() -> Vec<u8> {
    compact("booking-with-answers").into_bytes()
}

fn verdict_at(key: &str, header: &str, body: &[u8], now: i64) -> Verdict {
    check(key, header, body, now, DEFAULT_TOLERANCE)
}

fn cause(verdict: Verdict) -> Cause {
    match verdict {
        Verdict::NotValid { cause } => cause,
        other => panic!("expected not valid, got {other:?}"),
    }
}

#[test]
fn a_fresh_delivery_is_valid_and_says_how_old_it_is() {
    let body = body();
    let verdict = verdict_at(KEY, &sign(KEY, T, &body), &body, T + 42);
    assert_eq!(verdict, Verdict::Valid { age_seconds: 42 });
    assert!(verdict.is_valid());
    assert_eq!(verdict.headline(), "Valid");
    assert!(
        verdict.explanation().contains("42 seconds ago"),
        "{verdict}"
    );
}

#[test]
fn a_clock_slightly_ahead_is_still_valid() {
    let body = body();
    let verdict = verdict_at(KEY, &sign(KEY, T, &body), &body, T - 30);
    assert_eq!(verdict, Verdict::Valid { age_seconds: -30 });
    assert!(verdict.explanation().contains("30 seconds ahead"));
}

#[test]
fn an_old_delivery_is_valid_but_too_old_with_its_age() {
    let body = body();
    let header = sign(KEY, T, &body);
    let verdict = verdict_at(KEY, &header, &body, T + 725);
    assert_eq!(
        verdict,
        Verdict::TooOld {
            age_seconds: 725,
            tolerance_seconds: 180
        }
    );
    assert!(!verdict.is_valid(), "a server must refuse it");
    assert!(
        verdict.explanation().contains("12 minutes 5 seconds ago"),
        "{verdict}"
    );
    assert!(verdict.explanation().contains("the limit is 3 minutes"));
    // Exactly at the limit is still fine.
    assert!(verdict_at(KEY, &header, &body, T + 180).is_valid());
}

#[test]
fn the_tolerance_is_the_users_to_set() {
    let body = body();
    let header = sign(KEY, T, &body);
    let tolerance = Duration::from_secs(15 * 60);
    assert_eq!(
        check(KEY, &header, &body, T + 725, tolerance),
        Verdict::Valid { age_seconds: 725 }
    );
    assert!(matches!(
        check(KEY, &header, &body, T + 725, Duration::from_secs(60)),
        Verdict::TooOld {
            tolerance_seconds: 60,
            ..
        }
    ));
}

#[test]
fn a_delivery_dated_in_the_future_is_refused() {
    let body = body();
    let verdict = verdict_at(KEY, &sign(KEY, T + 3600, &body), &body, T);
    assert_eq!(
        verdict,
        Verdict::FromTheFuture {
            ahead_seconds: 3600,
            tolerance_seconds: 180
        }
    );
    assert!(verdict.explanation().contains("1 hour ahead"));
}

#[test]
fn a_wrong_key_is_not_valid() {
    let body = body();
    let header = sign(KEY, T, &body);
    let other = "9a8b7c6d5e4f30211203f4e5d6c7b8a99a8b7c6d5e4f30211203f4e5d6c7b8a9";
    let verdict = verdict_at(other, &header, &body, T);
    assert_eq!(
        verdict.headline(),
        "Not valid: wrong signing key, or the body was changed"
    );
    assert_eq!(cause(verdict.clone()), Cause::WrongKeyOrChangedBody);
    assert!(verdict
        .explanation()
        .contains("not the one this webhook subscription was created with"));
}

#[test]
fn one_changed_byte_in_the_body_is_not_valid() {
    let body = body();
    let header = sign(KEY, T, &body);
    let mut changed = body.clone();
    let at = changed.windows(5).position(|w| w == b"GmbH\"").unwrap();
    changed[at] = b'A';
    let verdict = verdict_at(KEY, &header, &changed, T);
    // Still complete JSON, and no re-serialisation matches: the key or the content.
    assert_eq!(cause(verdict.clone()), Cause::WrongKeyOrChangedBody);
    assert!(verdict
        .explanation()
        .contains("the body was changed after Calendly signed it"));
}

#[test]
fn a_body_cut_short_or_broken_is_a_changed_body() {
    let body = body();
    let header = sign(KEY, T, &body);
    let verdict = verdict_at(KEY, &header, &body[..body.len() - 1], T);
    assert_eq!(cause(verdict.clone()), Cause::BodyNotJson);
    assert_eq!(verdict.headline(), "Not valid: the body was changed");
}

#[test]
fn a_pretty_printed_body_is_recognised_as_re_serialised() {
    let body = body();
    let header = sign(KEY, T, &body);
    let value: serde_json::Value = serde_json::from_slice(&body).unwrap();
    let pretty = serde_json::to_vec_pretty(&value).unwrap();
    let verdict = verdict_at(KEY, &header, &pretty, T);
    assert_eq!(
        cause(verdict.clone()),
        Cause::Reserialised {
            rewrite: Rewrite::Spacing
        }
    );
    assert_eq!(verdict.headline(), "Not valid: the body was re-serialised");
    assert!(verdict.explanation().contains("raw bytes"));
}

#[test]
fn a_body_re_serialised_by_python_is_recognised() {
    // What Calendly sent (compact, accented letters as they are) and what Python's
    // json.dumps makes of it (spaces after separators, \u escapes).
    let sent = "{\"event\":\"invitee.created\",\"payload\":{\"name\":\"José Müller\",\"n\":[1,2]}}";
    let python = r#"{"event": "invitee.created", "payload": {"name": "Jos\u00e9 M\u00fcller", "n": [1, 2]}}"#;
    let header = sign(KEY, T, sent.as_bytes());
    assert_eq!(
        cause(verdict_at(KEY, &header, python.as_bytes(), T)),
        Cause::Reserialised {
            rewrite: Rewrite::SpacingAndEscapes
        }
    );
}

#[test]
fn escapes_undone_by_a_framework_are_recognised() {
    // Ruby on Rails writes < > & as \u003c \u003e \u0026; JSON.stringify writes them plainly.
    let sent = r#"{"answer":"\u003cAPI\u003e \u0026 more"}"#;
    let stringified = r#"{"answer":"<API> & more"}"#;
    let header = sign(KEY, T, sent.as_bytes());
    assert_eq!(
        cause(verdict_at(KEY, &header, stringified.as_bytes(), T)),
        Cause::Reserialised {
            rewrite: Rewrite::Escapes
        }
    );
    // And PHP's json_encode writes / as \/ and é as \u00e9.
    let sent = r#"{"url":"https://x.example/é"}"#;
    let php = r#"{"url":"https:\/\/x.example\/\u00e9"}"#;
    let header = sign(KEY, T, sent.as_bytes());
    assert_eq!(
        cause(verdict_at(KEY, &header, php.as_bytes(), T)),
        Cause::Reserialised {
            rewrite: Rewrite::Escapes
        }
    );
}

#[test]
fn a_line_break_added_by_copying_is_recognised() {
    let body = body();
    let header = sign(KEY, T, &body);
    let mut pasted = body.clone();
    pasted.extend_from_slice(b"\r\n");
    assert_eq!(
        cause(verdict_at(KEY, &header, &pasted, T)),
        Cause::Reserialised {
            rewrite: Rewrite::Ends
        }
    );
}

#[test]
fn a_key_with_a_line_break_or_quotes_is_a_key_slip() {
    let body = body();
    let header = sign(KEY, T, &body);
    for slipped in [format!("{KEY}\n"), format!("\"{KEY}\""), format!(" {KEY} ")] {
        let verdict = verdict_at(&slipped, &header, &body, T);
        assert_eq!(
            cause(verdict.clone()),
            Cause::WrongKey {
                slip: KeySlip::ExtraCharacters
            }
        );
        assert_eq!(verdict.headline(), "Not valid: wrong signing key");
    }
}

#[test]
fn the_access_token_given_as_key_is_named() {
    let body = body();
    let header = sign(KEY, T, &body);
    let token = "eyJraWQiOiIxY2UxZTEzNjE3ZGNmNzY2YjNjZWJjY2Y4ZGM1YmFmYThhNjVlNjg0MDIzZjdjMzJiZTgzNDliMjM4MDEzNWI0IiwidHlwIjoiUEFUIiwiYWxnIjoiRVMyNTYifQ.eyJpc3MiOiJodHRwczovL2F1dGguY2FsZW5kbHkuY29tIn0.c2ln";
    assert_eq!(
        cause(verdict_at(token, &header, &body, T)),
        Cause::WrongKey {
            slip: KeySlip::AccessToken
        }
    );
}

#[test]
fn no_key_is_asked_for() {
    let body = body();
    assert_eq!(
        cause(verdict_at("", &sign(KEY, T, &body), &body, T)),
        Cause::NoKey
    );
}

#[test]
fn a_header_without_v1_or_t_is_incomplete() {
    let body = body();
    let header = sign(KEY, T, &body);
    let v1 = header.split_once(",v1=").unwrap().1;
    for (text, problem) in [
        (format!("t={T}"), HeaderProblem::MissingSignature),
        (format!("v1={v1}"), HeaderProblem::MissingTimestamp),
        ("sha256=abc".to_owned(), HeaderProblem::NotCalendly),
        (String::new(), HeaderProblem::Empty),
    ] {
        let verdict = verdict_at(KEY, &text, &body, T);
        assert_eq!(
            cause(verdict.clone()),
            Cause::Header {
                problem: problem.clone()
            },
            "{text}"
        );
        if problem != HeaderProblem::Empty {
            assert_eq!(
                verdict.headline(),
                "Not valid: the header is incomplete",
                "{text}"
            );
        }
    }
}

#[test]
fn a_malformed_header_says_what_is_wrong() {
    let body = body();
    let header = sign(KEY, T, &body);
    let v1 = header.split_once(",v1=").unwrap().1;
    for (text, problem) in [
        (
            format!("t=soon,v1={v1}"),
            HeaderProblem::TimestampNotANumber {
                found: "soon".into(),
            },
        ),
        (
            format!("t=-5,v1={v1}"),
            HeaderProblem::TimestampNotANumber { found: "-5".into() },
        ),
        (
            format!("t={T},v1=xyz"),
            HeaderProblem::SignatureNotHex {
                found: "xyz".into(),
            },
        ),
        (format!("t={T};v1={v1}"), HeaderProblem::Separator),
        (
            format!("t={T},t={T},v1={v1}"),
            HeaderProblem::RepeatedTimestamp,
        ),
        (
            format!("t={T},garbage,v1={v1}"),
            HeaderProblem::NotKeyValue {
                part: "garbage".into(),
            },
        ),
        (
            "garbage".into(),
            HeaderProblem::NotKeyValue {
                part: "garbage".into(),
            },
        ),
    ] {
        let verdict = verdict_at(KEY, &text, &body, T);
        assert_eq!(cause(verdict.clone()), Cause::Header { problem }, "{text}");
        assert_eq!(
            verdict.headline(),
            "Not valid: the header is malformed",
            "{text}"
        );
    }
}

#[test]
fn the_header_is_read_the_way_people_paste_it() {
    let body = body();
    let header = sign(KEY, T, &body);
    let v1 = header.split_once(",v1=").unwrap().1;
    for pasted in [
        format!("Calendly-Webhook-Signature: {header}"),
        format!("calendly-webhook-signature:{header}\n"),
        format!("  t={T} , v1={v1} "),
        format!("t={T},v1={},v1={v1}", "0".repeat(64)),
        format!("t={T},v1={v1},v2=future"),
        format!("t={T},v1={}", v1.to_uppercase()),
    ] {
        assert!(verdict_at(KEY, &pasted, &body, T).is_valid(), "{pasted}");
    }
    let parsed = parse_header(&header).unwrap();
    assert_eq!(parsed.timestamp, T);
    assert_eq!(parsed.signatures.len(), 1);
}

#[test]
fn every_verdict_reads_as_plain_sentences() {
    let body = body();
    let header = sign(KEY, T, &body);
    let verdicts = [
        verdict_at(KEY, &header, &body, T + 1),
        verdict_at(KEY, &header, &body, T + 4000),
        verdict_at(KEY, &header, &body, T - 4000),
        verdict_at("x", &header, &body, T),
        verdict_at(KEY, &header, b"{", T),
        verdict_at(KEY, &header, b" {}", T),
        verdict_at(KEY, "t=1", &body, T),
        verdict_at("", &header, &body, T),
    ];
    for verdict in verdicts {
        let text = verdict.to_string();
        assert!(text.ends_with('.') || text.ends_with(')'), "{text}");
        assert!(!text.contains("Err") && !text.contains("Some("), "{text}");
    }
}
