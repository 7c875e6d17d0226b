//! The floor `cargo xtask bench` compares the assistant with: the least a Yew app that
//! talks to a server with gloo-net weighs and takes to start, built by the same pipeline
//! (`xtask/src/build.rs`) with the workspace's release profile. It sets the same
//! `first-screen` mark as the assistant once its one screen is mounted.

use yew::prelude::*;

#[function_component(App)]
fn app() -> Html {
    let answer = use_state(String::new);
    let fetch = {
        let answer = answer.clone();
        Callback::from(move |_| {
            let answer = answer.clone();
            wasm_bindgen_futures::spawn_local(async move {
                let text = match gloo_net::http::Request::get("robots.txt").send().await {
                    Ok(response) => response.text().await.unwrap_or_default(),
                    Err(error) => error.to_string(),
                };
                answer.set(text);
            });
        })
    };
    use_effect_with((), |_| {
        if let Some(performance) = web_sys::window().and_then(|w| w.performance()) {
            let _ = performance.mark("first-screen");
        }
    });
    html! {
        <main>
            <h1>{ "Hello" }</h1>
            <button type="button" onclick={fetch}>{ "Fetch" }</button>
            <p>{ (*answer).clone() }</p>
        </main>
    }
}

fn main() {
    yew::Renderer::<App>::new().render();
}
