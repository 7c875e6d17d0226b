//! Component tests for the "Create" (run) and "Report" screens, in headless Chromium.
//! The practice simulator (the practice module, loaded from `dist/` as the page loads it)
//! runs inside the page, so the real executor creates real (simulated) subscriptions and
//! the tests can look inside the simulator afterwards.
//!
//! The reducer cannot be reached from outside the App, so a small harness below holds the
//! real `State` in `use_reducer`, walks it to the run with real actions, and shows the
//! real `RunStep` / `DoneStep` for the current step.
//!
//! - a run completes and the report lists the subscription it created;
//! - the report (page and downloads) never holds the token, and holds the signing key
//!   only while the box is ticked;
//! - after a reload (a session without the key) the screen asks for the key and refuses
//!   a wrong one;
//! - Stop, then Continue: finishes, and nothing is created twice;
//! - a run stopped half way continues from where it was, without duplicates;
//! - a failed entry shows what happened and what to do, and "Try again" finishes it;
//! - without a connection (should not happen) the screen says to start again;
//! - the report's next steps show as lists, tables and code, from the core's structured text;
//! - the report says when it was made, and a practice report says so in its title and file names;
//! - a webhook Calendly refuses for one plan-gated event offers "Create it without …", not Try again.

#![cfg(target_arch = "wasm32")]

mod common;

use std::cell::RefCell;
use std::rc::Rc;

use calendly::{Event, Method, Scope, SigningKey, WebhookSubscription};
use common::{
    button, container, document, find_button, input, practice_module_from_dist, press,
    simulator_of, tick, type_into, wait_for_text, PracticeSimulator,
};
use migration::executor::{run, Cancel, EntryStatus, RunOptions, RunState};
use migration::old_hooks::{from_form, OldHook};
use migration::plan::Choices;
use sandbox::{FaultSpec, When};
use wasm_bindgen::prelude::*;
use wasm_bindgen_test::*;
use web_sys::Element;
use webhook_assistant::connection::{practice_client_for, sign_in, Session};
use webhook_assistant::state::{Action, SignedIn, State, Step};
use webhook_assistant::steps::done::DoneStep;
use webhook_assistant::steps::run::RunStep;
use webhook_assistant::wizard::{use_wizard, Wizard, WizardProvider};
use yew::prelude::*;
use yew::scheduler;

wasm_bindgen_test_configure!(run_in_browser);

/// Where the test reaches the harness's wizard (compared by identity, as props must be).
#[derive(Clone, Default)]
struct Probe(Rc<RefCell<Option<Wizard>>>);

impl PartialEq for Probe {
    fn eq(&self, other: &Probe) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

impl Probe {
    fn dispatch(&self, action: Action) {
        self.0
            .borrow()
            .as_ref()
            .expect("the harness rendered")
            .dispatch(action);
    }

    fn state(&self) -> State {
        self.0
            .borrow()
            .as_ref()
            .expect("the harness rendered")
            .state()
            .clone()
    }
}

#[derive(Properties, PartialEq)]
struct HarnessProps {
    session: Session,
    probe: Probe,
}

/// The app's shell cut down to the two screens under test.
#[function_component(Harness)]
fn harness(props: &HarnessProps) -> Html {
    html! {
        <WizardProvider session={props.session.clone()}>
            <Screens probe={props.probe.clone()} />
        </WizardProvider>
    }
}

#[derive(Properties, PartialEq)]
struct ScreensProps {
    probe: Probe,
}

#[function_component(Screens)]
fn screens(props: &ScreensProps) -> Html {
    let wizard = use_wizard();
    *props.probe.0.borrow_mut() = Some(wizard.clone());
    match wizard.step {
        Step::Run => html! { <RunStep /> },
        Step::Done => html! { <DoneStep /> },
        other => html! { <p class="harness">{ format!("{other:?}") }</p> },
    }
}

/// A mounted harness signed in to a fresh practice account, at the plan screen.
struct Page {
    root: Element,
    probe: Probe,
    /// The simulator behind the session's client, to look inside it.
    simulator: PracticeSimulator,
}

/// New addresses (none exists in the "solo" scenario) for the old webhooks being moved.
const ADDRESSES: [&str; 3] = [
    "https://hooks.example.com/calendly/new-bookings",
    "https://crm.example.com/calendly",
    "https://sheet.example.org/hook",
];

async fn at_plan(session: &Session, addresses: &[&str]) -> Page {
    let hooks = addresses
        .iter()
        .map(|a| from_form(a, &[Event::InviteeCreated, Event::InviteeCanceled]).unwrap())
        .collect();
    planned(session, "solo", hooks, Scope::User, |_| {}).await
}

/// A mounted harness signed in to a fresh practice account (`scenario`), at the plan for
/// `hooks` in `scope`; `adjust` may change what the account shows before it is used.
async fn planned(
    session: &Session,
    scenario: &str,
    hooks: Vec<OldHook>,
    scope: Scope,
    adjust: impl FnOnce(&mut SignedIn),
) -> Page {
    practice_module_from_dist().await;
    let client = practice_client_for(scenario)
        .await
        .expect("a practice account");
    let simulator = simulator_of(&client);
    let mut signed_in = sign_in(&client, None)
        .await
        .expect("the practice account signs in");
    adjust(&mut signed_in);
    session.set(client);

    let root = container();
    let probe = Probe::default();
    let props = HarnessProps {
        session: session.clone(),
        probe: probe.clone(),
    };
    yew::Renderer::<Harness>::with_root_and_props(root.clone(), props).render();
    scheduler::flush().await;

    for action in [
        Action::Practice,
        Action::SignedIn(Box::new(signed_in)),
        Action::Next,
        Action::Next,
        Action::HooksChosen {
            hooks,
            choices: Choices {
                scope,
                events: None,
                consolidate: Vec::new(),
                decisions: Vec::new(),
            },
        },
    ] {
        probe.dispatch(action);
        scheduler::flush().await;
    }
    assert_eq!(probe.state().step, Step::Plan);
    Page {
        root,
        probe,
        simulator,
    }
}

impl Page {
    /// A fresh run of the plan, with `key` as its signing key.
    fn fresh_run(&self, key: &SigningKey) -> RunState {
        RunState::new(self.probe.state().plan.expect("a plan"), Some(key))
    }

    fn subscriptions_to(&self, address: &str) -> Vec<WebhookSubscription> {
        let all: Vec<WebhookSubscription> =
            serde_json::from_str(&self.simulator.subscriptions()).expect("subscriptions");
        all.into_iter()
            .filter(|sub| sub.callback_url == address)
            .collect()
    }

    fn token(&self) -> String {
        self.simulator.token().expect("solo has a token")
    }
}

fn key() -> SigningKey {
    migration::signing::generate().expect("the browser has a random source")
}

/// The text of a downloadable file the page offers (a Blob behind an object URL).
async fn download(root: &Element, name_ends: &str) -> String {
    let link = root
        .query_selector(&format!("a[download$='{name_ends}']"))
        .unwrap()
        .unwrap_or_else(|| panic!("no download link for {name_ends}"));
    let href = link.get_attribute("href").unwrap();
    assert!(href.starts_with("blob:"), "made in the page: {href}");
    gloo_net::http::Request::get(&href)
        .send()
        .await
        .expect("the object URL is alive")
        .text()
        .await
        .unwrap()
}

/// One address planned, run with a fresh signing key, and the report shown.
async fn a_finished_run(session: &Session) -> (Page, SigningKey) {
    let page = at_plan(session, &ADDRESSES[..1]).await;
    let key = key();
    session.set_signing_key(key.clone());
    page.probe.dispatch(Action::StartRun(page.fresh_run(&key)));
    wait_for_text(&page.root, "h1", "Your new webhooks are set up").await;
    (page, key)
}

#[wasm_bindgen_test]
async fn the_run_completes_and_the_report_lists_the_created_subscription() {
    let session = Session::default();
    let (page, key) = a_finished_run(&session).await;
    let created = page.subscriptions_to(ADDRESSES[0]);
    assert_eq!(created.len(), 1, "one subscription was created");
    let shown = wait_for_text(&page.root, "#report-created + p + ul", ADDRESSES[0]).await;
    assert!(
        shown.contains(created[0].uri.id()),
        "its subscription ID is shown: {shown}"
    );
    assert!(
        shown.contains("Someone books, Someone cancels"),
        "events in plain words: {shown}"
    );
    assert!(shown.contains("Your own bookings"), "{shown}");
    let counts = page.root.query_selector(".report-counts").unwrap().unwrap();
    assert_eq!(
        counts.text_content().unwrap(),
        "1 created, 0 already there, 0 skipped, 0 failed."
    );
    // Created with the key the user saved.
    let stored_key = page.simulator.signing_key(created[0].uri.as_str());
    assert_eq!(stored_key.as_deref(), Some(key.expose()));
}

#[wasm_bindgen_test]
async fn the_report_never_holds_the_token_and_the_key_only_when_ticked() {
    let session = Session::default();
    let (page, key) = a_finished_run(&session).await;
    let token = page.token();
    let id = page.subscriptions_to(ADDRESSES[0])[0].uri.id().to_owned();

    let markdown = download(&page.root, ".md").await;
    let json = download(&page.root, ".json").await;
    assert!(markdown.contains(&id), "the file is the report: {markdown}");
    assert!(json.contains(&id), "{json}");
    for (what, text) in [
        ("page", page.root.outer_html()),
        ("markdown", markdown),
        ("json", json),
    ] {
        assert!(!text.contains(&token), "the {what} holds the token");
        assert!(
            !text.contains(key.expose()),
            "the {what} holds the key unasked"
        );
    }

    let before = page
        .root
        .query_selector("a[download$='.md']")
        .unwrap()
        .unwrap()
        .get_attribute("href");
    assert!(
        page.root.query_selector("#include-key").unwrap().is_some(),
        "the box is offered while the key is in the page"
    );
    input(&page.root, "#include-key").click();
    for _ in 0..200 {
        scheduler::flush().await;
        let now = page
            .root
            .query_selector("a[download$='.md']")
            .unwrap()
            .unwrap()
            .get_attribute("href");
        if now != before {
            break;
        }
        tick().await;
    }
    let markdown = download(&page.root, ".md").await;
    assert!(
        markdown.contains(key.expose()),
        "ticked: the key is included"
    );
    assert!(!markdown.contains(&token), "never the token");
    assert!(download(&page.root, ".json").await.contains(key.expose()));
}

#[wasm_bindgen_test]
async fn after_a_reload_the_screen_asks_for_the_key_and_refuses_a_wrong_one() {
    // A reload forgets the key: the session holds the client (the user connected again)
    // but not the key the run started with.
    let session = Session::default();
    let page = at_plan(&session, &ADDRESSES[..1]).await;
    let key = key();
    page.probe.dispatch(Action::StartRun(page.fresh_run(&key)));

    let hint = &key.expose()[60..];
    let label = wait_for_text(&page.root, "label[for=signing-key-again]", hint).await;
    assert!(label.contains("Paste the signing key you saved"), "{label}");
    assert!(
        page.subscriptions_to(ADDRESSES[0]).is_empty(),
        "nothing created without the key"
    );

    type_into(
        &page.root,
        "#signing-key-again",
        migration::signing::generate().unwrap().expose(),
    )
    .await;
    button(&page.root, "Continue").click();
    let refused = wait_for_text(&page.root, "[role=alert]", "not the key").await;
    assert!(refused.contains(hint), "{refused}");
    assert!(
        page.subscriptions_to(ADDRESSES[0]).is_empty(),
        "a wrong key creates nothing"
    );

    type_into(&page.root, "#signing-key-again", "short").await;
    button(&page.root, "Continue").click();
    wait_for_text(&page.root, "[role=alert]", "at least 32").await;
    assert_eq!(
        input(&page.root, "#signing-key-again").value(),
        "short",
        "what the user typed stays"
    );

    type_into(&page.root, "#signing-key-again", key.expose()).await;
    button(&page.root, "Continue").click();
    wait_for_text(&page.root, "h1", "Your new webhooks are set up").await;
    let created = page.subscriptions_to(ADDRESSES[0]);
    assert_eq!(created.len(), 1);
    let stored_key = page.simulator.signing_key(created[0].uri.as_str());
    assert_eq!(stored_key.as_deref(), Some(key.expose()));
}

// Practice runs take no time, so no test can reach the Stop button by polling: the run is
// over before the next poll. A DOM observer presses it the moment it appears instead, as
// the quickest possible user would: its callback runs right after the render that shows
// the button, before the run's first request (the run is spawned after that render).
#[wasm_bindgen(inline_js = "export function press_when_shown(root, label) {
    const observer = new MutationObserver(() => {
        for (const b of root.querySelectorAll('button')) {
            if (b.textContent.trim() === label) { observer.disconnect(); b.click(); return; }
        }
    });
    observer.observe(root, { childList: true, subtree: true });
}")]
extern "C" {
    fn press_when_shown(root: &Element, label: &str);
}

#[wasm_bindgen_test]
async fn stop_then_continue_finishes_without_duplicates() {
    let session = Session::default();
    let page = at_plan(&session, &ADDRESSES).await;
    let key = key();
    session.set_signing_key(key.clone());
    press_when_shown(&page.root, "Stop");
    page.probe.dispatch(Action::StartRun(page.fresh_run(&key)));
    // Let the scheduler render on its own (a flush here would render inside this test's
    // turn, and the run would start before the observer's callback).
    tick().await;

    let notice = wait_for_text(&page.root, ".notice", "Stopped.").await;
    assert!(notice.contains("What is done stays done"), "{notice}");
    let run = page.probe.state().run.unwrap();
    assert!(run.interrupted, "the saved state knows it was stopped");
    assert!(!run.is_complete());
    assert_eq!(page.probe.state().step, Step::Run);
    let focused = document().active_element().and_then(|e| e.text_content());
    assert_eq!(
        focused.as_deref().map(str::trim),
        Some("Continue"),
        "the focus moves from Stop to Continue"
    );

    button(&page.root, "Continue").click();
    wait_for_text(&page.root, "h1", "Your new webhooks are set up").await;
    for address in ADDRESSES {
        assert_eq!(page.subscriptions_to(address).len(), 1, "{address}");
    }
}

#[wasm_bindgen_test]
async fn a_run_stopped_half_way_continues_where_it_was_without_duplicates() {
    let session = Session::default();
    let page = at_plan(&session, &ADDRESSES).await;
    let key = key();
    session.set_signing_key(key.clone());
    // Stop as soon as the first webhook exists, as the Stop button would.
    let state = RefCell::new(page.fresh_run(&key));
    let cancel = Cancel::new();
    let stop_after_first = |s: &RunState| {
        if s.entries
            .iter()
            .any(|e| matches!(e.status, EntryStatus::Done { .. }))
        {
            cancel.cancel();
        }
    };
    let client = session.client().unwrap();
    let options = RunOptions {
        concurrency: 1,
        ..RunOptions::default()
    };
    run(
        &client,
        &state,
        Some(&key),
        &options,
        &cancel,
        &stop_after_first,
    )
    .await
    .unwrap();
    let stopped = state.into_inner();
    assert_eq!(stopped.progress().finished, 1, "stopped half way");

    page.probe.dispatch(Action::StartRun(stopped));
    let summary = wait_for_text(&page.root, "[role=status]", "of 3 done").await;
    assert_eq!(summary, "1 of 3 done.");
    let bar = page.root.query_selector("progress").unwrap().unwrap();
    assert_eq!(bar.get_attribute("value").as_deref(), Some("1"));
    assert_eq!(bar.get_attribute("max").as_deref(), Some("3"));
    assert!(
        find_button(&page.root, "Continue").is_some(),
        "a stopped run waits for the user"
    );

    button(&page.root, "Continue").click();
    wait_for_text(&page.root, "h1", "Your new webhooks are set up").await;
    for address in ADDRESSES {
        assert_eq!(page.subscriptions_to(address).len(), 1, "{address}");
    }
}

/// A run of one new webhook whose creates keep failing, waited on until the screen says
/// so. Returns the page and the text of the alert that says it.
async fn a_run_whose_creates_fail() -> (Page, String) {
    let session = Session::default();
    let page = at_plan(&session, &ADDRESSES[..1]).await;
    let key = key();
    session.set_signing_key(key.clone());
    // Calendly's server fails every create, more often than the executor retries.
    let fault = FaultSpec {
        fault: "server_error".into(),
        seconds: None,
        when: When::path(Method::Post, "/webhook_subscriptions").times(20),
    };
    page.simulator
        .inject(&serde_json::to_string(&fault).unwrap())
        .expect("the practice module takes the fault");
    page.probe.dispatch(Action::StartRun(page.fresh_run(&key)));
    let alert = wait_for_text(&page.root, "[role=alert]", "could not be created").await;
    (page, alert)
}

#[wasm_bindgen_test]
async fn a_failed_entry_says_what_to_do_and_try_again_finishes_it() {
    let (page, alert) = a_run_whose_creates_fail().await;
    wait_for_text(&page.root, ".run-entry.failed", "What to do:").await;
    assert!(alert.contains("Try again"), "{alert}");
    assert_eq!(
        page.probe.state().step,
        Step::Run,
        "no report with a failure"
    );

    page.simulator.clear_faults();
    button(&page.root, "Try again").click();
    wait_for_text(&page.root, "h1", "Your new webhooks are set up").await;
    assert_eq!(page.subscriptions_to(ADDRESSES[0]).len(), 1);
}

#[wasm_bindgen_test]
async fn a_failure_that_stays_can_still_be_reported() {
    let (page, _) = a_run_whose_creates_fail().await;

    button(&page.root, "See the report").click();
    wait_for_text(&page.root, "h1", "Some webhooks still need you").await;
    let failed = wait_for_text(
        &page.root,
        "section[aria-labelledby=report-failed]",
        ADDRESSES[0],
    )
    .await;
    assert!(
        failed.contains("What to do") || failed.contains("what to do"),
        "{failed}"
    );
}

#[wasm_bindgen_test]
async fn without_a_connection_the_screen_says_to_start_again() {
    let session = Session::default();
    let page = at_plan(&session, &ADDRESSES[..1]).await;
    let key = key();
    session.clear();
    page.probe.dispatch(Action::StartRun(page.fresh_run(&key)));

    let alert = wait_for_text(&page.root, "[role=alert]", "no longer connected").await;
    assert!(alert.contains("Start again"), "{alert}");
    assert!(page.subscriptions_to(ADDRESSES[0]).is_empty());
    press(&page.root, "Start again").await;
    assert_eq!(page.probe.state().step, Step::Welcome);
}

#[wasm_bindgen_test]
async fn the_next_steps_show_the_signature_recipe_as_code_and_the_changes_as_a_table() {
    let session = Session::default();
    let (page, _key) = a_finished_run(&session).await;

    wait_for_text(&page.root, ".next-step h3", "Check the signature").await;
    let code = wait_for_text(&page.root, ".next-step pre", "createHmac").await;
    assert!(code.contains("timingSafeEqual"), "{code}");
    wait_for_text(&page.root, ".next-step td", "payload.invitee.email").await;
    wait_for_text(&page.root, ".next-step h3", "Test it").await;
    assert!(
        !page.root.inner_html().contains("```"),
        "no Markdown syntax is left on screen"
    );
}

#[wasm_bindgen_test]
async fn the_example_message_shows_v2_next_to_the_old_shape() {
    let session = Session::default();
    let (page, _key) = a_finished_run(&session).await;

    button(
        &page.root,
        "See an example message (\u{201c}Someone books\u{201d})",
    )
    .click();
    let v2 = wait_for_text(&page.root, ".example-column pre", "\"scheduled_event\"").await;
    assert!(v2.contains("invitee.created"), "{v2}");
    let v1 = wait_for_text(&page.root, ".example-column pre", "\"invitee\"").await;
    assert!(
        v1.contains("joe@example.com"),
        "the same values, old places: {v1}"
    );
}

#[wasm_bindgen_test]
async fn start_over_returns_to_the_beginning_and_forgets_the_run() {
    let session = Session::default();
    let (page, _key) = a_finished_run(&session).await;
    press(&page.root, "Start over").await;
    assert_eq!(page.probe.state(), State::default());
}

#[wasm_bindgen_test]
async fn the_report_says_when_it_was_made_and_a_practice_one_says_it_is_practice() {
    let session = Session::default();
    let (page, _key) = a_finished_run(&session).await;
    let title = wait_for_text(&page.root, ".report-title", "PRACTICE").await;
    assert!(title.contains("nothing was created"), "{title}");
    assert!(title.contains("Made on 20"), "dated: {title}");
    let markdown = download(&page.root, ".md").await;
    assert!(
        markdown.contains("PRACTICE \u{2014} nothing was created"),
        "{markdown}"
    );
    let json = download(&page.root, ".json").await;
    assert!(
        json.contains("\"practice\": true") || json.contains("\"practice\":true"),
        "{json}"
    );
    let link = page
        .root
        .query_selector("a[download$='.md']")
        .unwrap()
        .unwrap()
        .get_attribute("download")
        .unwrap();
    assert!(
        link.starts_with("calendly-webhook-report-PRACTICE-20"),
        "{link}"
    );
}

#[wasm_bindgen_test]
async fn a_plan_gated_event_calendly_refuses_offers_create_it_without_it_not_try_again() {
    // Fay's organization is on the Free plan. Had the plan been read, the routing-form
    // event would have been ruled out before anything was sent; here it could not be
    // read, so Calendly refuses the whole webhook.
    let session = Session::default();
    let hook = from_form(
        "https://hooks.example.com/fay",
        &[Event::InviteeCreated, Event::RoutingFormSubmissionCreated],
    )
    .unwrap();
    let page = planned(
        &session,
        "free-plan",
        vec![hook],
        Scope::Organization,
        |account| {
            account.discovery.account.plan_features = None;
            account.discovery.organization = None;
        },
    )
    .await;
    let key = key();
    session.set_signing_key(key.clone());
    page.probe.dispatch(Action::StartRun(page.fresh_run(&key)));
    wait_for_text(&page.root, "[role=alert]", "could not be created").await;
    assert!(
        find_button(&page.root, "Try again").is_none(),
        "trying again unchanged would only fail again"
    );
    press(&page.root, "Create it without").await;
    wait_for_text(&page.root, "h1", "Your new webhooks are set up").await;
    let made = page.subscriptions_to("https://hooks.example.com/fay");
    assert_eq!(made.len(), 1, "exactly one webhook");
    assert_eq!(
        made[0].events,
        [Event::InviteeCreated],
        "with Someone books only"
    );
}
