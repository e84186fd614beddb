// Probe (not a test, not run by run.mjs): the floor of keystroke -> decision set by CodeMirror
// alone. A bare page holds one editor of the built bundle (the same extensions and the page's
// style sheet, none of the rest of the page) with the 50-statement policy; each change is posted
// to a worker that spins SPIN ms (the evaluation worker's view is about 5 ms) and answers, and
// the answer marks `rolecall:decision`. Timed on the test's key clock (lib/probe.mjs
// `keystrokeSplit`). BENCHMARKS.md, "CodeMirror's floor".
// usage: node tests/e2e/probes/bare-editor.mjs URL DIST [keys=30] [phone] [spin=5]
// URL serves DIST (`python3 -m http.server PORT --directory DIST`).
import { readdirSync } from "node:fs";

import { fiftyStatements } from "../lib/fifty.mjs";
import { keystrokeSplit, openProbePage } from "../lib/probe.mjs";

const [url, dist] = [process.argv[2], process.argv[3]];
const keys = Number(process.argv[4] ?? 30);
const spin = Number(process.argv[6] ?? 5);
const css = readdirSync(dist).find((f) => /^style-.*\.css$/.test(f));
const bundle = readdirSync(`${dist}/lazy`).find((f) => /^codemirror-[0-9a-f]+\.js$/.test(f));
const html = `<!doctype html><meta name=viewport content="width=device-width"><link rel=stylesheet href="/${css}">
<body><div class="pane"><div><div class="editor" data-testid="permission-editor"></div></div></div>
<script type=module>
const cm = await import("/lazy/${bundle}");
const w = new Worker(URL.createObjectURL(new Blob(["onmessage=(e)=>{const t=performance.now();while(performance.now()-t<e.data.spin){} postMessage(0)}"])));
w.onmessage = () => performance.mark("rolecall:decision");
const h = cm.createEditor(document.querySelector(".editor"), "", "Policy", "permission-editor", (text) => w.postMessage({ spin: ${spin}, text }));
window.__bare = { set: (t) => cm.hookSetText(h, t), len: () => cm.editorGetText(h).length, cursor: (p) => cm.editorSetCursor(h, p) };
</script>`;

const { browser, page } = await openProbePage(process.argv[5] === "phone");
await page.route(`${url}bare.html`, (route) => route.fulfill({ body: html, contentType: "text/html" }));
await page.goto(`${url}bare.html`);
await page.waitForFunction(() => window.__bare);
await page.evaluate((t) => window.__bare.set(t), fiftyStatements());
await page.waitForTimeout(500);
const split = await keystrokeSplit(page, keys, () => window.__bare.cursor(window.__bare.len()));
await browser.close();
console.log(`bare editor, worker ${spin} ms, medians of ${keys} keystrokes, ms on the key clock: ${JSON.stringify(split)}`);
