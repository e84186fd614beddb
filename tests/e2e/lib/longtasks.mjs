// Main-thread watching shared by the responsiveness tests (not a test file): long tasks from a
// PerformanceObserver and the time the page takes to echo keys typed into a field of its own.

export const BOUND_MS = 100;

/** The bound on this machine now: 100 ms, or twice the plain page's worst task if larger. */
export function bound(plainWorst) {
  return Math.max(BOUND_MS, 2 * plainWorst);
}

/** Starts collecting long tasks (from the start of the page when `buffered`). */
export async function watchLongTasks(page) {
  await page.evaluate(() => {
    window.__longTasks = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) window.__longTasks.push({ start: Math.round(e.startTime), ms: Math.round(e.duration) });
    }).observe({ type: "longtask", buffered: true });
  });
}

/** Types into a field of its own, timing how long each key takes to be echoed. */
export async function echoTimes(page, text) {
  // Once the page is drawn: mounting the app clears the body (a link is read before the page is
  // drawn, web/src/app.rs `start`), and a probe added before would be removed with it.
  await page.waitForSelector("[data-testid=decision]", { state: "attached" });
  await page.evaluate(() => {
    if (document.getElementById("echo-probe")) return;
    const input = document.createElement("input");
    input.id = "echo-probe";
    input.setAttribute("aria-label", "echo probe");
    document.body.append(input);
  });
  await page.focus("#echo-probe");
  const times = [];
  for (const ch of text) {
    const start = Date.now();
    await page.keyboard.type(ch);
    times.push(Date.now() - start);
  }
  const echoed = await page.inputValue("#echo-probe");
  if (!echoed.endsWith(text)) throw new Error(`typed "${text}", the field shows "${echoed}"`);
  return times;
}
