//! The editors when they follow the selected step: the documents that decide it, side by side
//! (issue 16, "the documents that decide are on screen"). For an assume hop, the role's trust
//! policy beside the caller's identity policies; for the final action, the resource-based policy
//! beside the acting principal's policies. The core's `StepView` says which documents took part;
//! the page only lays them out. The selected identity's own editors are one click away
//! ([`mode_switch`]).

use yew::prelude::*;

use rolecall_core::scenario::StepDecision;
use rolecall_core::scenario::arn;

use crate::clip::clip;
use crate::clip::quoted;
use crate::components::doc_editor::{PANEL_ID, doc_editor, tab_id, tab_list};
use crate::components::split_panes::SplitPanes;
use crate::docref::DocRef;
use crate::state::{Action, Change, StateContext, dispatch_on, use_app_state};

/// The row above the editors: what they show, and the one click to the other view.
pub(crate) fn mode_switch(state: &StateContext) -> Html {
    let shown = state.shown_step();
    let step = shown.and_then(|i| state.outcome.view.requests.get(state.request)?.steps.get(i));
    let identity = state.scenario.identities.get(state.identity);
    match step {
        Some(step) if state.follow => {
            let to_identity = identity.map(|i| {
                let index = state.identity;
                let onclick = dispatch_on(state, move || Action::SelectIdentity(index));
                html! {
                    <button class="switch" {onclick} data-testid="show-identity">
                        { "Edit the policies of " }<code>{ arn::name(&i.arn).to_owned() }</code>
                    </button>
                }
            });
            let place = step.hop.map_or_else(
                || "the final action".to_owned(),
                |h| format!("assume hop {}", h + 1),
            );
            html! {
                <div class="pane-switch" data-testid="pane-mode" data-mode="step">
                    <span>{ "Documents that decide " }<code>{ step.call.clone() }</code>{ format!(" ({place})") }</span>
                    { to_identity }
                </div>
            }
        }
        _ => {
            let back = shown.filter(|_| step.is_some()).map(|i| {
                let onclick = dispatch_on(state, move || Action::SelectStep(i));
                html! {
                    <button class="switch" {onclick} data-testid="show-step">
                        { "Show the documents that decide the request" }
                    </button>
                }
            });
            html! {
                <div class="pane-switch" data-testid="pane-mode" data-mode="identity">
                    <span>{ "Policies of " }<code>{ identity.map(|i| arn::name(&i.arn).to_owned()).unwrap_or_default() }</code></span>
                    { back }
                </div>
            }
        }
    }
}

/// One side of the editors.
pub(crate) struct PaneSide<'a> {
    /// Its heading (and its tab's name on a phone).
    pub(crate) title: &'static str,
    /// The ARN the side is about, shown beside the heading.
    pub(crate) arn: Option<&'a str>,
    /// The tabs and buttons of the heading.
    pub(crate) tools: Html,
    /// Its documents (to follow the user's focus there).
    pub(crate) docs: Vec<DocRef>,
    /// What it shows: an editor, or why there is none.
    pub(crate) body: Html,
}

/// The editors of one view (`mode`: `identity` or `step`): the row saying what they show, then
/// the two sides; the right side's body is the panel of its tabs, `current` the open one.
pub(crate) fn editors(
    state: &StateContext,
    mode: &'static str,
    left: PaneSide<'_>,
    right: PaneSide<'_>,
    current: Option<DocRef>,
) -> Html {
    let head = |side: &PaneSide<'_>| {
        html! {
            <div class="pane-head">
                <h2>{ side.title }</h2>
                if let Some(arn) = side.arn {
                    <span class="arn" title={clip(arn).into_owned()}>{ clip(arn).into_owned() }</span>
                }
                { side.tools.clone() }
            </div>
        }
    };
    let left_pane = html! { <>{ head(&left) }{ left.body }</> };
    let right_pane = html! {
        <>
            { head(&right) }
            <div role="tabpanel" id={PANEL_ID} aria-labelledby={current.map(tab_id)}>
                { right.body }
            </div>
        </>
    };
    html! {
        <section class="policy-pane" aria-label="Policies" data-mode={mode}>
            { mode_switch(state) }
            <SplitPanes left_title={left.title} right_title={right.title}
                left_docs={left.docs} right_docs={right.docs} left={left_pane} right={right_pane} />
        </section>
    }
}

/// The documents of the shown step, side by side.
#[component]
pub fn StepPanes() -> Html {
    let state = use_app_state();
    let Some(step) = state
        .shown_step()
        .and_then(|i| state.outcome.view.requests.get(state.request)?.steps.get(i))
    else {
        return html! {};
    };
    let left = step.resource_side.first().copied();
    let mut tabs = step.identity_side.clone();
    tabs.extend(&step.guardrails);
    let current = state
        .right_doc
        .filter(|d| tabs.contains(d))
        .or_else(|| tabs.first().copied());

    let hop = step.hop.is_some();
    let (left_title, left_test_id) = if hop {
        ("Trust policy", "trust-editor")
    } else {
        ("Resource policy", "resource-editor")
    };
    let left_view = match left {
        Some(doc) => doc_editor(&state, doc, left_test_id),
        None => {
            // One click gives the resource a policy for this very step (a bucket policy for an
            // object), where the core says one can exist: the core's template, naming the
            // acting principal and the action.
            let add = step.policy_home.as_deref().map(|home| {
                let request = state.request;
                let st = state.clone();
                let onclick = Callback::from(move |_| {
                    st.dispatch(Change::AddGoverningPolicy(request).into());
                });
                html! {
                    <button {onclick} data-testid="add-governing-policy">
                        { "Add a resource policy to " }<code>{ clip(arn::name(home)).into_owned() }</code>
                    </button>
                }
            });
            html! {
                <div class="empty-pane" data-testid={left_test_id}>
                    <p>{ quoted(step.resource_note.as_deref().unwrap_or_default()) }</p>
                    { add }
                </div>
            }
        }
    };
    let right_title = if hop {
        "Caller's policies"
    } else {
        "Acting principal's policies"
    };
    let right_view = match current {
        Some(doc) => doc_editor(&state, doc, "permission-editor"),
        // Nothing to highlight in a document: when this side is what denied the step, the
        // core's sentence saying so is highlighted instead.
        None => {
            let denied_here = step.decision != StepDecision::Allowed;
            html! {
                <div class="empty-pane" data-testid="permission-editor">
                    if let Some(note) = &step.identity_note {
                        <p>{ quoted(note) }</p>
                    }
                    if denied_here {
                        <p class="deciding-note" data-testid="deciding-note">{ quoted(&step.summary) }</p>
                    }
                </div>
            }
        }
    };
    let left = PaneSide {
        title: left_title,
        arn: Some(&step.resource),
        tools: Html::default(),
        docs: left.into_iter().collect(),
        body: left_view,
    };
    let right = PaneSide {
        title: right_title,
        arn: Some(&step.principal),
        tools: html! { <div class="tabs">{ tab_list(&state, &tabs, current) }</div> },
        docs: tabs,
        body: right_view,
    };
    editors(&state, "step", left, right, current)
}
