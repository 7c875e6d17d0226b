//! The built-in scenarios: each loads, matches its description, and its tokens look like
//! Calendly's (api.md §1.1–§1.2) so token triage treats them as real ones.

use calendly::{Role, Scope, SubscriptionState, TokenScope};
use sandbox::Sandbox;
use serde_json::{json, Value};

use crate::support::*;

const NAMES: [&str; 5] = [
    "solo",
    "org-admin",
    "member",
    "missing-write-scope",
    "free-plan",
];

/// base64url without padding, as JWT segments use.
fn base64url(text: &str) -> Vec<u8> {
    let value = |c: u8| match c {
        b'A'..=b'Z' => c - b'A',
        b'a'..=b'z' => c - b'a' + 26,
        b'0'..=b'9' => c - b'0' + 52,
        b'-' => 62,
        b'_' => 63,
        _ => panic!("{:?} is not base64url", c as char),
    };
    let mut out = Vec::new();
    let (mut buffer, mut bits) = (0u32, 0);
    for c in text.bytes() {
        buffer = buffer << 6 | u32::from(value(c));
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((buffer >> bits) as u8);
        }
    }
    out
}

fn segment(text: &str) -> Value {
    serde_json::from_slice(&base64url(text)).unwrap_or_else(|e| panic!("segment is not JSON: {e}"))
}

fn is_uuid(text: &str) -> bool {
    let groups: Vec<&str> = text.split('-').collect();
    groups.iter().map(|g| g.len()).eq([8, 4, 4, 4, 12])
        && groups
            .iter()
            .all(|g| g.bytes().all(|b| b.is_ascii_hexdigit()))
}

#[test]
fn every_built_in_scenario_loads_and_is_listed() {
    assert_eq!(Sandbox::scenario_names().collect::<Vec<_>>(), NAMES);
    for name in NAMES {
        let sandbox = Sandbox::scenario(name).unwrap();
        assert!(!sandbox.description().is_empty(), "{name}");
        assert!(
            sandbox.token("pat").is_some(),
            "{name} has a working PAT labelled \"pat\""
        );
    }
    assert!(Sandbox::scenario("nope").is_none());
}

#[test]
fn every_token_is_shaped_like_calendlys() {
    for name in NAMES {
        let file = scenario_file(name);
        for token in file["tokens"].as_array().unwrap() {
            let text = token["token"].as_str().unwrap();
            let label = format!("{name}/{}", token["label"]);
            match token["kind"].as_str().unwrap() {
                kind @ ("pat" | "oauth") => {
                    let parts: Vec<&str> = text.split('.').collect();
                    assert_eq!(parts.len(), 3, "{label}");
                    // PATs are ~390–420 characters in public samples; OAuth tokens also carry
                    // the scope list, so they grow with it.
                    let lengths = if kind == "pat" { 380..=520 } else { 380..=1200 };
                    assert!(
                        text.starts_with("eyJ") && lengths.contains(&text.len()),
                        "{label}: {} chars",
                        text.len()
                    );
                    let header = segment(parts[0]);
                    let payload = segment(parts[1]);
                    assert_eq!(
                        header["typ"],
                        if kind == "pat" { "PAT" } else { "JWT" },
                        "{label}"
                    );
                    assert_eq!(header["alg"], "ES256", "{label}");
                    let kid = header["kid"].as_str().unwrap();
                    assert!(
                        kid.len() == 64 && kid.bytes().all(|b| b.is_ascii_hexdigit()),
                        "{label}"
                    );
                    assert_eq!(payload["iss"], "https://auth.calendly.com", "{label}");
                    assert!(payload["iat"].is_u64(), "{label}");
                    assert!(is_uuid(payload["jti"].as_str().unwrap()), "{label}");
                    assert_eq!(payload["user_uuid"], token["user"], "{label}");
                    assert_eq!(
                        base64url(parts[2]).len(),
                        64,
                        "{label}: an ES256 signature is 64 bytes"
                    );
                    if kind == "oauth" {
                        let scopes: Vec<&str> = token["scopes"]
                            .as_array()
                            .unwrap()
                            .iter()
                            .map(|s| s.as_str().unwrap())
                            .collect();
                        assert_eq!(payload["scope"], scopes.join(" "), "{label}");
                        assert!(
                            payload["exp"].as_i64().unwrap() > payload["iat"].as_i64().unwrap(),
                            "{label}"
                        );
                        assert!(payload["app_uid"].is_string(), "{label}");
                    } else {
                        assert!(
                            payload.get("exp").is_none() && payload.get("scope").is_none(),
                            "{label}"
                        );
                    }
                }
                "legacy_v1_key" => {
                    assert!(
                        text.len() == 32
                            && text
                                .bytes()
                                .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit()),
                        "{label}"
                    )
                }
                "garbage" => assert!(!text.contains('.'), "{label}"),
                other => panic!("{label}: unknown kind {other}"),
            }
        }
    }
}

#[test]
fn the_oauth_tokens_expiry_matches_its_exp_claim() {
    let file = scenario_file("solo");
    let oauth: Vec<&Value> = file["tokens"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|t| t["kind"] == "oauth")
        .collect();
    // (label, exp claim, expires_at) — 2026-11-27T09:00:00Z is 1795770000.
    let expected = [
        (
            "oauth",
            1_795_770_000 + 110 * 60,
            "2026-11-27T10:50:00.000000Z",
        ),
        (
            "oauth-expired",
            1_795_770_000 - 30 * 60,
            "2026-11-27T08:30:00.000000Z",
        ),
    ];
    assert_eq!(oauth.len(), expected.len());
    for (token, (label, exp, expires_at)) in oauth.iter().zip(expected) {
        let payload = segment(token["token"].as_str().unwrap().split('.').nth(1).unwrap());
        assert_eq!(
            (
                token["label"].as_str(),
                payload["exp"].as_i64(),
                token["expires_at"].as_str()
            ),
            (Some(label), Some(exp), Some(expires_at))
        );
    }
}

#[test]
fn the_scenarios_are_what_the_issue_asks_for() {
    // Solo user: one member, the owner.
    assert_eq!(scenario_file("solo")["users"].as_array().unwrap().len(), 1);
    // Organization admin with more than 100 existing subscriptions, one disabled.
    let admin = Sandbox::scenario("org-admin").unwrap();
    let org_wide: Vec<_> = admin
        .subscriptions()
        .into_iter()
        .filter(|s| s.scope == Scope::Organization)
        .collect();
    assert!(org_wide.len() > 100);
    assert_eq!(
        org_wide
            .iter()
            .filter(|s| s.state == SubscriptionState::Disabled)
            .count(),
        1
    );
    assert_eq!(scenario_file("org-admin")["users"][1]["role"], "admin");
    // A member without admin rights.
    let member = scenario_file("member");
    let mia = member["users"]
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["name"] == "Mia Member")
        .unwrap();
    assert_eq!(
        serde_json::from_value::<Role>(mia["role"].clone()).unwrap(),
        Role::User
    );
    // A token missing webhooks:write.
    let scopes = &scenario_file("missing-write-scope")["tokens"][0]["scopes"];
    let scopes: Vec<TokenScope> = serde_json::from_value(scopes.clone()).unwrap();
    assert!(
        scopes.contains(&TokenScope::WEBHOOKS_READ)
            && !scopes.iter().any(|s| s.grants(&TokenScope::WEBHOOKS_WRITE))
    );
    // A free-plan account.
    assert_eq!(
        scenario_file("free-plan")["organizations"][0]["plan"],
        "free"
    );
}

#[test]
fn ids_are_old_16_character_ones_or_uuids() {
    for name in NAMES {
        let sandbox = Sandbox::scenario(name).unwrap();
        for sub in sandbox.subscriptions() {
            let id = sub.uri.id();
            assert!(
                is_uuid(id) || (id.len() == 16 && id.bytes().all(|b| b.is_ascii_uppercase())),
                "{name}: {id}"
            );
        }
    }
    assert_eq!(user_id("org-admin", "Alex Admin").len(), 16);
    assert!(is_uuid(&user_id("solo", "Sam Solo")));
}

#[test]
fn a_scenario_file_with_mistakes_is_refused_with_a_reason() {
    type Breakage = Box<dyn Fn(&mut Value)>;
    let cases: [(&str, Breakage); 5] = [
        (
            "unknown field `plann`",
            Box::new(|f| f["organizations"][0]["plann"] = json!("free")),
        ),
        (
            "no user",
            Box::new(|f| f["tokens"][0]["user"] = json!("ghost")),
        ),
        (
            "listed twice",
            Box::new(|f| {
                let first = f["tokens"][0].clone();
                let mut copy = first;
                copy["label"] = json!("copy");
                f["tokens"].as_array_mut().unwrap().push(copy);
            }),
        ),
        (
            "needs \"expires_at\"",
            Box::new(|f| {
                f["tokens"][3]
                    .as_object_mut()
                    .unwrap()
                    .retain(|k, _| k != "expires_at")
            }),
        ),
        (
            "user scope needs \"user\"",
            Box::new(|f| {
                f["subscriptions"][0]
                    .as_object_mut()
                    .unwrap()
                    .retain(|k, _| k != "user")
            }),
        ),
    ];
    for (expected, break_it) in cases {
        let mut file = scenario_file("solo");
        break_it(&mut file);
        let error = Sandbox::from_json(&file.to_string())
            .err()
            .unwrap_or_else(|| panic!("accepted: {expected}"));
        assert!(error.contains(expected), "{expected:?} not in {error:?}");
    }
}

#[test]
fn a_minimal_scenario_file_works() {
    let minimal = json!({
        "organizations": [{ "id": "ORG", "plan": "enterprise" }],
        "users": [{ "id": "ME", "name": "Min", "email": "min@example.com", "organization": "ORG", "role": "owner" }],
        "tokens": [{ "label": "pat", "kind": "pat", "user": "ME", "token": "t0k3n" }]
    });
    let mut sandbox = Sandbox::from_json(&minimal.to_string()).unwrap();
    let response = get(&mut sandbox, "t0k3n", "/users/me");
    assert_eq!(
        body(&response)["resource"]["uri"],
        "https://api.calendly.com/users/ME"
    );
}
