// Refuse only what AWS refuses (issue 10 §1): a policy entry AWS reads as matching nothing is a
// warning in the problems list beside the decision, and the request still has its answer.

import { waitForDecision } from "./lib/playground.mjs";

function policy(resources) {
  return JSON.stringify({
    Version: "2012-10-17",
    Statement: [{ Sid: "PutArtifacts", Effect: "Allow", Action: "s3:PutObject", Resource: resources }],
  }, null, 2);
}

export async function an_upper_case_arn_is_a_warning_beside_the_decision({ page, baseUrl, screenshot }) {
  await page.goto(baseUrl);
  await waitForDecision(page, "allowed");
  // The upper-case entry never matches; the second one still allows.
  await page.evaluate((t) => window.__rolecall.setText("permission-editor", t),
    policy(["ARN:AWS:S3:::PROD-ARTIFACTS/*", "arn:aws:s3:::prod-artifacts/*"]));
  await page.waitForFunction(() => document.querySelector("[data-testid=problems]")?.textContent.includes("malformed-arn"));
  await waitForDecision(page, "allowed");
  const problems = await page.textContent("[data-testid=problems]");
  if (!/warning/.test(problems) || !problems.includes("0 errors")) throw new Error(`not a warning: ${problems}`);
  await screenshot("lenient-warning");
  // Alone, it never matches: an answer (implicitDeny), not an error.
  await page.evaluate((t) => window.__rolecall.setText("permission-editor", t), policy(["ARN:AWS:S3:::PROD-ARTIFACTS/*"]));
  await waitForDecision(page, "implicitDeny");
}
