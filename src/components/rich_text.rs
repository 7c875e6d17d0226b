//! The report's next steps on screen, drawn from the structured text the core gives
//! ([`migration::rich`]): the same data the Markdown download is written from, so there
//! is no second parser to keep right. Code blocks come with a Copy button.

use migration::rich::{Block, Inline};
use yew::prelude::*;

use crate::components::code_block::CodeBlock;

#[derive(Properties, PartialEq)]
pub struct RichTextProps {
    pub blocks: Vec<Block>,
    /// Code blocks start folded ("Show the Node.js code"), so a long set of steps reads
    /// as text first; whoever needs the code opens it.
    #[prop_or(false)]
    pub fold_code: bool,
}

/// What a code block's language is called, for its accessible name and Copy button.
fn language_name(language: &str) -> &'static str {
    match language {
        "js" | "javascript" | "node" => "Node.js",
        "python" | "py" => "Python",
        "ruby" | "rb" => "Ruby",
        "php" => "PHP",
        "go" => "Go",
        "rust" | "rs" => "Rust",
        "json" => "JSON",
        "http" => "HTTP",
        "sh" | "bash" | "shell" => "command line",
        _ => "code",
    }
}

fn line(inlines: &[Inline]) -> Html {
    html! {
        { for inlines.iter().map(|inline| match inline {
            Inline::Text { text } => html! { { text.clone() } },
            Inline::Code { code } => html! { <code>{ code.clone() }</code> },
            Inline::Strong { text } => html! { <strong>{ text.clone() }</strong> },
            // The core writes only http, https and mailto links.
            Inline::Link { text, href } => html! {
                <a href={href.clone()} target="_blank" rel="noopener noreferrer">{ text.clone() }</a>
            },
        }) }
    }
}

fn block(block: &Block, fold_code: bool) -> Html {
    match block {
        Block::Paragraph { text } => html! { <p>{ line(text) }</p> },
        Block::List {
            ordered: true,
            items,
        } => html! {
            <ol>{ for items.iter().map(|item| html! { <li>{ line(item) }</li> }) }</ol>
        },
        Block::List {
            ordered: false,
            items,
        } => html! {
            <ul>{ for items.iter().map(|item| html! { <li>{ line(item) }</li> }) }</ul>
        },
        Block::Table { head, rows } => html! {
            <table class="md-table">
                <thead><tr>{ for head.iter().map(|c| html! { <th scope="col">{ line(c) }</th> }) }</tr></thead>
                <tbody>
                    { for rows.iter().map(|row| html! {
                        <tr>{ for row.iter().map(|c| html! { <td>{ line(c) }</td> }) }</tr>
                    }) }
                </tbody>
            </table>
        },
        Block::Code { language, code } if fold_code => html! {
            <details class="code-fold">
                <summary>{ format!("Show the {} code", language_name(language)) }</summary>
                <CodeBlock code={code.clone()}
                    label={format!("the {} example", language_name(language))} />
            </details>
        },
        Block::Code { language, code } => html! {
            <CodeBlock code={code.clone()}
                label={format!("the {} example", language_name(language))} />
        },
    }
}

#[function_component(RichText)]
pub fn rich_text(props: &RichTextProps) -> Html {
    html! {
        <div class="rich-text">{ for props.blocks.iter().map(|b| block(b, props.fold_code)) }</div>
    }
}
