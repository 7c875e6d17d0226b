//! TEMPORARY: being written.

use yew::prelude::*;

use crate::app::Wizard;

#[derive(Properties, PartialEq)]
pub struct OldHooksStepProps {
    pub wizard: Wizard,
}

#[function_component(OldHooksStep)]
pub fn old_hooks_step(_props: &OldHooksStepProps) -> Html {
    html! {}
}
