/* Column Digest page script (no dependencies, no other host).
 *
 * 1. Search page (docs/search.md, element #digest-search): a small search UI over
 *    Pagefind's JS API (pagefind/pagefind.js, built by `digest build`). Our own UI rather
 *    than Pagefind's: Pagefind UI 1.5 inserts filter values (columnist and column names,
 *    scraped text) as HTML. Here every value is set with textContent; excerpts keep only
 *    Pagefind's <mark> highlights, rebuilt as elements.
 *    navigation.instant is off: every page load runs this once, no re-initialisation.
 * 2. Images that fail to load (hot-linked photos, offline) get a class that hides the
 *    browser's broken-image icon.
 */
(function () {
  "use strict";
  var script = document.currentScript;
  var base = new URL((script && script.dataset.base) || ".", document.baseURI);
  var bundle = new URL("pagefind/", base).href;
  var PAGE = 10; // results shown per "more" click
  var FILTERS = [["column", "コラム"], ["columnist", "執筆者"], ["month", "月"]];
  // Pages checked by the substring fallback (see substringSearch), at most.
  var FALLBACK_PAGES = 100;
  var CJK = /[\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff\uff66-\uff9f]/;

  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text != null) node.textContent = text;
    return node;
  }

  // Pagefind's excerpt is escaped HTML with <mark> around hits: rebuild it as nodes.
  function excerptNodes(html) {
    var out = document.createDocumentFragment();
    var decoder = document.createElement("textarea");
    String(html || "").split(/(<mark>|<\/mark>)/).reduce(function (marked, part) {
      if (part === "<mark>") return true;
      if (part === "</mark>") return false;
      decoder.innerHTML = part.replace(/<[^>]*>/g, "");
      var text = document.createTextNode(decoder.value);
      if (marked) {
        var m = el("mark");
        m.appendChild(text);
        out.appendChild(m);
      } else {
        out.appendChild(text);
      }
      return marked;
    }, false);
    return out;
  }

  function jaDate(iso) {
    var m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso || "");
    return m ? m[1] + "年" + Number(m[2]) + "月" + Number(m[3]) + "日" : "";
  }

  function renderResult(data) {
    var li = el("li", "digest-result");
    var a = el("a", "digest-result__title", (data.meta && data.meta.title) || data.url);
    a.href = data.url;
    li.appendChild(a);
    var f = data.filters || {};
    var meta = [jaDate(data.meta && data.meta.date)]
      .concat(f.columnist || [], f.column || [])
      .filter(Boolean)
      .join(" · ");
    li.appendChild(el("p", "digest-result__meta", meta));
    var p = el("p", "digest-result__excerpt");
    p.appendChild(excerptNodes(data.excerpt));
    li.appendChild(p);
    return li;
  }

  // Pagefind splits a query with the browser's Intl.Segmenter, which can cut a compound
  // where the indexer's dictionary did not (抹茶ラテ → 抹茶|ラテ, while the page was
  // indexed with the word 抹茶ラテ; Pagefind issue 1237). Then no page has every piece
  // and the search finds nothing. Fallback for a query without spaces: search its first
  // piece (a prefix of the indexed word) and keep the pages whose text contains the
  // whole query.
  async function substringSearch(pagefind, q, options) {
    if (/\s/.test(q) || !CJK.test(q) || typeof Intl.Segmenter === "undefined") return [];
    var pieces = Array.from(new Intl.Segmenter("ja", { granularity: "word" }).segment(q));
    if (pieces.length < 2) return [];
    var found = await pagefind.search(pieces[0].segment, options);
    var candidates = (found && found.results ? found.results : []).slice(0, FALLBACK_PAGES);
    var data = await Promise.all(candidates.map(function (r) { return r.data(); }));
    var needle = q.toLocaleLowerCase();
    return candidates.filter(function (r, i) {
      return (data[i].content || "").toLocaleLowerCase().indexOf(needle) >= 0;
    });
  }

  async function start(root) {
    var form = el("form", "digest-search__form");
    form.setAttribute("role", "search");
    var input = el("input", "digest-search__input");
    input.type = "search";
    input.name = "q";
    input.placeholder = "キーワードを入力（例: 抹茶ラテ）";
    input.setAttribute("aria-label", "記事を検索");
    input.autocomplete = "off";
    form.appendChild(input);
    var selects = el("div", "digest-search__filters");
    form.appendChild(selects);
    var status = el("p", "digest-search__status");
    status.setAttribute("aria-live", "polite");
    var list = el("ol", "digest-search__results");
    var more = el("button", "md-button digest-search__more", "もっと見る");
    more.type = "button";
    more.hidden = true;
    root.append(form, status, list, more);

    var pagefind;
    try {
      pagefind = await import(bundle + "pagefind.js");
      await pagefind.options({ baseUrl: base.pathname, excerptLength: 40 });
      await pagefind.init();
    } catch (err) {
      root.dataset.state = "unavailable";
      status.textContent =
        "検索インデックスがありません。`digest build` を実行すると site/pagefind/ に作られます。";
      return;
    }

    var available = {};
    try {
      available = await pagefind.filters();
    } catch (err) {
      available = {};
    }
    FILTERS.forEach(function (pair) {
      var values = Object.keys(available[pair[0]] || {}).sort();
      if (pair[0] === "month") values.reverse();
      if (!values.length) return;
      var label = el("label", "digest-search__filter");
      label.appendChild(el("span", null, pair[1]));
      var select = el("select");
      select.name = pair[0];
      select.appendChild(el("option", null, "すべて")).value = "";
      values.forEach(function (v) {
        var option = el("option", null, v + "（" + available[pair[0]][v] + "）");
        option.value = v;
        select.appendChild(option);
      });
      select.addEventListener("change", run);
      label.appendChild(select);
      selects.appendChild(label);
    });

    var results = [];
    var shown = 0;
    var ticket = 0;

    async function showMore() {
      var mine = ticket;
      var next = results.slice(shown, shown + PAGE);
      var data = await Promise.all(next.map(function (r) { return r.data(); }));
      if (mine !== ticket) return;
      data.forEach(function (d) { list.appendChild(renderResult(d)); });
      shown += next.length;
      more.hidden = shown >= results.length;
    }

    async function run() {
      var mine = ++ticket;
      var q = input.value.trim();
      root.dataset.state = "searching";
      var filters = {};
      selects.querySelectorAll("select").forEach(function (s) {
        if (s.value) filters[s.name] = s.value;
      });
      var url = new URL(window.location.href);
      if (q) url.searchParams.set("q", q); else url.searchParams.delete("q");
      window.history.replaceState(null, "", url);
      if (!q && !Object.keys(filters).length) {
        list.replaceChildren();
        status.textContent = "";
        more.hidden = true;
        root.dataset.state = "idle";
        return;
      }
      var options = { filters: filters, sort: q ? undefined : { date: "desc" } };
      var found = await pagefind.search(q || null, options);
      if (mine !== ticket || !found) return;
      results = found.results;
      if (!results.length && q) results = await substringSearch(pagefind, q, options);
      if (mine !== ticket) return;
      shown = 0;
      list.replaceChildren();
      status.textContent = results.length
        ? results.length + "件の記事"
        : "見つかりませんでした。語と語の間にスペースを入れて試してください。";
      await showMore();
      if (mine !== ticket) return;
      root.dataset.query = q;
      root.dataset.state = "done"; // for tests and styling: results are on the page
    }

    var timer = null;
    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(run, 250);
    });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      clearTimeout(timer);
      run();
    });
    more.addEventListener("click", showMore);

    var initial = new URLSearchParams(window.location.search).get("q");
    if (initial) {
      input.value = initial;
      run();
    }
    input.focus();
  }

  function markBroken() {
    document.querySelectorAll("img").forEach(function (img) {
      if (img.complete && img.naturalWidth === 0 && img.getAttribute("src")) {
        img.classList.add("digest-broken");
      }
    });
  }

  document.addEventListener("error", function (event) {
    var target = event.target;
    if (target && target.tagName === "IMG") target.classList.add("digest-broken");
  }, true);

  function ready() {
    markBroken();
    var root = document.getElementById("digest-search");
    if (root) start(root);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", ready);
  } else {
    ready();
  }
})();
