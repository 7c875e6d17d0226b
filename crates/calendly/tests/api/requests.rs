//! Every call builds exactly the request api.md documents: method, URL (path, parameter
//! names and order, percent-encoding), headers and JSON body.

use calendly::{
    CallbackUrl, Event, GroupUri, Method, NewSubscription, OrganizationUri, SigningKey,
    SubscriptionUri, Target, UserUri,
};
use serde_json::json;

use crate::support::*;

fn headers(request: &calendly::Request) -> Vec<(&str, &str)> {
    request
        .headers
        .iter()
        .map(|(n, v)| (n.as_str(), v.as_str()))
        .collect()
}

fn assert_get(request: &calendly::Request, url: &str) {
    assert_eq!(request.method, Method::Get);
    assert_eq!(request.url, url);
    let auth = format!("Bearer {TOKEN}");
    assert_eq!(
        headers(request),
        vec![
            ("Authorization", auth.as_str()),
            ("Accept", "application/json")
        ]
    );
    assert_eq!(request.body, None);
}

fn org() -> OrganizationUri {
    OrganizationUri::parse(ORG).unwrap()
}

fn me() -> UserUri {
    UserUri::parse(ME).unwrap()
}

#[test]
fn me_is_a_get_of_users_me_with_the_bearer_token() {
    let script = Script::default().answer(200, USER_JSON);
    let user = run(script.client().me()).unwrap();
    assert_eq!(user.uri, me());
    assert_eq!(user.current_organization, org());
    assert_get(&script.sent()[0], "https://api.calendly.com/users/me");
}

#[test]
fn memberships_are_filtered_by_organization_and_user() {
    let body = r#"{"collection":[{"uri":"https://api.calendly.com/organization_memberships/CCCCCCCCCCCCCCCC","role":"admin",
      "user":{"uri":"https://api.calendly.com/users/AAAAAAAAAAAAAAAA","name":"Jane Host","email":"jane@example.com"},
      "organization":"https://api.calendly.com/organizations/BBBBBBBBBBBBBBBB","created_at":"2019-01-02T03:04:05.678123Z",
      "updated_at":"2019-08-07T06:05:04.321123Z"}],
      "pagination":{"count":1,"next_page":null,"previous_page":null,"next_page_token":null,"previous_page_token":null}}"#;
    let script = Script::default().answer(200, body);
    let memberships = run(script.client().memberships_of(&me(), &org())).unwrap();
    assert_eq!(memberships[0].role, calendly::Role::Admin);
    assert_get(&script.sent()[0], &format!("https://api.calendly.com/organization_memberships?organization={ORG_Q}&user={ME_Q}&count=100"));
}

#[test]
fn organization_is_a_get_by_id_on_the_clients_base() {
    // The documented example body (api.md §3.1), read from a URI on another host: the
    // token must still go only to the client's base.
    let body = r#"{"resource":{"uri":"https://api.calendly.com/organizations/BBBBBBBBBBBBBBBB","kind":"multiple",
      "name":"Sales Team","plan":"professional","stage":"paid","created_at":"2019-01-02T03:04:05.678123Z",
      "updated_at":"2019-08-07T06:05:04.321123Z"}}"#;
    let script = Script::default().answer(200, body);
    let elsewhere =
        OrganizationUri::parse("https://elsewhere.example.com/organizations/BBBBBBBBBBBBBBBB")
            .unwrap();
    let organization = run(script.client().organization(&elsewhere)).unwrap();
    assert_eq!(organization.uri, org());
    assert_eq!(organization.name, "Sales Team");
    assert_eq!(
        organization.plan,
        Some(calendly::OrganizationPlan::Professional)
    );
    assert_eq!(organization.kind.as_deref(), Some("multiple"));
    assert_eq!(organization.stage.as_deref(), Some("paid"));
    assert_get(
        &script.sent()[0],
        "https://api.calendly.com/organizations/BBBBBBBBBBBBBBBB",
    );
}

#[test]
fn organization_memberships_list_the_whole_organization() {
    let script = Script::default().answer(
        200,
        r#"{"collection":[],"pagination":{"count":0,"next_page":null,
      "previous_page":null,"next_page_token":null,"previous_page_token":null}}"#,
    );
    let memberships = run(script.client().organization_memberships(&org())).unwrap();
    assert!(memberships.is_empty());
    assert_get(
        &script.sent()[0],
        &format!(
            "https://api.calendly.com/organization_memberships?organization={ORG_Q}&count=100"
        ),
    );
}

#[test]
fn listing_names_organization_scope_and_subject() {
    let group = GroupUri::parse("https://api.calendly.com/groups/GGGG").unwrap();
    let script = Script::default()
        .answer(200, &page_json(&[], None))
        .answer(200, &page_json(&[], None))
        .answer(200, &page_json(&[], None));
    let client = script.client();
    run(client.list_subscriptions(&org(), &Target::Organization)).unwrap();
    run(client.list_subscriptions(&org(), &Target::User(me()))).unwrap();
    run(client.list_subscriptions(&org(), &Target::Group(group))).unwrap();
    let base = "https://api.calendly.com/webhook_subscriptions";
    let sent = script.sent();
    assert_get(
        &sent[0],
        &format!("{base}?organization={ORG_Q}&scope=organization&count=100"),
    );
    assert_get(
        &sent[1],
        &format!("{base}?organization={ORG_Q}&scope=user&user={ME_Q}&count=100"),
    );
    assert_get(&sent[2], &format!("{base}?organization={ORG_Q}&scope=group&group=https%3A%2F%2Fapi.calendly.com%2Fgroups%2FGGGG&count=100"));
}

#[test]
fn get_and_delete_address_the_subscription_by_id_on_the_clients_base() {
    // A URI on another host must not send the token there.
    let uri =
        SubscriptionUri::parse("https://elsewhere.example.com/webhook_subscriptions/DDDD").unwrap();
    let script = Script::default()
        .answer(
            200,
            &format!(r#"{{"resource":{}}}"#, subscription_json("DDDD")),
        )
        .answer(204, "");
    let client = script.client();
    assert_eq!(run(client.get_subscription(&uri)).unwrap().uri.id(), "DDDD");
    assert_eq!(run(client.delete_subscription(&uri)), Ok(()));
    let sent = script.sent();
    assert_get(
        &sent[0],
        "https://api.calendly.com/webhook_subscriptions/DDDD",
    );
    assert_eq!(
        (
            sent[1].method,
            sent[1].url.as_str(),
            sent[1].body.as_deref()
        ),
        (
            Method::Delete,
            "https://api.calendly.com/webhook_subscriptions/DDDD",
            None
        )
    );
    assert_eq!(headers(&sent[1]), headers(&sent[0]));
}

#[test]
fn create_posts_the_documented_json_body() {
    let script = Script::default().answer(
        201,
        &format!(r#"{{"resource":{}}}"#, subscription_json("NEW")),
    );
    let new = NewSubscription {
        url: CallbackUrl::parse("https://example.com/calendly/hook").unwrap(),
        events: vec![Event::InviteeCreated, Event::InviteeCanceled],
        organization: org(),
        target: Target::User(me()),
        signing_key: Some(SigningKey::parse("s3cret").unwrap()),
    };
    let created = run(script.client().create_subscription(&new)).unwrap();
    assert_eq!(created.uri.id(), "NEW");
    let sent = &script.sent()[0];
    assert_eq!(
        (sent.method, sent.url.as_str()),
        (
            Method::Post,
            "https://api.calendly.com/webhook_subscriptions"
        )
    );
    let auth = format!("Bearer {TOKEN}");
    assert_eq!(
        headers(sent),
        vec![
            ("Authorization", auth.as_str()),
            ("Accept", "application/json"),
            ("Content-Type", "application/json")
        ]
    );
    let body: serde_json::Value = serde_json::from_str(sent.body.as_deref().unwrap()).unwrap();
    assert_eq!(
        body,
        json!({
            "url": "https://example.com/calendly/hook",
            "events": ["invitee.created", "invitee.canceled"],
            "organization": ORG,
            "scope": "user",
            "user": ME,
            "signing_key": "s3cret"
        })
    );
}

#[test]
fn sample_data_names_event_organization_scope_and_user() {
    let body = format!(
        r#"{{"event":"invitee.created","created_at":"2026-11-20T10:05:00.000000Z","created_by":"{ME}","payload":{{"uri":"x"}}}}"#
    );
    let script = Script::default().answer(200, &body);
    let sample = run(script.client().sample_webhook_data(
        &Event::InviteeCreated,
        &org(),
        &Target::User(me()),
    ))
    .unwrap();
    assert_eq!(sample.event, Event::InviteeCreated);
    assert_get(
        &script.sent()[0],
        &format!("https://api.calendly.com/sample_webhook_data?event=invitee.created&organization={ORG_Q}&scope=user&user={ME_Q}"),
    );
}

#[test]
fn another_base_is_used_as_given_without_a_trailing_slash() {
    let script = Script::default().answer(200, USER_JSON);
    let client = script
        .client()
        .with_base_url("http://127.0.0.1:8080/calendly-api/");
    run(client.me()).unwrap();
    assert_eq!(
        script.urls(),
        vec!["http://127.0.0.1:8080/calendly-api/users/me"]
    );
}

#[test]
fn the_token_never_appears_in_debug_output() {
    let script = Script::default().answer(200, USER_JSON);
    run(script.client().me()).unwrap();
    let printed = format!("{:?}", script.sent()[0]);
    assert!(
        !printed.contains(TOKEN) && printed.contains("[redacted]"),
        "{printed}"
    );
    let client = format!("{:?}", script.client());
    assert!(
        !client.contains(TOKEN) && client.contains("AccessToken([hidden])"),
        "{client}"
    );
}
