//! A banner above every screen when the page is not talking to Calendly itself: a test
//! server on this machine, or a link that tried to point the assistant elsewhere.

use yew::prelude::*;

use crate::api_base::ApiBase;

#[derive(Properties, PartialEq)]
pub struct ApiBannerProps {
    pub api: ApiBase,
}

#[function_component(ApiBanner)]
pub fn api_banner(props: &ApiBannerProps) -> Html {
    match &props.api {
        ApiBase::Calendly => html! {},
        ApiBase::Loopback(base) => html! {
            <div class="banner banner-test" role="note">
                <strong>{ "Test mode. " }</strong>
                { format!("This page talks to a test server on this computer ({base}), not to Calendly.") }
            </div>
        },
        ApiBase::Refused(why) => html! {
            <div class="banner banner-warning" role="alert">
                <strong>{ "Careful. " }</strong>{ why.clone() }
            </div>
        },
    }
}
