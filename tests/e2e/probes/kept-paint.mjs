// Probe (not a test): the first paint of a visit that reopens kept work (issue 14, a lighter first
// paint). A first visit, an edit (the policy emptied, the title changed), then reloads, in turn
// with the snapshot of the last screen (web/js/snapshot.js) and without it (removed as the
// document starts: the page then opens as before the snapshot, painting nothing until its wasm
// has drawn). For each reload: the first contentful paint, whether the page's module had started
// by then (`rolecall:page-start`: the paint needed the page's wasm), what the paint needed in gzip
// bytes (the document and the render-blocking CSS, plus the page's glue and wasm when the page
// drew it; a reload finds the files in the browser's cache, so what had arrived by the paint says
// nothing), and the live page's first decision.
//
//   node tests/e2e/probes/kept-paint.mjs URL [runs] [phone]
//
// Prints one JSON line per reload and the medians of each side.

import { firstPaintNeeds, gzipBodies, median, openProbePage } from "../lib/probe.mjs";
import { typeInto, waitForDecision, waitForEditors } from "../lib/playground.mjs";

const [url, runsArg, phoneArg] = process.argv.slice(2);
if (!url) throw new Error("usage: kept-paint.mjs URL [runs] [phone]");
const runs = Number(runsArg ?? 5);
const { browser, context, page } = await openProbePage(phoneArg === "phone");
const bodies = gzipBodies(page);
// Without the snapshot when the session says so (set just before that reload).
await context.addInitScript(() => {
  if (sessionStorage.getItem("probe.without") === "1") localStorage.removeItem("rolecall.snapshot.v1");
});
await page.goto(url);
await waitForDecision(page, "allowed");
await waitForEditors(page);
await typeInto(page, "permission-editor", '{"Version": "2012-10-17", "Statement": []}');
await waitForDecision(page, "implicitDeny");
await page.fill("input.title", "kept work");
await page.waitForFunction(() => (localStorage.getItem("rolecall.autosave.v1") || "").includes("kept work"));

const results = { with: [], without: [] };
for (let i = 0; i < runs * 2; i++) {
  const side = i % 2 === 0 ? "with" : "without";
  await page.evaluate((w) => sessionStorage.setItem("probe.without", w), side === "without" ? "1" : "0");
  bodies.clear();
  await page.goto(url.split("#")[0]);
  await waitForDecision(page, "implicitDeny");
  const row = { side, ...(await firstPaintNeeds(page, bodies)) };
  console.log(JSON.stringify(row));
  results[side].push(row);
}
for (const side of ["with", "without"]) {
  const rows = results[side];
  console.log(
    `${side} the snapshot: first contentful paint median ${median(rows.map((r) => r.firstContentfulPaintMs))} ms, ` +
      `it needed median ${median(rows.map((r) => r.paintNeededKiB))} KiB gzip, ` +
      `painted before the page's module started in ${rows.filter((r) => !r.paintNeededPageWasm).length}/${rows.length}, ` +
      `first decision median ${median(rows.map((r) => r.firstDecisionMs))} ms`,
  );
}
await browser.close();
