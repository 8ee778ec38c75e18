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
  // network: highlight the lines of the node under the pointer or the keyboard focus
  var svg = document.getElementById("network");
  if (svg) {
    var paths = svg.querySelectorAll(".edges path");
    var on = function (i) {
      svg.classList.add("focus");
      paths.forEach(function (p) {
        p.classList.toggle("on", p.dataset.a === i || p.dataset.b === i);
      });
    };
    var off = function () {
      svg.classList.remove("focus");
      paths.forEach(function (p) { p.classList.remove("on"); });
    };
    svg.querySelectorAll(".node").forEach(function (node) {
      node.addEventListener("mouseenter", function () { on(node.dataset.i); });
      node.addEventListener("focus", function () { on(node.dataset.i); });
      node.addEventListener("mouseleave", off);
      node.addEventListener("blur", off);
    });
  }
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
