// The "what changed" strip (issue 13 §2): after an edit, the requests and expectations that
// flipped since the version before the edit of that document, each with its decision before and
// after; a pinned baseline is compared with every later version until it is unpinned. Every
// test runs at desktop and phone width (the runner).

import { breakTrust, press, waitForDecision } from "./lib/playground.mjs";

const ALICE = "alice deploys through the Deployer role";
const DELETE = "the role session cannot delete artifacts";
const strip = "[data-testid=what-changed]";
const flip = (name) => `${strip} li.flip[data-request="${name}"]`;

export async function the_strip_shows_what_an_edit_flipped_and_clears_when_it_is_undone({ page, baseUrl }) {
  await page.goto(baseUrl);
  await waitForDecision(page, "allowed");
  await page.waitForSelector(`${strip}[data-state=idle]`);
  // The trust policy of Deployer stops trusting alice's account.
  await breakTrust(page);
  const trust = await page.evaluate(() => window.__rolecall.getText("trust-editor"));
  await page.waitForSelector(`${flip(ALICE)}[data-before=allowed][data-after=implicitDeny]`);
  const text = await page.textContent(strip);
  if (!text.includes("1 request changed")) throw new Error(`strip: ${text}`);
  if (!text.includes("expectation now fails")) throw new Error(`the failed expectation is not named: ${text}`);
  if (!text.includes("Deployer: Trust policy")) throw new Error(`the edited document is not named: ${text}`);
  // Only what flipped is listed: bob and the delete request were denied before and still are.
  const listed = await page.$$eval(`${strip} li.flip`, (els) => els.map((e) => e.dataset.request));
  if (listed.length !== 1) throw new Error(`listed: ${listed}`);
  // Putting the account back: nothing differs from the version before the edit.
  await page.evaluate((t) => window.__rolecall.setText("trust-editor", t.replaceAll("333333333333", "111111111111")), trust);
  await page.waitForSelector(`${strip}[data-state=same]`);
  if (!(await page.textContent(strip)).includes("No request or expectation changed")) throw new Error("no 'nothing changed' line");
}

export async function a_pinned_baseline_shows_new_access_across_edits_until_unpinned({ page, baseUrl }) {
  await page.goto(baseUrl);
  await waitForDecision(page, "allowed");
  await press(page, "[data-testid=pin-baseline]");
  await page.waitForSelector("[data-testid=unpin-baseline]");
  // The Deployer's own policy now allows every S3 action: the delete request gets new access.
  await page.waitForFunction(() => (window.__rolecall.getText("permission-editor") || "").includes("s3:PutObject"));
  await page.evaluate(() => {
    const t = window.__rolecall.getText("permission-editor");
    window.__rolecall.setText("permission-editor", t.replace('"s3:PutObject"', '"s3:*"'));
  });
  await page.waitForSelector(`${flip(DELETE)}[data-before=implicitDeny][data-after=allowed][data-new-access=true]`);
  await page.waitForSelector(`${strip}[data-new-access="1"]`);
  const text = await page.textContent(strip);
  if (!text.includes("new access") || !text.includes("since the pinned version")) throw new Error(`strip: ${text}`);
  // A flipped request is one keypress from its result.
  await press(page, `${flip(DELETE)} button.flip-name`);
  await page.waitForFunction(() => /s3:DeleteObject/.test(document.querySelector("[data-testid=chain]")?.textContent ?? ""));
  await page.waitForSelector("[data-testid=decision][data-decision=allowed]");
  // A second document edited (the trust policy of the same hop): still compared with the pinned
  // version.
  await breakTrust(page);
  await page.waitForSelector(`${flip(ALICE)}[data-before=allowed][data-after=implicitDeny]`);
  const listed = await page.$$eval(`${strip} li.flip`, (els) => els.map((e) => e.dataset.request).sort());
  // With the trust broken the delete request is denied at the hop again: only alice flips.
  if (listed.join("|") !== [ALICE].join("|")) throw new Error(`listed: ${listed}`);
  // Unpinned: back to comparing with the version before the next edit.
  await press(page, "[data-testid=unpin-baseline]");
  await page.waitForSelector(`${strip}[data-state=idle]`);
  await page.waitForSelector("[data-testid=pin-baseline]");
}
