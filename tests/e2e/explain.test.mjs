// Issue 15 §1 and issue 16: the page shows the core's explanation lines (the wording of
// `rolecall eval`), a Principal mismatch highlights the value that failed, request badges are
// never clipped, a decision over a broken policy says so, and statement templates and Format
// build policies in a few keystrokes. Each check runs at desktop width and at 390 px.

import { rolecall } from "./lib/cli.mjs";
import { breakTrust, openDefault, press, showEditor, showStep, waitForDecision } from "./lib/playground.mjs";

/** A line as both front ends show it: backticks are code on the page, byte offsets differ
 * because the page lays documents out for its editors. */
const normalize = (line) => line.trim().replaceAll("`", "").replace(/bytes \d+\.\.\d+/g, "bytes _");

const text = (page, testid) => page.evaluate((name) => window.__rolecall.getText(name), testid);

async function waitForText(page, testid, needle) {
  await page.waitForFunction(([name, n]) => (window.__rolecall.getText(name) || "").includes(n), [testid, needle]);
}

export async function the_page_prints_the_lines_of_rolecall_eval({ page, baseUrl }) {
  await page.goto(baseUrl);
  await waitForDecision(page, "allowed");
  const cli = rolecall(["eval", "examples/cross-account.json", "--format", "text"]).split("\n").map(normalize);
  // Every request of the example, every step: the page prints the CLI's lines for that step, in
  // the same order, none added and none left out.
  const requests = await page.locator(".side-section[aria-label=Requests] li .item").count();
  if (requests < 2) throw new Error(`expected the example's requests in the sidebar, found ${requests}`);
  for (let r = 0; r < requests; r++) {
    await page.locator(".side-section[aria-label=Requests] li .item").nth(r).click();
    await page.waitForFunction((n) => document.querySelectorAll(".side-section[aria-label=Requests] li .item")[n]?.getAttribute("aria-current") === "true", r);
    await page.waitForSelector("[data-testid=explanation] .step");
    const steps = page.locator("[data-testid=explanation] .step");
    const count = await steps.count();
    for (let i = 0; i < count; i++) {
      const shown = (await steps.nth(i).locator(".line").allTextContents()).map(normalize);
      if (shown.length === 0) continue;
      for (const line of ["context:", "policy evaluation:"]) {
        if (!shown.includes(line)) throw new Error(`request ${r + 1} step ${i + 1} lacks the line ${line}: ${shown.join(" | ")}`);
      }
      const at = cli.findIndex((_, k) => shown.every((l, j) => cli[k + j] === l));
      if (at < 0) {
        const missing = shown.filter((l) => !cli.includes(l));
        throw new Error(`request ${r + 1} step ${i + 1}: the page's lines are not the CLI's, in order (not printed by the CLI: ${missing.join(" | ") || "none; the order differs"})`);
      }
      // The CLI's block for this step ends where the page's does (the next step, request or end).
      const next = cli[at + shown.length];
      if (next !== undefined && next !== "" && !next.startsWith("step ") && !next.startsWith("request ")) {
        throw new Error(`request ${r + 1} step ${i + 1}: the CLI prints a further line the page leaves out: ${next}`);
      }
    }
  }
}

export async function a_principal_mismatch_highlights_the_value_that_failed({ page, baseUrl, phone }) {
  {
    const size = await openDefault(page, baseUrl, phone);
    await breakTrust(page);
    await waitForDecision(page, "implicitDeny");
    await page.waitForFunction(() =>
      [...document.querySelectorAll("[data-testid=trust-editor] .cm-rc-deciding")].some((e) => e.textContent.includes("333333333333")),
    );
    const highlighted = (await page.locator("[data-testid=trust-editor] .cm-rc-deciding").allTextContents()).join("");
    if (highlighted.includes("Principal")) throw new Error(`${size.name}: the key is highlighted, not the value: ${highlighted}`);
  }
}

export async function request_badges_are_never_clipped_in_the_sidebar({ page, baseUrl, phone }) {
  {
    const size = await openDefault(page, baseUrl, phone);
    await page.waitForSelector(".side-section[aria-label=Requests] .item-badges .expect");
    const clipped = await page.evaluate(() => {
      const out = [];
      for (const li of document.querySelectorAll(".side-section[aria-label=Requests] li")) {
        const row = li.querySelector(".item-row").getBoundingClientRect();
        for (const badge of li.querySelectorAll(".item-badges > *")) {
          const b = badge.getBoundingClientRect();
          if (b.width === 0 || b.left < row.left - 1 || b.right > row.right + 1) out.push(li.textContent);
        }
      }
      return out;
    });
    if (clipped.length > 0) throw new Error(`${size.name}: clipped badges: ${clipped.join(" | ")}`);
    const requests = await page.locator(".side-section[aria-label=Requests] li").count();
    const dots = await page.locator(".side-section[aria-label=Requests] .item-badges .dot").count();
    if (dots !== requests) throw new Error(`${size.name}: ${dots} decision badges for ${requests} requests`);
  }
}

export async function a_decision_over_a_policy_with_errors_carries_a_marker({ page, baseUrl, phone }) {
  {
    const size = await openDefault(page, baseUrl, phone);
    if ((await page.locator("[data-testid=broken-policy]").count()) !== 0) throw new Error("a valid scenario is marked broken");
    const policy = await text(page, "permission-editor");
    // A trailing comma: AWS refuses the document; the evaluator still reads what it can.
    await page.evaluate((t) => window.__rolecall.setText("permission-editor", t.replace(/\]\s*\}\s*$/, "],\n}")), policy);
    await page.waitForSelector("[data-testid=decision] [data-testid=broken-policy]");
    const marker = await page.textContent("[data-testid=broken-policy]");
    if (!marker.includes("PutArtifacts")) throw new Error(`${size.name}: the marker does not name the broken policy: ${marker}`);
  }
}

export async function statement_templates_and_format_build_a_trust_policy_by_keyboard({ page, baseUrl, phone }) {
  {
    const size = await openDefault(page, baseUrl, phone);
    await showStep(page, 0);
    await waitForText(page, "trust-editor", "111111111111:root");
    await showEditor(page, "trust-editor");
    const select = page.locator(".pane:has([data-testid=trust-editor]) [data-testid=insert-statement]");
    await select.focus();
    await select.selectOption({ label: "Trust an AWS service" });
    await waitForText(page, "trust-editor", "ec2.amazonaws.com");
    await select.selectOption({ label: "Trust an OIDC provider (GitHub Actions)" });
    await waitForText(page, "trust-editor", "sts:AssumeRoleWithWebIdentity");
    // The templates are valid trust statements: no new problems, and alice is still allowed.
    await waitForDecision(page, "allowed");
    await page.waitForFunction(() => /Problems: 0 errors/.test(document.querySelector("[data-testid=problems] summary")?.textContent ?? ""));

    // Format: a policy on one line is laid out; Ctrl+Z brings the one-line text back.
    const oneLine = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]}';
    // Set as a paste would: typing 90 characters one key at a time cost this test 8-10 s.
    await showEditor(page, "permission-editor");
    await page.evaluate((t) => window.__rolecall.setText("permission-editor", t), oneLine);
    await press(page, ".pane:has([data-testid=permission-editor]) [data-testid=format-button]");
    await page.waitForFunction(() => (window.__rolecall.getText("permission-editor") || "").includes('\n  "Statement": ['));
    await page.focus("[data-testid=permission-editor] .cm-content");
    await page.keyboard.press("Control+Z");
    await page.waitForFunction((t) => window.__rolecall.getText("permission-editor") === t, oneLine);
    // Broken JSON is never rewritten: a banner says why.
    await page.evaluate(() => window.__rolecall.setText("permission-editor", '{"Version": '));
    await press(page, ".pane:has([data-testid=permission-editor]) [data-testid=format-button]");
    await page.waitForSelector("[data-testid=error-banner]");
    if ((await text(page, "permission-editor")) !== '{"Version": ') throw new Error("Format rewrote broken JSON");
  }
}

export async function notes_markdown_is_rendered_without_raw_html({ page, baseUrl }) {
  await page.goto(baseUrl);
  await waitForDecision(page, "allowed");
  // The default example's notes: a heading, bold, code and a numbered list, from pulldown-cmark.
  await page.waitForSelector("[data-testid=notes] h3");
  await page.waitForSelector("[data-testid=notes] ol li strong");
  await page.waitForSelector("[data-testid=notes] code");
}
