// Offline (issue 11: "it must keep working offline once those are loaded"): once the page has
// been visited, its service worker (web/js/sw.js) keeps the page's files, so a reload or a new
// tab with the network cut opens the page, loads the editor and the catalog, evaluates in the
// worker, and decides with the AWS managed policies fetched before.

import { rolecall } from "./lib/cli.mjs";
import { breakTrust, showEditor, waitForDecision } from "./lib/playground.mjs";

// The runner blocks service workers unless a test asks for them (run.mjs).
export const serviceWorkers = {
  the_page_opens_and_works_with_the_network_cut_once_visited: "the test of the service worker",
};

/** Waits until the service worker controls `page` and has kept the page's files. */
async function offlineReady(page) {
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
    if (!navigator.serviceWorker.controller) {
      await new Promise((resolve) => navigator.serviceWorker.addEventListener("controllerchange", resolve, { once: true }));
    }
  });
  const kept = await page.evaluate(async () => {
    const names = (await caches.keys()).filter((k) => k.startsWith("rolecall-"));
    const urls = [];
    for (const name of names) for (const r of await (await caches.open(name)).keys()) urls.push(new URL(r.url).pathname);
    return urls;
  });
  for (const want of [/^\/$/, /_bg\.wasm$/, /\/lazy\/codemirror-[0-9a-f]{16}\.js$/, /\/catalog\.json$/, /\/managed\/index\.json$/, /\/worker\.js$/]) {
    if (!kept.some((u) => want.test(u))) throw new Error(`the service worker did not keep ${want}: ${kept.join(", ")}`);
  }
  if (kept.some((u) => /\/managed\/(?!index\.json)/.test(u) && !u.endsWith("/AmazonS3ReadOnlyAccess.json"))) {
    throw new Error(`the service worker kept managed policies the page did not use: ${kept.filter((u) => u.includes("/managed/")).join(", ")}`);
  }
}

export async function the_page_opens_and_works_with_the_network_cut_once_visited({ page, context, baseUrl, allowConsoleError }) {
  const link = rolecall(["share", "examples/aws-managed-policies.json", "--base-url", baseUrl]).trim();
  await page.goto(link);
  // The first request is allowed only once AmazonS3ReadOnlyAccess has arrived.
  await waitForDecision(page, "allowed", 20_000);
  await page.waitForFunction(() => document.querySelector("[data-testid=catalog-status]")?.textContent.startsWith("AWS data as of"));
  await offlineReady(page);

  await context.setOffline(true);
  allowConsoleError(/ERR_INTERNET_DISCONNECTED|Failed to load resource|Failed to fetch/);
  // The network is really cut: a file the page never fetched cannot be had.
  const probe = await page.evaluate(() => fetch(`catalog.json?probe=${Date.now()}`).then(() => "answered", () => "failed"));
  if (probe !== "failed") throw new Error("the network is not cut: a new request was answered");

  // A reload opens the same work, decided with the managed policy, with the catalog and the
  // CodeMirror editor (none of which the page has in memory any more).
  await page.reload();
  await waitForDecision(page, "allowed", 20_000);
  await page.waitForFunction(() => document.querySelector("[data-testid=managed-status]")?.textContent.startsWith("managed policies as of "));
  await page.waitForFunction(() => document.querySelector("[data-testid=catalog-status]")?.textContent.startsWith("AWS data as of"));
  const problems = await page.textContent("[data-testid=problems] summary");
  if (!problems.includes("0 errors")) throw new Error(`offline, the scenario has problems: ${problems}`);

  // A link opened in a new tab, still offline: its scenario, in CodeMirror, and an edit is
  // evaluated (by the evaluation worker, itself started from the kept files).
  const other = rolecall(["share", "examples/cross-account.json", "--base-url", baseUrl]).trim();
  const tab = await context.newPage();
  await tab.setViewportSize(page.viewportSize());
  await tab.goto(other);
  await waitForDecision(tab, "allowed", 20_000);
  await showEditor(tab, "permission-editor");
  await tab.waitForSelector("[data-testid=permission-editor] .cm-content");
  if ((await tab.locator(".editor-status.failed").count()) !== 0) throw new Error("offline, the editor could not be loaded");
  await breakTrust(tab);
  await waitForDecision(tab, "implicitDeny");
  await tab.close();
}
