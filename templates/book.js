// gwstd HTML book: instant search and filters. Works on file:// with no network; without JavaScript every item
// is still on the page.
(function () {
  "use strict";
  var form = document.querySelector("form.search");
  var LAZY_FROM = 1000; // items
  var lazy = !!form && document.querySelectorAll("tr.item").length >= LAZY_FROM;
  if (lazy) document.documentElement.classList.add("lazy");
  document.documentElement.classList.remove("loading"); // the tables, hidden while the page was parsed (base.html)
  if (!form) return;
  var input = document.getElementById("q");
  var selects = Array.prototype.slice.call(form.querySelectorAll("select[data-filter]"));
  var count = document.getElementById("count");
  var empty = document.getElementById("empty");
  var rows = Array.prototype.slice.call(document.querySelectorAll("tr.item"));
  var sections = Array.prototype.slice.call(document.querySelectorAll("section.domain"));
  // Lower-cased text of each row, computed once: searching is then a substring test per row.
  var texts = rows.map(function (row) { return row.textContent.replace(/\s+/g, " ").toLowerCase(); });
  var sectionOf = rows.map(function (row) { return row.closest("section.domain"); });
  // Each 一级事项 is a tbody (its heading row, then its items): it is hidden when none of its items is shown.
  var groups = Array.prototype.slice.call(document.querySelectorAll("tbody.category"));
  groups.forEach(function (group, g) { group.dataset.group = g; });
  var groupOf = rows.map(function (row) { var g = row.closest("tbody.category"); return g ? +g.dataset.group : -1; });
  // A long book lays out the parts of its tables near the screen first (content-visibility in book.css), at
  // load and after each search, then all parts one by one while the page is idle: searching 10,000 items stays
  // fast, and once idle every row is laid out and in the accessibility tree.
  var parts = Array.prototype.slice.call(document.querySelectorAll(".part"));
  var pending = [], timer = 0;
  var idle = window.requestIdleCallback || function (fn) { return setTimeout(fn, 30); };
  function layNext() {
    var part = pending.shift();
    if (!part) { document.documentElement.dataset.laidOut = "all"; return; }
    part.classList.add("laid");
    idle(layNext);
  }
  function layOutLater(delay) {
    if (!lazy) return;
    delete document.documentElement.dataset.laidOut;
    clearTimeout(timer);
    pending = parts.slice();
    timer = setTimeout(function () { idle(layNext); }, delay);
  }
  if (lazy) layOutLater(300); else document.documentElement.dataset.laidOut = "all";
  window.addEventListener("beforeprint", function () { parts.forEach(function (part) { part.classList.add("laid"); }); });
  var canHighlight = typeof CSS !== "undefined" && CSS.highlights && typeof Highlight !== "undefined";
  var HIGHLIGHT_LIMIT = 300; // rows whose matches are highlighted; the count covers every row

  function state() {
    var s = { q: input.value.trim() };
    selects.forEach(function (sel) { s[sel.dataset.filter] = sel.value; });
    return s;
  }

  function matches(row, s) {
    for (var i = 0; i < selects.length; i++) {
      var key = selects[i].dataset.filter, want = s[key];
      if (!want) continue;
      var have = row.dataset[key] || "";
      if (key === "domain" || key === "dept") { if (have !== want) return false; }
      else if (have.split("|").indexOf(want) < 0) return false;
    }
    return true;
  }

  function highlight(visible, q) {
    if (!canHighlight) return;
    CSS.highlights.delete("gwstd-search");
    if (!q) return;
    var ranges = [];
    for (var i = 0; i < visible.length && i < HIGHLIGHT_LIMIT; i++) {
      var walker = document.createTreeWalker(visible[i], NodeFilter.SHOW_TEXT);
      for (var node = walker.nextNode(); node; node = walker.nextNode()) {
        var text = node.nodeValue.toLowerCase(), at = text.indexOf(q);
        while (at >= 0) {
          var range = new Range();
          range.setStart(node, at);
          range.setEnd(node, at + q.length);
          ranges.push(range);
          at = text.indexOf(q, at + q.length);
        }
      }
    }
    CSS.highlights.set("gwstd-search", new Highlight(...ranges));
  }

  function apply(updateUrl) {
    if (lazy) {
      pending = [];
      parts.forEach(function (part) { part.classList.remove("laid"); });
      layOutLater(800);
    }
    var s = state(), q = s.q.toLowerCase(), shown = 0, visible = [];
    var perSection = new Map(), perGroup = new Array(groups.length).fill(false);
    for (var i = 0; i < rows.length; i++) {
      var ok = (!q || texts[i].indexOf(q) >= 0) && matches(rows[i], s);
      if (rows[i].hidden === ok) rows[i].hidden = !ok;
      if (ok) {
        shown++;
        visible.push(rows[i]);
        perSection.set(sectionOf[i], true);
        if (groupOf[i] >= 0) perGroup[groupOf[i]] = true;
      }
    }
    var filtered = q || selects.some(function (sel) { return sel.value; });
    sections.forEach(function (section) { section.hidden = filtered && !perSection.has(section); });
    document.body.classList.toggle("filtering", !!filtered);
    groups.forEach(function (group, g) { var hide = !!filtered && !perGroup[g]; if (group.hidden !== hide) group.hidden = hide; });
    count.textContent = filtered ? "找到 " + shown + " 个事项(共 " + rows.length + " 个)" : "共 " + rows.length + " 个事项";
    empty.hidden = shown > 0;
    highlight(visible, q);
    if (updateUrl) {
      var params = new URLSearchParams();
      Object.keys(s).forEach(function (k) { if (s[k]) params.set(k, s[k]); });
      var hash = params.toString();
      history.replaceState(null, "", hash ? "#" + hash : location.pathname + location.search);
    }
  }

  function fromUrl() {
    var hash = location.hash.slice(1);
    if (hash.indexOf("=") < 0) return false; // a permalink to an item, not a view
    var params = new URLSearchParams(hash);
    input.value = params.get("q") || "";
    selects.forEach(function (sel) { sel.value = params.get(sel.dataset.filter) || ""; });
    return true;
  }

  // While an input method composes (pinyin being typed), the box holds Latin letters that are not yet the
  // words meant: search only once the composition ends.
  var composing = false;
  input.addEventListener("compositionstart", function () { composing = true; });
  input.addEventListener("compositionend", function () { composing = false; apply(true); });
  input.addEventListener("input", function (event) {
    if (composing || event.isComposing) return;
    apply(true);
  });
  selects.forEach(function (sel) { sel.addEventListener("change", function () { apply(true); }); });
  document.getElementById("reset").addEventListener("click", function () {
    input.value = "";
    selects.forEach(function (sel) { sel.value = ""; });
    apply(true);
    input.focus();
  });
  var printButton = document.getElementById("print");
  if (printButton) printButton.addEventListener("click", function () { window.print(); });
  window.addEventListener("hashchange", function () { if (fromUrl()) apply(false); });
  if (fromUrl()) apply(false);

  // The sticky bar's height places each table's header under it, and with the header's height keeps a jump or
  // a focused control clear of both (scroll-padding-top). Set on the elements themselves: a custom property
  // on the root would restyle every element of the page.
  var root = document.documentElement;
  var heads = Array.prototype.slice.call(document.querySelectorAll("table.items thead"));
  var last = "";
  function measure() {
    var sticky = getComputedStyle(form).position === "sticky";
    var bar = sticky ? form.getBoundingClientRect().height : 0;
    var head = sticky && heads.length ? heads[0].getBoundingClientRect().height : 0;
    var key = bar + "/" + head;
    if (key === last) return;
    last = key;
    heads.forEach(function (h) { h.style.top = sticky ? bar + "px" : ""; });
    root.style.scrollPaddingTop = sticky ? (bar + head + 8) + "px" : "";
  }
  measure();
  if (typeof ResizeObserver !== "undefined") new ResizeObserver(measure).observe(form);
  window.addEventListener("resize", measure);
  // The browser scrolled to a permalink before the heights were known: place it again.
  var target = location.hash.length > 1 && location.hash.indexOf("=") < 0 && document.getElementById(decodeURIComponent(location.hash.slice(1)));
  if (target) target.scrollIntoView();
})();
