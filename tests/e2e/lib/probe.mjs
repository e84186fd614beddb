// The browser the probes under tests/e2e/probes/ open (not a test file): Debian's Chromium (or
// CHROMIUM_PATH), headless, one context at desktop or phone size with no service worker, and a
// page that prints the page's console errors.
import { gzipSync } from "node:zlib";

import { chromium } from "playwright-core";

import { chromiumArgs } from "./chromium.mjs";

/** Opens the probes' browser and page; `phone` gives the phone viewport. */
export async function openProbePage(phone) {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: chromiumArgs,
  });
  const context = await browser.newContext({
    viewport: phone ? { width: 390, height: 844 } : { width: 1280, height: 800 },
    serviceWorkers: "block",
    ...(phone ? { isMobile: true, hasTouch: true, deviceScaleFactor: 1 } : {}),
  });
  const page = await context.newPage();
  page.on("console", (m) => m.type() === "error" && console.error("console:", m.text()));
  return { browser, context, page };
}

/**
 * Types `keys` keystrokes (a space and a line break in turn) at the end of an editor and returns
 * the medians of where each one's time went, in ms on the test's key clock (figures.test.mjs:
 * from before Playwright's key): the key event's handler (`keydown`), `rolecall:edit`, the
 * keystroke's animation frame (`raf`), the end of that frame's work (`afterFrame`: a task posted
 * from the frame runs after its rendering), `keyup`, the worker's answer (`rolecall:worker`, when
 * the page marks it) and `rolecall:decision`. `toEnd` runs in the page and puts the editor's
 * cursor at the end of its text. Without tracing, whose overhead is large on a keystroke.
 */
export async function keystrokeSplit(page, keys, toEnd) {
  await page.evaluate(() => {
    const on = (type) => document.addEventListener(type, () => {
      const s = window.__cur;
      if (!s || s[type] !== undefined) return;
      s[type] = performance.now();
      if (type === "keydown") {
        requestAnimationFrame(() => {
          s.raf = performance.now();
          const ch = new MessageChannel();
          ch.port1.onmessage = () => { s.afterFrame = performance.now(); };
          ch.port2.postMessage(0);
        });
      }
    }, true);
    on("keydown");
    on("keyup");
  });
  const rows = [];
  for (let i = 0; i < keys; i++) {
    const before = await page.evaluate(() => performance.getEntriesByName("rolecall:decision").length);
    await page.evaluate(toEnd);
    await page.waitForTimeout(30);
    const start = await page.evaluate(() => { window.__cur = {}; return performance.now(); });
    await page.keyboard.type(i % 2 === 0 ? " " : "\n");
    await page.waitForFunction((n) => performance.getEntriesByName("rolecall:decision").length > n, before, { polling: 50 });
    rows.push(await page.evaluate((t0) => {
      const s = window.__cur;
      const first = (n) => performance.getEntriesByName(n).find((m) => m.startTime >= t0)?.startTime ?? NaN;
      return { keydown: s.keydown - t0, edit: first("rolecall:edit") - t0, raf: s.raf - t0, afterFrame: s.afterFrame - t0, keyup: s.keyup - t0, answer: first("rolecall:worker") - t0, decision: first("rolecall:decision") - t0 };
    }, start));
  }
  const median = (v) => {
    const a = v.filter((x) => Number.isFinite(x)).sort((x, y) => x - y);
    return a.length ? Math.round(a[a.length >> 1] * 10) / 10 : null;
  };
  return Object.fromEntries(Object.keys(rows[0]).map((k) => [k, median(rows.map((r) => r[k]))]));
}

/** Records the `gzip -9` size of every response `page` receives, by URL (cleared by the caller
 *  before each visit). */
export function gzipBodies(page) {
  const bodies = new Map();
  page.on("response", async (response) => {
    try {
      bodies.set(response.url(), gzipSync(await response.body(), { level: 9 }).length);
    } catch {
      // Redirects and aborted requests have no body.
    }
  });
  return bodies;
}

/**
 * What the visit's first paint needed, read in `page` once its first decision is drawn: the
 * first contentful paint, whether the page's module had started by then (`rolecall:page-start`:
 * the paint needed the page's wasm) and the gzip KiB the paint needed (the document and the
 * render-blocking CSS, plus the page's glue and wasm when the page drew it; `bodies` from
 * {@link gzipBodies}), and the first decision, in ms.
 */
export async function firstPaintNeeds(page, bodies) {
  await page.waitForFunction(() => performance.getEntriesByName("first-contentful-paint").length > 0);
  const seen = await page.evaluate(() => {
    const at = (name) => performance.getEntriesByName(name)[0]?.startTime ?? null;
    const paint = at("first-contentful-paint");
    const resources = performance.getEntriesByType("resource");
    const blocking = resources.filter((e) => e.renderBlockingStatus === "blocking").map((e) => e.name);
    const page = resources.filter((e) => /\/rolecall-web-[^/]*(_bg\.wasm|\.js)$/.test(e.name)).map((e) => e.name);
    return { paint, pageStart: at("rolecall:page-start"), decision: at("rolecall:decision"), blocking, page, document: location.href };
  });
  const byPage = seen.pageStart !== null && seen.pageStart < seen.paint;
  const needed = [seen.document.split("#")[0], ...seen.blocking, ...(byPage ? seen.page : [])];
  const neededGzip = needed.reduce((n, u) => n + (bodies.get(u) ?? 0), 0);
  return {
    firstContentfulPaintMs: Math.round(seen.paint),
    paintNeededPageWasm: byPage,
    paintNeededKiB: Math.round(neededGzip / 102.4) / 10,
    firstDecisionMs: Math.round(seen.decision),
  };
}

/** The median of `values` (the upper one of an even count). */
export function median(values) {
  return [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
}
