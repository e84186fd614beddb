// The release bundle loads, the Yew app starts and renders, with no console or page errors
// (the runner fails the test on either).

export async function page_loads_and_the_app_renders({ page, baseUrl, screenshot }) {
  const response = await page.goto(baseUrl);
  if (!response?.ok()) throw new Error(`GET ${baseUrl} answered ${response?.status()}`);
  // The app renders its name once the wasm module has started.
  await page.waitForFunction(() => document.body.innerText.includes("Rolecall"));
  await screenshot("loaded");
}
