/* ctsearch – progressive enhancement only: every page works without this file.
 *
 * - on a wide screen, ticking a facet checkbox goes straight to its toggle URL (built by
 *   the server), the results show that they are loading, a tick made meanwhile is sent with
 *   the first (the form holds both), and on the new page the focus is back on that
 *   checkbox while the new count is said; words edited in the search box and not searched
 *   yet go with a tick, and with another order, as a date typed and not applied does;
 * - a value's name is a link to its toggle URL: a plain click ticks the box, Ctrl or a
 *   middle click opens it in a new tab;
 * - on a phone, the filter panel starts closed and stays open while choosing: ticks only
 *   update one "Xem N kết quả" button (N asked from the JSON API, "Đang đếm…" meanwhile,
 *   the new count said), which applies them all, and the focus is kept above it;
 * - a filter box narrows each long list of provinces (typed with or without diacritics, by
 *   any name the filter takes: "hcm", "Sài Gòn", a former province for today's); Enter
 *   ticks the one value left, and does nothing when none is (the link beside the message
 *   filters by the value as typed, "Q7");
 * - "← Quay lại" goes back in history when it leads to the same results page, so the
 *   page comes back exactly where it was left, the focus on the row opened (the browser's
 *   own Back too);
 * - another page, a chip taken off, another order: the focus starts on the count line;
 * - "/" focuses the search box (also from a box just ticked); an empty page puts the
 *   cursor there, except on a touch screen (the keyboard would cover the page);
 * - while a query is typed, the box offers it finished, with its marks (from
 *   /api/complete): arrow keys move through the offers, Enter or a click searches one,
 *   Escape closes them (the ARIA combobox pattern); how many came is said politely;
 * - an article's "Sao chép liên kết" copies its own address (not the sender's search).
 */
(function () {
  "use strict";

  document.documentElement.classList.add("js");

  var FOCUS_KEY = "ctsearch:focus";
  var narrow = window.matchMedia("(max-width: 800px)");

  /** Folded, without spaces or punctuation: "BR - VT", "br vt" and "BRVT" are alike. */
  function squash(text) {
    return fold(text).replace(/[^a-z0-9|]/g, "");
  }

  /** Lower case without diacritics, so "ben tre" finds "Bến Tre". */
  function fold(text) {
    return text
      .normalize("NFD")
      .replace(/[\u0300-\u036f]/g, "")
      .replace(/đ/g, "d")
      .replace(/Đ/g, "D")
      .toLowerCase()
      .trim();
  }

  function sameSitePath(url) {
    return url && url.charAt(0) === "/" && url.charAt(1) !== "/";
  }

  function remember(box) {
    try {
      sessionStorage.setItem(FOCUS_KEY, JSON.stringify({ name: box.name, value: box.value }));
    } catch (e) { /* storage may be off: focus then starts at the top */ }
  }

  /** Open every <details> around an element, so that it can be seen and focused. */
  function reveal(el) {
    for (var node = el.parentElement; node; node = node.parentElement) {
      if (node.tagName === "DETAILS") node.open = true;
    }
  }

  var boxes = Array.prototype.slice.call(document.querySelectorAll("input[type=checkbox][data-toggle-url]"));
  var apply = document.getElementById("apply-filters");
  var form = document.getElementById("search-form");
  var pending = 0;
  // The shortest bar a year with any article keeps (web/present.py, BAR_FLOOR).
  var BAR_FLOOR = 1.5;
  // The page's polite live region (in the page from the start, empty).
  var filterStatus = document.getElementById("filter-status");

  // A tick's page is on its way. On a slow network it may take seconds: the results say
  // they are loading, and a second tick meanwhile must not go to its own toggle link (built
  // from the page on screen, without the first tick), which would cancel the first page.
  var leaving = false;
  function loading() {
    leaving = true;
    var results = document.getElementById("results");
    if (results) results.setAttribute("aria-busy", "true");
    document.documentElement.classList.add("is-loading");
  }
  // Back to this page from the history: nothing is loading.
  window.addEventListener("pageshow", function () {
    leaving = false;
    var results = document.getElementById("results");
    if (results) results.removeAttribute("aria-busy");
    document.documentElement.classList.remove("is-loading");
  });

  function formatCount(n) {
    return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ".");
  }

  /** The apply button's words: the results holding every word, as the filters' counts
   *  promise (the near matches after them are not counted), or the near ones where none does. */
  function applyLabel(total, full, partial) {
    var near = partial ? total - full : 0;
    if (!total) return "Không có kết quả: bỏ bớt bộ lọc";
    if (near <= 0) return "Xem " + formatCount(total) + " kết quả";
    if (full) return "Xem " + formatCount(full) + " kết quả";
    return "Xem " + formatCount(near) + " kết quả gần đúng";
  }

  /** Whether a date field holds a value typed since the page came (not applied yet). */
  function datesTyped() {
    return ["date-from", "date-to"].some(function (id) {
      var input = document.getElementById(id);
      return input && input.value !== input.defaultValue;
    });
  }

  /** Whether the search box holds other words than the page searched: edited and not
   *  searched yet. A tick or another order then searches them, with the filter, as a date
   *  typed and not applied goes with a tick (one rule: what the form shows is searched). */
  function queryEdited() {
    var box = document.getElementById("q");
    return !!box && box.value.trim() !== box.defaultValue.trim();
  }

  /** Search with the filters the form holds now, as its button does (its submit handlers
   *  run: "literal" holds for the page's own words only), for the words in the box. */
  function submitForm(extra) {
    if (extra) {
      var hidden = document.createElement("input");
      hidden.type = "hidden";
      hidden.name = extra.name;
      hidden.value = extra.value;
      hidden.setAttribute("data-added", "");
      form.appendChild(hidden);
    }
    if (form.requestSubmit) form.requestSubmit();
    else form.submit();
  }
  // Back to this page: a value added for a search that left it is no filter of this one.
  window.addEventListener("pageshow", function () {
    if (form) form.querySelectorAll("input[data-added]").forEach(function (input) { input.remove(); });
  });

  /** What a screen reader hears when the count comes: "4 kết quả với bộ lọc đã chọn". */
  function countSaid(total, full, partial) {
    if (!total) return "Không có kết quả với bộ lọc đã chọn";
    return applyLabel(total, full, partial).replace(/^Xem /, "") + " với bộ lọc đã chọn";
  }

  /** Phone: how many results the ticked filters give, on the one apply button. While it is
   *  asked, the button says so (the count it showed is no longer the filters'); the new
   *  count is then said politely (the button is no live region). */
  function updateApply() {
    if (!apply || !form || !window.fetch) return;
    var params = new URLSearchParams();
    new FormData(form).forEach(function (value, key) {
      if (value !== "") params.append(key, value);
    });
    params.set("limit", "1");
    params.set("facet_size", "max");
    var ticket = ++pending;
    apply.setAttribute("aria-busy", "true");
    apply.textContent = "Đang đếm…";
    fetch("/api/search?" + params.toString(), { headers: { Accept: "application/json" } })
      .then(function (resp) { return resp.ok ? resp.json() : null; })
      .then(function (data) {
        if (ticket !== pending) return;
        apply.removeAttribute("aria-busy");
        apply.textContent = data ? applyLabel(data.total, data.total_full, data.partial) : "Áp dụng bộ lọc";
        // (nothing to see: not a tap that leads to an empty page; untick a filter first)
        apply.disabled = !!data && data.total === 0;
        if (data && filterStatus) filterStatus.textContent = countSaid(data.total, data.total_full, data.partial);
        recount(data);
      })
      .catch(function () {
        if (ticket === pending) {
          apply.removeAttribute("aria-busy");
          apply.textContent = "Áp dụng bộ lọc";
          apply.disabled = false;       // (count unknown: the choice is the reader's)
        }
      });
  }

  /** Phone: every value's count as the boxes ticked now give it (each facet's own ticks
   *  aside, as the page counts them), from the answer the apply button's count came in. A
   *  count left as the page had it misled the next tick: ticking Hà Nội, "2021 (13)" still
   *  offered a year that then gave nothing. A value now counting none is dimmed, its box
   *  still there to tick (another tick may be what to take back), and the year bars are
   *  drawn again (the page's scale: the commonest known year at full length). */
  function recount(data) {
    if (!data || !data.facets) return;
    var bars = [];
    boxes.forEach(function (box) {
      var item = box.closest(".facet-item");
      if (!item) return;
      var count = 0;
      (data.facets[box.name] || []).some(function (v) {
        if (v.value !== box.value) return false;
        count = v.count;
        return true;
      });
      var shown = item.querySelector(".facet-count");
      if (shown) shown.textContent = formatCount(count);
      box.setAttribute("aria-label", (item.getAttribute("data-label") || box.value) + ", " + formatCount(count) + " bài");
      item.classList.toggle("is-empty", count === 0 && !box.checked);
      var bar = item.querySelector(".facet-bar rect");
      if (bar) bars.push([bar, count]);
    });
    var top = Math.max.apply(null, [0].concat(bars.map(function (b) { return b[1]; })));
    bars.forEach(function (b) {
      b[0].setAttribute("width", top && b[1] ? Math.max(BAR_FLOOR, Math.round(1000 * b[1] / top) / 10) : 0);
    });
  }

  boxes.forEach(function (box) {
    box.addEventListener("change", function () {
      if (narrow.matches) {
        updateApply();
        return;
      }
      var url = box.getAttribute("data-toggle-url");
      if (!sameSitePath(url)) return;
      remember(box);
      // A date typed and not yet applied goes with the tick (the toggle link holds the
      // page's own dates), and so does a tick whose page is still loading: the form holds
      // every box as it is ticked now, and the dates.
      if (form && (leaving || datesTyped() || queryEdited())) submitForm();
      else window.location.assign(url);
      loading();
    });
  });

  // Another order for the words in the box: those edited and not searched yet are searched
  // (the link, for the page's own words, still works without this script).
  document.querySelectorAll(".sort a").forEach(function (link) {
    link.addEventListener("click", function (event) {
      if (event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey || event.altKey) return;
      if (!queryEdited()) return;
      var to = new URL(link.getAttribute("href"), window.location.href);
      var typed = document.getElementById("q").value.trim();
      if (typed) to.searchParams.set("q", typed);
      else to.searchParams.delete("q");
      to.searchParams.delete("literal");   // (the exact search held for the words it was asked for)
      to.searchParams.delete("page");
      event.preventDefault();
      window.location.assign(to.pathname + to.search);
    });
  });

  // A value's name is a link to the page its tick leads to, for the gestures that open a
  // link elsewhere (Ctrl, Cmd or Shift click, a middle click, the context menu): two
  // provinces side by side in two tabs. A plain click ticks the box, as a click on the
  // rest of the row does (a link in a label does not tick it by itself).
  document.querySelectorAll(".facet-item a.facet-label").forEach(function (link) {
    link.addEventListener("click", function (event) {
      if (event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey || event.altKey) return;
      var row = link.closest("label");
      var box = row && row.querySelector("input[type=checkbox]");
      if (!box) return;
      event.preventDefault();
      box.focus({ preventScroll: true });
      box.click();
    });
  });
  // A date field is text typed day first: counted once it holds a whole date (or nothing),
  // not at every digit ("0", "01/0" would ask for a count the server refuses).
  var WHOLE_DATE = /^(?:(?:\d{1,2}[\/.\-]){1,2}\d{4}|\d{4}(?:[\/.\-]\d{1,2}){0,2}|\d{8})$/;
  ["date-from", "date-to"].forEach(function (id) {
    var input = document.getElementById(id);
    if (!input) return;
    input.addEventListener("change", function () { if (narrow.matches) updateApply(); });
    input.addEventListener("input", function () {
      var typed = input.value.trim();
      if (narrow.matches && (!typed || WHOLE_DATE.test(typed))) updateApply();
    });
  });

  // Empty date fields and an empty query stay out of the URL ("q=&from=&to=" says nothing,
  // and the same search from a phone and a desktop reads the same when shared).
  var emptyLeftOut = ["date-from", "date-to", "q"].map(function (id) { return document.getElementById(id); })
    .filter(function (input) { return input && input.form === form; });
  if (form && emptyLeftOut.length) {
    form.addEventListener("submit", function () {
      emptyLeftOut.forEach(function (input) { if (!input.value.trim()) input.disabled = true; });
    });
    window.addEventListener("pageshow", function () {   // back to this page: usable again
      emptyLeftOut.forEach(function (input) { input.disabled = false; });
    });
  }

  // Back to a page, the browser may restore boxes ticked or dates typed on it before
  // leaving: they would look applied, and the next search would send them. The page's
  // own filters are the ones its URL says.
  window.addEventListener("pageshow", function (event) {
    document.querySelectorAll('input[form="search-form"]').forEach(function (input) {
      if (input.type === "checkbox") input.checked = input.defaultChecked;
      else if (input.name === "from" || input.name === "to") input.value = input.defaultValue;
    });
    if (event.persisted && narrow.matches) updateApply();
  });

  // "Tìm đúng chữ đã gõ" holds for this query's filters and pages; a new query is read as usual.
  var literal = form && form.querySelector('input[name="literal"]');
  var queryBox = document.getElementById("q");
  // A phone's box is narrower than the examples: the hint that matters, whole (it was cut
  // mid-word, "…thươ").
  function fitHint() {
    if (!queryBox || !queryBox.hasAttribute("data-short-placeholder")) return;
    if (!queryBox.hasAttribute("data-long-placeholder")) {
      queryBox.setAttribute("data-long-placeholder", queryBox.getAttribute("placeholder") || "");
    }
    queryBox.setAttribute("placeholder", queryBox.getAttribute(narrow.matches ? "data-short-placeholder"
                                                                               : "data-long-placeholder"));
  }
  fitHint();
  if (narrow.addEventListener) narrow.addEventListener("change", fitHint);
  if (literal && queryBox) {
    form.addEventListener("submit", function () {
      literal.disabled = queryBox.value.trim() !== (literal.getAttribute("data-for-query") || "").trim();
    });
    window.addEventListener("pageshow", function () { literal.disabled = false; });
  }

  // After a toggle, the focus goes back to the checkbox the user changed.
  var wanted = null;
  try {
    wanted = JSON.parse(sessionStorage.getItem(FOCUS_KEY) || "null");
    sessionStorage.removeItem(FOCUS_KEY);
  } catch (e) { wanted = null; }
  if (wanted) {
    var target = boxes.filter(function (b) { return b.name === wanted.name && b.value === wanted.value; })[0];
    if (target) {
      reveal(target);
      target.focus();
      // The count of the page the tick led to: its status line was on the page from the
      // start, so it is not read out, and the focus on the box says only the box. Said
      // once, just after the box, in the region that was empty until now.
      var counted = document.getElementById("result-count");
      if (counted && filterStatus) {
        var said = counted.cloneNode(true);
        said.querySelectorAll(".took").forEach(function (el) { el.remove(); });
        var words = said.textContent.replace(/\s+/g, " ").trim();
        window.setTimeout(function () { filterStatus.textContent = words; }, 500);
      }
    }
  }

  // A facet's filter box (provinces, sources): searches the whole list, "Xem thêm" included.
  document.querySelectorAll(".facet-filter").forEach(function (input) {
    var section = input.closest(".facet");
    if (!section) return;
    var none = section.querySelector(".facet-nomatch");
    var more = section.querySelector(".facet-more");
    var items = Array.prototype.slice.call(section.querySelectorAll(".facet-item"));
    // Provinces are typed with the word for the unit, "cũ" or "mới"; other values as named.
    var places = input.hasAttribute("data-places");
    // The label and the other names the value is known by ("hcm", "Sài Gòn", a former
    // province), each from every word on: what is typed matches from the start of a word,
    // so "hn" finds HN (Hà Nội), not the "h n" of "Bình Định (nay thuộc …)".
    function keysOf(names) {
      var out = [];
      names.forEach(function (name) {
        var words = fold(name).split(/[^a-z0-9]+/).filter(Boolean);
        for (var k = 0; k < words.length; k++) out.push(words.slice(k).join(""));
      });
      return out;
    }
    // A former province's label names the unit it is part of now: "Hà Giang (nay thuộc
    // Tuyên Quang)". Its own name is the part before.
    var NOW_RE = /\s*\(nay thuộc ([^)]*)\)\s*$/;
    var own = items.map(function (li) { return (li.getAttribute("data-label") || "").replace(NOW_RE, ""); });
    var now = items.map(function (li, i) {
      var m = (li.getAttribute("data-label") || "").match(NOW_RE);
      return m ? m[1] : own[i];
    });
    var forms = items.map(function (li) { return (li.getAttribute("data-forms") || "").split("|"); });
    var keys = items.map(function (li, i) { return keysOf([li.getAttribute("data-label") || ""].concat(forms[i])); });
    var ownKeys = items.map(function (li, i) { return keysOf([own[i]].concat(forms[i])); });
    function named(i, typed) {
      return keys[i].some(function (key) { return key.indexOf(typed) === 0; });
    }
    function namedOwn(i, typed) {
      return ownKeys[i].some(function (key) { return key.indexOf(typed) === 0; });
    }
    // "Hà Giang cũ", "hcm mới", as the server reads them: "cũ" is the province of that name
    // as it was, "mới" the unit of that name today, with the former provinces now part of it.
    var nowKeys = now.map(function (name) { return keysOf([name]); });
    function qualified(typedBare, newer) {
      var found = {};
      items.forEach(function (li, i) { if (namedOwn(i, typedBare)) found[own[i]] = true; });
      return items.map(function (li, i) {
        return !!found[own[i]] || (newer && (!!found[now[i]] ||
          nowKeys[i].some(function (key) { return key.indexOf(typedBare) === 0; })));
      });
    }
    // The regions a province lies in ("Tây Nguyên", "ĐBSCL"): found typed whole or by a
    // start of seven letters or more, so that "bac" still finds Bắc Ninh and not all the
    // north, and "Đồng N" Đồng Nai and not all of Đông Nam Bộ.
    var groups = items.map(function (li) {
      return (li.getAttribute("data-groups") || "").split("|").map(squash).filter(Boolean);
    });
    // Every region's names: one typed whole finds its own provinces only ("miền Trung" is not
    // also the start of "miền Trung và Tây Nguyên").
    var names = {};
    groups.forEach(function (g) { g.forEach(function (name) { names[name] = true; }); });
    // The words a region's name may follow ("vùng", "khu vực"), as the server strips them.
    var leads = (input.getAttribute("data-group-leads") || "").split("|").map(squash).filter(Boolean);
    var leadRe = leads.length ? new RegExp("^(?:" + leads.join("|") + ")+") : null;
    function inGroup(i, typed) {
      var bare = leadRe ? typed.replace(leadRe, "") : typed;
      var whole = Object.prototype.hasOwnProperty.call(names, bare);
      return groups[i].some(function (g) {
        return g === bare || (!whole && bare.length >= 7 && g.indexOf(bare) === 0);
      });
    }
    // Nothing in the list: the value typed goes to the server as a filter, which reads
    // what no list shows (a district, "Q7", a former province such as "Hà Tây") or says
    // what it cannot read.
    var typedLink = section.querySelector(".facet-typed");
    var typedBase = typedLink && typedLink.getAttribute("href");
    function typedUrl() {
      var url = new URL(typedBase, window.location.href);
      url.searchParams.delete("page");
      url.searchParams.append(typedLink.getAttribute("data-param"), input.value.trim());
      return url.pathname + url.search;
    }
    /** Filter by the value typed. Boxes ticked or dates typed and not applied yet (on a
     *  phone the panel applies them together) go with it: the form holds them. */
    function filterByTyped() {
      if (form && (narrow.matches || leaving || datesTyped())) {
        submitForm({ name: typedLink.getAttribute("data-param"), value: input.value.trim() });
      } else {
        window.location.assign(typedUrl());
      }
      if (!narrow.matches) loading();
    }
    if (typedLink) {
      typedLink.addEventListener("click", function (event) {
        if (event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey || event.altKey) return;
        event.preventDefault();
        filterByTyped();
      });
    }
    input.hidden = false;
    function typedNeedle() {
      // "tỉnh Bến Tre", "TP. Hồ Chí Minh": the word for the unit is no part of any name
      // (of a place: a source may be "tinhte.vn").
      return places ? squash(input.value).replace(/^(tinh|thanhpho|tp)(?=.)/, "") : squash(input.value);
    }
    // Each value's own names whole ("daklak"), not their later words.
    var wholeKeys = items.map(function (li, i) { return [own[i]].concat(forms[i]).map(squash).filter(Boolean); });
    input.addEventListener("input", function () {
      var needle = typedNeedle();
      // "Hà Giang cũ", "Tuyên Quang (mới)": which is meant, as the filter reads it.
      var bare = places ? needle.replace(/(moi|cu)$/, "") : needle;
      var which = bare && bare !== needle ? qualified(bare, /moi$/.test(needle)) : null;
      var shown = 0;
      if (needle && more) more.open = true;
      items.forEach(function (li, i) {
        var match = !needle || named(i, needle) || inGroup(i, squash(input.value)) ||
          (which !== null && which[i]) ||
          li.classList.contains("is-selected");
        li.hidden = !match;
        if (match) shown += 1;
      });
      if (more) more.querySelector("summary").hidden = !!needle;
      if (none) none.hidden = shown !== 0;
      if (typedLink && shown === 0) {
        typedLink.querySelector(".facet-typed-value").textContent = input.value.trim();
        typedLink.setAttribute("href", typedUrl());
      }
    });
    input.addEventListener("keydown", function (event) {
      if (event.key !== "Enter") return;
      event.preventDefault();   // don't submit the search form
      if (!input.value.trim()) return;
      // Enter picks what the box narrowed to: the one value left, or the value as typed.
      var left = items.filter(function (li) { return !li.hidden && !li.classList.contains("is-selected"); });
      var all = items.filter(function (li) { return !li.hidden; });
      // "hcm mới" shows today's unit and the provinces now part of it: the server reads
      // the words as typed into that one filter.
      var several = places && left.length > 1 && /(moi|cu)$/.test(squash(input.value));
      // A region's name ("Tây Nguyên") shows its provinces: the server reads the name as all of them.
      var region = left.length > 1 && items.some(function (li, i) {
        return !li.hidden && inGroup(i, squash(input.value));
      });
      // None left: the list has just said that no value typed so has an article here, and
      // Enter leading to a page of none anyway surprised; the offer beside the message
      // ("Lọc theo …") filters by the words typed for one who means it.
      if (all.length === 0) return;
      if ((several || region) && typedLink) {
        filterByTyped();
      } else {
        // "Đắk Lắk" typed whole also shows the former provinces now part of it: Enter picks
        // the one named so.
        var needle = typedNeedle();
        var whole = left.length > 1 ? left.filter(function (li) {
          return wholeKeys[items.indexOf(li)].indexOf(needle) !== -1;
        }) : left;
        var box = whole.length === 1 && whole[0].querySelector("input[type=checkbox]");
        if (box) {
          box.click();
        } else if (left.length > 1) {
          // Several left ("quang": five Quảng provinces): said, and the first of them takes
          // the focus, to tick with the space bar (Enter did nothing, and said nothing).
          say(left.length + " " + noun + " khớp: chọn một");
          var first = left[0].querySelector("input[type=checkbox]");
          if (first) first.focus();
        }
      }
    });
    // What the box says of Enter, read out politely by screen readers: the live region is
    // on the page, empty, before anything is said in it (one made and filled at once is
    // often not read out).
    var noun = (input.getAttribute("placeholder") || "").replace(/^Lọc\s+/, "").replace(/…$/, "") || "giá trị";
    var status = document.createElement("p");
    status.className = "facet-status";
    status.setAttribute("aria-live", "polite");
    input.parentNode.insertBefore(status, input.nextSibling);
    function say(text) { status.textContent = text; }
    input.addEventListener("input", function () { status.textContent = ""; });
  });

  // Phone: the filter panel starts closed (its summary shows how many are ticked; the
  // server draws it so for a phone's browser) unless the focus is coming back into it; the
  // apply button says how many results it gives. A wide window shows it open (a tablet
  // turned sideways), where the panel has no summary to open it by.
  var filters = document.getElementById("filters-panel");
  if (filters && !narrow.matches) filters.open = true;
  // The open panel's "Xem N kết quả" bar stays at the foot of the screen: the focus, moved
  // by Tab at 200 % zoom or by a phone's keyboard, is kept above it (the stylesheet's
  // scroll-margin, as high as the bar is, which its words or the zoom may change).
  var applyBar = apply && apply.closest(".apply-bar");
  if (filters && applyBar && window.ResizeObserver) {
    new ResizeObserver(function () {
      if (applyBar.offsetHeight) filters.style.setProperty("--apply-bar-height", applyBar.offsetHeight + "px");
    }).observe(applyBar);
  }
  // The "Bộ lọc" button sticks under the search box as the page scrolls (style.css); the
  // panel it opens is at the top of the page: shown from its start when opened further down.
  if (filters) {
    filters.addEventListener("toggle", function () {
      if (!filters.open || !narrow.matches) return;
      if (filters.getBoundingClientRect().top < 0) filters.scrollIntoView({ block: "start" });
    });
  }
  if (filters && narrow.matches) {
    filters.open = !!wanted;
    // Escape closes the open panel, as it closes a dialog, and the focus goes back to its
    // summary (not from a box inside that Escape empties first).
    filters.addEventListener("keydown", function (event) {
      if (event.key !== "Escape" || !filters.open || !narrow.matches) return;
      var t = event.target;
      if (t && t.tagName === "INPUT" && (t.type === "search" || t.type === "text") && t.value) return;
      filters.open = false;
      var summary = filters.querySelector("summary");
      if (summary) summary.focus();
    });
    if (apply && apply.hasAttribute("data-total")) {
      apply.textContent = applyLabel(Number(apply.getAttribute("data-total")), Number(apply.getAttribute("data-full")),
                                     apply.getAttribute("data-partial") === "1");
      apply.disabled = Number(apply.getAttribute("data-total")) === 0;
    }
  }

  // A link that leads to other results of the same page's kind (another page, a filter
  // chip or a facet's choice taken off, another order): on the page it leads to, the focus
  // starts on the count line, which says what came, not on the <body> at the top (a
  // keyboard then Tabbed through the header and the filters again to reach the results).
  var RESULTS_FOCUS_KEY = "ctsearch:focus-results";
  document.querySelectorAll(".pagination a, .chips a, .facet-clear, .sort a, .fix-links a").forEach(function (link) {
    link.addEventListener("click", function (event) {
      if (event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey || event.altKey) return;
      try { sessionStorage.setItem(RESULTS_FOCUS_KEY, "1"); } catch (e) { /* storage off: the top */ }
    });
  });
  var resultsFocus = null;
  try {
    resultsFocus = sessionStorage.getItem(RESULTS_FOCUS_KEY);
    sessionStorage.removeItem(RESULTS_FOCUS_KEY);
  } catch (e) { resultsFocus = null; }
  var countLine = document.getElementById("result-count");
  if (resultsFocus && !wanted && countLine) {
    countLine.setAttribute("tabindex", "-1");
    // (the new page is at its top already: nothing scrolls)
    countLine.focus({ preventScroll: true });
  }

  // The title link of the result row an anchor names ("hit-<id>", as a URL writes it).
  function rowLink(anchor) {
    try { anchor = decodeURIComponent(anchor); } catch (e) { /* a lone "%": as it is */ }
    var row = document.getElementById(anchor);
    return row && row.querySelector(".hit-title a");
  }

  // Back from an article to the row it was opened from.
  var hash = window.location.hash;
  if (hash && hash.indexOf("#hit-") === 0) {
    var link = rowLink(hash.slice(1));
    // After the browser's own scroll to the fragment, which would drop an earlier focus.
    if (link) window.addEventListener("load", function () {
      window.setTimeout(function () { link.focus({ preventScroll: true }); }, 0);
    });
  }
  var BACK_ROW_KEY = "ctsearch-back-row";
  // The row whose article was opened last, with the results page it is on: the browser's
  // own Back (a key, a gesture, the button) comes back to that row's link too.
  var OPENED_KEY = "ctsearch:opened-row";
  document.querySelectorAll(".hit-title a").forEach(function (link) {
    link.addEventListener("click", function () {
      var row = link.closest(".hit");
      if (!row) return;
      try {
        sessionStorage.setItem(OPENED_KEY, JSON.stringify({ page: location.pathname + location.search, id: row.id }));
      } catch (e) { /* private mode: the focus starts at the top */ }
    });
  });
  function cameBack(event) {
    if (event.persisted) return true;
    var nav = window.performance && performance.getEntriesByType && performance.getEntriesByType("navigation")[0];
    return !!nav && nav.type === "back_forward";
  }
  window.addEventListener("pageshow", function (event) {
    var id = null;
    try {
      id = sessionStorage.getItem(BACK_ROW_KEY);
      sessionStorage.removeItem(BACK_ROW_KEY);
      var opened = JSON.parse(sessionStorage.getItem(OPENED_KEY) || "null");
      if (!id && opened && cameBack(event) && opened.page === location.pathname + location.search) id = opened.id;
    } catch (e) { id = null; }
    var link = id && rowLink(id);
    if (link) link.focus({ preventScroll: true });
  });
  var historyAtLoad = window.history.length;
  document.querySelectorAll("a[data-back]").forEach(function (back) {
    back.addEventListener("click", function (event) {
      // Only when this page is still the newest entry after the results page.
      if (!document.referrer || window.history.length < 2 || window.history.length !== historyAtLoad) return;
      var ref;
      try { ref = new URL(document.referrer); } catch (e) { return; }
      var to = new URL(back.getAttribute("href"), window.location.href);
      if (ref.origin === to.origin && ref.pathname === to.pathname && ref.search === to.search) {
        event.preventDefault();
        // The browser restores the exact scroll position, not the focus: the results page
        // puts it back on the row's link (below), so a keyboard goes on from there.
        try { sessionStorage.setItem(BACK_ROW_KEY, to.hash.slice(1)); } catch (e) { /* private mode */ }
        window.history.back();
      }
    });
  });

  // "Tới chỗ khớp đầu tiên": scroll and focus without a history entry of its own, so
  // that "← Quay lại" still means the results page.
  document.querySelectorAll("a.first-match").forEach(function (link) {
    link.addEventListener("click", function (event) {
      var mark = document.getElementById(link.getAttribute("href").slice(1));
      if (!mark) return;
      event.preventDefault();
      mark.scrollIntoView({ block: "center" });
      mark.focus({ preventScroll: true });
      window.history.replaceState(window.history.state, "", link.getAttribute("href"));
    });
  });

  // "Sao chép liên kết": the article's own address, which a link pasted into a chat or a
  // letter should be (the address bar's carries the sender's words, filters and way back).
  document.querySelectorAll(".copy-link[data-url]").forEach(function (button) {
    var tools = button.closest(".article-tools");
    var note = tools && tools.querySelector(".copy-status");
    var url = button.getAttribute("data-url");
    if (tools) tools.hidden = false;
    function tell(text) {
      if (!note) return;
      note.textContent = "";          // (the same words again are said again)
      window.setTimeout(function () { note.textContent = text; }, 50);
    }
    /** The older way, where the clipboard API is missing (a page served over plain HTTP). */
    function copyBySelection() {
      var field = document.createElement("textarea");
      field.value = url;
      field.setAttribute("readonly", "");
      field.className = "visually-hidden";
      document.body.appendChild(field);
      field.select();
      var done = false;
      try { done = document.execCommand("copy"); } catch (e) { done = false; }
      field.remove();
      button.focus();
      return done;
    }
    button.addEventListener("click", function () {
      var ok = function () { tell("Đã sao chép liên kết của bài"); };
      var failed = function () {
        if (copyBySelection()) ok();
        else tell("Không sao chép được. Liên kết của bài: " + url);
      };
      if (navigator.clipboard && navigator.clipboard.writeText) navigator.clipboard.writeText(url).then(ok, failed);
      else failed();
    });
  });

  // A query pasted longer than the box takes is cut there: said, not silently (the URL
  // typed so long gets the server's message).
  (function () {
    var box = document.getElementById("q");
    if (!box || !form || box.maxLength <= 0) return;
    var note = document.createElement("p");
    note.id = "q-cut";
    note.className = "q-cut";
    note.setAttribute("aria-live", "polite");   // (the page's one status is the results' count)
    note.hidden = true;
    form.appendChild(note);
    box.addEventListener("paste", function (event) {
      var data = event.clipboardData && event.clipboardData.getData("text");
      if (!data) return;
      var room = box.maxLength - box.value.length + Math.abs((box.selectionEnd || 0) - (box.selectionStart || 0));
      if (data.length <= room) return;
      note.textContent = "Câu tìm kiếm tối đa " + formatCount(box.maxLength) + " ký tự: chỉ giữ phần đầu của đoạn đã dán.";
      note.hidden = false;
    });
    box.addEventListener("input", function () {
      if (!note.hidden && box.value.length < box.maxLength) note.hidden = true;
    });
  })();

  // Completions under the search box while a query is typed.
  (function () {
    var box = document.getElementById("q");
    if (!box || !form || !window.fetch) return;
    var list = document.createElement("ul");
    list.id = "q-completions";
    list.className = "completions";
    list.setAttribute("role", "listbox");
    list.setAttribute("aria-label", "Gợi ý");
    list.hidden = true;
    form.appendChild(list);
    // How many offers came, said politely as the list opens or changes ("3 gợi ý"): the
    // list itself says nothing until an arrow key enters it. In the page before it is
    // filled (a region made and filled at once is often not read out).
    var said = document.createElement("p");
    said.id = "q-completions-status";
    said.className = "visually-hidden";
    said.setAttribute("aria-live", "polite");
    form.appendChild(said);
    box.setAttribute("role", "combobox");
    box.setAttribute("aria-autocomplete", "list");
    box.setAttribute("aria-controls", list.id);
    box.setAttribute("aria-expanded", "false");
    var ticket = 0;
    var timer = 0;
    var active = -1;
    var typedText = "";   // what was typed, while an arrow key shows an offer in the box

    function options() { return Array.prototype.slice.call(list.children); }

    function close() {
      said.textContent = "";
      list.hidden = true;
      list.textContent = "";
      active = -1;
      box.setAttribute("aria-expanded", "false");
      box.removeAttribute("aria-activedescendant");
    }

    function mark(i) {
      var items = options();
      items.forEach(function (li, k) { li.setAttribute("aria-selected", k === i ? "true" : "false"); });
      active = i;
      // The offer chosen by the keys stands in the box, to search or to type on from (a
      // province added); back above the first, what was typed (as a search engine's box).
      if (i >= 0 && items[i]) {
        box.setAttribute("aria-activedescendant", items[i].id);
        items[i].scrollIntoView({ block: "nearest" });
        box.value = items[i].textContent;
      } else {
        box.removeAttribute("aria-activedescendant");
        box.value = typedText;
      }
    }

    function choose(text) {
      box.value = text;
      close();
      if (form.requestSubmit) form.requestSubmit();   // (the submit handlers run: "literal" is dropped)
      else form.submit();
    }

    function show(texts) {
      list.textContent = "";
      active = -1;
      box.removeAttribute("aria-activedescendant");
      texts.forEach(function (text, i) {
        var li = document.createElement("li");
        li.id = "q-completion-" + i;
        li.setAttribute("role", "option");
        li.setAttribute("aria-selected", "false");
        // The words typed as typed, what the box adds in bold (text nodes, never HTML).
        var typed = fold(typedText).replace(/\s+$/, "");
        var n = fold(text).indexOf(typed) === 0 ? typed.length : 0;
        li.appendChild(document.createTextNode(text.slice(0, n)));
        if (n < text.length) {
          var added = document.createElement("b");
          added.textContent = text.slice(n);
          li.appendChild(added);
        }
        li.addEventListener("mousedown", function (event) { event.preventDefault(); });
        li.addEventListener("click", function () { choose(text); });
        list.appendChild(li);
      });
      list.hidden = !texts.length;
      box.setAttribute("aria-expanded", texts.length ? "true" : "false");
      said.textContent = texts.length ? formatCount(texts.length) + " gợi ý" : "Không có gợi ý";
    }

    function ask() {
      var text = box.value;
      typedText = text;     // (asked for what is typed: an offer shown by the keys is never it)
      if (!text.trim() || text.length > 200) { close(); return; }
      var mine = ++ticket;
      fetch("/api/complete?q=" + encodeURIComponent(text), { headers: { Accept: "application/json" } })
        .then(function (resp) { return resp.ok ? resp.json() : null; })
        .then(function (data) {
          if (mine !== ticket || box.value !== text || document.activeElement !== box) return;
          show(data ? data.completions.map(function (c) { return c.text; })
            .filter(function (t) { return t !== text; }) : []);
        })
        .catch(function () { if (mine === ticket) close(); });
    }

    box.addEventListener("input", function () {
      // What is typed now is the query: the offers for the text before go (Enter searches
      // the words typed until the new offers come and an arrow key chooses one).
      close();
      window.clearTimeout(timer);
      timer = window.setTimeout(ask, 120);
    });
    box.addEventListener("keydown", function (event) {
      var items = options();
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        if (list.hidden) {
          if (event.key === "ArrowDown" && box.value.trim()) { event.preventDefault(); ask(); }
          return;
        }
        event.preventDefault();
        var step = event.key === "ArrowDown" ? 1 : -1;
        var next = active + step;
        if (next < -1) next = items.length - 1;
        if (next >= items.length) next = -1;
        mark(next);
      } else if (event.key === "Enter" && !list.hidden && active >= 0) {
        event.preventDefault();
        choose(items[active].textContent);
      } else if (event.key === "Escape" && !list.hidden) {
        event.preventDefault();
        if (active >= 0) box.value = typedText;
        close();
      }
    });
    box.addEventListener("blur", function () { window.setTimeout(close, 0); });
    window.addEventListener("pageshow", close);
    form.addEventListener("submit", function () { ticket++; close(); });
  })();

  // An empty search page puts the cursor in the box, except on a touch screen, where it
  // would open the keyboard over the page before anything was asked.
  var opening = document.querySelector("#q[data-autofocus]");
  if (opening && !window.matchMedia("(pointer: coarse)").matches) opening.focus();

  // "/" focuses the search box, as on most search sites.
  document.addEventListener("keydown", function (event) {
    if (event.key !== "/" || event.ctrlKey || event.metaKey || event.altKey) return;
    var t = event.target;
    var tag = t && t.tagName;
    // A box to tick or a button takes no text: "/" there is for the search box.
    var typing = tag === "INPUT" && !/^(checkbox|radio|button|submit|reset)$/i.test(t.type);
    if (typing || tag === "TEXTAREA" || tag === "SELECT" || (t && t.isContentEditable)) return;
    var q = document.getElementById("q");
    if (q) {
      event.preventDefault();
      q.focus();
      q.select();
    }
  });
})();
