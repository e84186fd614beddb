// Fast scenario building (issue 16): New starts a valid scenario (one user, one request, no
// problem), the request form shows the common fields and folds the rest, a hop can be any of
// the STS calls the format has (AssumeRole, GetSessionToken, GetFederationToken), and ARN
// fields show the whole ARN while it is edited.

import { rolecallIn } from "./lib/cli.mjs";
import { showEditor, waitForDecision } from "./lib/playground.mjs";

async function problemsSummary(page) {
  return (await page.textContent("[data-testid=problems] summary")).trim();
}

async function saved(page) {
  return page.evaluate(() => JSON.parse(localStorage.getItem("rolecall.autosave.v1") || "null"));
}

export async function new_starts_a_valid_scenario_with_one_user_and_one_request({ page, baseUrl }) {
  await page.goto(baseUrl);
  await waitForDecision(page, "allowed");
  await page.getByRole("button", { name: "New" }).click();
  await page.waitForFunction(() => document.querySelector("input.title")?.value === "New scenario");
  await waitForDecision(page, "allowed");
  await page.waitForFunction(() => document.querySelector("[data-testid=problems] summary")?.textContent.includes("0 errors, 0 warnings"));
  if ((await problemsSummary(page)) !== "Problems: 0 errors, 0 warnings") throw new Error(await problemsSummary(page));
  const identities = await page.locator(".side-section[aria-label=Identities] li").count();
  const requests = await page.locator(".side-section[aria-label=Requests] li").count();
  if (identities !== 1 || requests !== 1) throw new Error(`New has ${identities} identities and ${requests} requests`);
  // The CLI agrees: the autosaved file has no problem and its request is allowed.
  await page.waitForFunction(() => (localStorage.getItem("rolecall.autosave.v1") || "").includes("New scenario"));
  const { mkdtempSync, writeFileSync } = await import("node:fs");
  const { join } = await import("node:path");
  const { tmpdir } = await import("node:os");
  const dir = mkdtempSync(join(tmpdir(), "rolecall-new-"));
  writeFileSync(join(dir, "new.json"), JSON.stringify(await saved(page)));
  const run = rolecallIn(dir, ["eval", "new.json"]);
  if (run.status !== 0 || run.stderr.includes("error[") || run.stderr.includes("warning[")) {
    throw new Error(`rolecall eval of the new scenario: ${run.status}\n${run.stdout}\n${run.stderr}`);
  }
}

export async function the_request_form_shows_the_common_fields_and_folds_the_rest({ page, baseUrl }) {
  await page.goto(baseUrl);
  await waitForDecision(page, "allowed");
  // Principal, role, action and resource are on screen; context keys and the hop's other STS
  // parameters are folded.
  for (const sel of ["[data-testid=request-principal]", "input[aria-label='hop 1 role ARN']", "[data-testid=request-action]", "[data-testid=request-resource]"]) {
    if (!(await page.isVisible(sel))) throw new Error(`${sel} is not shown`);
  }
  for (const label of ["hop 1 External id", "hop 1 Source identity", "hop 1 Duration (s)"]) {
    if (await page.isVisible(`input[aria-label='${label}']`)) throw new Error(`${label} is not folded`);
  }
  if (await page.isVisible(".request-panel input[placeholder='aws:SourceIp']")) throw new Error("the context keys are not folded");
  // Opening the fold shows them; a value set there keeps the fold open and is named in its summary.
  await page.click(".hop details.more > summary");
  await page.fill("input[aria-label='hop 1 External id']", "ext-123");
  await page.waitForFunction(() => document.querySelector(".hop details.more > summary")?.textContent.includes("external id"));
  // A request whose hop has values in the folded part opens with the fold open.
  await page.reload();
  await page.waitForSelector("input[aria-label='hop 1 External id']", { state: "visible" });
}

export async function a_hop_can_be_assume_role_get_session_token_or_get_federation_token({ page, baseUrl }) {
  await page.goto(baseUrl);
  await waitForDecision(page, "allowed");
  // The default request's one hop assumes the Deployer role.
  const call = "select[aria-label='hop 1 STS call']";
  if ((await page.inputValue(call)) !== "AssumeRole") throw new Error(`hop 1 calls ${await page.inputValue(call)}`);
  const options = await page.$$eval(`${call} option`, (os) => os.map((o) => o.value));
  if (options.join() !== "AssumeRole,GetSessionToken,GetFederationToken") throw new Error(`the calls offered: ${options}`);

  // GetSessionToken takes no role: the role field goes, the removal can be undone.
  await page.selectOption(call, "GetSessionToken");
  await page.waitForFunction(() => JSON.parse(localStorage.getItem("rolecall.autosave.v1") || "{}").requests?.[0]?.assume?.[0]?.call === "GetSessionToken");
  if (await page.isVisible("input[aria-label='hop 1 role ARN']")) throw new Error("GetSessionToken still shows a role field");
  const banner = await page.textContent("[data-testid=notice-banner]");
  if (!banner.includes("GetSessionToken") || !banner.includes("role")) throw new Error(`the banner says: ${banner}`);
  let hop = (await saved(page)).requests[0].assume[0];
  if (hop.role !== undefined || hop.sessionName !== undefined) throw new Error(`fields GetSessionToken does not take stayed: ${JSON.stringify(hop)}`);
  // Undo brings the AssumeRole hop back with its role; then GetSessionToken again.
  const role = "arn:aws:iam::222222222222:role/Deployer";
  await page.click("[data-testid=undo-button]");
  await page.waitForFunction((r) => {
    const hop = JSON.parse(localStorage.getItem("rolecall.autosave.v1") || "{}").requests?.[0]?.assume?.[0];
    return hop?.call !== "GetSessionToken" && hop?.role === r;
  }, role);
  await page.waitForSelector("input[aria-label='hop 1 role ARN']");
  await page.selectOption(call, "GetSessionToken");
  await page.waitForFunction(() => JSON.parse(localStorage.getItem("rolecall.autosave.v1") || "{}").requests?.[0]?.assume?.[0]?.call === "GetSessionToken");
  // With MFA, the explanation names the call; the CLI reads the file the same way.
  await page.check("input[aria-label='hop 1 passes an MFA code']");
  await page.waitForFunction(() => JSON.parse(localStorage.getItem("rolecall.autosave.v1") || "{}").requests?.[0]?.assume?.[0]?.mfa === true);
  await page.waitForFunction(() => document.querySelector("[data-testid=explanation]")?.textContent.includes("GetSessionToken"));

  // GetFederationToken needs a name and a session policy.
  await page.selectOption(call, "GetFederationToken");
  await page.waitForSelector("input[aria-label='hop 1 Name']");
  hop = await page.evaluate(() => JSON.parse(localStorage.getItem("rolecall.autosave.v1")).requests[0].assume[0]);
  await page.waitForFunction(() => JSON.parse(localStorage.getItem("rolecall.autosave.v1") || "{}").requests?.[0]?.assume?.[0]?.call === "GetFederationToken");
  await page.fill("input[aria-label='hop 1 Name']", "carol");
  await page.waitForFunction(() => JSON.parse(localStorage.getItem("rolecall.autosave.v1") || "{}").requests?.[0]?.assume?.[0]?.name === "carol");
  await page.waitForFunction(() => document.querySelector("[data-testid=explanation]")?.textContent.includes("GetFederationToken"));
  if (!(await page.isVisible("text=Add session policy"))) throw new Error("GetFederationToken offers no session policy");

  // Back to AssumeRole: the role field returns, to be filled from the scenario's roles.
  await page.selectOption(call, "AssumeRole");
  await page.waitForSelector("input[aria-label='hop 1 role ARN']");
  const roles = await page.$$eval("#rc-roles option", (os) => os.map((o) => o.value));
  if (!roles.includes("arn:aws:iam::222222222222:role/Deployer")) throw new Error(`the role picker offers ${roles}`);
  await page.fill("input[aria-label='hop 1 role ARN']", role);
  await waitForDecision(page, "allowed");
}

export async function arn_fields_show_the_whole_arn_while_it_is_edited({ page, baseUrl }) {
  await page.goto(baseUrl);
  await waitForDecision(page, "allowed");
  const fields = [
    ".side-section[aria-label=Identities] li.selected input.rename",
    "[data-testid=request-principal]",
    "input[aria-label='hop 1 role ARN']",
    "[data-testid=request-resource]",
  ];
  for (const sel of fields) {
    await page.click(sel);
    const fit = await page.evaluate((s) => {
      const e = document.querySelector(s);
      return { scroll: e.scrollWidth, client: e.clientWidth, value: e.value };
    }, sel);
    if (fit.scroll > fit.client + 1) throw new Error(`${sel} cuts ${fit.value}: ${fit.scroll} px of text in ${fit.client} px`);
  }
}

export async function principals_and_roles_are_picked_from_the_scenario({ page, baseUrl }) {
  await page.goto(baseUrl);
  await waitForDecision(page, "allowed");
  const bob = "arn:aws:iam::111111111111:user/bob";
  const deployer = "arn:aws:iam::222222222222:role/Deployer";
  // The request's principal: bob, picked from the scenario's identities.
  await page.selectOption("[data-testid=principal-pick]", bob);
  await page.waitForFunction((arn) => document.querySelector("[data-testid=request-principal]").value === arn, bob);
  await waitForDecision(page, "implicitDeny");
  // The hop's role: a typo, then the scenario's role picked back.
  await page.fill("input[aria-label='hop 1 role ARN']", "arn:aws:iam::222222222222:role/Deployr");
  await page.waitForSelector("[data-testid=hop-role-pick] option[value='arn:aws:iam::222222222222:role/Deployer']", { state: "attached" });
  await page.selectOption("[data-testid=hop-role-pick]", deployer);
  await page.waitForFunction((arn) => document.querySelector("input[aria-label='hop 1 role ARN']").value === arn, deployer);
  // The picker returns to its prompt: the same role can be picked again.
  if ((await page.inputValue("[data-testid=hop-role-pick]")) !== "") throw new Error("the role picker kept its choice");
  // A trust statement naming a principal of the scenario (the role's own ARN is not offered).
  await page.click("[data-testid=chain] .node-button[data-step='0']");
  await page.waitForFunction(() => (window.__rolecall.getText("trust-editor") || "").includes("sts:AssumeRole"));
  await showEditor(page, "trust-editor");
  const pick = ".pane:has([data-testid=trust-editor]) [data-testid=insert-principal]";
  const offered = await page.$$eval(`${pick} option`, (os) => os.map((o) => o.value).filter(Boolean));
  if (offered.includes(deployer) || !offered.includes(bob) || !offered.includes("arn:aws:iam::111111111111:root")) {
    throw new Error(`the trust picker offers ${JSON.stringify(offered)}`);
  }
  await page.selectOption(pick, bob);
  await page.waitForFunction((arn) => (window.__rolecall.getText("trust-editor") || "").includes(`"AWS": "${arn}"`), bob);
  await page.waitForFunction(() => /Problems: 0 errors/.test(document.querySelector("[data-testid=problems] summary")?.textContent ?? ""));
}
