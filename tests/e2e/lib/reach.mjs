// Shared by the Who can? browser tests (whocan.test.mjs, whocan-figures.test.mjs).

import { rolecallIn, rolecallLater } from "./cli.mjs";

/** The JSON of a `rolecall` run, whatever its exit code (escalation exits 1 on findings). */
function json(args, run) {
  if (run.status !== 0 && run.status !== 1) throw new Error(`rolecall ${args.join(" ")}: ${run.stderr}`);
  return JSON.parse(run.stdout);
}

/** `rolecall ...args` as JSON. */
export function cliJson(args) {
  return json(args, rolecallIn(process.cwd(), args));
}

/** `rolecall ...args` as JSON, run in the background: a promise. */
export async function cliJsonLater(args) {
  return json(args, await rolecallLater(args));
}

/** How many paths the list shows for each principal, in order (a direct one counts one). */
export async function pathCounts(page) {
  return page.$$eval("[data-testid=reach-principal]", (els) =>
    els.map((e) => (e.querySelector(".paths") ? e.querySelectorAll(".paths > li").length : 1)),
  );
}

/** The principals the list shows, in order. */
export async function listed(page) {
  return page.$$eval("[data-testid=reach-principal] > .who > code", (els) => els.map((e) => e.textContent));
}

/** What the worker said of each "Who can?" build ahead and question so far (the marks
 * `rolecall:reach-worker` of web/js/worker.js): `{asked, ms, builds, built?}` each, in order. */
export async function workerReach(page) {
  return page.evaluate(() => performance.getEntriesByName("rolecall:reach-worker", "mark").map((m) => m.detail));
}

/** Waits until the worker has answered `count` builds ahead (`reach_prepare`); returns them. */
export async function builtAhead(page, count, timeout = 60_000) {
  await page.waitForFunction(
    (n) => performance.getEntriesByName("rolecall:reach-worker", "mark").filter((m) => m.detail.asked === "reach_prepare").length >= n,
    count,
    { timeout },
  );
  return (await workerReach(page)).filter((r) => r.asked === "reach_prepare");
}
