// Helpers shared by the playground's end-to-end tests (not a test file: the runner only loads
// `*.test.mjs`).
//
// Test hooks of the page: the stable data-testid values of issue 5, the CodeMirror editors as
// `[data-testid=<name>] .cm-content`, and `window.__rolecall` (web/js/editor.js):
// `setText(name, text)`, `getText(name)` and `editors` (name → EditorView).

/** Waits until the whole request's decision is `value` (data-decision on [data-testid=decision]). */
export async function waitForDecision(page, value, timeout = 10_000) {
  await page.waitForSelector(`[data-testid=decision][data-decision=${value}]`, { timeout });
}

/** Replaces the text of an editor by typing it, as a user would (select all, then type). */
export async function typeInto(page, testid, text) {
  await page.click(`[data-testid=${testid}] .cm-content`);
  await page.keyboard.press("Control+A");
  await page.keyboard.press("Delete");
  await page.keyboard.type(text);
}

/** The current decision of the selected request. */
export async function decision(page) {
  return page.getAttribute("[data-testid=decision]", "data-decision");
}

/** Makes the trust policy of the shown role trust another account instead of the caller's. */
export async function breakTrust(page) {
  const trust = await page.evaluate(() => window.__rolecall.getText("trust-editor"));
  const broken = trust.replaceAll("111111111111", "333333333333");
  if (broken === trust) throw new Error(`the trust policy does not name account 111111111111: ${trust}`);
  await page.evaluate((t) => window.__rolecall.setText("trust-editor", t), broken);
}
