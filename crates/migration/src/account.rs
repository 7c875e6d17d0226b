//! The account step: who the token belongs to, their role, and every subscription that
//! role can see (all pages), gathered in one call for the wizard; plus a plain "health"
//! word for each existing subscription, because Calendly switches failing webhooks off
//! without telling anyone and `state` / `retry_started_at` are the only signals.

use calendly::{
    Client, Error, Role, Scope, SubscriptionState, Target, TokenScope, Transport, User,
    WebhookSubscription,
};
use serde::{Deserialize, Serialize};

use crate::plan::Account;
use crate::token::Claims;

/// What the account step found.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Discovery {
    pub user: User,
    pub account: Account,
    /// The scopes this role may create subscriptions for (organization only for owners
    /// and admins).
    pub scopes: Vec<Scope>,
    /// Every subscription the role can see: the user's own, and the organization's for
    /// owners and admins.
    pub existing: Vec<WebhookSubscription>,
}

/// `GET /users/me`, the user's membership (for the role), and the subscription lists.
/// `claims` are the token's decoded claims from triage; when they list scopes (OAuth
/// tokens do), the plan can name a missing permission before anything is sent.
pub async fn discover<T: Transport>(
    client: &Client<T>,
    claims: Option<&Claims>,
) -> Result<Discovery, Error> {
    let user = client.me().await?;
    let memberships = client
        .memberships_of(&user.uri, &user.current_organization)
        .await?;
    let mut role = memberships
        .iter()
        .find(|m| m.organization == user.current_organization)
        .map_or(Role::User, |m| m.role);
    let mut existing = client
        .list_subscriptions(&user.current_organization, &Target::User(user.uri.clone()))
        .await?;
    if role.manages_organization() {
        match client
            .list_subscriptions(&user.current_organization, &Target::Organization)
            .await
        {
            Ok(org) => existing.extend(org),
            // The role changed since the membership was read: carry on as a member.
            Err(Error::NotAllowedByRole { .. }) => role = Role::User,
            Err(e) => return Err(e),
        }
    }
    let granted_scopes = claims
        .and_then(Claims::scopes)
        .map(|s| s.into_iter().map(TokenScope::new).collect());
    let account = Account {
        user: user.uri.clone(),
        organization: user.current_organization.clone(),
        role,
        granted_scopes,
        plan_features: None,
    };
    let scopes = if role.manages_organization() {
        vec![Scope::Organization, Scope::User]
    } else {
        vec![Scope::User]
    };
    Ok(Discovery {
        user,
        account,
        scopes,
        existing,
    })
}

/// Calendly's `2026-11-27T04:00:00.000000Z` as `2026-11-27 04:00 UTC`, the way the
/// other messages write times; anything else is returned as it is.
pub fn readable_time(timestamp: &str) -> String {
    let b = timestamp.as_bytes();
    let shaped = b.len() >= 16
        && b[4] == b'-'
        && b[7] == b'-'
        && b[10] == b'T'
        && b[13] == b':'
        && [0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15]
            .iter()
            .all(|&i| b[i].is_ascii_digit());
    if shaped && timestamp.ends_with('Z') {
        format!("{} {} UTC", &timestamp[..10], &timestamp[11..16])
    } else {
        timestamp.to_owned()
    }
}

/// How an existing subscription is doing.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "health", rename_all = "snake_case")]
pub enum Health {
    Working,
    /// Deliveries are failing and Calendly is retrying (since this time).
    Retrying {
        since: String,
    },
    /// Calendly switched it off; it must be deleted and created again.
    SwitchedOff,
    /// A state this assistant does not know.
    Unknown,
}

impl Health {
    pub fn of(sub: &WebhookSubscription) -> Health {
        match (sub.state, &sub.retry_started_at) {
            (SubscriptionState::Disabled, _) => Health::SwitchedOff,
            (SubscriptionState::Active, Some(since)) => Health::Retrying {
                since: since.clone(),
            },
            (SubscriptionState::Active, None) => Health::Working,
            (SubscriptionState::Unknown, _) => Health::Unknown,
        }
    }

    /// One plain sentence for the list of existing webhooks.
    pub fn message(&self) -> String {
        match self {
            Health::Working => "Working.".into(),
            Health::Retrying { since } => format!(
                "Your server has not been accepting deliveries since {}. Calendly keeps retrying for 24 hours, then \
                 switches this webhook off.",
                readable_time(since)
            ),
            Health::SwitchedOff => "Switched off by Calendly after a day of failed deliveries. It must be deleted and \
                created again; the migration can do that for you."
                .into(),
            Health::Unknown => "Calendly reports a state this assistant does not know.".into(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::tests::sub;
    use calendly::Event;

    #[test]
    fn health_follows_state_and_retry_time() {
        let mut s = sub(
            "S",
            "https://a.example.com/h",
            Scope::User,
            Some("ME"),
            &Event::V1,
            SubscriptionState::Active,
        );
        assert_eq!(Health::of(&s), Health::Working);
        s.retry_started_at = Some("2026-11-27T08:00:00.000000Z".into());
        let retrying = Health::of(&s);
        assert!(
            retrying.message().contains("since 2026-11-27 08:00 UTC")
                && retrying.message().contains("24 hours")
        );
        s.state = SubscriptionState::Disabled;
        assert_eq!(Health::of(&s), Health::SwitchedOff);
        assert!(Health::SwitchedOff
            .message()
            .contains("deleted and created again"));
    }

    #[test]
    fn calendly_timestamps_read_as_date_and_time() {
        assert_eq!(
            readable_time("2026-11-27T04:05:06.123456Z"),
            "2026-11-27 04:05 UTC"
        );
        assert_eq!(
            readable_time("2026-11-27T04:05:06Z"),
            "2026-11-27 04:05 UTC"
        );
        // Anything else is shown as Calendly sent it rather than guessed at.
        assert_eq!(readable_time("yesterday"), "yesterday");
        assert_eq!(
            readable_time("2026-11-27T04:05:06+02:00"),
            "2026-11-27T04:05:06+02:00"
        );
    }
}
