//! The in-process transport: a virtual clock that only moves when a request is slow or
//! someone sleeps, time-outs at the configured limit, and any base URL.

use std::time::Duration;

use calendly::{AccessToken, Client, Method, Transport, TransportError};
use sandbox::{Fault, SandboxTransport, When};

use crate::support::*;

#[test]
fn sleeping_moves_the_virtual_clock_only() {
    let transport = SandboxTransport::scenario("solo").unwrap();
    let started = std::time::Instant::now();
    run(transport.sleep(Duration::from_secs(3600)));
    assert_eq!(transport.now(), Duration::from_secs(3600));
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "an hour of virtual time must not take real time"
    );
}

#[test]
fn outcomes_become_transport_errors() {
    let transport = SandboxTransport::scenario("solo")
        .unwrap()
        .with_timeout(Duration::from_secs(5));
    transport.with_sandbox(|s| {
        s.inject(Fault::DropConnection, When::request(1));
        s.inject(Fault::Slow(Duration::from_secs(6)), When::request(2));
        s.inject(Fault::Slow(Duration::from_secs(5)), When::request(3));
    });
    let req = request(Method::Get, None, "/users/me", None);
    assert!(matches!(
        run(transport.send(req.clone())),
        Err(TransportError::Unreachable(_))
    ));
    assert_eq!(
        run(transport.send(req.clone())),
        Err(TransportError::TimedOut)
    );
    assert_eq!(transport.now(), Duration::from_secs(5));
    assert_eq!(
        run(transport.send(req)).map(|r| r.status),
        Ok(401),
        "exactly at the limit still arrives"
    );
    assert_eq!(transport.now(), Duration::from_secs(10));
}

#[test]
fn a_request_takes_effect_when_awaited_not_when_built() {
    let (client, transport) = client_for("solo", "pat");
    let pending = client.me();
    assert!(transport.with_sandbox(|s| s.requests().is_empty()));
    run(pending).unwrap();
    assert_eq!(transport.with_sandbox(|s| s.requests().len()), 1);
}

#[test]
fn the_simulator_works_behind_any_base_url() {
    let transport = SandboxTransport::scenario("solo").unwrap();
    let pat = transport.with_sandbox(|s| token(s, "pat"));
    let client = Client::new(AccessToken::parse(&pat).unwrap(), transport.clone())
        .with_base_url("http://127.0.0.1:8787/");
    assert_eq!(run(client.me()).unwrap().name, "Sam Solo");
    assert_eq!(
        transport.with_sandbox(|s| s.requests()[0].path.clone()),
        "/users/me"
    );
}

#[test]
fn clones_share_one_simulator() {
    let transport = SandboxTransport::scenario("solo").unwrap();
    let copy = transport.clone();
    copy.advance(Duration::from_secs(7));
    copy.with_sandbox(|s| s.inject(Fault::ServerError, When::always()));
    assert_eq!(transport.now(), Duration::from_secs(7));
    let req = request(Method::Get, None, "/users/me", None);
    assert_eq!(run(transport.send(req)).unwrap().status, 500);
}
