// Bundles the playground's JavaScript with esbuild:
// - `web/js/codemirror.js` (the CodeMirror editor) into `web/js/dist/lazy/codemirror-<hash>.js`,
//   named by a hash of its content; trunk copies `web/js/dist/lazy/` to `dist/lazy/` and the page
//   imports it after the first paint;
// - `web/js/editor.js` (the small loader web/src/editor.rs imports through wasm-bindgen, with the
//   bundle's name built in) into `web/js/dist/editor.js`.
//
// Run by trunk's pre_build hook (Trunk.toml) and by `cargo xtask setup` before clippy, because
// wasm-bindgen reads the loader at compile time. The output is gitignored. Files are only
// rewritten when their content changes, so cargo does not rebuild the app for nothing; older
// CodeMirror bundles are removed.

import { build } from "esbuild";
import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const dist = join(here, "dist");
const lazy = join(dist, "lazy");

async function bundle(entry, define = {}) {
  const result = await build({
    entryPoints: [join(here, entry)],
    bundle: true,
    format: "esm",
    target: "es2020",
    minify: true,
    legalComments: "none",
    write: false,
    logLevel: "warning",
    define,
  });
  return result.outputFiles[0].text;
}

function writeIfChanged(file, code) {
  let previous = null;
  try {
    previous = readFileSync(file, "utf8");
  } catch {
    previous = null;
  }
  if (previous !== code) {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, code);
    console.log(`web/js/build.mjs: wrote ${file} (${code.length} bytes)`);
  }
}

const editor = await bundle("codemirror.js");
const hash = createHash("sha256").update(editor).digest("hex").slice(0, 16);
const name = `codemirror-${hash}.js`;
writeIfChanged(join(lazy, name), editor);
for (const old of readdirSync(lazy)) {
  if (old !== name) rmSync(join(lazy, old));
}
const loader = await bundle("editor.js", { CODEMIRROR_BUNDLE: JSON.stringify(`lazy/${name}`) });
writeIfChanged(join(dist, "editor.js"), loader);
