// The browser the probes under tests/e2e/probes/ open (not a test file): Debian's Chromium (or
// CHROMIUM_PATH), headless, one context at desktop or phone size with no service worker, and a
// page that prints the page's console errors.
import { chromium } from "playwright-core";

/** Opens the probes' browser and page; `phone` gives the phone viewport. */
export async function openProbePage(phone) {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"],
  });
  const context = await browser.newContext({
    viewport: phone ? { width: 390, height: 844 } : { width: 1280, height: 800 },
    serviceWorkers: "block",
    ...(phone ? { isMobile: true, hasTouch: true, deviceScaleFactor: 1 } : {}),
  });
  const page = await context.newPage();
  page.on("console", (m) => m.type() === "error" && console.error("console:", m.text()));
  return { browser, context, page };
}
