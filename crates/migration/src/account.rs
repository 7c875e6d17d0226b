//! The account step: who the token belongs to, their organization (name and plan) and
//! role, the names of the people the role can see, and every subscription that role can
//! see (all pages), gathered in one call for the wizard; plus a plain "health" word for
//! each existing subscription, because Calendly switches failing webhooks off without
//! telling anyone and `state` / `retry_started_at` are the only signals.
//!
//! Requests, and why each is worth it: `GET /users/me` (who), the user's membership (the
//! role), `GET /organizations/{uuid}` (the name to show instead of an address, and the
//! plan, which rules out plan-gated events before anything is created), for owners and
//! admins the organization's memberships (names instead of user IDs; members see only
//! themselves), then the subscription lists. That is 4 requests for a member and 5 plus
//! one per 100 members and per 100 subscriptions for an owner or admin: far below even the
//! Free plan's 50 per minute (api.md §5), and reads wait out a 429 anyway.

use std::collections::BTreeMap;

use calendly::{
    Client, Error, OrganizationMembership, OrganizationPlan, OrganizationUri, Role, Scope,
    SubscriptionState, Target, TokenScope, Transport, User, UserUri, WebhookSubscription,
};
use serde::{Deserialize, Serialize};

use crate::plan::Account;
use crate::token::Claims;

/// What `GET /organizations/{uuid}` said about the organization.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrganizationFacts {
    pub uri: OrganizationUri,
    /// The organization's name, as its owner set it in Calendly.
    pub name: String,
    /// `None` when Calendly did not name a plan; an unknown name is kept as
    /// [`OrganizationPlan::Other`]. Either way [`OrganizationFacts::plan_words`] is `None`.
    pub plan: Option<OrganizationPlan>,
}

impl OrganizationFacts {
    /// The plan as Calendly's pricing page calls it ("Free", "Standard", "Teams", …), or
    /// `None` when it is unknown.
    ///
    /// ```
    /// use calendly::{OrganizationPlan, OrganizationUri};
    /// let facts = migration::account::OrganizationFacts {
    ///     uri: OrganizationUri::from_id("ORG"),
    ///     name: "Acme".into(),
    ///     plan: Some(OrganizationPlan::Basic),
    /// };
    /// assert_eq!(facts.plan_words(), Some("Free"));
    /// ```
    pub fn plan_words(&self) -> Option<&'static str> {
        Some(match self.plan.as_ref()? {
            OrganizationPlan::Basic | OrganizationPlan::Free => "Free",
            OrganizationPlan::Essentials => "Essentials",
            OrganizationPlan::Standard => "Standard",
            OrganizationPlan::Professional => "Professional",
            OrganizationPlan::Teams => "Teams",
            OrganizationPlan::Enterprise => "Enterprise",
            OrganizationPlan::Other(_) => return None,
        })
    }
}

/// How a person is named when their name is not visible to this token.
pub const ANOTHER_MEMBER: &str = "another member of your organization";

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
    /// The organization's name and plan; `None` when Calendly would not say (see
    /// [`Discovery::organization_unknown_note`]).
    #[serde(default)]
    pub organization: Option<OrganizationFacts>,
    /// The names of the people this role can see: everyone in the organization for owners
    /// and admins, only the user for members. Use [`Discovery::name_of`].
    #[serde(default)]
    pub people: BTreeMap<UserUri, String>,
}

impl Discovery {
    /// A person's name ("Alex Admin"), or "another member of your organization" when this
    /// token cannot see it (members see only themselves).
    ///
    /// ```
    /// # fn demo(d: &migration::account::Discovery, creator: &calendly::UserUri) {
    /// let who = d.name_of(creator);
    /// # }
    /// ```
    pub fn name_of(&self, user: &UserUri) -> String {
        self.people
            .get(user)
            .cloned()
            .unwrap_or_else(|| ANOTHER_MEMBER.to_owned())
    }

    /// The organization's name, when Calendly gave it.
    pub fn organization_name(&self) -> Option<&str> {
        self.organization.as_ref().map(|o| o.name.as_str())
    }

    /// The organization's plan in plain words ("Teams"), when known.
    pub fn plan_words(&self) -> Option<&'static str> {
        self.organization
            .as_ref()
            .and_then(OrganizationFacts::plan_words)
    }

    /// A sentence for the account screen when the organization or its plan is unknown;
    /// `None` when both are known.
    pub fn organization_unknown_note(&self) -> Option<String> {
        match &self.organization {
            None => Some(
                "Calendly did not tell us your organization's name and plan (your token may lack the \
                 organizations:read permission). Events that need a particular plan are checked by Calendly when \
                 each webhook is created."
                    .into(),
            ),
            Some(facts) if facts.plan_words().is_none() => Some(
                "Calendly did not name a plan this assistant knows, so events that need a particular plan are \
                 checked by Calendly when each webhook is created."
                    .into(),
            ),
            Some(_) => None,
        }
    }
}

/// `GET /users/me`, the user's membership (for the role), the organization, the names
/// the role can see, and the subscription lists. `claims` are the token's decoded claims
/// from triage; when they list scopes (OAuth tokens do), the plan can name a missing
/// permission before anything is sent.
///
/// The organization and the names are extras: when Calendly refuses them (a missing
/// permission, 403, 404) or answers something unreadable, discovery carries on without
/// them (the organization unknown, people named "another member of your organization").
/// A network or server failure still fails discovery, as it would on the next request.
pub async fn discover<T: Transport>(
    client: &Client<T>,
    claims: Option<&Claims>,
) -> Result<Discovery, Error> {
    let user = client.me().await?;
    let organization_uri = user.current_organization.clone();
    let memberships = client.memberships_of(&user.uri, &organization_uri).await?;
    let mut role = memberships
        .iter()
        .find(|m| m.organization == organization_uri)
        .map_or(Role::User, |m| m.role);
    let organization =
        optional(client.organization(&organization_uri).await)?.map(|o| OrganizationFacts {
            uri: o.uri,
            name: o.name,
            plan: o.plan,
        });
    let mut people = BTreeMap::new();
    people.insert(user.uri.clone(), user.name.clone());
    let visible = if role.manages_organization() {
        optional(client.organization_memberships(&organization_uri).await)?.unwrap_or_default()
    } else {
        Vec::new()
    };
    for m in memberships.iter().chain(&visible) {
        add_person(&mut people, m);
    }
    let mut existing = client
        .list_subscriptions(&organization_uri, &Target::User(user.uri.clone()))
        .await?;
    if role.manages_organization() {
        match client
            .list_subscriptions(&organization_uri, &Target::Organization)
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
        organization: organization_uri,
        role,
        granted_scopes,
        plan_features: organization
            .as_ref()
            .and_then(|o| o.plan.as_ref())
            .and_then(OrganizationPlan::features),
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
        organization,
        people,
    })
}

fn add_person(people: &mut BTreeMap<UserUri, String>, membership: &OrganizationMembership) {
    let name = membership.user.name.trim();
    if !name.is_empty() {
        people
            .entry(membership.user.uri.clone())
            .or_insert_with(|| name.to_owned());
    }
}

/// An extra read: refused or unreadable means "not known", anything else is an error.
fn optional<T>(result: Result<T, Error>) -> Result<Option<T>, Error> {
    match result {
        Ok(value) => Ok(Some(value)),
        Err(
            Error::MissingScopes { .. }
            | Error::NotAllowedByRole { .. }
            | Error::NeedsPlanFeature { .. }
            | Error::NotFound
            | Error::InvalidRequest { .. }
            | Error::UnexpectedResponse { .. },
        ) => Ok(None),
        Err(error) => Err(error),
    }
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

    fn discovery_json() -> serde_json::Value {
        serde_json::json!({
            "user": {
                "uri": "https://api.calendly.com/users/ME",
                "name": "Alex Admin",
                "email": "alex@example.com",
                "current_organization": "https://api.calendly.com/organizations/ORG"
            },
            "account": {
                "user": "https://api.calendly.com/users/ME",
                "organization": "https://api.calendly.com/organizations/ORG",
                "role": "admin"
            },
            "scopes": ["organization", "user"],
            "existing": []
        })
    }

    #[test]
    fn a_discovery_saved_before_names_were_read_still_loads() {
        let d: Discovery = serde_json::from_value(discovery_json()).unwrap();
        assert_eq!(d.organization, None);
        assert_eq!(d.name_of(&UserUri::from_id("ME")), ANOTHER_MEMBER);
        assert!(d.organization_unknown_note().is_some());
    }

    #[test]
    fn names_and_the_organization_survive_a_save_and_reload() {
        let mut d: Discovery = serde_json::from_value(discovery_json()).unwrap();
        d.people
            .insert(UserUri::from_id("MAX"), "Max Member".into());
        d.organization = Some(OrganizationFacts {
            uri: OrganizationUri::from_id("ORG"),
            name: "Acme Scheduling".into(),
            plan: Some(OrganizationPlan::Other("gold".into())),
        });
        let back: Discovery = serde_json::from_str(&serde_json::to_string(&d).unwrap()).unwrap();
        assert_eq!(back, d);
        assert_eq!(back.name_of(&UserUri::from_id("MAX")), "Max Member");
        assert_eq!(back.organization_name(), Some("Acme Scheduling"));
        // A plan this assistant does not know is not named, and the screen says why.
        assert_eq!(back.plan_words(), None);
        assert!(back.organization_unknown_note().unwrap().contains("plan"));
    }

    #[test]
    fn plans_are_named_as_calendly_sells_them() {
        let words = |plan| {
            OrganizationFacts {
                uri: OrganizationUri::from_id("ORG"),
                name: "N".into(),
                plan: Some(plan),
            }
            .plan_words()
        };
        assert_eq!(words(OrganizationPlan::Free), Some("Free"));
        assert_eq!(words(OrganizationPlan::Basic), Some("Free"));
        assert_eq!(words(OrganizationPlan::Teams), Some("Teams"));
        assert_eq!(words(OrganizationPlan::Enterprise), Some("Enterprise"));
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
