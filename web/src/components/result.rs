//! The live result of the selected request: the decision, the chain principal → role → … →
//! action with each hop's decision in colour and words, and the explanation whose lines
//! highlight their span in the editor when clicked.

use yew::prelude::*;

use rolecall_core::evaluate::Line;
use rolecall_core::scenario::StepDecision;
use rolecall_core::scenario::view::StepView;

use crate::docref::{DocRef, short_arn};
use crate::state::{Action, StateContext, use_app_state};

/// Shows the core's sentences with their backtick-quoted parts (user input: names, ARNs,
/// patterns) as code. The text is never parsed as HTML.
pub fn quoted(text: &str) -> Html {
    text.split('`')
        .enumerate()
        .map(|(i, part)| {
            if i % 2 == 1 {
                html! { <code>{ part.to_owned() }</code> }
            } else {
                html! { { part.to_owned() } }
            }
        })
        .collect()
}

fn verdict_badge(verdict: StepDecision) -> Html {
    html! {
        <span class={classes!("verdict", verdict.as_str())} data-verdict={verdict.as_str()}>{ verdict.words() }</span>
    }
}

/// The chain principal → role → … → action; each step is a button that shows the documents
/// deciding it in the editors (the shown one is pressed).
fn chain(state: &StateContext, steps: &[StepView]) -> Html {
    let Some(first) = steps.first() else {
        return html! {};
    };
    let shown = state.follows_step().then(|| state.shown_step()).flatten();
    let nodes = steps.iter().enumerate().map(|(i, step)| {
        let target = step.node.clone();
        let onclick = {
            let state = state.clone();
            Callback::from(move |_| state.dispatch(Action::SelectStep(i)))
        };
        let current = shown == Some(i);
        html! {
            <>
                <li class={classes!("arrow", step.decision.as_str())} aria-hidden="true">{ "→" }</li>
                <li class={classes!("node", step.decision.as_str(), current.then_some("shown"))}>
                    <button class="node-button" {onclick} data-step={i.to_string()}
                        aria-pressed={current.to_string()}
                        title={format!("{} on {}: show the documents that decide it", step.call, step.resource)}>
                        <span class="node-name">{ target }</span>
                        { verdict_badge(step.decision) }
                    </button>
                </li>
            </>
        }
    });
    html! {
        <ol class="chain" data-testid="chain" aria-label="Chain of calls">
            <li class="node principal" title={first.principal.clone()}>
                <span class="node-name">{ short_arn(&first.principal).to_owned() }</span>
                <span class="verdict principal">{ "principal" }</span>
            </li>
            { for nodes }
        </ol>
    }
}

fn line_view(state: &StateContext, step: usize, line: &Line, key: String) -> Html {
    let class = classes!(
        "line",
        line.deciding.then_some("deciding"),
        format!("depth-{}", line.depth.min(3))
    );
    match (
        line.source.as_deref().and_then(DocRef::from_path),
        line.span,
    ) {
        (Some(doc), Some(span)) => {
            let focused = state.focus == Some((doc, span));
            let onclick = {
                let state = state.clone();
                Callback::from(move |_| {
                    // The editors show this step's documents, with the span highlighted.
                    state.dispatch(Action::SelectStep(step));
                    state.dispatch(Action::Focus(Some((doc, span))));
                })
            };
            html! {
                <li {class} {key}>
                    <button class={classes!("link", focused.then_some("focused"))} {onclick}
                        title="Highlight in the editor">{ quoted(&line.text) }</button>
                </li>
            }
        }
        _ => html! { <li {class} {key}>{ quoted(&line.text) }</li> },
    }
}

/// The caveat on a decision that rests on a policy with errors: AWS would refuse to store such
/// a policy, so the decision is about a document that cannot exist as written. Each document
/// named is a link to its first error.
fn broken_marker(state: &StateContext, broken: &[String]) -> Html {
    if broken.is_empty() {
        return html! {};
    }
    let docs = broken
        .iter()
        .filter_map(|p| DocRef::from_path(p))
        .map(|doc| {
            let first = state
                .outcome
                .findings_for(doc)
                .find(|f| f.is_error())
                .and_then(|f| f.span);
            let label = doc.label(&state.scenario);
            match first {
                Some(span) => {
                    let st = state.clone();
                    let onclick =
                        Callback::from(move |_| st.dispatch(Action::Focus(Some((doc, span)))));
                    html! { <button class="link" {onclick}>{ label }</button> }
                }
                None => html! { <span>{ label }</span> },
            }
        });
    html! {
        <p class="broken" data-testid="broken-policy" role="note">
            <span aria-hidden="true">{ "⚠ " }</span>
            { "Decided over a policy with errors, which AWS would refuse to store: " }
            { for docs }
        </p>
    }
}

/// The panel.
#[component]
pub fn ResultPanel() -> Html {
    let state = use_app_state();
    let outcome = &state.outcome;
    let result = outcome.view.requests.get(state.request);
    let verdict = result.and_then(|r| r.decision);
    let decision_attr = verdict.map_or("none", StepDecision::as_str);
    let decision = html! {
        <div class={classes!("decision", decision_attr)} id="rc-decision" tabindex="-1" data-testid="decision" data-decision={decision_attr}
            data-revision={outcome.revision.to_string()} role="status" aria-live="polite">
            <span class="label">{ "Decision" }</span>
            <strong>{ verdict.map_or("not evaluated", StepDecision::words) }</strong>
            if let Some(expect) = result.and_then(|r| r.expect).map(|e| e.words()) {
                <span class={classes!("expect", if result.and_then(|r| r.passed) == Some(true) { "met" } else { "unmet" })}>
                    { if result.and_then(|r| r.passed) == Some(true) { "✓" } else { "✗" } }
                    { format!(" expected {expect}") }
                </span>
            }
            { broken_marker(&state, result.map(|r| r.broken.as_slice()).unwrap_or_default()) }
        </div>
    };
    let steps = result.map(|r| r.steps.as_slice()).unwrap_or_default();
    let explanation = steps.iter().enumerate().map(|(i, step)| {
        html! {
            <section class={classes!("step", step.decision.as_str())} key={i}>
                <h3>
                    { verdict_badge(step.decision) }
                    <code>{ step.call.clone() }</code>
                    <span class="on">{ " on " }</span>
                    <code class="arn">{ step.resource.clone() }</code>
                </h3>
                <p class="summary">{ quoted(&step.summary) }</p>
                <ul class="lines">
                    { for step.lines.iter().enumerate().map(|(j, l)| line_view(&state, i, l, format!("{i}-{j}"))) }
                </ul>
            </section>
        }
    });
    let note = result.and_then(|r| r.note.clone());

    html! {
        <section class="result-panel" aria-label="Result">
            { decision }
            { chain(&state, steps) }
            <div class="explanation" data-testid="explanation">
                if let Some(note) = note {
                    <p class="note">{ note }</p>
                }
                { for explanation }
            </div>
        </section>
    }
}
