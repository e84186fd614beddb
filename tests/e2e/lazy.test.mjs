// The CodeMirror editor is loaded after the first paint (issue 14: a lighter first paint;
// web/js/editor.js): until it arrives each document is a plain text box with a "loading" status,
// what the user types there is kept and evaluated, and a page that cannot load the editor
// (offline before it was ever fetched) stays usable with the text boxes and says so.

import { holdBack, waitForDecision } from "./lib/playground.mjs";

const EDITOR = "**/lazy/codemirror-*.js";

/** Opens the page with the CodeMirror bundle held back until `release()` is called. */
async function openWithEditorHeld(page, baseUrl) {
  const release = await holdBack(page, EDITOR);
  await page.goto(baseUrl);
  return release;
}

export async function the_editor_arrives_after_the_first_paint({ page, baseUrl }) {
  const requests = [];
  page.on("request", (req) => requests.push(new URL(req.url()).pathname));
  await page.goto(baseUrl);
  await waitForDecision(page, "allowed");
  await page.waitForSelector("[data-testid=permission-editor] .cm-content");
  if ((await page.locator("[data-testid=permission-editor] textarea.editor-plain").count()) !== 0) {
    throw new Error("the plain text box is still there next to CodeMirror");
  }
  const bundle = requests.find((p) => /\/lazy\/codemirror-[0-9a-f]{16}\.js$/.test(p));
  if (!bundle) throw new Error(`the CodeMirror bundle was not requested: ${requests.join(", ")}`);
  // Only the loader asks for it, once the page has painted: neither index.html nor a preload
  // names it, so the browser does not fetch it before the first paint.
  const html = await page.content();
  if (html.includes("codemirror-")) throw new Error("index.html names the CodeMirror bundle");
}

export async function the_documents_are_shown_and_editable_before_the_editor_arrives({ page, baseUrl }) {
  const release = await openWithEditorHeld(page, baseUrl);
  await waitForDecision(page, "allowed");
  const box = page.locator("[data-testid=permission-editor] textarea.editor-plain");
  const status = page.locator("[data-testid=permission-editor] .editor-status");
  if ((await status.textContent()) !== "Loading the editor…") {
    throw new Error(`no loading status: ${await status.textContent()}`);
  }
  const text = await box.inputValue();
  if (!text.includes("Statement")) throw new Error(`the permission policy is not shown: ${text}`);
  // The user types into the plain box before CodeMirror is there: the core re-evaluates.
  const emptied = '{"Version": "2012-10-17", "Statement": []}';
  await box.fill(emptied);
  await waitForDecision(page, "implicitDeny");
  release();
  await page.waitForSelector("[data-testid=permission-editor] .cm-content");
  const kept = await page.evaluate(() => window.__rolecall.getText("permission-editor"));
  if (kept !== emptied) throw new Error(`CodeMirror lost what was typed: ${kept}`);
  await waitForDecision(page, "implicitDeny");
  if ((await page.locator(".editor-status").count()) !== 0) throw new Error("a loading status stayed");
}

export async function the_page_stays_usable_when_the_editor_cannot_load({ page, baseUrl, allowConsoleError }) {
  allowConsoleError(/Failed to load resource|ERR_FAILED|codemirror/);
  await page.route(EDITOR, (route) => route.abort());
  await page.goto(baseUrl);
  await waitForDecision(page, "allowed");
  await page.waitForFunction(() =>
    document.querySelector("[data-testid=permission-editor] .editor-status")?.textContent.includes("could not be loaded"),
  );
  const box = page.locator("[data-testid=permission-editor] textarea.editor-plain");
  const text = await box.inputValue();
  if (!text.includes("Statement")) throw new Error(`the permission policy is not shown: ${text}`);
  // Keyboard only: the box takes the focus and the typing.
  await box.focus();
  await page.keyboard.press("Control+A");
  await page.keyboard.type('{"Version": "2012-10-17", "Statement": []}');
  await waitForDecision(page, "implicitDeny");
  const typed = await page.evaluate(() => window.__rolecall.getText("permission-editor"));
  if (!typed.includes('"Statement": []')) throw new Error(`the test hook does not see the box: ${typed}`);
}
