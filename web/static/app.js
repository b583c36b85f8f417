/* ctsearch – progressive enhancement only: every page works without this file.
 *
 * - ticking a facet checkbox goes straight to its toggle URL (built by the server),
 *   so there is no "apply" button to press;
 * - a filter box narrows the long province list (typed with or without diacritics);
 * - on a phone the filter panel starts closed;
 * - "/" focuses the search box.
 */
(function () {
  "use strict";

  document.documentElement.classList.add("js");

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

  // Facet checkboxes: follow the server-built toggle URL (page resets to 1).
  document.querySelectorAll("input[type=checkbox][data-toggle-url]").forEach(function (box) {
    box.addEventListener("change", function () {
      var url = box.getAttribute("data-toggle-url");
      if (url && url.charAt(0) === "/" && url.charAt(1) !== "/") {
        document.querySelectorAll("input[type=checkbox][data-toggle-url]").forEach(function (other) {
          other.disabled = true;
        });
        window.location.assign(url);
      }
    });
  });

  // Province filter box.
  document.querySelectorAll(".facet-filter").forEach(function (input) {
    var list = document.getElementById(input.getAttribute("aria-controls"));
    if (!list) return;
    var section = input.closest(".facet");
    var none = section ? section.querySelector(".facet-nomatch") : null;
    var items = Array.prototype.slice.call(list.querySelectorAll(".facet-item"));
    var keys = items.map(function (li) { return fold(li.getAttribute("data-label") || ""); });
    input.hidden = false;
    input.addEventListener("input", function () {
      var needle = fold(input.value);
      var shown = 0;
      items.forEach(function (li, i) {
        var match = !needle || keys[i].indexOf(needle) !== -1 || li.classList.contains("is-selected");
        li.hidden = !match;
        if (match) shown += 1;
      });
      if (none) none.hidden = shown !== 0;
    });
    input.addEventListener("keydown", function (event) {
      if (event.key === "Enter") event.preventDefault();   // don't submit the search form
    });
  });

  // Phone: start with the filter panel closed (its summary shows how many are ticked).
  var filters = document.getElementById("filters");
  if (filters && window.matchMedia("(max-width: 800px)").matches) {
    filters.open = false;
  }

  // "/" focuses the search box, as on most search sites.
  document.addEventListener("keydown", function (event) {
    if (event.key !== "/" || event.ctrlKey || event.metaKey || event.altKey) return;
    var target = event.target;
    var tag = target && target.tagName;
    if (tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT" || (target && target.isContentEditable)) return;
    var q = document.getElementById("q");
    if (q) {
      event.preventDefault();
      q.focus();
      q.select();
    }
  });
})();
