// The lazily loaded AWS catalog in the editor (issue 6): autocomplete of actions and the
// catalog lint underlining an unknown action.

import { waitForDecision, waitForEditors } from "./lib/playground.mjs";

async function waitForCatalog(page) {
  await page.waitForFunction(
    () => document.querySelector("[data-testid=catalog-status]")?.textContent.startsWith("AWS data as of "),
    null,
    { timeout: 20_000 },
  );
}

/// Throws unless the tooltip `selector` is drawn whole inside the window, on top of the page (not
/// clipped or covered: the editors are laid out and painted on their own, `contain: strict`, and
/// their tooltips are drawn outside them, web/js/codemirror.js `tooltipParent`), and next to its
/// text, above or below it. `anchor()` gives the text's box ({left, top, bottom} in the window).
/// CodeMirror places a tooltip in a measure after the change or scroll that moved it (until then a
/// new one waits far above the window, top -10000px), so this looks again until it settles (5 s).
/// At phone width the page can move under the editor after the keys (the answer's panels grow),
/// leaving the text outside the window, where CodeMirror keeps the tooltip hidden: the user then
/// scrolls to the text, and so does this.
async function expectTooltipBy(page, selector, anchor) {
  const deadline = Date.now() + 5_000;
  for (;;) {
    const at = await anchor();
    const box = await page.evaluate((sel) => {
      const r = document.querySelector(sel).getBoundingClientRect();
      const hit = document.elementFromPoint(r.left + Math.min(20, r.width / 2), r.top + Math.min(10, r.height / 2));
      return { left: r.left, right: r.right, top: r.top, bottom: r.bottom, onTop: !!hit?.closest(sel), w: innerWidth, h: innerHeight };
    }, selector);
    const where = JSON.stringify({ box, anchor: at });
    let problem = null;
    if (box.top < -5000) problem = `${selector} is not placed: ${where}`;
    else if (box.left < 0 || box.top < 0 || box.right > box.w || box.bottom > box.h) problem = `${selector} is not inside the window: ${where}`;
    else if (!box.onTop) problem = `${selector} is clipped or covered: ${where}`;
    else {
      const below = box.top >= at.bottom - 2 && box.top <= at.bottom + 24;
      const above = box.bottom <= at.top + 2 && box.bottom >= at.top - 24;
      // A narrow window shifts a wide tooltip left to keep it whole: then it spans the text.
      const beside = Math.abs(box.left - at.left) <= 80 || (box.left <= at.left && at.left <= box.right);
      if (!(below || above) || !beside) problem = `${selector} is not next to its text: ${where}`;
    }
    if (!problem) return;
    if (Date.now() > deadline) throw new Error(problem);
    if (at.top < 0 || at.bottom > box.h) await page.mouse.wheel(0, at.top - box.h / 2);
    await page.waitForTimeout(100);
  }
}

const policyWithEmptyAction = `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": ,
      "Resource": "*"
    }
  ]
}`;

export async function typing_an_action_prefix_offers_the_matching_actions({ page, baseUrl, screenshot }) {
  await page.goto(baseUrl);
  await waitForDecision(page, "allowed");
  await waitForCatalog(page);
  await waitForEditors(page);
  await page.evaluate((t) => window.__rolecall.setText("permission-editor", t), policyWithEmptyAction);
  const pos = policyWithEmptyAction.indexOf('"Action": ') + '"Action": '.length;
  await page.evaluate((p) => window.__rolecall.setCursor("permission-editor", p), pos);
  await page.keyboard.type('"s3:Get');
  await page.waitForSelector(".cm-tooltip-autocomplete");
  const options = await page.locator(".cm-tooltip-autocomplete li").allTextContents();
  if (!options.some((o) => o.includes("s3:GetObject"))) throw new Error(`no s3:GetObject among ${options.slice(0, 10).join(", ")}`);
  if (!options.every((o) => o.toLowerCase().includes("s3:get"))) throw new Error(`options not matching the prefix: ${options.slice(0, 10).join(", ")}`);
  // The list opens at the typed text (the cursor's line).
  const cursor = () =>
    page.evaluate(() => {
      const view = window.__rolecall.editors.get("permission-editor");
      const c = view.coordsAtPos(view.state.selection.main.head);
      return { left: c.left, top: c.top, bottom: c.bottom };
    });
  await expectTooltipBy(page, ".cm-tooltip-autocomplete", cursor);
  await screenshot("autocomplete");
  // Accepting the first option puts it in the policy.
  await page.keyboard.press("Enter");
  const text = await page.evaluate(() => window.__rolecall.getText("permission-editor"));
  if (!/"s3:Get\w+"/.test(text)) throw new Error(`the completion was not inserted: ${text}`);
}

export async function the_catalog_lint_underlines_an_unknown_action({ page, baseUrl, screenshot }) {
  await page.goto(baseUrl);
  await waitForDecision(page, "allowed");
  await waitForCatalog(page);
  await page.evaluate(() => window.__rolecall.setText("permission-editor", JSON.stringify({
    Version: "2012-10-17",
    Statement: [{ Effect: "Allow", Action: "s3:GetObjekt", Resource: "*" }],
  }, null, 2)));
  await page.waitForSelector("[data-testid=permission-editor] .cm-lintRange-error, [data-testid=permission-editor] .cm-lintRange-warning");
  const underlined = await page.locator("[data-testid=permission-editor] .cm-lintRange-error, [data-testid=permission-editor] .cm-lintRange-warning").first().textContent();
  if (!underlined.includes("s3:GetObjekt")) throw new Error(`the underline is not on the action: ${underlined}`);
  const problems = await page.textContent("[data-testid=problems]");
  if (!problems.includes("unknown-action")) throw new Error(`the problems list misses unknown-action: ${problems}`);
  await screenshot("lint");
}

export async function hovering_an_action_pattern_lists_the_actions_it_covers({ page, baseUrl }) {
  await page.goto(baseUrl);
  await waitForDecision(page, "allowed");
  await waitForCatalog(page);
  await page.evaluate(() => window.__rolecall.setText("permission-editor", JSON.stringify({
    Version: "2012-10-17",
    Statement: [{ Effect: "Allow", Action: "s3:GetObject*", Resource: "*" }],
  }, null, 2)));
  const pattern = page.locator("[data-testid=permission-editor] .cm-line", { hasText: "s3:GetObject*" }).locator("span", { hasText: "s3:GetObject*" }).first();
  await pattern.hover();
  await page.waitForSelector(".cm-rc-hover");
  const at = async () => {
    const b = await pattern.boundingBox();
    return { left: b.x, top: b.y, bottom: b.y + b.height };
  };
  await expectTooltipBy(page, ".cm-rc-hover", at);
  const text = await page.textContent(".cm-rc-hover");
  if (!/covers \d+ actions/.test(text) || !text.includes("s3:GetObjectAcl")) throw new Error(`unexpected hover: ${text}`);
}
