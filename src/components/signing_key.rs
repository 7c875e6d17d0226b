//! Choosing the signing key for the new subscriptions: a fresh random key (the default,
//! shown once with a Copy button), the user's own key, or none at all (warned against).
//!
//! The choice is a value, [`KeyChoice`], held by the screen that uses it and changed only
//! through this component's `on_change`, so the screen decides when the key is ready
//! ([`KeyChoice::ready`]). It holds the key itself and therefore lives in component memory
//! only: never in the wizard state, storage or a log (`SigningKey`'s `Debug` hides it).

use calendly::SigningKey;
use migration::signing::{self, KeyRefusal, MIN_OWN_KEY_LEN};
use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::components::copy_button::CopyButton;
use crate::components::error_panel::ErrorPanel;

/// Where the key comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum KeySource {
    /// A random key made in this browser (recommended).
    Generated,
    /// A key the user already has.
    Own,
    /// Deliveries are not signed.
    NoKey,
}

/// Everything the user chose about the signing key.
#[derive(Clone, Debug, PartialEq)]
pub struct KeyChoice {
    pub source: KeySource,
    /// The key made for this screen, or why the browser could not make one.
    pub generated: Result<SigningKey, KeyRefusal>,
    /// What the user typed as their own key, kept as typed even while it is refused.
    pub own_text: String,
    /// The user confirmed that the key is saved somewhere safe. Any change of key clears it.
    pub saved: bool,
}

impl KeyChoice {
    /// A freshly generated key, not yet saved.
    pub fn generate() -> KeyChoice {
        KeyChoice {
            source: KeySource::Generated,
            generated: signing::generate(),
            own_text: String::new(),
            saved: false,
        }
    }

    /// The key to create the subscriptions with (`None`: no key), or why the user cannot
    /// start yet, as a sentence that says what to do.
    pub fn ready(&self) -> Result<Option<SigningKey>, String> {
        let key =
            match self.source {
                KeySource::NoKey => return Ok(None),
                KeySource::Generated => self.generated.clone().map_err(|r| r.to_string())?,
                KeySource::Own if self.own_text.trim().is_empty() => return Err(
                    "Type your own signing key, or choose \u{201c}Use a new random key\u{201d}."
                        .into(),
                ),
                KeySource::Own => signing::own(&self.own_text).map_err(|r| r.to_string())?,
            };
        if !self.saved {
            return Err(
                "Save the signing key first, then tick \u{201c}I have saved this key somewhere safe\u{201d}."
                    .into(),
            );
        }
        Ok(Some(key))
    }
}

#[derive(Properties, PartialEq)]
pub struct SigningKeyChoiceProps {
    pub choice: KeyChoice,
    pub on_change: Callback<KeyChoice>,
}

#[function_component(SigningKeyChoice)]
pub fn signing_key_choice(props: &SigningKeyChoiceProps) -> Html {
    let field = use_node_ref();
    let choice = &props.choice;
    let pick = |source: KeySource| {
        let (choice, on_change) = (choice.clone(), props.on_change.clone());
        Callback::from(move |_: Event| {
            on_change.emit(KeyChoice {
                source,
                saved: false,
                ..choice.clone()
            })
        })
    };
    let generate_another = {
        let (choice, on_change) = (choice.clone(), props.on_change.clone());
        Callback::from(move |_: MouseEvent| {
            on_change.emit(KeyChoice {
                generated: signing::generate(),
                saved: false,
                ..choice.clone()
            })
        })
    };
    let own_input = {
        let (choice, on_change) = (choice.clone(), props.on_change.clone());
        Callback::from(move |event: InputEvent| {
            let Some(input) = event.target_dyn_into::<HtmlInputElement>() else {
                return;
            };
            on_change.emit(KeyChoice {
                own_text: input.value(),
                saved: false,
                ..choice.clone()
            })
        })
    };
    let saved = {
        let (choice, on_change) = (choice.clone(), props.on_change.clone());
        Callback::from(move |event: Event| {
            let ticked = event
                .target_dyn_into::<HtmlInputElement>()
                .is_some_and(|input| input.checked());
            on_change.emit(KeyChoice {
                saved: ticked,
                ..choice.clone()
            })
        })
    };

    let radio = |id: &'static str, source: KeySource, text: &'static str| {
        html! {
            <div class="radio-line">
                <input type="radio" id={id} name="key-source" checked={choice.source == source}
                    onchange={pick(source)} />
                <label for={id}>{ text }</label>
            </div>
        }
    };

    let details = match choice.source {
        KeySource::Generated => match &choice.generated {
            Ok(key) => html! {
                <>
                    <label for="signing-key">{ "Your new signing key" }</label>
                    <div class="key-row">
                        <input id="signing-key" type="text" class="key-field" readonly=true
                            value={key.expose().to_owned()} ref={field.clone()}
                            autocomplete="off" spellcheck="false" aria-describedby="signing-key-hint" />
                        <CopyButton text={AttrValue::from(key.expose().to_owned())} field={field.clone()}
                            label="Copy the signing key" />
                        <button type="button" class="button secondary" onclick={generate_another}>
                            { "Generate another" }
                        </button>
                    </div>
                    <p id="signing-key-hint" class="hint">
                        { "64 characters, made at random in your browser. Calendly never shows it again, and \
                           neither will this assistant, so keep a copy now." }
                    </p>
                </>
            },
            Err(refusal) => html! {
                <ErrorPanel message={refusal.to_string()}
                    next_step="Choose \u{201c}I have my own key\u{201d} and type a key of at least 32 \
                               characters, or open this page in another browser." />
            },
        },
        KeySource::Own => {
            let refusal = (!choice.own_text.trim().is_empty())
                .then(|| signing::own(&choice.own_text).err())
                .flatten();
            html! {
                <>
                    <label for="own-key">{ "Your own signing key" }</label>
                    <input id="own-key" type="text" class="key-field" value={choice.own_text.clone()}
                        oninput={own_input} autocomplete="off" spellcheck="false"
                        aria-describedby="own-key-hint" aria-invalid={refusal.is_some().then_some("true")} />
                    <p id="own-key-hint" class="hint">
                        { format!("At least {MIN_OWN_KEY_LEN} characters: letters, digits and simple symbols, no spaces.") }
                    </p>
                    if let Some(refusal) = refusal {
                        <p class="field-error" role="alert">{ refusal.to_string() }</p>
                    }
                </>
            }
        }
        KeySource::NoKey => html! {
            <p class="warning" role="note">
                <strong>{ "Not recommended. " }</strong>
                { "Without a signing key Calendly does not sign its messages, so your server cannot check that \
                   a message really comes from Calendly: anyone who learns your webhook address could send it \
                   fake bookings." }
            </p>
        },
    };

    html! {
        <section class="signing-key" aria-labelledby="key-title">
            <h2 id="key-title">{ "Signing key" }</h2>
            <p>
                { "A " }<strong>{ "signing key" }</strong>
                { " is a secret your server uses to check that a message really comes from Calendly. \
                   Calendly signs every message to the new webhooks with it; your server needs the same key." }
            </p>
            <fieldset class="key-source">
                <legend>{ "Which key should the new webhooks use?" }</legend>
                { radio("key-source-generated", KeySource::Generated, "Use a new random key (recommended)") }
                { radio("key-source-own", KeySource::Own, "I have my own key") }
                { radio("key-source-none", KeySource::NoKey, "No signing key") }
            </fieldset>
            { details }
            if choice.source != KeySource::NoKey {
                <div class="checkbox-line saved-line">
                    <input type="checkbox" id="key-saved" checked={choice.saved} onchange={saved} />
                    <label for="key-saved">
                        { "I have saved this key somewhere safe (a password manager or my server's settings). \
                           It will not be shown again." }
                    </label>
                </div>
            }
        </section>
    }
}
