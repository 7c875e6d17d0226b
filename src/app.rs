//! The app shell: the wizard (a [`WizardProvider`] started from the saved state after a
//! reload), the test-mode banner, where the user is in the journey, and the current step.
//! Its effects, one hook each: the address follows the wizard (Back and Forward move
//! between steps), every step change lands (scroll, focus, title), leaving asks first when
//! it would lose something, and the state is kept for a reload. The steps reach the wizard
//! through [`use_wizard`]; nothing here is imported by them.

use yew::prelude::*;

use crate::api_base::{self, ApiBase};
use crate::components::banner::ApiBanner;
use crate::components::progress::Journey;
use crate::hooks::use_history_sync::use_history_sync;
use crate::hooks::use_landing::use_landing;
use crate::hooks::use_leave_guard::use_leave_guard;
use crate::hooks::use_page::use_page;
use crate::hooks::use_saved_state::{initial_state, use_saved_state};
use crate::pages::{check_signature::CheckSignaturePage, old_format::OldFormatPage};
use crate::route::Place;
use crate::state::Step;
use crate::steps::{
    account::AccountStep, done::DoneStep, existing::ExistingStep, old_hooks::OldHooksStep,
    plan::PlanStep, run::RunStep, token::TokenStep, welcome::Welcome,
};
use crate::wizard::{use_wizard, WizardProvider};

/// The API base chosen from the page address, decided once per page load.
pub fn page_api_base() -> ApiBase {
    if cfg!(not(target_arch = "wasm32")) {
        // Rendered at build time for index.html (`first_screen_html`): no page address.
        return ApiBase::Calendly;
    }
    let query = web_sys::window()
        .and_then(|w| w.location().search().ok())
        .unwrap_or_default();
    api_base::from_query(&query)
}

#[function_component(App)]
pub fn app() -> Html {
    let initial = use_memo((), |_| initial_state());
    let api = use_memo((), |_| page_api_base());
    html! {
        <WizardProvider initial={(*initial).clone()} api={(*api).clone()}>
            <Shell />
        </WizardProvider>
    }
}

/// The page around the current step, and the effects that follow the wizard.
#[function_component(Shell)]
fn shell() -> Html {
    let wizard = use_wizard();
    use_history_sync(&wizard);
    use_landing(wizard.step);
    use_leave_guard(wizard.leaving_loses_something());
    use_saved_state(wizard.state());
    let page = use_page(wizard.step);
    {
        // Leaving the account (a new way, Start over) forgets the client, the token and
        // the key.
        let session = wizard.session().clone();
        use_effect_with(wizard.account.is_some(), move |signed_in| {
            if !signed_in {
                session.clear();
            }
        });
    }
    let step = match wizard.step {
        Step::Welcome => html! { <Welcome /> },
        Step::Token => html! { <TokenStep /> },
        Step::Account => html! { <AccountStep /> },
        Step::Existing => html! { <ExistingStep /> },
        Step::OldHooks => html! { <OldHooksStep /> },
        Step::Plan => html! { <PlanStep /> },
        Step::Run => html! { <RunStep /> },
        Step::Done => html! { <DoneStep /> },
    };
    // A page outside the wizard, while the address names it.
    let shown = match page {
        Some(Place::CheckSignature) => html! { <CheckSignaturePage /> },
        Some(Place::OldFormat) => html! { <OldFormatPage /> },
        _ => step,
    };
    html! {
        <>
            <header class="masthead">
                <ApiBanner api={wizard.api().clone()} />
                if wizard.step > Step::Token && page.is_none() {
                    <Journey current={wizard.step} />
                }
            </header>
            <main class="page" id="main">{ shown }</main>
            <footer class="footer">
                <p>{ "This assistant runs in your browser. It keeps nothing on any server." }</p>
            </footer>
        </>
    }
}

/// The page as it first shows, the welcome screen, rendered natively at build time for
/// `index.html` (`src/bin/prerender.rs`) so it is on show before the app has loaded; the
/// app then takes it over as it is (hydration, see `crate::start`). Natively there is no
/// browser: what the first render reads from the page (its address) answers as on a fresh
/// visit when not compiled to wasm (`cfg!(target_arch = "wasm32")`), and everything else
/// that touches the browser runs in effects, which a render at build time does not run.
#[cfg(feature = "prerender")]
pub async fn first_screen_html() -> String {
    yew::ServerRenderer::<App>::new()
        .hydratable(true)
        .render()
        .await
}
