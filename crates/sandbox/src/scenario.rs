//! Scenario files: the JSON that describes one simulated Calendly (see the crate docs
//! and `scenarios/README.md` for the format), and its checked, in-memory form, the
//! [`World`]. Loading refuses dangling references and typos (unknown fields) with a
//! message naming the problem, because a scenario that silently means something else
//! makes every test built on it lie.

use std::collections::HashSet;

use calendly::{
    Event, GroupUri, MembershipUri, OrganizationPlan, OrganizationUri, PlanFeature, Role, Scope,
    SubscriptionState, SubscriptionUri, TokenScope, UserUri, WebhookSubscription,
};
use serde::{Deserialize, Serialize};

use crate::clock::{format_timestamp, parse_timestamp, Clock};
use crate::fault::FaultSpec;

/// A Calendly plan. Webhooks work on every plan (since 2026-11-03); some events need a
/// feature that only some plans have.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Plan {
    Free,
    Standard,
    Teams,
    Enterprise,
}

impl Plan {
    /// The plan's name as `GET /organizations/{uuid}` answers it.
    pub fn api_name(self) -> &'static str {
        match self {
            Plan::Free => "free",
            Plan::Standard => "standard",
            Plan::Teams => "teams",
            Plan::Enterprise => "enterprise",
        }
    }

    /// Which plans include which feature: the one reading of api.md §4.3 that the client
    /// side uses too ([`OrganizationPlan::has`]: routing forms need Teams or higher,
    /// Notetaker any paid plan), so the simulator refuses exactly what the assistant
    /// rules out.
    pub fn has(self, feature: PlanFeature) -> bool {
        OrganizationPlan::from_name(self.api_name())
            .has(feature)
            .expect("every simulated plan is a known plan")
    }

    /// Requests per user per minute (api.md §5).
    pub fn requests_per_minute(self) -> u32 {
        if self == Plan::Free {
            50
        } else {
            500
        }
    }
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ScenarioFile {
    #[serde(default)]
    description: String,
    #[serde(default)]
    clock_start: Option<String>,
    organizations: Vec<OrganizationSpec>,
    users: Vec<UserSpec>,
    #[serde(default)]
    groups: Vec<GroupSpec>,
    tokens: Vec<TokenSpec>,
    #[serde(default)]
    subscriptions: Vec<SubscriptionSpec>,
    #[serde(default)]
    subscription_series: Vec<SeriesSpec>,
    #[serde(default)]
    rate_limit: Option<RateLimitSpec>,
    #[serde(default)]
    faults: Vec<FaultSpec>,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct OrganizationSpec {
    id: String,
    plan: Plan,
    /// Shown by `GET /organizations/{uuid}`; default "Calendly organization".
    #[serde(default)]
    name: Option<String>,
    /// Default `multiple` (the only value api.md documents).
    #[serde(default)]
    kind: Option<String>,
    /// Default `paid`, or `free` on the Free plan (api.md documents only `paid`).
    #[serde(default)]
    stage: Option<String>,
    #[serde(default)]
    created_at: Option<String>,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct UserSpec {
    id: String,
    name: String,
    email: String,
    #[serde(default)]
    slug: Option<String>,
    #[serde(default)]
    timezone: Option<String>,
    organization: String,
    role: Role,
    #[serde(default)]
    membership_id: Option<String>,
    #[serde(default)]
    created_at: Option<String>,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct GroupSpec {
    id: String,
    organization: String,
    name: String,
    #[serde(default)]
    members: Vec<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TokenKind {
    /// A personal access token (JWT, `typ: PAT`), no expiry.
    Pat,
    /// An OAuth access token (JWT, `typ: JWT`), expires at `expires_at`.
    Oauth,
    /// A 32-character v1 API key: Calendly V2 answers 401 "invalid".
    LegacyV1Key,
    /// Anything else a user might paste: 401 "invalid".
    Garbage,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TokenStatus {
    Active,
    Revoked,
    Expired,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct TokenSpec {
    token: String,
    #[serde(default)]
    label: Option<String>,
    kind: TokenKind,
    #[serde(default)]
    user: Option<String>,
    /// Absent: a token from before scopes existed (2026-03-03), with full access.
    #[serde(default)]
    scopes: Option<Vec<String>>,
    #[serde(default)]
    status: Option<TokenStatus>,
    #[serde(default)]
    expires_at: Option<String>,
    #[serde(default)]
    note: Option<String>,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct SubscriptionSpec {
    id: String,
    callback_url: String,
    events: Vec<String>,
    scope: Scope,
    #[serde(default)]
    user: Option<String>,
    #[serde(default)]
    group: Option<String>,
    #[serde(default)]
    creator: Option<String>,
    #[serde(default)]
    state: Option<SubscriptionState>,
    #[serde(default)]
    retry_started_at: Option<String>,
    #[serde(default)]
    created_at: Option<String>,
    #[serde(default)]
    signing_key: Option<String>,
}

/// More subscriptions than anyone has, and than a simulator should hold in memory: a
/// scenario asking for more is refused rather than built for minutes.
pub const MOST_SUBSCRIPTIONS: u64 = 10_000;

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct SeriesSpec {
    count: u32,
    /// `{n}` is replaced by 1, 2, …
    callback_url: String,
    events: Vec<String>,
    scope: Scope,
    organization: String,
    #[serde(default)]
    user: Option<String>,
    #[serde(default)]
    group: Option<String>,
    #[serde(default)]
    creator: Option<String>,
    /// Creation time of the first; each next one is a minute later.
    #[serde(default)]
    created_at: Option<String>,
}

/// `"rate_limit": {"limit": 50, "window_seconds": 60}`
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RateLimitSpec {
    pub limit: u32,
    #[serde(default = "sixty")]
    pub window_seconds: u64,
}

fn sixty() -> u64 {
    60
}

#[derive(Clone, Debug)]
pub(crate) struct Organization {
    pub id: String,
    pub plan: Plan,
    pub name: String,
    pub kind: String,
    pub stage: String,
    pub created_at: String,
}

impl Organization {
    pub fn uri(&self) -> OrganizationUri {
        OrganizationUri::from_id(&self.id)
    }
}

#[derive(Clone, Debug)]
pub(crate) struct UserRecord {
    pub id: String,
    pub name: String,
    pub email: String,
    pub slug: String,
    pub timezone: String,
    pub organization: String,
    pub role: Role,
    pub membership_id: String,
    pub created_at: String,
}

impl UserRecord {
    pub fn uri(&self) -> UserUri {
        UserUri::from_id(&self.id)
    }
    pub fn organization_uri(&self) -> OrganizationUri {
        OrganizationUri::from_id(&self.organization)
    }
    pub fn membership_uri(&self) -> MembershipUri {
        MembershipUri::from_id(&self.membership_id)
    }
}

#[derive(Clone, Debug)]
pub(crate) struct Group {
    pub id: String,
    pub organization: String,
    // Kept for a future `/groups` endpoint; group scope is decided by role today.
    #[allow(dead_code)]
    pub name: String,
    #[allow(dead_code)]
    pub members: Vec<String>,
}

#[derive(Clone, Debug)]
pub(crate) struct Token {
    pub token: String,
    pub label: Option<String>,
    pub kind: TokenKind,
    pub user: Option<String>,
    pub scopes: Option<Vec<TokenScope>>,
    pub status: TokenStatus,
    pub expires_at_micros: Option<i64>,
}

impl Token {
    /// Does this token carry `needed` (directly or through the `:write` of its domain)?
    pub fn grants(&self, needed: &TokenScope) -> bool {
        self.scopes
            .as_ref()
            .is_none_or(|scopes| scopes.iter().any(|s| s.grants(needed)))
    }
}

/// A stored subscription: what the API shows, plus what it never shows.
#[derive(Clone, Debug)]
pub(crate) struct StoredSubscription {
    /// Insertion order; ties in `created_at` are broken by it.
    pub seq: u64,
    pub subscription: WebhookSubscription,
    pub signing_key: Option<String>,
}

/// The simulated Calendly's data.
#[derive(Clone, Debug)]
pub(crate) struct World {
    pub description: String,
    pub clock: Clock,
    pub organizations: Vec<Organization>,
    pub users: Vec<UserRecord>,
    pub groups: Vec<Group>,
    pub tokens: Vec<Token>,
    pub subscriptions: Vec<StoredSubscription>,
    pub rate_limit: Option<RateLimitSpec>,
    pub next_seq: u64,
}

/// Where a scenario's clock starts when it does not say.
pub const DEFAULT_CLOCK_START: &str = "2026-11-27T09:00:00.000000Z";

impl World {
    pub fn user(&self, id: &str) -> Option<&UserRecord> {
        self.users.iter().find(|u| u.id == id)
    }

    pub fn organization(&self, id: &str) -> Option<&Organization> {
        self.organizations.iter().find(|o| o.id == id)
    }

    /// A fresh, stable, UUID-shaped ID (stable so test failures can be reproduced).
    pub fn new_id(&mut self) -> String {
        let mut x = self.next_seq.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut next = || {
            x = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
            let mut z = x;
            z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
            z ^ (z >> 31)
        };
        let (a, b) = (next(), next());
        self.next_seq += 1;
        format!(
            "{:08x}-{:04x}-4{:03x}-{:04x}-{:012x}",
            a >> 32,
            (a >> 16) & 0xffff,
            a & 0xfff,
            0x8000 | ((b >> 48) & 0x3fff),
            b & 0xffff_ffff_ffff
        )
    }

    pub fn next_seq(&mut self) -> u64 {
        self.next_seq += 1;
        self.next_seq
    }
}

fn timestamp(text: &Option<String>, default: i64, what: &str) -> Result<i64, String> {
    match text {
        None => Ok(default),
        Some(text) => parse_timestamp(text).ok_or_else(|| {
            format!("{what}: {text:?} is not a timestamp like {DEFAULT_CLOCK_START}")
        }),
    }
}

/// Reads and checks a scenario file. Returns the world and its faults.
pub(crate) fn load(json: &str) -> Result<(World, Vec<FaultSpec>), String> {
    let file: ScenarioFile =
        serde_json::from_str(json).map_err(|e| format!("scenario file: {e}"))?;
    let start = timestamp(
        &file.clock_start,
        parse_timestamp(DEFAULT_CLOCK_START).expect("valid"),
        "clock_start",
    )?;
    let mut world = World {
        description: file.description,
        clock: Clock {
            start_micros: start,
        },
        organizations: Vec::new(),
        users: Vec::new(),
        groups: Vec::new(),
        tokens: Vec::new(),
        subscriptions: Vec::new(),
        rate_limit: file.rate_limit,
        next_seq: 0,
    };
    let mut ids = HashSet::new();
    let mut unique = |kind: &str, id: &str| {
        if id.is_empty() || id.contains(['/', '?', '#', ' ']) {
            return Err(format!(
                "{kind} id {id:?} must be a non-empty string without '/', '?', '#' or spaces"
            ));
        }
        if !ids.insert(format!("{kind}/{id}")) {
            return Err(format!("{kind} id {id:?} is used twice"));
        }
        Ok(())
    };
    let long_ago = parse_timestamp("2019-01-02T03:04:05.678123Z").expect("valid");
    for org in file.organizations {
        unique("organization", &org.id)?;
        let created_at = format_timestamp(timestamp(
            &org.created_at,
            long_ago,
            &format!("organization {:?}", org.id),
        )?);
        world.organizations.push(Organization {
            id: org.id,
            plan: org.plan,
            name: org.name.unwrap_or_else(|| "Calendly organization".into()),
            kind: org.kind.unwrap_or_else(|| "multiple".into()),
            stage: org.stage.unwrap_or_else(|| {
                if org.plan == Plan::Free {
                    "free"
                } else {
                    "paid"
                }
                .into()
            }),
            created_at,
        });
    }
    for user in file.users {
        unique("user", &user.id)?;
        if world.organization(&user.organization).is_none() {
            return Err(format!(
                "user {:?}: no organization {:?}",
                user.id, user.organization
            ));
        }
        let slug = user
            .slug
            .unwrap_or_else(|| user.name.to_ascii_lowercase().replace(' ', "-"));
        let membership_id = match user.membership_id {
            Some(id) => id,
            None => world.new_id(),
        };
        unique("membership", &membership_id)?;
        world.users.push(UserRecord {
            id: user.id.clone(),
            name: user.name,
            email: user.email,
            slug,
            timezone: user.timezone.unwrap_or_else(|| "America/New_York".into()),
            organization: user.organization,
            role: user.role,
            membership_id,
            created_at: format_timestamp(timestamp(
                &user.created_at,
                long_ago,
                &format!("user {:?}", user.id),
            )?),
        });
    }
    for group in file.groups {
        unique("group", &group.id)?;
        if world.organization(&group.organization).is_none() {
            return Err(format!(
                "group {:?}: no organization {:?}",
                group.id, group.organization
            ));
        }
        for member in &group.members {
            if world.user(member).is_none() {
                return Err(format!("group {:?}: no user {member:?}", group.id));
            }
        }
        world.groups.push(Group {
            id: group.id,
            organization: group.organization,
            name: group.name,
            members: group.members,
        });
    }
    let mut seen_tokens = HashSet::new();
    let mut seen_labels = HashSet::new();
    for token in file.tokens {
        let _ = token.note;
        if !seen_tokens.insert(token.token.clone()) {
            return Err(format!(
                "token {:?} is listed twice",
                token.label.as_deref().unwrap_or("(no label)")
            ));
        }
        if let Some(label) = &token.label {
            if !seen_labels.insert(label.clone()) {
                return Err(format!("token label {label:?} is used twice"));
            }
        }
        let needs_user = matches!(token.kind, TokenKind::Pat | TokenKind::Oauth);
        match (&token.user, needs_user) {
            (Some(user), true) if world.user(user).is_none() => {
                return Err(format!("token {:?}: no user {user:?}", token.label))
            }
            (None, true) => {
                return Err(format!(
                    "token {:?}: a PAT or OAuth token needs a \"user\"",
                    token.label
                ))
            }
            _ => {}
        }
        if token.kind == TokenKind::Oauth && token.expires_at.is_none() {
            return Err(format!(
                "token {:?}: an OAuth token needs \"expires_at\"",
                token.label
            ));
        }
        let expires_at_micros = match &token.expires_at {
            Some(_) => Some(timestamp(&token.expires_at, 0, "expires_at")?),
            None => None,
        };
        world.tokens.push(Token {
            token: token.token,
            label: token.label,
            kind: token.kind,
            user: token.user,
            scopes: token
                .scopes
                .map(|s| s.into_iter().map(TokenScope::new).collect()),
            status: token.status.unwrap_or(TokenStatus::Active),
            expires_at_micros,
        });
    }
    for spec in file.subscriptions {
        unique("subscription", &spec.id)?;
        let owner = spec.user.as_ref().or(spec.creator.as_ref());
        let organization = match owner.and_then(|id| world.user(id)) {
            Some(user) => user.organization.clone(),
            None => {
                return Err(format!(
                    "subscription {:?}: needs an existing \"user\" or \"creator\"",
                    spec.id
                ))
            }
        };
        let created = timestamp(
            &spec.created_at,
            start,
            &format!("subscription {:?}", spec.id),
        )?;
        let retry = match &spec.retry_started_at {
            Some(_) => Some(format_timestamp(timestamp(
                &spec.retry_started_at,
                0,
                "retry_started_at",
            )?)),
            None => None,
        };
        let sub = Seed {
            id: spec.id,
            callback_url: spec.callback_url,
            events: spec.events,
            scope: spec.scope,
            organization,
            user: spec.user,
            group: spec.group,
            creator: spec.creator,
            state: spec.state.unwrap_or(SubscriptionState::Active),
            retry_started_at: retry,
            created_micros: created,
            signing_key: spec.signing_key,
        };
        insert_seed(&mut world, sub)?;
    }
    let in_series: u64 = file
        .subscription_series
        .iter()
        .map(|series| u64::from(series.count))
        .sum();
    if in_series + world.subscriptions.len() as u64 > MOST_SUBSCRIPTIONS {
        return Err(format!(
            "subscription_series: at most {MOST_SUBSCRIPTIONS} subscriptions in a scenario, not {}",
            in_series + world.subscriptions.len() as u64
        ));
    }
    for series in file.subscription_series {
        if world.organization(&series.organization).is_none() {
            return Err(format!(
                "subscription_series: no organization {:?}",
                series.organization
            ));
        }
        let first = timestamp(
            &series.created_at,
            start - i64::from(series.count) * 60_000_000,
            "subscription_series",
        )?;
        for n in 1..=series.count {
            let id = world.new_id();
            let sub = Seed {
                id,
                callback_url: series.callback_url.replace("{n}", &n.to_string()),
                events: series.events.clone(),
                scope: series.scope,
                organization: series.organization.clone(),
                user: series.user.clone(),
                group: series.group.clone(),
                creator: series.creator.clone(),
                state: SubscriptionState::Active,
                retry_started_at: None,
                created_micros: first + i64::from(n - 1) * 60_000_000,
                signing_key: None,
            };
            insert_seed(&mut world, sub)?;
        }
    }
    for fault in &file.faults {
        fault.to_fault()?;
    }
    Ok((world, file.faults))
}

/// A subscription to put into the world directly (scenario files and tests).
#[derive(Clone, Debug)]
pub(crate) struct Seed {
    pub id: String,
    pub callback_url: String,
    pub events: Vec<String>,
    pub scope: Scope,
    pub organization: String,
    pub user: Option<String>,
    pub group: Option<String>,
    pub creator: Option<String>,
    pub state: SubscriptionState,
    pub retry_started_at: Option<String>,
    pub created_micros: i64,
    pub signing_key: Option<String>,
}

pub(crate) fn insert_seed(world: &mut World, seed: Seed) -> Result<(), String> {
    let what = format!("subscription {:?}", seed.id);
    for user in seed.user.iter().chain(seed.creator.iter()) {
        if world
            .user(user)
            .is_none_or(|u| u.organization != seed.organization)
        {
            return Err(format!(
                "{what}: no user {user:?} in organization {:?}",
                seed.organization
            ));
        }
    }
    if let Some(group) = &seed.group {
        if !world
            .groups
            .iter()
            .any(|g| &g.id == group && g.organization == seed.organization)
        {
            return Err(format!(
                "{what}: no group {group:?} in organization {:?}",
                seed.organization
            ));
        }
    }
    match seed.scope {
        Scope::User if seed.user.is_none() => {
            return Err(format!("{what}: user scope needs \"user\""))
        }
        Scope::Group if seed.group.is_none() => {
            return Err(format!("{what}: group scope needs \"group\""))
        }
        _ => {}
    }
    if seed.events.is_empty() {
        return Err(format!("{what}: needs at least one event"));
    }
    let created = format_timestamp(seed.created_micros);
    let seq = world.next_seq();
    world.subscriptions.push(StoredSubscription {
        seq,
        subscription: WebhookSubscription {
            uri: SubscriptionUri::from_id(&seed.id),
            callback_url: seed.callback_url,
            created_at: created.clone(),
            updated_at: created,
            retry_started_at: seed.retry_started_at,
            state: seed.state,
            events: seed.events.iter().map(|e| Event::from_name(e)).collect(),
            scope: seed.scope,
            organization: OrganizationUri::from_id(&seed.organization),
            user: seed.user.as_deref().map(UserUri::from_id),
            group: seed.group.as_deref().map(GroupUri::from_id),
            creator: seed.creator.as_deref().map(UserUri::from_id),
        },
        signing_key: seed.signing_key,
    });
    Ok(())
}
