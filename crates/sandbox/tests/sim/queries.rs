//! Queries read as Calendly reads them (RFC 3986 §3.4): a full address in a query value
//! may come percent-encoded (what our client sends) or as typed (what curl examples and
//! hand-built URLs send). Both forms get the same answer on every list endpoint, behind
//! Calendly's base and on a relative path (how the server hands requests over).

use calendly::query;
use sandbox::Sandbox;

use crate::support::*;

/// A query with its values left as typed: `:` and `/` unescaped.
fn unencoded(pairs: &[(&str, &str)]) -> String {
    pairs
        .iter()
        .map(|(name, value)| format!("{name}={value}"))
        .collect::<Vec<_>>()
        .join("&")
}

/// The answer to `GET path?query`, sent with a relative URL (as the server does).
fn relative_get(sandbox: &mut Sandbox, token: &str, path_and_query: &str) -> calendly::Response {
    let mut request = request(calendly::Method::Get, Some(token), path_and_query, None);
    request.url = path_and_query.to_owned();
    send(sandbox, request)
}

/// Sends the list request in both forms, absolute and relative, and checks the four
/// answers are the same 200 list.
fn assert_both_forms_list(scenario: &str, path: &str, pairs: &[(&str, &str)]) -> serde_json::Value {
    let mut sandbox = Sandbox::scenario(scenario).unwrap();
    let pat = token(&sandbox, "pat");
    let encoded = format!("{path}?{}", query::encode(pairs));
    let typed = format!("{path}?{}", unencoded(pairs));
    assert!(typed.contains("https://"), "{typed}");
    let reference = get(&mut sandbox, &pat, &encoded);
    assert_eq!(reference.status, 200, "{}", reference.body);
    let reference = body(&reference);
    assert!(reference["collection"].is_array(), "{reference}");
    for (what, answer) in [
        ("typed, absolute", get(&mut sandbox, &pat, &typed)),
        (
            "encoded, relative",
            relative_get(&mut sandbox, &pat, &encoded),
        ),
        ("typed, relative", relative_get(&mut sandbox, &pat, &typed)),
    ] {
        assert_eq!(answer.status, 200, "{what}: {}", answer.body);
        assert_eq!(body(&answer), reference, "{what}");
    }
    reference
}

#[test]
fn simulator_lists_user_subscriptions_whether_or_not_the_query_is_encoded() {
    let organization = org_uri("solo");
    let user = user_uri("solo", "Sam Solo");
    let list = assert_both_forms_list(
        "solo",
        "/webhook_subscriptions",
        &[
            ("organization", &organization),
            ("scope", "user"),
            ("user", &user),
        ],
    );
    assert_eq!(list["collection"].as_array().unwrap().len(), 1, "{list}");
}

#[test]
fn simulator_lists_organization_subscriptions_whether_or_not_the_query_is_encoded() {
    let organization = org_uri("org-admin");
    let list = assert_both_forms_list(
        "org-admin",
        "/webhook_subscriptions",
        &[
            ("organization", &organization),
            ("scope", "organization"),
            ("count", "100"),
        ],
    );
    assert_eq!(list["collection"].as_array().unwrap().len(), 100);
}

#[test]
fn simulator_lists_a_users_memberships_whether_or_not_the_query_is_encoded() {
    let user = user_uri("solo", "Sam Solo");
    let list = assert_both_forms_list("solo", "/organization_memberships", &[("user", &user)]);
    assert_eq!(list["collection"][0]["user"]["uri"], user.as_str());
}

#[test]
fn simulator_lists_an_organizations_memberships_whether_or_not_the_query_is_encoded() {
    let organization = org_uri("org-admin");
    let list = assert_both_forms_list(
        "org-admin",
        "/organization_memberships",
        &[("organization", &organization)],
    );
    assert!(list["collection"].as_array().unwrap().len() > 1, "{list}");
}

#[test]
fn simulator_follows_a_page_token_with_the_rest_of_the_query_unencoded() {
    let mut sandbox = Sandbox::scenario("org-admin").unwrap();
    let pat = token(&sandbox, "pat");
    let organization = org_uri("org-admin");
    let pairs = [
        ("organization", organization.as_str()),
        ("scope", "organization"),
        ("count", "100"),
    ];
    let first = body(&get(
        &mut sandbox,
        &pat,
        &format!("/webhook_subscriptions?{}", unencoded(&pairs)),
    ));
    let page_token = first["pagination"]["next_page_token"].as_str().unwrap();
    let second = relative_get(
        &mut sandbox,
        &pat,
        &format!(
            "/webhook_subscriptions?{}&page_token={page_token}",
            unencoded(&pairs)
        ),
    );
    assert_eq!(second.status, 200, "{}", second.body);
    assert_eq!(body(&second)["collection"].as_array().unwrap().len(), 22);
}

#[test]
fn simulator_answers_sample_data_whether_or_not_the_query_is_encoded() {
    let mut sandbox = Sandbox::scenario("solo").unwrap();
    let pat = token(&sandbox, "pat");
    let organization = org_uri("solo");
    let user = user_uri("solo", "Sam Solo");
    let pairs = [
        ("event", "invitee.created"),
        ("organization", organization.as_str()),
        ("scope", "user"),
        ("user", user.as_str()),
    ];
    let encoded = relative_get(
        &mut sandbox,
        &pat,
        &format!("/sample_webhook_data?{}", query::encode(&pairs)),
    );
    let typed = relative_get(
        &mut sandbox,
        &pat,
        &format!("/sample_webhook_data?{}", unencoded(&pairs)),
    );
    assert_eq!((encoded.status, typed.status), (200, 200), "{}", typed.body);
    assert_eq!(
        body(&encoded)["event"],
        body(&typed)["event"],
        "the same sample event"
    );
}
