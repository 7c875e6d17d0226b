//! The code users copy into their receiving server, kept as real files in `snippets/` so
//! that the tests run exactly what users read: signature checks in Node.js, Python, Ruby,
//! PHP, Go and Rust (`verify.*`), and the adapters that turn a V2 delivery into the old v1
//! shape in Node.js and Python (`adapter.*`, equivalent to [`crate::payload::as_v1`]).
//!
//! The report's recipe ([`crate::report::VERIFY_SIGNATURE`]) shows the Node.js and Python
//! checks; [`OTHER_LANGUAGES`] and [`ADAPTERS`] are further next steps in Markdown, and the
//! page shows the same files.

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

/// A next step: the signature check in the four other languages.
pub const OTHER_LANGUAGES: &str = concat!(
    "The same check in other languages, tested the same way. To check one delivery by hand, paste its ",
    "signature header, its raw body and the signing key into the assistant's page \u{201c}Check a webhook ",
    "signature\u{201d} (on its first screen): it says whether the signature is valid and, if not, the likely ",
    "reason. Nothing typed there leaves the browser.\n\nRuby:\n\n```ruby\n",
    include_str!("../snippets/verify.rb"),
    "```\n\nPHP:\n\n```php\n",
    include_str!("../snippets/verify.php"),
    "```\n\nGo:\n\n```go\n",
    include_str!("../snippets/verify.go"),
    "```\n\nRust (with the `hmac` and `sha2` crates):\n\n```rust\n",
    include_str!("../snippets/verify.rs"),
    "```\n"
);

/// A next step: keep old code running with an adapter while it is rewritten.
pub const ADAPTERS: &str = concat!(
    "If your server's code was written for the old webhooks, these small functions (no dependencies) ",
    "turn a V2 delivery of a booking, a cancellation or a no-show into the old v1 shape, so that the old ",
    "code keeps working unchanged while you rewrite it. Check the signature first, over the raw body; then ",
    "convert. Values V2 no longer sends (the event type's slug, kind and owner, the ready-formatted `*_pretty` ",
    "times, the other booking's details on a reschedule) come out empty (`null`). To see one of your own ",
    "deliveries the old way, paste it into the assistant's page \u{201c}See a delivery the old way\u{201d}.",
    "\n\nNode.js:\n\n```js\n",
    include_str!("../snippets/adapter.js"),
    "```\n\nPython:\n\n```python\n",
    include_str!("../snippets/adapter.py"),
    "```\n"
);
