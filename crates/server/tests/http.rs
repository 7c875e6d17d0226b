//! The server over real HTTP on loopback: security headers on the page, the relay's
//! allow-list and fixed upstream, and the simulator's CORS.
//!
//! - `page_*`: what the browser gets for the app.
//! - `relay_*`: what passes the relay and what does not. The upstream is a recording
//!   stand-in on loopback, so nothing leaves the machine.
//! - `simulator_*`: CORS for other loopback pages and the rate-limit headers.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use axum::http::{HeaderMap, StatusCode, Uri};
use axum::routing::any;
use axum::Router;
use server::{headers::CONTENT_SECURITY_POLICY, Config, Relay, Simulator};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

const LOOPBACK: SocketAddr =
    SocketAddr::new(std::net::IpAddr::V4(std::net::Ipv4Addr::LOCALHOST), 0);

/// What a stand-in upstream saw: "METHOD path?query | authorization".
type Seen = Arc<Mutex<Vec<String>>>;

/// A stand-in for api.calendly.com that records requests and answers with `status`.
async fn stand_in(status: StatusCode) -> (String, Seen) {
    let seen: Seen = Arc::default();
    let record = seen.clone();
    let app = Router::new().fallback(any(
        move |method: axum::http::Method, uri: Uri, headers: HeaderMap| {
            let record = record.clone();
            async move {
                let auth = headers
                    .get("authorization")
                    .and_then(|v| v.to_str().ok())
                    .unwrap_or("")
                    .to_owned();
                record
                    .lock()
                    .unwrap()
                    .push(format!("{method} {uri} | {auth}"));
                let mut response =
                    axum::response::Response::new(axum::body::Body::from(r#"{"resource":{}}"#));
                *response.status_mut() = status;
                let h = response.headers_mut();
                h.insert("content-type", "application/json".parse().unwrap());
                h.insert("x-ratelimit-remaining", "499".parse().unwrap());
                h.insert("set-cookie", "tracking=1".parse().unwrap());
                h.insert("location", "http://127.0.0.1:9/elsewhere".parse().unwrap());
                response
            }
        },
    ));
    let listener = tokio::net::TcpListener::bind(LOOPBACK).await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (url, seen)
}

fn temp_dist() -> PathBuf {
    let dir = std::env::temp_dir().join(format!(
        "assistant-dist-{}-{:?}",
        std::process::id(),
        std::thread::current().id()
    ));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("index.html"),
        "<!doctype html><html lang=\"en\"><title>t</title></html>",
    )
    .unwrap();
    std::fs::write(dir.join("app_bg.wasm"), vec![0u8; 4096]).unwrap();
    std::fs::write(dir.join("app.js"), "export default 1;".repeat(100)).unwrap();
    std::fs::write(dir.join("app.js.br"), b"precompressed by xtask").unwrap();
    dir
}

async fn start(relay: Relay) -> String {
    let config = Config {
        dist: Some(temp_dist()),
        simulator: Some(Simulator::from_scenario("solo").unwrap()),
        relay: Some(relay),
    };
    server::spawn(LOOPBACK, config).await.unwrap().url()
}

fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
}

#[tokio::test]
async fn page_carries_the_content_security_policy_and_security_headers() {
    let base = start(Relay::calendly()).await;
    let response = client().get(format!("{base}/")).send().await.unwrap();
    assert_eq!(response.status(), 200);
    let h = response.headers();
    let csp = h
        .get("content-security-policy")
        .expect("a CSP header")
        .to_str()
        .unwrap();
    assert_eq!(csp, CONTENT_SECURITY_POLICY);
    assert!(csp.contains("script-src 'self' 'wasm-unsafe-eval';"));
    assert!(!csp.contains("unsafe-inline"), "no inline script or style");
    assert!(csp.contains("frame-ancestors 'none'"));
    assert_eq!(h["x-content-type-options"], "nosniff");
    assert_eq!(h["referrer-policy"], "no-referrer");
    assert_eq!(h["x-frame-options"], "DENY");
}

#[tokio::test]
async fn page_wasm_is_served_as_application_wasm_and_compressed() {
    let base = start(Relay::calendly()).await;
    let response = client()
        .get(format!("{base}/app_bg.wasm"))
        .header("accept-encoding", "br")
        .send()
        .await
        .unwrap();
    assert_eq!(response.headers()["content-type"], "application/wasm");
    assert_eq!(response.headers()["content-encoding"], "br");
    let response = client()
        .get(format!("{base}/app_bg.wasm"))
        .header("accept-encoding", "gzip")
        .send()
        .await
        .unwrap();
    assert_eq!(response.headers()["content-encoding"], "gzip");
}

#[tokio::test]
async fn page_files_compressed_at_build_time_are_sent_as_they_are() {
    let base = start(Relay::calendly()).await;
    let response = client()
        .get(format!("{base}/app.js"))
        .header("accept-encoding", "br")
        .send()
        .await
        .unwrap();
    assert_eq!(response.headers()["content-encoding"], "br");
    assert_eq!(
        response.bytes().await.unwrap().as_ref(),
        b"precompressed by xtask"
    );
}

#[tokio::test]
async fn relay_forwards_an_allowed_call_with_its_token_and_query() {
    let (upstream, seen) = stand_in(StatusCode::OK).await;
    let base = start(Relay::to_upstream(&upstream)).await;
    let response = client()
        .get(format!(
            "{base}/calendly-api/webhook_subscriptions?scope=user&count=100"
        ))
        .header("authorization", "Bearer eyJ.test.token")
        .header("cookie", "session=secret")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["x-assistant-relay"], "1");
    assert_eq!(response.headers()["x-ratelimit-remaining"], "499");
    assert!(
        response.headers().get("set-cookie").is_none(),
        "upstream cookies are not passed on"
    );
    assert_eq!(
        *seen.lock().unwrap(),
        ["GET /webhook_subscriptions?scope=user&count=100 | Bearer eyJ.test.token"]
    );
}

#[tokio::test]
async fn relay_refuses_a_path_outside_its_allow_list() {
    let (upstream, seen) = stand_in(StatusCode::OK).await;
    let base = start(Relay::to_upstream(&upstream)).await;
    let http = client();
    for (method, path) in [
        ("GET", "/calendly-api/scheduled_events"),
        ("DELETE", "/calendly-api/users/me"),
        ("POST", "/calendly-api/organization_memberships"),
        ("GET", "/calendly-api/users/me/../../admin"),
        ("PUT", "/calendly-api/webhook_subscriptions"),
    ] {
        let response = http
            .request(method.parse().unwrap(), format!("{base}{path}"))
            .send()
            .await
            .unwrap();
        assert!(
            response.status().is_client_error(),
            "{method} {path} gave {}",
            response.status()
        );
    }
    // HTTP clients normalise encoded dot segments, so these go out as raw request lines.
    for path in [
        "/calendly-api/users/%2e%2e/%2e%2e/admin",
        "/calendly-api/users/%2E%2E",
        "/calendly-api/users%2Fme",
    ] {
        let answer = raw_get(&base, path, "127.0.0.1").await;
        assert!(answer.starts_with("HTTP/1.1 4"), "{path}: {answer}");
    }
    assert!(
        seen.lock().unwrap().is_empty(),
        "nothing reached the upstream: {:?}",
        seen.lock().unwrap()
    );
}

/// A browser's CORS preflight for a GET with an Authorization header.
async fn preflight(base: &str, path: &str, origin: &str) -> reqwest::Response {
    client()
        .request(reqwest::Method::OPTIONS, format!("{base}{path}"))
        .header("origin", origin)
        .header("access-control-request-method", "GET")
        .header("access-control-request-headers", "authorization")
        .send()
        .await
        .unwrap()
}

/// Send one request line exactly as written; the server's whole answer.
async fn raw_get(base: &str, target: &str, host: &str) -> String {
    let mut stream = tokio::net::TcpStream::connect(base.trim_start_matches("http://"))
        .await
        .unwrap();
    let request = format!("GET {target} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n");
    stream.write_all(request.as_bytes()).await.unwrap();
    let mut answer = String::new();
    stream.read_to_string(&mut answer).await.unwrap();
    answer
}

#[tokio::test]
async fn relay_never_reaches_a_host_other_than_its_upstream() {
    let (upstream, upstream_seen) = stand_in(StatusCode::OK).await;
    let (evil, evil_seen) = stand_in(StatusCode::OK).await;
    let evil_authority = evil.trim_start_matches("http://");
    let base = start(Relay::to_upstream(&upstream)).await;
    let http = client();
    for path in [
        format!("/calendly-api//{evil_authority}/users/me"),
        format!("/calendly-api/{evil}/users/me"),
        format!("/calendly-api/users/me@{evil_authority}"),
        format!("/calendly-api/%2F%2F{evil_authority}%2Fusers%2Fme"),
    ] {
        let response = http
            .get(format!("{base}{path}"))
            .header("authorization", "Bearer t")
            .send()
            .await
            .unwrap();
        assert!(
            response.status().is_client_error(),
            "{path} gave {}",
            response.status()
        );
    }
    // An absolute-form request line naming another host still goes to the fixed upstream.
    let answer = raw_get(
        &base,
        &format!("{evil}/calendly-api/users/me"),
        evil_authority,
    )
    .await;
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");

    assert!(
        evil_seen.lock().unwrap().is_empty(),
        "the other host was reached: {:?}",
        evil_seen.lock().unwrap()
    );
    let seen = upstream_seen.lock().unwrap();
    assert!(
        seen.iter().all(|line| line.starts_with("GET /users/me")),
        "{seen:?}"
    );
}

#[tokio::test]
async fn relay_does_not_follow_or_pass_on_redirects() {
    let (upstream, _) = stand_in(StatusCode::FOUND).await;
    let base = start(Relay::to_upstream(&upstream)).await;
    let response = client()
        .get(format!("{base}/calendly-api/users/me"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 502);
    assert!(response.headers().get("location").is_none());
}

#[tokio::test]
async fn relay_answers_no_cross_origin_preflight() {
    let base = start(Relay::calendly()).await;
    let response = preflight(&base, "/calendly-api/users/me", "https://evil.example").await;
    assert!(response
        .headers()
        .get("access-control-allow-origin")
        .is_none());
}

#[tokio::test]
async fn simulator_allows_pages_on_other_loopback_ports() {
    let base = start(Relay::calendly()).await;
    let response = preflight(&base, "/sandbox/users/me", "http://127.0.0.1:4321").await;
    assert!(response.status().is_success());
    let h = response.headers();
    assert_eq!(h["access-control-allow-origin"], "http://127.0.0.1:4321");
    assert!(h["access-control-allow-headers"]
        .to_str()
        .unwrap()
        .contains("authorization"));
    assert!(h["access-control-allow-methods"]
        .to_str()
        .unwrap()
        .contains("POST"));
}

#[tokio::test]
async fn simulator_refuses_pages_from_elsewhere() {
    let base = start(Relay::calendly()).await;
    let response = preflight(&base, "/sandbox/users/me", "https://evil.example").await;
    assert!(response
        .headers()
        .get("access-control-allow-origin")
        .is_none());
}

#[tokio::test]
async fn simulator_answers_like_calendly_and_exposes_rate_limit_headers() {
    let base = start(Relay::calendly()).await;
    let response = client()
        .get(format!("{base}/sandbox/users/me"))
        .header("origin", "http://localhost:4321")
        .header("authorization", "Bearer not-a-token")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 401);
    let exposed = response.headers()["access-control-expose-headers"]
        .to_str()
        .unwrap()
        .to_owned();
    for name in [
        "X-RateLimit-Limit",
        "X-RateLimit-Remaining",
        "X-RateLimit-Reset",
    ] {
        assert!(exposed.contains(name), "{exposed}");
    }
    let body: serde_json::Value = response.json().await.unwrap();
    assert_eq!(body["title"], "Unauthenticated");
}

#[tokio::test]
async fn simulator_without_cross_origin_answers_no_preflight() {
    let config = Config {
        dist: None,
        simulator: Some(
            Simulator::from_scenario("solo")
                .unwrap()
                .without_cross_origin(),
        ),
        relay: None,
    };
    let base = server::spawn(LOOPBACK, config).await.unwrap().url();
    let response = preflight(&base, "/sandbox/users/me", "http://127.0.0.1:4321").await;
    assert!(response
        .headers()
        .get("access-control-allow-origin")
        .is_none());
    let response = client()
        .get(format!("{base}/sandbox/users/me"))
        .header("origin", "http://127.0.0.1:4321")
        .send()
        .await
        .unwrap();
    assert!(response
        .headers()
        .get("access-control-allow-origin")
        .is_none());
}

#[tokio::test]
async fn simulator_scenarios_come_by_name_or_from_a_file() {
    assert!(Simulator::from_scenario("no-such-scenario").is_err());
    let file = std::env::temp_dir().join(format!("scenario-{}.json", std::process::id()));
    std::fs::write(&file, sandbox::Sandbox::scenario_json("member").unwrap()).unwrap();
    let config = Config {
        dist: None,
        simulator: Some(Simulator::from_scenario(file.to_str().unwrap()).unwrap()),
        relay: None,
    };
    let base = server::spawn(LOOPBACK, config).await.unwrap().url();
    let token = sandbox::Sandbox::scenario("member")
        .unwrap()
        .token("pat")
        .unwrap()
        .to_owned();
    let me: serde_json::Value = client()
        .get(format!("{base}/sandbox/users/me"))
        .bearer_auth(token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(me["resource"]["resource_type"], "User");

    std::fs::write(&file, "{ not json").unwrap();
    assert!(
        Simulator::from_scenario(file.to_str().unwrap()).is_err(),
        "a broken file is reported"
    );
}
