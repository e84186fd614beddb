// Opening the page (issue 14, the first decision): index.html's head script starts the
// evaluation worker while the document is read, before the first paint, and tells it what the
// page opens: the worker reads a link someone opened and sends its scenario's JSON to the page
// (web/src/evaluator.rs `read_link`), and computes the first view ahead (`worker_prime`). A
// link, kept work and a link over kept work open as before, each with its own decision.

import { linkFor } from "./lib/hostile.mjs";
import { deniedScenario as denied, waitForDecision } from "./lib/playground.mjs";

/** The worker was started by the document itself: before the page's first paint. */
async function startedBeforeThePaint(page) {
  const [worker, paint] = await page.evaluate(() => ["rolecall:worker-start", "first-contentful-paint"]
    .map((n) => performance.getEntriesByName(n)[0]?.startTime ?? null));
  if (worker === null || paint === null || worker > paint) throw new Error(`worker start ${worker} ms, first paint ${paint} ms`);
}

/** The worker's wasm was fetched and compiled by the document's head script, which handed the
 *  compiled module to the worker: the worker did not fetch it again. */
async function workersModuleCompiledByTheDocument(page) {
  const [onPage, inWorker] = await page.evaluate(() => {
    const wasm = (url) => /\/rolecall-worker_bg\.wasm$/.test(new URL(url).pathname);
    return [
      performance.getEntriesByType("resource").filter((e) => wasm(e.name)).length,
      performance.getEntriesByName("rolecall:worker-fetched").filter((m) => wasm(m.detail.url)).length,
    ];
  });
  if (onPage !== 1 || inWorker !== 0) {
    throw new Error(`the worker's wasm fetched ${onPage} time(s) by the page, ${inWorker} by the worker`);
  }
}

export async function a_link_opens_with_its_decision_from_the_worker_started_by_the_document({ page, baseUrl }) {
  await page.goto(`${baseUrl}${linkFor(denied("opened denied"))}`);
  await waitForDecision(page, "implicitDeny", 30_000);
  if ((await page.inputValue("input.title")) !== "opened denied") throw new Error("the link's scenario did not open");
  await startedBeforeThePaint(page);
  await workersModuleCompiledByTheDocument(page);
}

export async function a_link_over_kept_work_keeps_it_restorable_and_kept_work_reopens({ page, baseUrl }) {
  await page.goto(`${baseUrl}${linkFor(denied("kept work"))}`);
  await waitForDecision(page, "implicitDeny", 30_000);
  await page.waitForFunction(() => (localStorage.getItem("rolecall.autosave.v1") || "").includes("kept work"));
  // Another link over the kept work: it opens, and the kept work is one click away.
  await page.goto("about:blank");
  await page.goto(`${baseUrl}${linkFor(denied("another link"))}`);
  await waitForDecision(page, "implicitDeny", 30_000);
  if ((await page.inputValue("input.title")) !== "another link") throw new Error("the second link did not open");
  await page.getByRole("button", { name: "Restore previous work" }).first().click();
  await page.waitForFunction(() => document.querySelector("input.title")?.value === "kept work");
  await waitForDecision(page, "implicitDeny", 30_000);
  // A visit with no link: the kept work reopens, decided.
  await page.goto("about:blank");
  await page.goto(baseUrl);
  await page.waitForFunction(() => document.querySelector("input.title")?.value === "kept work");
  await waitForDecision(page, "implicitDeny", 30_000);
  await startedBeforeThePaint(page);
}
