// AWS managed policies by ARN (issue 11): a scenario naming AmazonS3ReadOnlyAccess by ARN
// evaluates with its real document, fetched after the first paint (only that policy, not the
// whole data), and an unknown ARN is a problem at the reference.

import { readFileSync } from "node:fs";
import { rolecall } from "./lib/cli.mjs";
import { decision } from "./lib/playground.mjs";

/** The decision shown for every request, selecting each one in the sidebar. */
async function decisionsOfEveryRequest(page) {
  const items = page.locator(".side-section[aria-label=Requests] .item");
  const out = [];
  for (let i = 0; i < (await items.count()); i++) {
    await items.nth(i).click();
    await page.waitForSelector(`.side-section[aria-label=Requests] li:nth-child(${i + 1}).selected`);
    out.push(await decision(page));
  }
  return out;
}

export async function a_scenario_naming_an_aws_managed_policy_by_arn_evaluates_with_its_real_document({ newPage, baseUrl, screenshot }) {
  const file = "examples/aws-managed-policies.json";
  const link = rolecall(["share", file, "--base-url", baseUrl]).trim();
  const expected = JSON.parse(rolecall(["eval", file, "--format", "json"])).requests.map((r) => r.decision);
  const page = await newPage();
  const fetched = [];
  page.on("request", (r) => {
    const path = new URL(r.url()).pathname;
    if (path.includes("/managed/")) fetched.push(path.slice(path.indexOf("/managed/")));
  });
  await page.goto(link);
  // The first request reads with s3:GetObject: allowed only once AmazonS3ReadOnlyAccess arrived.
  await page.waitForSelector("[data-testid=decision][data-decision=allowed]", { timeout: 20_000 });
  await page.waitForFunction(() => document.querySelector("[data-testid=managed-status]")?.textContent.startsWith("managed policies as of "));
  const shown = await decisionsOfEveryRequest(page);
  if (JSON.stringify(shown) !== JSON.stringify(expected)) {
    throw new Error(`page shows ${JSON.stringify(shown)}, rolecall eval says ${JSON.stringify(expected)}`);
  }
  const unique = [...new Set(fetched)].sort();
  if (JSON.stringify(unique) !== JSON.stringify(["/managed/AmazonS3ReadOnlyAccess.json", "/managed/index.json"])) {
    throw new Error(`the page fetched ${JSON.stringify(unique)}, not just the one policy it names and the index`);
  }
  // The explanation names the managed policy, and its text is shown read-only.
  await page.locator(".side-section[aria-label=Requests] .item").first().click();
  const explanation = await page.textContent("[data-testid=explanation]");
  if (!explanation.includes("AmazonS3ReadOnlyAccess (AWS managed, v3)")) throw new Error(`the explanation does not name the policy: ${explanation}`);
  await page.locator(".side-section[aria-label=Identities] .item").first().click();
  await page.waitForSelector("[data-testid=managed-text]");
  const text = await page.textContent("[data-testid=managed-text]");
  if (!text.includes('"s3:Get*"')) throw new Error(`the managed policy's text is not shown: ${text}`);
  await screenshot("managed-policy");
}

export async function an_unknown_managed_policy_arn_is_a_problem_at_the_reference_not_an_empty_policy({ newPage, baseUrl }) {
  const scenario = JSON.parse(readFileSync("examples/aws-managed-policies.json", "utf8"));
  scenario.identities[0].policies[0].arn = "arn:aws:iam::aws:policy/AmazonS3ReadOnlyAcess";
  const { writeFileSync, mkdtempSync } = await import("node:fs");
  const dir = mkdtempSync("/tmp/rolecall-e2e-");
  writeFileSync(`${dir}/s.json`, JSON.stringify(scenario));
  const link = rolecall(["share", `${dir}/s.json`, "--base-url", baseUrl]).trim();
  const page = await newPage();
  await page.goto(link);
  await page.waitForFunction(() => document.querySelector("[data-testid=problems]")?.textContent.includes("unknown-managed-policy"), null, { timeout: 20_000 });
  const problems = await page.textContent("[data-testid=problems]");
  // The page renders the message's backticks as code: the text reads without them.
  if (!problems.includes("did you mean arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess")) throw new Error(`no suggestion: ${problems}`);
}
