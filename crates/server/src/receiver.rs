//! The practice receiver at `/receiver/`: a stand-in for the user's own server, so that
//! the whole path (create a subscription, deliver, verify) can be seen on one machine
//! with the live simulator (`cargo xtask serve`).
//!
//! - Deliveries: a `POST` to `/receiver/` or any address under it is recorded and
//!   answered `200` at once (Calendly counts any 2xx as delivered). Each is checked with
//!   the page's own checker ([`migration::signature::check`]) using the signing key of the
//!   simulator's subscription that points at that address, and shown the old v1 way
//!   ([`migration::payload::v1_view_of`]). The newest 50 are kept, in memory only.
//! - `GET /receiver/`: one page, plain HTML with the site's CSS: the subscriptions that
//!   point here, each with a "Send a test booking" button, and the deliveries received,
//!   newest first, each with its verdict and its v1 view. The server's CSP forbids inline
//!   script and sending forms, so the button works through `/receiver/receiver.js`.
//! - `POST /receiver/test-booking` (`subscription=<id>`): the simulator makes a sample
//!   delivery of that subscription's event, it is signed with the subscription's key
//!   ([`migration::signature::sign`]) and posted over real HTTP on loopback. Only to this
//!   receiver: the simulator never sends anything to another address.
//!
//! Calendly itself delivers only to public HTTPS addresses; the page says so.

use std::collections::VecDeque;
use std::fmt::Write as _;
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use axum::body::Bytes;
use axum::extract::{Query, State};
use axum::http::{header, HeaderMap, StatusCode, Uri};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Form, Router};
use calendly::{SubscriptionState, SubscriptionUri, WebhookSubscription};
use migration::payload::{v1_view_of, DeliveryProblem, V1View};
use migration::signature::{self, plain_duration, Verdict, DEFAULT_TOLERANCE, HEADER_NAME};
use sandbox::NoDelivery;
use serde::Deserialize;

use crate::simulator::{is_loopback_origin, Simulator, MOUNT as SIMULATOR_MOUNT};

/// Where the receiver is mounted.
pub const MOUNT: &str = "/receiver";
/// The button's target; deliveries to this one address are not recorded.
pub const TEST_BOOKING: &str = "/receiver/test-booking";
const SCRIPT: &str = "/receiver/receiver.js";
/// Deliveries kept (newest first).
const KEEP: usize = 50;

/// The receiver's state: the simulator it asks for keys and samples, what it received.
#[derive(Clone)]
pub struct Receiver {
    simulator: Simulator,
    received: Arc<Mutex<VecDeque<Received>>>,
    http: reqwest::Client,
}

/// How a delivery's signature was checked.
#[derive(Clone, Debug)]
enum Check {
    /// With the key of this subscription (the first whose key made it valid, if any).
    Checked {
        subscription: SubscriptionUri,
        verdict: Verdict,
    },
    /// The subscriptions pointing here have no signing key: Calendly sends no signature.
    NoKey,
    /// No subscription in the simulator points at this address.
    NoSubscription,
}

#[derive(Clone, Debug)]
struct Received {
    at_unix: i64,
    path: String,
    header: Option<String>,
    body: String,
    check: Check,
    view: Result<V1View, DeliveryProblem>,
}

impl Receiver {
    pub fn new(simulator: Simulator) -> Receiver {
        let http = reqwest::Client::builder()
            // Calendly counts a redirect as a failed delivery and does not follow it.
            .redirect(reqwest::redirect::Policy::none())
            .connect_timeout(Duration::from_secs(10))
            .timeout(Duration::from_secs(15))
            .build()
            .expect("an HTTP client");
        Receiver {
            simulator,
            received: Arc::default(),
            http,
        }
    }
}

pub fn routes(receiver: Receiver) -> Router {
    Router::new()
        .route(MOUNT, get(page).post(deliver))
        .route(&format!("{MOUNT}/"), get(page).post(deliver))
        .route(SCRIPT, get(script))
        .route(TEST_BOOKING, post(send_test_booking).get(page))
        .route(&format!("{MOUNT}/{{*rest}}"), get(page).post(deliver))
        .with_state(receiver)
}

fn now_unix() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64)
}

/// The port a request came in on, from its `Host` header (80 when it names none).
fn request_port(headers: &HeaderMap) -> Option<u16> {
    let host = headers.get(header::HOST)?.to_str().ok()?;
    Some(port_of(host))
}

fn port_of(authority: &str) -> u16 {
    match authority.rsplit_once(':') {
        Some((_, port)) if !port.contains(']') => port.parse().unwrap_or(80),
        _ => 80,
    }
}

/// The path of a callback URL if it is this receiver on this machine, on `port`:
/// `http(s)://127.0.0.1|localhost|[::1]:port/receiver…`.
pub fn receiver_path(callback_url: &str, port: u16) -> Option<&str> {
    let rest = callback_url
        .strip_prefix("http://")
        .or_else(|| callback_url.strip_prefix("https://"))?;
    let (authority, path) = rest.split_at(rest.find('/')?);
    let path = path.split(['?', '#']).next().unwrap_or(path);
    let ours = is_loopback_origin(&format!("http://{authority}"))
        && port_of(authority) == port
        && (path == MOUNT || path.starts_with(&format!("{MOUNT}/")))
        && path != TEST_BOOKING;
    ours.then_some(path)
}

/// The subscriptions that point at this receiver on `port`, with their keys.
async fn subscriptions_here(
    simulator: &Simulator,
    port: u16,
) -> Vec<(WebhookSubscription, Option<String>)> {
    simulator
        .inspect(move |s| s.subscriptions_to(|url| receiver_path(url, port).is_some()))
        .await
}

async fn deliver(
    State(receiver): State<Receiver>,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let path = uri.path().to_owned();
    let header = headers
        .get(HEADER_NAME)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    let now = now_unix();
    let port = request_port(&headers).unwrap_or(0);
    let here: Vec<_> = subscriptions_here(&receiver.simulator, port)
        .await
        .into_iter()
        .filter(|(s, _)| receiver_path(&s.callback_url, port) == Some(path.as_str()))
        .collect();
    let keyed: Vec<(SubscriptionUri, String)> = here
        .iter()
        .filter_map(|(s, key)| Some((s.uri.clone(), key.clone()?)))
        .collect();
    let check = if here.is_empty() {
        Check::NoSubscription
    } else if keyed.is_empty() {
        Check::NoKey
    } else {
        let header_text = header.clone().unwrap_or_default();
        let verdicts: Vec<(SubscriptionUri, Verdict)> = keyed
            .into_iter()
            .map(|(uri, key)| {
                let verdict = signature::check(&key, &header_text, &body, now, DEFAULT_TOLERANCE);
                (uri, verdict)
            })
            .collect();
        let (subscription, verdict) = verdicts
            .iter()
            .find(|(_, v)| v.is_valid())
            .unwrap_or(&verdicts[0])
            .clone();
        Check::Checked {
            subscription,
            verdict,
        }
    };
    let text = String::from_utf8_lossy(&body).into_owned();
    let received = Received {
        at_unix: now,
        path,
        header,
        view: v1_view_of(&text),
        body: text,
        check,
    };
    let mut list = receiver.received.lock().expect("not poisoned");
    list.push_front(received);
    list.truncate(KEEP);
    (StatusCode::OK, "Received.").into_response()
}

#[derive(Deserialize)]
struct SendForm {
    subscription: String,
}

fn plain(status: StatusCode, text: String) -> Response {
    (
        status,
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        text,
    )
        .into_response()
}

async fn send_test_booking(
    State(receiver): State<Receiver>,
    headers: HeaderMap,
    Form(form): Form<SendForm>,
) -> Response {
    // Only pages on this machine may press the button.
    if let Some(origin) = headers.get(header::ORIGIN) {
        if !origin.to_str().is_ok_and(is_loopback_origin) {
            return plain(
                StatusCode::FORBIDDEN,
                "Only a page on this computer can send a test booking.".into(),
            );
        }
    }
    let port = request_port(&headers).unwrap_or(0);
    let id = form.subscription.trim().to_owned();
    let uri = SubscriptionUri::from_id(&id);
    let now = now_unix();
    let delivery = receiver
        .simulator
        .inspect(move |s| s.sample_delivery(&uri, now * 1_000_000))
        .await;
    let delivery = match delivery {
        Ok(delivery) => delivery,
        Err(NoDelivery::NoSuchSubscription) => {
            return plain(
                StatusCode::NOT_FOUND,
                format!("The simulator has no webhook subscription {id}."),
            )
        }
        Err(NoDelivery::Disabled) => {
            return plain(
                StatusCode::CONFLICT,
                "This webhook subscription is switched off (disabled), and Calendly does not deliver to \
                 switched-off subscriptions."
                    .into(),
            )
        }
    };
    if receiver_path(&delivery.callback_url, port).is_none() {
        return plain(
            StatusCode::BAD_REQUEST,
            format!(
                "This subscription sends to {}. The simulator delivers only to its own practice receiver \
                 (an address under /receiver/ on this server), never to another address.",
                delivery.callback_url
            ),
        );
    }
    let mut request = receiver
        .http
        .post(&delivery.callback_url)
        .header(header::CONTENT_TYPE, "application/json; charset=utf-8")
        .body(delivery.body.clone());
    if let Some(key) = &delivery.signing_key {
        request = request.header(
            HEADER_NAME,
            signature::sign(key, now, delivery.body.as_bytes()),
        );
    }
    match request.send().await {
        Ok(answer) if answer.status().is_success() => plain(
            StatusCode::OK,
            format!("A test {} was delivered to {}.", delivery.event, delivery.callback_url),
        ),
        Ok(answer) => plain(
            StatusCode::BAD_GATEWAY,
            format!(
                "The receiver answered {}. Calendly counts anything but a 2xx answer as a failed delivery and \
                 tries again later.",
                answer.status()
            ),
        ),
        Err(error) => plain(
            StatusCode::BAD_GATEWAY,
            format!("The delivery did not arrive: {error}."),
        ),
    }
}

async fn script() -> Response {
    (
        [(header::CONTENT_TYPE, "text/javascript; charset=utf-8")],
        include_str!("receiver.js"),
    )
        .into_response()
}

#[derive(Deserialize)]
struct PageQuery {
    sent: Option<String>,
}

async fn page(
    State(receiver): State<Receiver>,
    headers: HeaderMap,
    Query(query): Query<PageQuery>,
) -> Html<String> {
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or("127.0.0.1")
        .to_owned();
    let port = port_of(&host);
    let here = subscriptions_here(&receiver.simulator, port).await;
    let token = receiver
        .simulator
        .inspect(|s| s.token("pat").map(str::to_owned))
        .await;
    let received: Vec<Received> = receiver
        .received
        .lock()
        .expect("not poisoned")
        .iter()
        .cloned()
        .collect();
    Html(render(
        &host,
        &here,
        token.as_deref(),
        &received,
        query.sent.is_some(),
    ))
}

/// Text made safe for HTML content and attribute values.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

fn render(
    host: &str,
    here: &[(WebhookSubscription, Option<String>)],
    token: Option<&str>,
    received: &[Received],
    sent: bool,
) -> String {
    let address = format!("http://{host}{MOUNT}/");
    let api = format!("http://{host}{SIMULATOR_MOUNT}");
    let mut html = String::new();
    let _ = write!(
        html,
        r#"<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>Practice receiver — Calendly webhook assistant</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/style.css">
<script src="{SCRIPT}" defer></script>
</head>
<body>
<main class="page receiver" id="main">
<h1>Practice receiver</h1>
<p class="lead">This page plays the part of your own server: the simulated Calendly on this computer sends
webhook deliveries here, and each one is checked the way your server should check it.</p>
<p class="warning"><strong>Practice only.</strong> Calendly itself delivers only to public web addresses that start
with https://. It would refuse this address ({address_html}): it starts with http:// and points at this computer.
The assistant accepts it only when it is connected to the simulator on this computer (the page then shows a
test-mode banner).</p>
"#,
        address_html = escape(&address),
    );

    let _ = write!(
        html,
        r#"<section aria-labelledby="how-title">
<h2 id="how-title">Try the whole path</h2>
<ol>
<li>Open <a href="/?api={api_q}">the assistant connected to this simulator</a> and choose “Use my Calendly account”.</li>
<li>Paste the simulator's access token{token_html}.</li>
<li>On the old webhooks screen, add <code>{address_html}</code> and create the webhook subscription.</li>
<li>Come back here and press “Send a test booking”. It arrives below with its signature checked.</li>
</ol>
</section>
"#,
        api_q = escape(&api),
        address_html = escape(&address),
        token_html = match token {
            Some(t) => format!(
                ": <code class=\"token\">{}</code> (a made-up token that works only here)",
                escape(t)
            ),
            None => String::new(),
        },
    );

    html.push_str("<section aria-labelledby=\"subs-title\">\n<h2 id=\"subs-title\">Webhook subscriptions that send here</h2>\n");
    html.push_str("<p role=\"status\" id=\"send-status\" class=\"send-status\">");
    if sent {
        html.push_str("A test booking was sent. It is the first delivery below.");
    }
    html.push_str("</p>\n");
    if here.is_empty() {
        html.push_str(
            "<p>None yet. Create one with the assistant (see above); its address must be on this server, under /receiver/.</p>\n",
        );
    } else {
        html.push_str("<ul class=\"subscriptions\">\n");
        for (sub, key) in here {
            let events: Vec<&str> = sub.events.iter().map(|e| e.name()).collect();
            let signed = match key {
                Some(k) => format!(
                    "yes, with the key ending in “{}”",
                    escape(&k[k.len().saturating_sub(4)..])
                ),
                None => "no (it was created without a signing key)".into(),
            };
            let _ = write!(
                html,
                r#"<li class="subscription">
<p class="subscription-url"><code>{url}</code></p>
<dl class="facts compact"><dt>Events</dt><dd>{events}</dd><dt>Signed</dt><dd>{signed}</dd><dt>Subscription ID</dt><dd><code>{id}</code></dd><dt>State</dt><dd>{state}</dd></dl>
<form method="post" action="{TEST_BOOKING}" data-send>
<input type="hidden" name="subscription" value="{id}">
<button type="submit" class="button primary">Send a test booking</button>
</form>
</li>
"#,
                url = escape(&sub.callback_url),
                events = escape(&events.join(", ")),
                id = escape(sub.uri.id()),
                state = match sub.state {
                    SubscriptionState::Active => "active",
                    SubscriptionState::Disabled => "switched off by Calendly (disabled)",
                    SubscriptionState::Unknown => "unknown",
                },
            );
        }
        html.push_str("</ul>\n");
    }
    html.push_str("</section>\n");

    let _ = write!(
        html,
        "<section aria-labelledby=\"received\">\n<h2 id=\"received\">Deliveries received ({}), newest first</h2>\n",
        received.len()
    );
    if received.is_empty() {
        html.push_str("<p>Nothing has arrived yet.</p>\n");
    }
    let now = now_unix();
    for (i, r) in received.iter().enumerate() {
        render_received(&mut html, i, r, now);
    }
    html.push_str("</section>\n</main>\n</body>\n</html>\n");
    html
}

fn render_received(html: &mut String, i: usize, r: &Received, now: i64) {
    let (class, headline, explanation) = match &r.check {
        Check::Checked { verdict, .. } => (
            if verdict.is_valid() { "verdict verdict-valid" } else { "verdict verdict-invalid" },
            verdict.headline(),
            verdict.explanation(),
        ),
        Check::NoKey => (
            "verdict verdict-invalid",
            "Not signed".to_owned(),
            "The webhook subscription for this address was created without a signing key, so Calendly sends no \
             signature and your server cannot tell a real delivery from a forged one."
                .to_owned(),
        ),
        Check::NoSubscription => (
            "verdict verdict-invalid",
            "Not checked".to_owned(),
            "No webhook subscription in the simulator sends to this address, so there is no signing key to check \
             it with."
                .to_owned(),
        ),
    };
    let ago = plain_duration(now.saturating_sub(r.at_unix).unsigned_abs());
    let key_note = match &r.check {
        Check::Checked { subscription, .. } => format!(
            " Checked with the signing key of subscription <code>{}</code>.",
            escape(subscription.id())
        ),
        _ => String::new(),
    };
    let _ = write!(
        html,
        r#"<article class="delivery" aria-labelledby="delivery-{i}">
<h3 id="delivery-{i}">Delivery to {path}, {ago} ago</h3>
<div class="{class}"><p><strong>{headline}</strong></p><p>{explanation}{key_note}</p></div>
<h4>{HEADER_NAME} header</h4>
<pre class="code-block wrap" id="delivery-{i}-header"><code>{header}</code></pre>
<h4>Raw body, exactly as received</h4>
<pre class="code-block wrap" id="delivery-{i}-body"><code>{body}</code></pre>
"#,
        path = escape(&r.path),
        headline = escape(&headline),
        explanation = escape(&explanation),
        header = escape(r.header.as_deref().unwrap_or("(none)")),
        body = escape(&r.body),
    );
    match &r.view {
        Ok(view) => {
            let _ = write!(
                html,
                "<details class=\"snippet\">\n<summary>The same delivery the old (v1) way</summary>\n<pre class=\"code-block wrap\"><code>{}</code></pre>\n<p class=\"hint\">Not filled in (V2 no longer sends them):</p>\n<ul class=\"hint\">",
                escape(&serde_json::to_string_pretty(&view.v1).unwrap_or_default())
            );
            for m in &view.missing {
                let _ = write!(html, "<li>{}</li>", escape(&m.to_string()));
            }
            html.push_str("</ul>\n</details>\n");
        }
        Err(problem) => {
            let _ = writeln!(
                html,
                "<p class=\"hint\">{}</p>",
                escape(&problem.to_string())
            );
        }
    }
    html.push_str("</article>\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_this_receiver_on_this_machine_and_port_is_ours() {
        for url in [
            "http://127.0.0.1:8080/receiver/",
            "http://localhost:8080/receiver/crm",
            "http://[::1]:8080/receiver",
            "https://127.0.0.1:8080/receiver/x?y=1",
        ] {
            assert!(receiver_path(url, 8080).is_some(), "{url}");
        }
        for url in [
            "http://127.0.0.1:9090/receiver/",
            "http://127.0.0.1:8080/sandbox/",
            "http://127.0.0.1:8080/receiverx",
            "http://127.0.0.1:8080/receiver/test-booking",
            "https://hooks.example.com/receiver/",
            "http://127.0.0.1.evil.example:8080/receiver/",
            "http://user@127.0.0.1:8080/receiver/",
            "http://127.0.0.1:8080",
        ] {
            assert!(receiver_path(url, 8080).is_none(), "{url}");
        }
    }

    #[test]
    fn what_is_shown_is_escaped() {
        assert_eq!(
            escape("<script>\"a\" & 'b'</script>"),
            "&lt;script&gt;&quot;a&quot; &amp; &#39;b&#39;&lt;/script&gt;"
        );
    }
}
