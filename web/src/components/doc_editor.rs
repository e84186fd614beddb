//! One policy editor wired to the state (text, diagnostics, deciding highlights, edits, with the
//! statement templates and Format above it; a managed policy attached by ARN is shown read-only),
//! and the ARIA tab strip of the permission side. Shared by the identity view
//! (`policy_pane.rs`) and the step view (`step_pane.rs`).

use std::rc::Rc;

use yew::prelude::*;

use rolecall_core::scenario::model::ReferenceState;

use crate::components::doc_tools::DocTools;
use crate::components::focus::{Target, focus_later};
use crate::docref::{DocRef, DocView};
use crate::editor::{Editor, Highlight, Mark, shared_text};
use crate::state::{Action, Change, StateContext, dispatch_on};

/// A managed policy attached by ARN: its document (from the resolved copy the evaluation
/// used) shown read-only, since it is AWS's text or a `managedPolicies` definition.
fn reference_view(state: &StateContext, doc: DocRef, arn: &str, test_id: &'static str) -> Html {
    let resolved = doc
        .get(&state.outcome.scenario)
        .filter(|d| d.reference_arn() == Some(arn));
    // Not in the evaluated copy yet: the core's words for a reference not resolved yet.
    let state_words = resolved
        .and_then(|d| d.reference.as_ref())
        .map_or_else(|| ReferenceState::default().words(), |r| r.state.words());
    let text = resolved.map(|d| d.text.clone()).unwrap_or_default();
    // A customer managed policy is edited where it is defined.
    let definition = match resolved
        .and_then(|d| d.reference.as_ref())
        .map(|r| &r.state)
    {
        Some(ReferenceState::Customer(index)) => {
            let (state, index) = (state.clone(), *index);
            let onclick = Callback::from(move |_| {
                state.dispatch(Action::SelectDoc(DocRef::Managed { index }));
            });
            html! { <button {onclick} data-testid="edit-managed-definition">{ "Edit the policy" }</button> }
        }
        _ => html! {},
    };
    let detach = match doc {
        DocRef::Identity { identity, policy } => {
            let state = state.clone();
            let onclick = Callback::from(move |_| {
                state.dispatch(Change::DetachPolicy { identity, policy }.into());
            });
            html! { <button {onclick} data-testid="detach-policy" aria-label={format!("detach {arn}")}>{ "Detach" }</button> }
        }
        _ => html! {},
    };
    html! {
        <div class="managed-view" data-testid={test_id} data-arn={arn.to_owned()}>
            <p class="managed-head"><code>{ arn.to_owned() }</code>{ " — " }{ state_words }{ " (read-only)" }</p>
            <p class="managed-actions">{ definition }{ detach }</p>
            <pre class="managed-text" data-testid="managed-text" tabindex="0" aria-label={format!("{arn} document")}>{ text }</pre>
        </div>
    }
}

/// The most diagnostics, and the most highlighted ranges, handed to one editor. A hostile link
/// or a pasted policy can carry thousands (one per pattern of a long list): CodeMirror compares
/// and redraws its decorations on every change, which blocked the page for seconds. The
/// problems list counts them all and lists the first; `rolecall lint` prints every one.
pub(crate) const MAX_MARKS: usize = 200;

/// Keeps the [`MAX_MARKS`] most serious diagnostics (errors first, then in text order).
fn keep_most_serious(marks: &mut Vec<Mark>) {
    if marks.len() <= MAX_MARKS {
        return;
    }
    let rank = |m: &Mark| match m.severity {
        rolecall_core::Severity::Error => 0,
        rolecall_core::Severity::Warning => 1,
        rolecall_core::Severity::Info => 2,
    };
    marks.sort_by_key(|m| (rank(m), m.span.start));
    marks.truncate(MAX_MARKS);
}

/// The editor for `doc`, wired to the state: text, diagnostics, highlights and edits, with the
/// statement templates and Format above it.
pub(crate) fn doc_editor(state: &StateContext, doc: DocRef, test_id: &'static str) -> Html {
    // A managed session policy named by ARN is resolved only in the evaluated copy.
    let holder = if matches!(doc, DocRef::SessionArn { .. }) {
        &state.outcome.scenario
    } else {
        &state.scenario
    };
    if let Some(arn) = doc.get(holder).and_then(|d| d.reference_arn()) {
        return reference_view(state, doc, arn, test_id);
    }
    let text = doc.text(&state.scenario).unwrap_or_default();
    if crate::elided::is_marker(text) {
        // A document of an imported scenario whose text is in the worker: asked for now.
        let label = format!("{} editor", doc.label(&state.scenario));
        return html! {
            <ElidedDoc {doc} marker={AttrValue::from(text.to_owned())} label={AttrValue::from(label)} {test_id} />
        };
    }
    let outcome = &state.outcome;
    let marked_text = doc.text(&outcome.scenario).unwrap_or_default();
    let mut marks: Vec<Mark> = outcome
        .findings_for(doc)
        .filter_map(|f| {
            let d = &f.diagnostic;
            Some(Mark {
                span: f.span?,
                severity: d.severity,
                message: match &d.help {
                    Some(help) => format!("{} [{}]\nhelp: {help}", d.message, d.code),
                    None => format!("{} [{}]", d.message, d.code),
                },
            })
        })
        .collect();
    keep_most_serious(&mut marks);
    // The deciding statements of the request (the closest ones for an implicit deny), those of
    // the shown step first: the first highlight is the one scrolled into view.
    let request = outcome.view.requests.get(state.request);
    let shown = state.shown_step();
    let steps = request.into_iter().flat_map(|r| r.steps.iter().enumerate());
    let (mut first, mut rest): (Vec<Highlight>, Vec<Highlight>) = (Vec::new(), Vec::new());
    for (i, step) in steps {
        for line in &step.lines {
            if !line.deciding || line.source != Some(doc) {
                continue;
            }
            if let Some(span) = line.span {
                let highlight = Highlight { span, focus: false };
                if Some(i) == shown {
                    first.push(highlight);
                } else {
                    rest.push(highlight);
                }
            }
        }
    }
    let mut highlights = first;
    highlights.extend(rest);
    // The first ones are those of the shown step, the one scrolled to.
    highlights.truncate(MAX_MARKS);
    if let Some((focus_doc, span)) = state.focus
        && focus_doc == doc
    {
        highlights.push(Highlight { span, focus: true });
    }
    let on_change = {
        let state = state.clone();
        Callback::from(move |text: String| {
            state.dispatch(Action::EditDoc(doc, text));
            // To the evaluator in the keystroke's task, before Yew renders the edit, so that a
            // decision made inline is drawn in the same pass (`evaluator::typed`).
            crate::evaluator::typed(&state);
        })
    };
    let label = format!("{} editor", doc.label(&state.scenario));
    // Another request or step brings its deciding statements into view.
    let scroll_key = format!("{}:{:?}:{}", state.request, shown, state.follows_step());
    html! {
        <>
            <DocTools {doc} />
            <Editor
                key={format!("{}:{doc}", state.generation)}
                text={shared_text(text)}
                label={AttrValue::from(label)}
                test_id={test_id}
                marked_text={shared_text(marked_text)}
                marks={Rc::new(marks)}
                highlights={Rc::new(highlights)}
                scroll_key={AttrValue::from(scroll_key)}
                {on_change}
            />
        </>
    }
}

/// Props of [`ElidedDoc`].
#[derive(Properties, PartialEq)]
pub(crate) struct ElidedDocProps {
    /// The document.
    pub doc: DocRef,
    /// Its marker (`elided.rs`).
    pub marker: AttrValue,
    /// The editor's label.
    pub label: AttrValue,
    /// The editor's test id.
    pub test_id: &'static str,
}

/// Where the editor of a document whose text only the evaluation worker has will be: a short
/// read-only note while the text is asked for, with the texts of the other documents of the
/// same identity (the next tabs the user opens), then the editor.
#[component]
pub(crate) fn ElidedDoc(props: &ElidedDocProps) -> Html {
    let state = crate::state::use_app_state();
    {
        let (doc, marker, state) = (props.doc, props.marker.to_string(), state.clone());
        use_effect_with(marker.clone(), move |_| {
            let owner = crate::state::doc_identity(doc);
            let mut wanted: Vec<(DocRef, String)> = vec![(doc, marker)];
            if owner.is_some() {
                wanted.extend(
                    crate::engine::documents(&state.scenario)
                        .into_iter()
                        .filter(|d| *d != doc && crate::state::doc_identity(*d) == owner)
                        .filter_map(|d| Some((d, d.text(&state.scenario)?.to_owned())))
                        .filter(|(_, t)| crate::elided::is_marker(t)),
                );
            }
            let markers: Vec<String> = wanted.iter().map(|(_, m)| m.clone()).collect();
            crate::evaluator::elided_texts(&markers, move |texts| {
                let Some(texts) = texts else {
                    state.dispatch(Action::ShowBanner(crate::state::Banner::error(
                        crate::evaluator::STOPPED,
                    )));
                    return;
                };
                let unelided = wanted
                    .into_iter()
                    .zip(texts)
                    .map(|((doc, marker), text)| (doc, marker, text))
                    .filter(|(_, marker, text)| marker != text)
                    .collect();
                state.dispatch(Action::Unelided(unelided));
            });
        });
    }
    html! {
        <div class="editor-loading" data-testid={props.test_id} role="status"
            aria-label={props.label.clone()} aria-busy="true">
            { "Loading this policy from the imported scenario…" }
        </div>
    }
}

/// The id of the permission editor's tab panel.
pub(crate) const PANEL_ID: &str = "permission-panel";

/// The element id of the tab of `doc`.
pub(crate) fn tab_id(doc: DocRef) -> String {
    let path: String = doc
        .to_string()
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect();
    format!("tab-{path}")
}

/// The tabs of the permission side (the ARIA tabs pattern: only the selected tab is in the Tab
/// order; the arrow keys, Home and End move between tabs).
pub(crate) fn tab_list(state: &StateContext, tabs: &[DocRef], current: Option<DocRef>) -> Html {
    let scenario = &state.scenario;
    let counts = state.outcome.counts();
    let tab_buttons = tabs.iter().map(|&doc| {
        let selected = Some(doc) == current;
        let onclick = dispatch_on(state, move || Action::SelectDoc(doc));
        let (errors, warnings) = counts.get(&doc).copied().unwrap_or_default();
        let badge = (errors + warnings > 0).then(|| {
            let class = if errors > 0 { "badge error" } else { "badge warning" };
            html! { <span class={class} aria-label={format!("{errors} errors, {warnings} warnings")}>{ errors + warnings }</span> }
        });
        html! {
            <button role="tab" id={tab_id(doc)} aria-controls={PANEL_ID} aria-selected={selected.to_string()}
                tabindex={if selected { "0" } else { "-1" }}
                class={classes!("tab", selected.then_some("selected"))} {onclick}>
                { doc.label(scenario) }{ badge }
            </button>
        }
    });
    let on_tab_key = {
        let state = state.clone();
        let tabs = tabs.to_vec();
        Callback::from(move |e: KeyboardEvent| {
            let at = current.and_then(|c| tabs.iter().position(|&d| d == c));
            let last = tabs.len().saturating_sub(1);
            let next = match (e.key().as_str(), at) {
                ("ArrowRight", Some(i)) => Some(if i >= last { 0 } else { i + 1 }),
                ("ArrowLeft", Some(i)) => Some(if i == 0 { last } else { i - 1 }),
                ("Home", _) => Some(0),
                ("End", _) => Some(last),
                _ => None,
            };
            if let Some(&doc) = next.and_then(|i| tabs.get(i)) {
                e.prevent_default();
                state.dispatch(Action::SelectDoc(doc));
                focus_later(Target::Id(tab_id(doc)));
            }
        })
    };
    html! {
        <div class="tablist" role="tablist" aria-label="Permission policies" onkeydown={on_tab_key}>
            { for tab_buttons }
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rolecall_core::{Severity, Span};

    fn mark(start: usize, severity: Severity) -> Mark {
        Mark {
            span: Span::new(start, start + 1),
            severity,
            message: String::new(),
        }
    }

    #[test]
    fn an_editor_gets_at_most_the_most_serious_diagnostics() {
        let mut marks: Vec<Mark> = (0..1_000)
            .map(|i| mark(i, Severity::Warning))
            .chain([mark(5_000, Severity::Error)])
            .collect();
        keep_most_serious(&mut marks);
        assert_eq!(marks.len(), MAX_MARKS);
        assert_eq!(marks[0].severity, Severity::Error);
        assert_eq!(marks[1].span.start, 0);
        let mut few = vec![mark(3, Severity::Info), mark(1, Severity::Error)];
        keep_most_serious(&mut few);
        assert_eq!(few.len(), 2);
    }
}
