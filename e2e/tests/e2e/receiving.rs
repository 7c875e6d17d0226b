//! The receiving side, end to end, on one server as `cargo xtask serve` runs it (the app,
//! the simulator and its practice receiver on one port, the page's `?api=` pointing at
//! that simulator):
//!
//! - the round trip: connect, add the practice receiver as the old webhook's address,
//!   create; on the receiver page send a test booking and see it verified; paste that
//!   delivery's header and body and the key into the page's checker: valid; change one
//!   byte: not valid, the body was changed;
//! - the new screens (the receiver page with a delivery, the checker with a verdict, the
//!   old-format page with an example) hold up at 360 and 1280 px, light and dark: axe
//!   finds nothing, nothing is wider than the window.

use std::net::{IpAddr, Ipv4Addr, SocketAddr};

use serde_json::json;
use server::{Config, Mode, Simulator};
use thirtyfour::prelude::*;

use crate::accessibility::{check, Look};
use crate::harness::{dist, solo_token, Browser};
use crate::pages::{click_button, field, find_text, snap, JourneyPage, WelcomePage};

/// One server with the app, the simulator and the practice receiver; its address.
async fn serve() -> String {
    let config = Config {
        dist: Some(dist()),
        simulator: Some(Simulator::from_scenario("solo").unwrap()),
        // As `cargo xtask serve` starts it: the page's `?api=` names this server.
        mode: Mode::Local,
        ..Config::default()
    };
    let loopback = SocketAddr::new(IpAddr::V4(Ipv4Addr::LOCALHOST), 0);
    server::spawn(loopback, config).await.unwrap().url()
}

/// The exact text of the element with this id (a `<pre>` on the receiver page).
async fn exact_text(driver: &WebDriver, id: &str) -> String {
    let element = driver.find(By::Id(id)).await.unwrap();
    element
        .prop("textContent")
        .await
        .unwrap()
        .unwrap_or_default()
}

/// The checker's verdict, once it shows `expected`.
async fn verdict(driver: &WebDriver, expected: &str) -> String {
    find_text(driver, By::Css("[role=status]"), expected)
        .await
        .text()
        .await
        .unwrap()
}

/// Bring what matters on the screen into view (for the screenshot `check` takes).
async fn show(element: WebElement) {
    element.scroll_into_view().await.unwrap();
}

/// With `ASSISTANT_SCREENSHOTS`, also the whole page, top to bottom, as `full-…png`.
async fn full_snap(driver: &WebDriver, look: Look, name: &str) {
    if std::env::var_os("ASSISTANT_SCREENSHOTS").is_none() {
        return;
    }
    let height: f64 = driver
        .execute("return document.documentElement.scrollHeight", Vec::new())
        .await
        .unwrap()
        .convert()
        .unwrap();
    driver
        .cdp()
        .send_raw(
            "Emulation.setDeviceMetricsOverride",
            json!({ "width": look.width, "height": height as u32, "deviceScaleFactor": 1, "mobile": look.width < 600 }),
        )
        .await
        .unwrap();
    let theme = if look.dark { "dark" } else { "light" };
    snap(driver, &format!("full-{}-{theme}-{name}", look.width)).await;
    look.apply(driver).await;
}

/// Connect to the server's simulator, add the practice receiver, create; the key shown.
async fn subscribe_the_receiver(driver: &WebDriver, base: &str) -> String {
    WelcomePage::open(driver, &format!("{base}/?api={base}/sandbox"))
        .await
        .use_my_account()
        .await
        .submit(&solo_token())
        .await;
    find_text(driver, By::ClassName("facts"), "Sam Solo").await;
    let journey = JourneyPage(driver);
    journey.to_old_webhooks().await;
    journey.add_old_webhook(&format!("{base}/receiver/")).await;
    find_text(driver, By::Tag("main"), "Calendly itself would refuse it").await;
    journey.create().await
}

/// On the receiver page: send a test booking and wait for it to arrive verified.
async fn send_a_test_booking(driver: &WebDriver, base: &str) {
    driver.goto(format!("{base}/receiver/")).await.unwrap();
    find_text(driver, By::Tag("h1"), "Practice receiver").await;
    find_text(
        driver,
        By::Tag("main"),
        "Calendly itself delivers only to public web addresses",
    )
    .await;
    click_button(driver, "Send a test booking").await;
    let shown = find_text(driver, By::ClassName("verdict"), "Valid")
        .await
        .text()
        .await
        .unwrap();
    assert!(shown.starts_with("Valid"), "{shown}");
    snap(driver, "8-receiver").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_test_booking_arrives_verified_and_the_pages_checker_agrees() {
    let base = serve().await;
    let browser = Browser::open().await;
    let driver = &browser.driver;
    let key = subscribe_the_receiver(driver, &base).await;
    send_a_test_booking(driver, &base).await;
    let header = exact_text(driver, "delivery-0-header").await;
    let body = exact_text(driver, "delivery-0-body").await;
    assert!(
        header.starts_with("t=") && header.contains(",v1="),
        "{header}"
    );
    assert!(body.contains("\"event\":\"invitee.created\""), "{body}");

    driver
        .goto(format!("{base}/#/check-signature"))
        .await
        .unwrap();
    find_text(driver, By::Tag("h1"), "Check a webhook signature").await;
    field(driver, "Signing key")
        .await
        .send_keys(&key)
        .await
        .unwrap();
    field(driver, "Calendly-Webhook-Signature header")
        .await
        .send_keys(&header)
        .await
        .unwrap();
    let raw_body = field(driver, "Raw body (exactly as received)").await;
    raw_body.send_keys(&body).await.unwrap();
    let shown = verdict(driver, "Valid").await;
    assert!(shown.starts_with("Valid"), "{shown}");
    snap(driver, "9-check-signature-valid").await;

    // One byte changed: "Joe" becomes "Jon".
    let changed = body.replacen("\"Joe\"", "\"Jon\"", 1);
    assert_eq!(changed.len(), body.len());
    assert_ne!(changed, body);
    raw_body.clear().await.unwrap();
    raw_body.send_keys(&changed).await.unwrap();
    let shown = verdict(driver, "Not valid").await;
    assert!(shown.contains("the body was changed"), "{shown}");
    snap(driver, "9-check-signature-changed").await;
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_new_screens_hold_up_at_every_width_and_theme() {
    let base = serve().await;
    let browser = Browser::open().await;
    let driver = &browser.driver;
    subscribe_the_receiver(driver, &base).await;
    send_a_test_booking(driver, &base).await;
    for (width, dark) in [(360, false), (360, true), (1280, false), (1280, true)] {
        let look = Look { width, dark };
        look.apply(driver).await;

        driver.goto(format!("{base}/receiver/")).await.unwrap();
        show(find_text(driver, By::ClassName("verdict"), "Valid").await).await;
        check(driver, look, "8-receiver").await;
        full_snap(driver, look, "8-receiver").await;

        driver
            .goto(format!("{base}/#/check-signature"))
            .await
            .unwrap();
        find_text(driver, By::Tag("h1"), "Check a webhook signature").await;
        field(driver, "Signing key")
            .await
            .send_keys("a-key-that-is-not-it")
            .await
            .unwrap();
        field(driver, "Calendly-Webhook-Signature header")
            .await
            .send_keys("t=1732700000")
            .await
            .unwrap();
        field(driver, "Raw body (exactly as received)")
            .await
            .send_keys("{\"event\":\"invitee.created\"}")
            .await
            .unwrap();
        verdict(driver, "the header is incomplete").await;
        show(find_text(driver, By::Tag("h2"), "Verdict").await).await;
        check(driver, look, "9-check-signature").await;
        full_snap(driver, look, "9-check-signature").await;

        driver.goto(format!("{base}/#/old-format")).await.unwrap();
        find_text(driver, By::Tag("h1"), "See a delivery the old way").await;
        click_button(driver, "Use an example booking").await;
        show(find_text(driver, By::Tag("h2"), "The same delivery in the old format").await).await;
        check(driver, look, "10-old-format").await;
        full_snap(driver, look, "10-old-format").await;
    }
    browser.close().await;
}
