// The picture of the user's own last screen (issue 14, a lighter first paint; web/js/snapshot.js
// stores it as the page is left, web/js/snapshot-show.js shows it): a reload of kept work paints
// the user's own screen, edited text and decision, from index.html and the stored snapshot, before
// the page's wasm has arrived; the picture is inert and the page swaps its live screen in. Hiding
// the page (a phone's browser may discard a hidden page without a `pagehide`) stores it too. A
// snapshot that does not match exactly (another build, a changed autosave, a corrupt one) is never
// shown and is removed; a screen over the bound stores none; a link someone sent opens as before.

import { holdBack, linkTitled, typeInto, waitForDecision, waitForEditors } from "./lib/playground.mjs";

const PAGE_WASM = "**/rolecall-web-*_bg.wasm";
const SNAPSHOT = "rolecall.snapshot.v1";
const AUTOSAVE = "rolecall.autosave.v1";
const NO_STATEMENTS = '{"Version": "2012-10-17", "Statement": []}';

/** Opens the default example, empties its policy (implicit deny) and names it `title`: work the
 *  autosave keeps. */
async function keepWork(page, baseUrl, title) {
  await page.goto(baseUrl);
  await waitForDecision(page, "allowed");
  await waitForEditors(page);
  await typeInto(page, "permission-editor", NO_STATEMENTS);
  await waitForDecision(page, "implicitDeny");
  await page.fill("input.title", title);
  await page.waitForFunction(([key, t]) => (localStorage.getItem(key) || "").includes(t), [AUTOSAVE, title]);
}

/** Waits until the live page (not a picture) shows the title `title`. */
async function liveTitle(page, title) {
  await page.waitForFunction(
    // Not the picture, nor a copy of its parts holding their place in the live page (inert too).
    (t) => [...document.querySelectorAll("input.title")].some((i) => !i.closest("[inert]") && i.value === t),
    title,
  );
}

/** Hides `page` as the browser does when its tab goes to the background (or a phone's screen
 *  locks): `visibilitychange` with the document hidden. */
async function hide(page) {
  await page.evaluate(() => {
    Object.defineProperty(document, "visibilityState", { configurable: true, get: () => "hidden" });
    Object.defineProperty(document, "hidden", { configurable: true, get: () => true });
    document.dispatchEvent(new Event("visibilitychange"));
  });
}

/** What `#rc-prerender` shows, read in the page (as the document is when this runs). */
function readPicture(key) {
  const picture = document.getElementById("rc-prerender");
  const app = picture?.querySelector(".app");
  return {
    title: picture?.querySelector("input.title")?.value ?? null,
    visible: app ? app.getBoundingClientRect().height > 0 : false,
    inert: picture?.inert ?? false,
    decision: picture?.querySelector(".decision[data-decision]")?.getAttribute("data-decision") ?? null,
    text: picture?.textContent ?? "",
    hooks: picture ? picture.querySelectorAll("[data-testid], [id], script").length : 0,
    banners: picture ? picture.querySelectorAll(".banner").length : 0,
    changes: picture ? picture.querySelectorAll(".what-changed:not(.idle), .what-changed-head").length : 0,
    stored: localStorage.getItem(key) !== null,
  };
}

export async function a_reload_paints_the_users_own_last_screen_before_the_wasm_runs({ page, baseUrl }) {
  await keepWork(page, baseUrl, "kept work");
  // Leaving the page (this navigation's `pagehide`) stores the snapshot; the page's wasm is held.
  const release = await holdBack(page, PAGE_WASM);
  await page.goto(baseUrl, { waitUntil: "domcontentloaded" });
  await page.waitForFunction(() => performance.getEntriesByName("first-contentful-paint").length > 0);
  const shown = await page.evaluate(readPicture, SNAPSHOT);
  if (!shown.visible || !shown.inert) throw new Error(`no inert picture of the kept work: ${JSON.stringify({ ...shown, text: undefined })}`);
  if (shown.title !== "kept work") throw new Error(`the picture shows the title ${shown.title}`);
  if (shown.decision !== "implicitDeny") throw new Error(`the picture shows the decision ${shown.decision}`);
  if (!shown.text.includes('"Statement": []')) throw new Error(`the picture does not show the edited policy: ${shown.text.slice(0, 400)}`);
  if (shown.hooks !== 0) throw new Error(`the picture carries ${shown.hooks} ids, test hooks or scripts`);
  // As the next visit opens it: not the first visit's introduction, nor the session's changes.
  if (shown.banners !== 0 || shown.changes !== 0) throw new Error(`the picture shows the session's banner or changes: ${JSON.stringify({ ...shown, text: undefined })}`);
  if ((await page.locator("[data-testid=decision]").count()) !== 0) throw new Error("the page drew before its wasm arrived");
  // A picture, not a form: the keyboard reaches nothing in it.
  for (let i = 0; i < 4; i++) await page.keyboard.press("Tab");
  if (await page.evaluate(() => document.activeElement?.closest("#rc-prerender") != null)) {
    throw new Error("the keyboard reached the picture");
  }
  // The page's wasm arrives: its live screen replaces the picture, once, and works.
  release();
  await waitForDecision(page, "implicitDeny");
  const counts = await page.evaluate(() => ({
    pictures: document.querySelectorAll("#rc-prerender, #rc-prerender-style").length,
    apps: document.querySelectorAll(".app").length,
    title: document.querySelector("input.title")?.value,
  }));
  if (counts.pictures !== 0 || counts.apps !== 1 || counts.title !== "kept work") {
    throw new Error(`after the swap: ${JSON.stringify(counts)}`);
  }
  await page.fill("input.title", "kept and edited");
  await page.waitForFunction(([key]) => (localStorage.getItem(key) || "").includes("kept and edited"), [AUTOSAVE]);
}

/** Each way a stored snapshot can fail to match, applied as the next document starts (after the
 *  last page's `pagehide` stored a good one), by name (`sessionStorage`, this test's). */
function tamperAtStart([key, autosave]) {
  if (location.protocol === "about:") return;
  const how = sessionStorage.getItem("test.tamper");
  if (!how) return;
  sessionStorage.removeItem("test.tamper");
  const good = localStorage.getItem(key);
  const snapshot = good === null ? null : JSON.parse(good);
  if (how === "build" && snapshot) localStorage.setItem(key, JSON.stringify({ ...snapshot, build: "another build" }));
  if (how === "autosave") localStorage.setItem(autosave, localStorage.getItem(autosave).replace("kept work", "changed work"));
  if (how === "not json") localStorage.setItem(key, "<img src=x onerror=alert(1)>");
  if (how === "types" && snapshot) localStorage.setItem(key, JSON.stringify({ build: snapshot.build, text: 7, html: ["<b>x</b>"] }));
  if (how === "huge" && snapshot) localStorage.setItem(key, JSON.stringify({ ...snapshot, html: "x".repeat(1_100_000) }));
  window.__tampered = how;
}

/** Records what `#rc-prerender` showed once the document was read (`window.__atStart`), before
 *  the page's wasm can have drawn. */
function recordAtStart([key]) {
  if (location.protocol === "about:") return;
  document.addEventListener("DOMContentLoaded", () => {
    const picture = document.getElementById("rc-prerender");
    window.__atStart = {
      // A picture shows its title; the frame a link or kept work shows without one does not.
      shown: picture?.querySelector("input.title")?.checkVisibility({ visibilityProperty: true }) ?? false,
      title: picture?.querySelector("input.title")?.value ?? null,
      stored: localStorage.getItem(key) !== null,
    };
  });
}

export async function a_snapshot_that_does_not_match_the_kept_work_is_never_shown({ page, newPage, baseUrl }) {
  await page.addInitScript(tamperAtStart, [SNAPSHOT, AUTOSAVE]);
  await page.addInitScript(recordAtStart, [SNAPSHOT]);
  await keepWork(page, baseUrl, "kept work");
  for (const [how, title] of [
    ["build", "kept work"],
    ["not json", "kept work"],
    ["types", "kept work"],
    ["huge", "kept work"],
    ["autosave", "changed work"],
  ]) {
    await page.evaluate((h) => sessionStorage.setItem("test.tamper", h), how);
    await page.goto(baseUrl);
    await page.waitForFunction(() => window.__atStart !== undefined);
    const atStart = await page.evaluate(() => window.__atStart);
    if (atStart.shown || atStart.stored) throw new Error(`a snapshot (${how}) was shown or kept: ${JSON.stringify(atStart)}`);
    // The page opens the kept work as before.
    await liveTitle(page, title);
    await waitForDecision(page, "implicitDeny");
    if (how === "autosave") continue;
    // Back to a good snapshot of this work for the next case (stored as this page is left).
    await page.reload();
    await page.waitForFunction(() => window.__atStart !== undefined);
    if (!(await page.evaluate(() => window.__atStart.shown))) throw new Error(`no picture after the case ${how}`);
    await liveTitle(page, title);
    await waitForDecision(page, "implicitDeny");
  }
  // A screen over the bound (made small here) stores no snapshot as the page is left.
  await page.evaluate(() => {
    window.__rolecallSnapshot.max = 1000;
  });
  await page.goto(baseUrl);
  await page.waitForFunction(() => window.__atStart !== undefined);
  const overBound = await page.evaluate(() => window.__atStart);
  if (overBound.shown || overBound.stored) throw new Error(`a screen over the bound was stored: ${JSON.stringify(overBound)}`);
  await liveTitle(page, "changed work");
  // A link someone sent (another profile's work) opens as before: no picture of the kept work.
  const link = await linkTitled(await newPage(), baseUrl, "sent work");
  // This profile has a good snapshot of its kept work (stored as the page is left).
  await page.goto("about:blank");
  await page.goto(link);
  await page.waitForFunction(() => window.__atStart !== undefined);
  const atLink = await page.evaluate(() => window.__atStart);
  if (atLink.shown) throw new Error(`a link showed the picture of the kept work: ${JSON.stringify(atLink)}`);
  await liveTitle(page, "sent work");
}

export async function hiding_the_page_stores_the_snapshot_as_leaving_it_does({ page, baseUrl }) {
  await keepWork(page, baseUrl, "hidden work");
  if ((await page.evaluate((key) => localStorage.getItem(key), SNAPSHOT)) !== null) {
    throw new Error("a snapshot was stored before the page was hidden or left");
  }
  await hide(page);
  const stored = await page.evaluate((key) => JSON.parse(localStorage.getItem(key) ?? "null"), SNAPSHOT);
  if (stored === null || typeof stored.html !== "string" || !stored.html.includes("hidden work")) {
    throw new Error(`hiding the page stored no snapshot of it: ${JSON.stringify(stored)?.slice(0, 300)}`);
  }
}

export async function a_tab_whose_kept_work_another_tab_replaced_stores_no_picture_of_it({ page, context, baseUrl }) {
  await keepWork(page, baseUrl, "work of the first tab");
  // A second tab opens the kept work and makes it its own: the autosave is now its work.
  const second = await context.newPage();
  await second.goto(baseUrl);
  await liveTitle(second, "work of the first tab");
  await second.fill("input.title", "work of the second tab");
  await second.waitForFunction(([key, t]) => (localStorage.getItem(key) || "").includes(t), [AUTOSAVE, "work of the second tab"]);
  // The first tab goes to the background: its screen is no picture of what the autosave holds.
  await hide(page);
  // A reload shows a stored picture only under the fingerprint of the autosave's text
  // (snapshot-show.js): none of the first tab's screen may be stored under the second tab's.
  // (Storage reaches the first tab's process a moment late: until it has, the first tab may
  // store its screen under its own text's fingerprint, which no reload shows.)
  const stored = await page.evaluate((key) => localStorage.getItem(key), SNAPSHOT);
  const secondText = await second.evaluate((key) => localStorage.getItem(key), AUTOSAVE);
  const secondPrint = await second.evaluate((t) => window.__rolecallSnapshot.fingerprint(t), secondText);
  if (stored !== null && stored.includes("work of the first tab") && JSON.parse(stored).text === secondPrint) {
    throw new Error("the first tab stored its screen as the picture of the second tab's work");
  }
  // And the autosave is still the second tab's work.
  const kept = await page.evaluate((key) => localStorage.getItem(key), AUTOSAVE);
  if (!kept?.includes("work of the second tab")) throw new Error("hiding the first tab replaced the second tab's autosave");
  await second.close();
}
