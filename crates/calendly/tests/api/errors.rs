//! Statuses and bodies become typed errors (api.md §1.4, §4.1, §5), branching on the
//! status first; each error has a sentence and a next step for the page.

use calendly::{Error, ErrorDetail, Response, TokenRejection, TransportError};

use crate::support::*;

fn error_for(status: u16, body: &str) -> Error {
    Error::from_response(&Response {
        status,
        headers: Vec::new(),
        body: body.to_owned(),
    })
}

#[test]
fn status_400_keeps_every_detail() {
    let body = r#"{"title":"Invalid Argument","message":"The supplied parameters are invalid.",
      "details":[{"parameter":"user","message":"is missing"},{"message":"something else","code":"x"}]}"#;
    assert_eq!(
        error_for(400, body),
        Error::InvalidRequest {
            details: vec![
                ErrorDetail {
                    parameter: Some("user".into()),
                    message: "is missing".into(),
                    code: None
                },
                ErrorDetail {
                    parameter: None,
                    message: "something else".into(),
                    code: Some("x".into())
                },
            ]
        }
    );
}

#[test]
fn status_401_tells_invalid_expired_and_revoked_apart() {
    let body = |m: &str| format!(r#"{{"title":"Unauthenticated","message":"{m}"}}"#);
    assert_eq!(
        error_for(401, &body("The access token is invalid")),
        Error::TokenRejected(TokenRejection::Invalid)
    );
    assert_eq!(
        error_for(401, &body("The access token expired")),
        Error::TokenRejected(TokenRejection::Expired)
    );
    assert_eq!(
        error_for(401, &body("The access token was revoked")),
        Error::TokenRejected(TokenRejection::Revoked)
    );
    assert_eq!(
        error_for(401, "not json"),
        Error::TokenRejected(TokenRejection::Invalid)
    );
}

#[test]
fn status_403_tells_scopes_plans_and_roles_apart() {
    let scopes = r#"{"title":"Insufficient scope","message":"…","required_scopes":["webhooks:write","contacts:read"]}"#;
    assert_eq!(
        error_for(403, scopes),
        Error::MissingScopes {
            scopes: vec!["webhooks:write".into(), "contacts:read".into()]
        }
    );
    // The title alone is enough; the scopes are then unknown.
    assert_eq!(
        error_for(403, r#"{"title":"Insufficient Scope","message":"…"}"#),
        Error::MissingScopes { scopes: vec![] }
    );
    for old in [
        "Please upgrade to a paid Calendly account.",
        "Please upgrade your Calendly account to Standard",
    ] {
        let body = format!(r#"{{"title":"Permission Denied","message":"{old}"}}"#);
        assert_eq!(
            error_for(403, &body),
            Error::NeedsPlanFeature {
                message: old.into()
            }
        );
    }
    let role = r#"{"title":"Permission Denied","message":"You do not have permission to access this resource."}"#;
    assert_eq!(
        error_for(403, role),
        Error::NotAllowedByRole {
            message: "You do not have permission to access this resource.".into()
        }
    );
}

#[test]
fn other_statuses() {
    let not_found = r#"{"title":"Resource Not Found","message":"The server could not find the requested resource."}"#;
    assert_eq!(error_for(404, not_found), Error::NotFound);
    assert_eq!(
        error_for(
            409,
            r#"{"title":"Already Exists","message":"Hook with this url already exists"}"#
        ),
        Error::AlreadyExists
    );
    assert_eq!(
        error_for(429, ""),
        Error::RateLimited {
            seconds_until_reset: 60
        }
    );
    assert_eq!(error_for(500, ""), Error::ServerError { status: 500 });
    assert_eq!(error_for(503, "<html>"), Error::ServerError { status: 503 });
    assert!(matches!(
        error_for(418, "{}"),
        Error::UnexpectedResponse { status: 418, .. }
    ));
    let calendar = r#"{"title":"External Calendar Error","message":"There is a problem accessing your calendar."}"#;
    assert_eq!(
        error_for(424, calendar),
        Error::UnexpectedResponse {
            status: 424,
            summary: "There is a problem accessing your calendar.".into()
        }
    );
}

#[test]
fn a_429_reads_the_reset_header() {
    let response = Response {
        status: 429,
        headers: vec![
            ("x-ratelimit-limit".into(), "50".into()),
            ("X-RateLimit-Remaining".into(), "0".into()),
            ("X-RATELIMIT-RESET".into(), "17".into()),
        ],
        body: String::new(),
    };
    assert_eq!(
        Error::from_response(&response),
        Error::RateLimited {
            seconds_until_reset: 17
        }
    );
}

#[test]
fn transport_failures_and_unreadable_answers() {
    let script = Script::default()
        .fail(TransportError::Unreachable(
            "TypeError: Failed to fetch".into(),
        ))
        .fail(TransportError::TimedOut)
        .answer(200, "<html>maintenance</html>")
        .answer(
            201,
            r#"{"resource":{"uri":"https://api.calendly.com/users/X"}}"#,
        );
    let client = script.client();
    assert_eq!(
        run(client.me()),
        Err(Error::Unreachable {
            detail: "TypeError: Failed to fetch".into()
        })
    );
    assert_eq!(run(client.me()), Err(Error::TimedOut));
    assert!(matches!(
        run(client.me()),
        Err(Error::UnexpectedResponse { status: 200, .. })
    ));
    assert!(matches!(
        run(client.me()),
        Err(Error::UnexpectedResponse { status: 201, .. })
    ));
}

#[test]
fn a_delete_must_answer_204() {
    let script = Script::default().answer(200, "{}");
    let uri = calendly::SubscriptionUri::from_id("D");
    assert!(matches!(
        run(script.client().delete_subscription(&uri)),
        Err(Error::UnexpectedResponse { status: 200, .. })
    ));
}

#[test]
fn every_error_has_words_for_the_user() {
    let all = [
        Error::TokenRejected(TokenRejection::Invalid),
        Error::TokenRejected(TokenRejection::Expired),
        Error::TokenRejected(TokenRejection::Revoked),
        Error::MissingScopes { scopes: vec![] },
        Error::MissingScopes {
            scopes: vec!["webhooks:write".into()],
        },
        Error::NotAllowedByRole {
            message: String::new(),
        },
        Error::NeedsPlanFeature {
            message: String::new(),
        },
        Error::NotFound,
        Error::AlreadyExists,
        Error::InvalidRequest { details: vec![] },
        Error::RateLimited {
            seconds_until_reset: 42,
        },
        Error::ServerError { status: 502 },
        Error::Unreachable {
            detail: String::new(),
        },
        Error::TimedOut,
        Error::UnexpectedResponse {
            status: 302,
            summary: String::new(),
        },
    ];
    let mut messages = std::collections::HashSet::new();
    for error in &all {
        assert!(
            error.message().ends_with('.') && error.next_step().ends_with('.'),
            "{error:?}"
        );
        assert_eq!(error.to_string(), error.message());
        messages.insert(error.message());
    }
    assert_eq!(messages.len(), all.len(), "no two errors read the same");
    assert!(Error::RateLimited {
        seconds_until_reset: 42
    }
    .message()
    .contains("42 seconds"));
    assert!(Error::MissingScopes { scopes: vec![] }
        .next_step()
        .contains("webhooks:write"));
    let unknown: Vec<bool> = all.iter().map(Error::outcome_unknown).collect();
    assert_eq!(
        unknown.iter().filter(|u| **u).count(),
        3,
        "server error, unreachable and time-out"
    );
}

#[test]
fn errors_survive_a_save_and_reload_as_json() {
    // A saved run keeps the cause of a failure, to word it again for the token's kind.
    for error in [
        Error::TokenRejected(TokenRejection::Expired),
        Error::MissingScopes {
            scopes: vec!["webhooks:write".into()],
        },
        Error::InvalidRequest {
            details: vec![ErrorDetail {
                parameter: Some("url".into()),
                message: "is invalid".into(),
                code: None,
            }],
        },
        Error::NotFound,
        Error::ServerError { status: 503 },
    ] {
        let json = serde_json::to_string(&error).unwrap();
        assert_eq!(
            serde_json::from_str::<Error>(&json).unwrap(),
            error,
            "{json}"
        );
    }
}

#[test]
fn an_expired_token_without_its_kind_gets_advice_for_both_kinds() {
    let next = Error::TokenRejected(TokenRejection::Expired).next_step();
    assert!(next.contains("sign in again"), "{next}");
    assert!(
        next.contains("Integrations \u{2192} API & Webhooks \u{2192} Generate new token"),
        "{next}"
    );
}
