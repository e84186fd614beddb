// Traces keystrokes into the 50-statement policy (as figures.test.mjs does) with the DevTools
// protocol and prints, per keystroke, the page's main-thread work between `rolecall:edit` and
// `rolecall:decision`, and an aggregate by event name.
// Probe (not a test, not run by run.mjs): BENCHMARKS.md, "Keystroke → decision".
// usage: [PROFILE=1] node tests/e2e/probes/keystroke-trace.mjs URL [keys=20] [phone] [trace.json]
// URL serves a built bundle (`python3 -m http.server PORT --directory dist`); PROFILE=1 adds
// V8's CPU samples to the trace, which is written to the last argument when given.
import { writeFileSync } from "node:fs";

import { fiftyStatements } from "../lib/fifty.mjs";
import { openProbePage } from "../lib/probe.mjs";

const url = process.argv[2];
const keys = Number(process.argv[3] ?? 20);
const phone = process.argv[4] === "phone";

const { browser, context, page } = await openProbePage(phone);
await page.goto(url);
await page.waitForSelector("[data-testid=decision][data-decision=allowed]");
await page.waitForFunction(() => document.querySelector("[data-testid=catalog-status]")?.textContent.startsWith("AWS data"));
await page.evaluate((t) => window.__rolecall.setText("permission-editor", t), fiftyStatements());
await page.waitForTimeout(1000);

async function typeOne(i) {
  const before = await page.evaluate(() => performance.getEntriesByName("rolecall:decision").length);
  const end = await page.evaluate(() => window.__rolecall.getText("permission-editor").length);
  await page.evaluate((p) => window.__rolecall.setCursor("permission-editor", p), end);
  await page.keyboard.type(i % 2 === 0 ? " " : "\n");
  await page.waitForFunction((n) => performance.getEntriesByName("rolecall:decision").length > n, before);
}
for (let i = 0; i < 6; i++) await typeOne(i);

const cdp = await context.newCDPSession(page);
const events = [];
cdp.on("Tracing.dataCollected", (e) => events.push(...e.value));
const done = new Promise((r) => cdp.once("Tracing.tracingComplete", r));
await cdp.send("Tracing.start", {
  categories: [
    "devtools.timeline",
    "disabled-by-default-devtools.timeline",
    "disabled-by-default-devtools.timeline.frame",
    "blink.user_timing",
    "toplevel",
    "v8.execute",
    ...(process.env.PROFILE ? ["disabled-by-default-v8.cpu_profiler"] : []),
  ].join(","),
  transferMode: "ReportEvents",
});
for (let i = 0; i < keys; i++) await typeOne(i);
await cdp.send("Tracing.end");
await done;
await browser.close();
if (process.argv[5]) writeFileSync(process.argv[5], JSON.stringify(events));

// The page's main thread: the renderer thread that has the user timing marks.
const marks = events.filter((e) => e.cat === "blink.user_timing" && e.name.startsWith("rolecall:"));
const tid = marks.find((m) => m.name === "rolecall:edit")?.tid;
const pid = marks.find((m) => m.name === "rolecall:edit")?.pid;
const main = events.filter((e) => e.pid === pid && e.tid === tid && e.ph === "X");
const byName = (n) => marks.filter((m) => m.name === n && (m.ph === "I" || m.ph === "R" || m.ph === "n" || m.ph === "b")).map((m) => m.ts).sort((a, b) => a - b);
const edits = byName("rolecall:edit");
const decisions = byName("rolecall:decision");
const workerMarks = byName("rolecall:worker");
const posted = byName("rolecall:posted");
const agg = new Map();
const summary = { keyTaskAfterEdit: [], frame: [], between: [], answerTask: [], editToDecision: [] };
const med = (v) => { const a = [...v].sort((x, y) => x - y); return a[Math.floor(a.length / 2)]; };
const aggTop = new Map();
let n = 0;
for (const edit of edits) {
  const decision = decisions.find((d) => d > edit);
  if (decision === undefined) continue;
  n++;
  const answer = workerMarks.find((w) => w > edit && w <= decision);
  const post = posted.find((p) => p > edit && p <= decision);
  // Top-level tasks overlapping [edit - 30 ms, decision].
  const tasks = main.filter((e) => (e.name === "RunTask" || e.name === "ThreadControllerImpl::RunTask") && e.ts + e.dur > edit - 30000 && e.ts < decision);
  const lines = [];
  for (const t of tasks) {
    const inner = main.filter((e) => e.ts >= t.ts && e.ts + e.dur <= t.ts + t.dur && e !== t && e.name !== "RunTask" && e.name !== "ThreadControllerImpl::RunTask");
    // Direct children (not nested in another inner event).
    const direct = inner.filter((e) => !inner.some((o) => o !== e && o.ts <= e.ts && o.ts + o.dur >= e.ts + e.dur && o.dur > e.dur));
    const desc = direct
      .map((e) => {
        let label = e.name;
        if (e.name === "EventDispatch") label += `(${e.args?.data?.type})`;
        if (e.name === "TimerFire") label += `(${e.args?.data?.timerId})`;
        if (e.name === "FunctionCall") label += `(${(e.args?.data?.url ?? "").split("/").pop()}:${e.args?.data?.functionName ?? ""})`;
        return `${label} ${(e.dur / 1000).toFixed(2)}`;
      })
      .join(", ");
    lines.push(`  task @${((t.ts - edit) / 1000).toFixed(1)} ${(t.dur / 1000).toFixed(2)} ms: ${desc}`);
    if (t.ts >= edit - 1000) {
      for (const e of direct) {
        let label = e.name;
        if (e.name === "EventDispatch") label += `(${e.args?.data?.type})`;
        if (e.name === "FunctionCall") label += `(${(e.args?.data?.url ?? "").split("/").pop()})`;
        aggTop.set(label, (aggTop.get(label) ?? 0) + e.dur);
      }
      for (const e of inner) agg.set(e.name, (agg.get(e.name) ?? 0) + e.dur);
    }
  }
  {
    const top = main.filter((e) => e.name === "ThreadControllerImpl::RunTask" && e.ts + e.dur > edit && e.ts < decision);
    const keyTask = top.find((t) => t.ts <= edit && t.ts + t.dur >= edit);
    const frame = top.find((t) => t.ts > edit && main.some((e) => e.name === "ProxyMain::BeginMainFrame" && e.ts >= t.ts && e.ts < t.ts + t.dur));
    const answerTask = top.find((t) => t.ts <= decision && t.ts + t.dur >= decision);
    if (keyTask && answerTask) {
      summary.keyTaskAfterEdit.push((keyTask.ts + keyTask.dur - edit) / 1000);
      summary.frame.push(frame ? frame.dur / 1000 : 0);
      summary.answerTask.push(answerTask.dur / 1000);
      summary.between.push(top.filter((t) => t !== keyTask && t !== frame && t !== answerTask).reduce((n, t) => n + t.dur, 0) / 1000);
      summary.editToDecision.push((decision - edit) / 1000);
    }
  }
  console.log(`keystroke: decision at ${((decision - edit) / 1000).toFixed(1)} ms, posted ${post ? ((post - edit) / 1000).toFixed(1) : "-"}, answer ${answer ? ((answer - edit) / 1000).toFixed(1) : "-"}`);
  console.log(lines.join("\n"));
}
console.log("SUMMARY medians (ms): " + JSON.stringify(Object.fromEntries(Object.entries(summary).map(([k, v]) => [k, Math.round(med(v) * 100) / 100]))));
console.log(`\n${n} keystrokes; mean per keystroke of direct children of tasks from the edit to the decision:`);
for (const [k, v] of [...aggTop].sort((a, b) => b[1] - a[1]).slice(0, 25)) console.log(`  ${k}: ${(v / n / 1000).toFixed(2)} ms`);
console.log(`all events (nested, inclusive):`);
for (const [k, v] of [...agg].sort((a, b) => b[1] - a[1]).slice(0, 30)) console.log(`  ${k}: ${(v / n / 1000).toFixed(2)} ms`);
