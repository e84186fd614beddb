// Links and expectations (issue 16): the address bar keeps a link to what is shown, selected
// request included; "Copy link" reports what the clipboard answered; an expectation may name the
// deciding step, in the page as in the file format and the CLI. Plus the smaller findings: a
// one-line introduction on a first visit, and Escape closing the examples gallery.

import { rolecallIn } from "./lib/cli.mjs";
import { breakTrust, waitForDecision } from "./lib/playground.mjs";

const requestItems = ".side-section[aria-label=Requests] .item";

export async function the_address_bar_keeps_a_link_to_the_scenario_and_the_selected_request({ page, newPage, baseUrl }) {
  await page.goto(baseUrl);
  await waitForDecision(page, "allowed");
  await page.fill("input.title", "linked work");
  await page.locator(requestItems).nth(1).click();
  await page.waitForFunction(() => location.hash.includes("s=v1.") && location.hash.endsWith("&r=2"));
  const url = page.url();
  // Whoever opens the address sees the same scenario on the same request.
  const fresh = await newPage();
  await fresh.goto(url);
  await fresh.waitForFunction(() => document.querySelector("input.title")?.value === "linked work");
  await fresh.waitForSelector(".side-section[aria-label=Requests] li:nth-child(2).selected");
  // The address follows edits, and a reload is the same work (not a link over it).
  await breakTrust(page);
  await page.waitForFunction((before) => location.href !== before, url);
  await page.reload();
  await page.waitForFunction(() => document.querySelector("input.title")?.value === "linked work");
  await page.waitForSelector(".side-section[aria-label=Requests] li:nth-child(2).selected");
  if ((await page.locator("[data-testid=restore-button]").count()) !== 0) throw new Error("a reload was treated as opening a link");
  const trust = await page.evaluate(() => window.__rolecall.getText("trust-editor"));
  if (!trust.includes("333333333333")) throw new Error("the reload lost the edit");
}

export async function copy_link_says_copied_only_when_the_clipboard_took_it({ page, context, baseUrl }) {
  await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: new URL(baseUrl).origin });
  await page.goto(baseUrl);
  await waitForDecision(page, "allowed");
  await page.click("[data-testid=share-button]");
  await page.waitForFunction(() => /copied|not copied/.test(document.querySelector(".banner")?.textContent ?? ""));
  const notice = await page.textContent("[data-testid=notice-banner]");
  if (!notice.includes("Link copied")) throw new Error(`unexpected banner: ${notice}`);
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  if (copied !== (await page.inputValue("[data-testid=share-link]")) || !copied.includes("#s=v1.")) {
    throw new Error(`the clipboard holds ${copied.slice(0, 80)}`);
  }
  // A refusal is reported as one, and the link is selected for copying by hand.
  await page.evaluate(() => {
    navigator.clipboard.writeText = () => Promise.reject(new DOMException("Write permission denied.", "NotAllowedError"));
  });
  await page.click("[data-testid=share-button]");
  await page.waitForSelector("[data-testid=error-banner]");
  const error = await page.textContent("[data-testid=error-banner]");
  if (!error.includes("not copied") || error.includes("Link copied")) throw new Error(`unexpected banner: ${error}`);
  const focused = await page.evaluate(() => document.activeElement?.dataset.testid);
  if (focused !== "share-link") throw new Error(`the link field is not focused (${focused})`);
}

export async function an_expectation_can_name_the_deciding_step({ page, baseUrl }) {
  await page.goto(baseUrl);
  await waitForDecision(page, "allowed");
  await breakTrust(page);
  await waitForDecision(page, "implicitDeny");
  await page.selectOption("[data-testid=expect]", "implicitDeny");
  await page.selectOption("[data-testid=expect-at]", "hop 1");
  await page.waitForFunction(() => document.querySelector("[data-testid=decision] .expect")?.textContent.includes("implicit deny at hop 1"));
  if (!(await page.textContent("[data-testid=decision] .expect")).includes("✓")) throw new Error("the expectation is not met");
  await page.selectOption("[data-testid=expect-at]", "action");
  await page.waitForFunction(() => document.querySelector("[data-testid=decision] .expect")?.textContent.includes("✗"));

  // The exported file says the same to `rolecall check`.
  await page.selectOption("[data-testid=expect-at]", "hop 1");
  await page.waitForFunction(() => (localStorage.getItem("rolecall.autosave.v1") || "").includes('"at": "hop 1"'));
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "Export" }).click()]);
  const { dirname, basename } = await import("node:path");
  const path = await download.path();
  const check = rolecallIn(dirname(path), ["check", basename(path)]);
  if (!check.stdout.includes("expected implicitDeny at hop 1 got implicitDeny at hop 1")) {
    throw new Error(`rolecall check says:\n${check.stdout}${check.stderr}`);
  }
}

export async function a_first_visit_shows_a_one_line_introduction({ page, baseUrl }) {
  await page.goto(baseUrl);
  await waitForDecision(page, "allowed");
  const intro = await page.textContent("[data-testid=notice-banner]");
  if (!intro.includes("in your browser")) throw new Error(`no introduction: ${intro}`);
  await page.fill("input.title", "returning");
  await page.waitForFunction(() => (localStorage.getItem("rolecall.autosave.v1") || "").includes("returning"));
  await page.goto(baseUrl);
  await page.waitForSelector("[data-testid=decision]:not([data-decision=none])");
  if ((await page.locator("[data-testid=notice-banner]").count()) !== 0) throw new Error("the introduction is shown again");
}

export async function escape_closes_the_examples_gallery({ page, baseUrl }) {
  await page.goto(baseUrl);
  await waitForDecision(page, "allowed");
  await page.getByRole("button", { name: "Examples" }).click();
  await page.waitForSelector("[data-testid=examples]");
  await page.waitForFunction(() => document.activeElement?.classList.contains("example"));
  await page.keyboard.press("Escape");
  await page.waitForSelector("[data-testid=examples]", { state: "detached" });
}

export async function banners_show_quoted_names_as_code({ page, baseUrl }) {
  await page.goto(baseUrl);
  await waitForDecision(page, "allowed");
  await page.getByRole("button", { name: "Examples" }).click();
  await page.click("[data-testid=examples] [data-example=saml-federation]");
  await page.waitForSelector("[data-testid=notice-banner] code");
  const text = await page.textContent("[data-testid=notice-banner]");
  if (text.includes("`")) throw new Error(`raw backticks in the banner: ${text}`);
}
