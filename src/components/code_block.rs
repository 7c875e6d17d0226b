//! A block of code (a snippet, an example message) with a Copy button under it. The code
//! wraps instead of scrolling sideways, so it reads on a phone and has no scrolling region
//! a keyboard cannot reach.

use yew::prelude::*;

use crate::components::copy_button::CopyButton;

#[derive(Properties, PartialEq)]
pub struct CodeBlockProps {
    pub code: AttrValue,
    /// What the code is, in a few words ("the Node.js example"): the block's accessible
    /// name and the Copy button's ("Copy the Node.js example").
    pub label: AttrValue,
}

#[function_component(CodeBlock)]
pub fn code_block(props: &CodeBlockProps) -> Html {
    let shown = use_node_ref();
    html! {
        <div class="copyable">
            <pre class="code-block" aria-label={props.label.clone()} ref={shown.clone()}>
                <code>{ props.code.clone() }</code>
            </pre>
            <div class="copy-row">
                <CopyButton text={props.code.clone()} field={shown}
                    label={AttrValue::from(format!("Copy {}", props.label))} />
            </div>
        </div>
    }
}
