//! The first screen, rendered natively at build time (issue 14, a lighter first paint).
//!
//! `cargo xtask` runs the test [`tests::writes_the_first_screen`] with `ROLECALL_PRERENDER` set to
//! a file before trunk builds the bundle: yew's server-side renderer draws [`App`], the same
//! components as the page, for a first visit (no link, nothing autosaved: the default example,
//! decided by the worker's own function, `app::initial_state`), and writes it there. trunk's
//! post-build hook (`web/js/prerender.mjs`) puts it into index.html's body, so the first paint
//! needs no wasm; the page's module removes it and draws its own (`app::start`).
//!
//! The prerender is a picture, not a form: its element is `inert` (no focus, no typing that
//! would be dropped), and it carries none of the page's test hooks (`data-testid` becomes
//! `data-prerendered`), so that nothing that looks for the live page finds the picture.

use crate::app::{App, PRERENDER_ID};

/// The first screen's markup, in its inert element: [`App`] drawn by yew's server-side renderer
/// (not hydratable: the page replaces it).
fn first_screen() -> String {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .expect("a current-thread runtime");
    let app = runtime.block_on(
        yew::LocalServerRenderer::<App>::new()
            .hydratable(false)
            .render(),
    );
    let picture = app.replace(" data-testid=\"", " data-prerendered=\"");
    format!("<div id=\"{PRERENDER_ID}\" inert>{picture}</div>")
}

mod tests {
    use super::first_screen;

    /// Writes the prerender where `ROLECALL_PRERENDER` says (the build, `cargo xtask`), after
    /// checking what it shows.
    #[test]
    fn writes_the_first_screen() {
        let html = first_screen();
        // The default example, decided.
        assert!(
            html.contains("value=\"Cross-account deploy role\""),
            "{html}"
        );
        assert!(
            html.contains("data-prerendered=\"decision\" data-decision=\"allowed\""),
            "{html}"
        );
        // The documents that decide its first request, in read-only text boxes.
        let boxes = html
            .matches("readonly=\"readonly\" class=\"editor-plain\">{")
            .count();
        assert!(boxes >= 1, "{html}");
        assert!(html.contains("\"s3:PutObject\""), "{html}");
        assert!(!html.contains("data-testid"), "{html}");
        // The parts the page draws in the tasks after its first render (`later.rs`) are in the
        // picture, not their empty placeholders.
        for part in [
            "<header class=\"toolbar\"><h1 class=\"brand\">",
            "aria-label=\"Scenario\" class=\"sidebar\"",
            "aria-label=\"Request\" class=\"request-panel\"",
            "aria-label=\"Notes\" class=\"notes\"",
            "data-prerendered=\"reach\"",
            // The places the frame of a link over kept work reserves (style.css `rc-previous`,
            // `rc-over-kept`): the toolbar's Restore and the notice saying the work is kept.
            "<button hidden=\"hidden\" class=\"restore\">Restore previous work</button>",
            "<div aria-hidden=\"true\" class=\"banner notice banner-place\"><span>Opened the scenario from the link.",
        ] {
            assert!(html.contains(part), "{part} missing from {html}");
        }
        assert!(!html.contains("aria-hidden=\"true\"></div>"), "{html}");
        if let Some(path) = std::env::var_os("ROLECALL_PRERENDER") {
            std::fs::write(&path, &html).expect("the prerender written");
        }
    }
}
