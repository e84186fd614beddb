// Helpers for the large-input browser tests (not a test file).

/** A policy document of about `bytes` characters: many statements of one shape. */
export function bigPolicy(bytes) {
  const statement = (i) => `{"Sid": "S${i}", "Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::bucket-${i}/*"}`;
  const parts = [];
  let size = 0;
  for (let i = 0; size < bytes; i++) {
    const s = statement(i);
    parts.push(s);
    size += s.length + 2;
  }
  return `{"Version": "2012-10-17", "Statement": [\n${parts.join(",\n")}\n]}`;
}

/**
 * Puts `text` in the page, ready for `paste` (a separate step: the test driver handing 2 MB to
 * the page is a long task of its own, which is not the page's doing).
 */
export async function stage(page, text) {
  await page.evaluate((text) => {
    window.__staged = text;
  }, text);
}

/** Pastes `text` (or the text put in the page by `stage`) into the editor `testid` as the browser does (a ClipboardEvent). */
export async function paste(page, testid, text) {
  await page.click(`[data-testid=${testid}] .cm-content`);
  await page.keyboard.press("Control+A");
  if (text !== undefined) await stage(page, text);
  await page.evaluate((testid) => {
    const target = document.querySelector(`[data-testid=${testid}] .cm-content`);
    const data = new DataTransfer();
    data.setData("text/plain", window.__staged);
    delete window.__staged;
    target.dispatchEvent(new ClipboardEvent("paste", { clipboardData: data, bubbles: true, cancelable: true }));
  }, testid);
}
