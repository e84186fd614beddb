// The toolbar's menus by keyboard, at both widths (issue 16: every page feature works at phone
// width and by keyboard): a menu (`details.menu`, such as "To AWS…") opens with Enter on its
// button, the arrow keys move between its items (wrapping around), Home and End go to the ends,
// and Escape closes it and gives the focus back to its button. Its items stay inside the window,
// 390 px wide on a phone, and every item is at least 24 px high.

import { waitForDecision } from "./lib/playground.mjs";

/** The text of the focused element, and whether it is the menu's button. */
async function focused(page) {
  return page.evaluate(() => ({
    text: document.activeElement?.textContent.trim() ?? "",
    summary: document.activeElement?.matches("[data-testid=export-menu] > summary") ?? false,
  }));
}

async function isOpen(page) {
  return page.evaluate(() => document.querySelector("[data-testid=export-menu]").open);
}

export async function the_toolbar_menus_open_with_enter_move_with_arrows_and_escape_returns_the_focus({ page, baseUrl, viewport, screenshot }) {
  await page.goto(baseUrl);
  await waitForDecision(page, "allowed");
  const summary = page.locator("[data-testid=export-menu] > summary");
  await summary.focus();
  await page.keyboard.press("Enter");
  if (!(await isOpen(page))) throw new Error("Enter on the menu's button did not open it");
  // The items are inside the window and big enough to tap.
  const width = viewport?.width ?? page.viewportSize().width;
  const items = page.locator("[data-testid=export-menu] .menu-items > *");
  const count = await items.count();
  if (count < 2) throw new Error(`the menu has ${count} items`);
  for (let i = 0; i < count; i++) {
    const box = await items.nth(i).boundingBox();
    if (!box) throw new Error(`item ${i} is not shown`);
    if (box.x < 0 || box.x + box.width > width + 0.5) throw new Error(`item ${i} runs out of the ${width} px window: ${JSON.stringify(box)}`);
    if (box.height < 24) throw new Error(`item ${i} is ${box.height} px high`);
  }
  const scroll = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  if (scroll > 0) throw new Error(`the open menu scrolls the page sideways by ${scroll} px`);
  await screenshot("export-menu-open");
  const names = await items.allTextContents();
  // Down from the button to the first item, then to the next, wrapping around; Up goes back.
  await page.keyboard.press("ArrowDown");
  if ((await focused(page)).text !== names[0].trim()) throw new Error(`ArrowDown focused ${JSON.stringify(await focused(page))}`);
  await page.keyboard.press("ArrowDown");
  if ((await focused(page)).text !== names[1].trim()) throw new Error(`the second ArrowDown focused ${JSON.stringify(await focused(page))}`);
  await page.keyboard.press("ArrowUp");
  if ((await focused(page)).text !== names[0].trim()) throw new Error(`ArrowUp focused ${JSON.stringify(await focused(page))}`);
  await page.keyboard.press("ArrowUp");
  if ((await focused(page)).text !== names[count - 1].trim()) throw new Error(`ArrowUp from the first did not wrap: ${JSON.stringify(await focused(page))}`);
  await page.keyboard.press("Home");
  if ((await focused(page)).text !== names[0].trim()) throw new Error(`Home focused ${JSON.stringify(await focused(page))}`);
  await page.keyboard.press("End");
  if ((await focused(page)).text !== names[count - 1].trim()) throw new Error(`End focused ${JSON.stringify(await focused(page))}`);
  // Escape closes the menu and the focus is back on its button; Enter opens it again.
  await page.keyboard.press("Escape");
  if (await isOpen(page)) throw new Error("Escape did not close the menu");
  if (!(await focused(page)).summary) throw new Error(`after Escape the focus is on ${JSON.stringify(await focused(page))}`);
  await page.keyboard.press("Enter");
  if (!(await isOpen(page))) throw new Error("Enter did not open the menu again");
  await page.keyboard.press("Escape");
  if (await isOpen(page)) throw new Error("Escape on the button did not close the menu");
  // Escape in a menu closes only the menu: the page around it is as it was.
  if ((await page.locator("[data-testid=decision]").getAttribute("data-decision")) !== "allowed") throw new Error("the decision changed");
}
