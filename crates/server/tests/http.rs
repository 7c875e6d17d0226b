//! The server over real HTTP on loopback: security headers on the page, the relay's
//! allow-list, fixed upstream and limits, the simulator's CORS, and the connection limits.
//!
//! - `page_*`: what the browser gets for the app, in each mode (hosted, local): security
//!   headers, compression, caching by file name, 404 for unknown paths.
//! - `api_*`: what every API answer carries (simulator and relay).
//! - `relay_*`: what passes the relay and what does not, and what a client gets when a
//!   limit is hit. The upstream is a recording stand-in on loopback, so nothing leaves
//!   the machine.
//! - `simulator_*`: CORS for other loopback pages, the rate-limit headers, queries.
//! - `connection_*`: clients that send their request too slowly.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::http::{HeaderMap, StatusCode, Uri};
use axum::routing::any;
use axum::Router;
use server::headers::{content_security_policy, meta_policy};
use server::{Config, Mode, Relay, RelayLimits, Simulator};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

const LOOPBACK: SocketAddr =
    SocketAddr::new(std::net::IpAddr::V4(std::net::Ipv4Addr::LOCALHOST), 0);

/// What a stand-in upstream saw: "METHOD path?query | authorization".
type Seen = Arc<Mutex<Vec<String>>>;

/// A stand-in for api.calendly.com that records requests and answers with `status`.
async fn stand_in(status: StatusCode) -> (String, Seen) {
    stand_in_after(status, Duration::ZERO).await
}

/// A stand-in that answers only after `delay`.
async fn stand_in_after(status: StatusCode, delay: Duration) -> (String, Seen) {
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
                tokio::time::sleep(delay).await;
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

/// The built page as the build writes it: the hosted policy in its `<meta>`.
fn built_index() -> String {
    format!(
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"{}\">\n\
         <title>t</title>\n\
         <link rel=\"stylesheet\" href=\"assets/style-0123456789abcdef.css\"></head></html>",
        meta_policy(Mode::Hosted)
    )
}

fn temp_dist() -> PathBuf {
    let dir = std::env::temp_dir().join(format!(
        "assistant-dist-{}-{:?}",
        std::process::id(),
        std::thread::current().id()
    ));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("index.html"), built_index()).unwrap();
    std::fs::write(dir.join("index.html.br"), b"precompressed hosted page").unwrap();
    std::fs::write(dir.join("app_bg.wasm"), vec![0u8; 4096]).unwrap();
    std::fs::write(dir.join("app.js"), "export default 1;".repeat(100)).unwrap();
    std::fs::write(dir.join("app.js.br"), b"precompressed by xtask").unwrap();
    std::fs::write(dir.join("robots.txt"), "User-agent: *\nAllow: /\n").unwrap();
    std::fs::write(
        dir.join("404.html"),
        "<!doctype html><title>Not found</title><h1>There is no page at this address</h1>",
    )
    .unwrap();
    std::fs::create_dir_all(dir.join("assets")).unwrap();
    std::fs::write(dir.join(HASHED_WASM.trim_start_matches('/')), b"\0asm").unwrap();
    std::fs::write(
        dir.join("assets/style-0123456789abcdef.css"),
        "main { color: black; }",
    )
    .unwrap();
    dir
}

/// A file as the build names it: its content's hash in the name.
const HASHED_WASM: &str = "/assets/app-0123456789abcdef.wasm";

async fn start(relay: Relay) -> String {
    start_in(Mode::Hosted, relay).await
}

async fn start_in(mode: Mode, relay: Relay) -> String {
    let config = Config {
        dist: Some(temp_dist()),
        simulator: Some(Simulator::from_scenario("solo").unwrap()),
        relay: Some(relay),
        mode,
        ..Config::default()
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
    assert_eq!(csp, content_security_policy(Mode::Hosted));
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
async fn page_with_a_hashed_name_is_cached_for_a_year_without_revalidation() {
    let base = start(Relay::calendly()).await;
    let response = client()
        .get(format!("{base}{HASHED_WASM}"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(
        response.headers()["cache-control"],
        "public, max-age=31536000, immutable"
    );
    assert_eq!(response.headers()["content-type"], "application/wasm");
}

#[tokio::test]
async fn page_itself_is_revalidated_on_every_visit_and_unchanged_it_costs_a_304() {
    let base = start(Relay::calendly()).await;
    for path in ["/", "/index.html"] {
        let response = client().get(format!("{base}{path}")).send().await.unwrap();
        assert_eq!(response.status(), 200, "{path}");
        assert_eq!(response.headers()["cache-control"], "no-cache", "{path}");
        let modified = response.headers()["last-modified"].clone();
        let again = client()
            .get(format!("{base}{path}"))
            .header("if-modified-since", modified)
            .send()
            .await
            .unwrap();
        assert_eq!(again.status(), 304, "{path}");
        assert_eq!(again.headers()["cache-control"], "no-cache", "{path}");
    }
    // A file without a hash in its name may change under the same name.
    let response = client().get(format!("{base}/app.js")).send().await.unwrap();
    assert_eq!(response.headers()["cache-control"], "no-cache");
}

#[tokio::test]
async fn page_unknown_paths_answer_404_with_the_short_page_not_the_app() {
    for mode in [Mode::Hosted, Mode::Local] {
        let base = start_in(mode, Relay::calendly()).await;
        unknown_paths_are_404(&base).await;
    }
}

async fn unknown_paths_are_404(base: &str) {
    for path in [
        "/nothing-here",
        "/connect",
        "/assets/",
        "/assets/app-fedcba9876543210.wasm",
        "/index.htm",
        "/some/page/reloaded",
    ] {
        let response = client().get(format!("{base}{path}")).send().await.unwrap();
        assert_eq!(response.status(), 404, "{path}");
        assert_eq!(response.headers()["cache-control"], "no-cache", "{path}");
        assert!(
            response
                .text()
                .await
                .unwrap()
                .contains("There is no page at this address"),
            "{path}"
        );
    }
}

#[tokio::test]
async fn page_stylesheet_has_a_stable_name_for_the_servers_own_pages() {
    let base = start(Relay::calendly()).await;
    let response = client()
        .get(format!("{base}/style.css"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["cache-control"], "no-cache");
    assert!(response.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/css"));
    assert_eq!(response.text().await.unwrap(), "main { color: black; }");
}

#[tokio::test]
async fn page_robots_txt_is_the_file_not_the_app() {
    let base = start(Relay::calendly()).await;
    let response = client()
        .get(format!("{base}/robots.txt"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    assert!(response.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/plain"));
    assert_eq!(response.text().await.unwrap(), "User-agent: *\nAllow: /\n");
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
        simulator: Some(
            Simulator::from_scenario("solo")
                .unwrap()
                .without_cross_origin(),
        ),
        ..Config::default()
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
        simulator: Some(Simulator::from_scenario(file.to_str().unwrap()).unwrap()),
        ..Config::default()
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

/// The CSP `<meta>` content of a served page.
fn meta_of(html: &str) -> &str {
    let marker = "http-equiv=\"Content-Security-Policy\" content=\"";
    let start = html.find(marker).expect("a CSP meta") + marker.len();
    &html[start..start + html[start..].find('"').unwrap()]
}

/// The header policy and the `<meta>` policy of the page at `path`, asked for uncompressed.
async fn page_policies(base: &str, path: &str) -> (String, String) {
    let response = client()
        .get(format!("{base}{path}"))
        .header("accept-encoding", "identity")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200, "{path}");
    let header = response.headers()["content-security-policy"]
        .to_str()
        .unwrap()
        .to_owned();
    let html = response.text().await.unwrap();
    (header, meta_of(&html).to_owned())
}

#[tokio::test]
async fn page_served_to_users_may_reach_only_itself_and_calendly() {
    let base = start_in(Mode::Hosted, Relay::calendly()).await;
    for path in ["/", "/index.html"] {
        let (header, meta) = page_policies(&base, path).await;
        assert_eq!(header, content_security_policy(Mode::Hosted));
        assert_eq!(meta, meta_policy(Mode::Hosted));
        for policy in [&header, &meta] {
            assert!(policy.contains("connect-src 'self' https://api.calendly.com;"));
            assert!(!policy.contains("127.0.0.1") && !policy.contains("localhost"));
        }
    }
}

#[tokio::test]
async fn page_served_for_local_use_may_also_reach_test_servers_and_both_policies_agree() {
    let base = start_in(Mode::Local, Relay::calendly()).await;
    // The app's only paths: it moves between screens with #/… fragments.
    for path in ["/", "/index.html"] {
        let (header, meta) = page_policies(&base, path).await;
        assert_eq!(header, content_security_policy(Mode::Local), "{path}");
        assert_eq!(meta, meta_policy(Mode::Local), "{path}");
        assert!(
            meta.contains("http://127.0.0.1:* http://localhost:*"),
            "{meta}"
        );
    }
    // The build's precompressed page holds the hosted policy: it must not be sent.
    let response = client()
        .get(format!("{base}/"))
        .header("accept-encoding", "br")
        .send()
        .await
        .unwrap();
    assert_ne!(
        response.bytes().await.unwrap().as_ref(),
        b"precompressed hosted page"
    );
}

#[tokio::test]
async fn page_for_local_use_needs_a_policy_meta_to_adapt() {
    let dist = temp_dist().join("no-meta");
    std::fs::create_dir_all(&dist).unwrap();
    std::fs::write(dist.join("index.html"), "<!doctype html><title>t</title>").unwrap();
    let config = Config {
        dist: Some(dist),
        mode: Mode::Local,
        ..Config::default()
    };
    let error = server::spawn(LOOPBACK, config)
        .await
        .err()
        .expect("refused");
    assert!(
        error.to_string().contains("Content-Security-Policy"),
        "{error}"
    );
}

#[tokio::test]
async fn api_answers_are_never_stored_by_the_browser() {
    let (upstream, _) = stand_in(StatusCode::OK).await;
    let base = start(Relay::to_upstream(&upstream)).await;
    let token = sandbox::Sandbox::scenario("solo")
        .unwrap()
        .token("pat")
        .unwrap()
        .to_owned();
    let http = client();
    let answers = [
        http.get(format!("{base}/sandbox/users/me"))
            .bearer_auth(&token)
            .send()
            .await
            .unwrap(),
        http.get(format!("{base}/sandbox/users/me"))
            .send()
            .await
            .unwrap(),
        preflight(&base, "/sandbox/users/me", "http://127.0.0.1:4321").await,
        http.get(format!("{base}/calendly-api/users/me"))
            .bearer_auth(&token)
            .send()
            .await
            .unwrap(),
        http.get(format!("{base}/calendly-api/scheduled_events"))
            .send()
            .await
            .unwrap(),
    ];
    let statuses: Vec<u16> = answers.iter().map(|a| a.status().as_u16()).collect();
    assert_eq!(statuses, [200, 401, 204, 200, 403]);
    for answer in &answers {
        assert_eq!(
            answer.headers()["cache-control"],
            "no-store",
            "{}",
            answer.url()
        );
    }
    // The app's own files are only revalidated, not forbidden from the cache.
    let page = http.get(format!("{base}/")).send().await.unwrap();
    assert_eq!(page.headers()["cache-control"], "no-cache");
}

#[tokio::test]
async fn simulator_over_http_reads_an_unencoded_address_in_the_query() {
    let base = start(Relay::calendly()).await;
    let mut sandbox = sandbox::Sandbox::scenario("solo").unwrap();
    let token = sandbox.token("pat").unwrap().to_owned();
    let me: serde_json::Value = serde_json::from_str(&match sandbox.handle(
        &calendly::Request {
            method: calendly::Method::Get,
            url: "/users/me".into(),
            headers: vec![("authorization".into(), format!("Bearer {token}"))],
            body: None,
        },
        Duration::ZERO,
    ) {
        sandbox::Outcome::Reply(reply) => reply.body,
        other => panic!("{other:?}"),
    })
    .unwrap();
    let user = me["resource"]["uri"].as_str().unwrap();
    let organization = me["resource"]["current_organization"].as_str().unwrap();
    for target in [
        format!("/sandbox/organization_memberships?user={user}"),
        format!(
            "/sandbox/webhook_subscriptions?organization={organization}&scope=user&user={user}"
        ),
    ] {
        // Sent as written: an HTTP client might encode the query on its own.
        let answer = raw_request(&base, &format!(
            "GET {target} HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer {token}\r\nConnection: close\r\n\r\n"
        ))
        .await;
        assert!(answer.starts_with("HTTP/1.1 200"), "{target}: {answer}");
        assert!(answer.contains("\"collection\""), "{target}: {answer}");
    }
}

/// Send `request` exactly as written; the server's whole answer.
async fn raw_request(base: &str, request: &str) -> String {
    let mut stream = tokio::net::TcpStream::connect(base.trim_start_matches("http://"))
        .await
        .unwrap();
    stream.write_all(request.as_bytes()).await.unwrap();
    let mut answer = Vec::new();
    stream.read_to_end(&mut answer).await.unwrap();
    String::from_utf8_lossy(&answer).into_owned()
}

#[tokio::test]
async fn relay_refuses_a_body_over_its_limit_before_forwarding_anything() {
    let (upstream, seen) = stand_in(StatusCode::CREATED).await;
    let limits = RelayLimits {
        max_body: 1024,
        ..RelayLimits::default()
    };
    let base = start(Relay::to_upstream(&upstream).with_limits(limits)).await;
    let url = format!("{base}/calendly-api/webhook_subscriptions");
    let declared = client()
        .post(&url)
        .header("content-type", "application/json")
        .body(vec![b' '; 1025])
        .send()
        .await
        .unwrap();
    assert_eq!(declared.status(), 413);
    assert_eq!(declared.headers()["x-assistant-relay"], "1");
    assert!(declared.text().await.unwrap().contains("too large"));
    // Without a declared length (chunked), the body is cut off at the limit.
    let chunk = format!("200\r\n{}\r\n", " ".repeat(512));
    let streamed = raw_request(
        &base,
        &format!(
            "POST /calendly-api/webhook_subscriptions HTTP/1.1\r\nHost: 127.0.0.1\r\n\
             Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n{}0\r\n\r\n",
            chunk.repeat(4)
        ),
    )
    .await;
    assert!(streamed.starts_with("HTTP/1.1 413"), "{streamed}");
    assert!(streamed.contains("too large"), "{streamed}");
    assert!(seen.lock().unwrap().is_empty(), "nothing was forwarded");
    let within = client()
        .post(&url)
        .header("content-type", "application/json")
        .body(vec![b' '; 1024])
        .send()
        .await
        .unwrap();
    assert_eq!(within.status(), 201);
}

#[tokio::test]
async fn relay_answers_504_when_calendly_does_not_answer_in_time() {
    let (upstream, seen) = stand_in_after(StatusCode::OK, Duration::from_secs(5)).await;
    let limits = RelayLimits {
        upstream_timeout: Duration::from_millis(300),
        ..RelayLimits::default()
    };
    let base = start(Relay::to_upstream(&upstream).with_limits(limits)).await;
    let started = Instant::now();
    let answer = client()
        .get(format!("{base}/calendly-api/users/me"))
        .send()
        .await
        .unwrap();
    assert!(
        started.elapsed() < Duration::from_secs(3),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(answer.status(), 504);
    assert_eq!(answer.headers()["x-assistant-relay"], "1");
    assert!(answer.text().await.unwrap().contains("did not answer"));
    assert_eq!(seen.lock().unwrap().len(), 1, "the call was made once");
}

#[tokio::test]
async fn relay_turns_away_calls_over_its_cap_with_503_and_retry_after() {
    // An upstream that holds every call until released.
    let release = Arc::new(tokio::sync::Semaphore::new(0));
    let held = release.clone();
    let app = Router::new().fallback(any(move || {
        let held = held.clone();
        async move {
            let _ = held.acquire().await.unwrap();
            "{}"
        }
    }));
    let listener = tokio::net::TcpListener::bind(LOOPBACK).await.unwrap();
    let upstream = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });

    let limits = RelayLimits {
        max_in_flight: 2,
        queue_wait: Duration::from_millis(200),
        ..RelayLimits::default()
    };
    let base = start(Relay::to_upstream(&upstream).with_limits(limits)).await;
    let url = format!("{base}/calendly-api/users/me");
    let in_flight: Vec<_> = (0..2)
        .map(|_| tokio::spawn(client().get(&url).send()))
        .collect();
    tokio::time::sleep(Duration::from_millis(100)).await;
    let started = Instant::now();
    let turned_away = client().get(&url).send().await.unwrap();
    assert_eq!(turned_away.status(), 503);
    assert!(started.elapsed() < Duration::from_secs(2));
    assert_eq!(turned_away.headers()["retry-after"], "2");
    assert_eq!(turned_away.headers()["x-assistant-relay"], "1");
    assert!(turned_away
        .text()
        .await
        .unwrap()
        .contains("Nothing was sent"));

    release.add_permits(3);
    for call in in_flight {
        assert_eq!(call.await.unwrap().unwrap().status(), 200);
    }
    // With the places free again, the next call goes through.
    assert_eq!(client().get(&url).send().await.unwrap().status(), 200);
}

#[tokio::test]
async fn connection_that_sends_its_headers_too_slowly_is_closed() {
    let config = Config {
        dist: Some(temp_dist()),
        header_read_timeout: Duration::from_millis(300),
        ..Config::default()
    };
    let base = server::spawn(LOOPBACK, config).await.unwrap().url();
    let address = base.trim_start_matches("http://").to_owned();
    // Fifty clients that start a request and never finish its headers.
    let mut slow = Vec::new();
    for _ in 0..50 {
        let mut stream = tokio::net::TcpStream::connect(&address).await.unwrap();
        stream
            .write_all(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ")
            .await
            .unwrap();
        slow.push(stream);
    }
    let started = Instant::now();
    for mut stream in slow {
        let mut rest = Vec::new();
        // Closed (with or without an answer, or reset): the read ends.
        let _ = tokio::time::timeout(Duration::from_secs(5), stream.read_to_end(&mut rest))
            .await
            .expect("the server closes a connection whose headers never end");
        let answer = String::from_utf8_lossy(&rest);
        assert!(
            answer.is_empty() || answer.starts_with("HTTP/1.1 408"),
            "{answer}"
        );
    }
    assert!(
        started.elapsed() < Duration::from_secs(3),
        "{:?}",
        started.elapsed()
    );
    // A client that sends its request in time is served as usual.
    let page = client().get(format!("{base}/")).send().await.unwrap();
    assert_eq!(page.status(), 200);
}
