// The frame a link or kept work paints while the page's wasm loads (issue 14, a lighter first
// paint): the prerendered first screen's frame (toolbar, panes), inert, with none of the default
// example's content, and an announced status, "Opening the link…" or "Opening your kept work…"
// (index.html's head script decides which: classes rc-opens and rc-link; style.css), painted from
// index.html and the CSS alone. The page's own screen replaces it as it replaces the prerender;
// a hostile link shows the page's own message; a page whose module fails to load or start says
// so instead of claiming progress forever (web/js/snapshot-show.js). The page's workspace is where
// the frame drew it: the frame reserves the places of what the page adds above it (a link over
// kept work: its notice and the toolbar's Restore; classes rc-over-kept and rc-previous).

import { linkFor } from "./lib/hostile.mjs";
import { expectNoViolations } from "./lib/axe.mjs";
import { deniedScenario as denied, holdBack, waitForDecision } from "./lib/playground.mjs";

const PAGE_WASM = "**/rolecall-web-*_bg.wasm";
const PAGE_GLUE = /\/rolecall-web-[0-9a-f]+\.js$/;

/** What the window shows once painted, read in the page: the frame, every visible text and form
 *  value inside the prerender, the status, and whether the page's own screen is there. */
function readShell() {
  const picture = document.getElementById("rc-prerender");
  const shown = (el) => el.checkVisibility({ visibilityProperty: true, opacityProperty: true });
  const visible = [];
  if (picture) {
    const walker = document.createTreeWalker(picture, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      if (n.textContent.trim() && shown(n.parentElement)) visible.push(n.textContent.trim());
    }
    for (const field of picture.querySelectorAll("input, textarea, select")) {
      if (field.value && shown(field) && field.type !== "hidden" && field.type !== "file") visible.push(field.value);
    }
  }
  const toolbar = picture?.querySelector(".toolbar");
  const status = document.querySelector("#rc-opening [role=status]");
  return {
    frame: toolbar ? toolbar.getBoundingClientRect().height > 0 && shown(toolbar) : false,
    panes: picture ? [...picture.querySelectorAll(".main > *")].filter((p) => p.getBoundingClientRect().height > 0).length : 0,
    inert: picture?.inert ?? false,
    visible,
    status: status && shown(status) ? status.innerText.trim() : null,
    statusBox: status ? status.getBoundingClientRect().toJSON() : null,
    busy: document.getElementById("rc-main")?.getAttribute("aria-busy") ?? null,
    page: document.querySelectorAll("[data-testid=decision]").length,
    main: picture?.querySelector(".main")?.getBoundingClientRect().toJSON() ?? null,
  };
}

/** Opens `url` with the page's wasm held back and checks, once painted, that the frame shows with
 *  the status `says` and nothing of the default example; returns the release of the wasm and
 *  where the frame's workspace (`.main`) is. */
async function opensWithTheFrame(page, url, says, phone) {
  const release = await holdBack(page, PAGE_WASM);
  await page.goto(url, { waitUntil: "domcontentloaded" });
  await page.waitForFunction(() => performance.getEntriesByName("first-contentful-paint").length > 0);
  const shell = await page.evaluate(readShell);
  const show = JSON.stringify(shell);
  if (!shell.frame || shell.panes === 0 || !shell.inert) throw new Error(`no inert frame painted: ${show}`);
  // Only the frame's chrome: the skip link, the brand, the toolbar's buttons.
  const chrome = /^(Skip to the decision|Rolecall|New|Examples|Import…|Paste…|Export|To AWS…|AWS CLI script \(\.sh\)|CloudFormation \(a template per account\)|Copy link)$/;
  const content = shell.visible.filter((t) => !chrome.test(t));
  if (content.length > 0) throw new Error(`the frame shows the default example's content: ${JSON.stringify(content.slice(0, 8))}`);
  if (shell.status !== says || shell.busy !== "true") throw new Error(`the status: ${show}`);
  // Readable where it is: inside the window, on one or two lines at phone width.
  const box = shell.statusBox;
  const width = page.viewportSize().width;
  if (box.left < 0 || box.right > width || box.height <= 0 || box.height > 60) throw new Error(`the status is laid out at ${JSON.stringify(box)} (phone: ${phone})`);
  // Announced: it is in the accessibility tree (the inert frame is not).
  const announced = await page.getByRole("status").filter({ hasText: says }).count();
  if (announced !== 1) throw new Error(`${announced} statuses saying ${says} in the accessibility tree`);
  if (shell.page !== 0) throw new Error("the page drew before its wasm arrived");
  // The frame as assistive technology meets it: a main landmark, a heading, the status.
  await expectNoViolations(page, `in the frame of ${url.slice(0, 60)}`);
  // The keyboard reaches nothing in the frame.
  for (let i = 0; i < 4; i++) await page.keyboard.press("Tab");
  if (await page.evaluate(() => document.activeElement?.closest("#rc-prerender, #rc-opening") != null)) {
    throw new Error("the keyboard reached the frame");
  }
  return { release, main: shell.main };
}

/** Checks that the page's workspace is where the frame's was, as the page arrives and once its
 *  toolbar, notice and AWS data are drawn: nothing the page draws moves it down (or up). */
async function expectThePageWhereTheFrameWas(page, frame, what) {
  await page.waitForFunction(() => /^AWS data as of /.test(document.querySelector("[data-testid=catalog-status]")?.textContent ?? ""));
  const arrived = await page.evaluate(() => window.__mainAsThePageArrives);
  const now = await page.evaluate(() => document.querySelector(".app .main").getBoundingClientRect().toJSON());
  for (const [when, box] of [["as the page arrived", arrived], ["once drawn", now]]) {
    if (!box || Math.abs(box.top - frame.top) > 1 || Math.abs(box.left - frame.left) > 1) {
      throw new Error(`${what}: the workspace moved from the frame's ${JSON.stringify(frame)} to ${JSON.stringify(box)} ${when}`);
    }
  }
}

/** Waits until the page's own screen has replaced the frame and its status entirely. */
async function frameReplaced(page) {
  await page.waitForFunction(() => document.querySelector("#rc-prerender, #rc-opening") === null);
  const apps = await page.evaluate(() => document.querySelectorAll(".app").length);
  if (apps !== 1) throw new Error(`${apps} apps after the page drew`);
}

/** Records, in the page, whether the page's toolbar was drawn when its screen entered the
 *  document (`window.__toolbarWithPage`): the frame showed one, so the page must not come
 *  without it (components/later.rs `with_page`). */
function recordToolbarAsThePageArrives() {
  if (location.protocol === "about:") return;
  new MutationObserver((_, observer) => {
    const app = document.querySelector(".app");
    if (app === null || app.closest("#rc-prerender") !== null) return;
    window.__toolbarWithPage = app.querySelector(":scope > .toolbar .brand") !== null;
    window.__mainAsThePageArrives = app.querySelector(":scope > .main")?.getBoundingClientRect().toJSON() ?? null;
    observer.disconnect();
  }).observe(document, { childList: true, subtree: true });
}

async function expectToolbarWithThePage(page, what) {
  const drawn = await page.evaluate(() => window.__toolbarWithPage);
  if (drawn !== true) throw new Error(`${what}: the page entered the document without its toolbar (${drawn})`);
}

export async function a_link_or_kept_work_paints_the_frame_and_says_what_opens_before_the_wasm_runs({ page, baseUrl, phone }) {
  await page.addInitScript(recordToolbarAsThePageArrives);
  // A link someone sent: the frame says so, then the link's own scenario and decision replace it.
  let { release, main } = await opensWithTheFrame(page, `${baseUrl}${linkFor(denied("sent work"))}`, "Opening the link…", phone);
  await page.evaluate(() => {
    window.__shifts = 0;
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) if (!e.hadRecentInput) window.__shifts += e.value;
    }).observe({ type: "layout-shift", buffered: true });
  });
  release();
  await waitForDecision(page, "implicitDeny", 30_000);
  if ((await page.inputValue("input.title")) !== "sent work") throw new Error("the link's scenario did not open");
  await frameReplaced(page);
  await expectToolbarWithThePage(page, "a link");
  const shifts = await page.evaluate(() => window.__shifts);
  console.log(`  layout shift from the frame to the link's page (${phone ? "phone" : "desktop"}): ${shifts.toFixed(4)}`);
  await expectThePageWhereTheFrameWas(page, main, "a link");
  await page.waitForFunction(() => (localStorage.getItem("rolecall.autosave.v1") || "").includes("sent work"));
  // Kept work without a picture of it (none stored, as on the first visit after a new build).
  await page.addInitScript(() => {
    if (location.protocol !== "about:") localStorage.removeItem("rolecall.snapshot.v1");
  });
  await opensAgainInPlace(page, baseUrl, "sent work", phone, "kept work");
  // A link over the kept work: the page says, in a notice under the toolbar, that the kept work
  // is one Restore away, and offers Restore in the toolbar too; the frame held both places.
  await page.goto("about:blank");
  ({ release, main } = await opensWithTheFrame(page, `${baseUrl}${linkFor(denied("another link"))}`, "Opening the link…", phone));
  release();
  await waitForDecision(page, "implicitDeny", 30_000);
  if ((await page.inputValue("input.title")) !== "another link") throw new Error("the link over kept work did not open");
  const notice = page.getByRole("status").filter({ has: page.locator("[data-testid=restore-button]") });
  if ((await notice.count()) !== 1) throw new Error("no announced notice offers the kept work back");
  await frameReplaced(page);
  await expectThePageWhereTheFrameWas(page, main, "a link over kept work");
  // The notice by keyboard: from the toolbar's Copy link, its Restore button comes next.
  await page.focus("[data-testid=share-button]");
  let reached = null;
  for (let i = 0; i < 4 && reached !== "restore-button"; i++) {
    await page.keyboard.press("Tab");
    reached = await page.evaluate(() => document.activeElement?.dataset.testid ?? null);
  }
  if (reached !== "restore-button") throw new Error(`the keyboard did not reach the notice's Restore (${reached})`);
  await page.keyboard.press("Tab");
  await page.keyboard.press("Enter");
  await page.waitForSelector("[data-testid=notice-banner]", { state: "detached" });
  // Kept work with previous work stored: its frame holds the place of the toolbar's Restore.
  await page.waitForFunction(() => (localStorage.getItem("rolecall.autosave.v1") || "").includes("another link"));
  await opensAgainInPlace(page, baseUrl, "another link", phone, "kept work with previous work");
}

/** Opens the kept work titled `title` (its frame, then the page where the frame drew it). */
async function opensAgainInPlace(page, baseUrl, title, phone, what) {
  await page.goto("about:blank");
  const { release, main } = await opensWithTheFrame(page, baseUrl, "Opening your kept work…", phone);
  release();
  await waitForDecision(page, "implicitDeny", 30_000);
  if ((await page.inputValue("input.title")) !== title) throw new Error(`${what}: the kept work did not open`);
  await frameReplaced(page);
  await expectToolbarWithThePage(page, what);
  await expectThePageWhereTheFrameWas(page, main, what);
}

export async function a_hostile_link_replaces_the_frame_with_the_pages_own_message({ page, baseUrl, phone }) {
  const { release } = await opensWithTheFrame(page, `${baseUrl}#s=v1.S0ktSS0q0S9KLS7R`, "Opening the link…", phone);
  release();
  await page.waitForSelector("[data-testid=error-banner]");
  const banner = await page.textContent("[data-testid=error-banner]");
  if (!banner.includes("could not be opened")) throw new Error(`unclear banner: ${banner}`);
  await frameReplaced(page);
}

export async function a_page_whose_module_fails_to_load_says_it_could_not_start({ browser, baseUrl, viewport }) {
  // A context of its own: the runner counts the failed load's page error as a test failure.
  const context = await browser.newContext({ viewport, serviceWorkers: "block" });
  const page = await context.newPage();
  const link = `${baseUrl}${linkFor(denied("sent work"))}`;
  // The page's wasm cannot be fetched, then its glue cannot: neither claims progress forever; nor
  // does a first visit's prerendered example stay, inert, without a word.
  for (const [what, pattern, url] of [["the wasm", PAGE_WASM, link], ["the glue", PAGE_GLUE, link], ["a first visit's wasm", PAGE_WASM, baseUrl]]) {
    await page.route(pattern, (route) => route.abort());
    await page.goto("about:blank");
    await page.goto(url, { waitUntil: "domcontentloaded" });
    const failed = "Rolecall could not start: reload the page.";
    await page.waitForFunction((f) => document.querySelector("#rc-opening [role=status]")?.innerText.trim() === f, failed, { timeout: 10_000 })
      .catch(async () => {
        const said = await page.evaluate(() => document.querySelector("#rc-opening [role=status]")?.innerText);
        throw new Error(`when ${what} fails to load the status says ${JSON.stringify(said)}`);
      });
    await page.unroute(pattern);
  }
  await context.close();
}

/** Records, in the page, what index.html's head script primes the evaluation worker with
 *  (`window.__primes`: "link" or "kept" per prime message). */
function recordPrimes() {
  if (location.protocol === "about:") return;
  window.__primes = [];
  const post = Worker.prototype.postMessage;
  Worker.prototype.postMessage = function (message, ...rest) {
    if (message?.kind === "prime") window.__primes.push(message.fragment ? "link" : "kept");
    return post.call(this, message, ...rest);
  };
}

/** The fragment of a fixed vector and its digest (web/src/persist.rs test
 *  `a_fragments_digest_is_the_one_the_head_script_computes`). */
const VECTOR = { fragment: "s=v1.the-head-script-and-the-page-agree", digest: "db89b962b3a8b981" };

/** Opens `url` with the page's wasm held back and checks what the head script decided: the frame
 *  says the kept work opens, and the worker was primed with it, not with a link. */
async function opensAsKeptWork(page, url, what) {
  const release = await holdBack(page, PAGE_WASM);
  await page.goto("about:blank");
  await page.goto(url, { waitUntil: "domcontentloaded" });
  await page.waitForFunction(() => performance.getEntriesByName("first-contentful-paint").length > 0);
  const seen = await page.evaluate(() => ({
    status: document.querySelector("#rc-opening [role=status]")?.innerText.trim(),
    link: document.documentElement.classList.contains("rc-link"),
    primes: window.__primes,
  }));
  if (seen.status !== "Opening your kept work…" || seen.link || seen.primes.join() !== "kept") {
    throw new Error(`${what} opened as a link someone sent: ${JSON.stringify(seen)}`);
  }
  release();
  await waitForDecision(page, "allowed", 30_000);
  if ((await page.inputValue("input.title")) !== "newer work") throw new Error(`${what}: the kept work did not open`);
  const banners = await page.locator("[data-testid=restore-button], [data-testid=error-banner]").count();
  if (banners !== 0) throw new Error(`${what}: the page opened it as a link (${banners} banners)`);
}

/**
 * A reload can open an older link of the page's own (the address bar kept it while the page
 * stored a newer one): it is the kept work, for index.html's head script (its status, the
 * worker's prime) as for the page, which follows the head script's decision (class rc-link).
 */
export async function a_reload_with_an_older_own_link_in_the_address_bar_reopens_the_kept_work({ page, baseUrl }) {
  await page.addInitScript(recordPrimes);
  await page.addInitScript(() => {
    if (location.protocol !== "about:") localStorage.removeItem("rolecall.snapshot.v1");
  });
  await page.goto(baseUrl);
  await waitForDecision(page, "allowed");
  await page.waitForFunction(() => location.hash.includes("s=v1."));
  const older = await page.evaluate(() => location.hash);
  await page.fill("input.title", "newer work");
  await page.waitForFunction((h) => location.hash !== h && (localStorage.getItem("rolecall.autosave.v1") || "").includes("newer work"), older);
  await opensAsKeptWork(page, `${baseUrl}${older}`, "the older own link");
  // The head script's digest is the page's: a fragment whose digest (computed natively) is among
  // the recent own links is the page's own too.
  await page.evaluate((d) => {
    const key = "rolecall.recent-links.v1";
    localStorage.setItem(key, `${localStorage.getItem(key)} ${d}`);
  }, VECTOR.digest);
  await opensAsKeptWork(page, `${baseUrl}#${VECTOR.fragment}`, "the fixed vector");
}
