//! Bringing the worker's copy of the scenario up to the page's: the changed documents' texts
//! while typing, else the scenario's own text, else the scenario written out as JSON with its
//! long texts beside it.

use std::rc::Rc;

use rolecall_core::scenario::Scenario;
use wasm_bindgen::prelude::*;

use super::{ADOPTABLE, Running, SEED};
use crate::docref::{DocRef, DocView};
use crate::engine;

/// Brings the worker's copy up to `scenario`: the changed documents' texts, else the text the
/// scenario was read from ([`seed`]), else the whole scenario written out here.
pub(super) fn sync(running: &mut Running, scenario: &Rc<Scenario>) {
    let same = running
        .synced
        .as_ref()
        .is_some_and(|s| Rc::ptr_eq(s, scenario));
    if !same {
        // The seed serves the first sync only.
        let seeded = SEED
            .with(|s| s.borrow_mut().take())
            .filter(|(seeded, _)| std::ptr::eq(seeded.as_ptr(), Rc::as_ptr(scenario)))
            .map(|(_, json)| json);
        let adopted = ADOPTABLE.with(|a| {
            let mut a = a.borrow_mut();
            let id = a
                .as_ref()
                .filter(|(_, imported)| Rc::ptr_eq(imported, scenario))
                .map(|(id, _)| *id);
            if id.is_some() {
                a.take();
            }
            id
        });
        if let Some(id) = adopted {
            // The worker has this scenario already: the one it imported.
            running.post("adopt", &[("id", f64::from(id).into())]);
            running.synced = Some(scenario.clone());
            return;
        }
        if let Some(json) = seeded {
            // The worker reads the same text the page read: the same scenario, the same texts.
            let none = || JsValue::from(js_sys::Array::new());
            running.post(
                "scenario",
                &[("json", json.into()), ("paths", none()), ("texts", none())],
            );
            running.synced = Some(scenario.clone());
            return;
        }
        match running
            .synced
            .as_deref()
            .and_then(|old| changed_texts(old, scenario))
        {
            Some(changed) => {
                if !changed.is_empty() {
                    let (paths, texts) = arrays(&changed);
                    running.post("texts", &[("paths", paths), ("texts", texts)]);
                }
            }
            None => running.post("scenario", &whole(scenario)),
        }
        running.synced = Some(scenario.clone());
    }
}

/// The fields of a `scenario` message that replaces a copy with `scenario`: its skeleton's
/// JSON ([`skeleton_json`]) and every document's text beside it.
pub(super) fn whole(scenario: &Scenario) -> [(&'static str, JsValue); 3] {
    let all: Vec<(DocRef, &str)> = engine::documents(scenario)
        .into_iter()
        .filter_map(|d| Some((d, d.text(scenario)?)))
        .collect();
    let (paths, texts) = arrays(&all);
    [
        ("json", skeleton_json(scenario).into()),
        ("paths", paths),
        ("texts", texts),
    ]
}

/// A document text longer than this is left out of [`skeleton_json`] (and so is a marker of a
/// text only the worker has, `elided.rs`).
const SKELETON_TEXT: usize = 4 * 1024;

/// `scenario` as JSON for the worker, each long document text replaced by `{}`: the worker
/// gets every text beside it and sets them after reading (`worker_scenario`), so the texts are
/// not minified and checked as JSON here. Writing a scenario that holds a 2 MB policy took the
/// page's thread a long task after New, an example or Restore (issue 16).
pub(crate) fn skeleton_json(scenario: &Scenario) -> String {
    let long: Vec<DocRef> = engine::documents(scenario)
        .into_iter()
        .filter(|d| {
            d.get(scenario).is_some_and(|doc| {
                doc.reference.is_none()
                    && (doc.text.len() > SKELETON_TEXT || crate::elided::is_marker(&doc.text))
            })
        })
        .collect();
    if long.is_empty() {
        return engine::scenario_json(scenario);
    }
    let mut skeleton = scenario.clone();
    for doc in long {
        doc.set_text(&mut skeleton, "{}".to_owned());
    }
    engine::scenario_json(&skeleton)
}

/// The documents of `new` whose text differs from `old`'s, when nothing else differs (typing);
/// `None` when the scenario changed otherwise (the whole scenario is sent again).
pub(super) fn changed_texts<'a>(
    old: &Scenario,
    new: &'a Scenario,
) -> Option<Vec<(DocRef, &'a str)>> {
    let docs = engine::documents(new);
    if docs != engine::documents(old) {
        return None;
    }
    let mut changed = Vec::new();
    let mut probe: Option<Scenario> = None;
    for doc in docs {
        let (Some(before), Some(after)) = (doc.text(old), doc.text(new)) else {
            return None;
        };
        if before != after {
            changed.push((doc, after));
            doc.set_text(probe.get_or_insert_with(|| new.clone()), before.to_owned());
        }
    }
    match probe {
        Some(probe) => (probe == *old).then_some(changed),
        None => (*new == *old).then_some(changed),
    }
}

pub(super) fn arrays(docs: &[(DocRef, &str)]) -> (JsValue, JsValue) {
    let paths = js_sys::Array::new();
    let texts = js_sys::Array::new();
    for (doc, text) in docs {
        paths.push(&doc.to_string().into());
        texts.push(&(*text).into());
    }
    (paths.into(), texts.into())
}
