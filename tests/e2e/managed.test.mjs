// AWS managed policies by ARN (issue 11): a scenario naming AmazonS3ReadOnlyAccess by ARN
// evaluates with its real document, fetched after the first paint (only that policy, not the
// whole data), and an unknown ARN is a problem at the reference.

import { readFileSync } from "node:fs";
import { rolecall } from "./lib/cli.mjs";
import { decision, showEditor } from "./lib/playground.mjs";

/** The decision shown for every request, selecting each one in the sidebar. */
async function decisionsOfEveryRequest(page) {
  const items = page.locator(".side-section[aria-label=Requests] .item");
  const out = [];
  for (let i = 0; i < (await items.count()); i++) {
    await items.nth(i).click();
    await page.waitForSelector(`.side-section[aria-label=Requests] li:nth-child(${i + 1}).selected`);
    out.push(await decision(page));
  }
  return out;
}

export async function a_scenario_naming_an_aws_managed_policy_by_arn_evaluates_with_its_real_document({ newPage, baseUrl, screenshot }) {
  const file = "examples/aws-managed-policies.json";
  const link = rolecall(["share", file, "--base-url", baseUrl]).trim();
  const expected = JSON.parse(rolecall(["eval", file, "--format", "json"])).requests.map((r) => r.decision);
  const page = await newPage();
  const fetched = [];
  page.on("request", (r) => {
    const path = new URL(r.url()).pathname;
    if (path.includes("/managed/")) fetched.push(path.slice(path.indexOf("/managed/")));
  });
  await page.goto(link);
  // The first request reads with s3:GetObject: allowed only once AmazonS3ReadOnlyAccess arrived.
  await page.waitForSelector("[data-testid=decision][data-decision=allowed]", { timeout: 20_000 });
  await page.waitForFunction(() => document.querySelector("[data-testid=managed-status]")?.textContent.startsWith("managed policies as of "));
  const shown = await decisionsOfEveryRequest(page);
  if (JSON.stringify(shown) !== JSON.stringify(expected)) {
    throw new Error(`page shows ${JSON.stringify(shown)}, rolecall eval says ${JSON.stringify(expected)}`);
  }
  const unique = [...new Set(fetched)].sort();
  if (JSON.stringify(unique) !== JSON.stringify(["/managed/AmazonS3ReadOnlyAccess.json", "/managed/index.json"])) {
    throw new Error(`the page fetched ${JSON.stringify(unique)}, not just the one policy it names and the index`);
  }
  // The explanation names the managed policy, and its text is shown read-only.
  await page.locator(".side-section[aria-label=Requests] .item").first().click();
  const explanation = await page.textContent("[data-testid=explanation]");
  if (!explanation.includes("AmazonS3ReadOnlyAccess (AWS managed, v3)")) throw new Error(`the explanation does not name the policy: ${explanation}`);
  await page.locator(".side-section[aria-label=Identities] .item").first().click();
  await page.waitForSelector("[data-testid=managed-text]");
  const text = await page.textContent("[data-testid=managed-text]");
  if (!text.includes('"s3:Get*"')) throw new Error(`the managed policy's text is not shown: ${text}`);
  await screenshot("managed-policy");
}

export async function an_unknown_managed_policy_arn_is_a_problem_at_the_reference_not_an_empty_policy({ newPage, baseUrl }) {
  const scenario = JSON.parse(readFileSync("examples/aws-managed-policies.json", "utf8"));
  scenario.identities[0].policies[0].arn = "arn:aws:iam::aws:policy/AmazonS3ReadOnlyAcess";
  const { writeFileSync, mkdtempSync } = await import("node:fs");
  const dir = mkdtempSync("/tmp/rolecall-e2e-");
  writeFileSync(`${dir}/s.json`, JSON.stringify(scenario));
  const link = rolecall(["share", `${dir}/s.json`, "--base-url", baseUrl]).trim();
  const page = await newPage();
  await page.goto(link);
  await page.waitForFunction(() => document.querySelector("[data-testid=problems]")?.textContent.includes("unknown-managed-policy"), null, { timeout: 20_000 });
  const problems = await page.textContent("[data-testid=problems]");
  // The page renders the message's backticks as code: the text reads without them.
  if (!problems.includes("did you mean arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess")) throw new Error(`no suggestion: ${problems}`);
}

export async function managed_policies_fetched_once_are_kept_across_a_reload_with_the_network_cut({ page, context, baseUrl, allowConsoleError }) {
  const link = rolecall(["share", "examples/aws-managed-policies.json", "--base-url", baseUrl]).trim();
  await page.goto(link);
  await page.waitForSelector("[data-testid=decision][data-decision=allowed]", { timeout: 20_000 });
  // What arrived is kept in the browser's storage, under the data's date.
  await page.waitForFunction(() => Object.keys(localStorage).some((k) => k.startsWith("rolecall.managed.v1:") && k.endsWith(":AmazonS3ReadOnlyAccess")));
  // The network is cut: every request for the managed-policy data and the catalog now fails.
  const asked = [];
  await context.route(/\/(managed\/|catalog)/, (route) => {
    asked.push(new URL(route.request().url()).pathname);
    return route.abort("internetdisconnected");
  });
  allowConsoleError(/ERR_INTERNET_DISCONNECTED|Failed to load resource/);
  await page.reload();
  // The reload opens the same work, and AmazonS3ReadOnlyAccess still decides it: allowed, from
  // the kept copy, with no request for the policy file.
  await page.waitForSelector("[data-testid=decision][data-decision=allowed]", { timeout: 20_000 });
  await page.waitForFunction(() => document.querySelector("[data-testid=managed-status]")?.textContent.startsWith("managed policies as of "));
  const problems = await page.textContent("[data-testid=problems] summary");
  if (!problems.includes("0 errors")) throw new Error(`offline, the managed policy is a problem: ${problems}`);
  const policyFetches = asked.filter((p) => p.includes("/managed/") && !p.endsWith("/index.json"));
  if (policyFetches.length > 0) throw new Error(`the page asked the network for kept policies: ${policyFetches.join(", ")}`);
  await page.locator(".side-section[aria-label=Identities] .item").first().click();
  await page.waitForSelector("[data-testid=managed-text]");
  if (!(await page.textContent("[data-testid=managed-text]")).includes('"s3:Get*"')) throw new Error("offline, the managed policy's text is not shown");
}

export async function the_editor_completes_aws_managed_policy_arns_from_the_index_loaded_on_first_use({ page, baseUrl }) {
  const fetched = [];
  page.on("request", (r) => {
    const path = new URL(r.url()).pathname;
    if (path.includes("/managed/")) fetched.push(path.slice(path.indexOf("/managed/")));
  });
  await page.goto(baseUrl);
  await page.waitForSelector("[data-testid=decision][data-decision=allowed]");
  await page.waitForFunction(() => document.querySelector("[data-testid=catalog-status]")?.textContent.startsWith("AWS data as of"));
  // The default example names no managed policy: nothing of the managed data is loaded.
  if (fetched.length > 0) throw new Error(`the page fetched ${fetched.join(", ")} before any use`);
  await showEditor(page, "permission-editor");
  const typed = "arn:aws:iam::aws:policy/AmazonS3Rea";
  const policy = `{\n  "Version": "2012-10-17",\n  "Statement": [\n    {\n      "Effect": "Allow",\n      "Action": "iam:GetPolicy",\n      "Resource": "${typed}"\n    }\n  ]\n}`;
  await page.evaluate((t) => window.__rolecall.setText("permission-editor", t), policy);
  // The cursor right after what is typed, then one more letter, as a user types.
  await page.evaluate(async (end) => {
    const hook = window.__rolecall;
    if (hook.editorReady) await hook.editorReady();
    if (hook.setCursor) {
      hook.setCursor("permission-editor", end);
    } else {
      const view = hook.editors.get("permission-editor");
      view.focus();
      view.dispatch({ selection: { anchor: end } });
    }
  }, policy.indexOf(typed) + typed.length);
  await page.keyboard.type("d");
  // The first ARN typed loads the index (only the index); when it arrives, the list opens by
  // itself, without another keystroke.
  const option = page.locator(".cm-tooltip-autocomplete li", { hasText: "arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess" });
  await option.first().waitFor({ timeout: 10_000 });
  if (!(await page.evaluate(() => performance.getEntriesByType("resource").some((e) => e.name.endsWith("/managed/index.json"))))) {
    throw new Error("the list opened without the index");
  }
  // A person reads the list before choosing (CodeMirror ignores Enter for 75 ms after a list
  // opens, against accidental picks).
  await page.waitForTimeout(150);
  // Typing on narrows the list at once, and Enter right after a keystroke takes the option
  // shown (it inserted a line break while each keystroke asked for the list again).
  await page.keyboard.type("On");
  if ((await page.locator(".cm-tooltip-autocomplete-disabled").count()) !== 0) throw new Error("the list is dimmed while typing");
  await page.keyboard.press("Enter");
  await page.waitForFunction(() => window.__rolecall.getText("permission-editor").includes('"Resource": "arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess"'));
  const other = fetched.filter((p) => p !== "/managed/index.json");
  if (other.length > 0) throw new Error(`completing fetched policy files: ${other.join(", ")}`);
}

export async function the_explanation_links_an_aws_managed_policys_name_to_its_text_by_keyboard({ page, baseUrl, phone, screenshot }) {
  const link = rolecall(["share", "examples/aws-managed-policies.json", "--base-url", baseUrl]).trim();
  await page.goto(link);
  await page.waitForSelector("[data-testid=decision][data-decision=allowed]", { timeout: 20_000 });
  const arn = "arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess";
  // The core marks the name in the line; the page draws it as a button carrying the ARN.
  const name = page.locator(`[data-testid=explanation] [data-testid=managed-link][data-arn="${arn}"]`).first();
  await name.waitFor({ timeout: 20_000 });
  const label = (await name.textContent()).trim();
  if (label !== "AmazonS3ReadOnlyAccess (AWS managed, v3)") throw new Error(`the link reads ${JSON.stringify(label)}`);
  // The customer managed policy is not linked this way: its lines point into its definition.
  const linked = await page.$$eval("[data-testid=explanation] [data-testid=managed-link]", (els) => [...new Set(els.map((e) => e.dataset.arn))]);
  if (JSON.stringify(linked) !== JSON.stringify([arn])) throw new Error(`linked: ${JSON.stringify(linked)}`);
  // By keyboard: Tab reaches it (focus the element before it, then Tab), Enter opens the text.
  await name.evaluate((el) => {
    const all = [...document.querySelectorAll("button, [href], [tabindex]:not([tabindex='-1']), input, select, textarea")];
    const before = all[all.indexOf(el) - 1];
    before.focus();
  });
  await page.keyboard.press("Tab");
  const focused = await page.evaluate(() => document.activeElement?.dataset?.testid);
  if (focused !== "managed-link") throw new Error(`Tab reached ${focused}, not the policy's name`);
  await page.keyboard.press("Enter");
  const panel = page.locator("[data-testid=managed-policy-text]");
  await panel.waitFor();
  const text = await panel.locator("[data-testid=managed-text]").textContent();
  if (!text.includes('"s3:Get*"')) throw new Error(`the policy's text is not shown: ${text.slice(0, 300)}`);
  const head = await panel.textContent();
  if (!head.includes(arn) || !head.includes("default version v3") || !head.includes("read-only")) throw new Error(`head: ${head.slice(0, 300)}`);
  // Read-only: no editor in it.
  if ((await panel.locator(".cm-editor, textarea, [contenteditable=true]").count()) !== 0) throw new Error("the policy's text is editable");
  if (!(await panel.isVisible()) || (await panel.boundingBox()).width > (phone ? 390 : 1280)) throw new Error("the panel does not fit the screen");
  await screenshot(phone ? "managed-link-phone" : "managed-link");
  // Focus is in the panel; Escape closes it and returns to the name.
  if (!(await page.evaluate(() => !!document.activeElement?.closest("[data-testid=managed-policy-text]")))) throw new Error("focus did not move into the panel");
  await page.keyboard.press("Escape");
  await panel.waitFor({ state: "detached" });
  await page.waitForFunction(() => document.activeElement?.dataset?.testid === "managed-link");
  // The rest of a deciding line still highlights the statement in the editor.
  const line = page.locator("[data-testid=explanation] li.deciding", { has: page.locator("[data-testid=managed-link]") }).first();
  await line.locator("button.link:not(.managed-link)").click();
  await page.waitForSelector("[data-testid=explanation] li.deciding button.link.focused");
}
