//! The evaluation worker's side (the page's side is `evaluator.rs`): the wasm module
//! `rolecall-worker` (this crate with the `worker` feature, the only build that compiles this
//! file besides the native tests), run in a Web Worker by `web/js/worker.js`, holds its own copy of the scenario,
//! catalog and AWS managed policies, and answers each request with the core's display-ready
//! view as JSON. It words and decides nothing itself: it calls `engine`, as the page did,
//! handing it what this state holds ([`Loaded`]).

use std::cell::RefCell;

use rolecall_core::catalog::{Catalog, CatalogParts};
use rolecall_core::editing::Cache;
use rolecall_core::evaluate::Line;
use rolecall_core::managed::ManagedPolicies;
use rolecall_core::scenario::Scenario;
use rolecall_core::scenario::view::ScenarioView;
use wasm_bindgen::prelude::*;

use crate::docref::{DocRef, DocView};
use crate::engine;

/// The AWS data the worker loaded: the one copy, read by the engine, the catalog's completions
/// and hover, and "Who can?" only as it is handed to them.
#[derive(Default)]
struct Loaded {
    /// The catalog, once the page handed its text over and it was read ([`worker_catalog`]).
    catalog: Option<Catalog>,
    /// The AWS managed policies the page fetched and handed over so far ([`worker_managed`]).
    managed: ManagedPolicies,
}

thread_local! {
    static SCENARIO: RefCell<Scenario> = RefCell::new(Scenario::default());
    /// What the worker loaded of the AWS data.
    static LOADED: RefCell<Loaded> = RefCell::new(Loaded::default());
    /// The core's view cache: each evaluation re-reads only the documents that changed and
    /// re-evaluates only the requests that read them.
    static CACHE: RefCell<Cache> = RefCell::new(Cache::new());
    /// The scenario as last evaluated (managed-policy references resolved), for the
    /// suggestions that follow.
    static RESOLVED: RefCell<Scenario> = RefCell::new(Scenario::default());
    /// The scenario of the latest import, with the import's id, until the page opens it
    /// ([`worker_adopt`]): the page reads the same scenario from the same text, so opening it
    /// sends nothing back (5 MB for a large account export).
    static IMPORTED: RefCell<Option<(u32, Scenario)>> = const { RefCell::new(None) };
    /// The skeleton of the latest import's scenario (its JSON with every document of the
    /// user's as `{}`), until `worker.js` takes it ([`worker_imported_text`]): posted beside
    /// the review, not escaped inside its JSON. The page reads it when the scenario opens and
    /// asks for the texts it draws ([`worker_elided`]).
    static IMPORTED_TEXT: RefCell<Option<String>> = const { RefCell::new(None) };
    /// Every imported scenario the page opened, by import id, as imported: the texts of the
    /// documents the page holds only a marker of (`elided.rs`). Kept for the whole visit, since
    /// the page may bring such a scenario back (Restore, Undo) at any time.
    static ORIGINALS: RefCell<Vec<(u32, Scenario)>> = const { RefCell::new(Vec::new()) };
    /// The catalog the inline mirror is reading in parts ([`worker_catalog_begin`]).
    static CATALOG_PARTS: RefCell<Option<CatalogParts>> = const { RefCell::new(None) };
    /// The view sent last, with its number ([`worker_evaluate`]).
    static SENT: RefCell<Option<(u32, ScenarioView)>> = const { RefCell::new(None) };
}

/// The text marker `text` stands for (`elided.rs`), or `None` when it is not a marker.
fn unelided(text: &str) -> Option<String> {
    let (import, doc) = crate::elided::parse(text)?;
    let from_originals = ORIGINALS.with(|o| {
        let o = o.borrow();
        let (_, scenario) = o.iter().find(|(id, _)| *id == import)?;
        doc.text(scenario).map(str::to_owned)
    });
    from_originals.or_else(|| {
        IMPORTED.with(|i| {
            let i = i.borrow();
            let (_, scenario) = i.as_ref().filter(|(id, _)| *id == import)?;
            doc.text(scenario).map(str::to_owned)
        })
    })
}

/// More policy text than this in an imported scenario stays in the worker (`elided.rs`); a
/// smaller scenario is sent whole (the page shows most of it anyway).
const ELIDED_FROM: usize = 64 * 1024;

/// Whether the page gets `scenario` without its documents' texts ([`skeleton`]): a large
/// scenario that is no challenge (challenge mode grades the documents on the page).
fn elided(scenario: &Scenario) -> bool {
    let text: usize = scenario
        .documents()
        .iter()
        .map(|d| d.document.text.len())
        .sum();
    scenario.challenge.is_none() && text > ELIDED_FROM
}

/// The skeleton of `scenario`: its JSON with every document of the user's written as `{}`
/// (the page marks them, `elided::mark_all`, and fetches the texts it draws).
fn skeleton(scenario: &Scenario) -> String {
    let mut skeleton = scenario.clone();
    for doc in crate::elided::users_documents(scenario) {
        if let Some(document) = doc.get_mut(&mut skeleton) {
            document.text = "{}".to_owned();
            document.form = rolecall_core::scenario::model::DocumentForm::Object;
        }
    }
    engine::scenario_json_minified(&skeleton)
}

/// The texts of the documents the page holds markers of (`markers`: a JSON array of the
/// markers as the page has them), as a JSON array in the same order; a marker the worker
/// cannot read stays as it is (never happens: the imports opened are kept).
#[wasm_bindgen]
#[must_use]
pub fn worker_elided(markers: &str) -> String {
    let markers: Vec<String> = serde_json::from_str(markers).unwrap_or_default();
    let texts: Vec<String> = markers
        .into_iter()
        .map(|m| unelided(&m).unwrap_or(m))
        .collect();
    serde_json::to_string(&texts).unwrap_or_default()
}

/// The catalog's text, fetched by the page (which never reads it): read here, for the catalog
/// lint, the editor's completions ([`worker_complete`]) and hover ([`worker_hover`]). Its date
/// as JSON, or why it could not be read (`catalog::install_text`).
#[wasm_bindgen]
#[must_use]
pub fn worker_catalog(text: &str) -> String {
    let installed =
        LOADED.with(|l| crate::catalog::install_text(text, &mut l.borrow_mut().catalog));
    // The lints change: the view cache starts afresh.
    CACHE.with(|c| c.borrow_mut().clear());
    installed
}

/// The catalog's text for the inline mirror (`evaluator/inline.rs`), read in parts so that no
/// task on the page's thread reads all of it ([`worker_catalog_step`]): its header now.
/// `None` while services remain to be read; else what [`worker_catalog`] answers (the text could
/// not be read).
#[wasm_bindgen]
#[must_use]
pub fn worker_catalog_begin(text: String) -> Option<String> {
    match CatalogParts::new(text) {
        Ok(parts) => {
            CATALOG_PARTS.with(|p| *p.borrow_mut() = Some(parts));
            None
        }
        Err(d) => Some(crate::catalog::installed(Err(d))),
    }
}

/// Reads up to `count` more services of the catalog [`worker_catalog_begin`] began: `None`
/// while some remain, else what [`worker_catalog`] answers, with the catalog then installed as
/// it installs it (the same catalog: `CatalogParts` reads what `Catalog::parse` reads).
#[wasm_bindgen]
#[must_use]
pub fn worker_catalog_step(count: usize) -> Option<String> {
    let read = CATALOG_PARTS.with(|p| {
        let mut p = p.borrow_mut();
        let read = p.as_mut()?.step(count).transpose()?;
        p.take();
        Some(read)
    })?;
    let installed =
        LOADED.with(|l| crate::catalog::installed_into(read, &mut l.borrow_mut().catalog));
    CACHE.with(|c| c.borrow_mut().clear());
    Some(installed)
}

/// The editor's completion query (JSON, see `catalog::complete_answer`): the options as JSON,
/// or "" for none.
#[wasm_bindgen]
#[must_use]
pub fn worker_complete(query: &str) -> String {
    LOADED.with(|l| crate::catalog::complete_answer(l.borrow().catalog.as_ref(), query))
}

/// The hover text of an action pattern (`catalog::hover_text`), "" without the catalog.
#[wasm_bindgen]
#[must_use]
pub fn worker_hover(pattern: &str) -> String {
    LOADED.with(|l| crate::catalog::hover_text(l.borrow().catalog.as_ref(), pattern))
}

/// An AWS managed policy file (or the name index) arrived on the page.
#[wasm_bindgen]
pub fn worker_managed(text: &str) {
    // A file the page could not read is reported there; here it is simply not used.
    if let Ok(set) = ManagedPolicies::parse(text) {
        LOADED.with(|l| l.borrow_mut().managed.merge(set));
    }
}

/// The scenario as evaluated and its view ([`engine::resolve_and_view_in`]), with the worker's
/// view cache and what it loaded.
fn resolve_and_view(scenario: &Scenario) -> (Scenario, ScenarioView) {
    LOADED.with(|l| {
        let loaded = l.borrow();
        CACHE.with(|c| {
            engine::resolve_and_view_in(
                &mut c.borrow_mut(),
                scenario,
                loaded.catalog.as_ref(),
                &loaded.managed,
            )
        })
    })
}

/// A whole scenario replaces the worker's copy: its JSON, then the exact text of every
/// document (the editors' text, so that every span the worker computes points into it).
#[wasm_bindgen]
pub fn worker_scenario(json: &str, paths: Vec<String>, texts: Vec<String>) {
    let scenario = engine::load_scenario(json).unwrap_or_default();
    SCENARIO.with(|s| *s.borrow_mut() = scenario);
    worker_texts(paths, texts);
}

/// Documents whose text changed (typing): only they are replaced.
#[wasm_bindgen]
#[expect(
    clippy::needless_pass_by_value,
    reason = "wasm-bindgen passes arrays from JavaScript by value"
)]
pub fn worker_texts(paths: Vec<String>, texts: Vec<String>) {
    SCENARIO.with(|s| {
        let mut scenario = s.borrow_mut();
        for (path, text) in paths.iter().zip(texts) {
            if let Ok(doc) = path.parse::<DocRef>() {
                // A document the page holds only a marker of: the text imported.
                let text = unelided(&text).unwrap_or(text);
                doc.set_text(&mut scenario, text);
            }
        }
    });
}

/// Imports files (`names[i]` holds `texts[i]`) as import `id`: what `import::import_many`
/// gives, as JSON without the scenario text (which [`worker_imported_text`] gives once). The
/// scenario is kept for [`worker_adopt`].
#[wasm_bindgen]
#[must_use]
pub fn worker_import(id: u32, names: Vec<String>, texts: Vec<String>) -> String {
    // The previous import is not opened any more: its memory goes first.
    IMPORTED.with(|i| i.borrow_mut().take());
    let files: Vec<(String, String)> = names.into_iter().zip(texts).collect();
    let (mut imported, scenario) =
        LOADED.with(|l| crate::components::import::import_many(&files, &l.borrow().managed));
    drop(files);
    // The page gets a large scenario's skeleton, never its 5 MB of policy texts; a small one
    // as the text it was read from.
    imported.elided = scenario.as_ref().is_some_and(elided);
    // The page fetches them while the review shows: the scenario opens with them, and its
    // first evaluation is not followed by another one when they arrive.
    imported.aws_policies = scenario
        .as_ref()
        .map(rolecall_core::scenario::managed::aws_references)
        .unwrap_or_default();
    let text = imported.text.take();
    // Nothing when there is no scenario to open (text that is not one is only reviewed).
    let sent = match &scenario {
        Some(s) if imported.elided => Some(skeleton(s)),
        Some(_) => text,
        None => None,
    };
    IMPORTED_TEXT.with(|t| *t.borrow_mut() = sent);
    IMPORTED.with(|i| *i.borrow_mut() = scenario.map(|s| (id, s)));
    serde_json::to_string(&imported).unwrap_or_default()
}

/// The skeleton of the scenario of the import just made (once).
#[wasm_bindgen]
#[must_use]
pub fn worker_imported_text() -> Option<String> {
    IMPORTED_TEXT.with(|t| t.borrow_mut().take())
}

/// While the page shows the review (the worker is otherwise idle then): the view of the latest
/// import's scenario, into the view cache, so that the first evaluation after opening it finds
/// every document read and every request evaluated.
#[wasm_bindgen]
pub fn worker_prepare() {
    IMPORTED.with(|i| {
        if let Some((_, scenario)) = &*i.borrow() {
            let _prepared = resolve_and_view(scenario);
        }
    });
}

thread_local! {
    /// The link [`worker_open_link`] read last, with its scenario, for [`worker_prime`].
    static OPENED: RefCell<Option<(String, Scenario)>> = const { RefCell::new(None) };
}

/// Reads a link someone opened (`fragment`, without its `#`) for the page: decoded, inflated and
/// read as a scenario (`engine::open_link_text`), as the page did on its own thread (a hostile
/// link took it over 100 ms, issue 14). The scenario's JSON, from which the page reads the
/// scenario once; `None` when the link is no scenario (the page reads it itself, for the same
/// message as ever).
#[wasm_bindgen]
#[must_use]
pub fn worker_open_link(fragment: String) -> Option<String> {
    let (scenario, json) = engine::open_link_text(&fragment).ok()?;
    OPENED.with(|o| *o.borrow_mut() = Some((fragment, scenario)));
    Some(json)
}

/// What the page is about to open, handed over by index.html's head script as soon as the
/// worker's module is ready (`web/js/worker.js`, message `prime`): a link someone opened
/// (`fragment`, without its `#`), else the work the browser kept (`kept`, the autosave's text),
/// else the default example. Its view goes into the view cache, as [`worker_prepare`] does for
/// an import, so that the page's first evaluation of the same scenario, which the page sends
/// once its own module has started and drawn, finds every document read and every request
/// evaluated (issue 14, the first decision). The page's evaluation is still what is answered;
/// a guess that differs from what the page opens only costs this work.
#[wasm_bindgen]
pub fn worker_prime(fragment: Option<String>, kept: Option<String>) {
    let scenario = match fragment.filter(|f| !f.is_empty()) {
        Some(fragment) => OPENED
            .with(|o| o.borrow_mut().take())
            .filter(|(read, _)| *read == fragment)
            .map(|(_, scenario)| scenario)
            .or_else(|| engine::open_link_text(&fragment).ok().map(|(s, _)| s)),
        None => Some(
            kept.and_then(|text| engine::load_scenario(&text).ok())
                .unwrap_or_else(crate::examples::default_scenario),
        ),
    };
    if let Some(scenario) = scenario {
        let _primed = resolve_and_view(&scenario);
    }
}

/// The page opened the scenario of import `id`: it becomes the worker's copy, without being
/// sent back. `false` (and nothing changes) when the worker no longer has that import.
#[wasm_bindgen]
#[must_use]
pub fn worker_adopt(id: u32) -> bool {
    let adopted = IMPORTED.with(|i| {
        let mut i = i.borrow_mut();
        if i.as_ref().is_some_and(|(n, _)| *n == id) {
            i.take()
        } else {
            None
        }
    });
    let Some((_, scenario)) = adopted else {
        return false;
    };
    // The texts of the page's markers, for the rest of the visit.
    ORIGINALS.with(|o| o.borrow_mut().push((id, scenario.clone())));
    SCENARIO.with(|s| *s.borrow_mut() = scenario);
    true
}

/// A "Who can?" question about the worker's scenario ([`crate::reach::Question`] as JSON): the
/// answer as JSON. The access graph is built once per scenario ([`crate::reach::graph`]).
#[wasm_bindgen]
#[must_use]
pub fn worker_reach(question: &str) -> String {
    LOADED.with(|l| {
        SCENARIO
            .with(|s| crate::reach::answer_json(&s.borrow(), l.borrow().catalog.as_ref(), question))
    })
}

/// Builds the access graph of the worker's scenario ahead of the "Who can?" questions
/// ([`crate::reach::prepare`]; the user turned to the view and the graph of this revision is
/// not built): `true` when it was built now, `false` when it was built already. A question sent meanwhile
/// waits behind it (the worker handles its messages in order) and finds it built.
#[wasm_bindgen]
#[must_use]
pub fn worker_reach_prepare() -> bool {
    SCENARIO.with(|s| crate::reach::prepare(&s.borrow()))
}

/// How many access graphs the worker has built ([`crate::reach::builds`]), sent with each
/// "Who can?" answer for the browser tests.
#[wasm_bindgen]
#[must_use]
pub fn worker_reach_builds() -> u32 {
    crate::reach::builds()
}

/// The explanation of a hop of an answer ([`crate::reach::Why`] as JSON), asked when the page
/// opens it: as JSON.
#[wasm_bindgen]
#[must_use]
pub fn worker_reach_explain(why: &str) -> String {
    SCENARIO.with(|s| crate::reach::explained_json(&s.borrow(), why))
}

/// Where a "Who can?" question can start from in the worker's scenario, with the statements of
/// its identity at index `identity`, as JSON: [`crate::components::who_can::starts_json`]. They
/// parse policies, which the page's module does not (issue 14).
#[wasm_bindgen]
#[must_use]
pub fn worker_starts(identity: &str) -> String {
    let identity = identity.parse().unwrap_or(usize::MAX);
    SCENARIO.with(|s| crate::components::who_can::starts_json(&s.borrow(), identity))
}

/// Notes (Markdown) as the nodes the page draws, as JSON: [`crate::markdown::parse_json`]. The
/// page's module has no Markdown parser (issue 14, a lighter first paint).
#[wasm_bindgen]
#[must_use]
pub fn worker_markdown(text: &str) -> String {
    crate::markdown::parse_json(text)
}

/// The files that build the worker's scenario's accounts in AWS (`kind`: `aws-cli` or
/// `cloudformation`), as JSON: [`crate::components::export_menu::files_json`].
#[wasm_bindgen]
#[must_use]
pub fn worker_export(kind: &str) -> String {
    SCENARIO.with(|s| crate::components::export_menu::files_json(kind, &s.borrow()))
}

/// The worker's scenario as the autosave's JSON, written here rather than on the page for a
/// large scenario (issue 16: 2 MB took the page over a second). Minified: localStorage stores it
/// on the page's thread (about 100 ms for 3.8 M characters on a loaded machine) and holds about
/// 5 M characters in all; a reload reads it like the pretty form.
#[wasm_bindgen]
#[must_use]
pub fn worker_json() -> String {
    SCENARIO.with(|s| engine::scenario_json_minified(&s.borrow()))
}

/// The worker's scenario as pretty v1 JSON (Export of a scenario whose texts the page does
/// not hold, `elided.rs`).
#[wasm_bindgen]
#[must_use]
pub fn worker_json_pretty() -> String {
    SCENARIO.with(|s| engine::scenario_json(&s.borrow()))
}

/// The share link of the worker's scenario selecting request `request` (`engine::share_link`,
/// empty base), `None` when the scenario is too large for a link.
#[wasm_bindgen]
#[must_use]
pub fn worker_link(request: usize) -> Option<String> {
    SCENARIO.with(|s| engine::share_link(&s.borrow(), "", request))
}

/// The most explanation lines of one step sent to the page, plus [`SENT_DECIDING`] of the
/// deciding lines after them. A policy of 20,000 statements explains itself in about 80,000
/// lines (10 MB of JSON, seconds to read and draw); the page draws 300 at a time anyway
/// (`result.rs`). With 3,000 lines a 2 MB paste still sent 2.3 MB (1.2 MB per request), which
/// took the page 845 ms to read (issue 16).
pub const SENT_LINES: usize = 600;
/// The most deciding lines sent after the first [`SENT_LINES`] of a step.
pub const SENT_DECIDING: usize = 100;

/// Checks and evaluates the worker's scenario: the core's view as JSON, a
/// [`crate::outcome::ViewDelta`] without the parts equal to those of the view numbered `base`
/// when that is the view this worker sent last (the page says which one it holds; 0: none).
#[wasm_bindgen]
#[must_use]
pub fn worker_evaluate(base: u32) -> String {
    let (resolved, mut view) = SCENARIO.with(|s| resolve_and_view(&s.borrow()));
    RESOLVED.with(|r| *r.borrow_mut() = resolved);
    trim(&mut view, SENT_LINES, SENT_DECIDING);
    clip_texts(&mut view);
    SENT.with(|sent| {
        let mut sent = sent.borrow_mut();
        let number = sent.as_ref().map_or(1, |(n, _)| n.wrapping_add(1).max(1));
        let before = sent
            .as_ref()
            .filter(|(n, _)| base != 0 && *n == base)
            .map(|(n, v)| (*n, v));
        let json = serde_json::to_string(&crate::outcome::ViewDeltaOut::between(
            before, &view, number,
        ))
        .unwrap_or_default();
        *sent = Some((number, view));
        json
    })
}

/// "Allowed only if …" for every request of the worker's scenario as `worker_evaluate` last
/// evaluated it: `engine::suggestions`, as JSON.
#[wasm_bindgen]
#[must_use]
pub fn worker_suggestions() -> String {
    let suggested =
        RESOLVED.with(|r| CACHE.with(|c| engine::suggestions_in(&mut c.borrow_mut(), &r.borrow())));
    serde_json::to_string(&suggested).unwrap_or_default()
}

/// Cuts the long values quoted in the view's sentences as the page shows them anyway
/// (`clip.rs`, each backtick-quoted part on its own): a hostile link's 200 KB resource was
/// repeated in every line and summary, 1.6 MB for the page to read (issue 14).
fn clip_texts(view: &mut ScenarioView) {
    let clip = |text: &mut String| {
        if text.len() > crate::clip::MAX_SHOWN {
            let parts: Vec<String> = text
                .split('`')
                .map(|part| crate::clip::clip(part).into_owned())
                .collect();
            *text = parts.join("`");
        }
    };
    // A value no text box edits (over `clip::MAX_EDITED`) is sent as the page shows it: a
    // hostile link's 250 KB resource made each step's answer half a megabyte (issue 14).
    let clip_value = |value: &mut String| {
        if value.len() > crate::clip::MAX_EDITED {
            *value = crate::clip::clip(value).into_owned();
        }
    };
    for request in &mut view.requests {
        for (_, value) in &mut request.derived {
            clip_value(value);
        }
        for step in &mut request.steps {
            clip(&mut step.summary);
            for line in &mut step.lines {
                clip(&mut line.text);
            }
            clip_value(&mut step.resource);
            clip_value(&mut step.principal);
            clip_value(&mut step.node);
        }
    }
    for finding in &mut view.findings {
        clip(&mut finding.diagnostic.message);
        if let Some(help) = &mut finding.diagnostic.help {
            clip(help);
        }
    }
}

/// Keeps the first `limit` lines of each step and at most `deciding_limit` deciding lines after
/// them, with one line saying how many were left out (`rolecall eval` prints them all).
fn trim(view: &mut ScenarioView, limit: usize, deciding_limit: usize) {
    for step in view.requests.iter_mut().flat_map(|r| &mut r.steps) {
        if step.lines.len() <= limit {
            continue;
        }
        let rest = step.lines.split_off(limit);
        let total = rest.len();
        let deciding: Vec<Line> = rest
            .into_iter()
            .filter(|l| l.deciding)
            .take(deciding_limit)
            .collect();
        let left_out = total - deciding.len();
        step.lines.push(Line::plain(
            0,
            format!(
                "… {left_out} more lines of this explanation are not shown in the page; `rolecall eval` prints them all"
            ),
        ));
        step.lines.extend(deciding);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rolecall_core::scenario::view::{RequestView, StepView};

    /// A large import reaches the page as a skeleton: every document a marker, each marker read
    /// back from the worker as the text imported; the page's own writing of the scenario for the
    /// worker (after a structural change) gives the worker the whole scenario again.
    #[test]
    fn a_large_import_stays_in_the_worker_and_the_page_gets_what_it_draws() {
        use crate::docref::DocView;
        let export = rolecall_import::generate::account_export("111111111111", 300);
        let review = worker_import(9, vec!["big.json".to_owned()], vec![export.clone()]);
        let imported: crate::components::import::Imported = serde_json::from_str(&review).unwrap();
        assert!(imported.elided, "{}", imported.summary);
        // The AWS managed policies it names, which the page fetches while the review shows.
        assert!(
            imported
                .aws_policies
                .iter()
                .any(|a| a == "arn:aws:iam::aws:policy/ReadOnlyAccess"),
            "{:?}",
            imported.aws_policies
        );
        assert!(imported.text.is_none());
        let skeleton = worker_imported_text().unwrap();
        let (_, whole) = crate::components::import::import_many(
            &[("big.json".to_owned(), export)],
            &ManagedPolicies::new(),
        );
        let whole = whole.unwrap();
        let whole_text: usize = engine::documents(&whole)
            .iter()
            .filter_map(|d| d.text(&whole))
            .map(str::len)
            .sum();
        assert!(
            skeleton.len() * 2 < whole_text,
            "{} of {whole_text}",
            skeleton.len()
        );
        let crate::state::Action::ReviewImport(pending) =
            crate::components::import::import_action(imported, 9, Some(skeleton))
        else {
            panic!("a large import is reviewed first");
        };
        assert!(pending.opens());
        let (id, skeleton, elided) = pending.skeleton.clone().unwrap();
        assert!(elided);
        let mut page = engine::load_scenario(&skeleton).unwrap();
        crate::elided::mark_all(&mut page, id);
        assert!(crate::elided::any(&page));
        assert!(!crate::engine::small_enough_to_start_here(&page));
        assert!(worker_adopt(id));
        // What an editor asks for: the texts imported.
        let docs = engine::documents(&page);
        let markers: Vec<String> = docs
            .iter()
            .map(|d| d.text(&page).unwrap().to_owned())
            .collect();
        let texts: Vec<String> =
            serde_json::from_str(&worker_elided(&serde_json::to_string(&markers).unwrap()))
                .unwrap();
        for (doc, text) in docs.iter().zip(&texts) {
            assert_eq!(Some(text.as_str()), doc.text(&whole), "{doc}");
        }
        // A structural change on the page: the whole scenario goes to the worker, markers and
        // all, and the worker has every text again.
        SCENARIO.with(|s| *s.borrow_mut() = Scenario::default());
        page.title = Some("renamed".to_owned());
        let json = crate::evaluator::skeleton_json(&page);
        let (paths, texts): (Vec<String>, Vec<String>) = docs
            .iter()
            .map(|d| (d.to_string(), d.text(&page).unwrap().to_owned()))
            .unzip();
        worker_scenario(&json, paths, texts);
        let mut expected = whole.clone();
        expected.title = Some("renamed".to_owned());
        SCENARIO.with(|s| assert!(crate::persist::same_work(&s.borrow(), &expected)));
        // The autosave the worker writes is the whole scenario.
        let saved = engine::load_scenario(&worker_json()).unwrap();
        assert!(crate::persist::same_work(&saved, &expected));
    }

    /// A link the page opens is read here as the page read it (the same JSON, the same
    /// scenario), a link that is no scenario is left to the page, and priming with what the page
    /// opens leaves its first evaluation nothing to evaluate.
    #[test]
    fn a_link_is_read_for_the_page_and_its_view_computed_ahead() {
        let scenario = engine::load_scenario(crate::examples::EXAMPLES[1].text).unwrap();
        let link = engine::share_link(&scenario, "", 0).unwrap();
        let fragment = link.trim_start_matches('#').to_owned();
        let json = worker_open_link(fragment.clone()).unwrap();
        assert_eq!(
            engine::open_link_text(&fragment).map(|(_, j)| j),
            Ok(json.clone())
        );
        assert!(crate::persist::same_work(
            &engine::load_scenario(&json).unwrap(),
            &scenario
        ));
        assert_eq!(worker_open_link("s=v1.S0ktSS0q0S9KLS7R".to_owned()), None);
        CACHE.with(|c| c.borrow_mut().clear());
        worker_prime(Some(fragment), None);
        // What the page reads from the JSON sent.
        let opened = engine::load_scenario(&json).unwrap();
        let _view = resolve_and_view(&opened);
        let evaluated = CACHE.with(|c| c.borrow().evaluated());
        assert_eq!(evaluated, 0);
        // Nothing kept and no link: the default example, as the page opens it.
        worker_prime(None, None);
        let _view = resolve_and_view(&crate::examples::default_scenario());
        let evaluated = CACHE.with(|c| c.borrow().evaluated());
        assert_eq!(evaluated, 0);
    }

    /// The catalog the worker read (its state, handed to the engine) lints the worker's
    /// scenario: no catalog finding before it is read, one after.
    #[test]
    fn the_catalog_the_worker_read_lints_its_scenario() {
        let json = r#"{"rolecall": 1, "identities": [{"arn": "arn:aws:iam::111111111111:user/u",
          "policies": [{"name": "p", "document": {"Version": "2012-10-17", "Statement": [
            {"Effect": "Allow", "Action": "s3:GetObjekt", "Resource": "*"}]}}]}]}"#;
        worker_scenario(json, Vec::new(), Vec::new());
        assert!(!worker_evaluate(0).contains("unknown-action"));
        let installed = worker_catalog(include_str!("../../crates/core/data/catalog.json"));
        assert!(installed.contains("date"), "{installed}");
        assert!(worker_evaluate(0).contains("unknown-action"));
        assert!(worker_hover("s3:GetObject*").contains("s3:GetObjectAcl"));
    }

    #[test]
    fn text_that_is_no_scenario_is_reviewed_without_one_to_open() {
        let review = worker_import(
            3,
            vec!["bad.json".to_owned()],
            vec!["{ not json".to_owned()],
        );
        let imported: crate::components::import::Imported = serde_json::from_str(&review).unwrap();
        let skeleton = worker_imported_text();
        assert_eq!(skeleton, None);
        let crate::state::Action::ReviewImport(pending) =
            crate::components::import::import_action(imported, 3, skeleton)
        else {
            panic!("reviewed");
        };
        assert!(!pending.opens());
    }

    #[test]
    fn long_quoted_values_are_sent_as_the_page_shows_them() {
        let long = "a".repeat(200_000);
        let (_, mut view) =
            resolve_and_view(&engine::load_scenario(crate::examples::EXAMPLES[0].text).unwrap());
        view.requests[0].steps[0].lines[0].text = format!("`{long}` does not match `b*`");
        clip_texts(&mut view);
        let text = &view.requests[0].steps[0].lines[0].text;
        assert!(text.len() < crate::clip::MAX_SHOWN, "{}", text.len());
        assert!(text.ends_with("` does not match `b*`"), "{text}");
        assert_eq!(crate::clip::clip(text), text.as_str());
        // A value no text box edits is sent as the page shows it; an ARN is sent whole.
        let arn = view.requests[0].steps[0].resource.clone();
        view.requests[0].steps[0].node.clone_from(&long);
        clip_texts(&mut view);
        let step = &view.requests[0].steps[0];
        assert_eq!(step.node, crate::clip::clip(&long));
        assert_eq!(step.resource, arn);
    }

    #[test]
    fn a_long_explanation_is_sent_cut_with_what_decided() {
        let mut lines: Vec<Line> = (0..10).map(|i| Line::plain(0, format!("{i}"))).collect();
        if let Some(l) = lines.get_mut(8) {
            l.deciding = true;
        }
        let (_, view) =
            resolve_and_view(&engine::load_scenario(crate::examples::EXAMPLES[0].text).unwrap());
        let mut request: RequestView = view.requests[0].clone();
        let mut step: StepView = request.steps[0].clone();
        step.lines = lines;
        request.steps = vec![step];
        let mut view = ScenarioView {
            findings: Vec::new(),
            requests: vec![request],
        };
        trim(&mut view, 4, 4);
        let texts: Vec<&str> = view.requests[0].steps[0]
            .lines
            .iter()
            .map(|l| l.text.as_str())
            .collect();
        assert_eq!(texts.len(), 6, "{texts:?}");
        assert!(texts[4].contains("5 more lines"), "{texts:?}");
        assert_eq!(texts[5], "8");
    }
}
