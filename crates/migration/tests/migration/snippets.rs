//! The signature snippets the report hands to users (`crates/migration/snippets/verify.*`:
//! Node.js, Python, Ruby, PHP, Go and Rust) are run for real, each with its own
//! interpreter or compiler, against deliveries signed by our code the way Calendly
//! documents (api.md §4.4). Each must accept a fresh, correctly signed delivery and refuse
//! a tampered body, a re-serialised body, a wrong key, a stale or future timestamp and a
//! header without `v1` (or otherwise broken). The page's own checker
//! (`migration::signature::check`) gets the same cases.

use std::path::Path;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use base64::Engine as _;
use migration::report::NextStep;
use migration::rich::Block;
use migration::signature::{check, sign, DEFAULT_TOLERANCE};
use migration::snippets;
use serde_json::json;

use crate::support::{compact, run, scratch};

// The Rust snippet, compiled here exactly as users copy it.
mod rust_snippet {
    include!("../../snippets/verify.rs");
}

const KEY: &str = "0f3c9a51d2e84b7aa1c6e0d9b8f7a6c5d4e3f2a1b0c9d8e7f6a5b4c3d2e1f0a9";

fn now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64
}

/// One delivery to check: what a server would hold, and whether it must be accepted.
struct Case {
    what: &'static str,
    key: String,
    header: String,
    body: Vec<u8>,
    accept: bool,
}

fn cases() -> Vec<Case> {
    let t = now();
    // A real booking, with non-ASCII names: the signature covers bytes.
    let body = compact("booking-with-answers").into_bytes();
    let good = sign(KEY, t, &body);
    let v1 = good.split_once(",v1=").unwrap().1.to_owned();
    let case = |what, key: &str, header: String, body: &[u8], accept| Case {
        what,
        key: key.to_owned(),
        header,
        body: body.to_vec(),
        accept,
    };
    let mut tampered = body.clone();
    let at = tampered.windows(4).position(|w| w == b"Jos\xc3").unwrap();
    tampered[at] = b'R';
    let pretty =
        serde_json::to_vec_pretty(&serde_json::from_slice::<serde_json::Value>(&body).unwrap())
            .unwrap();
    let old = t - 600;
    let soon = t + 600;
    vec![
        case(
            "a fresh, correctly signed delivery",
            KEY,
            good.clone(),
            &body,
            true,
        ),
        case(
            "a space after the comma",
            KEY,
            format!("t={t}, v1={v1}"),
            &body,
            true,
        ),
        case(
            "the body with one byte changed",
            KEY,
            good.clone(),
            &tampered,
            false,
        ),
        case(
            "the body re-serialised (pretty-printed)",
            KEY,
            good.clone(),
            &pretty,
            false,
        ),
        case(
            "another key",
            &KEY.replace('0', "1"),
            good.clone(),
            &body,
            false,
        ),
        case(
            "signed ten minutes ago",
            KEY,
            sign(KEY, old, &body),
            &body,
            false,
        ),
        case(
            "dated ten minutes ahead",
            KEY,
            sign(KEY, soon, &body),
            &body,
            false,
        ),
        case("a header without v1", KEY, format!("t={t}"), &body, false),
        case("a header without t", KEY, format!("v1={v1}"), &body, false),
        case(
            "t that is not a number",
            KEY,
            format!("t=soon,v1={v1}"),
            &body,
            false,
        ),
        case(
            "t changed",
            KEY,
            format!("t={},v1={v1}", t + 1),
            &body,
            false,
        ),
        case(
            "not a signature header",
            KEY,
            "garbage".into(),
            &body,
            false,
        ),
        case("an empty header", KEY, String::new(), &body, false),
    ]
}

/// Write the cases for a driver: `[{key, header, body (base64)}]`.
fn write_cases(dir: &Path, cases: &[Case]) -> std::path::PathBuf {
    let b64 = base64::engine::general_purpose::STANDARD;
    let list: Vec<_> = cases
        .iter()
        .map(|c| json!({ "key": c.key, "header": c.header, "body": b64.encode(&c.body) }))
        .collect();
    let path = dir.join("cases.json");
    std::fs::write(&path, serde_json::to_string(&list).unwrap()).unwrap();
    path
}

/// Compare what a snippet answered ("True"/"False", one line per case) with the cases.
fn assert_answers(language: &str, cases: &[Case], output: &str) {
    let answers: Vec<&str> = output.lines().map(str::trim).collect();
    assert_eq!(answers.len(), cases.len(), "{language} printed {output:?}");
    for (case, answer) in cases.iter().zip(answers) {
        let accepted = match answer {
            "True" => true,
            "False" => false,
            other => panic!("{language} printed {other:?} for {}", case.what),
        };
        assert_eq!(
            accepted,
            case.accept,
            "{language}: {} should be {}",
            case.what,
            if case.accept { "accepted" } else { "refused" }
        );
    }
}

/// Run `snippet` + `driver` as one script file with `program`.
fn run_script(language: &str, program: &str, file: &str, snippet: &str, driver: &str) {
    let cases = cases();
    let dir = scratch(&format!("snippet-{language}"));
    let cases_path = write_cases(&dir, &cases);
    let script = dir.join(file);
    std::fs::write(&script, format!("{snippet}\n{driver}")).unwrap();
    let output = run(program, &[&script, &cases_path], &dir);
    assert_answers(language, &cases, &output);
}

#[test]
fn the_node_snippet_accepts_real_signatures_and_refuses_forgeries() {
    run_script(
        "node",
        "node",
        "verify.js",
        snippets::VERIFY_JS,
        "const cases = JSON.parse(require('fs').readFileSync(process.argv[2], 'utf8'));\n\
         for (const c of cases) console.log(verifyCalendly(Buffer.from(c.body, 'base64'), c.header, c.key) ? 'True' : 'False');\n",
    );
}

#[test]
fn the_python_snippet_accepts_real_signatures_and_refuses_forgeries() {
    run_script(
        "python",
        "python3",
        "verify.py",
        snippets::VERIFY_PY,
        "import base64, json, sys\n\
         for c in json.load(open(sys.argv[1])):\n    print(verify_calendly(base64.b64decode(c['body']), c['header'], c['key']))\n",
    );
}

#[test]
fn the_ruby_snippet_accepts_real_signatures_and_refuses_forgeries() {
    run_script(
        "ruby",
        "ruby",
        "verify.rb",
        snippets::VERIFY_RB,
        "require 'json'\n\
         JSON.parse(File.read(ARGV[0])).each do |c|\n  puts(verify_calendly(c['body'].unpack1('m'), c['header'], c['key']) ? 'True' : 'False')\nend\n",
    );
}

#[test]
fn the_php_snippet_accepts_real_signatures_and_refuses_forgeries() {
    run_script(
        "php",
        "php",
        "verify.php",
        snippets::VERIFY_PHP,
        "foreach (json_decode(file_get_contents($argv[1]), true) as $c) {\n\
         \x20   echo verify_calendly(base64_decode($c['body']), $c['header'], $c['key']) ? \"True\\n\" : \"False\\n\";\n}\n",
    );
}

#[test]
fn the_go_snippet_accepts_real_signatures_and_refuses_forgeries() {
    let cases = cases();
    let dir = scratch("snippet-go");
    let cases_path = write_cases(&dir, &cases);
    // The snippet's package, renamed so that `go run` can build it with a main.
    let (_, rest) = snippets::VERIFY_GO
        .split_once('\n')
        .expect("a package line first");
    let snippet = dir.join("verify.go");
    std::fs::write(&snippet, format!("package main\n{rest}")).unwrap();
    let main = dir.join("main.go");
    std::fs::write(
        &main,
        r#"package main

import (
	"encoding/json"
	"fmt"
	"os"
	"time"
)

func main() {
	data, err := os.ReadFile(os.Args[1])
	if err != nil {
		panic(err)
	}
	var cases []struct {
		Key, Header string
		Body        []byte
	}
	if err := json.Unmarshal(data, &cases); err != nil {
		panic(err)
	}
	for _, c := range cases {
		if VerifyCalendly(c.Body, c.Header, c.Key, 3*time.Minute) {
			fmt.Println("True")
		} else {
			fmt.Println("False")
		}
	}
}
"#,
    )
    .unwrap();
    let output = run(
        "go",
        &[Path::new("run"), &snippet, &main, &cases_path],
        &dir,
    );
    assert_answers("go", &cases, &output);
}

#[test]
fn the_rust_snippet_accepts_real_signatures_and_refuses_forgeries() {
    let cases = cases();
    let output: String = cases
        .iter()
        .map(|c| {
            let ok = rust_snippet::verify_calendly(&c.body, &c.header, &c.key, 180);
            if ok {
                "True\n"
            } else {
                "False\n"
            }
        })
        .collect();
    assert_answers("rust", &cases, &output);
}

#[test]
fn the_pages_checker_agrees_with_the_snippets() {
    let cases = cases();
    let output: String = cases
        .iter()
        .map(|c| {
            let verdict = check(&c.key, &c.header, &c.body, now(), DEFAULT_TOLERANCE);
            if verdict.is_valid() {
                "True\n"
            } else {
                "False\n"
            }
        })
        .collect();
    assert_answers("the checker", &cases, &output);
    assert_eq!(
        DEFAULT_TOLERANCE,
        Duration::from_secs(180),
        "the snippets' 3 minutes"
    );
}

#[test]
fn the_report_shows_exactly_the_snippets_that_were_run() {
    let code_in = |step: &NextStep, language: &str| -> String {
        step.body
            .iter()
            .find_map(|block| match block {
                Block::Code { language: l, code } if l == language => Some(code.clone()),
                _ => None,
            })
            .unwrap_or_else(|| panic!("no {language} block in {:?}", step.title))
    };
    let recipe = migration::report::verify_signature(Some("abcd"));
    for (fence, code) in [("js", snippets::VERIFY_JS), ("python", snippets::VERIFY_PY)] {
        assert_eq!(
            code_in(&recipe, fence),
            code,
            "the report's {fence} block is the tested file"
        );
    }
    let others = migration::report::other_languages();
    for (fence, code) in [
        ("ruby", snippets::VERIFY_RB),
        ("php", snippets::VERIFY_PHP),
        ("go", snippets::VERIFY_GO),
        ("rust", snippets::VERIFY_RS),
    ] {
        assert_eq!(
            code_in(&others, fence),
            code,
            "the {fence} block is the tested file"
        );
    }
    let adapters = migration::report::adapters();
    for (fence, code) in [
        ("js", snippets::ADAPTER_JS),
        ("python", snippets::ADAPTER_PY),
    ] {
        assert_eq!(
            code_in(&adapters, fence),
            code,
            "the {fence} adapter is the tested file"
        );
    }
}
