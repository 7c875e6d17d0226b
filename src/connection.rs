//! The live connection: the client (holding the token) over the transport the page
//! address chose. It is kept in component memory only: never in the wizard state (which
//! may be saved for a reload), storage, the address or a log.
//!
//! Practice mode's simulated Calendly is a wasm module of its own (`crates/practice`),
//! which the page imports the first time the user chooses practice mode
//! ([`practice_client_for`]): the page names it in `<meta name="practice-module">` and
//! the boot script (`static/boot.js`) provides `globalThis.assistantImport`, since only
//! JavaScript can import a module. Requests and answers cross as plain JS values (shapes
//! in `crates/practice/src/lib.rs`).

use std::cell::RefCell;
use std::rc::Rc;
use std::time::Duration;

use calendly::{AccessToken, Client, Request, Response, SigningKey, Transport, TransportError};
use js_sys::{Array, Function, Object, Promise, Reflect};
use migration::practice::PracticeReceiver;
use migration::token::{advice_for, TokenKind};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

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
    Practice(PracticeTransport),
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
/// way the page reaches its simulated Calendly; the first call fetches its module.
pub async fn practice_client_for(scenario: &str) -> Result<AppClient, UiError> {
    let unknown = || UiError {
        message: format!("There is no pretend account called \u{201c}{scenario}\u{201d}."),
        next_step: "Choose one of the pretend accounts in the list.".into(),
    };
    let module = practice_module().await.map_err(|_| UiError {
        message: "The practice account could not be prepared: this page could not load its pretend Calendly."
            .into(),
        next_step: "Check your internet connection and reload the page, or use your own Calendly account.".into(),
    })?;
    let class = Reflect::get(&module, &"Practice".into()).map_err(|_| unknown())?;
    let class: Function = class.dyn_into().map_err(|_| unknown())?;
    let simulator: Simulator = Reflect::construct(&class, &Array::of1(&scenario.into()))
        .map_err(|_| unknown())?
        .unchecked_into();
    let token = simulator.token().ok_or_else(unknown)?;
    let token = AccessToken::parse(&token).map_err(|_| unknown())?;
    let transport = PracticeTransport {
        simulator: Rc::new(simulator),
    };
    Ok(Client::new(token, AppTransport::Practice(transport)))
}

#[wasm_bindgen]
extern "C" {
    /// `import(url)`, provided by the boot script (`static/boot.js`).
    #[wasm_bindgen(js_namespace = globalThis, js_name = assistantImport, catch)]
    fn import_module(url: &str) -> Result<Promise, JsValue>;

    /// The practice module's simulator (its class `Practice`).
    pub type Simulator;
    #[wasm_bindgen(method, catch)]
    fn send(this: &Simulator, request: &JsValue) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(method)]
    fn sleep(this: &Simulator, milliseconds: f64);
    #[wasm_bindgen(method)]
    fn token(this: &Simulator) -> Option<String>;
}

thread_local! {
    /// The practice module once loaded and started: fetched at most once per page.
    static PRACTICE_MODULE: RefCell<Option<JsValue>> = const { RefCell::new(None) };
}

/// The practice module, imported and started the first time it is asked for.
async fn practice_module() -> Result<JsValue, JsValue> {
    if let Some(module) = PRACTICE_MODULE.with(|m| m.borrow().clone()) {
        return Ok(module);
    }
    let window = web_sys::window().ok_or("no window")?;
    let url = window
        .document()
        .and_then(|d| {
            d.query_selector("meta[name=practice-module]")
                .ok()
                .flatten()
        })
        .and_then(|meta| meta.get_attribute("content"))
        .ok_or("the page names no practice module")?;
    let url = web_sys::Url::new_with_base(&url, &window.location().href()?)?.href();
    let module = JsFuture::from(import_module(&url)?).await?;
    // wasm-bindgen's `init`: fetches and starts the module's wasm.
    let init: Function = Reflect::get(&module, &"default".into())?.dyn_into()?;
    JsFuture::from(Promise::resolve(&init.call0(&JsValue::UNDEFINED)?)).await?;
    PRACTICE_MODULE.with(|m| *m.borrow_mut() = Some(module.clone()));
    Ok(module)
}

/// The simulated Calendly of the practice module, on its virtual clock.
#[derive(Clone)]
pub struct PracticeTransport {
    simulator: Rc<Simulator>,
}

impl PracticeTransport {
    /// The simulator itself, for tests that look inside it.
    pub fn simulator(&self) -> &Simulator {
        &self.simulator
    }
}

impl Transport for PracticeTransport {
    async fn send(&self, request: Request) -> Result<Response, TransportError> {
        let broken = |what: &str| TransportError::Unreachable(format!("practice module: {what}"));
        let wire = Object::new();
        let headers: Array = request
            .headers
            .iter()
            .map(|(name, value)| Array::of2(&name.into(), &value.into()))
            .collect();
        let fields: [(&str, JsValue); 4] = [
            ("method", request.method.as_str().into()),
            ("url", request.url.as_str().into()),
            ("headers", headers.into()),
            (
                "body",
                request
                    .body
                    .as_deref()
                    .map_or(JsValue::UNDEFINED, JsValue::from),
            ),
        ];
        for (name, value) in fields {
            Reflect::set(&wire, &name.into(), &value).map_err(|_| broken("request"))?;
        }
        let answer = self.simulator.send(&wire).map_err(|_| broken("send"))?;
        let field = |name: &str| Reflect::get(&answer, &name.into()).unwrap_or(JsValue::UNDEFINED);
        if let Some(error) = field("error").as_string() {
            return Err(match error.as_str() {
                "timed_out" => TransportError::TimedOut,
                _ => TransportError::Unreachable(field("detail").as_string().unwrap_or_default()),
            });
        }
        let status = field("status").as_f64().ok_or_else(|| broken("status"))? as u16;
        let headers = Array::from(&field("headers"))
            .iter()
            .filter_map(|pair| {
                let pair = Array::from(&pair);
                Some((pair.get(0).as_string()?, pair.get(1).as_string()?))
            })
            .collect();
        let body = field("body").as_string().unwrap_or_default();
        Ok(Response {
            status,
            headers,
            body,
        })
    }

    async fn sleep(&self, duration: Duration) {
        self.simulator.sleep(duration.as_secs_f64() * 1000.0);
    }
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
