//! The inline mirror of the evaluation worker (issue 14, keystroke -> decision inside one
//! frame): the worker's own module (`rolecall-worker`), instantiated a second time on the
//! page's thread once the page is shown and idle (`web/js/worker.js`, `startMirror`).
//!
//! Why: Chromium draws the keystroke's frame before it handles any message, so a decision that
//! comes from the worker, however fast, is drawn one frame after the keystroke (BENCHMARKS.md,
//! "the answer comes after the keystroke's frame"). For a small scenario ([`inline_allowed`]) the
//! mirror sets the typed text and evaluates it synchronously, in the keystroke's own task, and
//! the page dispatches its outcome there: the decision is drawn in the keystroke's frame.
//!
//! The worker still gets every text and evaluation (its copy serves the suggestions, "Who can?",
//! persistence); its answer for the same revision is the same view, which the reducer does not
//! draw again. The mirror gets the same state messages as the worker (the same objects, applied
//! by the same function, `applyState`): the catalog's and the managed policies' messages in the
//! order the worker got them ([`loaded`]), applied in idle time, and its own copy of the scenario
//! brought up as the worker's is (`sync.rs`). It never imports, persists, suggests or answers
//! "Who can?". Should it fail (it cannot start, an exception, a trap), it is dropped for the
//! visit and the worker decides alone, as before it existed.

use std::cell::{Cell, RefCell};
use std::collections::VecDeque;
use std::rc::Rc;

use rolecall_core::scenario::Scenario;
use wasm_bindgen::prelude::*;

use super::sync::{arrays, whole};
use super::{DISPATCHER, LINK, Link, message};
use crate::docref::{DocRef, DocView};
use crate::engine;
use crate::outcome::Outcome;
use crate::state::Action;

#[wasm_bindgen(module = "/js/worker.js")]
extern "C" {
    #[wasm_bindgen(js_name = startMirror)]
    fn start_mirror(done: &JsValue);
    #[wasm_bindgen(js_name = mirrorApply, catch)]
    fn mirror_apply(message: &JsValue) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(js_name = mirrorApplyPart, catch)]
    fn mirror_apply_part(message: &JsValue, services: u32) -> Result<bool, JsValue>;
    #[wasm_bindgen(js_name = mirrorEvaluate, catch)]
    fn mirror_evaluate(base: u32) -> Result<String, JsValue>;
    #[wasm_bindgen(js_name = dropMirror)]
    fn drop_mirror(why: &JsValue);
    #[wasm_bindgen(js_name = whenIdle)]
    fn when_idle(work: &JsValue, timeout: u32);
    #[wasm_bindgen(js_name = markInline)]
    fn mark_inline(ms: f64, revision: f64, parts: &[f64]);
    #[wasm_bindgen(js_name = markMirror)]
    fn mark_mirror(applied: u32, sent: u32, warm: bool);
    #[wasm_bindgen(js_name = now)]
    fn now() -> f64;
}

/// Two inline evaluations in a row longer than this (the texts set, the evaluation, its view
/// read) are a sign that the size rule lets through more than this machine can do without
/// blocking the page longer than issue 14 allows (100 ms): from then on, scenarios of that much
/// text or more go to the worker alone. Generous, so that a loaded machine (a keystroke's inline
/// evaluation took 4-35 ms at load 6-10 on the 2-core machine, the first after a paste 46 ms)
/// does not trip it.
const SLOW_MS: f64 = 100.0;

/// The longest the mirror waits for the page to be idle before it starts (and each catalog or
/// managed-policy message before it is applied).
const IDLE_TIMEOUT_MS: u32 = 2_000;

/// Whether a keystroke in `scenario` is evaluated inline: a scenario the page would decide at
/// once on load ([`engine::small_enough_to_start_here`]: 32 KB of document text, 50 requests, 4
/// hops, no text only the worker holds), and smaller than one whose inline evaluation was slow
/// (`slow_from`, its documents' text in bytes). A rule on the scenario's size, never on a time
/// measured now, so that what goes inline does not depend on the machine's load; the slow
/// bound is a safety net only.
#[must_use]
pub fn inline_allowed(scenario: &Scenario, slow_from: Option<usize>) -> bool {
    engine::small_enough_to_start_here(scenario)
        && slow_from.is_none_or(|slow| text_size(scenario) < slow)
}

/// The most text a change may replace (bytes, from its first to its last changed byte) to be
/// decided inline: a keystroke, a completion, a line break with its indentation. A larger
/// paste goes to the worker: its first evaluation reads every statement pasted, which took
/// 33-93 ms inline for 30 KB at load 2.4-3.2 (BENCHMARKS.md), too near issue 14's 100 ms.
const TYPED_BYTES: usize = 1024;

/// Whether the change of a document's text from `before` to `after` is typing
/// ([`TYPED_BYTES`] or fewer bytes replaced); a document added or removed is not.
#[must_use]
pub fn typed(before: Option<&str>, after: Option<&str>) -> bool {
    let (Some(before), Some(after)) = (before, after) else {
        return false;
    };
    let (b, a) = (before.as_bytes(), after.as_bytes());
    let prefix = b.iter().zip(a).take_while(|(x, y)| x == y).count();
    let rest = b.len().min(a.len()) - prefix;
    let suffix = b
        .iter()
        .rev()
        .zip(a.iter().rev())
        .take(rest)
        .take_while(|(x, y)| x == y)
        .count();
    b.len().max(a.len()) - prefix - suffix <= TYPED_BYTES
}

/// The length of the documents' texts of `scenario`, in bytes.
fn text_size(scenario: &Scenario) -> usize {
    engine::documents(scenario)
        .iter()
        .filter_map(|d| d.text(scenario))
        .map(str::len)
        .sum()
}

/// How many of the catalog's services the mirror reads in one idle task: the whole catalog
/// (about 450 services) took one task of 53-190 ms on the page's thread at load 3-5, over issue
/// 14's 100 ms; 32 make tasks of a few milliseconds (BENCHMARKS.md).
const CATALOG_SERVICES_PER_TASK: u32 = 32;

/// The mirror's state.
enum Mirror {
    /// Not asked to start yet ([`start_later`]).
    NotStarted,
    /// Waiting for the page to be shown and idle, or instantiating.
    Starting,
    Ready(MirrorCopy),
    /// It failed, or could not start: the worker decides alone for the rest of the visit.
    Dropped,
}

/// What the ready mirror holds.
struct MirrorCopy {
    /// The scenario its copy equals (`None` before the first one).
    synced: Option<Rc<Scenario>>,
    /// How many of the catalog and managed-policy messages sent to the worker it applied.
    applied: usize,
    /// The last view it gave, with its number: the next leaves out what is the same
    /// (`outcome::ViewDelta`), as the worker's answers do (`HELD`).
    held: Option<(u32, Rc<Outcome>)>,
    /// Whether the last inline evaluation was slow ([`SLOW_MS`]).
    slow: bool,
    /// The text size of a scenario whose inline evaluation was slow twice in a row.
    slow_from: Option<usize>,
    /// Whether it evaluated once, in idle time, so that V8 compiled what a keystroke runs.
    warm: bool,
}

thread_local! {
    static MIRROR: RefCell<Mirror> = const { RefCell::new(Mirror::NotStarted) };
    /// The catalog and managed-policy messages the worker got that the mirror has not applied
    /// yet, oldest first (none are kept once the mirror is dropped).
    static WAITING: RefCell<VecDeque<JsValue>> = const { RefCell::new(VecDeque::new()) };
    /// How many catalog and managed-policy messages the worker got.
    static SENT: Cell<usize> = const { Cell::new(0) };
    /// When the last inline evaluation had set the text, evaluated, and read the view (for
    /// the figures: `rolecall:inline`).
    static PARTS: Cell<[f64; 3]> = const { Cell::new([0.0; 3]) };
    /// Whether an idle callback that applies [`WAITING`] is scheduled.
    static CATCHING_UP: Cell<bool> = const { Cell::new(false) };
}

/// A catalog or managed-policy message (`message`, the object posted) went to the worker: the
/// mirror applies the same one, in idle time (the catalog takes a long task to read).
pub(super) fn loaded(message: &JsValue) {
    SENT.with(|s| s.set(s.get() + 1));
    if MIRROR.with(|m| matches!(&*m.borrow(), Mirror::Dropped)) {
        return;
    }
    WAITING.with(|w| w.borrow_mut().push_back(message.clone()));
    catch_up_later();
}

/// The worker's first decision is drawn: the mirror starts once the page is shown and idle,
/// never on the way to the first decision.
pub(super) fn start_later() {
    let first = MIRROR.with(|m| {
        let mut m = m.borrow_mut();
        let first = matches!(&*m, Mirror::NotStarted);
        if first {
            *m = Mirror::Starting;
        }
        first
    });
    if first {
        crate::held::after_page_shown(|| {
            when_idle(&Closure::once_into_js(start), IDLE_TIMEOUT_MS);
        });
    }
}

fn start() {
    let done = Closure::once_into_js(|ready: bool| {
        if ready {
            MIRROR.with(|m| {
                *m.borrow_mut() = Mirror::Ready(MirrorCopy {
                    synced: None,
                    applied: 0,
                    held: None,
                    slow: false,
                    slow_from: None,
                    warm: false,
                });
            });
            catch_up_later();
        } else {
            fail(&JsValue::from_str("it could not start"));
        }
    });
    start_mirror(&done);
}

/// Applies the waiting messages to the ready mirror, one per idle callback, then warms it.
fn catch_up_later() {
    let ready = MIRROR.with(|m| matches!(&*m.borrow(), Mirror::Ready(_)));
    if !ready || CATCHING_UP.with(|c| c.replace(true)) {
        return;
    }
    when_idle(&Closure::once_into_js(catch_up), IDLE_TIMEOUT_MS);
}

fn catch_up() {
    CATCHING_UP.with(|c| c.set(false));
    let Some(next) = WAITING.with(|w| w.borrow_mut().pop_front()) else {
        warm();
        let sent = SENT.with(Cell::get);
        if let Some((applied, warm)) = with_copy(|copy| (copy.applied, copy.warm)) {
            let count = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
            mark_mirror(count(applied), count(sent), warm);
        }
        return;
    };
    match mirror_apply_part(&next, CATALOG_SERVICES_PER_TASK) {
        Ok(true) => {
            with_copy(|copy| copy.applied += 1);
            catch_up_later();
        }
        Ok(false) => {
            // The rest of it in the next idle task.
            WAITING.with(|w| w.borrow_mut().push_front(next));
            catch_up_later();
        }
        Err(why) => fail(&why),
    }
}

/// One sync and one evaluation of the worker's copy, in idle time, so that the first keystroke
/// does not pay V8's lazy compile of what it runs; the view read becomes the mirror's held one.
fn warm() {
    let scenario = LINK.with(|link| match &*link.borrow() {
        Link::Running(running) => running.synced.clone(),
        Link::NotStarted | Link::Unavailable => None,
    });
    let Some(scenario) = scenario else { return };
    let cold = with_copy(|copy| !copy.warm && copy.slow_from.is_none()).unwrap_or(false);
    if !cold || !inline_allowed(&scenario, None) {
        return;
    }
    match evaluate(None, &scenario, 0) {
        Ok(_) => {
            with_copy(|copy| copy.warm = true);
        }
        Err(why) => fail(&why),
    }
}

/// The user typed in `doc` from `before` to `scenario`, at `revision` (`evaluator::edited`,
/// after the worker was sent the same): when the mirror is ready, holds what the worker loaded
/// and the scenario is small ([`inline_allowed`]), the decision is computed here and
/// dispatched at once. `false` when it was not (the worker's answer decides).
pub(super) fn keystroke(
    doc: DocRef,
    before: &Rc<Scenario>,
    scenario: &Rc<Scenario>,
    revision: u64,
) -> bool {
    let sent = SENT.with(Cell::get);
    let usable = with_copy(|copy| {
        copy.applied == sent
            && inline_allowed(scenario, copy.slow_from)
            && typed(doc.text(before), doc.text(scenario))
    });
    if usable != Some(true) {
        return false;
    }
    let start = now();
    let outcome = match evaluate(Some((doc, before)), scenario, revision) {
        Ok(outcome) => outcome,
        Err(why) => {
            fail(&why);
            return false;
        }
    };
    let ms = now() - start;
    // One slow evaluation is allowed (the first of a pasted text reads all of it, the first
    // after a structural change evaluates every request): two in a row trip the safety net.
    let size = text_size(scenario);
    with_copy(|copy| {
        if ms <= SLOW_MS {
            copy.slow = false;
        } else if std::mem::replace(&mut copy.slow, true) {
            copy.slow_from = Some(copy.slow_from.map_or(size, |s| s.min(size)));
        }
    });
    #[expect(
        clippy::cast_precision_loss,
        reason = "a revision counts edits of one visit, far below 2^53"
    )]
    mark_inline(ms, revision as f64, &PARTS.with(Cell::get));
    let Some(dispatcher) = DISPATCHER.with(|d| d.borrow().clone()) else {
        return false;
    };
    dispatcher.dispatch(Action::Evaluated(outcome));
    true
}

/// Brings the mirror's copy to `scenario` (only `doc`'s text when it equals `before`), evaluates
/// it and reads its view as the outcome of `revision`, which becomes the view held.
fn evaluate(
    typed: Option<(DocRef, &Rc<Scenario>)>,
    scenario: &Rc<Scenario>,
    revision: u64,
) -> Result<Rc<Outcome>, JsValue> {
    let (synced, base) = with_copy(|copy| {
        let synced = match (&copy.synced, typed) {
            (Some(s), _) if Rc::ptr_eq(s, scenario) => Some(true),
            (Some(s), Some((_, before))) if Rc::ptr_eq(s, before) => Some(false),
            _ => None,
        };
        (synced, copy.held.as_ref().map_or(0, |(n, _)| *n))
    })
    .ok_or_else(|| JsValue::from_str("no inline evaluator"))?;
    if synced != Some(true) {
        // Only the typed text when the copy is the scenario before the keystroke.
        let typed = typed
            .filter(|_| synced == Some(false))
            .and_then(|(doc, _)| Some((doc, doc.text(scenario)?)));
        let message = match typed {
            Some(typed) => {
                let (paths, texts) = arrays(&[typed]);
                message("texts", &[("paths", paths), ("texts", texts)])
            }
            None => message("scenario", &whole(scenario)),
        };
        mirror_apply(&message)?;
    }
    with_copy(|copy| copy.synced = Some(scenario.clone()));
    let applied = now();
    let view = mirror_evaluate(base)?;
    let evaluated = now();
    let read = MIRROR.with(|m| match &*m.borrow() {
        Mirror::Ready(copy) => {
            let held = copy.held.as_ref().map(|(n, o)| (*n, &o.view));
            crate::loaded::with_managed(|aws| {
                engine::outcome_from_json(scenario, revision, &view, held, aws)
            })
        }
        _ => Err("no inline evaluator".to_owned()),
    });
    let (number, outcome) = read.map_err(|why| JsValue::from_str(&why))?;
    PARTS.with(|p| p.set([applied, evaluated, now()]));
    let outcome = Rc::new(outcome);
    with_copy(|copy| copy.held = Some((number, outcome.clone())));
    Ok(outcome)
}

/// Runs `f` on the ready mirror's state; `None` when it is not ready.
fn with_copy<R>(f: impl FnOnce(&mut MirrorCopy) -> R) -> Option<R> {
    MIRROR.with(|m| match &mut *m.borrow_mut() {
        Mirror::Ready(copy) => Some(f(copy)),
        Mirror::NotStarted | Mirror::Starting | Mirror::Dropped => None,
    })
}

/// The mirror failed: dropped for the visit (said in the console only: the worker decides).
fn fail(why: &JsValue) {
    MIRROR.with(|m| *m.borrow_mut() = Mirror::Dropped);
    WAITING.with(|w| w.borrow_mut().clear());
    drop_mirror(why);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_small_scenario_is_evaluated_inline() {
        assert!(inline_allowed(&crate::examples::default_scenario(), None));
    }

    /// A keystroke, a completion, a short paste are typing; a long paste, even replacing a text
    /// of its own length, is not; nor is a document that appears or goes.
    #[test]
    fn only_typing_is_decided_inline_not_a_long_paste() {
        let long = "x".repeat(30 * 1024);
        let other = "y".repeat(30 * 1024);
        let typed_into = format!("{}a{}", &long[..100], &long[100..]);
        let near = format!("{}{}", &long[..200], "z".repeat(1024));
        let far = format!("{}{}", &long[..200], "z".repeat(1025));
        for (before, after, expected) in [
            (Some("{}"), Some("{ }"), true),
            (Some(long.as_str()), Some(typed_into.as_str()), true),
            (Some(typed_into.as_str()), Some(long.as_str()), true),
            (Some(long.as_str()), Some(long.as_str()), true),
            (Some(&long[..200]), Some(near.as_str()), true),
            (Some(&long[..200]), Some(far.as_str()), false),
            (Some("{}"), Some(long.as_str()), false),
            (Some(long.as_str()), Some(other.as_str()), false),
            (None, Some("{}"), false),
            (Some("{}"), None, false),
        ] {
            assert_eq!(
                typed(before, after),
                expected,
                "{:?} -> {:?}",
                before.map(str::len),
                after.map(str::len)
            );
        }
    }

    #[test]
    fn a_scenario_over_the_size_rule_goes_to_the_worker() {
        let mut scenario = crate::examples::default_scenario();
        let doc = engine::documents(&scenario)[0];
        let long = format!(
            r#"{{"Version": "2012-10-17", "Id": "{}", "Statement": []}}"#,
            "x".repeat(40 * 1024)
        );
        doc.set_text(&mut scenario, long);
        assert!(!inline_allowed(&scenario, None));
    }

    #[test]
    fn after_a_slow_inline_evaluation_scenarios_that_large_go_to_the_worker() {
        let scenario = crate::examples::default_scenario();
        let size = text_size(&scenario);
        assert!(!inline_allowed(&scenario, Some(size)));
        assert!(!inline_allowed(&scenario, Some(size - 1)));
        assert!(inline_allowed(&scenario, Some(size + 1)));
    }
}
