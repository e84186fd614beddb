// Traces one fresh load of the page, from navigation until the editors are CodeMirror
// (`rolecall:editor-ready`, web/js/editor.js) plus half a second, and prints every page-thread
// task over MIN ms (default 50) with the trace events inside it over 5 ms: which part of the
// start (the prerender's first layout, the page's first render, CodeMirror's module and
// editors, the worker's answer) is a long task (issue 14: no task over 100 ms). Each task's
// thread time (the time its thread ran, without the time the loaded machine gave to others)
// follows its wall time. Last, the page thread's total thread time (every task, long or not)
// from navigation to the first decision, and from the page's start to it: what a quiet machine
// would take, which the load changes far less than the wall time.
// Probe (not a test, not run by run.mjs): BENCHMARKS.md, "The page's start in tasks".
// usage: [MIN=50] [PROFILE=1] node tests/e2e/probes/start-tasks.mjs URL [phone] [trace.json]
// URL serves a built bundle (`python3 -m http.server PORT --directory dist`), with a link's
// fragment when the start of a link is wanted; PROFILE=1 adds V8's CPU samples to the trace,
// which is written to the last argument when given.
import { writeFileSync } from "node:fs";

import { openProbePage } from "../lib/probe.mjs";

const url = process.argv[2];
const phone = process.argv[3] === "phone";
const out = process.argv[4];
const min = Number(process.env.MIN ?? 50);

const { browser, page } = await openProbePage(phone);
await browser.startTracing(page, {
  categories: [
    "devtools.timeline",
    "disabled-by-default-devtools.timeline",
    "blink.user_timing",
    "toplevel",
    "v8.execute",
    "v8",
    ...(process.env.PROFILE ? ["disabled-by-default-v8.cpu_profiler"] : []),
  ],
});
await page.goto(url);
await page.waitForFunction(() => performance.getEntriesByName("rolecall:editor-ready").length > 0, null, { timeout: 60_000 });
await page.waitForTimeout(500);
const buffer = await browser.stopTracing();
const names = ["rolecall:worker-start", "rolecall:page-start", "first-contentful-paint", "rolecall:worker-ready", "rolecall:decision", "rolecall:editor-ready"];
const marks = await page.evaluate(
  (list) => Object.fromEntries(list.map((n) => [n.replace("rolecall:", ""), Math.round(performance.getEntriesByName(n)[0]?.startTime ?? -1)])),
  names,
);
console.log(JSON.stringify(marks));
if (out) writeFileSync(out, buffer);
const parsed = JSON.parse(buffer.toString());
const events = parsed.traceEvents ?? parsed;
const mains = new Set(
  events.filter((e) => e.name === "thread_name" && e.args.name === "CrRendererMain").map((e) => `${e.pid}:${e.tid}`),
);
const start = events.find((e) => e.name === "rolecall:page-start");
const origin = start ? start.ts - marks["page-start"] * 1000 : 0;
const tasks = events.filter((e) => e.name === "RunTask" && e.ph === "X" && mains.has(`${e.pid}:${e.tid}`) && e.dur > min * 1000);
for (const task of tasks) {
  const inside = events.filter(
    (e) => e.pid === task.pid && e.tid === task.tid && e.ph === "X" && e !== task && e.ts >= task.ts && e.ts + (e.dur ?? 0) <= task.ts + task.dur && e.dur > 5000,
  );
  const described = inside.map((e) => {
    const fn = e.args?.data?.functionName ? `(${e.args.data.functionName})` : "";
    const file = e.args?.data?.url ? `[${e.args.data.url.split("/").pop()}]` : "";
    return `${e.name}${fn}${file} ${(e.dur / 1000).toFixed(0)}`;
  });
  const cpu = task.tdur === undefined ? "" : ` (thread ${(task.tdur / 1000).toFixed(0)} ms)`;
  console.log(`task at ${((task.ts - origin) / 1000).toFixed(0)} ms, ${(task.dur / 1000).toFixed(0)} ms${cpu}: ${described.join(", ")}`);
}
// The page's own renderer only (the trace holds other renderers' main threads too).
const allTasks = events.filter(
  (e) => e.name === "RunTask" && e.ph === "X" && start && e.pid === start.pid && e.tid === start.tid && e.tdur !== undefined,
);
const threadUntil = (from, to) =>
  allTasks.filter((e) => e.ts >= origin + from * 1000 && e.ts < origin + to * 1000).reduce((sum, e) => sum + e.tdur / 1000, 0);
if (start && marks.decision > 0) {
  console.log(
    `page thread time to the first decision: ${threadUntil(0, marks.decision).toFixed(0)} ms from navigation, ${threadUntil(marks["page-start"], marks.decision).toFixed(0)} ms from the page's start`,
  );
}
await browser.close();
