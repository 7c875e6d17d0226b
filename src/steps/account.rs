//! Who you are: the account the token belongs to, its organization and your role, and
//! what the role lets you do. In practice mode the account is the simulated one.

use yew::prelude::*;

use crate::api_base::ApiBase;
use crate::app::Wizard;
use crate::components::error_panel::ErrorPanel;
use crate::connection::{load_account, practice_client, Session};
use crate::state::{AccountSummary, Action, Mode, UiError};

#[derive(Properties, PartialEq)]
pub struct AccountStepProps {
    pub wizard: Wizard,
    pub api: ApiBase,
    pub connection: Session,
}

fn role_words(role: &str) -> (&'static str, &'static str) {
    match role {
        "owner" => ("Owner", "You can set up webhooks for yourself or for your whole organization."),
        "admin" => ("Admin", "You can set up webhooks for yourself or for your whole organization."),
        _ => (
            "Member",
            "You can set up webhooks for your own bookings. Webhooks for the whole organization need an owner or admin.",
        ),
    }
}

#[function_component(AccountStep)]
pub fn account_step(props: &AccountStepProps) -> Html {
    let wizard = &props.wizard;
    let back = {
        let wizard = wizard.clone();
        Callback::from(move |_| wizard.dispatch(Action::Back))
    };
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
                    match load_account(&client).await {
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
    let body = match &wizard.account {
        Some(account) => account_facts(account),
        None => match &*failure {
            Some(error) => {
                html! { <ErrorPanel message={error.message.clone()} next_step={error.next_step.clone()} /> }
            }
            None => html! { <p role="status">{ "Opening the account\u{2026}" }</p> },
        },
    };
    html! {
        <section class="step" aria-labelledby="account-title">
            <h1 id="account-title">{ if practice { "Your practice account" } else { "Your Calendly account" } }</h1>
            if practice {
                <p class="notice">
                    { "Practice mode: this is a pretend Calendly account that lives in this page. \
                       Nothing you do here is sent anywhere." }
                </p>
            }
            { body }
            <div class="button-row">
                <button type="button" class="button secondary" onclick={back}>{ "Back" }</button>
            </div>
        </section>
    }
}

fn account_facts(account: &AccountSummary) -> Html {
    let (role, can) = role_words(&account.role);
    html! {
        <>
            <dl class="facts">
                <dt>{ "Name" }</dt><dd>{ &account.name }</dd>
                <dt>{ "Email" }</dt><dd>{ &account.email }</dd>
                <dt>{ "Organization" }</dt>
                <dd>
                    { "Your organization (every Calendly user has one, even on a single account)" }
                    <br /><small class="hint">{ &account.organization }</small>
                </dd>
                <dt>{ "Your role" }</dt><dd>{ role }</dd>
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
