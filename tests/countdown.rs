//! The rate-limit wait counts down, one second at a time, and starts again when a new
//! wait begins.

#![cfg(target_arch = "wasm32")]

mod common;

use common::{button, container, press, text};
use gloo_timers::future::TimeoutFuture;
use wasm_bindgen_test::*;
use webhook_assistant::components::countdown::Countdown;
use yew::prelude::*;
use yew::scheduler;

wasm_bindgen_test_configure!(run_in_browser);

#[derive(Properties, PartialEq)]
struct HarnessProps {
    seconds: u64,
}

/// The countdown, and a button that starts a 42-second wait in its place.
#[function_component(Harness)]
fn harness(props: &HarnessProps) -> Html {
    let seconds = use_state(|| props.seconds);
    let longer = {
        let seconds = seconds.clone();
        Callback::from(move |_| seconds.set(42))
    };
    html! {
        <>
            <Countdown seconds={*seconds} />
            <button onclick={longer}>{ "Wait longer" }</button>
        </>
    }
}

async fn mounted(seconds: u64) -> web_sys::Element {
    let root = container();
    yew::Renderer::<Harness>::with_root_and_props(root.clone(), HarnessProps { seconds }).render();
    scheduler::flush().await;
    root
}

async fn a_second_later() {
    TimeoutFuture::new(1_100).await;
    scheduler::flush().await;
}

#[wasm_bindgen_test]
async fn the_wait_counts_down_each_second_and_stops_at_zero() {
    let root = mounted(2).await;
    assert_eq!(text(&root, ".countdown"), "Calendly asked us to wait: 2 s");
    a_second_later().await;
    assert_eq!(text(&root, ".countdown"), "Calendly asked us to wait: 1 s");
    a_second_later().await;
    assert_eq!(text(&root, ".countdown"), "Calendly asked us to wait: 0 s");
    a_second_later().await;
    assert_eq!(
        text(&root, ".countdown"),
        "Calendly asked us to wait: 0 s",
        "never below zero"
    );
}

#[wasm_bindgen_test]
async fn a_new_wait_starts_the_count_again() {
    let root = mounted(5).await;
    a_second_later().await;
    assert_eq!(text(&root, ".countdown"), "Calendly asked us to wait: 4 s");
    press(&root, "Wait longer").await;
    assert_eq!(text(&root, ".countdown"), "Calendly asked us to wait: 42 s");
    a_second_later().await;
    assert_eq!(text(&root, ".countdown"), "Calendly asked us to wait: 41 s");
    let _ = button(&root, "Wait longer");
}
