//! The old v1 webhooks, from whatever the user has. Calendly switched v1 off on
//! 2025-08-27, so nobody can list them any more: the user types them into a form, pastes
//! addresses one per line, pastes a saved v1 `GET /hooks` answer (JSON), or a spreadsheet
//! export (CSV with a header row). All four become the same checked [`OldHook`] values,
//! and every line that cannot be used is kept with its reason.
//!
//! v1 had two events, which keep their names in V2 (`invitee.created`,
//! `invitee.canceled`). When a source names no events we assume both and say so.
//!
//! The list the user builds on the screen is an [`OldHookList`]. Its rules, the same
//! whether two entries come from one paste or from two calls (two pastes, a paste then
//! the form):
//! - One entry per address. A second entry for the same address adds its events (unless
//!   they were only assumed), drops the "we assumed both events" note once real events
//!   arrive, and is recorded as [`HookNote::MergedDuplicate`] (one more old webhook
//!   sent there), except when it is the same entry read again (same form or line, no
//!   new events).
//! - Look-alike addresses (a final slash) are flagged on both, across the whole list,
//!   again after every change, a removal included.
//! - Events are kept in Calendly's order.

use calendly::Event;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::collections::{HashMap, HashSet};
use std::fmt;

use crate::callback::{CheckedUrl, PublicUrl, UrlRefusal, UrlWarning};
use crate::events::{calendly_order, parse_event_name};
use crate::words;

/// Where a hook came from, so the UI can point at the line.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "from", rename_all = "snake_case")]
pub enum Source {
    Form,
    /// 1-based line of pasted text or CSV.
    Line {
        line: usize,
    },
    /// 0-based item of a pasted JSON list, with the v1 hook id when there was one.
    JsonItem {
        index: usize,
        v1_id: Option<String>,
    },
}

impl fmt::Display for Source {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Source::Form => f.write_str("the form"),
            Source::Line { line } => write!(f, "line {line}"),
            Source::JsonItem {
                index,
                v1_id: Some(id),
            } => write!(f, "item {} (v1 hook {id})", index + 1),
            Source::JsonItem { index, v1_id: None } => write!(f, "item {}", index + 1),
        }
    }
}

/// Worth knowing about a hook that was accepted.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "note", rename_all = "snake_case")]
pub enum HookNote {
    Url(UrlWarning),
    /// No events were given: both v1 events were assumed.
    AssumedV1Events,
    /// v1 said this hook was not active (`state`).
    WasNotActive {
        state: String,
    },
    /// The same address appeared more than once; the events were combined.
    MergedDuplicate {
        also_at: Source,
    },
    /// Almost the same address as another hook (case, slash, port): probably one server.
    NearDuplicate {
        other: String,
    },
}

impl fmt::Display for HookNote {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            HookNote::Url(w) => w.fmt(f),
            HookNote::AssumedV1Events => f.write_str(
                "No events were listed, so we chose both events old webhooks had: bookings and cancellations. You can change this.",
            ),
            HookNote::WasNotActive { state } => write!(
                f,
                "Your old webhook was marked \"{state}\", so it may not have been working. Include it only if you still use this address."
            ),
            HookNote::MergedDuplicate { also_at: Source::Form } => {
                f.write_str("This address was also added with the form; we combined the two into one.")
            }
            HookNote::MergedDuplicate { also_at } => {
                write!(f, "This address was also listed at {also_at}; we combined the two into one.")
            }
            HookNote::NearDuplicate { other } => write!(
                f,
                "This address is almost the same as {other}. If they are the same server, keep only the one your server answers on exactly."
            ),
        }
    }
}

/// An old webhook we can migrate: a checked address and the events to receive.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OldHook {
    pub url: PublicUrl,
    pub events: Vec<Event>,
    pub source: Source,
    pub notes: Vec<HookNote>,
}

/// Why an entry could not be used.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "problem", rename_all = "snake_case")]
pub enum HookRefusal {
    Url(UrlRefusal),
    /// An entry without any address.
    NoAddress,
    /// A word in the events that is not a Calendly event name.
    UnknownEvent {
        name: String,
    },
    /// The pasted text looked like JSON but is not valid JSON.
    BadJson {
        detail: String,
    },
    /// Valid JSON without anything that looks like webhooks in it.
    NoHooksInJson,
    /// A CSV row with more or fewer cells than the header.
    CsvShape {
        expected: usize,
        found: usize,
    },
    /// The form was sent with no event ticked (probably a slip, so we ask).
    NoEventsTicked,
}

impl fmt::Display for HookRefusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            HookRefusal::Url(r) => r.fmt(f),
            HookRefusal::NoAddress => f.write_str("There is no web address in this entry."),
            HookRefusal::UnknownEvent { name } => write!(
                f,
                "\"{name}\" is not a Calendly event. Old webhooks used invitee.created (bookings) and invitee.canceled (cancellations)."
            ),
            HookRefusal::BadJson { detail } => write!(
                f,
                "This looks like JSON but part of it is broken ({detail}). Copy the whole text again, from the first {{ to the last }}."
            ),
            HookRefusal::NoHooksInJson => f.write_str(
                "We could not find any webhooks in this JSON. We expected a list like the one Calendly's old API returned (\"data\" with \"url\" and \"events\").",
            ),
            HookRefusal::CsvShape { expected, found } => write!(
                f,
                "This row has {found} columns but the header has {expected}. A comma inside a value needs quotation marks around the value."
            ),
            HookRefusal::NoEventsTicked => {
                f.write_str("Tick at least one: your old webhooks sent bookings, cancellations or both.")
            }
        }
    }
}

impl HookRefusal {
    /// The mended address to offer ("Did you mean …?"), when the address was refused for
    /// something one step mends; see [`UrlRefusal::suggestion`].
    ///
    /// ```
    /// use migration::old_hooks::OldHookList;
    /// let refusal = OldHookList::default().add_form("hooks.example.com/h", &calendly::Event::V1).unwrap_err();
    /// assert_eq!(refusal.suggestion(), Some("https://hooks.example.com/h"));
    /// ```
    pub fn suggestion(&self) -> Option<&str> {
        match self {
            HookRefusal::Url(refusal) => refusal.suggestion(),
            _ => None,
        }
    }
}

/// An entry that could not be used, with where it was and what it said.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Refused {
    pub source: Source,
    pub text: String,
    pub reason: HookRefusal,
}

/// How pasted text was read.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Format {
    Lines,
    Json,
    Csv,
}

/// Everything read from one paste.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Parsed {
    pub format: Format,
    pub hooks: Vec<OldHook>,
    pub refused: Vec<Refused>,
}

/// The old webhooks the user has listed so far, one entry per address, in the order they
/// were added. Every change goes through a method that keeps the module's rules (see the
/// header), so the screen only shows [`OldHookList::hooks`] and the sentence each method
/// returns.
///
/// Serialized as the plain list of its hooks; reading one back applies the rules again.
///
/// ```
/// use calendly::Event;
/// use migration::old_hooks::OldHookList;
/// let mut list = OldHookList::default();
/// let outcome = list.add_pasted("https://a.example.com/h invitee.created\nhttps://b.example.com/h\n");
/// assert_eq!(outcome.added, 2);
/// let added = list.add_form("https://a.example.com/h", &[Event::InviteeCanceled]).unwrap();
/// assert_eq!(added.message(), "https://a.example.com/h was already in your list; it now sends: Someone books, Someone cancels.");
/// assert_eq!(list.hooks().len(), 2);
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(from = "Vec<OldHook>", into = "Vec<OldHook>")]
pub struct OldHookList {
    hooks: Vec<OldHook>,
}

/// What [`OldHookList::add_form`] did.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Added {
    /// The address as it is kept (serialised).
    pub url: PublicUrl,
    /// The address was in the list already; its entry got the form's events too.
    pub already: bool,
    /// What the entry now sends.
    pub events: Vec<Event>,
}

impl Added {
    /// One sentence for the screen's status line.
    pub fn message(&self) -> String {
        if self.already {
            format!(
                "{} was already in your list; it now sends: {}.",
                self.url,
                words::event_labels(&self.events)
            )
        } else {
            format!("Added {} to your list.", self.url)
        }
    }
}

/// What [`OldHookList::remove`] took out.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Removed {
    pub hook: OldHook,
}

impl Removed {
    /// One sentence for the screen's status line.
    pub fn message(&self) -> String {
        format!("Removed {} from your list.", self.hook.url)
    }
}

/// What [`OldHookList::add_pasted`] did with one paste.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PasteOutcome {
    /// How the text was read.
    pub format: Format,
    /// How many addresses are new in the list.
    pub added: usize,
    /// Addresses that were in the list before this paste; their events were combined.
    pub combined: Vec<PublicUrl>,
    /// What could not be used, in the order it was pasted, each with its reason.
    pub refused: Vec<Refused>,
}

impl PasteOutcome {
    /// One sentence on what was found, for the status line below the paste box.
    ///
    /// ```
    /// let outcome = migration::old_hooks::OldHookList::default().add_pasted("https://a.example.com/h");
    /// assert_eq!(outcome.summary(), "Read as addresses, one per line: 1 webhook was added to your list.");
    /// ```
    pub fn summary(&self) -> String {
        if self.added == 0 && self.combined.is_empty() && self.refused.is_empty() {
            return "We found no web addresses in what you pasted. Paste the addresses, one per line, and press Read \
                    the list."
                .to_owned();
        }
        let mut found = match self.added {
            0 => "nothing new was added to your list".to_owned(),
            1 => "1 webhook was added to your list".to_owned(),
            n => format!("{n} webhooks were added to your list"),
        };
        match self.combined.len() {
            0 => {}
            1 => found.push_str("; 1 was already in it (the events of both were combined)"),
            n => found.push_str(&format!(
                "; {n} were already in it (the events of both were combined)"
            )),
        }
        format!("Read as {}: {found}.", words::paste_format(self.format))
    }
}

/// Where [`OldHookList::merge`] put a hook.
enum Merged {
    New,
    /// Combined with the entry at this index.
    Into(usize),
}

impl OldHookList {
    /// The entries, in the order they were added.
    pub fn hooks(&self) -> &[OldHook] {
        &self.hooks
    }

    pub fn len(&self) -> usize {
        self.hooks.len()
    }

    pub fn is_empty(&self) -> bool {
        self.hooks.is_empty()
    }

    /// Add the address and events from the form. Nothing ticked is refused
    /// ([`HookRefusal::NoEventsTicked`]): on a form with two boxes it is more likely a
    /// slip than "I do not know". A refused address may carry a
    /// [`HookRefusal::suggestion`].
    ///
    /// ```
    /// use calendly::Event;
    /// use migration::old_hooks::{HookRefusal, OldHookList};
    /// let mut list = OldHookList::default();
    /// let added = list.add_form("https://a.example.com/h", &[Event::InviteeCreated]).unwrap();
    /// assert_eq!(added.message(), "Added https://a.example.com/h to your list.");
    /// assert_eq!(list.add_form("https://b.example.com/h", &[]), Err(HookRefusal::NoEventsTicked));
    /// ```
    pub fn add_form(&mut self, url: &str, events: &[Event]) -> Result<Added, HookRefusal> {
        let hook = from_form(url, events)?;
        self.add_form_hook(hook, events)
    }

    /// [`OldHookList::add_form`] for a hook whose address another rule has checked
    /// ([`crate::practice`]'s, in test mode).
    pub fn add_form_hook(&mut self, hook: OldHook, events: &[Event]) -> Result<Added, HookRefusal> {
        if events.is_empty() {
            return Err(HookRefusal::NoEventsTicked);
        }
        let merged = self.merge(hook, &mut self.addresses());
        self.flag_near_duplicates();
        let (index, already) = match merged {
            Merged::New => (self.hooks.len() - 1, false),
            Merged::Into(index) => (index, true),
        };
        let hook = &self.hooks[index];
        Ok(Added {
            url: hook.url.clone(),
            already,
            events: hook.events.clone(),
        })
    }

    /// Read pasted text (addresses, a saved v1 answer, a CSV export) into the list.
    /// Entries already in the list are combined, not added twice, so the same text can be
    /// read again after mending a refused line.
    ///
    /// ```
    /// use migration::old_hooks::OldHookList;
    /// let mut list = OldHookList::default();
    /// list.add_pasted("https://a.example.com/h\nlocalhost/x\n");
    /// let again = list.add_pasted("https://a.example.com/h\nhttps://b.example.com/h\n");
    /// assert_eq!((again.added, again.combined.len()), (1, 1));
    /// assert_eq!(list.len(), 2);
    /// ```
    pub fn add_pasted(&mut self, text: &str) -> PasteOutcome {
        let (format, checked, refused) = read_pasted(text);
        let before = self.hooks.len();
        let (mut added, mut combined) = (0, Vec::<PublicUrl>::new());
        let mut at = self.addresses();
        let mut counted = HashSet::new();
        for hook in checked {
            match self.merge(hook, &mut at) {
                Merged::New => added += 1,
                Merged::Into(index) if index < before => {
                    if counted.insert(index) {
                        combined.push(self.hooks[index].url.clone());
                    }
                }
                // A repeat within this paste: one new entry, already counted.
                Merged::Into(_) => {}
            }
        }
        self.flag_near_duplicates();
        PasteOutcome {
            format,
            added,
            combined,
            refused,
        }
    }

    /// Take out the entry at `index` (`None` if there is none); look-alike flags that
    /// pointed at it go too.
    ///
    /// ```
    /// use migration::old_hooks::{HookNote, OldHookList};
    /// let mut list = OldHookList::default();
    /// list.add_pasted("https://a.example.com/h\nhttps://a.example.com/h/\n");
    /// let removed = list.remove(1).unwrap();
    /// assert_eq!(removed.message(), "Removed https://a.example.com/h/ from your list.");
    /// assert_eq!(list.hooks()[0].notes, [HookNote::AssumedV1Events]);
    /// assert!(list.remove(5).is_none());
    /// ```
    pub fn remove(&mut self, index: usize) -> Option<Removed> {
        if index >= self.hooks.len() {
            return None;
        }
        let hook = self.hooks.remove(index);
        self.flag_near_duplicates();
        Some(Removed { hook })
    }

    /// Every event the listed webhooks send, in Calendly's order (for the token
    /// permissions they need).
    ///
    /// ```
    /// use calendly::Event;
    /// let mut list = migration::old_hooks::OldHookList::default();
    /// list.add_pasted("https://a.example.com/h contact.created\nhttps://b.example.com/h invitee.created\n");
    /// assert_eq!(list.events_in_use(), [Event::InviteeCreated, Event::ContactCreated]);
    /// ```
    pub fn events_in_use(&self) -> Vec<Event> {
        calendly_order(self.hooks.iter().flat_map(|h| h.events.iter().cloned()))
    }

    /// Where each address is in the list, for [`OldHookList::merge`]: a paste of 20,000
    /// lines is then read with look-ups, not 20,000 searches of the list so far.
    fn addresses(&self) -> HashMap<String, usize> {
        self.hooks
            .iter()
            .enumerate()
            .map(|(index, hook)| (hook.url.as_str().to_owned(), index))
            .collect()
    }

    /// Put one checked hook in the list: a new entry, or combined with the entry that has
    /// its address (the module's first rule). `at` is [`OldHookList::addresses`], kept up
    /// to date.
    fn merge(&mut self, hook: OldHook, at: &mut HashMap<String, usize>) -> Merged {
        let Some(&index) = at.get(hook.url.as_str()) else {
            at.insert(hook.url.as_str().to_owned(), self.hooks.len());
            self.hooks.push(hook);
            return Merged::New;
        };
        let same = &mut self.hooks[index];
        // The same entry read again (a paste read again after mending a refused line, the
        // form sent twice) brings nothing new and is not one more old webhook.
        let read_again =
            hook.source == same.source && hook.events.iter().all(|e| same.events.contains(e));
        if !hook.notes.contains(&HookNote::AssumedV1Events) {
            same.notes.retain(|n| *n != HookNote::AssumedV1Events);
            same.events = calendly_order(same.events.drain(..).chain(hook.events));
        }
        let also_at = HookNote::MergedDuplicate {
            also_at: hook.source.clone(),
        };
        if !read_again && !same.notes.contains(&also_at) {
            same.notes.push(also_at);
        }
        Merged::Into(index)
    }

    /// Flag look-alike addresses on both sides, across the whole list, from scratch:
    /// which of two is right only the user knows.
    fn flag_near_duplicates(&mut self) {
        // Grouped by key, so each address meets only its look-alikes (in list order).
        let keys: Vec<String> = self.hooks.iter().map(|h| h.url.near_key()).collect();
        let mut alike: HashMap<&str, Vec<String>> = HashMap::new();
        for (hook, key) in self.hooks.iter().zip(&keys) {
            alike
                .entry(key)
                .or_default()
                .push(hook.url.as_str().to_owned());
        }
        for (hook, key) in self.hooks.iter_mut().zip(&keys) {
            hook.notes
                .retain(|n| !matches!(n, HookNote::NearDuplicate { .. }));
            for other in &alike[key.as_str()] {
                if other != hook.url.as_str() {
                    hook.notes.push(HookNote::NearDuplicate {
                        other: other.clone(),
                    });
                }
            }
        }
    }
}

impl From<Vec<OldHook>> for OldHookList {
    fn from(hooks: Vec<OldHook>) -> OldHookList {
        let mut list = OldHookList::default();
        let mut at = HashMap::new();
        for hook in hooks {
            list.merge(hook, &mut at);
        }
        list.flag_near_duplicates();
        list
    }
}

impl From<OldHookList> for Vec<OldHook> {
    fn from(list: OldHookList) -> Vec<OldHook> {
        list.hooks
    }
}

/// One hook from the form: an address and the ticked events (empty means both v1 events).
/// [`OldHookList::add_form`] adds it to the list (and asks when nothing is ticked).
///
/// ```
/// let hook = migration::old_hooks::from_form("https://a.example.com/h", &[]).unwrap();
/// assert_eq!(hook.events, calendly::Event::V1);
/// ```
pub fn from_form(url: &str, events: &[Event]) -> Result<OldHook, HookRefusal> {
    let checked = PublicUrl::parse(url).map_err(HookRefusal::Url)?;
    Ok(from_checked(checked, events))
}

/// One hook from the form, from an address already checked (see
/// [`crate::practice::add_form`]).
pub fn from_checked(checked: CheckedUrl, events: &[Event]) -> OldHook {
    let mut notes: Vec<HookNote> = checked.warnings.into_iter().map(HookNote::Url).collect();
    let events = if events.is_empty() {
        notes.push(HookNote::AssumedV1Events);
        Event::V1.to_vec()
    } else {
        calendly_order(events.iter().cloned())
    };
    OldHook {
        url: checked.url,
        events,
        source: Source::Form,
        notes,
    }
}

/// Read pasted text in whichever of the three formats it is in, on its own (an
/// [`OldHookList`] reads into the list it already has: [`OldHookList::add_pasted`]).
///
/// ```
/// let parsed = migration::old_hooks::parse_pasted("https://a.example.com/h\nhttp://b.example.com/h\n");
/// assert_eq!(parsed.hooks.len(), 1);
/// assert_eq!(parsed.refused.len(), 1);
/// ```
pub fn parse_pasted(text: &str) -> Parsed {
    let (format, checked, refused) = read_pasted(text);
    let mut list = OldHookList::default();
    let mut at = HashMap::new();
    for hook in checked {
        list.merge(hook, &mut at);
    }
    list.flag_near_duplicates();
    Parsed {
        format,
        hooks: list.hooks,
        refused,
    }
}

/// Every entry of pasted text, checked one by one but not yet merged, and the refused
/// ones in the order they were pasted.
fn read_pasted(text: &str) -> (Format, Vec<OldHook>, Vec<Refused>) {
    let text = text.trim_start_matches('\u{FEFF}');
    let trimmed = text.trim_start();
    let (format, entries, mut refused) = if trimmed.starts_with('{') || trimmed.starts_with('[') {
        let (entries, refused) = read_json(trimmed);
        (Format::Json, entries, refused)
    } else if let Some(delimiter) = csv_delimiter(text) {
        let (entries, refused) = read_csv(text, delimiter);
        (Format::Csv, entries, refused)
    } else {
        let (entries, refused) = read_lines(text);
        (Format::Lines, entries, refused)
    };
    let mut checked = Vec::new();
    for entry in entries {
        match check_entry(&entry) {
            Ok(hook) => checked.push(hook),
            Err(reason) => refused.push(Refused {
                source: entry.source,
                text: entry.url,
                reason,
            }),
        }
    }
    refused.sort_by_key(|r| source_order(&r.source));
    (format, checked, refused)
}

/// One entry before its address and events are checked.
struct RawEntry {
    source: Source,
    url: String,
    events: Vec<String>,
    state: Option<String>,
}

fn source_order(source: &Source) -> usize {
    match source {
        Source::Form => 0,
        Source::Line { line } => *line,
        Source::JsonItem { index, .. } => *index,
    }
}

fn check_entry(entry: &RawEntry) -> Result<OldHook, HookRefusal> {
    if entry.url.trim().is_empty() {
        return Err(HookRefusal::NoAddress);
    }
    let checked = PublicUrl::parse(&entry.url).map_err(HookRefusal::Url)?;
    let mut events = Vec::new();
    for name in &entry.events {
        match parse_event_name(name) {
            Some(e) => events.push(e),
            None => {
                return Err(HookRefusal::UnknownEvent {
                    name: name.trim().to_owned(),
                })
            }
        }
    }
    let mut notes: Vec<HookNote> = checked.warnings.into_iter().map(HookNote::Url).collect();
    if events.is_empty() {
        events = Event::V1.to_vec();
        notes.push(HookNote::AssumedV1Events);
    }
    if let Some(state) = &entry.state {
        let s = state.trim();
        if !s.is_empty() && !s.eq_ignore_ascii_case("active") {
            notes.push(HookNote::WasNotActive {
                state: s.to_owned(),
            });
        }
    }
    Ok(OldHook {
        url: checked.url,
        events: calendly_order(events),
        source: entry.source.clone(),
        notes,
    })
}

/// Split a list of event names written as `a, b`, `a b`, `a;b` or `a|b`.
fn split_events(text: &str) -> Vec<String> {
    text.split(|c: char| c.is_whitespace() || matches!(c, ',' | ';' | '|'))
        .map(|s| s.trim_matches(['"', '\'', '[', ']']))
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect()
}

// ---------------------------------------------------------------------------------------
// One address per line, optionally followed by events: `https://… invitee.created`.

fn read_lines(text: &str) -> (Vec<RawEntry>, Vec<Refused>) {
    let mut entries = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') || line.starts_with("//") {
            continue;
        }
        let (url, rest) = split_address(line);
        entries.push(RawEntry {
            source: Source::Line { line: i + 1 },
            // A separator right before a space ("https://…/hook, invitee.created") is not
            // part of the address.
            url: url
                .trim_end_matches([',', ';', '|'])
                .trim_matches(['"', '\''])
                .to_owned(),
            events: split_events(rest),
            state: None,
        });
    }
    (entries, Vec::new())
}

/// The address at the start of a line and the rest. The address ends at the first
/// whitespace, or at a `,`/`;`/`|` that is followed by an event name (so a comma inside a
/// query string such as `?ids=1,2` stays part of the address).
fn split_address(line: &str) -> (&str, &str) {
    let end = line.find(char::is_whitespace).unwrap_or(line.len());
    let token = &line[..end];
    let cut = token.char_indices().find(|(i, c)| {
        matches!(c, ',' | ';' | '|') && {
            let after = &token[i + 1..];
            let first = after.split([',', ';', '|']).next().unwrap_or("");
            parse_event_name(first).is_some()
        }
    });
    match cut {
        Some((i, _)) => (&line[..i], &line[i + 1..]),
        None => (token, &line[end..]),
    }
}

// ---------------------------------------------------------------------------------------
// JSON: a v1 `GET /hooks` answer (`{"data": [{"id", "attributes": {"url", "events",
// "state"}}]}`), one `GET /hooks/{id}` answer (`data` an object), a bare list of such
// items, or flat objects with `url`/`callback_url` and `events` (also a V2 listing).

fn read_json(text: &str) -> (Vec<RawEntry>, Vec<Refused>) {
    let value: Value = match serde_json::from_str(text) {
        Ok(v) => v,
        Err(e) => {
            let reason = HookRefusal::BadJson {
                detail: format!("line {}, column {}", e.line(), e.column()),
            };
            return (
                Vec::new(),
                vec![Refused {
                    source: Source::Line { line: e.line() },
                    text: String::new(),
                    reason,
                }],
            );
        }
    };
    let items: Vec<&Value> = match &value {
        Value::Array(items) => items.iter().collect(),
        Value::Object(map) => match map
            .get("data")
            .or_else(|| map.get("collection"))
            .or_else(|| map.get("hooks"))
        {
            Some(Value::Array(items)) => items.iter().collect(),
            Some(item @ Value::Object(_)) => vec![item],
            _ if map.contains_key("url")
                || map.contains_key("attributes")
                || map.contains_key("callback_url") =>
            {
                vec![&value]
            }
            _ => Vec::new(),
        },
        _ => Vec::new(),
    };
    if items.is_empty() {
        let refused = Refused {
            source: Source::Line { line: 1 },
            text: String::new(),
            reason: HookRefusal::NoHooksInJson,
        };
        return (Vec::new(), vec![refused]);
    }
    let mut entries = Vec::new();
    for (index, item) in items.into_iter().enumerate() {
        let attributes = item.get("attributes").unwrap_or(item);
        let v1_id = item.get("id").and_then(|id| match id {
            Value::Number(n) => Some(n.to_string()),
            Value::String(s) => Some(s.clone()),
            _ => None,
        });
        let text_of = |key: &str| {
            attributes
                .get(key)
                .and_then(Value::as_str)
                .map(str::to_owned)
        };
        let url = text_of("url")
            .or_else(|| text_of("callback_url"))
            .unwrap_or_default();
        let events = match attributes.get("events") {
            Some(Value::Array(list)) => list
                .iter()
                .map(|e| e.as_str().map_or_else(|| e.to_string(), str::to_owned))
                .collect(),
            Some(Value::String(s)) => split_events(s),
            _ => Vec::new(),
        };
        entries.push(RawEntry {
            source: Source::JsonItem { index, v1_id },
            url,
            events,
            state: text_of("state"),
        });
    }
    (entries, Vec::new())
}

// ---------------------------------------------------------------------------------------
// CSV with a header row naming an address column.

const URL_HEADERS: [&str; 7] = [
    "url",
    "callback_url",
    "callback url",
    "webhook url",
    "webhook",
    "address",
    "endpoint",
];

/// The delimiters spreadsheet programs write: `,`, `;` (programs set to a European
/// locale, where the comma is the decimal mark) and tab.
const CSV_DELIMITERS: [u8; 3] = [b',', b';', b'\t'];

/// A reader over pasted CSV text. Rows of another length than the header are read too
/// (`flexible`), so each can be refused with its reason rather than ending the import.
/// Quoting (`"…"` with `""` for a quote, line breaks inside quotes), CRLF and a byte-order
/// mark are the `csv` crate's.
fn csv_reader(text: &str, delimiter: u8) -> csv::Reader<&[u8]> {
    csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes())
}

fn is_blank(record: &csv::StringRecord) -> bool {
    record.iter().all(|cell| cell.trim().is_empty())
}

/// The first row that is not blank.
fn csv_first_row(text: &str, delimiter: u8) -> Option<csv::StringRecord> {
    csv_reader(text, delimiter)
        .into_records()
        .map_while(Result::ok)
        .find(|r| !is_blank(r))
}

fn names_address(cell: &str) -> bool {
    URL_HEADERS.contains(&cell.trim().to_ascii_lowercase().as_str())
}

/// The delimiter, when the first row is a CSV header with an address column. Of the
/// delimiters that give such a header, the one that splits it into the most columns wins
/// (a `;` header can hold a comma in a column name); a single column needs `,`.
fn csv_delimiter(text: &str) -> Option<u8> {
    let mut best: Option<(u8, usize)> = None;
    for delimiter in CSV_DELIMITERS {
        let Some(header) = csv_first_row(text, delimiter) else {
            continue;
        };
        let usable = header.iter().any(names_address) && (header.len() > 1 || delimiter == b',');
        if usable && best.is_none_or(|(_, columns)| header.len() > columns) {
            best = Some((delimiter, header.len()));
        }
    }
    best.map(|(delimiter, _)| delimiter)
}

fn read_csv(text: &str, delimiter: u8) -> (Vec<RawEntry>, Vec<Refused>) {
    let mut reader = csv_reader(text, delimiter);
    // Each row with its line number and its text as pasted. The reader's own positions
    // start at the previous row's line break, so the row's first line is counted here.
    let mut records = std::iter::from_fn(|| {
        let mut record = csv::StringRecord::new();
        let start = reader.position().byte() as usize;
        // Text that is valid UTF-8 cannot fail to read with a flexible reader.
        match reader.read_record(&mut record) {
            Ok(true) => {
                let end = reader.position().byte() as usize;
                let raw = text.get(start..end).unwrap_or_default();
                let row = raw.trim_start_matches(['\r', '\n']);
                let row_start = start + (raw.len() - row.len());
                let line = 1 + text[..row_start].matches('\n').count();
                Some((record, line, row))
            }
            Ok(false) | Err(_) => None,
        }
    })
    .filter(|(record, _, _)| !is_blank(record));
    let Some((header, _, _)) = records.next() else {
        return (Vec::new(), Vec::new());
    };
    let header: Vec<String> = header
        .iter()
        .map(|c| c.trim().to_ascii_lowercase())
        .collect();
    let column = |names: &[&str]| header.iter().position(|h| names.contains(&h.as_str()));
    let url_col = column(&URL_HEADERS).expect("the delimiter was chosen for its address column");
    let events_col = column(&["events", "event", "event types", "triggers"]);
    let state_col = column(&["state", "status"]);
    let (mut entries, mut refused) = (Vec::new(), Vec::new());
    for (cells, line, raw) in records {
        let source = Source::Line { line };
        if cells.len() < url_col + 1 || cells.len() > header.len() {
            refused.push(Refused {
                source,
                text: raw.trim().to_owned(),
                reason: HookRefusal::CsvShape {
                    expected: header.len(),
                    found: cells.len(),
                },
            });
            continue;
        }
        let cell = |c: Option<usize>| c.and_then(|c| cells.get(c)).map(|s| s.trim().to_owned());
        entries.push(RawEntry {
            source,
            url: cell(Some(url_col)).unwrap_or_default(),
            events: cell(events_col)
                .map(|e| split_events(&e))
                .unwrap_or_default(),
            state: cell(state_col),
        });
    }
    (entries, refused)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn urls(parsed: &Parsed) -> Vec<&str> {
        parsed.hooks.iter().map(|h| h.url.as_str()).collect()
    }

    #[test]
    fn the_form_takes_an_address_and_ticked_events() {
        let hook = from_form(" https://example.com/h ", &[Event::InviteeCanceled]).unwrap();
        assert_eq!(hook.url.as_str(), "https://example.com/h");
        assert_eq!(hook.events, vec![Event::InviteeCanceled]);
        assert!(hook.notes.is_empty());
        let assumed = from_form("https://example.com/h", &[]).unwrap();
        assert_eq!(assumed.events, Event::V1.to_vec());
        assert_eq!(assumed.notes, vec![HookNote::AssumedV1Events]);
        assert!(matches!(
            from_form("http://example.com/h", &[]),
            Err(HookRefusal::Url(UrlRefusal::NotHttps { .. }))
        ));
    }

    #[test]
    fn addresses_one_per_line_with_optional_events() {
        let parsed = parse_pasted(
            "\n# our hooks\nhttps://a.example.com/hook\r\n  https://b.example.com/hook invitee.created\n\
             https://c.example.com/hook, invitee.created; invitee.cancelled\n\nhttps://localhost/x\n",
        );
        assert_eq!(parsed.format, Format::Lines);
        assert_eq!(
            urls(&parsed),
            [
                "https://a.example.com/hook",
                "https://b.example.com/hook",
                "https://c.example.com/hook"
            ]
        );
        assert_eq!(parsed.hooks[0].events, Event::V1.to_vec());
        assert_eq!(parsed.hooks[0].notes, vec![HookNote::AssumedV1Events]);
        assert_eq!(parsed.hooks[1].events, vec![Event::InviteeCreated]);
        assert_eq!(parsed.hooks[2].events, Event::V1.to_vec());
        assert_eq!(parsed.hooks[1].source, Source::Line { line: 4 });
        assert_eq!(parsed.refused.len(), 1);
        assert_eq!(parsed.refused[0].source, Source::Line { line: 7 });
        assert_eq!(
            parsed.refused[0].reason,
            HookRefusal::Url(UrlRefusal::ThisComputer)
        );
    }

    #[test]
    fn commas_inside_an_address_stay_in_it() {
        let parsed = parse_pasted(
            "https://a.example.com/h?ids=1,2\nhttps://b.example.com/h,invitee.canceled\nhttps://c.example.com/h;invitee.created|invitee.canceled\n",
        );
        assert_eq!(
            urls(&parsed),
            [
                "https://a.example.com/h?ids=1,2",
                "https://b.example.com/h",
                "https://c.example.com/h"
            ]
        );
        assert_eq!(parsed.hooks[1].events, vec![Event::InviteeCanceled]);
        assert_eq!(parsed.hooks[2].events, Event::V1.to_vec());
    }

    #[test]
    fn an_unknown_event_refuses_the_line_with_its_name() {
        let parsed = parse_pasted("https://a.example.com/h invitee.booked");
        assert!(parsed.hooks.is_empty());
        assert_eq!(
            parsed.refused[0].reason,
            HookRefusal::UnknownEvent {
                name: "invitee.booked".into()
            }
        );
        assert!(parsed.refused[0]
            .reason
            .to_string()
            .contains("invitee.created"));
    }

    const V1_HOOKS: &str = r#"{
      "data": [
        { "type": "hooks", "id": 497836,
          "attributes": { "url": "https://crm.example.com/calendly", "created_at": "2019-09-10T06:51:55Z",
                          "state": "active", "events": ["invitee.created", "invitee.canceled"] } },
        { "type": "hooks", "id": 497837,
          "attributes": { "url": "https://zap.example.net/hooks/catch/1/", "created_at": "2020-01-01T00:00:00Z",
                          "state": "disabled", "events": ["invitee.created"] } },
        { "type": "hooks", "id": 497838,
          "attributes": { "url": "http://old.example.org/hook", "state": "active", "events": ["invitee.canceled"] } }
      ]
    }"#;

    #[test]
    fn a_pasted_v1_get_hooks_answer() {
        let parsed = parse_pasted(V1_HOOKS);
        assert_eq!(parsed.format, Format::Json);
        assert_eq!(
            urls(&parsed),
            [
                "https://crm.example.com/calendly",
                "https://zap.example.net/hooks/catch/1/"
            ]
        );
        assert_eq!(parsed.hooks[0].events, Event::V1.to_vec());
        assert_eq!(
            parsed.hooks[0].source,
            Source::JsonItem {
                index: 0,
                v1_id: Some("497836".into())
            }
        );
        assert_eq!(
            parsed.hooks[1].notes,
            vec![
                HookNote::Url(UrlWarning::TrailingSlash),
                HookNote::WasNotActive {
                    state: "disabled".into()
                }
            ]
        );
        assert_eq!(parsed.refused.len(), 1);
        assert!(matches!(
            parsed.refused[0].reason,
            HookRefusal::Url(UrlRefusal::NotHttps { .. })
        ));
        assert_eq!(parsed.refused[0].text, "http://old.example.org/hook");
    }

    #[test]
    fn other_json_shapes_people_have() {
        let single = parse_pasted(
            r#"{"data": {"id": 1, "attributes": {"url": "https://a.example.com/h", "events": ["invitee.created"]}}}"#,
        );
        assert_eq!(urls(&single), ["https://a.example.com/h"]);
        let bare = parse_pasted(
            r#"[{"url": "https://a.example.com/h", "events": "invitee.created, invitee.canceled"}]"#,
        );
        assert_eq!(bare.hooks[0].events, Event::V1.to_vec());
        let v2 = parse_pasted(
            r#"{"collection": [{"callback_url": "https://a.example.com/h", "events": ["contact.created"]}]}"#,
        );
        assert_eq!(v2.hooks[0].events, vec![Event::ContactCreated]);
        let flat = parse_pasted(r#"{"url": "https://a.example.com/h"}"#);
        assert_eq!(flat.hooks.len(), 1);
    }

    #[test]
    fn broken_or_empty_json_is_explained() {
        let broken = parse_pasted("{\"data\": [ {\"url\": \"https://a.example.com\" ");
        assert!(broken.hooks.is_empty());
        assert!(matches!(
            broken.refused[0].reason,
            HookRefusal::BadJson { .. }
        ));
        let empty = parse_pasted(r#"{"something": 1}"#);
        assert_eq!(empty.refused[0].reason, HookRefusal::NoHooksInJson);
        let none =
            parse_pasted(r#"{"data": [{"id": 3, "attributes": {"events": ["invitee.created"]}}]}"#);
        assert_eq!(none.refused[0].reason, HookRefusal::NoAddress);
    }

    #[test]
    fn csv_with_a_header_in_any_column_order_and_delimiter() {
        let parsed = parse_pasted(
            "Name,Events,URL,State\n\
             CRM,\"invitee.created, invitee.canceled\",https://crm.example.com/calendly,active\n\
             Sheets,invitee.created,https://sheets.example.com/h,inactive\n\
             Broken,invitee.created,https://x.example.com/h,active,extra\n\
             \n\
             Local,invitee.created,https://192.168.0.10/h,active\n",
        );
        assert_eq!(parsed.format, Format::Csv);
        assert_eq!(
            urls(&parsed),
            [
                "https://crm.example.com/calendly",
                "https://sheets.example.com/h"
            ]
        );
        assert_eq!(parsed.hooks[0].events, Event::V1.to_vec());
        assert_eq!(
            parsed.hooks[1].notes,
            vec![HookNote::WasNotActive {
                state: "inactive".into()
            }]
        );
        assert_eq!(parsed.refused.len(), 2);
        assert_eq!(
            parsed.refused[0].reason,
            HookRefusal::CsvShape {
                expected: 4,
                found: 5
            }
        );
        assert_eq!(parsed.refused[0].source, Source::Line { line: 4 });
        assert_eq!(
            parsed.refused[1].reason,
            HookRefusal::Url(UrlRefusal::PrivateNetwork)
        );

        let semicolons = parse_pasted("url;events\nhttps://a.example.com/h;invitee.canceled\n");
        assert_eq!(semicolons.format, Format::Csv);
        assert_eq!(semicolons.hooks[0].events, vec![Event::InviteeCanceled]);
        let tabs = parse_pasted("Webhook URL\tEvent\nhttps://a.example.com/h\tinvitee.created\n");
        assert_eq!(tabs.hooks[0].events, vec![Event::InviteeCreated]);
    }

    #[test]
    fn a_quoted_csv_cell_keeps_its_commas_and_doubled_quotes() {
        let parsed = parse_pasted(
            "url,events,note\nhttps://a.example.com/h,\"invitee.created, invitee.canceled\",\"say \"\"hi\"\"\"\n",
        );
        assert!(parsed.refused.is_empty(), "{:?}", parsed.refused);
        assert_eq!(parsed.hooks[0].events, Event::V1.to_vec());
    }

    #[test]
    fn a_line_break_inside_quotes_stays_in_one_row_and_later_lines_keep_their_numbers() {
        let parsed = parse_pasted(
            "Name,URL,Events\n\"CRM\nmain\",https://crm.example.com/h,invitee.created\n\
             Sheets,http://sheets.example.com/h,invitee.created\n",
        );
        assert_eq!(urls(&parsed), ["https://crm.example.com/h"]);
        assert_eq!(parsed.hooks[0].source, Source::Line { line: 2 });
        assert_eq!(parsed.refused[0].source, Source::Line { line: 4 });
    }

    #[test]
    fn a_byte_order_mark_and_crlf_line_ends_are_ignored() {
        let parsed = parse_pasted(
            "\u{FEFF}URL,Events\r\nhttps://a.example.com/h,invitee.canceled\r\n\r\nhttps://b.example.com/h,invitee.created\r\n",
        );
        assert_eq!(parsed.format, Format::Csv);
        assert_eq!(
            urls(&parsed),
            ["https://a.example.com/h", "https://b.example.com/h"]
        );
        assert_eq!(parsed.hooks[0].events, vec![Event::InviteeCanceled]);
        assert_eq!(parsed.hooks[1].source, Source::Line { line: 4 });
    }

    #[test]
    fn a_european_semicolon_file_keeps_commas_inside_its_cells() {
        let parsed = parse_pasted(
            "Name;Webhook URL;Events;Cost, in EUR\nCRM;https://a.example.com/h?ids=1,2;invitee.created, invitee.canceled;12,50\n",
        );
        assert_eq!(parsed.format, Format::Csv);
        assert!(parsed.refused.is_empty(), "{:?}", parsed.refused);
        assert_eq!(urls(&parsed), ["https://a.example.com/h?ids=1,2"]);
        assert_eq!(parsed.hooks[0].events, Event::V1.to_vec());
    }

    #[test]
    fn a_refused_csv_row_is_quoted_as_it_was_pasted() {
        let parsed = parse_pasted("url,events\nhttps://a.example.com/h,invitee.created,\"x, y\"\n");
        assert_eq!(
            parsed.refused[0].text,
            "https://a.example.com/h,invitee.created,\"x, y\""
        );
    }

    #[test]
    fn duplicates_are_merged_and_near_duplicates_flagged() {
        let parsed = parse_pasted(
            "https://a.example.com/h invitee.created\nhttps://a.example.com/h invitee.canceled\n\
             https://b.example.com/h\nhttps://b.example.com/h/\n",
        );
        assert_eq!(
            urls(&parsed),
            [
                "https://a.example.com/h",
                "https://b.example.com/h",
                "https://b.example.com/h/"
            ]
        );
        assert_eq!(parsed.hooks[0].events, Event::V1.to_vec());
        assert_eq!(
            parsed.hooks[0].notes,
            vec![HookNote::MergedDuplicate {
                also_at: Source::Line { line: 2 }
            }]
        );
        assert!(parsed.hooks[1].notes.contains(&HookNote::NearDuplicate {
            other: "https://b.example.com/h/".into()
        }));
        assert!(parsed.hooks[2].notes.contains(&HookNote::NearDuplicate {
            other: "https://b.example.com/h".into()
        }));
    }

    #[test]
    fn a_duplicate_without_events_does_not_widen_the_first() {
        let parsed =
            parse_pasted("https://a.example.com/h invitee.created\nhttps://a.example.com/h\n");
        assert_eq!(parsed.hooks[0].events, vec![Event::InviteeCreated]);
    }

    #[test]
    fn every_note_and_refusal_is_a_sentence() {
        let notes = [
            HookNote::AssumedV1Events,
            HookNote::WasNotActive {
                state: "disabled".into(),
            },
            HookNote::MergedDuplicate {
                also_at: Source::JsonItem {
                    index: 1,
                    v1_id: Some("7".into()),
                },
            },
            HookNote::NearDuplicate {
                other: "https://x".into(),
            },
            HookNote::MergedDuplicate {
                also_at: Source::Form,
            },
        ];
        for n in notes {
            assert!(n.to_string().ends_with('.'), "{n}");
        }
        assert!(HookRefusal::BadJson {
            detail: "line 1, column 2".into()
        }
        .to_string()
        .contains("line 1, column 2"));
        assert!(HookRefusal::CsvShape {
            expected: 2,
            found: 3
        }
        .to_string()
        .contains("quotation marks"));
        assert!(HookRefusal::NoEventsTicked.to_string().ends_with('.'));
    }

    // --- the list -------------------------------------------------------------------

    const A: &str = "https://a.example.com/h";

    fn listed(list: &OldHookList) -> Vec<&str> {
        list.hooks().iter().map(|h| h.url.as_str()).collect()
    }

    #[test]
    fn the_form_adds_a_new_address_and_says_so() {
        let mut list = OldHookList::default();
        let added = list.add_form(A, &[Event::InviteeCanceled]).unwrap();
        assert!(!added.already);
        assert_eq!(added.message(), format!("Added {A} to your list."));
        assert_eq!(list.hooks()[0].events, vec![Event::InviteeCanceled]);
        assert_eq!(list.hooks()[0].source, Source::Form);
    }

    #[test]
    fn the_form_combines_events_for_an_address_already_listed_and_says_what_it_now_sends() {
        let mut list = OldHookList::default();
        list.add_pasted(&format!("{A} invitee.canceled"));
        let added = list.add_form(A, &[Event::InviteeCreated]).unwrap();
        assert!(added.already);
        assert_eq!(added.events, Event::V1.to_vec());
        assert_eq!(
            added.message(),
            format!("{A} was already in your list; it now sends: Someone books, Someone cancels.")
        );
        assert_eq!(list.len(), 1);
        assert!(list.hooks()[0].notes.contains(&HookNote::MergedDuplicate {
            also_at: Source::Form
        }));
    }

    #[test]
    fn the_form_refuses_nothing_ticked() {
        let mut list = OldHookList::default();
        let refusal = list.add_form(A, &[]).unwrap_err();
        assert_eq!(refusal, HookRefusal::NoEventsTicked);
        assert!(refusal.to_string().starts_with("Tick at least one"));
        assert!(list.is_empty());
    }

    #[test]
    fn a_refused_form_address_offers_the_mended_one() {
        let mut list = OldHookList::default();
        let refusal = list
            .add_form("http://a.example.com/h", &Event::V1)
            .unwrap_err();
        assert_eq!(refusal.suggestion(), Some(A));
        assert!(list
            .add_form(refusal.suggestion().unwrap(), &Event::V1)
            .is_ok());
        let refusal = list
            .add_form("https://localhost/h", &Event::V1)
            .unwrap_err();
        assert_eq!(refusal.suggestion(), None);
    }

    #[test]
    fn merging_across_two_pastes_is_the_same_as_within_one() {
        let first = format!("{A} invitee.created\nhttps://b.example.com/h\n");
        // The second paste's lines are numbered as if it followed the first in one paste.
        let second = format!("\n\n{A} invitee.canceled\nhttps://b.example.com/h/\n{A}\n");
        let mut list = OldHookList::default();
        list.add_pasted(&first);
        list.add_pasted(&second);
        let one_paste = parse_pasted(&format!(
            "{A} invitee.created\nhttps://b.example.com/h\n{A} invitee.canceled\nhttps://b.example.com/h/\n{A}\n"
        ));
        assert_eq!(list.hooks(), one_paste.hooks.as_slice());
        assert_eq!(list.hooks()[0].events, Event::V1.to_vec());
    }

    #[test]
    fn a_second_paste_of_the_same_address_is_recorded_as_a_duplicate() {
        let mut list = OldHookList::default();
        list.add_pasted(&format!("{A} invitee.created"));
        let outcome = list.add_pasted(&format!("{A} invitee.canceled"));
        assert_eq!((outcome.added, outcome.combined.len()), (0, 1));
        assert_eq!(
            list.hooks()[0].notes,
            vec![HookNote::MergedDuplicate {
                also_at: Source::Line { line: 1 }
            }]
        );
    }

    #[test]
    fn the_assumed_events_note_is_dropped_when_a_later_paste_names_events() {
        let mut list = OldHookList::default();
        list.add_pasted(A);
        assert_eq!(list.hooks()[0].notes, vec![HookNote::AssumedV1Events]);
        list.add_form(A, &[Event::ContactCreated]).unwrap();
        assert!(!list.hooks()[0].notes.contains(&HookNote::AssumedV1Events));
        assert_eq!(
            list.hooks()[0].events,
            [
                Event::InviteeCreated,
                Event::InviteeCanceled,
                Event::ContactCreated
            ]
        );
    }

    #[test]
    fn a_later_entry_without_events_does_not_widen_an_earlier_one() {
        let mut list = OldHookList::default();
        list.add_form(A, &[Event::InviteeCreated]).unwrap();
        list.add_pasted(A);
        assert_eq!(list.hooks()[0].events, vec![Event::InviteeCreated]);
        assert!(!list.hooks()[0].notes.contains(&HookNote::AssumedV1Events));
    }

    #[test]
    fn reading_the_same_paste_again_adds_nothing_and_counts_nothing_twice() {
        let text =
            format!("{A} invitee.created\nhttps://b.example.com/h\nhttp://c.example.com/h\n");
        let mut list = OldHookList::default();
        list.add_pasted(&text);
        let before = list.clone();
        let again = list.add_pasted(&text);
        assert_eq!(list, before);
        assert_eq!(
            (again.added, again.combined.len(), again.refused.len()),
            (0, 2, 1)
        );
    }

    #[test]
    fn look_alike_addresses_are_flagged_across_pastes() {
        let mut list = OldHookList::default();
        list.add_pasted(A);
        list.add_pasted(&format!("{A}/"));
        assert_eq!(listed(&list), [A, "https://a.example.com/h/"]);
        assert!(list.hooks()[0].notes.contains(&HookNote::NearDuplicate {
            other: format!("{A}/")
        }));
        assert!(list.hooks()[1]
            .notes
            .contains(&HookNote::NearDuplicate { other: A.into() }));
    }

    #[test]
    fn removing_a_look_alike_clears_the_flag_on_the_other() {
        let mut list = OldHookList::default();
        list.add_pasted(&format!("{A}\n{A}/\n"));
        list.remove(0).unwrap();
        assert_eq!(listed(&list), ["https://a.example.com/h/"]);
        assert!(!list.hooks()[0]
            .notes
            .iter()
            .any(|n| matches!(n, HookNote::NearDuplicate { .. })));
    }

    #[test]
    fn addresses_that_differ_only_in_host_case_or_default_port_are_one_entry() {
        let mut list = OldHookList::default();
        list.add_pasted("https://A.example.com/h invitee.created");
        list.add_form("https://a.example.com:443/h", &[Event::InviteeCanceled])
            .unwrap();
        assert_eq!(listed(&list), [A]);
        assert_eq!(list.hooks()[0].events, Event::V1.to_vec());
    }

    #[test]
    fn events_stay_in_calendly_order_after_a_merge() {
        let mut list = OldHookList::default();
        list.add_form(A, &[Event::ContactCreated, Event::InviteeCanceled])
            .unwrap();
        list.add_form(A, &[Event::InviteeNoShowCreated, Event::InviteeCreated])
            .unwrap();
        assert_eq!(
            list.hooks()[0].events,
            [
                Event::InviteeCreated,
                Event::InviteeCanceled,
                Event::InviteeNoShowCreated,
                Event::ContactCreated
            ]
        );
    }

    #[test]
    fn the_paste_summary_counts_new_and_combined_addresses() {
        let mut list = OldHookList::default();
        list.add_form(A, &Event::V1).unwrap();
        let outcome = list.add_pasted(&format!(
            "url,events\n{A},invitee.created\nhttps://b.example.com/h,\nhttps://c.example.com/h,\n"
        ));
        assert_eq!(
            outcome.summary(),
            "Read as a spreadsheet export (CSV): 2 webhooks were added to your list; 1 was already in it (the \
             events of both were combined)."
        );
    }

    #[test]
    fn a_paste_with_no_address_says_what_to_paste() {
        let outcome = OldHookList::default().add_pasted("# nothing here\n\n");
        assert!(outcome.summary().starts_with("We found no web addresses"));
    }

    #[test]
    fn the_list_is_saved_as_a_plain_list_and_read_back_by_its_rules() {
        let mut list = OldHookList::default();
        list.add_pasted(&format!("{A}\n{A}/\n"));
        let json = serde_json::to_string(&list).unwrap();
        assert_eq!(json, serde_json::to_string(list.hooks()).unwrap());
        assert_eq!(serde_json::from_str::<OldHookList>(&json).unwrap(), list);
        // A saved list with a repeat (from before these rules) is merged when read.
        let twice = vec![
            from_form(A, &[Event::InviteeCreated]).unwrap(),
            from_form(A, &[Event::InviteeCanceled]).unwrap(),
        ];
        let read = OldHookList::from(twice);
        assert_eq!(read.len(), 1);
        assert_eq!(read.hooks()[0].events, Event::V1.to_vec());
    }
}
