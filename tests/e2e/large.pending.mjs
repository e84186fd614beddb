// PARKED (not run by run.mjs, which loads only *.test.mjs): issue 16 "a 2 MB paste never blocks
// the page for more than 100 ms at a time". It fails today. Measured 2026-12-02 on the release
// build: pasting a 200 KB policy (about 1,900 statements) blocks the page in one 6.4 s task and
// renders 7,725 explanation lines (about 30,000 DOM nodes); a CPU profile shows about 3 s in the
// browser's style/layout work for those nodes and about 2 s in the wasm evaluation, all on the
// main thread. A 2 MB paste takes far longer. What is needed: evaluate in a worker or in slices,
// and render long explanations in pages (the deciding lines first). Rename to
// `large-paste.test.mjs` once it passes.

import { waitForDecision } from "./lib/playground.mjs";
import { bigPolicy, paste } from "./lib/large.mjs";

export async function a_2_mb_paste_keeps_everything_and_never_blocks_the_page_for_100_ms({ page, baseUrl }) {
  await page.goto(baseUrl);
  await waitForDecision(page, "allowed");
  const text = bigPolicy(2_000_000);
  await page.evaluate(() => {
    window.__longTasks = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) window.__longTasks.push(Math.round(e.duration));
    }).observe({ type: "longtask" });
  });
  await paste(page, "permission-editor", text);
  // The page says what it does with so large a policy.
  await page.waitForSelector("[data-testid=notice-banner], [data-testid=error-banner]", { timeout: 30_000 });
  await page.waitForFunction(() => document.querySelector("[data-testid=problems]")?.textContent.includes("policy-too-large"), null, { timeout: 30_000 });
  await page.waitForTimeout(1500);
  // Nothing was dropped.
  const kept = await page.evaluate(() => window.__rolecall.getText("permission-editor").length);
  if (kept !== text.length) throw new Error(`the editor holds ${kept} of ${text.length} characters`);
  const tasks = await page.evaluate(() => window.__longTasks);
  const worst = Math.max(0, ...tasks);
  console.log(`      2 MB paste: long tasks ${JSON.stringify(tasks)} ms`);
  if (worst > 100) throw new Error(`the page was blocked for ${worst} ms at a time (long tasks: ${tasks.join(", ")} ms)`);
}
