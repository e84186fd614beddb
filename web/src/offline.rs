//! The page keeps working offline once visited: `web/js/offline.js` registers the service
//! worker `sw.js` (web/js/sw.js, filled in by the trunk hook web/js/offline.mjs), which keeps the
//! page's files and answers from them when the network does not.

use wasm_bindgen::prelude::*;

#[wasm_bindgen(module = "/js/offline.js")]
extern "C" {
    /// Registers the service worker once the page has loaded (a no-op without service workers).
    #[wasm_bindgen(js_name = registerOffline)]
    pub fn register();
}
