// "Allowed only if …" (issue 13 §3): under the decision of the selected request, the core's
// suggestions, each verified by re-evaluating the changed scenario, with the decision it then
// gets; a suggestion is applied by keyboard and the decision follows. Every test runs at desktop
// and phone width (the runner).

import { selectRequest, waitForDecision } from "./lib/playground.mjs";

/** Presses Enter on a control reached by focus, as a keyboard user would. */
async function press(locator) {
  await locator.focus();
  await locator.page().keyboard.press("Enter");
}

const suggestion = (page, text) => page.locator("[data-testid=suggestions] li.suggestion", { hasText: text });

export async function a_denied_request_shows_the_smallest_change_and_it_applies_by_keyboard({ page, baseUrl }) {
  await page.goto(baseUrl);
  await waitForDecision(page, "allowed");
  // The default example: the Deployer session may put artifacts but not delete them.
  await selectRequest(page, "the role session cannot delete artifacts");
  await waitForDecision(page, "implicitDeny");
  const add = suggestion(page, "add s3:DeleteObject to statement #1 of PutArtifacts");
  await add.waitFor();
  if ((await add.getAttribute("data-then")) !== "allowed") throw new Error("the suggestion does not say it would allow");
  const heading = await page.textContent("[data-testid=suggestions] h3");
  if (!heading.includes("Allowed only if")) throw new Error(`heading: ${heading}`);
  // An allowed request of the same scenario has nothing to suggest.
  await selectRequest(page, "alice deploys through the Deployer role");
  await waitForDecision(page, "allowed");
  if ((await page.locator("[data-testid=suggestions]").count()) !== 0) throw new Error("suggestions under an allowed request");
  await selectRequest(page, "the role session cannot delete artifacts");
  await press(add.locator("[data-testid=apply-suggestion]"));
  await waitForDecision(page, "allowed");
  const policy = await page.evaluate(() => window.__rolecall.getText("permission-editor"));
  if (!policy.includes("s3:DeleteObject")) throw new Error(`the policy was not changed: ${policy}`);
  // The change review strip names it as new access.
  await page.waitForSelector('[data-testid=what-changed] li.flip[data-request="the role session cannot delete artifacts"][data-new-access=true]');
}

export async function a_decision_that_rested_on_an_absent_mfa_key_names_the_key_and_value({ page, baseUrl }) {
  await page.goto(baseUrl);
  await waitForDecision(page, "allowed");
  await page.getByRole("button", { name: "Examples", exact: true }).click();
  await page.click("[data-testid=examples] [data-example=mfa-required]");
  await selectRequest(page, "assuming Admin without an MFA code");
  await waitForDecision(page, "implicitDeny");
  const mfa = suggestion(page, "aws:MultiFactorAuthPresent");
  await mfa.waitFor();
  const line = await mfa.textContent();
  if (!line.includes("true") || (await mfa.getAttribute("data-then")) !== "allowed") throw new Error(`suggestion: ${line}`);
  // An explicit Deny is named as such and never weakened (first request of the example).
  await selectRequest(page, "alice's access keys are denied iam actions");
  await waitForDecision(page, "explicitDeny");
  const deny = page.locator("[data-testid=suggestions] li.suggestion[data-kind=explicit-deny]");
  await deny.waitFor();
  if ((await deny.locator("[data-testid=apply-suggestion]").count()) !== 0) throw new Error("an explicit Deny is offered as a change");
  // Applying the MFA value: the request now carries the key and is allowed.
  await selectRequest(page, "assuming Admin without an MFA code");
  await press(mfa.locator("[data-testid=apply-suggestion]"));
  await waitForDecision(page, "allowed");
}
