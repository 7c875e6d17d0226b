//! The verification snippets the report gives users (Node.js and Python) are run for real:
//! they must accept a delivery signed the way Calendly documents (api.md §4.4:
//! `t=<unix>,v1=<hex HMAC-SHA256 of "t.raw_body">`) and refuse a re-serialised body, a
//! wrong key, a stale timestamp and a header without `v1`. Both interpreters are part of
//! this project's machine image.

use std::process::Command;
use std::time::{SystemTime, UNIX_EPOCH};

use hmac::{Hmac, Mac};
use migration::report::VERIFY_SIGNATURE;
use sha2::Sha256;

const KEY: &str = "0f3c9a51d2e84b7aa1c6e0d9b8f7a6c5d4e3f2a1b0c9d8e7f6a5b4c3d2e1f0a9";
// Non-ASCII on purpose: the signature covers bytes.
const BODY: &str = "{\"event\":\"invitee.created\",\"payload\":{\"name\":\"José Müller\",\"email\":\"jose@example.com\"}}";

fn sign(key: &str, t: u64, body: &str) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(key.as_bytes()).unwrap();
    mac.update(format!("{t}.").as_bytes());
    mac.update(body.as_bytes());
    mac.finalize()
        .into_bytes()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

fn now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs()
}

/// The fenced block after ```` ```lang ```` in the recipe.
fn snippet(lang: &str) -> String {
    let start = VERIFY_SIGNATURE
        .find(&format!("```{lang}\n"))
        .expect("snippet present")
        + lang.len()
        + 4;
    let len = VERIFY_SIGNATURE[start..].find("```").unwrap();
    VERIFY_SIGNATURE[start..start + len].to_owned()
}

/// Runs the snippet on (key, header, body); true if it accepted.
fn verify(lang: &str, key: &str, header: &str, body: &str) -> bool {
    let dir = std::env::temp_dir().join(format!("migration-recipe-{}-{lang}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let body_path = dir.join("body.json");
    std::fs::write(&body_path, body).unwrap();
    let (program, file, driver) = match lang {
        "python" => (
            "python3",
            "verify.py",
            "\nimport sys\nprint(verify_calendly(open(sys.argv[3], 'rb').read(), sys.argv[2], sys.argv[1]))\n",
        ),
        _ => (
            "node",
            "verify.js",
            "\nconst [k, h, p] = process.argv.slice(2);\nconsole.log(verifyCalendly(require('fs').readFileSync(p), h, k) ? 'True' : 'False');\n",
        ),
    };
    let script = dir.join(file);
    std::fs::write(&script, snippet(lang) + driver).unwrap();
    let out = Command::new(program)
        .arg(&script)
        .arg(key)
        .arg(header)
        .arg(&body_path)
        .output()
        .expect("interpreter present");
    assert!(
        out.status.success(),
        "{lang}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    match String::from_utf8_lossy(&out.stdout).trim() {
        "True" => true,
        "False" => false,
        other => panic!("{lang} printed {other:?}"),
    }
}

fn check_language(lang: &str) {
    let t = now();
    let good = format!("t={t},v1={}", sign(KEY, t, BODY));
    assert!(verify(lang, KEY, &good, BODY), "{lang}: a real signature");
    assert!(
        verify(
            lang,
            KEY,
            &format!("t={t}, v1={}", sign(KEY, t, BODY)),
            BODY
        ),
        "{lang}: a space after the comma"
    );
    let reserialised = BODY.replace("\":", "\": ");
    assert!(
        !verify(lang, KEY, &good, &reserialised),
        "{lang}: a re-serialised body"
    );
    assert!(
        !verify(lang, &KEY.replace('0', "1"), &good, BODY),
        "{lang}: another key"
    );
    let old = t - 600;
    assert!(
        !verify(
            lang,
            KEY,
            &format!("t={old},v1={}", sign(KEY, old, BODY)),
            BODY
        ),
        "{lang}: ten minutes old"
    );
    assert!(!verify(lang, KEY, &format!("t={t}"), BODY), "{lang}: no v1");
    assert!(
        !verify(
            lang,
            KEY,
            &format!("t=soon,v1={}", sign(KEY, t, BODY)),
            BODY
        ),
        "{lang}: t not a number"
    );
    assert!(
        !verify(lang, KEY, "garbage", BODY),
        "{lang}: not the header at all"
    );
    assert!(
        !verify(
            lang,
            KEY,
            &format!("t={},v1={}", t + 1, sign(KEY, t, BODY)),
            BODY
        ),
        "{lang}: t changed"
    );
}

#[test]
fn the_python_recipe_accepts_real_signatures_and_refuses_forgeries() {
    check_language("python");
}

#[test]
fn the_node_recipe_accepts_real_signatures_and_refuses_forgeries() {
    check_language("js");
}
