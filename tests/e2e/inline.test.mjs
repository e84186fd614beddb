// The decision drawn in the keystroke's own frame (issue 14): once the page is shown and idle, the
// worker's module runs a second time on the page's thread (web/src/evaluator/inline.rs), and a
// keystroke in a small scenario is evaluated there, in the keystroke's task, so that its decision
// is on the page before the keystroke's frame; the worker still evaluates every revision, and
// its answer, the same view, draws nothing new. A large scenario goes to the worker alone, and
// a mirror that cannot start leaves the page deciding through the worker.

import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { rolecall } from "./lib/cli.mjs";
import { fiftyStatements } from "./lib/fifty.mjs";
import { bigPolicy } from "./lib/large.mjs";
import { showEditor, waitForDecision, waitForEditors } from "./lib/playground.mjs";

const count = (page, name) => page.evaluate((n) => performance.getEntriesByName(n).length, name);

/** Waits until the mirror applied every catalog and managed-policy message the worker got and
 * evaluated once (web/js/worker.js `markMirror`), after `statuses` (test ids) say loaded. */
async function mirrorReady(page, statuses) {
  for (const [testid, start] of statuses) {
    await page.waitForFunction(([id, s]) => document.querySelector(`[data-testid=${id}]`)?.textContent.startsWith(s), [testid, start]);
  }
  await page.waitForFunction(() => {
    const marks = performance.getEntriesByName("rolecall:inline-ready");
    const last = marks[marks.length - 1];
    return last && last.detail.warm && last.detail.applied === last.detail.sent && last.detail.sent > 0;
  });
}

/** Records, in a frame callback registered as each edit reaches the page (the editor marks
 * `rolecall:edit` as it hands the page its text: on a desktop in the key's own event, on a phone,
 * where CodeMirror reads the edit from the DOM, a little later), what the page shows then: the
 * problems list, the decision, and how many inline evaluations were made. */
async function watchFrames(page) {
  await page.evaluate(() => {
    window.__frames = [];
    const seen = () => ({
      problems: document.querySelector("[data-testid=problems]")?.textContent ?? null,
      decision: document.querySelector("[data-testid=decision]")?.getAttribute("data-decision") ?? null,
      inline: performance.getEntriesByName("rolecall:inline").length,
    });
    const mark = performance.mark.bind(performance);
    performance.mark = (name, options) => {
      if (name === "rolecall:edit") {
        const before = seen();
        requestAnimationFrame(() => window.__frames.push({ before, frame: seen() }));
      }
      return mark(name, options);
    };
  });
}

/** Types `key` at `at` in the permission editor; what the keystroke's frame showed. */
async function keyInFrame(page, at, key) {
  const n = await page.evaluate(() => window.__frames.length);
  await page.evaluate((p) => window.__rolecall.setCursor("permission-editor", p), at);
  await page.keyboard.press(key);
  await page.waitForFunction((k) => window.__frames.length > k, n);
  return page.evaluate((k) => window.__frames[k], n);
}

export async function a_keystroke_in_a_small_scenario_is_decided_in_its_own_frame_and_a_large_one_by_the_worker({ page, baseUrl, phone }) {
  await page.goto(baseUrl);
  await waitForDecision(page, "allowed");
  await showEditor(page, "permission-editor");
  await waitForEditors(page);
  await page.evaluate((t) => window.__rolecall.setText("permission-editor", t), fiftyStatements());
  await waitForDecision(page, "allowed");
  await mirrorReady(page, [["catalog-status", "AWS data"]]);
  await watchFrames(page);
  // A stray letter after the policy breaks its JSON, Backspace mends it: each keystroke changes
  // the problems list, which the keystroke's frame shows already.
  for (let i = 0; i < 3; i++) {
    const end = await page.evaluate(() => window.__rolecall.getText("permission-editor").length);
    for (const [at, key] of [[end, "x"], [end + 1, "Backspace"]]) {
      const { before, frame } = await keyInFrame(page, at, key);
      if (frame.inline <= before.inline) throw new Error(`${key}: no inline evaluation before the keystroke's frame (${JSON.stringify({ before, frame })})`);
      if (frame.problems === before.problems) throw new Error(`${key}: the keystroke's frame still shows the problems from before it: ${frame.problems}`);
    }
  }
  await waitForDecision(page, "allowed");
  // Over the size rule (32 KB of document text): the worker decides, nothing inline.
  let decisions = await count(page, "rolecall:decision");
  await page.evaluate((t) => window.__rolecall.setText("permission-editor", t), bigPolicy(40 * 1024));
  await page.waitForFunction((n) => performance.getEntriesByName("rolecall:decision").length > n, decisions);
  const inline = await count(page, "rolecall:inline");
  decisions = await count(page, "rolecall:decision");
  const end = await page.evaluate(() => window.__rolecall.getText("permission-editor").length);
  await keyInFrame(page, end, "x");
  await page.waitForFunction((n) => performance.getEntriesByName("rolecall:decision").length > n, decisions);
  const problems = await page.textContent("[data-testid=problems]");
  if (!/Problems: [1-9]/.test(problems)) throw new Error(`the broken large policy shows no error (${phone ? "phone" : "desktop"}): ${problems}`);
  if ((await count(page, "rolecall:inline")) !== inline) throw new Error("a keystroke in a scenario over the size rule was evaluated inline");
}

/** The AWS managed policies example with an inline policy on the user that names an unknown
 * action (a catalog lint), as a link. */
function lintedManagedLink(baseUrl) {
  const scenario = JSON.parse(readFileSync("examples/aws-managed-policies.json", "utf8"));
  scenario.identities[0].policies.unshift({
    name: "Typo",
    document: { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "s3:GetObjekt", Resource: "*" }] },
  });
  const file = join(mkdtempSync("/tmp/rolecall-e2e-"), "s.json");
  writeFileSync(file, JSON.stringify(scenario));
  return rolecall(["share", file, "--base-url", baseUrl]).trim();
}

export async function the_inline_decision_equals_the_workers_with_catalog_lints_and_a_managed_policy({ page, baseUrl }) {
  await page.goto(lintedManagedLink(baseUrl));
  await waitForDecision(page, "allowed", 20_000);
  await showEditor(page, "permission-editor");
  await waitForEditors(page);
  await page.waitForFunction(() => (window.__rolecall.getText("permission-editor") ?? "").includes("GetObjekt"));
  await mirrorReady(page, [["catalog-status", "AWS data"], ["managed-status", "managed policies as of "]]);
  await page.waitForFunction(() => document.querySelector("[data-testid=problems]")?.textContent.includes("unknown-action"));
  await watchFrames(page);
  const text = await page.evaluate(() => window.__rolecall.getText("permission-editor"));
  // A line break before the unknown action moves its problem a line down.
  const { before, frame } = await keyInFrame(page, text.indexOf("s3:GetObjekt") - 1, "Enter");
  if (frame.inline <= before.inline) throw new Error(`no inline evaluation before the keystroke's frame (${JSON.stringify({ before, frame })})`);
  if (frame.problems === before.problems || !frame.problems.includes("unknown-action")) {
    throw new Error(`the keystroke's frame does not show the moved problem: ${before.problems} -> ${frame.problems}`);
  }
  // The worker's answer for the same revision arrives after it, and draws the same.
  const revision = await page.evaluate(() => {
    const marks = performance.getEntriesByName("rolecall:inline");
    return marks[marks.length - 1].detail.revision;
  });
  await page.waitForFunction((r) => performance.getEntriesByName("rolecall:worker").some((m) => m.detail.revision === r), revision);
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  const after = await page.evaluate(() => ({
    problems: document.querySelector("[data-testid=problems]")?.textContent ?? null,
    decision: document.querySelector("[data-testid=decision]")?.getAttribute("data-decision") ?? null,
  }));
  if (after.problems !== frame.problems || after.decision !== frame.decision) {
    throw new Error(`the worker's answer shows other than the inline one: ${JSON.stringify(frame)} then ${JSON.stringify(after)}`);
  }
}

export async function a_mirror_that_cannot_start_leaves_the_worker_deciding({ page, baseUrl }) {
  // The page's second instantiation of the worker's module fails.
  await page.addInitScript(() => {
    const instantiate = WebAssembly.instantiate;
    WebAssembly.instantiate = function (module, imports) {
      const worker = module instanceof WebAssembly.Module && WebAssembly.Module.exports(module).some((e) => e.name === "worker_evaluate");
      return worker ? Promise.reject(new Error("refused by the test")) : instantiate.call(this, module, imports);
    };
  });
  const warned = new Promise((resolve) => page.on("console", (m) => m.text().includes("the inline evaluator could not start") && resolve()));
  await page.goto(baseUrl);
  await waitForDecision(page, "allowed");
  await showEditor(page, "permission-editor");
  await waitForEditors(page);
  await warned;
  const text = await page.evaluate(() => window.__rolecall.getText("permission-editor"));
  await page.evaluate((t) => window.__rolecall.setCursor("permission-editor", t.indexOf('"Allow"') + 1), text);
  for (let i = 0; i < 5; i++) await page.keyboard.press("Delete");
  await page.keyboard.type("Deny");
  await waitForDecision(page, "explicitDeny");
  if ((await count(page, "rolecall:inline")) !== 0) throw new Error("an inline evaluation after the mirror failed");
}
