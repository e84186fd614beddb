// The prerendered first screen (issue 14, a lighter first paint; web/src/prerender.rs): a first
// visit paints the default example, decided, from index.html alone, before the page's wasm has
// run; the prerender is a picture (inert: no focus, no typing that would be dropped) that the
// page replaces when its first decision is drawn (or after 3 s without one), with no duplicate
// DOM. A link or autosaved work never shows the prerendered default's content (index.html's
// script; only its frame shows, with a status, shell.test.mjs, until the page's wasm draws); kept
// work shows the picture of its own last screen when one matches it exactly (snapshot.test.mjs).

import { holdBack, linkTitled, typeInto, waitForDecision } from "./lib/playground.mjs";

const PAGE_WASM = "**/rolecall-web-*_bg.wasm";

const WORKER_WASM = "**/rolecall-worker_bg.wasm";

/** Holds the page's wasm back until `release()` is called. */
function holdPageWasm(page) {
  return holdBack(page, PAGE_WASM);
}

/** Opens `url` with the page's wasm held back and checks that `what` (a link, kept work) did not
 *  show the prerendered default example while the page was not running (kept work may show the
 *  picture of its own last screen, titled `own`: snapshot.test.mjs); then lets the wasm in. */
async function opensWithoutThePrerender(page, url, what, own = null) {
  const release = await holdPageWasm(page);
  await page.goto(url, { waitUntil: "domcontentloaded" });
  await styled(page);
  const shown = await prerendered(page);
  // The prerender's frame may show (shell.test.mjs), none of the example's content.
  if (shown.contentVisible && (own === null || shown.title !== own)) {
    throw new Error(`${what} showed the prerendered default example: ${JSON.stringify(shown)}`);
  }
  release();
}

/** Records every decision the page shows from now on (`window.__decisionsSeen`). */
async function watchDecisions(page) {
  await page.evaluate(() => {
    window.__decisionsSeen = [];
    new MutationObserver(() => {
      const shown = document.querySelector("[data-testid=decision]")?.getAttribute("data-decision");
      if (shown && window.__decisionsSeen.at(-1) !== shown) window.__decisionsSeen.push(shown);
    }).observe(document, { subtree: true, childList: true, attributes: true });
  });
}

/** Records, as the picture leaves the document, which of its parts the page shows in their
 *  places (`window.__atSwap`; live or the picture's copies, never the empty placeholders). */
async function watchSwap(page) {
  await page.evaluate(() => {
    window.__atSwap = null;
    const observer = new MutationObserver(() => {
      if (document.getElementById("rc-prerender") !== null) return;
      observer.disconnect();
      const has = (selector) => document.querySelector(selector) !== null;
      window.__atSwap = {
        toolbar: has(".app > .toolbar .brand"),
        sidebar: has(".main > .sidebar li"),
        request: has(".lower > .request-panel .field"),
        notes: has(".main > .notes .expectations"),
        whoCan: has(".workspace > .reach"),
        decision: has("[data-testid=decision]"),
      };
    });
    observer.observe(document, { subtree: true, childList: true });
  });
}

/** Waits until index.html and its stylesheet are read (style.css sets the body's margin to 0). */
async function styled(page) {
  await page.waitForFunction(() => document.body !== null && getComputedStyle(document.body).marginTop === "0px");
}

/** What the page shows of the prerender: whether it is there, visible, inert, and its decision. */
async function prerendered(page) {
  return page.evaluate(() => {
    const picture = document.getElementById("rc-prerender");
    const shown = picture?.querySelector(".app");
    return {
      present: picture !== null,
      visible: shown ? shown.getBoundingClientRect().height > 0 : false,
      inert: picture?.inert ?? false,
      decision: picture?.querySelector("[data-prerendered=decision]")?.getAttribute("data-decision") ?? null,
      policy: picture?.querySelector("[data-prerendered=permission-editor] textarea")?.value ?? "",
      title: picture?.querySelector("input.title")?.value ?? null,
      contentVisible: [...(picture?.querySelectorAll("input.title, [data-prerendered=decision], [data-prerendered=permission-editor]") ?? [])]
        .some((e) => e.checkVisibility({ visibilityProperty: true })),
    };
  });
}

export async function a_first_visit_paints_the_prerendered_example_before_the_wasm_runs({ page, baseUrl }) {
  const release = await holdPageWasm(page);
  await page.goto(baseUrl, { waitUntil: "domcontentloaded" });
  await page.waitForFunction(() => performance.getEntriesByName("first-contentful-paint").length > 0);
  const shown = await prerendered(page);
  if (!shown.present || !shown.visible) throw new Error(`no prerendered first screen: ${JSON.stringify(shown)}`);
  if (!shown.inert) throw new Error("the prerendered first screen is not inert");
  if (shown.decision !== "allowed") throw new Error(`the prerender shows the decision ${shown.decision}`);
  if (!shown.policy.includes("s3:PutObject")) throw new Error(`the prerender does not show the policy: ${shown.policy}`);
  // Nothing of the page's own yet: the wasm has not run.
  if ((await page.locator("[data-testid=decision]").count()) !== 0) throw new Error("the page drew before its wasm arrived");
  // A picture, not a form: the keyboard reaches nothing in it, and typing changes nothing.
  for (let i = 0; i < 5; i++) await page.keyboard.press("Tab");
  const focused = await page.evaluate(() => document.activeElement?.closest("#rc-prerender") !== null && document.activeElement !== document.body);
  if (focused) throw new Error("the keyboard reached the prerendered first screen");
  await page.locator("#rc-prerender textarea").first().click({ force: true }).catch(() => {});
  await page.keyboard.type("typed");
  if ((await prerendered(page)).policy.includes("typed")) throw new Error("typing went into the prerender");
  // The page's wasm replaces it once its own first decision is drawn (never "not evaluated"
  // in between): one app, one decision, and it works.
  await watchDecisions(page);
  await watchSwap(page);
  release();
  await waitForDecision(page, "allowed");
  const seen = await page.evaluate(() => window.__decisionsSeen);
  if (seen.join() !== "allowed") throw new Error(`the page showed the decisions ${seen.join(", ")} after the prerendered one`);
  // The live page's first screen is as complete as the picture it replaced (its later parts,
  // drawn after the swap, hold their places with the picture's copies), then wholly live.
  const swapped = await page.evaluate(() => window.__atSwap);
  const missing = Object.entries(swapped ?? {}).filter(([, shown]) => !shown).map(([part]) => part);
  if (swapped === null || missing.length > 0) throw new Error(`the page was swapped in without ${missing.join(", ") || "being seen"}`);
  await page.waitForFunction(() => document.querySelector(".app [inert]") === null && document.querySelector("[data-testid=expectations]") !== null);
  const counts = await page.evaluate(() => ({
    prerender: document.querySelectorAll("#rc-prerender").length,
    apps: document.querySelectorAll(".app").length,
    decisions: document.querySelectorAll("#rc-decision").length,
    mains: document.querySelectorAll("#rc-main").length,
  }));
  if (counts.prerender !== 0 || counts.apps !== 1 || counts.decisions !== 1 || counts.mains !== 1) {
    throw new Error(`duplicate or leftover DOM after the page started: ${JSON.stringify(counts)}`);
  }
  await typeInto(page, "permission-editor", '{"Version": "2012-10-17", "Statement": []}');
  await waitForDecision(page, "implicitDeny");
}

export async function a_link_shows_no_prerendered_default({ page, newPage, baseUrl }) {
  const url = await linkTitled(page, baseUrl, "linked work");
  const fresh = await newPage();
  await opensWithoutThePrerender(fresh, url, "a link");
  await fresh.waitForFunction(() => document.querySelector("input.title")?.value === "linked work");
  if ((await fresh.locator("#rc-prerender").count()) !== 0) throw new Error("the prerender stayed after the page started");
}

export async function a_reload_with_autosaved_work_shows_no_prerendered_default({ page, baseUrl }) {
  await page.goto(baseUrl);
  await waitForDecision(page, "allowed");
  await page.fill("input.title", "kept work");
  await page.waitForFunction(() => (localStorage.getItem("rolecall.autosave.v1") || "").includes("kept work"));
  // A visit with no link at all (the address without its fragment) over the autosaved work.
  await opensWithoutThePrerender(page, baseUrl, "autosaved work", "kept work");
  await page.waitForFunction(() => document.querySelector("input.title")?.value === "kept work");
}

export async function a_slow_worker_leaves_the_prerender_shown_for_at_most_three_seconds({ page, context, baseUrl }) {
  const releaseWorker = await holdBack(context, WORKER_WASM);
  await page.goto(baseUrl, { waitUntil: "domcontentloaded" });
  await page.waitForFunction(() => performance.getEntriesByName("rolecall:page-start").length > 0);
  // The page runs, its decision not yet: the decided picture stays.
  const shown = await prerendered(page);
  if (!shown.visible || shown.decision !== "allowed") throw new Error(`the prerender left before the decision: ${JSON.stringify(shown)}`);
  if ((await page.locator("[data-testid=decision]").count()) !== 0) throw new Error("the page's own screen showed before its decision");
  // No decision within the hold (app::PRERENDER_HOLD_MS): the page's own screen, undecided.
  await page.waitForSelector("[data-testid=decision][data-decision=none]", { timeout: 10_000 });
  if ((await page.locator("#rc-prerender").count()) !== 0) throw new Error("the prerender stayed beside the page");
  releaseWorker();
  await waitForDecision(page, "allowed");
}
