// The evaluation worker (web/src/evaluator.rs): a wasm module of its own, run in a dedicated
// Web Worker, so that checking and evaluating a scenario never blocks typing.
//
// This one file is both sides. On the page, wasm-bindgen imports it as a snippet and calls
// `startWorker`, which starts this same file as a module worker and hands it the URL of the
// worker's wasm-bindgen glue, `rolecall-worker.js` (trunk builds it next to the page's glue from
// the same crate with the `worker` feature: the core's evaluation, suggestions, import/export and
// access graph, which the page's module does not carry, issue 14). In the worker, the code at
// the bottom loads that glue and its wasm (`rolecall-worker_bg.wasm`) and forwards each message
// to the wasm exports `worker_*` (web/src/worker.rs), in order. The page also runs that module a
// second time on its own thread, the inline mirror (`startMirror` below), for the keystrokes of a
// small scenario (web/src/evaluator/inline.rs).

/// The URL of the page's wasm-bindgen glue (`/rolecall-web-<hash>.js`), which trunk's loader
/// imports and preloads: the worker's glue sits next to it.
function glueUrl() {
  const pattern = /\/rolecall-web(-[0-9a-f]+)?\.js$/;
  for (const link of document.querySelectorAll("link[rel=modulepreload]")) {
    if (pattern.test(new URL(link.href, location.href).pathname)) return link.href;
  }
  for (const entry of performance.getEntriesByType("resource")) {
    if (pattern.test(new URL(entry.name).pathname)) return entry.name;
  }
  return null;
}

/// Creates the worker and asks it to load its module; what it says before the page listens
/// (an error) is held. `null` when the browser cannot run one.
function create() {
  const page = glueUrl();
  if (typeof Worker === "undefined" || !page) return null;
  const glue = new URL("rolecall-worker.js", page).href;
  performance.mark("rolecall:worker-start");
  const worker = new Worker(new URL(import.meta.url), { type: "module", name: "rolecall-evaluator" });
  const held = [];
  worker.onmessage = (e) => held.push(e);
  worker.onerror = (e) => {
    e.preventDefault();
    held.push(e);
  };
  worker.postMessage({ kind: "init", glue });
  return { worker, held };
}

// On the page, the worker was started by index.html's head script while the document was
// parsed (`window.__rolecallWorker`, the same shape as `create`'s), or starts as soon as this
// module is evaluated (with the page's glue, before the page's own wasm is compiled), so that
// the worker's module downloads and compiles meanwhile: the first decision waits for the later
// of the two, not for both in turn (issue 14).
let early = null;
// The link the head script told the worker to read (`prime`), whose JSON it sends back.
let primed = null;
if (typeof document !== "undefined") {
  try {
    primed = window.__rolecallWorker?.link || null;
    early = window.__rolecallWorker ?? create();
    window.__rolecallWorker = undefined;
  } catch (e) {
    early = null;
  }
}

/// Starts the worker (or takes the one started early). `onMessage` gets each answer
/// (`{kind: "evaluated", revision, view}`, then `{kind: "suggested", revision, suggestions}`
/// when asked, or `{kind: "failed", message}`). Returns the worker, or null when the browser
/// cannot run one (the page then says so: it cannot evaluate on its own).
export function startWorker(onMessage) {
  try {
    const started = early ?? create();
    early = null;
    if (!started) return null;
    const { worker, held } = started;
    worker.onmessage = (e) => {
      // The worker's own time per evaluation, on the page's timeline (read by the figures test).
      if (e.data && e.data.readyAt) {
        // When the worker's module was ready (its clock is its own: absolute time here).
        performance.mark("rolecall:worker-ready", { startTime: e.data.readyAt - performance.timeOrigin });
        // What the worker fetched to start (its glue and wasm), on the page's clock: the figures
        // test counts what of it arrived before the page's first paint.
        for (const f of e.data.fetched ?? []) {
          performance.mark("rolecall:worker-fetched", {
            startTime: f.end - performance.timeOrigin,
            detail: { url: f.url, start: f.start - performance.timeOrigin, end: f.end - performance.timeOrigin },
          });
        }
      }
      if (e.data && e.data.kind === "evaluated") {
        // `at`: when the worker received the evaluation, started it and posted its answer (its
        // own clock, absolute), on the page's clock.
        const at = {};
        for (const [k, v] of Object.entries(e.data.at ?? {})) at[k] = v - performance.timeOrigin;
        performance.mark("rolecall:worker", { detail: { ms: e.data.ms, viewMs: e.data.viewMs, revision: e.data.revision, at } });
      } else if (e.data && e.data.kind === "suggested") {
        performance.mark("rolecall:worker-suggestions", { detail: { ms: e.data.ms, revision: e.data.revision } });
      }
      if (e.data && e.data.reach) {
        // A "Who can?" question or build ahead: the worker's time and its count of graphs built.
        performance.mark("rolecall:reach-worker", { detail: e.data.reach });
      }
      if (e.data && e.data.kind === "imported") {
        performance.mark("rolecall:imported", { detail: { ms: e.data.ms } });
      }
      onMessage(e.data);
    };
    worker.onerror = (e) => {
      e.preventDefault();
      onMessage({ kind: "failed", message: String(e.message || "the worker could not start") });
    };
    for (const e of held) {
      if (e.type === "error") worker.onerror(e);
      else worker.onmessage(e);
    }
    return worker;
  } catch (e) {
    return null;
  }
}

/// The link (a URL fragment without its `#`) the worker was told to read as the page started
/// (index.html's head script), or null: its answer is a message `{kind: "link", fragment, json}`.
export function primedLink() {
  return primed;
}

/// The messages that change what an evaluator holds: its scenario (`scenario`, `texts`), the
/// catalog (`catalog`, answered with its date) and the AWS managed policies (`managed`), applied
/// to `glue`, the worker's module: in the worker, and in its inline mirror on the page (below).
/// One function for both, so that the two copies stay equal. Returns the export's answer.
function applyState(glue, m) {
  switch (m.kind) {
    case "managed":
      return glue.worker_managed(m.text);
    case "scenario":
      return glue.worker_scenario(m.json, m.paths, m.texts);
    case "texts":
      return glue.worker_texts(m.paths, m.texts);
    case "catalog":
      return glue.worker_catalog(m.json);
    default:
      throw new Error(`not a state message: ${m.kind}`);
  }
}

// The inline mirror (web/src/evaluator/inline.rs): the worker's module instantiated a second
// time, on the page's thread, once the page is shown and idle. It is fed the same state messages
// as the worker (`applyState`) and evaluates a small scenario's keystroke synchronously, in the
// keystroke's own task, so that its decision is drawn in the keystroke's frame: an answer from
// the worker, however fast, comes after that frame (BENCHMARKS.md, "the answer comes after the
// keystroke's frame"). It never imports, answers "Who can?", persists or suggests.
let mirror = null;
// Its wasm memory (its size is reported by `markMirror`).
let mirrorMemory = null;

/// Instantiates the mirror from the module index.html's head script compiled for the worker
/// (`window.__rolecallWorkerModule`), else compiles it; calls `done(true)` when it is ready,
/// `done(false)` when it could not start (the page then keeps using the worker alone).
export function startMirror(done) {
  (async () => {
    const page = glueUrl();
    if (!page) throw new Error("no page glue");
    const url = new URL("rolecall-worker.js", page).href;
    const compiled = (await window.__rolecallWorkerModule?.catch(() => null)) ??
      (await WebAssembly.compileStreaming(fetch(new URL("rolecall-worker_bg.wasm", url))));
    const glue = await import(url);
    const exports = await glue.default({ module_or_path: compiled });
    mirror = glue;
    mirrorMemory = exports.memory ?? null;
  })().then(
    () => done(true),
    (e) => {
      console.warn("rolecall: the inline evaluator could not start; the worker evaluates alone", e);
      done(false);
    },
  );
}

/// Applies a state message (the same object posted to the worker) to the mirror; throws when
/// the mirror fails.
export function mirrorApply(message) {
  if (!mirror) throw new Error("no inline evaluator");
  return applyState(mirror, message);
}

// The catalog message the mirror is reading in parts, if any (`mirrorApplyPart`).
let mirrorCatalog = null;

/// Applies part of a state message to the mirror: a catalog message (1.2 MB of JSON, 53-190 ms
/// to read at once on the page's thread) a header or `services` services at a time, which
/// `worker_catalog_begin`/`worker_catalog_step` read into the catalog `worker_catalog` reads
/// (web/src/worker.rs); any other message at once (`applyState`). Whether the message is now
/// applied whole (else call again with it). Throws when the mirror fails.
export function mirrorApplyPart(message, services) {
  if (!mirror) throw new Error("no inline evaluator");
  if (message.kind !== "catalog") {
    applyState(mirror, message);
    return true;
  }
  const answer = mirrorCatalog === message ? mirror.worker_catalog_step(services) : mirror.worker_catalog_begin(message.json);
  mirrorCatalog = answer === undefined ? message : null;
  return answer !== undefined;
}

/// The mirror's evaluation of its copy: `worker_evaluate`, the same view as the worker's.
export function mirrorEvaluate(base) {
  if (!mirror) throw new Error("no inline evaluator");
  return mirror.worker_evaluate(base);
}

/// The mirror failed: it is not used again in this visit (a trapped instance cannot be trusted).
export function dropMirror(why) {
  if (mirror) console.warn("rolecall: the inline evaluator stopped; the worker evaluates alone", why);
  mirror = null;
}

/// Runs `work` when the page is idle (within `timeout` ms at the latest).
export function whenIdle(work, timeout) {
  if (typeof requestIdleCallback === "function") requestIdleCallback(() => work(), { timeout });
  else setTimeout(() => work(), 50);
}

/// Marks an inline evaluation on the page's timeline (read by the figures test): its time (the
/// texts set, the evaluation, its view read), the revision it decided, and when each of those
/// three parts ended (`[set, evaluated, read]`, on the page's clock).
export function markInline(ms, revision, parts) {
  const [set, evaluated, read] = parts;
  const start = read - ms;
  performance.mark("rolecall:inline", {
    detail: { ms, revision, setMs: set - start, evaluateMs: evaluated - set, readMs: read - evaluated },
  });
}

/// Marks the mirror caught up (read by the browser tests): the catalog and managed-policy
/// messages it applied of those the worker got, whether it is warm, and its memory's size.
export function markMirror(applied, sent, warm) {
  const memoryBytes = mirrorMemory?.buffer.byteLength ?? null;
  performance.mark("rolecall:inline-ready", { detail: { applied, sent, warm, memoryBytes } });
}

/// Sends one message to the worker.
export function postToWorker(worker, message) {
  worker.postMessage(message);
}

/// Reads the time of the page's performance clock (used for the worker's marks).
export function now() {
  return performance.now();
}

const inWorker = typeof WorkerGlobalScope !== "undefined" && self instanceof WorkerGlobalScope;
if (inWorker && self.name === "rolecall-evaluator") {
  let glue = null;
  // Messages are handled one after another, in the order they were sent.
  let chain = Promise.resolve();
  // Evaluations received and not yet handled, and the revision evaluated last.
  let waitingEvaluations = 0;
  let evaluated = null;
  // When the module was ready (absolute time), sent once with the first answer, with what the
  // worker fetched to get there (absolute start and end of each request).
  let readyAt = null;
  let fetched = null;
  // The time the texts sent since the last evaluation took to set.
  let textsMs = 0;
  // The worker's module as the page compiled it (index.html's head script starts that compile
  // while the document is parsed, before this worker's script has even loaded, and posts the
  // module here: a `{kind: "module"}` message, taken at once rather than queued), or null when
  // the page's compile failed.
  let fromPage = null;
  const pageModule = new Promise((resolve) => {
    fromPage = resolve;
  });
  // The glue is imported as soon as this script runs, not when the page's first message (`init`,
  // which names it) arrives: Chromium forwards the messages sent to a new worker from the page's
  // thread once the worker's script has run, and that thread is busy with the page's start
  // (issue 14, the first decision). The glue sits at the bundle's root, where this file, a
  // wasm-bindgen snippet, is `snippets/<crate>/js/worker.js` (the layout web/js/early-worker.mjs
  // relies on too); `init` uses this import only when it names the same URL.
  const guessedGlue = new URL("../../../rolecall-worker.js", import.meta.url).href;
  const earlyGlue = import(guessedGlue);
  earlyGlue.catch(() => {});
  const handle = async (m) => {
    switch (m.kind) {
      case "init": {
        // The wasm is fetched and compiled at once (it needs no imports to compile), while the
        // glue and the snippets it imports load, rather than after them (issue 14, the first
        // decision); the glue then instantiates the compiled module. When the page's head
        // script compiles it (`m.module`), that compile started earlier: it is the one used,
        // unless it failed. Should streaming compilation be refused (a server without the wasm
        // MIME type), the glue fetches it.
        const wasm = new URL("rolecall-worker_bg.wasm", m.glue);
        const compile = () => WebAssembly.compileStreaming(fetch(wasm)).catch(() => wasm);
        const compiled = m.module ? pageModule.then((module) => module ?? compile()) : compile();
        glue = await (m.glue === guessedGlue ? earlyGlue.catch(() => import(m.glue)) : import(m.glue));
        await glue.default({ module_or_path: await compiled });
        readyAt = performance.timeOrigin + performance.now();
        fetched = performance.getEntriesByType("resource").map((e) => ({
          url: e.name,
          start: performance.timeOrigin + e.startTime,
          end: performance.timeOrigin + e.responseEnd,
        }));
        return;
      }
      case "prime":
        // What the page is about to open (index.html's head script). A link is read first and
        // its scenario's JSON sent to the page (null when it is no scenario: the page reads it
        // itself to say why); then the view is computed into the worker's view cache while the
        // page's module starts (web/src/worker.rs).
        if (m.fragment) {
          self.postMessage({ kind: "link", fragment: m.fragment, json: glue.worker_open_link(m.fragment) ?? null });
        }
        glue.worker_prime(m.fragment ?? undefined, m.kept ?? undefined);
        return;
      case "managed":
      case "scenario":
        applyState(glue, m);
        return;
      case "texts": {
        const start = performance.now();
        applyState(glue, m);
        textsMs = performance.now() - start;
        return;
      }
      case "catalog":
        // The catalog's text in, its date back (web/src/catalog.rs): asked like a question.
        self.postMessage({ kind: "reached", id: m.id, json: applyState(glue, m) });
        return;
      case "persist":
        // The autosave JSON and the share link of the worker's copy (web/src/evaluator.rs `persist`).
        self.postMessage({
          kind: "persisted",
          id: m.id,
          json: m.json ? (m.pretty ? glue.worker_json_pretty() : glue.worker_json()) : null,
          link: glue.worker_link(m.request) ?? null,
        });
        return;
      case "import": {
        // The review as JSON, and the scenario's skeleton beside it (its JSON without the
        // documents' texts, which stay here: web/src/elided.rs), not escaped inside the JSON.
        const start = performance.now();
        const imported = glue.worker_import(m.id, m.names, m.texts);
        // `ms`: the worker's time for the import and its check (read by the figures test).
        const ms = performance.now() - start;
        self.postMessage({ kind: "imported", id: m.id, imported, text: glue.worker_imported_text() ?? null, ms });
        // While the page shows the review: the imported scenario's view, for its opening.
        glue.worker_prepare();
        return;
      }
      case "adopt":
        // The page opened import `id`: the worker's copy is the scenario it imported. The page
        // adopts only the latest import it was answered, which the worker still has.
        if (!glue.worker_adopt(m.id)) throw new Error(`the worker no longer has import ${m.id}`);
        return;
      case "reach_prepare": {
        // The user turned to the "Who can?" view and the graph of this revision is not built:
        // it is built now, so that the question finds it ready (a question sent meanwhile
        // waits behind it and does not build it again). An evaluation sent meanwhile goes first:
        // the build moves behind it.
        await new Promise((resolve) => setTimeout(resolve, 0));
        if (waitingEvaluations > 0) {
          enqueue(m);
          return;
        }
        const start = performance.now();
        const built = glue.worker_reach_prepare();
        // `reach`: the worker's time and how many graphs it built so far (read by the tests).
        const reach = { asked: m.kind, built, ms: performance.now() - start, builds: glue.worker_reach_builds() };
        self.postMessage({ kind: "reached", id: m.id, json: String(built), reach });
        return;
      }
      case "reach": {
        const start = performance.now();
        const json = glue.worker_reach(m.json);
        const reach = { asked: m.kind, ms: performance.now() - start, builds: glue.worker_reach_builds() };
        self.postMessage({ kind: "reached", id: m.id, json, reach });
        return;
      }
      case "export":
      case "elided":
      case "reach_explain":
      case "complete":
      case "hover":
      case "markdown":
      case "starts":
        // A question (web/src/evaluator.rs `ask`), answered by the export of its name: "Who
        // can?" and its explanations, the files of an export, the editor's completions and
        // hover on the catalog (web/src/catalog.rs), asked as the user types; notes as the
        // nodes the page draws (web/src/markdown.rs: the page has no Markdown parser); the texts
        // of documents the page holds only markers of (web/src/elided.rs); where a "Who can?"
        // question can start from (web/src/components/who_can.rs: it parses policies).
        self.postMessage({ kind: "reached", id: m.id, json: glue[`worker_${m.kind}`](m.json) });
        return;
      case "evaluate": {
        waitingEvaluations -= 1;
        // The decision first, on its own: the suggestions follow when the page asks.
        const start = performance.now();
        // `base`: the number of the view the page holds (the answer leaves out what is the same).
        const view = glue.worker_evaluate(m.base ?? 0);
        // `ms`: the answer's compute time (the view and its JSON).
        const ms = performance.now() - start;
        evaluated = m.revision;
        // Where the time went (absolute times, read by the figures test): the message received,
        // the evaluation started (after what was queued before it), the answer posted; and the
        // time spent setting the texts sent before it.
        const abs = (t) => performance.timeOrigin + t;
        const at = { received: m.receivedAt, started: abs(start), posted: abs(performance.now()) };
        self.postMessage({ kind: "evaluated", revision: m.revision, view, ms, viewMs: ms, textsMs, at, readyAt, fetched });
        textsMs = 0;
        readyAt = null;
        fetched = null;
        return;
      }
      case "suggest": {
        // Let the messages sent meanwhile arrive: a newer evaluation waiting skips these.
        await new Promise((resolve) => setTimeout(resolve, 0));
        if (waitingEvaluations > 0 || evaluated !== m.revision) return;
        const start = performance.now();
        // "Allowed only if …" for each request (the core's, verified; none for a large scenario).
        const suggestions = glue.worker_suggestions();
        self.postMessage({ kind: "suggested", revision: m.revision, suggestions, ms: performance.now() - start });
        return;
      }
    }
  };
  // Handles `m` after every message received before it.
  let stopped = false;
  const enqueue = (m) => {
    chain = chain.then(() => (stopped ? undefined : handle(m))).catch((err) => {
      self.postMessage({ kind: "failed", message: String((err && err.message) || err) });
      // A wasm instance that trapped cannot be trusted again: stop here.
      stopped = true;
      self.onmessage = null;
    });
  };
  self.onmessage = (e) => {
    if (e.data && e.data.kind === "module") {
      fromPage(e.data.module instanceof WebAssembly.Module ? e.data.module : null);
      return;
    }
    if (e.data && e.data.kind === "evaluate") {
      waitingEvaluations += 1;
      e.data.receivedAt = performance.timeOrigin + performance.now();
    }
    enqueue(e.data);
  };
}
