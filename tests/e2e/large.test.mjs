// Large input (issue 16): a policy over AWS's size quota gets a warning. The 2 MB paste that never
// blocks the page is in responsive.test.mjs.

import { bigPolicy, paste } from "./lib/large.mjs";
import { waitForDecision } from "./lib/playground.mjs";

export async function a_policy_over_the_size_quota_gets_a_warning({ page, baseUrl }) {
  await page.goto(baseUrl);
  await waitForDecision(page, "allowed");
  // About 12,000 characters: over every identity-policy quota (2,048 for a user's inline
  // policies, 10,240 for a role's, 6,144 for a managed policy).
  await paste(page, "permission-editor", bigPolicy(12_000));
  await page.waitForFunction(() => document.querySelector("[data-testid=problems]")?.textContent.includes("policy-too-large"));
  const text = await page.textContent("[data-testid=problems]");
  if (!/over the [\d,]+-character quota/.test(text)) throw new Error(`the quota warning does not say the quota: ${text.slice(0, 300)}`);
}
