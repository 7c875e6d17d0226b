//! A rate-limit wait that counts down, one second at a time ("Calendly asked us to
//! wait: 42 s"), instead of showing the seconds it started with. It starts again whenever
//! a wait of another length begins; the words come from the core
//! (`EntryStatus::rate_limit_wait`). Not a live region: a screen reader is not told every
//! second.

use std::cell::Cell;
use std::rc::Rc;

use gloo_timers::callback::Interval;
use migration::executor::EntryStatus;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct CountdownProps {
    /// Seconds the wait lasts, from when it is shown.
    pub seconds: u64,
}

#[function_component(Countdown)]
pub fn countdown(props: &CountdownProps) -> Html {
    let left = use_state(|| props.seconds);
    {
        let left = left.clone();
        use_effect_with(props.seconds, move |&seconds| {
            left.set(seconds);
            let remaining = Rc::new(Cell::new(seconds));
            let tick = Interval::new(1_000, move || {
                let now = remaining.get().saturating_sub(1);
                remaining.set(now);
                left.set(now);
            });
            move || drop(tick)
        });
    }
    html! {
        <span class="countdown">{ EntryStatus::rate_limit_wait(*left) }</span>
    }
}
