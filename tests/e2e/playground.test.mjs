// The playground as a user meets it (issue 5): examples, share links made by the CLI, hostile
// links, autosave across reloads, keyboard-only use, and a screenshot of the main view.

import { rolecall } from "./lib/cli.mjs";
import { breakTrust, decision, typeKeys, waitForDecision } from "./lib/playground.mjs";

/** The decision shown for every request of the scenario, selecting each one in the sidebar. */
async function decisionsOfEveryRequest(page) {
  const items = page.locator(".side-section[aria-label=Requests] .item");
  const count = await items.count();
  const out = [];
  for (let i = 0; i < count; i++) {
    await items.nth(i).click();
    await page.waitForSelector(`.side-section[aria-label=Requests] li:nth-child(${i + 1}).selected`);
    out.push(await decision(page));
  }
  return out;
}

export async function loading_an_example_shows_its_policies_and_expectations({ page, baseUrl, screenshot }) {
  await page.goto(baseUrl);
  await waitForDecision(page, "allowed");
  await page.getByRole("button", { name: "Examples" }).click();
  await page.waitForSelector("[data-testid=examples]");
  await page.click("[data-testid=examples] [data-example=s3-bucket-policy-cross-account]");
  await page.waitForFunction(() => document.querySelector("input.title")?.value === "S3 bucket policy across accounts");
  // Every request of the example states its expectation, and the core meets them all.
  await page.waitForFunction(() => {
    const e = document.querySelector("[data-testid=expectations]");
    return e && e.dataset.total !== "0" && e.dataset.met === e.dataset.total;
  });
  const header = await page.textContent("[data-testid=expectations]");
  if (!/^\d+ of \d+ expectations met$/.test(header.trim())) throw new Error(`unexpected header: ${header}`);
  const marks = await page.locator(".side-section[aria-label=Requests] .expect.met").count();
  if (marks < 1) throw new Error("no ✓ next to the requests");
  const notes = await page.textContent("[data-testid=notes]");
  if (!notes || notes.length < 20) throw new Error("the example's notes are not shown");
  await screenshot("example-loaded");
}

export async function a_link_made_by_rolecall_share_opens_with_the_same_decisions_as_rolecall_eval({ newPage, baseUrl }) {
  const file = "examples/cross-account.json";
  const link = rolecall(["share", file, "--base-url", baseUrl]).trim();
  const evaluated = JSON.parse(rolecall(["eval", file, "--format", "json"]));
  const expected = evaluated.requests.map((r) => r.decision);
  // A fresh browser profile: no autosave, nothing but the link.
  const page = await newPage();
  await page.goto(link);
  await page.waitForSelector("[data-testid=decision]:not([data-decision=none])");
  const title = await page.inputValue("input.title");
  const fileTitle = JSON.parse((await import("node:fs")).readFileSync(file, "utf8")).title;
  if (title !== fileTitle) throw new Error(`title ${title} instead of ${fileTitle}`);
  const shown = await decisionsOfEveryRequest(page);
  if (JSON.stringify(shown) !== JSON.stringify(expected)) {
    throw new Error(`page shows ${JSON.stringify(shown)}, rolecall eval says ${JSON.stringify(expected)}`);
  }
  if ((await page.locator("[data-testid=error-banner]").count()) !== 0) throw new Error("a valid link shows an error");
}

export async function the_copy_link_button_round_trips_an_edited_scenario({ page, newPage, baseUrl }) {
  await page.goto(baseUrl);
  await waitForDecision(page, "allowed");
  await breakTrust(page);
  await waitForDecision(page, "implicitDeny");
  await page.click("[data-testid=share-button]");
  await page.waitForFunction(() => document.querySelector("[data-testid=share-link]")?.value.includes("#s=v1."));
  const link = await page.inputValue("[data-testid=share-link]");
  const fresh = await newPage();
  await fresh.goto(link);
  await waitForDecision(fresh, "implicitDeny");
  const text = await fresh.evaluate(() => window.__rolecall.getText("trust-editor"));
  if (!text.includes("333333333333")) throw new Error(`the link lost the edit: ${text}`);
}

export async function a_hostile_link_shows_the_banner_and_keeps_the_autosaved_work({ page, baseUrl }) {
  await page.goto(baseUrl);
  await waitForDecision(page, "allowed");
  await page.fill("input.title", "my own work");
  // Wait for the debounced autosave.
  await page.waitForFunction(() => (localStorage.getItem("rolecall.autosave.v1") || "").includes("my own work"));
  const hostile = [
    "#s=v1.%3Cscript%3Ealert(1)%3C%2Fscript%3E",
    "#s=v1." + "A".repeat(70000),
    "#s=v9.AAAA",
    "#s=v1.S0ktSS0q0S9KLS7R", // valid base64, not deflate
    "#<img src=x onerror=alert(1)>",
  ];
  let dialogs = 0;
  page.on("dialog", async (d) => { dialogs++; await d.dismiss(); });
  for (const fragment of hostile) {
    await page.goto("about:blank");
    await page.goto(baseUrl + fragment);
    await page.waitForSelector("[data-testid=error-banner]");
    const banner = await page.textContent("[data-testid=error-banner]");
    if (!banner.includes("could not be opened")) throw new Error(`unclear banner for ${fragment.slice(0, 40)}: ${banner}`);
    const title = await page.inputValue("input.title");
    if (title !== "my own work") throw new Error(`the autosaved work was replaced by ${title} (link ${fragment.slice(0, 40)})`);
    await page.waitForSelector("[data-testid=decision]:not([data-decision=none])");
  }
  if (dialogs > 0) throw new Error("a hostile link ran script");
  if ((await page.locator("img[src=x]").count()) > 0) throw new Error("a hostile link inserted HTML");
}

export async function a_reload_keeps_edits({ page, baseUrl }) {
  await page.goto(baseUrl);
  await waitForDecision(page, "allowed");
  await typeKeys(page, "permission-editor",
    '{"Version": "2012-10-17", "Statement": [{"Sid": "KeptAfterReload", "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]}');
  await waitForDecision(page, "implicitDeny");
  // Reload at once: a small scenario is autosaved in the task after each change (app.rs
  // autosave_small_now), a large one by the pagehide flush before the debounce.
  await page.reload();
  await page.waitForSelector("[data-testid=permission-editor] .cm-content");
  await waitForDecision(page, "implicitDeny");
  const text = await page.evaluate(() => window.__rolecall.getText("permission-editor"));
  if (!text.includes("KeptAfterReload")) throw new Error(`the edit was lost: ${text}`);
}

/**
 * A reload can start while the old page still runs: its debounced save then stores a newer link
 * than the address the reload opens (seen in a_reload_keeps_edits about once in 10 runs). The
 * page's own older link reopens the autosaved work, not "a link someone opened" over it.
 */
export async function a_reload_of_the_pages_own_older_link_reopens_the_work({ page, baseUrl }) {
  await page.goto(baseUrl);
  await waitForDecision(page, "allowed");
  await page.waitForFunction(() => location.hash.length > 1);
  const older = await page.evaluate(() => location.hash);
  await typeKeys(page, "permission-editor",
    '{"Version": "2012-10-17", "Statement": [{"Sid": "KeptAfterReload", "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]}');
  // The debounced save put the newer link in the address; the reload opens the older one.
  await page.waitForFunction((h) => location.hash !== h, older);
  await page.evaluate((h) => history.replaceState(null, "", h), older);
  await page.reload();
  await waitForDecision(page, "implicitDeny");
  if ((await page.locator("[data-testid=restore-button]").count()) !== 0) {
    throw new Error("the page's own older link was opened as someone else's");
  }
  const text = await page.evaluate(() => window.__rolecall.getText("permission-editor"));
  if (!text.includes("KeptAfterReload")) throw new Error(`the edit was lost: ${text}`);
}

export async function keyboard_navigation_reaches_the_main_controls({ page, baseUrl }) {
  await page.goto(baseUrl);
  await waitForDecision(page, "allowed");
  await page.locator("body").click({ position: { x: 2, y: 2 } });
  // The editors show the final action's documents: the role's policy, with its tools.
  const wanted = new Set(["share-button", "insert-statement", "format-button", "permission-editor", "request-principal", "request-action", "request-resource"]);
  const reached = new Set();
  const unnamed = [];
  const trail = [];
  for (let i = 0; i < 200 && reached.size < wanted.size; i++) {
    await page.keyboard.press("Tab");
    const info = await page.evaluate(() => {
      const el = document.activeElement;
      if (!el) return null;
      const holder = el.closest("[data-testid]");
      const name = el.getAttribute("aria-label") || el.labels?.[0]?.textContent || el.textContent || el.getAttribute("title") || el.getAttribute("placeholder");
      return { testid: el.dataset.testid || (el.classList.contains("cm-content") ? holder?.dataset.testid : null), tag: el.tagName, name: (name || "").trim() };
    });
    if (!info) continue;
    if (info.testid && wanted.has(info.testid)) reached.add(info.testid);
    trail.push(info.testid || info.name.slice(0, 20));
    if (["BUTTON", "INPUT", "SELECT", "TEXTAREA"].includes(info.tag) && !info.name) unnamed.push(info.tag);
  }
  const missing = [...wanted].filter((w) => !reached.has(w));
  if (missing.length) throw new Error(`Tab never reached ${missing.join(", ")}; went through ${trail.join(" | ")}`);
  if (unnamed.length) throw new Error(`controls without an accessible name: ${unnamed.join(", ")}`);
  // Keyboard-only editing: type in the Action field and see the decision follow.
  await page.focus("[data-testid=request-action]");
  await page.keyboard.press("Control+A");
  await page.keyboard.type("s3:DeleteObject");
  await waitForDecision(page, "implicitDeny");
}

export async function main_view_screenshot({ page, baseUrl }) {
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto(baseUrl);
  await waitForDecision(page, "allowed");
  await page.waitForFunction(() => document.querySelector("[data-testid=catalog-status]")?.textContent.includes("AWS data as of"));
  await page.screenshot({ path: "tests/e2e/artifacts/main-view.png", fullPage: true });
  // The page also works at the narrowest supported width without horizontal overflow of panels.
  await page.setViewportSize({ width: 1024, height: 768 });
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  if (overflow > 0) throw new Error(`the page is ${overflow}px wider than a 1024px window`);
}

export async function new_export_and_import_work_with_files({ page, baseUrl }) {
  await page.goto(baseUrl);
  await waitForDecision(page, "allowed");
  // Export downloads the scenario as JSON the CLI reads.
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "Export" }).click()]);
  const path = await download.path();
  const exported = JSON.parse((await import("node:fs")).readFileSync(path, "utf8"));
  if (exported.rolecall !== 1 || exported.title !== "Cross-account deploy role") throw new Error(`bad export: ${JSON.stringify(exported).slice(0, 200)}`);
  // New gives an empty scenario.
  await page.getByRole("button", { name: "New" }).click();
  await page.waitForFunction(() => document.querySelector("input.title")?.value === "New scenario");
  // Import loads a scenario file.
  await page.setInputFiles("input[type=file]", "examples/saml-federation.json");
  await page.waitForFunction(() => document.querySelector("input.title")?.value === "SAML federation");
  await page.waitForSelector("[data-testid=decision]:not([data-decision=none])");
  // Importing something that is not a scenario shows its diagnostics and keeps the scenario.
  await page.setInputFiles("input[type=file]", { name: "bad.json", mimeType: "application/json", buffer: Buffer.from("{ not json") });
  await page.waitForSelector("[data-testid=import-review]");
  if ((await page.locator("[data-testid=import-confirm]").count()) !== 0) throw new Error("a file that is not a scenario can be imported");
  await page.click("[data-testid=import-cancel]");
  if ((await page.inputValue("input.title")) !== "SAML federation") throw new Error("a bad import replaced the scenario");
}

export async function the_page_has_a_content_security_policy({ page, baseUrl }) {
  await page.goto(baseUrl);
  await waitForDecision(page, "allowed");
  const csp = await page.getAttribute("meta[http-equiv=Content-Security-Policy]", "content");
  if (!csp || !csp.includes("default-src 'none'") || !csp.includes("connect-src 'self'")) throw new Error(`weak CSP: ${csp}`);
  if (csp.includes("__INLINE_SCRIPT_HASHES__")) throw new Error("the CSP placeholder was not filled in by web/js/csp.mjs");
}

export async function a_panic_is_shown_in_a_banner({ page, baseUrl, allowConsoleError }) {
  allowConsoleError(/Rolecall hit an internal error/);
  await page.goto(baseUrl);
  await waitForDecision(page, "allowed");
  await page.evaluate(() => {
    try {
      window.wasmBindings.rolecall_test_panic();
    } catch {
      // The wasm module aborts after the panic hook ran.
    }
  });
  await page.waitForSelector("[data-testid=error-banner]");
  const text = await page.textContent("[data-testid=error-banner]");
  if (!text.includes("internal error") || !text.includes("reload")) throw new Error(`unclear panic banner: ${text}`);
}

export async function moving_an_account_out_of_an_ou_changes_which_scps_apply({ page, baseUrl }) {
  await page.goto(baseUrl);
  await waitForDecision(page, "allowed");
  await page.getByRole("button", { name: "Examples" }).click();
  await page.click("[data-testid=examples] [data-example=scp-deny-region]");
  await page.waitForFunction(() => document.querySelector("input.title")?.value === "SCP denying regions");
  await page.locator(".side-section[aria-label=Requests] .item").nth(1).click();
  await waitForDecision(page, "explicitDeny");
  await page.click(".org-settings summary");
  // The account now sits directly under the root: the prod OU's region-deny SCP no longer applies.
  await page.fill("input[aria-label='value of 111111111111']", "r-a1b2");
  await waitForDecision(page, "allowed");
}

export async function permission_tabs_follow_the_aria_tabs_pattern({ page, baseUrl }) {
  await page.goto(baseUrl);
  await waitForDecision(page, "allowed");
  // The role's own editors (one click from the documents that decide the request), then a
  // second tab: the role's permissions boundary.
  await page.click("[data-testid=show-identity]");
  await page.waitForSelector("[data-testid=pane-mode][data-mode=identity]");
  await page.getByRole("button", { name: "+ boundary" }).click();
  const tabs = page.locator("[role=tablist][aria-label='Permission policies'] [role=tab]");
  // Only the permission policies' tabs: the phone layout's editor tabs (also a tablist) are in
  // the page too, hidden at desktop width.
  await page.waitForFunction(() => document.querySelectorAll("[role=tablist][aria-label='Permission policies'] [role=tab]").length === 2);
  // The panel is labelled by the selected tab, and only the selected tab is in the Tab order.
  const panel = await page.evaluate(() => {
    const selected = document.querySelector("[role=tablist][aria-label='Permission policies'] [role=tab][aria-selected=true]");
    const controls = selected?.getAttribute("aria-controls");
    const p = controls ? document.getElementById(controls) : null;
    return { labelledBy: p?.getAttribute("aria-labelledby"), selectedId: selected?.id, controls, panelId: p?.id, role: p?.getAttribute("role"), tabindex: selected?.getAttribute("tabindex") };
  });
  if (!panel.selectedId || panel.labelledBy !== panel.selectedId) throw new Error(`the tab panel is not labelled by the selected tab: ${JSON.stringify(panel)}`);
  if (panel.role !== "tabpanel" || panel.controls !== panel.panelId || panel.tabindex !== "0") throw new Error(`the selected tab does not control the panel: ${JSON.stringify(panel)}`);
  const before = await tabs.nth(1).getAttribute("aria-selected");
  if (before !== "true") throw new Error("adding a boundary selects its tab");
  // The arrow keys move the selection and the focus between tabs.
  await tabs.nth(1).focus();
  await page.keyboard.press("ArrowLeft");
  await page.waitForFunction(() => document.querySelectorAll("[role=tablist][aria-label='Permission policies'] [role=tab]")[0]?.getAttribute("aria-selected") === "true");
  await page.waitForFunction(() => document.activeElement === document.querySelectorAll("[role=tablist][aria-label='Permission policies'] [role=tab]")[0]);
  await page.keyboard.press("End");
  await page.waitForFunction(() => document.querySelectorAll("[role=tablist][aria-label='Permission policies'] [role=tab]")[1]?.getAttribute("aria-selected") === "true");
}

export async function selecting_a_resource_without_a_policy_changes_nothing({ page, baseUrl }) {
  await page.goto(baseUrl);
  await waitForDecision(page, "allowed");
  const resource = page.locator(".side-section[aria-label=Resources] .item", { hasText: "prod-artifacts" });
  await resource.click();
  await page.getByRole("button", { name: "Add a resource policy" }).waitFor();
  // Looking at the resource did not add a policy to the scenario.
  const badge = await page.locator(".side-section[aria-label=Resources]").textContent();
  if (!badge.includes("no policy")) throw new Error(`selecting the resource changed the scenario: ${badge}`);
  await page.getByRole("button", { name: "Add a resource policy" }).click();
  await page.waitForSelector("[data-testid=permission-editor] .cm-content");
  const after = await page.locator(".side-section[aria-label=Resources]").textContent();
  if (after.includes("no policy")) throw new Error("the resource policy was not added");
  await waitForDecision(page, "allowed");
}

/** Tests about the desktop layout itself (see run.mjs). */
export const desktopOnly = {
  main_view_screenshot: "it measures the desktop layout at 1280 and 1024 px",
};
