//! 400s (api.md §4.1, §4.2, §4.5, §6): required parameters, URI formats, `count` 1–100,
//! `scope` values, unknown events and bad page tokens, each named in `details[]`.

use calendly::{Error, ErrorDetail, Event, Method, Target};
use sandbox::Sandbox;
use serde_json::json;

use crate::support::*;

fn solo() -> (Sandbox, String) {
    let sandbox = Sandbox::scenario("solo").unwrap();
    let pat = token(&sandbox, "pat");
    (sandbox, pat)
}

#[test]
fn simulator_names_every_missing_list_parameter() {
    let (mut sandbox, pat) = solo();
    assert_answer(
        &get(&mut sandbox, &pat, "/webhook_subscriptions"),
        400,
        invalid(json!([
            { "parameter": "organization", "message": "is missing" },
            { "parameter": "scope", "message": "is missing" }
        ])),
    );
}

#[test]
fn simulator_needs_user_for_user_scope_and_group_for_group_scope() {
    let (mut sandbox, pat) = solo();
    let org = org_uri("solo");
    let response = get(
        &mut sandbox,
        &pat,
        &list_path(&[("organization", &org), ("scope", "user")]),
    );
    assert_answer(
        &response,
        400,
        invalid(json!([{ "parameter": "user", "message": "is missing" }])),
    );
    let response = get(
        &mut sandbox,
        &pat,
        &list_path(&[("organization", &org), ("scope", "group")]),
    );
    assert_answer(
        &response,
        400,
        invalid(json!([{ "parameter": "group", "message": "is missing" }])),
    );
}

#[test]
fn simulator_refuses_unknown_scope_values() {
    let (mut sandbox, pat) = solo();
    let response = get(
        &mut sandbox,
        &pat,
        &list_path(&[("organization", &org_uri("solo")), ("scope", "everyone")]),
    );
    assert_answer(
        &response,
        400,
        invalid(
            json!([{ "parameter": "scope", "message": "must be one of: organization, user, group" }]),
        ),
    );
}

#[test]
fn simulator_refuses_uris_of_the_wrong_kind_or_host() {
    let (mut sandbox, pat) = solo();
    let me = user_uri("solo", "Sam Solo");
    let lookalike = format!(
        "https://api.calendly.com.evil.example/organizations/{}",
        org_uri("solo").rsplit('/').next().unwrap()
    );
    for organization in [
        me.as_str(),
        "BBBBBBBBBBBBBBBB",
        "https://example.com/organizations/B",
        &lookalike,
    ] {
        let response = get(
            &mut sandbox,
            &pat,
            &list_path(&[
                ("organization", organization),
                ("scope", "user"),
                ("user", &me),
            ]),
        );
        assert_answer(
            &response,
            400,
            invalid(json!([{ "parameter": "organization", "message": "is invalid" }])),
        );
    }
}

#[test]
fn simulator_accepts_count_from_1_to_100_only() {
    let (mut sandbox, pat) = solo();
    let (org, me) = (org_uri("solo"), user_uri("solo", "Sam Solo"));
    for count in ["0", "101", "-1", "ten", ""] {
        let path = list_path(&[
            ("organization", &org),
            ("scope", "user"),
            ("user", &me),
            ("count", count),
        ]);
        assert_answer(
            &get(&mut sandbox, &pat, &path),
            400,
            invalid(
                json!([{ "parameter": "count", "message": "must be an integer between 1 and 100" }]),
            ),
        );
    }
    for count in ["1", "100"] {
        let path = list_path(&[
            ("organization", &org),
            ("scope", "user"),
            ("user", &me),
            ("count", count),
        ]);
        assert_eq!(get(&mut sandbox, &pat, &path).status, 200, "count={count}");
    }
}

#[test]
fn simulator_refuses_a_made_up_page_token() {
    let (mut sandbox, pat) = solo();
    let (org, me) = (org_uri("solo"), user_uri("solo", "Sam Solo"));
    let path = list_path(&[
        ("organization", &org),
        ("scope", "user"),
        ("user", &me),
        ("page_token", "abc"),
    ]);
    assert_answer(
        &get(&mut sandbox, &pat, &path),
        400,
        invalid(json!([{ "parameter": "page_token", "message": "is invalid" }])),
    );
}

#[test]
fn simulator_names_every_missing_create_field() {
    let (mut sandbox, pat) = solo();
    assert_answer(
        &post(&mut sandbox, &pat, "/webhook_subscriptions", json!({})),
        400,
        invalid(json!([
            { "parameter": "url", "message": "is missing" },
            { "parameter": "organization", "message": "is missing" },
            { "parameter": "scope", "message": "is missing" },
            { "parameter": "events", "message": "is missing" }
        ])),
    );
}

#[test]
fn simulator_ignores_a_body_not_declared_as_json() {
    let (mut sandbox, pat) = solo();
    let body = create_body(
        "https://x.example.com/h",
        &["invitee.created"],
        &org_uri("solo"),
        "organization",
        None,
    );
    let mut req = request(
        Method::Post,
        Some(&pat),
        "/webhook_subscriptions",
        Some(body),
    );
    req.headers.retain(|(name, _)| name != "Content-Type");
    let response = send(&mut sandbox, req);
    assert_eq!(response.status, 400);
    assert_eq!(body_details(&response).len(), 4);
}

fn body_details(response: &calendly::Response) -> Vec<serde_json::Value> {
    body(response)["details"].as_array().unwrap().clone()
}

#[test]
fn simulator_refuses_a_body_that_is_not_a_json_object() {
    let (mut sandbox, pat) = solo();
    let mut req = request(
        Method::Post,
        Some(&pat),
        "/webhook_subscriptions",
        Some(json!(["url"])),
    );
    assert_answer(
        &send(&mut sandbox, req.clone()),
        400,
        invalid(json!([{ "message": "The request body must be a JSON object." }])),
    );
    req.body = Some("{not json".into());
    assert_eq!(send(&mut sandbox, req).status, 400);
}

#[test]
fn simulator_refuses_a_callback_that_is_not_an_http_url() {
    let (mut sandbox, pat) = solo();
    let me = user_uri("solo", "Sam Solo");
    for url in [
        "example.com/hook",
        "ftp://example.com/hook",
        "https://exa mple.com",
    ] {
        let body = create_body(
            url,
            &["invitee.created"],
            &org_uri("solo"),
            "user",
            Some(&me),
        );
        assert_answer(
            &post(&mut sandbox, &pat, "/webhook_subscriptions", body),
            400,
            invalid(json!([{ "parameter": "url", "message": "is invalid" }])),
        );
    }
}

#[test]
fn simulator_refuses_an_empty_event_list_and_unknown_events() {
    let (mut sandbox, pat) = solo();
    let (org, me) = (org_uri("solo"), user_uri("solo", "Sam Solo"));
    let empty = create_body("https://x.example.com/h", &[], &org, "user", Some(&me));
    assert_answer(
        &post(&mut sandbox, &pat, "/webhook_subscriptions", empty),
        400,
        invalid(json!([{ "parameter": "events", "message": "must contain at least one event" }])),
    );
    let unknown = create_body(
        "https://x.example.com/h",
        &["invitee.created", "invitee.updated"],
        &org,
        "user",
        Some(&me),
    );
    assert_answer(
        &post(&mut sandbox, &pat, "/webhook_subscriptions", unknown),
        400,
        invalid(
            json!([{ "parameter": "events", "message": "\"invitee.updated\" is not a valid event" }]),
        ),
    );
    assert_eq!(sandbox.subscriptions().len(), 1, "nothing was stored");
}

#[test]
fn simulator_checks_sample_data_parameters() {
    let (mut sandbox, pat) = solo();
    let org = org_uri("solo");
    let path = format!(
        "/sample_webhook_data?{}",
        calendly::query::encode(&[("organization", &org), ("scope", "organization")])
    );
    assert_answer(
        &get(&mut sandbox, &pat, &path),
        400,
        invalid(json!([{ "parameter": "event", "message": "is missing" }])),
    );
    let path = format!(
        "/sample_webhook_data?{}",
        calendly::query::encode(&[
            ("event", "invitee.rescheduled"),
            ("organization", &org),
            ("scope", "organization")
        ])
    );
    assert_answer(
        &get(&mut sandbox, &pat, &path),
        400,
        invalid(
            json!([{ "parameter": "event", "message": "\"invitee.rescheduled\" is not a valid event" }]),
        ),
    );
}

#[test]
fn client_reports_each_refused_parameter() {
    let (client, _) = client_for("solo", "pat");
    let me = user("solo", "Sam Solo");
    let new = new_subscription(
        "https://x.example.com/h",
        vec![
            Event::InviteeCreated,
            Event::Other("invitee.updated".into()),
        ],
        org("solo"),
        Target::User(me.clone()),
    );
    let error = run(client.create_subscription(&new)).unwrap_err();
    assert_eq!(
        error,
        Error::InvalidRequest {
            details: vec![ErrorDetail {
                parameter: Some("events".into()),
                message: "\"invitee.updated\" is not a valid event".into(),
                code: None
            }]
        }
    );
    assert!(error
        .message()
        .contains("events \"invitee.updated\" is not a valid event"));

    let empty = new_subscription(
        "https://x.example.com/h",
        vec![],
        org("solo"),
        Target::User(me),
    );
    let Err(Error::InvalidRequest { details }) = run(client.create_subscription(&empty)) else {
        panic!("expected 400")
    };
    assert_eq!(details[0].parameter.as_deref(), Some("events"));
}

#[test]
fn simulator_accepts_only_the_two_documented_sort_orders() {
    let (mut sandbox, pat) = solo();
    let (org, me) = (org_uri("solo"), user_uri("solo", "Sam Solo"));
    for sort in ["created_at:asc", "created_at:desc"] {
        assert_eq!(
            get(
                &mut sandbox,
                &pat,
                &list_path(&[
                    ("organization", &org),
                    ("scope", "user"),
                    ("user", &me),
                    ("sort", sort)
                ])
            )
            .status,
            200
        );
    }
    let path = list_path(&[
        ("organization", &org),
        ("scope", "user"),
        ("user", &me),
        ("sort", "callback_url:asc"),
    ]);
    assert_answer(
        &get(&mut sandbox, &pat, &path),
        400,
        invalid(
            json!([{ "parameter": "sort", "message": "must be created_at:asc or created_at:desc" }]),
        ),
    );
}
