// Import of what AWS gives, and export to AWS, in the page (issue 11): account exports and CLI
// outputs by file, by several files at once, by paste and by drop; the review says what the CLI
// says; the import opens as a new scenario and the user's work stays restorable; a 1,000-identity
// account stays usable (search, filter, select); the "To AWS…" menu downloads the AWS CLI script
// and the CloudFormation templates that `rolecall export` writes.

import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { rolecallIn } from "./lib/cli.mjs";
import { showEditor, waitForDecision } from "./lib/playground.mjs";

const DATA = "crates/import/tests/data";

async function markWork(page, title) {
  await page.fill("input.title", title);
  await page.waitForFunction((t) => (localStorage.getItem("rolecall.autosave.v1") || "").includes(t), title);
}

async function title(page) {
  return page.inputValue("input.title");
}

/** The summary `rolecall import` prints for `files` (stderr, without the "wrote" line). */
function cliSummary(files) {
  const run = rolecallIn(process.cwd(), ["import", ...files]);
  if (run.status !== 0) throw new Error(`rolecall import failed: ${run.stderr}`);
  return run.stderr;
}

/** Waits for the review and returns its heading and text. */
async function review(page, timeout = 20_000) {
  await page.waitForSelector("[data-testid=import-review]", { timeout });
  return {
    heading: await page.textContent("#import-review-title"),
    report: await page.textContent("[data-testid=import-diagnostics]"),
  };
}

/** A realistic `get-account-authorization-details` export of `n` identities (a third each users,
 * groups' members and roles), written here so that the test needs no generator binary. */
function bigExport(n) {
  const doc = (action, resource) => ({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: action, Resource: resource }] });
  const account = "111111111111";
  const groups = ["dev", "ops", "data"].map((g) => ({
    Path: "/", GroupName: g, GroupId: `AGPA${g.toUpperCase()}0000000000`, Arn: `arn:aws:iam::${account}:group/${g}`,
    CreateDate: "2024-01-01T00:00:00Z",
    GroupPolicyList: [{ PolicyName: `${g}-read`, PolicyDocument: encodeURIComponent(JSON.stringify(doc("s3:GetObject", `arn:aws:s3:::${g}-bucket/*`))) }],
    AttachedManagedPolicies: [{ PolicyName: "ReadOnlyAccess", PolicyArn: "arn:aws:iam::aws:policy/ReadOnlyAccess" }],
  }));
  const users = [];
  const roles = [];
  for (let i = 0; i < n / 2; i++) {
    users.push({
      Path: "/", UserName: `user${i}`, UserId: `AIDA${String(i).padStart(16, "0")}`, Arn: `arn:aws:iam::${account}:user/user${i}`,
      CreateDate: "2024-01-02T00:00:00Z", GroupList: [groups[i % 3].GroupName],
      UserPolicyList: [{ PolicyName: "own-prefix", PolicyDocument: doc("s3:PutObject", `arn:aws:s3:::shared/user${i}/*`) }],
      AttachedManagedPolicies: [], Tags: [{ Key: "team", Value: ["payments", "search", "platform"][i % 3] }],
    });
    roles.push({
      Path: "/service/", RoleName: `app${i}`, RoleId: `AROA${String(i).padStart(16, "0")}`, Arn: `arn:aws:iam::${account}:role/service/app${i}`,
      CreateDate: "2024-01-03T00:00:00Z",
      AssumeRolePolicyDocument: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" }] }),
      InstanceProfileList: [], RolePolicyList: [{ PolicyName: "table", PolicyDocument: doc("dynamodb:GetItem", `arn:aws:dynamodb:eu-west-1:${account}:table/t${i}`) }],
      AttachedManagedPolicies: i % 10 === 0 ? [{ PolicyName: "AmazonS3ReadOnlyAccess", PolicyArn: "arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess" }] : [],
      Tags: [], RoleLastUsed: {},
    });
  }
  return JSON.stringify({ UserDetailList: users, GroupDetailList: groups, RoleDetailList: roles, Policies: [] }, null, 2);
}

export async function an_account_export_is_reviewed_as_the_cli_says_then_opens_as_a_new_scenario({ page, baseUrl, screenshot }) {
  await page.goto(baseUrl);
  await waitForDecision(page, "allowed");
  await markWork(page, "my work");
  const file = `${DATA}/account-authorization-details.json`;
  await page.setInputFiles("input[type=file]", file);
  const { heading, report } = await review(page);
  if (!heading.includes("account export (aws iam get-account-authorization-details)")) throw new Error(`heading: ${heading}`);
  // The page's summary is the CLI's, line for line.
  const cli = cliSummary([file]);
  for (const line of report.split("\n\n")[0].split("\n")) {
    if (!cli.includes(line.replace("account-authorization-details.json", file))) throw new Error(`the page says \`${line}\`, the CLI does not:\n${cli}`);
  }
  if (!report.includes("created: ") || !report.includes("not in this input")) throw new Error(`report: ${report}`);
  if ((await title(page)) !== "my work") throw new Error("the review replaced the scenario");
  await screenshot("account-export-review");
  await page.click("[data-testid=import-confirm]");
  await page.waitForFunction(() => document.querySelector("input.title")?.value.startsWith("Imported from account-authorization-details.json"));
  const identities = await page.textContent(".side-section[aria-label=Identities]");
  if (!identities.includes("alice") || !identities.includes("Deployer")) throw new Error(`identities: ${identities}`);
  // The work it replaced is one click away.
  await page.click("[data-testid=restore-button]");
  await page.waitForFunction(() => document.querySelector("input.title")?.value === "my work");
}

export async function several_files_chosen_together_make_one_scenario({ page, baseUrl }) {
  await page.goto(baseUrl);
  await waitForDecision(page, "allowed");
  await page.setInputFiles("input[type=file]", [`${DATA}/account-authorization-details.json`, `${DATA}/s3-get-bucket-policy.json`, `${DATA}/org-describe-policy-scp.json`]);
  const { heading, report } = await review(page);
  for (const format of ["account export", "resource policy", "organization policy"]) {
    if (!heading.includes(format)) throw new Error(`${format} missing from: ${heading}`);
  }
  if (!report.includes("DenyOutsideEU") || !report.includes("tree")) throw new Error(`the unattached SCP is not reported: ${report}`);
  await page.click("[data-testid=import-confirm]");
  await page.waitForFunction(() => document.querySelector("input.title")?.value.includes("s3-get-bucket-policy.json"));
}

export async function pasted_cli_output_and_dropped_files_are_imported({ page, baseUrl }) {
  await page.goto(baseUrl);
  await waitForDecision(page, "allowed");
  // Paste, by keyboard: the dialog takes the focus, Escape closes it.
  await page.click("[data-testid=paste-button]");
  await page.waitForSelector("[data-testid=paste-text]:focus");
  await page.keyboard.press("Escape");
  await page.waitForSelector("[data-testid=paste-dialog]", { state: "detached" });
  await page.click("[data-testid=paste-button]");
  await page.fill("[data-testid=paste-text]", readFileSync(`${DATA}/get-role-policy.json`, "utf8"));
  await page.click("[data-testid=paste-import]");
  const pasted = await review(page);
  if (!pasted.heading.startsWith("pasted text: inline policy")) throw new Error(`heading: ${pasted.heading}`);
  await page.keyboard.press("Escape");
  await page.waitForSelector("[data-testid=import-review]", { state: "detached" });
  // A file dropped on the page.
  const text = readFileSync(`${DATA}/cloudformation.yaml`, "utf8");
  await page.evaluate((content) => {
    const transfer = new DataTransfer();
    transfer.items.add(new File([content], "template.yaml", { type: "application/x-yaml" }));
    const target = document.querySelector(".sidebar") ?? document.body;
    target.dispatchEvent(new DragEvent("dragover", { dataTransfer: transfer, bubbles: true, cancelable: true }));
    target.dispatchEvent(new DragEvent("drop", { dataTransfer: transfer, bubbles: true, cancelable: true }));
  }, text);
  const dropped = await review(page);
  if (!dropped.heading.startsWith("template.yaml: CloudFormation template")) throw new Error(`heading: ${dropped.heading}`);
  if (!dropped.report.includes("placeholders (")) throw new Error(`the placeholders are not listed: ${dropped.report}`);
}

export async function bad_input_gets_a_clear_message_and_the_work_is_kept({ page, baseUrl }) {
  await page.goto(baseUrl);
  await waitForDecision(page, "allowed");
  await markWork(page, "kept");
  const dir = mkdtempSync(join(tmpdir(), "rolecall-import-e2e-"));
  const full = readFileSync(`${DATA}/account-authorization-details.json`, "utf8");
  writeFileSync(join(dir, "truncated.json"), full.slice(0, Math.floor(full.length / 2)));
  await page.setInputFiles("input[type=file]", join(dir, "truncated.json"));
  const { report } = await review(page);
  if (!report.includes("truncated.json: not valid JSON at line")) throw new Error(`report: ${report}`);
  if ((await page.locator("[data-testid=import-confirm]").count()) !== 0) throw new Error("a truncated export can be confirmed");
  await page.keyboard.press("Escape");
  // A 30 MB file is refused before it is read.
  writeFileSync(join(dir, "huge.json"), " ".repeat(30 * 1024 * 1024));
  await page.setInputFiles("input[type=file]", join(dir, "huge.json"));
  await page.waitForFunction(() => document.querySelector(".banner.error")?.textContent.includes("is it the right file?"));
  if ((await title(page)) !== "kept") throw new Error("bad input replaced the scenario");
}

export async function a_thousand_identity_account_is_searchable_and_filterable({ page, baseUrl, screenshot }) {
  await page.goto(baseUrl);
  await waitForDecision(page, "allowed");
  const dir = mkdtempSync(join(tmpdir(), "rolecall-import-e2e-"));
  writeFileSync(join(dir, "big-account.json"), bigExport(1000));
  const started = Date.now();
  await page.setInputFiles("input[type=file]", join(dir, "big-account.json"));
  await review(page);
  await page.click("[data-testid=import-confirm]");
  await page.waitForSelector("[data-testid=identity-search]");
  const openedMs = Date.now() - started;
  const count = await page.textContent("[data-testid=identity-count]");
  if (!count.includes("of 1003 matching listed")) throw new Error(`count: ${count}`);
  const listed = await page.locator(".side-section[aria-label=Identities] li").count();
  if (listed > 101) throw new Error(`${listed} identities rendered at once`);
  // Search by name, then by attached policy and kind.
  await page.fill("[data-testid=identity-search]", "user342");
  await page.waitForFunction(() => document.querySelectorAll(".side-section[aria-label=Identities] li").length <= 2);
  await page.locator(".side-section[aria-label=Identities] .item", { hasText: "user342" }).click();
  await page.waitForSelector(".side-section[aria-label=Identities] li.selected .item:has-text('user342')");
  await page.fill("[data-testid=identity-search]", "s3readonly");
  await page.selectOption("[data-testid=identity-kind]", "roles");
  await page.waitForFunction(() => document.querySelector("[data-testid=identity-count]")?.textContent.startsWith("50 of 1003 match"));
  await screenshot("thousand-identities");
  // The imported scenario is the page's scenario now (autosaved).
  const state = await page.evaluate(() => localStorage.getItem("rolecall.autosave.v1"));
  if (!state || !state.includes("user342")) throw new Error("the imported scenario was not saved");
  console.log(`1,000-identity export (${Math.round(Buffer.byteLength(readFileSync(join(dir, "big-account.json"))) / 1024)} KB): review and open in ${openedMs} ms`);
}

/** Finds the identity `name` with the search field, selects it and shows its permission editor. */
async function selectIdentity(page, name) {
  await page.fill("[data-testid=identity-search]", name);
  await page.waitForFunction(() => document.querySelectorAll(".side-section[aria-label=Identities] li").length <= 2);
  await page.locator(".side-section[aria-label=Identities] .item", { hasText: name }).click();
  await showEditor(page, "permission-editor");
}

export async function a_large_import_keeps_its_texts_in_the_worker_and_loses_nothing({ page, baseUrl }) {
  await page.goto(baseUrl);
  await waitForDecision(page, "allowed");
  await markWork(page, "mine");
  const dir = mkdtempSync(join(tmpdir(), "rolecall-import-e2e-"));
  writeFileSync(join(dir, "large.json"), bigExport(600));
  await page.setInputFiles("input[type=file]", join(dir, "large.json"));
  await review(page);
  await page.click("[data-testid=import-confirm]");
  await page.waitForFunction(() => document.querySelector("input.title")?.value.startsWith("Imported from large.json"));
  // The page holds the scenario without its policy texts: an editor asks the worker for its own.
  await selectIdentity(page, "user42");
  await page.waitForFunction(() => (window.__rolecall?.getText("permission-editor") || "").includes("shared/user42/*"));
  // An edit is decided and autosaved (by the worker) with every text the page never held.
  const text = await page.evaluate(() => window.__rolecall.getText("permission-editor"));
  await page.evaluate((t) => window.__rolecall.setText("permission-editor", t), text.replace("s3:PutObject", "s3:DeleteObject"));
  await page.waitForFunction(() => {
    const saved = localStorage.getItem("rolecall.autosave.v1") || "";
    return saved.includes("s3:DeleteObject") && saved.includes("shared/user7/*") && saved.includes("table/t299");
  });
  // Export writes the whole scenario.
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "Export", exact: true }).click()]);
  const exported = readFileSync(await download.path(), "utf8");
  const scenario = JSON.parse(exported);
  if (scenario.identities.length !== 603) throw new Error(`exported ${scenario.identities.length} identities`);
  for (const part of ["shared/user7/*", "table/t299", "s3:DeleteObject", "lambda.amazonaws.com"]) {
    if (!exported.includes(part)) throw new Error(`the export lacks ${part}`);
  }
  // A reload restores the imported scenario, edit included.
  await page.reload();
  await page.waitForFunction(() => document.querySelector("input.title")?.value.startsWith("Imported from large.json"));
  await selectIdentity(page, "user42");
  await page.waitForFunction(() => (window.__rolecall?.getText("permission-editor") || "").includes("s3:DeleteObject"));
  // The work the import replaced is still one click away.
  await page.getByRole("button", { name: "Restore previous work" }).first().click();
  await page.waitForFunction(() => document.querySelector("input.title")?.value === "mine");
}

// The figures for BENCHMARKS.md: a ~5 MB export, from choosing the file to the review on screen
// (read, detect, import, check, render), and to the imported scenario open (loaded, rendered with
// its identity list searchable, and its first evaluation on the page), written to
// tests/e2e/artifacts/import-figures-<width>.json (one file per width, so the phone pass does not
// overwrite the desktop figures). Measured, not asserted (timings are benchmarks, never test
// conditions); the page's answers to a probe while the worker imports are a figure too.
/** A benchmark (run.mjs): `cargo xtask e2e import_figures` runs it, alone. */
export const benchmarks = { import_figures: "it records the figures of BENCHMARKS.md" };

export const timeoutsMs = { import_figures: 400_000 };

export async function import_figures({ page, baseUrl, phone }) {
  await page.goto(baseUrl);
  await waitForDecision(page, "allowed");
  const dir = mkdtempSync(join(tmpdir(), "rolecall-import-e2e-"));
  const text = bigExport(6000);
  writeFileSync(join(dir, "five-mb.json"), text);
  const started = Date.now();
  await page.setInputFiles("input[type=file]", join(dir, "five-mb.json"));
  // The page keeps answering while the worker imports (a figure, not a timed assertion).
  const echo = [];
  const probe = (async () => {
    while (!(await page.$("[data-testid=import-review]"))) {
      const start = Date.now();
      await page.evaluate(() => 1);
      echo.push(Date.now() - start);
      await page.waitForTimeout(50);
    }
  })();
  await review(page, 170_000);
  await probe;
  const reviewMs = Date.now() - started;
  const clicked = await page.evaluate(() => performance.now());
  const opening = Date.now();
  await page.click("[data-testid=import-confirm]");
  await page.waitForSelector("[data-testid=identity-search]", { timeout: 170_000 });
  const listedMs = Date.now() - started;
  // The first evaluation of the imported scenario is on the page (the decision mark, app.rs).
  await page.waitForFunction(
    (after) => performance.getEntriesByName("rolecall:decision").some((e) => e.startTime > after),
    clicked,
    { timeout: 170_000, polling: 50 },
  );
  const openMs = Date.now() - started;
  const count = await page.textContent("[data-testid=identity-count]");
  if (!count.includes("of 6003 matching listed")) throw new Error(`count: ${count}`);
  // Where the time went: the worker's import (and check), the page's read of the scenario text,
  // and the worker's first evaluation after Open, on the page's clock (ms since navigation).
  const phases = await page.evaluate((after) => {
    const at = (name) => performance.getEntriesByName(name).map((e) => ({ at: Math.round(e.startTime), ms: e.detail?.ms && Math.round(e.detail.ms) }));
    return {
      imported: at("rolecall:imported"),
      read: at("rolecall:import-read"),
      clicked: Math.round(after),
      worker: at("rolecall:worker").filter((w) => w.at > after),
      viewRead: at("rolecall:view-read").filter((v) => v.at > after),
      decision: at("rolecall:decision").filter((d) => d.at > after),
    };
  }, clicked);
  const { mkdirSync } = await import("node:fs");
  const { loadavg } = await import("node:os");
  mkdirSync("tests/e2e/artifacts", { recursive: true });
  const figures = {
    viewport: phone ? "phone" : "desktop",
    bytes: Buffer.byteLength(text),
    identities: 6003,
    reviewMs,
    listedMs,
    openMs,
    openAfterConfirmMs: Date.now() - opening,
    worstPageAnswerDuringImportMs: Math.max(0, ...echo),
    phases,
    loadAverage: loadavg().map((l) => Math.round(l * 10) / 10),
  };
  writeFileSync(`tests/e2e/artifacts/import-figures-${figures.viewport}.json`, JSON.stringify(figures, null, 2));
  console.log(`import figures: ${JSON.stringify(figures)}`);
}

export async function the_to_aws_menu_downloads_what_rolecall_export_writes({ page, baseUrl }) {
  await page.goto(baseUrl);
  await waitForDecision(page, "allowed");
  // By keyboard: the menu is a disclosure.
  await page.focus("[data-testid=export-menu] summary");
  await page.keyboard.press("Enter");
  await page.waitForSelector("[data-testid=export-aws-cli]", { state: "visible" });
  const [script] = await Promise.all([page.waitForEvent("download"), page.click("[data-testid=export-aws-cli]")]);
  const text = readFileSync(await script.path(), "utf8");
  if (!text.includes("aws iam create-role") && !text.includes("aws iam create-user")) throw new Error(`script: ${text.slice(0, 400)}`);
  await page.click("[data-testid=export-menu] summary");
  const [template] = await Promise.all([page.waitForEvent("download"), page.click("[data-testid=export-cloudformation]")]);
  const parsed = JSON.parse(readFileSync(await template.path(), "utf8"));
  if (!parsed.Resources) throw new Error("the template has no Resources");
  if (!template.suggestedFilename().endsWith(".template.json")) throw new Error(template.suggestedFilename());
}
