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
  // With MFA, the explanation names the call; the CLI reads the file the same way.
  await page.check("input[aria-label='hop 1 passes an MFA code']");
  await page.waitForFunction(() => JSON.parse(localStorage.getItem("rolecall.autosave.v1") || "{}").requests?.[0]?.assume?.[0]?.mfa === true);
  await page.waitForFunction(() => document.querySelector("[data-testid=explanation]")?.textContent.includes("GetSessionToken"));
  await page.click("[data-testid=undo-button]").catch(() => {});

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
  await page.fill("input[aria-label='hop 1 role ARN']", "arn:aws:iam::222222222222:role/Deployer");
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

/**
 * Counts what a user does: a click (or tap) is one, a choice in a drop-down list is two (open
 * it, pick the entry), each key press is one keystroke (a typed text counts its characters).
 */
function counted(page) {
  const count = { clicks: 0, keystrokes: 0, steps: [] };
  return {
    count,
    click: async (selector, what) => {
      await page.click(selector);
      count.clicks += 1;
      count.steps.push(`click ${what}`);
    },
    choose: async (selector, label, what) => {
      await page.selectOption(selector, { label });
      count.clicks += 2;
      count.steps.push(`choose ${what}: ${label}`);
    },
    press: async (key) => {
      await page.keyboard.press(key);
      count.keystrokes += 1;
      count.steps.push(`key ${key}`);
    },
    type: async (text) => {
      await page.keyboard.type(text);
      count.keystrokes += text.length;
      count.steps.push(`type ${text} (${text.length})`);
    },
  };
}

/** The benchmark of issue 16: built from New, in at most 8 clicks and 150 keystrokes. */
export const BUILD_FROM_SCRATCH = { clicks: 8, keystrokes: 150 };

export async function alice_assumes_deploy_and_puts_into_a_bucket_with_a_policy_from_scratch_in_8_clicks_and_150_keystrokes({ page, baseUrl, phone, screenshot }) {
  await page.goto(baseUrl);
  await waitForDecision(page, "allowed");
  const user = counted(page);
  // New: alice in 111111111111 with a policy and one request (s3:GetObject on an object).
  await user.click("button:text-is('New')", "New");
  await page.waitForFunction(() => document.querySelector("input.title")?.value === "New scenario");
  await waitForDecision(page, "allowed");
  // The request puts an object.
  await user.click("[data-testid=request-action]", "the request's action");
  await user.press("Control+A");
  await user.type("s3:PutObject");
  await waitForDecision(page, "implicitDeny");
  // The role Deploy in 222222222222: "+ role" selects it and puts the focus on its ARN; its
  // permission policy allows the request's action, its trust policy trusts alice's account.
  await user.click(".side-section[aria-label=Identities] button:text-is('+ role')", "+ role");
  await page.waitForFunction(() => document.activeElement?.classList.contains("rename"));
  await user.type("arn:aws:iam::222222222222:role/Deploy");
  await user.press("Enter");
  await page.waitForSelector(".side-section[aria-label=Identities] .item[title='arn:aws:iam::222222222222:role/Deploy']");
  // Alice assumes it: a hop (its role is the scenario's role). It is denied until alice's
  // policy allows sts:AssumeRole: the editors show her policy beside Deploy's trust policy.
  await user.click(".request-panel button:text-is('+ Add a hop')", "+ Add a hop");
  await page.waitForSelector("[data-testid=chain] .node.shown .node-button[data-step='0']");
  await page.waitForFunction(() => (window.__rolecall.getText("trust-editor") || "").includes("111111111111:root"));
  const insert = ".policy-pane .pane[data-side=right] [data-testid=insert-statement]";
  if (!(await page.locator(insert).isVisible())) {
    // A phone shows one editor at a time: the caller's side is one tap away.
    await user.click("[data-testid=pane-tabs] [data-side=right]", "the caller's policies tab");
  }
  // The statement template is filled from the step shown: Allow sts:AssumeRole on Deploy.
  await user.choose(insert, "Allow statement", "insert into alice's policy");
  await page.waitForFunction(() => (window.__rolecall.getText("permission-editor") || "").includes("role/Deploy"));
  // The hop is allowed now; the editors move on to the final action, where the bucket gets its
  // bucket policy: one click on the empty resource side.
  await page.waitForSelector("[data-testid=chain] .node.shown .node-button[data-step='1']");
  await user.click("[data-testid=add-governing-policy]", "add the bucket policy");
  await page.waitForSelector(".side-section[aria-label=Resources] .item[title='arn:aws:s3:::amzn-s3-demo-bucket']");
  await waitForDecision(page, "allowed");
  await screenshot("built");

  const { clicks, keystrokes, steps } = user.count;
  console.log(`build-from-scratch (${phone ? "phone" : "desktop"}): ${clicks} clicks, ${keystrokes} keystrokes: ${steps.join("; ")}`);
  if (clicks > BUILD_FROM_SCRATCH.clicks || keystrokes > BUILD_FROM_SCRATCH.keystrokes) {
    throw new Error(`building took ${clicks} clicks and ${keystrokes} keystrokes (at most ${BUILD_FROM_SCRATCH.clicks} and ${BUILD_FROM_SCRATCH.keystrokes}): ${steps.join("; ")}`);
  }
  // What was built is the scenario asked for, and the CLI decides it the same way.
  await page.waitForFunction(() => (localStorage.getItem("rolecall.autosave.v1") || "").includes("amzn-s3-demo-bucket\""));
  const scenario = await saved(page);
  const [alice, deploy] = scenario.identities.map((i) => i.arn);
  const request = scenario.requests[0];
  const bucket = scenario.resources?.[0];
  const facts = {
    alice: alice === "arn:aws:iam::111111111111:user/alice",
    deploy: deploy === "arn:aws:iam::222222222222:role/Deploy",
    hop: request.assume?.[0]?.role === deploy,
    action: request.action === "s3:PutObject",
    bucketPolicy: bucket?.arn === "arn:aws:s3:::amzn-s3-demo-bucket" && JSON.stringify(bucket.policy).includes("role/Deploy"),
  };
  if (!Object.values(facts).every(Boolean)) throw new Error(`the scenario built is not the one asked for: ${JSON.stringify(facts)}\n${JSON.stringify(scenario, null, 2)}`);
  const { mkdtempSync, writeFileSync } = await import("node:fs");
  const { join } = await import("node:path");
  const { tmpdir } = await import("node:os");
  const dir = mkdtempSync(join(tmpdir(), "rolecall-built-"));
  writeFileSync(join(dir, "built.json"), JSON.stringify(scenario));
  const run = rolecallIn(dir, ["eval", "built.json"]);
  if (run.status !== 0 || !/allowed/.test(run.stdout) || run.stderr.includes("error[")) {
    throw new Error(`rolecall eval of the built scenario: ${run.status}\n${run.stdout}\n${run.stderr}`);
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
