// Policy size warnings use the quota of where the policy lives (issue 10 §2, IAM and AWS STS
// quotas): the inline policies of a role have 10,240 characters together, not the 6,144 of a
// managed policy, and the problems list says so as `rolecall eval` does.

import { waitForDecision } from "./lib/playground.mjs";

/** The default example's role policy, padded with a statement listing `n` buckets. */
function padded(n) {
  const buckets = Array.from({ length: n }, (_, i) => `arn:aws:s3:::padding-bucket-${String(i).padStart(4, "0")}/*`);
  return JSON.stringify({
    Version: "2012-10-17",
    Statement: [
      { Sid: "PutArtifacts", Effect: "Allow", Action: "s3:PutObject", Resource: "arn:aws:s3:::prod-artifacts/*" },
      { Sid: "Padding", Effect: "Allow", Action: "s3:GetObject", Resource: buckets },
    ],
  }, null, 2);
}

const tooLarge = () => document.querySelector("[data-testid=problems]")?.textContent.includes("policy-too-large");

export async function a_roles_inline_policy_is_sized_against_the_role_quota({ page, baseUrl, screenshot }) {
  await page.goto(baseUrl);
  await waitForDecision(page, "allowed");
  // About 10,600 characters without white space: over the role's 10,240.
  await page.evaluate((t) => window.__rolecall.setText("permission-editor", t), padded(280));
  await page.waitForFunction(tooLarge);
  const problems = await page.textContent("[data-testid=problems]");
  if (!problems.includes("the inline policies of a role")) throw new Error(`not the role quota: ${problems}`);
  await screenshot("quota-role-over");
  // About 6,500 characters: over a managed policy's 6,144 but within the role's 10,240.
  await page.evaluate((t) => window.__rolecall.setText("permission-editor", t), padded(170));
  await page.waitForFunction(() => !document.querySelector("[data-testid=problems]")?.textContent.includes("policy-too-large"));
  await waitForDecision(page, "allowed");
}
