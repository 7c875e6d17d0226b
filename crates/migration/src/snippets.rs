//! The code users copy into their receiving server, kept as real files in `snippets/` so
//! that the tests run exactly what users read: signature checks in Node.js, Python, Ruby,
//! PHP, Go and Rust (`verify.*`), and the adapters that turn a V2 delivery into the old v1
//! shape in Node.js and Python (`adapter.*`, equivalent to [`crate::payload::as_v1`]).
//!
//! The report's next steps show them as code blocks of rich text
//! ([`crate::report::verify_signature`]: Node.js and Python; [`crate::report::other_languages`];
//! [`crate::report::adapters`]), and the pages show the same files.

pub const VERIFY_JS: &str = include_str!("../snippets/verify.js");
pub const VERIFY_PY: &str = include_str!("../snippets/verify.py");
pub const VERIFY_RB: &str = include_str!("../snippets/verify.rb");
pub const VERIFY_PHP: &str = include_str!("../snippets/verify.php");
pub const VERIFY_GO: &str = include_str!("../snippets/verify.go");
pub const VERIFY_RS: &str = include_str!("../snippets/verify.rs");

pub const ADAPTER_JS: &str = include_str!("../snippets/adapter.js");
pub const ADAPTER_PY: &str = include_str!("../snippets/adapter.py");

/// Every signature check: the language's name, its Markdown fence and the code.
pub const VERIFY: [(&str, &str, &str); 6] = [
    ("Node.js", "js", VERIFY_JS),
    ("Python", "python", VERIFY_PY),
    ("Ruby", "ruby", VERIFY_RB),
    ("PHP", "php", VERIFY_PHP),
    ("Go", "go", VERIFY_GO),
    ("Rust", "rust", VERIFY_RS),
];

/// Both adapters: the language's name, its Markdown fence and the code.
pub const ADAPTER: [(&str, &str, &str); 2] = [
    ("Node.js", "js", ADAPTER_JS),
    ("Python", "python", ADAPTER_PY),
];
