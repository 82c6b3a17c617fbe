/* Column Digest page script (no dependencies, no other host).
 *
 * 1. Search page (docs/search.md, element #digest-search): a small search UI over
 *    Pagefind's JS API (pagefind/pagefind.js, built by `digest build`). Our own UI rather
 *    than Pagefind's: Pagefind UI 1.5 inserts filter values (columnist and column names,
 *    scraped text) as HTML. Here every value is set with textContent; excerpts keep only
 *    Pagefind's <mark> highlights, rebuilt as elements.
 *    navigation.instant is off: every page load runs this once, no re-initialisation.
 * 2. Header search as you type (form.digest-header-search): results in a panel under
 *    the box, from the same Pagefind index with the same Japanese fallback; arrow keys
 *    move through them, Enter opens one (or, with none chosen, the search page with its
 *    filters), Escape closes the panel. Pagefind is loaded on the first keystroke.
 * 3. Images that fail to load (hot-linked photos, offline) get a class that hides the
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

  // Pagefind's API, loaded once per page (the search page and the header share it).
  // After an incremental build, pagefind-delta/ holds the pages rendered since the last
  // full index: it is merged in, and the main index's stale copies of those pages
  // (listed by fragment id in digest-hidden.json) are left out of every result list.
  var loading = null;
  function loadPagefind() {
    if (!loading) {
      loading = import(bundle + "pagefind.js").then(async function (pagefind) {
        await pagefind.options({ baseUrl: base.pathname, excerptLength: 40 });
        await pagefind.init();
        var hidden = new Set();
        var delta = await fetch(new URL("pagefind-delta/digest-hidden.json", base))
          .then(function (r) { return r.ok ? r.json() : null; })
          .catch(function () { return null; });
        if (delta && delta.bundle) {
          await pagefind.mergeIndex(new URL(delta.bundle, base).pathname, { baseUrl: base.pathname });
        }
        if (delta && Array.isArray(delta.hidden)) hidden = new Set(delta.hidden);
        return {
          search: async function (q, options) {
            var found = await pagefind.search(q, options);
            if (found && hidden.size) {
              found.results = found.results.filter(function (r) { return !hidden.has(r.id); });
            }
            return found;
          },
          filters: function () { return pagefind.filters(); },
        };
      });
    }
    return loading;
  }

  // A query's results: Pagefind's, else the substring fallback for Japanese compounds.
  async function findResults(pagefind, q, options) {
    var found = await pagefind.search(q || null, options);
    var results = found && found.results ? found.results : [];
    if (!results.length && q) results = await substringSearch(pagefind, q, options);
    return results;
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
      pagefind = await loadPagefind();
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
      var found = await findResults(pagefind, q, options);
      if (mine !== ticket) return;
      results = found;
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

  // Header search as you type ---------------------------------------------------------
  var SUGGESTIONS = 8; // results shown in the header panel
  var SUGGEST_DELAY = 150; // ms after the last keystroke

  function startSuggest(form) {
    var input = form.querySelector("input[name=q]");
    if (!input) return;
    var panel = el("div", "digest-suggest");
    panel.id = "digest-suggest";
    panel.hidden = true;
    var list = el("ul", "digest-suggest__list");
    list.id = "digest-suggest-list";
    list.setAttribute("role", "listbox");
    list.setAttribute("aria-label", "検索結果");
    var status = el("p", "digest-suggest__status");
    status.setAttribute("aria-live", "polite");
    var all = el("a", "digest-suggest__all", "検索ページで絞り込む");
    panel.append(status, list, all);
    form.appendChild(panel);
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-controls", list.id);
    input.setAttribute("aria-expanded", "false");

    var ticket = 0;
    var active = -1;
    var timer = null;

    function options() {
      return Array.prototype.slice.call(list.querySelectorAll("[role=option]"));
    }

    // Choose option i (-1: none).
    function setActive(i) {
      var opts = options();
      active = i >= 0 && i < opts.length ? i : -1;
      opts.forEach(function (o, j) { o.setAttribute("aria-selected", String(j === active)); });
      if (active >= 0) {
        input.setAttribute("aria-activedescendant", opts[active].id);
        opts[active].scrollIntoView({ block: "nearest" });
      } else {
        input.removeAttribute("aria-activedescendant");
      }
    }

    function close() {
      ticket++;
      panel.hidden = true;
      input.setAttribute("aria-expanded", "false");
      setActive(-1);
    }

    function option(data, i) {
      var li = el("li", "digest-suggest__item");
      li.id = "digest-suggest-" + i;
      li.setAttribute("role", "option");
      li.setAttribute("aria-selected", "false");
      var a = el("a", "digest-suggest__link");
      a.href = data.url;
      a.tabIndex = -1;
      a.appendChild(el("span", "digest-suggest__title", (data.meta && data.meta.title) || data.url));
      var meta = [jaDate(data.meta && data.meta.date)]
        .concat((data.filters && data.filters.column) || [])
        .filter(Boolean)
        .join(" · ");
      if (meta) a.appendChild(el("span", "digest-suggest__meta", meta));
      var excerpt = el("span", "digest-suggest__excerpt");
      excerpt.appendChild(excerptNodes(data.excerpt));
      a.appendChild(excerpt);
      li.appendChild(a);
      li.addEventListener("mousemove", function () { if (active !== i) setActive(i); });
      return li;
    }

    async function run() {
      var mine = ++ticket;
      var q = input.value.trim();
      if (!q) { close(); return; }
      panel.dataset.state = "searching";
      var pagefind;
      try {
        pagefind = await loadPagefind();
      } catch (err) {
        if (mine !== ticket) return;
        list.replaceChildren();
        status.textContent = "検索インデックスがありません（`digest build` で作られます）。";
        panel.hidden = false;
        panel.dataset.state = "unavailable";
        return;
      }
      var results = await findResults(pagefind, q, {});
      var top = results.slice(0, SUGGESTIONS);
      var data = await Promise.all(top.map(function (r) { return r.data(); }));
      if (mine !== ticket) return;
      list.replaceChildren.apply(list, data.map(option));
      status.textContent = results.length
        ? results.length + "件の記事" + (results.length > top.length ? "（上位" + top.length + "件）" : "")
        : "見つかりませんでした。語と語の間にスペースを入れて試してください。";
      var url = new URL(form.getAttribute("action") || "search/", document.baseURI);
      url.searchParams.set("q", q);
      all.href = url.href;
      active = -1;
      input.removeAttribute("aria-activedescendant");
      panel.hidden = false;
      input.setAttribute("aria-expanded", "true");
      panel.dataset.query = q;
      panel.dataset.state = "done"; // for tests and styling: results are in the panel
    }

    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(run, SUGGEST_DELAY);
    });
    input.addEventListener("focus", function () {
      loadPagefind().catch(function () {}); // warm up while the reader types
      if (input.value.trim() && panel.dataset.query === input.value.trim()) {
        panel.hidden = false;
        input.setAttribute("aria-expanded", "true");
      }
    });
    input.addEventListener("keydown", function (event) {
      var open = !panel.hidden && options().length;
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        if (!open) return;
        event.preventDefault();
        var n = options().length;
        var step = event.key === "ArrowDown" ? 1 : -1;
        setActive(active < 0 ? (step > 0 ? 0 : n - 1) : (active + step + n) % n);
      } else if (event.key === "Escape") {
        if (!panel.hidden) {
          event.preventDefault();
          close();
        }
      } else if (event.key === "Enter" && open && active >= 0) {
        event.preventDefault();
        window.location.href = options()[active].querySelector("a").href;
      }
    });
    document.addEventListener("click", function (event) {
      if (!form.contains(event.target)) close();
    });
    form.addEventListener("focusout", function (event) {
      if (event.relatedTarget && !form.contains(event.relatedTarget)) close();
    });
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
    var header = document.querySelector("form.digest-header-search");
    if (header) startSuggest(header);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", ready);
  } else {
    ready();
  }
})();
