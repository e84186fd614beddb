// The browser the probes under tests/e2e/probes/ open (not a test file): Debian's Chromium (or
// CHROMIUM_PATH), headless, one context at desktop or phone size with no service worker, and a
// page that prints the page's console errors.
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
