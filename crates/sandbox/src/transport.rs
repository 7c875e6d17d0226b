//! The simulator as a [`calendly::Transport`], in the same process and on a virtual
//! clock: waiting costs no real time, so tests never sleep, and the page's practice mode
//! can run in the browser without a server.
//!
//! ```
//! use sandbox::{block_on, SandboxTransport};
//! let transport = SandboxTransport::scenario("solo").unwrap();
//! let token = transport.with_sandbox(|s| s.token("pat").unwrap().to_owned());
//! let client = calendly::Client::new(calendly::AccessToken::parse(&token).unwrap(), transport.clone());
//! let me = block_on(client.me()).unwrap();
//! assert_eq!(me.name, "Sam Solo");
//! ```

use std::cell::{Cell, RefCell};
use std::future::Future;
use std::pin::pin;
use std::rc::Rc;
use std::task::{Context, Poll, Waker};
use std::time::Duration;

use calendly::{Request, Response, Transport, TransportError};

use crate::{Outcome, Sandbox};

/// A handle to one simulator and its virtual clock. Clones share both, so a test can keep
/// one to inspect the simulator while a client owns another.
#[derive(Clone)]
pub struct SandboxTransport {
    sandbox: Rc<RefCell<Sandbox>>,
    clock: Rc<Cell<Duration>>,
    timeout: Duration,
}

impl SandboxTransport {
    /// The time a request may take before the transport gives up, like a browser's fetch
    /// with an abort timer.
    pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);

    pub fn new(sandbox: Sandbox) -> SandboxTransport {
        SandboxTransport {
            sandbox: Rc::new(RefCell::new(sandbox)),
            clock: Rc::new(Cell::new(Duration::ZERO)),
            timeout: SandboxTransport::DEFAULT_TIMEOUT,
        }
    }

    /// A built-in scenario by name.
    pub fn scenario(name: &str) -> Option<SandboxTransport> {
        Sandbox::scenario(name).map(SandboxTransport::new)
    }

    pub fn with_timeout(mut self, timeout: Duration) -> SandboxTransport {
        self.timeout = timeout;
        self
    }

    /// Virtual time since the simulator started.
    pub fn now(&self) -> Duration {
        self.clock.get()
    }

    /// Moves the virtual clock forward (e.g. to let a rate-limit window pass).
    pub fn advance(&self, by: Duration) {
        self.clock.set(self.clock.get() + by);
    }

    /// Runs `f` with the simulator, to inject faults or inspect state. Do not call it from
    /// inside a request (there is no way to, short of a transport in a transport).
    pub fn with_sandbox<R>(&self, f: impl FnOnce(&mut Sandbox) -> R) -> R {
        f(&mut self.sandbox.borrow_mut())
    }

    fn exchange(&self, request: &Request) -> Result<Response, TransportError> {
        let outcome = self.sandbox.borrow_mut().handle(request, self.clock.get());
        match outcome {
            Outcome::Reply(response) => Ok(response),
            Outcome::Drop => Err(TransportError::Unreachable(
                "the simulator closed the connection".into(),
            )),
            Outcome::Slow { delay, reply } if delay <= self.timeout => {
                self.advance(delay);
                Ok(reply)
            }
            Outcome::Slow { .. } => {
                self.advance(self.timeout);
                Err(TransportError::TimedOut)
            }
        }
    }
}

impl Transport for SandboxTransport {
    fn send(&self, request: Request) -> impl Future<Output = Result<Response, TransportError>> {
        // Lazily, at the first poll, like a real request: effects happen in await order.
        let this = self.clone();
        async move { this.exchange(&request) }
    }

    fn sleep(&self, duration: Duration) -> impl Future<Output = ()> {
        let clock = Rc::clone(&self.clock);
        async move { clock.set(clock.get() + duration) }
    }
}

/// Runs a future that only waits on the simulator (whose futures are always ready) to
/// completion, without an async runtime. Panics if the future waits on anything else,
/// since nothing would ever wake it.
pub fn block_on<F: Future>(future: F) -> F::Output {
    let mut future = pin!(future);
    let mut context = Context::from_waker(Waker::noop());
    // Combinators such as join may return Pending once while they poll their parts in
    // turn; a future that stays pending this long waits on something outside the sandbox.
    for _ in 0..1_000_000 {
        if let Poll::Ready(output) = future.as_mut().poll(&mut context) {
            return output;
        }
    }
    panic!("block_on: the future waits on something other than the sandbox")
}
