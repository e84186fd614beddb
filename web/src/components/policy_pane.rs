//! The editors: the documents that decide the selected step (`step_pane.rs`), or, one click
//! away, the selected identity's trust policy and permission policies side by side, with tabs
//! for the permission side (policies, boundary) and for documents opened from elsewhere
//! (resource policies, SCPs, RCPs, session policies).

use yew::prelude::*;

use rolecall_core::PolicyKind;
use rolecall_core::scenario::absent;

use crate::clip::quoted;
use crate::components::doc_editor::{doc_editor, tab_list};
use crate::components::step_pane::{PaneSide, StepPanes, editors};
use crate::docref::{DocRef, DocView};
use crate::state::{Change, StateContext, dispatch_on, use_app_state};

/// The tabs of the right-hand side: the identity's policies and boundary, plus the open
/// document when it is from elsewhere.
fn right_tabs(state: &StateContext, current: Option<DocRef>) -> Vec<DocRef> {
    let mut tabs = Vec::new();
    if let Some(identity) = state.scenario.identities.get(state.identity) {
        tabs.extend((0..identity.policies.len()).map(|policy| DocRef::Identity {
            identity: state.identity,
            policy,
        }));
        if identity.permissions_boundary.is_some() {
            tabs.push(DocRef::Boundary {
                identity: state.identity,
            });
        }
    }
    if let Some(doc) = current
        && !tabs.contains(&doc)
    {
        tabs.push(doc);
    }
    tabs
}

/// The two editors side by side.
#[component]
pub fn PolicyPane() -> Html {
    let state = use_app_state();
    crate::state::counted("policy-pane");
    if state.follows_step() {
        return html! { <StepPanes /> };
    }
    let scenario = &state.scenario;
    let index = state.identity;
    let identity = scenario.identities.get(index);

    let trust = match identity {
        Some(i) if i.trust_policy.is_some() => {
            doc_editor(&state, DocRef::Trust { identity: index }, "trust-editor")
        }
        Some(i) => {
            // Offered only where the core says a trust policy can be held (a role).
            let add = i.can_hold(PolicyKind::Trust).then(|| {
                let onclick = dispatch_on(&state, move || Change::AddTrustPolicy(index).into());
                html! { <button {onclick}>{ "Add a trust policy" }</button> }
            });
            html! {
                <div class="empty-pane" data-testid="trust-editor">
                    <p>{ quoted(&absent::no_trust_policy(&i.arn)) }</p>
                    { add }
                </div>
            }
        }
        None => {
            html! { <div class="empty-pane" data-testid="trust-editor"><p>{ "Add an identity in the sidebar." }</p></div> }
        }
    };

    let current = state.right_doc();
    let tabs = right_tabs(&state, current);
    let add_policy = dispatch_on(&state, move || Change::AddIdentityPolicy(index).into());
    let add_boundary = identity
        .filter(|i| i.permissions_boundary.is_none() && i.can_hold(PolicyKind::Boundary))
        .map(|_| {
        let onclick = dispatch_on(&state, move || Change::AddBoundary(index).into());
        html! { <button class="tab add" {onclick} title="Add a permissions boundary">{ "+ boundary" }</button> }
    });
    let right = match current {
        Some(DocRef::Resource { resource })
            if DocRef::Resource { resource }.text(scenario).is_none() =>
        {
            let add = dispatch_on(&state, move || Change::AddResourcePolicy(resource).into());
            let arn = scenario
                .resources
                .get(resource)
                .map(|r| r.arn.clone())
                .unwrap_or_default();
            html! {
                <div class="empty-pane" data-testid="permission-editor">
                    <p>{ quoted(&absent::no_resource_policy(&arn)) }</p>
                    <button onclick={add}>{ "Add a resource policy" }</button>
                </div>
            }
        }
        Some(doc) => doc_editor(&state, doc, "permission-editor"),
        None => {
            html! { <div class="empty-pane" data-testid="permission-editor"><p>{ "No permission policy: add one with + policy." }</p></div> }
        }
    };
    let left = PaneSide {
        title: "Trust policy",
        arn: identity.map(|i| i.arn.as_str()),
        tools: Html::default(),
        docs: vec![DocRef::Trust { identity: index }],
        body: trust,
    };
    let right = PaneSide {
        title: "Permissions",
        arn: None,
        tools: html! {
            <div class="tabs">
                { tab_list(&state, &tabs, current) }
                if identity.is_some() {
                    <button class="tab add" onclick={add_policy} title="Add a permission policy">{ "+ policy" }</button>
                    <crate::components::managed_picker::ManagedPicker identity={index} />
                }
                { add_boundary }
            </div>
        },
        docs: tabs,
        body: right,
    };
    editors(&state, "identity", left, right, current)
}
