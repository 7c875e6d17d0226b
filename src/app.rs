//! The wizard shell: holds the state (a reducer over [`crate::state`]), the in-memory
//! connection (token and transport; never stored), and shows the current step.

use std::rc::Rc;

use yew::prelude::*;

use crate::api_base::{self, ApiBase};
use crate::components::banner::ApiBanner;
use crate::connection::Session;
use crate::state::{Action, State, Step};
use crate::steps::{account::AccountStep, token::TokenStep, welcome::Welcome};

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

#[function_component(App)]
pub fn app() -> Html {
    let wizard = use_reducer(State::default);
    let api = use_memo((), |_| page_api_base());
    let connection = use_memo((), |_| Session::default());
    {
        // Leaving the account (Back, Start over) forgets the client and with it the token.
        let connection = connection.clone();
        use_effect_with(wizard.account.is_some(), move |signed_in| {
            if !signed_in {
                connection.clear();
            }
        });
    }
    let step = match wizard.step {
        Step::Welcome => html! { <Welcome wizard={wizard.clone()} /> },
        Step::Token => {
            html! { <TokenStep wizard={wizard.clone()} api={(*api).clone()} connection={(*connection).clone()} /> }
        }
        Step::Account => {
            html! { <AccountStep wizard={wizard.clone()} api={(*api).clone()} connection={(*connection).clone()} /> }
        }
    };
    html! {
        <>
            <ApiBanner api={(*api).clone()} />
            <main class="page" id="main">{ step }</main>
            <footer class="footer">
                <p>{ "This assistant runs in your browser. It keeps nothing on any server." }</p>
            </footer>
        </>
    }
}
