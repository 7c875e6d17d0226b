//! Helpers shared by the suite: raw requests to a [`Sandbox`], scenario look-ups, and a
//! client on an in-process transport.

#![allow(dead_code)]

use std::time::Duration;

use calendly::{query, AccessToken, Client, Method, Request, Response};
use sandbox::{block_on, Outcome, Sandbox, SandboxTransport};
use serde_json::{json, Value};

pub const API: &str = "https://api.calendly.com";

/// A scenario's JSON, parsed, for looking up IDs the way a reader of the file would.
pub fn scenario_file(name: &str) -> Value {
    serde_json::from_str(Sandbox::scenario_json(name).expect("built-in scenario"))
        .expect("valid JSON")
}

/// The ID of the user with this display name in a scenario.
pub fn user_id(scenario: &str, name: &str) -> String {
    let file = scenario_file(scenario);
    let user = file["users"]
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["name"] == name);
    user.unwrap_or_else(|| panic!("no user {name} in {scenario}"))["id"]
        .as_str()
        .unwrap()
        .to_owned()
}

pub fn user_uri(scenario: &str, name: &str) -> String {
    format!("{API}/users/{}", user_id(scenario, name))
}

/// The URI of the (first) organization of a scenario.
pub fn org_uri(scenario: &str) -> String {
    format!(
        "{API}/organizations/{}",
        scenario_file(scenario)["organizations"][0]["id"]
            .as_str()
            .unwrap()
    )
}

pub fn token(sandbox: &Sandbox, label: &str) -> String {
    sandbox
        .token(label)
        .unwrap_or_else(|| panic!("no token labelled {label}"))
        .to_owned()
}

pub fn request(
    method: Method,
    token: Option<&str>,
    path_and_query: &str,
    body: Option<Value>,
) -> Request {
    let mut headers = vec![("Accept".to_owned(), "application/json".to_owned())];
    if let Some(token) = token {
        headers.push(("Authorization".to_owned(), format!("Bearer {token}")));
    }
    if body.is_some() {
        headers.push(("Content-Type".to_owned(), "application/json".to_owned()));
    }
    Request {
        method,
        url: format!("{API}{path_and_query}"),
        headers,
        body: body.map(|b| b.to_string()),
    }
}

/// Sends a request at time zero and expects an answer (no fault).
pub fn send(sandbox: &mut Sandbox, request: Request) -> Response {
    send_at(sandbox, request, Duration::ZERO)
}

pub fn send_at(sandbox: &mut Sandbox, request: Request, now: Duration) -> Response {
    match sandbox.handle(&request, now) {
        Outcome::Reply(response) => response,
        other => panic!("expected an answer, got {other:?}"),
    }
}

pub fn get(sandbox: &mut Sandbox, token: &str, path_and_query: &str) -> Response {
    send(
        sandbox,
        request(Method::Get, Some(token), path_and_query, None),
    )
}

pub fn post(sandbox: &mut Sandbox, token: &str, path: &str, body: Value) -> Response {
    send(
        sandbox,
        request(Method::Post, Some(token), path, Some(body)),
    )
}

pub fn delete(sandbox: &mut Sandbox, token: &str, path: &str) -> Response {
    send(sandbox, request(Method::Delete, Some(token), path, None))
}

/// `/webhook_subscriptions?…` with the pairs encoded.
pub fn list_path(pairs: &[(&str, &str)]) -> String {
    format!("/webhook_subscriptions?{}", query::encode(pairs))
}

pub fn body(response: &Response) -> Value {
    serde_json::from_str(&response.body)
        .unwrap_or_else(|e| panic!("not JSON ({e}): {:?}", response.body))
}

/// Asserts the exact status and the exact JSON body.
#[track_caller]
pub fn assert_answer(response: &Response, status: u16, expected: Value) {
    assert_eq!(
        (response.status, body(response)),
        (status, expected),
        "full response: {response:?}"
    );
}

pub fn invalid(details: Value) -> Value {
    json!({ "title": "Invalid Argument", "message": "The supplied parameters are invalid.", "details": details })
}

pub fn permission_denied(message: &str) -> Value {
    json!({ "title": "Permission Denied", "message": message })
}

pub fn insufficient_scope(scopes: &[&str]) -> Value {
    json!({
        "title": "Insufficient scope",
        "message": "The access token does not have the required scopes for this request.",
        "required_scopes": scopes,
    })
}

pub fn create_body(
    url: &str,
    events: &[&str],
    organization: &str,
    scope: &str,
    user: Option<&str>,
) -> Value {
    let mut body =
        json!({ "url": url, "events": events, "organization": organization, "scope": scope });
    if let Some(user) = user {
        body["user"] = json!(user);
    }
    body
}

/// A client for `label`'s token in a built-in scenario, and a handle on its transport.
pub fn client_for(scenario: &str, label: &str) -> (Client<SandboxTransport>, SandboxTransport) {
    let transport = SandboxTransport::scenario(scenario).expect("built-in scenario");
    let client = client_on(&transport, label);
    (client, transport)
}

pub fn client_on(transport: &SandboxTransport, label: &str) -> Client<SandboxTransport> {
    let text = transport.with_sandbox(|s| token(s, label));
    Client::new(AccessToken::parse(&text).unwrap(), transport.clone())
}

pub fn run<F: std::future::Future>(future: F) -> F::Output {
    block_on(future)
}

pub fn org(scenario: &str) -> calendly::OrganizationUri {
    calendly::OrganizationUri::parse(&org_uri(scenario)).unwrap()
}

pub fn user(scenario: &str, name: &str) -> calendly::UserUri {
    calendly::UserUri::parse(&user_uri(scenario, name)).unwrap()
}

pub fn new_subscription(
    url: &str,
    events: Vec<calendly::Event>,
    organization: calendly::OrganizationUri,
    target: calendly::Target,
) -> calendly::NewSubscription {
    calendly::NewSubscription {
        url: calendly::CallbackUrl::parse(url).unwrap(),
        events,
        organization,
        target,
        signing_key: None,
    }
}
