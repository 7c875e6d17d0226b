//! The practice receiver, accepted as a webhook address in test mode only.
//!
//! Calendly delivers only to public HTTPS addresses, so [`PublicUrl::parse`] refuses
//! `http://127.0.0.1:8080/receiver/`. But the live simulator (`cargo xtask serve`) has a
//! practice receiver next to it, and the whole path (create, deliver, verify) can be seen
//! on one machine only if the assistant may create a subscription pointing there. So one
//! narrow exception: when the page's API is a simulator on this computer (its `?api=`
//! is a loopback address, which the page announces with a banner), an address under
//! `/receiver/` on that same origin is accepted, with a note saying Calendly itself would
//! refuse it ([`UrlWarning::PracticeReceiver`]). Nothing else changes: any other address
//! goes through [`PublicUrl::parse`] as always, and with Calendly's API there is no
//! [`PracticeReceiver`] at all.

use calendly::{CallbackUrl, Event};
use serde::{Deserialize, Serialize};
use url::{Host, Url};

use crate::callback::{CheckedUrl, PublicUrl, UrlWarning};
use crate::old_hooks::{from_checked, Added, HookRefusal, OldHook, OldHookList};

/// Where the simulator is mounted on our server, and where its receiver is.
const SIMULATOR_PATH: &str = "/sandbox";
const RECEIVER_PATH: &str = "/receiver";
/// The receiver's button, not an address that records deliveries.
const NOT_A_RECEIVER: &str = "/receiver/test-booking";

/// The practice receiver of one simulator on this computer. Kept (serialised) as the
/// simulator's API base, and read back only through [`PracticeReceiver::of_simulator`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct PracticeReceiver {
    /// `http://127.0.0.1:8080/sandbox`
    simulator: String,
    /// `http://127.0.0.1:8080`
    origin: String,
}

impl TryFrom<String> for PracticeReceiver {
    type Error = String;
    fn try_from(api_base: String) -> Result<Self, String> {
        PracticeReceiver::of_simulator(&api_base)
            .ok_or_else(|| format!("{api_base} is not a simulator on this computer"))
    }
}

impl From<PracticeReceiver> for String {
    fn from(receiver: PracticeReceiver) -> String {
        receiver.simulator
    }
}

fn is_this_computer(url: &Url) -> bool {
    match url.host() {
        Some(Host::Domain(name)) => name.eq_ignore_ascii_case("localhost"),
        Some(Host::Ipv4(ip)) => ip.is_loopback(),
        Some(Host::Ipv6(ip)) => ip.is_loopback(),
        None => false,
    }
}

impl PracticeReceiver {
    /// The receiver next to the simulator the page talks to, if `api_base` is one on
    /// this computer (`http://127.0.0.1:8080/sandbox`); `None` for anything else.
    ///
    /// ```
    /// use migration::practice::PracticeReceiver;
    /// let receiver = PracticeReceiver::of_simulator("http://127.0.0.1:8080/sandbox").unwrap();
    /// assert_eq!(receiver.address(), "http://127.0.0.1:8080/receiver/");
    /// assert!(PracticeReceiver::of_simulator("https://api.calendly.com").is_none());
    /// ```
    pub fn of_simulator(api_base: &str) -> Option<PracticeReceiver> {
        let url = Url::parse(api_base.trim()).ok()?;
        let plain = matches!(url.scheme(), "http" | "https")
            && url.username().is_empty()
            && url.password().is_none()
            && url.query().is_none()
            && url.fragment().is_none();
        (plain && is_this_computer(&url) && url.path().trim_end_matches('/') == SIMULATOR_PATH)
            .then(|| PracticeReceiver {
                simulator: api_base.trim().trim_end_matches('/').to_owned(),
                origin: url.origin().ascii_serialization(),
            })
    }

    /// The address to give the assistant: `http://127.0.0.1:8080/receiver/`.
    pub fn address(&self) -> String {
        format!("{}{RECEIVER_PATH}/", self.origin)
    }

    /// `text` as a checked address, if it is this receiver (same origin, a path under
    /// `/receiver`), kept exactly as typed (only trimmed).
    pub fn check(&self, text: &str) -> Option<CheckedUrl> {
        let text = text.trim();
        let url = Url::parse(text).ok()?;
        let path = url.path();
        let ours = url.origin().ascii_serialization() == self.origin
            && url.username().is_empty()
            && url.password().is_none()
            && url.fragment().is_none()
            && (path == RECEIVER_PATH || path.starts_with(&format!("{RECEIVER_PATH}/")))
            && path != NOT_A_RECEIVER;
        if !ours {
            return None;
        }
        Some(CheckedUrl {
            url: PublicUrl::checked_elsewhere(CallbackUrl::parse(text).ok()?),
            warnings: vec![UrlWarning::PracticeReceiver],
        })
    }
}

/// One hook from the form, like [`crate::old_hooks::from_form`], except that with a
/// practice receiver (test mode) its address is accepted too.
pub fn from_form(
    url: &str,
    events: &[Event],
    receiver: Option<&PracticeReceiver>,
) -> Result<OldHook, HookRefusal> {
    match receiver.and_then(|r| r.check(url)) {
        Some(checked) => Ok(from_checked(checked, events)),
        None => crate::old_hooks::from_form(url, events),
    }
}

/// [`OldHookList::add_form`], except that with a practice receiver (test mode) its
/// address is accepted too. What the old webhooks screen calls.
pub fn add_form(
    list: &mut OldHookList,
    url: &str,
    events: &[Event],
    receiver: Option<&PracticeReceiver>,
) -> Result<Added, HookRefusal> {
    match receiver.and_then(|r| r.check(url)) {
        Some(checked) => list.add_form_hook(from_checked(checked, events), events),
        None => list.add_form(url, events),
    }
}
