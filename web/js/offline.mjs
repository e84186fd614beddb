// Trunk post_build step (run by post-build.mjs after csp.mjs and managed.mjs): writes the
// service worker `sw.js` (web/js/sw.js) into the output with the list of files it keeps for
// offline use and a version that is a hash of their contents, so that every build that changes
// a file is a new worker.
//
// Kept: every file of the output except the source map files, `sw.js` itself and the
// per-policy files of `managed/` (1,594 files, 3.3 MB: the page fetches only those a scenario
// names, and the worker keeps what it fetched). `index.html` is kept as `./`, the URL the page
// is opened at. Writes into `$TRUNK_STAGING_DIR` (or the directory given as the first argument).

import { createHash } from "node:crypto";
import { readFileSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, relative, sep } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const out = process.argv[2] ?? process.env.TRUNK_STAGING_DIR ?? "dist";

function walk(dir) {
  const files = [];
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) files.push(...walk(path));
    else files.push(path);
  }
  return files;
}

/** Whether the service worker keeps `path` (relative to the output, with `/`) from the start. */
function precached(path) {
  if (path === "sw.js" || path.endsWith(".map")) return false;
  if (path.startsWith("managed/")) return path === "managed/index.json";
  return true;
}

const hash = createHash("sha256");
const list = [];
for (const file of walk(out)) {
  const path = relative(out, file).split(sep).join("/");
  if (!precached(path)) continue;
  hash.update(path).update("\0").update(readFileSync(file));
  list.push(path === "index.html" ? "./" : path);
}
if (!list.includes("./")) {
  console.error(`web/js/offline.mjs: no index.html in ${out}`);
  process.exit(1);
}
const version = hash.digest("hex").slice(0, 16);
const template = readFileSync(join(here, "sw.js"), "utf8");
const worker = template
  .replace('const VERSION = "__ROLECALL_VERSION__";', `const VERSION = ${JSON.stringify(version)};`)
  .replace("const PRECACHE = __ROLECALL_PRECACHE__;", `const PRECACHE = ${JSON.stringify(list)};`);
if (worker.includes('"__ROLECALL_VERSION__"') || worker.includes("= __ROLECALL_PRECACHE__")) {
  console.error("web/js/offline.mjs: web/js/sw.js no longer has the placeholders this hook fills");
  process.exit(1);
}
writeFileSync(join(out, "sw.js"), worker);
console.log(`web/js/offline.mjs: sw.js keeps ${list.length} files offline (version ${version})`);
