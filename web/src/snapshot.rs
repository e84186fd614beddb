//! The picture of the user's own last screen (issue 14, a lighter first paint): when the page is
//! left with the autosave holding the scenario on screen, `web/js/snapshot.js` stores a snapshot
//! of the screen (markup only, inert, no test hooks) with the build's identity and the fingerprint
//! of the autosave's text; the next visit that opens that very autosave paints it before the
//! page's wasm has arrived (`web/js/snapshot-show.js`, inline in index.html), and the page swaps
//! its live screen in as for the prerendered first screen (`app::start`).

use wasm_bindgen::prelude::*;

#[wasm_bindgen(module = "/js/snapshot.js")]
extern "C" {
    /// Stores the screen's snapshot when `kept`, else removes any (never throws).
    #[wasm_bindgen(js_name = keepSnapshot)]
    fn keep_snapshot(kept: bool);

    /// Tells the snapshot writer that this tab has just written the autosave, `text`.
    #[wasm_bindgen(js_name = autosaveWritten)]
    fn autosave_written(text: &JsValue);
}

/// Called as the page is left, after the autosave is written: `kept` is whether the autosave
/// holds exactly the scenario on screen. Only then is the screen stored; otherwise the old
/// snapshot is removed, so that no picture of other work is ever shown.
pub fn keep(kept: bool) {
    if cfg!(target_arch = "wasm32") {
        keep_snapshot(kept);
    }
}

/// Called when this tab has written the autosave, `text`: the text this tab holds, under which
/// alone its screen may be stored as a picture (a stored text other than it is another tab's
/// work, written since: `web/js/snapshot.js`).
pub fn written(text: &JsValue) {
    if cfg!(target_arch = "wasm32") {
        autosave_written(text);
    }
}
