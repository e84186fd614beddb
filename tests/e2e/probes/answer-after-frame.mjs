// Probe (not a test, not run by run.mjs): in which order Chromium runs a keystroke's frame and
// a Web Worker's answer to a message posted from that keystroke's input handler.
// `node tests/e2e/probes/answer-after-frame.mjs` (Debian's /usr/bin/chromium, or CHROMIUM_PATH).
// A bare page with a textarea: each input event posts to a worker that spins `spin` ms and
// answers, then the handler itself spins `keyWork` ms (the page's own work for a keystroke);
// the probe records when the keystroke's requestAnimationFrame callback and the answer run.
// Finding (BENCHMARKS.md, "Keystroke → decision: the answer comes after the keystroke's frame"):
// the answer is handled after the frame in every case, even from a 0.5 ms worker, so a faster
// worker cannot bring the decision into the keystroke's frame.

import { createServer } from "node:http";
import { chromium } from "playwright-core";

const page = `<!doctype html><textarea id=t></textarea><script>
const w = new Worker(URL.createObjectURL(new Blob([
  "onmessage = (e) => { const t0 = performance.now(); while (performance.now() - t0 < e.data) {} postMessage(0); };",
])));
window.results = [];
let pending = null;
document.getElementById("t").addEventListener("input", () => {
  const p = { key: performance.now(), raf: null };
  pending = p;
  requestAnimationFrame(() => { p.raf = performance.now(); });
  w.postMessage(window.spin);
  const s = performance.now(); while (performance.now() - s < window.keyWork) {}
});
w.onmessage = () => {
  const p = pending;
  window.results.push({ answer: performance.now() - p.key, raf: p.raf === null ? null : p.raf - p.key });
};
</script>`;

const server = createServer((_, res) => { res.setHeader("content-type", "text/html"); res.end(page); });
await new Promise((ok) => server.listen(0, "127.0.0.1", ok));
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium" });
try {
  const tab = await browser.newPage();
  await tab.goto(`http://127.0.0.1:${server.address().port}/`);
  await tab.focus("#t");
  const median = (xs) => { const s = xs.filter((x) => x !== null).sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };
  for (const [spin, keyWork] of [[0.5, 0], [0.5, 3], [0.5, 10], [5, 3], [5, 10], [12, 3]]) {
    await tab.evaluate(([s, k]) => { window.spin = s; window.keyWork = k; window.results = []; }, [spin, keyWork]);
    for (let i = 0; i < 30; i++) { await tab.keyboard.type("a"); await tab.waitForTimeout(60); }
    const r = await tab.evaluate(() => window.results);
    const before = r.filter((x) => x.raf === null).length;
    console.log(`worker ${spin} ms, keystroke's own work ${keyWork} ms: frame ${median(r.map((x) => x.raf)).toFixed(1)} ms after the key, ` +
      `answer ${median(r.map((x) => x.answer)).toFixed(1)} ms after it (medians of ${r.length}); answer before the frame ${before}/${r.length}`);
  }
} finally {
  await browser.close();
  server.close();
}
