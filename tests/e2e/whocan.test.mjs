// The "Who can?" view (issue 12): who-can as a graph and a list, a hop's explanation with its
// statements highlighted, can-what and escalation; by keyboard and at phone width. The page's
// answers are compared with `rolecall who-can` / `escalation` / `can-what` on the same scenario.
// The questions run in the evaluation worker; `reach_figures` (whocan-figures.test.mjs) times
// them on the generated 1,000 × 1,000 account.

import { rolecall } from "./lib/cli.mjs";
import { builtAhead, cliJson, listed, pathCounts, workerReach } from "./lib/reach.mjs";


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
  const shownCounts = await pathCounts(page);
  const cliCounts = cli.principals.map((p) => p.paths.length);
  if (JSON.stringify(shownCounts) !== JSON.stringify(cliCounts)) throw new Error(`paths ${shownCounts} vs CLI ${cliCounts}`);
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
  // The starting points come from the evaluation worker (web/src/components/who_can.rs).
  await page.waitForSelector("[data-testid=reach-start] option[value^='statement:']", { state: "attached" });
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

export async function opening_the_view_builds_the_graph_ahead_and_a_question_asked_meanwhile_is_answered_once({ page, baseUrl }) {
  await open(page, baseUrl);
  await page.waitForTimeout(300);
  // Nothing is built for a visit that has not turned to the view.
  if ((await workerReach(page)).length !== 0) throw new Error(`built before the view was opened: ${JSON.stringify(await workerReach(page))}`);
  // Opening the view (the focus in its form) has the worker build the access graph; the
  // question asked right after waits for that build and does not build again.
  await askWhoReads(page);
  const cli = cliJson(["who-can", FILE, "--action", "s3:GetObject", "--resource", REPORT, "--format", "json"]);
  const shown = await listed(page);
  const expected = cli.principals.map((p) => p.principal);
  if (JSON.stringify(shown) !== JSON.stringify(expected)) throw new Error(`page ${shown} vs CLI ${expected}`);
  const [ahead] = await builtAhead(page, 1);
  const reach = await workerReach(page);
  const questions = reach.filter((r) => r.asked === "reach");
  if (!ahead.built || questions.length !== 1 || questions[0].builds !== 1) throw new Error(`one build, then one question on it: ${JSON.stringify(reach)}`);
  const answered = await page.evaluate(() => performance.getEntriesByName("rolecall:reach-answered", "mark").length);
  if (answered !== 1 || (await page.$$("[data-testid=reach-answer]")).length !== 1) throw new Error(`answered ${answered} times`);
  // The scenario changes elsewhere (its title): no build starts while the user is away from the
  // view (the evaluations of what they type would wait behind it); turning back to the view
  // builds the graph again, and escalation is answered on it without another build.
  const before = (await builtAhead(page, 1)).length;
  await page.fill("input.title", "changed while the view is open");
  await page.waitForTimeout(1_500);
  const meanwhile = (await workerReach(page)).filter((r) => r.asked === "reach_prepare").length;
  if (meanwhile !== before) throw new Error(`a build started while the user was away from the view: ${JSON.stringify(await workerReach(page))}`);
  await page.focus("[data-testid=reach-action]");
  const again = (await builtAhead(page, before + 1)).at(-1);
  if (!again.built) throw new Error(`no build after the change: ${JSON.stringify(await workerReach(page))}`);
  await page.click("[data-testid=reach-tab-escalation]");
  await ask(page);
  const findings = await page.$$eval("[data-testid=reach-finding] > code", (els) => els.map((e) => e.textContent));
  const cliFindings = cliJson(["escalation", FILE, "--format", "json"]).findings.map((f) => f.principal);
  if (JSON.stringify(findings) !== JSON.stringify(cliFindings)) throw new Error(`page ${findings} vs CLI ${cliFindings}`);
  const last = (await workerReach(page)).at(-1);
  if (last.asked !== "reach" || last.builds !== again.builds) throw new Error(`escalation built the graph again: ${JSON.stringify(await workerReach(page))}`);
}
