// The page's text fields share one handler (`state::dispatch_typed`, issue 15): what is typed
// in an input or in a text area is what the scenario holds, as its autosave shows.

import { waitForDecision } from "./lib/playground.mjs";

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
