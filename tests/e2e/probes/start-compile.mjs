// Probe (not a test, not run by run.mjs): where and when V8 compiles the two wasm modules while
// the page opens, from a Chromium trace of one load (categories `v8`, `v8.wasm`,
// `disabled-by-default-v8.wasm.detailed`): per thread, how many functions were compiled and
// their time (`wasm.CompileLazy`: a function compiled on its first call, on the calling thread;
// `wasm.CompileBaseline`: the Liftoff compile itself, wherever it ran), the slowest ones, and the
// page's marks (`rolecall:worker-start`, `-worker-ready`, `-page-start`, `rolecall:decision`).
// usage: [JS_FLAGS="--no-wasm-lazy-compilation"] node tests/e2e/probes/start-compile.mjs URL [phone] [trace.json]
// URL serves a built bundle (`python3 -m http.server PORT --directory dist`); JS_FLAGS passes V8
// flags to try what a flag would change (the page itself cannot set any). BENCHMARKS.md, "The
// wasm compiled where and when".
import { writeFileSync } from "node:fs";
import { chromium } from "playwright-core";

import { chromiumArgs } from "../lib/chromium.mjs";

const url = process.argv[2];
const phone = process.argv[3] === "phone";
const args = [...chromiumArgs];
if (process.env.JS_FLAGS) args.push(`--js-flags=${process.env.JS_FLAGS}`);
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium", args });
const context = await browser.newContext({
  viewport: phone ? { width: 390, height: 844 } : { width: 1280, height: 800 },
  serviceWorkers: "block",
  ...(phone ? { isMobile: true, hasTouch: true, deviceScaleFactor: 1 } : {}),
});
await browser.startTracing(undefined, { categories: ["v8", "v8.wasm", "disabled-by-default-v8.wasm.detailed", "blink.user_timing"] });
const page = await context.newPage();
await page.goto(url);
await page.waitForSelector("[data-testid=decision]:not([data-decision=pending])", { timeout: 30_000 });
await page.waitForTimeout(300);
const marks = await page.evaluate(() => Object.fromEntries(["rolecall:worker-start", "rolecall:worker-ready", "rolecall:page-start", "rolecall:decision"]
  .map((n) => [n, Math.round(performance.getEntriesByName(n)[0]?.startTime ?? -1)])));
const events = JSON.parse((await browser.stopTracing()).toString()).traceEvents;
await browser.close();
if (process.argv[4]) writeFileSync(process.argv[4], JSON.stringify(events));

const threads = new Map();
for (const e of events) if (e.ph === "M" && e.name === "thread_name") threads.set(`${e.pid}:${e.tid}`, e.args.name);
const thread = (e) => threads.get(`${e.pid}:${e.tid}`) ?? String(e.tid);
const byThread = new Map();
for (const e of events) {
  if (e.name !== "wasm.CompileLazy" && e.name !== "wasm.CompileBaseline") continue;
  const key = `${thread(e)}: ${e.name}`;
  const list = byThread.get(key) ?? [];
  list.push(e);
  byThread.set(key, list);
}
console.log(JSON.stringify(marks));
for (const [key, list] of [...byThread].sort()) {
  const ms = list.reduce((sum, e) => sum + (e.dur ?? 0), 0) / 1000;
  const slowest = [...list].sort((a, b) => b.dur - a.dur).slice(0, 4)
    .map((e) => `#${e.args.funcIndex ?? e.args.func_index}${e.args.bodySize ? ` (${e.args.bodySize} B)` : ""} ${(e.dur / 1000).toFixed(1)} ms`);
  console.log(`${key}: ${list.length} functions, ${ms.toFixed(0)} ms; slowest ${slowest.join(", ")}`);
}
