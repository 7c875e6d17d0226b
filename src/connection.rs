//! The live connection: the client (holding the token) over the transport the page
//! address chose. It is kept in component memory only: never in the wizard state (which
//! may be saved for a reload), storage, the address or a log.

use std::time::Duration;

use calendly::{AccessToken, Client, Request, Response, Transport, TransportError};

use crate::api_base::ApiBase;
use crate::transport::{CalendlyTransport, FetchTransport, Route};

/// The ways the page can reach an API.
#[derive(Clone)]
pub enum AppTransport {
    /// Calendly, directly or through our relay.
    Calendly(CalendlyTransport),
    /// A test server on this machine (`?api=`).
    Loopback(FetchTransport),
    /// The simulated Calendly inside this page (practice mode): no network at all.
    Practice(sandbox::SandboxTransport),
}

impl Transport for AppTransport {
    async fn send(&self, request: Request) -> Result<Response, TransportError> {
        match self {
            AppTransport::Calendly(t) => t.send(request).await,
            AppTransport::Loopback(t) => t.send(request).await,
            AppTransport::Practice(t) => t.send(request).await,
        }
    }

    async fn sleep(&self, duration: Duration) {
        match self {
            AppTransport::Calendly(t) => t.sleep(duration).await,
            AppTransport::Loopback(t) => t.sleep(duration).await,
            AppTransport::Practice(t) => t.sleep(duration).await,
        }
    }
}

pub type AppClient = Client<AppTransport>;

/// A client for `token` that talks to wherever the page address says.
pub fn client_for(api: &ApiBase, token: AccessToken) -> AppClient {
    match api {
        ApiBase::Loopback(base) => Client::new(token, AppTransport::Loopback(FetchTransport::default())).with_base_url(base),
        ApiBase::Calendly | ApiBase::Refused(_) => Client::new(token, AppTransport::Calendly(CalendlyTransport::beside_page())),
    }
}

/// How calls to Calendly travel, once known.
pub fn route_of(client: &AppClient) -> Option<Route> {
    match client.transport() {
        AppTransport::Calendly(t) => t.route(),
        AppTransport::Loopback(_) | AppTransport::Practice(_) => None,
    }
}

/// The simulated account practice mode runs against.
pub const PRACTICE_SCENARIO: &str = "solo";

/// A client for the practice account: the simulator runs in this page, with the
/// scenario's own token, so nothing the user typed is involved and nothing leaves the page.
pub fn practice_client() -> AppClient {
    let transport = sandbox::SandboxTransport::scenario(PRACTICE_SCENARIO).expect("the practice scenario is built in");
    let token = transport.with_sandbox(|s| s.token("pat").map(str::to_owned)).expect("the practice scenario has a token");
    let token = AccessToken::parse(&token).expect("the practice token is well-formed");
    Client::new(token, AppTransport::Practice(transport))
}

/// Who the token belongs to, their organization and role: `GET /users/me`, then their
/// membership in that organization.
pub async fn load_account(client: &AppClient) -> Result<crate::state::AccountSummary, crate::state::UiError> {
    let ui = |e: calendly::Error| crate::state::UiError { message: e.message(), next_step: e.next_step() };
    let me = client.me().await.map_err(ui)?;
    let memberships = client.memberships_of(&me.uri, &me.current_organization).await.map_err(ui)?;
    let role = memberships.first().map(|m| m.role.as_str().to_owned()).unwrap_or_else(|| "user".into());
    Ok(crate::state::AccountSummary {
        name: me.name,
        email: me.email,
        organization: me.current_organization.as_str().to_owned(),
        role,
        via_relay: route_of(client) == Some(Route::Relay),
    })
}

/// The connection shared by the steps: one slot, in memory, compared by identity.
#[derive(Clone, Default)]
pub struct Session(std::rc::Rc<std::cell::RefCell<Option<AppClient>>>);

impl Session {
    pub fn set(&self, client: AppClient) {
        *self.0.borrow_mut() = Some(client);
    }

    /// Forget the client, and with it the token.
    pub fn clear(&self) {
        *self.0.borrow_mut() = None;
    }
}

impl PartialEq for Session {
    fn eq(&self, other: &Session) -> bool {
        std::rc::Rc::ptr_eq(&self.0, &other.0)
    }
}
