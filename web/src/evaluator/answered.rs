//! The worker's answers: a decision's view read into the page's outcome, a link read, an
//! import, "Who can?", suggestions; each handed to whoever waits for it, and the waiting
//! evaluation sent next.

use std::rc::Rc;

use gloo_timers::callback::Timeout;
use wasm_bindgen::prelude::*;

use super::{
    DISPATCHER, HELD, IMPORT, ImportAnswer, ImportDone, Job, LINK, LINK_READ, LINK_WAITER, Link,
    PERSISTS, Persisted, REACH, STOPPED, SUGGEST, field, send, suggest_here, suggest_later,
    take_answered,
};
use crate::engine;
use crate::state::{Action, Banner};

/// The outcome of `job` from the worker's answer `view` (`outcome::ViewDelta` JSON), which
/// becomes the view held; the page's own evaluation when it is unreadable (a bug).
fn read_view(job: &Job, view: Option<String>) -> Rc<crate::outcome::Outcome> {
    let read = HELD.with(|held| {
        let held = held.borrow();
        let held = held.as_ref().map(|(n, o)| (*n, &o.view));
        view.ok_or_else(|| "no view".to_owned()).and_then(|view| {
            crate::loaded::with_managed(|aws| {
                engine::outcome_from_json(&job.scenario, job.revision, &view, held, aws)
            })
        })
    });
    let outcome = match read {
        Ok((number, outcome)) => {
            let outcome = Rc::new(outcome);
            HELD.with(|h| *h.borrow_mut() = Some((number, outcome.clone())));
            outcome
        }
        Err(why) => {
            web_sys::console::error_1(&format!("the worker's view is unreadable: {why}").into());
            // The next answer is whole.
            HELD.with(|h| h.borrow_mut().take());
            Rc::new(crate::loaded::with_managed(|aws| {
                engine::evaluate(job.scenario.clone(), job.revision, None, aws)
            }))
        }
    };
    // The page has read the worker's answer (a phase of the import figures).
    crate::persist::mark("rolecall:view-read");
    outcome
}

/// A view longer than this (characters of JSON) is drawn in the task after the one that read
/// it (see [`answered`]).
const LARGE_VIEW: usize = 64 * 1024;

/// Whether the worker is evaluating a revision now.
fn in_flight() -> bool {
    LINK.with(|link| matches!(&*link.borrow(), Link::Running(r) if r.in_flight.is_some()))
}

/// An answer from the worker: the outcome of the job in flight (dispatched unless the page
/// has moved on past it), then the waiting job, if any, goes out.
pub(super) fn answered(message: JsValue) {
    let kind = field(&message, "kind").as_string().unwrap_or_default();
    if kind == "link" {
        let read = field(&message, "fragment").as_string().unwrap_or_default();
        let json = field(&message, "json").as_string();
        match LINK_WAITER.with(|w| w.borrow_mut().take()) {
            Some(done) => done(json),
            None => LINK_READ.with(|r| *r.borrow_mut() = Some((read, json))),
        }
        return;
    }
    if kind == "suggested" {
        let revision = field(&message, "revision").as_f64();
        let asked = SUGGEST.with(|s| {
            let mut s = s.borrow_mut();
            #[expect(
                clippy::cast_precision_loss,
                reason = "a revision counts edits of one visit, far below 2^53"
            )]
            let same = s
                .as_ref()
                .is_some_and(|p| Some(p.revision as f64) == revision);
            if same { s.take() } else { None }
        });
        // Suggestions nobody waits for any more (a newer evaluation went out) are dropped.
        let Some(asked) = asked else { return };
        let suggestions = field(&message, "suggestions")
            .as_string()
            .ok_or_else(|| "no suggestions".to_owned())
            .and_then(|json| engine::suggestions_from_json(&json));
        match suggestions {
            Ok(suggestions) => {
                if let Some(dispatcher) = DISPATCHER.with(|d| d.borrow().clone()) {
                    dispatcher.dispatch(Action::Suggested(asked.revision, suggestions));
                }
            }
            Err(why) => {
                web_sys::console::error_1(
                    &format!("the worker's suggestions are unreadable: {why}").into(),
                );
                SUGGEST.with(|s| *s.borrow_mut() = Some(asked));
                suggest_here();
                SUGGEST.with(|s| s.borrow_mut().take());
            }
        }
        return;
    }
    if kind == "persisted" {
        let done = PERSISTS.with(|p| take_answered(p, &message));
        if let Some(done) = done {
            let json = Some(field(&message, "json")).filter(JsValue::is_string);
            done(Some(Persisted {
                json,
                link: field(&message, "link").as_string(),
            }));
        }
        return;
    }
    if kind == "imported" {
        let id = field(&message, "id").as_f64();
        let current = IMPORT.with(|i| {
            let mut i = i.borrow_mut();
            if i.as_ref().map(|(n, _, _)| f64::from(*n)) == id {
                i.take()
            } else {
                None
            }
        });
        if let Some((id, files, done)) = current {
            let answer = field(&message, "imported")
                .as_string()
                .map(|imported| ImportAnswer {
                    id,
                    imported,
                    skeleton: field(&message, "text").as_string(),
                });
            done(ImportDone { files, answer });
        }
        return;
    }
    if kind == "reached" {
        let waiting = REACH.with(|r| take_answered(r, &message));
        if let Some(done) = waiting {
            done(field(&message, "json").as_string());
        }
        return;
    }
    // The answer is read before the next evaluation goes out: the next answer leaves out what
    // it shares with this one.
    let done = (kind == "evaluated")
        .then(|| {
            LINK.with(|link| match &mut *link.borrow_mut() {
                Link::Running(running) => running.in_flight.take(),
                _ => None,
            })
        })
        .flatten()
        .map(|job| {
            let view = field(&message, "view").as_string();
            // A large answer is read in this task and drawn in the next: reading the 280 KB
            // view of a 2 MB policy's implicit deny (30-50 ms) and drawing it (50-70 ms) in
            // one task blocked the page for over 100 ms on the quiet 2-core machine (issue 16).
            let large = view.as_ref().is_some_and(|v| v.len() > LARGE_VIEW);
            let outcome = read_view(&job, view);
            (job, outcome, large)
        });
    // Whether another evaluation went out at once (then no suggestions are asked for).
    let mut next_sent = false;
    let mut orphans: Vec<Job> = Vec::new();
    LINK.with(|link| {
        let mut link = link.borrow_mut();
        let Link::Running(running) = &mut *link else {
            return;
        };
        if kind == "evaluated" {
            if let Some(next) = running.waiting.take() {
                send(running, next);
                next_sent = true;
            }
        } else {
            // The worker failed (it could not start, or the core trapped): evaluate here from
            // now on, starting with what was asked of it (the native tests' build; the page's
            // module says that it stopped).
            web_sys::console::error_1(
                &format!(
                    "the evaluation worker stopped ({})",
                    field(&message, "message").as_string().unwrap_or_default()
                )
                .into(),
            );
            orphans.extend(running.in_flight.take());
            orphans.extend(running.waiting.take());
            *link = Link::Unavailable;
        }
    });
    if kind != "evaluated"
        && let Some((_, files, done)) = IMPORT.with(|i| i.borrow_mut().take())
    {
        done(ImportDone {
            files,
            answer: None,
        });
    }
    if kind != "evaluated" {
        if let Some(done) = LINK_WAITER.with(|w| w.borrow_mut().take()) {
            done(None);
        }
        for (_, done) in REACH.with(|r| std::mem::take(&mut *r.borrow_mut())) {
            done(None);
        }
        for (_, done) in PERSISTS.with(|p| std::mem::take(&mut *p.borrow_mut())) {
            done(None);
        }
        suggest_here();
    }
    let Some(dispatcher) = DISPATCHER.with(|d| d.borrow().clone()) else {
        return;
    };
    if kind != "evaluated" && !crate::COMPUTES {
        dispatcher.dispatch(Action::ShowBanner(Banner::error(STOPPED)));
        return;
    }
    if let Some((job, outcome, large)) = done {
        // The inline mirror starts once the page is shown and idle (`inline.rs`).
        super::inline::start_later();
        let pending = outcome.suggestions_pending && !next_sent;
        let to = dispatcher.clone();
        let show = move || {
            to.dispatch(Action::Evaluated(outcome));
            // Unless a newer evaluation went out meanwhile (it asks for its own).
            if pending && !in_flight() {
                suggest_later(job.scenario, job.revision);
            }
        };
        if large {
            Timeout::new(0, show).forget();
        } else {
            show();
        }
    }
    if let Some(job) = orphans.pop() {
        // The newest one only: the older is stale.
        let outcome = crate::loaded::with_managed(|aws| {
            engine::evaluate(job.scenario, job.revision, None, aws)
        });
        dispatcher.dispatch(Action::Evaluated(Rc::new(outcome)));
    }
}
