// Customer managed policies (the scenario's top-level `managedPolicies`, issue 11): listed in the
// sidebar, opened in an editor, edits evaluated live, attached to an identity by ARN and
// detached again, and renamed with their attachments following.

import { rolecall } from "./lib/cli.mjs";
import { typeInto, waitForDecision } from "./lib/playground.mjs";

const managed = (page) => page.locator(".side-section[aria-label='Managed policies']");

async function selectRequest(page, n) {
  await page.locator(".side-section[aria-label=Requests] .item").nth(n).click();
  await page.waitForSelector(`.side-section[aria-label=Requests] li:nth-child(${n + 1}).selected`);
}

export async function a_customer_managed_policy_is_listed_edited_live_and_attached_and_detached_by_arn({ page, baseUrl, screenshot }) {
  const link = rolecall(["share", "examples/aws-managed-policies.json", "--base-url", baseUrl]).trim();
  await page.goto(link);
  await waitForDecision(page, "allowed", 20_000);

  // Listed: the example defines DenyConfidential once, in managedPolicies.
  const list = await managed(page).textContent();
  if (!list.includes("DenyConfidential")) throw new Error(`the sidebar does not list the managed policy: ${list}`);

  // The request its deny decides; the policy opens in an editor (not read-only), and an edit
  // is evaluated at once.
  await selectRequest(page, 3);
  await waitForDecision(page, "explicitDeny");
  await managed(page).locator(".item", { hasText: "DenyConfidential" }).click();
  await page.waitForSelector("[data-testid=permission-editor] .cm-content");
  const text = await page.evaluate(() => window.__rolecall.getText("permission-editor"));
  if (!text.includes("confidential/*")) throw new Error(`the editor does not show the managed policy: ${text}`);
  await typeInto(
    page,
    "permission-editor",
    '{"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Action": "s3:*", "Resource": "arn:aws:s3:::example-bucket/secret/*"}]}',
  );
  // The decision follows the text: the deny no longer covers confidential/.
  await waitForDecision(page, "allowed");
  const explanation = await page.textContent("[data-testid=explanation]");
  if (explanation.includes("DenyConfidential") && explanation.includes("denies")) {
    throw new Error(`the explanation still cites the deny: ${explanation}`);
  }

  // Renamed in the sidebar: the user's attachment follows the new ARN.
  const field = managed(page).locator("input[aria-label='managed policy ARN']");
  await field.fill("arn:aws:iam::111111111111:policy/DenySecrets");
  await field.press("Enter");
  await page.waitForFunction(() => document.querySelector(".side-section[aria-label='Managed policies']")?.textContent.includes("DenySecrets"));

  // Detached from the user (the policy stays defined), then attached again by ARN.
  await page.locator(".side-section[aria-label=Identities] .item", { hasText: "ExampleUser" }).click();
  const tab = page.locator("[role=tab]", { hasText: "DenySecrets" });
  await tab.click();
  await page.waitForSelector("[data-testid=permission-editor][data-arn='arn:aws:iam::111111111111:policy/DenySecrets']");
  await page.click("[data-testid=detach-policy]");
  await page.waitForFunction(() => ![...document.querySelectorAll("[role=tab]")].some((t) => t.textContent.includes("DenySecrets")));
  if (!(await managed(page).textContent()).includes("DenySecrets")) throw new Error("detaching removed the definition");

  await page.click("[data-testid=add-managed-policy]");
  await page.fill("[data-testid=managed-policy-input]", "arn:aws:iam::111111111111:policy/DenySecrets");
  await page.press("[data-testid=managed-policy-input]", "Enter");
  await page.waitForSelector("[data-testid=permission-editor][data-arn='arn:aws:iam::111111111111:policy/DenySecrets']");
  // Attached, it decides again: a read under secret/ is denied by it.
  await page.click("[data-testid=edit-managed-definition]");
  await page.waitForSelector("[data-testid=permission-editor] .cm-content");
  const reopened = await page.evaluate(() => window.__rolecall.getText("permission-editor"));
  if (!reopened.includes("secret/*")) throw new Error(`"Edit the policy" does not open the definition: ${reopened}`);
  await screenshot("customer-managed");
}

export async function a_new_customer_managed_policy_is_added_from_the_sidebar_and_evaluated({ page, baseUrl }) {
  const link = rolecall(["share", "examples/aws-managed-policies.json", "--base-url", baseUrl]).trim();
  await page.goto(link);
  await waitForDecision(page, "allowed", 20_000);
  await managed(page).locator("button.add").click();
  // The new policy opens in the editor, valid at once (the core's template), its ARN field focused.
  await page.waitForSelector("[data-testid=permission-editor] .cm-content");
  await page.waitForFunction(() => document.activeElement?.getAttribute("aria-label") === "managed policy ARN");
  const text = await page.evaluate(() => window.__rolecall.getText("permission-editor"));
  if (!text.includes("Statement")) throw new Error(`the new policy has no document: ${text}`);
  const problems = await page.textContent("[data-testid=problems]");
  if (/managedPolicies|Managed2/.test(problems) && problems.includes("error")) {
    throw new Error(`the new policy has problems: ${problems}`);
  }
}
