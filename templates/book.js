// gwstd HTML book: instant search and filters. Works on file:// with no network; without JavaScript every item
// is still on the page.
(function () {
  "use strict";
  var root = document.documentElement;
  var form = document.querySelector("form.search");
  var rows = Array.prototype.slice.call(document.querySelectorAll("tr.item"));
  var LAZY_FROM = 1000; // items
  var lazy = !!form && rows.length >= LAZY_FROM;
  if (lazy) root.classList.add("lazy");
  if (!form) { root.classList.remove("loading"); return; }
  var input = document.getElementById("q");
  var selects = Array.prototype.slice.call(form.querySelectorAll("select[data-filter]"));
  var count = document.getElementById("count");
  var empty = document.getElementById("empty");

  // The book as a tree: domain sections hold table parts, parts hold 一级事项 (a tbody each: its heading row,
  // then its items), those hold the item rows. Whatever has no item to show is hidden, and a search writes only
  // what changes, top down: the rows of a hidden 一级事项 are left as they are until it is shown again (every
  // write is a style recalculation of the element and all that is in it; a search that leaves 30 items writes
  // to a few hundred elements, not to 10,000 rows).
  function all(selector) { return Array.prototype.slice.call(document.querySelectorAll(selector)); }
  var sections = all("section.domain"), parts = all(".part"), groups = all("tbody.category");
  function indexer(list) { var m = new Map(); list.forEach(function (el, i) { m.set(el, i); }); return m; }
  function within(map, el, selector) { var c = el.parentElement && el.parentElement.closest(selector), i = c && map.get(c); return i === undefined || i === null ? -1 : i; }
  var sectionIndex = indexer(sections), partIndex = indexer(parts), groupIndex = indexer(groups);
  var partSection = parts.map(function (p) { return within(sectionIndex, p, "section.domain"); });
  var groupPart = groups.map(function (g) { return within(partIndex, g, ".part"); });
  var groupSection = groups.map(function (g) { return within(sectionIndex, g, "section.domain"); });
  var rowGroup = [], rowPart = [], rowSection = [];
  // Lower-cased text of each row, computed once: searching is then a substring test per row.
  var texts = rows.map(function (row, i) {
    rowGroup[i] = within(groupIndex, row, "tbody.category");
    rowPart[i] = within(partIndex, row, ".part");
    rowSection[i] = within(sectionIndex, row, "section.domain");
    return row.textContent.replace(/\s+/g, " ").toLowerCase();
  });
  function filled(n, v) { var a = new Array(n); for (var i = 0; i < n; i++) a[i] = v; return a; }
  // what the page shows now (the hidden attributes as they are)
  var rowShown = filled(rows.length, true), groupShown = filled(groups.length, true);
  var partShown = filled(parts.length, true), sectionShown = filled(sections.length, true);
  var partRows = filled(parts.length, 0); // rows each part shows
  rowPart.forEach(function (p) { if (p >= 0) partRows[p]++; });

  // A long book lays out at first only the table parts near the screen (content-visibility: auto in book.css,
  // with each part's height estimated from its rows), then, once nobody has searched for a second, the other
  // parts one at a time while the page is idle. A part that is laid out ("laid") stays so, and its rows are in
  // the accessibility tree. A search that shows rows again (clearing it, say) returns the parts they are in to
  // content-visibility: auto, so that only those near the screen are laid out at once; the others are laid out
  // again while idle. A search that only hides rows leaves the parts as they are. Once every shown part is
  // laid out, <html data-laid-out="all">.
  var QUIET = 1000; // ms after the load or the last search before the idle lay-out goes on
  var idle = window.requestIdleCallback || function (fn) { return setTimeout(fn, 30); };
  var laid = filled(parts.length, !lazy), estimate = filled(parts.length, -1);
  var rowHeight = 90, PART_EXTRA = 120; // px: an estimate, refined from each part laid out while idle
  var layRun = 0, layTimer = 0, cursor = 0;
  function showing(p) { return partShown[p] && (partSection[p] < 0 || sectionShown[partSection[p]]); }
  function estimateSize(p) { // the height a part not laid out takes: about what it will take once laid out
    var px = Math.round(partRows[p] * rowHeight + PART_EXTRA);
    if (px !== estimate[p]) { estimate[p] = px; parts[p].style.containIntrinsicBlockSize = px + "px"; }
  }
  function lay(p) { laid[p] = true; parts[p].classList.add("laid"); }
  function unlay(p) {
    if (!lazy || !laid[p]) return;
    laid[p] = false;
    parts[p].classList.remove("laid");
    estimateSize(p);
  }
  var lastSearch = 0; // when the results of the last search were on the screen
  function layNext(run) {
    if (run !== layRun) return; // a search came in between: it has scheduled a lay-out of its own
    var wait = lastSearch + QUIET - performance.now();
    if (wait > 0) { layTimer = setTimeout(function () { idle(function () { layNext(run); }); }, wait); return; }
    if (navigator.scheduling && navigator.scheduling.isInputPending && navigator.scheduling.isInputPending()) {
      layTimer = setTimeout(function () { idle(function () { layNext(run); }); }, 50);
      return;
    }
    while (cursor < parts.length && (laid[cursor] || !showing(cursor))) cursor++;
    if (cursor === parts.length) { root.dataset.laidOut = "all"; return; }
    var p = cursor, before = estimate[p];
    lay(p);
    var height = parts[p].offsetHeight; // lays it out now, in the idle time, rather than in the next frame
    if (partRows[p] >= 10 && before > 0) rowHeight = Math.max(20, (height - PART_EXTRA) / partRows[p]);
    idle(function () { layNext(run); });
  }
  function layOutLater() {
    var run = ++layRun;
    clearTimeout(layTimer);
    cursor = 0;
    if (laid.every(function (l, p) { return l || !showing(p); })) { root.dataset.laidOut = "all"; return; }
    delete root.dataset.laidOut;
    layTimer = setTimeout(function () { idle(function () { layNext(run); }); }, QUIET);
  }
  if (lazy) {
    parts.forEach(function (part, p) {
      estimateSize(p);
      // a part the browser lays out because it came near the screen stays laid out: scrolling back past it
      // keeps its height, and its rows stay in the accessibility tree
      // (if it is still near: the event can come a frame late, after a search that moved the part away and
      // showed its rows again, and all of them would be laid out at once)
      part.addEventListener("contentvisibilityautostatechange", function (event) {
        if (event.skipped || laid[p] || !showing(p)) return;
        var box = part.getBoundingClientRect();
        if (box.bottom > -innerHeight && box.top < 2 * innerHeight) lay(p);
      });
    });
  }
  root.classList.remove("loading"); // the tables, hidden while the page was parsed (base.html)
  layOutLater();
  window.addEventListener("beforeprint", function () { parts.forEach(function (part, p) { lay(p); }); });

  var intro = all("main .cover, main .toc, main .changes"), wasFiltered = false; // hidden while filtering
  var canHighlight = typeof CSS !== "undefined" && CSS.highlights && typeof Highlight !== "undefined";
  var HIGHLIGHT_LIMIT = 300; // rows whose matches are highlighted; the count covers every row

  function state() {
    var s = { q: input.value.trim() };
    selects.forEach(function (sel) { s[sel.dataset.filter] = sel.value; });
    return s;
  }

  var attrs = null; // each row's filter values, read when a filter is first used
  function matches(i, s) {
    if (!attrs) attrs = rows.map(function (row) {
      var a = {};
      selects.forEach(function (sel) {
        var key = sel.dataset.filter, v = row.dataset[key] || "";
        a[key] = key === "domain" || key === "dept" ? v : v.split("|");
      });
      return a;
    });
    for (var k = 0; k < selects.length; k++) {
      var key = selects[k].dataset.filter, want = s[key];
      if (!want) continue;
      var have = attrs[i][key];
      if (typeof have === "string" ? have !== want : have.indexOf(want) < 0) return false;
    }
    return true;
  }

  function highlight(visible, q) {
    if (!canHighlight) return;
    CSS.highlights.delete("gwstd-search");
    if (!q) return;
    var ranges = [];
    for (var i = 0; i < visible.length; i++) {
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
    var s = state(), q = s.q.toLowerCase(), shown = 0, visible = [], i, want;
    var filtering = selects.some(function (sel) { return sel.value; }), filtered = !!q || filtering;
    var ok = new Uint8Array(rows.length);
    var inGroup = new Int32Array(groups.length), inPart = new Int32Array(parts.length), inSection = new Int32Array(sections.length);
    for (i = 0; i < rows.length; i++) {
      if (q && texts[i].indexOf(q) < 0 || filtering && !matches(i, s)) continue;
      ok[i] = 1;
      shown++;
      if (visible.length < HIGHLIGHT_LIMIT) visible.push(rows[i]);
      if (rowGroup[i] >= 0) inGroup[rowGroup[i]]++;
      if (rowPart[i] >= 0) inPart[rowPart[i]]++;
      if (rowSection[i] >= 0) inSection[rowSection[i]]++;
    }
    // Top down; what is inside a hidden element is left as it is. Whatever is shown again was not laid out
    // (display: none keeps no layout): its part goes back to content-visibility: auto (unlay).
    var fresh = new Uint8Array(parts.length); // a part shown again, or in a section shown again
    var freshSection = new Uint8Array(sections.length);
    for (i = 0; i < sections.length; i++) {
      want = !filtered || inSection[i] > 0;
      if (want !== sectionShown[i]) { sectionShown[i] = want; sections[i].hidden = !want; freshSection[i] = want ? 1 : 0; }
    }
    for (i = 0; i < parts.length; i++) {
      var sec = partSection[i];
      if (sec >= 0 && !sectionShown[sec]) continue;
      want = !filtered || inPart[i] > 0;
      if (want !== partShown[i]) { partShown[i] = want; parts[i].hidden = !want; if (want) fresh[i] = 1; }
      if (want && sec >= 0 && freshSection[sec]) fresh[i] = 1;
      if (fresh[i]) unlay(i);
    }
    for (i = 0; i < groups.length; i++) {
      var p = groupPart[i];
      if (p >= 0 ? !showing(p) : groupSection[i] >= 0 && !sectionShown[groupSection[i]]) continue;
      want = !filtered || inGroup[i] > 0;
      if (want !== groupShown[i]) { groupShown[i] = want; groups[i].hidden = !want; if (want && p >= 0) unlay(p); }
    }
    for (i = 0; i < rows.length; i++) {
      var g = rowGroup[i];
      if (g >= 0 ? !groupShown[g] || groupPart[g] >= 0 && !showing(groupPart[g]) : rowPart[i] >= 0 && !showing(rowPart[i])) continue;
      want = ok[i] === 1;
      if (want !== rowShown[i]) { rowShown[i] = want; rows[i].hidden = !want; if (want && rowPart[i] >= 0) unlay(rowPart[i]); }
    }
    if (lazy) for (i = 0; i < parts.length; i++) { partRows[i] = inPart[i]; if (!laid[i] && showing(i)) estimateSize(i); }
    if (filtered !== wasFiltered) { wasFiltered = filtered; intro.forEach(function (el) { el.hidden = filtered; }); }
    count.textContent = filtered ? "找到 " + shown + " 个事项(共 " + rows.length + " 个)" : "共 " + rows.length + " 个事项";
    empty.hidden = shown > 0;
    highlight(visible, q);
    if (lazy) {
      lastSearch = performance.now();
      requestAnimationFrame(function () { lastSearch = performance.now(); });
      layOutLater();
    }
    if (updateUrl) urlLater(s);
  }

  // The address follows the search (a view can be bookmarked or shared); in a long book once typing pauses:
  // setting it costs a pass over every link of the page (tens of thousands), which a keystroke need not wait for.
  var urlTimer = 0, urlState = null;
  function writeUrl() {
    clearTimeout(urlTimer);
    if (!urlState) return;
    var params = new URLSearchParams(), s = urlState;
    urlState = null;
    Object.keys(s).forEach(function (k) { if (s[k]) params.set(k, s[k]); });
    var hash = params.toString();
    history.replaceState(null, "", hash ? "#" + hash : location.pathname + location.search);
  }
  function urlLater(s) {
    urlState = s;
    clearTimeout(urlTimer);
    if (lazy) urlTimer = setTimeout(writeUrl, 300); else writeUrl();
  }
  window.addEventListener("pagehide", writeUrl);

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
  var heads = all("table.items thead");
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
