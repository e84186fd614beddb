//! The problems list: every diagnostic of every document, with its location; clicking one
//! opens the document and highlights the span.

use rolecall_core::Severity;
use rolecall_core::diagnostic::render::{LineCol, line_col};
use yew::prelude::*;

use crate::docref::DocView;
use crate::state::{Action, dispatch_on, use_app_state_but_typing};
use rolecall_core::scenario::view::Finding;

/// The most problems listed at once: a pasted policy of thousands of statements can have
/// thousands, and drawing them all would block the page. The editors still mark every one.
const LISTED: usize = 200;

fn severity_word(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "info",
    }
}

/// The list.
#[component]
pub fn Problems() -> Html {
    let state = use_app_state_but_typing();
    let outcome = &state.outcome;
    let findings: Vec<&Finding> = outcome.view.findings.iter().collect();
    let errors = findings.iter().filter(|f| f.is_error()).count();
    let others = findings.len() - errors;
    let hidden = findings.len().saturating_sub(LISTED);
    let items = findings.iter().take(LISTED).enumerate().map(|(i, f)| {
        let doc = f.document;
        let d = &f.diagnostic;
        let place = match (doc, f.span) {
            // A text only the worker has (`elided.rs`): no line to count yet.
            (Some(doc), Some(_))
                if doc
                    .text(&outcome.scenario)
                    .is_some_and(crate::elided::is_marker) =>
            {
                doc.label(&outcome.scenario)
            }
            (Some(doc), Some(span)) => {
                let text = doc.text(&outcome.scenario).unwrap_or_default();
                let LineCol { line, column: col } = line_col(text, span.start);
                format!("{} {line}:{col}", doc.label(&outcome.scenario))
            }
            (Some(doc), None) => doc.label(&outcome.scenario),
            _ => "scenario".to_owned(),
        };
        let word = severity_word(d.severity);
        let body = html! {
            <>
                <span class={classes!("sev", word)}>{ word }</span>
                <span class="place">{ place }</span>
                <span class="message">{ crate::clip::quoted(&d.message) }</span>
                <code class="code">{ d.code }</code>
                if let Some(help) = &d.help {
                    <span class="help">{ "help: " }{ crate::clip::quoted(help) }</span>
                }
            </>
        };
        match (doc, f.span) {
            (Some(doc), Some(span)) => {
                let onclick = dispatch_on(&state, move || Action::Focus(Some((doc, span))));
                html! { <li key={i}><button class="link problem" {onclick}>{ body }</button></li> }
            }
            _ => html! { <li key={i} class="problem">{ body }</li> },
        }
    });
    html! {
        <details class="problems" data-testid="problems" open={errors > 0}>
            <summary>{ format!("Problems: {errors} errors, {others} warnings") }</summary>
            if findings.is_empty() {
                <p class="hint">{ "No problems found." }</p>
            } else {
                <ul>{ for items }</ul>
                if hidden > 0 {
                    <p class="hint" data-testid="problems-hidden">{ format!("… and {hidden} more, marked in the editors.") }</p>
                }
            }
        </details>
    }
}
