// Trunk post_build hook: runs the output's finishing steps one after the other. Trunk starts the
// hooks of one stage at the same time, and these depend on each other: `prerender.mjs` puts the
// prerendered first screen into index.html before `csp.mjs` hashes its inline scripts, and
// `offline.mjs` lists and hashes the final files, so it must run after `csp.mjs` has filled
// index.html's policy and `managed.mjs` has written `managed/index.json`.

import { execFileSync } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
for (const step of ["prerender.mjs", "early-worker.mjs", "csp.mjs", "managed.mjs", "offline.mjs"]) {
  execFileSync(process.execPath, [join(here, step), ...process.argv.slice(2)], { stdio: "inherit" });
}
