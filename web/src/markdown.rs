//! Scenario notes as Markdown: `pulldown-cmark` events mapped to a small tree of nodes, which
//! the page draws as Yew nodes.
//!
//! Why never an HTML renderer: notes come from links anyone can craft, and user text must never
//! be inserted as HTML. The events are mapped to a small tree of known elements ([`Node`]); raw
//! HTML in the notes (block or inline) is shown as text, images as their alt text, and links
//! keep only `http(s)` targets (any other target is shown as text after the label).
//!
//! Where: the evaluation worker parses (`parse`, `worker_markdown` in `worker.rs`) and sends
//! the nodes as JSON; the page draws them ([`Markdown`]). pulldown-cmark with its table of HTML
//! entities is about 45 KiB gzip that the page's module no longer carries before its first paint
//! (issue 14). Until the worker's nodes arrive (or when it stopped), the notes are shown as the
//! plain text they are. The page reads back only the fixed set of tags ([`TAGS`]).

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

#[cfg(any(feature = "worker", test))]
use pulldown_cmark::{CodeBlockKind, Event, HeadingLevel, Options, Parser, Tag};
use serde::{Deserialize, Deserializer, Serialize};
use yew::prelude::*;

/// Every element a [`Node`] can be.
pub const TAGS: [&str; 16] = [
    "p",
    "h3",
    "h4",
    "h5",
    "ul",
    "ol",
    "li",
    "pre",
    "code",
    "strong",
    "em",
    "del",
    "blockquote",
    "a",
    "br",
    "hr",
];

/// One of [`TAGS`]. A name of its own because serde's derive borrows a field written
/// `&'static str` from the input (which would make [`Node`] readable only from `'static` text).
type TagName = &'static str;

/// A node of rendered notes: text, or one of a fixed set of elements.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Node {
    /// Text (never parsed as HTML).
    Text(String),
    /// An element from the fixed set [`TAGS`] (`p`, `h3`…`h5`, `ul`, `ol`, `li`, `pre`, `code`,
    /// `strong`, `em`, `del`, `blockquote`, `a`, `br`, `hr`).
    Element {
        /// The tag name (read back only when it is one of [`TAGS`]).
        #[serde(deserialize_with = "known_tag")]
        tag: TagName,
        /// For `a`: the (safe) target.
        href: Option<String>,
        /// The children.
        children: Vec<Node>,
    },
}

/// A tag read from the worker's JSON: one of [`TAGS`], or an error.
fn known_tag<'de, D: Deserializer<'de>>(deserializer: D) -> Result<&'static str, D::Error> {
    let tag = String::deserialize(deserializer)?;
    TAGS.iter()
        .find(|t| **t == tag)
        .copied()
        .ok_or_else(|| serde::de::Error::custom(format!("`{tag}` is not a notes element")))
}

#[cfg(any(feature = "worker", test))]
fn element(tag: &'static str, children: Vec<Node>) -> Node {
    Node::Element {
        tag,
        href: None,
        children,
    }
}

#[cfg(any(feature = "worker", test))]
fn safe_url(url: &str) -> bool {
    let lower = url.trim().to_ascii_lowercase();
    lower.starts_with("https://") || lower.starts_with("http://")
}

#[cfg(any(feature = "worker", test))]
/// What an open tag becomes when it closes.
enum Frame {
    /// An element with this tag.
    Element(&'static str),
    /// A link: its target (kept only when safe).
    Link(String),
    /// An image: its alt text is shown as text.
    Image,
    /// A code block: `pre` around `code`.
    CodeBlock,
    /// Anything else (tables, footnotes, metadata): its children are kept as they are.
    Transparent,
}

#[cfg(any(feature = "worker", test))]
fn frame(tag: &Tag<'_>) -> Frame {
    match tag {
        Tag::Paragraph => Frame::Element("p"),
        // The page already has h1 and h2: note headings start at h3.
        Tag::Heading { level, .. } => Frame::Element(match level {
            HeadingLevel::H1 => "h3",
            HeadingLevel::H2 => "h4",
            _ => "h5",
        }),
        Tag::BlockQuote(_) => Frame::Element("blockquote"),
        Tag::CodeBlock(CodeBlockKind::Fenced(_) | CodeBlockKind::Indented) => Frame::CodeBlock,
        Tag::List(Some(_)) => Frame::Element("ol"),
        Tag::List(None) => Frame::Element("ul"),
        Tag::Item => Frame::Element("li"),
        Tag::Emphasis => Frame::Element("em"),
        Tag::Strong => Frame::Element("strong"),
        Tag::Strikethrough => Frame::Element("del"),
        Tag::Link { dest_url, .. } => Frame::Link(dest_url.to_string()),
        Tag::Image { .. } => Frame::Image,
        _ => Frame::Transparent,
    }
}

#[cfg(any(feature = "worker", test))]
fn close(frame: Frame, children: Vec<Node>, out: &mut Vec<Node>) {
    match frame {
        Frame::Element(tag) => out.push(element(tag, children)),
        Frame::CodeBlock => out.push(element("pre", vec![element("code", children)])),
        Frame::Link(url) if safe_url(&url) => out.push(Node::Element {
            tag: "a",
            href: Some(url.trim().to_owned()),
            children,
        }),
        Frame::Link(url) => {
            for child in children {
                match child {
                    Node::Text(t) => push_text(out, &t),
                    other => out.push(other),
                }
            }
            push_text(out, &format!(" ({url})"));
        }
        Frame::Image | Frame::Transparent => out.extend(children),
    }
}

#[cfg(any(feature = "worker", test))]
/// Appends text, joined to the text before it (the parser splits text at every delimiter it
/// considered).
fn push_text(nodes: &mut Vec<Node>, text: &str) {
    match nodes.last_mut() {
        Some(Node::Text(t)) => t.push_str(text),
        _ => nodes.push(Node::Text(text.to_owned())),
    }
}

#[cfg(any(feature = "worker", test))]
/// Parses notes into nodes.
#[must_use]
pub fn parse(text: &str) -> Vec<Node> {
    let mut stack: Vec<(Frame, Vec<Node>)> = Vec::new();
    let mut out: Vec<Node> = Vec::new();
    let options = Options::ENABLE_STRIKETHROUGH;
    for event in Parser::new_ext(text, options) {
        let target = match stack.last_mut() {
            Some((_, children)) => children,
            None => &mut out,
        };
        match event {
            Event::Start(tag) => stack.push((frame(&tag), Vec::new())),
            Event::End(_) => {
                if let Some((frame, children)) = stack.pop() {
                    let parent = match stack.last_mut() {
                        Some((_, children)) => children,
                        None => &mut out,
                    };
                    close(frame, children, parent);
                }
            }
            Event::Code(code) => target.push(element("code", vec![Node::Text(code.to_string())])),
            // Raw HTML is shown as the text it is. Every end closes the innermost frame.
            Event::Text(t) | Event::Html(t) | Event::InlineHtml(t) => push_text(target, &t),
            Event::SoftBreak => push_text(target, " "),
            Event::HardBreak => target.push(element("br", Vec::new())),
            Event::Rule => target.push(element("hr", Vec::new())),
            Event::TaskListMarker(done) => {
                target.push(Node::Text(if done { "☑ " } else { "☐ " }.to_owned()));
            }
            _ => {}
        }
    }
    // Unclosed frames (the parser always closes them; kept for safety).
    while let Some((frame, children)) = stack.pop() {
        let parent = match stack.last_mut() {
            Some((_, c)) => c,
            None => &mut out,
        };
        close(frame, children, parent);
    }
    out
}

fn render_nodes(nodes: &[Node]) -> Html {
    nodes
        .iter()
        .map(|n| match n {
            Node::Text(t) => html! { { t.clone() } },
            Node::Element {
                tag: "a",
                href,
                children,
            } => html! {
                <a href={href.clone().unwrap_or_default()} target="_blank" rel="noopener noreferrer">{ render_nodes(children) }</a>
            },
            Node::Element { tag, children, .. } => {
                html! { <@{*tag}>{ render_nodes(children) }</@> }
            }
        })
        .collect()
}

/// Notes as the worker's JSON of their nodes (`worker_markdown`).
#[cfg(any(feature = "worker", test))]
#[must_use]
pub fn parse_json(text: &str) -> String {
    serde_json::to_string(&parse(text)).unwrap_or_default()
}

/// The most rendered texts the page keeps (notes, a challenge's goal and hints).
const KEPT: usize = 64;

thread_local! {
    /// The nodes of each text the worker rendered, by text.
    static RENDERED: RefCell<HashMap<String, Rc<Vec<Node>>>> = RefCell::new(HashMap::new());
}

/// Keeps `text`'s nodes read from the worker's `json`; `false` when they are unreadable.
fn keep(text: String, json: &str) -> bool {
    let Ok(nodes) = serde_json::from_str::<Vec<Node>>(json) else {
        return false;
    };
    RENDERED.with(|r| {
        let mut r = r.borrow_mut();
        if r.len() >= KEPT {
            r.clear();
        }
        r.insert(text, Rc::new(nodes));
    });
    true
}

fn rendered(text: &str) -> Option<Rc<Vec<Node>>> {
    RENDERED.with(|r| r.borrow().get(text).cloned())
}

/// The properties of [`Markdown`].
#[derive(Properties, PartialEq, Eq)]
pub struct MarkdownProps {
    /// The Markdown text.
    pub text: AttrValue,
}

/// Markdown text drawn from the worker's nodes; the plain text until they arrive (or when the
/// worker stopped).
#[component]
pub fn Markdown(props: &MarkdownProps) -> Html {
    let update = use_force_update();
    let nodes = rendered(&props.text);
    let missing = nodes.is_none();
    use_effect_with(props.text.clone(), move |text| {
        if missing {
            let text = text.to_string();
            let payload = wasm_bindgen::JsValue::from_str(&text);
            crate::evaluator::ask("markdown", &payload, move |reply| {
                if reply.is_some_and(|json| keep(text, &json)) {
                    update.force_update();
                }
            });
        }
    });
    match nodes {
        Some(nodes) => render_nodes(&nodes),
        None => html! { <p class="markdown-text">{ props.text.clone() }</p> },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(s: &str) -> Node {
        Node::Text(s.to_owned())
    }

    fn el(tag: &'static str, children: Vec<Node>) -> Node {
        element(tag, children)
    }

    #[test]
    fn inline_markup() {
        assert_eq!(
            parse("a **b** `c` *d*"),
            vec![el(
                "p",
                vec![
                    text("a "),
                    el("strong", vec![text("b")]),
                    text(" "),
                    el("code", vec![text("c")]),
                    text(" "),
                    el("em", vec![text("d")])
                ]
            )]
        );
    }

    #[test]
    fn html_stays_text() {
        let nodes = parse("<img src=x onerror=alert(1)>\n\nand <b>bold</b>");
        let flat = format!("{nodes:?}");
        assert!(
            !flat.contains("tag: \"img\"") && !flat.contains("tag: \"b\""),
            "{flat}"
        );
        assert!(flat.contains("<img src=x onerror=alert(1)>"), "{flat}");
        assert!(flat.contains("<b>"), "{flat}");
    }

    #[test]
    fn only_http_links_become_links() {
        assert_eq!(
            parse("[docs](https://docs.aws.amazon.com/)"),
            vec![el(
                "p",
                vec![Node::Element {
                    tag: "a",
                    href: Some("https://docs.aws.amazon.com/".into()),
                    children: vec![text("docs")]
                }]
            )]
        );
        assert_eq!(
            parse("[x](javascript:alert(1))"),
            vec![el("p", vec![text("x (javascript:alert(1))")])]
        );
    }

    #[test]
    fn images_show_their_alt_text_and_load_nothing() {
        assert_eq!(
            parse("![a cat](https://example.com/cat.png)"),
            vec![el("p", vec![text("a cat")])]
        );
    }

    #[test]
    fn blocks() {
        assert_eq!(
            parse("# Title\n\npara\nline\n\n- a\n- b\n\n1. c\n\n```\n<b>\n```"),
            vec![
                el("h3", vec![text("Title")]),
                el("p", vec![text("para line")]),
                el(
                    "ul",
                    vec![el("li", vec![text("a")]), el("li", vec![text("b")])]
                ),
                el("ol", vec![el("li", vec![text("c")])]),
                el("pre", vec![el("code", vec![text("<b>\n")])]),
            ]
        );
    }

    #[test]
    fn the_page_reads_the_workers_nodes_back_and_only_known_tags() {
        let text = "# T\n\n[docs](https://docs.aws.amazon.com/) **b** <i>x</i>";
        let json = parse_json(text);
        assert_eq!(
            serde_json::from_str::<Vec<Node>>(&json).unwrap(),
            parse(text)
        );
        assert!(keep(text.to_owned(), &json));
        assert_eq!(rendered(text).as_deref(), Some(&parse(text)));
        let forged = r#"[{"Element":{"tag":"script","href":null,"children":[]}}]"#;
        assert!(serde_json::from_str::<Vec<Node>>(forged).is_err());
        assert!(!keep("forged".to_owned(), forged));
    }

    #[test]
    fn unclosed_markup_is_text() {
        assert_eq!(
            parse("2 * 3 and `x"),
            vec![el("p", vec![text("2 * 3 and `x")])]
        );
    }
}
