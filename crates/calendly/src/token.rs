//! The user's access token as a secret: it can be sent in an `Authorization` header and
//! nothing else. `Debug` and `Display` never show it, so it cannot leak into a log, a
//! panic message or an error report by accident. Its memory is overwritten with zeros
//! when it is dropped (Start over, a new token), so the text does not linger in the
//! WebAssembly heap; the signing key is treated the same way.

use std::fmt;

use zeroize::{Zeroize, ZeroizeOnDrop};

/// A Calendly V2 access token (personal access token or OAuth access token).
///
/// ```
/// let token = calendly::AccessToken::parse("  eyJhbGciOi.eyJpc3Mi.c2ln \n").unwrap();
/// assert_eq!(format!("{token:?}"), "AccessToken([hidden])");
/// assert_eq!(token.expose(), "eyJhbGciOi.eyJpc3Mi.c2ln");
/// ```
#[derive(Clone, PartialEq, Eq)]
pub struct AccessToken(String);

/// Why text cannot be used as a token at all (it would not even fit in a header).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TokenParseError {
    /// Nothing was pasted.
    Empty,
    /// Spaces, line breaks or control characters inside: usually two things pasted at once.
    ContainsWhitespace,
}

impl fmt::Display for TokenParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            TokenParseError::Empty => "The token is empty. Paste the token you copied from Calendly.",
            TokenParseError::ContainsWhitespace => {
                "The token contains spaces or line breaks. Copy it again from Calendly and paste only the token."
            }
        })
    }
}

impl std::error::Error for TokenParseError {}

impl AccessToken {
    /// Accepts the pasted text without surrounding whitespace. Whether it is a PAT, an
    /// OAuth token or an old v1 key is decided elsewhere (token triage); here we only
    /// refuse what could not be sent as a bearer token.
    pub fn parse(text: &str) -> Result<AccessToken, TokenParseError> {
        let text = text.trim();
        if text.is_empty() {
            return Err(TokenParseError::Empty);
        }
        if text
            .chars()
            .any(|c| c.is_whitespace() || c.is_control() || !c.is_ascii())
        {
            return Err(TokenParseError::ContainsWhitespace);
        }
        Ok(AccessToken(text.to_owned()))
    }

    /// The token text, for the `Authorization` header only.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl Zeroize for AccessToken {
    fn zeroize(&mut self) {
        self.0.zeroize();
    }
}

impl Drop for AccessToken {
    fn drop(&mut self) {
        self.zeroize();
    }
}

impl ZeroizeOnDrop for AccessToken {}

impl fmt::Debug for AccessToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("AccessToken([hidden])")
    }
}

impl fmt::Display for AccessToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("[hidden token]")
    }
}

/// The secret Calendly uses to sign deliveries of a PAT-created subscription. Write-only:
/// Calendly never returns it, so it must be shown to the user once and not printed again.
#[derive(Clone, PartialEq, Eq)]
pub struct SigningKey(String);

impl SigningKey {
    /// Any non-empty text without whitespace (Calendly documents no other rule).
    pub fn parse(text: &str) -> Result<SigningKey, TokenParseError> {
        let text = text.trim();
        if text.is_empty() {
            return Err(TokenParseError::Empty);
        }
        if text.chars().any(|c| c.is_whitespace() || c.is_control()) {
            return Err(TokenParseError::ContainsWhitespace);
        }
        Ok(SigningKey(text.to_owned()))
    }

    /// The key text, for the create request body (and the one screen that shows it).
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl Zeroize for SigningKey {
    fn zeroize(&mut self) {
        self.0.zeroize();
    }
}

impl Drop for SigningKey {
    fn drop(&mut self) {
        self.zeroize();
    }
}

impl ZeroizeOnDrop for SigningKey {}

impl fmt::Debug for SigningKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("SigningKey([hidden])")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn token_never_prints() {
        let token = AccessToken::parse("eyJsecret.eyJsecret.sig").unwrap();
        assert!(!format!("{token:?}").contains("secret"));
        assert!(!format!("{token}").contains("secret"));
        let key = SigningKey::parse("my-signing-secret").unwrap();
        assert!(!format!("{key:?}").contains("secret"));
    }

    #[test]
    fn token_refuses_empty_and_inner_whitespace() {
        assert_eq!(AccessToken::parse("  \n"), Err(TokenParseError::Empty));
        assert_eq!(
            AccessToken::parse("abc def"),
            Err(TokenParseError::ContainsWhitespace)
        );
        assert_eq!(AccessToken::parse(" abc \n").unwrap().expose(), "abc");
    }
}
