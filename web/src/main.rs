//! The Rolecall playground: a Yew app on rolecall-core.
//!
//! Code map: `state.rs` (the reducer and its actions), `engine.rs` (the only caller of the
//! core's scenario, evaluation and share modules), `outcome.rs` (what the page displays),
//! `catalog.rs` (the lazily loaded AWS catalog, read in the worker), `loaded.rs` (the page's
//! store of fetched AWS managed policies), `editor.rs` (the CodeMirror bridge to
//! `web/js/editor.js`), `evaluator.rs` / `worker.rs` (evaluation in a Web Worker, both sides of
//! `web/js/worker.js`), `persist.rs` (autosave, links, files), `offline.rs` (the service
//! worker that keeps the page for offline use), `components/` (one component per file).

mod app;
mod catalog;
mod clip;
mod components;
mod docref;
mod editor;
mod elided;
mod engine;
mod evaluator;
mod examples;
mod held;
mod loaded;
mod managed;
mod markdown;
mod offline;
mod offsets;
mod outcome;
mod persist;
#[cfg(test)]
mod prerender;
mod reach;
mod settle;
mod snapshot;
mod state;
#[cfg(any(feature = "worker", test))]
mod worker;

/// Whether this build computes the evaluation, the suggestions, import/export and the access
/// graph itself: the worker's module (`--features worker`, `worker.rs`) and the native tests do.
/// The page's module does not link them (issue 14, a lighter first paint): it asks the worker
/// (`evaluator.rs`), and where it used to compute them on its own thread when the worker failed,
/// it says that the worker stopped instead.
pub const COMPUTES: bool = cfg!(any(feature = "worker", test));

/// Shows a panic in a banner at the top of the page (and in the console), so that a bug never
/// leaves a blank page. The text is set with `textContent`, never parsed as HTML.
///
/// Why `yew::set_custom_panic_hook`: `Renderer::render` replaces any hook set with
/// `std::panic::set_hook` by its console-only default unless the custom one is set this way.
fn install_panic_hook() {
    yew::set_custom_panic_hook(Box::new(|info| {
        let message = format!(
            "Rolecall hit an internal error and stopped: {info}. Your work is autosaved; reload the page to continue."
        );
        web_sys::console::error_1(&message.clone().into());
        let Some(document) = web_sys::window().and_then(|w| w.document()) else {
            return;
        };
        let banner = document.get_element_by_id("rc-panic").or_else(|| {
            let element = document.create_element("div").ok()?;
            element.set_id("rc-panic");
            document.body()?.prepend_with_node_1(&element).ok()?;
            Some(element)
        });
        if let Some(banner) = banner {
            let _ = banner.set_attribute("role", "alert");
            let _ = banner.set_attribute("class", "banner error panic");
            let _ = banner.set_attribute("data-testid", "error-banner");
            banner.set_text_content(Some(&message));
        }
    }));
}

/// Test hook: panics on purpose, so that the end-to-end tests can check that a panic is shown
/// in the banner rather than leaving a blank or frozen page. Reached from JavaScript as
/// `window.wasmBindings.rolecall_test_panic()` (trunk exposes the wasm exports there).
#[wasm_bindgen::prelude::wasm_bindgen]
#[expect(clippy::panic, reason = "the point of this test hook is to panic")]
pub fn rolecall_test_panic() {
    panic!("test panic requested through rolecall_test_panic");
}

/// Test hook: the size of the page's wasm memory in bytes, for the browser test of the memory
/// bound on opening a link (`window.wasmBindings.rolecall_memory_bytes()`).
#[wasm_bindgen::prelude::wasm_bindgen]
#[must_use]
pub fn rolecall_memory_bytes() -> f64 {
    #[cfg(target_arch = "wasm32")]
    {
        #[expect(
            clippy::cast_precision_loss,
            reason = "a wasm32 memory is at most 4 GiB, exact in an f64"
        )]
        let bytes = (core::arch::wasm32::memory_size::<0>() * 65_536) as f64;
        bytes
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        0.0
    }
}

fn main() {
    // The evaluation worker's module (`worker.rs`) has no page to render: it only answers.
    if cfg!(feature = "worker") || web_sys::window().is_none() {
        return;
    }
    install_panic_hook();
    // The page's module is compiled and running (a part of the first decision: figures.test.mjs).
    persist::mark("rolecall:page-start");
    // The worker's own module (every decision comes from it) downloads and compiles while the
    // page renders its first screen, rather than after it.
    evaluator::warm_up();
    // The page starts in a task of its own: this one already finished compiling the module
    // (the streaming compile's last part and the instantiation, 50-140 ms on the quiet 2-core
    // machine), and the first render compiles each function it calls (issue 14: no task over
    // 100 ms). A link in the address bar is read in a task of its own before the first render.
    gloo_timers::callback::Timeout::new(0, app::start).forget();
    offline::register();
}
