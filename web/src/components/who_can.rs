//! The "Who can?" view: ask who-can (an action on a resource, or who can assume a role),
//! can-what (a principal) or escalation over the scenario on screen, and see the core's answer
//! as a graph and as a list. Clicking a hop opens its explanation.

use std::cell::RefCell;
use std::rc::Rc;

use rolecall_core::reach::starts::{Start, principals};
use rolecall_core::scenario::Scenario;
use serde::{Deserialize, Serialize};
use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::components::reach_answer::AnswerView;
use crate::reach::{Answer, Question, answer as answer_here};
use crate::state::use_app_state;

/// Which question the view asks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Query {
    WhoCan,
    CanWhat,
    Escalation,
}

impl Query {
    const ALL: [(Self, &'static str); 3] = [
        (Self::WhoCan, "Who can?"),
        (Self::CanWhat, "Can what?"),
        (Self::Escalation, "Escalation"),
    ];
}

fn input_value(e: &InputEvent) -> String {
    e.target_unchecked_into::<HtmlInputElement>().value()
}

fn text_input(
    id: &str,
    label: &str,
    value: &UseStateHandle<String>,
    list: &str,
    hint: &str,
) -> Html {
    let oninput = {
        let value = value.clone();
        Callback::from(move |e: InputEvent| value.set(input_value(&e)))
    };
    html! {
        <label class="field" for={id.to_owned()}>
            <span>{ label }</span>
            <input id={id.to_owned()} data-testid={id.to_owned()} type="text" value={(**value).clone()}
                {oninput} list={list.to_owned()} placeholder={hint.to_owned()} spellcheck="false" />
        </label>
    }
}

/// The most policy text of one identity whose statements are offered as starting points: 32 KiB,
/// three times AWS's largest identity policy (a pasted 2 MB policy listed 20,000 options).
#[cfg(any(feature = "worker", test))]
const STARTS_TEXT: usize = 32 * 1024;
/// The most statements offered as starting points.
#[cfg(any(feature = "worker", test))]
const MAX_STARTS: usize = 50;

/// How long after the last change the starting points are asked for again.
const STARTS_DELAY_MS: u32 = 300;

/// The starting points the core offers for a scenario: computed by the evaluation worker
/// (`starts_json`, `worker_starts`), because they parse the identity's policies and the
/// page's module carries no policy reader (issue 14, a lighter first paint).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Starts {
    /// A statement of the identity `identity` (who else can do what it allows?).
    pub statements: Vec<Start>,
    /// A role (who can assume it?).
    pub roles: Vec<Start>,
}

/// [`Starts`] of `scenario` with the statements of its identity at index `identity`, as JSON.
#[cfg(any(feature = "worker", test))]
#[must_use]
pub fn starts_json(scenario: &Scenario, identity: usize) -> String {
    use rolecall_core::reach::starts::{role_starts, statement_starts};
    let mut statements = scenario
        .identities
        .get(identity)
        .filter(|i| {
            i.policies
                .iter()
                .map(|p| p.document.text.len())
                .sum::<usize>()
                <= STARTS_TEXT
        })
        .map(|i| statement_starts(scenario, &i.arn))
        .unwrap_or_default();
    statements.truncate(MAX_STARTS);
    serde_json::to_string(&Starts {
        statements,
        roles: role_starts(scenario),
    })
    .unwrap_or_default()
}

/// Has the worker build the access graph of `scenario` (revision `revision`) ahead of the
/// questions (`reach::prepare`): the first question then finds it ready, and one asked while
/// it is built waits for it. Nothing without a worker: the page's thread never builds it
/// before a question.
fn prepare_ahead(scenario: &Rc<Scenario>, revision: u64, prepared: &RefCell<Option<u64>>) {
    *prepared.borrow_mut() = Some(revision);
    crate::persist::mark("rolecall:reach-preparing");
    crate::evaluator::reach(scenario, "reach_prepare", "", drop);
}

/// Props of [`WhoCanView`].
#[derive(Properties, PartialEq)]
pub struct WhoCanViewProps {}

/// The view.
#[component]
pub fn WhoCanView(_props: &WhoCanViewProps) -> Html {
    let state = use_app_state();
    let query = use_state(|| Query::WhoCan);
    let action = use_state(String::new);
    let resource = use_state(String::new);
    let principal = use_state(String::new);
    // The answer on screen, with the scenario it answers about.
    let answer = use_state(|| None::<(Rc<Answer>, Rc<Scenario>)>);
    // Whether a question is being answered (in the worker), and how many were asked: an
    // answer to an older question is dropped.
    let pending = use_state(|| false);
    let asked = use_mut_ref(|| 0_u32);
    let scenario = state.scenario.clone();

    // The worker builds the access graph of the scenario ahead of the questions whenever the
    // user turns to the view (the focus, or a press, inside it) and the graph of this revision
    // is not built yet: a question asked right after waits for that build, and one asked later
    // finds it ready. A change made elsewhere (an editor, the title) starts no build until the
    // user comes back: a build of a large account takes seconds of the worker, and the
    // evaluations of what is being typed would wait behind it. A visit that never turns to the
    // view never builds it.
    // The revision the graph was last asked to be built for.
    let prepared = use_mut_ref(|| None::<u64>);
    let open = {
        let (prepared, scenario) = (prepared.clone(), scenario.clone());
        let revision = state.revision;
        move || {
            if *prepared.borrow() != Some(revision) {
                prepare_ahead(&scenario, revision, &prepared);
            }
        }
    };
    let onfocusin = {
        let open = open.clone();
        Callback::from(move |_: FocusEvent| open())
    };
    let onpointerdown = Callback::from(move |_: PointerEvent| open());

    let tabs = Query::ALL.iter().map(|(q, label)| {
        let selected = *query == *q;
        let onclick = {
            let (query, answer, pending, asked) =
                (query.clone(), answer.clone(), pending.clone(), asked.clone());
            let q = *q;
            Callback::from(move |_| {
                query.set(q);
                answer.set(None);
                pending.set(false);
                *asked.borrow_mut() += 1;
            })
        };
        html! {
            <button role="tab" aria-selected={selected.to_string()} class={classes!("tab", selected.then_some("selected"))}
                data-testid={format!("reach-tab-{}", label.trim_end_matches('?').to_ascii_lowercase().replace(' ', "-"))}
                {onclick}>{ *label }</button>
        }
    });

    // Asks `question` in the worker (on the page's thread when there is none, or it failed).
    // Marks: `rolecall:reach-asked` when asked, `rolecall:reach-answered` when the worker's
    // answer arrives, `rolecall:reach-read` once read, `rolecall:reach-drawn` once drawn
    // (`reach_answer.rs`): worker time, then the page's reading and drawing.
    let put = {
        let (answer, pending, asked) = (answer.clone(), pending.clone(), asked.clone());
        Rc::new(move |question: Question, scenario: Rc<Scenario>| {
            let number = crate::reach::count(&asked);
            pending.set(true);
            crate::persist::mark("rolecall:reach-asked");
            let json = serde_json::to_string(&question).unwrap_or_default();
            let (answer, pending, asked) = (answer.clone(), pending.clone(), asked.clone());
            let on = scenario.clone();
            crate::evaluator::reach(&scenario, "reach", &json, move |reply| {
                if *asked.borrow() != number {
                    return;
                }
                crate::persist::mark("rolecall:reach-answered");
                let found = reply
                    .and_then(|json| serde_json::from_str::<Answer>(&json).ok())
                    // The page's module never reads the catalog (can-what says it is loading).
                    .unwrap_or_else(|| answer_here(&on, None, &question));
                crate::persist::mark("rolecall:reach-read");
                answer.set(Some((Rc::new(found), on)));
                pending.set(false);
            });
        })
    };
    let ask = {
        let (query, action, resource, principal) = (
            query.clone(),
            action.clone(),
            resource.clone(),
            principal.clone(),
        );
        let (put, scenario) = (put.clone(), scenario.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let question = match *query {
                Query::WhoCan => Question::WhoCan {
                    action: (*action).clone(),
                    resource: (*resource).clone(),
                    shown: 0,
                },
                Query::CanWhat => Question::CanWhat {
                    principal: (*principal).clone(),
                },
                Query::Escalation => Question::Escalation,
            };
            put(question, scenario.clone());
        })
    };
    // "Show more" of a who-can answer: the same question, more principals.
    let more = {
        let answer = answer.clone();
        use_callback(answer, move |shown: usize, answer| {
            if let Some((found, on)) = &**answer
                && let Answer::WhoCan(who, _, _) = &**found
            {
                let question = Question::WhoCan {
                    action: who.action.clone(),
                    resource: who.resource.clone(),
                    shown,
                };
                put(question, on.clone());
            }
        })
    };

    // Starting points (chosen by the core): a statement of the identity shown in the editors
    // (who else can do what it allows), a role (who can assume it), a resource, or the
    // selected request's action and resource.
    // Asked of the worker once per revision and shown identity, not on every render, and once
    // typing pauses ([`STARTS_DELAY_MS`]): asked at each keystroke, the worker parsed the
    // identity's policies again after each evaluation and the page drew the options again
    // (issue 14, keystroke -> decision inside one frame). Drawn again only when they changed.
    let offered = use_state_eq(|| Rc::new(Starts::default()));
    {
        let offered = offered.clone();
        let scenario = scenario.clone();
        use_effect_with((state.revision, state.identity), move |&(_, identity)| {
            // None yet (the first drawing): asked at once.
            let first = offered.statements.is_empty() && offered.roles.is_empty();
            let ask = move || {
                crate::evaluator::reach(&scenario, "starts", &identity.to_string(), move |reply| {
                    let starts = reply
                        .and_then(|json| serde_json::from_str::<Starts>(&json).ok())
                        .unwrap_or_default();
                    offered.set(Rc::new(starts));
                });
            };
            let timeout = if first {
                ask();
                None
            } else {
                Some(gloo_timers::callback::Timeout::new(STARTS_DELAY_MS, ask))
            };
            move || drop(timeout)
        });
    }
    let offered: Rc<Starts> = (*offered).clone();
    let start = {
        let (action, resource, principal) = (action.clone(), resource.clone(), principal.clone());
        let scenario = scenario.clone();
        let offered = offered.clone();
        let selected_request = state.request;
        Callback::from(move |e: Event| {
            let value = e
                .target_unchecked_into::<web_sys::HtmlSelectElement>()
                .value();
            let chosen = value
                .strip_prefix("statement:")
                .and_then(|i| i.parse::<usize>().ok())
                .and_then(|i| offered.statements.get(i));
            if let Some(chosen) = chosen {
                action.set(chosen.action.clone());
                resource.set(chosen.resource.clone());
            } else if let Some(role) = value
                .strip_prefix("role:")
                .and_then(|arn| offered.roles.iter().find(|r| r.resource == arn))
            {
                // The core's question for the role (who can assume it).
                action.set(role.action.clone());
                resource.set(role.resource.clone());
                principal.set(role.resource.clone());
            } else if let Some(arn) = value.strip_prefix("resource:") {
                resource.set(arn.to_owned());
            } else if value == "request" {
                if let Some(r) = scenario.requests.get(selected_request) {
                    action.set(r.action.clone().unwrap_or_default());
                    resource.set(r.resource.clone().unwrap_or_else(|| "*".to_owned()));
                }
            }
        })
    };
    let starts = html! {
        <label class="field" for="reach-start">
            <span>{ "Start from" }</span>
            <select id="reach-start" data-testid="reach-start" onchange={start}>
                <option value="" selected=true>{ "…" }</option>
                <option value="request">{ "the selected request" }</option>
                { for offered.statements.iter().enumerate().map(|(i, s)| html! { <option value={format!("statement:{i}")}>{ format!("{}: {} on {}", s.label, s.action, s.resource) }</option> }) }
                { for offered.roles.iter().map(|r| html! { <option value={format!("role:{}", r.resource)}>{ r.label.clone() }</option> }) }
                { for scenario.resources.iter().map(|r| html! { <option value={format!("resource:{}", r.arn)}>{ format!("resource {}", r.arn) }</option> }) }
            </select>
        </label>
    };
    let principals = principals(&scenario);
    let form = match *query {
        Query::WhoCan => html! {
            <>
                { starts }
                { text_input("reach-action", "Action", &action, "", "s3:GetObject") }
                { text_input("reach-resource", "Resource", &resource, "reach-resources", "arn:aws:s3:::bucket/key") }
            </>
        },
        Query::CanWhat => text_input(
            "reach-who",
            "Principal",
            &principal,
            "reach-principals",
            "arn:aws:iam::111111111111:user/alice",
        ),
        Query::Escalation => {
            html! { <p class="hint">{ "Lists the administrators and every principal that can become one." }</p> }
        }
    };
    html! {
        <section class="reach" data-testid="reach" aria-label="Who can reach what" {onfocusin} {onpointerdown}>
            <h2>{ "Who can?" }</h2>
            <div role="tablist" class="tabs">{ for tabs }</div>
            <form class="reach-form" onsubmit={ask}>
                { form }
                <button type="submit" class="primary" data-testid="reach-ask">{ "Ask" }</button>
            </form>
            <datalist id="reach-resources">
                { for scenario.resources.iter().map(|r| html! { <option value={r.arn.clone()} /> }) }
                { for offered.roles.iter().map(|r| html! { <option value={r.resource.clone()} /> }) }
            </datalist>
            <datalist id="reach-principals">
                { for principals.iter().map(|p| html! { <option value={p.clone()} /> }) }
            </datalist>
            if *pending {
                <p class="pending" role="status" aria-busy="true" data-testid="reach-pending">{ "Working out the answer…" }</p>
            }
            if let Some((answer, asked_on)) = &*answer {
                <AnswerView answer={answer.clone()} scenario={asked_on.clone()} more={more.clone()} />
            }
        </section>
    }
}

#[cfg(test)]
mod starts_tests {
    use super::*;
    use rolecall_core::reach::starts::{role_starts, statement_starts};

    #[test]
    fn the_worker_offers_the_cores_starts_for_the_shown_identity() {
        let scenario = crate::examples::default_scenario();
        let starts: Starts = serde_json::from_str(&starts_json(&scenario, 0)).unwrap();
        let arn = &scenario.identities[0].arn;
        assert_eq!(starts.statements, statement_starts(&scenario, arn));
        assert_eq!(starts.roles, role_starts(&scenario));
        assert!(!starts.roles.is_empty());
        let none: Starts = serde_json::from_str(&starts_json(&scenario, usize::MAX)).unwrap();
        assert!(none.statements.is_empty());
    }
}
