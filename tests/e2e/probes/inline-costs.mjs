// Probe (not a test, not run by run.mjs): what the inline mirror (web/src/evaluator/inline.rs)
// costs the page's thread. `node tests/e2e/probes/inline-costs.mjs URL [bytes]` opens the default
// example, prints the long tasks from the start until the mirror is ready and warm (its read of
// the catalog is one of them) with the mirror's memory, then pastes a policy of about `bytes`
// characters (default 30,720: just under the size rule's 32 KB) into the permission editor and
// types 10 keys near its end, and prints each inline evaluation's time (`rolecall:inline`).
// BENCHMARKS.md, "Keystroke -> decision in the keystroke's own frame".

import { bigPolicy } from "../lib/large.mjs";
import { openProbePage } from "../lib/probe.mjs";

const url = process.argv[2] ?? "http://127.0.0.1:8091/";
const bytes = Number(process.argv[3] ?? 30 * 1024);
const { browser, page } = await openProbePage(false);
await page.addInitScript(() => {
  window.__longTasks = [];
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) window.__longTasks.push([Math.round(e.startTime), Math.round(e.duration)]);
  }).observe({ type: "longtask", buffered: true });
});
await page.goto(url);
await page.waitForSelector("[data-testid=decision][data-decision=allowed]");
await page.evaluate(() => window.__rolecall.editorReady());
await page.waitForFunction(() => {
  const last = performance.getEntriesByName("rolecall:inline-ready").at(-1);
  return last && last.detail.warm && last.detail.applied === last.detail.sent && last.detail.sent > 0;
});
console.log(
  JSON.stringify(
    await page.evaluate(() => ({
      firstDecision: Math.round(performance.getEntriesByName("rolecall:decision")[0].startTime),
      longTasks: window.__longTasks,
      mirrorReady: performance.getEntriesByName("rolecall:inline-ready").map((m) => [Math.round(m.startTime), m.detail]),
    })),
  ),
);
const text = bigPolicy(bytes);
await page.evaluate((t) => window.__rolecall.setText("permission-editor", t), text);
await page.waitForTimeout(1500);
for (let i = 0; i < 10; i++) {
  const end = await page.evaluate(() => window.__rolecall.getText("permission-editor").length);
  await page.evaluate((p) => window.__rolecall.setCursor("permission-editor", p), end - 3);
  await page.keyboard.press(i % 2 ? "Backspace" : "x");
  await page.waitForTimeout(250);
}
const inline = await page.evaluate(() => performance.getEntriesByName("rolecall:inline").map((m) => Math.round(m.detail.ms)));
console.log(`a policy of ${text.length} characters: inline ms (the paste first) ${JSON.stringify(inline)}`);
await browser.close();
