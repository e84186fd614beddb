//! The "what changed" strip (issue 13 §2): after an edit, the requests and expectations that
//! flipped since the version before it (the scenario as it was when the edit of that document
//! began), or since a baseline the user pinned, each with its decision before and after. The
//! comparison is the core's (`diff::versions`); the page compares two evaluations it already
//! has and evaluates nothing.

use std::rc::Rc;

use yew::prelude::*;

use rolecall_core::diff::versions::{RequestChange, changes, of_view};
use rolecall_core::scenario::StepDecision;

use crate::clip::quoted;
use crate::components::challenge::label;
use crate::outcome::Outcome;
use crate::state::{Action, Edited, dispatch_on, use_app_state_but_typing};

fn badge(decision: Option<StepDecision>, missing: &'static str) -> Html {
    match decision {
        Some(d) => html! {
            <span class={classes!("verdict", d.as_str())} data-verdict={d.as_str()}>{ d.words() }</span>
        },
        None => html! { <span class="verdict none">{ missing }</span> },
    }
}

fn item(state: &crate::state::StateContext, change: &RequestChange) -> Html {
    let onclick = change
        .position
        .map(|p| dispatch_on(state, move || Action::SelectRequest(p)));
    let kind = if change.is_new_access() {
        Some(("new-access", "new access"))
    } else if change.is_removed_access() {
        Some(("removed-access", "access removed"))
    } else {
        None
    };
    let expectation = change.expectation_flip().map(|holds| {
        if holds {
            ("met", "✓ expectation now met")
        } else {
            ("unmet", "✗ expectation now fails")
        }
    });
    html! {
        <li class={classes!("flip", kind.map(|k| k.0))} data-request={change.name.clone()}
            data-before={change.before.map_or("none", StepDecision::as_str)}
            data-after={change.after.map_or("none", StepDecision::as_str)}
            data-new-access={change.is_new_access().to_string()}>
            if let Some(onclick) = onclick {
                <button class="link flip-name" {onclick} title="Show this request">{ change.name.clone() }</button>
            } else {
                <span class="flip-name">{ change.name.clone() }</span>
            }
            <span class="flip-decisions">
                { badge(change.before, "new request") }
                <span class="arrow" aria-hidden="true">{ " → " }</span><span class="visually-hidden">{ " became " }</span>
                { badge(change.after, "removed") }
            </span>
            if let Some((class, words)) = expectation {
                <span class={classes!("expect", class)}>{ words }</span>
            }
            if let Some((_, words)) = kind {
                <span class="flip-kind">{ words }</span>
            }
            <span class="visually-hidden">{ quoted(&change.line) }</span>
        </li>
    }
}

/// What the strip compares against, in words.
fn since(state: &crate::state::StateContext, baseline: &Outcome) -> String {
    if state.review.pinned {
        return format!("since the pinned version (revision {})", baseline.revision);
    }
    match state.review.editing {
        Some(Edited::Doc(doc)) => {
            format!("since your edit of {} began", label(&state.scenario, doc))
        }
        Some(Edited::Form) => "since your last change of the scenario began".to_owned(),
        None => "since the last version".to_owned(),
    }
}

/// The strip.
#[component]
pub fn WhatChanged() -> Html {
    let state = use_app_state_but_typing();
    let outcome = state.outcome.clone();
    let baseline = state.review.baseline.clone();
    let found = {
        let key = (
            outcome.revision,
            baseline.as_ref().map(|b| Rc::as_ptr(b) as usize),
        );
        let (outcome, baseline) = (outcome.clone(), baseline.clone());
        use_memo(key, move |_| {
            baseline.filter(|_| outcome.revision > 0).map(|b| {
                changes(
                    &of_view(&b.scenario, &b.view),
                    &of_view(&outcome.scenario, &outcome.view),
                )
            })
        })
    };
    let on_pin = dispatch_on(&state, || Action::PinBaseline);
    let on_unpin = dispatch_on(&state, || Action::UnpinBaseline);
    let pin = if state.review.pinned {
        html! { <button data-testid="unpin-baseline" onclick={on_unpin} aria-pressed="true">{ "Unpin the baseline" }</button> }
    } else {
        html! { <button data-testid="pin-baseline" onclick={on_pin} disabled={outcome.revision == 0}
        title="Compare every later version with this one">{ "Pin this version as the baseline" }</button> }
    };
    let Some((baseline, found)) = baseline.zip(found.as_ref().clone()) else {
        // Nothing edited yet: only the pin.
        return html! {
            <section class="what-changed idle" data-testid="what-changed" data-state="idle" aria-label="What changed">
                { pin }
            </section>
        };
    };
    let new_access = found.iter().filter(|c| c.is_new_access()).count();
    let heading = match (found.len(), new_access) {
        (0, _) => "No request or expectation changed".to_owned(),
        (1, 0) => "1 request changed".to_owned(),
        (n, 0) => format!("{n} requests changed"),
        (n, a) => format!(
            "{n} request{} changed, {a} with new access",
            if n == 1 { "" } else { "s" }
        ),
    };
    let items = found.iter().map(|c| item(&state, c));
    html! {
        <section class="what-changed" data-testid="what-changed" data-state={if found.is_empty() { "same" } else { "changed" }}
            data-new-access={new_access.to_string()} aria-label="What changed">
            <p class="what-changed-head" role="status" aria-live="polite">
                <strong>{ heading }</strong>{ " " }<span class="since">{ since(&state, &baseline) }</span>
            </p>
            if !found.is_empty() {
                <ul class="flips" data-testid="flips">{ for items }</ul>
            }
            { pin }
        </section>
    }
}
