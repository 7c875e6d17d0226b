//! The executor with several requests in flight, against the simulator behind a transport
//! that keeps each request in flight for a while (it answers only after being polled a
//! few times, as a network would, while the other entries get their turn). What it
//! checks: at most `concurrency` requests in flight; entries that start together share
//! one listing; the `X-RateLimit-*` headers keep a large run free of 429s; and nothing
//! is created twice.

use std::cell::{Cell, RefCell};
use std::future::Future;
use std::pin::{pin, Pin};
use std::rc::Rc;
use std::task::{Context, Poll, Waker};
use std::time::Duration;

use calendly::{
    AccessToken, Client, Event, Method, Request, Response, Scope, Transport, TransportError,
};
use migration::executor::{run, Cancel, EntryStatus, RunOptions, RunState};
use migration::old_hooks::{from_form, OldHook};
use migration::plan::{make_plan, Choices, Plan};
use sandbox::SandboxTransport;

/// The simulator, with each request in flight for `polls` polls.
#[derive(Clone)]
struct Network {
    inner: SandboxTransport,
    polls: u32,
    in_flight: Rc<Cell<u32>>,
    most_in_flight: Rc<Cell<u32>>,
}

/// Pending `left` times (asking to be polled again), then ready: a request on the wire.
pub struct InFlight {
    pub left: u32,
}

impl Future for InFlight {
    type Output = ();
    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        if self.left == 0 {
            return Poll::Ready(());
        }
        self.left -= 1;
        cx.waker().wake_by_ref();
        Poll::Pending
    }
}

impl Transport for Network {
    fn send(&self, request: Request) -> impl Future<Output = Result<Response, TransportError>> {
        let this = self.clone();
        async move {
            this.in_flight.set(this.in_flight.get() + 1);
            this.most_in_flight
                .set(this.most_in_flight.get().max(this.in_flight.get()));
            InFlight { left: this.polls }.await;
            // Calendly handles it when it arrives, after the time on the wire.
            let answer = this.inner.send(request).await;
            this.in_flight.set(this.in_flight.get() - 1);
            answer
        }
    }

    fn sleep(&self, duration: Duration) -> impl Future<Output = ()> {
        self.inner.sleep(duration)
    }
}

fn drive<F: Future>(future: F) -> F::Output {
    let mut future = pin!(future);
    let mut context = Context::from_waker(Waker::noop());
    for _ in 0..10_000_000 {
        if let Poll::Ready(output) = future.as_mut().poll(&mut context) {
            return output;
        }
    }
    panic!("the run waits on something other than the simulator")
}

struct Setup {
    network: Network,
    client: Client<Network>,
    plan: Plan,
    /// Requests the simulator had seen before the run.
    before: usize,
}

/// The solo account with `hooks` new addresses to create in user scope.
fn setup(hooks: usize, polls: u32) -> Setup {
    let inner = SandboxTransport::scenario("solo").unwrap();
    let token = inner.with_sandbox(|s| s.token("pat").unwrap().to_owned());
    let network = Network {
        inner,
        polls,
        in_flight: Rc::default(),
        most_in_flight: Rc::default(),
    };
    let client = Client::new(AccessToken::parse(&token).unwrap(), network.clone());
    let discovery = drive(migration::account::discover(&client, None)).unwrap();
    let old: Vec<OldHook> = (0..hooks)
        .map(|i| from_form(&format!("https://h{i}.example.com/calendly"), &Event::V1).unwrap())
        .collect();
    let plan = make_plan(
        &discovery.account,
        &discovery.existing,
        &old,
        &Choices {
            scope: Scope::User,
            events: None,
            consolidate: vec![],
            decisions: vec![],
        },
    );
    let before = network.inner.with_sandbox(|s| s.requests().len());
    Setup {
        network,
        client,
        plan,
        before,
    }
}

impl Setup {
    fn run(&self, concurrency: usize) -> RunState {
        let state = RefCell::new(RunState::new(self.plan.clone(), None));
        let options = RunOptions {
            concurrency,
            ..RunOptions::default()
        };
        drive(run(
            &self.client,
            &state,
            None,
            &options,
            &Cancel::new(),
            &|_| {},
        ))
        .unwrap();
        state.into_inner()
    }

    /// (method, status) of every request the run sent.
    fn sent(&self) -> Vec<(Method, Option<u16>)> {
        self.network.inner.with_sandbox(|s| {
            s.requests()[self.before..]
                .iter()
                .map(|r| (r.method, r.status))
                .collect()
        })
    }

    fn copies_of_each(&self) -> Vec<usize> {
        let subs = self.network.inner.with_sandbox(|s| s.subscriptions());
        (0..self.plan.entries.len())
            .map(|i| {
                let url = format!("https://h{i}.example.com/calendly");
                subs.iter().filter(|s| s.callback_url == url).count()
            })
            .collect()
    }
}

#[test]
fn eight_creates_in_flight_at_most_and_one_listing_shared_by_all() {
    let setup = setup(30, 20);
    let state = setup.run(RunOptions::default().concurrency);
    assert!(state.is_complete(), "{:?}", state.entries);
    assert_eq!(RunOptions::default().concurrency, 8);
    assert_eq!(setup.network.most_in_flight.get(), 8);
    let sent = setup.sent();
    let lists = sent.iter().filter(|(m, _)| *m == Method::Get).count();
    let posts = sent.iter().filter(|(m, _)| *m == Method::Post).count();
    assert_eq!(
        (lists, posts, sent.len()),
        (1, 30, 31),
        "one listing page, one create each, nothing else: {sent:?}"
    );
    assert!(setup.copies_of_each().iter().all(|n| *n == 1));
}

#[test]
fn one_at_a_time_when_asked() {
    let setup = setup(5, 3);
    setup.run(1);
    assert_eq!(setup.network.most_in_flight.get(), 1);
}

#[test]
fn the_rate_limit_headers_keep_a_long_run_free_of_429s() {
    // 45 creates and a listing against 10 requests a minute: five windows' worth.
    let setup = setup(45, 3);
    setup
        .network
        .inner
        .with_sandbox(|s| s.set_rate_limit(10, Duration::from_secs(60)));
    let started = setup.network.inner.now();
    let state = setup.run(8);
    assert!(state.is_complete(), "{:?}", state.entries);
    let sent = setup.sent();
    assert!(
        sent.iter().all(|(_, status)| *status != Some(429)),
        "no request ran into the limit: {sent:?}"
    );
    assert_eq!(sent.len(), 46, "one listing and 45 creates: {sent:?}");
    let took = setup.network.inner.now() - started;
    assert!(
        took >= Duration::from_secs(4 * 60),
        "46 requests at 10 a minute need four resets: {took:?}"
    );
    assert!(
        took < Duration::from_secs(5 * 60),
        "and no more waiting than that: {took:?}"
    );
    assert!(setup.copies_of_each().iter().all(|n| *n == 1));
}

#[test]
fn the_wait_for_a_new_window_is_shown_on_the_entries_that_wait() {
    let setup = setup(12, 2);
    setup
        .network
        .inner
        .with_sandbox(|s| s.set_rate_limit(5, Duration::from_secs(60)));
    let state = RefCell::new(RunState::new(setup.plan.clone(), None));
    let shown = RefCell::new(Vec::new());
    let observe = |s: &RunState| {
        for e in &s.entries {
            if let EntryStatus::WaitingForRateLimit { seconds } = e.status {
                shown.borrow_mut().push(seconds);
            }
        }
    };
    drive(run(
        &setup.client,
        &state,
        None,
        &RunOptions::default(),
        &Cancel::new(),
        &observe,
    ))
    .unwrap();
    assert!(state.borrow().is_complete());
    let shown = shown.into_inner();
    assert!(!shown.is_empty(), "the waiting entries said so");
    assert!(
        shown.iter().all(|s| (1..=60).contains(s)),
        "the seconds left in the window: {shown:?}"
    );
}

#[test]
fn stop_during_a_wait_for_a_new_window_stops_within_a_second() {
    let setup = setup(12, 2);
    setup
        .network
        .inner
        .with_sandbox(|s| s.set_rate_limit(5, Duration::from_secs(60)));
    let state = RefCell::new(RunState::new(setup.plan.clone(), None));
    let cancel = Cancel::new();
    let waiting_since = Cell::new(None);
    let clock = setup.network.inner.clone();
    let observe = |s: &RunState| {
        if s.progress().waiting_for_rate_limit > 0 && waiting_since.get().is_none() {
            waiting_since.set(Some(clock.now()));
            cancel.cancel();
        }
    };
    drive(run(
        &setup.client,
        &state,
        None,
        &RunOptions::default(),
        &cancel,
        &observe,
    ))
    .unwrap();
    let state = state.into_inner();
    assert!(state.interrupted);
    let waited = setup.network.inner.now() - waiting_since.get().expect("a wait began");
    assert!(waited <= Duration::from_secs(1), "{waited:?}");
    assert!(setup.copies_of_each().iter().all(|n| *n <= 1));
}

#[test]
fn each_new_webhook_costs_the_page_two_updates() {
    // The page saves and redraws on every update: one before the create leaves (what a
    // reload must know), one when it is done; plus one as the run starts and one at its end.
    let setup = setup(20, 2);
    let state = RefCell::new(RunState::new(setup.plan.clone(), None));
    let updates = Cell::new(0);
    drive(run(
        &setup.client,
        &state,
        None,
        &RunOptions::default(),
        &Cancel::new(),
        &|_| updates.set(updates.get() + 1),
    ))
    .unwrap();
    assert!(state.borrow().is_complete());
    assert_eq!(updates.get(), 2 * 20 + 2);
}
