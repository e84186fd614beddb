//! The live result of the selected request: the decision, the chain principal → role → … →
//! action with each hop's decision in colour and words, and the explanation whose lines
//! highlight their span in the editor when clicked.

use std::rc::Rc;

use yew::prelude::*;

use rolecall_core::evaluate::Line;
use rolecall_core::scenario::StepDecision;
use rolecall_core::scenario::arn;
use rolecall_core::scenario::view::StepView;

use crate::clip::{clip, quoted};
use crate::components::managed_text::{ManagedText, linked_text};
use crate::components::suggestions::Suggestions;
use crate::docref::{DocRef, DocView};
use crate::outcome::Outcome;
use crate::state::{Action, State, StateContext, dispatch_on, use_app_state_but_typing};
use rolecall_core::Span;

fn verdict_badge(verdict: StepDecision) -> Html {
    html! {
        <span class={classes!("verdict", verdict.as_str())} data-verdict={verdict.as_str()}>{ verdict.words() }</span>
    }
}

/// The chain principal → role → … → action; each step is a button that shows the documents
/// deciding it in the editors (the shown one is pressed).
fn chain(state: &StateContext, steps: &[StepView]) -> Html {
    let Some(first) = steps.first() else {
        return html! {};
    };
    let shown = state.follows_step().then(|| state.shown_step()).flatten();
    let nodes = steps.iter().enumerate().map(|(i, step)| {
        let target = step.node.clone();
        let onclick = dispatch_on(state, move || Action::SelectStep(i));
        let current = shown == Some(i);
        html! {
            <>
                <li class={classes!("arrow", step.decision.as_str())} aria-hidden="true">{ "→" }</li>
                <li class={classes!("node", step.decision.as_str(), current.then_some("shown"))}>
                    <button class="node-button" {onclick} data-step={i.to_string()}
                        aria-pressed={current.to_string()}
                        title={format!("{} on {}: show the documents that decide it", step.call, clip(&step.resource))}>
                        <span class="node-name">{ clip(&target).into_owned() }</span>
                        { verdict_badge(step.decision) }
                    </button>
                </li>
            </>
        }
    });
    html! {
        <ol class="chain" data-testid="chain" aria-label="Chain of calls">
            <li class="node principal" title={clip(&first.principal).into_owned()}>
                <span class="node-name">{ clip(arn::name(&first.principal)).into_owned() }</span>
                <span class="verdict principal">{ "principal" }</span>
            </li>
            { for nodes }
        </ol>
    }
}

fn line_view(
    focus: Option<(DocRef, Span)>,
    dispatcher: &UseReducerDispatcher<State>,
    step: usize,
    line: &Line,
    key: String,
    on_open: &Callback<String>,
) -> Html {
    let class = classes!(
        "line",
        line.deciding.then_some("deciding"),
        format!("depth-{}", line.depth.min(3))
    );
    // The line's link into the editor, around `text` (all of the line, or what follows the
    // name of an AWS managed policy, which is a link of its own).
    let highlight = |text: Html| match (line.source, line.span) {
        (Some(doc), Some(span)) => {
            let focused = focus == Some((doc, span));
            let onclick = {
                let dispatcher = dispatcher.clone();
                Callback::from(move |_| {
                    // The editors show this step's documents, with the span highlighted.
                    dispatcher.dispatch(Action::SelectStep(step));
                    dispatcher.dispatch(Action::Focus(Some((doc, span))));
                })
            };
            html! {
                <button class={classes!("link", focused.then_some("focused"))} {onclick}
                    title="Highlight in the editor">{ text }</button>
            }
        }
        _ => text,
    };
    let content = match &line.names {
        Some(link) => linked_text(&line.text, link.part, &link.arn, on_open, highlight),
        None => highlight(quoted(&line.text)),
    };
    html! { <li {class} {key}>{ content }</li> }
}

/// The caveat on a decision that rests on a policy with errors: AWS would refuse to store such
/// a policy, so the decision is about a document that cannot exist as written. Each document
/// named is a link to its first error.
fn broken_marker(state: &StateContext, caveat: Option<&str>, broken: &[DocRef]) -> Html {
    let Some(caveat) = caveat.filter(|_| !broken.is_empty()) else {
        return html! {};
    };
    let docs = broken.iter().map(|&doc| {
        let first = state
            .outcome
            .findings_for(doc)
            .find(|f| f.is_error())
            .and_then(|f| f.span);
        let label = doc.label(&state.scenario);
        match first {
            Some(span) => {
                let onclick = dispatch_on(state, move || Action::Focus(Some((doc, span))));
                html! { <button class="link" {onclick}>{ label }</button> }
            }
            None => html! { <span>{ label }</span> },
        }
    });
    html! {
        <p class="broken" data-testid="broken-policy" role="note">
            <span aria-hidden="true">{ "⚠ " }</span>
            { caveat }{ " " }
            { for docs }
        </p>
    }
}

/// How many explanation lines of the request are drawn at first, and how many more each "Show
/// more" adds: a pasted policy of thousands of statements, or a chain of 50 hops, explains
/// itself in thousands of lines, and drawing them all at once blocked the page for seconds.
const LINES_PAGE: usize = 300;

/// How many explanation lines are drawn in the task that draws a new answer, and how many
/// more each following task adds, up to the page of [`LINES_PAGE`]: drawing 300 lines and the
/// steps of a 50-hop chain in one task blocked the page for 250-570 ms on the loaded 2-core
/// machine (issues 14 and 16). The first screenful comes at once, the rest in later tasks,
/// between which the browser paints and answers typing.
const LINES_AT_ONCE: usize = 60;

/// How many of each step's page lines (its [`shown_lines`]) are drawn with `budget` lines so
/// far, for the steps drawn: every step whose page lines start within the budget (at least the
/// first), or all of them once the budget covers every step's page lines. The deciding lines
/// past a step's share count too: an implicit deny over a pasted policy of 20,000 statements has
/// hundreds, and drawing them with the first screenful made it 2,000 elements in one task
/// (issue 16).
fn drawn_counts(pages: &[Vec<usize>], budget: usize) -> Vec<usize> {
    let total: usize = pages.iter().map(Vec::len).sum();
    let mut start = 0;
    pages
        .iter()
        .enumerate()
        .map_while(|(i, page)| {
            let drawn = (i == 0 || start < budget || budget >= total)
                .then(|| budget.saturating_sub(start).min(page.len()));
            start += page.len();
            drawn
        })
        .collect()
}

/// Each step's share of the `budget` lines drawn, in chain order: a step gets what the steps
/// before it left.
fn step_limits(steps: &[StepView], budget: usize) -> Vec<usize> {
    let mut left = budget;
    steps
        .iter()
        .map(|step| {
            let mine = left;
            left = left.saturating_sub(step.lines.len());
            mine
        })
        .collect()
}

/// The lines of a step drawn with `limit`: the first `limit`, then the deciding lines among the
/// rest (what decided is always on screen), at most [`LINES_PAGE`] of them.
fn shown_lines(lines: &[Line], limit: usize) -> Vec<usize> {
    let mut shown: Vec<usize> = (0..lines.len().min(limit)).collect();
    shown.extend(
        lines
            .iter()
            .enumerate()
            .skip(limit)
            .filter(|(_, l)| l.deciding)
            .map(|(j, _)| j)
            .take(LINES_PAGE),
    );
    shown
}

/// Props of [`LineChunk`].
#[derive(Properties, Clone)]
struct LineChunkProps {
    /// The answer whose lines are drawn (compared by pointer: an answer is never changed).
    outcome: Rc<Outcome>,
    request: usize,
    step: usize,
    /// The step's lines drawn here (indices into its lines).
    shown: Vec<usize>,
    /// The index of the line after the last one drawn before this chunk (a gap says how many
    /// lines lie between).
    after: usize,
    focus: Option<(DocRef, Span)>,
    dispatcher: UseReducerDispatcher<State>,
    on_open: Callback<String>,
}

impl LineChunkProps {
    /// The lines of the step drawn.
    fn lines(&self) -> &[Line] {
        self.outcome
            .view
            .requests
            .get(self.request)
            .and_then(|r| r.steps.get(self.step))
            .map(|s| s.lines.as_slice())
            .unwrap_or_default()
    }
}

impl PartialEq for LineChunkProps {
    fn eq(&self, other: &Self) -> bool {
        // The same answer, or another one with the same lines here (a keystroke that changed
        // nothing in this step's explanation does not draw its lines again, issue 14).
        let same_lines = Rc::ptr_eq(&self.outcome, &other.outcome) || {
            let (mine, theirs) = (self.lines(), other.lines());
            self.shown.iter().all(|&j| mine.get(j) == theirs.get(j))
        };
        same_lines
            && (self.request, self.step, self.after) == (other.request, other.step, other.after)
            && self.shown == other.shown
            && self.focus == other.focus
            && self.dispatcher == other.dispatcher
            && self.on_open == other.on_open
    }
}

/// [`LINES_AT_ONCE`] lines of a step: a component of its own, so that drawing the next lines
/// (or anything else on the page) does not build and compare again the lines already drawn.
/// Redrawing the whole explanation for each next 60 lines made the last of those tasks 65-120
/// ms long for the 600 lines of a pasted 2 MB policy's implicit deny (issue 16).
#[component]
fn LineChunk(props: &LineChunkProps) -> Html {
    let lines = props.lines();
    let step = props.step;
    let mut items = Vec::with_capacity(props.shown.len() + 1);
    let mut next = props.after;
    for &j in &props.shown {
        if j > next {
            items.push(html! {
                <li class="line gap" key={format!("{step}-gap-{j}")}>{ format!("… {} lines not shown", j - next) }</li>
            });
        }
        if let Some(line) = lines.get(j) {
            let key = format!("{step}-{j}");
            items.push(line_view(
                props.focus,
                &props.dispatcher,
                step,
                line,
                key,
                &props.on_open,
            ));
        }
        next = j + 1;
    }
    html! { <>{ for items }</> }
}

/// A step's explanation lines `shown` (indices into `lines`, see [`shown_lines`]), drawn by
/// [`LineChunk`]s; a gap says how many lines it skips.
fn step_lines(
    state: &StateContext,
    step: usize,
    lines: &[Line],
    shown: &[usize],
    on_open: &Callback<String>,
) -> Html {
    let chunks = shown.chunks(LINES_AT_ONCE).enumerate().map(|(c, part)| {
        let after = c
            .checked_mul(LINES_AT_ONCE)
            .and_then(|at| at.checked_sub(1))
            .and_then(|last| shown.get(last))
            .map_or(0, |j| j + 1);
        html! {
            <LineChunk key={format!("{step}-chunk-{c}")} outcome={state.outcome.clone()}
                request={state.request} {step} shown={part.to_vec()} {after}
                focus={state.focus} dispatcher={state.dispatcher()} on_open={on_open.clone()} />
        }
    });
    let next = shown.last().map_or(0, |j| j + 1);
    let end = (next < lines.len()).then(|| {
        html! {
            <li class="line gap" key={format!("{step}-gap-end")}>{ format!("… {} lines not shown", lines.len() - next) }</li>
        }
    });
    html! { <ul class="lines">{ for chunks }{ for end }</ul> }
}

/// The panel.
#[component]
pub fn ResultPanel() -> Html {
    let state = use_app_state_but_typing();
    crate::state::counted("result-panel");
    // How many lines of each step are drawn; back to one page for another request.
    let limit = use_state_eq(|| LINES_PAGE);
    // How many of those are drawn so far (see [`LINES_AT_ONCE`]).
    let grown = use_state_eq(|| LINES_AT_ONCE);
    {
        let (limit, grown) = (limit.clone(), grown.clone());
        use_effect_with((state.request, state.generation), move |_| {
            limit.set(LINES_PAGE);
            grown.set(LINES_AT_ONCE);
        });
    }
    // The AWS managed policy whose text is shown (a name in the explanation was chosen).
    let managed = use_state_eq(|| None::<String>);
    // The same callback across drawings (a prop of every [`LineChunk`]).
    let on_open = {
        let managed = managed.setter();
        use_callback((), move |arn: String, ()| managed.set(Some(arn)))
    };
    let managed_text = (*managed).clone().map(|arn| {
        let managed = managed.clone();
        let on_close = Callback::from(move |()| managed.set(None));
        html! { <ManagedText {arn} {on_close} /> }
    });
    let outcome = &state.outcome;
    let result = outcome.view.requests.get(state.request);
    let verdict = result.and_then(|r| r.decision);
    let decision_attr = verdict.map_or("none", StepDecision::as_str);
    let decision = html! {
        <div class={classes!("decision", decision_attr)} id="rc-decision" tabindex="-1" data-testid="decision" data-decision={decision_attr}
            data-revision={outcome.revision.to_string()} role="status" aria-live="polite">
            <span class="label">{ "Decision" }</span>
            <strong>{ verdict.map_or("not evaluated", StepDecision::words) }</strong>
            if let Some(expect) = result.and_then(|r| r.expect).map(|e| e.words()) {
                <span class={classes!("expect", if result.and_then(|r| r.passed) == Some(true) { "met" } else { "unmet" })}>
                    { if result.and_then(|r| r.passed) == Some(true) { "✓" } else { "✗" } }
                    { format!(" expected {expect}") }
                </span>
            }
            { broken_marker(&state, result.and_then(|r| r.caveat.as_deref()), result.map(|r| r.broken.as_slice()).unwrap_or_default()) }
        </div>
    };
    let steps = result.map(|r| r.steps.as_slice()).unwrap_or_default();
    let total: usize = steps.iter().map(|s| s.lines.len()).sum();
    // Each step's lines on the page of `limit`, of which `grown` are drawn so far.
    let pages: Vec<Vec<usize>> = steps
        .iter()
        .zip(step_limits(steps, *limit))
        .map(|(step, step_limit)| shown_lines(&step.lines, step_limit))
        .collect();
    let on_page: usize = pages.iter().map(Vec::len).sum();
    // The rest of the page of lines, in the next task.
    {
        let grown = grown.clone();
        let growing = *grown < on_page;
        use_effect_with((growing, *grown), move |&(growing, now)| {
            let timeout = growing.then(|| {
                gloo_timers::callback::Timeout::new(0, move || grown.set(now + LINES_AT_ONCE))
            });
            move || drop(timeout)
        });
    }
    let explanation = steps
        .iter()
        .zip(&pages)
        .zip(drawn_counts(&pages, *grown))
        .enumerate()
        .map(|(i, ((step, page), drawn))| {
            let shown = page.get(..drawn).unwrap_or_default();
            html! {
                <section class={classes!("step", step.decision.as_str())} key={i}>
                    <h3>
                        { verdict_badge(step.decision) }
                        <code>{ step.call.clone() }</code>
                        <span class="on">{ " on " }</span>
                        <code class="arn">{ clip(&step.resource).into_owned() }</code>
                    </h3>
                    <p class="summary">{ quoted(&step.summary) }</p>
                    { step_lines(&state, i, &step.lines, shown, &on_open) }
                </section>
            }
        });
    let note = result.and_then(|r| r.note.clone());
    let more = (total > *limit).then(|| {
        let count = LINES_PAGE.min(total - *limit);
        let limit = limit.clone();
        let grown = grown.clone();
        let onclick = Callback::from(move |_| {
            limit.set(*limit + LINES_PAGE);
            // What the button adds is drawn at once: the user asked for it.
            grown.set(*limit + LINES_PAGE);
        });
        html! {
            <button class="more" data-testid="explanation-more" {onclick}>
                { format!("Show {count} more lines") }
            </button>
        }
    });

    html! {
        <section class="result-panel" aria-label="Result">
            { decision }
            <Suggestions />
            { chain(&state, steps) }
            <div class="explanation" data-testid="explanation">
                if let Some(note) = note {
                    <p class="note">{ note }</p>
                }
                { managed_text }
                { for explanation }
                { more }
            </div>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(n: usize, deciding: &[usize]) -> Vec<Line> {
        (0..n)
            .map(|j| {
                let mut line = Line::plain(0, format!("line {j}"));
                line.deciding = deciding.contains(&j);
                line
            })
            .collect()
    }

    /// A step of the default example's first request with `n` plain lines.
    fn step(n: usize) -> StepView {
        StepView {
            lines: lines(n, &[]),
            ..crate::engine::resolve_and_view(
                &crate::engine::load_scenario(crate::examples::EXAMPLES[0].text).unwrap(),
                None,
                &rolecall_core::managed::ManagedPolicies::new(),
            )
            .1
            .requests[0]
                .steps[0]
                .clone()
        }
    }

    #[test]
    fn the_lines_drawn_are_shared_by_the_steps_in_chain_order() {
        let steps = [step(120), step(250), step(40)];
        assert_eq!(step_limits(&steps, 300), vec![300, 180, 0]);
        // A step past the budget still shows what decided it.
        assert_eq!(shown_lines(&lines(40, &[39]), 0), vec![39]);
    }

    /// How many steps are drawn with `budget` lines of the page of `page` lines.
    fn steps_drawn(steps: &[StepView], budget: usize, page: usize) -> usize {
        let pages: Vec<Vec<usize>> = steps
            .iter()
            .zip(step_limits(steps, page))
            .map(|(step, limit)| shown_lines(&step.lines, limit))
            .collect();
        drawn_counts(&pages, budget).len()
    }

    #[test]
    fn a_new_answer_draws_the_steps_of_its_first_screenful_then_the_rest() {
        let chain: Vec<StepView> = (0..50).map(|_| step(6)).collect();
        // 60 lines: the first ten steps, then more in later tasks, all by 300 lines.
        assert_eq!(steps_drawn(&chain, LINES_AT_ONCE, LINES_PAGE), 10);
        assert_eq!(steps_drawn(&chain, 120, LINES_PAGE), 20);
        assert_eq!(steps_drawn(&chain, 300, LINES_PAGE), 50);
        // A short explanation is drawn whole at once; a step of no lines counts too.
        let short = [step(3), step(0)];
        assert_eq!(steps_drawn(&short, LINES_AT_ONCE, LINES_PAGE), 2);
        // A first step longer than the budget is still drawn.
        assert_eq!(
            steps_drawn(&[step(500), step(5)], LINES_AT_ONCE, LINES_PAGE),
            1
        );
    }

    #[test]
    fn the_deciding_lines_past_the_first_screenful_come_in_later_tasks() {
        // An implicit deny over 20,000 statements: every statement decided it.
        let all: Vec<usize> = (0..20_000).collect();
        let page = vec![shown_lines(&lines(20_000, &all), LINES_PAGE), vec![0, 1]];
        assert_eq!(page.first().map(Vec::len), Some(600));
        assert_eq!(drawn_counts(&page, LINES_AT_ONCE), vec![60]);
        assert_eq!(drawn_counts(&page, 600), vec![600]);
        assert_eq!(drawn_counts(&page, 602), vec![600, 2]);
    }

    #[test]
    fn a_short_explanation_is_drawn_whole() {
        assert_eq!(shown_lines(&lines(3, &[1]), 300), vec![0, 1, 2]);
    }

    #[test]
    fn a_long_explanation_shows_its_first_page_and_what_decided() {
        let shown = shown_lines(&lines(10_000, &[5, 7_000, 9_999]), 300);
        assert_eq!(shown.len(), 302);
        assert_eq!(shown.get(300..), Some(&[7_000, 9_999][..]));
    }
}
