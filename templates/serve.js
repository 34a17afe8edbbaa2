/* gwstd serve: reloads the book when a new one is out, and lists the catalogue's problems over it.
   The server's event stream (/__gwstd/events) only sends; this script never sends anything back. All text
   from the catalogue is set as text (textContent), never as markup. */
(function () {
  "use strict";
  var first = JSON.parse(document.getElementById("gwstd-live-state").textContent);
  var SCROLL = "gwstd-serve-scroll", COLLAPSED = "gwstd-serve-collapsed";

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = text;
    return e;
  }
  function remember(key, value) { try { sessionStorage.setItem(key, value); } catch (e) { /* private mode */ } }
  function recall(key) { try { return sessionStorage.getItem(key); } catch (e) { return null; } }

  // Back where the reader was before the reload (the new book has the same layout, or nearly).
  var saved = recall(SCROLL);
  if (saved) {
    try { sessionStorage.removeItem(SCROLL); } catch (e) { /* ignore */ }
    var at = JSON.parse(saved);
    if (at.path === location.pathname) window.scrollTo(at.x, at.y);
  }

  var chip = el("div", "gwstd-live");
  chip.id = "gwstd-live";
  chip.setAttribute("role", "status");
  chip.setAttribute("aria-live", "polite");
  var overlay = el("section", "gwstd-overlay");
  overlay.id = "gwstd-overlay";
  overlay.setAttribute("role", "alert");
  overlay.setAttribute("aria-labelledby", "gwstd-overlay-title");
  overlay.hidden = true;
  document.body.appendChild(overlay);
  document.body.appendChild(chip);

  function where(p) {
    return p.file + (p.line ? ":" + p.line + (p.column ? ":" + p.column : "") : "");
  }

  // Every row of an item with a problem (two rows share an id when an id is used twice: both are marked).
  function flag(state) {
    Array.prototype.forEach.call(document.querySelectorAll(".gwstd-flag"), function (b) { b.remove(); });
    Array.prototype.forEach.call(document.querySelectorAll("tr.gwstd-flagged"), function (row) {
      row.classList.remove("gwstd-flagged", "gwstd-flagged-error", "gwstd-flagged-warning");
      row.removeAttribute("data-gwstd-problems");
    });
    var flagged = state.flagged || {};
    if (!Object.keys(flagged).length) return;
    Array.prototype.forEach.call(document.querySelectorAll("tr.item[id]"), function (row) {
      var worst = flagged[row.id];
      if (!worst) return;
      var mine = state.problems.filter(function (p) { return p.item === row.id; });
      row.classList.add("gwstd-flagged", "gwstd-flagged-" + worst);
      row.setAttribute("data-gwstd-problems", String(mine.length));
      var badge = el("span", "gwstd-flag", worst === "error" ? "错误" : "警告");
      badge.title = mine.map(function (p) { return where(p) + " " + p.message; }).join("\n");
      var cell = row.querySelector("th[scope=row]") || row.querySelector("td");
      if (cell) cell.insertBefore(badge, cell.firstChild);
    });
  }

  // The page's foot is padded by the panel's height, and the chip sits above it.
  function makeRoom() {
    var height = overlay.hidden ? 0 : overlay.offsetHeight;
    document.body.style.paddingBottom = height ? "calc(2rem + " + height + "px)" : "";
    chip.style.bottom = height ? (height + 8) + "px" : "";
  }
  if (window.ResizeObserver) new ResizeObserver(makeRoom).observe(overlay);
  window.addEventListener("resize", makeRoom);

  function show(state) {
    var listed = state.problems;
    // Problems of the template or the workbook (GW5xx) are not the catalogue's
    var outside = listed.filter(function (p) { return p.code.indexOf("GW5") === 0; });
    var errors = state.counts.error - outside.filter(function (p) { return p.severity === "error"; }).length;
    var warnings = state.counts.warning - outside.filter(function (p) { return p.severity === "warning"; }).length;
    flag(state);
    chip.textContent = "实时预览 · " + (state.built_at ? "已更新 " + state.built_at : "");
    if (state.workbook_url) {
      chip.appendChild(document.createTextNode(" · "));
      var link = el("a", "", "下载 Excel 目录");
      link.href = state.workbook_url;
      chip.appendChild(link);
    }
    if (!listed.length && !state.broken) { overlay.hidden = true; overlay.textContent = ""; makeRoom(); return; }
    var key = JSON.stringify([state.broken, listed.map(where)]);
    overlay.textContent = "";
    overlay.classList.toggle("gwstd-warnings-only", !errors && !state.broken && !outside.length);
    var head = el("header");
    var parts = [];
    if (errors) parts.push(errors + " 个错误");
    if (warnings) parts.push(warnings + " 个警告");
    var said = [];
    if (parts.length) said.push("目录有 " + parts.join("、") + (errors ? ",修正后才能正式编制" : ""));
    if (outside.some(function (p) { return p.code === "GW503"; })) said.push("模板无法使用");
    if (outside.some(function (p) { return p.code === "GW501"; })) said.push("Excel 目录未能写入");
    var title = el("h2", "", said.join(";") || "目录有问题");
    title.id = "gwstd-overlay-title";
    var toggle = el("button", "", "收起");
    toggle.type = "button";
    toggle.setAttribute("aria-controls", "gwstd-problems");
    head.appendChild(title);
    head.appendChild(toggle);
    overlay.appendChild(head);
    if (state.broken) {
      overlay.appendChild(el("p", "gwstd-broken", state.broken + (state.book
        ? ":网页显示的是上一次成功生成的目录,修正后自动更新。" : ":目录还不能生成,修正后自动生成。")));
    }
    var list = el("ol");
    list.id = "gwstd-problems";
    listed.forEach(function (p) {
      var li = el("li", "gwstd-problem gwstd-" + p.severity);
      li.setAttribute("data-file", p.file);
      li.setAttribute("data-line", String(p.line));
      li.setAttribute("data-code", p.code);
      li.appendChild(el("span", "gwstd-where", where(p)));
      li.appendChild(document.createTextNode(" "));
      li.appendChild(el("span", "gwstd-label", p.label));
      li.appendChild(document.createTextNode(" "));
      li.appendChild(el("code", "", p.code));
      li.appendChild(document.createTextNode(" "));
      li.appendChild(el("span", "gwstd-message", p.message));
      if (p.item && document.getElementById(p.item)) {
        li.appendChild(document.createTextNode(" "));
        var go = el("a", "", "查看事项");
        go.href = "#" + p.item;
        li.appendChild(go);
      }
      if (p.hint) li.appendChild(el("p", "gwstd-hint", "建议:" + p.hint));
      list.appendChild(li);
    });
    overlay.appendChild(list);
    if (state.more) overlay.appendChild(el("p", "gwstd-more", "另有 " + state.more + " 个问题未列出,请运行 gwstd validate 查看全部。"));
    function collapse(yes) {
      overlay.classList.toggle("gwstd-collapsed", yes);
      toggle.textContent = yes ? "展开" : "收起";
      toggle.setAttribute("aria-expanded", yes ? "false" : "true");
    }
    // New problems open the list again; the same ones stay as the reader left them.
    collapse(recall(COLLAPSED) === key);
    toggle.addEventListener("click", function () {
      var yes = !overlay.classList.contains("gwstd-collapsed");
      collapse(yes);
      remember(COLLAPSED, yes ? key : "");
      makeRoom();
    });
    overlay.hidden = false;
    makeRoom();
  }

  show(first);
  if (!window.EventSource) return;
  // A page in a hidden tab lets its stream go: a browser allows a site six connections, and a seventh tab
  // would wait for one. Shown again, it connects, and the first state reloads it if a new book is out.
  var source = null;
  function connect() {
    if (source || document.hidden) return;
    var mine = source = new EventSource("/__gwstd/events");
    mine.addEventListener("state", function (event) {
      var state = JSON.parse(event.data);
      chip.classList.remove("gwstd-offline");
      if (state.server !== first.server || state.book !== first.book) {
        remember(SCROLL, JSON.stringify({ path: location.pathname, x: window.scrollX, y: window.scrollY }));
        mine.close();
        location.reload();
        return;
      }
      show(state);
    });
    mine.addEventListener("error", function () {
      chip.classList.add("gwstd-offline");
      chip.textContent = "与 gwstd serve 的连接已断开,正在重新连接……";
      // The browser retries by itself after a dropped stream, not after a refusal (too many pages open)
      if (mine.readyState === EventSource.CLOSED && source === mine) {
        source = null;
        setTimeout(connect, 3000);
      }
    });
  }
  document.addEventListener("visibilitychange", function () {
    if (!document.hidden) {
      connect();
    } else if (source) {
      source.close();
      source = null;
    }
  });
  connect();
})();
