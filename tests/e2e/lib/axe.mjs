// axe-core (npm `axe-core`, installed by `cargo xtask setup`) run in a test's page (not a test
// file): a11y.test.mjs and the tests of other states of the page (shell.test.mjs).

import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const AXE_SOURCE = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");

/** Runs axe on the page (WCAG 2.x A and AA rules and best practices); returns the violations. */
export async function axe(page) {
  if (!(await page.evaluate(() => Boolean(window.axe)))) {
    // The page's CSP allows only its own scripts: evaluate the source rather than add a tag.
    await page.evaluate(AXE_SOURCE);
  }
  return page.evaluate(async () => {
    const result = await window.axe.run(document, {
      runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"] },
    });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.slice(0, 4).map((n) => `${n.target.join(" ")}: ${n.failureSummary.split("\n").slice(1, 2).join("")}`),
    }));
  });
}

export async function expectNoViolations(page, where) {
  const violations = await axe(page);
  if (violations.length > 0) {
    const lines = violations.map((v) => `- ${v.id} (${v.impact}): ${v.help}\n    ${v.nodes.join("\n    ")}`);
    throw new Error(`axe found ${violations.length} violation kinds ${where}:\n${lines.join("\n")}`);
  }
}
