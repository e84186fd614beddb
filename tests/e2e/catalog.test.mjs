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
/// their tooltips are drawn outside them, web/js/codemirror.js `tooltipParent`), and next to
/// `anchor` (a DOMRect-like {left, top, bottom} in the window), above or below it.
async function expectTooltipBy(page, selector, anchor) {
  // CodeMirror draws a new tooltip far above the window (top -10000px) until its next measure
  // places it.
  await page.waitForFunction((sel) => document.querySelector(sel).getBoundingClientRect().top > -5000, selector);
  const box = await page.evaluate((sel) => {
    const r = document.querySelector(sel).getBoundingClientRect();
    const hit = document.elementFromPoint(r.left + Math.min(20, r.width / 2), r.top + Math.min(10, r.height / 2));
    return { left: r.left, right: r.right, top: r.top, bottom: r.bottom, onTop: !!hit?.closest(sel), w: innerWidth, h: innerHeight };
  }, selector);
  const where = JSON.stringify({ box, anchor });
  if (box.left < 0 || box.top < 0 || box.right > box.w || box.bottom > box.h) throw new Error(`${selector} is not inside the window: ${where}`);
  if (!box.onTop) throw new Error(`${selector} is clipped or covered: ${where}`);
  const below = box.top >= anchor.bottom - 2 && box.top <= anchor.bottom + 24;
  const above = box.bottom <= anchor.top + 2 && box.bottom >= anchor.top - 24;
  // A narrow window shifts a wide tooltip left to keep it whole: then it spans the text.
  const beside = Math.abs(box.left - anchor.left) <= 80 || (box.left <= anchor.left && anchor.left <= box.right);
  if (!(below || above) || !beside) throw new Error(`${selector} is not next to its text: ${where}`);
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
  const cursor = await page.evaluate(() => {
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
  const at = await pattern.boundingBox();
  await expectTooltipBy(page, ".cm-rc-hover", { left: at.x, top: at.y, bottom: at.y + at.height });
  const text = await page.textContent(".cm-rc-hover");
  if (!/covers \d+ actions/.test(text) || !text.includes("s3:GetObjectAcl")) throw new Error(`unexpected hover: ${text}`);
}
