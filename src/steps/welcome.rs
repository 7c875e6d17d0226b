//! The first screen: what the assistant does, what you need, how your token is treated,
//! and the two ways forward.

use yew::prelude::*;

use crate::route::Place;
use crate::state::Action;
use crate::wizard::use_wizard;

#[function_component(Welcome)]
pub fn welcome() -> Html {
    let wizard = use_wizard();
    let use_account = wizard.on::<MouseEvent>(Action::UseMyAccount);
    let practice = wizard.on::<MouseEvent>(Action::Practice);
    html! {
        <section class="step welcome" aria-labelledby="welcome-title">
            <h1 id="welcome-title">{ "Move your Calendly webhooks to the new system" }</h1>
            <p class="lead">
                { "Calendly switched off its old webhooks on 27 August 2025. If another tool (a CRM, \
                   a spreadsheet, your website) stopped hearing about new bookings around then, this \
                   assistant sets up the replacement for you, step by step." }
            </p>
            <dl class="terms">
                <dt>{ "Webhook" }</dt>
                <dd>{ "An automatic message Calendly sends to another system whenever someone books, \
                       cancels or changes a meeting." }</dd>
                <dt>{ "Webhook subscription" }</dt>
                <dd>{ "Calendly's new kind of webhook (part of its \u{201c}API v2\u{201d}). It does the \
                       same job, and it has to be set up again: old webhooks were not moved over." }</dd>
            </dl>

            <h2>{ "What you need" }</h2>
            <ul class="needs">
                <li>{ "Your Calendly login. You do not need a special \u{201c}organization\u{201d} account: \
                       every Calendly user already has one." }</li>
                <li>{ "The web addresses your old webhooks sent messages to. If you are not sure, \
                       the assistant shows you where to look." }</li>
                <li>{ "About ten minutes. Nothing changes in your Calendly account until you have \
                       checked and approved the plan." }</li>
            </ul>

            <aside class="privacy" aria-labelledby="privacy-title">
                <h2 id="privacy-title">{ "Your privacy" }</h2>
                <p>
                    { "The assistant runs entirely in this browser tab. The access code you give it \
                       (a \u{201c}personal access token\u{201d}) stays in this tab's memory and is sent only \
                       to Calendly. It is never saved, never put in a link or a report, and it is \
                       forgotten when you close the tab." }
                </p>
            </aside>

            <div class="choices">
                <div class="choice">
                    <button type="button" class="button primary" onclick={use_account}>
                        { "Use my Calendly account" }
                    </button>
                    <p class="hint">{ "Connect your real account and set up your webhooks." }</p>
                </div>
                <div class="choice">
                    <button type="button" class="button secondary" onclick={practice}>
                        { "Practice with a sample account" }
                    </button>
                    <p class="hint">{ "Try every step on a pretend account first. Nothing is sent anywhere." }</p>
                </div>
            </div>

            <aside class="tools" aria-labelledby="tools-title">
                <h2 id="tools-title">{ "For whoever runs the receiving server" }</h2>
                <p>{ "No account or token needed; nothing you type in them leaves this tab." }</p>
                <ul>
                    <li><a href={Place::CheckSignature.fragment()}>{ "Check a webhook signature" }</a>
                        { ": is a delivery your server received really from Calendly?" }</li>
                    <li><a href={Place::OldFormat.fragment()}>{ "See a delivery the old way" }</a>
                        { ": a new delivery in the format code written for the old webhooks expects." }</li>
                </ul>
            </aside>
        </section>
    }
}
