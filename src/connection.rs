//! The live connection: the client (holding the token) over the transport the page
//! address chose. It is kept in component memory only: never in the wizard state (which
//! may be saved for a reload), storage, the address or a log.

use std::cell::RefCell;
use std::rc::Rc;
use std::time::Duration;

use calendly::{AccessToken, Client, Request, Response, SigningKey, Transport, TransportError};
use migration::practice::PracticeReceiver;

use migration::token::{advice_for, TokenKind};

use crate::api_base::ApiBase;
use crate::state::{SignedIn, UiError};
use crate::transport::{CalendlyTransport, NoRoute, Route};

/// The ways the page can reach an API.
#[derive(Clone)]
pub enum AppTransport {
    /// Calendly (or, with `?api=`, a test server on this machine standing in for it),
    /// directly or through our relay.
    Calendly(CalendlyTransport),
    /// The simulated Calendly inside this page (practice mode): no network at all.
    Practice(sandbox::SandboxTransport),
}

impl Transport for AppTransport {
    async fn send(&self, request: Request) -> Result<Response, TransportError> {
        match self {
            AppTransport::Calendly(t) => t.send(request).await,
            AppTransport::Practice(t) => t.send(request).await,
        }
    }

    async fn sleep(&self, duration: Duration) {
        match self {
            AppTransport::Calendly(t) => t.sleep(duration).await,
            AppTransport::Practice(t) => t.sleep(duration).await,
        }
    }
}

pub type AppClient = Client<AppTransport>;

/// A client for `token` that talks to wherever the page address says.
pub fn client_for(api: &ApiBase, token: AccessToken) -> AppClient {
    match api {
        ApiBase::Loopback(base) => Client::new(
            token,
            AppTransport::Calendly(CalendlyTransport::test_server(base)),
        )
        .with_base_url(base),
        ApiBase::Calendly | ApiBase::Refused(_) => Client::new(
            token,
            AppTransport::Calendly(CalendlyTransport::beside_page(calendly::API_BASE)),
        ),
    }
}

/// How calls to Calendly travel, once known.
pub fn route_of(client: &AppClient) -> Option<Route> {
    match client.transport() {
        AppTransport::Calendly(t) => t.route(),
        AppTransport::Practice(_) => None,
    }
}

/// A pretend account practice mode can run against: the simulator's scenario, the
/// person it signs in as, a short name for the list, and what situation it shows.
pub struct PracticeAccount {
    pub scenario: &'static str,
    pub person: &'static str,
    /// Short, for the drop-down list.
    pub option: &'static str,
    /// One sentence under the list, for the chosen account.
    pub description: &'static str,
}

/// The pretend accounts on offer; the first is the default.
pub const PRACTICE_ACCOUNTS: [PracticeAccount; 4] = [
    PracticeAccount {
        scenario: "solo",
        person: "Sam Solo",
        option: "Sam: works alone (owner)",
        description: "Sam has a Calendly account of their own, on a paid plan, with one webhook already set up.",
    },
    PracticeAccount {
        scenario: "org-admin",
        person: "Alex Admin",
        option: "Alex: admin of a team",
        description: "Alex is an admin of a team of four with 122 webhooks, one switched off by Calendly and one failing.",
    },
    PracticeAccount {
        scenario: "member",
        person: "Mia Member",
        option: "Mia: team member",
        description: "Mia is a member of a clinic's team without admin rights: she can set up webhooks for her own bookings only.",
    },
    PracticeAccount {
        scenario: "free-plan",
        person: "Fay Free",
        option: "Fay: free plan (owner)",
        description: "Fay owns an organization on Calendly's free plan, which has no routing forms or meeting recaps.",
    },
];

/// A client for a practice account: the simulator runs in this page, with the scenario's
/// own token, so nothing the user typed is involved and nothing leaves the page. The one
/// way the page reaches its simulated Calendly.
pub async fn practice_client_for(scenario: &str) -> Result<AppClient, UiError> {
    let unknown = || UiError {
        message: format!("There is no pretend account called \u{201c}{scenario}\u{201d}."),
        next_step: "Choose one of the pretend accounts in the list.".into(),
    };
    let transport = sandbox::SandboxTransport::scenario(scenario).ok_or_else(unknown)?;
    let token = transport
        .with_sandbox(|s| s.token("pat").map(str::to_owned))
        .ok_or_else(unknown)?;
    let token = AccessToken::parse(&token).map_err(|_| unknown())?;
    Ok(Client::new(token, AppTransport::Practice(transport)))
}

/// Who the token belongs to, their organization and role, and every subscription the
/// role can see. `claims` are the token's decoded claims from triage, if any.
pub async fn sign_in(client: &AppClient, token: Option<&TokenKind>) -> Result<SignedIn, UiError> {
    let claims = match token {
        Some(TokenKind::PersonalAccessToken { claims })
        | Some(TokenKind::OAuthAccessToken { claims, .. }) => Some(claims),
        _ => None,
    };
    let discovery = migration::account::discover(client, claims)
        .await
        .map_err(|e| ui_error(client, e, token))?;
    Ok(SignedIn {
        discovery,
        via_relay: route_of(client) == Some(Route::Relay),
        practice_receiver: PracticeReceiver::of_simulator(client.base_url()),
        token_kind: token.cloned(),
    })
}

/// An API error as the screens show it: worded for the kind of token when it is known (a
/// personal access token is made again, an OAuth token signed in again for), with what
/// the transport learned about the way to Calendly when it could not be reached.
pub fn ui_error(client: &AppClient, error: calendly::Error, token: Option<&TokenKind>) -> UiError {
    let no_route = match client.transport() {
        AppTransport::Calendly(t) if matches!(error, calendly::Error::Unreachable { .. }) => {
            t.no_route()
        }
        _ => None,
    };
    match no_route {
        Some(NoRoute::BlockedAndNoRelay) => UiError {
            message: "Your browser could not connect to Calendly from this page (Calendly may not accept calls \
                      from web pages), and this copy of the assistant has no relay to pass the calls on."
                .into(),
            next_step: "Ask whoever gave you this link for the assistant's main address (the one with the relay), \
                        or check whether a browser extension or firewall blocks api.calendly.com."
                .into(),
        },
        Some(NoRoute::TestServerUnreachable) => UiError {
            message: format!(
                "The test server this page was opened with ({}) cannot be reached, so nothing was sent. \
                 In test mode the assistant never falls back to Calendly.",
                client.base_url()
            ),
            next_step: "Start the test server again (cargo xtask serve starts one), or open the assistant's address \
                        without the ?api= part to use your real Calendly account."
                .into(),
        },
        Some(NoRoute::Offline) => UiError {
            message: "Could not reach Calendly, neither directly nor through this site's relay.".into(),
            next_step: "Check your internet connection, then try again.".into(),
        },
        None => match token {
            Some(kind) => {
                let advice = advice_for(&error, kind);
                UiError { message: advice.message, next_step: advice.next_step }
            }
            None => UiError { message: error.message(), next_step: error.next_step() },
        },
    }
}

/// What the steps share in memory only, never in the wizard state or storage: the client
/// (which holds the token) and the signing key chosen for the new subscriptions. Compared
/// by identity.
#[derive(Clone, Default)]
pub struct Session {
    client: Rc<RefCell<Option<Rc<AppClient>>>>,
    signing_key: Rc<RefCell<Option<SigningKey>>>,
}

impl Session {
    pub fn set(&self, client: AppClient) {
        *self.client.borrow_mut() = Some(Rc::new(client));
    }

    /// The connected client, if the user has connected in this page.
    pub fn client(&self) -> Option<Rc<AppClient>> {
        self.client.borrow().clone()
    }

    pub fn set_signing_key(&self, key: SigningKey) {
        *self.signing_key.borrow_mut() = Some(key);
    }

    pub fn signing_key(&self) -> Option<SigningKey> {
        self.signing_key.borrow().clone()
    }

    /// Forget the client (and with it the token) and the signing key.
    pub fn clear(&self) {
        *self.client.borrow_mut() = None;
        *self.signing_key.borrow_mut() = None;
    }
}

impl PartialEq for Session {
    fn eq(&self, other: &Session) -> bool {
        Rc::ptr_eq(&self.client, &other.client)
    }
}
