//! The Node.js and Python adapters (`snippets/adapter.js`, `snippets/adapter.py`) that
//! keep a user's old v1 code running must turn every realistic delivery into exactly the
//! JSON of the reference mapping, `migration::payload::as_v1`: a booking with questions
//! and answers, a payment, both halves of a reschedule, a cancellation by the host and by
//! the invitee, a no-show marked and removed. Both run with this machine's `node` and
//! `python3`, once for all deliveries. Events without a v1 view give null / None.

use migration::payload::as_v1;
use migration::snippets::{ADAPTER_JS, ADAPTER_PY};
use serde_json::{json, Value};

use crate::support::{run, scratch, DELIVERIES};

/// Names of the inputs below, for messages.
const EXTRA: [&str; 4] = [
    "odd values in every place the mapping looks",
    "an empty payload",
    "contact.created",
    "an unknown event",
];

/// Every delivery in one JSON list, then odd ones that exercise each rule of the mapping
/// (and two that must be refused).
fn inputs() -> Vec<Value> {
    let mut all: Vec<Value> = DELIVERIES
        .iter()
        .map(|(_, text)| serde_json::from_str(text).unwrap())
        .collect();
    let mut odd = all[0].clone();
    let p = &mut odd["payload"];
    p["scheduled_event"]["location"] =
        json!({"type": "custom", "location": "Room 4", "join_url": "https://x.example/j"});
    p["scheduled_event"]["start_time"] = json!("2026-12-03T14:00:00+01:00");
    p["questions_and_answers"] = json!([{"question": "No position", "answer": "a"}, "not an object", {"question": "Q", "answer": "b", "position": -1}, {"question": "R", "answer": null, "position": 7}]);
    p["payment"] = json!("not an object");
    p["cancellation"] = json!({"canceled_by": "Someone", "reason": null});
    p["scheduled_event"]["event_memberships"] = json!([{"user_name": "Only a name"}, 5]);
    p["old_invitee"] = json!("https://api.calendly.com/invitees/F3");
    p["new_invitee"] = json!("scheduled_events/E9/invitees/F9");
    p["scheduled_event"]["status"] = json!(null);
    p["rescheduled"] = json!("yes");
    let mut empty = all[0].clone();
    empty["payload"] = json!({});
    let mut contact = all[0].clone();
    contact["event"] = json!("contact.created");
    let mut unknown = all[0].clone();
    unknown["event"] = json!("invitee.rescheduled");
    all.extend([odd, empty, contact, unknown]);
    all
}

/// What the reference mapping gives for each input (null when there is no v1 view).
fn expected(inputs: &[Value]) -> Vec<Value> {
    inputs
        .iter()
        .map(|input| {
            let delivery = serde_json::from_value(input.clone()).unwrap();
            as_v1(&delivery).map_or(Value::Null, |view| view.v1)
        })
        .collect()
}

/// JSON numbers as f64, so that `149.5` printed by JavaScript and `149.5` kept by
/// serde_json compare equal whatever their integer/float representation.
fn numbers_as_floats(value: &Value) -> Value {
    match value {
        Value::Number(n) => json!(n.as_f64().unwrap()),
        Value::Array(items) => Value::Array(items.iter().map(numbers_as_floats).collect()),
        Value::Object(map) => Value::Object(
            map.iter()
                .map(|(k, v)| (k.clone(), numbers_as_floats(v)))
                .collect(),
        ),
        other => other.clone(),
    }
}

fn assert_same(language: &str, output: &str, inputs: &[Value]) {
    let got: Vec<Value> = serde_json::from_str(output)
        .unwrap_or_else(|e| panic!("{language} printed no JSON list ({e}): {output}"));
    let want = expected(inputs);
    assert_eq!(got.len(), want.len());
    let names = DELIVERIES.iter().map(|(name, _)| *name).chain(EXTRA);
    for ((name, got), want) in names.zip(&got).zip(&want) {
        assert_eq!(
            numbers_as_floats(got),
            numbers_as_floats(want),
            "{language} and as_v1 differ on {name}"
        );
    }
    let views = DELIVERIES.len() + 2;
    assert!(want[..views].iter().all(Value::is_object));
    assert!(want[views..].iter().all(Value::is_null));
}

#[test]
fn the_node_adapter_gives_exactly_what_as_v1_gives() {
    let inputs = inputs();
    let dir = scratch("adapter-node");
    let input = dir.join("deliveries.json");
    std::fs::write(&input, serde_json::to_string(&inputs).unwrap()).unwrap();
    let script = dir.join("adapter.js");
    std::fs::write(
        &script,
        format!(
            "{ADAPTER_JS}\nconst all = JSON.parse(require('fs').readFileSync(process.argv[2], 'utf8'));\n\
             console.log(JSON.stringify(all.map(calendlyV2ToV1)));\n"
        ),
    )
    .unwrap();
    let output = run("node", &[&script, &input], &dir);
    assert_same("node", &output, &inputs);
}

#[test]
fn the_python_adapter_gives_exactly_what_as_v1_gives() {
    let inputs = inputs();
    let dir = scratch("adapter-python");
    let input = dir.join("deliveries.json");
    std::fs::write(&input, serde_json::to_string(&inputs).unwrap()).unwrap();
    let script = dir.join("adapter.py");
    std::fs::write(
        &script,
        format!(
            "{ADAPTER_PY}\nimport json, sys\n\
             print(json.dumps([calendly_v2_to_v1(d) for d in json.load(open(sys.argv[1], encoding='utf-8'))]))\n"
        ),
    )
    .unwrap();
    let output = run("python3", &[&script, &input], &dir);
    assert_same("python", &output, &inputs);
}
