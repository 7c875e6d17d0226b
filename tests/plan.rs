//! Component tests of the "Review the plan" screen, in headless Chromium.
//!
//! The plan is reached through the real wizard state and the real practice account: a
//! small harness component signs in to the simulator inside the page (as practice mode
//! does), walks the reducer to the old-webhooks step and hands it old webhooks, then shows
//! the plan screen. It does not go through the old-webhooks screen's form, so these tests
//! depend only on the plan screen.
//!
//! The practice account (scenario "solo") already has one webhook of Sam's own, sending
//! "Someone books" to `BOOKED`. Asking for the same address with cancellations too makes a
//! "keep or replace?" entry; asking for it as it is makes an "already done" entry.
//!
//! - the entries show in plain words, and that nothing has been written yet;
//! - the signing key: generated, 64 hex characters, shown; "Generate another";
//!   a refused own key is explained and kept; "No signing key" is warned against;
//! - "Create" waits for the saved-key confirmation and for the user's choice, saying why;
//! - "Create" starts the run with the key the user saw;
//! - nothing to create: said plainly, and Back returns to the old webhooks;
//! - members' personal webhooks to one address can be combined into one (owners);
//! - the Copy button either copies or selects the key, and says which.

#![cfg(target_arch = "wasm32")]

mod common;

use calendly::{Event, Scope, SubscriptionState, SubscriptionUri, UserUri, WebhookSubscription};
use common::{
    button, click, container, find_button, input, press, text, texts, tick, type_into,
    wait_for_text,
};
use migration::old_hooks::{from_form, OldHook};
use migration::plan::Choices;
use wasm_bindgen_test::*;
use web_sys::Element;
use webhook_assistant::connection::{practice_client_for, sign_in, Session};
use webhook_assistant::state::{Action, SignedIn, Step};
use webhook_assistant::steps::plan::PlanStep;
use webhook_assistant::wizard::{use_wizard, WizardProvider};
use yew::prelude::*;
use yew::scheduler;

wasm_bindgen_test_configure!(run_in_browser);

/// The address of the practice account's existing webhook (see scenarios/solo.json).
const BOOKED: &str = "https://hooks.solo.example.com/calendly/booked";
/// An address with no webhook yet.
const NEW: &str = "https://hooks.solo.example.com/calendly/new";

#[derive(Properties, PartialEq, Clone)]
struct HarnessProps {
    hooks: Vec<OldHook>,
    scope: Scope,
    /// Personal webhooks of two other members sending to this address, added to what the
    /// account sees (the practice account has no other members).
    #[prop_or_default]
    members_at: Option<&'static str>,
    session: Session,
}

/// A personal webhook of another member of the practice account's organization.
fn members_webhook(account: &SignedIn, id: &str, url: &str) -> WebhookSubscription {
    WebhookSubscription {
        uri: SubscriptionUri::from_id(id),
        callback_url: url.into(),
        created_at: "2026-01-01T00:00:00.000000Z".into(),
        updated_at: "2026-01-01T00:00:00.000000Z".into(),
        retry_started_at: None,
        state: SubscriptionState::Active,
        events: vec![Event::InviteeCreated],
        scope: Scope::User,
        organization: account.discovery.account.organization.clone(),
        user: Some(UserUri::from_id(id)),
        group: None,
        creator: Some(UserUri::from_id(id)),
    }
}

/// The wizard, walked to the plan with `hooks` for `scope`. Shows the step and the run's
/// key hint so tests can see what the screen dispatched.
#[function_component(Harness)]
fn harness(props: &HarnessProps) -> Html {
    html! {
        <WizardProvider session={props.session.clone()}>
            <Walk ..props.clone() />
        </WizardProvider>
    }
}

#[function_component(Walk)]
fn walk(props: &HarnessProps) -> Html {
    let wizard = use_wizard();
    {
        let (wizard, session, hooks, scope, members_at) = (
            wizard.clone(),
            props.session.clone(),
            props.hooks.clone(),
            props.scope,
            props.members_at,
        );
        use_effect_with((), move |_| {
            wizard.dispatch(Action::Practice);
            wasm_bindgen_futures::spawn_local(async move {
                common::practice_module_from_dist().await;
                let client = practice_client_for("solo")
                    .await
                    .expect("a practice account");
                let mut account = sign_in(&client, None)
                    .await
                    .expect("the practice account signs in");
                if let Some(url) = members_at {
                    let theirs = ["MEMBER0000000001", "MEMBER0000000002"]
                        .map(|id| members_webhook(&account, id, url));
                    account.discovery.existing.extend(theirs);
                }
                session.set(client);
                wizard.dispatch(Action::SignedIn(Box::new(account)));
                wizard.dispatch(Action::Next);
                wizard.dispatch(Action::Next);
                wizard.dispatch(Action::HooksChosen {
                    hooks,
                    choices: Choices {
                        scope,
                        events: None,
                        consolidate: Vec::new(),
                        decisions: Vec::new(),
                    },
                });
            });
        });
    }
    let hint = wizard
        .run
        .as_ref()
        .map(|run| match &run.key_hint {
            Some(hint) => hint.ends_with.clone(),
            None => "no key".to_string(),
        })
        .unwrap_or_default();
    html! {
        <>
            <p id="harness-step">{ format!("{:?}", wizard.step) }</p>
            <p id="harness-key-hint">{ hint }</p>
            if wizard.step == Step::Plan {
                <PlanStep />
            }
        </>
    }
}

fn hook(url: &str, events: &[Event]) -> OldHook {
    from_form(url, events).expect("a valid old webhook")
}

/// A "keep or replace?" entry for BOOKED and a new webhook.
fn change_and_create() -> Vec<OldHook> {
    vec![
        hook(BOOKED, &[Event::InviteeCreated, Event::InviteeCanceled]),
        hook(NEW, &[Event::InviteeCreated]),
    ]
}

/// Mount the harness with Sam's own bookings and wait until the plan screen shows.
async fn plan_screen(hooks: Vec<OldHook>) -> (Element, Session) {
    mount(HarnessProps {
        hooks,
        scope: Scope::User,
        members_at: None,
        session: Session::default(),
    })
    .await
}

async fn mount(props: HarnessProps) -> (Element, Session) {
    let root = container();
    let session = props.session.clone();
    yew::Renderer::<Harness>::with_root_and_props(root.clone(), props).render();
    wait_for_text(&root, "h1", "Review the plan").await;
    (root, session)
}

fn generated_key(root: &Element) -> String {
    input(root, "#signing-key").value()
}

const CREATE: &str = "Create the subscriptions";

#[wasm_bindgen_test]
async fn each_entry_says_what_will_happen_in_plain_words() {
    let (root, _) = plan_screen(change_and_create()).await;
    assert!(text(&root, "[role=note]").contains("Nothing has been written to Calendly yet"));
    assert!(
        root.text_content()
            .unwrap()
            .contains("nothing real is written"),
        "practice mode says so"
    );
    let summary = text(&root, ".plan-summary");
    assert!(
        summary.contains("1 to create") && summary.contains("1 needs your choice"),
        "{summary}"
    );

    let entries = texts(&root, ".plan-entry");
    assert_eq!(entries.len(), 2, "{entries:?}");
    let booked = entries
        .iter()
        .find(|e| e.contains(BOOKED))
        .expect("the booked address");
    assert!(booked.contains("Your choice needed"), "{booked}");
    assert!(booked.contains("Your own bookings"), "{booked}");
    assert!(
        booked.contains("Someone books, Someone cancels"),
        "events as plain labels: {booked}"
    );
    assert!(
        booked.contains("deleted and created again"),
        "the gap is explained: {booked}"
    );
    assert!(
        !booked.contains("invitee.created"),
        "no raw event names: {booked}"
    );
    let new = entries
        .iter()
        .find(|e| e.contains(NEW))
        .expect("the new address");
    assert!(new.contains("Create"), "{new}");
    assert!(new.contains("We will create a webhook"), "{new}");
}

#[wasm_bindgen_test]
async fn a_fresh_key_of_64_hex_characters_is_shown_and_can_be_replaced() {
    let (root, _) = plan_screen(vec![hook(NEW, &[])]).await;
    let key = generated_key(&root);
    assert_eq!(key.len(), 64, "{key}");
    assert!(
        key.chars()
            .all(|c| c.is_ascii_hexdigit() && !c.is_ascii_uppercase()),
        "{key}"
    );
    assert!(input(&root, "#signing-key").read_only());
    assert!(text(&root, ".signing-key").contains("a secret your server uses to check"));

    click(&root, "#key-saved").await;
    press(&root, "Generate another").await;
    assert_ne!(generated_key(&root), key);
    assert!(
        !input(&root, "#key-saved").checked(),
        "a new key has not been saved yet"
    );
}

#[wasm_bindgen_test]
async fn create_waits_until_the_key_is_saved_and_says_why() {
    let (root, _) = plan_screen(vec![hook(NEW, &[])]).await;
    assert!(button(&root, CREATE).disabled());
    let reasons = text(&root, "#start-reasons");
    assert!(reasons.contains("I have saved this key"), "{reasons}");

    click(&root, "#key-saved").await;
    assert!(!button(&root, CREATE).disabled());
    assert!(text(&root, "#start-reasons").contains("Ready"));
}

#[wasm_bindgen_test]
async fn an_undecided_change_blocks_create_until_the_user_chooses() {
    let (root, _) = plan_screen(change_and_create()).await;
    click(&root, "#key-saved").await;
    assert!(button(&root, CREATE).disabled());
    let reasons = text(&root, "#start-reasons");
    assert!(reasons.contains("still needs your choice"), "{reasons}");

    click(&root, "#decision-0-replace").await;
    assert!(!button(&root, CREATE).disabled());
    let summary = text(&root, ".plan-summary");
    assert!(
        summary.contains("1 to replace") && summary.contains("1 existing webhook will be deleted"),
        "{summary}"
    );
    assert!(text(&root, ".plan-entry").contains("You chose to replace"));
}

#[wasm_bindgen_test]
async fn create_starts_the_run_with_the_key_the_user_saw() {
    let (root, session) = plan_screen(change_and_create()).await;
    click(&root, "#decision-0-keep").await;
    let key = generated_key(&root);
    assert_eq!(session.signing_key(), None, "not before the user starts");
    click(&root, "#key-saved").await;
    button(&root, CREATE).click();
    wait_for_text(&root, "#harness-step", "Run").await;
    assert_eq!(text(&root, "#harness-key-hint"), key[60..]);
    assert_eq!(
        session.signing_key().map(|k| k.expose().to_owned()),
        Some(key)
    );
}

#[wasm_bindgen_test]
async fn a_refused_own_key_is_explained_and_what_was_typed_is_kept() {
    let (root, _) = plan_screen(vec![hook(NEW, &[])]).await;
    click(&root, "#key-source-own").await;
    assert!(root.query_selector("#signing-key").unwrap().is_none());
    type_into(&root, "#own-key", "hunter2").await;
    let alert = text(&root, "[role=alert]");
    assert!(alert.contains("at least 32"), "{alert}");
    assert_eq!(input(&root, "#own-key").value(), "hunter2");
    click(&root, "#key-saved").await;
    assert!(button(&root, CREATE).disabled());

    let mine = "Zq3-vX9_Lk2!mP8#rT5$wY7%bN4^cH6&";
    type_into(&root, "#own-key", mine).await;
    assert!(root.query_selector("[role=alert]").unwrap().is_none());
    assert!(
        button(&root, CREATE).disabled(),
        "a changed key must be confirmed as saved again"
    );
    click(&root, "#key-saved").await;
    button(&root, CREATE).click();
    wait_for_text(&root, "#harness-step", "Run").await;
    assert_eq!(text(&root, "#harness-key-hint"), "cH6&");
}

#[wasm_bindgen_test]
async fn no_signing_key_is_warned_against_but_allowed() {
    let (root, session) = plan_screen(vec![hook(NEW, &[])]).await;
    click(&root, "#key-source-none").await;
    let warning = text(&root, ".warning");
    assert!(
        warning.contains("Not recommended") && warning.contains("cannot check"),
        "{warning}"
    );
    assert!(root.query_selector("#key-saved").unwrap().is_none());
    button(&root, CREATE).click();
    wait_for_text(&root, "#harness-step", "Run").await;
    assert_eq!(text(&root, "#harness-key-hint"), "no key");
    assert_eq!(session.signing_key(), None);
}

#[wasm_bindgen_test]
async fn nothing_to_create_is_said_plainly_and_back_returns() {
    let (root, _) = plan_screen(vec![hook(BOOKED, &[Event::InviteeCreated])]).await;
    assert!(text(&root, ".plan-entry").contains("Already done"));
    assert!(root
        .text_content()
        .unwrap()
        .contains("Nothing to create: everything is already in place"));
    assert!(
        find_button(&root, CREATE).is_none(),
        "no button that cannot do anything"
    );
    assert!(
        root.query_selector("#signing-key").unwrap().is_none(),
        "no key is needed"
    );
    button(&root, "Back").click();
    wait_for_text(&root, "#harness-step", "OldHooks").await;
}

#[wasm_bindgen_test]
async fn keeping_the_only_existing_webhook_leaves_nothing_to_create() {
    let (root, _) = plan_screen(vec![hook(BOOKED, &[])]).await;
    assert!(text(&root, ".plan-entry").contains("Your choice needed"));
    click(&root, "#decision-0-keep").await;
    assert!(text(&root, ".plan-entry").contains("You chose to keep"));
    assert!(root
        .text_content()
        .unwrap()
        .contains("Nothing to create: everything is already in place"));
}

#[wasm_bindgen_test]
async fn copy_either_copies_the_key_or_selects_it_and_says_which() {
    let (root, _) = plan_screen(vec![hook(NEW, &[])]).await;
    button(&root, "Copy").click();
    let mut status = String::new();
    for _ in 0..200 {
        status = text(&root, ".copy-status");
        if status.contains("Copied") || status.contains("selected") {
            break;
        }
        tick().await;
        scheduler::flush().await;
    }
    if status.contains("selected") {
        let field = input(&root, "#signing-key");
        assert_eq!(field.selection_start().unwrap(), Some(0));
        assert_eq!(field.selection_end().unwrap(), Some(64));
    } else {
        assert!(status.contains("Copied"), "the user is told: {status:?}");
    }
}

#[wasm_bindgen_test]
async fn members_webhooks_to_one_address_can_be_combined_into_one() {
    const SHARED: &str = "https://hooks.solo.example.com/calendly/team";
    let (root, _) = mount(HarnessProps {
        hooks: vec![hook(SHARED, &[Event::InviteeCreated])],
        scope: Scope::Organization,
        members_at: Some(SHARED),
        session: Session::default(),
    })
    .await;
    let offer = text(&root, ".offer");
    assert!(
        offer.contains("2 members each have their own webhook"),
        "{offer}"
    );
    assert!(text(&root, ".plan-entry").contains("Create"));

    click(&root, "#combine-0").await;
    let entry = text(&root, ".plan-entry");
    assert!(entry.contains("Combine into one"), "{entry}");
    assert!(input(&root, "#combine-0").checked());
    assert!(
        text(&root, ".plan-summary").contains("2 existing webhooks will be deleted"),
        "{}",
        text(&root, ".plan-summary")
    );

    click(&root, "#combine-0").await;
    assert!(text(&root, ".plan-entry").contains("Create"));
}

#[wasm_bindgen_test]
async fn an_offer_this_plan_cannot_carry_out_has_no_checkbox() {
    const SHARED: &str = "https://hooks.solo.example.com/calendly/team";
    let (root, _) = mount(HarnessProps {
        hooks: vec![hook(NEW, &[])],
        scope: Scope::Organization,
        members_at: Some(SHARED),
        session: Session::default(),
    })
    .await;
    assert!(text(&root, ".offer").contains("go Back"));
    assert!(root.query_selector("#combine-0").unwrap().is_none());
}
