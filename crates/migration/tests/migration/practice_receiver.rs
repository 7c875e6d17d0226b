//! The one exception to "public HTTPS addresses only": with the live simulator on this
//! computer (the page's `?api=` is loopback), its practice receiver is accepted as an old
//! webhook's address, with a note that Calendly itself would refuse it. Without it, or for
//! any other address, nothing changes.

use calendly::Event;
use migration::callback::{UrlRefusal, UrlWarning};
use migration::old_hooks::{HookNote, HookRefusal, OldHookList};
use migration::practice::{add_form, from_form, PracticeReceiver};

fn receiver() -> PracticeReceiver {
    PracticeReceiver::of_simulator("http://127.0.0.1:8080/sandbox").unwrap()
}

#[test]
fn only_a_simulator_on_this_computer_has_a_practice_receiver() {
    for base in [
        "http://127.0.0.1:8080/sandbox",
        "http://localhost:9000/sandbox/",
        "http://[::1]:8120/sandbox",
    ] {
        assert!(PracticeReceiver::of_simulator(base).is_some(), "{base}");
    }
    for base in [
        "https://api.calendly.com",
        "http://127.0.0.1:8080",
        "http://127.0.0.1:8080/calendly-api",
        "http://hooks.example.com/sandbox",
        "http://user@127.0.0.1:8080/sandbox",
        "http://127.0.0.1.evil.example/sandbox",
    ] {
        assert!(PracticeReceiver::of_simulator(base).is_none(), "{base}");
    }
}

#[test]
fn in_test_mode_the_practice_receiver_is_accepted_with_a_note() {
    let receiver = receiver();
    let hook = from_form(&receiver.address(), &[], Some(&receiver)).unwrap();
    assert_eq!(hook.url.as_str(), "http://127.0.0.1:8080/receiver/");
    assert_eq!(
        hook.events,
        Event::V1.to_vec(),
        "both v1 events, as for any address"
    );
    assert_eq!(hook.notes[0], HookNote::Url(UrlWarning::PracticeReceiver));
    let note = hook.notes[0].to_string();
    assert!(note.contains("Calendly itself would refuse it"), "{note}");
    assert!(note.contains("https://"));
    let other = from_form(
        " http://127.0.0.1:8080/receiver/crm ",
        &[Event::InviteeCanceled],
        Some(&receiver),
    )
    .unwrap();
    assert_eq!(
        other.url.as_str(),
        "http://127.0.0.1:8080/receiver/crm",
        "kept as typed"
    );
}

#[test]
fn without_the_simulator_the_same_address_is_refused_as_before() {
    let refused = from_form("http://127.0.0.1:8080/receiver/", &[], None).unwrap_err();
    assert!(
        matches!(
            refused,
            HookRefusal::Url(UrlRefusal::ThisComputer | UrlRefusal::NotHttps { .. })
        ),
        "{refused:?}"
    );
}

#[test]
fn only_that_receiver_is_the_exception() {
    let receiver = receiver();
    for text in [
        "http://127.0.0.1:9090/receiver/",
        "http://localhost:8080/receiver/",
        "http://127.0.0.1:8080/sandbox/",
        "http://127.0.0.1:8080/receiverx",
        "http://127.0.0.1:8080/receiver/test-booking",
        "http://127.0.0.1:8080/receiver/#x",
        "http://user:pw@127.0.0.1:8080/receiver/",
        "http://192.168.1.5:8080/receiver/",
    ] {
        assert!(from_form(text, &[], Some(&receiver)).is_err(), "{text}");
    }
    // A public address is still checked by the usual rules, notes included.
    let public = from_form("https://hooks.example.com/h/", &[], Some(&receiver)).unwrap();
    assert_eq!(public.notes[0], HookNote::Url(UrlWarning::TrailingSlash));
}

#[test]
fn the_list_takes_the_practice_receiver_from_the_form_in_test_mode_only() {
    let receiver = receiver();
    let mut list = OldHookList::default();
    let address = receiver.address();
    assert!(add_form(&mut list, &address, &Event::V1, None).is_err());
    let added = add_form(&mut list, &address, &Event::V1, Some(&receiver)).unwrap();
    assert_eq!(
        added.message(),
        "Added http://127.0.0.1:8080/receiver/ to your list."
    );
    assert_eq!(list.hooks().len(), 1);
    // The form's rules still hold: no event ticked is refused.
    assert_eq!(
        add_form(
            &mut list,
            "http://127.0.0.1:8080/receiver/x",
            &[],
            Some(&receiver)
        ),
        Err(HookRefusal::NoEventsTicked)
    );
}

#[test]
fn a_kept_receiver_is_read_back_only_if_it_is_still_a_simulator_on_this_computer() {
    let kept = serde_json::to_string(&receiver()).unwrap();
    assert_eq!(kept, "\"http://127.0.0.1:8080/sandbox\"");
    assert_eq!(
        serde_json::from_str::<PracticeReceiver>(&kept).unwrap(),
        receiver()
    );
    assert!(serde_json::from_str::<PracticeReceiver>("\"https://api.calendly.com\"").is_err());
}
