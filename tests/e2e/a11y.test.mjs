// Accessibility (issue 16): axe-core (npm `axe-core`, installed by `cargo xtask setup`) finds no
// violation in light and in dark mode, on the main view, with the gallery open, with a hop of
// each STS call, and after an import review; the page has an `h1`, a skip link, a visible focus
// ring on the editors, and Escape closes the dialogs. The runner runs each test at desktop and
// phone width.

import { expectNoViolations } from "./lib/axe.mjs";
import { waitForDecision } from "./lib/playground.mjs";

async function checkEveryView(page, baseUrl, scheme) {
  await page.emulateMedia({ colorScheme: scheme });
  await page.goto(baseUrl);
  await waitForDecision(page, "allowed");
  await expectNoViolations(page, `on the main view (${scheme})`);
  // The gallery.
  await page.getByRole("button", { name: "Examples" }).click();
  await page.waitForSelector("[data-testid=examples]");
  await expectNoViolations(page, `with the gallery open (${scheme})`);
  await page.keyboard.press("Escape");
  await page.waitForSelector("[data-testid=examples]", { state: "detached" });
  // Folded parts open, and a denied decision with its explanation.
  await page.$$eval("details", (els) => els.forEach((d) => (d.open = true)));
  await page.fill("[data-testid=request-action]", "s3:DeleteBucket");
  await waitForDecision(page, "implicitDeny");
  await expectNoViolations(page, `with a denied request and folded parts open (${scheme})`);
}

export async function axe_finds_no_violation_in_light_and_dark_mode({ page, baseUrl, newPage }) {
  await checkEveryView(page, baseUrl, "light");
  // Dark mode in a fresh profile (the light pass edited the autosaved request).
  await checkEveryView(await newPage(), baseUrl, "dark");
}

export async function the_page_has_an_h1_a_skip_link_and_a_focus_ring_on_the_editors({ page, baseUrl }) {
  await page.goto(baseUrl);
  await waitForDecision(page, "allowed");
  if ((await page.locator("h1").count()) !== 1) throw new Error("the page has no single h1");
  // The first Tab reaches the skip link; it moves the focus to the decision, not the URL.
  // The page writes its own share link into the address bar a moment after it settles
  // (debounced, app.rs): wait for it, or that write would look like the skip link's doing.
  await page.waitForFunction(() => location.hash.startsWith("#s="));
  const before = await page.evaluate(() => {
    window.__hashChanges = 0;
    window.addEventListener("hashchange", () => (window.__hashChanges += 1));
    return location.hash;
  });
  await page.keyboard.press("Tab");
  const first = await page.evaluate(() => document.activeElement?.textContent ?? "");
  if (!first.includes("Skip to the decision")) throw new Error(`the first Tab stop is ${first}`);
  const visible = await page.evaluate(() => document.activeElement.getBoundingClientRect().top >= 0);
  if (!visible) throw new Error("the skip link stays off screen when focused");
  await page.keyboard.press("Enter");
  await page.waitForFunction(() => document.activeElement?.dataset.testid === "decision");
  const after = await page.evaluate(() => ({ hash: location.hash, changes: window.__hashChanges }));
  if (after.hash !== before || after.changes !== 0) {
    throw new Error(`the skip link changed the address: ${after.hash.slice(0, 40)} (${after.changes} hash changes)`);
  }
  // The editor that has the focus shows a ring of at least 2 px.
  await page.click("[data-testid=permission-editor] .cm-content");
  const outline = await page.evaluate(() => {
    const style = getComputedStyle(document.querySelector("[data-testid=permission-editor] .cm-editor.cm-focused"));
    return { width: parseFloat(style.outlineWidth), style: style.outlineStyle };
  });
  if (!(outline.width >= 2) || outline.style === "none" || outline.style === "dotted") {
    throw new Error(`the focused editor has no visible ring: ${JSON.stringify(outline)}`);
  }
}

export async function escape_closes_the_gallery_and_the_import_review({ page, baseUrl }) {
  await page.goto(baseUrl);
  await waitForDecision(page, "allowed");
  await page.getByRole("button", { name: "Examples" }).click();
  await page.waitForSelector("[data-testid=examples]");
  await page.keyboard.press("Escape");
  await page.waitForSelector("[data-testid=examples]", { state: "detached" });
  // The import review is a dialog too.
  const { mkdtempSync, writeFileSync } = await import("node:fs");
  const { join } = await import("node:path");
  const { tmpdir } = await import("node:os");
  const dir = mkdtempSync(join(tmpdir(), "rolecall-a11y-"));
  writeFileSync(join(dir, "broken.json"), '{"rolecall": 1, "identities": [], "resources": [], "requests": [],}');
  await page.setInputFiles("input[type=file]", join(dir, "broken.json"));
  await page.waitForSelector("[data-testid=import-review]");
  await page.keyboard.press("Escape");
  await page.waitForSelector("[data-testid=import-review]", { state: "detached" });
}
