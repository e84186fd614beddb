// What a keystroke draws again (issue 14, keystroke -> decision inside one frame): typing in a
// policy re-renders the editors at each keystroke, the parts that show the evaluation when its
// answer comes, and nothing else. The page counts the renders of a few components in
// `window.__rolecallRenders` when a test puts that object there before it starts
// (web/src/state/store.rs `counted`).

import { showEditor, waitForDecision, waitForEditors } from "./lib/playground.mjs";

/** The render counts once nothing has rendered for 400 ms. */
async function settled(page) {
  let last = null;
  for (;;) {
    const now = await page.evaluate(() => JSON.stringify(window.__rolecallRenders));
    if (now === last) return JSON.parse(now);
    last = now;
    await page.waitForTimeout(400);
  }
}

const marks = (page, name) => page.evaluate((n) => performance.getEntriesByName(n).length, name);

export async function typing_in_a_policy_redraws_the_editors_and_the_decision_parts_only({ page, baseUrl }) {
  await page.addInitScript(() => {
    window.__rolecallRenders = {};
  });
  await page.goto(baseUrl);
  await waitForDecision(page, "allowed");
  await page.waitForFunction(() => document.querySelector("[data-testid=catalog-status]")?.textContent.startsWith("AWS data"));
  await showEditor(page, "permission-editor");
  await waitForEditors(page);
  const before = await settled(page);
  const decisionsBefore = await marks(page, "rolecall:decision");
  const suggestionsBefore = await marks(page, "rolecall:worker-suggestions");
  const keys = 5;
  for (let i = 0; i < keys; i++) {
    const end = await page.evaluate(() => window.__rolecall.getText("permission-editor").length);
    await page.evaluate((p) => window.__rolecall.setCursor("permission-editor", p), end);
    const n = await marks(page, "rolecall:decision");
    await page.keyboard.type(" ");
    await page.waitForFunction((k) => performance.getEntriesByName("rolecall:decision").length > k, n);
  }
  const after = await settled(page);
  const drawn = (await marks(page, "rolecall:decision")) - decisionsBefore;
  const suggested = (await marks(page, "rolecall:worker-suggestions")) - suggestionsBefore;
  const delta = (name) => (after[name] ?? 0) - (before[name] ?? 0);
  const counts = JSON.stringify({ before, after, drawn, suggested });
  // The editors follow every keystroke (the counter works).
  if (delta("policy-pane") < keys) throw new Error(`the editors were drawn ${delta("policy-pane")} times for ${keys} keystrokes: ${counts}`);
  // The toolbar shows nothing typed or evaluated: not drawn for keystrokes (only for what
  // arrives meanwhile, such as the AWS managed policies' status).
  const unrelated = delta("toolbar");
  if (unrelated >= keys) throw new Error(`typing in a policy drew the toolbar ${unrelated} times: ${counts}`);
  // The sidebar (requests with their ✓/✗), the request form and the result show evaluations:
  // drawn again for each new decision or suggestions that arrived, and once when the edit
  // starts (the "what changed" baseline moves to the last evaluation), not for each keystroke.
  for (const name of ["sidebar", "request-panel", "result-panel"]) {
    if (delta(name) > drawn + suggested + 1 + unrelated) {
      throw new Error(`${name} was drawn ${delta(name)} times for ${drawn} decisions and ${suggested} suggestions: ${counts}`);
    }
  }
}
