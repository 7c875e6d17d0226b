//! The practice receiver over real HTTP on loopback: a subscription created through the
//! simulator's API and pointing at `/receiver/` is sent a signed test booking, which
//! arrives, is checked with the subscription's key and shown the old v1 way; a forged or
//! unsigned delivery is shown as such; the simulator never sends anywhere else; the page
//! needs no inline script.

use std::net::SocketAddr;

use server::{Config, Simulator};

const LOOPBACK: SocketAddr =
    SocketAddr::new(std::net::IpAddr::V4(std::net::Ipv4Addr::LOCALHOST), 0);
const KEY: &str = "3e9d1c7b5a4f2e8d6c0b9a7f5e3d1c2b4a6f8e0d2c4b6a8f0e2d4c6b8a0f2e4d";

struct Running {
    base: String,
    simulator: Simulator,
    token: String,
}

async fn start() -> Running {
    let simulator = Simulator::from_scenario("solo").unwrap();
    let config = Config {
        simulator: Some(simulator.clone()),
        ..Config::default()
    };
    let base = server::spawn(LOOPBACK, config).await.unwrap().url();
    let token = simulator
        .inspect(|s| s.token("pat").unwrap().to_owned())
        .await;
    Running {
        base,
        simulator,
        token,
    }
}

fn http() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
}

/// Create a subscription through the simulator's API, as the page does; its ID.
async fn subscribe(running: &Running, url: &str, key: Option<&str>) -> String {
    let me: serde_json::Value = http()
        .get(format!("{}/sandbox/users/me", running.base))
        .bearer_auth(&running.token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let mut body = serde_json::json!({
        "url": url,
        "events": ["invitee.created", "invitee.canceled"],
        "organization": me["resource"]["current_organization"],
        "scope": "user",
        "user": me["resource"]["uri"],
    });
    if let Some(key) = key {
        body["signing_key"] = key.into();
    }
    let created = http()
        .post(format!("{}/sandbox/webhook_subscriptions", running.base))
        .bearer_auth(&running.token)
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(created.status(), 201);
    let created: serde_json::Value = created.json().await.unwrap();
    let uri = created["resource"]["uri"].as_str().unwrap();
    uri.rsplit('/').next().unwrap().to_owned()
}

async fn send_test_booking(running: &Running, id: &str) -> reqwest::Response {
    http()
        .post(format!("{}/receiver/test-booking", running.base))
        .form(&[("subscription", id)])
        .send()
        .await
        .unwrap()
}

async fn receiver_page(running: &Running) -> String {
    http()
        .get(format!("{}/receiver/", running.base))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap()
}

#[tokio::test]
async fn receiver_a_test_booking_arrives_signed_and_is_verified() {
    let running = start().await;
    let address = format!("{}/receiver/", running.base);
    let id = subscribe(&running, &address, Some(KEY)).await;

    let page = receiver_page(&running).await;
    assert!(page.contains("Nothing has arrived yet."));
    assert!(page.contains(&format!("value=\"{id}\"")), "its button");
    assert!(
        page.contains("ending in “2e4d”"),
        "named by the key's end, never the key"
    );
    assert!(!page.contains(KEY));

    let sent = send_test_booking(&running, &id).await;
    assert_eq!(sent.status(), 200, "{}", sent.text().await.unwrap());
    let page = receiver_page(&running).await;
    assert!(page.contains("Deliveries received (1)"), "{page}");
    assert!(page.contains("<strong>Valid</strong>"), "{page}");
    assert!(page.contains(&format!("subscription <code>{id}</code>")));
    assert!(page.contains("t="), "the header is shown");
    assert!(
        page.contains("&quot;event&quot;:&quot;invitee.created&quot;"),
        "the raw body"
    );
    assert!(
        page.contains("The same delivery the old (v1) way"),
        "the v1 view"
    );
    assert!(page.contains("&quot;is_reschedule&quot;"));

    // Sent again: the newest comes first.
    send_test_booking(&running, &id).await;
    assert!(receiver_page(&running)
        .await
        .contains("Deliveries received (2)"));
}

#[tokio::test]
async fn receiver_a_forged_delivery_is_shown_as_not_valid() {
    let running = start().await;
    let address = format!("{}/receiver/crm", running.base);
    subscribe(&running, &address, Some(KEY)).await;
    let body = r#"{"event":"invitee.created","created_at":"2026-12-01T20:00:00.000000Z","created_by":"https://api.calendly.com/users/X","payload":{}}"#;
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64;
    let forged = migration::signature::sign("not-the-key", now, body.as_bytes());
    let answer = http()
        .post(&address)
        .header("Calendly-Webhook-Signature", forged)
        .body(body)
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), 200, "a receiver answers at once");
    let page = receiver_page(&running).await;
    assert!(page.contains("Delivery to /receiver/crm"), "{page}");
    assert!(
        page.contains("Not valid: wrong signing key, or the body was changed"),
        "{page}"
    );
}

#[tokio::test]
async fn receiver_an_unsigned_subscription_and_an_unknown_address_are_named() {
    let running = start().await;
    let id = subscribe(
        &running,
        &format!("{}/receiver/unsigned", running.base),
        None,
    )
    .await;
    assert_eq!(send_test_booking(&running, &id).await.status(), 200);
    http()
        .post(format!("{}/receiver/nobody", running.base))
        .body("{}")
        .send()
        .await
        .unwrap();
    let page = receiver_page(&running).await;
    assert!(page.contains("<strong>Not signed</strong>"), "{page}");
    assert!(page.contains("<strong>Not checked</strong>"), "{page}");
}

#[tokio::test]
async fn receiver_the_simulator_never_delivers_to_another_address() {
    let running = start().await;
    let id = subscribe(&running, "https://hooks.example.com/calendly", Some(KEY)).await;
    let refused = send_test_booking(&running, &id).await;
    assert_eq!(refused.status(), 400);
    assert!(refused
        .text()
        .await
        .unwrap()
        .contains("only to its own practice receiver"));
    assert_eq!(send_test_booking(&running, "NOSUCHID").await.status(), 404);
    // Another port on this machine is not this receiver either.
    let id = subscribe(&running, "http://127.0.0.1:9/receiver/", Some(KEY)).await;
    assert_eq!(send_test_booking(&running, &id).await.status(), 400);
    let page = receiver_page(&running).await;
    assert!(page.contains("Nothing has arrived yet."));
    drop(running.simulator);
}

#[tokio::test]
async fn receiver_refuses_a_button_pressed_on_another_site() {
    let running = start().await;
    let id = subscribe(&running, &format!("{}/receiver/", running.base), Some(KEY)).await;
    let answer = http()
        .post(format!("{}/receiver/test-booking", running.base))
        .header("Origin", "https://evil.example")
        .form(&[("subscription", id.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), 403);
}

#[tokio::test]
async fn receiver_page_says_calendly_would_refuse_it_and_needs_no_inline_script() {
    let running = start().await;
    let answer = http()
        .get(format!("{}/receiver/", running.base))
        .send()
        .await
        .unwrap();
    let csp = answer.headers()["content-security-policy"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(csp.contains("script-src 'self'") && !csp.contains("unsafe-inline"));
    let page = answer.text().await.unwrap();
    assert!(page.contains("Calendly itself delivers only to public web addresses"));
    assert!(page.contains(&running.token), "the practice token to paste");
    assert_eq!(page.matches("<script").count(), 1);
    assert!(page.contains("<script src=\"/receiver/receiver.js\" defer></script>"));
    assert!(!page.contains("style=") && !page.contains("onclick"));
    let script = http()
        .get(format!("{}/receiver/receiver.js", running.base))
        .send()
        .await
        .unwrap();
    assert!(script.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/javascript"));
}
