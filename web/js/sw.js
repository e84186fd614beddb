// The playground's service worker: once the page has been visited, it opens and works with the
// network cut (issue 11: "it must keep working offline once those are loaded").
//
// This file is a template: the trunk post-build hook `web/js/offline.mjs` writes it to `sw.js`
// next to the page with `__ROLECALL_VERSION__` (a hash of every file below) and
// `__ROLECALL_PRECACHE__` (the page's files: index.html, the wasm and its glue, the scripts,
// the style sheet, the lazily loaded CodeMirror bundle, the catalog and the managed-policy index;
// not the 1,594 managed policies, which are cached as the page fetches them). A new build is a
// new file, so the browser installs it, and the caches of older builds are deleted.
//
// Requests: only GETs of this origin are answered here. Files whose name carries trunk's or
// build.mjs's content hash never change: cache first. Everything else (the page itself, the
// catalog, the managed-policy files) is network first, so an online visit always gets the
// server's current files, and the cache answers only when the network does not.
// web/js/offline.js registers it after the page has loaded (never before the first paint).

const VERSION = "__ROLECALL_VERSION__";
const PRECACHE = __ROLECALL_PRECACHE__;
const PREFIX = "rolecall-";
const CACHE = `${PREFIX}${VERSION}`;
/// A file name with a content hash (`rolecall-web-0123456789abcdef_bg.wasm`, `codemirror-<16 hex>.js`,
/// the snippets' folder): its content never changes.
const HASHED = /[-_][0-9a-f]{16}(?:[._/-]|$)/;

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches
      .open(CACHE)
      .then((cache) => cache.addAll(PRECACHE.map((path) => new Request(path, { cache: "reload" }))))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((k) => k.startsWith(PREFIX) && k !== CACHE).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  event.respondWith(answer(request, url));
});

/// The page itself is cached under the scope's URL (`./`): a link's scenario is in the URL's
/// fragment, which a request never carries, and a query does not change the page.
function keyOf(request, url) {
  if (request.mode === "navigate") return new URL("./", self.location.href).href;
  return url.href;
}

async function answer(request, url) {
  const cache = await caches.open(CACHE);
  const key = keyOf(request, url);
  if (HASHED.test(url.pathname)) {
    const kept = await cache.match(key);
    if (kept) return kept;
  }
  try {
    const response = await fetch(request);
    if (response.ok && response.type === "basic") await cache.put(key, response.clone());
    return response;
  } catch (err) {
    const kept = await cache.match(key);
    if (kept) return kept;
    throw err;
  }
}
