//! What the tests share: the realistic deliveries, and running a program of this machine
//! (`node`, `python3`, `ruby`, `php`, `go`) with a clear message when it is missing.

use std::path::{Path, PathBuf};
use std::process::Command;

/// Realistic V2 deliveries, as Calendly documents them (api.md §4.4, §8.3): name and text.
pub const DELIVERIES: [(&str, &str); 8] = [
    (
        "booking-with-answers",
        include_str!("deliveries/booking-with-answers.json"),
    ),
    ("booking-paid", include_str!("deliveries/booking-paid.json")),
    (
        "reschedule-old-canceled",
        include_str!("deliveries/reschedule-old-canceled.json"),
    ),
    (
        "reschedule-new-booked",
        include_str!("deliveries/reschedule-new-booked.json"),
    ),
    (
        "canceled-by-host",
        include_str!("deliveries/canceled-by-host.json"),
    ),
    (
        "canceled-by-invitee",
        include_str!("deliveries/canceled-by-invitee.json"),
    ),
    (
        "no-show-marked",
        include_str!("deliveries/no-show-marked.json"),
    ),
    (
        "no-show-removed",
        include_str!("deliveries/no-show-removed.json"),
    ),
];

/// One delivery's text by name.
pub fn delivery(name: &str) -> &'static str {
    DELIVERIES
        .iter()
        .find(|(n, _)| *n == name)
        .unwrap_or_else(|| panic!("no delivery {name}"))
        .1
}

/// A delivery as Calendly sends it: compact JSON on one line.
pub fn compact(name: &str) -> String {
    let value: serde_json::Value = serde_json::from_str(delivery(name)).unwrap();
    serde_json::to_string(&value).unwrap()
}

/// A fresh folder for one test's files.
pub fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("migration-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Run `program` with `args` in `dir`; its standard output. Fails the test, saying how
/// to get the program, if it is missing or fails.
pub fn run(program: &str, args: &[&Path], dir: &Path) -> String {
    let out = Command::new(program)
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap_or_else(|e| {
            panic!("cannot run {program}: {e}. `cargo xtask test` installs it (Debian: ruby, php-cli, golang-go)")
        });
    assert!(
        out.status.success(),
        "{program} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}
