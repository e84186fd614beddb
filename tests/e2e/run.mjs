// Browser end-to-end test runner: `node tests/e2e/run.mjs <base-url> [name-filter]`.
//
// It drives Debian's /usr/bin/chromium with playwright-core (never a downloaded browser) and runs
// every exported async function of every `tests/e2e/*.test.mjs` file as one test. Each test gets
// a fresh browser context (an empty profile) and a page; it fails on a thrown error, a page error,
// a console error, or a request to another origin (the playground makes no network requests
// beyond its own bundle). A failed test's last state is photographed into tests/e2e/artifacts/.
// `cargo xtask test` serves the release bundle and calls this runner.
//
// Every test runs twice: at desktop width (1280×800) and at phone width (390×844, id suffix
// `@phone`). `ROLECALL_E2E_VIEWPORTS=desktop` or `=phone` runs one of them. A test file may
// export `desktopOnly = { testName: "why" }` for the few tests that are about the desktop layout
// itself; the runner prints each skip with its reason. It may export `timeoutsMs = { testName: ms }`
// for the few tests that do minutes of work on purpose (a 2 MB paste, hostile links).
// Tests run `ROLECALL_E2E_JOBS` at a time (default 2, at most the machine's cores), each in its own
// browser context: most of a test is waiting for the page, and one at a time took 20 minutes of
// the CI's 2 cores. A file may export `alone = { testName: "why" }` for the tests that measure
// time (long tasks, figures): they run after the others, one at a time, with nothing beside them.
// Service workers are blocked (Playwright's `serviceWorkers: "block"`): requests a service worker
// answers bypass `context.route`, which many tests use to cut or slow the network. A file may
// export `serviceWorkers = { testName: "why" }` for the tests of the page's service worker
// itself (offline.test.mjs); their contexts, `newPage()`'s included, allow it.
//
// A file may export `benchmarks = { testName: "why" }` for the tests that record the figures of
// BENCHMARKS.md (page load, import and who-can on large accounts): they are not tests of a behaviour
// (timings are never test conditions) and are left out of a run without a filter, `cargo xtask
// test` included; a run whose filter matches them (`cargo xtask e2e figures`) runs them alone, or
// every run with `ROLECALL_E2E_BENCHMARKS=1`.
// A screenshot of a test's last state is taken when it fails (a passing test's shots are the ones
// it takes itself).
// A test receives `{ page, context, browser, baseUrl, screenshot, allowConsoleError, newPage,
// phone, viewport }`:
// - `screenshot(name)` saves `artifacts/<file>--<name>.png`;
// - `allowConsoleError(regex)` tolerates matching console errors (e.g. an expected bad-link log);
// - `newPage()` opens a page in a second, fresh context (a "fresh browser profile"), checked the
//   same way as `page`.

import { readdir, mkdir } from "node:fs/promises";
import { availableParallelism } from "node:os";
import { dirname, join, basename } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { chromium } from "playwright-core";

import { chromiumArgs } from "./lib/chromium.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const artifacts = join(here, "artifacts");
const baseUrl = process.argv[2] ?? process.env.ROLECALL_E2E_URL;
const filter = process.argv[3] ?? "";
const testTimeoutMs = Number(process.env.ROLECALL_E2E_TIMEOUT_MS ?? 60_000);
const jobs = Math.max(1, Number(process.env.ROLECALL_E2E_JOBS ?? Math.min(2, availableParallelism())) || 1);
const VIEWPORTS = {
  desktop: { width: 1280, height: 800 },
  phone: { width: 390, height: 844 },
};
// Benchmarks run when the filter names them or when asked for (see above).
const runBenchmarks = filter !== "" || process.env.ROLECALL_E2E_BENCHMARKS === "1";
const viewportNames = (process.env.ROLECALL_E2E_VIEWPORTS ?? "desktop,phone")
  .split(",")
  .map((v) => v.trim())
  .filter((v) => v in VIEWPORTS);

if (!baseUrl) {
  console.error("usage: node tests/e2e/run.mjs <base-url> [name-filter]");
  process.exit(2);
}

/** Loads every test file and returns `[{ file, name, fn }]` in a stable order. */
async function collectTests() {
  const files = (await readdir(here)).filter((f) => f.endsWith(".test.mjs")).sort();
  const tests = [];
  for (const file of files) {
    const module = await import(pathToFileURL(join(here, file)).href);
    const desktopOnly = module.desktopOnly ?? {};
    const timeouts = module.timeoutsMs ?? {};
    const withServiceWorkers = module.serviceWorkers ?? {};
    const alone = module.alone ?? {};
    const benchmarks = module.benchmarks ?? {};
    for (const [name, fn] of Object.entries(module)) {
      if (typeof fn !== "function") continue;
      const timeoutMs = Math.max(testTimeoutMs, timeouts[name] ?? 0);
      for (const viewport of viewportNames) {
        const id = `${basename(file, ".test.mjs")}::${name}${viewport === "desktop" ? "" : `@${viewport}`}`;
        if (!id.includes(filter)) continue;
        const benchmark = name in benchmarks && !runBenchmarks;
        const skip = benchmark
          ? `a benchmark (${benchmarks[name]}): \`cargo xtask e2e ${name}\` runs it`
          : viewport !== "desktop" && name in desktopOnly
            ? `desktop only: ${desktopOnly[name]}`
            : undefined;
        const serviceWorkers = name in withServiceWorkers ? "allow" : "block";
        tests.push({ file, name, id, fn, viewport, skip, timeoutMs, serviceWorkers, alone: name in alone || name in benchmarks });
      }
    }
  }
  return tests;
}

/** Watches a page for errors; `problems` collects human-readable failures. */
function watch(page, problems, allowed) {
  const origin = new URL(baseUrl).origin;
  page.on("pageerror", (err) => problems.push(`page error: ${err.stack ?? err.message}`));
  page.on("console", (msg) => {
    if (msg.type() !== "error") return;
    const text = msg.text();
    if (allowed.some((re) => re.test(text))) return;
    const where = msg.location()?.url ? ` (${msg.location().url}:${msg.location().lineNumber})` : "";
    problems.push(`console error: ${text}${where}`);
  });
  page.on("request", (req) => {
    const url = req.url();
    if (url.startsWith("data:") || url.startsWith("blob:")) return;
    if (new URL(url).origin !== origin) problems.push(`request to another origin: ${url}`);
  });
}

async function withTimeout(promise, ms, what) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} timed out after ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

async function runOne(browser, test) {
  const problems = [];
  const allowed = [];
  const contexts = [];
  const open = async () => {
    const context = await browser.newContext({
      viewport: VIEWPORTS[test.viewport],
      serviceWorkers: test.serviceWorkers,
      ...(test.viewport === "phone" ? { isMobile: true, hasTouch: true, deviceScaleFactor: 1 } : {}),
    });
    contexts.push(context);
    const page = await context.newPage();
    page.setDefaultTimeout(15_000);
    watch(page, problems, allowed);
    return { context, page };
  };
  const { context, page } = await open();
  const shotName = (name) =>
    join(artifacts, `${test.id.replace("::", "--").replace("@", "--")}${name ? `--${name}` : ""}.png`);
  const screenshot = (name) => page.screenshot({ path: shotName(name), fullPage: true });
  const start = Date.now();
  let error;
  try {
    await withTimeout(
      test.fn({
        page,
        context,
        browser,
        baseUrl,
        screenshot,
        allowConsoleError: (re) => allowed.push(re),
        newPage: async () => (await open()).page,
        phone: test.viewport === "phone",
        viewport: VIEWPORTS[test.viewport],
      }),
      test.timeoutMs,
      test.id,
    );
  } catch (err) {
    error = err;
  }
  const failures = [...(error ? [`${error.stack ?? error}`] : []), ...problems];
  // Only a failure's last state is photographed: a full-page shot of every test cost CI time and
  // nobody looked at the passing ones.
  if (failures.length > 0) {
    try {
      await page.screenshot({ path: shotName(""), fullPage: true });
    } catch {
      // A page that crashed cannot be photographed; the failure is already recorded.
    }
  }
  for (const c of contexts) await c.close().catch(() => {});
  return { id: test.id, ok: failures.length === 0, failures, ms: Date.now() - start };
}

async function main() {
  await mkdir(artifacts, { recursive: true });
  const tests = await collectTests();
  if (tests.length === 0) {
    console.error(`no tests found in ${here}${filter ? ` matching \`${filter}\`` : ""}`);
    process.exit(1);
  }
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    headless: true,
    args: chromiumArgs,
  });
  const results = [];
  const report = (result) => {
    console.log(`${result.ok ? "PASS" : "FAIL"}  ${result.id} (${result.ms} ms)`);
    for (const failure of result.failures) console.log(`      ${failure.split("\n").join("\n      ")}`);
    results.push(result);
  };
  for (const test of tests.filter((t) => t.skip)) console.log(`SKIP  ${test.id} (${test.skip})`);
  const started = Date.now();
  try {
    // The others `jobs` at a time, each lane taking the next test when its own ends ...
    const queue = tests.filter((t) => !t.skip && !t.alone);
    const lane = async () => {
      for (let test = queue.shift(); test; test = queue.shift()) report(await runOne(browser, test));
    };
    await Promise.all(Array.from({ length: jobs }, lane));
    // ... then the tests that measure time, one at a time.
    for (const test of tests.filter((t) => !t.skip && t.alone)) report(await runOne(browser, test));
  } finally {
    await browser.close();
  }
  const failed = results.filter((r) => !r.ok);
  console.log(
    `\ne2e: ${results.length - failed.length} passed, ${failed.length} failed in ${Math.round((Date.now() - started) / 1000)} s (${jobs} at a time, then ${tests.filter((t) => !t.skip && t.alone).length} alone); screenshots in ${artifacts}`,
  );
  process.exit(failed.length === 0 ? 0 : 1);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
