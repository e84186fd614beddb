// Probe (not a test, not run by run.mjs): the start's marks of fresh loads of one URL (a plain
// visit, a link with its fragment, or kept work with KEPT=1: the page is opened once, its
// autosave left in storage, then opened again in the same context), on the navigation's clock:
// the worker started and ready, the page's module started, the first decision drawn. For A/B
// runs of a change to the start (BENCHMARKS.md, "The first decision before the page's other
// parts").
// usage: [KEPT=1] node tests/e2e/probes/start-marks.mjs URL [phone] [loads]
import { openProbePage } from "../lib/probe.mjs";

const url = process.argv[2];
const phone = process.argv[3] === "phone";
const loads = Number(process.argv[4] ?? 1);
const names = ["rolecall:worker-start", "rolecall:worker-ready", "rolecall:page-start", "rolecall:decision"];
for (let i = 0; i < loads; i++) {
  const { browser, page } = await openProbePage(phone);
  await page.goto(url);
  await page.waitForFunction(() => performance.getEntriesByName("rolecall:decision").length > 0, null, { timeout: 60_000 });
  if (process.env.KEPT) {
    // The autosave is written after the first decision; then the same context opens the page
    // again without the fragment, as a returning visitor would.
    await page.waitForFunction(() => localStorage.getItem("rolecall.autosave.v1") !== null, null, { timeout: 10_000 });
    await page.goto(new URL(url).origin + "/");
    await page.waitForFunction(() => performance.getEntriesByName("rolecall:decision").length > 0, null, { timeout: 60_000 });
  }
  const marks = await page.evaluate(
    (list) => Object.fromEntries(list.map((n) => [n.replace("rolecall:", ""), Math.round(performance.getEntriesByName(n)[0]?.startTime ?? -1)])),
    names,
  );
  console.log(JSON.stringify(marks));
  await browser.close();
}
