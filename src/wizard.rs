//! How the steps reach the wizard: a context that holds the state (a reducer over
//! [`crate::state`]), the in-memory session (the client holding the token, the signing key)
//! and the API base, and the [`use_wizard`] hook that hands a step a [`Wizard`] with
//! verbs (`next`, `back`, `start_over`). The steps take no props and import nothing from
//! the app shell, so a test mounts one step inside a [`WizardProvider`] with the state it
//! needs (as Yew's `examples/contexts` does).

use std::ops::Deref;
use std::rc::Rc;

use yew::prelude::*;

use crate::api_base::ApiBase;
use crate::connection::Session;
use crate::state::{Action, State};

impl Reducible for State {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        Rc::new(State::reduce(&self, action))
    }
}

/// What every step gets: the state, a way to change it, and the session.
#[derive(Clone, PartialEq)]
pub struct Wizard {
    state: UseReducerHandle<State>,
    session: Session,
    api: Rc<ApiBase>,
}

impl Deref for Wizard {
    type Target = State;

    fn deref(&self) -> &State {
        &self.state
    }
}

impl Wizard {
    /// The state as it is in this render.
    pub fn state(&self) -> &State {
        &self.state
    }

    pub fn dispatch(&self, action: Action) {
        self.state.dispatch(action);
    }

    /// A callback that sends `action`, whatever the event.
    pub fn on<E>(&self, action: Action) -> Callback<E> {
        let state = self.state.clone();
        Callback::from(move |_: E| state.dispatch(action.clone()))
    }

    pub fn next(&self) {
        self.dispatch(Action::Next);
    }

    pub fn back(&self) {
        self.dispatch(Action::Back);
    }

    pub fn start_over(&self) {
        self.dispatch(Action::StartOver);
    }

    /// The in-memory session: the client (which holds the token) and the signing key.
    pub fn session(&self) -> &Session {
        &self.session
    }

    /// Where API calls go, decided once from the page address.
    pub fn api(&self) -> &ApiBase {
        &self.api
    }
}

#[derive(Properties, PartialEq)]
pub struct WizardProviderProps {
    /// The state to start from (tests start a step where they need it).
    #[prop_or_default]
    pub initial: Option<State>,
    /// The session to use (tests pass one already connected).
    #[prop_or_default]
    pub session: Option<Session>,
    #[prop_or(ApiBase::Calendly)]
    pub api: ApiBase,
    #[prop_or_default]
    pub children: Html,
}

/// Holds the wizard for everything inside it.
#[function_component(WizardProvider)]
pub fn wizard_provider(props: &WizardProviderProps) -> Html {
    let initial = props.initial.clone();
    let state = use_reducer(move || initial.unwrap_or_default());
    let session = use_memo((), {
        let session = props.session.clone();
        move |_| session.unwrap_or_default()
    });
    let api = use_memo((), {
        let api = props.api.clone();
        move |_| api
    });
    let wizard = Wizard {
        state,
        session: (*session).clone(),
        api: api.clone(),
    };
    html! {
        <ContextProvider<Wizard> context={wizard}>
            { props.children.clone() }
        </ContextProvider<Wizard>>
    }
}

/// The wizard, for a component inside a [`WizardProvider`].
#[hook]
pub fn use_wizard() -> Wizard {
    use_context::<Wizard>().expect("a step is shown inside WizardProvider")
}
