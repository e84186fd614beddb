//! The scenario sidebar: identities, resources, organization policies and requests, each with
//! add, rename and remove. The selected item of each list shows its name field.

use std::rc::Rc;

use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::components::entity_details::{IdentityDetails, ResourceDetails};
use crate::components::organization::OrganizationSettings;
use crate::docref::DocRef;
use crate::docref::short_arn;
use crate::outcome::Verdict;
use crate::state::{Action, StateContext};
use rolecall_core::scenario::Scenario;
use rolecall_core::scenario::model::{
    Identity, NamedDocument, OrgPolicy, Organization, PolicyDocument, PrincipalSpec, Resource,
    ScenarioRequest,
};

const ALLOW_ALL: &str = "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\n      \"Effect\": \"Allow\",\n      \"Action\": \"*\",\n      \"Resource\": \"*\"\n    }\n  ]\n}";
const EMPTY_TRUST: &str = "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\n      \"Effect\": \"Allow\",\n      \"Principal\": { \"AWS\": \"arn:aws:iam::111111111111:root\" },\n      \"Action\": \"sts:AssumeRole\"\n    }\n  ]\n}";
const EMPTY_POLICY: &str = "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n  ]\n}";

fn update(state: &StateContext, edit: impl Fn(&mut Scenario) + 'static) {
    state.dispatch(Action::Update(Rc::new(edit)));
}

/// One list entry: a select button, and when selected a rename field and a remove button.
struct Item {
    key: String,
    title: String,
    badge: Option<Html>,
    selected: bool,
    on_select: Callback<MouseEvent>,
    /// Text fields shown when the item is selected: value, accessible name, on input.
    fields: Vec<(String, &'static str, Callback<String>)>,
    on_remove: Callback<MouseEvent>,
}

fn item_view(item: Item) -> Html {
    let selected = item.selected;
    let rename = item.fields.into_iter().filter(|_| selected).map(|(value, label, cb)| {
        let oninput = Callback::from(move |e: InputEvent| cb.emit(e.target_unchecked_into::<HtmlInputElement>().value()));
        html! { <input class="rename" {value} {oninput} aria-label={label} title={label} spellcheck="false" /> }
    });
    html! {
        <li key={item.key} class={classes!(item.selected.then_some("selected"))}>
            <div class="item-row">
                <button class="item" onclick={item.on_select} aria-current={item.selected.then_some("true")}
                    title={item.title.clone()}>{ item.title.clone() }{ item.badge }</button>
                <button class="icon" onclick={item.on_remove} aria-label={format!("remove {}", item.title)} title="Remove">{ "×" }</button>
            </div>
            { for rename }
        </li>
    }
}

fn section(title: &'static str, items: Vec<Item>, adds: Html) -> Html {
    html! {
        <section class="side-section" aria-label={title}>
            <h2>{ title }</h2>
            <ul>{ for items.into_iter().map(item_view) }</ul>
            <div class="adds">{ adds }</div>
        </section>
    }
}

fn add_button(state: &StateContext, label: &'static str, edit: fn(&mut Scenario)) -> Html {
    let state = state.clone();
    let onclick = Callback::from(move |_| update(&state, edit));
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
            let pick = if rcp { rcps_of } else { scps_of };
            let st = state.clone();
            let rename = Callback::from(move |name: String| {
                update(&st, move |s| {
                    if let Some(p) = s.organization.as_mut().and_then(|o| pick(o).get_mut(index)) {
                        p.name.clone_from(&name);
                    }
                });
            });
            let st = state.clone();
            let retarget = Callback::from(move |target: String| {
                update(&st, move |s| {
                    if let Some(p) = s.organization.as_mut().and_then(|o| pick(o).get_mut(index)) {
                        p.target.clone_from(&target);
                    }
                });
            });
            let st = state.clone();
            let on_remove = Callback::from(move |_| {
                update(&st, move |s| {
                    if let Some(o) = s.organization.as_mut()
                        && index < pick(o).len()
                    {
                        pick(o).remove(index);
                    }
                });
            });
            let st = state.clone();
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
                on_select: Callback::from(move |_| st.dispatch(Action::SelectDoc(doc))),
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

/// Renames identity `index` and every reference to its old ARN: request principals, assume
/// hops and group memberships (plain bookkeeping of the scenario's names).
fn rename_identity(s: &mut Scenario, index: usize, arn: &str) {
    let Some(old) = s.identities.get(index).map(|x| x.arn.clone()) else {
        return;
    };
    for identity in &mut s.identities {
        for group in &mut identity.groups {
            if *group == old {
                *group = arn.to_owned();
            }
        }
    }
    if let Some(x) = s.identities.get_mut(index) {
        arn.clone_into(&mut x.arn);
    }
    if old.is_empty() {
        return;
    }
    for request in &mut s.requests {
        if let PrincipalSpec::Arn(p) = &mut request.principal
            && *p == old
        {
            arn.clone_into(p);
        }
        for hop in &mut request.assume {
            if hop.role == old {
                arn.clone_into(&mut hop.role);
            }
        }
    }
}

fn scps_of(o: &mut Organization) -> &mut Vec<OrgPolicy> {
    &mut o.scps
}

fn rcps_of(o: &mut Organization) -> &mut Vec<OrgPolicy> {
    &mut o.rcps
}

/// Props of [`Sidebar`].
#[derive(Properties, PartialEq)]
pub struct SidebarProps {}

/// The sidebar.
#[component]
pub fn Sidebar(_props: &SidebarProps) -> Html {
    let Some(state) = use_context::<StateContext>() else {
        return html! {};
    };
    let scenario = &state.scenario;

    let identities = scenario
        .identities
        .iter()
        .enumerate()
        .map(|(i, identity)| {
            let st = state.clone();
            let rename = Callback::from(move |arn: String| {
                update(&st, move |s| rename_identity(s, i, &arn))
            });
            let st = state.clone();
            let on_remove = Callback::from(move |_| {
                update(&st, move |s| {
                    if i < s.identities.len() {
                        s.identities.remove(i);
                    }
                })
            });
            let st = state.clone();
            let kind = if crate::engine::is_role(identity) {
                "role"
            } else {
                "identity"
            };
            Item {
                key: format!("id{i}"),
                title: short_arn(&identity.arn).to_owned(),
                badge: Some(html! { <span class="kind">{ kind }</span> }),
                selected: state.identity == i,
                on_select: Callback::from(move |_| st.dispatch(Action::SelectIdentity(i))),
                fields: vec![(identity.arn.clone(), "identity ARN", rename)],
                on_remove,
            }
        })
        .collect();
    let identity_adds = html! {
        <>
            { add_button(&state, "+ user", |s| s.identities.push(Identity {
                arn: format!("arn:aws:iam::111111111111:user/user{}", s.identities.len() + 1),
                policies: vec![NamedDocument { name: "Inline".to_owned(), document: PolicyDocument::object(EMPTY_POLICY) }],
                ..Identity::default()
            })) }
            { add_button(&state, "+ role", |s| s.identities.push(Identity {
                arn: format!("arn:aws:iam::111111111111:role/Role{}", s.identities.len() + 1),
                trust_policy: Some(PolicyDocument::object(EMPTY_TRUST)),
                policies: vec![NamedDocument { name: "Permissions".to_owned(), document: PolicyDocument::object(EMPTY_POLICY) }],
                ..Identity::default()
            })) }
        </>
    };

    let current = state.right_doc();
    let resources = scenario
        .resources
        .iter()
        .enumerate()
        .map(|(r, resource)| {
            let doc = DocRef::Resource { resource: r };
            let st = state.clone();
            let rename = Callback::from(move |arn: String| {
                update(&st, move |s| {
                    if let Some(x) = s.resources.get_mut(r) {
                        x.arn.clone_from(&arn);
                    }
                })
            });
            let st = state.clone();
            let on_remove = Callback::from(move |_| {
                update(&st, move |s| {
                    if r < s.resources.len() {
                        s.resources.remove(r);
                    }
                })
            });
            let st = state.clone();
            let has_policy = resource.policy.is_some();
            Item {
                key: format!("res{r}"),
                title: short_arn(&resource.arn).to_owned(),
                badge: (!has_policy).then(|| html! { <span class="kind">{ "no policy" }</span> }),
                selected: current == Some(doc),
                // Selecting shows the resource; its policy is only added on request, so that
                // looking never changes the scenario.
                on_select: Callback::from(move |_| st.dispatch(Action::SelectDoc(doc))),
                fields: vec![(resource.arn.clone(), "resource ARN", rename)],
                on_remove,
            }
        })
        .collect();
    let resource_adds = add_button(&state, "+ resource", |s| {
        s.resources.push(Resource {
            arn: format!("arn:aws:s3:::bucket-{}", s.resources.len() + 1),
            policy: Some(PolicyDocument::object(EMPTY_POLICY)),
            ..Resource::default()
        })
    });

    let mut org = org_items(&state, false);
    org.extend(org_items(&state, true));
    let org_adds = html! {
        <>
            { add_button(&state, "+ SCP", |s| s.organization.get_or_insert_with(Organization::default).scps.push(OrgPolicy {
                name: "FullAWSAccess".to_owned(), target: "r-root".to_owned(), document: PolicyDocument::object(ALLOW_ALL)
            })) }
            { add_button(&state, "+ RCP", |s| s.organization.get_or_insert_with(Organization::default).rcps.push(OrgPolicy {
                name: "RCPFullAWSAccess".to_owned(), target: "r-root".to_owned(), document: PolicyDocument::object(ALLOW_ALL)
            })) }
        </>
    };

    let requests = scenario.requests.iter().enumerate().map(|(q, request)| {
        let result = state.outcome.requests.get(q);
        let badge = result.and_then(|r| {
            let verdict = r.verdict?;
            let mark = match r.passed {
                Some(true) => html! { <span class="expect met" aria-label="expectation met">{ "✓" }</span> },
                Some(false) => html! { <span class="expect unmet" aria-label="expectation not met">{ "✗" }</span> },
                None => html! {},
            };
            Some(html! { <>{ mark }<span class={classes!("dot", verdict.attr())} title={verdict.words()}>{ short_verdict(verdict) }</span></> })
        });
        let st = state.clone();
        let rename = Callback::from(move |name: String| update(&st, move |s| {
            if let Some(x) = s.requests.get_mut(q) {
                x.name.clone_from(&name);
            }
        }));
        let st = state.clone();
        let on_remove = Callback::from(move |_| update(&st, move |s| {
            if q < s.requests.len() {
                s.requests.remove(q);
            }
        }));
        let st = state.clone();
        Item {
            key: format!("req{q}"),
            title: if request.name.is_empty() { format!("request {}", q + 1) } else { request.name.clone() },
            badge,
            selected: state.request == q,
            on_select: Callback::from(move |_| st.dispatch(Action::SelectRequest(q))),
            fields: vec![(request.name.clone(), "request name", rename)],
            on_remove,
        }
    }).collect();
    let request_adds = {
        let st = state.clone();
        let onclick = Callback::from(move |_| {
            let copy = st.scenario.requests.get(st.request).cloned();
            let count = st.scenario.requests.len();
            update(&st, move |s| {
                let mut r = copy.clone().unwrap_or_default();
                r.name = format!("request {}", s.requests.len() + 1);
                s.requests.push(ScenarioRequest { expect: None, ..r });
            });
            st.dispatch(Action::SelectRequest(count));
        });
        html! { <button class="add" {onclick}>{ "+ request" }</button> }
    };

    html! {
        <nav class="sidebar" aria-label="Scenario">
            { section("Requests", requests, request_adds) }
            { section("Identities", identities, identity_adds) }
            <IdentityDetails />
            { section("Resources", resources, resource_adds) }
            <ResourceDetails />
            { section("Organization", org, org_adds) }
            <OrganizationSettings />
        </nav>
    }
}

const fn short_verdict(v: Verdict) -> &'static str {
    match v {
        Verdict::Allowed => "allow",
        Verdict::ImplicitDeny => "deny",
        Verdict::ExplicitDeny => "DENY",
        Verdict::NotEvaluated => "—",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rolecall_core::scenario::model::AssumeHop;

    #[test]
    fn renaming_an_identity_follows_its_references() {
        let role = "arn:aws:iam::1:role/A".to_owned();
        let mut s = Scenario {
            identities: vec![Identity {
                arn: role.clone(),
                ..Identity::default()
            }],
            requests: vec![ScenarioRequest {
                principal: PrincipalSpec::Arn(role.clone()),
                assume: vec![AssumeHop {
                    role: role.clone(),
                    ..AssumeHop::default()
                }],
                ..ScenarioRequest::default()
            }],
            ..Scenario::default()
        };
        rename_identity(&mut s, 0, "arn:aws:iam::1:role/B");
        assert_eq!(s.identities[0].arn, "arn:aws:iam::1:role/B");
        assert_eq!(
            s.requests[0].principal,
            PrincipalSpec::Arn("arn:aws:iam::1:role/B".to_owned())
        );
        assert_eq!(s.requests[0].assume[0].role, "arn:aws:iam::1:role/B");
    }
}
