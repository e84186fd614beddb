//! The tools above a policy editor: insert a statement from the core's templates for the
//! document's kind, and Format (the core's pretty-printer). Both replace the text through the
//! editor, so Ctrl+Z undoes them; broken JSON is never rewritten (a banner says why).

use web_sys::HtmlSelectElement;
use yew::prelude::*;

use rolecall_core::PolicyKind;
use rolecall_core::scenario::Scenario;
use rolecall_core::scenario::template::{
    StatementTemplate, TemplateContext, format_json, insert_statement, principal_choices,
};

use crate::components::scenario_pick::ScenarioPick;
use crate::docref::{DocRef, DocView};
use crate::state::{Action, Banner, StateContext, use_app_state};

/// The identity or resource a document belongs to (an ARN; empty for organization policies).
fn owner(doc: DocRef, scenario: &Scenario) -> String {
    match doc {
        DocRef::Identity { identity, .. }
        | DocRef::Boundary { identity }
        | DocRef::Trust { identity } => scenario
            .identities
            .get(identity)
            .map(|i| i.arn.clone())
            .unwrap_or_default(),
        DocRef::Resource { resource } => scenario
            .resources
            .get(resource)
            .map(|r| r.arn.clone())
            .unwrap_or_default(),
        DocRef::Session { request, hop } => scenario
            .requests
            .get(request)
            .and_then(|r| r.assume.get(hop))
            .map(|h| h.role.clone())
            .unwrap_or_default(),
        DocRef::SessionArn { .. }
        | DocRef::Scp { .. }
        | DocRef::Rcp { .. }
        | DocRef::Managed { .. }
        | DocRef::VpcEndpoint { .. }
        | DocRef::Line(_) => String::new(),
    }
}

/// The template context of `doc`: its owner's account and, for a role trust statement,
/// another role of the scenario when there is one. In the step view, a document of the shown
/// step gets the step's call, resource and caller, so that an inserted statement is about the
/// step on screen (an Allow of `sts:AssumeRole` on the hop's role, for instance).
fn context(state: &StateContext, doc: DocRef) -> TemplateContext {
    let scenario = &state.scenario;
    let owner = owner(doc, scenario);
    let mut cx = TemplateContext::for_owner(&owner);
    if let Some(other) = scenario
        .identities
        .iter()
        .find(|i| i.is_role() && i.arn != owner)
    {
        cx.role.clone_from(&other.arn);
    }
    let step = state
        .shown_step()
        .filter(|_| state.follows_step())
        .and_then(|i| state.outcome.view.requests.get(state.request)?.steps.get(i))
        .filter(|step| {
            let sides = [&step.identity_side, &step.resource_side, &step.guardrails];
            sides.iter().flat_map(|side| side.iter()).any(|&p| p == doc)
        });
    match step {
        Some(step) => cx.in_step(&step.call, &step.resource, &step.principal),
        None => cx,
    }
}

fn refuse(state: &StateContext, what: &str, why: &str) {
    state.dispatch(Action::ShowBanner(Banner {
        error: true,
        message: format!("Could not {what}: {why}. The policy is unchanged."),
        action: None,
    }));
}

/// Props of [`DocTools`].
#[derive(Properties, PartialEq)]
pub struct DocToolsProps {
    /// The document the tools act on.
    pub doc: DocRef,
}

/// The tool row.
#[component]
pub fn DocTools(props: &DocToolsProps) -> Html {
    let state = use_app_state();
    let doc = props.doc;
    let kind = doc.kind();
    let templates = StatementTemplate::for_kind(kind);
    let on_insert = {
        let state = state.clone();
        Callback::from(move |e: Event| {
            let select = e.target_unchecked_into::<HtmlSelectElement>();
            let chosen = select.selected_index();
            // Back to the prompt, so that the same template can be inserted again.
            select.set_selected_index(0);
            let Some(template) = usize::try_from(chosen - 1)
                .ok()
                .and_then(|i| templates.get(i))
            else {
                return;
            };
            let Some(text) = doc.text(&state.scenario) else {
                return;
            };
            let statement = template.text(kind, &context(&state, doc));
            match insert_statement(text, &statement) {
                Ok(out) => state.dispatch(Action::EditDoc(doc, out)),
                Err(e) => refuse(&state, "insert the statement", &e.to_string()),
            }
        })
    };
    let on_format = {
        let state = state.clone();
        Callback::from(move |_| {
            let Some(text) = doc.text(&state.scenario) else {
                return;
            };
            match format_json(text) {
                Ok(out) => state.dispatch(Action::EditDoc(doc, out)),
                Err(e) => refuse(&state, "format the policy", &e.to_string()),
            }
        })
    };
    // A trust or resource-based policy names principals: pick one of the scenario's.
    let names_principals = matches!(kind, PolicyKind::Trust | PolicyKind::Resource);
    let on_principal = {
        let state = state.clone();
        Callback::from(move |principal: String| {
            let Some(text) = doc.text(&state.scenario) else {
                return;
            };
            let mut cx = context(&state, doc);
            let statement = if kind == PolicyKind::Trust {
                cx.role = principal;
                StatementTemplate::TrustRole.text(kind, &cx)
            } else {
                cx.principal = principal;
                StatementTemplate::Allow.text(kind, &cx)
            };
            match insert_statement(text, &statement) {
                Ok(out) => state.dispatch(Action::EditDoc(doc, out)),
                Err(e) => refuse(&state, "insert the statement", &e.to_string()),
            }
        })
    };
    let label = doc.label(&state.scenario);
    let prompt = if kind == PolicyKind::Trust {
        "+ trust…"
    } else {
        "+ allow a principal…"
    };
    html! {
        <div class="doc-tools" data-testid="doc-tools">
            <select class="insert" onchange={on_insert} aria-label={format!("Insert a statement into {label}")}
                data-testid="insert-statement">
                <option value="" selected=true>{ "+ statement…" }</option>
                { for templates.iter().map(|t| html! { <option value={t.label()}>{ t.label() }</option> }) }
            </select>
            if names_principals {
                <ScenarioPick options={principal_choices(&state.scenario, &owner(doc, &state.scenario))} prompt={prompt}
                    label={format!("Insert a statement naming a principal of the scenario into {label}")}
                    test_id="insert-principal" on_pick={on_principal} />
            }
            <button class="format" onclick={on_format} data-testid="format-button"
                aria-label={format!("Format {label}")} title="Pretty-print the JSON (Ctrl+Z undoes it)">{ "Format" }</button>
        </div>
    }
}
