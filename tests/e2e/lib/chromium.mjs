// The Chromium flags of every browser the tests and probes launch (run.mjs, lib/probe.mjs,
// probes/start-compile.mjs).
//
// Why the omnibox features are off: Chromium 156 draws its address bar's popup with WebUI, and
// every new window (each test's or probe's fresh context, even headless) starts a "WebUI Top
// Renderer" for it that loads and runs chrome://omnibox-popup.top-chrome (230-270 ms of CPU on
// its main thread, more on its pool threads) while the test's page loads. On the 2-core machine
// that browser chrome took the cores the page's first decision needed: traced at main c68711e,
// desktop, load 1.6-3.6, the first decision came at 948-1,081 ms with it and 354-654 ms without
// it (BENCHMARKS.md, "Chromium's omnibox popup in every fresh window"). A user's browser window
// is open before the page is; the page's own start is what the tests measure.
export const chromiumArgs = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--disable-features=WebUIOmniboxPopup,WebUIOmniboxAimPopup,WebUIOmniboxFullPopup",
];
