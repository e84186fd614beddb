// Bundles the CodeMirror editor wrapper (web/js/editor.js) with esbuild into
// web/js/dist/editor.js, the ES module that web/src/editor.rs imports through wasm-bindgen.
//
// Run by trunk's pre_build hook (Trunk.toml) and by `cargo xtask setup` before clippy, because
// wasm-bindgen reads the module at compile time. The output is gitignored. The bundle is only
// rewritten when its content changes, so cargo does not rebuild the app for nothing.

import { build } from "esbuild";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const outfile = join(here, "dist", "editor.js");

const result = await build({
  entryPoints: [join(here, "editor.js")],
  bundle: true,
  format: "esm",
  target: "es2020",
  minify: true,
  legalComments: "none",
  write: false,
  logLevel: "warning",
});

const code = result.outputFiles[0].text;
let previous = null;
try {
  previous = readFileSync(outfile, "utf8");
} catch {
  previous = null;
}
if (previous !== code) {
  mkdirSync(dirname(outfile), { recursive: true });
  writeFileSync(outfile, code);
  console.log(`web/js/build.mjs: wrote ${outfile} (${code.length} bytes)`);
}
