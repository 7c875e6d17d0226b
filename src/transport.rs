//! How the page reaches an API: [`FetchTransport`] is the browser's `fetch` with a time
//! limit, no cookies, no referrer and no redirects followed (a redirect could carry the
//! token elsewhere). [`CalendlyTransport`] calls Calendly directly first; if the browser
//! cannot reach it (a network or CORS failure) it tries this site's relay once, with a
//! read, and from then on uses whichever worked, so the screens can say what happened.
//! With `?api=`, a test server on this machine stands in for Calendly and is called
//! directly only: the relay leads to Calendly, so falling back to it would send a test
//! session's calls to the real Calendly while the page says they stay on this machine.

use std::cell::Cell;
use std::rc::Rc;
use std::time::Duration;

use calendly::{Method, Request, Response, Transport, TransportError};
use gloo_net::http::RequestBuilder;
use web_sys::{AbortController, ReferrerPolicy, RequestCredentials, RequestRedirect};

/// The browser's fetch with a time limit.
#[derive(Clone)]
pub struct FetchTransport {
    pub timeout: Duration,
}

impl Default for FetchTransport {
    fn default() -> Self {
        FetchTransport {
            timeout: Duration::from_secs(30),
        }
    }
}

impl Transport for FetchTransport {
    async fn send(&self, request: Request) -> Result<Response, TransportError> {
        let controller = AbortController::new()
            .map_err(|_| TransportError::Unreachable("no AbortController".into()))?;
        let timed_out = Rc::new(Cell::new(false));
        let _timer = {
            let (timed_out, controller) = (timed_out.clone(), controller.clone());
            gloo_timers::callback::Timeout::new(self.timeout.as_millis() as u32, move || {
                timed_out.set(true);
                controller.abort();
            })
        };
        let method = match request.method {
            Method::Get => gloo_net::http::Method::GET,
            Method::Post => gloo_net::http::Method::POST,
            Method::Delete => gloo_net::http::Method::DELETE,
        };
        let mut builder = RequestBuilder::new(&request.url)
            .method(method)
            .abort_signal(Some(&controller.signal()))
            .credentials(RequestCredentials::Omit)
            .redirect(RequestRedirect::Error)
            .referrer_policy(ReferrerPolicy::NoReferrer);
        for (name, value) in &request.headers {
            builder = builder.header(name, value);
        }
        let outgoing = match request.body {
            Some(body) => builder.body(body),
            None => builder.build(),
        }
        .map_err(|e| TransportError::Unreachable(e.to_string()))?;
        let failed = |error: gloo_net::Error| {
            if timed_out.get() {
                TransportError::TimedOut
            } else {
                TransportError::Unreachable(error.to_string())
            }
        };
        let response = outgoing.send().await.map_err(failed)?;
        let status = response.status();
        let headers = response.headers().entries().collect();
        // A connection that drops mid-answer fails here, not in `send`.
        let body = response.text().await.map_err(failed)?;
        Ok(Response {
            status,
            headers,
            body,
        })
    }

    async fn sleep(&self, duration: Duration) {
        gloo_timers::future::sleep(duration).await;
    }
}

/// The way requests to Calendly travel, once known.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Route {
    /// The browser calls api.calendly.com itself.
    Direct,
    /// The browser could not; this site's relay passes the calls on.
    Relay,
}

/// Why Calendly could not be reached, when neither way worked.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NoRoute {
    /// The browser could not call Calendly, and this site has no relay (a static host).
    BlockedAndNoRelay,
    /// Neither Calendly nor the relay answered: most likely no internet connection.
    Offline,
    /// The test server named by `?api=` did not answer (it is never bypassed).
    TestServerUnreachable,
}

/// Calendly, directly or through our relay.
#[derive(Clone)]
pub struct CalendlyTransport {
    fetch: FetchTransport,
    direct_base: String,
    /// `None` for a test server, which is never bypassed through the relay.
    relay_base: Option<String>,
    route: Rc<Cell<Option<Route>>>,
    no_route: Rc<Cell<Option<NoRoute>>>,
}

impl CalendlyTransport {
    /// Calls to `direct_base` (Calendly's API, or a test server standing in for it) that
    /// the browser cannot make go to `relay_base` instead, e.g.
    /// `https://assistant.example/calendly-api`.
    pub fn new(direct_base: &str, relay_base: String) -> Self {
        CalendlyTransport {
            fetch: FetchTransport::default(),
            direct_base: direct_base.trim_end_matches('/').to_owned(),
            relay_base: Some(relay_base),
            route: Rc::new(Cell::new(None)),
            no_route: Rc::new(Cell::new(None)),
        }
    }

    /// A test server on this machine (`?api=`), called directly and only directly: when
    /// it cannot be reached, the page says so instead of trying the relay.
    pub fn test_server(base: &str) -> Self {
        CalendlyTransport {
            relay_base: None,
            ..CalendlyTransport::new(base, String::new())
        }
    }

    /// `direct_base`, with the relay next to this page.
    pub fn beside_page(direct_base: &str) -> Self {
        let href = web_sys::window()
            .and_then(|w| w.location().href().ok())
            .unwrap_or_default();
        let relay = web_sys::Url::new_with_base("calendly-api", &href)
            .map(|u| u.href())
            .unwrap_or_else(|_| "/calendly-api".into());
        CalendlyTransport::new(direct_base, relay)
    }

    /// How calls travel so far (`None` before the first answer).
    pub fn route(&self) -> Option<Route> {
        self.route.get()
    }

    /// Why the latest probe found no way to Calendly, if it found none.
    pub fn no_route(&self) -> Option<NoRoute> {
        self.no_route.get()
    }

    fn via_relay(&self, relay_base: &str, mut request: Request) -> Request {
        if let Some(rest) = request.url.strip_prefix(self.direct_base.as_str()) {
            request.url = format!("{relay_base}{rest}");
        }
        request
    }

    /// A call to the test server: its answer, or why there was none.
    async fn send_to_test_server(&self, request: Request) -> Result<Response, TransportError> {
        let answer = self.fetch.send(request).await;
        match &answer {
            Ok(_) => {
                self.no_route.set(None);
                self.route.set(Some(Route::Direct));
            }
            Err(TransportError::Unreachable(_)) => {
                self.no_route.set(Some(NoRoute::TestServerUnreachable))
            }
            Err(TransportError::TimedOut) => {}
        }
        answer
    }
}

impl Transport for CalendlyTransport {
    async fn send(&self, request: Request) -> Result<Response, TransportError> {
        let Some(relay_base) = &self.relay_base else {
            return self.send_to_test_server(request).await;
        };
        if self.route.get() == Some(Route::Relay) {
            return self.fetch.send(self.via_relay(relay_base, request)).await;
        }
        let probe = self.route.get().is_none() && request.method == Method::Get;
        match self.fetch.send(request.clone()).await {
            Ok(response) => {
                self.route.set(Some(Route::Direct));
                Ok(response)
            }
            // Only a read decides the route: a write that failed may still have arrived.
            Err(TransportError::Unreachable(why)) if probe => {
                let relayed = match self.fetch.send(self.via_relay(relay_base, request)).await {
                    Ok(relayed) => relayed,
                    Err(error) => {
                        self.no_route.set(Some(NoRoute::Offline));
                        return Err(error);
                    }
                };
                if relayed.header(RELAY_HEADER).is_some() {
                    self.no_route.set(None);
                    self.route.set(Some(Route::Relay));
                    Ok(relayed)
                } else {
                    self.no_route.set(Some(NoRoute::BlockedAndNoRelay));
                    Err(TransportError::Unreachable(format!(
                        "{why}; this site has no relay"
                    )))
                }
            }
            Err(error) => Err(error),
        }
    }

    async fn sleep(&self, duration: Duration) {
        self.fetch.sleep(duration).await;
    }
}

/// Set by our relay on every answer (see `crates/server/src/relay.rs`).
pub const RELAY_HEADER: &str = "x-assistant-relay";
