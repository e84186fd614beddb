//! The CodeMirror editor as a Yew component, through the bindings to `web/js/editor.js`.
//!
//! The editor owns the text while the user types; every change goes up through `on_change`
//! (the state stores it and re-evaluates). Diagnostics and highlights come down as byte spans of
//! the text they were computed for, are converted to UTF-16 here, and are only drawn if the
//! editor still holds that exact text: this side keeps a copy of the text the editor last
//! reported or was given, so that the comparison never copies the whole text across to
//! JavaScript and back (2 MB per change for a pasted policy, issue 16).

use std::cell::RefCell;
use std::rc::Rc;

use rolecall_core::{Severity, Span};
use serde::Serialize;
use wasm_bindgen::prelude::*;
use yew::prelude::*;

use crate::offsets::bytes_to_utf16;

#[wasm_bindgen(module = "/js/dist/editor.js")]
extern "C" {
    #[wasm_bindgen(js_name = createEditor)]
    fn create_editor(
        parent: &web_sys::Element,
        text: &str,
        label: &str,
        test_name: &str,
        on_change: &Closure<dyn FnMut(String)>,
    ) -> JsValue;
    #[wasm_bindgen(js_name = editorSetText)]
    fn editor_set_text(handle: &JsValue, text: &str);
    #[wasm_bindgen(js_name = editorSetDiagnostics)]
    fn editor_set_diagnostics(handle: &JsValue, diagnostics: &str);
    #[wasm_bindgen(js_name = editorSetHighlights)]
    fn editor_set_highlights(handle: &JsValue, ranges: &str, scroll: bool);
    #[wasm_bindgen(js_name = editorDestroy)]
    fn editor_destroy(handle: &JsValue);
    /// Installs the completion provider: `(text, utf16_pos) -> JSON or ""`.
    #[wasm_bindgen(js_name = setCompletionProvider)]
    pub fn set_completion_provider(provider: &JsValue);
    /// Installs the hover provider for action patterns: `(pattern) -> text or ""`.
    #[wasm_bindgen(js_name = setHoverProvider)]
    pub fn set_hover_provider(provider: &JsValue);
    /// Asks the focused editor's completion again (new completion data arrived).
    #[wasm_bindgen(js_name = refreshCompletion)]
    pub fn refresh_completion();
}

/// A diagnostic to underline, in bytes of the text it was computed for.
#[derive(Clone, Debug, PartialEq)]
pub struct Mark {
    /// Where.
    pub span: Span,
    /// How serious.
    pub severity: Severity,
    /// The message shown on hover and in the lint panel.
    pub message: String,
}

/// A highlighted range, in bytes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Highlight {
    /// Where.
    pub span: Span,
    /// `true` for the part the user clicked (scrolled into view), `false` for a deciding
    /// statement highlighted by default.
    pub focus: bool,
}

/// Props of [`Editor`].
#[derive(Properties, Clone)]
pub struct EditorProps {
    /// The text to show (changes from outside replace the editor's text); a large one from
    /// [`shared_text`].
    pub text: AttrValue,
    /// The accessible name of the editing area.
    pub label: AttrValue,
    /// `data-testid` of the wrapper and the test-hook name.
    pub test_id: AttrValue,
    /// The text the marks and highlights were computed for (a large one from [`shared_text`]).
    pub marked_text: AttrValue,
    /// Diagnostics to underline.
    pub marks: Rc<Vec<Mark>>,
    /// Ranges to highlight.
    pub highlights: Rc<Vec<Highlight>>,
    /// When this changes (another request or step is shown), the first highlight is scrolled
    /// into view, so that the deciding statement is on screen without a click.
    #[prop_or_default]
    pub scroll_key: AttrValue,
    /// Called with the new text after every change.
    pub on_change: Callback<String>,
}

impl PartialEq for EditorProps {
    fn eq(&self, other: &Self) -> bool {
        same_text(&self.text, &other.text)
            && same_text(&self.marked_text, &other.marked_text)
            && crate::fields_eq!(
                self, other, label, test_id, marks, highlights, scroll_key, on_change,
            )
    }
}

/// Texts at least this long are shared by [`shared_text`].
const SHARED_FROM: usize = 64 * 1024;
/// How many large texts [`shared_text`] keeps.
const SHARED_KEPT: usize = 4;

thread_local! {
    /// The large texts last given to editors, newest last (see [`shared_text`]).
    static SHARED: RefCell<Vec<AttrValue>> = const { RefCell::new(Vec::new()) };
}

/// `text` as an editor's [`EditorProps::text`] or [`EditorProps::marked_text`]. A large text
/// equal to one given before is that same value: drawing the page again (every answer, every
/// selection) then neither copies a 2 MB policy into new strings nor compares it whole with
/// the props and effect dependencies of the last drawing ([`same_text`]): the copies and
/// byte-by-byte comparisons of the text and the text the marks were computed for were a good
/// part of the page's task drawing the answer to a 2 MB paste (issue 16).
#[must_use]
pub fn shared_text(text: &str) -> AttrValue {
    if text.len() < SHARED_FROM {
        return AttrValue::from(text.to_owned());
    }
    SHARED.with(|shared| {
        let mut shared = shared.borrow_mut();
        let found = shared
            .iter()
            .position(|t| same_bytes(t.as_bytes(), text.as_bytes()));
        let value = match found {
            Some(at) => shared.remove(at),
            None => AttrValue::Rc(Rc::from(text)),
        };
        shared.push(value.clone());
        if shared.len() > SHARED_KEPT {
            shared.remove(0);
        }
        value
    })
}

/// Whether two texts are equal: at once when they are one shared value ([`shared_text`]).
fn same_text(a: &AttrValue, b: &AttrValue) -> bool {
    match (a, b) {
        (AttrValue::Rc(x), AttrValue::Rc(y)) if Rc::ptr_eq(x, y) => true,
        _ => same_bytes(a.as_bytes(), b.as_bytes()),
    }
}

/// `a == b`, eight bytes at a time: the wasm module's `memcmp` compares one byte at a time.
fn same_bytes(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    // Each chunk is eight bytes long (`chunks_exact`).
    let word = |bytes: &[u8]| <[u8; 8]>::try_from(bytes).map_or(0, u64::from_ne_bytes);
    let (words_a, words_b) = (a.chunks_exact(8), b.chunks_exact(8));
    words_a.remainder() == words_b.remainder()
        && words_a.zip(words_b).all(|(x, y)| word(x) == word(y))
}

/// An effect dependency on a text, compared with [`same_text`].
#[derive(Clone)]
struct TextDep(AttrValue);

impl PartialEq for TextDep {
    fn eq(&self, other: &Self) -> bool {
        same_text(&self.0, &other.0)
    }
}

#[derive(Serialize)]
struct JsMark<'a> {
    from: usize,
    to: usize,
    severity: &'static str,
    message: &'a str,
}

#[derive(Serialize)]
struct JsRange {
    from: usize,
    to: usize,
    kind: &'static str,
}

struct Live {
    handle: JsValue,
    _on_change: Closure<dyn FnMut(String)>,
    /// The text the editor holds, as it last reported it (or was given it).
    shown: Rc<RefCell<AttrValue>>,
}

/// The `from`/`to` of each span in UTF-16 code units of `text` (the editor's offsets).
fn utf16_ranges(text: &str, spans: impl Iterator<Item = Span>) -> Vec<(usize, usize)> {
    let offsets: Vec<usize> = spans.flat_map(|s| [s.start, s.end]).collect();
    bytes_to_utf16(text, &offsets)
        .chunks(2)
        .map(|pair| {
            (
                pair.first().copied().unwrap_or(0),
                pair.get(1).copied().unwrap_or(0),
            )
        })
        .collect()
}

fn marks_json(text: &str, marks: &[Mark]) -> String {
    let ranges = utf16_ranges(text, marks.iter().map(|m| m.span));
    let list: Vec<JsMark<'_>> = marks
        .iter()
        .zip(ranges)
        .map(|(m, (from, to))| JsMark {
            from,
            to,
            severity: match m.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
                Severity::Info => "info",
            },
            message: &m.message,
        })
        .collect();
    serde_json::to_string(&list).unwrap_or_else(|_| "[]".to_owned())
}

fn ranges_json(text: &str, highlights: &[Highlight]) -> String {
    let ranges = utf16_ranges(text, highlights.iter().map(|h| h.span));
    let mut list: Vec<JsRange> = highlights
        .iter()
        .zip(ranges)
        .map(|(h, (from, to))| JsRange {
            from,
            to,
            kind: if h.focus { "focus" } else { "deciding" },
        })
        .collect();
    // The focused range first, so that it is the one scrolled into view.
    list.sort_by_key(|r| r.kind != "focus");
    serde_json::to_string(&list).unwrap_or_else(|_| "[]".to_owned())
}

/// A CodeMirror editor for one policy document.
#[component]
pub fn Editor(props: &EditorProps) -> Html {
    let host = use_node_ref();
    let live: Rc<RefCell<Option<Live>>> = use_mut_ref(|| None);
    let on_change = use_mut_ref(|| props.on_change.clone());
    *on_change.borrow_mut() = props.on_change.clone();

    {
        let host = host.clone();
        let live = live.clone();
        let on_change = on_change.clone();
        let text = props.text.clone();
        let label = props.label.clone();
        let test_id = props.test_id.clone();
        use_effect_with((), move |()| {
            if let Some(element) = host.cast::<web_sys::Element>() {
                let shown = Rc::new(RefCell::new(text.clone()));
                let closure = {
                    let shown = shown.clone();
                    Closure::<dyn FnMut(String)>::new(move |text: String| {
                        *shown.borrow_mut() = AttrValue::Rc(Rc::from(text.as_str()));
                        let callback = on_change.borrow().clone();
                        callback.emit(text);
                    })
                };
                let handle = create_editor(&element, &text, &label, &test_id, &closure);
                *live.borrow_mut() = Some(Live {
                    handle,
                    _on_change: closure,
                    shown,
                });
            }
            move || {
                if let Some(live) = live.borrow_mut().take() {
                    editor_destroy(&live.handle);
                }
            }
        });
    }
    {
        let live = live.clone();
        use_effect_with(TextDep(props.text.clone()), move |TextDep(text)| {
            if let Some(live) = live.borrow().as_ref() {
                // The text the editor reported itself is not sent back to it.
                let same = same_text(&live.shown.borrow(), text);
                if !same {
                    editor_set_text(&live.handle, text);
                }
                // The shared value from now on: comparing with it is at once.
                *live.shown.borrow_mut() = text.clone();
            }
        });
    }
    {
        let live = live.clone();
        let deps = (TextDep(props.marked_text.clone()), props.marks.clone());
        use_effect_with(deps, move |(TextDep(text), marks)| {
            if let Some(live) = live.borrow().as_ref() {
                let current = same_text(&live.shown.borrow(), text);
                if current {
                    editor_set_diagnostics(&live.handle, &marks_json(text, marks));
                }
            }
        });
    }
    {
        let live = live.clone();
        // The scroll key of the last highlights scrolled into view.
        let scrolled: Rc<RefCell<Option<AttrValue>>> = use_mut_ref(|| None);
        let deps = (
            TextDep(props.marked_text.clone()),
            props.highlights.clone(),
            props.scroll_key.clone(),
        );
        use_effect_with(deps, move |(TextDep(text), highlights, key)| {
            let current = live
                .borrow()
                .as_ref()
                .is_some_and(|live| same_text(&live.shown.borrow(), text));
            if let Some(live) = live.borrow().as_ref()
                && current
            {
                let new_place = !highlights.is_empty() && scrolled.borrow().as_ref() != Some(key);
                let scroll = new_place || highlights.iter().any(|h| h.focus);
                editor_set_highlights(&live.handle, &ranges_json(text, highlights), scroll);
                if new_place {
                    *scrolled.borrow_mut() = Some(key.clone());
                }
            }
        });
    }

    #[cfg(target_arch = "wasm32")]
    let editor = html! {
        <div class="editor" data-testid={props.test_id.clone()} ref={host}></div>
    };
    // The prerender (`prerender.rs`) has no effects to create the editor: it draws the document
    // as web/js/editor.js shows it until CodeMirror has loaded, a text box, read-only (the
    // whole prerender is inert until the page replaces it).
    #[cfg(not(target_arch = "wasm32"))]
    let editor = {
        drop(host);
        html! {
            <div class="editor editor-loading" data-testid={props.test_id.clone()}>
                <p class="editor-status" role="status">{ "Loading the editor…" }</p>
                <textarea class="editor-plain" readonly=true spellcheck="false"
                    aria-label={props.label.clone()} value={props.text.clone()} />
            </div>
        }
    };
    editor
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marks_are_converted_to_utf16() {
        let text = "{\"Sid\":\"é😀\",\"x\":1}";
        let start = text.find("\"x\"").unwrap();
        let marks = [Mark {
            span: Span::new(start, start + 3),
            severity: Severity::Error,
            message: "bad `x`".to_owned(),
        }];
        assert_eq!(
            marks_json(text, &marks),
            r#"[{"from":13,"to":16,"severity":"error","message":"bad `x`"}]"#
        );
    }

    #[test]
    fn a_large_text_drawn_again_is_the_same_shared_value() {
        let text = "{\"Statement\": []}".repeat(10_000);
        let (a, b) = (shared_text(&text), shared_text(&text.clone()));
        assert!(matches!((&a, &b), (AttrValue::Rc(x), AttrValue::Rc(y)) if Rc::ptr_eq(x, y)));
        let mut other = text.clone();
        other.push(' ');
        assert!(!same_text(&a, &shared_text(&other)));
        assert!(same_text(&shared_text("{}"), &shared_text("{}")));
        // Every length of tail.
        for n in 0..20 {
            let (x, y) = (
                "a".repeat(n),
                format!("{}b", "a".repeat(n.saturating_sub(1))),
            );
            assert!(same_bytes(x.as_bytes(), x.clone().as_bytes()));
            assert_eq!(same_bytes(x.as_bytes(), y.as_bytes()), x == y, "{n}");
        }
    }

    #[test]
    fn the_focused_range_comes_first() {
        let hs = [
            Highlight {
                span: Span::new(0, 1),
                focus: false,
            },
            Highlight {
                span: Span::new(2, 3),
                focus: true,
            },
        ];
        assert_eq!(
            ranges_json("abcd", &hs),
            r#"[{"from":2,"to":3,"kind":"focus"},{"from":0,"to":1,"kind":"deciding"}]"#
        );
    }
}
