use hmac::{Hmac, Mac};
use sha2::Sha256;
use std::time::{SystemTime, UNIX_EPOCH};

/// Whether a delivery really comes from Calendly. `raw_body` is the request body exactly as
/// received (for example axum's `Bytes`), before any JSON parsing; `header` is the
/// Calendly-Webhook-Signature header. Needs the `hmac` and `sha2` crates.
pub fn verify_calendly(
    raw_body: &[u8],
    header: &str,
    signing_key: &str,
    tolerance_secs: u64,
) -> bool {
    let (mut t, mut v1) = ("", "");
    for (name, value) in header.split(',').filter_map(|part| part.split_once('=')) {
        match name.trim() {
            "t" => t = value.trim(),
            "v1" => v1 = value.trim(),
            _ => {}
        }
    }
    let Ok(seconds) = t.parse::<u64>() else {
        return false;
    };
    let hex = |b: u8| b.is_ascii_hexdigit();
    if !t.bytes().all(|b| b.is_ascii_digit()) || v1.len() != 64 || !v1.bytes().all(hex) {
        return false;
    }
    let Some(expected) = (0..32)
        .map(|i| u8::from_str_radix(v1.get(2 * i..2 * i + 2)?, 16).ok())
        .collect::<Option<Vec<u8>>>()
    else {
        return false;
    };
    let mut mac = Hmac::<Sha256>::new_from_slice(signing_key.as_bytes()).expect("any key length");
    mac.update(format!("{t}.").as_bytes());
    mac.update(raw_body);
    if mac.verify_slice(&expected).is_err() {
        return false; // verify_slice compares in constant time
    }
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    now.abs_diff(seconds) <= tolerance_secs
}
