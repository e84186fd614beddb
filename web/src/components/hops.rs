//! The assume chain of the selected request: one card per hop with its STS call
//! (`AssumeRole`, `GetSessionToken`, `GetFederationToken`) and the fields that call takes (the
//! core's `HopCall::takes`). The common field of each call is shown; the rest (session name,
//! external id, source identity, duration, MFA, tags) are folded until opened or set.

use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use crate::components::kv_table::KvTable;
use crate::components::on_toggle;
use crate::components::scenario_pick::ScenarioPick;
use crate::components::sidebar::use_drawn_in_parts;
use crate::docref::DocRef;
use crate::state::{
    Action, Change, HopEdit, StateContext, dispatch_on, dispatch_typed, dispatch_with,
    use_app_state_shape,
};
use rolecall_core::names::Named;
use rolecall_core::scenario::model::{AssumeHop, HopCall, KeyValues};

/// The change `edit` of hop `hop` of request `request`.
const fn edit_hop(request: usize, hop: usize, edit: HopEdit) -> Change {
    Change::EditHop { request, hop, edit }
}

fn optional_field(
    state: &StateContext,
    request: usize,
    hop: usize,
    label: &'static str,
    value: Option<&String>,
    field: fn(String) -> HopEdit,
) -> Html {
    let oninput = dispatch_typed(state, move |text| edit_hop(request, hop, field(text)));
    html! {
        <label class="field">
            <span>{ label }</span>
            <input value={value.cloned().unwrap_or_default()} {oninput} spellcheck="false"
                aria-label={format!("hop {} {}", hop + 1, label)} />
        </label>
    }
}

fn mfa_box(state: &StateContext, request: usize, hop: usize, checked: bool) -> Html {
    let onchange = dispatch_with(state, move |e: Event| {
        let on = e.target_unchecked_into::<HtmlInputElement>().checked();
        edit_hop(request, hop, HopEdit::Mfa(on)).into()
    });
    html! {
        <label class="check">
            <input type="checkbox" {checked} {onchange} aria-label={format!("hop {} passes an MFA code", hop + 1)} />
            { " MFA code passed (SerialNumber, TokenCode)" }
        </label>
    }
}

/// The names of the folded fields of `hop` that are set, as a reader sees them.
fn folded_set(hop: &AssumeHop) -> Vec<&'static str> {
    [
        (
            "session name",
            hop.session_name.as_deref().is_some_and(|n| n != "session"),
        ),
        ("external id", hop.external_id.is_some()),
        ("source identity", hop.source_identity.is_some()),
        ("duration", hop.duration_seconds.is_some()),
        ("MFA", hop.mfa && hop.call != HopCall::GetSessionToken),
        ("session tags", !hop.session_tags.is_empty()),
    ]
    .into_iter()
    .filter_map(|(name, set)| set.then_some(name))
    .collect()
}

/// Props of [`HopCard`].
#[derive(Properties, PartialEq)]
struct HopCardProps {
    request: usize,
    hop: usize,
    value: AssumeHop,
    /// The roles of the scenario, for the role picker.
    roles: Vec<String>,
    /// Whether the chain is longer than [`AUTO_OPEN_HOPS`].
    long_chain: bool,
}

/// The longest chain whose hops open their folded fields by themselves when one is set. A
/// hostile link of 50 hops with 40 session tags each drew 4,400 text boxes at once, blocking
/// the page for about a second; past this length each hop stays folded until opened.
const AUTO_OPEN_HOPS: usize = 5;

/// The hop cards a render adds at most: the first render of a long chain draws this many and
/// each later task the next as many. Drawing all 50 hops of a hostile link's chain in the render
/// that opens it made that render one task of 270-330 ms at load 3-7 (issue 14: no task over
/// 100 ms); with 10 at once it was 170 ms, most of it the sidebar's 51 identities.
const HOPS_AT_ONCE: usize = AUTO_OPEN_HOPS;

/// One hop.
#[component]
fn HopCard(props: &HopCardProps) -> Html {
    let state = use_app_state_shape();
    let (request, h, hop) = (props.request, props.hop, &props.value);
    let set = folded_set(hop);
    // The folded part opens by itself when one of its fields is set (a session name, which
    // every call has, only names the session), unless the chain is long; the user's toggle
    // wins. Folded fields are drawn only once opened.
    let open = use_state(|| !props.long_chain && set.iter().any(|f| *f != "session name"));
    // In a long chain the role picker gets its options when it is first reached (pointer or
    // keyboard focus): a hostile link's 50 hops with a picker of 50 roles each drew 2,500
    // options at once (issue 14).
    let picker_filled = use_state(|| !props.long_chain);
    let fill_picker = {
        let picker_filled = picker_filled.clone();
        move || {
            if !*picker_filled {
                picker_filled.set(true);
            }
        }
    };
    let on_picker_focus = {
        let fill = fill_picker.clone();
        Callback::from(move |_: FocusEvent| fill())
    };
    let on_picker_pointer = Callback::from(move |_: PointerEvent| fill_picker());
    let picker_options = if *picker_filled {
        props.roles.clone()
    } else {
        // Until then, one option: the hop's own role when it is one of the scenario's.
        let own = props.roles.iter().find(|arn| **arn == hop.role);
        own.or(props.roles.first()).cloned().into_iter().collect()
    };
    let on_toggle = on_toggle(&open);
    let call = hop.call;
    let on_call = {
        let state = state.clone();
        Callback::from(move |e: Event| {
            let name = e.target_unchecked_into::<HtmlSelectElement>().value();
            if let Some(call) = HopCall::from_name(&name) {
                state.dispatch(edit_hop(request, h, HopEdit::Call(call)).into());
            }
        })
    };
    let on_role = dispatch_typed(&state, move |text| {
        edit_hop(request, h, HopEdit::Role(text))
    });
    let on_pick_role = dispatch_with(&state, move |arn| {
        edit_hop(request, h, HopEdit::Role(arn)).into()
    });
    let on_tags = dispatch_with(&state, move |pairs| {
        edit_hop(request, h, HopEdit::SessionTags(KeyValues(pairs))).into()
    });
    let on_remove = dispatch_on(&state, move || Change::RemoveHop { request, hop: h }.into());
    let session_doc = DocRef::Session { request, hop: h };
    let session_button = if hop.session_policy.is_some() {
        let onclick = dispatch_on(&state, move || Action::SelectDoc(session_doc));
        let remove = dispatch_on(&state, move || {
            edit_hop(request, h, HopEdit::RemoveSessionPolicy).into()
        });
        html! {
            <>
                <button {onclick}>{ "Edit session policy" }</button>
                <button onclick={remove}>{ "Remove session policy" }</button>
            </>
        }
    } else {
        let onclick = dispatch_on(&state, move || {
            edit_hop(request, h, HopEdit::AddSessionPolicy).into()
        });
        html! { <button {onclick}>{ "Add session policy" }</button> }
    };
    let tags: Vec<(String, String)> = hop
        .session_tags
        .iter()
        .map(|(k, v)| (k.to_owned(), v.clone()))
        .collect();
    let takes = |field: &str| call.takes(field);
    let summary = if set.is_empty() {
        "More parameters".to_owned()
    } else {
        format!("More parameters ({})", set.join(", "))
    };

    html! {
        <li class="hop">
            <div class="hop-head">
                <strong>{ format!("Hop {}", h + 1) }</strong>
                <select onchange={on_call} aria-label={format!("hop {} STS call", h + 1)} data-testid="hop-call">
                    { for HopCall::ALL.iter().map(|(c, name)| html! {
                        <option value={*name} selected={*c == call}>{ *name }</option>
                    }) }
                </select>
                <button class="icon" onclick={on_remove} aria-label={format!("remove hop {}", h + 1)} title="Remove hop">{ "×" }</button>
            </div>
            <p class="hint">{ format!("Gives {}.", call.gives()) }</p>
            if takes("role") {
                <label class="field">
                    <span>{ "Role ARN" }</span>
                    <input value={hop.role.clone()} oninput={on_role} list="rc-roles" spellcheck="false"
                        aria-label={format!("hop {} role ARN", h + 1)} />
                </label>
                if !props.roles.is_empty() {
                    <div class="hop-pick" onfocusin={on_picker_focus} onpointerdown={on_picker_pointer}>
                        <ScenarioPick options={picker_options} prompt="Pick a role of the scenario…"
                            label={format!("hop {} role from the scenario", h + 1)} test_id="hop-role-pick" on_pick={on_pick_role} />
                    </div>
                }
            }
            if takes("name") {
                { optional_field(&state, request, h, "Name", hop.name.as_ref(), HopEdit::Name) }
            }
            if call == HopCall::GetSessionToken {
                { mfa_box(&state, request, h, hop.mfa) }
            }
            if takes("sessionPolicy") {
                <div class="row">{ session_button }</div>
            }
            <details class="more" open={*open} ontoggle={on_toggle}>
                <summary>{ summary }</summary>
                if *open {
                if takes("sessionName") {
                    { optional_field(&state, request, h, "Session name", hop.session_name.as_ref(), HopEdit::SessionName) }
                }
                if takes("externalId") {
                    { optional_field(&state, request, h, "External id", hop.external_id.as_ref(), HopEdit::ExternalId) }
                }
                if takes("sourceIdentity") {
                    { optional_field(&state, request, h, "Source identity", hop.source_identity.as_ref(), HopEdit::SourceIdentity) }
                }
                { optional_field(&state, request, h, "Duration (s)", hop.duration_seconds.map(|d| d.to_string()).as_ref(),
                    HopEdit::Duration) }
                if takes("mfa") && call != HopCall::GetSessionToken {
                    { mfa_box(&state, request, h, hop.mfa) }
                }
                if takes("sessionTags") {
                    <KvTable label={format!("hop {} session tags", h + 1)} entries={tags} on_change={on_tags} key_hint="project" />
                }
                }
            </details>
        </li>
    }
}

/// The chain editor.
#[component]
pub fn HopList() -> Html {
    let state = use_app_state_shape();
    let request = state.request;
    let Some(req) = state.scenario.requests.get(request) else {
        return html! {};
    };
    let roles: Vec<String> = state
        .scenario
        .identities
        .iter()
        .filter(|i| i.is_role())
        .map(|i| i.arn.clone())
        .collect();
    let long_chain = req.assume.len() > AUTO_OPEN_HOPS;
    // How many cards are drawn, for this scenario and request: a new one starts again.
    let count = use_drawn_in_parts((state.generation, request), req.assume.len(), HOPS_AT_ONCE);
    let cards = req.assume.iter().enumerate().take(count).map(|(h, hop)| {
        html! {
            <HopCard key={format!("{}:{request}:{h}", state.generation)} {request} hop={h} value={hop.clone()} roles={roles.clone()} {long_chain} />
        }
    });
    let on_add = dispatch_on(&state, move || Change::AddHop(request).into());

    html! {
        <fieldset class="hops">
            <legend>{ "Assume chain" }</legend>
            if req.assume.is_empty() {
                <p class="hint">{ "The principal calls the action directly." }</p>
            }
            <ol>{ for cards }</ol>
            <button onclick={on_add}>{ "+ Add a hop" }</button>
            <datalist id="rc-roles">
                { for roles.iter().map(|arn| html! { <option value={arn.clone()} /> }) }
            </datalist>
        </fieldset>
    }
}
