//! The one error type of the Calendly layer. Each variant is something a non-technical
//! user can act on, so each has a plain sentence (`message`) and a next step
//! (`next_step`) the page shows as is. Variants are chosen from the HTTP status first and
//! the body second: Calendly's titles have changed over time and its reference pages show
//! wrong ones, so only 401 and 403 look inside the body to tell their cases apart.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::models::{ErrorBody, ErrorDetail};
use crate::transport::{Response, TransportError};

/// Where a personal access token is made, in the words of Calendly's menus.
pub const NEW_TOKEN_STEPS: &str =
    "In Calendly: Integrations \u{2192} API & Webhooks \u{2192} Generate new token";

/// Why Calendly refused the token (401).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TokenRejection {
    /// Not a token Calendly knows: mistyped, a legacy v1 API key, or from another service.
    Invalid,
    /// An OAuth token past its two hours.
    Expired,
    /// Deleted in Calendly's settings or revoked by the app.
    Revoked,
}

/// Everything that can go wrong talking to Calendly. Serializable so a saved run can keep
/// the cause of a failure (and word it again for the token kind); it never holds the token.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Error {
    /// 401: the token is not accepted at all.
    TokenRejected(TokenRejection),
    /// 403 "Insufficient scope": the token works but was created without some
    /// permissions. `scopes` lists them when Calendly names them (may be empty).
    MissingScopes { scopes: Vec<String> },
    /// 403: the account's role does not allow this (e.g. organization scope for a member
    /// who is not an owner or admin, or a user outside the organization).
    NotAllowedByRole { message: String },
    /// 403 "Please upgrade…": the organization's plan lacks a feature an event needs.
    NeedsPlanFeature { message: String },
    /// 404: the thing asked for does not exist (or is not visible to this token).
    NotFound,
    /// 409: this callback URL is already used by this user in this organization.
    AlreadyExists,
    /// 400: Calendly refused the request's parameters; one entry per problem.
    InvalidRequest { details: Vec<ErrorDetail> },
    /// 429: too many requests; the limit resets in this many seconds.
    RateLimited { seconds_until_reset: u64 },
    /// 5xx: Calendly failed. The request may or may not have had its effect.
    ServerError { status: u16 },
    /// No answer: offline, the connection dropped, or the browser blocked the call (CORS).
    Unreachable { detail: String },
    /// No answer in time. The request may or may not have had its effect.
    TimedOut,
    /// An answer this product does not understand (unknown status or unreadable body).
    UnexpectedResponse { status: u16, summary: String },
}

impl Error {
    /// Turns a non-2xx answer into an error. `response.status` must not be 2xx.
    pub fn from_response(response: &Response) -> Error {
        let body: Option<ErrorBody> = serde_json::from_str(&response.body).ok();
        let message = body.as_ref().map(|b| b.message.clone()).unwrap_or_default();
        match response.status {
            400 => Error::InvalidRequest {
                details: body.map(|b| b.details).unwrap_or_default(),
            },
            401 => {
                let text = message.to_ascii_lowercase();
                Error::TokenRejected(if text.contains("expired") {
                    TokenRejection::Expired
                } else if text.contains("revoked") {
                    TokenRejection::Revoked
                } else {
                    TokenRejection::Invalid
                })
            }
            403 => {
                let Some(body) = body else {
                    return Error::NotAllowedByRole { message };
                };
                if body.required_scopes.is_some()
                    || body.title.eq_ignore_ascii_case("insufficient scope")
                {
                    Error::MissingScopes {
                        scopes: body.required_scopes.unwrap_or_default(),
                    }
                } else if body.message.to_ascii_lowercase().contains("upgrade") {
                    Error::NeedsPlanFeature {
                        message: body.message,
                    }
                } else {
                    Error::NotAllowedByRole {
                        message: body.message,
                    }
                }
            }
            404 => Error::NotFound,
            409 => Error::AlreadyExists,
            429 => Error::RateLimited {
                seconds_until_reset: crate::client::RateLimit::from_response(response)
                    .map_or(60, |limit| limit.reset_seconds),
            },
            500..=599 => Error::ServerError {
                status: response.status,
            },
            status => Error::UnexpectedResponse {
                status,
                summary: if message.is_empty() {
                    "no readable error message".into()
                } else {
                    message
                },
            },
        }
    }

    /// A sentence for the user saying what happened.
    pub fn message(&self) -> String {
        match self {
            Error::TokenRejected(TokenRejection::Invalid) => {
                "Calendly did not accept this token. It may be mistyped, incomplete, or an old v1 API key, which no longer works.".into()
            }
            Error::TokenRejected(TokenRejection::Expired) => "This token has expired.".into(),
            Error::TokenRejected(TokenRejection::Revoked) => "This token was deleted or switched off in Calendly.".into(),
            Error::MissingScopes { scopes } if scopes.is_empty() => {
                "Your token works, but it was created without some of the permissions this step needs.".into()
            }
            Error::MissingScopes { scopes } => format!(
                "Your token works, but it was created without these permissions: {}.",
                scopes.join(", ")
            ),
            Error::NotAllowedByRole { .. } => {
                "Your Calendly role does not allow this. Organization-wide webhooks can only be managed by an owner or admin.".into()
            }
            Error::NeedsPlanFeature { .. } => {
                "Your Calendly plan does not include a feature that one of the chosen events needs.".into()
            }
            Error::NotFound => "Calendly could not find it. It may have been deleted already.".into(),
            Error::AlreadyExists => "A webhook with this address already exists for you in this organization.".into(),
            Error::InvalidRequest { details } if details.is_empty() => "Calendly refused the request as invalid.".into(),
            Error::InvalidRequest { details } => {
                let parts: Vec<String> = details
                    .iter()
                    .map(|d| match &d.parameter {
                        Some(p) => format!("{p} {}", d.message),
                        None => d.message.clone(),
                    })
                    .collect();
                format!("Calendly refused the request: {}.", parts.join("; "))
            }
            Error::RateLimited { seconds_until_reset } => format!(
                "Calendly asked us to slow down. It will accept requests again in {seconds_until_reset} seconds."
            ),
            Error::ServerError { .. } => "Calendly had a problem on its side.".into(),
            Error::Unreachable { .. } => {
                "Could not reach Calendly. You may be offline, or your browser blocked the connection.".into()
            }
            Error::TimedOut => "Calendly did not answer in time.".into(),
            Error::UnexpectedResponse { status, .. } => {
                format!("Calendly answered in a way this assistant does not understand (status {status}).")
            }
        }
    }

    /// What the user can do about it.
    pub fn next_step(&self) -> String {
        match self {
            // Without the token's kind (see `migration::token::advice_for`), both cases are named.
            Error::TokenRejected(TokenRejection::Expired) => format!(
                "If you signed in through an app (OAuth), sign in again. If it is a personal access token, make a new one \
                 ({NEW_TOKEN_STEPS}) and paste the whole token here."
            ),
            Error::TokenRejected(_) => format!("{NEW_TOKEN_STEPS}, then paste the whole new token here."),
            Error::MissingScopes { .. } => format!(
                "Create a new personal access token in Calendly (Integrations → API & Webhooks) and tick at least: {}.",
                crate::models::TokenScope::MINIMUM.map(|s| s.to_string()).join(", ")
            ),
            Error::NotAllowedByRole { .. } => "Choose \"just my own events\" (user scope), or ask an owner or admin of your Calendly organization to do this step.".into(),
            Error::NeedsPlanFeature { .. } => "Remove the events your plan does not include, or ask the account owner about upgrading.".into(),
            Error::NotFound => "Reload the list of webhooks and try again.".into(),
            Error::AlreadyExists => "Reload the list of webhooks: the existing one may already do what you need.".into(),
            Error::InvalidRequest { .. } => "Check the address and events you entered, then try again.".into(),
            Error::RateLimited { .. } => "Wait a moment, then try again.".into(),
            Error::ServerError { .. } | Error::TimedOut => "Reload the list of webhooks to see whether it went through, then try again.".into(),
            Error::Unreachable { .. } => "Check your internet connection and try again.".into(),
            Error::UnexpectedResponse { .. } => "Try again. If it keeps happening, please report it to us.".into(),
        }
    }

    /// Could the same request have taken effect even though it failed? (Then a create
    /// must not simply be repeated: re-list first.)
    pub fn outcome_unknown(&self) -> bool {
        matches!(
            self,
            Error::ServerError { .. } | Error::Unreachable { .. } | Error::TimedOut
        )
    }
}

impl From<TransportError> for Error {
    fn from(error: TransportError) -> Error {
        match error {
            TransportError::Unreachable(detail) => Error::Unreachable { detail },
            TransportError::TimedOut => Error::TimedOut,
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message())
    }
}

impl std::error::Error for Error {}
