// Challenge mode (issue 13 §1): a challenge opens from the gallery in a focused layout (goal,
// editable documents, locked documents with a lock, checks, hints); the trainer copies the
// learner link, which carries no solution; the learner opens it, reveals hints by keyboard,
// types the fix and sees the checks go ✗→✓ and the success state. Every test runs at desktop and
// phone width (the runner).

import { inflateRawSync } from "node:zlib";
import { press, typeInto, waitForDecision } from "./lib/playground.mjs";

/** Opens the gallery challenge `id` by keyboard. */
async function openChallenge(page, id) {
  await page.getByRole("button", { name: "Examples", exact: true }).focus();
  await page.keyboard.press("Enter");
  await press(page, `[data-testid=challenge-gallery] [data-challenge=${id}]`);
  await page.waitForSelector("[data-testid=challenge-status][data-solved]");
}

/** The scenario JSON a link carries (`#s=v1.` + base64url of raw deflate). */
function linkJson(link) {
  const payload = new URL(link).hash.split("&").map((p) => p.replace(/^#/, "")).find((p) => p.startsWith("s="));
  return inflateRawSync(Buffer.from(payload.slice("s=v1.".length), "base64url")).toString("utf8");
}

const check = (name) => `[data-testid=challenge-checks] li[data-request="${name}"]`;

export async function a_challenge_is_solved_from_the_learner_link({ page, context, newPage, baseUrl }) {
  await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: new URL(baseUrl).origin });
  await page.goto(baseUrl);
  await waitForDecision(page, "allowed");
  await openChallenge(page, "wildcard-trust");
  // The trainer's view: the goal, the checks, and both links.
  const goal = await page.textContent("[data-testid=challenge-goal]");
  if (!goal.includes("Auditor")) throw new Error(`goal: ${goal}`);
  await press(page, "[data-testid=copy-trainer-link]");
  await page.waitForFunction(() => /Trainer link copied/.test(document.querySelector("[data-testid=notice-banner]")?.textContent ?? ""));
  const trainer = await page.evaluate(() => navigator.clipboard.readText());
  if (!linkJson(trainer).includes('"solution"')) throw new Error("the trainer link has no solution");
  await press(page, "[data-testid=copy-learner-link]");
  await page.waitForFunction(() => /Learner link copied/.test(document.querySelector("[data-testid=notice-banner]")?.textContent ?? ""));
  const learner = await page.evaluate(() => navigator.clipboard.readText());
  const carried = linkJson(learner);
  const scenario = JSON.parse(carried);
  if (carried.includes('"solution"') || "solution" in scenario.challenge) throw new Error("the learner link carries the solution");
  if (scenario.challenge.hints.length === 0) throw new Error("the learner link lost the hints");

  // The learner opens the link in a fresh browser.
  const learnerPage = await newPage();
  await learnerPage.setViewportSize(page.viewportSize());
  await learnerPage.goto(learner);
  await learnerPage.waitForSelector("[data-testid=challenge-status][data-solved=false]");
  if ((await learnerPage.locator("[data-testid=copy-trainer-link]").count()) !== 0) throw new Error("a learner is offered the trainer link");
  await learnerPage.waitForSelector(`${check("a user of another account is refused")}[data-passed=false]`);
  await learnerPage.waitForSelector(`${check("sam assumes Auditor")}[data-passed=true]`);
  // Locked documents are shown read-only, with a lock, and have no editor.
  const locked = learnerPage.locator("[data-testid=locked-doc]");
  if ((await locked.count()) < 2) throw new Error("the locked documents are not shown");
  if (!(await locked.first().textContent()).includes("🔒")) throw new Error("no lock on a locked document");
  if ((await learnerPage.locator("[data-testid=locked-doc] .cm-content").count()) !== 0) throw new Error("a locked document is editable");
  // Hints one at a time, by keyboard.
  await press(learnerPage, "[data-testid=next-hint]");
  await learnerPage.waitForSelector("[data-testid=challenge-hints] ol li");
  await press(learnerPage, "[data-testid=next-hint]");
  await learnerPage.waitForFunction(() => document.querySelectorAll("[data-testid=challenge-hints] ol li").length === 2);
  // The fix: the trust policy names sam instead of everyone.
  await typeInto(learnerPage, "challenge-editor-1",
    '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111111111111:user/sam"}, "Action": "sts:AssumeRole"}]}');
  await learnerPage.waitForSelector(`${check("a user of another account is refused")}[data-passed=true]`);
  await learnerPage.waitForSelector("[data-testid=challenge-status][data-solved=true]");
  await learnerPage.waitForSelector("[data-testid=challenge-success]");
  const success = await learnerPage.textContent("[data-testid=challenge-success]");
  if (!success.includes("Solved")) throw new Error(`success: ${success}`);
  // A step back (everyone again) turns the check back to ✗.
  await typeInto(learnerPage, "challenge-editor-1",
    '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "sts:AssumeRole"}]}');
  await learnerPage.waitForSelector("[data-testid=challenge-status][data-solved=false]");
  if ((await learnerPage.locator("[data-testid=challenge-success]").count()) !== 0) throw new Error("still shown as solved");
}

export async function the_gallery_lists_challenges_by_category_and_a_reload_keeps_the_work({ page, baseUrl }) {
  await page.goto(baseUrl);
  await waitForDecision(page, "allowed");
  await page.getByRole("button", { name: "Examples", exact: true }).click();
  // The galleries' files are fetched when it first opens (web/src/components/examples.rs).
  await page.waitForSelector("[data-testid=challenge-gallery] [data-challenge]");
  const ids = await page.$$eval("[data-testid=challenge-gallery] [data-challenge]", (els) => els.map((e) => e.dataset.challenge));
  if (ids.length < 12) throw new Error(`only ${ids.length} challenges`);
  const groups = await page.locator("[data-testid=challenge-gallery] .challenge-group h4").count();
  if (groups < 8) throw new Error(`only ${groups} categories`);
  await page.click("[data-testid=challenge-gallery] [data-challenge=missing-external-id]");
  await page.waitForSelector("[data-testid=challenge-status][data-solved=false]");
  const meta = await page.textContent("[data-testid=challenge-meta]");
  if (!meta.includes("missing ExternalId") || !meta.includes("intermediate")) throw new Error(`meta: ${meta}`);
  await typeInto(page, "challenge-editor-1",
    '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::222222222222:root"}, "Action": "sts:AssumeRole", "Condition": {"StringEquals": {"sts:ExternalId": "cust-7f3a9c"}}}]}');
  await page.waitForSelector("[data-testid=challenge-status][data-solved=true]");
  // A reload reopens the challenge with the learner's work, still solved.
  await page.reload();
  await page.waitForSelector("[data-testid=challenge-status][data-solved=true]");
  // Leaving challenge mode shows the playground with the same scenario.
  await press(page, "[data-testid=leave-challenge]");
  await waitForDecision(page, "allowed");
  // Left for the playground, it stays there after a reload.
  await page.reload();
  await waitForDecision(page, "allowed");
  if ((await page.locator("[data-testid=challenge]").count()) !== 0) throw new Error("a reload reopened challenge mode");
}
