//! Where the scenario lives besides the page: localStorage (autosave), the URL fragment (share
//! links) and files (export, import).

use rolecall_core::scenario::Scenario;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;

/// The localStorage key of the autosaved scenario.
pub const AUTOSAVE_KEY: &str = "rolecall.autosave.v1";
/// The localStorage key of the scenario the last load (New, example, import, link) replaced.
pub const PREVIOUS_KEY: &str = "rolecall.previous.v1";

/// The browser's window. `None` in native builds, where web-sys would panic: there the page is
/// drawn only by the prerender (`prerender.rs`), as for a first visit (no link, nothing stored).
#[must_use]
pub fn window() -> Option<web_sys::Window> {
    if cfg!(target_arch = "wasm32") {
        web_sys::window()
    } else {
        None
    }
}

fn storage() -> Option<web_sys::Storage> {
    window()?.local_storage().ok().flatten()
}

/// Reads a stored string.
#[must_use]
pub fn load(key: &str) -> Option<String> {
    storage()?.get_item(key).ok().flatten()
}

/// Removes the stored strings whose key starts with `prefix` and that `keep` refuses.
pub fn remove_where(prefix: &str, keep: impl Fn(&str) -> bool) {
    let Some(storage) = storage() else {
        return;
    };
    let count = storage.length().unwrap_or(0);
    let stale: Vec<String> = (0..count)
        .filter_map(|i| storage.key(i).ok().flatten())
        .filter(|k| k.starts_with(prefix) && !keep(k))
        .collect();
    for key in stale {
        let _ = storage.remove_item(&key);
    }
}

/// Stores a string; returns false when storage is unavailable or full.
pub fn save(key: &str, value: &str) -> bool {
    storage().is_some_and(|s| s.set_item(key, value).is_ok())
}

/// Stores a JavaScript string as it is (a large autosave written by the evaluation worker is
/// not copied into wasm and back); returns false when storage is unavailable or full.
pub fn save_value(key: &str, value: &JsValue) -> bool {
    let Some(storage) = storage() else {
        return false;
    };
    js_sys::Reflect::get(&storage, &"setItem".into())
        .ok()
        .and_then(|f| f.dyn_into::<js_sys::Function>().ok())
        .is_some_and(|set| set.call2(&storage, &key.into(), value).is_ok())
}

/// Copies the string stored under `from` to `to` without reading it into wasm; false when
/// there is none or it does not fit.
pub fn copy(from: &str, to: &str) -> bool {
    let Some(storage) = storage() else {
        return false;
    };
    let call = |name: &str, args: &[&JsValue]| {
        let f = js_sys::Reflect::get(&storage, &name.into())
            .ok()?
            .dyn_into::<js_sys::Function>()
            .ok()?;
        match args {
            [a] => f.call1(&storage, a).ok(),
            [a, b] => f.call2(&storage, a, b).ok(),
            _ => None,
        }
    };
    let Some(value) = call("getItem", &[&from.into()]).filter(JsValue::is_string) else {
        return false;
    };
    call("setItem", &[&to.into(), &value]).is_some()
}

thread_local! {
    /// The scenario each key holds, when the page knows it (it wrote or read that very
    /// scenario): writing it again, a long task for a large one, is skipped.
    static HELD: std::cell::RefCell<Vec<(&'static str, std::rc::Weak<Scenario>)>> =
        const { std::cell::RefCell::new(Vec::new()) };
    /// The newest autosave ticket taken, and the ticket of the autosave last written.
    static TICKETS: std::cell::Cell<(u64, u64)> = const { std::cell::Cell::new((0, 0)) };
    /// The ticket of the link last put in the address bar.
    static FRAGMENT_TICKET: std::cell::Cell<u64> = const { std::cell::Cell::new(0) };
}

/// Remembers that `key` holds exactly `scenario`.
pub fn holds_now(key: &'static str, scenario: &std::rc::Rc<Scenario>) {
    HELD.with(|h| {
        let mut h = h.borrow_mut();
        h.retain(|(k, _)| *k != key);
        h.push((key, std::rc::Rc::downgrade(scenario)));
    });
}

/// Whether `key` is known to hold exactly `scenario` (the same value, not an equal one).
#[must_use]
pub fn holds(key: &str, scenario: &std::rc::Rc<Scenario>) -> bool {
    HELD.with(|h| {
        h.borrow().iter().any(|(k, held)| {
            *k == key && std::ptr::eq(held.as_ptr(), std::rc::Rc::as_ptr(scenario))
        })
    })
}

/// A ticket for an autosave about to be written, possibly later (by the worker): tickets are
/// taken in the order of the scenario's versions.
#[must_use]
pub fn ticket() -> u64 {
    TICKETS.with(|t| {
        let (taken, written) = t.get();
        t.set((taken + 1, written));
        taken + 1
    })
}

/// Writes the autosave `json` of `scenario` taken at `ticket`, unless a newer one was already
/// written (an answer from the worker can arrive after a later save on the page). `None` when
/// it was skipped as stale, else whether it fit.
pub fn write_autosave(
    ticket: u64,
    scenario: &std::rc::Rc<Scenario>,
    json: &JsValue,
) -> Option<bool> {
    let (taken, written) = TICKETS.with(std::cell::Cell::get);
    if ticket < written {
        return None;
    }
    TICKETS.with(|t| t.set((taken, ticket)));
    let saved = save_value(AUTOSAVE_KEY, json);
    if saved {
        holds_now(AUTOSAVE_KEY, scenario);
        crate::snapshot::written(json);
    }
    Some(saved)
}

/// Whether two scenarios hold the same work: the same JSON. (`Scenario`'s `==` also compares
/// source spans, which differ between a link's minified text and the autosave's pretty text.)
#[must_use]
pub fn same_work(a: &Scenario, b: &Scenario) -> bool {
    // Cheap differences first: writing out a large scenario is a long task.
    let counts = |s: &Scenario| (s.identities.len(), s.resources.len(), s.requests.len());
    counts(a) == counts(b) && crate::engine::scenario_json(a) == crate::engine::scenario_json(b)
}

/// The localStorage key of the last fragment the page put in the address bar: a fragment equal
/// to it is the page's own (a reload), not a link someone opened.
pub const LINK_KEY: &str = "rolecall.link.v1";

/// The storage key of the digests of the last [`RECENT_LINKS`] fragments the page put in the
/// address bar, newest first. A reload can start while the old page still runs: its debounced
/// save then stores a newer fragment than the one the reload opens, and comparing with the last
/// one alone ([`LINK_KEY`]) opened the page's own link as someone else's ("Opened the scenario
/// from the link", the edit one Restore away), one reload in about 10 of
/// `playground::a_reload_keeps_edits` (the reloaded page found the old fragment in its address
/// and the newer one stored).
const RECENT_LINKS_KEY: &str = "rolecall.recent-links.v1";
/// How many fragments [`RECENT_LINKS_KEY`] remembers.
const RECENT_LINKS: usize = 4;

/// A short digest of a fragment (64-bit FNV-1a of its UTF-8 bytes, 16 lowercase hex digits):
/// links are up to 64 KiB. index.html's head script computes the same digest to find the
/// fragment in [`RECENT_LINKS_KEY`] (`a_fragments_digest_is_the_one_the_head_script_computes`).
fn digest(fragment: &str) -> String {
    format!(
        "{:016x}",
        rolecall_core::hash::fnv1a_64(fragment.as_bytes())
    )
}

/// Whether the fragment in the address bar is a link someone opened, not the page's own (a
/// reload, which reopens the kept work; no fragment is not a link either). index.html's head
/// script decides it as the page starts (class `rc-link`), from the fragments the page put there
/// lately ([`LINK_KEY`], [`RECENT_LINKS_KEY`]): the one place that rule is made, which the
/// evaluation worker's prime and the frame's status follow too.
#[must_use]
pub fn opened_a_link() -> bool {
    root_has_class("rc-link")
}

/// Whether the document's root element (`<html>`) has the class `name`, set by index.html's
/// head script.
#[must_use]
pub fn root_has_class(name: &str) -> bool {
    window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
        .and_then(|root| root.get_attribute("class"))
        .is_some_and(|classes| classes.split_whitespace().any(|c| c == name))
}

/// Remembers `fragment`, in the address bar, as the page's own (written by the page, or an
/// opened link now the page's work): a reload reopens the autosave, not the link.
pub fn own_fragment(fragment: &str) {
    save(LINK_KEY, fragment);
    let new = digest(fragment);
    let mut recent: Vec<String> = load(RECENT_LINKS_KEY)
        .map(|r| r.split(' ').map(str::to_owned).collect())
        .unwrap_or_default();
    recent.retain(|d| *d != new && !d.is_empty());
    recent.insert(0, new);
    recent.truncate(RECENT_LINKS);
    save(RECENT_LINKS_KEY, &recent.join(" "));
}

/// The storage key of the challenge as it was opened (challenge mode grades against it).
pub const CHALLENGE_KEY: &str = "rolecall.challenge.v1";

/// The URL fragment without its `#`, if any.
#[must_use]
pub fn fragment() -> Option<String> {
    let hash = window()?.location().hash().ok()?;
    let hash = hash.strip_prefix('#').unwrap_or(&hash);
    (!hash.is_empty()).then(|| hash.to_owned())
}

/// Puts `fragment` (without `#`; `None` removes it) in the address bar without reloading or
/// adding a history entry, and remembers it as the page's own (see [`LINK_KEY`]).
pub fn show_fragment(fragment: Option<&str>) {
    if let Some(window) = window()
        && let Ok(history) = window.history()
    {
        let location = window.location();
        let mut url = format!(
            "{}{}",
            location.pathname().unwrap_or_default(),
            location.search().unwrap_or_default()
        );
        if let Some(fragment) = fragment {
            url.push('#');
            url.push_str(fragment);
        }
        let _ = history.replace_state_with_url(&JsValue::NULL, "", Some(&url));
        own_fragment(fragment.unwrap_or_default());
    }
}

/// [`show_fragment`] of `link` (`#` optional) written for the autosave ticket `ticket` (see
/// [`ticket`]), unless the link of a newer one is already shown.
pub fn show_fragment_at(ticket: u64, link: Option<&str>) {
    if FRAGMENT_TICKET.with(std::cell::Cell::get) > ticket {
        return;
    }
    FRAGMENT_TICKET.with(|t| t.set(ticket));
    show_fragment(link.map(|l| l.trim_start_matches('#')));
}

/// The page address without fragment, the base of share links.
#[must_use]
pub fn base_url() -> String {
    window()
        .and_then(|w| w.location().href().ok())
        .map(|href| href.split('#').next().unwrap_or_default().to_owned())
        .unwrap_or_default()
}

/// Copies `text` to the clipboard and calls `done` with the browser's answer: `Ok` once the
/// text is on the clipboard, `Err` with the reason when the browser refused or has no
/// clipboard (an insecure page, a denied permission, an unfocused page).
pub fn copy_to_clipboard(text: &str, done: impl FnOnce(Result<(), String>) + 'static) {
    let Some(window) = window() else {
        done(Err("there is no window".to_owned()));
        return;
    };
    // `navigator.clipboard` is undefined on insecure pages: calling it would throw.
    let navigator = window.navigator();
    let available = js_sys::Reflect::get(&navigator, &JsValue::from_str("clipboard"))
        .is_ok_and(|c| !c.is_undefined() && !c.is_null());
    if !available {
        done(Err("this page has no clipboard access".to_owned()));
        return;
    }
    let promise = navigator.clipboard().write_text(text);
    wasm_bindgen_futures::spawn_local(async move {
        let result = wasm_bindgen_futures::JsFuture::from(promise).await;
        done(result.map(|_| ()).map_err(|e| {
            js_sys::Reflect::get(&e, &JsValue::from_str("message"))
                .ok()
                .and_then(|m| m.as_string())
                .filter(|m| !m.is_empty())
                .unwrap_or_else(|| "the browser refused".to_owned())
        }));
    });
}

/// Offers `text` as a file download named `name`.
pub fn download(name: &str, text: &str) {
    let Some(document) = window().and_then(|w| w.document()) else {
        return;
    };
    let parts = js_sys::Array::of1(&JsValue::from_str(text));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type("application/json");
    let Ok(blob) = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options) else {
        return;
    };
    let Ok(url) = web_sys::Url::create_object_url_with_blob(&blob) else {
        return;
    };
    if let Ok(element) = document.create_element("a")
        && let Ok(anchor) = element.dyn_into::<web_sys::HtmlAnchorElement>()
    {
        anchor.set_href(&url);
        anchor.set_download(name);
        anchor.click();
    }
    let _ = web_sys::Url::revoke_object_url(&url);
}

/// Moves the keyboard focus to the element with id `id` (and scrolls it into view).
pub fn focus_element(id: &str) {
    if let Some(element) = window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id(id))
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
    {
        let _ = element.focus();
        element.scroll_into_view();
    }
}

/// Marks a point on the performance timeline (read by the end-to-end figures).
pub fn mark(name: &str) {
    if let Some(performance) = window().and_then(|w| w.performance()) {
        let _ = performance.mark(name);
    }
}

/// Reads the text of a file chosen in an `<input type="file">` and calls `done` with it.
pub fn read_file(file: &web_sys::File, done: impl FnOnce(Result<String, String>) + 'static) {
    let promise = file.text();
    wasm_bindgen_futures::spawn_local(async move {
        let result = wasm_bindgen_futures::JsFuture::from(promise)
            .await
            .ok()
            .and_then(|v| v.as_string())
            .ok_or_else(|| "the file could not be read".to_owned());
        done(result);
    });
}

thread_local! {
    static LATEST: std::cell::RefCell<Option<std::rc::Rc<Scenario>>> =
        const { std::cell::RefCell::new(None) };
    static FLUSH_INSTALLED: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Remembers the latest scenario and, once, installs the listeners that save it as the page is
/// left, so that a reload right after typing (before the debounced autosave) loses nothing, and
/// then store the screen's snapshot for the next visit's first paint (`snapshot.rs`): `pagehide`,
/// and `visibilitychange` to hidden, which is the last moment a phone's browser promises before it
/// may discard a page in the background without a `pagehide`.
pub fn keep_latest(scenario: std::rc::Rc<Scenario>) {
    LATEST.with(|l| *l.borrow_mut() = Some(scenario));
    if FLUSH_INSTALLED.with(std::cell::Cell::get) {
        return;
    }
    let Some(window) = window() else {
        return;
    };
    let flush = Closure::<dyn FnMut(web_sys::Event)>::new(|event: web_sys::Event| {
        // `visibilitychange` also fires when the page is shown again: nothing to keep then.
        if event.type_() == "visibilitychange"
            && self::window()
                .and_then(|w| w.document())
                .is_some_and(|d| !d.hidden())
        {
            return;
        }
        let kept = LATEST.with(|l| {
            let latest = l.borrow();
            let s = latest.as_ref()?;
            // A scenario whose texts only the worker has (`elided.rs`) cannot be written here:
            // the worker wrote its autosave after the last change (`app::save_and_link`).
            if !holds(AUTOSAVE_KEY, s) && !crate::elided::any(s) {
                let json = JsValue::from_str(&crate::engine::scenario_json(s));
                write_autosave(ticket(), s, &json);
            }
            Some(holds(AUTOSAVE_KEY, s))
        });
        // Then the picture of the screen, only when the autosave holds what it shows
        // (`snapshot.rs`): the autosave matters more and is written first.
        crate::snapshot::keep(kept == Some(true));
    });
    let on_hide = window
        .add_event_listener_with_callback("pagehide", flush.as_ref().unchecked_ref())
        .is_ok();
    let on_hidden = window.document().is_some_and(|d| {
        d.add_event_listener_with_callback("visibilitychange", flush.as_ref().unchecked_ref())
            .is_ok()
    });
    if on_hide || on_hidden {
        flush.forget();
        FLUSH_INSTALLED.with(|f| f.set(true));
    }
}

#[cfg(test)]
mod tests {
    use super::{digest, same_work};
    use crate::engine::{load_scenario, open_link_text, scenario_json};
    use rolecall_core::scenario::to_json_minified;
    use rolecall_core::share;

    /// A link's scenario and the same scenario read back from the autosave are the same work,
    /// though their source spans differ (the reload-after-link bug compared them with `==`).
    #[test]
    fn a_link_and_its_autosave_are_the_same_work() {
        for (example, scenario) in crate::examples::all() {
            let link = share::link("", &to_json_minified(&scenario));
            let Ok((linked, _)) = open_link_text(link.trim_start_matches('#')) else {
                panic!("{}: the link does not open", example.id);
            };
            let Ok(saved) = load_scenario(&scenario_json(&linked)) else {
                panic!("{}: the autosave does not load", example.id);
            };
            assert!(same_work(&linked, &saved), "{}", example.id);
        }
        let examples = crate::examples::all();
        if let [(_, a), (_, b), ..] = examples.as_slice() {
            assert!(!same_work(a, b));
        }
    }

    /// The digest the page keeps of each of its recent links is the one index.html's head script
    /// computes to recognise them (64-bit FNV-1a of the UTF-8 bytes, 16 lowercase hex digits): the
    /// browser test `shell::a_reload_with_an_older_own_link_in_the_address_bar_reopens_the_kept_work`
    /// stores this vector's digest and checks that the head script takes the fragment as the
    /// page's own.
    #[test]
    fn a_fragments_digest_is_the_one_the_head_script_computes() {
        assert_eq!(digest(""), "cbf29ce484222325");
        assert_eq!(
            digest("s=v1.the-head-script-and-the-page-agree"),
            "db89b962b3a8b981"
        );
        assert_eq!(digest("r=2&s=v1.é"), "cb846ae464684f7d");
    }
}
