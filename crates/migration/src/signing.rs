//! Signing keys: the shared secret Calendly uses to sign each delivery to a subscription
//! created with a personal access token, so the receiving server can tell a real delivery
//! from a forged one.
//!
//! We generate 32 random bytes from the operating system's (or the browser's) secure
//! random source and write them as 64 lower-case hex characters: hex has no `-`, `+` or
//! `/`, so a double-click selects the whole key and nothing is lost when it is pasted into
//! a config file. A user's own key is accepted when it is long enough to resist guessing.
//! The key is the client's [`SigningKey`] type: shown once and never stored (it does not
//! implement `Serialize`, and `Debug` hides it). A resumed run asks for the key again and checks it against a short
//! hint (its last four characters) rather than keeping it.

use calendly::SigningKey;
use serde::{Deserialize, Serialize};
use std::fmt;

/// Shortest key we accept from a user: 32 characters is 128+ bits for a random key and
/// rules out passwords and short words.
pub const MIN_OWN_KEY_LEN: usize = 32;

/// Why a key cannot be used.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "reason", rename_all = "snake_case")]
pub enum KeyRefusal {
    TooShort {
        length: usize,
    },
    /// Spaces, line breaks or non-ASCII characters inside: they get lost in copies.
    UnsafeCharacters,
    /// The same character over and over, or another pattern anyone could guess.
    TooSimple,
    /// The user pasted their access token, which must never leave Calendly's API.
    IsTheAccessToken,
    /// The browser or system could not give us random numbers.
    NoRandomSource,
}

impl fmt::Display for KeyRefusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            KeyRefusal::TooShort { length } => write!(
                f,
                "This key has {length} characters; please use at least {MIN_OWN_KEY_LEN} so nobody can guess it, \
                 or let us generate one for you."
            ),
            KeyRefusal::UnsafeCharacters => f.write_str(
                "Use only letters, digits and simple symbols in the key (no spaces, line breaks or accented letters), \
                 so it survives copying into your server's settings.",
            ),
            KeyRefusal::TooSimple => f.write_str("This key is too easy to guess. Let us generate a random one for you."),
            KeyRefusal::IsTheAccessToken => f.write_str(
                "This is your Calendly access token. Never use it as a signing key: your server would then hold a key \
                 to your whole Calendly account. Let us generate a separate signing key.",
            ),
            KeyRefusal::NoRandomSource => f.write_str(
                "Your browser could not produce a secure random key. Try another browser, or type your own key of at \
                 least 32 characters.",
            ),
        }
    }
}

impl std::error::Error for KeyRefusal {}

/// Not the key: its last four characters, so a resumed run can check that the user typed
/// the same key again without the key being stored.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct KeyHint {
    pub ends_with: String,
}

/// A fresh random key: 32 bytes as 64 lower-case hex characters.
pub fn generate() -> Result<SigningKey, KeyRefusal> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).map_err(|_| KeyRefusal::NoRandomSource)?;
    SigningKey::parse(&hex(&bytes)).map_err(|_| KeyRefusal::UnsafeCharacters)
}

/// The user's own key, trimmed, if it is long enough and copy-safe.
pub fn own(text: &str) -> Result<SigningKey, KeyRefusal> {
    let key = text.trim();
    if key.starts_with("eyJ") && key.matches('.').count() == 2 {
        return Err(KeyRefusal::IsTheAccessToken);
    }
    if !key.chars().all(|c| c.is_ascii_graphic()) {
        return Err(KeyRefusal::UnsafeCharacters);
    }
    if key.len() < MIN_OWN_KEY_LEN {
        return Err(KeyRefusal::TooShort {
            length: key.chars().count(),
        });
    }
    let mut distinct: Vec<char> = key.chars().collect();
    distinct.sort_unstable();
    distinct.dedup();
    if distinct.len() < 6 {
        return Err(KeyRefusal::TooSimple);
    }
    SigningKey::parse(key).map_err(|_| KeyRefusal::UnsafeCharacters)
}

impl KeyHint {
    /// The hint of a key: its last four characters.
    pub fn of(key: &SigningKey) -> KeyHint {
        let text = key.expose();
        KeyHint {
            ends_with: text[text.len().saturating_sub(4)..].to_owned(),
        }
    }

    /// Whether a re-entered key is plausibly the one this hint came from.
    pub fn matches(&self, key: &SigningKey) -> bool {
        KeyHint::of(key) == *self
    }
}

fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    bytes
        .iter()
        .flat_map(|b| {
            [
                DIGITS[usize::from(b >> 4)] as char,
                DIGITS[usize::from(b & 15)] as char,
            ]
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_keys_are_64_hex_characters_and_differ() {
        let a = generate().unwrap();
        let b = generate().unwrap();
        assert_eq!(a.expose().len(), 64);
        assert!(a
            .expose()
            .chars()
            .all(|c| c.is_ascii_hexdigit() && !c.is_ascii_uppercase()));
        assert_ne!(a, b, "two draws of 256 bits collided");
        // A generated key passes our own rules for user keys.
        assert_eq!(own(a.expose()).unwrap(), a);
    }

    #[test]
    fn hex_encodes_every_nibble() {
        assert_eq!(hex(&[0x00, 0x0f, 0xa5, 0xff]), "000fa5ff");
    }

    #[test]
    fn own_keys_must_be_long_copy_safe_and_not_trivial() {
        assert_eq!(own("password"), Err(KeyRefusal::TooShort { length: 8 }));
        assert_eq!(
            own("correct horse battery staple and more"),
            Err(KeyRefusal::UnsafeCharacters)
        );
        assert_eq!(own(&"é".repeat(40)), Err(KeyRefusal::UnsafeCharacters));
        assert_eq!(own(&"ab".repeat(20)), Err(KeyRefusal::TooSimple));
        let mine = "  Zq3-vX9_Lk2!mP8#rT5$wY7%bN4^cH6&  ";
        assert_eq!(own(mine).unwrap().expose(), mine.trim());
    }

    #[test]
    fn the_access_token_is_refused_as_a_key() {
        let token = crate::token::tests::pat();
        assert_eq!(own(&token), Err(KeyRefusal::IsTheAccessToken));
    }

    #[test]
    fn the_key_never_prints_and_the_hint_is_only_the_end() {
        let key = own("0123456789abcdefghijklmnopqrstuvwxyzXYZW").unwrap();
        assert!(!format!("{key:?}").contains("0123"));
        assert_eq!(
            KeyHint::of(&key),
            KeyHint {
                ends_with: "XYZW".into()
            }
        );
        assert!(KeyHint {
            ends_with: "XYZW".into()
        }
        .matches(&key));
        assert!(!KeyHint {
            ends_with: "XYZV".into()
        }
        .matches(&key));
    }

    #[test]
    fn every_refusal_reads_as_a_sentence() {
        for r in [
            KeyRefusal::TooShort { length: 3 },
            KeyRefusal::UnsafeCharacters,
            KeyRefusal::TooSimple,
            KeyRefusal::IsTheAccessToken,
            KeyRefusal::NoRandomSource,
        ] {
            let text = r.to_string();
            assert!(text.ends_with('.') && text.len() > 30, "{text}");
        }
    }
}
