//! Deliveries from the simulator, for the practice receiver (`crates/server`): Calendly
//! posts each event to a subscription's callback URL, signed with the subscription's
//! signing key (api.md §4.4). The simulator makes the delivery (a realistic sample of the
//! subscription's event, from its creator); the server signs it, posts it over real HTTP
//! and checks it on arrival. It never decides where to send: the caller does, and the
//! server only sends to its own practice receiver.

use calendly::{Event, SubscriptionState, SubscriptionUri, WebhookSubscription};

use crate::{samples, Sandbox};

/// One delivery, ready to sign and post.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Delivery {
    pub subscription: SubscriptionUri,
    pub callback_url: String,
    pub event: Event,
    /// The key the subscription was created with; `None` means Calendly sends no
    /// signature header (reported by third parties, api.md §11 question 7).
    pub signing_key: Option<String>,
    /// The JSON body, compact, as Calendly sends it.
    pub body: String,
}

/// Why a subscription cannot be sent a delivery.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum NoDelivery {
    NoSuchSubscription,
    /// Calendly does not deliver to a subscription it has switched off.
    Disabled,
}

impl Sandbox {
    /// Stored subscriptions whose callback URL satisfies `pick`, with their signing keys
    /// (which the API never shows).
    pub fn subscriptions_to(
        &self,
        pick: impl Fn(&str) -> bool,
    ) -> Vec<(WebhookSubscription, Option<String>)> {
        self.world
            .subscriptions
            .iter()
            .filter(|s| pick(&s.subscription.callback_url))
            .map(|s| (s.subscription.clone(), s.signing_key.clone()))
            .collect()
    }

    /// A sample delivery to `subscription`: a booking (`invitee.created`) if it receives
    /// bookings, else its first event, dated `now_micros` (Unix microseconds: the caller's
    /// real clock, so that the signature's time and the body's agree).
    pub fn sample_delivery(
        &self,
        subscription: &SubscriptionUri,
        now_micros: i64,
    ) -> Result<Delivery, NoDelivery> {
        let stored = self
            .world
            .subscriptions
            .iter()
            .find(|s| &s.subscription.uri == subscription)
            .ok_or(NoDelivery::NoSuchSubscription)?;
        let sub = &stored.subscription;
        if sub.state == SubscriptionState::Disabled {
            return Err(NoDelivery::Disabled);
        }
        let event = if sub.events.contains(&Event::InviteeCreated) {
            Event::InviteeCreated
        } else {
            sub.events.first().cloned().unwrap_or(Event::InviteeCreated)
        };
        // Deliveries come "from" the subscription's creator (`created_by`).
        let creator = sub
            .creator
            .as_ref()
            .and_then(|uri| self.world.user(uri.id()))
            .or_else(|| self.world.users.first())
            .ok_or(NoDelivery::NoSuchSubscription)?;
        let body = samples::payload(&event, creator, now_micros);
        Ok(Delivery {
            subscription: sub.uri.clone(),
            callback_url: sub.callback_url.clone(),
            event,
            signing_key: stored.signing_key.clone(),
            body: body.to_string(),
        })
    }
}
