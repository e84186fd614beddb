// Trunk post_build hook (run by post-build.mjs, before csp.mjs): fills in the URLs of the
// script in index.html's head that starts the evaluation worker while the document is parsed
// (issue 14, the first decision): the worker's entry (wasm-bindgen's copy of web/js/worker.js
// among the page's snippets) and its wasm-bindgen glue (`rolecall-worker.js`, next to the page's
// glue). Each is the path trunk's own links use (the page's glue, `rolecall-web-<hash>.js`).

import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, relative, sep } from "node:path";

const dir = process.env.TRUNK_STAGING_DIR ?? "dist";
const file = join(dir, "index.html");
const html = readFileSync(file, "utf8");
const fail = (why) => {
  console.error(`web/js/early-worker.mjs: ${why}`);
  process.exit(1);
};
if (!html.includes("__ROLECALL_WORKER_JS__")) {
  console.log(`web/js/early-worker.mjs: no placeholder in ${file}, nothing to do`);
  process.exit(0);
}
// The page's glue as trunk links it (`/rolecall-web-<hash>.js`, or under the public URL).
// (trunk's minified output leaves attribute values unquoted.)
const glue = html.match(/href=["']?([^"'\s>]*?)rolecall-web-[0-9a-f]+\.js["'\s>]/);
if (!glue) fail(`no link to the page's glue in ${file}`);
const prefix = glue[1];
/** Every file under `at`, as paths relative to the output. */
function files(at) {
  return readdirSync(at, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? files(join(at, e.name)) : [relative(dir, join(at, e.name)).split(sep).join("/")],
  );
}
const entries = files(join(dir, "snippets")).filter((f) => f.endsWith("/js/worker.js"));
if (entries.length === 0) fail(`no snippets/*/js/worker.js in ${dir}`);
// The page's and the worker's builds each have a snippet directory with the same worker.js;
// the page's glue imports the one of its own build, so either one serves.
const entry = `${prefix}${entries.sort()[0]}`;
const worker = `${prefix}rolecall-worker.js`;
writeFileSync(file, html.replaceAll("__ROLECALL_WORKER_JS__", entry).replaceAll("__ROLECALL_WORKER_GLUE__", worker));
console.log(`web/js/early-worker.mjs: the worker starts from ${entry} (glue ${worker})`);
