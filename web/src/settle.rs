//! Work that waits for the page's first decision: what the page does on opening that the first
//! decision does not need (writing the opened scenario's autosave and share link, `app.rs`).
//!
//! Why: the page's first render and its effects are one task chain on the page's thread, and the
//! worker's answer (computed ahead, `worker_prime`) waits behind it. Writing the default
//! example's autosave and link there (the scenario written out as JSON, the link deflated and
//! encoded, both stored) took 55 ms of that chain on the 2-core machine at load 5 (a Chromium
//! profile of a first visit, BENCHMARKS.md "The page's start in tasks"), before the evaluation
//! was even posted. Nothing is lost by the wait: a link's scenario and previous work are stored
//! at once (`app::remember_opened_link`), kept work is already stored, the default example is
//! what a reload opens anyway, and the `pagehide` flush (`persist::keep_latest`) still runs.

use std::cell::{Cell, RefCell};

use gloo_timers::callback::Timeout;

/// How long after the first held work it runs even when no decision came (the worker is slow
/// or stopped), so that a later edit's autosave is never held for long.
const HOLD_AT_MOST_MS: u32 = 1_500;

/// The held work: the latest only (each is "write the state as it is now").
type Held = Box<dyn FnOnce()>;

thread_local! {
    static HOLDING: Cell<bool> = const { Cell::new(true) };
    static HELD: RefCell<Option<Held>> = const { RefCell::new(None) };
    static LIMIT: RefCell<Option<Timeout>> = const { RefCell::new(None) };
}

/// Runs `work` now once the first decision is drawn ([`release`]), else holds it until then (or
/// [`HOLD_AT_MOST_MS`]), replacing any work held before: the latest call writes the latest state.
pub fn after_first_decision(work: impl FnOnce() + 'static) {
    if !HOLDING.get() {
        work();
        return;
    }
    HELD.with(|h| *h.borrow_mut() = Some(Box::new(work)));
    start_limit();
}

/// Starts the timer that ends the hold when no decision comes (once).
fn start_limit() {
    LIMIT.with(|l| {
        let mut l = l.borrow_mut();
        if l.is_none() {
            *l = Some(Timeout::new(HOLD_AT_MOST_MS, || {
                // This timer is running: left to end on its own, not cancelled from inside.
                LIMIT.with(|l| l.borrow_mut().take().map(Timeout::forget));
                release();
            }));
        }
    });
}

/// The first decision is drawn (or none will come): the held work runs in the next task, so
/// that the decision is painted first; from now on nothing is held.
pub fn release() {
    if !HOLDING.replace(false) {
        return;
    }
    LIMIT.with(|l| drop(l.borrow_mut().take()));
    if let Some(work) = HELD.with(|h| h.borrow_mut().take()) {
        Timeout::new(0, work).forget();
    }
}
