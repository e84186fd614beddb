//! "Allowed only if …" under the decision (issue 13 §3): for the selected request, the core's
//! suggestions (the smallest changes that would allow a denied request, the context key an
//! answer rested on while it was absent, an explicit Deny named and never weakened), each
//! verified by the core re-evaluating the changed scenario, with the decision it then gets. A
//! suggestion that changes a document or a context key can be applied in one click; the core
//! applies it. The page words and decides nothing here.

use yew::prelude::*;

use rolecall_core::scenario::StepDecision;
use rolecall_core::suggest::{Suggestion, SuggestionKind};

use crate::clip::quoted;
use crate::state::{Action, StateContext, dispatch_on, use_app_state};

fn item(state: &StateContext, suggestion: &Suggestion, i: usize, current: bool) -> Html {
    let then = suggestion.then.map(|d| {
        html! {
            <span class="then">{ "then " }<span class={classes!("verdict", d.as_str())} data-verdict={d.as_str()}>{ d.words() }</span></span>
        }
    });
    // Applied only to the version it was computed for: the user's latest typing is never
    // overwritten by a text computed before it.
    let apply = suggestion.change.clone().filter(|_| current).map(|change| {
        let onclick = dispatch_on(state, move || Action::ApplySuggestion(change.clone()));
        html! { <button class="apply" data-testid="apply-suggestion" {onclick}>{ "Apply" }</button> }
    });
    let kind = match suggestion.kind {
        SuggestionKind::AbsentKey => "absent-key",
        SuggestionKind::ExplicitDeny => "explicit-deny",
        SuggestionKind::ContextValue => "context-value",
        _ => "edit",
    };
    html! {
        <li class={classes!("suggestion", kind)} key={i} data-kind={kind}
            data-then={suggestion.then.map_or("none", StepDecision::as_str)}>
            <span class="line">{ quoted(&suggestion.line) }</span>
            { for then }
            { for apply }
        </li>
    }
}

/// The suggestions of the selected request.
#[component]
pub fn Suggestions() -> Html {
    let state = use_app_state();
    let outcome = &state.outcome;
    let Some(request) = outcome.view.requests.get(state.request) else {
        return html! {};
    };
    // They follow the decision (computed once no newer keystroke waits): nothing until then.
    if outcome.suggestions_pending {
        return html! {};
    }
    let Some(all) = &outcome.suggestions else {
        return html! {
            <p class="suggestions-note hint" data-testid="suggestions-note">
                { "This scenario is too large for suggestions in the page; " }<code>{ "rolecall eval --suggest" }</code>{ " gives them." }
            </p>
        };
    };
    let found = all
        .get(state.request)
        .map(Vec::as_slice)
        .unwrap_or_default();
    if found.is_empty() {
        return html! {};
    }
    let allowed = request.decision == Some(StepDecision::Allowed);
    let title = if allowed {
        "What this answer rests on"
    } else {
        "Allowed only if …"
    };
    let current = outcome.revision == state.revision;
    let items = found
        .iter()
        .enumerate()
        .map(|(i, s)| item(&state, s, i, current));
    html! {
        <section class="suggestions" data-testid="suggestions" aria-label={title}>
            <h3>{ title }</h3>
            <ul>{ for items }</ul>
        </section>
    }
}
