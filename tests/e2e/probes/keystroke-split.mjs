// Probe (not a test, not run by run.mjs): where a keystroke's time goes in the page, without
// tracing, on the test's key clock (lib/probe.mjs `keystrokeSplit`), typing into the
// 50-statement policy as figures.test.mjs does. BENCHMARKS.md, "CodeMirror's floor".
// usage: node tests/e2e/probes/keystroke-split.mjs URL [keys=30] [phone]
// URL serves a built bundle (`python3 -m http.server PORT --directory dist`).
import { fiftyStatements } from "../lib/fifty.mjs";
import { keystrokeSplit, openProbePage } from "../lib/probe.mjs";

const keys = Number(process.argv[3] ?? 30);
const { browser, page } = await openProbePage(process.argv[4] === "phone");
await page.goto(process.argv[2]);
await page.waitForSelector("[data-testid=decision][data-decision=allowed]");
await page.evaluate(() => window.__rolecall.editorReady());
await page.evaluate((t) => window.__rolecall.setText("permission-editor", t), fiftyStatements());
await page.waitForTimeout(1000);
const split = await keystrokeSplit(page, keys, () =>
  window.__rolecall.setCursor("permission-editor", window.__rolecall.getText("permission-editor").length));
await browser.close();
console.log(`page, medians of ${keys} keystrokes, ms on the key clock: ${JSON.stringify(split)}`);
