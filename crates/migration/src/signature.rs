//! Checking a delivery's `Calendly-Webhook-Signature` (api.md §4.4), and saying why it
//! fails when it does.
//!
//! Calendly signs each delivery to a subscription created with a signing key: the header
//! reads `t=<Unix seconds>,v1=<lower-case hex>`, where `v1` is HMAC-SHA256 of
//! `t + "." + raw body` under the key. [`parse_header`] reads the header (it never
//! panics, whatever it is given); [`check`] gives a [`Verdict`]:
//!
//! - valid (and how old), valid but older than the tolerance (3 minutes by default, as in
//!   Calendly's example), or valid but dated in the future beyond it;
//! - not valid, with the likely [`Cause`]: the header lacks `t` or `v1` or is malformed;
//!   the body was re-serialised or re-formatted (we also try the body's canonical
//!   re-serialisations: compact, in the order received, with each of the usual string
//!   escapings, and the body without the blank space copying adds at its ends; if one of
//!   them matches we say which); the body is not complete JSON (changed or cut short); the
//!   key carries extra characters or is the access token; otherwise a wrong key or a
//!   changed body. An HMAC cannot tell those last two apart, so that verdict names both,
//!   after ruling out everything that can be told apart.
//!
//! The comparison is constant-time (`hmac`'s `verify_slice`). Nothing here reads a clock:
//! the caller passes `now` in Unix seconds. [`sign`] makes a header the way Calendly does,
//! for the practice simulator and the tests.

use std::fmt;
use std::time::Duration;

use hmac::{Hmac, Mac};
use serde::Serialize;
use sha2::Sha256;

/// The header's name, as Calendly sends it.
pub const HEADER_NAME: &str = "Calendly-Webhook-Signature";

/// Calendly's example tolerance: a delivery signed more than 3 minutes ago is refused, so
/// a recorded delivery cannot be replayed later.
pub const DEFAULT_TOLERANCE: Duration = Duration::from_secs(180);

/// A parsed signature header: when it was signed and the signatures it carries (one
/// `v1` normally; several are accepted, any one matching is enough).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SignatureHeader {
    /// `t`: Unix seconds.
    pub timestamp: i64,
    /// Every `v1`, decoded from hex.
    pub signatures: Vec<[u8; 32]>,
}

/// Why a header cannot be read. [`fmt::Display`] is a plain sentence.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "problem", rename_all = "snake_case")]
pub enum HeaderProblem {
    /// Nothing was given.
    Empty,
    /// Neither `t=` nor `v1=`: not a Calendly signature header.
    NotCalendly,
    /// `v1=` but no `t=`.
    MissingTimestamp,
    /// `t=` but no `v1=` (a subscription without a signing key sends no signature at all).
    MissingSignature,
    /// A part without `=`, e.g. `t=1700000000;v1=…` (wrong separator) or stray text.
    NotKeyValue { part: String },
    /// `t` is not a whole number of seconds.
    TimestampNotANumber { found: String },
    /// The parts are not separated by commas (`t=…;v1=…`, `t=… v1=…`).
    Separator,
    /// `t=` appears twice.
    RepeatedTimestamp,
    /// `v1` is not 64 hexadecimal characters.
    SignatureNotHex { found: String },
}

impl HeaderProblem {
    /// True when a part is missing (`t` or `v1`), rather than the header being malformed.
    pub fn is_missing_part(&self) -> bool {
        matches!(
            self,
            HeaderProblem::NotCalendly
                | HeaderProblem::MissingTimestamp
                | HeaderProblem::MissingSignature
        )
    }
}

/// At most this much of a bad part is quoted back.
const QUOTE: usize = 40;

fn quoted(text: &str) -> String {
    match text.char_indices().nth(QUOTE) {
        Some((cut, _)) => format!("{}\u{2026}", &text[..cut]),
        None => text.to_owned(),
    }
}

impl fmt::Display for HeaderProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            HeaderProblem::Empty => f.write_str(
                "The signature header is empty. Copy the value of the Calendly-Webhook-Signature header of the \
                 delivery; it looks like t=1732700000,v1=5257a8\u{2026}",
            ),
            HeaderProblem::NotCalendly => f.write_str(
                "This is not a Calendly signature header: it has neither a t= part (when it was signed) nor a v1= \
                 part (the signature). Copy the value of the Calendly-Webhook-Signature header.",
            ),
            HeaderProblem::MissingTimestamp => f.write_str(
                "The header has no t= part, the time the delivery was signed. The signature covers that time, so it \
                 cannot be checked without it. Copy the whole header value.",
            ),
            HeaderProblem::MissingSignature => f.write_str(
                "The header has no v1= part, the signature itself. Copy the whole header value. (A webhook \
                 subscription created without a signing key sends no signature.)",
            ),
            HeaderProblem::NotKeyValue { part } => write!(
                f,
                "The header is malformed: \u{201c}{}\u{201d} is not a name=value part. The parts are separated by \
                 commas, like t=1732700000,v1=5257a8\u{2026}",
                quoted(part)
            ),
            HeaderProblem::TimestampNotANumber { found } => write!(
                f,
                "The header is malformed: t= should be a whole number of seconds, not \u{201c}{}\u{201d}.",
                quoted(found)
            ),
            HeaderProblem::Separator => f.write_str(
                "The header is malformed: its parts must be separated by a comma, like \
                 t=1732700000,v1=5257a8\u{2026}",
            ),
            HeaderProblem::RepeatedTimestamp => {
                f.write_str("The header is malformed: it has more than one t= part.")
            }
            HeaderProblem::SignatureNotHex { found } => write!(
                f,
                "The header is malformed: v1= should be 64 hexadecimal characters (0\u{2013}9, a\u{2013}f), not \
                 \u{201c}{}\u{201d}.",
                quoted(found)
            ),
        }
    }
}

impl std::error::Error for HeaderProblem {}

/// Read a `Calendly-Webhook-Signature` value. The header's name in front
/// (`Calendly-Webhook-Signature: …`), spaces around the parts and unknown parts (a future
/// `v2=`) are tolerated; anything else that is wrong is named.
///
/// ```
/// use migration::signature::{parse_header, HeaderProblem};
/// let header = parse_header(&format!("t=1732700000,v1={}", "ab".repeat(32))).unwrap();
/// assert_eq!(header.timestamp, 1_732_700_000);
/// assert_eq!(parse_header("t=1732700000"), Err(HeaderProblem::MissingSignature));
/// ```
pub fn parse_header(text: &str) -> Result<SignatureHeader, HeaderProblem> {
    let mut text = text.trim();
    if text
        .get(..HEADER_NAME.len())
        .is_some_and(|name| name.eq_ignore_ascii_case(HEADER_NAME))
    {
        let rest = text[HEADER_NAME.len()..].trim_start();
        if let Some(value) = rest.strip_prefix(':') {
            text = value.trim();
        }
    }
    if text.is_empty() {
        return Err(HeaderProblem::Empty);
    }
    let mut timestamp: Option<&str> = None;
    let mut signatures: Vec<&str> = Vec::new();
    let mut malformed: Option<HeaderProblem> = None;
    for part in text.split(',') {
        let part = part.trim();
        if part.is_empty() {
            continue;
        }
        let Some((name, value)) = part.split_once('=') else {
            malformed.get_or_insert(HeaderProblem::NotKeyValue {
                part: part.to_owned(),
            });
            continue;
        };
        if value.contains('=') {
            malformed.get_or_insert(HeaderProblem::Separator);
            continue;
        }
        match name.trim() {
            "t" if timestamp.is_some() => {
                malformed.get_or_insert(HeaderProblem::RepeatedTimestamp);
            }
            "t" => timestamp = Some(value.trim()),
            "v1" => signatures.push(value.trim()),
            _ => {}
        }
    }
    match (timestamp, signatures.is_empty()) {
        (None, true) => return Err(malformed.unwrap_or(HeaderProblem::NotCalendly)),
        (None, false) => return Err(HeaderProblem::MissingTimestamp),
        (Some(_), true) => return Err(HeaderProblem::MissingSignature),
        (Some(_), false) => {}
    }
    if let Some(problem) = malformed {
        return Err(problem);
    }
    let t = timestamp.unwrap_or_default();
    // Digits only: `str::parse` would also take a sign.
    if t.is_empty() || t.len() > 15 || !t.bytes().all(|b| b.is_ascii_digit()) {
        return Err(HeaderProblem::TimestampNotANumber {
            found: t.to_owned(),
        });
    }
    let timestamp: i64 = t.parse().map_err(|_| HeaderProblem::TimestampNotANumber {
        found: t.to_owned(),
    })?;
    let signatures = signatures
        .into_iter()
        .map(|v1| {
            decode_hex(v1).ok_or_else(|| HeaderProblem::SignatureNotHex {
                found: v1.to_owned(),
            })
        })
        .collect::<Result<Vec<_>, _>>()?;
    Ok(SignatureHeader {
        timestamp,
        signatures,
    })
}

fn decode_hex(text: &str) -> Option<[u8; 32]> {
    let bytes = text.as_bytes();
    if bytes.len() != 64 {
        return None;
    }
    let nibble = |b: u8| (b as char).to_digit(16).map(|d| d as u8);
    let mut out = [0u8; 32];
    for (i, pair) in bytes.chunks_exact(2).enumerate() {
        out[i] = nibble(pair[0])? << 4 | nibble(pair[1])?;
    }
    Some(out)
}

fn mac(key: &str, timestamp: i64, body: &[u8]) -> Hmac<Sha256> {
    let mut mac = Hmac::<Sha256>::new_from_slice(key.as_bytes()).expect("HMAC takes any key");
    mac.update(timestamp.to_string().as_bytes());
    mac.update(b".");
    mac.update(body);
    mac
}

/// The header Calendly would send for `body` signed with `key` at `timestamp`:
/// `t=<timestamp>,v1=<hex>`.
///
/// ```
/// use migration::signature::{check, sign, Verdict, DEFAULT_TOLERANCE};
/// let header = sign("my-key", 1_732_700_000, b"{}");
/// assert!(matches!(check("my-key", &header, b"{}", 1_732_700_010, DEFAULT_TOLERANCE), Verdict::Valid { .. }));
/// ```
pub fn sign(key: &str, timestamp: i64, body: &[u8]) -> String {
    let digest = mac(key, timestamp, body).finalize().into_bytes();
    let hex: String = digest.iter().map(|b| format!("{b:02x}")).collect();
    format!("t={timestamp},v1={hex}")
}

/// Does any of the header's signatures match, comparing in constant time?
fn matches(key: &str, header: &SignatureHeader, body: &[u8]) -> bool {
    header.signatures.iter().any(|expected| {
        mac(key, header.timestamp, body)
            .verify_slice(expected)
            .is_ok()
    })
}

/// How a body was written differently from what Calendly signed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Rewrite {
    /// Blank space or a line break was added at the start or the end (copying often does).
    Ends,
    /// Spacing or line breaks were added between the parts (pretty-printed).
    Spacing,
    /// Some characters were written differently: `é` as `\u00e9`, `/` as `\/`, `<` as
    /// `\u003c`, or the reverse.
    Escapes,
    /// Both: re-formatted and characters written differently.
    SpacingAndEscapes,
}

impl Rewrite {
    fn describe(self) -> &'static str {
        match self {
            Rewrite::Ends => "with blank space or a line break added at its start or end (copying often adds one)",
            Rewrite::Spacing => "with spaces or line breaks added between its parts (it was re-formatted or \"pretty-printed\")",
            Rewrite::Escapes => "with some characters written differently (for example \\u00e9 for \u{e9}, \\/ for /, \\u003c for <, or the reverse)",
            Rewrite::SpacingAndEscapes => "with spaces or line breaks added and some characters written differently (for example \\u00e9 for \u{e9}, or the reverse)",
        }
    }
}

/// What a mistyped key looks like.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum KeySlip {
    /// Spaces, a line break or quotation marks around the key (a key read from a file
    /// often ends with a line break).
    ExtraCharacters,
    /// The access token (`eyJ…`) was given instead of the signing key.
    AccessToken,
}

/// Why a delivery's signature is not valid, as far as can be told.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "cause", rename_all = "snake_case")]
pub enum Cause {
    /// The header lacks `t` or `v1`, or is malformed.
    Header { problem: HeaderProblem },
    /// No signing key was given.
    NoKey,
    /// The body was re-serialised or re-formatted after Calendly signed it: the same
    /// JSON, written as Calendly writes it, matches.
    Reserialised { rewrite: Rewrite },
    /// The body is not complete JSON: it was changed or cut short.
    BodyNotJson,
    /// The key is not right in a way that can be seen.
    WrongKey { slip: KeySlip },
    /// The key is not the subscription's, or the body was changed after signing (one
    /// character is enough). An HMAC cannot tell which.
    WrongKeyOrChangedBody,
}

/// The result of checking a delivery.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "verdict", rename_all = "snake_case")]
pub enum Verdict {
    /// The signature matches and was made within the tolerance. `age_seconds` is
    /// negative when the sender's clock is a little ahead.
    Valid { age_seconds: i64 },
    /// The signature matches, but it was made longer ago than the tolerance: a receiver
    /// must refuse it (it could be an old delivery sent again by someone else).
    TooOld {
        age_seconds: u64,
        tolerance_seconds: u64,
    },
    /// The signature matches, but its time is further in the future than the tolerance:
    /// one of the clocks is wrong.
    FromTheFuture {
        ahead_seconds: u64,
        tolerance_seconds: u64,
    },
    /// The signature does not match, or cannot be checked.
    NotValid { cause: Cause },
}

impl Verdict {
    /// True only for [`Verdict::Valid`]: the delivery may be trusted.
    pub fn is_valid(&self) -> bool {
        matches!(self, Verdict::Valid { .. })
    }

    /// The verdict in a few words: "Valid", "Not valid: …".
    pub fn headline(&self) -> String {
        match self {
            Verdict::Valid { .. } => "Valid".into(),
            Verdict::TooOld { .. } => "Valid signature, but too old".into(),
            Verdict::FromTheFuture { .. } => "Valid signature, but dated in the future".into(),
            Verdict::NotValid { cause } => format!(
                "Not valid: {}",
                match cause {
                    Cause::Header { problem } if problem.is_missing_part() =>
                        "the header is incomplete",
                    Cause::Header { .. } => "the header is malformed",
                    Cause::NoKey => "no signing key",
                    Cause::Reserialised { .. } => "the body was re-serialised",
                    Cause::BodyNotJson => "the body was changed",
                    Cause::WrongKey { .. } => "wrong signing key",
                    Cause::WrongKeyOrChangedBody => "wrong signing key, or the body was changed",
                }
            ),
        }
    }

    /// One or two plain sentences: what it means and what to do.
    pub fn explanation(&self) -> String {
        match self {
            Verdict::Valid { age_seconds: 0 } => "The signature matches this body and this key. It was made just \
                 now, so a server may trust this delivery."
                .into(),
            Verdict::Valid { age_seconds } if *age_seconds >= 0 => format!(
                "The signature matches this body and this key. It was made {} ago, within the time allowed, so a \
                 server may trust this delivery.",
                plain_duration(age_seconds.unsigned_abs())
            ),
            Verdict::Valid { age_seconds } => format!(
                "The signature matches this body and this key. Its time is {} ahead of this computer's clock, which \
                 is within the time allowed.",
                plain_duration(age_seconds.unsigned_abs())
            ),
            Verdict::TooOld {
                age_seconds,
                tolerance_seconds,
            } => format!(
                "The signature matches, but it was made {} ago and the limit is {}. A server must refuse it: \
                 someone could be sending an old delivery again. (A delivery you copied a while ago is expected to \
                 be too old; raise the limit here to check it anyway.)",
                plain_duration(*age_seconds),
                plain_duration(*tolerance_seconds)
            ),
            Verdict::FromTheFuture {
                ahead_seconds,
                tolerance_seconds,
            } => format!(
                "The signature matches, but its time is {} ahead of this computer's clock (the limit is {}). Check \
                 that the clocks of this computer and of your server are set correctly.",
                plain_duration(*ahead_seconds),
                plain_duration(*tolerance_seconds)
            ),
            Verdict::NotValid { cause } => match cause {
                Cause::Header { problem } => problem.to_string(),
                Cause::NoKey => "Enter the signing key the webhook subscription was created with.".into(),
                Cause::Reserialised { rewrite } => format!(
                    "The signature matches the same message written the way Calendly writes it, but not the body as \
                     given: it was re-serialised {}. Check the signature over the raw bytes your server received, \
                     before any JSON parsing (for example express.raw() in Node.js, request.get_data() in Flask).",
                    rewrite.describe()
                ),
                Cause::BodyNotJson => "The body is not complete JSON, so it is not what Calendly sent: it was \
                     changed or cut short. Copy the raw body again, exactly as received, from its first { to its \
                     last }."
                    .into(),
                Cause::WrongKey { slip: KeySlip::ExtraCharacters } => "The key matches once the spaces, line \
                     breaks or quotation marks around it are removed. Remove them where your server reads the key \
                     (a key read from a file often ends with a line break)."
                    .into(),
                Cause::WrongKey { slip: KeySlip::AccessToken } => "This is a Calendly access token, not a \
                     signing key. The signing key is the one shown when the webhook subscription was created (the \
                     assistant shows it once, on the plan screen)."
                    .into(),
                Cause::WrongKeyOrChangedBody => "The signature does not match this body with this key. Either the \
                     key is not the one this webhook subscription was created with (each run of the assistant makes \
                     a new key; webhooks that already existed keep their old one), or the body was changed after \
                     Calendly signed it: one changed character is enough. The body is complete JSON and none of its \
                     usual re-formattings match, so it was not merely re-formatted."
                    .into(),
            },
        }
    }
}

impl fmt::Display for Verdict {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}. {}", self.headline(), self.explanation())
    }
}

/// "2 minutes 5 seconds", "1 hour 3 minutes", "4 days".
pub fn plain_duration(seconds: u64) -> String {
    let unit = |n: u64, one: &str| {
        if n == 1 {
            format!("1 {one}")
        } else {
            format!("{n} {one}s")
        }
    };
    let (days, hours, minutes, secs) = (
        seconds / 86_400,
        seconds % 86_400 / 3600,
        seconds % 3600 / 60,
        seconds % 60,
    );
    match (days, hours, minutes) {
        (0, 0, 0) => unit(secs, "second"),
        (0, 0, m) if secs == 0 => unit(m, "minute"),
        (0, 0, m) => format!("{} {}", unit(m, "minute"), unit(secs, "second")),
        (0, h, 0) => unit(h, "hour"),
        (0, h, m) => format!("{} {}", unit(h, "hour"), unit(m, "minute")),
        (d, 0, _) => unit(d, "day"),
        (d, h, _) => format!("{} {}", unit(d, "day"), unit(h, "hour")),
    }
}

/// Check a delivery: `key` as the server holds it, the header's value, the raw body, the
/// current time in Unix seconds and the tolerance.
///
/// ```
/// use migration::signature::{check, sign, Cause, Verdict, DEFAULT_TOLERANCE};
/// let body = br#"{"event":"invitee.created"}"#;
/// let header = sign("k3y-k3y-k3y", 1_000, body);
/// assert!(check("k3y-k3y-k3y", &header, body, 1_030, DEFAULT_TOLERANCE).is_valid());
/// let pretty = br#"{"event": "invitee.created"}"#;
/// assert!(matches!(
///     check("k3y-k3y-k3y", &header, pretty, 1_030, DEFAULT_TOLERANCE),
///     Verdict::NotValid { cause: Cause::Reserialised { .. } }
/// ));
/// ```
pub fn check(
    key: &str,
    header: &str,
    raw_body: &[u8],
    now_unix: i64,
    tolerance: Duration,
) -> Verdict {
    let not_valid = |cause| Verdict::NotValid { cause };
    let header = match parse_header(header) {
        Ok(header) => header,
        Err(problem) => return not_valid(Cause::Header { problem }),
    };
    if key.is_empty() {
        return not_valid(Cause::NoKey);
    }
    if matches(key, &header, raw_body) {
        let tolerance = tolerance.as_secs();
        let age = now_unix.saturating_sub(header.timestamp);
        return if age > 0 && age.unsigned_abs() > tolerance {
            Verdict::TooOld {
                age_seconds: age.unsigned_abs(),
                tolerance_seconds: tolerance,
            }
        } else if age < 0 && age.unsigned_abs() > tolerance {
            Verdict::FromTheFuture {
                ahead_seconds: age.unsigned_abs(),
                tolerance_seconds: tolerance,
            }
        } else {
            Verdict::Valid { age_seconds: age }
        };
    }
    // Not valid: rule out, one by one, what can be told apart.
    let stripped = key
        .trim()
        .trim_matches(|c| matches!(c, '"' | '\'' | '`'))
        .trim();
    if stripped != key && !stripped.is_empty() && matches(stripped, &header, raw_body) {
        return not_valid(Cause::WrongKey {
            slip: KeySlip::ExtraCharacters,
        });
    }
    for (rewrite, body) in rewrites(raw_body) {
        if matches(key, &header, &body) {
            return not_valid(Cause::Reserialised { rewrite });
        }
    }
    if serde_json::from_slice::<serde::de::IgnoredAny>(raw_body).is_err() {
        return not_valid(Cause::BodyNotJson);
    }
    if stripped.starts_with("eyJ") && stripped.matches('.').count() == 2 {
        return not_valid(Cause::WrongKey {
            slip: KeySlip::AccessToken,
        });
    }
    not_valid(Cause::WrongKeyOrChangedBody)
}

/// The bodies Calendly may have signed, if `raw` is a re-written copy: without blank
/// space at the ends, and compact in the order received with each usual string escaping.
/// Only those that differ from `raw` (and from each other).
fn rewrites(raw: &[u8]) -> Vec<(Rewrite, Vec<u8>)> {
    let mut found: Vec<(Rewrite, Vec<u8>)> = Vec::new();
    let mut add = |rewrite: Rewrite, body: Vec<u8>| {
        if body != raw && !found.iter().any(|(_, b)| *b == body) {
            found.push((rewrite, body));
        }
    };
    let trimmed = raw.trim_ascii();
    add(Rewrite::Ends, trimmed.to_vec());
    let Ok(text) = std::str::from_utf8(trimmed) else {
        return found;
    };
    if serde_json::from_str::<serde::de::IgnoredAny>(text).is_err() {
        return found;
    }
    let spacing_only = compact(text, Escaping::AsWritten);
    let respaced = spacing_only != text;
    add(Rewrite::Spacing, spacing_only.clone().into_bytes());
    for escaping in [Escaping::Minimal, Escaping::AsciiOnly, Escaping::HtmlSafe] {
        let body = compact(text, escaping);
        let rewrite = match (respaced, body != spacing_only) {
            (_, false) => Rewrite::Spacing,
            (false, true) => Rewrite::Escapes,
            (true, true) => Rewrite::SpacingAndEscapes,
        };
        add(rewrite, body.into_bytes());
    }
    found
}

/// How strings are written in a re-serialisation.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Escaping {
    /// Exactly as in the text (only the spacing between tokens goes).
    AsWritten,
    /// Only what JSON requires (`"`, `\`, control characters), like JavaScript's
    /// `JSON.stringify` and serde_json.
    Minimal,
    /// Also every non-ASCII character as `\uXXXX`, like Python's `json.dumps`.
    AsciiOnly,
    /// Also `<`, `>`, `&`, U+2028 and U+2029 as `\uXXXX`, like Ruby on Rails' `to_json`.
    HtmlSafe,
}

/// `text` (valid JSON) without blank space between tokens, keys in the order written,
/// strings re-escaped as `escaping` says.
fn compact(text: &str, escaping: Escaping) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            ' ' | '\t' | '\n' | '\r' => {}
            '"' => {
                let mut raw = String::new();
                while let Some(c) = chars.next() {
                    match c {
                        '\\' => {
                            raw.push(c);
                            if let Some(next) = chars.next() {
                                raw.push(next);
                            }
                        }
                        '"' => break,
                        _ => raw.push(c),
                    }
                }
                out.push('"');
                if escaping == Escaping::AsWritten {
                    out.push_str(&raw);
                } else {
                    write_string(&mut out, &decode_string(&raw), escaping);
                }
                out.push('"');
            }
            other => out.push(other),
        }
    }
    out
}

/// The UTF-16 code units of a JSON string's contents (escapes decoded).
fn decode_string(raw: &str) -> Vec<u16> {
    let mut units = Vec::with_capacity(raw.len());
    let mut chars = raw.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            let mut buf = [0u16; 2];
            units.extend_from_slice(c.encode_utf16(&mut buf));
            continue;
        }
        match chars.next() {
            Some('n') => units.push(0x0a),
            Some('t') => units.push(0x09),
            Some('r') => units.push(0x0d),
            Some('b') => units.push(0x08),
            Some('f') => units.push(0x0c),
            Some('u') => {
                let hex: String = chars.by_ref().take(4).collect();
                units.push(u16::from_str_radix(&hex, 16).unwrap_or(0xfffd));
            }
            Some(other) => units.push(other as u16),
            None => {}
        }
    }
    units
}

fn write_string(out: &mut String, units: &[u16], escaping: Escaping) {
    use std::fmt::Write as _;
    for item in char::decode_utf16(units.iter().copied()) {
        let c = match item {
            Ok(c) => c,
            // A lone surrogate can only be written as an escape.
            Err(lone) => {
                let _ = write!(out, "\\u{:04x}", lone.unpaired_surrogate());
                continue;
            }
        };
        let escape = match c {
            '"' => Some("\\\""),
            '\\' => Some("\\\\"),
            '\n' => Some("\\n"),
            '\r' => Some("\\r"),
            '\t' => Some("\\t"),
            '\u{8}' => Some("\\b"),
            '\u{c}' => Some("\\f"),
            _ => None,
        };
        if let Some(escape) = escape {
            out.push_str(escape);
            continue;
        }
        let as_code = c < ' '
            || (escaping == Escaping::AsciiOnly && !c.is_ascii())
            || (escaping == Escaping::HtmlSafe
                && matches!(c, '<' | '>' | '&' | '\u{2028}' | '\u{2029}'));
        if as_code {
            let mut buf = [0u16; 2];
            for unit in c.encode_utf16(&mut buf) {
                let _ = write!(out, "\\u{unit:04x}");
            }
        } else {
            out.push(c);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compact_keeps_the_order_and_drops_only_the_spacing() {
        let pretty = "{\n  \"b\": [1, 2],\n  \"a\": \"x y\\n\\u00e9\"\n}\n";
        assert_eq!(
            compact(pretty, Escaping::AsWritten),
            "{\"b\":[1,2],\"a\":\"x y\\n\\u00e9\"}"
        );
        assert_eq!(
            compact(pretty, Escaping::Minimal),
            "{\"b\":[1,2],\"a\":\"x y\\n\u{e9}\"}"
        );
    }

    #[test]
    fn each_escaping_writes_strings_as_its_serialiser_does() {
        let text = r#"{"n":"José <b> & 😀 \/ \"q\""}"#;
        assert_eq!(
            compact(text, Escaping::Minimal),
            "{\"n\":\"José <b> & 😀 / \\\"q\\\"\"}"
        );
        assert_eq!(
            compact(text, Escaping::AsciiOnly),
            r#"{"n":"Jos\u00e9 <b> & \ud83d\ude00 / \"q\""}"#
        );
        assert_eq!(
            compact(text, Escaping::HtmlSafe),
            r#"{"n":"José \u003cb\u003e \u0026 😀 / \"q\""}"#
        );
    }

    #[test]
    fn a_lone_surrogate_stays_an_escape() {
        assert_eq!(
            compact(r#"["\ud800x"]"#, Escaping::Minimal),
            r#"["\ud800x"]"#
        );
    }

    #[test]
    fn durations_read_as_words() {
        assert_eq!(plain_duration(1), "1 second");
        assert_eq!(plain_duration(59), "59 seconds");
        assert_eq!(plain_duration(180), "3 minutes");
        assert_eq!(plain_duration(125), "2 minutes 5 seconds");
        assert_eq!(plain_duration(3600), "1 hour");
        assert_eq!(plain_duration(3 * 3600 + 120), "3 hours 2 minutes");
        assert_eq!(plain_duration(2 * 86_400 + 5), "2 days");
        assert_eq!(plain_duration(86_400 + 3 * 3600), "1 day 3 hours");
    }
}
