// Trunk post_build hook (run by post-build.mjs, before csp.mjs): puts the prerendered first
// screen into the built index.html's body (issue 14, a lighter first paint), so that the first
// paint needs the HTML and the CSS only.
//
// After it goes the inline script that shows instead a picture of the user's own last screen when
// the page opens the kept work it shows (web/js/snapshot-show.js), with this build's identity: a
// hash of the staged index.html (which names the hashed page bundle and stylesheet), the
// worker's wasm (unhashed) and the prerender, so that a snapshot taken by another build is never
// shown.
//
// `cargo xtask` renders it natively before running trunk (web/src/prerender.rs, the same
// components as the page) and names the file in `ROLECALL_PRERENDER`. Without it (a plain
// `trunk build` or `trunk serve`) the page is built as before: drawn by its wasm alone.

import { createHash } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const dir = process.env.TRUNK_STAGING_DIR ?? "dist";
const file = join(dir, "index.html");
const from = process.env.ROLECALL_PRERENDER;
if (!from) {
  console.log("web/js/prerender.mjs: ROLECALL_PRERENDER not set, index.html has no prerendered first screen");
  process.exit(0);
}
const html = readFileSync(file, "utf8");
const screen = readFileSync(from, "utf8");
if (!screen.startsWith('<div id="rc-prerender" inert>') || !html.includes("</body>")) {
  console.error(`web/js/prerender.mjs: ${from} is not a prerendered first screen, or ${file} has no body`);
  process.exit(1);
}
const identity = createHash("sha256").update(html).update(screen);
const workerWasm = join(dir, "rolecall-worker_bg.wasm");
if (existsSync(workerWasm)) identity.update(readFileSync(workerWasm));
const build = identity.digest("hex").slice(0, 20);
// The reader without its header comment (the lines before its code).
const source = readFileSync(join(dirname(fileURLToPath(import.meta.url)), "snapshot-show.js"), "utf8");
const reader = source
  .slice(source.indexOf("(function"))
  .split("\n")
  .map((line) => line.trim())
  .filter((line) => line !== "" && !line.startsWith("//"))
  .join("\n")
  .replace("__ROLECALL_BUILD__", build);
writeFileSync(file, html.replace("</body>", () => `${screen}<script>${reader}</script></body>`));
console.log(`web/js/prerender.mjs: the first screen (${screen.length} bytes) and the snapshot reader (build ${build}) put into ${file}`);
