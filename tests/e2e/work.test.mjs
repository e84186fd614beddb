// Work is never lost (issue 16): every action that replaces the scenario keeps the previous one
// restorable with one click, renames follow references whatever the keystrokes (committed on
// blur or Enter, with Undo), a new identity, resource or request is selected with its first
// field focused, and an import shows the file's diagnostics as the CLI does before replacing
// anything.

import { rolecall, rolecallIn } from "./lib/cli.mjs";
import { waitForDecision } from "./lib/playground.mjs";

const DEPLOYER = "arn:aws:iam::222222222222:role/Deployer";

/** Sets the scenario title (committed per keystroke) and waits until it is autosaved. */
async function markWork(page, title) {
  await page.fill("input.title", title);
  await page.waitForFunction((t) => (localStorage.getItem("rolecall.autosave.v1") || "").includes(t), title);
}

/** Clicks "Restore previous work" in the banner and waits for the title `title`. */
async function restore(page, title) {
  await page.click("[data-testid=restore-button]");
  await page.waitForFunction((t) => document.querySelector("input.title")?.value === t, title);
}

async function title(page) {
  return page.inputValue("input.title");
}

export async function new_examples_import_and_links_keep_the_previous_work_one_click_away({ page, baseUrl }) {
  await page.goto(baseUrl);
  await waitForDecision(page, "allowed");
  await markWork(page, "my work");

  // New.
  await page.getByRole("button", { name: "New" }).click();
  await page.waitForFunction(() => document.querySelector("input.title")?.value === "New scenario");
  await restore(page, "my work");

  // An example.
  await page.getByRole("button", { name: "Examples" }).click();
  await page.click("[data-testid=examples] [data-example=saml-federation]");
  await page.waitForFunction(() => document.querySelector("input.title")?.value === "SAML federation");
  await restore(page, "my work");

  // An imported file.
  await page.setInputFiles("input[type=file]", "examples/mfa-required.json");
  await page.waitForFunction(() => document.querySelector("input.title")?.value.toLowerCase().includes("mfa"));
  await restore(page, "my work");

  // Restoring swaps: the scenario it replaced is one click away too.
  const imported = JSON.parse((await import("node:fs")).readFileSync("examples/mfa-required.json", "utf8")).title;
  await restore(page, imported);
  await restore(page, "my work");

  // A link, opened over autosaved work, in the same browser profile; the previous work survives a
  // reload too (it is stored).
  await markWork(page, "my work again");
  const link = rolecall(["share", "examples/kms-key-policy.json", "--base-url", baseUrl]).trim();
  await page.goto("about:blank");
  await page.goto(link);
  await waitForDecision(page, "allowed").catch(() => {});
  await page.waitForSelector("[data-testid=restore-button]");
  if ((await title(page)) === "my work again") throw new Error("the link did not open");
  // A reload at once (before the debounced autosave) reopens the link's scenario, and "Restore
  // previous work" still brings back the earlier work.
  await page.reload();
  await page.waitForSelector("input.title");
  if ((await title(page)) === "my work again") throw new Error("the reload did not reopen the link's scenario");
  const linked = await title(page);
  await page.getByRole("button", { name: "Restore previous work" }).first().click();
  await page.waitForFunction(() => document.querySelector("input.title")?.value === "my work again");
  // And after another reload at once, the restored work is shown and the link's scenario is
  // the one kept.
  await page.reload();
  await page.waitForSelector("input.title");
  if ((await title(page)) !== "my work again") throw new Error(`the reload after Restore shows ${await title(page)}`);
  await page.getByRole("button", { name: "Restore previous work" }).first().click();
  await page.waitForFunction((t) => document.querySelector("input.title")?.value === t, linked);
}

/** The sidebar's ARN field of the selected identity. */
const identityField = ".side-section[aria-label=Identities] li.selected input.rename";

async function hopRole(page) {
  return page.inputValue("input[aria-label='hop 1 role ARN']");
}

export async function retyping_a_role_arn_follows_its_references_whatever_the_keystrokes({ page, baseUrl }) {
  await page.goto(baseUrl);
  await waitForDecision(page, "allowed");
  // The request assumes the Deployer role, which the editors show: its ARN field is open.
  if ((await page.inputValue(identityField)) !== DEPLOYER) throw new Error("the Deployer role is not selected");

  // Select all, Backspace, type, Tab away: the hop follows (before, it was emptied on Backspace).
  await page.click(identityField);
  await page.keyboard.press("Control+A");
  await page.keyboard.press("Backspace");
  await page.keyboard.type("arn:aws:iam::222222222222:role/Release");
  if ((await hopRole(page)) !== DEPLOYER) throw new Error("the rename was applied before it was committed");
  await page.keyboard.press("Tab");
  await page.waitForFunction(() =>
    document.querySelector("input[aria-label='hop 1 role ARN']")?.value === "arn:aws:iam::222222222222:role/Release");

  // Undo brings back the name and every reference.
  await page.click("[data-testid=undo-button]");
  await page.waitForFunction((arn) => document.querySelector("input[aria-label='hop 1 role ARN']")?.value === arn, DEPLOYER);
  if ((await page.inputValue(identityField)) !== DEPLOYER) throw new Error("Undo did not restore the ARN field");

  // Typing over the selection and pressing Enter gives the same result.
  await page.click(identityField);
  await page.keyboard.press("Control+A");
  await page.keyboard.type("arn:aws:iam::222222222222:role/Ship");
  await page.keyboard.press("Enter");
  await page.waitForFunction(() =>
    document.querySelector("input[aria-label='hop 1 role ARN']")?.value === "arn:aws:iam::222222222222:role/Ship");

  // Escape puts the committed ARN back without renaming.
  await page.click(identityField);
  await page.keyboard.press("Control+A");
  await page.keyboard.type("arn:aws:iam::222222222222:role/Oops");
  await page.keyboard.press("Escape");
  if ((await page.inputValue(identityField)) !== "arn:aws:iam::222222222222:role/Ship") throw new Error("Escape kept the draft");
}

/** The id of the element that has the keyboard focus. */
async function focused(page) {
  return page.evaluate(() => document.activeElement?.id ?? "");
}

export async function a_new_identity_resource_or_request_is_selected_with_its_first_field_focused({ page, baseUrl }) {
  await page.goto(baseUrl);
  await waitForDecision(page, "allowed");
  const before = await page.evaluate(() => JSON.parse(localStorage.getItem("rolecall.autosave.v1") || "null"));

  // + role: what is typed next names the new role, not the identity selected before.
  await page.getByRole("button", { name: "+ role" }).click();
  await page.waitForFunction(() => document.activeElement?.id === "rc-field-id3");
  await page.keyboard.type("arn:aws:iam::222222222222:role/Auditor");
  await page.keyboard.press("Enter");
  await page.waitForFunction(() => (localStorage.getItem("rolecall.autosave.v1") || "").includes("role/Auditor"));
  const saved = await page.evaluate(() => JSON.parse(localStorage.getItem("rolecall.autosave.v1")));
  const arns = saved.identities.map((i) => i.arn);
  const expected = [...(before?.identities ?? []).map((i) => i.arn)];
  if (JSON.stringify(arns.slice(0, 3)) !== JSON.stringify(["arn:aws:iam::111111111111:user/alice", "arn:aws:iam::111111111111:user/bob", DEPLOYER])) {
    throw new Error(`an existing identity changed: ${arns.join(", ")} (before: ${expected.join(", ")})`);
  }
  if (arns[3] !== "arn:aws:iam::222222222222:role/Auditor") throw new Error(`the new role is ${arns[3]}`);

  // + user, + resource and + request select the new entry and focus its field too.
  await page.getByRole("button", { name: "+ user" }).click();
  await page.waitForFunction(() => document.activeElement?.id === "rc-field-id4");
  await page.getByRole("button", { name: "+ resource" }).click();
  await page.waitForFunction(() => document.activeElement?.id?.startsWith("rc-field-res"));
  await page.getByRole("button", { name: "+ request" }).click();
  await page.waitForFunction(() => document.activeElement?.id === "rc-field-req3");
  const selected = await page.textContent(".side-section[aria-label=Requests] li.selected .item");
  if (!selected.includes("request 4")) throw new Error(`the new request is not selected: ${selected} (focus ${await focused(page)})`);
}

/** Imports a file named `name` holding `text`; returns the CLI's `rolecall eval` stderr for it. */
async function importText(page, name, text) {
  const { mkdtempSync, writeFileSync } = await import("node:fs");
  const { join } = await import("node:path");
  const { tmpdir } = await import("node:os");
  const dir = mkdtempSync(join(tmpdir(), "rolecall-import-"));
  writeFileSync(join(dir, name), text);
  await page.setInputFiles("input[type=file]", join(dir, name));
  return rolecallIn(dir, ["eval", name]).stderr;
}

export async function an_import_shows_the_cli_diagnostics_before_replacing_anything({ page, baseUrl }) {
  await page.goto(baseUrl);
  await waitForDecision(page, "allowed");
  await markWork(page, "kept while reviewing");
  const cases = [
    ["trailing-comma.json", '{"rolecall": 1, "identities": [], "resources": [], "requests": [],}\n', "error[trailing-comma]"],
    ["arn-42.json", '{"rolecall": 1,\n "identities": [{"arn": 42}],\n "resources": [], "requests": []}\n', "error[wrong-type]"],
    ["not-json.json", "{ not json", "error["],
  ];
  for (const [name, text, code] of cases) {
    const cli = await importText(page, name, text);
    await page.waitForSelector("[data-testid=import-review]");
    const shown = await page.textContent("[data-testid=import-diagnostics]");
    if (!shown.includes(code)) throw new Error(`${name}: the review does not show ${code}: ${shown}`);
    // Exactly the CLI's rendering: every diagnostic block the CLI prints is on the page.
    const cliBlocks = cli.split("\nrolecall: ")[0].trimEnd();
    if (shown.trimEnd() !== cliBlocks) throw new Error(`${name}: the page shows\n${shown}\nthe CLI prints\n${cli}`);
    if ((await title(page)) !== "kept while reviewing") throw new Error(`${name} replaced the scenario before a decision`);
    // The focus is in the review; Escape cancels it.
    await page.keyboard.press("Escape");
    await page.waitForSelector("[data-testid=import-review]", { state: "detached" });
    if ((await title(page)) !== "kept while reviewing") throw new Error(`cancelling ${name} changed the scenario`);
  }
  // A loadable file with problems can still be imported on request; the work stays restorable.
  await importText(page, "trailing-comma.json", '{"rolecall": 1, "title": "with a comma", "identities": [], "resources": [], "requests": [],}');
  await page.click("[data-testid=import-confirm]");
  await page.waitForFunction(() => document.querySelector("input.title")?.value === "with a comma");
  await restore(page, "kept while reviewing");
}
