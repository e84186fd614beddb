// The editor loader of the Rolecall playground: what web/src/editor.rs imports through
// wasm-bindgen (`build.mjs` bundles it into `web/js/dist/editor.js`, a few KiB).
//
// CodeMirror (web/js/codemirror.js, 134 KiB gzip) is not needed to paint the page or to show the
// first decision, so it is loaded after the first paint (issue 14: at most 300 KB before first
// paint). Until it arrives, each editor is a plain text box holding the document, with a "loading
// the editor" status: the user can read and type, every change goes to the Rust side exactly as
// from CodeMirror, and when CodeMirror is ready it takes over the current text, cursor and focus.
// If it cannot be loaded (offline before it was ever fetched), the text boxes stay and say so;
// nothing typed is lost. Once loaded, the module stays in memory for the rest of the visit.
//
// `CODEMIRROR_BUNDLE` is the content-hashed file name `build.mjs` gives the editor module (under
// `lazy/` in the output; trunk copies it), so a new release is never mixed with a cached old
// editor; `CODEMIRROR_PARTS` are the CodeMirror packages it imports, in parts imported first, one
// per task (build.mjs `PARTS`).
//
// Test hook (`window.__rolecall`): `setText(name, text)` replaces an editor's text as if the user
// had typed it, `getText(name)` reads it, `setCursor(name, pos)` focuses it with the cursor at
// UTF-16 offset `pos`; they work before and after CodeMirror has loaded. `editorReady()` resolves
// once CodeMirror has loaded (or failed: it resolves to `false` then).

/* global CODEMIRROR_BUNDLE, CODEMIRROR_PARTS */

/// The loaded CodeMirror module, once loaded.
let cm = null;
/// The pending or settled load (started by the first editor, after the first paint).
let loading = null;
/// Every live editor handle, to upgrade when CodeMirror arrives.
const handles = new Set();
/// Handles by test name, for the test hook.
const named = new Map();
/// Providers installed before CodeMirror loaded, passed on when it does.
let completionProvider = null;
let hoverProvider = null;
/// Whether CodeMirror could not be loaded: the text boxes then hold every document whole.
let loadFailed = false;

/// Resolves once the browser has reported the page's first contentful paint, so that CodeMirror
/// is never part of it (issue 14). A timer after the page's first frame ran earlier than the
/// paint entry on a loaded machine, and the figures test counted CodeMirror before the first
/// paint. Without paint timing: after the frame that shows the page (a timer set from a
/// requestAnimationFrame runs past its paint); in any case after at most 3 s (a tab in the
/// background paints nothing).
function afterFirstPaint() {
  return new Promise((resolve) => {
    let settled = false;
    const done = () => {
      if (!settled) {
        settled = true;
        resolve();
      }
    };
    setTimeout(done, 3000);
    const painted = (entries) => entries.some((e) => e.name === "first-contentful-paint");
    if (typeof PerformanceObserver === "undefined" || !(PerformanceObserver.supportedEntryTypes ?? []).includes("paint")) {
      requestAnimationFrame(() => setTimeout(done, 0));
      return;
    }
    if (painted(performance.getEntriesByType("paint"))) {
      done();
      return;
    }
    const observer = new PerformanceObserver((list) => {
      if (painted(list.getEntries())) {
        observer.disconnect();
        done();
      }
    });
    observer.observe({ type: "paint", buffered: true });
  });
}

/// Resolves once the page has drawn its first decision (the performance mark
/// `rolecall:decision`, web/src/app.rs), or 1.5 s after it was called: CodeMirror's import and
/// editors take the page's thread for 100-300 ms, which the first decision used to wait for when
/// the worker's answer arrived meanwhile (issue 14, first decision under 500 ms).
function afterFirstDecision() {
  return new Promise((resolve) => {
    const decided = () => performance.getEntriesByName("rolecall:decision").length > 0;
    if (decided() || typeof PerformanceObserver === "undefined") {
      resolve();
      return;
    }
    let observer = null;
    const timer = setTimeout(() => {
      observer?.disconnect();
      resolve();
    }, 1500);
    try {
      observer = new PerformanceObserver(() => {
        if (decided()) {
          observer.disconnect();
          clearTimeout(timer);
          resolve();
        }
      });
      observer.observe({ type: "mark", buffered: true });
    } catch {
      // No observer of marks: the timer alone.
    }
  });
}

function load() {
  if (loading) return loading;
  loading = afterFirstPaint()
    .then(afterFirstDecision)
    .then(importInParts)
    .then(async (module) => {
      cm = module;
      cm.setCompletionProvider(completionProvider);
      cm.setHoverProvider(hoverProvider);
      // The first editor's first run (compiling CodeMirror's functions, mounting its style
      // sheets) in steps, each in a task of its own, outside the document (codemirror.js
      // `warmUpSteps`). A failed step only leaves the work to the first editor.
      try {
        for (const step of cm.warmUpSteps()) {
          await nextTask();
          step();
        }
      } catch (err) {
        console.warn("rolecall: the editor's warm-up failed", err);
      }
      // One editor per task, none in the task that evaluated the module: creating an editor
      // lays it out, and evaluating the module and creating every editor of a 50-hop chain in
      // one task blocked the page for 200-400 ms on the loaded 2-core machine (issue 14).
      for (const handle of [...handles]) {
        await nextTask();
        upgrade(handle);
      }
      window.performance.mark("rolecall:editor-ready");
      return true;
    })
    .catch((err) => {
      loadFailed = true;
      for (const handle of handles) {
        if (handle.real) continue;
        handle.status.textContent =
          "The editor could not be loaded (offline?): editing as plain text.";
        handle.status.classList.add("failed");
        // The whole document, editable after all.
        showPlain(handle, handle.text, true);
      }
      console.warn("rolecall: the CodeMirror editor could not be loaded", err);
      return false;
    });
  return loading;
}

/// Imports the editor module after its parts, each in a task of its own: a module is evaluated
/// in the task its import settles in, and the whole editor in one module took 100-380 ms of the
/// page's thread on the loaded 2-core machine (issue 14: no task over 100 ms). Each import
/// fetches and evaluates only what the parts before it did not.
async function importInParts() {
  const url = (name) => new URL(name, document.baseURI).href;
  for (const part of CODEMIRROR_PARTS) {
    await import(url(part));
    await nextTask();
  }
  return import(url(CODEMIRROR_BUNDLE));
}

/// Resolves in a task of its own (after whatever the browser has to do meanwhile).
function nextTask() {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

/// A document longer than this (UTF-16 units) is shown in part, read-only, until CodeMirror
/// has loaded: laying out a text box holding a hostile link's 250 KB line took 170-270 ms, and
/// again each time the page around it moved (issue 14). CodeMirror draws only what is on screen.
const PLAIN_LIMIT = 16 * 1024;

/// Puts `text` in the text box of `handle`: whole and editable when short (or when `whole`),
/// else its start, read-only, with a status saying so. Nothing typed can be lost: a read-only
/// box takes no typing, and `handle.text` keeps the whole document.
function showPlain(handle, text, whole = false) {
  const part = !whole && text.length > PLAIN_LIMIT;
  handle.box.value = part ? `${text.slice(0, PLAIN_LIMIT)}…` : text;
  handle.box.readOnly = part;
  handle.status.textContent = part
    ? `Loading the editor… (a document of ${text.length.toLocaleString("en")} characters: its start is shown until then)`
    : handle.status.classList.contains("failed")
      ? handle.status.textContent
      : "Loading the editor…";
}

/// Replaces the text box of `handle` with a CodeMirror editor holding the box's current text.
function upgrade(handle) {
  if (handle.real || handle.destroyed) return;
  const box = handle.box;
  const focused = document.activeElement === box;
  const cursor = box.selectionStart;
  handle.status.remove();
  box.remove();
  handle.parent.classList.remove("editor-loading");
  handle.real = cm.createEditor(
    handle.parent,
    handle.text,
    handle.label,
    handle.testName,
    handle.onChange,
  );
  if (handle.diagnostics) cm.editorSetDiagnostics(handle.real, ...handle.diagnostics);
  if (handle.highlights) cm.editorSetHighlights(handle.real, ...handle.highlights);
  if (focused) cm.editorSetCursor(handle.real, cursor);
}

/// Installs (or removes, with null) the completion provider shared by every editor.
export function setCompletionProvider(provider) {
  completionProvider = provider;
  if (cm) cm.setCompletionProvider(provider);
}

/// Opens the focused editor's completion list again when new completion data has arrived (a
/// no-op until CodeMirror is loaded: the plain text boxes have no completion).
export function refreshCompletion() {
  if (cm) cm.refreshCompletion();
}

/// Installs (or removes, with null) the hover provider for action patterns.
export function setHoverProvider(provider) {
  hoverProvider = provider;
  if (cm) cm.setHoverProvider(provider);
}

/// Creates an editor inside `parent` holding `text`: CodeMirror when it is loaded, else a text
/// box until it is. `label` is the accessible name of the editing area; `testName` registers the
/// editor in the test hook; `onChange(text)` is called after every change of the document.
export function createEditor(parent, text, label, testName, onChange) {
  const handle = { parent, text, label, testName, onChange, real: null, destroyed: false };
  if (testName) named.set(testName, handle);
  handles.add(handle);
  if (cm) {
    handle.real = cm.createEditor(parent, text, label, testName, onChange);
    return handle;
  }
  parent.classList.add("editor-loading");
  const status = document.createElement("p");
  status.className = "editor-status";
  status.setAttribute("role", "status");
  const box = document.createElement("textarea");
  box.className = "editor-plain";
  box.spellcheck = false;
  box.setAttribute("aria-label", label);
  box.setAttribute("autocapitalize", "off");
  box.setAttribute("autocomplete", "off");
  box.addEventListener("input", () => {
    handle.text = box.value;
    window.performance.mark("rolecall:edit");
    onChange(box.value);
  });
  handle.status = status;
  handle.box = box;
  showPlain(handle, text, loadFailed);
  parent.append(status, box);
  if (loading) {
    loading.then((ok) => {
      if (ok || handle.destroyed) return;
      status.textContent = "The editor could not be loaded (offline?): editing as plain text.";
      status.classList.add("failed");
      showPlain(handle, handle.text, true);
    });
  }
  load();
  return handle;
}

/// Replaces the whole text when it differs (a new document was selected or loaded).
export function editorSetText(handle, text) {
  if (handle.real) {
    cm.editorSetText(handle.real, text);
  } else if (handle.text !== text) {
    handle.text = text;
    showPlain(handle, text, loadFailed);
  }
}

/// The current text.
export function editorGetText(handle) {
  return handle.real ? cm.editorGetText(handle.real) : handle.text;
}

/// Shows diagnostics computed for the text the editor last reported (see codemirror.js); kept
/// until CodeMirror is there.
export function editorSetDiagnostics(handle, diagnosticsJson) {
  if (handle.real) cm.editorSetDiagnostics(handle.real, diagnosticsJson);
  else handle.diagnostics = [diagnosticsJson];
}

/// Highlights ranges computed for the text the editor last reported (see codemirror.js); kept
/// until CodeMirror is there.
export function editorSetHighlights(handle, rangesJson, scroll) {
  if (handle.real) cm.editorSetHighlights(handle.real, rangesJson, scroll);
  else handle.highlights = [rangesJson, scroll];
}

/// Moves the focus into the editor.
export function editorFocus(handle) {
  if (handle.real) cm.editorFocus(handle.real);
  else handle.box.focus();
}

/// Destroys the editor and forgets its test name.
export function editorDestroy(handle) {
  handle.destroyed = true;
  handles.delete(handle);
  if (handle.testName && named.get(handle.testName) === handle) named.delete(handle.testName);
  if (handle.real) {
    cm.editorDestroy(handle.real);
  } else {
    handle.status.remove();
    handle.box.remove();
    handle.parent.classList.remove("editor-loading");
  }
}

function byName(name) {
  const handle = named.get(name);
  if (!handle) throw new Error(`no editor named ${name}`);
  return handle;
}

// The evaluation worker imports this module too (through wasm-bindgen's glue) and has no window.
const hook = typeof window === "undefined" ? {} : (window.__rolecall = window.__rolecall || {});
hook.setText = (name, text) => {
  const handle = byName(name);
  if (handle.real) {
    cm.hookSetText(handle.real, text);
  } else {
    handle.text = text;
    showPlain(handle, text, loadFailed);
    window.performance.mark("rolecall:edit");
    handle.onChange(text);
  }
};
hook.setCursor = (name, pos) => {
  const handle = byName(name);
  if (handle.real) {
    cm.editorSetCursor(handle.real, pos);
  } else {
    handle.box.focus();
    const at = Math.max(0, Math.min(pos, handle.box.value.length));
    handle.box.setSelectionRange(at, at);
  }
};
hook.getText = (name) => {
  const handle = named.get(name);
  if (!handle) return null;
  return editorGetText(handle);
};
hook.editorReady = () => load();
