//! The v1 view (`migration::payload`) of realistic V2 deliveries: each value an old v1
//! receiver read is where it was, and each one that cannot be filled is listed with why
//! and where it lives now. Pasted text that is not an invitee delivery is refused with a
//! plain reason.

use migration::payload::{v1_view_of, DeliveryProblem, V1View};
use serde_json::json;

use crate::support::delivery;

fn view(name: &str) -> V1View {
    v1_view_of(delivery(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

#[test]
fn a_booking_keeps_its_answers_numbered_from_one_by_position() {
    let v1 = view("booking-with-answers").v1;
    let p = &v1["payload"];
    assert_eq!(v1["event"], "invitee.created");
    assert_eq!(v1["time"], "2026-11-19T09:00:01.000000Z");
    assert_eq!(p["invitee"]["name"], "José Müller");
    assert_eq!(p["invitee"]["uuid"], "F1F1F1F1F1F1F1F1");
    assert_eq!(p["invitee"]["text_reminder_number"], "+49 170 1234567");
    assert_eq!(p["event"]["uuid"], "E1E1E1E1E1E1E1E1");
    assert_eq!(p["event_type"]["uuid"], "GGGGGGGGGGGGGGGG");
    assert_eq!(p["event_type"]["name"], "Erstgespräch (30 min)");
    assert_eq!(p["event_type"]["duration"], 30);
    assert_eq!(p["event"]["location"], "https://zoom.us/j/98765432100");
    assert_eq!(
        p["questions_and_answers"][0],
        json!({"question": "Company name", "answer": "Müller & Söhne GmbH"})
    );
    // Positions 0, 1 and 3: v1 numbered from 1, and a gap stays a gap.
    let responses = &p["questions_and_responses"];
    assert_eq!(responses["1_question"], "Company name");
    assert_eq!(
        responses["2_response"],
        "Pricing for 20 seats\nand the <API> \"webhooks\" migration"
    );
    assert_eq!(responses["4_question"], "How did you hear about us?");
    assert!(responses.get("3_question").is_none());
    assert_eq!(p["tracking"]["utm_campaign"], "winter-2026");
    assert_eq!(p["invitee"]["payments"], json!([]));
    assert_eq!(p["invitee"]["canceled"], false);
    assert_eq!(p["event"]["canceled"], false);
}

#[test]
fn a_payment_becomes_the_v1_payments_list_and_every_host_is_assigned() {
    let p = view("booking-paid").v1["payload"].clone();
    assert_eq!(
        p["invitee"]["payments"],
        json!([{
            "id": "ch_3QaZ9x2eZvKYlo2C0dX1", "provider": "stripe", "amount": 149.5, "currency": "EUR",
            "terms": "Payment is due at booking; refunds up to 24 hours before.", "successful": true
        }])
    );
    assert_eq!(
        p["invitee"]["first_name"],
        json!(null),
        "a single name field"
    );
    assert_eq!(
        p["event"]["assigned_to"],
        json!(["Jane Host", "Omar Co-Host"])
    );
    assert_eq!(
        p["event"]["extended_assigned_to"][1]["email"],
        "omar@acme.example.com"
    );
    assert_eq!(
        p["event"]["location"],
        "Acme Office, Hauptstraße 5, 10115 Berlin"
    );
    assert_eq!(p["event_type"]["duration"], 90);
}

#[test]
fn a_reschedule_names_the_other_booking_by_its_ids() {
    let canceled = view("reschedule-old-canceled");
    let p = &canceled.v1["payload"];
    assert_eq!(p["invitee"]["is_reschedule"], true);
    assert_eq!(p["invitee"]["canceled"], true);
    assert_eq!(p["new_event"], json!({"uuid": "E4E4E4E4E4E4E4E4"}));
    assert_eq!(p["new_invitee"], json!({"uuid": "F4F4F4F4F4F4F4F4"}));
    assert_eq!(p["old_invitee"], json!(null));
    assert!(canceled
        .missing
        .iter()
        .any(|m| m.field.contains("new_invitee")));

    let booked = view("reschedule-new-booked");
    let p = &booked.v1["payload"];
    assert_eq!(p["invitee"]["is_reschedule"], false);
    assert_eq!(p["old_event"], json!({"uuid": "E3E3E3E3E3E3E3E3"}));
    assert_eq!(p["old_invitee"], json!({"uuid": "F3F3F3F3F3F3F3F3"}));
    assert_eq!(
        p["event"]["location"],
        "https://meet.google.com/abc-defg-hij"
    );
}

#[test]
fn a_cancellation_says_who_canceled_and_why() {
    let p = view("canceled-by-host").v1["payload"].clone();
    assert_eq!(p["invitee"]["canceler_name"], "Jane Host");
    assert_eq!(
        p["invitee"]["cancel_reason"],
        "I'm ill — sorry! Please book another day."
    );
    assert_eq!(p["invitee"]["canceled_at"], "2026-11-22T11:30:00.000000Z");
    assert_eq!(p["event"]["canceled"], true);
    assert_eq!(
        p["event"]["location"], "+1 312 555 0188",
        "a phone call's number"
    );

    let p = view("canceled-by-invitee").v1["payload"].clone();
    assert_eq!(p["invitee"]["canceler_name"], "Ana Souza");
    assert_eq!(p["invitee"]["canceled"], true);
    // One invitee of a group event canceled: the meeting itself goes on.
    assert_eq!(p["event"]["canceled"], false);
    assert_eq!(p["invitee"]["is_reschedule"], false);
    assert_eq!(p["new_invitee"], json!(null));
}

#[test]
fn a_no_show_keeps_its_new_event_name_and_says_so() {
    let marked = view("no-show-marked");
    assert_eq!(marked.v1["event"], "invitee_no_show.created");
    assert_eq!(
        marked.v1["payload"]["event"]["location"],
        json!(null),
        "no location"
    );
    assert_eq!(marked.missing[0].field, "event");
    assert!(marked.missing[0].why.contains("no-show"));
    assert_eq!(
        view("no-show-removed").v1["event"],
        "invitee_no_show.deleted"
    );
}

#[test]
fn every_missing_field_says_why_and_where_it_lives_now() {
    let booking = view("booking-with-answers");
    let fields: Vec<&str> = booking.missing.iter().map(|m| m.field).collect();
    for expected in ["slug", "owner", "_pretty", "invitee_start_time", "primary"] {
        assert!(
            fields.iter().any(|f| f.contains(expected)),
            "{expected} in {fields:?}"
        );
    }
    for m in &booking.missing {
        assert!(m.why.ends_with('.') && m.now_at.ends_with('.'), "{m}");
    }
    // Each named field really is empty in the view.
    let p = &booking.v1["payload"];
    assert!(p["event_type"]["slug"].is_null() && p["event_type"]["owner"].is_null());
    assert!(p["event"]["start_time_pretty"].is_null());
    assert!(
        !booking
            .missing
            .iter()
            .any(|m| m.field.contains("new_invitee")),
        "not a reschedule"
    );
}

#[test]
fn other_events_and_other_texts_are_refused_with_a_reason() {
    let routing = r#"{"event":"routing_form_submission.created","created_at":"2026-11-20T10:05:00.000000Z","created_by":"https://api.calendly.com/users/A","payload":{"uri":"https://api.calendly.com/routing_form_submissions/R"}}"#;
    let refused = v1_view_of(routing).unwrap_err();
    assert_eq!(
        refused,
        DeliveryProblem::NoV1View {
            event: "routing_form_submission.created".into()
        }
    );
    assert!(refused
        .to_string()
        .contains("routing_form_submission.created"));

    assert_eq!(v1_view_of("  "), Err(DeliveryProblem::Empty));
    let cut = &delivery("booking-paid")[..300];
    assert!(matches!(
        v1_view_of(cut),
        Err(DeliveryProblem::NotJson { .. })
    ));
    let inner = serde_json::from_str::<serde_json::Value>(delivery("booking-paid")).unwrap()
        ["payload"]
        .to_string();
    assert_eq!(
        v1_view_of(&inner),
        Err(DeliveryProblem::NotADelivery { only_payload: true })
    );
    assert_eq!(
        v1_view_of("[1, 2]"),
        Err(DeliveryProblem::NotADelivery {
            only_payload: false
        })
    );
    let old = r#"{"event":"invitee.created","time":"2018-03-14T19:16:01Z","payload":{"invitee":{"uuid":"A"}}}"#;
    assert_eq!(v1_view_of(old), Err(DeliveryProblem::AlreadyV1));
    for problem in [
        DeliveryProblem::Empty,
        DeliveryProblem::NotJson {
            detail: "line 1, column 2".into(),
        },
        DeliveryProblem::NotADelivery { only_payload: true },
        DeliveryProblem::NotADelivery {
            only_payload: false,
        },
        DeliveryProblem::AlreadyV1,
    ] {
        assert!(problem.to_string().ends_with(['.', '…']), "{problem}");
    }
}
