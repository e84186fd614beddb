// The page's text fields share one handler (`state::dispatch_typed`, issue 15): what is typed
// in an input or in a text area is what the scenario holds, as its autosave shows.

import { openExample, press, selectRequest, waitForDecision } from "./lib/playground.mjs";

async function saved(page) {
  return page.evaluate(() => JSON.parse(localStorage.getItem("rolecall.autosave.v1") || "null"));
}

export async function what_is_typed_in_an_input_or_a_text_area_is_what_the_scenario_holds({ page, baseUrl }) {
  await page.goto(baseUrl);
  await waitForDecision(page, "allowed");
  await page.fill("input.title", "typed title");
  await page.getByRole("button", { name: "Edit notes" }).click();
  await page.fill("textarea.notes-editor", "typed **notes**");
  await page.fill("[data-testid=request-action]", "s3:DeleteBucket");
  await page.waitForFunction(() => {
    const s = JSON.parse(localStorage.getItem("rolecall.autosave.v1") || "null");
    return s?.title === "typed title" && s?.notes === "typed **notes**" && s?.requests?.some((r) => r.action === "s3:DeleteBucket");
  });
  // The notes are shown as Markdown once the editing is done.
  await page.getByRole("button", { name: "Done" }).click();
  await page.waitForSelector("[data-testid=notes] strong");
  const notes = (await page.textContent("[data-testid=notes]")).trim();
  if (notes !== "typed notes") throw new Error(`the notes show ${JSON.stringify(notes)}: ${JSON.stringify((await saved(page))?.notes)}`);
}

/** Waits until the autosaved scenario does (`has`) or does not contain `text`. */
async function savedWith(page, text, has = true) {
  await page.waitForFunction(([t, h]) => (localStorage.getItem("rolecall.autosave.v1") || "").includes(t) === h, [text, has]);
}

export async function the_context_key_rows_and_the_principals_fields_edit_the_request({ page, baseUrl }) {
  await page.goto(baseUrl);
  await waitForDecision(page, "allowed");
  // A context key: added, its value changed in its row, then removed.
  await page.click(".request-panel details.context > summary");
  await page.fill("input[aria-label='new Context keys key']", "aws:SourceIp");
  await page.fill("input[aria-label='new Context keys value']", "198.51.100.77");
  await page.click(".request-panel .kv-add button[type=submit]");
  await savedWith(page, "198.51.100.77");
  await page.fill("input[aria-label='value of aws:SourceIp']", "198.51.100.78");
  await savedWith(page, "198.51.100.78");
  await page.click("button[aria-label='remove aws:SourceIp']");
  await savedWith(page, "198.51.100.78", false);
  // The principal: another type, then its field.
  await page.selectOption("select[aria-label='Principal type']", "service");
  await page.fill("[data-testid=request-principal]", "fields-test.amazonaws.com");
  await savedWith(page, "fields-test.amazonaws.com");
}

/** Replaces the text of the input `selector` by keyboard: focus, select all, type. */
async function retype(page, selector, text) {
  await page.focus(selector);
  await page.keyboard.press("Control+A");
  await page.keyboard.type(text);
}

/**
 * Opens `example`, selects `request` and then `shows` (the control that shows the field) by
 * keyboard. The account field `field` shows `was` while the request gets `before`; `now` typed
 * in it gives `after`, and the autosaved scenario holds `now` at the path `at`; `was` typed back
 * gives `before` again.
 */
async function accountFlips(page, baseUrl, { example, request, shows, field, was, now, before, after, at }) {
  await page.goto(baseUrl);
  await waitForDecision(page, "allowed");
  await openExample(page, example);
  await selectRequest(page, request);
  await press(page, shows);
  await page.waitForSelector(field, { state: "visible" });
  await waitForDecision(page, before);
  const shown = await page.inputValue(field);
  if (shown !== was) throw new Error(`${field} shows ${JSON.stringify(shown)}, not ${was}`);
  await retype(page, field, now);
  await waitForDecision(page, after);
  try {
    await page.waitForFunction(
      ([path, value]) => path.reduce((v, k) => v?.[k], JSON.parse(localStorage.getItem("rolecall.autosave.v1") || "null")) === value,
      [at, now],
      { timeout: 10_000 },
    );
  } catch (err) {
    throw new Error(`the scenario does not hold ${now} at ${at.join(".")}: ${JSON.stringify(await saved(page))?.slice(0, 400)}`, { cause: err });
  }
  await retype(page, field, was);
  await waitForDecision(page, before);
}

export async function the_resource_account_field_makes_a_request_same_account_or_cross_account({ page, baseUrl }) {
  // Bob (account 111111111111) is named by the bucket policy, and the bucket is in account
  // 222222222222: across accounts his own account must allow too, and nothing does. Moved into
  // his account, the bucket policy alone grants the read. The bucket is chosen in the sidebar.
  await accountFlips(page, baseUrl, {
    example: "s3-bucket-policy-cross-account",
    request: "bob is named by the bucket",
    shows: ".side-section[aria-label=Resources] .item:has-text('shared-reports')",
    field: "input[aria-label='account that owns the resource']",
    was: "222222222222",
    now: "111111111111",
    before: "implicitDeny",
    after: "allowed",
    at: ["resources", 0, "account"],
  });
}

export async function the_management_account_field_decides_whether_the_scps_apply({ page, baseUrl }) {
  // Alice's account is below the OU whose SCP denies every region outside the EU; SCPs never
  // restrict the management account, so made the management account, hers is allowed what her
  // policies allow. The organization's settings are folded until opened.
  await accountFlips(page, baseUrl, {
    example: "scp-deny-region",
    request: "alice runs an instance in us-east-1",
    shows: "details.org-settings > summary",
    field: "input[aria-label='management account id']",
    was: "999999999999",
    now: "111111111111",
    before: "explicitDeny",
    after: "allowed",
    at: ["organization", "managementAccount"],
  });
}
