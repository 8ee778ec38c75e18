/* The statements browser: filters the server-written lists by speaker, event, kind, theme,
   mention and words; the filter lives in the address (?speaker=person/x), so links from entity
   pages open it filtered. Without JavaScript the page is the grouped lists. Only attributes
   and the hidden flag change: no text ever becomes markup. */
(function () {
  "use strict";
  var form = document.getElementById("stmt-filters");
  if (!form) return;
  var roles = ["speaker", "event", "kind", "theme", "mention"];
  var items = Array.prototype.slice.call(document.querySelectorAll("li.stmt"));
  var blocks = Array.prototype.slice.call(document.querySelectorAll(".stmt-block"));
  var tocItems = Array.prototype.slice.call(document.querySelectorAll(".stmt-toc li"));
  var status = document.getElementById("stmt-status");
  var total = items.length;

  function fold(s) {
    return s.toLowerCase().replace(/ß/g, "ss").normalize("NFD").replace(/[\u0300-\u036f]/g, "")
      .replace(/ae/g, "a").replace(/oe/g, "o").replace(/ue/g, "u");
  }
  var texts = items.map(function (li) { return fold(li.textContent); });
  var tokens = items.map(function (li) {
    var out = {};
    roles.forEach(function (r) { out[r] = " " + (li.getAttribute("data-" + r) || "") + " "; });
    return out;
  });

  function select(role) { return form.elements[role] || null; }

  function apply() {
    var want = {}, words = fold(form.elements.q.value.trim()).split(/\s+/).filter(Boolean);
    roles.forEach(function (r) { var el = select(r); want[r] = el ? el.value : ""; });
    var shown = 0;
    items.forEach(function (li, i) {
      var ok = roles.every(function (r) { return !want[r] || tokens[i][r].indexOf(" " + want[r] + " ") >= 0; });
      if (ok) ok = words.every(function (w) { return texts[i].indexOf(w) >= 0; });
      li.hidden = !ok;
      if (ok) shown++;
    });
    blocks.forEach(function (b, k) {
      var n = b.querySelectorAll("li.stmt:not([hidden])").length;
      b.hidden = n === 0;
      var count = b.querySelector(".stmt-group .count");
      if (count) count.textContent = String(n);
      if (tocItems[k]) {
        tocItems[k].hidden = n === 0;
        var c = tocItems[k].querySelector(".count");
        if (c) c.textContent = String(n);
      }
    });
    status.textContent = shown === total ? total + " Aussagen" : shown + " von " + total + " Aussagen";
    var params = new URLSearchParams();
    roles.forEach(function (r) { if (want[r]) params.set(r, want[r]); });
    if (form.elements.q.value.trim()) params.set("q", form.elements.q.value.trim());
    var query = params.toString();
    try {
      history.replaceState(null, "", query ? "?" + query : location.pathname.split("/").pop());
    } catch (e) { /* file:// in some browsers: the filter still works */ }
  }

  var params = new URLSearchParams(location.search);
  roles.forEach(function (r) {
    var v = params.get(r), el = select(r);
    if (!v || !el) return;
    var found = Array.prototype.some.call(el.options, function (o) { return o.value === v; });
    if (!found) {  // a node not among the listed options: offer it by its key
      var o = document.createElement("option");
      o.value = v;
      o.textContent = v;
      el.appendChild(o);
    }
    el.value = v;
  });
  if (params.get("q")) form.elements.q.value = params.get("q");
  form.hidden = false;
  form.addEventListener("change", apply);
  form.addEventListener("input", apply);
  form.addEventListener("submit", function (e) { e.preventDefault(); apply(); });
  form.addEventListener("reset", function () { setTimeout(apply, 0); });
  apply();
})();
