//! The wizard shell: holds the state (a reducer over [`crate::state`]) and the in-memory
//! session (token and signing key; never stored), shows where the user is in the journey,
//! and the current step. The state, which holds no secret, is kept in this tab's
//! sessionStorage in live mode so that a reload loses nothing.

use std::rc::Rc;

use yew::prelude::*;

use crate::api_base::{self, ApiBase};
use crate::components::banner::ApiBanner;
use crate::components::progress::Journey;
use crate::connection::Session;
use crate::state::{Action, Mode, State, Step};
use crate::steps::{
    account::AccountStep, done::DoneStep, existing::ExistingStep, old_hooks::OldHooksStep,
    plan::PlanStep, run::RunStep, token::TokenStep, welcome::Welcome,
};

impl Reducible for State {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        Rc::new(State::reduce(&self, action))
    }
}

/// What every step gets: the state and a way to change it.
pub type Wizard = UseReducerHandle<State>;

/// The API base chosen from the page address, decided once per page load.
pub fn page_api_base() -> ApiBase {
    let query = web_sys::window()
        .and_then(|w| w.location().search().ok())
        .unwrap_or_default();
    api_base::from_query(&query)
}

/// Where the wizard state is kept between reloads of this tab. Never the token.
pub const STORAGE_KEY: &str = "calendly-webhook-assistant/state";

fn session_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.session_storage().ok()?
}

/// The state saved before a reload, if any and if it can still be read.
fn saved_state() -> Option<State> {
    let text = session_storage()?.get_item(STORAGE_KEY).ok()??;
    serde_json::from_str(&text).ok()
}

/// Keep a live migration in this tab's storage; forget it when the user starts over.
fn save_state(state: &State) {
    let Some(storage) = session_storage() else {
        return;
    };
    let worth_keeping = state.mode == Some(Mode::Live) && state.step > Step::Token;
    if worth_keeping {
        if let Ok(json) = serde_json::to_string(state) {
            let _ = storage.set_item(STORAGE_KEY, &json);
        }
    } else if state.step == Step::Welcome {
        let _ = storage.remove_item(STORAGE_KEY);
    }
}

#[function_component(App)]
pub fn app() -> Html {
    let wizard = use_reducer(State::default);
    let api = use_memo((), |_| page_api_base());
    let session = use_memo((), |_| Session::default());
    {
        // A reload in the middle: offer to continue where the user was.
        let wizard = wizard.clone();
        use_effect_with((), move |_| {
            if let Some(saved) = saved_state() {
                wizard.dispatch(Action::Restore(Box::new(saved)));
            }
        });
    }
    {
        // Not on the first render: its default state would erase what is to be restored.
        let first = use_mut_ref(|| true);
        let state = (*wizard).clone();
        use_effect_with(state, move |state| {
            if !std::mem::replace(&mut *first.borrow_mut(), false) {
                save_state(state);
            }
        });
    }
    {
        // Leaving the account (Back, Start over) forgets the client, the token and the key.
        let session = session.clone();
        use_effect_with(wizard.account.is_some(), move |signed_in| {
            if !signed_in {
                session.clear();
            }
        });
    }
    let (w, a, s) = (wizard.clone(), (*api).clone(), (*session).clone());
    let step = match wizard.step {
        Step::Welcome => html! { <Welcome wizard={w} /> },
        Step::Token => html! { <TokenStep wizard={w} api={a} connection={s} /> },
        Step::Account => html! { <AccountStep wizard={w} connection={s} /> },
        Step::Existing => html! { <ExistingStep wizard={w} /> },
        Step::OldHooks => html! { <OldHooksStep wizard={w} /> },
        Step::Plan => html! { <PlanStep wizard={w} connection={s} /> },
        Step::Run => html! { <RunStep wizard={w} connection={s} /> },
        Step::Done => html! { <DoneStep wizard={w} connection={s} /> },
    };
    html! {
        <>
            <ApiBanner api={(*api).clone()} />
            if wizard.step > Step::Token {
                <Journey current={wizard.step} />
            }
            <main class="page" id="main">{ step }</main>
            <footer class="footer">
                <p>{ "This assistant runs in your browser. It keeps nothing on any server." }</p>
            </footer>
        </>
    }
}
