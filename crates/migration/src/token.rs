//! Token triage: what did the user paste into the token box, before anything is sent?
//!
//! People paste the wrong thing (the retired v1 API key, their email, the signing key, the
//! page's URL) and then retry the same value in a loop when a tool only says "invalid
//! token". So we classify the text locally, repair harmless copy-and-paste damage silently
//! (whitespace, line breaks, quotes, a `Bearer ` prefix), decode a JWT's header and claims
//! (no signature check: the claims are informational, `GET /users/me` stays authoritative)
//! and say in plain words what it is and what to do next.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use calendly::AccessToken;
use serde::{Deserialize, Serialize};

/// Where the user creates a personal access token, in the words of Calendly's menus.
pub const TOKEN_PAGE_STEPS: &str = "In Calendly, open Integrations, choose the \"API & Webhooks\" tile \
(https://calendly.com/integrations/api_webhooks), click \"Generate new token\" (or \"Get a token now\"), \
give it a name, tick the permissions listed below, click Create and copy the token. Calendly shows it only once.";

/// The issuer Calendly puts in every V2 token it mints.
const CALENDLY_ISSUER: &str = "https://auth.calendly.com";

/// Harmless damage that triage removed without asking.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Repair {
    /// Spaces or line breaks before or after the token.
    TrimmedWhitespace,
    /// Quotes around the token (copied from code or a JSON file).
    RemovedQuotes,
    /// A `Bearer ` (or `Authorization: Bearer `) prefix copied from an HTTP example.
    RemovedBearerPrefix,
    /// Line breaks or spaces inside the token (it was wrapped when copied).
    RemovedInnerWhitespace,
}

impl Repair {
    /// One plain sentence for the UI's "we tidied this up" note.
    pub fn message(self) -> &'static str {
        match self {
            Repair::TrimmedWhitespace => "Removed spaces or line breaks around the token.",
            Repair::RemovedQuotes => "Removed the quotation marks around the token.",
            Repair::RemovedBearerPrefix => "Removed the word \"Bearer\" in front of the token.",
            Repair::RemovedInnerWhitespace => {
                "Removed line breaks inside the token (it was wrapped when copied)."
            }
        }
    }
}

/// The claims of a Calendly V2 token that matter to us. Everything is optional: the claims
/// are read locally and only inform the user.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Claims {
    /// Issuer; Calendly's is `https://auth.calendly.com`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub iss: Option<String>,
    /// Issued at (Unix seconds).
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "unix_seconds"
    )]
    pub iat: Option<i64>,
    /// Expires at (Unix seconds); OAuth access tokens only.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "unix_seconds"
    )]
    pub exp: Option<i64>,
    /// The user's id: the last segment of their user URI.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_uuid: Option<String>,
    /// The OAuth application, for OAuth tokens.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub app_uid: Option<String>,
    /// Granted scopes, space-separated, when the token carries them (OAuth since 2026).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scope: Option<String>,
}

/// JWT times are "NumericDate": usually an integer, but fractions are allowed.
fn unix_seconds<'de, D: serde::Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<i64>, D::Error> {
    let value = Option::<serde_json::Number>::deserialize(deserializer)?;
    Ok(value.and_then(|n| n.as_i64().or_else(|| n.as_f64().map(|f| f as i64))))
}

impl Claims {
    /// The granted scopes, when the token lists them.
    pub fn scopes(&self) -> Option<Vec<String>> {
        self.scope
            .as_ref()
            .map(|s| s.split_whitespace().map(str::to_owned).collect())
    }
}

/// What the pasted text is.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum TokenKind {
    /// A V2 personal access token (JWT header `typ: PAT`): what this app wants.
    PersonalAccessToken { claims: Claims },
    /// A V2 OAuth access token (JWT header `typ: JWT`): works until it expires (2 hours).
    OAuthAccessToken { claims: Claims, expired: bool },
    /// A JWT that is not from Calendly, or of a type we do not know.
    OtherJwt {
        typ: Option<String>,
        issuer: Option<String>,
    },
    /// Starts like a Calendly token but is cut off or damaged.
    DamagedToken,
    /// A legacy v1 API key (32 upper-case letters and digits): retired on 2025-08-27.
    LegacyV1Key,
    /// Nothing was pasted.
    Empty,
    /// An email address.
    EmailAddress,
    /// A web address.
    WebAddress,
    /// Looks like a webhook signing key or a client secret, not an access token.
    SigningKey,
    /// Anything else.
    Unrecognized,
}

/// The outcome of triage: what it is, what we repaired, and (only when it can be used) the
/// token itself, as the client's secret type. Serializing a triage never includes it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Triage {
    pub kind: TokenKind,
    pub repairs: Vec<Repair>,
    #[serde(skip)]
    token: Option<AccessToken>,
}

impl Triage {
    /// The token to send, when it is worth sending: a personal access token, or an OAuth
    /// token that has not expired.
    pub fn usable(&self) -> Option<&AccessToken> {
        self.token.as_ref()
    }

    /// The decoded claims of a Calendly token.
    pub fn claims(&self) -> Option<&Claims> {
        match &self.kind {
            TokenKind::PersonalAccessToken { claims }
            | TokenKind::OAuthAccessToken { claims, .. } => Some(claims),
            _ => None,
        }
    }

    /// One or two plain sentences: what this is, and whether we can use it.
    pub fn message(&self) -> String {
        match &self.kind {
            TokenKind::PersonalAccessToken { claims } => {
                let mut m = String::from("This is a Calendly personal access token.");
                if let Some(iat) = claims.iat {
                    m.push_str(&format!(" It was created on {}.", date_of(iat)));
                }
                if let Some(user) = &claims.user_uuid {
                    m.push_str(&format!(" It belongs to the Calendly user with id {user}."));
                }
                m.push_str(" Next, we will ask Calendly which account it belongs to.");
                m
            }
            TokenKind::OAuthAccessToken { claims, expired: true } => format!(
                "This is a Calendly sign-in token from an app (OAuth), and it expired{}. Such tokens last only two hours: \
                 sign in again through the app that gave it to you for a new one. Better for this assistant: a \
                 personal access token, which does not expire.",
                claims.exp.map(|e| format!(" on {}", date_time_of(e))).unwrap_or_default()
            ),
            TokenKind::OAuthAccessToken { claims, expired: false } => format!(
                "This is a Calendly sign-in token from an app (OAuth). It works{}, which is usually enough; \
                 if the migration is interrupted you will need a new one. A personal access token does not expire.",
                claims.exp.map(|e| format!(" until {}", date_time_of(e))).unwrap_or_default()
            ),
            TokenKind::OtherJwt { issuer, .. } => format!(
                "This looks like a sign-in token, but not one made by Calendly{}. Please create a Calendly personal access token.",
                issuer.as_ref().map(|i| format!(" (it was issued by {i})")).unwrap_or_default()
            ),
            TokenKind::DamagedToken => "This looks like the beginning of a Calendly token, but part of it is missing or damaged. \
                Calendly shows a token only once, so if you no longer have the full text, create a new one."
                .into(),
            TokenKind::LegacyV1Key => "This is an old Calendly v1 API key. Calendly switched these off on 27 August 2025, \
                together with the old webhooks, so it no longer works. You need a personal access token instead."
                .into(),
            TokenKind::Empty => "Nothing was pasted yet. Paste your Calendly personal access token.".into(),
            TokenKind::EmailAddress => "This is an email address. We need a personal access token: a long code Calendly creates for you.".into(),
            TokenKind::WebAddress => "This is a web address, not a token. The token is the long code Calendly shows after you click \"Create\" on the API & Webhooks page.".into(),
            TokenKind::SigningKey => "This looks like a webhook signing key or an app secret, not an access token. \
                Keep it for your server; here we need a personal access token (it starts with \"eyJ\")."
                .into(),
            TokenKind::Unrecognized => "This does not look like a Calendly token. A personal access token is a long code that starts with \"eyJ\" and has two dots in it.".into(),
        }
    }

    /// What to do next, in plain words, for the scopes this migration needs (see
    /// [`crate::events::required_token_scopes`]). Names any needed scope the token is known
    /// to lack.
    pub fn advice(&self, needed_scopes: &[&str]) -> String {
        let tick = needed_scopes.join(", ");
        if self.token.is_some() {
            if let Some(granted) = self.claims().and_then(Claims::scopes) {
                let missing: Vec<&str> = needed_scopes
                    .iter()
                    .copied()
                    .filter(|s| !scope_granted(&granted, s))
                    .collect();
                if !missing.is_empty() {
                    return format!(
                        "This token is missing permissions the migration needs: {}. Create a new personal access token \
                         and tick: {tick}. {TOKEN_PAGE_STEPS}",
                        missing.join(", ")
                    );
                }
            }
            return format!(
                "Make sure the token has these permissions (scopes) ticked: {tick}. If Calendly says a permission is missing, \
                 create a new token with all of them."
            );
        }
        format!("{TOKEN_PAGE_STEPS} Permissions to tick: {tick}.")
    }

    /// [`Triage::advice`] for the events the user chose.
    pub fn advice_for_events(&self, events: &[calendly::Event]) -> String {
        let names = crate::events::required_scope_names(events);
        let names: Vec<&str> = names.iter().map(String::as_str).collect();
        self.advice(&names)
    }
}

/// An error from Calendly in words that fit the token the user gave: what happened, and
/// what to do next.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Advice {
    pub message: String,
    pub next_step: String,
}

impl TokenKind {
    /// Is this a token someone gets by signing in through an app (OAuth), rather than one
    /// they make themselves in Calendly?
    pub fn is_oauth(&self) -> bool {
        matches!(self, TokenKind::OAuthAccessToken { .. })
    }
}

/// Words an error from Calendly for the kind of token that met it. A refused personal
/// access token is told where to make a new one ("In Calendly: Integrations → API &
/// Webhooks → Generate new token"); a refused OAuth token, that came from signing in
/// through an app, is told to sign in again. Every other error keeps the client's words
/// ([`calendly::Error::message`], [`calendly::Error::next_step`]), which are the same for
/// every token.
///
/// ```
/// use calendly::{Error, TokenRejection};
/// use migration::token::{advice_for, Claims, TokenKind};
/// let pat = TokenKind::PersonalAccessToken { claims: Claims::default() };
/// let advice = advice_for(&Error::TokenRejected(TokenRejection::Revoked), &pat);
/// assert!(advice.next_step.contains("Generate new token"));
/// ```
pub fn advice_for(error: &calendly::Error, kind: &TokenKind) -> Advice {
    use calendly::error::NEW_TOKEN_STEPS;
    use calendly::{Error, TokenRejection};
    let oauth = kind.is_oauth();
    let (message, next_step) = match (error, oauth) {
        (Error::TokenRejected(TokenRejection::Expired), false) => (
            "Calendly says this personal access token has expired.".to_owned(),
            format!("Make a new one ({NEW_TOKEN_STEPS}) and paste the whole new token here."),
        ),
        (Error::TokenRejected(TokenRejection::Revoked), false) => (
            "This personal access token was deleted or switched off in Calendly.".to_owned(),
            format!("Make a new one ({NEW_TOKEN_STEPS}) and paste the whole new token here."),
        ),
        (Error::TokenRejected(TokenRejection::Expired), true) => (
            "This sign-in token (from an app, through OAuth) has expired: such tokens last only two hours."
                .to_owned(),
            format!(
                "Sign in again through the app that gave it to you and paste the new token here. A personal access \
                 token does not expire: to make one, {}.",
                lower_first(NEW_TOKEN_STEPS)
            ),
        ),
        (Error::TokenRejected(TokenRejection::Revoked), true) => (
            "This sign-in token (from an app, through OAuth) was revoked.".to_owned(),
            "Sign in again through the app that gave it to you and paste the new token here.".to_owned(),
        ),
        (Error::TokenRejected(TokenRejection::Invalid), true) => (
            error.message(),
            "Sign in again through the app that gave it to you and paste the whole new token here.".to_owned(),
        ),
        (Error::MissingScopes { scopes }, true) => (
            error.message(),
            format!(
                "The app you signed in with did not ask for {}. Make a personal access token instead ({NEW_TOKEN_STEPS}) \
                 and tick at least: {}.",
                if scopes.is_empty() { "every permission needed".to_owned() } else { scopes.join(", ") },
                calendly::TokenScope::MINIMUM.map(|s| s.to_string()).join(", ")
            ),
        ),
        _ => (error.message(), error.next_step()),
    };
    Advice { message, next_step }
}

/// "In Calendly: …" inside a sentence: "in Calendly: …".
fn lower_first(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map(|c| c.to_lowercase().chain(chars).collect())
        .unwrap_or_default()
}

/// `:write` implies `:read` in the same domain (Calendly's scopes page).
fn scope_granted(granted: &[String], wanted: &str) -> bool {
    granted.iter().any(|g| g == wanted)
        || wanted.strip_suffix(":read").is_some_and(|domain| {
            granted
                .iter()
                .any(|g| g.strip_suffix(":write") == Some(domain))
        })
}

/// Classify pasted text. `now_unix` is the current time in Unix seconds (the page passes
/// `Date.now() / 1000`; the library never reads a clock) and decides whether an OAuth
/// token has expired.
///
/// ```
/// let t = migration::token::triage("  Bearer abc  ", 0);
/// assert!(t.usable().is_none());
/// ```
pub fn triage(pasted: &str, now_unix: i64) -> Triage {
    let (text, repairs) = repair(pasted);
    let kind = classify(&text, now_unix);
    let token = match &kind {
        // Classified tokens are JWT characters only, which the client's parse accepts.
        TokenKind::PersonalAccessToken { .. }
        | TokenKind::OAuthAccessToken { expired: false, .. } => AccessToken::parse(&text).ok(),
        _ => None,
    };
    Triage {
        kind,
        repairs,
        token,
    }
}

/// Whitespace that people paste without seeing it, beyond ASCII: no-break and zero-width
/// spaces and the byte-order mark.
fn is_invisible(c: char) -> bool {
    c.is_whitespace()
        || matches!(
            c,
            '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}' | '\u{FEFF}'
        )
}

fn repair(pasted: &str) -> (String, Vec<Repair>) {
    let mut repairs = Vec::new();
    let mut rest = pasted;
    // Repeat: quotes can sit inside a prefix ("Authorization: Bearer 'eyJ…'") or around it.
    // Each round only narrows `rest` (no copy, no pass over the whole text), so text
    // wrapped in thousands of quotes takes time in proportion to its length.
    loop {
        let before = rest.len();
        let trimmed = rest.trim_matches(is_invisible);
        if trimmed.len() != rest.len() {
            push_once(&mut repairs, Repair::TrimmedWhitespace);
            rest = trimmed;
        }
        if let Some(inner) = strip_quotes(rest) {
            push_once(&mut repairs, Repair::RemovedQuotes);
            rest = inner;
        }
        if let Some(after) = strip_bearer(rest) {
            push_once(&mut repairs, Repair::RemovedBearerPrefix);
            rest = after;
        }
        // Every repair removes something, so an unchanged length means nothing changed.
        if rest.len() == before {
            break;
        }
    }
    let mut text = rest.to_owned();
    // A token wrapped over several lines: only join when the pieces are all token
    // characters, so "my token is eyJ…" is not glued into nonsense.
    if text.chars().any(is_invisible) {
        let joined: String = text.chars().filter(|c| !is_invisible(*c)).collect();
        if joined.starts_with("eyJ") && joined.chars().all(is_jwt_char) {
            push_once(&mut repairs, Repair::RemovedInnerWhitespace);
            text = joined;
        }
    }
    (text, repairs)
}

fn push_once(repairs: &mut Vec<Repair>, r: Repair) {
    if !repairs.contains(&r) {
        repairs.push(r);
    }
}

fn strip_quotes(text: &str) -> Option<&str> {
    const PAIRS: [(char, char); 6] = [
        ('"', '"'),
        ('\'', '\''),
        ('`', '`'),
        ('\u{201C}', '\u{201D}'),
        ('\u{2018}', '\u{2019}'),
        ('<', '>'),
    ];
    let first = text.chars().next()?;
    let last = text.chars().next_back()?;
    // One character is not a pair.
    if text.len() < first.len_utf8() + last.len_utf8() {
        return None;
    }
    PAIRS
        .iter()
        .find(|(open, close)| *open == first && *close == last)
        .map(|(open, close)| &text[open.len_utf8()..text.len() - close.len_utf8()])
}

fn strip_bearer(text: &str) -> Option<&str> {
    for prefix in [
        "authorization: bearer",
        "authorization:bearer",
        "bearer:",
        "bearer",
    ] {
        let starts = text
            .as_bytes()
            .get(..prefix.len())
            .is_some_and(|head| head.eq_ignore_ascii_case(prefix.as_bytes()));
        if starts {
            let rest = &text[prefix.len()..];
            // "Bearer" must be a word of its own, not the start of something else.
            if prefix.ends_with("bearer")
                && !rest.starts_with(is_invisible)
                && !rest.starts_with(['"', '\''])
            {
                continue;
            }
            return Some(rest.trim_start_matches(is_invisible));
        }
    }
    None
}

fn is_jwt_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.')
}

#[derive(Deserialize)]
struct JwtHeader {
    typ: Option<String>,
}

fn decode_segment<T: serde::de::DeserializeOwned>(segment: &str) -> Option<T> {
    // Some encoders keep the `=` padding; base64url without padding is the JWT norm.
    let bytes = URL_SAFE_NO_PAD.decode(segment.trim_end_matches('=')).ok()?;
    serde_json::from_slice(&bytes).ok()
}

fn classify(text: &str, now_unix: i64) -> TokenKind {
    if text.is_empty() {
        return TokenKind::Empty;
    }
    let lower = text.to_ascii_lowercase();
    if lower.starts_with("http://") || lower.starts_with("https://") || lower.starts_with("www.") {
        return TokenKind::WebAddress;
    }
    if looks_like_email(text) {
        return TokenKind::EmailAddress;
    }
    if text.len() == 32
        && text
            .chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
    {
        return TokenKind::LegacyV1Key;
    }
    if text.starts_with("eyJ") {
        return classify_jwt(text, now_unix);
    }
    if looks_like_secret(text) {
        return TokenKind::SigningKey;
    }
    TokenKind::Unrecognized
}

fn classify_jwt(text: &str, now_unix: i64) -> TokenKind {
    let parts: Vec<&str> = text.split('.').collect();
    if parts.len() != 3 || parts.iter().any(|p| p.is_empty()) || !text.chars().all(is_jwt_char) {
        return TokenKind::DamagedToken;
    }
    let (Some(header), Some(claims)) = (
        decode_segment::<JwtHeader>(parts[0]),
        decode_segment::<Claims>(parts[1]),
    ) else {
        return TokenKind::DamagedToken;
    };
    if claims
        .iss
        .as_deref()
        .is_some_and(|iss| iss.trim_end_matches('/') != CALENDLY_ISSUER)
    {
        return TokenKind::OtherJwt {
            typ: header.typ,
            issuer: claims.iss,
        };
    }
    match header.typ.as_deref() {
        Some(t) if t.eq_ignore_ascii_case("PAT") => TokenKind::PersonalAccessToken { claims },
        // The 2021 OAuth sample had no `typ` but an `exp` and an `app_uid`.
        Some(t) if t.eq_ignore_ascii_case("JWT") => oauth(claims, now_unix),
        None if claims.exp.is_some() || claims.app_uid.is_some() => oauth(claims, now_unix),
        None if claims.user_uuid.is_some() => TokenKind::PersonalAccessToken { claims },
        typ => TokenKind::OtherJwt {
            typ: typ.map(str::to_owned),
            issuer: claims.iss,
        },
    }
}

fn oauth(claims: Claims, now_unix: i64) -> TokenKind {
    let expired = claims.exp.is_some_and(|exp| exp <= now_unix);
    TokenKind::OAuthAccessToken { claims, expired }
}

fn looks_like_email(text: &str) -> bool {
    let Some((local, domain)) = text.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !text.chars().any(char::is_whitespace)
        && !domain.contains('@')
}

/// Hex of 32+ bytes or a long base64/base64url string without dots: signing keys, client
/// secrets and our own generated keys look like this.
fn looks_like_secret(text: &str) -> bool {
    let hex = text.len() >= 32 && text.chars().all(|c| c.is_ascii_hexdigit());
    let b64 = text.len() >= 32
        && text
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '+' | '/' | '='));
    hex || b64
}

/// `YYYY-MM-DD` (UTC) for a Unix time: a civil-from-days conversion, so no date crate is
/// needed for one line of text.
pub(crate) fn date_of(unix: i64) -> String {
    let (y, m, d) = civil_from_days(unix.div_euclid(86_400));
    format!("{y:04}-{m:02}-{d:02}")
}

/// `YYYY-MM-DD HH:MM UTC`.
pub(crate) fn date_time_of(unix: i64) -> String {
    let secs = unix.rem_euclid(86_400);
    format!(
        "{} {:02}:{:02} UTC",
        date_of(unix),
        secs / 3600,
        secs % 3600 / 60
    )
}

// Howard Hinnant's algorithm (days since 1970-01-01 → proleptic Gregorian date).
fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    fn b64(json: &str) -> String {
        URL_SAFE_NO_PAD.encode(json)
    }

    /// A PAT shaped like the public samples (header, claims, a fake ES256 signature).
    pub(crate) fn pat() -> String {
        format!(
            "{}.{}.{}",
            b64(r#"{"kid":"1ce1e136773b3ea0c0b02eb53aad9ccd0e1c2a6f6e6e2c4b9c5bb09e2b8f2a1f","typ":"PAT","alg":"ES256"}"#),
            b64(r#"{"iss":"https://auth.calendly.com","iat":1767225600,"jti":"0b5c3c4e-6f1a-4a52-9a55-0d8b7e9d1c11","user_uuid":"AAAAAAAAAAAAAAAA"}"#),
            "MEUCIQDx1bq0s8wV7e3l8Qm2o5C8p3y3yQ2ZcV5n0lq1gXoGXgIgQ4s8VZ2sD9kYw1b9oVx6k8cQ2f8J4n3t0u7a1b2c3d4"
        )
    }

    fn oauth_token(exp: i64, scope: &str) -> String {
        format!(
            "{}.{}.sig",
            b64(r#"{"kid":"k","typ":"JWT","alg":"ES256"}"#),
            b64(&format!(
                r#"{{"iss":"https://auth.calendly.com","iat":1000,"exp":{exp},"jti":"j","user_uuid":"U1","app_uid":"A1","scope":"{scope}"}}"#
            ))
        )
    }

    #[test]
    fn a_clean_pat_is_usable_and_its_claims_are_shown() {
        let t = triage(&pat(), 1_800_000_000);
        assert!(t.repairs.is_empty());
        assert_eq!(t.usable().map(AccessToken::expose), Some(pat().as_str()));
        let claims = t.claims().expect("claims");
        assert_eq!(claims.user_uuid.as_deref(), Some("AAAAAAAAAAAAAAAA"));
        assert!(t.message().contains("2026-01-01"), "{}", t.message());
        assert!(t.message().contains("AAAAAAAAAAAAAAAA"));
    }

    #[test]
    fn whitespace_quotes_and_bearer_are_repaired() {
        for (pasted, expected) in [
            (format!("  {}\n", pat()), vec![Repair::TrimmedWhitespace]),
            (format!("\"{}\"", pat()), vec![Repair::RemovedQuotes]),
            (format!("'{}'", pat()), vec![Repair::RemovedQuotes]),
            (
                format!("\u{201C}{}\u{201D}", pat()),
                vec![Repair::RemovedQuotes],
            ),
            (
                format!("Bearer {}", pat()),
                vec![Repair::RemovedBearerPrefix],
            ),
            (
                format!("bearer  {}", pat()),
                vec![Repair::RemovedBearerPrefix],
            ),
            (
                format!("Authorization: Bearer {}", pat()),
                vec![Repair::RemovedBearerPrefix],
            ),
            (
                format!("Bearer:{}", pat()),
                vec![Repair::RemovedBearerPrefix],
            ),
            (
                format!(" \"Bearer {}\"\r\n", pat()),
                vec![
                    Repair::TrimmedWhitespace,
                    Repair::RemovedQuotes,
                    Repair::RemovedBearerPrefix,
                ],
            ),
            (
                format!("Bearer \"{}\"", pat()),
                vec![Repair::RemovedBearerPrefix, Repair::RemovedQuotes],
            ),
            (
                format!("\u{FEFF}{}\u{200B}", pat()),
                vec![Repair::TrimmedWhitespace],
            ),
        ] {
            let t = triage(&pasted, 0);
            assert_eq!(
                t.usable().map(AccessToken::expose),
                Some(pat().as_str()),
                "{pasted:?}"
            );
            assert_eq!(t.repairs, expected, "{pasted:?}");
        }
    }

    #[test]
    fn a_token_wrapped_over_lines_is_joined() {
        let p = pat();
        let wrapped = format!("{}\n{}\n  {}", &p[..60], &p[60..120], &p[120..]);
        let t = triage(&wrapped, 0);
        assert_eq!(t.usable().map(AccessToken::expose), Some(p.as_str()));
        assert!(t.repairs.contains(&Repair::RemovedInnerWhitespace));
    }

    fn pat_kind() -> TokenKind {
        TokenKind::PersonalAccessToken {
            claims: Claims::default(),
        }
    }

    fn oauth_kind() -> TokenKind {
        TokenKind::OAuthAccessToken {
            claims: Claims::default(),
            expired: false,
        }
    }

    const MAKE_A_NEW_ONE: &str =
        "In Calendly: Integrations \u{2192} API & Webhooks \u{2192} Generate new token";

    #[test]
    fn an_expired_personal_access_token_is_told_where_to_make_a_new_one() {
        let error = calendly::Error::TokenRejected(calendly::TokenRejection::Expired);
        let advice = advice_for(&error, &pat_kind());
        assert!(
            advice.message.contains("personal access token has expired"),
            "{advice:?}"
        );
        assert!(advice.next_step.contains(MAKE_A_NEW_ONE), "{advice:?}");
        assert!(
            !advice.next_step.to_lowercase().contains("sign in"),
            "{advice:?}"
        );
    }

    #[test]
    fn a_revoked_personal_access_token_is_told_where_to_make_a_new_one() {
        let error = calendly::Error::TokenRejected(calendly::TokenRejection::Revoked);
        let advice = advice_for(&error, &pat_kind());
        assert!(
            advice.message.contains("deleted or switched off"),
            "{advice:?}"
        );
        assert!(advice.next_step.contains(MAKE_A_NEW_ONE), "{advice:?}");
        assert!(
            !advice.next_step.to_lowercase().contains("sign in"),
            "{advice:?}"
        );
    }

    #[test]
    fn an_expired_oauth_token_is_told_to_sign_in_again() {
        let error = calendly::Error::TokenRejected(calendly::TokenRejection::Expired);
        let advice = advice_for(&error, &oauth_kind());
        assert!(advice.message.contains("two hours"), "{advice:?}");
        assert!(advice.next_step.starts_with("Sign in again"), "{advice:?}");
    }

    #[test]
    fn an_oauth_token_without_a_permission_is_offered_a_personal_access_token() {
        let error = calendly::Error::MissingScopes {
            scopes: vec!["webhooks:write".into()],
        };
        let advice = advice_for(&error, &oauth_kind());
        assert!(
            advice.next_step.contains("did not ask for webhooks:write"),
            "{advice:?}"
        );
        assert!(
            advice.next_step.contains("Make a personal access token"),
            "{advice:?}"
        );
        // For a personal access token the client's own words already fit.
        assert_eq!(advice_for(&error, &pat_kind()).next_step, error.next_step());
    }

    #[test]
    fn errors_that_do_not_concern_the_token_keep_the_clients_words() {
        let error = calendly::Error::ServerError { status: 502 };
        for kind in [pat_kind(), oauth_kind()] {
            assert_eq!(
                advice_for(&error, &kind),
                Advice {
                    message: error.message(),
                    next_step: error.next_step()
                }
            );
        }
    }

    #[test]
    fn a_sentence_containing_a_token_is_not_glued() {
        let t = triage(&format!("my token is {}", pat()), 0);
        assert!(t.usable().is_none());
        assert_eq!(t.kind, TokenKind::Unrecognized);
    }

    #[test]
    fn an_oauth_token_is_usable_until_it_expires() {
        let live = triage(&oauth_token(2000, "users:read webhooks:write"), 1999);
        assert!(matches!(
            live.kind,
            TokenKind::OAuthAccessToken { expired: false, .. }
        ));
        assert!(live.usable().is_some());
        assert!(
            live.message().contains("1970-01-01 00:33 UTC"),
            "{}",
            live.message()
        );

        let dead = triage(&oauth_token(2000, ""), 2000);
        assert!(matches!(
            dead.kind,
            TokenKind::OAuthAccessToken { expired: true, .. }
        ));
        assert!(dead.usable().is_none());
        assert!(dead.message().contains("expired"));
    }

    #[test]
    fn missing_scopes_in_the_claims_are_named() {
        let t = triage(
            &oauth_token(i64::MAX, "users:read organizations:read webhooks:write"),
            0,
        );
        let advice = t.advice(&[
            "users:read",
            "organizations:read",
            "webhooks:read",
            "webhooks:write",
            "scheduled_events:read",
        ]);
        // webhooks:read is implied by webhooks:write; scheduled_events:read is missing.
        assert!(
            advice.contains("missing permissions the migration needs: scheduled_events:read."),
            "{advice}"
        );
    }

    #[test]
    fn a_legacy_v1_key_is_recognised_and_explained() {
        let t = triage("ABCDEFGHIJKLMNOPQRSTUVWXYZ012345", 0);
        assert_eq!(t.kind, TokenKind::LegacyV1Key);
        assert!(t.usable().is_none());
        assert!(t.message().contains("2025"));
        let advice = t.advice(&["users:read"]);
        assert!(
            advice.contains("Integrations")
                && advice.contains("API & Webhooks")
                && advice.contains("users:read"),
            "{advice}"
        );
        let advice = t.advice_for_events(&[calendly::Event::ContactCreated]);
        assert!(advice.ends_with("Permissions to tick: users:read, organizations:read, webhooks:read, webhooks:write, contacts:read."), "{advice}");
        // 31 or 33 characters, or lower case, is not a v1 key.
        assert_ne!(
            triage("ABCDEFGHIJKLMNOPQRSTUVWXYZ01234", 0).kind,
            TokenKind::LegacyV1Key
        );
        assert_ne!(
            triage("abcdefghijklmnopqrstuvwxyz012345", 0).kind,
            TokenKind::LegacyV1Key
        );
    }

    #[test]
    fn other_things_people_paste_are_named() {
        assert_eq!(triage("", 0).kind, TokenKind::Empty);
        assert_eq!(triage(" \n\t", 0).kind, TokenKind::Empty);
        assert_eq!(triage("jane@example.com", 0).kind, TokenKind::EmailAddress);
        assert_eq!(
            triage("https://calendly.com/integrations/api_webhooks", 0).kind,
            TokenKind::WebAddress
        );
        assert_eq!(triage(&"ab12".repeat(16), 0).kind, TokenKind::SigningKey);
        assert_eq!(
            triage("Zm9vYmFyYmF6cXV4Zm9vYmFyYmF6cXV4Zm9vYmFy-_", 0).kind,
            TokenKind::SigningKey
        );
        assert_eq!(triage("hello", 0).kind, TokenKind::Unrecognized);
        assert_eq!(triage("bearerless", 0).kind, TokenKind::Unrecognized);
        for kind in ["", "jane@example.com", "hello"] {
            assert!(!triage(kind, 0).message().is_empty());
        }
    }

    #[test]
    fn a_cut_off_token_is_called_damaged() {
        let p = pat();
        let cut = &p[..p.rfind('.').unwrap()];
        assert_eq!(triage(cut, 0).kind, TokenKind::DamagedToken);
        assert_eq!(triage(&format!("{cut}."), 0).kind, TokenKind::DamagedToken);
        assert_eq!(triage("eyJhbGciOi.!!!.x", 0).kind, TokenKind::DamagedToken);
        assert_eq!(
            triage("eyJub3QganNvbg.eyJ4Ijox.sig", 0).kind,
            TokenKind::DamagedToken
        );
    }

    #[test]
    fn a_jwt_from_someone_else_is_not_taken() {
        let other = format!(
            "{}.{}.s",
            b64(r#"{"typ":"JWT","alg":"HS256"}"#),
            b64(r#"{"iss":"https://accounts.google.com","exp":99}"#)
        );
        let t = triage(&other, 0);
        assert!(matches!(t.kind, TokenKind::OtherJwt { .. }));
        assert!(t.usable().is_none());
        assert!(t.message().contains("accounts.google.com"));
    }

    #[test]
    fn fractional_times_are_read() {
        let tok = format!(
            "{}.{}.s",
            b64(r#"{"typ":"JWT"}"#),
            b64(r#"{"iss":"https://auth.calendly.com","iat":1000.5,"exp":2000.9,"user_uuid":"U"}"#)
        );
        let t = triage(&tok, 1999);
        assert_eq!(t.claims().unwrap().exp, Some(2000));
        assert!(t.usable().is_some());
    }

    #[test]
    fn the_2021_oauth_sample_without_typ_counts_as_oauth() {
        let tok = format!(
            "{}.{}.s",
            b64(r#"{"alg":"HS256"}"#),
            b64(
                r#"{"iss":"https://auth.calendly.com","iat":1,"exp":7201,"user_uuid":"U","app_uid":"A"}"#
            )
        );
        assert!(matches!(
            triage(&tok, 10).kind,
            TokenKind::OAuthAccessToken { expired: false, .. }
        ));
    }

    #[test]
    fn debug_serialization_and_display_never_show_the_token() {
        let p = pat();
        let t = triage(&format!("Bearer {p}"), 0);
        let secret_part = &p[p.rfind('.').unwrap() + 1..];
        assert!(!format!("{t:?}").contains(secret_part));
        assert!(!serde_json::to_string(&t).unwrap().contains(secret_part));
        assert!(!format!("{}", t.usable().unwrap()).contains(secret_part));
        assert!(!t.message().contains(secret_part));
    }

    #[test]
    fn dates_are_converted_correctly() {
        assert_eq!(date_of(0), "1970-01-01");
        assert_eq!(date_of(951_782_400), "2000-02-29");
        assert_eq!(date_of(1_767_225_599), "2025-12-31");
        assert_eq!(date_time_of(1_767_225_600 + 3_661), "2026-01-01 01:01 UTC");
        assert_eq!(date_of(-86_400), "1969-12-31");
    }
}
