// Probe (not a test): the first paint of a visit by a link someone sent (issue 14, a lighter first
// paint). Opens a new link (a scenario of its own each time, so that it is never the page's own
// fragment) in turn with the frame index.html paints while the page's wasm loads (the
// prerender's frame with the status "Opening the link…": style.css, `rc-opens`) and without it
// (a style added as the document starts hides both, exactly as before: the window stays blank
// until the page's wasm has drawn). For each visit: the first contentful paint, whether the
// page's module had started by then (`rolecall:page-start`: the paint needed the page's wasm),
// what the paint needed in gzip bytes (the document and the render-blocking CSS, plus the page's
// glue and wasm when the page drew it; the files come from the browser's cache after the first
// visit, so what had arrived by the paint says nothing), the layout shift up to the live page's
// first decision, and that decision. Every visit after the first opens its link over kept work
// (the previous visit's scenario): the page then says so in a notice under the toolbar. The layout
// shift counts only elements that move, and the page's are new elements that replace the frame's,
// so the probe also reports how far the workspace (`.main`) is from where the frame drew it,
// in px (`workspaceMovePx`, once the page's first decision and its AWS data are drawn; with the
// frame only).
//
//   node tests/e2e/probes/link-paint.mjs URL [runs] [phone]
//
// Prints one JSON line per visit and the medians of each side.

import { linkFor } from "../lib/hostile.mjs";
import { firstPaintNeeds, gzipBodies, median, openProbePage } from "../lib/probe.mjs";
import { deniedScenario, waitForDecision } from "../lib/playground.mjs";

const [url, runsArg, phoneArg] = process.argv.slice(2);
if (!url) throw new Error("usage: link-paint.mjs URL [runs] [phone]");
const runs = Number(runsArg ?? 5);
const { browser, context, page } = await openProbePage(phoneArg === "phone");
const bodies = gzipBodies(page);
await context.addInitScript(() => {
  if (location.protocol === "about:") return;
  // Without the frame when the session says so (set just before that visit).
  if (sessionStorage.getItem("probe.without") === "1") {
    const style = document.createElement("style");
    style.textContent = ".rc-opens #rc-prerender, .rc-opens #rc-opening { display: none !important; }";
    // Into the head as soon as the parser has made it (before the body is read).
    const add = () => document.head !== null && (document.head.append(style), true);
    if (!add()) new MutationObserver((_, o) => add() && o.disconnect()).observe(document, { childList: true, subtree: true });
  }
  window.__shift = 0;
  document.addEventListener("DOMContentLoaded", () => {
    const frame = document.querySelector(".rc-opens #rc-prerender .main");
    window.__frameMain = frame && frame.getBoundingClientRect().height > 0 ? frame.getBoundingClientRect().top : null;
  });
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) if (!e.hadRecentInput) window.__shift += e.value;
  }).observe({ type: "layout-shift", buffered: true });
});
const base = url.split("#")[0];
await page.goto(base);
await waitForDecision(page, "allowed");

const results = { with: [], without: [] };
for (let i = 0; i < runs * 2; i++) {
  const side = i % 2 === 0 ? "with" : "without";
  await page.evaluate((w) => sessionStorage.setItem("probe.without", w), side === "without" ? "1" : "0");
  await page.goto("about:blank");
  bodies.clear();
  await page.goto(`${base}${linkFor(deniedScenario(`sent ${i}`))}`);
  await waitForDecision(page, "implicitDeny", 30_000);
  await page.waitForFunction(() => /^AWS data as of /.test(document.querySelector("[data-testid=catalog-status]")?.textContent ?? ""));
  const move = await page.evaluate(() =>
    window.__frameMain == null ? null : Math.round(document.querySelector(".app .main").getBoundingClientRect().top - window.__frameMain));
  const row = {
    side,
    ...(await firstPaintNeeds(page, bodies)),
    layoutShift: Math.round((await page.evaluate(() => window.__shift)) * 10000) / 10000,
    workspaceMovePx: move,
  };
  console.log(JSON.stringify(row));
  results[side].push(row);
}
for (const side of ["with", "without"]) {
  const rows = results[side];
  console.log(
    `${side} the frame: first contentful paint median ${median(rows.map((r) => r.firstContentfulPaintMs))} ms, ` +
      `it needed median ${median(rows.map((r) => r.paintNeededKiB))} KiB gzip, ` +
      `painted before the page's module started in ${rows.filter((r) => !r.paintNeededPageWasm).length}/${rows.length}, ` +
      `layout shift median ${median(rows.map((r) => r.layoutShift))}, ` +
      (side === "with" ? `workspace moved median ${median(rows.map((r) => r.workspaceMovePx))} px, ` : "") +
      `first decision median ${median(rows.map((r) => r.firstDecisionMs))} ms`,
  );
}
await browser.close();
