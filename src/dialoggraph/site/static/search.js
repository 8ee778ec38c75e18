/* Search over labels, alternate names and the words of statements, entirely in the browser: the
   index is _static/search-index.js (window.DG_SEARCH_INDEX), written by the build. Both the
   index and the query are folded alike — case, accents, ä/ae, ö/oe, ü/ue, ß/ss — so "Muenchen",
   "Munchen" and "München" find each other; every word of the query must occur (anywhere, also
   inside a word). Results are built with DOM methods and textContent only, so no label ever
   becomes markup. */
(function () {
  "use strict";
  var script = document.currentScript;
  var root = (script && script.dataset.root) || "";
  var index = window.DG_SEARCH_INDEX || [];
  var input = document.getElementById("q");
  var list = document.getElementById("search-results");
  var status = document.getElementById("search-status");
  if (!input || !list) return;

  // the same folding as the statements browser (statements.js)
  function fold(s) {
    return s.toLowerCase().replace(/ß/g, "ss").normalize("NFD").replace(/[\u0300-\u036f]/g, "")
      .replace(/ae/g, "a").replace(/oe/g, "o").replace(/ue/g, "u");
  }
  var prepared = index.map(function (e) {
    var names = [e.l].concat(e.a || []);
    if (e.x) names.push(e.x);
    return { e: e, keys: names.map(fold), text: e.x ? names.length - 1 : -1 };
  });

  function score(item, terms) {
    var best = -1;
    for (var k = 0; k < item.keys.length; k++) {
      var key = item.keys[k];
      var ok = true, s = 0;
      for (var t = 0; t < terms.length; t++) {
        var at = key.indexOf(terms[t]);
        if (at < 0) { ok = false; break; }
        s += at === 0 ? 3 : (key.charAt(at - 1) === " " || key.charAt(at - 1) === "-") ? 2 : 1;
      }
      if (ok) {
        if (key === terms.join(" ")) s += 10;
        if (k === 0) s += 1;
        if (k === item.text) s -= 1;  // a statement's words count a little less than a name
        if (s > best) best = s;
      }
    }
    return best;
  }

  function safeHref(u) {
    // links come from the build (relative page files); refuse anything with a scheme
    return /^[A-Za-z0-9_~./-]+(#[A-Za-z0-9_-]+)?$/.test(u) && u.indexOf("..") < 0 ? root + u : null;
  }

  function span(cls, text) {
    var el = document.createElement("span");
    el.className = cls;
    el.textContent = text;
    return el;
  }

  function run() {
    var q = fold(input.value.trim());
    while (list.firstChild) list.removeChild(list.firstChild);
    if (!q) { status.textContent = "Bitte einen Suchbegriff eingeben."; return; }
    var terms = q.split(/\s+/);
    var hits = [];
    prepared.forEach(function (item, position) {
      var s = score(item, terms);
      if (s >= 0) hits.push([s, item.e, position]);
    });
    // equally good hits keep the index order: people, institutions, laws, places, themes first
    hits.sort(function (a, b) { return b[0] - a[0] || a[2] - b[2]; });
    var shown = hits.slice(0, 100);
    shown.forEach(function (h) {
      var e = h[1];
      var li = document.createElement("li");
      var href = safeHref(e.u);
      var a = document.createElement(href ? "a" : "span");
      if (href) a.href = href;
      a.textContent = e.x ? "«" + e.x + (e.x.length >= 400 ? " …" : "") + "»" : e.l;
      li.appendChild(a);
      li.appendChild(document.createTextNode(" "));  // a line may break between name and kind
      if (e.t) li.appendChild(span("type", e.t));
      if (e.w) li.appendChild(span("who", e.w));
      if (e.a && e.a.length) li.appendChild(span("alt", e.a.join(" · ")));
      list.appendChild(li);
    });
    status.textContent = hits.length + " Treffer" + (hits.length > shown.length ? " (die ersten " + shown.length + ")" : "") + " für „" + input.value.trim() + "“";
  }

  var params = new URLSearchParams(window.location.search);
  if (params.get("q")) input.value = params.get("q");
  var header = document.getElementById("site-q");
  if (header && params.get("q")) header.value = params.get("q");
  input.addEventListener("input", run);
  if (input.value) run();
})();
