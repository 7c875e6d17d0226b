//! One function per target. Each documents what it feeds the parser and what it checks.

use std::collections::HashSet;
use std::net::IpAddr;
use std::time::Duration;

use calendly::{
    query, Error, Event, Method, OrganizationMembership, Page, RateLimit, Request, Resource,
    Response, User, WebhookPayload, WebhookSubscription,
};
use migration::callback::PublicUrl;
use migration::old_hooks::{self, Parsed};
use migration::{payload, signature, token};
use sandbox::{Outcome, Sandbox};

use crate::text;

/// 2026-11-27, the simulator's default clock: triage compares expiry times with it.
const NOW_UNIX: i64 = 1_795_770_000;

/// The statuses Calendly (and so the simulator) answers with.
const CALENDLY_STATUSES: [u16; 10] = [200, 201, 204, 400, 401, 403, 404, 409, 429, 500];

/// A pasted token: triage never panics, always has words for the user, and a token it
/// calls usable is one a header can carry and that no printout of the triage shows.
pub fn token_triage(data: &[u8]) {
    let pasted = text(data);
    let triage = token::triage(&pasted, NOW_UNIX);
    assert!(!triage.message().is_empty());
    let _ = triage.advice(&["webhooks:write"]);
    let _ = triage.advice_for_events(&Event::V1);
    if let Some(usable) = triage.usable() {
        let token = usable.expose();
        assert!(token.starts_with("eyJ"), "{token:?}");
        assert!(
            token.bytes().all(|b| b.is_ascii_graphic()),
            "a header cannot carry {token:?}"
        );
        let printed = format!("{triage:?}");
        let saved = serde_json::to_string(&triage).expect("a triage serializes");
        assert!(!printed.contains(token), "Debug shows the token: {printed}");
        assert!(!saved.contains(token), "JSON shows the token: {saved}");
    }
}

/// A paste into the old-webhooks box (address list, v1 `/hooks` JSON or CSV): one hook
/// per address, each address one Calendly can reach over HTTPS, accepted again as it was
/// kept, and the whole result saved and loaded unchanged (the wizard saves it).
pub fn old_hooks(data: &[u8]) {
    let pasted = text(data);
    let parsed = old_hooks::parse_pasted(&pasted);
    let mut addresses = HashSet::new();
    for hook in &parsed.hooks {
        let address = hook.url.as_str();
        assert!(addresses.insert(address), "{address} twice");
        assert!(!hook.events.is_empty(), "{address} without events");
        let again = PublicUrl::parse(address)
            .unwrap_or_else(|e| panic!("{address:?} was accepted, then refused: {e}"));
        assert_eq!(again.url.as_str(), address);
        assert_reachable_https(address);
        let _ = hook.notes.iter().map(ToString::to_string).count();
    }
    for refused in &parsed.refused {
        assert!(!refused.reason.to_string().is_empty());
    }
    let saved = serde_json::to_string(&parsed).expect("a paste's result serializes");
    let loaded: Parsed = serde_json::from_str(&saved).expect("and loads again");
    assert_eq!(loaded, parsed);
}

/// A typed callback address: accepted means HTTPS to a host Calendly can reach, with no
/// credentials and no fragment, read the same way by a browser's URL parser; `javascript:`
/// and `data:` never pass.
pub fn callback_url(data: &[u8]) {
    let typed = text(data);
    let _ = migration::callback::near_key(&typed);
    match PublicUrl::parse(&typed) {
        Ok(checked) => {
            let address = checked.url.as_str();
            assert_reachable_https(address);
            let again = PublicUrl::parse(address).expect("accepted again");
            assert_eq!(again, checked);
            let _ = checked.url.near_key();
        }
        Err(refusal) => assert!(!refusal.to_string().is_empty()),
    }
}

/// What every accepted callback address must be, by the WHATWG parser browsers use.
fn assert_reachable_https(address: &str) {
    assert!(
        !address.contains(|c: char| c.is_whitespace() || c.is_control()),
        "{address:?}"
    );
    let url = url::Url::parse(address).unwrap_or_else(|e| panic!("{address:?}: {e}"));
    assert_eq!(url.scheme(), "https", "{address}");
    assert!(
        url.username().is_empty() && url.password().is_none(),
        "{address}"
    );
    assert!(url.fragment().is_none(), "{address}");
    match url.host() {
        Some(url::Host::Domain(name)) => {
            let name = name.trim_end_matches('.');
            assert!(name.contains('.'), "{address}: a local name");
            assert!(
                name != "localhost" && !name.ends_with(".localhost"),
                "{address}"
            );
        }
        Some(url::Host::Ipv4(ip)) => assert_public(IpAddr::V4(ip), address),
        Some(url::Host::Ipv6(ip)) => assert_public(IpAddr::V6(ip), address),
        None => panic!("{address}: no host"),
    }
}

fn assert_public(ip: IpAddr, address: &str) {
    let ip = match ip {
        IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(IpAddr::V6(v6), IpAddr::V4),
        v4 => v4,
    };
    let local = match ip {
        IpAddr::V4(v4) => {
            v4.is_loopback()
                || v4.is_private()
                || v4.is_link_local()
                || v4.is_unspecified()
                || v4.is_broadcast()
        }
        IpAddr::V6(v6) => {
            v6.is_loopback()
                || v6.is_unspecified()
                || (v6.segments()[0] & 0xfe00) == 0xfc00
                || (v6.segments()[0] & 0xffc0) == 0xfe80
        }
    };
    assert!(!local, "{address} is not reachable from the internet");
}

/// A delivery body (what Calendly POSTs, or `GET /sample_webhook_data` returns) and its
/// v1 view: only the two v1 events have one, it names the same event, and it serializes.
pub fn delivery(data: &[u8]) {
    let Ok(delivery) = serde_json::from_slice::<WebhookPayload>(data) else {
        return;
    };
    match payload::as_v1(&delivery) {
        Some(view) => {
            assert!(Event::V1.contains(&delivery.event), "{:?}", delivery.event);
            assert_eq!(view.v1["event"], delivery.event.name());
            serde_json::to_string(&view).expect("the view serializes");
        }
        None => assert!(!Event::V1.contains(&delivery.event)),
    }
}

/// An answer from Calendly (or whatever answers in its place): the first two bytes are
/// the status, the first three lines of the rest the rate-limit headers, the rest the
/// body. Every model the client reads tolerates it; an error status becomes an `Error`
/// with words for the user, "outcome unknown" exactly for 5xx.
pub fn calendly_answer(data: &[u8]) {
    let (status, rest) = match data {
        [a, b, rest @ ..] => (100 + u16::from_le_bytes([*a, *b]) % 500, rest),
        _ => return,
    };
    let body = text(rest).into_owned();
    let names = [
        "X-RateLimit-Limit",
        "X-RateLimit-Remaining",
        "X-RateLimit-Reset",
    ];
    let headers = names
        .iter()
        .zip(body.lines())
        .map(|(name, value)| (name.to_string(), value.to_owned()))
        .collect();
    let response = Response {
        status,
        headers,
        body,
    };
    let _ = RateLimit::from_response(&response);
    if (200..300).contains(&status) {
        let _ = serde_json::from_str::<Resource<User>>(&response.body);
        let _ = serde_json::from_str::<Resource<WebhookSubscription>>(&response.body);
        let _ = serde_json::from_str::<WebhookPayload>(&response.body);
        let _ = serde_json::from_str::<Page<OrganizationMembership>>(&response.body);
        if let Ok(page) = serde_json::from_str::<Page<WebhookSubscription>>(&response.body) {
            // The client reads the next page's cursor out of this URL.
            if let Some(next) = page.pagination.next_page {
                let (_, query_text) = query::path_and_query(&next);
                let _ = query::decode(query_text);
            }
        }
        return;
    }
    let error = Error::from_response(&response);
    assert!(!error.message().is_empty() && !error.next_step().is_empty());
    assert_eq!(
        error.outcome_unknown(),
        (500..600).contains(&status),
        "{status}: {error:?}"
    );
}

/// A scenario file (`--scenario FILE`): loading never panics, and a simulator that loads
/// answers its own tokens' first calls as Calendly would.
pub fn scenario(data: &[u8]) {
    let json = text(data);
    let Ok(mut sandbox) = Sandbox::from_json(&json) else {
        return;
    };
    let tokens: Vec<String> = serde_json::from_str::<serde_json::Value>(&json)
        .ok()
        .and_then(|v| v.get("tokens")?.as_array().cloned())
        .unwrap_or_default()
        .iter()
        .filter_map(|t| t.get("token")?.as_str().map(str::to_owned))
        .take(4)
        .collect();
    for token in tokens {
        for path in [
            "/users/me",
            "/webhook_subscriptions?scope=user",
            "/organization_memberships?count=100",
        ] {
            let request = Request {
                method: Method::Get,
                url: path.into(),
                headers: vec![("Authorization".into(), format!("Bearer {token}"))],
                body: None,
            };
            assert_calendly_like(sandbox.handle(&request, Duration::from_secs(60)));
        }
    }
}

/// One request to the simulator as the server hands it over: the first byte picks the
/// method and the token, the rest up to a line break is the path and query, the rest the
/// body. The answer has a status Calendly uses and a JSON body.
pub fn simulator_request(data: &[u8]) {
    let Some((&first, rest)) = data.split_first() else {
        return;
    };
    let mut sandbox = Sandbox::scenario("solo").expect("built in");
    let method = [Method::Get, Method::Post, Method::Delete][usize::from(first % 3)];
    let label = ["pat", "pat-minimum", "oauth", "v1-api-key"][usize::from(first / 3 % 4)];
    let token = sandbox.token(label).expect("solo has it").to_owned();
    let rest = text(rest);
    let (url, body) = rest.split_once('\n').unwrap_or((&rest, ""));
    let request = Request {
        method,
        url: url.to_owned(),
        headers: vec![
            ("Authorization".into(), format!("Bearer {token}")),
            ("Content-Type".into(), "application/json".into()),
        ],
        body: (!body.is_empty()).then(|| body.to_owned()),
    };
    assert_calendly_like(sandbox.handle(&request, Duration::ZERO));
    // Whatever the request did, listing still works.
    let organization = sandbox
        .subscriptions()
        .first()
        .map(|s| s.organization.as_str().to_owned());
    if let Some(organization) = organization {
        let list = Request {
            method: Method::Get,
            url: format!(
                "/webhook_subscriptions?{}",
                query::encode(&[("organization", &organization), ("scope", "organization")])
            ),
            headers: vec![("Authorization".into(), format!("Bearer {token}"))],
            body: None,
        };
        assert_calendly_like(sandbox.handle(&list, Duration::ZERO));
    }
}

fn assert_calendly_like(outcome: Outcome) {
    let reply = match outcome {
        Outcome::Reply(reply) | Outcome::Slow { reply, .. } => reply,
        Outcome::Drop => return,
    };
    assert!(
        CALENDLY_STATUSES.contains(&reply.status),
        "status {}: {}",
        reply.status,
        reply.body
    );
    if reply.status == 204 {
        assert!(reply.body.is_empty());
    } else {
        serde_json::from_str::<serde_json::Value>(&reply.body)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {}", reply.body));
    }
}

/// An `?api=` value: accepted only as a plain-HTTP base on this machine, and read the
/// same way by a browser's URL parser, so no request built on it can leave the machine.
pub fn api_base(data: &[u8]) {
    let value = text(data);
    let Some(base) = calendly::loopback::base(&value) else {
        return;
    };
    for address in [base.clone(), format!("{base}/users/me?count=100")] {
        let url = url::Url::parse(&address).unwrap_or_else(|e| panic!("{address:?}: {e}"));
        assert_eq!(url.scheme(), calendly::loopback::SCHEME, "{address}");
        assert!(
            url.username().is_empty() && url.password().is_none(),
            "{address}"
        );
        let host = url.host_str().unwrap_or_default();
        assert!(
            calendly::loopback::HOSTS.contains(&host),
            "{address} reaches {host}"
        );
    }
}

/// A signature check as the page's checker and the receiving snippets meet it: the first
/// line is the `Calendly-Webhook-Signature` value, the second the key, the rest the raw
/// body (any bytes). The header parser never panics and always explains a refusal; the
/// check always has words; and a header signed for this key and body is read back and
/// valid, while the same header with one byte of the body changed is not.
pub fn signature_header(data: &[u8]) {
    let mut parts = data.splitn(3, |b| *b == b'\n');
    let header = text(parts.next().unwrap_or_default()).into_owned();
    let key = text(parts.next().unwrap_or_default()).into_owned();
    let body = parts.next().unwrap_or_default();
    match signature::parse_header(&header) {
        Ok(parsed) => assert!(!parsed.signatures.is_empty(), "{header:?}"),
        Err(problem) => assert!(!problem.to_string().is_empty()),
    }
    let verdict = signature::check(&key, &header, body, NOW_UNIX, signature::DEFAULT_TOLERANCE);
    assert!(!verdict.headline().is_empty() && !verdict.explanation().is_empty());
    if key.is_empty() {
        return;
    }
    let signed = signature::sign(&key, NOW_UNIX - 10, body);
    assert_eq!(
        signature::parse_header(&signed).map(|h| h.timestamp),
        Ok(NOW_UNIX - 10)
    );
    let verdict = signature::check(&key, &signed, body, NOW_UNIX, signature::DEFAULT_TOLERANCE);
    assert!(verdict.is_valid(), "{verdict:?}");
    let mut changed = body.to_vec();
    match changed.first_mut() {
        Some(first) => *first ^= 1,
        None => changed.push(b' '),
    }
    let verdict = signature::check(
        &key,
        &signed,
        &changed,
        NOW_UNIX,
        signature::DEFAULT_TOLERANCE,
    );
    assert!(!verdict.is_valid(), "a changed body passed: {verdict:?}");
}
