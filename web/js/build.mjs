// Bundles the playground's JavaScript with esbuild:
// - `web/js/codemirror.js` (the CodeMirror editor) into `web/js/dist/lazy/`, in parts: the
//   CodeMirror packages it imports, grouped in `PARTS` (state; view; language and JSON; commands
//   and search; autocompletion and lint), each an entry of its own, then the editor module itself
//   (`codemirror-<hash>.js`). esbuild's code splitting puts each package's code in the chunk of
//   the first part that reaches it, so the loader (`editor.js`) imports the parts in order, one
//   per task, and each import evaluates only its own code: evaluating the whole editor in one
//   module took 100-380 ms of the page's thread on the loaded 2-core machine (issue 14: no task
//   over 100 ms). Every file is named by a hash of its content (`codemirror-<hash>.js`,
//   `codemirror-part-<hash>.js`); trunk copies `web/js/dist/lazy/` to `dist/lazy/`;
// - `web/js/editor.js` (the small loader web/src/editor.rs imports through wasm-bindgen, with the
//   parts' and the editor's names built in) into `web/js/dist/editor.js`.
//
// Run by trunk's pre_build hook (Trunk.toml) and by `cargo xtask setup` before clippy, because
// wasm-bindgen reads the loader at compile time. The output is gitignored. Files are only
// rewritten when their content changes, so cargo does not rebuild the app for nothing; older
// CodeMirror files are removed.

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

/// The CodeMirror packages of each part, in the order the loader evaluates them (a package
/// after those it imports). The names each part exports are the ones codemirror.js imports, so
/// the parts hold no code the editor does not use.
const PARTS = [
  ["@codemirror/state"],
  ["@codemirror/view"],
  ["@codemirror/language", "@codemirror/lang-json"],
  ["@codemirror/commands", "@codemirror/search"],
  ["@codemirror/autocomplete", "@codemirror/lint"],
];

/// The names codemirror.js imports from each package.
function importedNames(source) {
  const names = new Map();
  for (const [, list, from] of source.matchAll(/import\s*\{([^}]*)\}\s*from\s*"([^"]+)"/g)) {
    const wanted = list.split(",").map((n) => n.trim()).filter(Boolean);
    names.set(from, [...(names.get(from) ?? []), ...wanted]);
  }
  return names;
}

/// Bundles the parts and the editor with code splitting; returns every file as
/// [name, text], with the entries' names first (the parts in order, then the editor).
async function editorFiles() {
  const imported = importedNames(readFileSync(join(here, "codemirror.js"), "utf8"));
  const unlisted = [...imported.keys()].filter((p) => !PARTS.flat().includes(p));
  if (unlisted.length) throw new Error(`web/js/build.mjs: codemirror.js imports ${unlisted.join(", ")}, in no part`);
  const parts = PARTS.map((packages) =>
    packages.map((p) => `export { ${imported.get(p)?.join(", ") ?? ""} } from "${p}";`).join("\n"),
  );
  const result = await build({
    entryPoints: [...parts.map((_, i) => `part:${i}`), join(here, "codemirror.js")],
    bundle: true,
    splitting: true,
    format: "esm",
    target: "es2020",
    minify: true,
    legalComments: "none",
    write: false,
    outdir: "out",
    entryNames: "[name]",
    chunkNames: "chunk-[hash]",
    logLevel: "warning",
    plugins: [
      {
        name: "parts",
        setup(b) {
          b.onResolve({ filter: /^part:/ }, (args) => ({ path: args.path.slice(5), namespace: "part" }));
          b.onLoad({ filter: /.*/, namespace: "part" }, (args) => ({
            contents: parts[Number(args.path)],
            resolveDir: here,
            loader: "js",
          }));
        },
      },
    ],
  });
  // esbuild's names (`part_0.js` ... for the parts, `codemirror.js`, `chunk-<hash>.js`) become
  // content-hashed names; a file's name is a hash of its text with the names it imports
  // already replaced, so it changes with anything it imports.
  const files = new Map(result.outputFiles.map((f) => [f.path.split("/").pop(), f.text]));
  const renamed = new Map();
  const hashed = (text) => createHash("sha256").update(text).digest("hex").slice(0, 16);
  const rename = (name) => {
    if (renamed.has(name)) return renamed.get(name);
    let text = files.get(name);
    for (const dep of Array.from(text.matchAll(/from\s*"\.\/([^"]+)"|import\s*"\.\/([^"]+)"/g), (m) => m[1] ?? m[2])) {
      text = text.replaceAll(`"./${dep}"`, `"./${rename(dep)[0]}"`);
    }
    const out = [`${name === "codemirror.js" ? "codemirror" : "codemirror-part"}-${hashed(text)}.js`, text];
    renamed.set(name, out);
    return out;
  };
  const entries = [...parts.map((_, i) => `part_${i}.js`), "codemirror.js"].map(rename);
  for (const name of files.keys()) rename(name);
  return { entries: entries.map(([n]) => n), files: [...renamed.values()] };
}

const editor = await editorFiles();
for (const [name, text] of editor.files) writeIfChanged(join(lazy, name), text);
const kept = new Set(editor.files.map(([name]) => name));
for (const old of readdirSync(lazy)) {
  if (!kept.has(old)) rmSync(join(lazy, old));
}
const [main, ...rest] = [editor.entries.at(-1), ...editor.entries.slice(0, -1)];
const loader = await bundle("editor.js", {
  CODEMIRROR_BUNDLE: JSON.stringify(`lazy/${main}`),
  CODEMIRROR_PARTS: JSON.stringify(rest.map((n) => `lazy/${n}`)),
});
writeIfChanged(join(dist, "editor.js"), loader);
