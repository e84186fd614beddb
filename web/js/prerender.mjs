// Trunk post_build hook (run by post-build.mjs, before csp.mjs): puts the prerendered first
// screen into the built index.html's body (issue 14, a lighter first paint), so that the first
// paint needs the HTML and the CSS only.
//
// `cargo xtask` renders it natively before running trunk (web/src/prerender.rs, the same
// components as the page) and names the file in `ROLECALL_PRERENDER`. Without it (a plain
// `trunk build` or `trunk serve`) the page is built as before: drawn by its wasm alone.

import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const file = join(process.env.TRUNK_STAGING_DIR ?? "dist", "index.html");
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
writeFileSync(file, html.replace("</body>", `${screen}</body>`));
console.log(`web/js/prerender.mjs: the first screen (${screen.length} bytes) put into ${file}`);
