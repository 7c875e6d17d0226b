//! The endpoints: each request is checked in the order Calendly's layers would check it
//! (token, then token scope, then parameters, then role and organization, then plan,
//! then uniqueness) and answered with Calendly's status and body (api.md §2–§6). Where
//! api.md leaves a detail open, the choice made here is the stricter one and is listed
//! in `scenarios/README.md` under "Choices where api.md is silent".

use calendly::query;
use calendly::Request;
use calendly::{
    ErrorBody, ErrorDetail, Event, GroupUri, Method, OrganizationMembership, OrganizationUri, Role,
    Scope, SubscriptionState, SubscriptionUri, TokenScope, User, UserUri, WebhookSubscription,
};
use serde_json::{json, Value};

use crate::samples;
use crate::scenario::{insert_seed, Seed, TokenKind, TokenStatus, UserRecord, World};

/// A status and, except for 204, a JSON body.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Reply {
    pub status: u16,
    pub body: Option<Value>,
}

impl Reply {
    fn ok(status: u16, body: Value) -> Reply {
        Reply {
            status,
            body: Some(body),
        }
    }
}

/// The exact error texts, so tests and handlers share one spelling.
pub mod text {
    pub const UNAUTHENTICATED: &str = "Unauthenticated";
    pub const TOKEN_INVALID: &str = "The access token is invalid";
    pub const TOKEN_EXPIRED: &str = "The access token expired";
    pub const TOKEN_REVOKED: &str = "The access token was revoked";
    pub const INVALID_ARGUMENT: &str = "Invalid Argument";
    pub const PARAMETERS_INVALID: &str = "The supplied parameters are invalid.";
    pub const PERMISSION_DENIED: &str = "Permission Denied";
    pub const NO_PERMISSION_RESOURCE: &str = "You do not have permission to access this resource.";
    pub const NO_PERMISSION: &str = "You do not have permission";
    pub const NOT_IN_ORGANIZATION: &str = "This user is not in your organization";
    pub const UNAUTHORIZED: &str = "Unauthorized";
    pub const UPGRADE: &str = "Please upgrade to a paid Calendly account.";
    pub const INSUFFICIENT_SCOPE: &str = "Insufficient scope";
    pub const INSUFFICIENT_SCOPE_MESSAGE: &str =
        "The access token does not have the required scopes for this request.";
    pub const NOT_FOUND: &str = "Resource Not Found";
    pub const NOT_FOUND_MESSAGE: &str = "The server could not find the requested resource.";
    pub const ALREADY_EXISTS: &str = "Already Exists";
    pub const HOOK_EXISTS: &str = "Hook with this url already exists";
    pub const SERVER_ERROR: &str = "Internal Server Error";
    pub const SERVER_ERROR_MESSAGE: &str =
        "The server encountered an unexpected condition that prevented it from fulfilling the request.";
    pub const TOO_MANY_REQUESTS: &str = "Too Many Requests";
    pub const TOO_MANY_REQUESTS_MESSAGE: &str =
        "You have exceeded the rate limit. Please try again later.";
    pub const IS_MISSING: &str = "is missing";
    pub const IS_INVALID: &str = "is invalid";
    pub const COUNT_RANGE: &str = "must be an integer between 1 and 100";
    pub const SCOPE_VALUES: &str = "must be one of: organization, user, group";
    pub const EVENTS_EMPTY: &str = "must contain at least one event";
    pub const BODY_NOT_JSON: &str = "The request body must be a JSON object.";
}

pub(crate) fn error(status: u16, title: &str, message: &str) -> Reply {
    let body = ErrorBody {
        title: title.into(),
        message: message.into(),
        ..ErrorBody::default()
    };
    Reply::ok(status, serde_json::to_value(body).expect("serializable"))
}

fn invalid(details: Vec<ErrorDetail>) -> Reply {
    let body = ErrorBody {
        title: text::INVALID_ARGUMENT.into(),
        message: text::PARAMETERS_INVALID.into(),
        details,
        required_scopes: None,
    };
    Reply::ok(400, serde_json::to_value(body).expect("serializable"))
}

fn forbidden(message: &str) -> Reply {
    error(403, text::PERMISSION_DENIED, message)
}

pub(crate) fn not_found() -> Reply {
    error(404, text::NOT_FOUND, text::NOT_FOUND_MESSAGE)
}

fn insufficient_scope(scopes: &[TokenScope]) -> Reply {
    let body = ErrorBody {
        title: text::INSUFFICIENT_SCOPE.into(),
        message: text::INSUFFICIENT_SCOPE_MESSAGE.into(),
        details: Vec::new(),
        required_scopes: Some(scopes.iter().map(|s| s.to_string()).collect()),
    };
    Reply::ok(403, serde_json::to_value(body).expect("serializable"))
}

fn detail(parameter: &str, message: &str) -> ErrorDetail {
    ErrorDetail {
        parameter: Some(parameter.into()),
        message: message.into(),
        code: None,
    }
}

/// Who is calling: the token's user, resolved once per request.
#[derive(Clone, Debug)]
pub(crate) struct Caller {
    pub token_index: usize,
    pub user_id: String,
    pub organization: String,
    pub role: Role,
}

/// 401 checks (api.md §1.4): no token, unknown text, v1 keys and garbage are "invalid";
/// revoked and expired tokens say so.
pub(crate) fn authenticate(
    world: &World,
    authorization: Option<&str>,
    now_micros: i64,
) -> Result<Caller, Reply> {
    let unauthenticated = |message: &str| error(401, text::UNAUTHENTICATED, message);
    let presented = authorization
        .and_then(|value| value.strip_prefix("Bearer "))
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .ok_or_else(|| unauthenticated(text::TOKEN_INVALID))?;
    let (index, token) = world
        .tokens
        .iter()
        .enumerate()
        .find(|(_, t)| t.token == presented)
        .ok_or_else(|| unauthenticated(text::TOKEN_INVALID))?;
    if matches!(token.kind, TokenKind::LegacyV1Key | TokenKind::Garbage) {
        return Err(unauthenticated(text::TOKEN_INVALID));
    }
    match token.status {
        TokenStatus::Revoked => return Err(unauthenticated(text::TOKEN_REVOKED)),
        TokenStatus::Expired => return Err(unauthenticated(text::TOKEN_EXPIRED)),
        TokenStatus::Active => {}
    }
    if token.expires_at_micros.is_some_and(|at| at <= now_micros) {
        return Err(unauthenticated(text::TOKEN_EXPIRED));
    }
    let user = token
        .user
        .as_deref()
        .and_then(|id| world.user(id))
        .ok_or_else(|| unauthenticated(text::TOKEN_INVALID))?;
    Ok(Caller {
        token_index: index,
        user_id: user.id.clone(),
        organization: user.organization.clone(),
        role: user.role,
    })
}

fn require(world: &World, caller: &Caller, scope: TokenScope) -> Result<(), Reply> {
    if world.tokens[caller.token_index].grants(&scope) {
        Ok(())
    } else {
        Err(insufficient_scope(&[scope]))
    }
}

/// The request's query parameters; a repeated name keeps its last value (as Rails does).
struct Params(Vec<(String, String)>);

impl Params {
    fn get(&self, name: &str) -> Option<&str> {
        self.0
            .iter()
            .rev()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

/// Collects every parameter problem of a request, so one 400 names them all.
#[derive(Default)]
struct Problems(Vec<ErrorDetail>);

impl Problems {
    fn add(&mut self, parameter: &str, message: &str) {
        self.0.push(detail(parameter, message));
    }

    fn required<'a>(&mut self, value: Option<&'a str>, parameter: &str) -> Option<&'a str> {
        match value {
            Some(v) if !v.is_empty() => Some(v),
            _ => {
                self.add(parameter, text::IS_MISSING);
                None
            }
        }
    }

    /// A URI on Calendly's own host, of the expected kind.
    fn uri<T>(
        &mut self,
        value: Option<&str>,
        parameter: &str,
        parse: fn(&str) -> Result<T, calendly::UriError>,
    ) -> Option<T> {
        let value = self.required(value, parameter)?;
        match value
            .strip_prefix(calendly::API_BASE)
            .filter(|rest| rest.starts_with('/'))
            .map(|_| parse(value))
        {
            Some(Ok(uri)) => Some(uri),
            _ => {
                self.add(parameter, text::IS_INVALID);
                None
            }
        }
    }

    fn scope(&mut self, value: Option<&str>) -> Option<Scope> {
        let value = self.required(value, "scope")?;
        let scope = Scope::from_name(value);
        if scope.is_none() {
            self.add("scope", text::SCOPE_VALUES);
        }
        scope
    }

    fn count(&mut self, value: Option<&str>) -> usize {
        match value {
            None => 20,
            Some(text) => match text.parse::<usize>() {
                Ok(n) if (1..=100).contains(&n) => n,
                _ => {
                    self.add("count", text::COUNT_RANGE);
                    20
                }
            },
        }
    }

    /// The subject a scope needs (`user` for user scope, `group` for group scope).
    fn target(&mut self, scope: Option<Scope>, user: Option<&str>, group: Option<&str>) -> Target {
        match scope {
            Some(Scope::User) => Target::User(self.uri(user, "user", UserUri::parse)),
            Some(Scope::Group) => Target::Group(self.uri(group, "group", GroupUri::parse)),
            _ => Target::Organization,
        }
    }

    fn finish(self) -> Result<(), Reply> {
        if self.0.is_empty() {
            Ok(())
        } else {
            Err(invalid(self.0))
        }
    }
}

enum Target {
    Organization,
    User(Option<UserUri>),
    Group(Option<GroupUri>),
}

/// A keyset cursor: the sort key of the row a page starts after (or ends before).
#[derive(Clone, Debug, PartialEq)]
struct Cursor {
    forward: bool,
    created_at: String,
    seq: u64,
}

impl Cursor {
    fn encode(&self) -> String {
        let plain = format!(
            "{}|{}|{}",
            if self.forward { "a" } else { "b" },
            self.created_at,
            self.seq
        );
        plain.bytes().map(|b| format!("{b:02x}")).collect()
    }

    fn decode(text: &str) -> Option<Cursor> {
        if !text.len().is_multiple_of(2) || !text.is_ascii() {
            return None;
        }
        let bytes: Option<Vec<u8>> = (0..text.len())
            .step_by(2)
            .map(|i| u8::from_str_radix(&text[i..i + 2], 16).ok())
            .collect();
        let plain = String::from_utf8(bytes?).ok()?;
        let mut parts = plain.split('|');
        let forward = match parts.next()? {
            "a" => true,
            "b" => false,
            _ => return None,
        };
        let created_at = parts.next()?.to_owned();
        let seq = parts.next()?.parse().ok()?;
        parts.next().is_none().then_some(Cursor {
            forward,
            created_at,
            seq,
        })
    }
}

/// One page of `rows` (already filtered), ordered by (created_at, seq) ascending or, with
/// `descending`, the reverse; with the full pagination object of §6.
fn paginate(
    mut rows: Vec<((String, u64), Value)>,
    count: usize,
    cursor: Option<&Cursor>,
    descending: bool,
    path: &str,
    params: &Params,
) -> Value {
    rows.sort_by(|a, b| a.0.cmp(&b.0));
    if descending {
        rows.reverse();
    }
    let position = |key: &(String, u64)| rows.iter().position(|(k, _)| k == key);
    // Rows strictly after (or before) the cursor's key, in list order.
    let (start, end) = match cursor {
        None => (0, count.min(rows.len())),
        Some(c) => {
            let key = (c.created_at.clone(), c.seq);
            // Keyset: find where the key would sit, even if that row was deleted since.
            let after = rows
                .iter()
                .position(|(k, _)| if descending { *k < key } else { *k > key })
                .unwrap_or(rows.len());
            let at_or_after = position(&key).unwrap_or(after);
            if c.forward {
                (after, (after + count).min(rows.len()))
            } else {
                (at_or_after.saturating_sub(count), at_or_after)
            }
        }
    };
    let page = &rows[start..end];
    let link = |cursor: Cursor| {
        let token = cursor.encode();
        let mut pairs: Vec<(&str, &str)> = params
            .0
            .iter()
            .filter(|(n, _)| n != "page_token")
            .map(|(n, v)| (n.as_str(), v.as_str()))
            .collect();
        pairs.push(("page_token", &token));
        (
            format!("{}{path}?{}", calendly::API_BASE, query::encode(&pairs)),
            token,
        )
    };
    let next = (end < rows.len() && !page.is_empty()).then(|| {
        link(Cursor {
            forward: true,
            created_at: page[page.len() - 1].0 .0.clone(),
            seq: page[page.len() - 1].0 .1,
        })
    });
    let previous = (start > 0 && !page.is_empty()).then(|| {
        link(Cursor {
            forward: false,
            created_at: page[0].0 .0.clone(),
            seq: page[0].0 .1,
        })
    });
    json!({
        "collection": page.iter().map(|(_, v)| v.clone()).collect::<Vec<_>>(),
        "pagination": {
            "count": page.len(),
            "next_page": next.as_ref().map(|(url, _)| url),
            "previous_page": previous.as_ref().map(|(url, _)| url),
            "next_page_token": next.as_ref().map(|(_, t)| t),
            "previous_page_token": previous.as_ref().map(|(_, t)| t),
        }
    })
}

fn page_cursor(problems: &mut Problems, value: Option<&str>) -> Option<Cursor> {
    let text = value?;
    let cursor = Cursor::decode(text);
    if cursor.is_none() {
        problems.add("page_token", text::IS_INVALID);
    }
    cursor
}

fn user_json(user: &UserRecord) -> User {
    User {
        uri: user.uri(),
        name: user.name.clone(),
        slug: Some(user.slug.clone()),
        email: user.email.clone(),
        scheduling_url: Some(format!("https://calendly.com/{}", user.slug)),
        timezone: Some(user.timezone.clone()),
        time_notation: Some("12h".into()),
        avatar_url: None,
        created_at: Some(user.created_at.clone()),
        updated_at: Some(user.created_at.clone()),
        current_organization: user.organization_uri(),
        resource_type: Some("User".into()),
        locale: Some("en".into()),
    }
}

fn membership_json(user: &UserRecord) -> OrganizationMembership {
    let full = user_json(user);
    OrganizationMembership {
        uri: user.membership_uri(),
        role: user.role,
        user: calendly::MembershipUser {
            uri: full.uri,
            name: full.name,
            slug: full.slug,
            email: full.email,
            scheduling_url: full.scheduling_url,
            timezone: full.timezone,
            avatar_url: None,
            created_at: full.created_at,
            updated_at: full.updated_at,
        },
        organization: user.organization_uri(),
        created_at: Some(user.created_at.clone()),
        updated_at: Some(user.created_at.clone()),
    }
}

/// Routes one authenticated request.
pub(crate) fn route(
    world: &mut World,
    caller: &Caller,
    request: &Request,
    path: &str,
    query_text: &str,
    now_micros: i64,
) -> Reply {
    let (method, content_type, body) = (
        request.method,
        request.header("content-type"),
        request.body.as_deref(),
    );
    let params = Params(query::decode(query_text));
    let segments: Vec<&str> = path.trim_end_matches('/').split('/').skip(1).collect();
    let result = match (method, segments.as_slice()) {
        (Method::Get, ["users", "me"]) => get_user(world, caller, &caller.user_id.clone()),
        (Method::Get, ["users", id]) => get_user(world, caller, id),
        (Method::Get, ["organizations", id]) => get_organization(world, caller, id),
        (Method::Get, ["organization_memberships"]) => {
            list_memberships(world, caller, &params, path)
        }
        (Method::Get, ["organization_memberships", id]) => get_membership(world, caller, id),
        (Method::Get, ["webhook_subscriptions"]) => {
            list_subscriptions(world, caller, &params, path)
        }
        (Method::Post, ["webhook_subscriptions"]) => {
            create_subscription(world, caller, content_type, body, now_micros)
        }
        (Method::Get, ["webhook_subscriptions", id]) => get_subscription(world, caller, id),
        (Method::Delete, ["webhook_subscriptions", id]) => delete_subscription(world, caller, id),
        (Method::Get, ["sample_webhook_data"]) => {
            sample_webhook_data(world, caller, &params, now_micros)
        }
        _ => Err(not_found()),
    };
    result.unwrap_or_else(|reply| reply)
}

fn get_user(world: &World, caller: &Caller, id: &str) -> Result<Reply, Reply> {
    require(world, caller, TokenScope::USERS_READ)?;
    let user = world
        .user(id)
        .filter(|u| u.organization == caller.organization)
        .ok_or_else(not_found)?;
    Ok(Reply::ok(200, json!({ "resource": user_json(user) })))
}

/// `GET /organizations/{uuid}` (api.md §3.1). Another organization answers 404, as every
/// other resource read by ID does here, so its ID is not confirmed to exist.
fn get_organization(world: &World, caller: &Caller, id: &str) -> Result<Reply, Reply> {
    require(world, caller, TokenScope::ORGANIZATIONS_READ)?;
    let organization = world
        .organization(id)
        .filter(|o| o.id == caller.organization)
        .ok_or_else(not_found)?;
    let resource = calendly::Organization {
        uri: organization.uri(),
        name: organization.name.clone(),
        kind: Some(organization.kind.clone()),
        plan: Some(calendly::OrganizationPlan::from_name(
            organization.plan.api_name(),
        )),
        stage: Some(organization.stage.clone()),
        created_at: Some(organization.created_at.clone()),
        updated_at: Some(organization.created_at.clone()),
    };
    Ok(Reply::ok(200, json!({ "resource": resource })))
}

fn get_membership(world: &World, caller: &Caller, id: &str) -> Result<Reply, Reply> {
    require(world, caller, TokenScope::ORGANIZATIONS_READ)?;
    let user = world
        .users
        .iter()
        .find(|u| u.membership_id == id && u.organization == caller.organization)
        .ok_or_else(not_found)?;
    Ok(Reply::ok(200, json!({ "resource": membership_json(user) })))
}

fn list_memberships(
    world: &World,
    caller: &Caller,
    params: &Params,
    path: &str,
) -> Result<Reply, Reply> {
    require(world, caller, TokenScope::ORGANIZATIONS_READ)?;
    let mut problems = Problems::default();
    let organization_text = params.get("organization");
    let user_text = params.get("user");
    if organization_text.is_none() && user_text.is_none() {
        // One of the two is needed to know whose members to list.
        problems.add("organization", text::IS_MISSING);
    }
    let organization = organization_text
        .and_then(|t| problems.uri(Some(t), "organization", OrganizationUri::parse));
    let user = user_text.and_then(|t| problems.uri(Some(t), "user", UserUri::parse));
    let role = params.get("role").and_then(|r| {
        let role = Role::from_name(r);
        if role.is_none() {
            problems.add("role", "must be one of: owner, admin, user");
        }
        role
    });
    let count = problems.count(params.get("count"));
    let cursor = page_cursor(&mut problems, params.get("page_token"));
    problems.finish()?;
    if organization
        .as_ref()
        .is_some_and(|o| o.id() != caller.organization)
    {
        return Err(forbidden(text::NO_PERMISSION));
    }
    if let Some(user) = &user {
        if world
            .user(user.id())
            .is_none_or(|u| u.organization != caller.organization)
        {
            return Err(forbidden(text::NOT_IN_ORGANIZATION));
        }
    }
    let rows = world
        .users
        .iter()
        .enumerate()
        .filter(|(_, u)| u.organization == caller.organization)
        .filter(|(_, u)| user.as_ref().is_none_or(|uri| uri.id() == u.id))
        .filter(|(_, u)| role.is_none_or(|r| r == u.role))
        .filter(|(_, u)| {
            params
                .get("email")
                .is_none_or(|e| e.eq_ignore_ascii_case(&u.email))
        })
        .map(|(i, u)| {
            (
                (u.created_at.clone(), i as u64),
                serde_json::to_value(membership_json(u)).expect("serializable"),
            )
        })
        .collect();
    Ok(Reply::ok(
        200,
        paginate(rows, count, cursor.as_ref(), false, path, params),
    ))
}

/// Organization, role and "only yourself" rules shared by listing, sample data and
/// creating (api.md §3, §4.1, §4.2).
fn check_target(
    world: &World,
    caller: &Caller,
    organization: &OrganizationUri,
    target: &Target,
    user_message: &str,
) -> Result<(), Reply> {
    if organization.id() != caller.organization {
        return Err(forbidden(text::NO_PERMISSION));
    }
    match target {
        Target::Organization if !caller.role.manages_organization() => {
            Err(forbidden(text::NO_PERMISSION_RESOURCE))
        }
        Target::User(Some(user)) if user.id() != caller.user_id => Err(forbidden(user_message)),
        Target::Group(Some(group)) => {
            if !world
                .groups
                .iter()
                .any(|g| g.id == group.id() && g.organization == caller.organization)
            {
                return Err(not_found());
            }
            if !caller.role.manages_organization() {
                return Err(forbidden(text::NO_PERMISSION_RESOURCE));
            }
            Ok(())
        }
        _ => Ok(()),
    }
}

fn subscription_matches(
    sub: &WebhookSubscription,
    organization: &OrganizationUri,
    target: &Target,
) -> bool {
    sub.organization == *organization
        && match target {
            Target::Organization => sub.scope == Scope::Organization,
            Target::User(user) => sub.scope == Scope::User && sub.user.as_ref() == user.as_ref(),
            Target::Group(group) => {
                sub.scope == Scope::Group && sub.group.as_ref() == group.as_ref()
            }
        }
}

fn list_subscriptions(
    world: &World,
    caller: &Caller,
    params: &Params,
    path: &str,
) -> Result<Reply, Reply> {
    require(world, caller, TokenScope::WEBHOOKS_READ)?;
    let mut problems = Problems::default();
    let organization = problems.uri(
        params.get("organization"),
        "organization",
        OrganizationUri::parse,
    );
    let scope = problems.scope(params.get("scope"));
    let target = problems.target(scope, params.get("user"), params.get("group"));
    let count = problems.count(params.get("count"));
    let descending = match params.get("sort") {
        None | Some("created_at:asc") => false,
        Some("created_at:desc") => true,
        Some(_) => {
            problems.add("sort", "must be created_at:asc or created_at:desc");
            false
        }
    };
    let cursor = page_cursor(&mut problems, params.get("page_token"));
    problems.finish()?;
    let organization = organization.expect("checked");
    check_target(world, caller, &organization, &target, text::UNAUTHORIZED)?;
    let rows = world
        .subscriptions
        .iter()
        .filter(|s| subscription_matches(&s.subscription, &organization, &target))
        .map(|s| {
            (
                (s.subscription.created_at.clone(), s.seq),
                serde_json::to_value(&s.subscription).expect("serializable"),
            )
        })
        .collect();
    Ok(Reply::ok(
        200,
        paginate(rows, count, cursor.as_ref(), descending, path, params),
    ))
}

/// May the caller see (and with `webhooks:write`, delete) this subscription? Others'
/// organizations answer 404 so their IDs are not confirmed to exist.
fn visible_subscription(world: &World, caller: &Caller, id: &str) -> Result<usize, Reply> {
    let index = world
        .subscriptions
        .iter()
        .position(|s| {
            s.subscription.uri.id() == id && s.subscription.organization.id() == caller.organization
        })
        .ok_or_else(not_found)?;
    let sub = &world.subscriptions[index].subscription;
    let allowed = match sub.scope {
        Scope::User => sub.user.as_ref().is_some_and(|u| u.id() == caller.user_id),
        Scope::Organization | Scope::Group => caller.role.manages_organization(),
    };
    if allowed {
        Ok(index)
    } else {
        Err(forbidden(text::NO_PERMISSION_RESOURCE))
    }
}

fn get_subscription(world: &World, caller: &Caller, id: &str) -> Result<Reply, Reply> {
    require(world, caller, TokenScope::WEBHOOKS_READ)?;
    let index = visible_subscription(world, caller, id)?;
    Ok(Reply::ok(
        200,
        json!({ "resource": world.subscriptions[index].subscription }),
    ))
}

fn delete_subscription(world: &mut World, caller: &Caller, id: &str) -> Result<Reply, Reply> {
    require(world, caller, TokenScope::WEBHOOKS_WRITE)?;
    let index = visible_subscription(world, caller, id)?;
    world.subscriptions.remove(index);
    Ok(Reply {
        status: 204,
        body: None,
    })
}

/// Events named in a request: unknown names and names not allowed for the scope are
/// parameter problems (400).
fn check_events(
    problems: &mut Problems,
    parameter: &str,
    names: &[String],
    scope: Option<Scope>,
) -> Vec<Event> {
    let mut events = Vec::new();
    for name in names {
        let event = Event::from_name(name);
        if !event.is_known() {
            problems.add(parameter, &format!("{name:?} is not a valid event"));
        } else if let Some(scope) = scope.filter(|s| !event.allowed_scopes().contains(s)) {
            problems.add(
                parameter,
                &format!("{name} cannot be used with scope {}", scope.as_str()),
            );
        } else {
            events.push(event);
        }
    }
    events
}

fn create_subscription(
    world: &mut World,
    caller: &Caller,
    content_type: Option<&str>,
    body: Option<&str>,
    now_micros: i64,
) -> Result<Reply, Reply> {
    require(world, caller, TokenScope::WEBHOOKS_WRITE)?;
    // Like any Rails API, Calendly reads a JSON body only when it is declared as JSON;
    // otherwise every field is simply missing.
    let is_json = content_type.is_some_and(|c| {
        c.trim()
            .to_ascii_lowercase()
            .starts_with("application/json")
    });
    let body_text = if is_json {
        body.unwrap_or("").trim()
    } else {
        ""
    };
    let fields = if body_text.is_empty() {
        serde_json::Map::new()
    } else {
        match serde_json::from_str::<Value>(body_text) {
            Ok(Value::Object(fields)) => fields,
            _ => {
                return Err(invalid(vec![ErrorDetail {
                    parameter: None,
                    message: text::BODY_NOT_JSON.into(),
                    code: None,
                }]))
            }
        }
    };
    let string = |name: &str, problems: &mut Problems| -> Option<String> {
        match fields.get(name) {
            None | Some(Value::Null) => None,
            Some(Value::String(s)) => Some(s.clone()),
            Some(_) => {
                problems.add(name, "must be a string");
                Some(String::new())
            }
        }
    };
    let mut problems = Problems::default();
    let url = string("url", &mut problems);
    let url = problems.required(url.as_deref(), "url").map(str::to_owned);
    if let Some(text) = &url {
        if calendly::CallbackUrl::parse(text).is_err() {
            problems.add("url", text::IS_INVALID);
        }
    }
    let organization_text = string("organization", &mut problems);
    let organization = problems.uri(
        organization_text.as_deref(),
        "organization",
        OrganizationUri::parse,
    );
    let scope_text = string("scope", &mut problems);
    let scope = problems.scope(scope_text.as_deref());
    let user_text = string("user", &mut problems);
    let group_text = string("group", &mut problems);
    let target = problems.target(scope, user_text.as_deref(), group_text.as_deref());
    let signing_key = string("signing_key", &mut problems);
    let events = match fields.get("events") {
        None | Some(Value::Null) => {
            problems.add("events", text::IS_MISSING);
            Vec::new()
        }
        Some(Value::Array(items)) if items.is_empty() => {
            problems.add("events", text::EVENTS_EMPTY);
            Vec::new()
        }
        Some(Value::Array(items)) if items.iter().all(Value::is_string) => {
            let names: Vec<String> = items
                .iter()
                .filter_map(|v| v.as_str().map(str::to_owned))
                .collect();
            check_events(&mut problems, "events", &names, scope)
        }
        Some(_) => {
            problems.add("events", "must be a list of event names");
            Vec::new()
        }
    };
    problems.finish()?;
    let (url, organization) = (url.expect("checked"), organization.expect("checked"));

    // Each event family needs its read scope too (api.md §1.5), all named at once.
    let token = &world.tokens[caller.token_index];
    let mut missing: Vec<TokenScope> = Vec::new();
    for scope in events.iter().filter_map(Event::required_token_scope) {
        if !token.grants(&scope) && !missing.contains(&scope) {
            missing.push(scope);
        }
    }
    if !missing.is_empty() {
        return Err(insufficient_scope(&missing));
    }
    check_target(
        world,
        caller,
        &organization,
        &target,
        text::NO_PERMISSION_RESOURCE,
    )?;
    let plan = world
        .organization(&caller.organization)
        .expect("the caller's organization exists")
        .plan;
    if events
        .iter()
        .filter_map(Event::plan_feature)
        .any(|feature| !plan.has(feature))
    {
        return Err(forbidden(text::UPGRADE));
    }
    // One URL per subject and scope in an organization (api.md §4.1; see README for why
    // the same URL is allowed across scopes).
    let duplicate = world.subscriptions.iter().any(|s| {
        s.subscription.callback_url == url
            && subscription_matches(&s.subscription, &organization, &target)
    });
    if duplicate {
        return Err(error(409, text::ALREADY_EXISTS, text::HOOK_EXISTS));
    }
    let id = world.new_id();
    let (user, group) = match &target {
        Target::Organization => (None, None),
        Target::User(user) => (user.as_ref().map(|u| u.id().to_owned()), None),
        Target::Group(group) => (None, group.as_ref().map(|g| g.id().to_owned())),
    };
    let seed = Seed {
        id: id.clone(),
        callback_url: url,
        events: events.iter().map(|e| e.name().to_owned()).collect(),
        scope: scope.expect("checked"),
        organization: caller.organization.clone(),
        user,
        group,
        creator: Some(caller.user_id.clone()),
        state: SubscriptionState::Active,
        retry_started_at: None,
        created_micros: now_micros,
        signing_key,
    };
    insert_seed(world, seed)
        .map_err(|_| error(500, text::SERVER_ERROR, text::SERVER_ERROR_MESSAGE))?;
    let stored = &world
        .subscriptions
        .last()
        .expect("just stored")
        .subscription;
    debug_assert_eq!(stored.uri, SubscriptionUri::from_id(&id));
    Ok(Reply::ok(201, json!({ "resource": stored })))
}

fn sample_webhook_data(
    world: &World,
    caller: &Caller,
    params: &Params,
    now_micros: i64,
) -> Result<Reply, Reply> {
    require(world, caller, TokenScope::WEBHOOKS_READ)?;
    let mut problems = Problems::default();
    let event_name = problems
        .required(params.get("event"), "event")
        .map(str::to_owned);
    let organization = problems.uri(
        params.get("organization"),
        "organization",
        OrganizationUri::parse,
    );
    let scope = problems.scope(params.get("scope"));
    let target = problems.target(scope, params.get("user"), params.get("group"));
    let events = event_name
        .map(|name| check_events(&mut problems, "event", &[name], scope))
        .unwrap_or_default();
    problems.finish()?;
    check_target(
        world,
        caller,
        &organization.expect("checked"),
        &target,
        text::UNAUTHORIZED,
    )?;
    let user = world.user(&caller.user_id).expect("the caller exists");
    let event = events.first().expect("checked");
    Ok(Reply::ok(200, samples::payload(event, user, now_micros)))
}
