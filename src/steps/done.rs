//! The report: what was created, what was already there, what was skipped or failed and
//! why, what is left for the user to delete, and the next steps for the receiving server
//! (check the signature, read the V2 format, test with a booking). The report comes from
//! the migration core (`Report::from_run`), which never sees the token; the signing key is
//! in it only while the user ticks the box. Downloads are files made in the page (a Blob
//! behind an object URL, revoked when the report changes or the screen closes).

use calendly::Event;
use migration::account::readable_time;
use migration::executor::EntryStatus;
use migration::report::{Line, Report, ReportContext};
use migration::words;
use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::components::copy_button::CopyButton;
use crate::components::example_message::ExampleMessage;
use crate::components::rich_text::RichText;
use crate::route::Place;
use crate::state::{Action, Mode};
use crate::wizard::use_wizard;

/// The two files a user can download: Markdown and JSON, as object URLs.
#[derive(Clone, Debug, PartialEq)]
struct Files {
    markdown: String,
    json: String,
}

/// An object URL for `text`, or `None` if the browser refused to make one.
fn object_url(text: &str) -> Option<String> {
    let parts = js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(text));
    let blob = web_sys::Blob::new_with_str_sequence(&parts).ok()?;
    web_sys::Url::create_object_url_with_blob(&blob).ok()
}

fn revoke(files: &Files) {
    let _ = web_sys::Url::revoke_object_url(&files.markdown);
    let _ = web_sys::Url::revoke_object_url(&files.json);
}

/// The downloads' file name: dated, and marked when the report is practice.
fn file_name(report: &Report, extension: &str) -> String {
    let day = report.generated_at.get(..10).unwrap_or_default();
    let practice = if report.practice { "-PRACTICE" } else { "" };
    format!("calendly-webhook-report{practice}-{day}.{extension}")
}

#[derive(Properties, PartialEq)]
struct SubscriptionIdProps {
    id: AttrValue,
}

/// A subscription ID with a Copy button: what Calendly's support asks for.
#[function_component(SubscriptionId)]
fn subscription_id(props: &SubscriptionIdProps) -> Html {
    let shown = use_node_ref();
    html! {
        <span class="copy-row">
            <code ref={shown.clone()}>{ props.id.clone() }</code>
            <CopyButton text={props.id.clone()} field={shown}
                label={AttrValue::from(format!("Copy the subscription ID {}", props.id))} />
        </span>
    }
}

/// One subscription of the report as a card.
fn line_card(line: &Line) -> Html {
    html! {
        <li class="subscription">
            <p class="subscription-url"><code>{ &line.url }</code></p>
            <dl class="facts compact">
                <dt>{ "Sends" }</dt><dd>{ words::event_labels(&line.events) }</dd>
                <dt>{ "For" }</dt><dd>{ words::scope(line.scope).title }</dd>
                if let Some(subscription) = &line.subscription {
                    <dt>{ "Subscription ID" }</dt>
                    <dd><SubscriptionId id={AttrValue::from(subscription.id().to_owned())} /></dd>
                }
                <dt>{ "What happened" }</dt><dd>{ &line.note }</dd>
                if let Some(next) = &line.next_step {
                    <dt>{ "What to do" }</dt><dd>{ next }</dd>
                }
            </dl>
        </li>
    }
}

fn section(id: &str, title: &str, intro: &str, lines: &[Line]) -> Html {
    if lines.is_empty() {
        return html! {};
    }
    html! {
        <section class="report-section" aria-labelledby={id.to_owned()}>
            <h2 id={id.to_owned()}>{ format!("{title} ({})", lines.len()) }</h2>
            <p class="hint">{ intro }</p>
            <ul class="subscriptions">{ for lines.iter().map(line_card) }</ul>
        </section>
    }
}

#[function_component(DoneStep)]
pub fn done_step() -> Html {
    let wizard = &use_wizard();
    let session = wizard.session();
    let include_key = use_state(|| false);
    let key = session.signing_key();
    // Dated when the run finished, so the report reads the same however often it shows.
    let generated_at = readable_time(wizard.finished_at.as_deref().unwrap_or_default());
    let report = wizard.run.as_ref().map(|run| {
        Report::from_run(
            run,
            key.as_ref(),
            *include_key,
            &ReportContext {
                generated_at: &generated_at,
                practice: wizard.mode == Some(Mode::Practice),
                discovery: wizard.account.as_ref().map(|a| &a.discovery),
            },
        )
    });
    let files = use_state(|| None::<Files>);
    {
        // The files follow the report: new object URLs when it changes, the old ones
        // revoked so the browser can free them.
        let files = files.clone();
        let texts = report.as_ref().map(|r| (r.to_markdown(), r.to_json()));
        use_effect_with(texts, move |texts| {
            let made = texts.as_ref().and_then(|(md, json)| {
                Some(Files {
                    markdown: object_url(md)?,
                    json: object_url(json)?,
                })
            });
            files.set(made.clone());
            move || {
                if let Some(made) = made {
                    revoke(&made);
                }
            }
        });
    }

    let Some(report) = report else {
        return html! {};
    };
    let Some(run) = wizard.run.as_ref() else {
        return html! {};
    };
    let practice = wizard.mode == Some(Mode::Practice);
    let start_over = {
        let wizard = wizard.clone();
        Callback::from(move |_| wizard.dispatch(Action::StartOver))
    };
    let on_include = {
        let include_key = include_key.clone();
        Callback::from(move |e: yew::Event| {
            include_key.set(e.target_unchecked_into::<HtmlInputElement>().checked())
        })
    };
    // The example uses the first webhook created in this run, with a booking event if it has one.
    let example = run.plan.entries.iter().find_map(|entry| {
        let done = run
            .entries
            .iter()
            .any(|e| e.id == entry.id && matches!(e.status, EntryStatus::Done { .. }));
        let event = entry
            .events
            .iter()
            .find(|e| Event::V1.contains(e))
            .or_else(|| entry.events.first())?;
        done.then(|| (entry.target(), event.clone()))
    });
    let counts = format!(
        "{} created, {} already there, {} skipped, {} failed.",
        report.created.len(),
        report.already_there.len(),
        report.skipped.len(),
        report.failed.len()
    );

    html! {
        <section class="step" aria-labelledby="done-title">
            <h1 id="done-title">{ report.headline.trim_end_matches('.') }</h1>
            <p class="report-title">
                <strong>{ &report.title }</strong>
                if !report.generated_at.is_empty() {
                    <br /><span class="hint">{ format!("Made on {}", report.generated_at) }</span>
                }
            </p>
            if practice {
                <p class="notice">{ "Practice mode: this is the report of the pretend account. Nothing was sent anywhere." }</p>
            }
            <p class="report-counts">{ counts }</p>

            { section("report-created", "Created", "New webhook subscriptions Calendly now sends messages to. The \
                subscription ID is Calendly's name for each one; you need it only if you ask Calendly about it.",
                &report.created) }
            { section("report-already", "Already there", "These existed before, so nothing was created for them.",
                &report.already_there) }
            { section("report-skipped", "Skipped", "Nothing was done for these, for the reason given.",
                &report.skipped) }
            { section("report-failed", "Failed", "These could not be created. Each says why and what to do.",
                &report.failed) }
            if !report.deleted.is_empty() {
                <section class="report-section" aria-labelledby="report-deleted">
                    <h2 id="report-deleted">{ format!("Deleted ({})", report.deleted.len()) }</h2>
                    <p class="hint">{ "Old webhook subscriptions replaced by the new ones above." }</p>
                    <ul class="subscriptions">
                        { for report.deleted.iter().map(|d| html! {
                            <li class="subscription">
                                <p class="subscription-url"><code>{ &d.url }</code></p>
                                <p class="hint">{ format!("It sent messages {}.", d.whose) }</p>
                            </li>
                        }) }
                    </ul>
                </section>
            }
            if !report.left_for_you.is_empty() {
                <section class="report-section" aria-labelledby="report-left">
                    <h2 id="report-left">{ format!("Left for you to delete ({})", report.left_for_you.len()) }</h2>
                    <p class="attention">
                        { "These are no longer needed (the organization-wide webhook covers them), but Calendly did \
                           not let the assistant delete them. Until their owners delete them, those bookings reach \
                           your server twice." }
                    </p>
                    <ul>
                        { for report.left_for_you.iter().map(|c| html! {
                            <li>
                                <code>{ &c.url }</code>{ format!(" ({}): {}", c.whose, c.message) }
                            </li>
                        }) }
                    </ul>
                </section>
            }

            <section class="report-section" aria-labelledby="report-save">
                <h2 id="report-save">{ "Save the report" }</h2>
                <p>
                    { "Keep it, or hand it to whoever runs the server that receives your webhooks. Markdown is easy \
                       to read; JSON is for programs. It never contains your access token." }
                </p>
                if report.signed && key.is_some() {
                    <div class="include-key">
                        <input type="checkbox" id="include-key" checked={*include_key} onchange={on_include} />
                        <label for="include-key">
                            { "Include the signing key in the report (only if you will store the report somewhere safe)" }
                        </label>
                    </div>
                } else if report.signed {
                    <p class="hint">
                        { "The signing key is no longer in this page (it is never stored), so the report names it \
                           only by its last characters." }
                    </p>
                }
                if let Some(files) = &*files {
                    <div class="button-row">
                        <a class="button secondary" href={files.markdown.clone()}
                            download={file_name(&report, "md")}>{ "Download the report (Markdown)" }</a>
                        <a class="button secondary" href={files.json.clone()}
                            download={file_name(&report, "json")}>{ "Download the report (JSON)" }</a>
                    </div>
                }
            </section>

            <section class="report-section" aria-labelledby="report-next">
                <h2 id="report-next">{ "Next steps for your server" }</h2>
                <p class="hint">
                    { "For whoever maintains the server that receives your webhooks. The same text is in the \
                       downloaded report." }
                </p>
                <p>
                    { "Two tools for them in this assistant, with no token needed: " }
                    <a href={Place::CheckSignature.fragment()}>{ "Check a webhook signature" }</a>
                    { " (is a delivery really from Calendly?) and " }
                    <a href={Place::OldFormat.fragment()}>{ "See a delivery the old way" }</a>
                    { " (a new delivery in the old format)." }
                </p>
                { for report.next_steps.iter().map(|step| html! {
                    <div class="next-step">
                        <h3>{ &step.title }</h3>
                        <RichText blocks={step.body.clone()} fold_code=true />
                    </div>
                }) }
            </section>

            if let Some((target, event)) = example {
                <section class="report-section" aria-labelledby="report-example">
                    <h2 id="report-example">{ "An example message" }</h2>
                    <ExampleMessage organization={run.plan.organization.clone()}
                        {target} {event} />
                </section>
            }

            if !practice {
                <p class="notice">
                    { "If you do not need your personal access token any more, you can now delete it in Calendly \
                       (Integrations \u{2192} API & Webhooks)." }
                </p>
            }
            <div class="button-row">
                <button type="button" class="button primary" onclick={start_over}>{ "Start over" }</button>
            </div>
        </section>
    }
}
