// The picture of the user's own last screen (issue 14, a lighter first paint): put into the built
// index.html by web/js/prerender.mjs right after the prerendered first screen (`#rc-prerender`), as
// an inline script (hashed by csp.mjs), with `__ROLECALL_BUILD__` replaced by this build's
// identity. It runs while the body is parsed, before the first paint.
//
// When the page will open the kept work (no fragment, or the page's own: no class `rc-link`, the
// rule of index.html's head script) and the snapshot stored when the page was last left
// (web/js/snapshot.js) was taken by this build of the autosave's exact text (its fingerprint),
// the snapshot's markup replaces the prerendered default example in the inert `#rc-prerender`,
// and the class `rc-opens` (which shows only the prerender's frame, with a status) goes: the
// page's wasm swaps its live screen in as for a first visit (web/src/app.rs `held_root`,
// `show_page`). Any other stored snapshot (another build, a changed autosave, not
// JSON, wrong types, too large) is removed, and the frame says "Opening your kept work…" until
// the page draws. A link someone opened leaves it stored (the link may not open, and the kept
// work stays); its frame says "Opening the link…".
//
// It also gives web/js/snapshot.js the key, the build, the bound and the fingerprint
// (`window.__rolecallSnapshot`), so that the snapshot is written and read with the same ones.
(function () {
  var K = "rolecall.snapshot.v1", B = "__ROLECALL_BUILD__", MAX = 1048576;
  // A fast 53-bit string hash (cyrb53) over UTF-16 code units, with the length.
  function fingerprint(s) {
    var a = 0xdeadbeef, b = 0x41c6ce57;
    for (var i = 0; i < s.length; i++) {
      var c = s.charCodeAt(i);
      a = Math.imul(a ^ c, 2654435761);
      b = Math.imul(b ^ c, 1597334677);
    }
    a = Math.imul(a ^ (a >>> 16), 2246822507) ^ Math.imul(b ^ (b >>> 13), 3266489909);
    b = Math.imul(b ^ (b >>> 16), 2246822507) ^ Math.imul(a ^ (a >>> 13), 3266489909);
    return s.length + ":" + (4294967296 * (2097151 & b) + (a >>> 0)).toString(36);
  }
  window.__rolecallSnapshot = { key: K, build: B, max: MAX, fingerprint: fingerprint };
  var root = document.documentElement;
  show();
  // For a link or kept work without its picture, the frame with its status shows (style.css): its
  // workspace is busy until the page draws. If the page's module cannot load (its script's
  // `error`) or fails as it starts (an uncaught error, such as its wasm's failed fetch or
  // compile) while the status (or the prerender, or the picture) still shows, the status says so
  // (class rc-failed) rather than claim progress, or show an inert screen, forever; no timer,
  // which a slow phone could fire.
  var main = document.getElementById("rc-main");
  if (main && root.classList.contains("rc-opens")) main.setAttribute("aria-busy", "true");
  addEventListener("error", function (e) {
    var t = e.target;
    if (document.getElementById("rc-opening") && (e instanceof ErrorEvent || (t && t.tagName === "SCRIPT"))) {
      root.classList.add("rc-failed");
    }
  }, true);
  function show() {
    try {
      var t = localStorage.getItem(K);
      if (t === null) return;
      // A link someone sent (index.html's head script) leaves the snapshot of the kept work.
      if (root.classList.contains("rc-link")) return;
      var k = localStorage.getItem("rolecall.autosave.v1"), s = null, p = document.getElementById("rc-prerender");
      try {
        if (t.length <= MAX + 4096) s = JSON.parse(t);
      } catch (e) {}
      if (p && k !== null && s !== null && typeof s === "object" && s.build === B && typeof s.html === "string" &&
          s.html.length <= MAX && s.text === fingerprint(k)) {
        p.innerHTML = s.html;
        // CodeMirror's rules go before style.css, where the page's own CodeMirror puts them (the
        // stylesheet's dark editor overrides them at equal specificity); the page removes them
        // with the picture (app.rs `drop_prerender`).
        var st = p.querySelector("style");
        if (st) {
          st.id = "rc-prerender-style";
          document.head.prepend(st);
        }
        root.classList.remove("rc-opens");
        return;
      }
      localStorage.removeItem(K);
    } catch (e) {}
  }
})();
