//! Serde models of the Calendly V2 resources this product reads and writes, shaped as in
//! `api.md` §2–§6. Unknown fields are ignored when reading (Calendly adds fields over
//! time), and unknown event names or states are kept rather than refused, so a newer
//! Calendly never breaks a listing. Timestamps stay as Calendly's ISO-8601 text: this
//! product only shows and compares them.

use std::borrow::Cow;
use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::token::SigningKey;
use crate::uri::{CallbackUrl, GroupUri, MembershipUri, OrganizationUri, SubscriptionUri, UserUri};

/// `{ "resource": … }`, how single resources are wrapped.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Resource<T> {
    pub resource: T,
}

/// `{ "collection": […], "pagination": {…} }`, one page of a list.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Page<T> {
    pub collection: Vec<T>,
    pub pagination: Pagination,
}

/// Keyset pagination (§6). `null` tokens mean there is no page in that direction.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Pagination {
    /// Rows in this page (0–100).
    pub count: u32,
    pub next_page: Option<String>,
    pub previous_page: Option<String>,
    pub next_page_token: Option<String>,
    pub previous_page_token: Option<String>,
}

/// `GET /users/me` (§2).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct User {
    pub uri: UserUri,
    pub name: String,
    #[serde(default)]
    pub slug: Option<String>,
    pub email: String,
    #[serde(default)]
    pub scheduling_url: Option<String>,
    #[serde(default)]
    pub timezone: Option<String>,
    #[serde(default)]
    pub time_notation: Option<String>,
    #[serde(default)]
    pub avatar_url: Option<String>,
    #[serde(default)]
    pub created_at: Option<String>,
    #[serde(default)]
    pub updated_at: Option<String>,
    /// Every account has one, single users included.
    pub current_organization: OrganizationUri,
    #[serde(default)]
    pub resource_type: Option<String>,
    #[serde(default)]
    pub locale: Option<String>,
}

/// The user as nested in a membership: the User fields without `current_organization`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MembershipUser {
    pub uri: UserUri,
    pub name: String,
    #[serde(default)]
    pub slug: Option<String>,
    pub email: String,
    #[serde(default)]
    pub scheduling_url: Option<String>,
    #[serde(default)]
    pub timezone: Option<String>,
    #[serde(default)]
    pub avatar_url: Option<String>,
    #[serde(default)]
    pub created_at: Option<String>,
    #[serde(default)]
    pub updated_at: Option<String>,
}

/// `GET /organization_memberships` items (§3).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrganizationMembership {
    pub uri: MembershipUri,
    pub role: Role,
    pub user: MembershipUser,
    pub organization: OrganizationUri,
    #[serde(default)]
    pub created_at: Option<String>,
    #[serde(default)]
    pub updated_at: Option<String>,
}

/// A member's role. Only owners and admins may use organization scope.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    Owner,
    Admin,
    User,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Owner => "owner",
            Role::Admin => "admin",
            Role::User => "user",
        }
    }

    /// May this role create and list organization-scoped subscriptions?
    pub fn manages_organization(self) -> bool {
        matches!(self, Role::Owner | Role::Admin)
    }

    pub fn from_name(name: &str) -> Option<Role> {
        [Role::Owner, Role::Admin, Role::User]
            .into_iter()
            .find(|r| r.as_str() == name)
    }
}

/// Whose events a subscription receives.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Scope {
    Organization,
    User,
    Group,
}

impl Scope {
    pub const ALL: [Scope; 3] = [Scope::Organization, Scope::User, Scope::Group];

    pub fn as_str(self) -> &'static str {
        match self {
            Scope::Organization => "organization",
            Scope::User => "user",
            Scope::Group => "group",
        }
    }

    pub fn from_name(name: &str) -> Option<Scope> {
        Scope::ALL.into_iter().find(|s| s.as_str() == name)
    }
}

/// A scope together with the user or group it needs, so "user scope without a user"
/// cannot be expressed. Used for listing, creating and sample data.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Target {
    Organization,
    User(UserUri),
    Group(GroupUri),
}

impl Target {
    pub fn scope(&self) -> Scope {
        match self {
            Target::Organization => Scope::Organization,
            Target::User(_) => Scope::User,
            Target::Group(_) => Scope::Group,
        }
    }
}

/// `active`, or `disabled` after 24 hours of failed deliveries (then it must be deleted
/// and re-created). A state Calendly adds later is kept as `Unknown`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SubscriptionState {
    Active,
    Disabled,
    #[serde(other)]
    Unknown,
}

/// A V2 webhook subscription (§4.1). There is no `signing_key`: Calendly never returns it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct WebhookSubscription {
    pub uri: SubscriptionUri,
    /// As stored by Calendly; plain text because a listing must never fail on an odd URL.
    pub callback_url: String,
    pub created_at: String,
    pub updated_at: String,
    /// Set while Calendly is retrying failed deliveries.
    pub retry_started_at: Option<String>,
    pub state: SubscriptionState,
    pub events: Vec<Event>,
    pub scope: Scope,
    pub organization: OrganizationUri,
    pub user: Option<UserUri>,
    pub group: Option<GroupUri>,
    pub creator: Option<UserUri>,
}

/// What `create_subscription` sends. The JSON body is exactly the documented one.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewSubscription {
    pub url: CallbackUrl,
    pub events: Vec<Event>,
    pub organization: OrganizationUri,
    pub target: Target,
    /// For PAT-created subscriptions: the secret deliveries are signed with.
    pub signing_key: Option<SigningKey>,
}

impl NewSubscription {
    /// The request body of `POST /webhook_subscriptions` (§4.1): `url`, `events`,
    /// `organization`, `scope`, then `user` or `group` only for those scopes, and
    /// `signing_key` only when there is one.
    pub fn to_json(&self) -> serde_json::Value {
        let mut body = serde_json::json!({
            "url": self.url.as_str(),
            "events": self.events,
            "organization": self.organization.as_str(),
            "scope": self.target.scope().as_str(),
        });
        let fields = body.as_object_mut().expect("an object");
        match &self.target {
            Target::Organization => {}
            Target::User(user) => {
                fields.insert("user".into(), user.as_str().into());
            }
            Target::Group(group) => {
                fields.insert("group".into(), group.as_str().into());
            }
        }
        if let Some(key) = &self.signing_key {
            fields.insert("signing_key".into(), key.expose().into());
        }
        body
    }
}

/// The body of every V2 error (§5). `required_scopes` appears on "Insufficient scope"
/// answers (third-party observation); other unknown fields are ignored.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErrorBody {
    pub title: String,
    pub message: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub details: Vec<ErrorDetail>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub required_scopes: Option<Vec<String>>,
}

/// One entry of `details[]`: only `message` is required.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErrorDetail {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parameter: Option<String>,
    pub message: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
}

/// What Calendly POSTs to a callback URL, and what `GET /sample_webhook_data` returns
/// (bare, not wrapped in `resource`). `payload` depends on the event.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct WebhookPayload {
    pub event: Event,
    pub created_at: String,
    pub created_by: String,
    pub payload: serde_json::Value,
}

/// `GET /organizations/{uuid}` (§3.1): the organization's name and plan. Only `uri` and
/// `name` are required; the value sets of `kind`, `plan` and `stage` are not documented,
/// so they are kept as Calendly sends them (an unknown plan is [`OrganizationPlan::Other`]).
///
/// ```
/// let json = r#"{"uri": "https://api.calendly.com/organizations/ORG", "kind": "multiple",
///   "name": "Sales Team", "plan": "professional", "stage": "paid"}"#;
/// let org: calendly::Organization = serde_json::from_str(json).unwrap();
/// assert_eq!(org.plan, Some(calendly::OrganizationPlan::Professional));
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Organization {
    pub uri: OrganizationUri,
    pub name: String,
    /// `multiple` in the documented example; other values are not documented.
    #[serde(default)]
    pub kind: Option<String>,
    /// Absent or `null` reads as "plan unknown", like a plan name this product does not know.
    #[serde(default)]
    pub plan: Option<OrganizationPlan>,
    /// `paid` in the documented example (a trial is likely another value).
    #[serde(default)]
    pub stage: Option<String>,
    #[serde(default)]
    pub created_at: Option<String>,
    #[serde(default)]
    pub updated_at: Option<String>,
}

/// An organization's Calendly plan, by the names Calendly has used over time (api.md §3.1:
/// basic/free, essentials, standard, professional, teams, enterprise). A name this
/// product does not know is kept as `Other`, which means "plan unknown", never an error.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum OrganizationPlan {
    /// The free plan under its older name.
    Basic,
    Free,
    Essentials,
    Standard,
    Professional,
    Teams,
    Enterprise,
    Other(String),
}

impl OrganizationPlan {
    /// The known plans, cheapest first.
    pub const KNOWN: [OrganizationPlan; 7] = [
        OrganizationPlan::Basic,
        OrganizationPlan::Free,
        OrganizationPlan::Essentials,
        OrganizationPlan::Standard,
        OrganizationPlan::Professional,
        OrganizationPlan::Teams,
        OrganizationPlan::Enterprise,
    ];

    /// The name as Calendly writes it (`teams`), or the unknown text as received.
    pub fn name(&self) -> &str {
        match self {
            OrganizationPlan::Basic => "basic",
            OrganizationPlan::Free => "free",
            OrganizationPlan::Essentials => "essentials",
            OrganizationPlan::Standard => "standard",
            OrganizationPlan::Professional => "professional",
            OrganizationPlan::Teams => "teams",
            OrganizationPlan::Enterprise => "enterprise",
            OrganizationPlan::Other(name) => name,
        }
    }

    /// A known plan by name (any letter case); anything else becomes `Other`.
    pub fn from_name(name: &str) -> OrganizationPlan {
        OrganizationPlan::KNOWN
            .into_iter()
            .find(|p| p.name().eq_ignore_ascii_case(name.trim()))
            .unwrap_or_else(|| OrganizationPlan::Other(name.to_owned()))
    }

    pub fn is_known(&self) -> bool {
        !matches!(self, OrganizationPlan::Other(_))
    }

    /// Does this plan include `feature`? `None` when the plan is unknown. This is the one
    /// reading of api.md §4.3's plan gates (routing forms: Teams or higher; Notetaker: any
    /// paid plan), used by the migration core and by the simulator alike. It is inferred
    /// (api.md open question 12), so a refusal from Calendly still wins at create time.
    ///
    /// ```
    /// use calendly::{OrganizationPlan, PlanFeature};
    /// assert_eq!(OrganizationPlan::Teams.has(PlanFeature::RoutingForms), Some(true));
    /// assert_eq!(OrganizationPlan::Free.has(PlanFeature::Notetaker), Some(false));
    /// assert_eq!(OrganizationPlan::from_name("gold").has(PlanFeature::Notetaker), None);
    /// ```
    pub fn has(&self, feature: PlanFeature) -> Option<bool> {
        use OrganizationPlan as P;
        let paid = !matches!(self, P::Basic | P::Free);
        match (self, feature) {
            (P::Other(_), _) => None,
            (_, PlanFeature::RoutingForms) => Some(matches!(self, P::Teams | P::Enterprise)),
            (_, PlanFeature::Notetaker) => Some(paid),
        }
    }

    /// Every plan feature this plan includes, or `None` when the plan is unknown.
    pub fn features(&self) -> Option<Vec<PlanFeature>> {
        PlanFeature::ALL
            .into_iter()
            .map(|f| self.has(f).map(|has| has.then_some(f)))
            .collect::<Option<Vec<_>>>()
            .map(|v| v.into_iter().flatten().collect())
    }
}

impl fmt::Display for OrganizationPlan {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl Serialize for OrganizationPlan {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.name())
    }
}

impl<'de> Deserialize<'de> for OrganizationPlan {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<OrganizationPlan, D::Error> {
        let name = Cow::<str>::deserialize(deserializer)?;
        Ok(OrganizationPlan::from_name(&name))
    }
}

/// A plan feature some events need (checked against the organization owner's plan).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PlanFeature {
    /// Routing forms (Teams or higher).
    RoutingForms,
    /// Notetaker meeting recaps (paid plans).
    Notetaker,
}

impl PlanFeature {
    /// Every plan feature an event can need.
    pub const ALL: [PlanFeature; 2] = [PlanFeature::RoutingForms, PlanFeature::Notetaker];
}

/// A token scope such as `webhooks:write` (§1.5). Kept as text because Calendly names
/// scopes this product does not know; the constants are the ones it uses.
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct TokenScope(Cow<'static, str>);

impl TokenScope {
    pub const USERS_READ: TokenScope = TokenScope(Cow::Borrowed("users:read"));
    pub const ORGANIZATIONS_READ: TokenScope = TokenScope(Cow::Borrowed("organizations:read"));
    pub const GROUPS_READ: TokenScope = TokenScope(Cow::Borrowed("groups:read"));
    pub const WEBHOOKS_READ: TokenScope = TokenScope(Cow::Borrowed("webhooks:read"));
    pub const WEBHOOKS_WRITE: TokenScope = TokenScope(Cow::Borrowed("webhooks:write"));
    pub const SCHEDULED_EVENTS_READ: TokenScope =
        TokenScope(Cow::Borrowed("scheduled_events:read"));
    pub const EVENT_TYPES_READ: TokenScope = TokenScope(Cow::Borrowed("event_types:read"));
    pub const ROUTING_FORMS_READ: TokenScope = TokenScope(Cow::Borrowed("routing_forms:read"));
    pub const MEETING_RECAPS_READ: TokenScope = TokenScope(Cow::Borrowed("meeting_recaps:read"));
    pub const CONTACTS_READ: TokenScope = TokenScope(Cow::Borrowed("contacts:read"));

    /// The scopes this app asks users to tick (§1.5 minimum set).
    pub const MINIMUM: [TokenScope; 5] = [
        TokenScope::USERS_READ,
        TokenScope::ORGANIZATIONS_READ,
        TokenScope::WEBHOOKS_READ,
        TokenScope::WEBHOOKS_WRITE,
        TokenScope::SCHEDULED_EVENTS_READ,
    ];

    pub fn new(name: impl Into<String>) -> TokenScope {
        TokenScope(Cow::Owned(name.into()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Does holding `self` grant `needed`? `:write` implies `:read` in the same domain.
    pub fn grants(&self, needed: &TokenScope) -> bool {
        if self == needed {
            return true;
        }
        match (self.0.split_once(':'), needed.0.split_once(':')) {
            (Some((domain, "write")), Some((needed_domain, "read"))) => domain == needed_domain,
            _ => false,
        }
    }
}

impl fmt::Debug for TokenScope {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl fmt::Display for TokenScope {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A webhook event name (§4.3). The 14 known names are variants; a name Calendly adds
/// later is kept as `Other` so listings still load.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Event {
    InviteeCreated,
    InviteeCanceled,
    InviteeNoShowCreated,
    InviteeNoShowDeleted,
    EventTypeCreated,
    EventTypeUpdated,
    EventTypeDeleted,
    RoutingFormSubmissionCreated,
    MeetingRecapCreated,
    MeetingRecapUpdated,
    MeetingRecapDeleted,
    ContactCreated,
    ContactUpdated,
    ContactDeleted,
    Other(String),
}

const ANY_SCOPE: &[Scope] = &[Scope::Organization, Scope::User, Scope::Group];

impl Event {
    /// The 14 names Calendly documents (Nov 2026), in the doc's order.
    pub const ALL: [Event; 14] = [
        Event::InviteeCreated,
        Event::InviteeCanceled,
        Event::InviteeNoShowCreated,
        Event::InviteeNoShowDeleted,
        Event::EventTypeCreated,
        Event::EventTypeUpdated,
        Event::EventTypeDeleted,
        Event::RoutingFormSubmissionCreated,
        Event::MeetingRecapCreated,
        Event::MeetingRecapUpdated,
        Event::MeetingRecapDeleted,
        Event::ContactCreated,
        Event::ContactUpdated,
        Event::ContactDeleted,
    ];

    /// The only two events v1 webhooks had.
    pub const V1: [Event; 2] = [Event::InviteeCreated, Event::InviteeCanceled];

    pub fn name(&self) -> &str {
        match self {
            Event::InviteeCreated => "invitee.created",
            Event::InviteeCanceled => "invitee.canceled",
            Event::InviteeNoShowCreated => "invitee_no_show.created",
            Event::InviteeNoShowDeleted => "invitee_no_show.deleted",
            Event::EventTypeCreated => "event_type.created",
            Event::EventTypeUpdated => "event_type.updated",
            Event::EventTypeDeleted => "event_type.deleted",
            Event::RoutingFormSubmissionCreated => "routing_form_submission.created",
            Event::MeetingRecapCreated => "meeting_recap.created",
            Event::MeetingRecapUpdated => "meeting_recap.updated",
            Event::MeetingRecapDeleted => "meeting_recap.deleted",
            Event::ContactCreated => "contact.created",
            Event::ContactUpdated => "contact.updated",
            Event::ContactDeleted => "contact.deleted",
            Event::Other(name) => name,
        }
    }

    /// A known event by exact name; anything else becomes `Other`.
    pub fn from_name(name: &str) -> Event {
        Event::ALL
            .into_iter()
            .find(|e| e.name() == name)
            .unwrap_or_else(|| Event::Other(name.to_owned()))
    }

    pub fn is_known(&self) -> bool {
        !matches!(self, Event::Other(_))
    }

    /// The subscription scopes this event may be used with. Unknown events: none.
    pub fn allowed_scopes(&self) -> &'static [Scope] {
        match self {
            Event::RoutingFormSubmissionCreated => &[Scope::Organization],
            Event::MeetingRecapCreated
            | Event::MeetingRecapUpdated
            | Event::MeetingRecapDeleted => &[Scope::User],
            Event::Other(_) => &[],
            _ => ANY_SCOPE,
        }
    }

    /// The token scope a subscriber needs to receive this event (§4.3).
    pub fn required_token_scope(&self) -> Option<TokenScope> {
        Some(match self {
            Event::InviteeCreated
            | Event::InviteeCanceled
            | Event::InviteeNoShowCreated
            | Event::InviteeNoShowDeleted => TokenScope::SCHEDULED_EVENTS_READ,
            Event::EventTypeCreated | Event::EventTypeUpdated | Event::EventTypeDeleted => {
                TokenScope::EVENT_TYPES_READ
            }
            Event::RoutingFormSubmissionCreated => TokenScope::ROUTING_FORMS_READ,
            Event::MeetingRecapCreated
            | Event::MeetingRecapUpdated
            | Event::MeetingRecapDeleted => TokenScope::MEETING_RECAPS_READ,
            Event::ContactCreated | Event::ContactUpdated | Event::ContactDeleted => {
                TokenScope::CONTACTS_READ
            }
            Event::Other(_) => return None,
        })
    }

    /// The plan feature this event needs, if any (all others work on every plan).
    pub fn plan_feature(&self) -> Option<PlanFeature> {
        match self {
            Event::RoutingFormSubmissionCreated => Some(PlanFeature::RoutingForms),
            Event::MeetingRecapCreated
            | Event::MeetingRecapUpdated
            | Event::MeetingRecapDeleted => Some(PlanFeature::Notetaker),
            _ => None,
        }
    }
}

impl fmt::Display for Event {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl Serialize for Event {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.name())
    }
}

impl<'de> Deserialize<'de> for Event {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Event, D::Error> {
        let name = Cow::<str>::deserialize(deserializer)?;
        Ok(Event::from_name(&name))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn event_names_round_trip_and_unknown_ones_are_kept() {
        for event in Event::ALL {
            assert_eq!(Event::from_name(event.name()), event);
        }
        let json = r#"["invitee.created","meeting_recap.archived"]"#;
        let events: Vec<Event> = serde_json::from_str(json).unwrap();
        assert_eq!(
            events,
            vec![
                Event::InviteeCreated,
                Event::Other("meeting_recap.archived".into())
            ]
        );
        assert_eq!(serde_json::to_string(&events).unwrap(), json);
    }

    #[test]
    fn event_scope_rules_match_the_table() {
        assert_eq!(
            Event::RoutingFormSubmissionCreated.allowed_scopes(),
            &[Scope::Organization]
        );
        assert_eq!(Event::MeetingRecapUpdated.allowed_scopes(), &[Scope::User]);
        assert_eq!(Event::ContactDeleted.allowed_scopes().len(), 3);
        assert_eq!(
            Event::InviteeNoShowDeleted.required_token_scope(),
            Some(TokenScope::SCHEDULED_EVENTS_READ)
        );
        assert_eq!(
            Event::MeetingRecapCreated.plan_feature(),
            Some(PlanFeature::Notetaker)
        );
        assert_eq!(Event::ContactCreated.plan_feature(), None);
    }

    #[test]
    fn an_unknown_or_missing_plan_reads_as_plan_unknown_not_an_error() {
        let read = |plan: &str| -> Organization {
            serde_json::from_str(&format!(
                r#"{{"uri":"https://api.calendly.com/organizations/O","name":"N"{plan}}}"#
            ))
            .unwrap()
        };
        let gold = read(r#","plan":"gold""#).plan.unwrap();
        assert_eq!(gold, OrganizationPlan::Other("gold".into()));
        assert_eq!(gold.features(), None);
        assert_eq!(read("").plan, None);
        assert_eq!(read(r#","plan":null"#).plan, None);
        assert_eq!(
            read(r#","plan":"Teams""#).plan,
            Some(OrganizationPlan::Teams)
        );
    }

    #[test]
    fn plan_gates_follow_the_table() {
        use OrganizationPlan as P;
        for free in [P::Basic, P::Free] {
            assert_eq!(free.features(), Some(vec![]), "{free}");
        }
        for paid in [P::Essentials, P::Standard, P::Professional] {
            assert_eq!(
                paid.features(),
                Some(vec![PlanFeature::Notetaker]),
                "{paid}"
            );
        }
        for teams in [P::Teams, P::Enterprise] {
            assert_eq!(teams.features(), Some(PlanFeature::ALL.to_vec()), "{teams}");
        }
    }

    #[test]
    fn plan_names_round_trip() {
        for plan in OrganizationPlan::KNOWN {
            let json = serde_json::to_string(&plan).unwrap();
            assert_eq!(
                serde_json::from_str::<OrganizationPlan>(&json).unwrap(),
                plan
            );
        }
    }

    #[test]
    fn write_scopes_imply_read_in_the_same_domain_only() {
        assert!(TokenScope::WEBHOOKS_WRITE.grants(&TokenScope::WEBHOOKS_READ));
        assert!(!TokenScope::WEBHOOKS_READ.grants(&TokenScope::WEBHOOKS_WRITE));
        assert!(!TokenScope::new("contacts:write").grants(&TokenScope::WEBHOOKS_READ));
    }

    #[test]
    fn subscription_parses_the_documented_example_and_tolerates_extra_fields() {
        let json = r#"{"resource":{
            "uri": "https://api.calendly.com/webhook_subscriptions/DDDDDDDDDDDDDDDD",
            "callback_url": "https://example.com/calendly/hook",
            "created_at": "2026-11-20T10:00:00.000000Z",
            "updated_at": "2026-11-20T10:00:00.000000Z",
            "retry_started_at": null, "state": "active",
            "events": ["invitee.created", "invitee.canceled"], "scope": "user",
            "organization": "https://api.calendly.com/organizations/BBBBBBBBBBBBBBBB",
            "user": "https://api.calendly.com/users/AAAAAAAAAAAAAAAA",
            "group": null, "creator": "https://api.calendly.com/users/AAAAAAAAAAAAAAAA",
            "something_new": 1 }}"#;
        let sub: Resource<WebhookSubscription> = serde_json::from_str(json).unwrap();
        assert_eq!(sub.resource.uri.id(), "DDDDDDDDDDDDDDDD");
        assert_eq!(sub.resource.scope, Scope::User);
        assert_eq!(sub.resource.state, SubscriptionState::Active);
    }

    #[test]
    fn create_body_has_exactly_the_documented_fields() {
        let new = NewSubscription {
            url: CallbackUrl::parse("https://example.com/hook").unwrap(),
            events: vec![Event::InviteeCreated],
            organization: OrganizationUri::from_id("ORG"),
            target: Target::User(UserUri::from_id("ME")),
            signing_key: Some(SigningKey::parse("k3y").unwrap()),
        };
        assert_eq!(
            new.to_json(),
            serde_json::json!({
                "url": "https://example.com/hook",
                "events": ["invitee.created"],
                "organization": "https://api.calendly.com/organizations/ORG",
                "scope": "user",
                "user": "https://api.calendly.com/users/ME",
                "signing_key": "k3y",
            })
        );
        let org = NewSubscription {
            target: Target::Organization,
            signing_key: None,
            ..new
        };
        let body = org.to_json();
        assert_eq!(body.as_object().unwrap().len(), 4);
        assert_eq!(body["scope"], "organization");
    }
}
