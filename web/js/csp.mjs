// Trunk post_build hook: fills the Content-Security-Policy of the built index.html with the
// SHA-256 hashes of its inline scripts (trunk's wasm loader is an inline module script whose
// text names the hashed bundle files, so the hash changes with every build).
//
// The policy in index.html carries the placeholder `'__INLINE_SCRIPT_HASHES__'`; this script
// replaces it in `$TRUNK_STAGING_DIR/index.html` (or the file given as the first argument).

import { createHash } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const file = process.argv[2] ?? join(process.env.TRUNK_STAGING_DIR ?? "dist", "index.html");
const html = readFileSync(file, "utf8");
const placeholder = "'__INLINE_SCRIPT_HASHES__'";
if (!html.includes(placeholder)) {
  console.log(`web/js/csp.mjs: no placeholder in ${file}, nothing to do`);
  process.exit(0);
}
const hashes = [];
for (const match of html.matchAll(/<script(?![^>]*\ssrc=)[^>]*>([\s\S]*?)<\/script>/g)) {
  const digest = createHash("sha256").update(match[1], "utf8").digest("base64");
  hashes.push(`'sha256-${digest}'`);
}
writeFileSync(file, html.replace(placeholder, hashes.join(" ") || "'none'"));
console.log(`web/js/csp.mjs: ${hashes.length} inline script hash(es) in ${file}`);
