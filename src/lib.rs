//! The web app: thin Yew views over the migration core. The wizard's state is one value
//! changed by a pure reducer ([`state`]); the network sits behind the client's transport
//! ([`transport`]); where the API lives is decided once, from the page address
//! ([`api_base`]). The user's token lives in memory only: never in storage, the address,
//! logs or reports.

pub mod api_base;
pub mod app;
pub mod components;
pub mod connection;
pub mod hooks;
pub mod pages;
pub mod route;
pub mod state;
pub mod steps;
pub mod transport;
pub mod wizard;

/// The `performance.mark` set once the first screen is in the page and answers input;
/// `cargo xtask bench` reads it to time loads (the floor app it compares with sets the
/// same one).
pub const FIRST_SCREEN_MARK: &str = "first-screen";

/// Mount the app on `#app` and set [`FIRST_SCREEN_MARK`] once the first screen is in the
/// page. `index.html` already shows the welcome screen, rendered at build time with its
/// buttons hidden: on a fresh visit (no step in the address, no test server) the app
/// takes over those very elements (hydration), so nothing is drawn twice; otherwise it
/// replaces them.
pub fn start() {
    let window = web_sys::window().expect("a browser window");
    let document = window.document().expect("a browser document");
    let root = document
        .get_element_by_id("app")
        .expect("index.html has #app");
    let location = window.location();
    let fresh = location.search().unwrap_or_default().is_empty()
        && matches!(
            location.hash().unwrap_or_default().as_str(),
            "" | "#" | "#/"
        );
    let prerendered = root.has_attribute("data-prerendered");
    let _ = root.remove_attribute("data-prerendered");
    if prerendered && fresh {
        yew::Renderer::<app::App>::with_root(root).hydrate();
    } else {
        root.set_inner_html("");
        yew::Renderer::<app::App>::with_root(root).render();
    }
    // Yew renders in a task it has just queued (its scheduler runs the first render and
    // its effects to the end in one go); this task runs after it.
    wasm_bindgen_futures::spawn_local(async {
        if let Some(performance) = web_sys::window().and_then(|w| w.performance()) {
            let _ = performance.mark(FIRST_SCREEN_MARK);
        }
    });
}
