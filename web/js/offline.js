// Registers the playground's service worker (`sw.js`, written by web/js/offline.mjs from
// web/js/sw.js), which keeps the page and what it fetched for a visit with the network cut.
//
// Called by web/src/main.rs once the app is rendered; the registration itself waits for the
// page's `load` event, so the worker's first downloads never compete with the first paint.
// Where a browser has no service workers (a page not served from a secure origin, a profile
// that blocks them), the page works as before, online only, and says nothing.

/// Registers `sw.js` next to the page, after the page has loaded.
export function registerOffline() {
  if (typeof navigator === "undefined" || !("serviceWorker" in navigator)) return;
  const register = () => {
    navigator.serviceWorker
      .register(new URL("sw.js", document.baseURI).href, { scope: "./" })
      .catch((err) => console.info("rolecall: no offline copy of the page:", err && err.message));
  };
  if (document.readyState === "complete") setTimeout(register, 0);
  else window.addEventListener("load", () => setTimeout(register, 0), { once: true });
}
