//! Who you are: the account the token belongs to, its organization and your role, what
//! the role lets you do, and how the webhook subscriptions you already have are doing.
//! In practice mode the account is the simulated one, signed in as this screen opens.

use calendly::Role;
use migration::account::Health;
use yew::prelude::*;

use crate::components::error_panel::ErrorPanel;
use crate::connection::{practice_client_for, sign_in, PRACTICE_ACCOUNTS};
use crate::state::{Action, Mode, SignedIn, UiError, FIRST_PRACTICE_ACCOUNT};
use crate::wizard::{use_wizard, Wizard};

/// The role's name and what it allows, in plain words.
fn role_words(role: Role) -> (&'static str, &'static str) {
    match role {
        Role::Owner => ("Owner", "You can set up webhooks for yourself or for your whole organization."),
        Role::Admin => ("Admin", "You can set up webhooks for yourself or for your whole organization."),
        Role::User => (
            "Member",
            "You can set up webhooks for your own bookings. Webhooks for the whole organization need an \
             owner or admin of your organization.",
        ),
    }
}

/// Open the pretend account `scenario` (practice mode): the one place the page gets its
/// simulated Calendly.
async fn open_practice_account(
    wizard: Wizard,
    scenario: String,
    failure: UseStateHandle<Option<UiError>>,
) {
    let signed_in = match practice_client_for(&scenario).await {
        Ok(client) => sign_in(&client, None)
            .await
            .map(|account| (client, account)),
        Err(error) => Err(error),
    };
    match signed_in {
        Ok((client, account)) => {
            wizard.session().set(client);
            wizard.dispatch(Action::SignedIn(Box::new(account)));
        }
        Err(error) => failure.set(Some(error)),
    }
}

#[function_component(AccountStep)]
pub fn account_step() -> Html {
    let wizard = use_wizard();
    let practice = wizard.mode == Some(Mode::Practice);
    let failure = use_state(|| None::<UiError>);
    let scenario = wizard
        .practice_account
        .clone()
        .unwrap_or_else(|| FIRST_PRACTICE_ACCOUNT.to_owned());
    {
        // Practice mode opens its pretend account as soon as this screen shows, and again
        // when the user picks another one.
        let (wizard, failure) = (wizard.clone(), failure.clone());
        let needed = practice && wizard.account.is_none();
        use_effect_with((needed, scenario.clone()), move |(needed, scenario)| {
            if *needed {
                failure.set(None);
                wasm_bindgen_futures::spawn_local(open_practice_account(
                    wizard,
                    scenario.clone(),
                    failure,
                ));
            }
        });
    }
    let back = wizard.on::<MouseEvent>(Action::Back);
    let next = wizard.on::<MouseEvent>(Action::Next);
    let switch_account = {
        let wizard = wizard.clone();
        Callback::from(move |event: Event| {
            let Some(select) = event.target_dyn_into::<web_sys::HtmlSelectElement>() else {
                return;
            };
            wizard.dispatch(Action::SwitchPractice(select.value()));
        })
    };
    let body = match (&wizard.account, &*failure) {
        (Some(account), _) => account_facts(account),
        (None, Some(error)) => html! {
            <ErrorPanel message={error.message.clone()} next_step={error.next_step.clone()} />
        },
        (None, None) => html! {
            <p role="status">
                { if practice { "Preparing the practice account\u{2026}" } else { "Opening the account\u{2026}" } }
            </p>
        },
    };
    html! {
        <section class="step" aria-labelledby="account-title">
            <h1 id="account-title">
                { if practice { "Your practice account" } else { "Your Calendly account" } }
            </h1>
            if practice {
                <p class="notice">
                    { "Practice mode: this is a pretend Calendly account that lives in this page. \
                       Nothing you do here is sent anywhere." }
                </p>
                <label for="practice-account">{ "Pretend account" }</label>
                <select id="practice-account" onchange={switch_account}
                    aria-describedby="practice-account-about practice-account-hint">
                    { for PRACTICE_ACCOUNTS.iter().map(|a| html! {
                        <option value={a.scenario} selected={a.scenario == scenario}>{ a.option }</option>
                    }) }
                </select>
                <p id="practice-account-about" class="hint">
                    { PRACTICE_ACCOUNTS.iter().find(|a| a.scenario == scenario).map(|a| a.description).unwrap_or_default() }
                </p>
                <p id="practice-account-hint" class="hint">
                    { "Each pretend account shows a different situation. Switching starts the practice afresh." }
                </p>
            }
            { body }
            <div class="button-row">
                <button type="button" class="button secondary" onclick={back}>{ "Back" }</button>
                if wizard.account.is_some() {
                    <button type="button" class="button primary" onclick={next}>
                        { "Next: webhooks you already have" }
                    </button>
                }
            </div>
        </section>
    }
}

fn account_facts(account: &SignedIn) -> Html {
    let discovery = &account.discovery;
    let (role, can) = role_words(discovery.account.role);
    let existing = &discovery.existing;
    let attention = existing
        .iter()
        .filter(|s| Health::of(s) != Health::Working)
        .count();
    let organization = discovery
        .organization_name()
        .unwrap_or("Your organization (Calendly did not give its name)");
    html! {
        <>
            <dl class="facts">
                <dt>{ "Name" }</dt><dd>{ &discovery.user.name }</dd>
                <dt>{ "Email" }</dt><dd>{ &discovery.user.email }</dd>
                <dt>{ "Organization" }</dt>
                <dd>
                    { organization }
                    <br /><small class="hint">
                        { "Calendly's name for the account your bookings belong to. Every user has one, even on                            an account of their own." }
                    </small>
                </dd>
                if let Some(plan) = discovery.plan_words() {
                    <dt>{ "Calendly plan" }</dt><dd>{ plan }</dd>
                }
                <dt>{ "Your role" }</dt><dd>{ role }</dd>
                <dt>{ "Webhook subscriptions" }</dt>
                <dd>
                    { match existing.len() {
                        0 => "None yet.".to_string(),
                        1 => "You can see 1 that already exists.".to_string(),
                        n => format!("You can see {n} that already exist."),
                    } }
                    if attention > 0 {
                        <br /><strong class="attention">
                            { format!("{attention} of them need attention: Calendly reports failed deliveries.") }
                        </strong>
                    }
                </dd>
            </dl>
            <p>{ can }</p>
            if let Some(note) = discovery.organization_unknown_note() {
                <p class="hint">{ note }</p>
            }
            <details class="technical">
                <summary>{ "Technical details" }</summary>
                <p class="hint">{ "Calendly's own addresses for you and your organization, if a developer asks." }</p>
                <dl class="facts compact">
                    <dt>{ "User" }</dt><dd><code>{ discovery.user.uri.as_str() }</code></dd>
                    <dt>{ "Organization" }</dt><dd><code>{ discovery.account.organization.as_str() }</code></dd>
                </dl>
            </details>
            if account.via_relay {
                <p class="notice" role="note">
                    { "Your browser could not reach Calendly directly, so the assistant passes your requests \
                       through this site's relay. The relay forwards them to Calendly and keeps nothing." }
                </p>
            }
        </>
    }
}
