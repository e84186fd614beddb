// Page figures for BENCHMARKS.md, measured on the release bundle in headless Chromium:
// the transfer before the first paint (gzip -9 of every response that had arrived when the page
// reported `first-contentful-paint`; on a first visit that paint is the prerendered first
// screen (web/src/prerender.rs), which needs the document and the CSS alone (`firstPaintNeeds`:
// the render-blocking responses), though the preloaded wasm may arrive before it on localhost;
// the worker's module counts only if it arrived by then, CodeMirror is
// loaded after that entry, web/js/editor.js) and in total, time to the first decision on load, and keystroke-to-decision time with a
// 50-statement policy. The app sets the
// performance mark `rolecall:decision` each time a new decision is on the page and
// `rolecall:edit` on each editor change. Results go to tests/e2e/artifacts/figures.json.

import { gzipSync } from "node:zlib";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";

import { fiftyStatements } from "./lib/fifty.mjs";
import { waitForDecision, waitForEditors } from "./lib/playground.mjs";

function percentile(values, p) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))];
}

function median(values) {
  return percentile(values, 0.5);
}

/** A benchmark (run.mjs): `cargo xtask e2e page_figures` runs it, alone. */
export const benchmarks = { page_figures: "it records the first decision and keystroke figures of BENCHMARKS.md" };

export async function page_figures({ page, baseUrl }) {
  const bodies = new Map();
  page.on("response", async (response) => {
    try {
      bodies.set(response.url(), await response.body());
    } catch {
      // Redirects and aborted requests have no body.
    }
  });
  await page.goto(baseUrl);
  await waitForDecision(page, "allowed");
  const firstDecisionMs = await page.evaluate(
    () => performance.getEntriesByName("rolecall:decision")[0]?.startTime ?? null,
  );
  // What the first decision waited for, on the navigation's clock: the page's wasm arriving
  // (its response's end), the worker started (web/js/worker.js, as soon as the page's glue is
  // evaluated), the page's first paint, the worker's module ready, the worker's answer.
  const firstDecisionParts = await page.evaluate(() => {
    const at = (name) => {
      const entry = performance.getEntriesByName(name)[0];
      return entry ? Math.round(entry.startTime) : null;
    };
    const wasm = performance
      .getEntriesByType("resource")
      .find((e) => /\/rolecall-web[^/]*_bg\.wasm$/.test(new URL(e.name).pathname));
    // The worker's wasm, fetched and compiled by the page's head script (index.html), or by the
    // worker itself when the page's compile failed.
    const workerWasmOnPage = performance
      .getEntriesByType("resource")
      .find((e) => /\/rolecall-worker_bg\.wasm$/.test(new URL(e.name).pathname));
    const workerWasm = performance
      .getEntriesByName("rolecall:worker-fetched")
      .find((m) => /\/rolecall-worker_bg\.wasm$/.test(new URL(m.detail.url).pathname));
    const answer = performance.getEntriesByName("rolecall:worker")[0];
    const codemirror = performance
      .getEntriesByType("resource")
      .find((e) => /\/lazy\/codemirror-[^/]*\.js$/.test(new URL(e.name).pathname));
    return {
      pageWasmResponseEndMs: wasm ? Math.round(wasm.responseEnd) : null,
      // The page's module compiled and its `main` running (web/src/main.rs).
      pageStartMs: at("rolecall:page-start"),
      workerStartMs: at("rolecall:worker-start"),
      firstContentfulPaintMs: at("first-contentful-paint"),
      // CodeMirror, requested once the page has painted (web/js/editor.js), on the page's thread.
      codemirrorRequestMs: codemirror ? Math.round(codemirror.startTime) : null,
      editorReadyMs: at("rolecall:editor-ready"),
      workerWasmResponseEndMs: workerWasmOnPage
        ? Math.round(workerWasmOnPage.responseEnd)
        : workerWasm ? Math.round(workerWasm.detail.end) : null,
      workerReadyMs: at("rolecall:worker-ready"),
      // The worker's own time for the first view (check, evaluation, its JSON).
      workerFirstComputeMs: answer ? Math.round(answer.detail.ms) : null,
      // When the page posted its first evaluation (evaluator.rs), and when the worker received
      // it, started it (after what it was
      // doing: the prime) and posted its answer, on the page's clock: whether the page waited
      // for the worker or the answer for the page's thread.
      pagePostedMs: at("rolecall:posted"),
      workerReceivedMs: answer?.detail.at?.received != null ? Math.round(answer.detail.at.received) : null,
      workerStartedMs: answer?.detail.at?.started != null ? Math.round(answer.detail.at.started) : null,
      workerPostedMs: answer?.detail.at?.posted != null ? Math.round(answer.detail.at.posted) : null,
      workerAnswerMs: at("rolecall:worker"),
      firstDecisionMs: at("rolecall:decision"),
    };
  });
  await page.waitForFunction(() => document.querySelector("[data-testid=catalog-status]")?.textContent.startsWith("AWS data"));
  await page.waitForTimeout(300);
  // Every request of the page and of its worker, on the page's clock (the worker's own requests
  // are in its timeline: web/js/worker.js marks them as `rolecall:worker-fetched`).
  const timeline = await page.evaluate(() => {
    const paint = performance.getEntriesByName("first-contentful-paint")[0]?.startTime ?? null;
    const page = performance.getEntriesByType("resource").map((e) => ({
      url: e.name,
      start: e.startTime,
      end: e.responseEnd,
      // Chromium's own word on whether the first paint waited for it (the stylesheet does; the
      // preloaded wasm and the module scripts do not).
      blocking: e.renderBlockingStatus === "blocking",
    }));
    const worker = performance.getEntriesByName("rolecall:worker-fetched").map((m) => m.detail);
    return { paint, navigation: location.href, requests: [...page, ...worker] };
  });
  // The worker's requests may not reach `page.on("response")`: their bodies are fetched again.
  for (const r of timeline.requests) {
    if (!bodies.has(r.url) && new URL(r.url).origin === new URL(baseUrl).origin) {
      try {
        bodies.set(r.url, Buffer.from(await (await fetch(r.url)).arrayBuffer()));
      } catch {
        // Not fetchable from here: not counted.
      }
    }
  }
  const files = [...bodies].map(([url, body]) => ({
    path: new URL(url).pathname,
    raw: body.length,
    gzip: gzipSync(body, { level: 9 }).length,
  }));
  const initial = files.filter((f) => !f.path.endsWith("catalog.json"));
  const sum = (list, key) => list.reduce((n, f) => n + f[key], 0);
  // Before the first paint: the document and every response that had fully arrived when the
  // page reported `first-contentful-paint`. Requests started before it and still arriving are
  // listed apart (`inFlightAtFirstPaint`, not counted); so is the older measure, every request
  // started before it (`startedBeforeFirstPaint`).
  const paint = timeline.paint;
  const pathOf = (url) => new URL(url).pathname;
  const arrived = new Set([
    pathOf(timeline.navigation),
    ...timeline.requests.filter((r) => paint !== null && r.end > 0 && r.end <= paint).map((r) => pathOf(r.url)),
  ]);
  const started = new Set([
    pathOf(timeline.navigation),
    ...timeline.requests.filter((r) => paint !== null && r.start < paint).map((r) => pathOf(r.url)),
  ]);
  const firstPaint = files.filter((f) => arrived.has(f.path));
  // What the first paint needed: the document and the render-blocking responses. With the
  // prerendered first screen (web/src/prerender.rs) that is the HTML and the CSS; the page's wasm,
  // preloaded, may still arrive before the paint on localhost and count in `beforeFirstPaint`.
  const blocking = new Set([
    pathOf(timeline.navigation),
    ...timeline.requests.filter((r) => r.blocking).map((r) => pathOf(r.url)),
  ]);
  const paintNeeds = files.filter((f) => blocking.has(f.path));
  const inFlight = files.filter((f) => started.has(f.path) && !arrived.has(f.path));
  const startedBefore = files.filter((f) => started.has(f.path));
  const beforePaint = { paint };

  // Keystroke to decision with a 50-statement policy in the permission editor (CodeMirror's).
  await waitForEditors(page);
  await page.evaluate((t) => window.__rolecall.setText("permission-editor", t), fiftyStatements());
  await waitForDecision(page, "allowed");
  // The catalog loaded, and the inline mirror (web/src/evaluator/inline.rs) caught up with it and
  // warm, when the page has one (an older bundle has none: then after 5 s); the page's memory then.
  await page.waitForFunction(() => document.querySelector("[data-testid=catalog-status]")?.textContent.startsWith("AWS data"));
  await page
    .waitForFunction(
      () => {
        const last = performance.getEntriesByName("rolecall:inline-ready").at(-1);
        return last && last.detail.warm && last.detail.applied === last.detail.sent && last.detail.sent > 0;
      },
      null,
      { timeout: 5_000 },
    )
    .catch(() => {});
  const memory = await page.evaluate(() => ({
    jsHeapUsedBytes: performance.memory?.usedJSHeapSize ?? null,
    mirrorWasmBytes: performance.getEntriesByName("rolecall:inline-ready").at(-1)?.detail.memoryBytes ?? null,
  }));
  const samples = [];
  // `rolecall:edit` (the editor's change) → `rolecall:decision` (the new decision drawn).
  const editSamples = [];
  const workerSamples = [];
  const viewSamples = [];
  // The worker's answer on the page → the decision drawn (reading the view, the re-render).
  const pageSamples = [];
  // Where each keystroke's time goes, in order (the marks of web/src/evaluator.rs and
  // web/js/worker.js): the edit until the evaluation is posted, until the worker starts it, the
  // worker's evaluation, its answer until it is on the page, the answer read, the decision drawn.
  const inlineSamples = [];
  const parts = { editToPosted: [], postedToWorkerStart: [], workerTexts: [], workerEvaluate: [], workerToPage: [], answerToViewRead: [], viewReadToDecision: [] };
  for (let i = 0; i < 50; i++) {
    const before = await page.evaluate(() => performance.getEntriesByName("rolecall:decision").length);
    const end = await page.evaluate(() => window.__rolecall.getText("permission-editor").length);
    await page.evaluate((p) => window.__rolecall.setCursor("permission-editor", p), end);
    const start = await page.evaluate(() => performance.now());
    await page.keyboard.type(i % 2 === 0 ? " " : "\n");
    await page.waitForFunction((n) => performance.getEntriesByName("rolecall:decision").length > n, before);
    const done = await page.evaluate((t0) => {
      const last = (name) => {
        const marks = performance.getEntriesByName(name);
        return marks[marks.length - 1];
      };
      const edit = performance.getEntriesByName("rolecall:edit").find((m) => m.startTime >= t0);
      const worker = last("rolecall:worker");
      return {
        decision: last("rolecall:decision").startTime,
        edit: edit ? edit.startTime : null,
        // The evaluation worker's own compute time for the decision shown (the view and its
        // JSON; the suggestions follow separately), marked by web/js/worker.js when its answer
        // arrives.
        workerMs: worker && worker.startTime >= t0 ? worker.detail.ms : null,
        viewMs: worker && worker.startTime >= t0 ? worker.detail.viewMs : null,
        answer: worker && worker.startTime >= t0 ? worker.startTime : null,
        at: worker && worker.startTime >= t0 ? worker.detail.at : null,
        textsMs: worker && worker.startTime >= t0 ? worker.detail.textsMs : null,
        posted: performance.getEntriesByName("rolecall:posted").find((m) => m.startTime >= t0)?.startTime ?? null,
        viewRead: last("rolecall:view-read").startTime,
        // The keystroke decided inline, on the page's thread (web/src/evaluator/inline.rs): its
        // time (the text set, the evaluation, its view read).
        inlineMs: performance.getEntriesByName("rolecall:inline").find((m) => m.startTime >= t0)?.detail.ms ?? null,
      };
    }, start);
    if (done.inlineMs !== null) inlineSamples.push(done.inlineMs);
    if (done.inlineMs === null && done.edit !== null && done.posted !== null && done.at?.started !== undefined && done.answer !== null) {
      parts.editToPosted.push(done.posted - done.edit);
      parts.postedToWorkerStart.push(done.at.started - done.posted);
      parts.workerTexts.push(done.textsMs ?? 0);
      parts.workerEvaluate.push(done.at.posted - done.at.started);
      parts.workerToPage.push(done.answer - done.at.posted);
      parts.answerToViewRead.push(done.viewRead - done.answer);
      parts.viewReadToDecision.push(done.decision - done.viewRead);
    }
    samples.push(done.decision - start);
    if (done.edit !== null) editSamples.push(done.decision - done.edit);
    if (done.workerMs !== null) workerSamples.push(done.workerMs);
    if (done.viewMs !== null) viewSamples.push(done.viewMs);
    if (done.answer !== null) pageSamples.push(done.decision - done.answer);
  }
  // The suggestions follow the decision once typing pauses (web/src/evaluator.rs): the worker's
  // time for them, from the marks of a few pauses.
  const suggestionSamples = [];
  for (let i = 0; i < 5; i++) {
    const before = await page.evaluate(() => performance.getEntriesByName("rolecall:worker-suggestions").length);
    const end = await page.evaluate(() => window.__rolecall.getText("permission-editor").length);
    await page.evaluate((p) => window.__rolecall.setCursor("permission-editor", p), end);
    await page.keyboard.type(" ");
    await page.waitForFunction((n) => performance.getEntriesByName("rolecall:worker-suggestions").length > n, before);
    suggestionSamples.push(
      await page.evaluate(() => {
        const marks = performance.getEntriesByName("rolecall:worker-suggestions");
        return marks[marks.length - 1].detail.ms;
      }),
    );
  }
  const stats = (values) =>
    values.length === 0
      ? null
      : {
          median: Math.round(median(values) * 10) / 10,
          p95: Math.round(percentile(values, 0.95) * 10) / 10,
          max: Math.round(Math.max(...values) * 10) / 10,
          count: values.length,
        };
  const loadAverage = (() => {
    try {
      return readFileSync("/proc/loadavg", "utf8").split(" ").slice(0, 3).map(Number);
    } catch {
      return null;
    }
  })();
  const figures = {
    firstContentfulPaintMs: Math.round(beforePaint.paint ?? -1),
    beforeFirstPaint: {
      gzipBytes: sum(firstPaint, "gzip"),
      rawBytes: sum(firstPaint, "raw"),
      files: firstPaint.map((f) => f.path),
    },
    firstPaintNeeds: {
      gzipBytes: sum(paintNeeds, "gzip"),
      rawBytes: sum(paintNeeds, "raw"),
      files: paintNeeds.map((f) => f.path),
    },
    inFlightAtFirstPaint: {
      gzipBytes: sum(inFlight, "gzip"),
      files: inFlight.map((f) => f.path),
    },
    startedBeforeFirstPaint: {
      gzipBytes: sum(startedBefore, "gzip"),
      files: startedBefore.map((f) => f.path),
    },
    transfer: {
      initialGzipBytes: sum(initial, "gzip"),
      initialRawBytes: sum(initial, "raw"),
      withCatalogGzipBytes: sum(files, "gzip"),
      files,
    },
    firstDecisionMs: Math.round(firstDecisionMs),
    firstDecisionParts,
    keystrokeToDecisionMs: {
      median: Math.round(median(samples)),
      p95: Math.round(percentile(samples, 0.95)),
      max: Math.round(Math.max(...samples)),
      debounceMs: 0,
      samples: samples.map(Math.round),
    },
    editMarkToDecisionMs: stats(editSamples),
    // Keystrokes decided inline (of the 50), and the inline evaluation's time.
    inlineKeystrokes: inlineSamples.length,
    memoryAfterCatalog: memory,
    inlineMs: stats(inlineSamples),
    workerComputeMs: stats(workerSamples),
    workerViewMs: stats(viewSamples),
    answerToDecisionMs: stats(pageSamples),
    keystrokeParts: Object.fromEntries(Object.entries(parts).map(([k, v]) => [k, stats(v)])),
    workerSuggestionsMs: stats(suggestionSamples),
    loadAverage,
  };
  mkdirSync("tests/e2e/artifacts", { recursive: true });
  writeFileSync("tests/e2e/artifacts/figures.json", JSON.stringify(figures, null, 2));
  console.log(`figures: before first paint (${figures.firstContentfulPaintMs} ms) ` +
    `${(figures.beforeFirstPaint.gzipBytes / 1024).toFixed(1)} KiB gzip arrived (${figures.beforeFirstPaint.files.join(", ")}); ` +
    `the paint needed ${(figures.firstPaintNeeds.gzipBytes / 1024).toFixed(1)} KiB (render-blocking: ${figures.firstPaintNeeds.files.join(", ")}); ` +
    `in flight at first paint ${(figures.inFlightAtFirstPaint.gzipBytes / 1024).toFixed(1)} KiB (${figures.inFlightAtFirstPaint.files.join(", ")}); ` +
    `started before it ${(figures.startedBeforeFirstPaint.gzipBytes / 1024).toFixed(1)} KiB; ` +
    `initial transfer ${(figures.transfer.initialGzipBytes / 1024).toFixed(1)} KiB gzip ` +
    `(${(figures.transfer.withCatalogGzipBytes / 1024).toFixed(1)} KiB with the lazy catalog), ` +
    `first decision ${figures.firstDecisionMs} ms, keystroke to decision median ${figures.keystrokeToDecisionMs.median} ms, ` +
    `p95 ${figures.keystrokeToDecisionMs.p95} ms (max ${figures.keystrokeToDecisionMs.max} ms, ${samples.length} keystrokes, no debounce: evaluated in the worker); ` +
    `rolecall:edit → rolecall:decision ${JSON.stringify(figures.editMarkToDecisionMs)}; ` +
    `inline ${figures.inlineKeystrokes} of ${samples.length} keystrokes, ${JSON.stringify(figures.inlineMs)}; ` +
    `memory after the catalog ${JSON.stringify(memory)}; ` +
    `worker compute per keystroke (the view) ${JSON.stringify(figures.workerComputeMs)}; ` +
    `worker answer → decision drawn ${JSON.stringify(figures.answerToDecisionMs)}; ` +
    `keystroke parts (medians) ${JSON.stringify(Object.fromEntries(Object.entries(figures.keystrokeParts).map(([k, v]) => [k, v?.median])))}; ` +
    `worker suggestions after a pause ${JSON.stringify(figures.workerSuggestionsMs)}; ` +
    `first decision parts ${JSON.stringify(firstDecisionParts)}; ` +
    `load average ${JSON.stringify(loadAverage)}`);
  if (firstDecisionMs === null) throw new Error("no rolecall:decision mark");
  if (beforePaint.paint === null) throw new Error("no first-contentful-paint entry");
}
