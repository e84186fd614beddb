//! The assume chain of the selected request: one card per hop with the role, session name,
//! external id, source identity, session tags and session policy.

use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::components::kv_table::KvTable;
use crate::components::request_panel::update_request;
use crate::docref::DocRef;
use crate::state::{Action, StateContext};
use rolecall_core::scenario::model::{AssumeHop, KeyValues, PolicyDocument};

const EMPTY_SESSION_POLICY: &str = "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\n      \"Effect\": \"Allow\",\n      \"Action\": \"*\",\n      \"Resource\": \"*\"\n    }\n  ]\n}";

fn optional_field(
    state: &StateContext,
    request: usize,
    hop: usize,
    label: &'static str,
    value: Option<&String>,
    set: fn(&mut AssumeHop, Option<String>),
) -> Html {
    let oninput = {
        let state = state.clone();
        Callback::from(move |e: InputEvent| {
            let text = e.target_unchecked_into::<HtmlInputElement>().value();
            update_request(&state, request, move |r| {
                if let Some(h) = r.assume.get_mut(hop) {
                    set(h, (!text.is_empty()).then(|| text.clone()));
                }
            });
        })
    };
    html! {
        <label class="field">
            <span>{ label }</span>
            <input value={value.cloned().unwrap_or_default()} {oninput} spellcheck="false"
                aria-label={format!("hop {} {}", hop + 1, label)} />
        </label>
    }
}

fn mfa_box(state: &StateContext, request: usize, hop: usize, checked: bool) -> Html {
    let onchange = {
        let state = state.clone();
        Callback::from(move |e: Event| {
            let on = e.target_unchecked_into::<HtmlInputElement>().checked();
            update_request(&state, request, move |r| {
                if let Some(h) = r.assume.get_mut(hop) {
                    h.mfa = on;
                }
            });
        })
    };
    html! {
        <label class="check">
            <input type="checkbox" {checked} {onchange} aria-label={format!("hop {} passes an MFA code", hop + 1)} />
            { " MFA code passed (SerialNumber, TokenCode)" }
        </label>
    }
}

/// Props of [`HopList`].
#[derive(Properties, PartialEq)]
pub struct HopListProps {}

/// The chain editor.
#[component]
pub fn HopList(_props: &HopListProps) -> Html {
    let Some(state) = use_context::<StateContext>() else {
        return html! {};
    };
    let request = state.request;
    let Some(req) = state.scenario.requests.get(request) else {
        return html! {};
    };
    let roles: Vec<String> = state
        .scenario
        .identities
        .iter()
        .filter(|i| crate::engine::is_role(i))
        .map(|i| i.arn.clone())
        .collect();

    let cards = req.assume.iter().enumerate().map(|(h, hop)| {
        let on_role = {
            let state = state.clone();
            Callback::from(move |e: InputEvent| {
                let text = e.target_unchecked_into::<HtmlInputElement>().value();
                update_request(&state, request, move |r| {
                    if let Some(hop) = r.assume.get_mut(h) {
                        hop.role.clone_from(&text);
                    }
                });
            })
        };
        let on_tags = {
            let state = state.clone();
            Callback::from(move |pairs: Vec<(String, String)>| {
                let tags = KeyValues(pairs);
                update_request(&state, request, move |r| {
                    if let Some(hop) = r.assume.get_mut(h) {
                        hop.session_tags = tags.clone();
                    }
                });
            })
        };
        let on_remove = {
            let state = state.clone();
            Callback::from(move |_| {
                update_request(&state, request, move |r| {
                    if h < r.assume.len() {
                        r.assume.remove(h);
                    }
                });
            })
        };
        let session_doc = DocRef::Session { request, hop: h };
        let session_button = if hop.session_policy.is_some() {
            let onclick = {
                let state = state.clone();
                Callback::from(move |_| state.dispatch(Action::SelectDoc(session_doc)))
            };
            let remove = {
                let state = state.clone();
                Callback::from(move |_| {
                    update_request(&state, request, move |r| {
                        if let Some(hop) = r.assume.get_mut(h) {
                            hop.session_policy = None;
                        }
                    });
                })
            };
            html! {
                <>
                    <button {onclick}>{ "Edit session policy" }</button>
                    <button onclick={remove}>{ "Remove session policy" }</button>
                </>
            }
        } else {
            let state = state.clone();
            let onclick = Callback::from(move |_| {
                update_request(&state, request, move |r| {
                    if let Some(hop) = r.assume.get_mut(h) {
                        hop.session_policy = Some(PolicyDocument::object(EMPTY_SESSION_POLICY));
                    }
                });
                state.dispatch(Action::SelectDoc(session_doc));
            });
            html! { <button {onclick}>{ "Add session policy" }</button> }
        };
        let tags: Vec<(String, String)> = hop.session_tags.iter().map(|(k, v)| (k.to_owned(), v.clone())).collect();
        html! {
            <li class="hop" key={h}>
                <div class="hop-head">
                    <strong>{ format!("Hop {}: assume role", h + 1) }</strong>
                    <button class="icon" onclick={on_remove} aria-label={format!("remove hop {}", h + 1)} title="Remove hop">{ "×" }</button>
                </div>
                <label class="field">
                    <span>{ "Role ARN" }</span>
                    <input value={hop.role.clone()} oninput={on_role} list="rc-roles" spellcheck="false"
                        aria-label={format!("hop {} role ARN", h + 1)} />
                </label>
                { optional_field(&state, request, h, "Session name", hop.session_name.as_ref(), |h, v| h.session_name = v) }
                { optional_field(&state, request, h, "External id", hop.external_id.as_ref(), |h, v| h.external_id = v) }
                { optional_field(&state, request, h, "Source identity", hop.source_identity.as_ref(), |h, v| h.source_identity = v) }
                { optional_field(&state, request, h, "Duration (s)", hop.duration_seconds.map(|d| d.to_string()).as_ref(),
                    |h, v| h.duration_seconds = v.and_then(|v| v.trim().parse().ok())) }
                { mfa_box(&state, request, h, hop.mfa) }
                <details>
                    <summary>{ format!("Session tags ({})", tags.len()) }</summary>
                    <KvTable label={format!("hop {} session tags", h + 1)} entries={tags} on_change={on_tags} key_hint="project" />
                </details>
                <div class="row">{ session_button }</div>
            </li>
        }
    });
    let on_add = {
        let state = state.clone();
        let first_role = roles.first().cloned().unwrap_or_default();
        Callback::from(move |_| {
            let role = first_role.clone();
            update_request(&state, request, move |r| {
                r.assume.push(AssumeHop {
                    role: role.clone(),
                    session_name: Some("session".to_owned()),
                    ..AssumeHop::default()
                });
            });
        })
    };

    html! {
        <fieldset class="hops">
            <legend>{ "Assume chain" }</legend>
            if req.assume.is_empty() {
                <p class="hint">{ "The principal calls the action directly." }</p>
            }
            <ol>{ for cards }</ol>
            <button onclick={on_add}>{ "+ Assume a role" }</button>
            <datalist id="rc-roles">
                { for roles.iter().map(|arn| html! { <option value={arn.clone()} /> }) }
            </datalist>
        </fieldset>
    }
}
