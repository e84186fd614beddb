// Helpers shared by the playground's end-to-end tests (not a test file: the runner only loads
// `*.test.mjs`).
//
// Test hooks of the page: the stable data-testid values of issue 5, the CodeMirror editors as
// `[data-testid=<name>] .cm-content`, and `window.__rolecall` (web/js/editor.js):
// `setText(name, text)`, `getText(name)` and `editors` (name → EditorView).

/**
 * Waits until the editors are CodeMirror (web/js/editor.js loads it after the first decision; until
 * then each document is a plain text box). A test of CodeMirror's own behaviour (completion,
 * closing quotes, hover) waits for it before typing, or its keys may land in the text box.
 */
export async function waitForEditors(page) {
  const loaded = await page.evaluate(() => window.__rolecall.editorReady());
  if (loaded !== true) throw new Error(`CodeMirror did not load (editorReady gave ${loaded})`);
}

/** Waits until the whole request's decision is `value` (data-decision on [data-testid=decision]). */
export async function waitForDecision(page, value, timeout = 10_000) {
  try {
    await page.waitForSelector(`[data-testid=decision][data-decision=${value}]`, { timeout });
  } catch (err) {
    // Say what the page shows instead, so that a failure can be read from the log alone.
    const shown = await page
      .evaluate(() => ({
        decision: document.querySelector("[data-testid=decision]")?.getAttribute("data-decision") ?? "no decision shown",
        banner: [...document.querySelectorAll(".banner")].map((b) => b.textContent).join(" | ") ?? "",
      }))
      .catch(() => ({ decision: "the page could not be read" }));
    throw new Error(
      `the decision stayed \`${shown.decision}\` (wanted \`${value}\`)${shown.banner ? `; banner: ${shown.banner}` : ""}: ${err.message}`,
      { cause: err },
    );
  }
}

/** Replaces the text of an editor as a user pasting it would (click, select all, delete, one
 * input of the whole text). Typed one key at a time, the texts of the tests took 5-10 s each
 * on CI; {@link typeKeys} does that where the states in between matter. */
export async function typeInto(page, testid, text) {
  await selectEditorText(page, testid);
  await page.keyboard.insertText(text);
}

/** Replaces the text of an editor by typing it one key at a time (select all, then type): every
 * state in between is an edit the page sees (CodeMirror closes brackets as they are typed). */
export async function typeKeys(page, testid, text) {
  await selectEditorText(page, testid);
  await page.keyboard.type(text);
}

async function selectEditorText(page, testid) {
  await showEditor(page, testid);
  await page.click(`[data-testid=${testid}] .cm-content`);
  await page.keyboard.press("Control+A");
  await page.keyboard.press("Delete");
}

/** The current decision of the selected request. */
export async function decision(page) {
  return page.getAttribute("[data-testid=decision]", "data-decision");
}

/** Shows the documents that decide step `n` of the selected request (0 = the first hop). */
export async function showStep(page, n) {
  await page.click(`[data-testid=chain] .node-button[data-step='${n}']`);
  await page.waitForSelector(`[data-testid=chain] .node.shown .node-button[data-step='${n}']`);
}

/** Makes the trust policy of the first hop's role trust another account instead of the caller's. */
export async function breakTrust(page) {
  await showStep(page, 0);
  await page.waitForFunction(() => (window.__rolecall.getText("trust-editor") || "").includes("sts:AssumeRole"));
  const trust = await page.evaluate(() => window.__rolecall.getText("trust-editor"));
  const broken = trust.replaceAll("111111111111", "333333333333");
  if (broken === trust) throw new Error(`the trust policy does not name account 111111111111: ${trust}`);
  await page.evaluate((t) => window.__rolecall.setText("trust-editor", t), broken);
}

/**
 * Opens the default example in `page` and waits for its decision; returns the width's name for
 * messages. The runner runs every test at desktop and at phone width (run.mjs), so a test opens
 * one page at its own width.
 */
export async function openDefault(page, baseUrl, phone) {
  await page.goto(baseUrl);
  await waitForDecision(page, "allowed");
  return { name: phone ? "phone" : "desktop" };
}

/**
 * Brings the editor `testid` on screen. On a phone the editors are tabs, one pane at a time
 * (web/src/components/split_panes.rs): the tab of its pane is chosen by keyboard, as a user
 * would (Home for the left pane, End for the right one). A no-op when the editor is shown.
 */
export async function showEditor(page, testid) {
  const pane = page.locator(`.policy-pane .pane:has([data-testid=${testid}])`);
  // An editor outside the split panes (challenge mode) is always shown.
  if ((await pane.count()) === 0) return;
  const hidden = await pane.evaluate((e) => getComputedStyle(e).display === "none");
  if (!hidden) return;
  const side = await pane.getAttribute("data-side");
  await page.focus("[data-testid=pane-tabs] [role=tab][aria-selected=true]");
  await page.keyboard.press(side === "left" ? "Home" : "End");
  await page.waitForSelector(`[data-testid=${testid}]`, { state: "visible" });
}

/** Holds the requests of `pattern` made in `target` (a page or a context) back until the
 *  returned `release()` is called: a slow network for one file. */
export async function holdBack(target, pattern) {
  let release;
  const held = new Promise((resolve) => {
    release = resolve;
  });
  await target.route(pattern, async (route) => {
    await held;
    await route.continue();
  });
  return release;
}

/** Presses Enter on a control reached by focus, as a keyboard user would. */
export async function press(page, selector) {
  await page.focus(selector);
  await page.keyboard.press("Enter");
}

/** Opens the example `id` from the Examples menu by keyboard and waits for its decision. */
export async function openExample(page, id) {
  await page.getByRole("button", { name: "Examples", exact: true }).focus();
  await page.keyboard.press("Enter");
  await press(page, `[data-testid=examples] [data-example=${id}]`);
  await page.waitForSelector("[data-testid=decision]:not([data-decision=none])");
}

/** Selects the request named `name` in the sidebar by keyboard. */
export async function selectRequest(page, name) {
  const item = page.locator(".side-section[aria-label=Requests] .item", { hasText: name });
  await item.focus();
  await page.keyboard.press("Enter");
  await page.waitForFunction((n) => [...document.querySelectorAll(".side-section[aria-label=Requests] .item[aria-current=true]")].some((e) => e.textContent.includes(n)), name);
}

/** Opens the default example in `page`, names it `title` and gives the share link the page then
 *  puts in its address bar: a link someone sends. */
export async function linkTitled(page, baseUrl, title) {
  await page.goto(baseUrl);
  await waitForDecision(page, "allowed");
  await page.waitForFunction(() => location.hash.includes("s=v1."));
  const before = page.url();
  await page.fill("input.title", title);
  await page.waitForFunction((b) => location.href !== b, before);
  return page.url();
}

/** A scenario titled `title` whose one request is denied (implicitly): the user may put objects,
 *  it asks to get one. Open it with `linkFor` (lib/hostile.mjs). */
export function deniedScenario(title) {
  const user = "arn:aws:iam::111111111111:user/u";
  return JSON.stringify({
    rolecall: 1,
    title,
    identities: [{
      arn: user,
      policies: [{ name: "p", document: { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "s3:PutObject", Resource: "*" }] } }],
    }],
    requests: [{ name: "get", principal: user, action: "s3:GetObject", resource: "arn:aws:s3:::b/k" }],
  });
}
