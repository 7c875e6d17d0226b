//! Who may do what (api.md §3, §4.1, §4.2): organization scope only for owners and admins;
//! user scope only for the caller; nothing across organizations.

use calendly::{Error, Event, Role, Target};
use sandbox::Sandbox;
use serde_json::json;

use crate::support::*;

const NOT_FOR_YOUR_ROLE: &str = "You do not have permission to access this resource.";

#[test]
fn simulator_refuses_organization_listing_to_a_member() {
    let mut sandbox = Sandbox::scenario("member").unwrap();
    let pat = token(&sandbox, "pat");
    let response = get(
        &mut sandbox,
        &pat,
        &list_path(&[
            ("organization", &org_uri("member")),
            ("scope", "organization"),
        ]),
    );
    assert_answer(&response, 403, permission_denied(NOT_FOR_YOUR_ROLE));
}

#[test]
fn simulator_refuses_organization_scope_creates_to_a_member() {
    let mut sandbox = Sandbox::scenario("member").unwrap();
    let pat = token(&sandbox, "pat");
    let body = create_body(
        "https://x.example.com/h",
        &["invitee.created"],
        &org_uri("member"),
        "organization",
        None,
    );
    assert_answer(
        &post(&mut sandbox, &pat, "/webhook_subscriptions", body),
        403,
        permission_denied(NOT_FOR_YOUR_ROLE),
    );
}

#[test]
fn simulator_lets_owners_and_admins_use_organization_scope() {
    for (scenario, label) in [
        ("org-admin", "pat"),
        ("org-admin", "owner-pat"),
        ("member", "owner-pat"),
    ] {
        let mut sandbox = Sandbox::scenario(scenario).unwrap();
        let pat = token(&sandbox, label);
        let org = org_uri(scenario);
        assert_eq!(
            get(
                &mut sandbox,
                &pat,
                &list_path(&[("organization", &org), ("scope", "organization")])
            )
            .status,
            200
        );
        let body = create_body(
            "https://new.example.com/h",
            &["invitee.created"],
            &org,
            "organization",
            None,
        );
        assert_eq!(
            post(&mut sandbox, &pat, "/webhook_subscriptions", body).status,
            201,
            "{scenario} {label}"
        );
    }
}

#[test]
fn simulator_lets_a_member_list_only_their_own_user_scope() {
    let mut sandbox = Sandbox::scenario("member").unwrap();
    let pat = token(&sandbox, "pat");
    let org = org_uri("member");
    let mine = get(
        &mut sandbox,
        &pat,
        &list_path(&[
            ("organization", &org),
            ("scope", "user"),
            ("user", &user_uri("member", "Mia Member")),
        ]),
    );
    assert_eq!(mine.status, 200);
    assert_eq!(body(&mine)["collection"].as_array().unwrap().len(), 1);
    let owners = get(
        &mut sandbox,
        &pat,
        &list_path(&[
            ("organization", &org),
            ("scope", "user"),
            ("user", &user_uri("member", "Omar Owner")),
        ]),
    );
    assert_answer(&owners, 403, permission_denied("Unauthorized"));
}

#[test]
fn simulator_refuses_user_scope_for_someone_else_even_to_an_admin() {
    let mut sandbox = Sandbox::scenario("org-admin").unwrap();
    let pat = token(&sandbox, "pat");
    let member = user_uri("org-admin", "Max Member");
    let body = create_body(
        "https://x.example.com/h",
        &["invitee.created"],
        &org_uri("org-admin"),
        "user",
        Some(&member),
    );
    assert_answer(
        &post(&mut sandbox, &pat, "/webhook_subscriptions", body),
        403,
        permission_denied(NOT_FOR_YOUR_ROLE),
    );
}

#[test]
fn simulator_refuses_another_organization() {
    let mut sandbox = Sandbox::scenario("org-admin").unwrap();
    let pat = token(&sandbox, "pat");
    let elsewhere = format!("{API}/organizations/ZZZZZZZZZZZZZZZZ");
    let response = get(
        &mut sandbox,
        &pat,
        &list_path(&[("organization", &elsewhere), ("scope", "organization")]),
    );
    assert_answer(
        &response,
        403,
        permission_denied("You do not have permission"),
    );
}

#[test]
fn simulator_hides_organization_subscriptions_from_a_member_by_id() {
    let mut sandbox = Sandbox::scenario("member").unwrap();
    let org_wide = sandbox
        .subscriptions()
        .into_iter()
        .find(|s| s.scope == calendly::Scope::Organization)
        .unwrap();
    let pat = token(&sandbox, "pat");
    let path = format!("/webhook_subscriptions/{}", org_wide.uri.id());
    assert_answer(
        &get(&mut sandbox, &pat, &path),
        403,
        permission_denied(NOT_FOR_YOUR_ROLE),
    );
    assert_answer(
        &delete(&mut sandbox, &pat, &path),
        403,
        permission_denied(NOT_FOR_YOUR_ROLE),
    );
    assert!(
        sandbox
            .subscriptions()
            .iter()
            .any(|s| s.uri == org_wide.uri),
        "still there"
    );
}

#[test]
fn simulator_lists_memberships_with_roles_and_refuses_outsiders() {
    let mut sandbox = Sandbox::scenario("org-admin").unwrap();
    let pat = token(&sandbox, "pat");
    let me = user_uri("org-admin", "Alex Admin");
    let path = format!(
        "/organization_memberships?{}",
        calendly::query::encode(&[("user", &me)])
    );
    let response = get(&mut sandbox, &pat, &path);
    assert_eq!(response.status, 200);
    let memberships = body(&response);
    assert_eq!(memberships["collection"][0]["role"], "admin");
    assert_eq!(
        memberships["collection"][0]["organization"],
        org_uri("org-admin")
    );
    assert_eq!(memberships["collection"][0]["user"]["uri"], me);
    assert!(memberships["collection"][0]["user"]
        .get("current_organization")
        .is_none());

    let stranger = user_uri("solo", "Sam Solo");
    let path = format!(
        "/organization_memberships?{}",
        calendly::query::encode(&[("user", &stranger)])
    );
    assert_answer(
        &get(&mut sandbox, &pat, &path),
        403,
        permission_denied("This user is not in your organization"),
    );
    assert_answer(
        &get(&mut sandbox, &pat, "/organization_memberships"),
        400,
        invalid(json!([{ "parameter": "organization", "message": "is missing" }])),
    );
}

#[test]
fn client_finds_the_role_of_an_admin_and_a_member() {
    let (client, _) = client_for("org-admin", "pat");
    let memberships =
        run(client.memberships_of(&user("org-admin", "Alex Admin"), &org("org-admin"))).unwrap();
    assert_eq!(
        memberships.iter().map(|m| m.role).collect::<Vec<_>>(),
        vec![Role::Admin]
    );
    let (client, _) = client_for("member", "pat");
    let memberships =
        run(client.memberships_of(&user("member", "Mia Member"), &org("member"))).unwrap();
    assert_eq!(memberships[0].role, Role::User);
}

#[test]
fn client_reports_role_refusals() {
    let (member, _) = client_for("member", "pat");
    let listing = run(member.list_subscriptions(&org("member"), &Target::Organization));
    assert_eq!(
        listing,
        Err(Error::NotAllowedByRole {
            message: NOT_FOR_YOUR_ROLE.into()
        })
    );
    let new = new_subscription(
        "https://x.example.com/h",
        vec![Event::InviteeCreated],
        org("member"),
        Target::Organization,
    );
    assert!(matches!(
        run(member.create_subscription(&new)),
        Err(Error::NotAllowedByRole { .. })
    ));

    let (admin, _) = client_for("org-admin", "pat");
    let for_someone_else = new_subscription(
        "https://x.example.com/h",
        vec![Event::InviteeCreated],
        org("org-admin"),
        Target::User(user("org-admin", "Max Member")),
    );
    assert!(matches!(
        run(admin.create_subscription(&for_someone_else)),
        Err(Error::NotAllowedByRole { .. })
    ));
    let outsider = run(admin.memberships_of(&user("solo", "Sam Solo"), &org("org-admin")));
    assert_eq!(
        outsider,
        Err(Error::NotAllowedByRole {
            message: "This user is not in your organization".into()
        })
    );
}

fn group_uri(scenario: &str) -> String {
    format!(
        "{API}/groups/{}",
        scenario_file(scenario)["groups"][0]["id"].as_str().unwrap()
    )
}

#[test]
fn simulator_lets_admins_use_group_scope_for_an_existing_group_only() {
    let mut sandbox = Sandbox::scenario("org-admin").unwrap();
    let (admin, member) = (token(&sandbox, "pat"), token(&sandbox, "member-pat"));
    let org = org_uri("org-admin");
    let mut body = create_body(
        "https://sales.example.com/h",
        &["invitee.created"],
        &org,
        "group",
        None,
    );
    body["group"] = json!(group_uri("org-admin"));
    assert_answer(
        &post(
            &mut sandbox,
            &member,
            "/webhook_subscriptions",
            body.clone(),
        ),
        403,
        permission_denied(NOT_FOR_YOUR_ROLE),
    );
    let created = post(&mut sandbox, &admin, "/webhook_subscriptions", body.clone());
    assert_eq!(created.status, 201);
    let resource = &crate::support::body(&created)["resource"];
    assert_eq!(
        (
            resource["scope"].as_str(),
            resource["group"].as_str(),
            resource["user"].is_null()
        ),
        (Some("group"), Some(group_uri("org-admin").as_str()), true)
    );
    body["group"] = json!(format!("{API}/groups/NOPE"));
    let not_found = json!({ "title": "Resource Not Found", "message": "The server could not find the requested resource." });
    assert_answer(
        &post(&mut sandbox, &admin, "/webhook_subscriptions", body),
        404,
        not_found,
    );
    let listing = get(
        &mut sandbox,
        &admin,
        &list_path(&[
            ("organization", &org),
            ("scope", "group"),
            ("group", &group_uri("org-admin")),
        ]),
    );
    assert_eq!(
        crate::support::body(&listing)["collection"]
            .as_array()
            .unwrap()
            .len(),
        1
    );
}

#[test]
fn simulator_shows_users_and_memberships_of_ones_own_organization_only() {
    let mut sandbox = Sandbox::scenario("org-admin").unwrap();
    let pat = token(&sandbox, "pat");
    let colleague = user_id("org-admin", "Max Member");
    let response = get(&mut sandbox, &pat, &format!("/users/{colleague}"));
    assert_eq!(
        crate::support::body(&response)["resource"]["name"],
        "Max Member"
    );
    assert_eq!(
        get(
            &mut sandbox,
            &pat,
            &format!("/users/{}", user_id("solo", "Sam Solo"))
        )
        .status,
        404
    );
    let membership = crate::support::body(&get(
        &mut sandbox,
        &pat,
        &format!(
            "/organization_memberships?{}",
            calendly::query::encode(&[("organization", &org_uri("org-admin")), ("role", "owner")])
        ),
    ));
    assert_eq!(membership["pagination"]["count"], 1);
    let uri = membership["collection"][0]["uri"]
        .as_str()
        .unwrap()
        .to_owned();
    let one = get(&mut sandbox, &pat, &uri[API.len()..]);
    assert_eq!(
        crate::support::body(&one)["resource"]["user"]["name"],
        "Olivia Owner"
    );
    let bad_role = get(
        &mut sandbox,
        &pat,
        &format!(
            "/organization_memberships?{}",
            calendly::query::encode(&[("organization", &org_uri("org-admin")), ("role", "boss")])
        ),
    );
    assert_answer(
        &bad_role,
        400,
        invalid(json!([{ "parameter": "role", "message": "must be one of: owner, admin, user" }])),
    );
}
