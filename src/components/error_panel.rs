//! The one way every error is shown: what happened, in a plain sentence, and what to do
//! next. Announced to screen readers as an alert.

use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ErrorPanelProps {
    /// What happened.
    pub message: AttrValue,
    /// What to do about it.
    pub next_step: AttrValue,
}

#[function_component(ErrorPanel)]
pub fn error_panel(props: &ErrorPanelProps) -> Html {
    html! {
        <div class="error-panel" role="alert">
            <p class="error-message">{ props.message.clone() }</p>
            <p class="error-next"><strong>{ "What to do: " }</strong>{ props.next_step.clone() }</p>
        </div>
    }
}
