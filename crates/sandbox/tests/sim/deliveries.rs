//! Sample deliveries for the practice receiver: a subscription created through the API,
//! with a signing key, can be sent a realistic delivery of its event from its creator;
//! the key it was created with comes along (Calendly signs with it); a switched-off
//! subscription gets nothing.

use calendly::{Event, SubscriptionState, Target};
use sandbox::{NoDelivery, Sandbox};
use serde_json::{json, Value};

use crate::support::*;

const RECEIVER: &str = "http://127.0.0.1:8080/receiver/";
/// 2026-12-01T20:00:00Z in Unix microseconds.
const NOW: i64 = 1_796_155_200_000_000;

fn create(sandbox: &mut Sandbox, events: &[&str], signing_key: Option<&str>) -> String {
    let pat = token(sandbox, "pat");
    let me = user_uri("solo", "Sam Solo");
    let mut body = create_body(RECEIVER, events, &org_uri("solo"), "user", Some(&me));
    if let Some(key) = signing_key {
        body["signing_key"] = json!(key);
    }
    let created = post(sandbox, &pat, "/webhook_subscriptions", body);
    assert_eq!(created.status, 201, "{}", created.body);
    crate::support::body(&created)["resource"]["uri"]
        .as_str()
        .unwrap()
        .to_owned()
}

#[test]
fn a_subscription_is_sent_a_booking_from_its_creator_with_its_key() {
    let mut sandbox = Sandbox::scenario("solo").unwrap();
    let uri = create(
        &mut sandbox,
        &["invitee.canceled", "invitee.created"],
        Some("k3y-of-the-receiver"),
    );
    let uri = calendly::SubscriptionUri::parse(&uri).unwrap();
    let delivery = sandbox.sample_delivery(&uri, NOW).unwrap();
    assert_eq!(delivery.callback_url, RECEIVER);
    assert_eq!(
        delivery.event,
        Event::InviteeCreated,
        "a booking when it receives bookings"
    );
    assert_eq!(delivery.signing_key.as_deref(), Some("k3y-of-the-receiver"));
    let body: Value = serde_json::from_str(&delivery.body).unwrap();
    assert_eq!(body["event"], "invitee.created");
    assert_eq!(body["created_by"], user_uri("solo", "Sam Solo"));
    assert_eq!(
        body["created_at"], "2026-12-01T20:00:00.000000Z",
        "dated by the caller's clock"
    );
    assert_eq!(
        body["payload"]["scheduled_event"]["event_memberships"][0]["user_name"],
        "Sam Solo"
    );
    assert!(
        !delivery.body.contains('\n'),
        "compact, as Calendly sends it"
    );
}

#[test]
fn a_subscription_without_bookings_is_sent_its_first_event_unsigned_without_a_key() {
    let mut sandbox = Sandbox::scenario("solo").unwrap();
    let uri = create(&mut sandbox, &["invitee.canceled"], None);
    let uri = calendly::SubscriptionUri::parse(&uri).unwrap();
    let delivery = sandbox.sample_delivery(&uri, NOW).unwrap();
    assert_eq!(delivery.event, Event::InviteeCanceled);
    assert_eq!(delivery.signing_key, None);
}

#[test]
fn the_subscriptions_to_an_address_are_found_with_their_keys() {
    let mut sandbox = Sandbox::scenario("solo").unwrap();
    create(
        &mut sandbox,
        &["invitee.created"],
        Some("k3y-of-the-receiver"),
    );
    let found = sandbox.subscriptions_to(|url| url.starts_with("http://127.0.0.1:8080/receiver/"));
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].0.callback_url, RECEIVER);
    assert_eq!(found[0].1.as_deref(), Some("k3y-of-the-receiver"));
    assert!(sandbox
        .subscriptions_to(|url| url == "https://nowhere.example.com/")
        .is_empty());
}

#[test]
fn a_switched_off_or_unknown_subscription_gets_no_delivery() {
    let mut sandbox = Sandbox::scenario("solo").unwrap();
    let creator = user("solo", "Sam Solo");
    let off = sandbox
        .add_subscription(
            &creator,
            RECEIVER,
            &[Event::InviteeCreated],
            &Target::User(creator.clone()),
            SubscriptionState::Disabled,
        )
        .unwrap();
    assert_eq!(
        sandbox.sample_delivery(&off, NOW),
        Err(NoDelivery::Disabled)
    );
    let unknown = calendly::SubscriptionUri::from_id("NOPE");
    assert_eq!(
        sandbox.sample_delivery(&unknown, NOW),
        Err(NoDelivery::NoSuchSubscription)
    );
}
