//! The scenario sidebar: identities, resources, customer managed policies, organization
//! policies and requests, each with add, rename and remove. The selected item of each list shows its name field.

use wasm_bindgen::JsCast;
use web_sys::HtmlInputElement;
use yew::prelude::*;

use rolecall_core::scenario::arn;

use crate::components::commit_field::CommitField;
use crate::components::entity_details::{IdentityDetails, ResourceDetails};
use crate::components::identity_search::{self, IdentitySearch, Query};
use crate::components::organization::OrganizationSettings;
use crate::docref::DocRef;
use crate::state::{
    Action, Change, NewIdentity, OrgList, StateContext, dispatch_on, dispatch_with,
    use_app_state_but_typing,
};

/// The element id of the first field of list entry `key` (shown when it is selected).
fn field_id(key: &str) -> String {
    format!("rc-field-{key}")
}

/// Moves the keyboard focus to the first field of list entry `key` once it is rendered (a new
/// identity, resource or request is selected, and what is typed next goes into its name).
fn focus_field(key: String) {
    gloo_timers::callback::Timeout::new(0, move || {
        if let Some(input) = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.get_element_by_id(&field_id(&key)))
            .and_then(|el| el.dyn_into::<HtmlInputElement>().ok())
        {
            let _ = input.focus();
            input.select();
        }
    })
    .forget();
}

/// One list entry: a select button, and when selected a rename field and a remove button.
struct Item {
    key: String,
    title: String,
    badge: Option<Html>,
    selected: bool,
    on_select: Callback<MouseEvent>,
    /// Text fields shown when the item is selected: value, accessible name, on commit (blur or
    /// Enter, see [`CommitField`]).
    fields: Vec<(String, &'static str, Callback<String>)>,
    on_remove: Callback<MouseEvent>,
}

fn item_view(item: Item) -> Html {
    let selected = item.selected;
    let rename = item
        .fields
        .into_iter()
        .enumerate()
        .filter(|_| selected)
        .map(|(n, (value, label, on_commit))| {
            let id = (n == 0).then(|| AttrValue::from(field_id(&item.key)));
            html! { <CommitField value={value} label={label} {id} {on_commit} /> }
        })
        .collect::<Html>();
    html! {
        <li key={item.key} class={classes!(item.selected.then_some("selected"))}>
            <div class="item-row">
                <button class="item" onclick={item.on_select} aria-current={item.selected.then_some("true")}
                    title={item.title.clone()}><span class="item-title">{ item.title.clone() }</span></button>
                // Outside the button, which clips a long name: the badges are never cut off.
                if let Some(badge) = item.badge {
                    <span class="item-badges">{ badge }</span>
                }
                <button class="icon" onclick={item.on_remove} aria-label={format!("remove {}", item.title)} title="Remove">{ "×" }</button>
            </div>
            { rename }
        </li>
    }
}

fn section(title: &'static str, items: Vec<Item>, adds: Html) -> Html {
    section_with(title, html! {}, items, adds)
}

/// A section with something between its title and its list (the identity search), or after
/// its list (a "Show more" button).
fn section_with(title: &'static str, header: Html, items: Vec<Item>, adds: Html) -> Html {
    html! {
        <section class="side-section" aria-label={title}>
            <h2>{ title }</h2>
            { header }
            <ul>{ for items.into_iter().map(item_view) }</ul>
            <div class="adds">{ adds }</div>
        </section>
    }
}

/// The entries of a list of `len` drawn at once: the first `limit` and the selected one (an
/// imported account can hold thousands of customer managed policies or resources).
fn page_of(len: usize, limit: usize, selected: Option<usize>) -> Vec<usize> {
    let mut shown: Vec<usize> = (0..len.min(limit)).collect();
    if let Some(s) = selected.filter(|&s| s >= limit && s < len) {
        shown.push(s);
    }
    shown
}

/// The "Show more" button of a list of `len` entries of which `limit` are drawn (nothing when
/// all are): it draws [`identity_search::SHOWN_AT_MOST`] more.
fn show_more(what: &'static str, len: usize, limit: &UseStateHandle<usize>) -> Html {
    if len <= **limit {
        return html! {};
    }
    let more = (len - **limit).min(identity_search::SHOWN_AT_MOST);
    let onclick = {
        let limit = limit.clone();
        Callback::from(move |_| limit.set(*limit + identity_search::SHOWN_AT_MOST))
    };
    html! {
        <button class="add show-more" data-testid={format!("show-more-{what}")} {onclick}>
            { format!("Show {more} more of {len} {what}") }
        </button>
    }
}

/// A "+ ..." button: dispatches `add`, then focuses the first field of the new entry `key`.
fn add_button(state: &StateContext, label: &'static str, add: Change, key: String) -> Html {
    let state = state.clone();
    let onclick = Callback::from(move |_| {
        state.dispatch(add.clone().into());
        focus_field(key.clone());
    });
    html! { <button class="add" {onclick}>{ label }</button> }
}

fn org_items(state: &StateContext, rcp: bool) -> Vec<Item> {
    let org = state.scenario.organization.clone().unwrap_or_default();
    let list = if rcp { org.rcps } else { org.scps };
    let current = state.right_doc();
    list.iter()
        .enumerate()
        .map(|(index, p)| {
            let doc = if rcp {
                DocRef::Rcp { index }
            } else {
                DocRef::Scp { index }
            };
            let list = if rcp { OrgList::Rcps } else { OrgList::Scps };
            let rename = dispatch_with(state, move |name| {
                Change::RenameOrgPolicy { list, index, name }.into()
            });
            let retarget = dispatch_with(state, move |target| {
                Change::RetargetOrgPolicy {
                    list,
                    index,
                    target,
                }
                .into()
            });
            let on_remove = dispatch_on(state, move || {
                Change::RemoveOrgPolicy { list, index }.into()
            });
            Item {
                key: format!("{}{index}", if rcp { "rcp" } else { "scp" }),
                title: format!(
                    "{} {} → {}",
                    if rcp { "RCP" } else { "SCP" },
                    p.name,
                    p.target
                ),
                badge: None,
                selected: current == Some(doc),
                on_select: dispatch_on(state, move || Action::SelectDoc(doc)),
                fields: vec![
                    (p.name.clone(), "policy name", rename),
                    (
                        p.target.clone(),
                        "attached to (root, OU or account id)",
                        retarget,
                    ),
                ],
                on_remove,
            }
        })
        .collect()
}

/// The customer managed policies (`managedPolicies`): each opens in the editor; its ARN is the
/// field a rename edits (attachments and session `policyArns` follow it).
fn managed_items(state: &StateContext, limit: usize) -> Vec<Item> {
    let current = state.right_doc();
    let selected = match current {
        Some(DocRef::Managed { index }) => Some(index),
        _ => None,
    };
    let policies = &state.scenario.managed_policies;
    page_of(policies.len(), limit, selected)
        .into_iter()
        .filter_map(|index| Some((index, policies.get(index)?)))
        .map(|(index, policy)| {
            let doc = DocRef::Managed { index };
            let rename = dispatch_with(state, move |arn| {
                Change::RenameManagedPolicy { index, arn }.into()
            });
            let on_remove = dispatch_on(state, move || Change::RemoveManagedPolicy(index).into());
            Item {
                key: format!("mp{index}"),
                title: arn::name(&policy.arn).to_owned(),
                badge: None,
                selected: current == Some(doc),
                on_select: dispatch_on(state, move || Action::SelectDoc(doc)),
                fields: vec![(policy.arn.clone(), "managed policy ARN", rename)],
                on_remove,
            }
        })
        .collect()
}

/// The identities a render of the list adds at most: the first render of a scenario draws this
/// many (and the selected one) and each later task the next as many. A hostile link's 50-hop
/// chain names 51 identities; drawing them with the page's first render (about 400 elements)
/// kept that render one task of 175-231 ms at phone width on the quiet 2-core machine (issue 14:
/// no task over 100 ms).
const IDENTITIES_AT_ONCE: usize = 10;

/// How many entries of a list of `len` are drawn for `key` (the scenario's generation, and
/// what else starts the list again), growing by `step` per task until all are (see
/// [`IDENTITIES_AT_ONCE`]); a new key starts again at `step`.
#[hook]
pub(crate) fn use_drawn_in_parts<K>(key: K, len: usize, step: usize) -> usize
where
    K: PartialEq + Copy + 'static,
{
    let drawn = use_state(|| (key, step));
    let count = if drawn.0 == key { drawn.1 } else { step };
    let growing = count < len;
    use_effect_with((growing, key, count), move |&(growing, key, count)| {
        let timeout = growing.then(|| {
            gloo_timers::callback::Timeout::new(0, move || drawn.set((key, count + step)))
        });
        move || drop(timeout)
    });
    count
}

/// The sidebar.
#[component]
pub fn Sidebar() -> Html {
    let state = use_app_state_but_typing();
    crate::state::counted("sidebar");
    let scenario = &state.scenario;

    let query = use_state(Query::default);
    let resource_limit = use_state(|| identity_search::SHOWN_AT_MOST);
    let managed_limit = use_state(|| identity_search::SHOWN_AT_MOST);
    let listed = identity_search::shown(
        &scenario.identities,
        &query,
        state.identity,
        identity_search::SHOWN_AT_MOST,
    );
    let search = if scenario.identities.len() >= identity_search::SEARCH_FROM {
        html! {
            <IdentitySearch query={query.clone()} shown={listed.indexes.len()}
                matching={listed.matching} total={scenario.identities.len()} />
        }
    } else {
        html! {}
    };
    let drawn = use_drawn_in_parts(state.generation, listed.indexes.len(), IDENTITIES_AT_ONCE);
    let identities = listed
        .indexes
        .iter()
        .enumerate()
        // The selected identity is drawn from the start (its ARN field is there to edit).
        .filter(|&(n, &i)| n < drawn || i == state.identity)
        .filter_map(|(_, &i)| scenario.identities.get(i).map(|identity| (i, identity)))
        .map(|(i, identity)| {
            let rename = dispatch_with(&state, move |arn| {
                Change::RenameIdentity { identity: i, arn }.into()
            });
            let on_remove = dispatch_on(&state, move || Change::RemoveIdentity(i).into());
            let kind = if identity.is_role() {
                "role"
            } else {
                "identity"
            };
            Item {
                key: format!("id{i}"),
                title: arn::name(&identity.arn).to_owned(),
                badge: Some(html! { <span class="kind">{ kind }</span> }),
                selected: state.identity == i,
                on_select: dispatch_on(&state, move || Action::SelectIdentity(i)),
                fields: vec![(identity.arn.clone(), "identity ARN", rename)],
                on_remove,
            }
        })
        .collect();
    let next_identity = format!("id{}", scenario.identities.len());
    let identity_adds = html! {
        <>
            { add_button(&state, "+ user", Change::AddIdentity(NewIdentity::User), next_identity.clone()) }
            { add_button(&state, "+ role", Change::AddIdentity(NewIdentity::Role), next_identity) }
        </>
    };

    let current = state.right_doc();
    let selected_resource = match current {
        Some(DocRef::Resource { resource }) => Some(resource),
        _ => None,
    };
    let resources = page_of(scenario.resources.len(), *resource_limit, selected_resource)
        .into_iter()
        .filter_map(|r| Some((r, scenario.resources.get(r)?)))
        .map(|(r, resource)| {
            let doc = DocRef::Resource { resource: r };
            let rename = dispatch_with(&state, move |arn| {
                Change::RenameResource { resource: r, arn }.into()
            });
            let on_remove = dispatch_on(&state, move || Change::RemoveResource(r).into());
            let has_policy = resource.policy.is_some();
            Item {
                key: format!("res{r}"),
                title: arn::name(&resource.arn).to_owned(),
                badge: (!has_policy).then(|| html! { <span class="kind">{ "no policy" }</span> }),
                selected: current == Some(doc),
                // Selecting shows the resource; its policy is only added on request, so that
                // looking never changes the scenario.
                on_select: dispatch_on(&state, move || Action::SelectDoc(doc)),
                fields: vec![(resource.arn.clone(), "resource ARN", rename)],
                on_remove,
            }
        })
        .collect();
    let resource_adds = html! {
        <>
            { show_more("resources", scenario.resources.len(), &resource_limit) }
            { add_button(&state, "+ resource", Change::AddResource, format!("res{}", scenario.resources.len())) }
        </>
    };

    let managed_adds = html! {
        <>
            { show_more("managed policies", scenario.managed_policies.len(), &managed_limit) }
            { add_button(&state, "+ managed policy", Change::AddManagedPolicy, format!("mp{}", scenario.managed_policies.len())) }
        </>
    };

    let mut org_list = org_items(&state, false);
    org_list.extend(org_items(&state, true));
    let org = scenario.organization.as_ref();
    let scps = org.map_or(0, |o| o.scps.len());
    let rcps = org.map_or(0, |o| o.rcps.len());
    let org_adds = html! {
        <>
            { add_button(&state, "+ SCP", Change::AddOrgPolicy(OrgList::Scps), format!("scp{scps}")) }
            { add_button(&state, "+ RCP", Change::AddOrgPolicy(OrgList::Rcps), format!("rcp{rcps}")) }
        </>
    };

    let requests = scenario.requests.iter().enumerate().map(|(q, request)| {
        let result = state.outcome.view.requests.get(q);
        let badge = result.and_then(|r| {
            let verdict = r.decision?;
            let mark = match r.passed {
                Some(true) => html! { <span class="expect met" aria-label="expectation met">{ "✓" }</span> },
                Some(false) => html! { <span class="expect unmet" aria-label="expectation not met">{ "✗" }</span> },
                None => html! {},
            };
            Some(html! { <>{ mark }<span class={classes!("dot", verdict.as_str())} title={verdict.words()}>{ verdict.badge() }</span></> })
        });
        let rename = dispatch_with(&state, move |name| Change::RenameRequest { request: q, name }.into());
        let on_remove = dispatch_on(&state, move || Change::RemoveRequest(q).into());
        Item {
            key: format!("req{q}"),
            title: if request.name.is_empty() { format!("request {}", q + 1) } else { request.name.clone() },
            badge,
            selected: state.request == q,
            on_select: dispatch_on(&state, move || Action::SelectRequest(q)),
            fields: vec![(request.name.clone(), "request name", rename)],
            on_remove,
        }
    }).collect();
    let request_adds = add_button(
        &state,
        "+ request",
        Change::AddRequest,
        format!("req{}", scenario.requests.len()),
    );

    html! {
        <nav class="sidebar" aria-label="Scenario">
            { section("Requests", requests, request_adds) }
            { section_with("Identities", search, identities, identity_adds) }
            <IdentityDetails />
            { section("Resources", resources, resource_adds) }
            <ResourceDetails />
            { section("Managed policies", managed_items(&state, *managed_limit), managed_adds) }
            { section("Organization", org_list, org_adds) }
            <OrganizationSettings />
        </nav>
    }
}
