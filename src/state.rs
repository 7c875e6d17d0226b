//! The wizard as a pure state machine: a [`State`], the [`Action`]s that change it, and
//! [`State::reduce`]. No web dependency, so every transition is tested with `cargo test`.
//! Effects (network, storage) happen in components, which only send actions here.

use migration::account::Discovery;

/// Which way the user is going: their own Calendly account, or the practice account that
/// runs entirely in this page.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    Live,
    Practice,
}

/// The screens, in order.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Step {
    Welcome,
    /// Paste a personal access token (live mode only).
    Token,
    /// Who you are, your organization and your role.
    Account,
}

/// The signed-in account: who, which organization and role, and every subscription the
/// role can see (from `migration::account::discover`). Holds no token.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SignedIn {
    pub discovery: Discovery,
    /// The requests travel through this site's relay (the browser could not reach
    /// Calendly directly).
    pub via_relay: bool,
}

/// An error as every screen shows it: what happened and what to do.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UiError {
    pub message: String,
    pub next_step: String,
}

/// Anything the page waits for. Never a pair of booleans.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Remote<T> {
    Idle,
    Loading,
    Ready(T),
    Failed(UiError),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct State {
    pub step: Step,
    pub mode: Option<Mode>,
    pub account: Option<SignedIn>,
}

impl Default for State {
    fn default() -> Self {
        State {
            step: Step::Welcome,
            mode: None,
            account: None,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Action {
    UseMyAccount,
    Practice,
    SignedIn(SignedIn),
    Back,
    StartOver,
}

impl State {
    /// The next state. Actions that make no sense where the user is leave it unchanged.
    pub fn reduce(&self, action: Action) -> State {
        match (self.step, action) {
            (Step::Welcome, Action::UseMyAccount) => State {
                step: Step::Token,
                mode: Some(Mode::Live),
                account: None,
            },
            (Step::Welcome, Action::Practice) => State {
                step: Step::Account,
                mode: Some(Mode::Practice),
                account: None,
            },
            (Step::Token, Action::SignedIn(account))
            | (Step::Account, Action::SignedIn(account)) => State {
                step: Step::Account,
                account: Some(account),
                ..self.clone()
            },
            (Step::Token, Action::Back) => State::default(),
            (Step::Account, Action::Back) => match self.mode {
                Some(Mode::Live) => State {
                    step: Step::Token,
                    account: None,
                    ..self.clone()
                },
                _ => State::default(),
            },
            (_, Action::StartOver) => State::default(),
            _ => self.clone(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn jane() -> SignedIn {
        let user = serde_json::json!({
            "uri": "https://api.calendly.com/users/AAAAAAAAAAAAAAAA",
            "name": "Jane Host",
            "email": "jane@example.com",
            "current_organization": "https://api.calendly.com/organizations/BBBBBBBBBBBBBBBB"
        });
        let discovery = serde_json::json!({
            "user": user,
            "account": {
                "user": user["uri"],
                "organization": user["current_organization"],
                "role": "owner"
            },
            "scopes": ["organization", "user"],
            "existing": []
        });
        SignedIn {
            discovery: serde_json::from_value(discovery).unwrap(),
            via_relay: false,
        }
    }

    #[test]
    fn the_assistant_opens_on_the_welcome_screen() {
        assert_eq!(State::default().step, Step::Welcome);
    }

    #[test]
    fn using_my_account_asks_for_a_token() {
        let state = State::default().reduce(Action::UseMyAccount);
        assert_eq!((state.step, state.mode), (Step::Token, Some(Mode::Live)));
    }

    #[test]
    fn practice_needs_no_token() {
        let state = State::default().reduce(Action::Practice);
        assert_eq!(
            (state.step, state.mode),
            (Step::Account, Some(Mode::Practice))
        );
    }

    #[test]
    fn signing_in_shows_the_account() {
        let state = State::default()
            .reduce(Action::UseMyAccount)
            .reduce(Action::SignedIn(jane()));
        assert_eq!(state.step, Step::Account);
        assert_eq!(state.account, Some(jane()));
    }

    #[test]
    fn back_from_the_account_forgets_it_and_asks_for_the_token_again() {
        let state = State::default()
            .reduce(Action::UseMyAccount)
            .reduce(Action::SignedIn(jane()))
            .reduce(Action::Back);
        assert_eq!(state.step, Step::Token);
        assert_eq!(state.account, None);
    }

    #[test]
    fn back_from_practice_returns_to_welcome() {
        assert_eq!(
            State::default()
                .reduce(Action::Practice)
                .reduce(Action::Back),
            State::default()
        );
    }

    #[test]
    fn a_sign_in_on_the_welcome_screen_is_ignored() {
        assert_eq!(
            State::default().reduce(Action::SignedIn(jane())),
            State::default()
        );
    }
}
