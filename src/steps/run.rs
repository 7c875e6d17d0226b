//! TEMPORARY: being written.

use yew::prelude::*;

use crate::app::Wizard;
use crate::connection::Session;

#[derive(Properties, PartialEq)]
pub struct RunStepProps {
    pub wizard: Wizard,
    pub connection: Session,
}

#[function_component(RunStep)]
pub fn run_step(_props: &RunStepProps) -> Html {
    html! {}
}
