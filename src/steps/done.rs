//! TEMPORARY: being written.

use yew::prelude::*;

use crate::app::Wizard;
use crate::connection::Session;

#[derive(Properties, PartialEq)]
pub struct DoneStepProps {
    pub wizard: Wizard,
    pub connection: Session,
}

#[function_component(DoneStep)]
pub fn done_step(_props: &DoneStepProps) -> Html {
    html! {}
}
