//! Who you are: the account the token belongs to, its organization and your role, what
//! the role lets you do, and how the webhook subscriptions you already have are doing.
//! In practice mode the account is the simulated one, signed in as this screen opens.

use calendly::Role;
use migration::account::Health;
use yew::prelude::*;

use crate::app::Wizard;
use crate::components::error_panel::ErrorPanel;
use crate::connection::{practice_client, practice_client_for, sign_in, Session, PRACTICE_ACCOUNTS};
use crate::state::{Action, Mode, SignedIn, UiError};

#[derive(Properties, PartialEq)]
pub struct AccountStepProps {
    pub wizard: Wizard,
    pub connection: Session,
}

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

#[function_component(AccountStep)]
pub fn account_step(props: &AccountStepProps) -> Html {
    let wizard = &props.wizard;
    let practice = wizard.mode == Some(Mode::Practice);
    let failure = use_state(|| None::<UiError>);
    {
        // Practice mode signs in to the simulated account as soon as this screen shows.
        let (wizard, session, failure) =
            (wizard.clone(), props.connection.clone(), failure.clone());
        use_effect_with((), move |_| {
            if wizard.mode == Some(Mode::Practice) && wizard.account.is_none() {
                let client = practice_client();
                wasm_bindgen_futures::spawn_local(async move {
                    match sign_in(&client, None).await {
                        Ok(account) => {
                            session.set(client);
                            wizard.dispatch(Action::SignedIn(account));
                        }
                        Err(error) => failure.set(Some(error)),
                    }
                });
            }
        });
    }
    let back = {
        let wizard = wizard.clone();
        Callback::from(move |_| wizard.dispatch(Action::Back))
    };
    let next = {
        let wizard = wizard.clone();
        Callback::from(move |_| wizard.dispatch(Action::Next))
    };
    let switch_account = {
        let (wizard, session, failure) = (wizard.clone(), props.connection.clone(), failure.clone());
        Callback::from(move |event: Event| {
            let Some(select) = event.target_dyn_into::<web_sys::HtmlSelectElement>() else { return };
            let client = practice_client_for(&select.value());
            let (wizard, session, failure) = (wizard.clone(), session.clone(), failure.clone());
            wasm_bindgen_futures::spawn_local(async move {
                match sign_in(&client, None).await {
                    Ok(account) => {
                        session.set(client);
                        wizard.dispatch(Action::SignedIn(account));
                    }
                    Err(error) => failure.set(Some(error)),
                }
            });
        })
    };
    let current_person = wizard.account.as_ref().map(|a| a.discovery.user.name.clone()).unwrap_or_default();
    let body = match (&wizard.account, &*failure) {
        (Some(account), _) => account_facts(account),
        (None, Some(error)) => html! {
            <ErrorPanel message={error.message.clone()} next_step={error.next_step.clone()} />
        },
        (None, None) => html! { <p role="status">{ "Opening the account\u{2026}" }</p> },
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
                <select id="practice-account" onchange={switch_account} aria-describedby="practice-account-hint">
                    { for PRACTICE_ACCOUNTS.iter().map(|a| html! {
                        <option value={a.scenario} selected={a.person == current_person}>{ a.description }</option>
                    }) }
                </select>
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
    html! {
        <>
            <dl class="facts">
                <dt>{ "Name" }</dt><dd>{ &discovery.user.name }</dd>
                <dt>{ "Email" }</dt><dd>{ &discovery.user.email }</dd>
                <dt>{ "Organization" }</dt>
                <dd>
                    { "Yours (every Calendly user has one, even on a single account)" }
                    <br /><small class="hint">{ discovery.account.organization.as_str() }</small>
                </dd>
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
            if account.via_relay {
                <p class="notice" role="note">
                    { "Your browser could not reach Calendly directly, so the assistant passes your requests \
                       through this site's relay. The relay forwards them to Calendly and keeps nothing." }
                </p>
            }
        </>
    }
}
