//! The request panel: principal, assume chain, action, resource, context and expectation of the
//! selected request.

use web_sys::HtmlSelectElement;
use yew::prelude::*;

use crate::components::hops::HopList;
use crate::components::kv_table::KvTable;
use crate::components::on_toggle;
use crate::components::principal::{PrincipalPicker, pairs, to_map};
use crate::state::{
    Change, RequestEdit, StateContext, dispatch_on, dispatch_typed, use_app_state_but_typing,
};
use rolecall_core::scenario::model::{Expect, PrincipalSpec, StepRef};

/// Dispatches a change of a field of request `request`.
fn edit_request(state: &StateContext, request: usize, edit: RequestEdit) {
    state.dispatch(Change::EditRequest { request, edit }.into());
}

/// Dispatches the expectation of request `request`.
fn set_expectation(state: &StateContext, request: usize, expect: Option<Expect>) {
    state.dispatch(Change::SetExpectation { request, expect }.into());
}

fn text_field(
    state: &StateContext,
    index: usize,
    label: &'static str,
    testid: &'static str,
    value: &str,
    placeholder: &'static str,
    field: fn(String) -> RequestEdit,
) -> Html {
    let oninput = dispatch_typed(state, move |text| Change::EditRequest {
        request: index,
        edit: field(text),
    });
    // A value far longer than any AWS name (a hostile link's 250 KB resource) would take the
    // browser a long task to lay out in a text box: it is shown cut, read-only, and can be
    // cleared; the scenario keeps it whole (see `clip.rs`).
    if value.len() > LONG_VALUE {
        let onclick = {
            let state = state.clone();
            Callback::from(move |_| edit_request(&state, index, field(String::new())))
        };
        let chars = value.chars().count();
        return html! {
            <div class="field">
                <label>
                    <span>{ label }</span>
                    <input value={crate::clip::clip(value).into_owned()} readonly=true data-testid={testid} spellcheck="false" />
                </label>
                <p class="hint" data-testid="long-value">
                    { format!("{chars} characters: too long to edit here, so it is shown cut (the scenario keeps it whole). ") }
                    <button type="button" {onclick}>{ format!("Clear the {}", label.to_lowercase()) }</button>
                </p>
            </div>
        };
    }
    html! {
        <label class="field">
            <span>{ label }</span>
            <input value={value.to_owned()} {oninput} data-testid={testid} spellcheck="false" {placeholder} />
        </label>
    }
}

/// The longest request field edited in a text box, in bytes.
const LONG_VALUE: usize = crate::clip::MAX_EDITED;

/// The panel.
#[component]
pub fn RequestPanel() -> Html {
    let state = use_app_state_but_typing();
    crate::state::counted("request-panel");
    let index = state.request;
    let context_open = use_state(|| false);
    let on_context_toggle = on_toggle(&context_open);
    let Some(request) = state.scenario.requests.get(index) else {
        let add = dispatch_on(&state, || Change::AddRequest.into());
        return html! {
            <section class="request-panel" aria-label="Request">
                <p>{ "This scenario has no request yet." }</p>
                <button onclick={add}>{ "Add a request" }</button>
            </section>
        };
    };

    let suggestions: Vec<String> = state
        .scenario
        .identities
        .iter()
        .map(|i| i.arn.clone())
        .collect();
    let on_principal = {
        let state = state.clone();
        Callback::from(move |p: PrincipalSpec| {
            edit_request(&state, index, RequestEdit::Principal(p));
        })
    };
    let on_context = {
        let state = state.clone();
        Callback::from(move |pairs: Vec<(String, String)>| {
            edit_request(&state, index, RequestEdit::Context(to_map(&pairs)));
        })
    };
    let current = request.expect;
    let on_expect = {
        let state = state.clone();
        Callback::from(move |e: Event| {
            let v = e.target_unchecked_into::<HtmlSelectElement>().value();
            set_expectation(&state, index, Expect::choose(current, &v));
        })
    };
    let on_at = {
        let state = state.clone();
        Callback::from(move |e: Event| {
            let v = e.target_unchecked_into::<HtmlSelectElement>().value();
            let expect = current.map(|c| Expect {
                at: StepRef::parse(&v),
                ..c
            });
            set_expectation(&state, index, expect);
        })
    };
    // The steps this request has, named as in the format (`hop 1`, `action`).
    let steps: Vec<String> = request.steps().iter().map(ToString::to_string).collect();
    let at = current
        .and_then(|c| c.at)
        .map(|a| a.to_string())
        .unwrap_or_default();
    let can_name_step = current.is_some_and(|c| c.decision.names_a_step());
    let context = pairs(&request.context);
    // The core lists the keys it derived, minus those the request gives itself.
    let derived: Vec<(String, String, String)> = state
        .outcome
        .view
        .requests
        .get(index)
        .map(|r| r.derived.clone())
        .unwrap_or_default()
        .into_iter()
        .map(|(k, v)| (k, v, "derived".to_owned()))
        .collect();
    let expect = request.expect.map_or("", Expect::name);

    html! {
        <section class="request-panel" aria-label="Request">
            <h2>{ "Request" }</h2>
            <PrincipalPicker principal={request.principal.clone()} {suggestions} on_change={on_principal} />
            <HopList />
            <fieldset>
                <legend>{ "Call" }</legend>
                { text_field(&state, index, "Action", "request-action", request.action.as_deref().unwrap_or_default(), "s3:GetObject", RequestEdit::Action) }
                { text_field(&state, index, "Resource", "request-resource", request.resource.as_deref().unwrap_or_default(), "arn:aws:s3:::bucket/key", RequestEdit::Resource) }
                <label class="field">
                    <span>{ "Expect" }</span>
                    <select onchange={on_expect} aria-label="Expected decision" data-testid="expect">
                        { for Expect::choices().into_iter().map(|(v, label)| html! { <option value={v} selected={expect == v}>{ label }</option> }) }
                    </select>
                </label>
                <label class="field">
                    <span>{ "Decided at" }</span>
                    <select onchange={on_at} aria-label="Expected deciding step" data-testid="expect-at" disabled={!can_name_step}>
                        <option value="" selected={at.is_empty()}>{ "any step" }</option>
                        { for steps.iter().map(|s| html! { <option value={s.clone()} selected={at == *s}>{ s.clone() }</option> }) }
                    </select>
                </label>
            </fieldset>
            // Folded until opened or a key is given: most requests need none.
            <details class="more context" open={*context_open || !context.is_empty()} ontoggle={on_context_toggle}>
                <summary>{ format!("Context keys ({} given, {} derived)", context.len(), derived.len()) }</summary>
                <KvTable label="Context keys" entries={context} fixed={derived} on_change={on_context} key_hint="aws:SourceIp" />
            </details>
        </section>
    }
}
