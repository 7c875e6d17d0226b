//! Following pages (api.md §6): our own request again with `page_token`, never the
//! `next_page` URL's host; a server that repeats a token is caught, not followed forever.

use calendly::{Error, OrganizationUri, Target};

use crate::support::*;

fn org() -> OrganizationUri {
    OrganizationUri::parse(ORG).unwrap()
}

#[test]
fn every_page_is_fetched_with_its_token() {
    let script = Script::default()
        .answer(200, &page_json(&["A", "B"], Some("t1")))
        .answer(200, &page_json(&["C", "D"], Some("t2")))
        .answer(200, &page_json(&["E"], None));
    let all = run(script
        .client()
        .with_base_url("http://127.0.0.1:1/relay")
        .list_subscriptions(&org(), &Target::Organization))
    .unwrap();
    assert_eq!(
        all.iter()
            .map(|s| s.uri.id().to_owned())
            .collect::<Vec<_>>(),
        ["A", "B", "C", "D", "E"]
    );
    let base = format!("http://127.0.0.1:1/relay/webhook_subscriptions?organization={ORG_Q}&scope=organization&count=100");
    assert_eq!(
        script.urls(),
        vec![
            base.clone(),
            format!("{base}&page_token=t1"),
            format!("{base}&page_token=t2")
        ]
    );
}

#[test]
fn a_next_page_url_without_a_token_field_still_gives_the_cursor() {
    let first = r#"{"collection":[],"pagination":{"count":0,"next_page":"https://api.calendly.com/webhook_subscriptions?count=100&page_token=abc%3D","previous_page":null}}"#;
    let script = Script::default()
        .answer(200, first)
        .answer(200, &page_json(&["Z"], None));
    let all = run(script
        .client()
        .list_subscriptions(&org(), &Target::Organization))
    .unwrap();
    assert_eq!(all.len(), 1);
    assert!(
        script.urls()[1].ends_with("&page_token=abc%3D"),
        "{}",
        script.urls()[1]
    );
}

#[test]
fn a_repeated_page_token_stops_the_listing() {
    let script = Script::default()
        .answer(200, &page_json(&["A"], Some("same")))
        .answer(200, &page_json(&["B"], Some("same")));
    let result = run(script
        .client()
        .list_subscriptions(&org(), &Target::Organization));
    assert!(
        matches!(result, Err(Error::UnexpectedResponse { .. })),
        "{result:?}"
    );
    assert_eq!(script.sent().len(), 2);
}

#[test]
fn an_error_on_a_later_page_fails_the_whole_listing() {
    // A partial list would make the plan think subscriptions are missing and create duplicates.
    let script = Script::default()
        .answer(200, &page_json(&["A"], Some("t1")))
        .answer(500, "");
    assert_eq!(
        run(script
            .client()
            .list_subscriptions(&org(), &Target::Organization)),
        Err(Error::ServerError { status: 500 })
    );
}
