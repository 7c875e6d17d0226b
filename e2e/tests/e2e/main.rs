//! Browser end-to-end tests. Each test starts the real server (the built app from
//! `dist/`, the simulator and the relay) on a free loopback port, its own chromedriver and
//! a headless Chromium, and drives the page as a user would: by headings, labels and
//! button text, waiting by polling for what a user would see, never for a fixed time.
//!
//! `cargo xtask test` builds `dist/` first and sets `ASSISTANT_DIST`, `CHROMEDRIVER`,
//! `CHROMIUM` and `TMPDIR` (Chromium profiles stay under `target/`).
//!
//! - `harness`: servers, chromedriver and the browser session.
//! - `pages`: page objects, one per screen.
//! - `welcome`: the first screen and its two ways forward.
//! - `accessibility`: axe-core finds no WCAG 2.1 A/AA violation on each screen.
//! - `connection`: the page calling an API on another loopback port (CORS preflight
//!   included), the relay fall-back when Calendly cannot be called, refusing an API base
//!   that is not on this machine, and a test server that cannot be reached (never
//!   bypassed through the relay; out of reach of a page served as for users).
//! - `journey`: the whole flow, live against the simulator over HTTP (checked through
//!   the API afterwards) and in practice mode.
//! - `receiving`: the practice round trip (create a subscription to the practice
//!   receiver, send a test booking, see it verified, check it in the page), and the new
//!   screens at every width and theme.
//! - `resume`: a reload keeps the migration (never the token) and continues after the
//!   token is pasted again.
//! - `hosting`: cache headers by file name, 404s and robots.txt from the real server,
//!   and the same rules in `dist/_headers` for static hosts.
//! - `practice_module`: practice mode's module is fetched only when practice is chosen,
//!   and a module that does not arrive is explained.
//! - `wizard`: Back and Forward move between steps without losing anything; every step
//!   change lands on the new heading, at the top, with the tab's title.

mod harness;
mod pages;

mod accessibility;
mod connection;
mod hosting;
mod journey;
mod practice_module;
mod receiving;
mod resume;
mod welcome;
mod wizard;
