//! The live result of the selected request: the decision, the chain principal → role → … →
//! action with each hop's decision in colour and words, and the explanation whose lines
//! highlight their span in the editor when clicked.

use yew::prelude::*;

use crate::docref::short_arn;
use crate::outcome::{Line, Step, Verdict};
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

fn verdict_badge(verdict: Verdict) -> Html {
    html! {
        <span class={classes!("verdict", verdict.attr())} data-verdict={verdict.attr()}>{ verdict.words() }</span>
    }
}

fn chain(steps: &[Step]) -> Html {
    let Some(first) = steps.first() else {
        return html! {};
    };
    let nodes = steps.iter().map(|step| {
        let target = if step.call.to_ascii_lowercase().starts_with("sts:assumerole") {
            short_arn(&step.resource).to_owned()
        } else {
            step.call.clone()
        };
        html! {
            <>
                <li class={classes!("arrow", step.verdict.attr())} aria-hidden="true">{ "→" }</li>
                <li class={classes!("node", step.verdict.attr())} title={format!("{} on {}", step.call, step.resource)}>
                    <span class="node-name">{ target }</span>
                    { verdict_badge(step.verdict) }
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

fn line_view(state: &StateContext, line: &Line, key: String) -> Html {
    let class = classes!(
        "line",
        line.deciding.then_some("deciding"),
        format!("depth-{}", line.depth.min(3))
    );
    match (line.doc, line.span) {
        (Some(doc), Some(span)) => {
            let focused = state.focus == Some((doc, span));
            let onclick = {
                let state = state.clone();
                Callback::from(move |_| state.dispatch(Action::Focus(Some((doc, span)))))
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

/// The panel.
#[component]
pub fn ResultPanel() -> Html {
    let state = use_app_state();
    let outcome = &state.outcome;
    let result = outcome.requests.get(state.request);
    let verdict = result.and_then(|r| r.verdict);
    let decision_attr = verdict.map_or("none", Verdict::attr);
    let decision = html! {
        <div class={classes!("decision", decision_attr)} data-testid="decision" data-decision={decision_attr}
            data-revision={outcome.revision.to_string()} role="status" aria-live="polite">
            <span class="label">{ "Decision" }</span>
            <strong>{ verdict.map_or("not evaluated", Verdict::words) }</strong>
            if let Some(expect) = result.and_then(|r| r.expect.as_deref()) {
                <span class={classes!("expect", if result.and_then(|r| r.passed) == Some(true) { "met" } else { "unmet" })}>
                    { if result.and_then(|r| r.passed) == Some(true) { "✓" } else { "✗" } }
                    { format!(" expected {expect}") }
                </span>
            }
        </div>
    };
    let steps = result.map(|r| r.steps.as_slice()).unwrap_or_default();
    let explanation = steps.iter().enumerate().map(|(i, step)| {
        html! {
            <section class={classes!("step", step.verdict.attr())} key={i}>
                <h3>
                    { verdict_badge(step.verdict) }
                    <code>{ step.call.clone() }</code>
                    <span class="on">{ " on " }</span>
                    <code class="arn">{ step.resource.clone() }</code>
                </h3>
                <p class="summary">{ quoted(&step.summary) }</p>
                <ul class="lines">
                    { for step.lines.iter().enumerate().map(|(j, l)| line_view(&state, l, format!("{i}-{j}"))) }
                </ul>
            </section>
        }
    });
    let note = result.and_then(|r| r.note.clone());

    html! {
        <section class="result-panel" aria-label="Result">
            { decision }
            { chain(steps) }
            <div class="explanation" data-testid="explanation">
                if let Some(note) = note {
                    <p class="note">{ note }</p>
                }
                { for explanation }
            </div>
        </section>
    }
}
