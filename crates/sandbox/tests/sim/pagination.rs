//! Keyset pagination with page tokens and the full pagination object (api.md §6), the
//! client following every page, and DELETE's 204.

use std::collections::HashSet;

use calendly::{Error, Event, Method, SubscriptionState, Target};
use sandbox::Sandbox;
use serde_json::Value;

use crate::support::*;

fn org_listing(pairs: &[(&str, &str)]) -> String {
    let org = org_uri("org-admin");
    let mut all = vec![("organization", org.as_str()), ("scope", "organization")];
    all.extend_from_slice(pairs);
    list_path(&all)
}

fn uris(page: &Value) -> Vec<String> {
    page["collection"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["uri"].as_str().unwrap().to_owned())
        .collect()
}

#[test]
fn simulator_pages_with_tokens_and_the_full_pagination_object() {
    let mut sandbox = Sandbox::scenario("org-admin").unwrap();
    let pat = token(&sandbox, "pat");
    let first = body(&get(&mut sandbox, &pat, &org_listing(&[("count", "100")])));
    let pagination = &first["pagination"];
    let keys: HashSet<&str> = pagination
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(
        keys,
        HashSet::from([
            "count",
            "next_page",
            "previous_page",
            "next_page_token",
            "previous_page_token"
        ])
    );
    assert_eq!(pagination["count"], 100);
    assert!(pagination["previous_page"].is_null() && pagination["previous_page_token"].is_null());
    let next_token = pagination["next_page_token"].as_str().unwrap();
    let next_page = pagination["next_page"].as_str().unwrap();
    // next_page is the same request on Calendly's host, with the token.
    assert_eq!(
        next_page,
        format!(
            "{API}{}",
            org_listing(&[("count", "100"), ("page_token", next_token)])
        )
    );

    let second = body(&get(
        &mut sandbox,
        &pat,
        &org_listing(&[("count", "100"), ("page_token", next_token)]),
    ));
    assert_eq!(second["pagination"]["count"], 22);
    assert!(
        second["pagination"]["next_page"].is_null()
            && second["pagination"]["next_page_token"].is_null()
    );
    let back = second["pagination"]["previous_page_token"]
        .as_str()
        .unwrap();
    let first_again = body(&get(
        &mut sandbox,
        &pat,
        &org_listing(&[("count", "100"), ("page_token", back)]),
    ));
    assert_eq!(uris(&first_again), uris(&first));

    let all: HashSet<String> = uris(&first).into_iter().chain(uris(&second)).collect();
    assert_eq!(all.len(), 122);
}

#[test]
fn simulator_defaults_to_20_oldest_first_and_sorts_on_request() {
    let mut sandbox = Sandbox::scenario("org-admin").unwrap();
    let pat = token(&sandbox, "pat");
    let default = body(&get(&mut sandbox, &pat, &org_listing(&[])));
    assert_eq!(default["pagination"]["count"], 20);
    let created: Vec<&str> = default["collection"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["created_at"].as_str().unwrap())
        .collect();
    assert!(
        created.windows(2).all(|w| w[0] <= w[1]),
        "oldest first: {created:?}"
    );
    let newest = body(&get(
        &mut sandbox,
        &pat,
        &org_listing(&[("sort", "created_at:desc"), ("count", "100")]),
    ));
    let oldest = body(&get(
        &mut sandbox,
        &pat,
        &org_listing(&[("sort", "created_at:asc"), ("count", "100")]),
    ));
    assert_eq!(
        newest["collection"][0]["uri"],
        sandbox_last_org_uri(&sandbox)
    );
    assert_eq!(
        oldest["collection"][0]["uri"],
        default["collection"][0]["uri"]
    );
}

fn sandbox_last_org_uri(sandbox: &Sandbox) -> String {
    let mut org_wide: Vec<_> = sandbox
        .subscriptions()
        .into_iter()
        .filter(|s| s.scope == calendly::Scope::Organization)
        .collect();
    org_wide.sort_by(|a, b| a.created_at.cmp(&b.created_at));
    org_wide.last().unwrap().uri.to_string()
}

#[test]
fn simulator_keyset_pages_skip_nothing_when_rows_are_deleted_between_pages() {
    let mut sandbox = Sandbox::scenario("org-admin").unwrap();
    let pat = token(&sandbox, "pat");
    let first = body(&get(&mut sandbox, &pat, &org_listing(&[("count", "50")])));
    let token_after_first = first["pagination"]["next_page_token"]
        .as_str()
        .unwrap()
        .to_owned();
    // Delete three rows already seen, including the last one the cursor points at.
    for uri in [&uris(&first)[0], &uris(&first)[10], &uris(&first)[49]] {
        let id = uri.rsplit('/').next().unwrap();
        assert_eq!(
            delete(&mut sandbox, &pat, &format!("/webhook_subscriptions/{id}")).status,
            204
        );
    }
    let second = body(&get(
        &mut sandbox,
        &pat,
        &org_listing(&[("count", "50"), ("page_token", &token_after_first)]),
    ));
    let everything = body(&get(&mut sandbox, &pat, &org_listing(&[("count", "100")])));
    // The second page starts right after the first page's last row, deleted or not.
    assert_eq!(uris(&second)[0], uris(&everything)[47]);
}

#[test]
fn simulator_deletes_with_204_and_an_empty_body() {
    let mut sandbox = Sandbox::scenario("solo").unwrap();
    let pat = token(&sandbox, "pat");
    let id = sandbox.subscriptions()[0].uri.id().to_owned();
    let path = format!("/webhook_subscriptions/{id}");
    let response = delete(&mut sandbox, &pat, &path);
    assert_eq!((response.status, response.body.as_str()), (204, ""));
    assert!(response.header("content-type").is_none());
    assert!(sandbox.subscriptions().is_empty());
    let not_found = serde_json::json!({ "title": "Resource Not Found", "message": "The server could not find the requested resource." });
    assert_answer(&get(&mut sandbox, &pat, &path), 404, not_found.clone());
    assert_answer(&delete(&mut sandbox, &pat, &path), 404, not_found.clone());
    assert_answer(
        &get(&mut sandbox, &pat, "/no_such_endpoint"),
        404,
        not_found.clone(),
    );
    assert_answer(
        &send(
            &mut sandbox,
            request(Method::Post, Some(&pat), "/users/me", None),
        ),
        404,
        not_found,
    );
}

#[test]
fn client_lists_all_122_subscriptions_of_an_organization_in_two_requests() {
    let (client, transport) = client_for("org-admin", "pat");
    let all = run(client.list_subscriptions(&org("org-admin"), &Target::Organization)).unwrap();
    assert_eq!(all.len(), 122);
    assert_eq!(
        all.iter()
            .filter(|s| s.state == SubscriptionState::Disabled)
            .count(),
        1
    );
    let requests = transport.with_sandbox(|s| s.requests().to_vec());
    assert_eq!(requests.len(), 2);
    assert!(requests.iter().all(|r| r.query.contains("count=100")));
}

#[test]
fn client_lists_250_subscriptions_across_three_pages_in_order() {
    let (client, transport) = client_for("solo", "pat");
    let me = user("solo", "Sam Solo");
    transport.with_sandbox(|s| {
        for n in 2..=250 {
            let url = format!("https://many.example.com/{n}");
            s.add_subscription(
                &me,
                &url,
                &[Event::InviteeCreated],
                &Target::User(me.clone()),
                SubscriptionState::Active,
            )
            .unwrap();
        }
    });
    let expected: Vec<_> =
        transport.with_sandbox(|s| s.subscriptions().into_iter().map(|s| s.uri).collect());
    let listed = run(client.list_subscriptions(&org("solo"), &Target::User(me))).unwrap();
    let mut listed_uris: Vec<_> = listed.iter().map(|s| s.uri.clone()).collect();
    assert_eq!(listed_uris.len(), 250);
    let unique: HashSet<_> = listed_uris.iter().collect();
    assert_eq!(unique.len(), 250, "no subscription twice");
    listed_uris.sort();
    let mut expected_sorted = expected;
    expected_sorted.sort();
    assert_eq!(
        listed_uris, expected_sorted,
        "every stored subscription listed"
    );
    let pages: Vec<_> =
        transport.with_sandbox(|s| s.requests().iter().map(|r| r.query.clone()).collect());
    assert_eq!(pages.len(), 3);
    assert!(
        !pages[0].contains("page_token")
            && pages[1].contains("page_token")
            && pages[2].contains("page_token")
    );
}

#[test]
fn client_deletes_and_then_reports_not_found() {
    let (client, transport) = client_for("solo", "pat");
    let uri = transport.with_sandbox(|s| s.subscriptions()[0].uri.clone());
    assert_eq!(run(client.get_subscription(&uri)).unwrap().uri, uri);
    assert_eq!(run(client.delete_subscription(&uri)), Ok(()));
    assert_eq!(run(client.delete_subscription(&uri)), Err(Error::NotFound));
    assert_eq!(run(client.get_subscription(&uri)), Err(Error::NotFound));
}
