//! The Calendly V2 API as this product uses it: serde models, one typed error enum, and a
//! client that runs over any [`Transport`]. It has no web dependencies, so the same client
//! runs in the page (over `fetch`), in native tests and against the in-process simulator.
//!
//! - [`models`]: resources, the error body, the webhook payload, events and scopes;
//! - [`uri`]: resource URIs as newtypes; [`token`]: the secret token;
//! - [`client`]: the requests, pagination and the rate-limit policy;
//! - [`error`]: what can go wrong, in words a user can act on;
//! - [`transport`]: the seam to the network; [`query`]: query-string encoding;
//! - [`loopback`]: the test servers on this machine the page may call instead.

pub mod client;
pub mod error;
pub mod loopback;
pub mod models;
pub mod query;
pub mod token;
pub mod transport;
pub mod uri;

pub use client::{Client, RateLimit, RetryPolicy, PAGE_SIZE};
pub use error::{Error, TokenRejection};
pub use models::{
    ErrorBody, ErrorDetail, Event, MembershipUser, NewSubscription, Organization,
    OrganizationMembership, OrganizationPlan, Page, Pagination, PlanFeature, Resource, Role, Scope,
    SubscriptionState, Target, TokenScope, User, WebhookPayload, WebhookSubscription,
};
pub use token::{AccessToken, SigningKey, TokenParseError};
pub use transport::{Method, Request, Response, Transport, TransportError};
pub use uri::{
    CallbackUrl, GroupUri, MembershipUri, OrganizationUri, SubscriptionUri, UriError, UserUri,
};

/// Where Calendly's V2 API lives. Every other base is a test or relay base.
pub const API_BASE: &str = "https://api.calendly.com";
