// The first vertical slice: the page shows the trust and permission policies of the default
// example side by side, and the decision computed by rolecall-core (in wasm) follows every edit.

import { breakTrust, showEditor, showStep, typeInto, waitForDecision } from "./lib/playground.mjs";

export async function editing_the_permission_policy_flips_the_decision({ page, baseUrl, screenshot }) {
  await page.goto(baseUrl);
  await page.waitForSelector("[data-testid=permission-editor] .cm-content");
  await waitForDecision(page, "allowed");
  const explanation = await page.textContent("[data-testid=explanation]");
  if (!explanation.includes("PutArtifacts")) throw new Error(`explanation does not name the deciding statement: ${explanation}`);

  // Pasted over the policy: the role may only read now, so the PutObject request is implicitly denied.
  await typeInto(page, "permission-editor",
    '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]}');
  await waitForDecision(page, "implicitDeny");
  await screenshot("implicit-deny");

  // An explicit Deny wins over the Allow.
  await page.evaluate(() => window.__rolecall.setText("permission-editor", JSON.stringify({
    Version: "2012-10-17",
    Statement: [
      { Effect: "Allow", Action: "s3:*", Resource: "*" },
      { Sid: "NoWrites", Effect: "Deny", Action: "s3:PutObject", Resource: "*" },
    ],
  }, null, 2)));
  await waitForDecision(page, "explicitDeny");
  const denied = await page.textContent("[data-testid=explanation]");
  if (!denied.includes("NoWrites")) throw new Error(`explanation does not name the Deny: ${denied}`);

  // Undo and redo work in the editor (CodeMirror history), and the decision follows.
  await page.click("[data-testid=permission-editor] .cm-content");
  await page.keyboard.press("Control+Z");
  await page.waitForSelector("[data-testid=decision]:not([data-decision=explicitDeny])");
  await page.keyboard.press("Control+Shift+Z");
  await waitForDecision(page, "explicitDeny");
}

export async function breaking_the_trust_policy_denies_at_the_assume_hop({ page, baseUrl }) {
  await page.goto(baseUrl);
  await waitForDecision(page, "allowed");
  await breakTrust(page);
  await waitForDecision(page, "implicitDeny");
  const chain = await page.textContent("[data-testid=chain]");
  if (!/Deployer\s*implicit deny/.test(chain)) throw new Error(`the assume hop is not shown as denied: ${chain}`);
  if (!chain.includes("not evaluated")) throw new Error(`the action after a denied hop must be "not evaluated": ${chain}`);
  const explanation = await page.textContent("[data-testid=explanation]");
  if (!explanation.includes("trust policy")) throw new Error(`the explanation does not point at the trust policy: ${explanation}`);
  // Nothing decided an implicit deny, so the part of the trust statement that stopped matching
  // (the Principal value that failed) is highlighted by default.
  await showEditor(page, "trust-editor");
  await page.waitForSelector("[data-testid=trust-editor] .cm-rc-deciding");
  const highlighted = await page.locator("[data-testid=trust-editor] .cm-rc-deciding").allTextContents();
  if (!highlighted.join("").includes("333333333333:root")) throw new Error(`the trust policy's Principal value is not highlighted: ${highlighted}`);
}

export async function the_deciding_statement_is_highlighted_and_explanation_clicks_point_into_the_editor({ page, baseUrl, screenshot }) {
  await page.goto(baseUrl);
  await waitForDecision(page, "allowed");
  // By default the editors show the step that decided (the action) with its deciding statement
  // highlighted; the assume hop shows the trust statement and the caller's Allow highlighted.
  await page.waitForSelector("[data-testid=permission-editor] .cm-rc-deciding");
  await showStep(page, 0);
  await showEditor(page, "trust-editor");
  await page.waitForSelector("[data-testid=trust-editor] .cm-rc-deciding");
  await showEditor(page, "permission-editor");
  await page.waitForSelector("[data-testid=permission-editor] .cm-rc-deciding");
  // Clicking a condition/element line of the explanation highlights exactly that span.
  const line = page.locator("[data-testid=explanation] .line button", { hasText: /Resource arn:aws:s3:::prod-artifacts\/app\.zip/ }).first();
  await line.click();
  await page.waitForSelector("[data-testid=permission-editor] .cm-rc-focus");
  const focused = await page.locator("[data-testid=permission-editor] .cm-rc-focus").allTextContents();
  if (!focused.join("").includes("prod-artifacts")) throw new Error(`the focused span is not the Resource pattern: ${focused}`);
  // A line about the trust policy highlights inside the trust editor.
  await page.locator("[data-testid=explanation] button", { hasText: "trust policy" }).first().click();
  await page.waitForSelector("[data-testid=trust-editor] .cm-rc-focus");
  await screenshot("focused");
}

export async function dark_mode_follows_the_system({ browser, baseUrl }) {
  const context = await browser.newContext({ colorScheme: "dark", viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await page.goto(baseUrl);
  await waitForDecision(page, "allowed");
  const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  await page.screenshot({ path: "tests/e2e/artifacts/main-view-dark.png" });
  await context.close();
  const [r, g, b] = background.match(/\d+/g).map(Number);
  if (r + g + b > 150) throw new Error(`the page is not dark in dark mode: ${background}`);
}
