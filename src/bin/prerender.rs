//! Prints the welcome screen's markup, as the app renders it, for `cargo xtask build` to
//! put into `index.html` (see `app::first_screen_html`). Built natively with the
//! `prerender` feature; never part of the page.

fn main() {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a Tokio runtime");
    print!(
        "{}",
        runtime.block_on(webhook_assistant::app::first_screen_html())
    );
}
