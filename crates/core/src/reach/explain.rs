//! The explanation of a who-can answer's hop, of an arrow of the graph, or of a principal's
//! own call, display-ready: a heading and every evaluated call with its decision in words, its
//! summary and the statements that decided it (with their text). The page asks for one when the
//! user opens it; it words nothing itself.

use serde::{Deserialize, Serialize};

use crate::Span;
use crate::document::DocumentId;
use crate::reach::graph::AccessGraph;
use crate::reach::harvest::Supply;
use crate::reach::query::Hop;
use crate::scenario::{Step, arn};

/// What to explain: a hop of a listed path, an arrow of the graph, or a principal's own call.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Why {
    /// A hop of a listed path (an edge, or a policy change).
    Hop(Box<Hop>),
    /// An arrow of the graph: the edge's index.
    Edge(usize),
    /// A principal that performs the answer's action itself, with the values it supplies.
    Direct {
        /// The principal.
        principal: String,
        /// The action.
        action: String,
        /// The resource.
        resource: String,
        /// The values it supplies.
        conditions: Vec<Supply>,
    },
}

/// One deciding statement of a step, with its policy text and the statement's byte range in it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ShownStatement {
    /// `policy statement name`.
    pub caption: String,
    /// The policy text and the statement's range, when the policy has a text.
    pub text: Option<(String, usize, usize)>,
}

/// One evaluated call of an explanation.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ShownStep {
    /// The call.
    pub call: String,
    /// Who calls.
    pub principal: String,
    /// On what.
    pub resource: String,
    /// The decision in words.
    pub decision: String,
    /// Why, in one sentence.
    pub summary: String,
    /// The statements that decided it.
    pub statements: Vec<ShownStatement>,
}

/// The explanation of a hop, an arrow or a principal's own call.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Explained {
    /// The heading.
    pub heading: String,
    /// Every call, with its decision and deciding statements.
    pub steps: Vec<ShownStep>,
}

/// Explains `why` on `graph` (the graph of the scenario the answer came from). An edge index
/// the graph does not have explains nothing.
#[must_use]
pub fn explain(graph: &AccessGraph, why: &Why) -> Explained {
    let (heading, steps): (String, Vec<Step>) = match why {
        Why::Hop(hop) => (
            format!(
                "Why {} → {} holds ({})",
                arn::name(&hop.from),
                arn::name(&hop.to),
                hop.means.via
            ),
            hop.explain(graph),
        ),
        Why::Edge(index) => match graph.edges.get(*index) {
            Some(edge) => (
                format!("Why this hop holds ({})", edge.means.via),
                graph.explain(edge),
            ),
            None => (String::new(), Vec::new()),
        },
        Why::Direct {
            principal,
            action,
            resource,
            conditions,
        } => (
            format!("Why {} can, itself", arn::name(principal)),
            graph.explain_call(principal, action, resource, conditions),
        ),
    };
    let steps = steps
        .iter()
        .map(|step| ShownStep {
            call: step.call.clone(),
            principal: step.principal.clone(),
            resource: step.resource.clone(),
            decision: step.decision.words().to_owned(),
            summary: step.summary.clone(),
            statements: step
                .explanation
                .iter()
                .flat_map(|e| &e.deciding)
                .map(|s| ShownStatement {
                    caption: format!("{} statement {}", s.policy, s.name),
                    text: statement_text(graph, s.source, s.span),
                })
                .collect(),
        })
        .collect();
    Explained { heading, steps }
}

/// The text of a statement a step rests on, for display: the policy text and the statement's
/// byte range in it.
fn statement_text(
    graph: &AccessGraph,
    source: Option<DocumentId>,
    span: Span,
) -> Option<(String, usize, usize)> {
    let text = source?.get(&graph.scenario)?.text.clone();
    let (start, end) = (span.start.min(text.len()), span.end.min(text.len()));
    (text.is_char_boundary(start) && text.is_char_boundary(end)).then_some((text, start, end))
}
