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

/// Mount the app on `#app`, replacing the "Loading…" placeholder.
pub fn start() {
    let document = web_sys::window()
        .and_then(|w| w.document())
        .expect("a browser document");
    let root = document
        .get_element_by_id("app")
        .expect("index.html has #app");
    root.set_inner_html("");
    yew::Renderer::<app::App>::with_root(root).render();
}
