//! Component tests for the old-webhooks screen, driven through the real App in practice
//! mode (the simulated account, Sam Solo, an owner, runs inside the page; no network):
//!
//! - an address typed into the form is added to the list, with its events in plain words;
//! - an http:// or localhost address is refused with the reason, and the text stays;
//! - a pasted v1 `GET /hooks` answer adds its hooks and says which items were refused, why;
//! - the owner may choose the whole organization; routing-form events are disabled with the
//!   reason under "only my own bookings", meeting recaps under the organization;
//! - a member (not owner or admin) sees why the organization cannot be chosen, and a token
//!   known to lack a permission rules out the events that need it (this screen alone, with
//!   a member's account: practice mode has only an owner);
//! - events beyond bookings name the token permissions they need;
//! - Next makes the plan: this screen goes and the journey marks "Review the plan";
//! - coming back from the plan shows the same list and choices.

#![cfg(target_arch = "wasm32")]

mod common;

use common::{
    button, click, container, document, field_value, find, input, mount_app, press, text,
    type_into, wait_for_text,
};
use wasm_bindgen_test::*;
use web_sys::Element;
use webhook_assistant::state::{Mode, SignedIn, State, Step};
use webhook_assistant::steps::old_hooks::OldHooksStep;
use webhook_assistant::wizard::WizardProvider;
use yew::prelude::*;
use yew::scheduler;

wasm_bindgen_test_configure!(run_in_browser);

const TITLE: &str = "Your old webhooks";

/// Practice account → existing webhooks → this screen.
async fn at_old_hooks() -> Element {
    let root = mount_app().await;
    press(&root, "Practice with a sample account").await;
    wait_for_text(&root, ".facts", "Sam Solo").await;
    press(&root, "Next").await;
    wait_for_text(&root, "h1", "Webhooks you already have").await;
    press(&root, "Next").await;
    wait_for_text(&root, "h1", TITLE).await;
    root
}

#[wasm_bindgen_test]
async fn an_address_typed_into_the_form_is_added_to_the_list() {
    let root = at_old_hooks().await;
    let next = button(&root, "Next: review the plan");
    assert!(next.disabled(), "nothing to migrate yet");
    assert!(text(&root, "#old-hooks-next-why").contains("Add at least one"));

    type_into(&root, "#old-hook-url", "https://hooks.example.com/calendly").await;
    press(&root, "Add").await;

    let list = text(&root, ".old-hook-list");
    assert!(
        list.contains("https://hooks.example.com/calendly"),
        "{list}"
    );
    assert!(
        list.contains("Someone books, Someone cancels"),
        "both v1 events are ticked by default: {list}"
    );
    assert!(text(&root, "[role=status].list-status").contains("Added"));
    assert_eq!(
        field_value(&root, "#old-hook-url"),
        "",
        "ready for the next one"
    );
    assert!(!button(&root, "Next: review the plan").disabled());
}

#[wasm_bindgen_test]
async fn an_http_or_localhost_address_is_refused_with_the_reason_and_kept() {
    let root = at_old_hooks().await;
    type_into(&root, "#old-hook-url", "http://hooks.example.com/calendly").await;
    press(&root, "Add").await;
    let reason = text(&root, "#old-hook-url-error");
    assert!(reason.contains("must start with https://"), "{reason}");
    assert_eq!(
        find(&root, "#old-hook-url-error")
            .get_attribute("role")
            .as_deref(),
        Some("alert")
    );
    assert_eq!(
        field_value(&root, "#old-hook-url"),
        "http://hooks.example.com/calendly",
        "what the user typed stays in the field"
    );
    assert!(root.query_selector(".old-hook-list").unwrap().is_none());

    type_into(&root, "#old-hook-url", "https://localhost:3000/hook").await;
    press(&root, "Add").await;
    assert!(text(&root, "#old-hook-url-error").contains("your own computer (localhost)"));
    assert_eq!(
        field_value(&root, "#old-hook-url"),
        "https://localhost:3000/hook"
    );
    assert!(root.query_selector(".old-hook-list").unwrap().is_none());
}

const V1_HOOKS: &str = r#"{
  "data": [
    { "type": "hooks", "id": 497836,
      "attributes": { "url": "https://crm.example.com/calendly", "state": "active",
                      "events": ["invitee.created", "invitee.canceled"] } },
    { "type": "hooks", "id": 497837,
      "attributes": { "url": "https://zap.example.net/hooks/catch/1/", "state": "disabled",
                      "events": ["invitee.created"] } },
    { "type": "hooks", "id": 497838,
      "attributes": { "url": "http://old.example.org/hook", "state": "active",
                      "events": ["invitee.canceled"] } }
  ]
}"#;

#[wasm_bindgen_test]
async fn a_pasted_v1_answer_lists_its_hooks_and_explains_the_refused_ones() {
    let root = at_old_hooks().await;
    type_into(&root, "#old-hooks-paste", V1_HOOKS).await;
    press(&root, "Read the list").await;

    let list = text(&root, ".old-hook-list");
    assert!(list.contains("https://crm.example.com/calendly"), "{list}");
    assert!(
        list.contains("https://zap.example.net/hooks/catch/1/"),
        "{list}"
    );
    assert!(!list.contains("old.example.org"), "{list}");
    assert!(
        list.contains("ends with a slash"),
        "notes are shown: {list}"
    );
    assert!(list.contains("Item 1 (v1 hook 497836)"), "{list}");

    let report = text(&root, ".paste-summary[role=status]");
    assert!(report.contains("JSON"), "{report}");
    assert!(report.contains("2 webhooks were added"), "{report}");
    let refused = text(&root, ".paste-refused[role=alert]");
    assert!(refused.contains("Item 3 (v1 hook 497838)"), "{refused}");
    assert!(refused.contains("http://old.example.org/hook"), "{refused}");
    assert!(refused.contains("must start with https://"), "{refused}");
    assert_eq!(
        field_value(&root, "#old-hooks-paste"),
        V1_HOOKS,
        "the pasted text stays"
    );

    // Reading the same text again adds nothing twice.
    press(&root, "Read the list").await;
    assert_eq!(
        root.query_selector_all(".old-hook-list > li")
            .unwrap()
            .length(),
        2
    );
}

#[wasm_bindgen_test]
async fn a_hook_can_be_removed_from_the_list() {
    let root = at_old_hooks().await;
    type_into(
        &root,
        "#old-hooks-paste",
        "https://a.example.com/h\nhttps://b.example.com/h\n",
    )
    .await;
    press(&root, "Read the list").await;
    press(&root, "Remove").await;
    let list = text(&root, ".old-hook-list");
    assert!(!list.contains("https://a.example.com/h"), "{list}");
    assert!(list.contains("https://b.example.com/h"), "{list}");
    assert!(text(&root, ".list-status").contains("Removed https://a.example.com/h"));
    assert_eq!(
        document().active_element().map(|e| e.id()).as_deref(),
        Some("old-hooks-list-title"),
        "keyboard focus stays in the list, not lost with the button"
    );
}

#[wasm_bindgen_test]
async fn the_owner_may_choose_the_organization_and_event_rules_follow_the_scope() {
    let root = at_old_hooks().await;
    let org = input(&root, "#scope-organization");
    assert!(!org.disabled(), "Sam is the owner");
    assert!(
        input(&root, "#scope-user").checked(),
        "Sam has no organization-wide webhook, so own bookings come first"
    );

    click(&root, "#events-choose").await;
    let routing = "#pick-routing-form-submission-created";
    assert!(input(&root, routing).disabled());
    let why = text(&root, "#pick-routing-form-submission-created-why");
    assert!(why.contains("whole organization"), "{why}");
    assert!(!input(&root, "#pick-meeting-recap-created").disabled());
    assert!(input(&root, "#pick-invitee-created").checked());

    click(&root, "#scope-organization").await;
    assert!(text(&root, "#pick-routing-form-submission-created-why").contains("plan"));
    assert!(input(&root, "#pick-meeting-recap-created").disabled());
    assert!(text(&root, "#pick-meeting-recap-created-why").contains("own meetings"));
}

#[wasm_bindgen_test]
async fn events_beyond_bookings_name_the_permissions_they_need() {
    let root = at_old_hooks().await;
    click(&root, "#events-choose").await;
    assert!(root.query_selector(".permissions").unwrap().is_none());
    click(&root, "#pick-contact-created").await;
    let permissions = text(&root, ".permissions");
    assert!(permissions.contains("contacts:read"), "{permissions}");
    assert!(
        permissions.contains("webhooks:write"),
        "the full list: {permissions}"
    );
}

#[wasm_bindgen_test]
async fn next_makes_the_plan() {
    let root = at_old_hooks().await;
    type_into(&root, "#old-hook-url", "https://hooks.example.com/calendly").await;
    press(&root, "Add").await;
    press(&root, "Next: review the plan").await;
    wait_for_text(&root, "[aria-current=step]", "Review the plan").await;
    assert!(
        root.query_selector("#old-hooks-title").unwrap().is_none(),
        "this screen is gone"
    );
}

#[wasm_bindgen_test]
async fn coming_back_from_the_plan_loses_nothing() {
    let root = at_old_hooks().await;
    type_into(&root, "#old-hook-url", "https://hooks.example.com/calendly").await;
    press(&root, "Add").await;
    click(&root, "#scope-organization").await;
    click(&root, "#events-choose").await;
    click(&root, "#pick-contact-created").await;
    press(&root, "Next: review the plan").await;
    wait_for_text(&root, "[aria-current=step]", "Review the plan").await;

    press(&root, "Back").await;
    wait_for_text(&root, "h1", TITLE).await;
    assert!(text(&root, ".old-hook-list").contains("https://hooks.example.com/calendly"));
    assert!(input(&root, "#scope-organization").checked());
    assert!(input(&root, "#events-choose").checked());
    assert!(input(&root, "#pick-contact-created").checked());
    assert!(input(&root, "#pick-invitee-created").checked());
}

/// A member whose token's permissions are known: exactly the minimum set.
fn member_at_old_hooks() -> State {
    let user = serde_json::json!({
        "uri": "https://api.calendly.com/users/AAAAAAAAAAAAAAAA",
        "name": "Mo Member",
        "email": "mo@example.com",
        "current_organization": "https://api.calendly.com/organizations/BBBBBBBBBBBBBBBB"
    });
    let discovery = serde_json::json!({
        "user": user,
        "account": {
            "user": user["uri"],
            "organization": user["current_organization"],
            "role": "user",
            "granted_scopes": ["users:read", "organizations:read", "webhooks:read", "webhooks:write",
                               "scheduled_events:read"]
        },
        "scopes": ["user"],
        "existing": []
    });
    State {
        step: Step::OldHooks,
        mode: Some(Mode::Live),
        account: Some(SignedIn {
            discovery: serde_json::from_value(discovery).unwrap(),
            via_relay: false,
            practice_receiver: None,
            token_kind: None,
        }),
        ..State::default()
    }
}

#[derive(Properties, PartialEq)]
struct ScreenProps {
    state: State,
}

/// The screen alone, over a wizard that starts in `state`.
#[function_component(Screen)]
fn screen(props: &ScreenProps) -> Html {
    html! {
        <WizardProvider initial={props.state.clone()}>
            <OldHooksStep />
        </WizardProvider>
    }
}

#[wasm_bindgen_test]
async fn a_member_is_told_why_the_organization_is_not_theirs_to_choose() {
    let root = container();
    let props = ScreenProps {
        state: member_at_old_hooks(),
    };
    yew::Renderer::<Screen>::with_root_and_props(root.clone(), props).render();
    scheduler::flush().await;

    assert!(input(&root, "#scope-organization").disabled());
    assert!(input(&root, "#scope-user").checked());
    let why = text(&root, "#scope-organization-about");
    assert!(why.contains("only an owner or admin"), "{why}");

    click(&root, "#events-choose").await;
    assert!(input(&root, "#pick-routing-form-submission-created").disabled());
    assert!(input(&root, "#pick-contact-created").disabled());
    let why = text(&root, "#pick-contact-created-why");
    assert!(why.contains("permission: contacts:read"), "{why}");
    assert!(!input(&root, "#pick-invitee-no-show-created").disabled());
}
