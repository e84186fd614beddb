// The snapshot of the page's live screen, stored when the page is left (issue 14, a lighter first
// paint): the next visit that opens the same kept work paints it at once, inert, before the page's
// wasm has arrived (web/js/snapshot-show.js, inline in index.html, reads it). Called by the
// page's `pagehide` flush after the autosave is written (web/src/persist.rs `keep_latest`,
// web/src/snapshot.rs): the autosave comes first and matters more, and nothing here throws.
//
// Stored under `rolecall.snapshot.v1` as JSON: `build`, the build's identity; `text`, the
// fingerprint of the autosave's exact text; `html`, the screen as the next visit opens it (no
// banner, no changes since the session's baseline, no editor focused): the page root's markup as the browser
// serializes it (the user's text escaped), with the form controls' current values written
// in as attributes, every `id` and `data-testid` removed (the picture is never taken for the live
// page), nothing live (scripts, event attributes, editable regions, dialogs), and CodeMirror's
// style rules (injected at run time, not in style.css) in a `<style>` of its own. A screen over
// 1 MiB of markup, or one that does not fit in storage, removes the old snapshot and stores none.

const AUTOSAVE = "rolecall.autosave.v1";

// The autosave's text this tab holds (a reference to the string, not a copy): as stored when the
// page opened (read here as the page's module loads, just before the page reads it to open the
// kept work: app.rs `opened_state`), then as this tab last wrote it. A stored text other than it
// was written by another tab since, and is that tab's work: this tab's screen is no picture of
// it, so nothing is stored or removed then. (Without this, hiding or leaving a tab whose work was
// saved before another tab's stored this tab's screen under the other tab's fingerprint, and a
// reload showed the wrong work. The other tab's `storage` event is no substitute: it can arrive
// after this tab is hidden, while the other tab's text is already what `localStorage` returns.)
let held = null;
try {
  held = localStorage.getItem(AUTOSAVE);
} catch (e) {}

/** This tab has just written the autosave (web/src/persist.rs `write_autosave`), `text`. */
export function autosaveWritten(text) {
  held = typeof text === "string" ? text : null;
}

const DEAD = "script,noscript,template,iframe,object,embed,frame,frameset,link,meta,base,dialog,#rc-prerender";
const CONTROLS = "input,textarea,select";

/** Stores the snapshot of the screen when `kept` (the autosave holds the scenario on screen),
 *  else removes any: a snapshot never outlives the autosave it shows. When another tab has
 *  written the autosave since this one did, it neither stores nor removes: the stored snapshot,
 *  if any, is that tab's. */
export function keepSnapshot(kept) {
  const api = window.__rolecallSnapshot;
  if (!api) return;
  const drop = () => {
    try {
      localStorage.removeItem(api.key);
    } catch (e) {}
  };
  try {
    // The page has not shown its own screen yet: the stored picture stays (it is shown again
    // only while the autosave is unchanged).
    if (document.getElementById("rc-prerender")) return;
    const text = localStorage.getItem(AUTOSAVE);
    if (text !== held) return;
    const root = document.getElementById("rc-page") ?? document.body;
    if (!kept || text === null || !root.querySelector(".app")) return drop();
    const html = styles() + picture(root);
    if (html.length > api.max) return drop();
    localStorage.setItem(api.key, JSON.stringify({ build: api.build, text: api.fingerprint(text), html }));
  } catch (e) {
    drop();
  }
}

/** The markup of `root`'s children, as a picture (see the header). */
function picture(root) {
  const copy = root.cloneNode(true);
  const live = root.querySelectorAll(CONTROLS);
  const copied = copy.querySelectorAll(CONTROLS);
  live.forEach((from, i) => {
    const to = copied[i];
    if (!to) return;
    if (from instanceof HTMLInputElement) {
      if (from.type === "checkbox" || from.type === "radio") to.toggleAttribute("checked", from.checked);
      else if (from.type !== "file" && from.type !== "password") to.setAttribute("value", from.value);
    } else if (from instanceof HTMLTextAreaElement) {
      to.textContent = from.value;
    } else if (from instanceof HTMLSelectElement) {
      Array.from(from.options).forEach((o, j) => to.options[j]?.toggleAttribute("selected", o.selected));
    }
  });
  // What the next visit does not show again, so that the live screen does not jump when it
  // replaces the picture: the banner (the session's notices: the first visit's introduction, an
  // undo) and the changes since the session's baseline (a reload starts with none: the pin alone).
  copy.querySelectorAll("[data-testid=notice-banner], [data-testid=error-banner]").forEach((e) => e.remove());
  for (const section of copy.querySelectorAll("section[data-testid=what-changed]:not(.idle)")) {
    const pin = section.querySelector("[data-testid=pin-baseline]");
    section.replaceChildren(...(pin ? [pin] : []));
    section.classList.add("idle");
  }
  // Nor the editor's focus: its cursor and selection (a reload opens with no editor focused).
  copy.querySelectorAll(".cm-cursorLayer > *, .cm-selectionLayer > *").forEach((e) => e.remove());
  copy.querySelectorAll(".cm-focused").forEach((e) => e.classList.remove("cm-focused"));
  copy.querySelectorAll(DEAD).forEach((e) => e.remove());
  for (const e of copy.querySelectorAll("*")) {
    for (const { name, value } of Array.from(e.attributes)) {
      if (
        name === "id" ||
        name === "data-testid" ||
        name.startsWith("on") ||
        name === "contenteditable" ||
        name === "autofocus" ||
        (/^(href|src|action|formaction|xlink:href)$/.test(name) && /^\s*(javascript|data):/i.test(value))
      ) {
        e.removeAttribute(name);
      }
    }
  }
  return copy.innerHTML;
}

/** The rules of the style sheets CodeMirror injected (adopted sheets and `<style>` elements), in
 *  a `<style>`, so that the picture's editors look as they did; no rule that could end it. */
function styles() {
  const sheets = [...(document.adoptedStyleSheets ?? []), ...Array.from(document.querySelectorAll("style"), (s) => s.sheet)];
  const rules = [];
  for (const sheet of sheets) {
    try {
      for (const rule of sheet?.cssRules ?? []) if (!rule.cssText.includes("<")) rules.push(rule.cssText);
    } catch (e) {}
  }
  return rules.length > 0 ? `<style>${rules.join("\n")}</style>` : "";
}
