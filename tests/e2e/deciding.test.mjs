// Issue 16, "The documents that decide are on screen": the editors follow the selected request
// and step (for an assume hop, the caller's identity policy beside the role's trust policy; for
// the final action, the acting role's policy beside the resource policy), the selected
// identity's own editors stay one click away, and the deciding statement (the closest one for an
// implicit deny) is highlighted where it can be seen without a click. Each check runs at desktop
// width and at 390 px, by keyboard.

import { openExample, press, selectRequest, showEditor, waitForDecision } from "./lib/playground.mjs";

const text = (page, testid) => page.evaluate((name) => window.__rolecall.getText(name) ?? "", testid);

async function waitForText(page, testid, needle) {
  await page.waitForFunction(([name, n]) => (window.__rolecall.getText(name) || "").includes(n), [testid, needle]);
}

/** The highlighted (deciding) text of an editor, once there is some. */
async function deciding(page, testid) {
  await showEditor(page, testid);
  await page.waitForSelector(`[data-testid=${testid}] .cm-rc-deciding`);
  return (await page.locator(`[data-testid=${testid}] .cm-rc-deciding`).allTextContents()).join("");
}

/** Waits until the first deciding highlight of an editor lies inside its visible scroller and
 * inside the window (on screen without a click or a scroll of the editor). */
async function waitUntilDecidingIsOnScreen(page, testid, what) {
  await showEditor(page, testid);
  await page
    .waitForFunction(
      (name) => {
        const root = document.querySelector(`[data-testid=${name}]`);
        const mark = root?.querySelector(".cm-rc-deciding");
        const scroller = root?.querySelector(".cm-scroller");
        if (!mark || !scroller) return false;
        const m = mark.getBoundingClientRect();
        const s = scroller.getBoundingClientRect();
        return m.height > 0 && m.top >= s.top - 1 && m.bottom <= s.bottom + 1;
      },
      testid,
      { timeout: 5_000 },
    )
    .catch(() => {
      throw new Error(`${what}: the deciding statement of ${testid} is scrolled out of its editor`);
    });
}

export async function the_editors_follow_the_selected_step_and_the_identity_is_one_click_away({ page, baseUrl, phone, screenshot }) {
  const size = { name: phone ? "phone" : "desktop" };
  {
    await page.goto(baseUrl);
    await waitForDecision(page, "allowed");
    // Alice's request is allowed: the editors show its final action, decided by the role's
    // policy (and the bucket, which has no policy of its own).
    await page.waitForSelector("[data-testid=pane-mode][data-mode=step]");
    await waitForText(page, "permission-editor", "prod-artifacts");
    await showEditor(page, "resource-editor");
    await page.waitForSelector("[data-testid=resource-editor]");
    if (!(await page.textContent("[data-testid=resource-editor]")).includes("No resource-based policy")) {
      throw new Error(`${size.name}: the bucket without a policy is not said to have none`);
    }
    // The assume hop, by keyboard: the role's trust policy beside the caller's identity policy.
    await press(page, "[data-testid=chain] .node-button[data-step='0']");
    await page.waitForSelector("[data-testid=chain] .node.shown .node-button[data-step='0'][aria-pressed=true]");
    await waitForText(page, "trust-editor", "111111111111:root");
    await waitForText(page, "permission-editor", "222222222222:role/Deployer");
    if (!(await text(page, "permission-editor")).includes("sts:AssumeRole")) {
      throw new Error(`${size.name}: alice's AssumeDeployer policy is not beside the trust policy`);
    }
    // Both deciding statements are highlighted: the trust statement and alice's Allow.
    if (!(await deciding(page, "trust-editor")).includes("111111111111:root")) throw new Error(`${size.name}: the trust statement is not highlighted`);
    if (!(await deciding(page, "permission-editor")).includes("sts:AssumeRole")) throw new Error(`${size.name}: alice's Allow is not highlighted`);
    await screenshot(`assume-hop-${size.name}`);
    // One click (Enter) to the selected identity's own editors, one back.
    await press(page, "[data-testid=show-identity]");
    await page.waitForSelector("[data-testid=pane-mode][data-mode=identity]");
    await page.waitForSelector("[data-testid=chain] .node-button[aria-pressed=true]", { state: "detached" });
    await press(page, "[data-testid=show-step]");
    await page.waitForSelector("[data-testid=pane-mode][data-mode=step]");
    // Another request: the editors follow it to the step that decided it.
    await selectRequest(page, "the role session cannot delete artifacts");
    await waitForDecision(page, "implicitDeny");
    await page.waitForSelector("[data-testid=chain] .node.shown .node-button[data-step='1']");
  }
}

export async function the_bucket_policys_deciding_deny_is_on_screen_without_a_click({ page, baseUrl, phone, screenshot }) {
  const size = { name: phone ? "phone" : "desktop" };
  {
    await page.goto(baseUrl);
    await waitForDecision(page, "allowed");
    await openExample(page, "s3-bucket-policy-cross-account");
    await selectRequest(page, "the bucket's explicit deny wins");
    await waitForDecision(page, "explicitDeny");
    // The final action: the bucket policy beside the caller's policy, the Deny highlighted.
    await page.waitForSelector("[data-testid=pane-mode][data-mode=step]");
    const highlighted = await deciding(page, "resource-editor");
    if (!highlighted.includes("Deny")) throw new Error(`${size.name}: the Deny is not highlighted: ${highlighted}`);
    await waitUntilDecidingIsOnScreen(page, "resource-editor", size.name);
    await page.locator("[data-testid=resource-editor] .cm-rc-deciding").first().scrollIntoViewIfNeeded();
    await screenshot(`bucket-deny-${size.name}`);
  }
}

export async function a_hop_denied_for_lack_of_assume_role_highlights_what_decided({ page, baseUrl, phone, screenshot }) {
  const size = { name: phone ? "phone" : "desktop" };
  {
    await page.goto(baseUrl);
    await waitForDecision(page, "allowed");
    await selectRequest(page, "bob is trusted by prod but not allowed by dev");
    await waitForDecision(page, "implicitDeny");
    // Denied at the hop: the editors show the hop, the role's trust policy beside bob's side.
    await page.waitForSelector("[data-testid=chain] .node.shown .node-button[data-step='0']");
    await waitForText(page, "trust-editor", "111111111111:root");
    // Bob's side has no policy at all: the core's sentence saying that nothing allows the call
    // stands highlighted in its place.
    const note = await page.textContent("[data-testid=permission-editor] [data-testid=deciding-note]");
    if (!note.includes("no identity policy allows sts:AssumeRole")) throw new Error(`${size.name}: bob's empty side does not say why: ${note}`);
    if (!(await page.locator("[data-testid=deciding-note]").isVisible())) throw new Error(`${size.name}: the note is not on screen`);

    // Give bob a policy that allows something else: it is the closest statement, highlighted in
    // his editor beside the trust policy.
    const bob = page.locator(".side-section[aria-label=Identities] .item", { hasText: "bob" });
    await bob.focus();
    await page.keyboard.press("Enter");
    await page.waitForSelector("[data-testid=pane-mode][data-mode=identity]");
    await press(page, ".policy-pane button.tab.add[title='Add a permission policy']");
    await page.waitForSelector("[data-testid=permission-editor] .cm-content");
    await page.evaluate(() =>
      window.__rolecall.setText(
        "permission-editor",
        '{\n  "Version": "2012-10-17",\n  "Statement": [\n    {\n      "Sid": "ReadReports",\n      "Effect": "Allow",\n      "Action": "s3:GetObject",\n      "Resource": "*"\n    }\n  ]\n}',
      ),
    );
    await press(page, "[data-testid=show-step]");
    await page.waitForSelector("[data-testid=pane-mode][data-mode=step]");
    await waitForDecision(page, "implicitDeny");
    await waitForText(page, "permission-editor", "ReadReports");
    // The part of the closest Allow that did not match (its Action) is highlighted.
    const closest = await deciding(page, "permission-editor");
    if (!closest.includes("Action")) throw new Error(`${size.name}: the closest statement's failing part is not highlighted: ${closest}`);
    await waitUntilDecidingIsOnScreen(page, "permission-editor", size.name);
  }
}
