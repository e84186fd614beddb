// The CodeMirror 6 editor used by the Rolecall playground, loaded after the first paint.
//
// `build.mjs` bundles this module with esbuild into `web/js/dist/lazy/codemirror-<hash>.js`;
// the small loader `web/js/editor.js` (what web/src/editor.rs imports through wasm-bindgen)
// imports it once the page has painted, and until then shows each document in a plain text box
// (issue 14: CodeMirror is 134 KiB gzip, a third of the first paint). The functions here have the
// loader's signatures; the loader forwards to them. The module only edits text and draws what
// the Rust side computed: diagnostics, highlight ranges and completions all come from
// rolecall-core. Positions crossing this boundary are UTF-16 code units (what CodeMirror and
// JavaScript strings use); the Rust side converts the core's UTF-8 byte spans before calling in.
//
// Test hook: `window.__rolecall.editors` maps each editor's test name (`trust-editor`,
// `permission-editor`, ...) to its EditorView once CodeMirror has loaded. The loader owns
// `window.__rolecall.setText/getText/setCursor`, which work before and after the load.

import { Compartment, EditorState, StateEffect, StateField, RangeSetBuilder } from "@codemirror/state";
import {
  EditorView, Decoration, keymap, lineNumbers, highlightActiveLineGutter, highlightSpecialChars,
  drawSelection, highlightActiveLine, dropCursor, rectangularSelection, hoverTooltip, tooltips,
} from "@codemirror/view";
import { defaultKeymap, history, historyKeymap, isolateHistory } from "@codemirror/commands";
import {
  bracketMatching, foldGutter, foldKeymap, indentOnInput, syntaxHighlighting,
  defaultHighlightStyle, syntaxTree,
} from "@codemirror/language";
import { searchKeymap, highlightSelectionMatches } from "@codemirror/search";
import {
  autocompletion, closeBrackets, closeBracketsKeymap, completionKeymap, startCompletion,
} from "@codemirror/autocomplete";
import { forEachDiagnostic, lintGutter, lintKeymap, setDiagnostics } from "@codemirror/lint";
import { json } from "@codemirror/lang-json";

/// The completion provider installed by the Rust side once the catalog has loaded: takes a
/// JSON query {kind, prefix, actions, from} and returns JSON {from, options} or "", or a
/// promise of it (the catalog's answers come from the evaluation worker).
let completionProvider = null;

/// Installs (or removes, with null) the completion provider shared by every editor.
export function setCompletionProvider(provider) {
  completionProvider = provider;
}

/// Every live editor view (the test hook's registry holds only the named ones).
const views = new Set();

/// Asks the focused editor's completion source again: data it lacked has arrived (the index of
/// AWS managed policies, fetched on the first ARN typed), so the list opens without another
/// keystroke. Nothing happens when no editor has the focus or the cursor is at no completable
/// place.
export function refreshCompletion() {
  for (const view of views) if (view.hasFocus) startCompletion(view);
}

function propertyName(state, property) {
  const name = property && property.getChild("PropertyName");
  return name ? state.sliceDoc(name.from + 1, name.to - 1) : null;
}

// The action patterns of the statement around `node` (for resource and condition-key
// completions, which the core orders by the statement's services).
function statementActions(state, node) {
  for (let n = node; n; n = n.parent) {
    if (n.name !== "Object") continue;
    for (let p = n.firstChild; p; p = p.nextSibling) {
      if (p.name !== "Property") continue;
      const key = propertyName(state, p);
      if (key !== "Action" && key !== "NotAction") continue;
      const out = [];
      const collect = (v) => {
        if (!v) return;
        if (v.name === "String") out.push(state.sliceDoc(v.from + 1, v.to - 1));
        if (v.name === "Array") for (let c = v.firstChild; c; c = c.nextSibling) collect(c);
      };
      collect(p.lastChild);
      return out;
    }
  }
  return [];
}

// Where the cursor is, in editor terms only: inside a string that is the value of an
// Action/Resource element, or at a key inside a Condition block. Returns a query or null.
function cursorQuery(state, pos) {
  const line = state.doc.lineAt(pos);
  const before = line.text.slice(0, pos - line.from);
  const open = before.match(/"((?:[^"\\]|\\.)*)$/);
  if (!open) return null;
  const quotes = (before.slice(0, before.length - open[0].length).match(/(?<!\\)"/g) || []).length;
  if (quotes % 2 !== 0) return null;
  const from = pos - open[1].length;
  const prefix = open[1];
  const tree = syntaxTree(state);
  const node = tree.resolveInner(pos, -1);
  // The text before the opening quote decides between a value and a key.
  const head = state.sliceDoc(Math.max(0, from - 1 - 4000), from - 1);
  // An AWS managed policy ARN (the value of an `arn` reference, or any string that starts
  // like one: a `Resource` of iam:GetPolicy, an `iam:PolicyARN` condition value).
  if (/"arn"\s*:\s*$/.test(head) || prefix.startsWith("arn:aws:iam::aws:p")) {
    return { kind: "managedPolicy", prefix, from, actions: [] };
  }
  const listValue = head.match(/"(Not)?(Action|Resource)"\s*:\s*(\[\s*(?:"(?:[^"\\]|\\.)*"\s*,\s*)*)?$/);
  if (listValue) {
    const kind = listValue[2] === "Action" ? "action" : "resource";
    return { kind, prefix, from, actions: kind === "resource" ? statementActions(state, node) : [] };
  }
  if (/[{,]\s*$/.test(head)) {
    // A key: find the enclosing objects' property names with the syntax tree.
    let object = null;
    for (let n = node; n; n = n.parent) {
      if (n.name === "Object") { object = n; break; }
    }
    const owner = object && object.parent && object.parent.name === "Property" ? object.parent : null;
    const ownerName = propertyName(state, owner);
    if (ownerName === "Condition") return { kind: "operator", prefix, from, actions: [] };
    const outer = owner && owner.parent && owner.parent.parent;
    if (outer && outer.name === "Property" && propertyName(state, outer) === "Condition") {
      return { kind: "conditionKey", prefix, from, actions: statementActions(state, owner) };
    }
  }
  return null;
}

/// The hover provider for action patterns (installed with the catalog): pattern → text or "",
/// or a promise of it (from the evaluation worker).
let hoverProvider = null;

/// Installs (or removes, with null) the hover provider shared by every editor.
export function setHoverProvider(provider) {
  hoverProvider = provider;
}

// A hover on a string inside an Action/NotAction element shows what the pattern covers.
const actionHover = hoverTooltip((view, pos) => {
  if (!hoverProvider) return null;
  const node = syntaxTree(view.state).resolveInner(pos, 1);
  if (node.name !== "String") return null;
  let owner = node.parent;
  if (owner && owner.name === "Array") owner = owner.parent;
  const key = owner && owner.name === "Property" ? propertyName(view.state, owner) : null;
  if (key !== "Action" && key !== "NotAction") return null;
  const pattern = view.state.sliceDoc(node.from + 1, node.to - 1);
  const tooltip = (text) => {
    if (!text) return null;
    return {
      pos: node.from,
      end: node.to,
      above: true,
      create() {
        const dom = document.createElement("div");
        dom.className = "cm-rc-hover";
        dom.textContent = text;
        return { dom };
      },
    };
  };
  let text = "";
  try {
    text = hoverProvider(pattern);
  } catch (err) {
    return null;
  }
  // The text comes from the evaluation worker, which alone reads the catalog: a promise.
  if (text && typeof text.then === "function") return text.then(tooltip, () => null);
  return tooltip(text);
});

function completionSource(context) {
  if (!completionProvider) return null;
  const query = cursorQuery(context.state, context.pos);
  if (!query) return null;
  let answer;
  try {
    answer = completionProvider(JSON.stringify(query));
  } catch (err) {
    return null;
  }
  // The catalog's completions come from the evaluation worker, which alone reads the catalog
  // (web/src/catalog.rs): a promise of the answer. Managed policy ARNs come at once.
  if (answer && typeof answer.then === "function") {
    return answer.then((text) => completionResult(query, text), () => null);
  }
  return completionResult(query, answer);
}

function completionResult(query, answer) {
  if (!answer) return null;
  const parsed = JSON.parse(answer);
  if (!parsed || !parsed.options || parsed.options.length === 0) return null;
  // Every answer holds all the options of its place (for managed policies, every ARN of the
  // index), so further typing is filtered here, at once. Without `validFor`, each keystroke
  // would ask again, and while asking CodeMirror dims the list and lets Enter insert a line
  // break instead of the option the user sees (issue 11).
  if (query.kind === "managedPolicy") {
    return { from: parsed.from, options: parsed.options, validFor: /^[\w:*.\-\/+=,@]*$/ };
  }
  return { from: parsed.from, options: parsed.options, validFor: /^[\w:*.\-\/${}]*$/ };
}

const setHighlightsEffect = StateEffect.define();

const highlightField = StateField.define({
  create() {
    return Decoration.none;
  },
  update(value, tr) {
    value = value.map(tr.changes);
    for (const effect of tr.effects) {
      if (effect.is(setHighlightsEffect)) value = effect.value;
    }
    return value;
  },
  provide: (field) => EditorView.decorations.from(field),
});

function clampRange(doc, from, to) {
  const len = doc.length;
  const a = Math.max(0, Math.min(len, from | 0));
  const b = Math.max(a, Math.min(len, to | 0));
  return [a, b];
}

/// Documents longer than this (UTF-16 units) are edited without the JSON language: its parser
/// works through the whole document in the background, in idle slices that blocked the page for
/// 150-310 ms each on a 2 MB paste (issue 16), and its folding, bracket and completion help is of
/// little use in a document no one reads whole. Syntax errors are still underlined: they come
/// from rolecall-core, like every diagnostic.
const LARGE_DOC = 256 * 1024;
/// Nor with a line longer than this (UTF-16 units): the parser cannot pause inside one token, so
/// a hostile link's 250 KB resource pattern, one JSON string, was one task of 160 ms at load 15
/// (issue 14). No policy AWS accepts has such a line.
const LONG_LINE = 16 * 1024;
const jsonLanguage = json();
const noLanguage = [];

/// Whether a line of `doc` (or, with `ranges`, a line touching one of them) is over LONG_LINE.
function hasLongLine(doc, ranges) {
  if (doc.length <= LONG_LINE) return false;
  const over = (line) => line.length > LONG_LINE;
  const anyOver = (first, last) => {
    for (let i = first; i <= last; i++) if (over(doc.line(i))) return true;
    return false;
  };
  if (ranges) return ranges.some(([from, to]) => anyOver(doc.lineAt(from).number, doc.lineAt(to).number));
  return anyOver(1, doc.lines);
}

/// `hasLongLine` of a document's text before it is a document.
function stringHasLongLine(text) {
  if (text.length <= LONG_LINE) return false;
  let start = 0;
  for (;;) {
    const end = text.indexOf("\n", start);
    if ((end < 0 ? text.length : end) - start > LONG_LINE) return true;
    if (end < 0) return false;
    start = end + 1;
  }
}

const languageOf = (doc) => (doc.length > LARGE_DOC || hasLongLine(doc) ? noLanguage : jsonLanguage);

/// Switches the JSON language off when a change makes the document large or gives it a very long
/// line, and back on when neither holds again (a compartment per editor, reconfigured in the same
/// transaction). While the language is on, only the changed lines are looked at.
function languageSwitch(language) {
  return EditorState.transactionExtender.of((tr) => {
    if (!tr.docChanged) return null;
    const current = language.get(tr.startState);
    let wanted;
    if (tr.newDoc.length > LARGE_DOC) {
      wanted = noLanguage;
    } else if (current === jsonLanguage) {
      const ranges = [];
      tr.changes.iterChangedRanges((_fromA, _toA, fromB, toB) => ranges.push([fromB, toB]));
      wanted = hasLongLine(tr.newDoc, ranges) ? noLanguage : jsonLanguage;
    } else {
      wanted = languageOf(tr.newDoc);
    }
    return current === wanted ? null : { effects: language.reconfigure(wanted) };
  });
}

/// Changes to a large document reach the Rust side once per task, after CodeMirror has drawn
/// them: copying 2 MB out of the editor and into wasm on every keystroke, inside the paste or
/// key event itself, made that event one long task.
function changeNotifier(handle, onChange) {
  return EditorView.updateListener.of((update) => {
    if (!update.docChanged) return;
    window.performance.mark("rolecall:edit");
    if (update.state.doc.length <= LARGE_DOC && !handle.pending) {
      onChange(update.state.doc.toString());
      return;
    }
    if (handle.pending) return;
    handle.pending = true;
    setTimeout(() => {
      handle.pending = false;
      if (!handle.destroyed) onChange(handle.view.state.doc.toString());
    }, 0);
  });
}

/// Where every editor's tooltips (completion, hover, lint) are drawn: a box at the end of the
/// document's body, outside the editors. Each editor is laid out and painted on its own
/// (`contain: strict` in web/style.css, so that a keystroke lays out the editor only, not the
/// whole page: issue 14, keystroke -> decision inside one frame), and that containment would
/// clip a tooltip drawn inside the editor and position it against the editor instead of the
/// viewport.
const tooltipParent = document.createElement("div");
tooltipParent.className = "rc-tooltips";
document.body.append(tooltipParent);
const tooltipPlace = tooltips({ parent: tooltipParent });

const registry = new Map();
(window.__rolecall = window.__rolecall || {}).editors = registry;

/// Replaces the text as if the user had typed it (the loader's `setText` test hook).
export function hookSetText(handle, text) {
  const view = handle.view;
  // A replacement from outside (a template, Format, a rename) is its own undo step: Ctrl+Z
  // brings back exactly the text before it, never merged with the typing just before.
  view.dispatch({
    changes: { from: 0, to: view.state.doc.length, insert: text },
    annotations: isolateHistory.of("full"),
  });
}

/// Focuses the editor with the cursor at UTF-16 offset `pos` (the `setCursor` test hook).
export function editorSetCursor(handle, pos) {
  const view = handle.view;
  view.focus();
  view.dispatch({ selection: { anchor: Math.max(0, Math.min(pos, view.state.doc.length)) } });
}

/// The extensions of an editor holding `text` (see [`createEditor`]).
function extensionsOf(handle, text, label, onChange) {
  const language = new Compartment();
  return [
    lineNumbers(),
    highlightActiveLineGutter(),
    highlightSpecialChars(),
    history(),
    foldGutter(),
    drawSelection(),
    dropCursor(),
    EditorState.allowMultipleSelections.of(true),
    indentOnInput(),
    syntaxHighlighting(defaultHighlightStyle, { fallback: true }),
    bracketMatching(),
    closeBrackets(),
    // `filterStrict`: the list narrows as the user types by prefix only, the core's rule for
    // completions (crates/core/src/catalog/complete.rs). CodeMirror's default fuzzy filter, applied
    // to an answer kept through `validFor` (an earlier prefix's), let `s3:PutStorageLens...` stay
    // under `"s3:Get` depending on which keystroke's answer arrived first.
    autocompletion({ override: [completionSource], activateOnTyping: true, filterStrict: true }),
    rectangularSelection(),
    highlightActiveLine(),
    highlightSelectionMatches(),
    lintGutter(),
    language.of(text.length > LARGE_DOC || stringHasLongLine(text) ? noLanguage : jsonLanguage),
    languageSwitch(language),
    highlightField,
    tooltipPlace,
    actionHover,
    keymap.of([
      ...closeBracketsKeymap,
      ...defaultKeymap,
      ...searchKeymap,
      ...historyKeymap,
      ...foldKeymap,
      ...completionKeymap,
      ...lintKeymap,
    ]),
    // tabindex: a Tab stop that accessibility checkers recognise (contenteditable alone is not).
    EditorView.contentAttributes.of({ "aria-label": label, tabindex: "0" }),
    changeNotifier(handle, onChange),
  ];
}

/// What the first editor would run for the first time, in steps the loader (editor.js) runs one
/// per task between the import and the first editor: a bare editor, then the state of one with
/// every extension, its view (outside the document), and a diagnostic and a highlight drawn in
/// it, which is then destroyed. V8 compiles each function on its first call, and the editor's
/// style sheets are mounted with the first view; all of that in the page's first editor took
/// 70-300 ms of the page's thread at once on the loaded 2-core machine (issue 14: no task over
/// 100 ms). Returns the steps, each a function to call in a task of its own, in order.
export function warmUpSteps() {
  const text = '{\n  "Version": "2012-10-17",\n  "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]\n}';
  const handle = { view: null, testName: null, pending: false, destroyed: false };
  let state = null;
  return [
    () => new EditorView({ state: EditorState.create({ doc: text }) }).destroy(),
    () => {
      state = EditorState.create({ doc: text, extensions: extensionsOf(handle, text, "", () => {}) });
    },
    () => {
      handle.view = new EditorView({ state });
    },
    () => {
      editorSetDiagnostics(handle, JSON.stringify([{ from: 4, to: 13, severity: "warning", message: "" }]));
      editorSetHighlights(handle, JSON.stringify([{ from: 2, to: 11, kind: "deciding" }]), false);
      handle.destroyed = true;
      handle.view.destroy();
    },
  ];
}

/// Creates an editor inside `parent` holding `text`.
///
/// `label` is the accessible name of the editing area; `testName` registers the view in the
/// test hook; `onChange(text)` is called after every change of the document.
export function createEditor(parent, text, label, testName, onChange) {
  const handle = { view: null, testName, pending: false, destroyed: false };
  handle.view = new EditorView({
    state: EditorState.create({ doc: text, extensions: extensionsOf(handle, text, label, onChange) }),
    parent,
  });
  if (testName) registry.set(testName, handle.view);
  views.add(handle.view);
  return handle;
}

/// Replaces the whole text when it differs (a new document was selected or loaded).
export function editorSetText(handle, text) {
  const view = handle.view;
  if (view.state.doc.toString() === text) return;
  // A replacement from outside (a template, Format, a rename) is its own undo step: Ctrl+Z
  // brings back exactly the text before it, never merged with the typing just before.
  view.dispatch({
    changes: { from: 0, to: view.state.doc.length, insert: text },
    annotations: isolateHistory.of("full"),
  });
}

/// The current text.
export function editorGetText(handle) {
  return handle.view.state.doc.toString();
}

/// Shows diagnostics: a JSON array of {from, to, severity, message} in UTF-16 units. The Rust
/// side sends them only when they were computed for the text the editor last reported (it keeps
/// a copy, so 2 MB does not cross into JavaScript to be compared); a change not reported yet
/// (see `changeNotifier`) makes them stale, and they are dropped (a new result will follow).
export function editorSetDiagnostics(handle, diagnosticsJson) {
  const view = handle.view;
  if (handle.pending) return;
  const list = JSON.parse(diagnosticsJson).map((d) => {
    const [from, to] = clampRange(view.state.doc, d.from, d.to);
    return { from, to, severity: d.severity, message: d.message, source: d.source || "rolecall" };
  });
  const shown = [];
  forEachDiagnostic(view.state, (d, from, to) => shown.push(diagnosticKey(from, to, d)));
  if (sameKeys(shown, list.map((d) => diagnosticKey(d.from, d.to, d)))) return;
  view.dispatch(setDiagnostics(view.state, list));
}

/// What the editor shows of a diagnostic at `from`..`to`.
function diagnosticKey(from, to, d) {
  return `${from}:${to}:${d.severity}:${d.source}:${d.message}`;
}

/// Whether two lists hold the same keys, in any order. The editor keeps what it shows mapped
/// through each change, so after a keystroke the answer for the new text usually equals it: no
/// transaction is dispatched then, and the answer's task does not update and lay out the editor
/// again (issue 14, keystroke -> decision -> render inside one frame).
function sameKeys(a, b) {
  if (a.length !== b.length) return false;
  const x = [...a].sort();
  const y = [...b].sort();
  return x.every((k, i) => k === y[i]);
}

/// Highlights ranges (checked like the diagnostics): a JSON array of {from, to, kind} where kind
/// is `deciding` or `focus`. With `scroll`, the first range is scrolled into view.
export function editorSetHighlights(handle, rangesJson, scroll) {
  const view = handle.view;
  if (handle.pending) return;
  const given = JSON.parse(rangesJson)
    .map((r) => {
      const [from, to] = clampRange(view.state.doc, r.from, r.to);
      return { from, to, kind: r.kind };
    })
    .filter((r) => r.to > r.from);
  // The first range given (the focused one, when there is one) is the one scrolled to.
  const target = given[0];
  const ranges = [...given].sort((a, b) => a.from - b.from || a.to - b.to);
  // Unchanged (the usual answer to a keystroke: the shown ranges are mapped through it), nothing
  // is dispatched (see `sameKeys`).
  const shown = [];
  view.state.field(highlightField).between(0, view.state.doc.length, (from, to, deco) => {
    shown.push(`${from}:${to}:${deco.spec.class}`);
  });
  if (!sameKeys(shown, ranges.map((r) => `${r.from}:${r.to}:cm-rc-${r.kind}`))) {
    const builder = new RangeSetBuilder();
    for (const r of ranges) {
      builder.add(r.from, r.to, Decoration.mark({ class: `cm-rc-${r.kind}` }));
    }
    view.dispatch({ effects: [setHighlightsEffect.of(builder.finish())] });
  }
  if (scroll && target) {
    // Scroll the editor's own box only. CodeMirror's `scrollIntoView` effect also scrolls every
    // scrollable ancestor, the window included, so on a phone (one column, editors below the
    // decision) the page opened about 2,900 px down, past the decision (issue 16).
    const scroller = view.scrollDOM;
    view.requestMeasure({
      read: () => view.lineBlockAt(target.from),
      write: (block) => {
        scroller.scrollTop = Math.max(0, block.top + block.height / 2 - scroller.clientHeight / 2);
      },
    });
  }
}

/// Moves the focus into the editor.
export function editorFocus(handle) {
  handle.view.focus();
}

/// Destroys the editor and forgets its test name.
export function editorDestroy(handle) {
  handle.destroyed = true;
  if (handle.testName && registry.get(handle.testName) === handle.view) {
    registry.delete(handle.testName);
  }
  views.delete(handle.view);
  handle.view.destroy();
}
