//! The page's only caller of the core's access graph ([`rolecall_core::reach`]): it builds the
//! graph of the scenario on screen and asks who-can, can-what and escalation. Everything shown
//! (paths, layout, explanations) is what the core returns.

use std::rc::Rc;

use rolecall_core::reach::layout::{Layout, layout};
use rolecall_core::reach::{
    AccessGraph, CanWhat, Escalation, Limits, WhoCan, can_what, escalation, who_can,
};
use rolecall_core::scenario::{Scenario, Step};

use crate::docref::{DocRef, DocView};

/// An answer on screen, with the graph it came from (to explain a hop on click).
#[derive(Clone, Debug)]
pub enum Answer {
    /// who-can, with its drawing.
    WhoCan(Rc<AccessGraph>, WhoCan, Layout),
    /// can-what.
    CanWhat(Rc<AccessGraph>, CanWhat),
    /// escalation.
    Escalation(Rc<AccessGraph>, Escalation),
    /// The question could not be asked.
    Error(String),
}

impl Answer {
    /// The graph the answer came from.
    #[must_use]
    pub fn graph(&self) -> Option<&Rc<AccessGraph>> {
        match self {
            Self::WhoCan(g, ..) | Self::CanWhat(g, _) | Self::Escalation(g, _) => Some(g),
            Self::Error(_) => None,
        }
    }
}

/// who-can `action` on `resource`.
#[must_use]
pub fn ask_who_can(scenario: &Scenario, action: &str, resource: &str) -> Answer {
    let action = action.trim();
    let resource = match resource.trim() {
        "" => "*",
        r => r,
    };
    if action.is_empty() {
        return Answer::Error("type an action such as `s3:GetObject`".to_owned());
    }
    let graph = Rc::new(AccessGraph::build(scenario));
    let answer = who_can(&graph, action, resource, &Limits::default());
    let drawing = layout(&answer);
    Answer::WhoCan(graph, answer, drawing)
}

/// can-what for `principal`.
#[must_use]
pub fn ask_can_what(scenario: &Scenario, principal: &str) -> Answer {
    let Some(catalog) = crate::catalog::get() else {
        return Answer::Error(
            "the AWS catalog is still loading; can-what needs it to group the actions".to_owned(),
        );
    };
    let graph = Rc::new(AccessGraph::build(scenario));
    match can_what(&graph, principal.trim(), &catalog, &Limits::default()) {
        Ok(answer) => Answer::CanWhat(graph, answer),
        Err(message) => Answer::Error(message),
    }
}

/// escalation.
#[must_use]
pub fn ask_escalation(scenario: &Scenario) -> Answer {
    let graph = Rc::new(AccessGraph::build(scenario));
    let answer = escalation(&graph, &Limits::default());
    Answer::Escalation(graph, answer)
}

/// The evaluated steps behind edge `edge` of `graph`.
#[must_use]
pub fn explain(graph: &AccessGraph, edge: usize) -> Vec<Step> {
    graph
        .edges
        .get(edge)
        .map(|e| graph.explain(e))
        .unwrap_or_default()
}

/// The evaluated step of `principal` performing the who-can answer's action itself.
#[must_use]
pub fn explain_direct(answer: &Answer, principal: &str) -> Vec<Step> {
    let Answer::WhoCan(graph, found, _) = answer else {
        return Vec::new();
    };
    let conditions = found
        .principals
        .iter()
        .find(|p| p.principal == principal)
        .map(|p| p.conditions.as_slice())
        .unwrap_or_default();
    graph.explain_call(principal, &found.action, &found.resource, conditions)
}

/// The text of a statement a step rests on, for display: the policy text and the statement's
/// byte range in it.
#[must_use]
pub fn statement_text(
    graph: &AccessGraph,
    source: Option<DocRef>,
    span: rolecall_core::Span,
) -> Option<(String, usize, usize)> {
    let text = source?.text(&graph.scenario)?.to_owned();
    let (start, end) = (span.start.min(text.len()), span.end.min(text.len()));
    (text.is_char_boundary(start) && text.is_char_boundary(end)).then_some((text, start, end))
}
