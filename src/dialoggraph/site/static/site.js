/* Small enhancements; every page works without them. */
(function () {
  "use strict";
  // sortable tables: a button in each column header
  document.querySelectorAll("table.sortable").forEach(function (table) {
    var heads = table.querySelectorAll("thead th");
    heads.forEach(function (th, col) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "sort";
      while (th.firstChild) button.appendChild(th.firstChild);
      th.appendChild(button);
      button.addEventListener("click", function () {
        var asc = th.getAttribute("aria-sort") !== "ascending";
        heads.forEach(function (h) { h.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", asc ? "ascending" : "descending");
        var numeric = th.dataset.sort === "num";
        var body = table.tBodies[0];
        var rows = Array.prototype.slice.call(body.rows);
        rows.sort(function (a, b) {
          var x = a.cells[col] ? a.cells[col].textContent.trim() : "";
          var y = b.cells[col] ? b.cells[col].textContent.trim() : "";
          var r = numeric ? (parseFloat(x) || 0) - (parseFloat(y) || 0) : x.localeCompare(y, "de");
          return asc ? r : -r;
        });
        rows.forEach(function (row) { body.appendChild(row); });
      });
    });
  });
  // network: a node under the pointer, tapped, clicked or given the keyboard focus shows its
  // connections (lines highlighted, neighbours in bold, the list in the panel under the picture);
  // a second tap or click, or Enter, follows its link
  var panel = document.getElementById("nw-panel");
  var how = document.querySelector(".nw-how");
  if (how && document.querySelector("svg.network")) how.hidden = false;
  document.querySelectorAll("svg.network").forEach(function (svg) {
    var paths = Array.prototype.slice.call(svg.querySelectorAll(".edges path"));
    var nodes = Array.prototype.slice.call(svg.querySelectorAll(".node"));
    var byIndex = {};
    nodes.forEach(function (n) { byIndex[n.dataset.i] = n; });
    var chosen = null;
    var label = function (n) { return n.getAttribute("aria-label") || n.dataset.label; };
    var show = function (i) {
      svg.classList.toggle("focus", i !== null);
      var near = {};
      paths.forEach(function (p) {
        var on = i !== null && (p.dataset.a === i || p.dataset.b === i);
        p.classList.toggle("on", on);
        if (on) {
          var j = p.dataset.a === i ? p.dataset.b : p.dataset.a;
          if (near[j] !== "part") near[j] = p.classList.contains("part") ? "part" : "mention";
        }
      });
      nodes.forEach(function (n) {
        n.classList.toggle("sel", n.dataset.i === i);
        n.classList.toggle("near", i !== null && near.hasOwnProperty(n.dataset.i));
      });
      return near;
    };
    var item = function (n) {
      var text = label(n);
      if (!n.getAttribute("href")) return document.createTextNode(text);
      var a = document.createElement("a");
      a.href = n.getAttribute("href");
      a.textContent = text;
      return a;
    };
    var line = function (cls, word, members) {
      var p = document.createElement("p");
      p.className = cls;
      var w = document.createElement("span");
      w.className = "rel-word";
      w.textContent = word + " ";
      p.appendChild(w);
      members.forEach(function (n, k) {
        if (k) p.appendChild(document.createTextNode(", "));
        p.appendChild(item(n));
      });
      return p;
    };
    var choose = function (i) {
      chosen = i;
      var near = show(i);
      if (!panel) return;
      panel.textContent = "";
      if (i === null) { panel.hidden = true; return; }
      var node = byIndex[i];
      var head = document.createElement("p");
      head.className = "nw-sel";
      var strong = document.createElement("strong");
      strong.appendChild(item(node));
      head.appendChild(strong);
      head.appendChild(document.createTextNode(" · " + node.dataset.kind));
      var close = document.createElement("button");
      close.type = "button";
      close.textContent = "Schließen";
      close.addEventListener("click", function () { choose(null); });
      head.appendChild(close);
      panel.appendChild(head);
      var part = [], mention = [];
      Object.keys(near).sort(function (x, y) { return label(byIndex[x]).localeCompare(label(byIndex[y]), "de"); })
        .forEach(function (j) { (near[j] === "part" ? part : mention).push(byIndex[j]); });
      if (part.length) panel.appendChild(line("part", "beteiligt:", part));
      if (mention.length) panel.appendChild(line("mention", "erwähnt:", mention));
      if (!part.length && !mention.length) panel.appendChild(document.createTextNode("Keine Verbindungen."));
      panel.hidden = false;
    };
    nodes.forEach(function (node) {
      var i = node.dataset.i;
      node.addEventListener("mouseenter", function () { show(i); });
      node.addEventListener("mouseleave", function () { show(chosen); });
      node.addEventListener("focus", function () {
        // the keyboard's focus chooses (a pointer's focus comes with its click, which chooses)
        var keyboard = true;
        try { keyboard = node.matches(":focus-visible"); } catch (e) { /* an older browser */ }
        if (keyboard && chosen !== i) choose(i);
      });
      node.addEventListener("click", function (event) {
        // a keyboard's Enter (no pointer: detail 0) follows the link; a first tap or click chooses
        if (event.detail !== 0 && chosen !== i) {
          event.preventDefault();
          choose(i);
        }
      });
    });
    svg.addEventListener("click", function (event) {
      if (!event.target.closest(".node")) choose(null);
    });
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && chosen !== null) choose(null);
    });
  });
  // reading view: a passage of several entities opens their list in place (without JavaScript the
  // link leads to the list, which CSS shows as the page's target)
  document.querySelectorAll(".reading a.p.multi").forEach(function (link) {
    var list = document.getElementById(link.getAttribute("href").slice(1));
    if (!list) return;
    link.setAttribute("aria-expanded", "false");
    link.setAttribute("aria-controls", list.id);
    link.addEventListener("click", function (event) {
      event.preventDefault();
      var open = !list.classList.contains("open");
      list.classList.toggle("open", open);
      link.setAttribute("aria-expanded", open ? "true" : "false");
      if (open) { var first = list.querySelector("a"); if (first) first.focus({preventScroll: true}); }
    });
    var close = list.querySelector(".plist-close");
    if (close) close.addEventListener("click", function (event) {
      event.preventDefault();
      list.classList.remove("open");
      link.setAttribute("aria-expanded", "false");
      link.focus();
    });
  });
})();
