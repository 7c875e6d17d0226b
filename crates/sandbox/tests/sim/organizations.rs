//! `GET /organizations/{uuid}` (api.md §3.1): the organization's name and plan, for
//! owners, admins and members alike, with scope `organizations:read`; another
//! organization is not confirmed to exist (404).

use calendly::{Error, OrganizationPlan, OrganizationUri};
use sandbox::Sandbox;
use serde_json::json;

use crate::support::*;

fn organization_path(scenario: &str) -> String {
    format!("/organizations/{}", org(scenario).id())
}

/// Two organizations, one user and token in each.
fn two_organizations() -> Sandbox {
    let file = json!({
        "organizations": [
            { "id": "ORG1", "plan": "teams", "name": "First" },
            { "id": "ORG2", "plan": "free", "name": "Second" }
        ],
        "users": [
            { "id": "U1", "name": "One", "email": "one@example.com", "organization": "ORG1", "role": "owner" },
            { "id": "U2", "name": "Two", "email": "two@example.com", "organization": "ORG2", "role": "owner" }
        ],
        "tokens": [
            { "label": "one", "kind": "pat", "user": "U1", "token": "t-one" },
            { "label": "two", "kind": "pat", "user": "U2", "token": "t-two" }
        ]
    });
    Sandbox::from_json(&file.to_string()).unwrap()
}

#[test]
fn simulator_answers_the_documented_fields() {
    let mut sandbox = Sandbox::scenario("org-admin").unwrap();
    let pat = token(&sandbox, "pat");
    let response = get(&mut sandbox, &pat, &organization_path("org-admin"));
    assert_answer(
        &response,
        200,
        json!({ "resource": {
            "uri": org_uri("org-admin"),
            "name": "Acme Scheduling",
            "kind": "multiple",
            "plan": "teams",
            "stage": "paid",
            "created_at": "2019-01-02T03:04:05.678123Z",
            "updated_at": "2019-01-02T03:04:05.678123Z",
        }}),
    );
}

#[test]
fn simulator_shows_a_member_their_organization_too() {
    let mut sandbox = Sandbox::scenario("member").unwrap();
    let pat = token(&sandbox, "pat");
    let response = get(&mut sandbox, &pat, &organization_path("member"));
    assert_eq!(response.status, 200);
    assert_eq!(body(&response)["resource"]["name"], "Blue Clinic");
}

#[test]
fn simulator_needs_organizations_read() {
    let mut sandbox = Sandbox::scenario("missing-write-scope").unwrap();
    let no_scopes = token(&sandbox, "pat-no-scopes");
    assert_answer(
        &get(
            &mut sandbox,
            &no_scopes,
            &organization_path("missing-write-scope"),
        ),
        403,
        insufficient_scope(&["organizations:read"]),
    );
}

#[test]
fn simulator_does_not_confirm_another_organization() {
    let mut sandbox = two_organizations();
    assert_answer(
        &get(&mut sandbox, "t-one", "/organizations/ORG2"),
        404,
        json!({ "title": "Resource Not Found", "message": "The server could not find the requested resource." }),
    );
    // Same answer as for an organization that does not exist at all.
    assert_eq!(
        get(&mut sandbox, "t-one", "/organizations/NOPE").body,
        get(&mut sandbox, "t-one", "/organizations/ORG2").body
    );
    assert_eq!(
        get(&mut sandbox, "t-two", "/organizations/ORG2").status,
        200
    );
}

#[test]
fn client_reads_the_name_and_the_plan() {
    let (client, _) = client_for("free-plan", "pat");
    let organization = run(client.organization(&org("free-plan"))).unwrap();
    assert_eq!(organization.uri, org("free-plan"));
    assert_eq!(organization.name, "Fay Free Yoga");
    assert_eq!(organization.plan, Some(OrganizationPlan::Free));
    assert_eq!(organization.plan.unwrap().features(), Some(vec![]));
}

#[test]
fn client_reports_the_missing_scope() {
    let (client, _) = client_for("missing-write-scope", "pat-no-scopes");
    assert_eq!(
        run(client.organization(&org("missing-write-scope"))),
        Err(Error::MissingScopes {
            scopes: vec!["organizations:read".into()]
        })
    );
}

#[test]
fn client_gets_not_found_for_another_organization() {
    let transport = sandbox::SandboxTransport::new(two_organizations());
    let client = calendly::Client::new(calendly::AccessToken::parse("t-one").unwrap(), transport);
    let other = OrganizationUri::from_id("ORG2");
    assert_eq!(run(client.organization(&other)), Err(Error::NotFound));
}

#[test]
fn every_built_in_scenario_names_its_organization() {
    for name in Sandbox::scenario_names() {
        let organization = &scenario_file(name)["organizations"][0];
        assert!(
            organization["name"].as_str().is_some_and(|n| !n.is_empty()),
            "{name}"
        );
    }
}
