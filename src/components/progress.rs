//! Where the user is in the journey: the steps as an ordered list, the current one marked
//! for screen readers too (`aria-current="step"`).

use yew::prelude::*;

use crate::state::Step;

#[derive(Properties, PartialEq)]
pub struct JourneyProps {
    pub current: Step,
}

#[function_component(Journey)]
pub fn journey(props: &JourneyProps) -> Html {
    html! {
        <nav class="journey" aria-label="Steps">
            <ol>
                { for Step::JOURNEY.iter().enumerate().map(|(i, step)| {
                    let class = if *step == props.current {
                        "current"
                    } else if *step < props.current {
                        "past"
                    } else {
                        "future"
                    };
                    html! {
                        <li class={class} aria-current={(*step == props.current).then_some("step")}>
                            <span class="journey-number">{ i + 1 }</span>
                            <span class="journey-title">{ step.title() }</span>
                        </li>
                    }
                }) }
            </ol>
        </nav>
    }
}
