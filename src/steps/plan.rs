//! TEMPORARY: being written.

use yew::prelude::*;

use crate::app::Wizard;
use crate::connection::Session;

#[derive(Properties, PartialEq)]
pub struct PlanStepProps {
    pub wizard: Wizard,
    pub connection: Session,
}

#[function_component(PlanStep)]
pub fn plan_step(_props: &PlanStepProps) -> Html {
    html! {}
}
