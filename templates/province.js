// gwstd provincial index: the counties' table sorts and filters; the search box searches every county's items.
// Works on file:// with no network. Each county's items come in a script of their own (index-data/county-NNN.js,
// calling gwstdProvince.add), loaded by script elements (src) once the page has loaded (or the search box is
// used first): fetch and XHR are refused on file://. Without JavaScript the table is all there, unsorted.
(function () {
  "use strict";
  var root = document.documentElement;
  var data = JSON.parse(document.getElementById("province-data").textContent);
  var counties = data.counties, domainNames = data.domains;
  var collator = typeof Intl !== "undefined" && Intl.Collator ? new Intl.Collator("zh-CN", { numeric: true }) : null;
  function compareText(a, b) { return collator ? collator.compare(a, b) : a < b ? -1 : a > b ? 1 : 0; }
  function all(selector, el) { return Array.prototype.slice.call((el || document).querySelectorAll(selector)); }
  function percent(ratio) {
    if (ratio === null || ratio === undefined) return "—";
    if (ratio >= 1) return "100%";
    var text = (ratio * 100).toFixed(1);
    if (text === "100.0") text = "99.9";
    return text.replace(/\.0$/, "") + "%";
  }

  // ---- the counties' table ------------------------------------------------------------------------------
  var table = document.getElementById("counties");
  var tbody = table.tBodies[0];
  var rows = all("tr.county", tbody);
  var byNumber = {};
  counties.forEach(function (c, i) { byNumber[c.n] = i; });
  // each row's cells by key, and its county's figures
  var cells = rows.map(function (row) {
    var m = {};
    all("[data-key]", row).forEach(function (cell) { m[cell.dataset.key] = cell; });
    return m;
  });
  var rowCounty = rows.map(function (row) { return counties[byNumber[row.dataset.number]]; });
  var headers = all("thead th[data-key]", table);
  var nameInput = document.getElementById("f-name"), citySelect = document.getElementById("f-city");
  var domainSelect = document.getElementById("f-domain"), threshold = document.getElementById("f-coverage");
  var countyCount = document.getElementById("county-count"), noCounty = document.getElementById("no-county");
  var domainGroup = document.getElementById("domain-group");
  var domainCells = all(".domain-col", table);
  var scopes = all("thead .scope", table); // "(义务教育)" after 范围要点覆盖 and 要素完整率 while a domain is chosen
  // the figures of the whole catalogue as rendered, to come back to when no domain is chosen
  var overall = cells.map(function (m) {
    return {
      coverage: m.coverage && [m.coverage.querySelector(".figure").innerHTML, m.coverage.dataset.sort],
      completeness: m.completeness && [m.completeness.innerHTML, m.completeness.dataset.sort]
    };
  });

  function sortValue(cell) {
    if (!cell) return null;
    if (cell.dataset.sort !== undefined) return cell.dataset.sort === "" ? null : Number(cell.dataset.sort);
    var text = cell.dataset.text !== undefined ? cell.dataset.text : cell.textContent.trim();
    return text === "—" || text === "" ? null : text;
  }
  var sortKey = "number", sortDir = 1;
  function sortRows() {
    var order = rows.map(function (row, i) { return i; });
    order.sort(function (a, b) {
      var x = sortValue(cells[a][sortKey]), y = sortValue(cells[b][sortKey]);
      if (x === null || y === null) { // "—" (nothing to count) last, whichever way
        if (x === null && y === null) return rowCounty[a].n - rowCounty[b].n;
        return x === null ? 1 : -1;
      }
      var d = typeof x === "number" && typeof y === "number" ? x - y : compareText(String(x), String(y));
      return d !== 0 ? d * sortDir : rowCounty[a].n - rowCounty[b].n;
    });
    var fragment = document.createDocumentFragment();
    order.forEach(function (i) { fragment.appendChild(rows[i]); });
    tbody.appendChild(fragment);
    headers.forEach(function (th) {
      if (th.dataset.key === sortKey) th.setAttribute("aria-sort", sortDir > 0 ? "ascending" : "descending");
      else th.removeAttribute("aria-sort");
    });
  }
  headers.forEach(function (th) {
    var button = th.querySelector("button.sort");
    if (!button) return;
    button.addEventListener("click", function () { // a <button>: Enter and Space work as a click
      var key = th.dataset.key;
      if (key === sortKey) sortDir = -sortDir;
      else { sortKey = key; sortDir = th.dataset.key === "region" || th.dataset.key === "city" || th.dataset.key === "number" ||
        th.dataset.key === "office" || th.dataset.key === "edition" || th.dataset.key === "status" ? 1 : -1; }
      sortRows();
    });
  });

  // A domain chosen: only its column of item counts, and the coverage and completeness of that domain alone.
  var shownDomain = "";
  function showDomain(value) {
    if (value === shownDomain) return;
    shownDomain = value;
    var d = value === "" ? -1 : Number(value);
    domainCells.forEach(function (cell) { cell.hidden = d >= 0 && Number(cell.dataset.domain) !== d; });
    if (domainGroup) domainGroup.colSpan = d >= 0 ? 1 : domainNames.length;
    scopes.forEach(function (el) { el.textContent = d >= 0 ? "(" + domainNames[d] + ")" : ""; });
    rows.forEach(function (row, i) {
      var m = cells[i], c = rowCounty[i], o = overall[i];
      var f = d >= 0 && c.d[d] ? c.d[d] : null; // [items, complete, covered, due]
      if (m.coverage) {
        var figure = m.coverage.querySelector(".figure");
        if (d < 0) { figure.innerHTML = o.coverage[0]; m.coverage.dataset.sort = o.coverage[1]; }
        else if (f && f[3]) {
          figure.textContent = f[2] + "/" + f[3];
          var pct = document.createElement("span");
          pct.className = "pct";
          pct.textContent = percent(f[2] / f[3]);
          figure.appendChild(pct);
          m.coverage.dataset.sort = f[2] / f[3];
        } else { figure.textContent = "—"; m.coverage.dataset.sort = ""; }
        var missing = m.coverage.querySelector("details.missing");
        if (missing) {
          var n = 0;
          all("li", missing).forEach(function (li) {
            var show = d < 0 || Number(li.dataset.pointDomain) === d;
            li.hidden = !show;
            if (show) n++;
          });
          missing.hidden = n === 0;
          missing.querySelector(".n").textContent = n;
        }
      }
      if (m.completeness) {
        if (d < 0) { m.completeness.innerHTML = o.completeness[0]; m.completeness.dataset.sort = o.completeness[1]; }
        else {
          var ratio = f && f[0] ? f[1] / f[0] : null;
          m.completeness.textContent = percent(ratio);
          m.completeness.dataset.sort = ratio === null ? "" : ratio;
        }
      }
    });
  }

  function filterRows() {
    var name = nameInput ? nameInput.value.trim().toLowerCase() : "";
    var city = citySelect && citySelect.value !== "" ? Number(citySelect.value) : -1;
    var d = domainSelect && domainSelect.value !== "" ? Number(domainSelect.value) : -1;
    var below = threshold && threshold.value.trim() !== "" ? Number(threshold.value) : NaN;
    showDomain(domainSelect ? domainSelect.value : "");
    var shown = 0;
    rows.forEach(function (row, i) {
      var c = rowCounty[i], ok = true;
      if (name && c.r.toLowerCase().indexOf(name) < 0) ok = false;
      if (ok && city >= 0 && c.c !== city) ok = false;
      if (ok && d >= 0 && !(c.d[d] && c.d[d][0] > 0)) ok = false;
      if (ok && !isNaN(below)) {
        var v = sortValue(cells[i].coverage); // the chosen domain's coverage, or the whole catalogue's
        // as --min-coverage: a county with nothing to count (unreadable, nothing due) is below any threshold
        ok = v === null || v * 100 < below;
      }
      row.hidden = !ok;
      if (ok) shown++;
    });
    var filtered = shown !== rows.length || !!name || city >= 0 || d >= 0 || !isNaN(below);
    countyCount.textContent = filtered ? "显示 " + shown + " 个县(市、区)(共 " + rows.length + " 个)" : "共 " + rows.length + " 个县(市、区)";
    noCounty.hidden = shown > 0;
    if (sortKey !== "number" || sortDir !== 1) sortRows(); // the figures sorted on may have changed
  }
  [nameInput, threshold].forEach(function (el) { if (el) el.addEventListener("input", filterRows); });
  [citySelect, domainSelect].forEach(function (el) { if (el) el.addEventListener("change", filterRows); });
  document.getElementById("f-reset").addEventListener("click", function () {
    [nameInput, citySelect, domainSelect, threshold].forEach(function (el) { if (el) el.value = ""; });
    filterRows();
  });

  // ---- the search over every county's items ----------------------------------------------------------------
  var input = document.getElementById("q"), status = document.getElementById("search-status");
  var results = document.getElementById("results"), resultsBody = document.getElementById("results-body");
  var more = document.getElementById("results-more");
  var LIMIT = 100; // results written to the page (writing them is what a search costs); the count covers every match
  // per county (in the counties' order): its items' lower-cased text, name lengths, and the data itself
  var loaded = new Array(counties.length), total = 0, pending = 0, missing = 0, started = false, ready = false;
  var wanted = counties.filter(function (c) { return c.s; }).length, done = 0;

  window.gwstdProvince = {
    add: function (number, county) {
      var i = byNumber[number];
      if (i === undefined || !county || !county.i || county.r !== counties[i].r) return; // another build's data
      var items = county.i, hay = new Array(items.length), nameLength = new Array(items.length);
      // the county and its 市(州) too: "旌阳区 招生" finds that county's items
      var where = "\n" + county.r + "\n" + (counties[i].cn || "");
      for (var k = 0; k < items.length; k++) {
        var it = items[k], dept = county.p[it[4]] || "";
        hay[k] = (it[1] + "\n" + it[2] + "\n" + dept + where).toLowerCase();
        nameLength[k] = it[1].length;
      }
      if (!loaded[i]) total += items.length;
      loaded[i] = { data: county, hay: hay, nameLength: nameLength };
    }
  };

  function progress() {
    if (ready) return;
    status.textContent = "正在载入全省事项……(已载入 " + done + "/" + wanted + " 个县(市、区))";
  }
  function finished() {
    ready = true;
    root.dataset.searchReady = "true";
    if (input.value.trim()) search();
    else status.textContent = idleText();
  }
  function idleText() {
    var text = "已载入 " + (done - missing) + " 个县(市、区)的 " + total + " 个事项,输入关键词检索(多个关键词用空格分开)。";
    if (missing) text += "另有 " + missing + " 个县(市、区)没有检索数据(目录未生成)。";
    return text;
  }
  function start() {
    if (started) return;
    started = true;
    if (!wanted) { finished(); return; }
    progress();
    counties.forEach(function (c, i) {
      if (!c.s) return;
      var script = document.createElement("script");
      script.src = c.s;
      script.async = true;
      pending++;
      script.onload = script.onerror = function (event) {
        pending--;
        done++;
        if (event.type === "error" || !loaded[i]) missing++;
        script.remove();
        if (pending === 0) finished();
        else if (done % 10 === 0) progress();
      };
      document.head.appendChild(script);
    });
  }

  function escapeHtml(text) {
    return String(text).replace(/[&<>"']/g, function (ch) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[ch];
    });
  }
  function marked(text, terms) { // the text, escaped, with each term's occurrences in <mark>
    var lower = text.toLowerCase(), spans = [];
    terms.forEach(function (t) {
      for (var at = lower.indexOf(t); at >= 0 && t; at = lower.indexOf(t, at + t.length)) spans.push([at, at + t.length]);
    });
    if (!spans.length) return escapeHtml(text);
    spans.sort(function (a, b) { return a[0] - b[0]; });
    var out = "", pos = 0;
    spans.forEach(function (s) {
      if (s[0] < pos) { if (s[1] > pos) { out += "<mark>" + escapeHtml(text.slice(pos, s[1])) + "</mark>"; pos = s[1]; } return; }
      out += escapeHtml(text.slice(pos, s[0])) + "<mark>" + escapeHtml(text.slice(s[0], s[1])) + "</mark>";
      pos = s[1];
    });
    return out + escapeHtml(text.slice(pos));
  }
  function short(text, n) { return text.length > n ? text.slice(0, n) + "……" : text; }

  function search() {
    var q = input.value.trim().toLowerCase();
    if (!q) {
      results.hidden = true;
      resultsBody.textContent = "";
      status.textContent = ready ? idleText() : started ? "正在载入全省事项……" : status.textContent;
      root.dataset.searched = "";
      return;
    }
    var terms = q.split(/\s+/).filter(Boolean);
    var first = [], rest = [], count = 0, inCounties = 0;
    for (var i = 0; i < loaded.length; i++) {
      var c = loaded[i];
      if (!c) continue;
      var hay = c.hay, nameLength = c.nameLength, found = 0;
      for (var k = 0; k < hay.length; k++) {
        var h = hay[k], inName = true, ok = true;
        for (var t = 0; t < terms.length; t++) {
          var at = h.indexOf(terms[t]);
          if (at < 0) { ok = false; break; }
          if (at >= nameLength[k]) inName = false;
        }
        if (!ok) continue;
        count++;
        found++;
        if (inName) { if (first.length < LIMIT) first.push([i, k]); }
        else if (rest.length < LIMIT) rest.push([i, k]);
      }
      if (found) inCounties++;
    }
    var shown = first.concat(rest).slice(0, LIMIT), html = [];
    shown.forEach(function (r) {
      var county = counties[r[0]], d = loaded[r[0]].data, it = d.i[r[1]];
      var name = marked(it[1], terms), link = county.h ? county.h + "#" + encodeURIComponent(it[0]) : "";
      html.push("<tr><td>" + escapeHtml(county.r) + "</td><td>" + escapeHtml(county.cn || "—") + "</td><td>" +
        escapeHtml(d.d[it[3]] || "") + "</td><th scope=\"row\">" +
        (link ? "<a href=\"" + escapeHtml(link) + "\">" + name + "</a>" : name + "<span class=\"content\">(该县网页目录未生成)</span>") +
        (it[2] ? "<span class=\"content\">" + marked(short(it[2], 80), terms) + "</span>" : "") + "</th><td>" +
        marked(d.p[it[4]] || "", terms) + "</td></tr>");
    });
    resultsBody.innerHTML = html.join("");
    results.hidden = count === 0;
    var text = count ? "找到 " + count + " 个事项,分布在 " + inCounties + " 个县(市、区)" : "没有找到符合“" + input.value.trim() + "”的事项";
    if (!ready) text += "(正在载入全省事项……已载入 " + done + "/" + wanted + " 个县(市、区),载入完后自动更新)";
    else if (missing) text += "(" + missing + " 个县(市、区)没有检索数据)";
    status.textContent = text + "。";
    more.hidden = count <= shown.length;
    more.textContent = count > shown.length ? "只列出前 " + shown.length + " 个(名称含关键词的在前),请输入更多关键词缩小范围。" : "";
    root.dataset.searched = q;
  }

  // While an input method composes (pinyin being typed), the box holds Latin letters that are not yet the
  // words meant: search only once the composition ends.
  var composing = false;
  input.addEventListener("compositionstart", function () { composing = true; });
  input.addEventListener("compositionend", function () { composing = false; start(); search(); });
  input.addEventListener("input", function (event) {
    if (composing || event.isComposing) return;
    start();
    search();
  });
  input.addEventListener("focus", start);
  // The data loads once the page has loaded (it does not hold up the page), or as soon as the search box is used.
  if (document.readyState === "complete") setTimeout(start, 0);
  else window.addEventListener("load", function () { setTimeout(start, 0); });
  if (input.value.trim()) { start(); search(); } // the browser restored what was typed (back button)
})();
