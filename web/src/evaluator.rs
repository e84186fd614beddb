//! Where the page's evaluations run: in a Web Worker, so that no scenario, however large or
//! hostile, blocks typing (issues 14 and 16).
//!
//! The worker is a wasm module of its own (`rolecall-worker`, this crate built with the `worker`
//! feature), started by `web/js/worker.js`; its side is `worker.rs`. The page's module does not
//! carry the evaluation, suggestions, import/export or access graph (issue 14): see
//! [`crate::COMPUTES`]. The page sends what changed since the worker's
//! copy (the texts of the edited documents, or the whole scenario after a structural change)
//! and asks for an evaluation; the worker answers with the core's `ScenarioView` as JSON.
//!
//! One evaluation is in flight at a time, and at most one waits: a newer revision replaces the
//! waiting one, so stale work never queues up. When the browser cannot run the worker (or it
//! fails), the page says so ([`STOPPED`]): it cannot evaluate on its own thread.
//!
//! The worker answers with the decision (the view) alone, which the page shows at once; the
//! "allowed only if …" suggestions, most of the worker's work, follow in a second message that
//! the page asks for once typing has paused for [`SUGGEST_AFTER_MS`] after the decision shown,
//! and that the worker skips when a newer evaluation already waits (issue 14).

use std::cell::RefCell;
use std::rc::Rc;

use gloo_timers::callback::Timeout;
use rolecall_core::scenario::Scenario;
use wasm_bindgen::prelude::*;
use yew::UseReducerDispatcher;

use crate::docref::{DocRef, DocView};
use crate::engine;
use crate::state::{Action, Banner, State};

mod answered;
mod inline;
mod sync;

use answered::answered;
#[cfg(test)]
use sync::changed_texts;
#[cfg(test)]
pub(crate) use sync::skeleton_json;
use sync::{arrays, sync};

#[wasm_bindgen(module = "/js/worker.js")]
extern "C" {
    #[wasm_bindgen(js_name = startWorker)]
    fn start_worker(on_message: &JsValue) -> JsValue;
    #[wasm_bindgen(js_name = postToWorker)]
    fn post_to_worker(worker: &JsValue, message: &JsValue);
    #[wasm_bindgen(js_name = primedLink)]
    fn primed_link() -> Option<String>;
}

/// What the page says when the worker cannot run or stopped: the page's module cannot
/// evaluate, import, export or answer "Who can?" itself ([`crate::COMPUTES`]).
pub const STOPPED: &str = "The evaluation worker stopped, so the page cannot evaluate, import or answer \"Who can?\" now: reload the page (your work is autosaved).";

/// How long after a decision is shown the page asks the worker for its suggestions, unless a
/// newer revision went out meanwhile: typing at any usual pace never waits for suggestions.
const SUGGEST_AFTER_MS: u32 = 100;

/// The suggestions asked of the worker for the decision shown (the worker's last evaluation).
struct PendingSuggest {
    revision: u64,
    /// The scenario of that evaluation (to compute them on the page if the worker fails).
    scenario: Rc<Scenario>,
    /// Until the request goes out.
    _timer: Option<Timeout>,
}

/// One evaluation: a revision of the scenario.
struct Job {
    scenario: Rc<Scenario>,
    revision: u64,
}

/// The running worker and what it holds.
struct Running {
    worker: JsValue,
    /// Kept alive as long as the worker: it receives the worker's answers.
    _on_message: Closure<dyn FnMut(JsValue)>,
    /// The scenario the worker's copy equals (`None` before the first one).
    synced: Option<Rc<Scenario>>,
    /// The evaluation the worker is doing.
    in_flight: Option<Job>,
    /// The newest revision waiting for the worker.
    waiting: Option<Job>,
}

enum Link {
    NotStarted,
    Running(Running),
    /// No worker: the page evaluates on its own thread.
    Unavailable,
}

thread_local! {
    static LINK: RefCell<Link> = const { RefCell::new(Link::NotStarted) };
    static DISPATCHER: RefCell<Option<UseReducerDispatcher<State>>> = const { RefCell::new(None) };
    /// The import the worker is doing: its files (to import here if the worker fails) and what
    /// to do with the result.
    static IMPORT: RefCell<Option<PendingImport>> = const { RefCell::new(None) };
    /// The number of questions asked of the worker (imports, "Who can?", autosaves), which
    /// identifies each answer.
    static ASKED: std::cell::Cell<u32> = const { std::cell::Cell::new(0) };
    /// The "Who can?" questions the worker is answering, by id, with what to do with each
    /// answer (`None`: the worker failed, answer on the page).
    static REACH: RefCell<Vec<(u32, ReachDone)>> = const { RefCell::new(Vec::new()) };
    /// A scenario the page read from a text it still has (a link, the autosave), with that
    /// text: the worker reads the same text rather than have the page write the scenario out.
    static SEED: RefCell<Option<(std::rc::Weak<Scenario>, String)>> = const { RefCell::new(None) };
    /// The scenario of the latest import the worker answered, which the worker keeps: when
    /// the page opens it, the worker is told to adopt its own copy instead of being sent the
    /// whole scenario again (5 MB for a large account export).
    static ADOPTABLE: RefCell<Option<(u32, Rc<Scenario>)>> = const { RefCell::new(None) };
    /// The autosave texts and links asked of the worker, by id, in the order asked.
    static PERSISTS: RefCell<Vec<(u32, PersistDone)>> = const { RefCell::new(Vec::new()) };
    /// The suggestions to ask for, or asked for, after the last decision.
    static SUGGEST: RefCell<Option<PendingSuggest>> = const { RefCell::new(None) };
    /// The last view the worker sent, with its number: the worker leaves out of the next one
    /// what is the same (`outcome::ViewDelta`).
    static HELD: RefCell<Option<(u32, Rc<crate::outcome::Outcome>)>> = const { RefCell::new(None) };
    /// The link the worker read for the page ([`read_link`]): its fragment and its scenario's
    /// JSON (`None`: no scenario), until the page takes it.
    static LINK_READ: RefCell<Option<(String, Option<String>)>> = const { RefCell::new(None) };
    /// Who waits for the link the worker reads ([`read_link`]).
    static LINK_WAITER: RefCell<Option<LinkDone>> = const { RefCell::new(None) };
    /// The revision [`edited`] submitted before the page drew it: the app's own submission of
    /// that revision, after the drawing, finds it done.
    static EARLY: std::cell::Cell<Option<u64>> = const { std::cell::Cell::new(None) };
    /// The revision [`edited`] was last called for.
    static EDITED: std::cell::Cell<Option<u64>> = const { std::cell::Cell::new(None) };
}

type ReachDone = Box<dyn FnOnce(Option<String>)>;

/// Gets the JSON of a link's scenario read by the worker, or `None` (the page reads it).
type LinkDone = Box<dyn FnOnce(Option<String>)>;

/// The link `fragment` (a link someone opened), read by the worker, which index.html's head
/// script told to read it as the page started: `done` gets its scenario's JSON (the page reads
/// only the scenario from it, issue 14), or `None` when it is no scenario or the worker failed
/// (the page then reads the link itself, for the same message as ever). `false` (and `done` is
/// not called) when the worker was not told to read this link.
pub fn read_link(fragment: &str, done: impl FnOnce(Option<String>) + 'static) -> bool {
    if primed_link().as_deref() != Some(fragment) || with_running(|_| ()).is_none() {
        return false;
    }
    let arrived = LINK_READ.with(|r| r.borrow_mut().take());
    match arrived {
        Some((read, json)) if read == fragment => done(json),
        Some(_) => done(None),
        None => LINK_WAITER.with(|w| *w.borrow_mut() = Some(Box::new(done))),
    }
    true
}

/// What the worker wrote of its scenario for [`persist`]: the autosave JSON (a JavaScript
/// string, stored as it is, without copying it into wasm) when asked, and the share link.
pub struct Persisted {
    /// The scenario as pretty v1 JSON (`engine::scenario_json`), if asked for.
    pub json: Option<JsValue>,
    /// The share link (`engine::share_link` with an empty base), `None` when too large.
    pub link: Option<String>,
}

/// Called with the worker's [`Persisted`], or `None` when the worker failed meanwhile (the
/// caller then writes it on the page).
type PersistDone = Box<dyn FnOnce(Option<Persisted>)>;

type PendingImport = (u32, Vec<(String, String)>, Box<dyn FnOnce(ImportDone)>);

/// How an import ended, for the page to act on (`components::import`): the files imported,
/// with the worker's answer, or `None` when there is no worker (or it failed, or its answer was
/// unreadable): the page then imports them on its own thread.
pub struct ImportDone {
    /// The files `(name, text)` asked for.
    pub files: Vec<(String, String)>,
    /// The worker's answer.
    pub answer: Option<ImportAnswer>,
}

/// What the worker answered to import `id`.
pub struct ImportAnswer {
    /// The import's number ([`adoptable`]).
    pub id: u32,
    /// What the worker's `import::import_many` gave, as JSON (`components::import::Imported`).
    pub imported: String,
    /// The scenario's skeleton (`elided.rs`): the worker keeps the texts and the scenario.
    pub skeleton: Option<String>,
}

/// Asks for the evaluation of `scenario` at `revision`; the outcome is dispatched as
/// [`Action::Evaluated`] when it arrives. `false` when there is no worker: the caller then
/// evaluates on the page's thread.
pub fn submit(
    scenario: Rc<Scenario>,
    revision: u64,
    dispatcher: UseReducerDispatcher<State>,
) -> bool {
    DISPATCHER.with(|d| *d.borrow_mut() = Some(dispatcher.clone()));
    if EARLY.with(|e| e.take()) == Some(revision) {
        // Already on its way ([`edited`]).
        return true;
    }
    let sent = with_running(|running| {
        let job = Job { scenario, revision };
        if running.in_flight.is_some() {
            // The worker is busy: this revision replaces any older one waiting.
            running.waiting = Some(job);
        } else {
            send(running, job);
        }
    })
    .is_some();
    if !sent && !crate::COMPUTES {
        dispatcher.dispatch(Action::ShowBanner(Banner::error(STOPPED)));
    }
    sent
}

/// The user changed the text of `doc` (typing) from `before` to `scenario`, now at `revision`:
/// called by the app as it renders the state the keystroke made (`State::typed`), so that the
/// worker gets the new text and starts evaluating while the page draws the edit, instead of
/// after it (issue 14, keystroke -> decision inside
/// one frame: the drawing took 2-4 ms of the keystroke's path). Only when the worker runs and
/// has evaluated before; otherwise the app submits the revision after drawing it, as any other.
pub fn edited(doc: DocRef, before: &Rc<Scenario>, scenario: &Rc<Scenario>, revision: u64) {
    // Once per revision: the editor's change callback calls it first ([`typed`]).
    if EDITED.with(|e| e.replace(Some(revision))) == Some(revision) {
        return;
    }
    let sent = LINK.with(|link| {
        let Link::Running(running) = &mut *link.borrow_mut() else {
            return false;
        };
        if running.synced.is_none() {
            return false;
        }
        let job = Job {
            scenario: scenario.clone(),
            revision,
        };
        if running.in_flight.is_some() {
            // Sent when the worker answers (`answered`), as in [`submit`].
            running.waiting = Some(job);
            return true;
        }
        // The worker's copy is the scenario before this edit: only the edited text goes.
        if running
            .synced
            .as_ref()
            .is_some_and(|synced| Rc::ptr_eq(synced, before))
            && let Some(text) = doc.text(scenario)
        {
            let (paths, texts) = arrays(&[(doc, text)]);
            running.post("texts", &[("paths", paths), ("texts", texts)]);
            running.synced = Some(scenario.clone());
        }
        send(running, job);
        true
    });
    if sent {
        EARLY.with(|e| e.set(Some(revision)));
    }
    // A small scenario is decided here too, in the keystroke's task, so that its decision is
    // drawn in the keystroke's frame (`inline.rs`); the worker's answer then draws nothing new.
    inline::keystroke(doc, before, scenario, revision);
}

/// The user typed in a document's editor and `state` is the state that made (the reducer runs
/// as the action is dispatched): [`edited`] at once, in the keystroke's task, before Yew renders
/// the edit. A decision made inline then lands in the reducer before that render, and the edit
/// and its decision are drawn in one pass: called from the app's render instead, the decision's
/// render came after Yew's scheduler had run 16 ms and yielded, so after the keystroke's frame.
pub fn typed(state: &State) {
    if let Some(typed) = &state.typed {
        edited(typed.doc, &typed.before, &state.scenario, state.revision);
    }
}

/// Imports files `(name, text)` in the worker (reading a 5 MB account export takes seconds),
/// then calls `done` on the page with the worker's answer: the page reads the scenario's text
/// once. Without a worker, `done` gets no answer at once (the page imports on its own thread).
pub fn import(files: Vec<(String, String)>, done: impl FnOnce(ImportDone) + 'static) {
    let id = next_id();
    // The worker keeps only the latest import's scenario.
    ADOPTABLE.with(|a| a.borrow_mut().take());
    let sent = with_running(|running| {
        let names = js_sys::Array::new();
        let texts = js_sys::Array::new();
        for (name, text) in &files {
            names.push(&name.as_str().into());
            texts.push(&text.as_str().into());
        }
        running.post(
            "import",
            &[
                ("id", f64::from(id).into()),
                ("names", names.into()),
                ("texts", texts.into()),
            ],
        );
    });
    if sent.is_some() {
        // A newer import replaces one still running (its answer is then ignored).
        IMPORT.with(|i| *i.borrow_mut() = Some((id, files, Box::new(done))));
    } else {
        done(ImportDone {
            files,
            answer: None,
        });
    }
}

/// Asks the worker a "Who can?" question about `scenario` (`kind` is `reach`, with a
/// [`crate::reach::Question`] as JSON, or `reach_explain`, with a [`crate::reach::Why`]); `done`
/// gets the answer's JSON when it arrives, or `None` at once when there is no worker (or later
/// when it failed): the caller then answers on the page's thread.
pub fn reach(
    scenario: &Rc<Scenario>,
    kind: &str,
    json: &str,
    done: impl FnOnce(Option<String>) + 'static,
) {
    with_running(|running| sync(running, scenario));
    ask(kind, &json.into(), done);
}

/// Asks the worker something about its copy as it is, or about nothing of the scenario (`kind`
/// `catalog`: the catalog's text to read; `complete`, `hover`: the editor's completion and hover
/// on the catalog, which only the worker reads; `markdown`: notes, answered with the nodes the
/// page draws, `crate::markdown`), with `payload` (a JavaScript string) as the
/// message's `json`. `done` gets the answer when it arrives, or `None` (at once when there is
/// no worker, later when it failed). Answered like a "Who can?" question, in the order asked
/// behind the evaluations sent before.
pub fn ask(kind: &str, payload: &JsValue, done: impl FnOnce(Option<String>) + 'static) {
    let id = next_id();
    let sent = with_running(|running| {
        running.post(
            kind,
            &[("id", f64::from(id).into()), ("json", payload.clone())],
        );
    });
    if sent.is_some() {
        REACH.with(|r| r.borrow_mut().push((id, Box::new(done))));
    } else {
        done(None);
    }
}

/// Asks the worker for the texts of the documents the page holds markers of (`elided.rs`);
/// `done` gets them in the same order, or `None` when there is no worker.
pub fn elided_texts(markers: &[String], done: impl FnOnce(Option<Vec<String>>) + 'static) {
    let json = serde_json::to_string(markers).unwrap_or_default();
    ask("elided", &json.into(), move |reply| {
        done(reply.and_then(|json| serde_json::from_str(&json).ok()));
    });
}

/// The scenario of import `id`, read on the page from its skeleton (`elided.rs`), is about to
/// open: the worker keeps that import's scenario, so opening it sends nothing back.
pub fn adoptable(id: u32, scenario: &Rc<Scenario>) {
    ADOPTABLE.with(|a| *a.borrow_mut() = Some((id, scenario.clone())));
}

/// Asks the worker for the files that build `scenario`'s accounts in AWS (`kind`: `aws-cli` or
/// `cloudformation`, as `rolecall export --format`): rolecall-import is in the worker's module
/// only. `done` gets `(file name, text)` each, or `None` when there is no worker. Asked and
/// answered like a "Who can?" question.
pub fn export(
    scenario: &Rc<Scenario>,
    kind: &str,
    done: impl FnOnce(Option<Vec<(String, String)>>) + 'static,
) {
    reach(scenario, "export", kind, move |reply| {
        done(reply.and_then(|json| serde_json::from_str(&json).ok()));
    });
}

/// Remembers that `scenario` was read from `json` (a link's decoded text, the autosave), so
/// that the worker reads that text when it first needs the whole scenario, instead of the page
/// writing a large scenario out as JSON on its own thread (issues 14, 16).
pub fn seed(scenario: &Rc<Scenario>, json: String) {
    SEED.with(|s| *s.borrow_mut() = Some((Rc::downgrade(scenario), json)));
}

/// Asks the worker to write `scenario` (brought up to date first) as the autosave JSON (when
/// `json`) and as a share link selecting `request`: a large scenario takes long tasks to write
/// on the page (issue 16). `done` gets the answer, in the order asked. `false` when there is no
/// worker: the caller writes them on the page.
pub fn persist(
    scenario: &Rc<Scenario>,
    request: usize,
    json: bool,
    done: impl FnOnce(Option<Persisted>) + 'static,
) -> bool {
    persist_as(scenario, request, json, false, done)
}

/// [`persist`] with the JSON pretty-printed (`engine::scenario_json`), for Export of a scenario
/// whose texts only the worker has (`elided.rs`).
pub fn export_json(
    scenario: &Rc<Scenario>,
    done: impl FnOnce(Option<Persisted>) + 'static,
) -> bool {
    persist_as(scenario, 0, true, true, done)
}

fn persist_as(
    scenario: &Rc<Scenario>,
    request: usize,
    json: bool,
    pretty: bool,
    done: impl FnOnce(Option<Persisted>) + 'static,
) -> bool {
    let id = next_id();
    let sent = with_running(|running| {
        sync(running, scenario);
        #[expect(
            clippy::cast_precision_loss,
            reason = "a request index is far below 2^53"
        )]
        let request = request as f64;
        running.post(
            "persist",
            &[
                ("id", f64::from(id).into()),
                ("request", request.into()),
                ("json", json.into()),
                ("pretty", pretty.into()),
            ],
        );
    });
    if sent.is_some() {
        PERSISTS.with(|p| p.borrow_mut().push((id, Box::new(done))));
    }
    sent.is_some()
}

/// Starts the worker (if it is not running yet), so that it is ready for the next revision.
pub fn warm_up() {
    let _worker_runs: bool = with_running(|_| ()).is_some();
}

/// Hands text the page fetched (an AWS managed policy) to the worker, which parses its own
/// copy. Sent before the re-evaluation it causes, so the worker has it in time.
pub fn share(kind: &str, text: &str) {
    with_running(|running| {
        running.post(kind, &[("text", text.into())]);
    });
}

impl Running {
    /// Posts the worker a message of `kind` with `fields`.
    fn post(&self, kind: &str, fields: &[(&str, JsValue)]) {
        let message = message(kind, fields);
        post_to_worker(&self.worker, &message);
        if matches!(kind, "catalog" | "managed") {
            // What the worker loaded, its inline mirror loads too (`inline.rs`).
            inline::loaded(&message);
        }
    }
}

/// A new id for a question asked of the worker, which its answer carries.
fn next_id() -> u32 {
    ASKED.with(|n| {
        n.set(n.get().wrapping_add(1));
        n.get()
    })
}

/// Runs `f` with the worker, starting it on first use; `None` when there is none.
fn with_running<R>(f: impl FnOnce(&mut Running) -> R) -> Option<R> {
    LINK.with(|link| {
        let mut link = link.borrow_mut();
        if matches!(*link, Link::NotStarted) {
            *link = start().map_or(Link::Unavailable, Link::Running);
        }
        match &mut *link {
            Link::Running(running) => Some(f(running)),
            Link::NotStarted | Link::Unavailable => None,
        }
    })
}

fn start() -> Option<Running> {
    let on_message = Closure::<dyn FnMut(JsValue)>::new(answered);
    let worker = start_worker(on_message.as_ref());
    if worker.is_null() || worker.is_undefined() {
        return None;
    }
    Some(Running {
        worker,
        _on_message: on_message,
        synced: None,
        in_flight: None,
        waiting: None,
    })
}

/// Brings the worker's copy up to `job`'s scenario and asks for its evaluation.
fn send(running: &mut Running, job: Job) {
    // The suggestions of an older decision are not asked for any more.
    SUGGEST.with(|s| s.borrow_mut().take());
    sync(running, &job.scenario);
    #[expect(
        clippy::cast_precision_loss,
        reason = "a revision counts edits of one visit, far below 2^53"
    )]
    let revision = job.revision as f64;
    // The view the page holds: the answer leaves out what is the same.
    let base = HELD.with(|h| h.borrow().as_ref().map_or(0, |(n, _)| *n));
    running.post(
        "evaluate",
        &[
            ("revision", revision.into()),
            ("base", f64::from(base).into()),
        ],
    );
    // The evaluation is on its way (the figures test splits keystroke -> decision with it).
    crate::persist::mark("rolecall:posted");
    running.in_flight = Some(job);
}

fn message(kind: &str, fields: &[(&str, JsValue)]) -> JsValue {
    let object = js_sys::Object::new();
    let set = |key: &str, value: &JsValue| {
        // Setting a plain property of a fresh object cannot fail.
        drop(js_sys::Reflect::set(&object, &key.into(), value));
    };
    set("kind", &kind.into());
    for (key, value) in fields {
        set(key, value);
    }
    object.into()
}

fn field(message: &JsValue, key: &str) -> JsValue {
    js_sys::Reflect::get(message, &key.into()).unwrap_or(JsValue::UNDEFINED)
}

/// Takes out of `waiting` what waits for the answer `message` (by the id it carries).
fn take_answered<T>(waiting: &RefCell<Vec<(u32, T)>>, message: &JsValue) -> Option<T> {
    let id = field(message, "id").as_f64();
    let mut waiting = waiting.borrow_mut();
    let at = waiting
        .iter()
        .position(|(n, _)| Some(f64::from(*n)) == id)?;
    Some(waiting.remove(at).1)
}

/// Asks the worker, after [`SUGGEST_AFTER_MS`], for the suggestions of the evaluation of
/// `scenario` at `revision` it made last, unless another evaluation goes out meanwhile.
fn suggest_later(scenario: Rc<Scenario>, revision: u64) {
    let timer = Timeout::new(SUGGEST_AFTER_MS, move || {
        let sent = with_running(|running| {
            #[expect(
                clippy::cast_precision_loss,
                reason = "a revision counts edits of one visit, far below 2^53"
            )]
            let revision = revision as f64;
            running.post("suggest", &[("revision", revision.into())]);
        });
        // The pending request stays (with this timer, which must outlive its own callback)
        // until its answer arrives or a newer evaluation goes out.
        if sent.is_none() {
            suggest_here();
        }
    });
    SUGGEST.with(|s| {
        *s.borrow_mut() = Some(PendingSuggest {
            revision,
            scenario,
            _timer: Some(timer),
        });
    });
}

/// The suggestions asked of the worker, computed on the page's thread (the worker failed). The
/// page drops them if it already has them.
fn suggest_here() {
    if !crate::COMPUTES {
        // The page's module cannot: the page has said that the worker stopped.
        return;
    }
    let Some((revision, scenario)) = SUGGEST.with(|s| {
        s.borrow()
            .as_ref()
            .map(|p| (p.revision, p.scenario.clone()))
    }) else {
        return;
    };
    let suggestions = engine::suggestions(&crate::loaded::with_managed(|aws| {
        engine::resolved(&scenario, aws)
    }));
    if let Some(dispatcher) = DISPATCHER.with(|d| d.borrow().clone()) {
        dispatcher.dispatch(Action::Suggested(revision, suggestions));
    }
}

/// The page's own first decision (`engine::evaluate_view`) was shown: the worker evaluates the
/// same revision, then its suggestions follow as after any decision. Without a worker, they are
/// computed here.
pub fn suggest_after_first(
    scenario: Rc<Scenario>,
    revision: u64,
    dispatcher: UseReducerDispatcher<State>,
) {
    if !submit(scenario.clone(), revision, dispatcher.clone()) && crate::COMPUTES {
        let suggestions = engine::suggestions(&crate::loaded::with_managed(|aws| {
            engine::resolved(&scenario, aws)
        }));
        dispatcher.dispatch(Action::Suggested(revision, suggestions));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn example() -> Scenario {
        engine::load_scenario(crate::examples::EXAMPLES[0].text).unwrap()
    }

    #[test]
    fn typing_in_a_document_sends_only_that_document() {
        let old = example();
        let mut new = old.clone();
        let doc = engine::documents(&old)[0];
        doc.set_text(&mut new, "{}".to_owned());
        let changed = changed_texts(&old, &new).unwrap();
        assert_eq!(changed, vec![(doc, "{}")]);
        assert_eq!(changed_texts(&old, &old.clone()), Some(Vec::new()));
    }

    #[test]
    fn the_worker_reads_a_large_scenario_from_its_skeleton_and_texts() {
        let mut scenario = example();
        let doc = engine::documents(&scenario)[0];
        let statement = r#"{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}"#;
        let big = format!(
            "{{\"Version\": \"2012-10-17\", \"Statement\": [\n{}\n]}}",
            vec![statement; 1_000].join(",\n")
        );
        doc.set_text(&mut scenario, big);
        let json = skeleton_json(&scenario);
        assert!(json.len() < 8 * 1024, "{}", json.len());
        // What `worker_scenario` does with it: read the JSON, then set every text.
        let mut read = engine::load_scenario(&json).unwrap();
        for d in engine::documents(&scenario) {
            if let Some(text) = d.text(&scenario) {
                d.set_text(&mut read, text.to_owned());
            }
        }
        assert!(crate::persist::same_work(&read, &scenario));
    }

    #[test]
    fn any_other_change_sends_the_whole_scenario() {
        let old = example();
        let mut new = old.clone();
        new.title = Some("another".to_owned());
        assert_eq!(changed_texts(&old, &new), None);
        let mut new = old.clone();
        let doc = engine::documents(&old)[0];
        doc.set_text(&mut new, "{}".to_owned());
        new.title = Some("another".to_owned());
        assert_eq!(changed_texts(&old, &new), None);
    }
}
