//! Rich text as data: the few shapes the report's next steps need (paragraphs, lists,
//! tables, code blocks with their language; plain text, inline code, bold and links), so a
//! screen renders them as elements directly and the Markdown download is written from
//! the same data. Nothing here is ever parsed back from Markdown.
//!
//! Writing Markdown is where user text meets markup, so every piece of text goes through
//! [`escape`], which makes it inert for Markdown *and* for HTML: an address such as
//! `https://hooks.example.com/b"><script>alert(2)</script>` or
//! `…/c)[click](javascript:alert(4))` renders as the text it is, never as a tag or a
//! link. Code goes into code spans and fences long enough that no backtick inside can
//! close them, and only `http`, `https` and `mailto` links are written as links.

use serde::{Deserialize, Serialize};

/// A run of text inside a block.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "inline", rename_all = "snake_case")]
pub enum Inline {
    Text {
        text: String,
    },
    /// Code, a header or a field name, shown in a monospace font.
    Code {
        code: String,
    },
    /// Words that must not be missed.
    Strong {
        text: String,
    },
    /// A link; only `http`, `https` and `mailto` targets are ever written as links.
    Link {
        text: String,
        href: String,
    },
}

/// A block of text.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "block", rename_all = "snake_case")]
pub enum Block {
    Paragraph {
        text: Vec<Inline>,
    },
    /// A numbered (`ordered`) or bulleted list; each item is a line of text.
    List {
        ordered: bool,
        items: Vec<Vec<Inline>>,
    },
    /// A table: a heading row and rows of cells, each cell a line of text.
    Table {
        head: Vec<Vec<Inline>>,
        rows: Vec<Vec<Vec<Inline>>>,
    },
    /// A code block and its language (`js`, `python`, … or empty), for copying whole.
    Code {
        language: String,
        code: String,
    },
}

/// Plain text.
pub fn text(text: impl Into<String>) -> Inline {
    Inline::Text { text: text.into() }
}

/// Inline code.
pub fn code(code: impl Into<String>) -> Inline {
    Inline::Code { code: code.into() }
}

/// Bold text.
pub fn strong(text: impl Into<String>) -> Inline {
    Inline::Strong { text: text.into() }
}

/// A link.
pub fn link(text: impl Into<String>, href: impl Into<String>) -> Inline {
    Inline::Link {
        text: text.into(),
        href: href.into(),
    }
}

impl Block {
    /// A paragraph of these runs.
    pub fn paragraph(text: Vec<Inline>) -> Block {
        Block::Paragraph { text }
    }

    /// A numbered list.
    pub fn numbered(items: Vec<Vec<Inline>>) -> Block {
        Block::List {
            ordered: true,
            items,
        }
    }

    /// A bulleted list.
    pub fn bullets(items: Vec<Vec<Inline>>) -> Block {
        Block::List {
            ordered: false,
            items,
        }
    }

    /// A code block in `language`.
    pub fn code(language: &str, code: &str) -> Block {
        Block::Code {
            language: language.to_owned(),
            code: code.to_owned(),
        }
    }

    /// This block as Markdown (no trailing blank line).
    ///
    /// ```
    /// use migration::rich::{code, text, Block};
    /// let block = Block::paragraph(vec![text("Read "), code("payload.uri"), text(" [twice]")]);
    /// assert_eq!(block.to_markdown(), "Read `payload.uri` \\[twice\\]");
    /// ```
    pub fn to_markdown(&self) -> String {
        match self {
            Block::Paragraph { text } => inlines(text, false),
            Block::List { ordered, items } => items
                .iter()
                .enumerate()
                .map(|(i, item)| {
                    let marker = if *ordered {
                        format!("{}.", i + 1)
                    } else {
                        "-".to_owned()
                    };
                    format!("{marker} {}", inlines(item, false))
                })
                .collect::<Vec<_>>()
                .join("\n"),
            Block::Table { head, rows } => {
                let row = |cells: &[Vec<Inline>]| {
                    let cells: Vec<String> = cells.iter().map(|c| inlines(c, true)).collect();
                    format!("| {} |", cells.join(" | "))
                };
                let mut lines = vec![row(head), format!("|{}", "---|".repeat(head.len()))];
                lines.extend(rows.iter().map(|r| row(r)));
                lines.join("\n")
            }
            Block::Code { language, code } => {
                let fence = "`".repeat(longest_run(code, '`').max(2) + 1);
                // A language word only: anything else after the fence could be read as more.
                let language = if language
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '+'))
                {
                    language.as_str()
                } else {
                    ""
                };
                format!(
                    "{fence}{language}\n{}\n{fence}",
                    code.trim_end_matches('\n')
                )
            }
        }
    }
}

/// Blocks as Markdown, separated by blank lines.
pub fn to_markdown(blocks: &[Block]) -> String {
    blocks
        .iter()
        .map(Block::to_markdown)
        .collect::<Vec<_>>()
        .join("\n\n")
}

/// A line of runs as Markdown. In a table cell a `|` must be escaped even inside code.
pub fn inlines(runs: &[Inline], in_table: bool) -> String {
    let mut out = String::new();
    for run in runs {
        match run {
            Inline::Text { text } => out.push_str(&escape_inline(text, out.is_empty())),
            Inline::Strong { text } => {
                out.push_str("**");
                out.push_str(&escape(text));
                out.push_str("**");
            }
            Inline::Code { code } => out.push_str(&code_span(code, in_table)),
            Inline::Link { text, href } if is_safe_link(href) => {
                out.push('[');
                out.push_str(&escape(text));
                out.push_str("](<");
                out.push_str(href);
                out.push_str(">)");
            }
            Inline::Link { text, .. } => out.push_str(&escape(text)),
        }
    }
    out
}

/// `text` made inert for Markdown and for HTML: the characters that make HTML tags and
/// references (`& < >`) become character references; the Markdown
/// punctuation that makes links, images, code, emphasis and table cells (`\ ` * _ [ ] | ~`)
/// is backslash-escaped; line breaks become spaces; and a leading `#`, `+`, `-`, `=` or
/// `1.` cannot start a heading or a list. Parentheses stay as they are: without `[` no
/// link can form, and quotes stay too: a renderer puts text in text, never in an attribute
/// (images, whose alt text is one, need `[`). Rendered, it shows exactly `text`.
///
/// ```
/// let safe = migration::rich::escape("https://x.example.com/c)[click](javascript:alert(4))");
/// assert!(safe.contains(r"\[click\](javascript"));
/// assert_eq!(migration::rich::escape("<b>"), "&lt;b&gt;");
/// ```
pub fn escape(text: &str) -> String {
    escape_inline(text, true)
}

fn escape_inline(text: &str, at_start: bool) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    let mut first = at_start;
    // Digits at the very start, so "1." or "1)" cannot become a numbered list item.
    let mut leading_digits = at_start;
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\\' | '`' | '*' | '_' | '[' | ']' | '|' | '~' => {
                out.push('\\');
                out.push(c);
            }
            '#' | '+' | '-' | '=' if first => {
                out.push('\\');
                out.push(c);
            }
            '.' | ')' if leading_digits && !first => {
                out.push('\\');
                out.push(c);
            }
            '\n' | '\r' | '\t' => out.push(' '),
            c if c.is_control() => {}
            c => out.push(c),
        }
        leading_digits = leading_digits && c.is_ascii_digit();
        first = false;
    }
    out
}

/// `code` as a code span: a fence one backtick longer than any run inside, padded when
/// it starts or ends with a backtick; line breaks become spaces.
fn code_span(code: &str, in_table: bool) -> String {
    let code: String = code
        .chars()
        .map(|c| if c == '\n' || c == '\r' { ' ' } else { c })
        .collect();
    let code = if in_table {
        code.replace('|', "\\|")
    } else {
        code
    };
    let fence = "`".repeat(longest_run(&code, '`') + 1);
    let pad = if code.starts_with('`') || code.ends_with('`') {
        " "
    } else {
        ""
    };
    format!("{fence}{pad}{code}{pad}{fence}")
}

fn longest_run(text: &str, of: char) -> usize {
    let (mut longest, mut run) = (0, 0);
    for c in text.chars() {
        run = if c == of { run + 1 } else { 0 };
        longest = longest.max(run);
    }
    longest
}

fn is_safe_link(href: &str) -> bool {
    let lower = href.to_ascii_lowercase();
    (lower.starts_with("https://") || lower.starts_with("http://") || lower.starts_with("mailto:"))
        && !href
            .chars()
            .any(|c| c.is_whitespace() || c.is_control() || matches!(c, '<' | '>'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_characters_become_references() {
        assert_eq!(
            escape(r#"b"><script>alert(2)</script>"#),
            r#"b"&gt;&lt;script&gt;alert(2)&lt;/script&gt;"#
        );
        assert_eq!(escape("Tom & Jerry's"), "Tom &amp; Jerry's");
    }

    #[test]
    fn markdown_link_syntax_is_escaped() {
        assert_eq!(
            escape("c)[click](javascript:alert(4))"),
            r"c)\[click\](javascript:alert(4))"
        );
        assert_eq!(
            escape("![x](y) *a* _b_ `c`"),
            r"!\[x\](y) \*a\* \_b\_ \`c\`"
        );
    }

    #[test]
    fn text_cannot_start_a_list_or_a_heading() {
        assert_eq!(escape("- item"), r"\- item");
        assert_eq!(escape("12. item"), r"12\. item");
        assert_eq!(escape("3) item"), r"3\) item");
        assert_eq!(escape("+ item"), r"\+ item");
        assert_eq!(escape("# title"), r"\# title");
        // Only at the start: a hyphen or a dot inside text stays readable.
        assert_eq!(escape("e-mail v1.2"), "e-mail v1.2");
    }

    #[test]
    fn line_breaks_cannot_start_a_new_block() {
        assert_eq!(escape("one\n# two\r\n- three"), "one # two  - three");
    }

    #[test]
    fn a_code_span_cannot_be_closed_from_inside() {
        assert_eq!(code_span("a`b", false), "``a`b``");
        assert_eq!(code_span("`x`", false), "`` `x` ``");
        assert_eq!(code_span("a|b", true), r"`a\|b`");
    }

    #[test]
    fn a_code_block_fence_is_longer_than_any_fence_inside() {
        let block = Block::code("js", "```\nx\n```");
        assert_eq!(block.to_markdown(), "````js\n```\nx\n```\n````");
        let odd = Block::code("js onload=x", "y");
        assert_eq!(odd.to_markdown(), "```\ny\n```");
    }

    #[test]
    fn only_web_and_mail_links_are_written_as_links() {
        let line = |href: &str| inlines(&[link("here", href)], false);
        assert_eq!(
            line("https://calendly.com/integrations/api_webhooks"),
            "[here](<https://calendly.com/integrations/api_webhooks>)"
        );
        assert_eq!(line("javascript:alert(1)"), "here");
        assert_eq!(line("https://x.example.com/a b"), "here");
    }

    #[test]
    fn lists_and_tables_have_their_markdown_shape() {
        let list = Block::numbered(vec![vec![text("One")], vec![code("two")]]);
        assert_eq!(list.to_markdown(), "1. One\n2. `two`");
        let table = Block::Table {
            head: vec![vec![text("v1")], vec![text("V2")]],
            rows: vec![vec![vec![code("time")], vec![code("created_at")]]],
        };
        assert_eq!(
            table.to_markdown(),
            "| v1 | V2 |\n|---|---|\n| `time` | `created_at` |"
        );
    }

    #[test]
    fn blocks_round_trip_as_json() {
        let blocks = vec![
            Block::paragraph(vec![text("a"), strong("b"), link("c", "https://d")]),
            Block::code("python", "print(1)"),
        ];
        let json = serde_json::to_string(&blocks).unwrap();
        assert_eq!(serde_json::from_str::<Vec<Block>>(&json).unwrap(), blocks);
    }
}
