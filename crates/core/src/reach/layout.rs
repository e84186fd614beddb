//! A left-to-right layout of a who-can answer, ready to draw as SVG.
//!
//! Columns are distances: the principals that can act directly sit next to the target on the
//! right, each further hop one column to the left. A column shows at most
//! [`MAX_PER_COLUMN`] principals (those with the shortest paths, then by name); the rest are
//! collapsed into one "+N more" box, and their edges go to that box, so that an answer with
//! hundreds of principals stays readable.

use std::collections::{BTreeMap, HashMap};

use serde::{Deserialize, Serialize};

use crate::matching::arn_name;
use crate::reach::graph::NodeKind;
use crate::reach::query::WhoCan;

/// The most principals drawn in one column.
pub const MAX_PER_COLUMN: usize = 12;
/// Box width and height, and the gaps between columns and rows, in SVG units.
pub const BOX_WIDTH: u32 = 190;
/// Box height.
pub const BOX_HEIGHT: u32 = 34;
const COLUMN_GAP: u32 = 80;
const ROW_GAP: u32 = 14;
const MARGIN: u32 = 10;

/// One box.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LayoutNode {
    /// The principal (or the target, or the collapsed group).
    pub id: String,
    /// The text in the box.
    pub label: String,
    /// `user`, `role`, ..., `target` or `more`.
    pub kind: String,
    /// Left edge.
    pub x: u32,
    /// Top edge.
    pub y: u32,
    /// How many principals a "+N more" box stands for (0 otherwise).
    pub collapsed: usize,
}

/// One arrow.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LayoutEdge {
    /// Index of the box it starts at.
    pub from: usize,
    /// Index of the box it ends at.
    pub to: usize,
    /// The technique (or the action, for the arrow into the target).
    pub via: String,
    /// The graph edge it stands for, to explain it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub edge: Option<usize>,
    /// Whether it holds only under conditions the caller supplies.
    pub conditional: bool,
}

/// A drawable answer.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Layout {
    /// The SVG width.
    pub width: u32,
    /// The SVG height.
    pub height: u32,
    /// The boxes.
    pub nodes: Vec<LayoutNode>,
    /// The arrows.
    pub edges: Vec<LayoutEdge>,
}

fn kind_name(kind: NodeKind) -> &'static str {
    kind.label()
}

/// Lays out `answer` (see the module docs).
#[must_use]
pub fn layout(answer: &WhoCan) -> Layout {
    // Distance of each principal to the target: 1 for direct ones, else 1 + shortest path.
    let mut distance: BTreeMap<&str, usize> = BTreeMap::new();
    let mut kinds: HashMap<&str, &'static str> = HashMap::new();
    for p in &answer.principals {
        let d = 1 + p.paths.iter().map(Vec::len).min().unwrap_or(0);
        distance.insert(p.principal.as_str(), d);
        kinds.insert(p.principal.as_str(), kind_name(p.kind));
    }
    let deepest = distance.values().copied().max().unwrap_or(0);
    let mut columns: Vec<Vec<&str>> = vec![Vec::new(); deepest + 1];
    let mut ordered: Vec<(&str, usize)> = distance.iter().map(|(k, v)| (*k, *v)).collect();
    ordered.sort_by(|a, b| a.1.cmp(&b.1).then_with(|| a.0.cmp(b.0)));
    for (id, d) in ordered {
        if let Some(column) = columns.get_mut(deepest - d) {
            column.push(id);
        }
    }
    let mut out = Layout::default();
    let mut index: HashMap<&str, usize> = HashMap::new();
    let x_of = |c: usize| MARGIN + u32::try_from(c).unwrap_or(0) * (BOX_WIDTH + COLUMN_GAP);
    let y_of = |r: usize| MARGIN + u32::try_from(r).unwrap_or(0) * (BOX_HEIGHT + ROW_GAP);
    let mut rows = 1;
    for (c, column) in columns.iter().enumerate() {
        let shown = column.len().min(MAX_PER_COLUMN);
        for (r, id) in column.iter().take(shown).enumerate() {
            index.insert(*id, out.nodes.len());
            out.nodes.push(LayoutNode {
                id: (*id).to_owned(),
                label: arn_name(id).to_owned(),
                kind: kinds.get(id).copied().unwrap_or("user").to_owned(),
                x: x_of(c),
                y: y_of(r),
                collapsed: 0,
            });
        }
        if column.len() > shown {
            let more = out.nodes.len();
            out.nodes.push(LayoutNode {
                id: format!("more-{c}"),
                label: format!("+{} more", column.len() - shown),
                kind: "more".to_owned(),
                x: x_of(c),
                y: y_of(shown),
                collapsed: column.len() - shown,
            });
            for id in column.iter().skip(shown) {
                index.insert(*id, more);
            }
        }
        rows = rows.max(column.len().min(MAX_PER_COLUMN + 1));
    }
    let target = out.nodes.len();
    out.nodes.push(LayoutNode {
        id: "target".to_owned(),
        label: format!("{} {}", answer.action, arn_name(&answer.resource)),
        kind: "target".to_owned(),
        x: x_of(deepest),
        y: y_of(0),
        collapsed: 0,
    });
    let mut seen: Vec<(usize, usize)> = Vec::new();
    for p in &answer.principals {
        if p.direct {
            if let Some(&from) = index.get(p.principal.as_str()) {
                if !seen.contains(&(from, target)) {
                    seen.push((from, target));
                    out.edges.push(LayoutEdge {
                        from,
                        to: target,
                        via: answer.action.clone(),
                        edge: None,
                        conditional: !p.conditions.is_empty(),
                    });
                }
            }
        }
        for hop in p.paths.iter().flatten() {
            let (Some(&from), Some(&to)) =
                (index.get(hop.from.as_str()), index.get(hop.to.as_str()))
            else {
                continue;
            };
            if from == to || seen.contains(&(from, to)) {
                continue;
            }
            seen.push((from, to));
            out.edges.push(LayoutEdge {
                from,
                to,
                via: hop.means.via.clone(),
                edge: hop.edge,
                conditional: !hop.means.conditions.is_empty(),
            });
        }
    }
    out.width = x_of(deepest) + BOX_WIDTH + MARGIN;
    out.height = y_of(rows) + MARGIN;
    out
}
