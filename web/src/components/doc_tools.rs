//! The tools above a policy editor: insert a statement from the core's templates for the
//! document's kind, and Format (the core's pretty-printer). Both replace the text through the
//! editor, so Ctrl+Z undoes them; broken JSON is never rewritten (a banner says why).

use web_sys::HtmlSelectElement;
use yew::prelude::*;

use rolecall_core::scenario::Scenario;
use rolecall_core::scenario::template::{
    StatementTemplate, TemplateContext, format_json, insert_statement,
};

use crate::docref::DocRef;
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
        DocRef::Scp { .. } | DocRef::Rcp { .. } => String::new(),
    }
}

/// The template context of `doc`: its owner's account and, for a role trust statement,
/// another role of the scenario when there is one.
fn context(doc: DocRef, scenario: &Scenario) -> TemplateContext {
    let owner = owner(doc, scenario);
    let mut cx = TemplateContext::for_owner(&owner);
    if let Some(other) = scenario
        .identities
        .iter()
        .find(|i| i.is_role() && i.arn != owner)
    {
        cx.role.clone_from(&other.arn);
    }
    cx
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
            let statement = template.text(kind, &context(doc, &state.scenario));
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
    let label = doc.label(&state.scenario);
    html! {
        <div class="doc-tools" data-testid="doc-tools">
            <select class="insert" onchange={on_insert} aria-label={format!("Insert a statement into {label}")}
                data-testid="insert-statement">
                <option value="" selected=true>{ "+ statement…" }</option>
                { for templates.iter().map(|t| html! { <option value={t.label()}>{ t.label() }</option> }) }
            </select>
            <button class="format" onclick={on_format} data-testid="format-button"
                aria-label={format!("Format {label}")} title="Pretty-print the JSON (Ctrl+Z undoes it)">{ "Format" }</button>
        </div>
    }
}
