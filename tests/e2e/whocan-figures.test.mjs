// The page figure of issue 12: who-can and escalation on the generated 1,000 × 1,000 account of
// the access-graph benchmark, in the page (`cargo xtask e2e reach_figures`). It loads the
// account, asks who-can right after opening the view (cold: the worker builds the access graph
// from the moment the view is opened, and the question waits for that build), then escalation,
// then who-can again once the graph is ready (the scenario changes, the user turns back to the
// view, the worker builds the graph again ahead, the same question follows a moment later). The answers
// are compared with the CLI's (count, order and paths of the listed principals, bound notices,
// findings, administrators), the who-can list is paged through with "Show more" by keyboard, a
// field of its own is typed into while the worker answers, and the figures go to
// tests/e2e/artifacts/reach-figures.json (reach-figures-phone.json at phone width) with the
// page's marks: the worker's time (`rolecall:reach-asked` → `rolecall:reach-answered`),
// reading the answer (→ `reach-read`) and drawing it (→ `reach-drawn`), and the worker's own
// times for the builds ahead and the questions (`rolecall:reach-worker`). It fails when the page's longest task while answering is
// over the relative bound of lib/longtasks.mjs. The worker sends the who-can answer a page of
// principals at a time (web/src/reach.rs `PAGE`), so the page reads and draws little.

import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";

import { builtAhead, cliJsonLater, listed, pathCounts, workerReach } from "./lib/reach.mjs";
import { bound, echoTimes, watchLongTasks } from "./lib/longtasks.mjs";
import { waitForDecision } from "./lib/playground.mjs";


/** The generated account of the access-graph benchmark (crates/core/benches/support/account.rs)
 * as a scenario file, made once per run, with the CLI's answers on it: started in the background
 * as soon as the file is written (a debug build of the CLI takes tens of seconds over this
 * account), so they run while the page loads the account; the questions are timed after them. */
let account = null;
function generatedAccount() {
  if (account) return account;
  const text = execFileSync("cargo", ["run", "-q", "-p", "rolecall-core", "--example", "generate_account", "--", "1000", "1000"], {
    encoding: "utf8",
    maxBuffer: 256 * 1024 * 1024,
  });
  const dir = mkdtempSync(join(tmpdir(), "rolecall-reach-e2e-"));
  const file = join(dir, "account.json");
  writeFileSync(file, text);
  const later = (args) => {
    const answer = cliJsonLater([args[0], file, ...args.slice(1)]);
    // Awaited later in the test; a failure is reported there.
    answer.catch(() => {});
    return answer;
  };
  account = {
    file,
    bytes: Buffer.byteLength(text),
    whoCan: later(["who-can", "--action", ACTION, "--resource", RESOURCE, "--format", "json"]),
    escalation: later(["escalation", "--format", "json"]),
  };
  return account;
}

const ACTION = "s3:GetObject";
const RESOURCE = "arn:aws:s3:::bucket-3/report.csv";

/** The longest task since `since` (ms on the page's clock). */
async function worstTaskSince(page, since) {
  return page.evaluate((t0) => Math.max(0, ...window.__longTasks.filter((t) => t.start >= t0).map((t) => t.ms)), since);
}

/** Asks the question in the form, typing into a field of its own while the worker answers;
 * returns the time from the click to `selector` on screen, the key echo and the worst task. */
async function timedAsk(page, selector) {
  const since = await page.evaluate(() => Math.round(performance.now()));
  const started = Date.now();
  await page.click("[data-testid=reach-ask]");
  // A question over 2,000 principals takes a while: the page says so and stays usable.
  await page.waitForSelector(`[data-testid=reach-pending], ${selector}`, { timeout: 60_000 });
  const echo = await echoTimes(page, "still typing");
  await page.waitForSelector(selector, { timeout: 170_000 });
  const ms = Date.now() - started;
  await page.waitForTimeout(300);
  return { ms, echo: Math.max(...echo), worst: await worstTaskSince(page, since) };
}

/** A benchmark (run.mjs): `cargo xtask e2e reach_figures` runs it, alone. */
export const benchmarks = { reach_figures: "it records the figures of BENCHMARKS.md" };

export const timeoutsMs = { reach_figures: 240_000 };

/** The page's marks of the last question: the worker's time, reading and drawing (ms). */
async function marks(page) {
  return page.evaluate(() => {
    const at = (name) => performance.getEntriesByName(name, "mark").at(-1)?.startTime ?? NaN;
    const [asked, answered, read, drawn] = ["asked", "answered", "read", "drawn"].map((n) => at(`rolecall:reach-${n}`));
    return { workerMs: Math.round(answered - asked), readMs: Math.round(read - answered), drawMs: Math.round(drawn - read) };
  });
}

export async function reach_figures({ page, baseUrl, phone }) {
  const testStart = Date.now();
  const loadAtStart = loadavg()[0];
  const { file, bytes, whoCan: cliWhoCan, escalation: cliEscalationLater } = generatedAccount();
  await page.goto(baseUrl);
  await waitForDecision(page, "allowed");
  await watchLongTasks(page);
  await page.waitForTimeout(500);
  const plainWorst = await page.evaluate(() => Math.max(0, ...window.__longTasks.map((t) => t.ms)));
  await page.setInputFiles("input[type=file]", file);
  await page.waitForFunction(() => document.querySelector("input.title")?.value === "generated account", null, { timeout: 120_000 });
  await page.waitForSelector("[data-testid=reach]");
  await page.waitForTimeout(1000);

  // The CLI's answers first: a debug build running beside the page would weigh on its figures.
  const cli = await cliWhoCan;
  const cliEscalation = await cliEscalationLater;
  await page.waitForTimeout(1000);

  // who-can right after opening the view (cold): the focus in the form opens it, and the worker
  // builds the access graph from then on; the question, asked at once, waits for that build.
  await page.fill("[data-testid=reach-action]", ACTION);
  await page.fill("[data-testid=reach-resource]", RESOURCE);
  const whoCan = await timedAsk(page, "[data-testid=reach-summary]");
  const whoCanMarks = await marks(page);
  const cold = await workerReach(page);
  const [ahead] = cold.filter((r) => r.asked === "reach_prepare");
  const coldQuestions = cold.filter((r) => r.asked === "reach");
  // One build, the one ahead, and the question answered once on it.
  if (!ahead?.built || coldQuestions.length !== 1 || coldQuestions[0].builds !== ahead.builds) throw new Error(`one build ahead, then the question on it: ${JSON.stringify(cold)}`);
  // Whether the question was asked while the graph was still being built (it should be).
  const askedDuringBuild = await page.evaluate(() => {
    const asked = performance.getEntriesByName("rolecall:reach-asked", "mark")[0].startTime;
    const built = performance.getEntriesByName("rolecall:reach-worker", "mark").find((m) => m.detail.asked === "reach_prepare").startTime;
    return asked < built;
  });
  const summary = await page.textContent("[data-testid=reach-summary]");
  if (!summary.startsWith(`${cli.principals.length} principals`)) throw new Error(`page: ${summary}; CLI: ${cli.principals.length} principals`);
  // The list shows the first principals, in the CLI's order, with every path of each; the rest
  // come with "Show more".
  const shown = await listed(page);
  const expected = cli.principals.map((p) => p.principal).slice(0, shown.length);
  if (shown.length === 0 || JSON.stringify(shown) !== JSON.stringify(expected)) throw new Error(`page ${shown.slice(0, 5)}… vs CLI ${expected.slice(0, 5)}…`);
  const shownCounts = await pathCounts(page);
  const cliCounts = cli.principals.slice(0, shown.length).map((p) => p.paths.length);
  if (JSON.stringify(shownCounts) !== JSON.stringify(cliCounts)) throw new Error(`paths ${shownCounts} vs CLI ${cliCounts}`);
  if (shown.length < cli.principals.length) {
    // "Show more" by keyboard: the worker sends the next page, in the CLI's order.
    await page.focus("[data-testid=reach-more]");
    await page.keyboard.press("Enter");
    await page.waitForFunction((n) => document.querySelectorAll("[data-testid=reach-principal]").length > n, shown.length, { timeout: 60_000 });
    const more = await listed(page);
    const expectedMore = cli.principals.map((p) => p.principal).slice(0, more.length);
    if (JSON.stringify(more) !== JSON.stringify(expectedMore)) throw new Error(`after Show more: page ${more.slice(shown.length, shown.length + 5)}… vs CLI ${expectedMore.slice(shown.length, shown.length + 5)}…`);
  }
  const truncated = await page.$$eval("[data-testid=reach-truncated]", (els) => els.length);
  if (truncated !== cli.truncated.length) throw new Error(`${truncated} bound notices, the CLI has ${cli.truncated.length}`);
  // A principal's own call opens its explanation (from the worker, on demand).
  await page.click("[data-testid=reach-list] [data-testid=reach-direct]");
  await page.waitForSelector("[data-testid=reach-explain] li.step", { timeout: 60_000 });

  // escalation: the graph is built already.
  await page.click("[data-testid=reach-tab-escalation]");
  const escalation = await timedAsk(page, "[data-testid=reach-findings]");
  const escalationMarks = await marks(page);
  const findings = await page.$$eval("[data-testid=reach-finding] > code", (els) => els.map((e) => e.textContent));
  const expectedFindings = cliEscalation.findings.map((f) => f.principal).slice(0, findings.length);
  if (findings.length === 0 || JSON.stringify(findings) !== JSON.stringify(expectedFindings)) throw new Error(`findings ${findings.slice(0, 5)}… vs CLI ${expectedFindings.slice(0, 5)}…`);
  const heading = await page.locator("[data-testid=reach-answer] h3", { hasText: "Can become" }).textContent();
  if (!heading.includes(`(${cliEscalation.findings.length})`)) throw new Error(`${heading}; the CLI has ${cliEscalation.findings.length} findings`);
  const admins = await page.$$eval("[data-testid=reach-admins] li > code", (els) => els.map((e) => e.textContent));
  if (JSON.stringify(admins) !== JSON.stringify(cliEscalation.administrators.map((a) => a.principal))) throw new Error(`administrators ${admins}`);

  // who-can once the view has been open a moment (graph ready): the scenario changes (its
  // title), the user turns back to the view (the focus on its who-can tab), the worker builds the graph
  // again ahead, and the same question follows a moment later.
  const builds = (await builtAhead(page, 1)).length;
  await page.fill("input.title", "generated account, renamed");
  await page.focus("[data-testid=reach-tab-who-can]");
  const rebuilt = (await builtAhead(page, builds + 1, 170_000)).at(-1);
  if (!rebuilt.built) throw new Error(`the graph was not built again after the change: ${JSON.stringify(await workerReach(page))}`);
  await page.waitForTimeout(1000);
  await page.click("[data-testid=reach-tab-who-can]");
  const ready = await timedAsk(page, "[data-testid=reach-summary]");
  const readyMarks = await marks(page);
  const readyQuestion = (await workerReach(page)).at(-1);
  if (readyQuestion.asked !== "reach" || readyQuestion.builds !== rebuilt.builds) throw new Error(`the question built the graph again: ${JSON.stringify(await workerReach(page))}`);
  const readySummary = await page.textContent("[data-testid=reach-summary]");
  if (!readySummary.startsWith(`${cli.principals.length} principals`)) throw new Error(`page: ${readySummary}; CLI: ${cli.principals.length} principals`);
  const readyShown = await listed(page);
  if (JSON.stringify(readyShown) !== JSON.stringify(cli.principals.map((p) => p.principal).slice(0, readyShown.length))) throw new Error(`graph ready: page ${readyShown.slice(0, 5)}… vs CLI`);

  const figures = {
    viewport: phone ? "phone" : "desktop",
    accountBytes: bytes,
    principals: cli.principals.length,
    findings: cliEscalation.findings.length,
    whoCanColdMs: whoCan.ms,
    whoCanColdMarks: whoCanMarks,
    buildAheadMs: Math.round(ahead.ms),
    askedDuringBuild,
    whoCanReadyMs: ready.ms,
    whoCanReadyMarks: readyMarks,
    readyQuestionWorkerMs: Math.round(readyQuestion.ms),
    rebuildAheadMs: Math.round(rebuilt.ms),
    escalationMs: escalation.ms,
    escalationMarks,
    worstTaskMs: Math.max(whoCan.worst, escalation.worst, ready.worst),
    worstKeyEchoMs: Math.max(whoCan.echo, escalation.echo, ready.echo),
    plainPageWorstTaskMs: plainWorst,
    boundMs: bound(plainWorst),
    testMs: Date.now() - testStart,
    loadAverage: [loadAtStart, loadavg()[0]].map((l) => Math.round(l * 10) / 10),
  };
  mkdirSync("tests/e2e/artifacts", { recursive: true });
  writeFileSync(`tests/e2e/artifacts/reach-figures${phone ? "-phone" : ""}.json`, JSON.stringify(figures, null, 2));
  console.log(`      reach figures: ${JSON.stringify(figures)}`);
  if (figures.worstTaskMs > figures.boundMs) throw new Error(`the page was blocked for ${figures.worstTaskMs} ms at a time while answering (bound ${figures.boundMs} ms)`);
}
