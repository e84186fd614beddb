//! The selected identity's trust policy and permission policies, side by side, with tabs for
//! the permission side (policies, boundary) and for documents opened from elsewhere (resource
//! policies, SCPs, RCPs, session policies).

use std::rc::Rc;

use wasm_bindgen::JsCast;

use yew::prelude::*;

use crate::components::doc_tools::DocTools;
use crate::docref::DocRef;
use crate::editor::{Editor, Highlight, Mark};
use crate::state::{Action, Change, StateContext, use_app_state};
use rolecall_core::scenario::model::ReferenceState;

/// A managed policy attached by ARN: its document (from the resolved copy the evaluation
/// used) shown read-only, since it is AWS's text or a `managedPolicies` definition.
fn reference_view(state: &StateContext, doc: DocRef, arn: &str, test_id: &'static str) -> Html {
    let resolved = doc
        .document(&state.outcome.scenario)
        .filter(|d| d.reference_arn() == Some(arn));
    let state_words = match resolved
        .and_then(|d| d.reference.as_ref())
        .map(|r| &r.state)
    {
        Some(ReferenceState::Aws(version)) => {
            format!("AWS managed policy, default version {version}")
        }
        Some(ReferenceState::Customer(_)) => {
            "customer managed policy (defined in managedPolicies)".to_owned()
        }
        Some(ReferenceState::Unknown) => "unknown managed policy: see the problems list".to_owned(),
        _ => "loading…".to_owned(),
    };
    let text = resolved.map(|d| d.text.clone()).unwrap_or_default();
    html! {
        <div class="managed-view" data-testid={test_id} data-arn={arn.to_owned()}>
            <p class="managed-head"><code>{ arn.to_owned() }</code>{ " — " }{ state_words }{ " (read-only)" }</p>
            <pre class="managed-text" data-testid="managed-text" tabindex="0" aria-label={format!("{arn} document")}>{ text }</pre>
        </div>
    }
}

/// The editor for `doc`, wired to the state: text, diagnostics, highlights and edits, with the
/// statement templates and Format above it.
fn doc_editor(state: &StateContext, doc: DocRef, test_id: &'static str) -> Html {
    if let Some(arn) = doc
        .document(&state.scenario)
        .and_then(|d| d.reference_arn())
    {
        return reference_view(state, doc, arn, test_id);
    }
    let text = doc.text(&state.scenario).unwrap_or_default().to_owned();
    let outcome = &state.outcome;
    let marked_text = doc.text(&outcome.scenario).unwrap_or_default().to_owned();
    let marks: Vec<Mark> = outcome
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
    let mut highlights: Vec<Highlight> = outcome
        .view
        .requests
        .get(state.request)
        .into_iter()
        .flat_map(|r| r.steps.iter())
        .flat_map(|s| s.lines.iter())
        .filter(|l| l.deciding && l.source.as_deref().and_then(DocRef::from_path) == Some(doc))
        .filter_map(|l| {
            Some(Highlight {
                span: l.span?,
                focus: false,
            })
        })
        .collect();
    if let Some((focus_doc, span)) = state.focus
        && focus_doc == doc
    {
        highlights.push(Highlight { span, focus: true });
    }
    let on_change = {
        let state = state.clone();
        Callback::from(move |text: String| state.dispatch(Action::EditDoc(doc, text)))
    };
    let label = format!("{} editor", doc.label(&state.scenario));
    html! {
        <>
            <DocTools {doc} />
            <Editor
                key={format!("{}:{}", state.generation, doc.path())}
                text={AttrValue::from(text)}
                label={AttrValue::from(label)}
                test_id={test_id}
                marked_text={AttrValue::from(marked_text)}
                marks={Rc::new(marks)}
                highlights={Rc::new(highlights)}
                {on_change}
            />
        </>
    }
}

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
    let scenario = &state.scenario;
    let index = state.identity;
    let identity = scenario.identities.get(index);
    let counts = state.outcome.counts();

    let trust = match identity {
        Some(i) if i.trust_policy.is_some() => {
            doc_editor(&state, DocRef::Trust { identity: index }, "trust-editor")
        }
        Some(i) => {
            let add = {
                let state = state.clone();
                Callback::from(move |_| state.dispatch(Change::AddTrustPolicy(index).into()))
            };
            html! {
                <div class="empty-pane" data-testid="trust-editor">
                    <p>{ format!("`{}` has no trust policy: only roles have one.", crate::docref::short_arn(&i.arn)) }</p>
                    <button onclick={add}>{ "Add a trust policy" }</button>
                </div>
            }
        }
        None => {
            html! { <div class="empty-pane" data-testid="trust-editor"><p>{ "Add an identity in the sidebar." }</p></div> }
        }
    };

    let current = state.right_doc();
    let tabs = right_tabs(&state, current);
    let tab_buttons = tabs.iter().map(|&doc| {
        let selected = Some(doc) == current;
        let onclick = {
            let state = state.clone();
            Callback::from(move |_| state.dispatch(Action::SelectDoc(doc)))
        };
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
    let add_policy = {
        let state = state.clone();
        Callback::from(move |_| state.dispatch(Change::AddIdentityPolicy(index).into()))
    };
    let add_boundary = identity.filter(|i| i.permissions_boundary.is_none()).map(|_| {
        let state = state.clone();
        let onclick = Callback::from(move |_| state.dispatch(Change::AddBoundary(index).into()));
        html! { <button class="tab add" {onclick} title="Add a permissions boundary">{ "+ boundary" }</button> }
    });
    let right = match current {
        Some(DocRef::Resource { resource })
            if DocRef::Resource { resource }.text(scenario).is_none() =>
        {
            let add = {
                let state = state.clone();
                Callback::from(move |_| state.dispatch(Change::AddResourcePolicy(resource).into()))
            };
            let arn = scenario
                .resources
                .get(resource)
                .map(|r| r.arn.clone())
                .unwrap_or_default();
            html! {
                <div class="empty-pane" data-testid="permission-editor">
                    <p>{ format!("`{}` has no resource-based policy. Without one, only identity policies of its own account can grant access to it (a KMS key always needs its key policy).", crate::docref::short_arn(&arn)) }</p>
                    <button onclick={add}>{ "Add a resource policy" }</button>
                </div>
            }
        }
        Some(doc) => doc_editor(&state, doc, "permission-editor"),
        None => {
            html! { <div class="empty-pane" data-testid="permission-editor"><p>{ "No permission policy: add one with + policy." }</p></div> }
        }
    };
    let title = identity.map(|i| i.arn.clone()).unwrap_or_default();
    // The ARIA tabs pattern: only the selected tab is in the Tab order; the arrow keys, Home and
    // End move between tabs.
    let on_tab_key = {
        let state = state.clone();
        let tabs = tabs.clone();
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
                focus_tab(doc);
            }
        })
    };

    html! {
        <section class="policy-pane" aria-label="Policies">
            <div class="pane">
                <div class="pane-head">
                    <h2>{ "Trust policy" }</h2>
                    <span class="arn" title={title.clone()}>{ title.clone() }</span>
                </div>
                { trust }
            </div>
            <div class="pane">
                <div class="pane-head">
                    <h2>{ "Permissions" }</h2>
                    <div class="tabs">
                        <div class="tablist" role="tablist" aria-label="Permission policies" onkeydown={on_tab_key}>
                            { for tab_buttons }
                        </div>
                        if identity.is_some() {
                            <button class="tab add" onclick={add_policy} title="Add a permission policy">{ "+ policy" }</button>
                            <crate::components::managed_picker::ManagedPicker identity={index} />
                        }
                        { add_boundary }
                    </div>
                </div>
                <div role="tabpanel" id={PANEL_ID} aria-labelledby={current.map(tab_id)}>
                    { right }
                </div>
            </div>
        </section>
    }
}

/// The id of the permission editor's tab panel.
const PANEL_ID: &str = "permission-panel";

/// The element id of the tab of `doc`.
fn tab_id(doc: DocRef) -> String {
    let path: String = doc
        .path()
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect();
    format!("tab-{path}")
}

/// Moves the keyboard focus to the tab of `doc` once it is rendered.
fn focus_tab(doc: DocRef) {
    let id = tab_id(doc);
    gloo_timers::callback::Timeout::new(0, move || {
        if let Some(el) = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.get_element_by_id(&id))
            .and_then(|el| el.dyn_into::<web_sys::HtmlElement>().ok())
        {
            let _ = el.focus();
        }
    })
    .forget();
}
