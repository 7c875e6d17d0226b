//! The small part of Markdown the migration report's "next steps" use (paragraphs, lists,
//! tables, fenced code, `code` and **bold**), shown as real HTML elements. The texts come
//! from the migration core, not from the user, but they are still built as Yew nodes and
//! never set as `innerHTML`: nothing in them can become markup or script.

use yew::prelude::*;

use crate::components::code_block::CodeBlock;

/// One block of a Markdown text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Block {
    Paragraph(String),
    Numbered(Vec<String>),
    Bullets(Vec<String>),
    Table {
        head: Vec<String>,
        rows: Vec<Vec<String>>,
    },
    /// A fenced code block and the language named after the fence, if any.
    Code {
        language: String,
        text: String,
    },
}

/// The blocks of `text`, for the subset described in the module header. Anything else
/// stays as paragraph text, so no words are ever lost.
///
/// ```
/// use webhook_assistant::components::markdown::{blocks, Block};
/// let parsed = blocks("Two steps:\n\n1. Split.\n2. Compare.");
/// assert_eq!(parsed[1], Block::Numbered(vec!["Split.".into(), "Compare.".into()]));
/// ```
pub fn blocks(text: &str) -> Vec<Block> {
    let mut out = Vec::new();
    let mut lines = text.lines().peekable();
    while let Some(line) = lines.next() {
        let trimmed = line.trim();
        if trimmed.is_empty() {
            continue;
        }
        if let Some(language) = trimmed.strip_prefix("```") {
            let mut code = Vec::new();
            for inner in lines.by_ref() {
                if inner.trim_start().starts_with("```") {
                    break;
                }
                code.push(inner);
            }
            out.push(Block::Code {
                language: language.trim().to_owned(),
                text: code.join("\n"),
            });
        } else if trimmed.starts_with('|') {
            let mut table = vec![cells(trimmed)];
            while let Some(next) = lines.next_if(|l| l.trim().starts_with('|')) {
                let row = cells(next.trim());
                // The |---|---| line under the header only marks it as a header.
                if !row
                    .iter()
                    .all(|c| !c.is_empty() && c.chars().all(|ch| "-: ".contains(ch)))
                {
                    table.push(row);
                }
            }
            let head = table.remove(0);
            out.push(Block::Table { head, rows: table });
        } else if numbered_item(trimmed).is_some() {
            let mut items = vec![numbered_item(trimmed).unwrap_or_default().to_owned()];
            while let Some(next) = lines.next_if(|l| numbered_item(l.trim()).is_some()) {
                items.push(numbered_item(next.trim()).unwrap_or_default().to_owned());
            }
            out.push(Block::Numbered(items));
        } else if let Some(item) = trimmed.strip_prefix("- ") {
            let mut items = vec![item.to_owned()];
            while let Some(next) = lines.next_if(|l| l.trim().starts_with("- ")) {
                items.push(next.trim()[2..].to_owned());
            }
            out.push(Block::Bullets(items));
        } else {
            let mut paragraph = vec![trimmed];
            while let Some(next) = lines.next_if(|l| {
                let t = l.trim();
                !t.is_empty()
                    && !t.starts_with("```")
                    && !t.starts_with('|')
                    && !t.starts_with("- ")
                    && numbered_item(t).is_none()
            }) {
                paragraph.push(next.trim());
            }
            out.push(Block::Paragraph(paragraph.join(" ")));
        }
    }
    out
}

/// "3. Compare it" → "Compare it".
fn numbered_item(line: &str) -> Option<&str> {
    let (number, rest) = line.split_once(". ")?;
    (!number.is_empty() && number.chars().all(|c| c.is_ascii_digit())).then_some(rest)
}

fn cells(line: &str) -> Vec<String> {
    let inner = line.trim_matches('|');
    inner.split('|').map(|c| c.trim().to_owned()).collect()
}

/// `code` and **bold** inside a line of text.
fn inline(text: &str) -> Html {
    let mut nodes = Vec::new();
    for (i, part) in text.split('`').enumerate() {
        // Odd parts sit between backticks. An unpaired backtick leaves the rest as code,
        // which still shows every character.
        if i % 2 == 1 {
            nodes.push(html! { <code>{ part }</code> });
            continue;
        }
        for (j, piece) in part.split("**").enumerate() {
            if piece.is_empty() {
                continue;
            }
            if j % 2 == 1 {
                nodes.push(html! { <strong>{ piece }</strong> });
            } else {
                nodes.push(html! { { piece } });
            }
        }
    }
    nodes.into_iter().collect()
}

#[derive(Properties, PartialEq)]
pub struct MarkdownProps {
    pub text: AttrValue,
}

#[function_component(Markdown)]
pub fn markdown(props: &MarkdownProps) -> Html {
    let view = |block: &Block| match block {
        Block::Paragraph(text) => html! { <p>{ inline(text) }</p> },
        Block::Numbered(items) => html! {
            <ol>{ for items.iter().map(|i| html! { <li>{ inline(i) }</li> }) }</ol>
        },
        Block::Bullets(items) => html! {
            <ul>{ for items.iter().map(|i| html! { <li>{ inline(i) }</li> }) }</ul>
        },
        // Fixed column widths and wrapping code keep the table inside the page, so no
        // scrolling region (which a keyboard could not reach) is needed.
        Block::Table { head, rows } => html! {
            <table class="md-table">
                <thead><tr>{ for head.iter().map(|c| html! { <th scope="col">{ inline(c) }</th> }) }</tr></thead>
                <tbody>
                    { for rows.iter().map(|row| html! {
                        <tr>{ for row.iter().map(|c| html! { <td>{ inline(c) }</td> }) }</tr>
                    }) }
                </tbody>
            </table>
        },
        Block::Code { language, text } => {
            let label = match language.as_str() {
                "js" => "Node.js",
                "python" => "Python",
                _ => "Code",
            };
            html! {
                <CodeBlock code={text.clone()} label={format!("the {label} example")} />
            }
        }
    };
    html! { <div class="markdown">{ for blocks(&props.text).iter().map(view) }</div> }
}
