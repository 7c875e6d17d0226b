//! The Calendly client: builds the documented requests, follows every page, reads the
//! rate-limit headers and maps answers to [`Error`]. It holds no global state and never
//! prints the token; base URL and transport are injected so the same code talks to
//! Calendly, to our relay, or to the in-process simulator.
//!
//! Retry policy, and why: a `GET` that meets a 429 waits until the limit resets (bounded)
//! and is sent again, because reading twice is harmless. Writes are never retried here: a
//! create whose answer was lost may have been stored, and only the caller, after listing
//! again, can tell whether to send it once more.

use std::cell::Cell;
use std::time::Duration;

use serde::de::DeserializeOwned;

use crate::error::Error;
use crate::models::{
    Event, NewSubscription, Organization, OrganizationMembership, Page, Resource, Target, User,
    WebhookPayload, WebhookSubscription,
};
use crate::query;
use crate::token::AccessToken;
use crate::transport::{Method, Request, Response, Transport};
use crate::uri::{OrganizationUri, SubscriptionUri, UserUri};

/// The largest page Calendly serves; listing with it needs the fewest requests.
pub const PAGE_SIZE: u32 = 100;

/// A listing longer than this many pages is treated as a misbehaving server, not followed.
const MAX_PAGES: usize = 1000;

/// The `X-RateLimit-*` headers of one answer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RateLimit {
    /// Requests allowed per window.
    pub limit: u32,
    /// Requests left in this window.
    pub remaining: u32,
    /// Seconds until the window resets.
    pub reset_seconds: u64,
}

impl RateLimit {
    /// Reads the three headers; `None` if any is missing or not a number (e.g. a browser
    /// that was not allowed to expose them).
    pub fn from_response(response: &Response) -> Option<RateLimit> {
        let number = |name: &str| response.header(name)?.trim().parse::<u64>().ok();
        Some(RateLimit {
            limit: u32::try_from(number("x-ratelimit-limit")?).ok()?,
            remaining: u32::try_from(number("x-ratelimit-remaining")?).ok()?,
            reset_seconds: number("x-ratelimit-reset")?,
        })
    }
}

/// How long and how often reads wait out a 429.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RetryPolicy {
    /// How many times one read is sent again after a 429.
    pub max_read_retries: u32,
    /// A reset further away than this is reported as [`Error::RateLimited`] instead.
    pub max_wait: Duration,
    /// Used when a 429 carries no readable `X-RateLimit-Reset`.
    pub default_wait: Duration,
}

impl Default for RetryPolicy {
    fn default() -> RetryPolicy {
        RetryPolicy {
            max_read_retries: 3,
            max_wait: Duration::from_secs(90),
            default_wait: Duration::from_secs(60),
        }
    }
}

/// A Calendly V2 client over any transport.
///
/// ```no_run
/// # async fn demo(transport: impl calendly::Transport) -> Result<(), calendly::Error> {
/// let token = calendly::AccessToken::parse("eyJ…").expect("a token");
/// let client = calendly::Client::new(token, transport);
/// let me = client.me().await?;
/// let mine = client
///     .list_subscriptions(&me.current_organization, &calendly::Target::User(me.uri.clone()))
///     .await?;
/// # Ok(()) }
/// ```
pub struct Client<T> {
    base_url: String,
    token: AccessToken,
    transport: T,
    policy: RetryPolicy,
    last_rate_limit: Cell<Option<RateLimit>>,
}

// Written out so the token can never be printed, whatever the transport prints.
impl<T> std::fmt::Debug for Client<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Client")
            .field("base_url", &self.base_url)
            .field("token", &self.token)
            .field("policy", &self.policy)
            .finish_non_exhaustive()
    }
}

impl<T: Transport> Client<T> {
    /// A client for Calendly itself ([`crate::API_BASE`]).
    pub fn new(token: AccessToken, transport: T) -> Client<T> {
        Client {
            base_url: crate::API_BASE.to_owned(),
            token,
            transport,
            policy: RetryPolicy::default(),
            last_rate_limit: Cell::new(None),
        }
    }

    /// Another base, e.g. our relay (`https://host/calendly-api`) or a local simulator.
    /// A trailing slash is ignored.
    pub fn with_base_url(mut self, base_url: &str) -> Client<T> {
        self.base_url = base_url.trim_end_matches('/').to_owned();
        self
    }

    pub fn with_retry_policy(mut self, policy: RetryPolicy) -> Client<T> {
        self.policy = policy;
        self
    }

    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    pub fn transport(&self) -> &T {
        &self.transport
    }

    /// The rate-limit headers of the latest answer, for pacing many writes.
    pub fn rate_limit(&self) -> Option<RateLimit> {
        self.last_rate_limit.get()
    }

    /// `GET /users/me`: who the token belongs to and their organization.
    pub async fn me(&self) -> Result<User, Error> {
        self.get_resource("/users/me", &[]).await
    }

    /// `GET /organizations/{uuid}` (scope `organizations:read`, api.md §3.1): the
    /// organization's name and plan. Only the ID of `organization` is used, so the request
    /// goes to this client's base and never to a host named in a URI.
    ///
    /// ```no_run
    /// # async fn demo(client: calendly::Client<impl calendly::Transport>) -> Result<(), calendly::Error> {
    /// let me = client.me().await?;
    /// let organization = client.organization(&me.current_organization).await?;
    /// println!("{} is on the {} plan", organization.name, organization.plan.map_or("unknown".into(), |p| p.to_string()));
    /// # Ok(()) }
    /// ```
    pub async fn organization(
        &self,
        organization: &OrganizationUri,
    ) -> Result<Organization, Error> {
        self.get_resource(
            &format!("/organizations/{}", query::escape(organization.id())),
            &[],
        )
        .await
    }

    /// `GET /organization_memberships?organization=…`, every page: everyone in the
    /// organization with their role and name (scope `organizations:read`).
    pub async fn organization_memberships(
        &self,
        organization: &OrganizationUri,
    ) -> Result<Vec<OrganizationMembership>, Error> {
        self.get_all(
            "/organization_memberships",
            &[("organization", organization.as_str())],
        )
        .await
    }

    /// `GET /organization_memberships?organization=…&user=…`, every page: the user's
    /// membership(s) in the organization, which carry their role.
    pub async fn memberships_of(
        &self,
        user: &UserUri,
        organization: &OrganizationUri,
    ) -> Result<Vec<OrganizationMembership>, Error> {
        self.get_all(
            "/organization_memberships",
            &[
                ("organization", organization.as_str()),
                ("user", user.as_str()),
            ],
        )
        .await
    }

    /// `GET /webhook_subscriptions`, following every page with `count=100`.
    pub async fn list_subscriptions(
        &self,
        organization: &OrganizationUri,
        target: &Target,
    ) -> Result<Vec<WebhookSubscription>, Error> {
        let mut params = vec![
            ("organization", organization.as_str()),
            ("scope", target.scope().as_str()),
        ];
        push_target(&mut params, target);
        self.get_all("/webhook_subscriptions", &params).await
    }

    /// `GET /webhook_subscriptions/{uuid}`. Only the ID of `subscription` is used, so the
    /// request goes to this client's base and never to a host named in a URI.
    pub async fn get_subscription(
        &self,
        subscription: &SubscriptionUri,
    ) -> Result<WebhookSubscription, Error> {
        self.get_resource(
            &format!(
                "/webhook_subscriptions/{}",
                query::escape(subscription.id())
            ),
            &[],
        )
        .await
    }

    /// `POST /webhook_subscriptions`. Never retried: after [`Error::outcome_unknown`]
    /// errors, list again before deciding to re-send.
    pub async fn create_subscription(
        &self,
        new: &NewSubscription,
    ) -> Result<WebhookSubscription, Error> {
        let body = new.to_json().to_string();
        let response = self
            .send(Method::Post, "/webhook_subscriptions".into(), Some(body))
            .await?;
        parse::<Resource<WebhookSubscription>>(&response).map(|r| r.resource)
    }

    /// `DELETE /webhook_subscriptions/{uuid}` (204 on success). Never retried.
    pub async fn delete_subscription(&self, subscription: &SubscriptionUri) -> Result<(), Error> {
        let path = format!(
            "/webhook_subscriptions/{}",
            query::escape(subscription.id())
        );
        let response = self.send(Method::Delete, path, None).await?;
        if response.status == 204 {
            Ok(())
        } else {
            Err(Error::UnexpectedResponse {
                status: response.status,
                summary: "expected 204 No Content".into(),
            })
        }
    }

    /// `GET /sample_webhook_data`: what a delivery of `event` would look like (bare
    /// payload, not wrapped in `resource`).
    pub async fn sample_webhook_data(
        &self,
        event: &Event,
        organization: &OrganizationUri,
        target: &Target,
    ) -> Result<WebhookPayload, Error> {
        let mut params = vec![
            ("event", event.name()),
            ("organization", organization.as_str()),
            ("scope", target.scope().as_str()),
        ];
        push_target(&mut params, target);
        let response = self
            .send(
                Method::Get,
                with_query("/sample_webhook_data", &params),
                None,
            )
            .await?;
        parse(&response)
    }

    async fn get_resource<R: DeserializeOwned>(
        &self,
        path: &str,
        params: &[(&str, &str)],
    ) -> Result<R, Error> {
        let response = self
            .send(Method::Get, with_query(path, params), None)
            .await?;
        parse::<Resource<R>>(&response).map(|r| r.resource)
    }

    /// Every item of a list. Re-sends our own request with `page_token` rather than
    /// following `next_page`, so the token only ever goes to this client's base (§6).
    async fn get_all<I: DeserializeOwned>(
        &self,
        path: &str,
        params: &[(&str, &str)],
    ) -> Result<Vec<I>, Error> {
        let count = PAGE_SIZE.to_string();
        let mut items = Vec::new();
        let mut page_token: Option<String> = None;
        let mut seen_tokens = Vec::new();
        for _ in 0..MAX_PAGES {
            let mut page_params = params.to_vec();
            page_params.push(("count", &count));
            if let Some(token) = &page_token {
                page_params.push(("page_token", token));
            }
            let response = self
                .send(Method::Get, with_query(path, &page_params), None)
                .await?;
            let page: Page<I> = parse(&response)?;
            items.extend(page.collection);
            let next = page.pagination.next_page_token.or_else(|| {
                // Some answers may carry only the URL; its page_token is the same cursor.
                let url = page.pagination.next_page?;
                let (_, query_text) = query::path_and_query(&url);
                query::decode(query_text)
                    .into_iter()
                    .find(|(name, _)| name == "page_token")
                    .map(|(_, v)| v)
            });
            match next {
                None => return Ok(items),
                Some(token) if seen_tokens.contains(&token) => {
                    return Err(Error::UnexpectedResponse {
                        status: response.status,
                        summary: "the list kept returning the same page".into(),
                    })
                }
                Some(token) => {
                    seen_tokens.push(token.clone());
                    page_token = Some(token);
                }
            }
        }
        Err(Error::UnexpectedResponse {
            status: 200,
            summary: format!("the list had more than {MAX_PAGES} pages"),
        })
    }

    /// Sends one request; a 2xx answer is returned, anything else becomes an [`Error`].
    /// Reads wait out 429s as the policy allows.
    async fn send(
        &self,
        method: Method,
        path_and_query: String,
        body: Option<String>,
    ) -> Result<Response, Error> {
        let mut headers = vec![
            (
                "Authorization".to_owned(),
                format!("Bearer {}", self.token.expose()),
            ),
            ("Accept".to_owned(), "application/json".to_owned()),
        ];
        if body.is_some() {
            headers.push(("Content-Type".to_owned(), "application/json".to_owned()));
        }
        let request = Request {
            method,
            url: format!("{}{}", self.base_url, path_and_query),
            headers,
            body,
        };
        let mut retries = 0;
        loop {
            let response = self.transport.send(request.clone()).await?;
            let limit = RateLimit::from_response(&response);
            if limit.is_some() {
                self.last_rate_limit.set(limit);
            }
            if (200..300).contains(&response.status) {
                return Ok(response);
            }
            if response.status == 429
                && method == Method::Get
                && retries < self.policy.max_read_retries
            {
                let wait = limit.map_or(self.policy.default_wait, |l| {
                    Duration::from_secs(l.reset_seconds.max(1))
                });
                if wait <= self.policy.max_wait {
                    retries += 1;
                    self.transport.sleep(wait).await;
                    continue;
                }
            }
            return Err(Error::from_response(&response));
        }
    }
}

fn push_target<'a>(params: &mut Vec<(&'a str, &'a str)>, target: &'a Target) {
    match target {
        Target::Organization => {}
        Target::User(user) => params.push(("user", user.as_str())),
        Target::Group(group) => params.push(("group", group.as_str())),
    }
}

fn with_query(path: &str, params: &[(&str, &str)]) -> String {
    if params.is_empty() {
        path.to_owned()
    } else {
        format!("{path}?{}", query::encode(params))
    }
}

fn parse<R: DeserializeOwned>(response: &Response) -> Result<R, Error> {
    serde_json::from_str(&response.body).map_err(|error| Error::UnexpectedResponse {
        status: response.status,
        summary: format!("the answer could not be read ({error})"),
    })
}
