// PARKED (not run by run.mjs, which loads only *.test.mjs): issue 14's "opening a hostile link
// never blocks the page for more than 100 ms at a time". (The 2 MB paste test that was parked
// here passes again and is in responsive.test.mjs.)
//
// Measured 2026-12-03 at load 12-15 (five engineers building on the 2-core machine), after the
// link is read in a task of its own before the first render, its autosave stored in another,
// long values clipped without walking them, and the role pickers of a long chain filled when
// first reached: it passed at desktop width in three runs out of three and failed at phone width
// in all three, for a different row each time (the 250 KB pattern 1,810 ms against a bound of
// 1,378 ms; ForAllValues:StringLike 1,377 ms against 1,236 ms). What remains on the page's
// thread, from Chrome traces (`devtools.timeline`) and CPU profiles of a build with names:
// reading the link (now alone, 370 ms at load 15), the first render (345 ms) and its style and
// layout (400 ms at phone width: one CodeMirror line of 250 KB), CodeMirror's JSON parser on
// that line (160 ms), the catalog read on the page (650 ms, as on the plain page), and the
// render of the worker's answer (570 ms). Move it back into responsive.test.mjs once it passes
// reliably at both widths.

import { hostileLinks } from "./lib/hostile.mjs";
import { bound, echoTimes, watchLongTasks } from "./lib/longtasks.mjs";

/** Opens `url` in a fresh page and returns its long tasks from navigation until it is decided. */
async function openAndWatch(p, url) {
  await p.goto(url);
  await watchLongTasks(p);
  const echo = await echoTimes(p, "ok");
  // The scenario is open and decided (or says why not).
  await p.waitForSelector("[data-testid=decision]:not([data-decision=none])", { timeout: 120_000 });
  await p.waitForTimeout(500);
  const tasks = await p.evaluate(() => window.__longTasks.map((t) => t.ms));
  return { tasks, echo: Math.max(...echo) };
}

export async function hostile_links_open_without_blocking_the_page({ page, baseUrl, newPage }) {
  // The page's own start (compiling the wasm, the first render) for comparison.
  const plain = await openAndWatch(page, baseUrl);
  console.log(`      plain page: long tasks ${JSON.stringify(plain.tasks)} ms; key echo ${plain.echo} ms at worst`);
  const failures = [];
  for (const row of hostileLinks()) {
    const p = await newPage();
    const { tasks, echo } = await openAndWatch(p, `${baseUrl}${row.link}`);
    console.log(`      ${row.name}: long tasks ${JSON.stringify(tasks)} ms; key echo ${echo} ms at worst`);
    const worst = Math.max(0, ...tasks);
    const limit = bound(Math.max(0, ...plain.tasks));
    if (worst > limit) failures.push(`${row.name}: blocked for ${worst} ms (bound ${limit} ms)`);
    await p.close();
  }
  if (failures.length) throw new Error(failures.join("; "));
}

/** This test does minutes of work on a loaded machine on purpose. */
export const timeoutsMs = {
  hostile_links_open_without_blocking_the_page: 300_000,
};
