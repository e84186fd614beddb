// The phone layout (issue 16): below 700 px the page is one column with the decision first; it
// never scrolls sideways, the decision is on screen without scrolling, and every tap target is
// at least 24 px. The runner runs each test at 1280×800 and at 390×844 (`@phone`); the phone
// screenshots are `artifacts/phone--*--phone--*.png`.

import { waitForDecision } from "./lib/playground.mjs";

/** Fails when the page is wider than the viewport (a horizontal scroll). */
async function noSidewaysScroll(page, where) {
  const { scroll, width } = await page.evaluate(() => ({
    scroll: document.documentElement.scrollWidth,
    width: document.documentElement.clientWidth,
  }));
  if (scroll > width) {
    const wide = await page.evaluate(() => {
      const w = document.documentElement.clientWidth;
      return [...document.querySelectorAll("body *")]
        .filter((e) => e.getBoundingClientRect().right > w + 1 && e.getClientRects().length > 0)
        .slice(0, 5)
        .map((e) => `${e.tagName.toLowerCase()}.${[...e.classList].join(".")} (${Math.round(e.getBoundingClientRect().right)} px)`);
    });
    throw new Error(`${where}: the page is ${scroll} px wide in a ${width} px window; too wide: ${wide.join(", ")}`);
  }
}

/** Interactive elements on screen smaller than 24×24 px (WCAG 2.2 target size, minimum). */
async function smallTargets(page) {
  return page.evaluate(() => {
    const selector = "button, a[href], input:not([type=hidden]), select, textarea, summary, [role=tab]";
    return [...document.querySelectorAll(selector)]
      .filter((e) => !e.closest(".cm-editor") && e.getClientRects().length > 0)
      .filter((e) => getComputedStyle(e).visibility !== "hidden" && !e.classList.contains("skip-link"))
      .map((e) => ({ e, r: e.getBoundingClientRect() }))
      .filter(({ r }) => r.width < 24 || r.height < 24)
      .map(({ e, r }) => `${e.tagName.toLowerCase()}${e.getAttribute("aria-label") ? `[${e.getAttribute("aria-label")}]` : ""} "${(e.textContent || e.value || "").trim().slice(0, 20)}" ${Math.round(r.width)}×${Math.round(r.height)}`);
  });
}

export async function the_decision_is_on_screen_and_nothing_scrolls_sideways({ page, baseUrl, phone, screenshot }) {
  await page.goto(baseUrl);
  await waitForDecision(page, "allowed");
  await noSidewaysScroll(page, "the default example");
  // The decision is visible without scrolling, at both widths: the editors scroll only their own
  // box to the deciding statement (web/js/editor.js editorSetHighlights), never the page.
  const box = await page.locator("[data-testid=decision]").boundingBox();
  const height = page.viewportSize().height;
  if (!box || box.y < 0 || box.y + box.height > height) {
    throw new Error(`the decision is at ${JSON.stringify(box)}, outside the ${height} px window`);
  }
  if (phone) {
    // One column: the decision comes before the editors, the request and the lists.
    const order = await page.evaluate(() =>
      [".result-panel", ".policy-pane", ".request-panel", ".sidebar"].map((s) => document.querySelector(s).getBoundingClientRect().top),
    );
    for (let i = 1; i < order.length; i++) {
      if (!(order[i] > order[i - 1])) throw new Error(`the phone layout is not one column in order: ${order.join(", ")}`);
    }
  }
  await screenshot("default");
  // Every example, the gallery, a chain with several hops: still no sideways scroll.
  await page.getByRole("button", { name: "Examples" }).click();
  // The galleries' files are fetched when it first opens (web/src/components/examples.rs).
  await page.waitForSelector("[data-testid=examples] [data-example]");
  await noSidewaysScroll(page, "the gallery");
  await screenshot("gallery");
  const ids = await page.$$eval("[data-testid=examples] [data-example]", (els) => els.map((e) => e.dataset.example));
  await page.keyboard.press("Escape");
  for (const id of ids) {
    await page.getByRole("button", { name: "Examples" }).click();
    await page.click(`[data-testid=examples] [data-example=${id}]`);
    await page.waitForSelector("[data-testid=decision]:not([data-decision=none])");
    await noSidewaysScroll(page, `the example ${id}`);
  }
}

export async function every_tap_target_is_at_least_24_px({ page, baseUrl, phone, screenshot }) {
  await page.goto(baseUrl);
  await waitForDecision(page, "allowed");
  // Open what is folded, so that its controls are measured too.
  await page.$$eval("details", (els) => els.forEach((d) => (d.open = true)));
  await page.getByRole("button", { name: "Examples" }).click();
  await page.waitForSelector("[data-testid=examples]");
  const small = await smallTargets(page);
  await screenshot("targets");
  // The desktop layout is for a mouse; the phone layout must be usable with a finger.
  if (phone && small.length > 0) throw new Error(`${small.length} tap targets under 24 px: ${small.join("; ")}`);
}

export async function a_request_can_be_built_and_read_at_phone_width({ page, baseUrl }) {
  await page.goto(baseUrl);
  await waitForDecision(page, "allowed");
  // Edit the action of the selected request: the decision follows, and stays on the page.
  await page.fill("[data-testid=request-action]", "s3:DeleteBucket");
  await waitForDecision(page, "implicitDeny");
  await noSidewaysScroll(page, "after an edit");
  // The explanation is readable in place (it does not scroll inside a box on a phone).
  const text = await page.textContent("[data-testid=explanation]");
  if (!/s3:DeleteBucket/.test(text)) throw new Error(`the explanation does not name the action: ${text.slice(0, 200)}`);
}

export async function the_editors_are_tabs_on_a_phone_and_side_by_side_on_a_desktop({ page, baseUrl, phone, screenshot }) {
  await page.goto(baseUrl);
  await waitForDecision(page, "allowed");
  await page.waitForSelector("[data-testid=pane-mode][data-mode=step]");
  const panes = () =>
    page.$$eval(".policy-pane > .pane", (els) =>
      els.map((e) => ({ side: e.dataset.side, shown: getComputedStyle(e).display !== "none", top: Math.round(e.getBoundingClientRect().top) })),
    );
  if (!phone) {
    // A wide screen: both editors side by side, no tab strip.
    if (await page.locator("[data-testid=pane-tabs]").isVisible()) throw new Error("the editors' tab strip shows on a desktop");
    const both = await panes();
    if (both.length !== 2 || !both.every((p) => p.shown) || both[0].top !== both[1].top) {
      throw new Error(`the two editors are not side by side: ${JSON.stringify(both)}`);
    }
    return;
  }
  // A phone: the decision, the chain and the explanation come first, then the editors' tabs.
  const tops = await page.evaluate(() =>
    ["[data-testid=decision]", "[data-testid=chain]", "[data-testid=explanation]", "[data-testid=pane-tabs]"].map(
      (s) => document.querySelector(s).getBoundingClientRect().top,
    ),
  );
  for (let i = 1; i < tops.length; i++) {
    if (!(tops[i] > tops[i - 1])) throw new Error(`decision, chain, explanation, editors are not in this order: ${tops.join(", ")}`);
  }
  const one = async () => {
    const shown = (await panes()).filter((p) => p.shown);
    if (shown.length !== 1) throw new Error(`a phone shows ${shown.length} editor panes at once`);
    const selected = await page.getAttribute("[data-testid=pane-tabs] [aria-selected=true]", "data-side");
    if (selected !== shown[0].side) throw new Error(`the selected tab (${selected}) is not the pane shown (${shown[0].side})`);
    return selected;
  };
  // The final action of alice's request: the role's policy (which allowed it) is the pane shown.
  if ((await one()) !== "right") throw new Error("the acting role's policy is not the pane shown first");
  // By keyboard: the arrow keys move between the two tabs (ARIA tabs pattern).
  await page.focus("[data-testid=pane-tabs] [aria-selected=true]");
  await page.keyboard.press("ArrowLeft");
  await page.waitForSelector("[data-testid=pane-tabs] [data-side=left][aria-selected=true]");
  if ((await one()) !== "left") throw new Error("ArrowLeft did not show the left pane");
  const focused = await page.evaluate(() => document.activeElement?.dataset.side);
  if (focused !== "left") throw new Error(`the keyboard focus did not follow the tab: ${focused}`);
  await page.waitForSelector("[data-testid=resource-editor]", { state: "visible" });
  await noSidewaysScroll(page, "the left editor tab");
  await screenshot("editor-tabs");
  await page.keyboard.press("ArrowRight");
  await page.waitForSelector("[data-testid=pane-tabs] [data-side=right][aria-selected=true]");
  await page.waitForSelector("[data-testid=permission-editor] .cm-content", { state: "visible" });
  // A tap works too; and another step still shows one pane, with its tab selected.
  await page.click("[data-testid=pane-tabs] [data-side=left]");
  if ((await one()) !== "left") throw new Error("a tap on the left tab did not show the left pane");
  await page.click("[data-testid=chain] .node-button[data-step='0']");
  await page.waitForSelector("[data-testid=chain] .node.shown .node-button[data-step='0']");
  await page.waitForSelector("[data-testid=trust-editor]", { state: "attached" });
  await one();
}
