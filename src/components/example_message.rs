//! "See an example message": asks Calendly for a sample delivery of one event
//! (`GET /sample_webhook_data`; Calendly cannot send a test to the user's server) and shows
//! it next to the same message in the old v1 shape (`migration::payload::as_v1`), so
//! whoever maintains the receiving server sees where each value they used to read lives now.

use calendly::{Event, OrganizationUri, Target, WebhookPayload};
use migration::payload::as_v1;
use yew::prelude::*;

use crate::components::code_block::CodeBlock;
use crate::components::error_panel::ErrorPanel;
use crate::connection::ui_error;
use crate::state::Remote;
use crate::wizard::use_wizard;

#[derive(Properties, PartialEq)]
pub struct ExampleMessageProps {
    pub organization: OrganizationUri,
    pub target: Target,
    pub event: Event,
}

fn pretty(value: &impl serde::Serialize) -> String {
    serde_json::to_string_pretty(value).unwrap_or_default()
}

#[function_component(ExampleMessage)]
pub fn example_message(props: &ExampleMessageProps) -> Html {
    let wizard = use_wizard();
    let sample = use_state(|| Remote::<WebhookPayload>::Idle);
    let (shown, wrapper) = (use_node_ref(), use_node_ref());
    {
        // The button that was pressed is gone once it is pressed: the focus moves to what
        // replaced it (the example's heading; meanwhile the waiting or failure message),
        // so a keyboard user continues from there rather than from the top of the page.
        let (shown, wrapper) = (shown.clone(), wrapper.clone());
        let phase = match &*sample {
            Remote::Idle => 0,
            Remote::Loading => 1,
            Remote::Failed(_) => 2,
            Remote::Ready(_) => 3,
        };
        use_effect_with(phase, move |phase| {
            let target = match phase {
                0 => None,
                3 => shown.cast::<web_sys::HtmlElement>(),
                _ => wrapper.cast::<web_sys::HtmlElement>(),
            };
            if let Some(target) = target {
                let _ = target.focus();
            }
        });
    }
    let label = migration::words::event_label(&props.event);
    let on_show = {
        let sample = sample.clone();
        let (session, organization, target, event) = (
            wizard.session().clone(),
            props.organization.clone(),
            props.target.clone(),
            props.event.clone(),
        );
        let token_kind = wizard.account.as_ref().and_then(|a| a.token_kind.clone());
        Callback::from(move |_| {
            let Some(client) = session.client() else {
                return;
            };
            sample.set(Remote::Loading);
            let token_kind = token_kind.clone();
            let (sample, organization, target, event) = (
                sample.clone(),
                organization.clone(),
                target.clone(),
                event.clone(),
            );
            wasm_bindgen_futures::spawn_local(async move {
                match client
                    .sample_webhook_data(&event, &organization, &target)
                    .await
                {
                    Ok(delivery) => sample.set(Remote::Ready(delivery)),
                    Err(error) => sample.set(Remote::Failed(ui_error(
                        &client,
                        error,
                        token_kind.as_ref(),
                    ))),
                }
            });
        })
    };
    let body = match &*sample {
        Remote::Idle => html! {
            if wizard.session().client().is_some() {
                <button type="button" class="button secondary" onclick={on_show}>
                    { format!("See an example message (\u{201c}{label}\u{201d})") }
                </button>
            }
        },
        Remote::Loading => {
            html! { <p role="status">{ "Asking Calendly for an example\u{2026}" }</p> }
        }
        Remote::Failed(error) => html! {
            <ErrorPanel message={error.message.clone()} next_step={error.next_step.clone()} />
        },
        Remote::Ready(delivery) => {
            let before = as_v1(delivery);
            html! {
                <div class="example-columns">
                    <div class="example-column">
                        <h3 tabindex="-1" ref={shown.clone()}>{ "What Calendly sends now (V2)" }</h3>
                        <CodeBlock code={pretty(delivery)} label="the example V2 message" />
                    </div>
                    <div class="example-column">
                        <h3>{ "The same message as your old webhooks sent it (v1)" }</h3>
                        if let Some(view) = before {
                            <CodeBlock code={pretty(&view.v1)} label="the same message in the v1 shape" />
                            <p class="hint">{ "Values V2 no longer sends (shown as null above):" }</p>
                            <ul class="hint">{ for view.missing.iter().map(|m| html! { <li>{ m.to_string() }</li> }) }</ul>
                        } else {
                            <p>{ "Your old webhooks did not have this kind of event, so there is nothing to compare." }</p>
                        }
                    </div>
                </div>
            }
        }
    };
    html! {
        <div class="example-message" tabindex="-1" ref={wrapper}>
            <p>
                { "Calendly cannot send a test message to your server, but it can show what one looks like. The \
                   values are made up." }
            </p>
            { body }
        </div>
    }
}
