//! The request panel: principal, assume chain, action, resource, context and expectation of the
//! selected request.

use std::rc::Rc;

use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use crate::components::hops::HopList;
use crate::components::kv_table::KvTable;
use crate::components::principal::{PrincipalPicker, pairs, to_map};
use crate::state::{Action, StateContext};
use rolecall_core::scenario::model::{Expectation, PrincipalSpec, ScenarioRequest};

/// Dispatches an edit of request `index`.
pub fn update_request(
    state: &StateContext,
    index: usize,
    edit: impl Fn(&mut ScenarioRequest) + 'static,
) {
    state.dispatch(Action::Update(Rc::new(move |s| {
        if let Some(r) = s.requests.get_mut(index) {
            edit(r);
        }
    })));
}

fn text_field(
    state: &StateContext,
    index: usize,
    label: &'static str,
    testid: &'static str,
    value: &str,
    placeholder: &'static str,
    set: fn(&mut ScenarioRequest, String),
) -> Html {
    let oninput = {
        let state = state.clone();
        Callback::from(move |e: InputEvent| {
            let text = e.target_unchecked_into::<HtmlInputElement>().value();
            update_request(&state, index, move |r| set(r, text.clone()));
        })
    };
    html! {
        <label class="field">
            <span>{ label }</span>
            <input value={value.to_owned()} {oninput} data-testid={testid} spellcheck="false" {placeholder} />
        </label>
    }
}

/// Props of [`RequestPanel`].
#[derive(Properties, PartialEq)]
pub struct RequestPanelProps {}

/// The panel.
#[component]
pub fn RequestPanel(_props: &RequestPanelProps) -> Html {
    let Some(state) = use_context::<StateContext>() else {
        return html! {};
    };
    let index = state.request;
    let Some(request) = state.scenario.requests.get(index) else {
        let add = {
            let state = state.clone();
            Callback::from(move |_| {
                state.dispatch(Action::Update(Rc::new(|s| {
                    s.requests.push(ScenarioRequest {
                        name: "request 1".to_owned(),
                        ..ScenarioRequest::default()
                    });
                })));
            })
        };
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
            update_request(&state, index, move |r| r.principal = p.clone())
        })
    };
    let on_context = {
        let state = state.clone();
        Callback::from(move |pairs: Vec<(String, String)>| {
            update_request(&state, index, move |r| {
                r.context = to_map(&pairs);
            });
        })
    };
    let on_expect = {
        let state = state.clone();
        Callback::from(move |e: Event| {
            let v = e.target_unchecked_into::<HtmlSelectElement>().value();
            update_request(&state, index, move |r| {
                r.expect = Expectation::from_name(&v)
            });
        })
    };
    let context = pairs(&request.context);
    let derived: Vec<(String, String, String)> = state
        .outcome
        .derived
        .get(index)
        .cloned()
        .unwrap_or_default()
        .into_iter()
        .filter(|(k, _)| {
            !request
                .context
                .iter()
                .any(|(given, _)| given.eq_ignore_ascii_case(k))
        })
        .map(|(k, v)| (k, v, "derived".to_owned()))
        .collect();
    let expect = request.expect.map_or("", |e| {
        Expectation::ALL
            .iter()
            .find(|(x, _)| *x == e)
            .map_or("", |(_, name)| *name)
    });

    html! {
        <section class="request-panel" aria-label="Request">
            <h2>{ "Request" }</h2>
            <PrincipalPicker principal={request.principal.clone()} {suggestions} on_change={on_principal} />
            <HopList />
            <fieldset>
                <legend>{ "Call" }</legend>
                { text_field(&state, index, "Action", "request-action", request.action.as_deref().unwrap_or_default(), "s3:GetObject", |r, v| r.action = (!v.is_empty()).then_some(v)) }
                { text_field(&state, index, "Resource", "request-resource", request.resource.as_deref().unwrap_or_default(), "arn:aws:s3:::bucket/key", |r, v| r.resource = (!v.is_empty()).then_some(v)) }
                <label class="field">
                    <span>{ "Expect" }</span>
                    <select onchange={on_expect} aria-label="Expected decision">
                        { for [("", "no expectation"), ("allowed", "allowed"), ("implicitDeny", "implicit deny"), ("explicitDeny", "explicit deny"), ("denied", "denied (either way)")]
                            .iter().map(|(v, name)| html! { <option value={*v} selected={expect == *v}>{ *name }</option> }) }
                    </select>
                </label>
            </fieldset>
            <fieldset>
                <legend>{ "Context keys" }</legend>
                <KvTable label="Context keys" entries={context} fixed={derived} on_change={on_context} key_hint="aws:SourceIp" />
            </fieldset>
        </section>
    }
}
