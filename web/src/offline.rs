//! The page keeps working offline once visited: `web/js/offline.js` registers the service
//! worker `sw.js` (web/js/sw.js, filled in by the trunk hook web/js/offline.mjs), which keeps the
//! page's files and answers from them when the network does not. The page's other files (the
//! catalog, the managed policies, the gallery's examples) are fetched here, next to the page, so
//! that the service worker can answer for them: `catalog` and `managed` both use it, neither the
//! other (ARCHITECTURE.md, "Layers").

use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

#[wasm_bindgen(module = "/js/offline.js")]
extern "C" {
    /// Registers the service worker once the page has loaded (a no-op without service workers).
    #[wasm_bindgen(js_name = registerOffline)]
    pub fn register();
}

/// Fetches `url` (next to the page) and gives its body as a JavaScript string, not copied into
/// wasm.
///
/// # Errors
///
/// Why the request failed or gave no text, in words.
pub async fn fetch_js(url: &str) -> Result<JsValue, String> {
    let window = web_sys::window().ok_or("no window")?;
    let response = JsFuture::from(window.fetch_with_str(url))
        .await
        .map_err(|_| "the request failed".to_owned())?;
    let response: web_sys::Response = response
        .dyn_into()
        .map_err(|_| "not a response".to_owned())?;
    if !response.ok() {
        return Err(format!("HTTP {}", response.status()));
    }
    let text = JsFuture::from(response.text().map_err(|_| "no body".to_owned())?)
        .await
        .map_err(|_| "the body could not be read".to_owned())?;
    if text.is_string() {
        Ok(text)
    } else {
        Err("the body is not text".to_owned())
    }
}

/// Fetches `url` (next to the page) and gives its body as text.
///
/// # Errors
///
/// Why the request failed or gave no text, in words.
pub async fn fetch_text(url: &str) -> Result<String, String> {
    fetch_js(url)
        .await?
        .as_string()
        .ok_or_else(|| "the body is not text".to_owned())
}
