//! Challenge mode (issue 13 §1): the goal, the goal checks going ✗→✓ as the learner edits, the
//! editable documents (the locked ones read-only, with a lock), "next hint", the success state,
//! and the trainer's two links. The grading is the core's (`challenge::check`); this only shows
//! it.

use std::rc::Rc;

use yew::prelude::*;

use rolecall_core::names::Named;
use rolecall_core::scenario::arn;
use rolecall_core::scenario::challenge::{self, render};
use rolecall_core::share;

use crate::clip::quoted;
use crate::components::doc_editor::doc_editor;
use rolecall_core::scenario::Scenario;

use crate::docref::{DocRef, DocView};
use crate::markdown::Markdown;
use crate::persist;
use crate::state::{Action, Banner, StateContext, dispatch_on, use_app_state};

/// The test names of the editable documents' editors, in order.
const EDITOR_IDS: [&str; 4] = [
    "challenge-editor-1",
    "challenge-editor-2",
    "challenge-editor-3",
    "challenge-editor-4",
];

/// A document's label with whose it is: `Auditor: Trust policy`, `Policy of reports`.
pub(crate) fn label(scenario: &Scenario, doc: DocRef) -> String {
    let own = doc.label(scenario);
    let identity = match doc {
        DocRef::Identity { identity, .. }
        | DocRef::Boundary { identity }
        | DocRef::Trust { identity } => scenario.identities.get(identity),
        _ => None,
    };
    match identity {
        Some(i) => format!("{}: {own}", arn::name(&i.arn)),
        None => own,
    }
}

/// Copies `link` and says in the banner whether the clipboard took it.
fn copy(state: &StateContext, what: &'static str, link: String) {
    let dispatcher = state.dispatcher();
    let text = link.clone();
    persist::copy_to_clipboard(&text, move |result| {
        let banner = match result {
            Ok(()) => Banner::notice(format!("{what} copied.")),
            Err(e) => Banner::error(format!("{what} not copied: {e}. The link: {link}")),
        };
        dispatcher.dispatch(Action::ShowBanner(banner));
    });
}

/// The challenge layout.
#[component]
pub fn ChallengeView() -> Html {
    let state = use_app_state();
    let run = state.challenge.clone();
    // Graded by the core from the latest evaluation (the worker's view of the scenario, so
    // nothing is evaluated here) and the scenario as edited (for the locked documents).
    let report = {
        let run = run.clone();
        let outcome = state.outcome.clone();
        let current = state.scenario.clone();
        let key = (
            state.outcome.revision,
            state.revision,
            run.as_ref().map(|r| Rc::as_ptr(r) as usize),
        );
        use_memo(key, move |_| {
            run.filter(|_| outcome.revision > 0)
                .and_then(|r| challenge::grade(&r.start, &current, &outcome.view))
        })
    };
    let Some(run) = run else {
        return html! {};
    };
    let Some(ch) = run.start.challenge.clone() else {
        return html! {};
    };
    let title = run
        .start
        .title
        .clone()
        .unwrap_or_else(|| "Challenge".to_owned());
    let meta: Vec<String> = ch
        .category
        .iter()
        .cloned()
        .chain(ch.difficulty.map(|d| d.name().to_owned()))
        .collect();

    let checks = report.as_ref().as_ref().map(|report| {
        let items = report.checks.iter().map(|c| {
            let (class, words) = if c.passed { ("check passed", "passes") } else { ("check failed", "fails") };
            html! {
                <li class={class} data-request={c.request.clone()} data-passed={c.passed.to_string()} data-stays={c.stays.to_string()}>
                    <span class="mark" role="img" aria-label={words}>{ render::mark(c) }</span>
                    <div>
                        <strong>{ c.request.clone() }</strong>
                        if c.stays { <span class="stays">{ " must stay" }</span> }
                        if let Some(says) = &c.says { <span class="says">{ " — " }{ quoted(says) }</span> }
                        <p class="why">{ quoted(&c.explanation) }</p>
                    </div>
                </li>
            }
        });
        let locked = report.locked_edits.iter().map(|e| html! {
            <li class="check failed locked-edit"><span class="mark" role="img" aria-label="fails">{ "✗" }</span>
                <div><strong>{ "🔒 locked" }</strong><p class="why">{ quoted(&e.message) }</p></div></li>
        });
        html! {
            <>
                <p class="challenge-status" data-testid="challenge-status" data-solved={report.solved.to_string()}
                   data-passed={report.passed.to_string()} data-total={report.total.to_string()}
                   role="status" aria-live="polite">{ render::status(report) }</p>
                if report.solved {
                    <div class="challenge-success" data-testid="challenge-success">
                        <strong>{ "Solved!" }</strong>
                        { format!(" Every goal check passes ({} of {}). Well done.", report.passed, report.total) }
                    </div>
                }
                <ul class="challenge-checks" data-testid="challenge-checks" aria-label="Goal checks">
                    { for items }
                    { for locked }
                </ul>
            </>
        }
    });

    let documents = run.start.documents();
    let editable = documents.iter().filter(|d| ch.is_editable(d.id)).enumerate().map(|(i, d)| {
        let test_id = EDITOR_IDS.get(i).copied().unwrap_or("challenge-editor");
        html! {
            <div class="challenge-doc editable" data-path={d.id.to_string()}>
                <h3>{ "✎ " }{ label(&state.scenario, d.id) }<span class="tag">{ " editable" }</span></h3>
                { doc_editor(&state, d.id, test_id) }
            </div>
        }
    });
    let locked = documents.iter().filter(|d| !ch.is_editable(d.id)).map(|d| {
        let label = label(&state.scenario, d.id);
        let text = d.id.text(&state.scenario).unwrap_or(d.document.text.as_str()).to_owned();
        html! {
            <div class="challenge-doc locked" data-testid="locked-doc" data-path={d.id.to_string()}>
                <h3><span class="lock" aria-hidden="true">{ "🔒 " }</span>{ label.clone() }<span class="tag">{ " locked" }</span></h3>
                <pre tabindex="0" aria-label={format!("{label} (locked, read-only)")}>{ text }</pre>
            </div>
        }
    });

    let total_hints = ch.hints.len();
    let shown_hints = ch
        .hints
        .iter()
        .take(run.hints)
        .map(|h| html! { <li><Markdown text={h.clone()} /></li> });
    let on_hint = dispatch_on(&state, || Action::NextHint);
    let on_leave = dispatch_on(&state, || Action::LeaveChallenge);
    let links = (!ch.solution.is_empty())
        .then(|| share::challenge_links(&persist::base_url(), &run.start))
        .flatten();
    let trainer = links.map(|links| {
        let on_learner = {
            let state = state.clone();
            let link = links.learner.clone();
            Callback::from(move |_| copy(&state, "Learner link", link.clone()))
        };
        let on_trainer = {
            let state = state.clone();
            let link = links.trainer.clone();
            Callback::from(move |_| copy(&state, "Trainer link", link.clone()))
        };
        html! {
            <div class="challenge-trainer" role="group" aria-label="Trainer links">
                <button data-testid="copy-learner-link" onclick={on_learner}>{ "Copy learner link" }</button>
                <button data-testid="copy-trainer-link" onclick={on_trainer}>{ "Copy trainer link" }</button>
                <span class="hint">{ "The learner link leaves the solution out." }</span>
            </div>
        }
    });

    html! {
        <section class="challenge" data-testid="challenge" aria-labelledby="rc-challenge-title">
            <header class="challenge-head">
                if !meta.is_empty() {
                    <p class="challenge-meta" data-testid="challenge-meta">{ meta.join(" · ") }</p>
                }
                <h2 id="rc-challenge-title">{ format!("Challenge: {title}") }</h2>
                <div class="challenge-goal markdown" data-testid="challenge-goal"><Markdown text={ch.goal.clone()} /></div>
                <div class="challenge-actions">
                    { for trainer }
                    <button data-testid="leave-challenge" onclick={on_leave}>{ "Open in the playground" }</button>
                </div>
            </header>
            <div class="challenge-body">
                <div class="challenge-work">
                    { for editable }
                    <section class="challenge-hints" data-testid="challenge-hints" aria-label="Hints">
                        <h3>{ "Hints" }</h3>
                        if run.hints > 0 {
                            <ol>{ for shown_hints }</ol>
                        }
                        if total_hints > 0 {
                            <button data-testid="next-hint" onclick={on_hint} disabled={run.hints >= total_hints}>
                                { if run.hints >= total_hints { format!("No more hints ({total_hints} of {total_hints})") } else { format!("Next hint ({} of {total_hints})", run.hints + 1) } }
                            </button>
                        } else {
                            <p class="hint">{ "This challenge has no hints." }</p>
                        }
                    </section>
                </div>
                <div class="challenge-side">
                    <h3>{ "Goal checks" }</h3>
                    { checks.unwrap_or_else(|| html! { <p class="challenge-status" data-testid="challenge-status">{ "Checking…" }</p> }) }
                    <details class="challenge-locked" open=true>
                        <summary>{ format!("🔒 Locked documents ({})", documents.len().saturating_sub(ch.editable.len())) }</summary>
                        { for locked }
                    </details>
                    if let Some(notes) = run.start.notes.as_deref().filter(|n| !n.trim().is_empty()) {
                        <details class="challenge-notes">
                            <summary>{ "About this challenge" }</summary>
                            <div class="markdown"><Markdown text={notes.to_owned()} /></div>
                        </details>
                    }
                </div>
            </div>
        </section>
    }
}
