//! The page's only caller of the core's access graph ([`rolecall_core::reach`]): it builds the
//! graph of a scenario and asks who-can, can-what and escalation. Everything shown (paths,
//! layout, explanations) is what the core returns.
//!
//! The questions run in the evaluation worker (`worker.rs` calls `answer_json` and
//! `explained_json`), so that a query over a large account never freezes the page; the page
//! sends a [`Question`] and gets an [`Answer`] back as JSON, and asks for the explanation of a
//! hop only when one is opened ([`Why`]). Without a worker the same functions run on the
//! page's thread.
//!
//! The graph is built once per scenario: [`graph`] keeps the last one with a copy of the
//! scenario it was built from, so who-can then escalation (or opening hops) on the same
//! scenario does not build it again. Keeping that copy and comparing with it costs little
//! beside the build: 0.8 ms and 0.3 ms natively for the 1,000 × 1,000 account, whose build
//! takes 1-2 s. The "Who can?" view has the worker build it ahead (`prepare`) once it is
//! opened, so that the first question finds it ready.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use rolecall_core::catalog::Catalog;
use rolecall_core::reach::explain::explain;
pub use rolecall_core::reach::explain::{Explained, Why};
use rolecall_core::reach::layout::{Layout, layout};
use rolecall_core::reach::{
    AccessGraph, CanWhat, Escalation, Limits, QuestionError, Supply, WhoCan, can_what, escalation,
    who_can, who_can_target,
};
use rolecall_core::scenario::Scenario;
use serde::{Deserialize, Serialize};

thread_local! {
    /// The last graph built, with the scenario it was built from.
    static GRAPH: RefCell<Option<(Scenario, Rc<AccessGraph>)>> = const { RefCell::new(None) };
    /// The last who-can answer in full, with its drawing and the graph it was asked on: "Show
    /// more" pages through it without asking again.
    static LAST: RefCell<Option<Last>> = const { RefCell::new(None) };
    /// How many graphs were built in this thread (the browser tests check that a question
    /// asked while the graph is built ahead does not build it again).
    static BUILDS: Cell<u32> = const { Cell::new(0) };
}

/// A who-can answer kept whole ([`LAST`]).
struct Last {
    graph: Rc<AccessGraph>,
    answer: Rc<WhoCan>,
    layout: Rc<Layout>,
}

/// How many principals of a who-can answer are sent to the page at first, and how many more
/// each "Show more" asks for: an answer over a large account lists thousands of principals with
/// up to 20 paths each, megabytes of JSON that the page would read and draw on its own thread.
pub const PAGE: usize = 100;

/// The who-can answer on `graph` (the kept one when it is the same question on the same graph).
fn who_can_whole(
    graph: &Rc<AccessGraph>,
    action: &str,
    resource: &str,
) -> (Rc<WhoCan>, Rc<Layout>) {
    LAST.with(|last| {
        let mut last = last.borrow_mut();
        if let Some(kept) = last.as_ref()
            && Rc::ptr_eq(&kept.graph, graph)
            && kept.answer.action == action
            && kept.answer.resource == resource
        {
            return (kept.answer.clone(), kept.layout.clone());
        }
        let answer = Rc::new(who_can(graph, action, resource, &Limits::default()));
        let layout = Rc::new(layout(&answer));
        *last = Some(Last {
            graph: graph.clone(),
            answer: answer.clone(),
            layout: layout.clone(),
        });
        (answer, layout)
    })
}

/// The values a direct principal of the kept who-can answer supplies, if it is one.
fn kept_conditions(action: &str, resource: &str, principal: &str) -> Option<Vec<Supply>> {
    LAST.with(|last| {
        let last = last.borrow();
        let kept = last.as_ref()?;
        if kept.answer.action != action || kept.answer.resource != resource {
            return None;
        }
        kept.answer
            .principals
            .iter()
            .find(|p| p.direct && p.principal == principal)
            .map(|p| p.conditions.clone())
    })
}

/// The access graph of `scenario`: the one built last when the scenario is the same, else a
/// new one (which replaces it).
#[must_use]
pub fn graph(scenario: &Scenario) -> Rc<AccessGraph> {
    GRAPH.with(|cache| {
        let mut cache = cache.borrow_mut();
        if let Some((built_from, graph)) = cache.as_ref()
            && built_from == scenario
        {
            return graph.clone();
        }
        // The old graph goes first (with the answer kept on it): two graphs of a large account
        // are never held at once.
        *cache = None;
        LAST.with(|last| last.borrow_mut().take());
        let graph = Rc::new(AccessGraph::build(scenario));
        BUILDS.with(|b| b.set(b.get().saturating_add(1)));
        *cache = Some((scenario.clone(), graph.clone()));
        graph
    })
}

/// How many access graphs were built in this thread so far.
#[cfg(any(feature = "worker", test))]
#[must_use]
pub fn builds() -> u32 {
    BUILDS.with(Cell::get)
}

/// Builds the access graph of `scenario` ahead of the questions, unless it is built already
/// ([`graph`] keeps it): the worker does this when the user turns to the "Who can?" view and
/// the graph of the scenario's revision is not built. Whether it was built now.
#[cfg(any(feature = "worker", test))]
pub fn prepare(scenario: &Scenario) -> bool {
    if !crate::COMPUTES {
        return false;
    }
    let before = builds();
    drop(graph(scenario));
    builds() != before
}

/// Counts one more question (or explanation) asked and returns its number: the answer to an
/// older one is dropped when it arrives.
pub fn count(asked: &RefCell<u32>) -> u32 {
    let mut asked = asked.borrow_mut();
    *asked += 1;
    *asked
}

/// A question of the "Who can?" view.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "query", rename_all = "camelCase")]
pub enum Question {
    /// who-can `action` on `resource`.
    WhoCan {
        /// The action.
        action: String,
        /// The resource (`*` when empty).
        resource: String,
        /// How many principals to send (at least [`PAGE`]).
        #[serde(default)]
        shown: usize,
    },
    /// can-what for `principal`.
    CanWhat {
        /// The principal's ARN.
        principal: String,
    },
    /// escalation.
    Escalation,
}

/// An answer on screen.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Answer {
    /// who-can, with its drawing (of the whole answer) and how many principals the whole
    /// answer lists: the answer itself holds the first [`PAGE`] or more of them.
    WhoCan(WhoCan, Layout, usize),
    /// can-what.
    CanWhat(CanWhat),
    /// escalation.
    Escalation(Escalation),
    /// The question could not be asked.
    Error(String),
}

/// Answers `question` on `scenario`; can-what groups the actions with `catalog` (the worker's,
/// once read), and without one says that it is still loading (the core's words: the page
/// only shows the message of a [`rolecall_core::reach::QuestionError`]).
#[must_use]
pub fn answer(scenario: &Scenario, catalog: Option<&Catalog>, question: &Question) -> Answer {
    if !crate::COMPUTES {
        return Answer::Error(crate::evaluator::STOPPED.to_owned());
    }
    match question {
        Question::WhoCan {
            action,
            resource,
            shown,
        } => {
            let (action, resource) = match who_can_target(action, resource) {
                Ok(target) => target,
                Err(error) => return Answer::Error(error.to_string()),
            };
            let (whole, drawing) = who_can_whole(&graph(scenario), action, resource);
            let total = whole.principals.len();
            let page = WhoCan {
                action: whole.action.clone(),
                resource: whole.resource.clone(),
                principals: whole
                    .principals
                    .iter()
                    .take((*shown).max(PAGE))
                    .cloned()
                    .collect(),
                truncated: whole.truncated.clone(),
            };
            Answer::WhoCan(page, (*drawing).clone(), total)
        }
        Question::CanWhat { principal } => {
            let answer = catalog.ok_or(QuestionError::NoCatalog).and_then(|catalog| {
                can_what(&graph(scenario), principal, catalog, &Limits::default())
            });
            match answer {
                Ok(answer) => Answer::CanWhat(answer),
                Err(error) => Answer::Error(error.to_string()),
            }
        }
        Question::Escalation => {
            Answer::Escalation(escalation(&graph(scenario), &Limits::default()))
        }
    }
}

/// Explains `why` on the graph of `scenario` (the scenario the answer came from): the core's
/// [`explain`], with the values a direct principal supplies taken from the kept answer.
#[must_use]
pub fn explained(scenario: &Scenario, why: &Why) -> Explained {
    if !crate::COMPUTES {
        return Explained {
            heading: crate::evaluator::STOPPED.to_owned(),
            steps: Vec::new(),
        };
    }
    // A principal drawn but not yet listed on the page: its values are the kept answer's.
    let why = match why {
        Why::Direct {
            principal,
            action,
            resource,
            conditions,
        } => Why::Direct {
            conditions: kept_conditions(action, resource, principal)
                .unwrap_or_else(|| conditions.clone()),
            principal: principal.clone(),
            action: action.clone(),
            resource: resource.clone(),
        },
        other => other.clone(),
    };
    explain(&graph(scenario), &why)
}

/// The worker's side of [`answer`]: a [`Question`] as JSON in, the [`Answer`] as JSON out.
#[cfg(any(feature = "worker", test))]
#[must_use]
pub fn answer_json(scenario: &Scenario, catalog: Option<&Catalog>, question: &str) -> String {
    let answer = match serde_json::from_str::<Question>(question) {
        Ok(question) => answer(scenario, catalog, &question),
        Err(e) => Answer::Error(format!("unreadable question: {e}")),
    };
    serde_json::to_string(&answer).unwrap_or_default()
}

/// The worker's side of [`explained`]: a [`Why`] as JSON in, the [`Explained`] as JSON out.
#[cfg(any(feature = "worker", test))]
#[must_use]
pub fn explained_json(scenario: &Scenario, why: &str) -> String {
    let shown = match serde_json::from_str::<Why>(why) {
        Ok(why) => explained(scenario, &why),
        Err(e) => Explained {
            heading: format!("unreadable question: {e}"),
            steps: Vec::new(),
        },
    };
    serde_json::to_string(&shown).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scenario() -> Scenario {
        crate::engine::load_scenario(include_str!(
            "../../tests/corpus/scenarios/reach/escalation-paths.json"
        ))
        .unwrap()
    }

    #[test]
    fn an_answer_reads_back_from_the_json_the_worker_sends() {
        let scenario = scenario();
        for question in [
            Question::WhoCan {
                action: "s3:GetObject".to_owned(),
                resource: "arn:aws:s3:::reports/q1.csv".to_owned(),
                shown: 0,
            },
            Question::Escalation,
        ] {
            let json = answer_json(&scenario, None, &serde_json::to_string(&question).unwrap());
            let read: Answer = serde_json::from_str(&json).unwrap();
            assert_eq!(read, answer(&scenario, None, &question), "{question:?}");
            assert!(!matches!(read, Answer::Error(_)), "{read:?}");
        }
    }

    /// can-what groups the actions with the catalog it is handed; without one it says that the
    /// catalog is still loading.
    #[test]
    fn can_what_answers_with_the_catalog_it_is_given() {
        let scenario = scenario();
        let principal = scenario.identities[0].arn.clone();
        let question = Question::CanWhat { principal };
        let Answer::Error(why) = answer(&scenario, None, &question) else {
            panic!("answered without a catalog");
        };
        assert_eq!(
            why,
            rolecall_core::reach::QuestionError::NoCatalog.to_string()
        );
        let catalog = Catalog::parse(include_str!("../../crates/core/data/catalog.json")).unwrap();
        let answered = answer(&scenario, Some(&catalog), &question);
        assert!(matches!(answered, Answer::CanWhat(_)), "{answered:?}");
    }

    #[test]
    fn a_who_can_question_without_an_action_shows_the_cores_message() {
        let question = Question::WhoCan {
            action: "  ".to_owned(),
            resource: String::new(),
            shown: 0,
        };
        assert_eq!(
            answer(&scenario(), None, &question),
            Answer::Error(rolecall_core::reach::QuestionError::NoAction.to_string())
        );
    }

    #[test]
    fn a_who_can_answer_is_sent_a_page_at_a_time() {
        let mut scenario = scenario();
        for n in 0..(PAGE + 20) {
            scenario.identities.push(rolecall_core::scenario::model::Identity {
                arn: format!("arn:aws:iam::111111111111:user/reader-{n}"),
                policies: vec![rolecall_core::scenario::model::NamedDocument {
                    name: "read".to_owned(),
                    document: rolecall_core::scenario::model::PolicyDocument::object(
                        r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]}"#,
                    ),
                }],
                ..Default::default()
            });
        }
        let ask = |shown| Question::WhoCan {
            action: "s3:GetObject".to_owned(),
            resource: "arn:aws:s3:::reports/q1.csv".to_owned(),
            shown,
        };
        let Answer::WhoCan(first, _, total) = answer(&scenario, None, &ask(0)) else {
            panic!("no who-can answer");
        };
        assert!(total > PAGE, "{total}");
        assert_eq!(first.principals.len(), PAGE);
        let Answer::WhoCan(more, _, again) = answer(&scenario, None, &ask(2 * PAGE)) else {
            panic!("no who-can answer");
        };
        assert_eq!((more.principals.len(), again), (total, total));
        assert_eq!(more.principals[..PAGE], first.principals[..]);
    }

    #[test]
    fn a_graph_built_ahead_serves_the_questions_that_follow() {
        let mut scenario = scenario();
        scenario.title = Some("built ahead".to_owned());
        assert!(prepare(&scenario));
        assert!(!prepare(&scenario.clone()));
        let before = builds();
        let question = Question::WhoCan {
            action: "s3:GetObject".to_owned(),
            resource: "arn:aws:s3:::reports/q1.csv".to_owned(),
            shown: 0,
        };
        assert!(matches!(
            answer(&scenario, None, &question),
            Answer::WhoCan(..)
        ));
        assert!(matches!(
            answer(&scenario, None, &Question::Escalation),
            Answer::Escalation(_)
        ));
        assert_eq!(builds(), before);
    }

    #[test]
    fn the_graph_is_built_once_per_scenario() {
        let scenario = scenario();
        let first = graph(&scenario);
        assert!(Rc::ptr_eq(&first, &graph(&scenario.clone())));
        let mut changed = scenario.clone();
        changed.title = Some("another".to_owned());
        assert!(!Rc::ptr_eq(&first, &graph(&changed)));
    }

    #[test]
    fn a_hop_is_explained_with_its_highlighted_statement() {
        let scenario = scenario();
        let question = Question::WhoCan {
            action: "s3:GetObject".to_owned(),
            resource: "arn:aws:s3:::reports/q1.csv".to_owned(),
            shown: 0,
        };
        let Answer::WhoCan(found, _, _) = answer(&scenario, None, &question) else {
            panic!("no who-can answer");
        };
        let hop = found
            .principals
            .iter()
            .flat_map(|p| p.paths.iter().flatten())
            .next()
            .unwrap()
            .clone();
        let why = serde_json::to_string(&Why::Hop(Box::new(hop))).unwrap();
        let shown: Explained = serde_json::from_str(&explained_json(&scenario, &why)).unwrap();
        assert!(!shown.steps.is_empty());
        let (text, start, end) = shown.steps[0].statements[0].text.clone().unwrap();
        assert!(text[start..end].contains("Effect"));
    }
}
