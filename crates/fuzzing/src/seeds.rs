//! Nasty inputs built in code: too large to keep as files (a megabyte paste, 20,000 CSV
//! rows, JSON nested 100,000 deep), or clearer as code. The corpus test replays them with
//! the stored files, and `cargo xtask fuzz` hands them to the fuzzer as extra seeds.

/// One generated input: a name for messages and file names, and the bytes.
pub type Seed = (String, Vec<u8>);

/// The generated inputs for `target` (a name from [`crate::TARGETS`]).
pub fn generated(target: &str) -> Vec<Seed> {
    let mut seeds = common();
    seeds.extend(match target {
        "token_triage" => token_triage(),
        "old_hooks" => old_hooks(),
        "delivery" => delivery(),
        "calendly_answer" => calendly_answer(),
        "scenario" => scenario(),
        "simulator_request" => simulator_request(),
        _ => Vec::new(),
    });
    seeds
}

fn seed(name: &str, bytes: impl Into<Vec<u8>>) -> Seed {
    (name.to_owned(), bytes.into())
}

/// For every target: huge, deeply nested, invalid UTF-8, control characters.
fn common() -> Vec<Seed> {
    vec![
        seed("huge-letters", "a".repeat(1 << 20)),
        seed("huge-line-breaks", "\r\n".repeat(1 << 18)),
        seed("nested-arrays", "[".repeat(100_000)),
        seed("nested-objects", "{\"a\":".repeat(50_000)),
        seed(
            "invalid-utf8",
            [0xff, 0xfe, 0xc0, 0xaf, 0xed, 0xa0, 0x80].repeat(10_000),
        ),
        seed(
            "nul-and-controls",
            (0u8..32).cycle().take(65_536).collect::<Vec<_>>(),
        ),
        seed("zero-width", "\u{200b}\u{feff}\u{2060}".repeat(20_000)),
    ]
}

fn token_triage() -> Vec<Seed> {
    let token = "eyJraWQiOiIxIiwidHlwIjoiUEFUIiwiYWxnIjoiRVMyNTYifQ.eyJpc3MiOiJodHRwczovL2F1dGguY2FsZW5kbHkuY29tIn0.c2ln";
    vec![
        seed(
            "quotes-nested-deep",
            format!("{}{token}{}", "\"'`".repeat(30_000), "`'\"".repeat(30_000)),
        ),
        seed(
            "angle-brackets-nested-deep",
            format!("{}{token}{}", "<".repeat(50_000), ">".repeat(50_000)),
        ),
        seed(
            "bearer-repeated",
            format!("{}{token}", "Bearer ".repeat(50_000)),
        ),
        seed(
            "huge-jwt",
            format!(
                "eyJ{}.{}.{}",
                "A".repeat(400_000),
                "B".repeat(400_000),
                "C".repeat(1000)
            ),
        ),
        seed(
            "token-with-spaces-between-every-character",
            token
                .chars()
                .flat_map(|c| [c, ' '])
                .collect::<String>()
                .repeat(100),
        ),
    ]
}

fn old_hooks() -> Vec<Seed> {
    let lines: String = (0..20_000)
        .map(|n| format!("https://hooks{n}.example.com/calendly invitee.created\n"))
        .collect();
    let same: String = "https://hooks.example.com/same\n".repeat(20_000);
    let same_with_events: String = (0..20_000)
        .map(|n| {
            format!(
                "https://hooks.example.com/same {}\n",
                ["invitee.created", "invitee.canceled"][n % 2]
            )
        })
        .collect();
    let near: String = (0..20_000)
        .map(|n| {
            if n % 2 == 0 {
                format!("https://hooks.example.com/h{}/\n", n / 2)
            } else {
                format!("https://HOOKS.example.com/h{}\n", n / 2)
            }
        })
        .collect();
    let json_items: Vec<String> = (0..20_000)
        .map(|n| {
            format!(
                r#"{{"id":{n},"attributes":{{"url":"https://hooks{n}.example.com/v1","events":["invitee.created"],"state":"active"}}}}"#
            )
        })
        .collect();
    let csv: String = std::iter::once("\u{feff}url,events,state\r\n".to_owned())
        .chain((0..20_000).map(|n| {
            format!("\"https://hooks{n}.example.com/c?a=1,2\",\"invitee.created,invitee.canceled\",active\r\n")
        }))
        .collect();
    let mut csv_bad_utf8 = b"url,events,note\n".to_vec();
    for n in 0..5_000 {
        csv_bad_utf8.extend(format!("https://hooks{n}.example.com/x,invitee.created,caf").bytes());
        csv_bad_utf8.extend([0xe9, 0xff, b'\n']);
    }
    vec![
        seed("twenty-thousand-addresses", lines),
        seed("twenty-thousand-times-one-address", same),
        seed(
            "twenty-thousand-times-one-address-with-events",
            same_with_events,
        ),
        seed("twenty-thousand-near-duplicates", near),
        seed(
            "v1-answer-with-twenty-thousand-hooks",
            format!("{{\"data\":[{}]}}", json_items.join(",")),
        ),
        seed("csv-with-twenty-thousand-rows", csv),
        seed("csv-with-invalid-utf8", csv_bad_utf8),
        seed(
            "csv-with-one-huge-cell",
            format!("url,events\n\"{}\",invitee.created\n", "x,".repeat(500_000)),
        ),
        seed(
            "csv-with-unclosed-quote",
            format!(
                "url,events\n\"https://a.example.com/{}",
                "\n".repeat(100_000)
            ),
        ),
        seed("commas-only", ",".repeat(1 << 20)),
        seed(
            "address-then-many-separators",
            format!(
                "https://a.example.com/h{}",
                ",invitee.created".repeat(50_000)
            ),
        ),
    ]
}

fn delivery() -> Vec<Seed> {
    let answers: Vec<String> = (0..100_000)
        .map(|n| format!(r#"{{"question":"q{n}","answer":"a","position":{n}}}"#))
        .collect();
    vec![
        seed(
            "hundred-thousand-answers",
            format!(
                r#"{{"event":"invitee.created","created_at":"","created_by":"","payload":{{"questions_and_answers":[{}]}}}}"#,
                answers.join(",")
            ),
        ),
        seed(
            "payload-nested-deep",
            format!(
                r#"{{"event":"invitee.created","created_at":"","created_by":"","payload":{}}}"#,
                "[".repeat(10_000)
            ),
        ),
        seed(
            "largest-position",
            r#"{"event":"invitee.created","created_at":"","created_by":"","payload":{"questions_and_answers":[{"question":"q","answer":"a","position":18446744073709551615}]}}"#,
        ),
    ]
}

/// Status bytes for `status` in the `calendly_answer` format (see that target).
fn status(status: u16) -> Vec<u8> {
    (status - 100).to_le_bytes().to_vec()
}

fn calendly_answer() -> Vec<Seed> {
    let item = r#"{"uri":"https://api.calendly.com/webhook_subscriptions/S","callback_url":"https://h.example.com/h","created_at":"","updated_at":"","retry_started_at":null,"state":"active","events":["invitee.created"],"scope":"organization","organization":"https://api.calendly.com/organizations/O","user":null,"group":null,"creator":null}"#;
    let page = format!(
        r#"{{"collection":[{}],"pagination":{{"count":100,"next_page":"https://api.calendly.com/webhook_subscriptions?page_token={}"}}}}"#,
        vec![item; 100].join(","),
        "%zz".repeat(10_000)
    );
    let details: Vec<String> = (0..50_000)
        .map(|n| format!(r#"{{"parameter":"p{n}","message":"is invalid"}}"#))
        .collect();
    let mut with_page = status(200);
    with_page.extend(format!("1\n2\n3\n{page}").bytes());
    let mut with_details = status(400);
    with_details.extend(
        format!(
            "1\n2\n3\n{{\"title\":\"Invalid Argument\",\"message\":\"m\",\"details\":[{}]}}",
            details.join(",")
        )
        .bytes(),
    );
    let mut nested = status(403);
    nested.extend(format!("\n\n\n{}", "{\"title\":".repeat(20_000)).bytes());
    vec![
        seed("full-page-with-a-huge-cursor", with_page),
        seed("fifty-thousand-details", with_details),
        seed("error-body-nested-deep", nested),
    ]
}

fn scenario() -> Vec<Seed> {
    let solo = sandbox::Sandbox::scenario_json("solo").expect("built in");
    let mut value: serde_json::Value = serde_json::from_str(solo).expect("valid");
    let organization = value["organizations"][0]["id"].clone();
    let creator = value["users"][0]["id"].clone();
    value["subscription_series"] = serde_json::json!([{
        "count": 4_000_000_000u64, "organization": organization,
        "callback_url": "https://hooks.example.com/{n}", "events": ["invitee.created"],
        "scope": "organization", "creator": creator,
    }]);
    let huge_series = value.to_string();
    let users: Vec<String> = (0..20_000)
        .map(|n| {
            format!(
                r#"{{"id":"u{n}","name":"User {n}","email":"u{n}@example.com","organization":"O","role":"user"}}"#
            )
        })
        .collect();
    vec![
        seed("series-of-four-billion", huge_series),
        seed(
            "twenty-thousand-users",
            format!(
                r#"{{"description":"d","organizations":[{{"id":"O","plan":"free"}}],"users":[{}],"tokens":[]}}"#,
                users.join(",")
            ),
        ),
    ]
}

fn simulator_request() -> Vec<Seed> {
    let events: Vec<&str> = vec!["\"invitee.created\""; 100_000];
    let mut create = vec![1u8];
    create.extend(
        format!(
            "/webhook_subscriptions\n{{\"url\":\"https://h.example.com/h\",\"events\":[{}],\"scope\":\"user\"}}",
            events.join(",")
        )
        .bytes(),
    );
    let mut long_query = vec![0u8];
    long_query.extend(format!("/webhook_subscriptions?{}", "a=b&".repeat(50_000)).bytes());
    let mut long_path = vec![0u8];
    long_path.extend("/webhook_subscriptions".repeat(10_000).bytes());
    vec![
        seed("create-with-a-hundred-thousand-events", create),
        seed("fifty-thousand-parameters", long_query),
        seed("long-path", long_path),
    ]
}
