//! A tiny, safe Markdown subset for scenario notes, rendered as Yew nodes.
//!
//! Why not an HTML renderer: notes come from links anyone can craft, and user text must never
//! be inserted as HTML. This renderer builds elements itself: headings, paragraphs, lists,
//! fenced code, `code`, **bold**, *emphasis* and links (only `http(s)` targets). Anything else
//! is shown as plain text.

use yew::prelude::*;

/// An inline run.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Inline {
    /// Plain text.
    Text(String),
    /// `code`.
    Code(String),
    /// **strong**.
    Strong(Vec<Inline>),
    /// *emphasis*.
    Em(Vec<Inline>),
    /// [text](url) with a safe URL.
    Link(Vec<Inline>, String),
}

/// A block.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Block {
    /// `#`…`###` headings (level 1-3).
    Heading(u8, Vec<Inline>),
    /// A paragraph.
    Paragraph(Vec<Inline>),
    /// A list; `true` when ordered.
    List(bool, Vec<Vec<Inline>>),
    /// A fenced code block.
    Code(String),
}

fn list_item(line: &str) -> Option<(bool, &str)> {
    let t = line.trim_start();
    if let Some(rest) = t.strip_prefix("- ").or_else(|| t.strip_prefix("* ")) {
        return Some((false, rest));
    }
    let digits = t.chars().take_while(char::is_ascii_digit).count();
    if digits > 0 {
        return t.get(digits..)?.strip_prefix(". ").map(|rest| (true, rest));
    }
    None
}

/// Splits notes into blocks.
#[must_use]
pub fn parse(text: &str) -> Vec<Block> {
    let mut blocks = Vec::new();
    let mut paragraph: Vec<&str> = Vec::new();
    let mut lines = text.lines();
    let flush = |paragraph: &mut Vec<&str>, blocks: &mut Vec<Block>| {
        if !paragraph.is_empty() {
            blocks.push(Block::Paragraph(inline(&paragraph.join(" "))));
            paragraph.clear();
        }
    };
    while let Some(line) = lines.next() {
        let trimmed = line.trim();
        if trimmed.starts_with("```") {
            flush(&mut paragraph, &mut blocks);
            let mut code = Vec::new();
            for inner in lines.by_ref() {
                if inner.trim().starts_with("```") {
                    break;
                }
                code.push(inner);
            }
            blocks.push(Block::Code(code.join("\n")));
        } else if trimmed.is_empty() {
            flush(&mut paragraph, &mut blocks);
        } else if let Some(level) = (1..=3u8).rev().find(|&n| {
            trimmed
                .strip_prefix(&"#".repeat(usize::from(n)))
                .is_some_and(|r| r.starts_with(' '))
        }) {
            flush(&mut paragraph, &mut blocks);
            let rest = trimmed.get(usize::from(level)..).unwrap_or_default().trim();
            blocks.push(Block::Heading(level, inline(rest)));
        } else if let Some((ordered, item)) = list_item(line) {
            flush(&mut paragraph, &mut blocks);
            match blocks.last_mut() {
                Some(Block::List(o, items)) if *o == ordered => items.push(inline(item)),
                _ => blocks.push(Block::List(ordered, vec![inline(item)])),
            }
        } else {
            paragraph.push(trimmed);
        }
    }
    flush(&mut paragraph, &mut blocks);
    blocks
}

fn safe_url(url: &str) -> bool {
    let lower = url.trim().to_ascii_lowercase();
    lower.starts_with("https://") || lower.starts_with("http://")
}

/// Parses inline markup.
#[must_use]
pub fn inline(text: &str) -> Vec<Inline> {
    let mut out = Vec::new();
    let mut plain = String::new();
    let mut rest = text;
    let push_plain = |plain: &mut String, out: &mut Vec<Inline>| {
        if !plain.is_empty() {
            out.push(Inline::Text(std::mem::take(plain)));
        }
    };
    while let Some(ch) = rest.chars().next() {
        let after = rest.get(ch.len_utf8()..).unwrap_or_default();
        let delimited = |open: &str, close: &str| -> Option<(&str, &str)> {
            let body = rest.strip_prefix(open)?;
            let end = body.find(close)?;
            (end > 0).then(|| {
                (
                    body.get(..end).unwrap_or_default(),
                    body.get(end + close.len()..).unwrap_or_default(),
                )
            })
        };
        let parsed = match ch {
            '`' => delimited("`", "`").map(|(b, r)| (Inline::Code(b.to_owned()), r)),
            '*' if rest.starts_with("**") => {
                delimited("**", "**").map(|(b, r)| (Inline::Strong(inline(b)), r))
            }
            '*' | '_' => {
                let d = if ch == '*' { "*" } else { "_" };
                delimited(d, d).map(|(b, r)| (Inline::Em(inline(b)), r))
            }
            '[' => delimited("[", "](").and_then(|(label, r)| {
                let end = r.find(')')?;
                let url = r.get(..end)?;
                let r = r.get(end + 1..)?;
                Some(if safe_url(url) {
                    (Inline::Link(inline(label), url.trim().to_owned()), r)
                } else {
                    (Inline::Text(format!("{label} ({url})")), r)
                })
            }),
            _ => None,
        };
        match parsed {
            Some((node, remaining)) => {
                push_plain(&mut plain, &mut out);
                out.push(node);
                rest = remaining;
            }
            None => {
                plain.push(ch);
                rest = after;
            }
        }
    }
    push_plain(&mut plain, &mut out);
    out
}

fn render_inline(nodes: &[Inline]) -> Html {
    nodes
        .iter()
        .map(|n| match n {
            Inline::Text(t) => html! { { t.clone() } },
            Inline::Code(c) => html! { <code>{ c.clone() }</code> },
            Inline::Strong(inner) => html! { <strong>{ render_inline(inner) }</strong> },
            Inline::Em(inner) => html! { <em>{ render_inline(inner) }</em> },
            Inline::Link(inner, url) => html! {
                <a href={url.clone()} target="_blank" rel="noopener noreferrer">{ render_inline(inner) }</a>
            },
        })
        .collect()
}

/// Renders notes as Yew nodes.
pub fn render(text: &str) -> Html {
    parse(text)
        .iter()
        .map(|b| match b {
            Block::Heading(1, i) => html! { <h3>{ render_inline(i) }</h3> },
            Block::Heading(2, i) => html! { <h4>{ render_inline(i) }</h4> },
            Block::Heading(_, i) => html! { <h5>{ render_inline(i) }</h5> },
            Block::Paragraph(i) => html! { <p>{ render_inline(i) }</p> },
            Block::List(true, items) => html! { <ol>{ for items.iter().map(|i| html! { <li>{ render_inline(i) }</li> }) }</ol> },
            Block::List(false, items) => html! { <ul>{ for items.iter().map(|i| html! { <li>{ render_inline(i) }</li> }) }</ul> },
            Block::Code(c) => html! { <pre><code>{ c.clone() }</code></pre> },
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(s: &str) -> Inline {
        Inline::Text(s.to_owned())
    }

    #[test]
    fn inline_markup() {
        assert_eq!(
            inline("a **b** `c` *d*"),
            vec![
                text("a "),
                Inline::Strong(vec![text("b")]),
                text(" "),
                Inline::Code("c".into()),
                text(" "),
                Inline::Em(vec![text("d")])
            ]
        );
    }

    #[test]
    fn html_stays_text() {
        assert_eq!(
            inline("<img src=x onerror=alert(1)>"),
            vec![text("<img src=x onerror=alert(1)>")]
        );
    }

    #[test]
    fn only_http_links_become_links() {
        assert_eq!(
            inline("[docs](https://docs.aws.amazon.com/)"),
            vec![Inline::Link(
                vec![text("docs")],
                "https://docs.aws.amazon.com/".into()
            )]
        );
        assert_eq!(
            inline("[x](javascript:alert(1))"),
            vec![text("x (javascript:alert(1)"), text(")")]
        );
    }

    #[test]
    fn blocks() {
        assert_eq!(
            parse("# Title\n\npara\nline\n\n- a\n- b\n1. c\n```\n<b>\n```"),
            vec![
                Block::Heading(1, vec![text("Title")]),
                Block::Paragraph(vec![text("para line")]),
                Block::List(false, vec![vec![text("a")], vec![text("b")]]),
                Block::List(true, vec![vec![text("c")]]),
                Block::Code("<b>".into()),
            ]
        );
    }

    #[test]
    fn unclosed_markup_is_text() {
        assert_eq!(inline("2 * 3 and `x"), vec![text("2 * 3 and `x")]);
    }
}
