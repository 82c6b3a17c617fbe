/* Column Digest page script.
 * 1. Search: Pagefind's UI on the search page (docs/search.md). Loads only local files
 *    from the site's own pagefind/ folder (built by `digest build`). navigation.instant
 *    is off, so every page load runs this once: no re-initialisation on document$.
 * 2. Images that fail to load (hot-linked photos offline) get a class that hides the
 *    browser's broken-image icon. */
(function () {
  "use strict";
  var script = document.currentScript;
  var base = new URL((script && script.dataset.base) || ".", document.baseURI);
  var bundle = new URL("pagefind/", base).href;

  function notice(el, text) {
    var p = document.createElement("p");
    p.className = "digest-search__notice";
    p.textContent = text;
    el.appendChild(p);
  }

  function start() {
    var el = document.getElementById("digest-search");
    if (!el) return;
    var css = document.createElement("link");
    css.rel = "stylesheet";
    css.href = bundle + "pagefind-ui.css";
    document.head.appendChild(css);
    var js = document.createElement("script");
    js.src = bundle + "pagefind-ui.js";
    js.onload = function () {
      var ui = new window.PagefindUI({
        element: el,
        bundlePath: bundle,
        showImages: false,
        showSubResults: true,
        excerptLength: 40,
        resetStyles: false,
      });
      var q = new URLSearchParams(window.location.search).get("q");
      if (q) ui.triggerSearch(q);
    };
    js.onerror = function () {
      notice(el, "検索インデックスがまだありません。`digest build` を実行すると作られます。");
    };
    document.head.appendChild(js);
  }

  function markBroken() {
    document.querySelectorAll("img").forEach(function (img) {
      if (img.complete && img.naturalWidth === 0 && img.getAttribute("src")) {
        img.classList.add("digest-broken");
      }
    });
  }

  function header() {
    var q = new URLSearchParams(window.location.search).get("q");
    var input = document.getElementById("digest-q");
    if (input && q && document.getElementById("digest-search")) input.value = q;
  }

  document.addEventListener("error", function (event) {
    var el = event.target;
    if (el && el.tagName === "IMG") el.classList.add("digest-broken");
  }, true);

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { markBroken(); header(); start(); });
  } else {
    markBroken();
    header();
    start();
  }
})();
