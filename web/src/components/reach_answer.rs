//! One answer of the "Who can?" view: the who-can graph (SVG, laid out by the core) and the
//! same answer as a list, can-what by service and access level, or the escalation findings.
//! Clicking (or pressing Enter on) a hop opens the explanation of its calls, with the deciding
//! statements highlighted in their policy text.

use std::rc::Rc;

use rolecall_core::reach::layout::{BOX_HEIGHT, BOX_WIDTH, Layout};
use rolecall_core::reach::{CHAINED_NOTE, CanWhat, Escalation, Hop, Supply, WhoCan};
use rolecall_core::scenario::{Scenario, arn};
use yew::prelude::*;

use crate::clip::quoted;
use crate::reach::{Answer, Explained, Why, explained};

/// Props of [`AnswerView`].
#[derive(Properties)]
pub struct AnswerProps {
    /// The answer.
    pub answer: Rc<Answer>,
    /// The scenario it answers about (its hops are explained on it).
    pub scenario: Rc<Scenario>,
    /// Asks for a who-can answer listing this many principals ("Show more": the worker sends
    /// a page of the answer at a time, see [`crate::reach::PAGE`]).
    pub more: Callback<usize>,
}

impl PartialEq for AnswerProps {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.answer, &other.answer)
            && Rc::ptr_eq(&self.scenario, &other.scenario)
            && self.more == other.more
    }
}

/// How many principals (or findings) the list shows at first, and how many more each "Show
/// more" adds: an answer over a large account lists thousands, which would take the page
/// seconds to draw at once.
const PAGE: usize = 100;

/// What the explanation below the answer is about.
#[derive(Clone, Debug, PartialEq)]
enum Opened {
    /// A hop of a listed path (an edge, or a policy change).
    Hop(Box<Hop>),
    /// An arrow of the graph.
    Edge(usize),
    /// A principal that performs the action itself.
    Direct(String),
}

type Open = UseStateHandle<Option<Opened>>;

fn conditions_text(conditions: &[Supply]) -> String {
    conditions
        .iter()
        .map(|c| format!("{} = {}", c.key, c.value))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Whether `opened` is what `hop` stands for.
fn is_open(opened: Option<&Opened>, hop: &Hop) -> bool {
    match opened {
        Some(Opened::Hop(h)) => **h == *hop,
        Some(Opened::Edge(e)) => hop.edge == Some(*e),
        _ => false,
    }
}

/// A hop as a button that opens its explanation.
fn hop_button(hop: &Hop, open: &Open) -> Html {
    let label = format!(
        "{} → {} via {}: explain",
        arn::name(&hop.from),
        arn::name(&hop.to),
        hop.means.via
    );
    let onclick = {
        let open = open.clone();
        let hop = hop.clone();
        Callback::from(move |_| open.set(Some(Opened::Hop(Box::new(hop.clone())))))
    };
    let selected = is_open((**open).as_ref(), hop);
    html! {
        <button class={classes!("hop", "link", selected.then_some("selected"), hop.edge.is_none().then_some("policy-change"))}
            data-testid="reach-hop" aria-label={label} aria-pressed={selected.to_string()} {onclick}>
            <span class="hop-via">{ hop.means.via.clone() }</span>
            { " → " }<span class="hop-to" title={hop.to.clone()}>{ arn::name(&hop.to).to_owned() }</span>
            if let Some(target) = &hop.target {
                <span class="hop-assumes">{ format!(" on {}", arn::name(target)) }</span>
            }
            if !hop.means.conditions.is_empty() {
                <span class="hop-if">{ format!(" only if {}", conditions_text(&hop.means.conditions)) }</span>
            }
            if hop.chained {
                <span class="hop-assumes chained" title={CHAINED_NOTE}>{ " (chained: ≤ 1 h)" }</span>
            }
            { for hop.means.assumes.iter().map(|a| html! { <span class="hop-assumes">{ " (assumes " }{ quoted(a) }{ ")" }</span> }) }
        </button>
    }
}

fn path_list(path: &[Hop], open: &Open) -> Html {
    html! {
        <ol class="path">{ for path.iter().map(|h| html! { <li>{ hop_button(h, open) }</li> }) }</ol>
    }
}

/// The "Show more" button under a list of `total` items of which `limit` are shown.
fn more_button(total: usize, limit: &UseStateHandle<usize>) -> Html {
    if total <= **limit {
        return html! {};
    }
    let onclick = {
        let limit = limit.clone();
        Callback::from(move |_| limit.set(*limit + PAGE))
    };
    html! {
        <button type="button" class="link more" data-testid="reach-more" {onclick}>
            { format!("Show more ({} of {total} shown)", **limit) }
        </button>
    }
}

/// The "Show more" button under a who-can list that shows `shown` of `total` principals: it
/// asks the worker for the next page.
fn more_principals(shown: usize, total: usize, more: &Callback<usize>) -> Html {
    if total <= shown {
        return html! {};
    }
    let onclick = {
        let more = more.clone();
        Callback::from(move |_| more.emit(shown + crate::reach::PAGE))
    };
    html! {
        <button type="button" class="link more" data-testid="reach-more" {onclick}>
            { format!("Show more ({shown} of {total} shown)") }
        </button>
    }
}

fn who_can_list(answer: &WhoCan, total: usize, open: &Open, more: &Callback<usize>) -> Html {
    let items = answer.principals.iter().map(|p| {
        let title = html! {
            <span class="who"><code title={p.principal.clone()}>{ p.principal.clone() }</code>
                <span class="kind">{ format!(" {}", p.kind.label()) }</span></span>
        };
        if p.direct {
            let conditions = conditions_text(&p.conditions);
            let selected = (**open).as_ref() == Some(&Opened::Direct(p.principal.clone()));
            let onclick = {
                let open = open.clone();
                let principal = p.principal.clone();
                Callback::from(move |_| open.set(Some(Opened::Direct(principal.clone()))))
            };
            html! {
                <li class="principal direct" data-testid="reach-principal">
                    { title }{ " can, directly " }
                    <button class={classes!("hop", "link", selected.then_some("selected"))} data-testid="reach-direct"
                        aria-pressed={selected.to_string()} aria-label={format!("why {} can: explain", arn::name(&p.principal))} {onclick}>
                        { "why" }
                        if !conditions.is_empty() { <span class="hop-if">{ format!(" only if {conditions}") }</span> }
                    </button>
                </li>
            }
        } else {
            html! {
                <li class="principal" data-testid="reach-principal">
                    { title }{ format!(" — {} path{}", p.paths.len(), if p.paths.len() == 1 { "" } else { "s" }) }
                    <ol class="paths">{ for p.paths.iter().map(|path| html! { <li>{ path_list(path, open) }</li> }) }</ol>
                </li>
            }
        }
    });
    html! {
        <>
            <p class="reach-summary" data-testid="reach-summary">{ format!("{total} principal{} can `{}` on `{}`", if total == 1 { "" } else { "s" }, answer.action, answer.resource) }</p>
            <ul class="reach-list" data-testid="reach-list">{ for items }</ul>
            { more_principals(answer.principals.len(), total, more) }
        </>
    }
}

/// The SVG drawing of a who-can answer; every arrow with a graph edge is focusable.
fn drawing(layout: &Layout, open: &Open) -> Html {
    let h = BOX_HEIGHT / 2;
    let edges = layout.edges.iter().filter_map(|e| {
        let (from, to) = (layout.nodes.get(e.from)?, layout.nodes.get(e.to)?);
        let (x1, y1, x2, y2) = (from.x + BOX_WIDTH, from.y + h, to.x, to.y + h);
        let mid = (x1 + x2) / 2;
        let d = format!("M{x1},{y1} C{mid},{y1} {mid},{y2} {x2},{y2}");
        // An arrow into the target explains the principal's own call; a collapsed box has none.
        let opened = match e.edge {
            Some(index) => Some(Opened::Edge(index)),
            None if from.collapsed == 0 => Some(Opened::Direct(from.id.clone())),
            None => None,
        };
        let selected = opened.is_some() && (**open).as_ref() == opened.as_ref();
        let class = classes!("edge", e.conditional.then_some("conditional"), selected.then_some("selected"));
        let title = format!("{} → {} via {}", from.id, to.id, e.via);
        Some(match opened {
            Some(opened) => {
                let onclick = { let open = open.clone(); let opened = opened.clone(); Callback::from(move |_| open.set(Some(opened.clone()))) };
                let onkeydown = {
                    let open = open.clone();
                    Callback::from(move |k: KeyboardEvent| if k.key() == "Enter" || k.key() == " " { k.prevent_default(); open.set(Some(opened.clone())); })
                };
                html! {
                    <g {class} role="button" tabindex="0" aria-label={format!("{title}: explain")} aria-pressed={selected.to_string()} data-testid="reach-edge" {onclick} {onkeydown}>
                        <title>{ title }</title>
                        <path class="hit" d={d.clone()} />
                        <path d={d} marker-end="url(#reach-arrow)" />
                    </g>
                }
            }
            None => html! { <g {class}><title>{ title }</title><path d={d} marker-end="url(#reach-arrow)" /></g> },
        })
    });
    let nodes = layout.nodes.iter().map(|n| {
        html! {
            <g class={classes!("box", n.kind.clone())} data-testid="reach-node">
                <title>{ n.id.clone() }</title>
                <rect x={n.x.to_string()} y={n.y.to_string()} width={BOX_WIDTH.to_string()} height={BOX_HEIGHT.to_string()} rx="6" />
                <text x={(n.x + 8).to_string()} y={(n.y + h + 5).to_string()}>{ truncate(&n.label, 26) }</text>
            </g>
        }
    });
    html! {
        <div class="reach-graph" data-testid="reach-graph">
            <svg width={layout.width.to_string()} height={layout.height.to_string()} viewBox={format!("0 0 {} {}", layout.width, layout.height)}
                role="img" aria-label="Graph of the principals and their paths, left to right">
                <defs><marker id="reach-arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="8" markerHeight="8" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" /></marker></defs>
                { for edges }
                { for nodes }
            </svg>
        </div>
    }
}

fn truncate(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_owned();
    }
    let mut out: String = text.chars().take(max.saturating_sub(1)).collect();
    out.push('…');
    out
}

fn can_what_view(answer: &CanWhat, open: &Open) -> Html {
    html! {
        <>
            if !answer.reachable.is_empty() {
                <h3>{ "It can act as" }</h3>
                <ul class="reach-list">{ for answer.reachable.iter().map(|r| html! {
                    <li><code>{ r.principal.clone() }</code>{ path_list(&r.path, open) }</li>
                }) }</ul>
            }
            <h3>{ "What it can do" }</h3>
            if answer.services.is_empty() {
                <p data-testid="reach-summary">{ "Nothing on the scenario's resources or on `*`." }</p>
            }
            <ul class="reach-services" data-testid="reach-services">{ for answer.services.iter().map(|s| html! {
                <li><details open={answer.services.len() <= 3}>
                    <summary>{ format!("{} ({})", s.service, s.name) }</summary>
                    <ul>{ for s.levels.iter().map(|l| html! {
                        <li><strong>{ format!("{} ({})", l.level, l.actions.len()) }</strong>
                            <ul class="actions">{ for l.actions.iter().map(|a| html! {
                                <li data-testid="reach-action-row"><code>{ a.action.clone() }</code>{ format!(" on {}", a.resources.join(", ")) }
                                    if a.by != answer.principal { <span class="by">{ format!(" as {}", arn::name(&a.by)) }</span> }
                                </li>
                            }) }</ul>
                        </li>
                    }) }</ul>
                </details></li>
            }) }</ul>
        </>
    }
}

fn escalation_view(answer: &Escalation, open: &Open, limit: &UseStateHandle<usize>) -> Html {
    html! {
        <>
            <h3>{ format!("Administrators ({})", answer.administrators.len()) }</h3>
            <ul class="reach-list" data-testid="reach-admins">{ for answer.administrators.iter().map(|a| html! {
                <li><code>{ a.principal.clone() }</code>{ format!(" — {}", a.reason.technique) }</li>
            }) }</ul>
            <h3>{ format!("Can become an administrator ({})", answer.findings.len()) }</h3>
            <ul class="reach-list" data-testid="reach-findings">{ for answer.findings.iter().take(**limit).map(|f| html! {
                <li data-testid="reach-finding"><code>{ f.principal.clone() }</code>{ format!(" becomes {} (first step: {})", arn::name(&f.admin), f.technique) }
                    { path_list(&f.path, open) }</li>
            }) }</ul>
            { more_button(answer.findings.len(), limit) }
        </>
    }
}

/// What the worker needs to explain `opened` of `answer`.
fn why_of(answer: &Answer, opened: &Opened) -> Option<Why> {
    Some(match opened {
        Opened::Hop(hop) => Why::Hop(hop.clone()),
        Opened::Edge(edge) => Why::Edge(*edge),
        Opened::Direct(principal) => {
            let Answer::WhoCan(found, _, _) = answer else {
                return None;
            };
            let conditions = found
                .principals
                .iter()
                .find(|p| p.principal == *principal)
                .map(|p| p.conditions.clone())
                .unwrap_or_default();
            Why::Direct {
                principal: principal.clone(),
                action: found.action.clone(),
                resource: found.resource.clone(),
                conditions,
            }
        }
    })
}

/// The explanation of what is open: each call with its decision and deciding statements,
/// highlighted in their policy text (`None`: still being worked out).
fn explanation(shown: Option<&Explained>) -> Html {
    let Some(shown) = shown else {
        return html! {
            <section class="reach-explain" data-testid="reach-explain" aria-live="polite" aria-busy="true" tabindex="-1" id="reach-explain">
                <p class="pending" role="status">{ "Explaining…" }</p>
            </section>
        };
    };
    let items = shown.steps.iter().map(|step| {
        html! {
            <li class="step">
                <p><strong>{ step.call.clone() }</strong>{ format!(" by {} on {}: {}", arn::name(&step.principal), step.resource, step.decision) }</p>
                <p class="summary">{ quoted(&step.summary) }</p>
                { for step.statements.iter().map(|s| {
                    html! {
                        <figure class="statement">
                            <figcaption>{ s.caption.clone() }</figcaption>
                            if let Some((text, start, end)) = &s.text {
                                <pre data-testid="reach-statement">{ text.get(..*start).unwrap_or_default().to_owned() }<mark>{ text.get(*start..*end).unwrap_or_default().to_owned() }</mark>{ text.get(*end..).unwrap_or_default().to_owned() }</pre>
                            }
                        </figure>
                    }
                }) }
            </li>
        }
    });
    html! {
        <section class="reach-explain" data-testid="reach-explain" aria-live="polite" tabindex="-1" id="reach-explain">
            <h3>{ shown.heading.clone() }</h3>
            <ol>{ for items }</ol>
        </section>
    }
}

/// The view of one answer.
#[component]
pub fn AnswerView(props: &AnswerProps) -> Html {
    let open = use_state(|| None::<Opened>);
    let limit = use_state(|| PAGE);
    // The explanation of what is open, asked of the worker when it opens.
    let shown = use_state(|| None::<(Opened, Rc<Explained>)>);
    let asked = use_mut_ref(|| 0_u32);
    {
        let (open, limit) = (open.clone(), limit.clone());
        use_effect_with(Rc::as_ptr(&props.answer) as usize, move |_| {
            // After the answer is on screen: `rolecall:reach-drawn` (see `who_can.rs`).
            crate::persist::mark("rolecall:reach-drawn");
            open.set(None);
            limit.set(PAGE);
        });
    }
    {
        let (shown, asked) = (shown.clone(), asked.clone());
        let (answer, scenario) = (props.answer.clone(), props.scenario.clone());
        use_effect_with((*open).clone(), move |opened| {
            let number = crate::reach::count(&asked);
            if let Some((opened, why)) = opened
                .as_ref()
                .and_then(|o| Some((o.clone(), why_of(&answer, o)?)))
            {
                let json = serde_json::to_string(&why).unwrap_or_default();
                let on_page = scenario.clone();
                crate::evaluator::reach(&scenario, "reach_explain", &json, move |reply| {
                    if *asked.borrow() != number {
                        return;
                    }
                    let found = reply
                        .and_then(|json| serde_json::from_str::<Explained>(&json).ok())
                        .unwrap_or_else(|| explained(&on_page, &why));
                    shown.set(Some((opened, Rc::new(found))));
                });
            }
        });
    }
    let body = match &*props.answer {
        Answer::Error(message) => {
            html! { <p class="error" role="alert" data-testid="reach-error">{ quoted(message) }</p> }
        }
        Answer::WhoCan(answer, layout, total) => html! {
            <>
                if !answer.principals.is_empty() { { drawing(layout, &open) } }
                { who_can_list(answer, *total, &open, &props.more) }
            </>
        },
        Answer::CanWhat(answer) => can_what_view(answer, &open),
        Answer::Escalation(answer) => escalation_view(answer, &open, &limit),
    };
    let truncated = match &*props.answer {
        Answer::WhoCan(a, _, _) => a.truncated.clone(),
        Answer::CanWhat(a) => a.truncated.clone(),
        Answer::Escalation(a) => a.truncated.clone(),
        Answer::Error(_) => Vec::new(),
    };
    let explained_now = (*shown)
        .as_ref()
        .filter(|(o, _)| Some(o) == (*open).as_ref())
        .map(|(_, e)| &**e);
    html! {
        <div class="reach-answer" data-testid="reach-answer">
            { body }
            { for truncated.iter().map(|t| html! { <p class="notice" data-testid="reach-truncated">{ format!("Bound reached: {t}") }</p> }) }
            if open.is_some() {
                { explanation(explained_now) }
            }
        </div>
    }
}
