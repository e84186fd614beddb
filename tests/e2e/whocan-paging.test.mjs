// A who-can answer longer than a page (issue 12): the worker sends the first principals
// (web/src/reach.rs `PAGE`, 100) and "Show more" brings the rest, by keyboard, in the order and
// with the paths of `rolecall who-can` on the same scenario. The account is made here, small
// enough for the debug CLI to answer in a moment; `reach_figures` (a benchmark,
// whocan-figures.test.mjs) does the same on the generated 1,000 × 1,000 account.

import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { cliJson, listed, pathCounts } from "./lib/reach.mjs";
import { waitForDecision } from "./lib/playground.mjs";

const ACCOUNT = "111111111111";
const USERS = 130;
const ACTION = "s3:GetObject";
const RESOURCE = "arn:aws:s3:::reports/q1.csv";

/** 130 users who can assume the Reader role (every third can also read the bucket itself), and
 * the role: 131 principals can read the report, most of them through one path. */
function account() {
  const policy = (sid, action, resource) => ({
    name: sid,
    document: { Version: "2012-10-17", Statement: [{ Sid: sid, Effect: "Allow", Action: action, Resource: resource }] },
  });
  const identities = [
    {
      arn: `arn:aws:iam::${ACCOUNT}:role/Reader`,
      trustPolicy: {
        Version: "2012-10-17",
        Statement: [{ Effect: "Allow", Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: "sts:AssumeRole" }],
      },
      policies: [policy("ReadReports", ACTION, "arn:aws:s3:::reports/*")],
    },
  ];
  for (let i = 0; i < USERS; i++) {
    const policies = [policy("AssumeReader", "sts:AssumeRole", `arn:aws:iam::${ACCOUNT}:role/Reader`)];
    if (i % 3 === 0) policies.push(policy("ReadOwn", ACTION, "arn:aws:s3:::reports/*"));
    identities.push({ arn: `arn:aws:iam::${ACCOUNT}:user/user${String(i).padStart(3, "0")}`, policies });
  }
  return { rolecall: 1, title: "paged account", identities, requests: [] };
}

export async function a_long_who_can_answer_pages_by_keyboard_in_the_clis_order({ page, baseUrl }) {
  const dir = mkdtempSync(join(tmpdir(), "rolecall-paging-e2e-"));
  const file = join(dir, "paged-account.json");
  writeFileSync(file, JSON.stringify(account(), null, 2));
  const cli = cliJson(["who-can", file, "--action", ACTION, "--resource", RESOURCE, "--format", "json"]);
  if (cli.principals.length <= 100) throw new Error(`the CLI lists ${cli.principals.length} principals: not more than a page`);
  const order = cli.principals.map((p) => p.principal);

  await page.goto(baseUrl);
  await waitForDecision(page, "allowed");
  await page.setInputFiles("input[type=file]", file);
  await page.waitForFunction(() => document.querySelector("input.title")?.value === "paged account");
  await page.waitForSelector("[data-testid=reach]");
  await page.fill("[data-testid=reach-action]", ACTION);
  await page.fill("[data-testid=reach-resource]", RESOURCE);
  await page.focus("[data-testid=reach-ask]");
  await page.keyboard.press("Enter");
  await page.waitForSelector("[data-testid=reach-summary]");
  const summary = await page.textContent("[data-testid=reach-summary]");
  if (!summary.startsWith(`${order.length} principals`)) throw new Error(`page: ${summary}; CLI: ${order.length} principals`);

  // The first page: the CLI's first principals, each with as many paths as the CLI lists.
  const shown = await listed(page);
  if (shown.length === 0 || shown.length >= order.length) throw new Error(`${shown.length} of ${order.length} principals shown at first`);
  if (JSON.stringify(shown) !== JSON.stringify(order.slice(0, shown.length))) throw new Error(`page ${shown.slice(0, 5)}… vs CLI ${order.slice(0, 5)}…`);
  const cliCounts = cli.principals.map((p) => p.paths.length);
  if (JSON.stringify(await pathCounts(page)) !== JSON.stringify(cliCounts.slice(0, shown.length))) throw new Error("the first page's paths differ from the CLI's");

  // "Show more" by keyboard: the rest, in the CLI's order; then nothing is left to show.
  await page.focus("[data-testid=reach-more]");
  await page.keyboard.press("Enter");
  await page.waitForFunction((n) => document.querySelectorAll("[data-testid=reach-principal]").length === n, order.length);
  const all = await listed(page);
  if (JSON.stringify(all) !== JSON.stringify(order)) throw new Error(`after Show more: page ${all.slice(shown.length, shown.length + 5)}… vs CLI ${order.slice(shown.length, shown.length + 5)}…`);
  if (JSON.stringify(await pathCounts(page)) !== JSON.stringify(cliCounts)) throw new Error("the paths after Show more differ from the CLI's");
  if ((await page.locator("[data-testid=reach-more]").count()) !== 0) throw new Error("Show more is still offered with every principal listed");
}
