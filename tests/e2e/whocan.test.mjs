// The "Who can?" view (issue 12): who-can as a graph and a list, a hop's explanation with its
// statements highlighted, can-what and escalation; by keyboard and at phone width. The page's
// answers are compared with `rolecall who-can` / `escalation` / `can-what` on the same scenario.
// The questions run in the evaluation worker; `reach_figures` times them on the generated
// 1,000 × 1,000 account of the benchmark and writes tests/e2e/artifacts/reach-figures.json.

import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { rolecall, rolecallIn } from "./lib/cli.mjs";
import { bound, echoTimes, watchLongTasks } from "./lib/longtasks.mjs";
import { waitForDecision } from "./lib/playground.mjs";

/** `rolecall ...args` as JSON, whatever its exit code (escalation exits 1 on findings). */
function cliJson(args) {
  const run = rolecallIn(process.cwd(), args);
  if (run.status !== 0 && run.status !== 1) throw new Error(`rolecall ${args.join(" ")}: ${run.stderr}`);
  return JSON.parse(run.stdout);
}

/** The principals the list shows, in order. */
async function listed(page) {
  return page.$$eval("[data-testid=reach-principal] > .who > code", (els) => els.map((e) => e.textContent));
}

const FILE = "tests/corpus/scenarios/reach/escalation-paths.json";
const ALICE = "arn:aws:iam::111111111111:user/alice";
const BOB = "arn:aws:iam::111111111111:user/bob";
const REPORT = "arn:aws:s3:::reports/q1.csv";

async function open(page, baseUrl) {
  const link = rolecall(["share", FILE, "--base-url", baseUrl]).trim();
  await page.goto(link);
  await page.waitForSelector("[data-testid=reach]");
}

async function ask(page) {
  await page.click("[data-testid=reach-ask]");
  await page.waitForSelector("[data-testid=reach-answer]");
}

async function askWhoReads(page) {
  await page.fill("[data-testid=reach-action]", "s3:GetObject");
  await page.fill("[data-testid=reach-resource]", REPORT);
  await ask(page);
}

/** The explanation's steps once it is open: at least one, each with a decision line. */
async function explained(page, what) {
  await page.waitForSelector("[data-testid=reach-explain] li.step", { timeout: 10_000 }).catch(() => {
    throw new Error(`no explanation opened for ${what}`);
  });
  return page.$$eval("[data-testid=reach-explain] li.step", (els) => els.map((e) => e.textContent));
}

export async function who_can_shows_the_same_principals_and_every_path_as_the_cli_as_a_graph_and_a_list({ page, baseUrl, screenshot }) {
  await open(page, baseUrl);
  await askWhoReads(page);
  const cli = cliJson(["who-can", FILE, "--action", "s3:GetObject", "--resource", REPORT, "--format", "json"]);
  const shown = await listed(page);
  const expected = cli.principals.map((p) => p.principal);
  if (JSON.stringify(shown) !== JSON.stringify(expected)) throw new Error(`page ${shown} vs CLI ${expected}`);
  // Every path of every principal is listed, hop by hop.
  const pathCounts = await page.$$eval("[data-testid=reach-principal]", (els) =>
    els.map((e) => (e.querySelector(".paths") ? e.querySelectorAll(".paths > li").length : 1)),
  );
  const cliCounts = cli.principals.map((p) => p.paths.length);
  if (JSON.stringify(pathCounts) !== JSON.stringify(cliCounts)) throw new Error(`paths ${pathCounts} vs CLI ${cliCounts}`);
  const hops = await page.$$("[data-testid=reach-list] [data-testid=reach-hop]");
  const cliHops = cli.principals.flatMap((p) => p.paths.flat()).length;
  if (hops.length !== cliHops) throw new Error(`${hops.length} hops listed, the CLI has ${cliHops}`);
  // The graph: one box per principal plus the target, one arrow per principal at least.
  const boxes = await page.$$("[data-testid=reach-graph] [data-testid=reach-node]");
  if (boxes.length < expected.length + 1) throw new Error(`only ${boxes.length} boxes in the graph`);
  const arrows = await page.$$("[data-testid=reach-graph] [data-testid=reach-edge]");
  if (arrows.length < expected.length) throw new Error(`only ${arrows.length} arrows for ${expected.length} principals`);
  // The form's fields sit inside the view.
  const inside = await page.evaluate(() => {
    const view = document.querySelector("[data-testid=reach]").getBoundingClientRect();
    return ["reach-start", "reach-action", "reach-resource"].every((id) => {
      const r = document.querySelector(`[data-testid=${id}]`).getBoundingClientRect();
      return r.left >= view.left - 1 && r.right <= view.right + 1;
    });
  });
  if (!inside) throw new Error("a field of the form sticks out of the view");
  // The graph is readable: its labels are not cut below 10 px and it scrolls inside its box.
  const size = await page.$eval("[data-testid=reach-graph] text", (t) => parseFloat(getComputedStyle(t).fontSize));
  if (size < 10) throw new Error(`graph text is ${size}px`);
  await screenshot("who-can");
}

export async function clicking_a_hop_opens_its_explanation_with_the_statement_highlighted({ page, baseUrl, screenshot }) {
  await open(page, baseUrl);
  await askWhoReads(page);
  await page.click("[data-testid=reach-list] [data-testid=reach-hop]");
  await page.waitForSelector("[data-testid=reach-explain] [data-testid=reach-statement] mark");
  const marked = await page.textContent("[data-testid=reach-explain] mark");
  if (!marked.includes("Effect")) throw new Error(`the highlighted statement is ${marked}`);
  // A principal that reads directly explains its own call.
  await page.click("[data-testid=reach-direct]");
  const steps = await explained(page, "the direct principal");
  if (!steps.some((s) => s.includes("s3:GetObject"))) throw new Error(`direct explanation: ${steps}`);
  await screenshot("explained");
}

export async function every_arrow_of_the_graph_opens_its_explanation_by_keyboard({ page, baseUrl }) {
  await open(page, baseUrl);
  await askWhoReads(page);
  const count = (await page.$$("[data-testid=reach-graph] [data-testid=reach-edge]")).length;
  if (count === 0) throw new Error("no arrow to open");
  for (let i = 0; i < count; i++) {
    const arrow = (await page.$$("[data-testid=reach-graph] [data-testid=reach-edge]"))[i];
    const label = await arrow.getAttribute("aria-label");
    await arrow.focus();
    await page.keyboard.press("Enter");
    const pressed = await arrow.getAttribute("aria-pressed");
    if (pressed !== "true") throw new Error(`Enter on ${label} did not select it`);
    const steps = await explained(page, label);
    if (steps.length === 0) throw new Error(`${label}: no step`);
  }
}

export async function the_view_is_usable_by_keyboard({ page, baseUrl }) {
  await open(page, baseUrl);
  // Start from a role: who can assume Deploy?
  await page.selectOption("[data-testid=reach-start]", "role:arn:aws:iam::111111111111:role/Deploy");
  await page.focus("[data-testid=reach-ask]");
  await page.keyboard.press("Enter");
  await page.waitForSelector("[data-testid=reach-principal]");
  const who = await listed(page);
  const cli = cliJson(["who-can", FILE, "--action", "sts:AssumeRole", "--resource", "arn:aws:iam::111111111111:role/Deploy", "--format", "json"]);
  const expected = cli.principals.map((p) => p.principal);
  if (JSON.stringify(who) !== JSON.stringify(expected) || !who.includes(ALICE)) throw new Error(`who can assume Deploy: ${who} (CLI ${expected})`);
  // Tab from the Ask button reaches the answer's buttons; Enter opens the explanation.
  await page.focus("[data-testid=reach-ask]");
  for (let i = 0; i < 40; i++) {
    await page.keyboard.press("Tab");
    const testid = await page.evaluate(() => document.activeElement?.getAttribute("data-testid"));
    if (testid === "reach-edge" || testid === "reach-hop" || testid === "reach-direct") break;
  }
  const focused = await page.evaluate(() => document.activeElement?.getAttribute("data-testid"));
  if (!["reach-edge", "reach-hop", "reach-direct"].includes(focused)) throw new Error(`Tab never reached the answer (at ${focused})`);
  await page.keyboard.press("Enter");
  await explained(page, focused);
  // The query tabs switch by keyboard too.
  await page.focus("[data-testid=reach-tab-escalation]");
  await page.keyboard.press("Enter");
  await page.waitForSelector("[data-testid=reach-tab-escalation][aria-selected=true]");
}

export async function can_what_and_escalation_answer_like_the_cli({ page, baseUrl, screenshot }) {
  await open(page, baseUrl);
  await page.click("[data-testid=reach-tab-escalation]");
  await ask(page);
  const cli = cliJson(["escalation", FILE, "--format", "json"]);
  const findings = await page.$$eval("[data-testid=reach-finding] > code", (els) => els.map((e) => e.textContent));
  const expected = cli.findings.map((f) => f.principal);
  if (JSON.stringify(findings) !== JSON.stringify(expected)) throw new Error(`page ${findings} vs CLI ${expected}`);
  const admins = await page.$$eval("[data-testid=reach-admins] li > code", (els) => els.map((e) => e.textContent));
  const cliAdmins = cli.administrators.map((a) => a.principal);
  if (JSON.stringify(admins) !== JSON.stringify(cliAdmins)) throw new Error(`admins ${admins} vs CLI ${cliAdmins}`);
  // bob's finding is a policy change on himself: its hop explains the change with bob's statement.
  const bob = page.locator("[data-testid=reach-finding]", { has: page.locator(`code:text-is("${BOB}")`) });
  await bob.locator("[data-testid=reach-hop]").first().click();
  await page.waitForSelector("[data-testid=reach-explain] mark");
  const marked = await page.textContent("[data-testid=reach-explain] mark");
  if (!marked.includes("OwnInlinePolicy")) throw new Error(`bob's change is explained by ${marked}`);
  await screenshot("escalation");
  await page.click("[data-testid=reach-tab-can-what]");
  await page.fill("[data-testid=reach-who]", ALICE);
  // can-what needs the AWS catalog, fetched after the first paint: ask until it is there.
  for (let i = 0; i < 40 && !(await page.$("[data-testid=reach-action-row]")); i++) {
    await ask(page);
    await page.waitForTimeout(250);
  }
  const rows = await page.$$eval("[data-testid=reach-action-row] code", (els) => els.map((e) => e.textContent));
  const cliWhat = cliJson(["can-what", FILE, "--principal", ALICE, "--format", "json"]);
  const cliRows = cliWhat.services.flatMap((s) => s.levels.flatMap((l) => l.actions.map((a) => a.action)));
  if (JSON.stringify([...rows].sort()) !== JSON.stringify([...cliRows].sort())) throw new Error(`alice can-what: page ${rows} vs CLI ${cliRows}`);
  if (!rows.includes("s3:GetObject")) throw new Error(`alice can-what: ${rows}`);
}

export async function the_view_fits_a_phone({ page, baseUrl, screenshot }) {
  await page.setViewportSize({ width: 390, height: 844 });
  await open(page, baseUrl);
  await askWhoReads(page);
  const overflow = await page.$eval("[data-testid=reach]", (el) => el.getBoundingClientRect().right - window.innerWidth);
  if (overflow > 1) throw new Error(`the view is ${overflow}px wider than the phone`);
  // The graph scrolls inside its own box rather than widening the page.
  const graphOverflow = await page.$eval("[data-testid=reach-graph]", (el) => el.getBoundingClientRect().right - window.innerWidth);
  if (graphOverflow > 1) throw new Error(`the graph is ${graphOverflow}px wider than the phone`);
  const scrolls = await page.$eval("[data-testid=reach-graph]", (el) => el.scrollWidth > el.clientWidth);
  if (!scrolls) throw new Error("a graph two hops wide should scroll inside its box at phone width");
  await page.click("[data-testid=reach-list] [data-testid=reach-hop]");
  await explained(page, "a hop at phone width");
  await screenshot("phone");
}

export async function a_statement_of_the_shown_policy_starts_the_question({ page, baseUrl }) {
  await open(page, baseUrl);
  const options = await page.$$eval("[data-testid=reach-start] option", (els) =>
    els.filter((o) => o.value.startsWith("statement:")).map((o) => ({ value: o.value, text: o.textContent })),
  );
  if (options.length === 0) throw new Error("no statement of the shown identity is offered");
  const chosen = options[options.length - 1];
  await page.selectOption("[data-testid=reach-start]", chosen.value);
  const action = await page.inputValue("[data-testid=reach-action]");
  const resource = await page.inputValue("[data-testid=reach-resource]");
  if (!chosen.text.endsWith(`${action} on ${resource}`)) throw new Error(`${chosen.text} filled ${action} on ${resource}`);
  await ask(page);
  const cli = cliJson(["who-can", FILE, "--action", action, "--resource", resource, "--format", "json"]);
  const shown = await listed(page);
  const expected = cli.principals.map((p) => p.principal);
  if (expected.length === 0 || JSON.stringify(shown) !== JSON.stringify(expected)) throw new Error(`page ${shown} vs CLI ${expected}`);
}

/** The generated account of the access-graph benchmark (crates/core/benches/support/account.rs)
 * as a scenario file, made once per run. */
let account = null;
function generatedAccount() {
  if (account) return account;
  const text = execFileSync("cargo", ["run", "-q", "-p", "rolecall-core", "--example", "generate_account", "--", "1000", "1000"], {
    encoding: "utf8",
    maxBuffer: 256 * 1024 * 1024,
  });
  const dir = mkdtempSync(join(tmpdir(), "rolecall-reach-e2e-"));
  account = { file: join(dir, "account.json"), bytes: Buffer.byteLength(text) };
  writeFileSync(account.file, text);
  return account;
}

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

export const timeoutsMs = { reach_figures: 400_000 };

export async function reach_figures({ page, baseUrl, phone }) {
  const { file, bytes } = generatedAccount();
  await page.goto(baseUrl);
  await waitForDecision(page, "allowed");
  await watchLongTasks(page);
  await page.waitForTimeout(500);
  const plainWorst = await page.evaluate(() => Math.max(0, ...window.__longTasks.map((t) => t.ms)));
  await page.setInputFiles("input[type=file]", file);
  await page.waitForFunction(() => document.querySelector("input.title")?.value === "generated account", null, { timeout: 120_000 });
  await page.waitForSelector("[data-testid=reach]");
  await page.waitForTimeout(1000);

  // who-can: the first question builds the access graph (in the worker).
  const action = "s3:GetObject";
  const resource = "arn:aws:s3:::bucket-3/report.csv";
  await page.fill("[data-testid=reach-action]", action);
  await page.fill("[data-testid=reach-resource]", resource);
  const whoCan = await timedAsk(page, "[data-testid=reach-summary]");
  const cli = cliJson(["who-can", file, "--action", action, "--resource", resource, "--format", "json"]);
  const summary = await page.textContent("[data-testid=reach-summary]");
  if (!summary.startsWith(`${cli.principals.length} principals`)) throw new Error(`page: ${summary}; CLI: ${cli.principals.length} principals`);
  // The list shows the first principals, in the CLI's order, with every path of each; the rest
  // come with "Show more".
  const shown = await listed(page);
  const expected = cli.principals.map((p) => p.principal).slice(0, shown.length);
  if (shown.length === 0 || JSON.stringify(shown) !== JSON.stringify(expected)) throw new Error(`page ${shown.slice(0, 5)}… vs CLI ${expected.slice(0, 5)}…`);
  const pathCounts = await page.$$eval("[data-testid=reach-principal]", (els) =>
    els.map((e) => (e.querySelector(".paths") ? e.querySelectorAll(".paths > li").length : 1)),
  );
  const cliCounts = cli.principals.slice(0, shown.length).map((p) => p.paths.length);
  if (JSON.stringify(pathCounts) !== JSON.stringify(cliCounts)) throw new Error(`paths ${pathCounts} vs CLI ${cliCounts}`);
  if (shown.length < cli.principals.length && !(await page.$("[data-testid=reach-more]"))) throw new Error("no way to show the other principals");
  const truncated = await page.$$eval("[data-testid=reach-truncated]", (els) => els.length);
  if (truncated !== cli.truncated.length) throw new Error(`${truncated} bound notices, the CLI has ${cli.truncated.length}`);
  // A hop opens its explanation (from the worker, on demand).
  await page.click("[data-testid=reach-list] [data-testid=reach-hop]");
  await page.waitForSelector("[data-testid=reach-explain] li.step", { timeout: 60_000 });

  // escalation: the graph is built already.
  await page.click("[data-testid=reach-tab-escalation]");
  const escalation = await timedAsk(page, "[data-testid=reach-findings]");
  const cliEscalation = cliJson(["escalation", file, "--format", "json"]);
  const findings = await page.$$eval("[data-testid=reach-finding] > code", (els) => els.map((e) => e.textContent));
  const expectedFindings = cliEscalation.findings.map((f) => f.principal).slice(0, findings.length);
  if (findings.length === 0 || JSON.stringify(findings) !== JSON.stringify(expectedFindings)) throw new Error(`findings ${findings.slice(0, 5)}… vs CLI ${expectedFindings.slice(0, 5)}…`);
  const heading = await page.locator("[data-testid=reach-answer] h3", { hasText: "Can become" }).textContent();
  if (!heading.includes(`(${cliEscalation.findings.length})`)) throw new Error(`${heading}; the CLI has ${cliEscalation.findings.length} findings`);
  const admins = await page.$$eval("[data-testid=reach-admins] li > code", (els) => els.map((e) => e.textContent));
  if (JSON.stringify(admins) !== JSON.stringify(cliEscalation.administrators.map((a) => a.principal))) throw new Error(`administrators ${admins}`);

  const figures = {
    viewport: phone ? "phone" : "desktop",
    accountBytes: bytes,
    principals: cli.principals.length,
    findings: cliEscalation.findings.length,
    whoCanMs: whoCan.ms,
    escalationMs: escalation.ms,
    worstTaskMs: Math.max(whoCan.worst, escalation.worst),
    worstKeyEchoMs: Math.max(whoCan.echo, escalation.echo),
    plainPageWorstTaskMs: plainWorst,
    boundMs: bound(plainWorst),
  };
  mkdirSync("tests/e2e/artifacts", { recursive: true });
  writeFileSync(`tests/e2e/artifacts/reach-figures${phone ? "-phone" : ""}.json`, JSON.stringify(figures, null, 2));
  console.log(`      reach figures: ${JSON.stringify(figures)}`);
  if (figures.worstTaskMs > figures.boundMs) throw new Error(`the page was blocked for ${figures.worstTaskMs} ms at a time while answering (bound ${figures.boundMs} ms)`);
}
