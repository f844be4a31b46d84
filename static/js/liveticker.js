/* Live ticker enhancements; the ticker works without this file:
 * - "Load older entries" is a link to the page of older entries (?vor=<id>); here the next
 *   page is fetched as a fragment and appended in place, and focus moves to its first entry. */
(function () {
  "use strict";

  var ticker = document.getElementById("ticker");
  if (!ticker) { return; }

  function loadOlder(link) {
    var item = link.closest("li");
    link.setAttribute("aria-busy", "true");
    fetch(link.dataset.fragment, {
      credentials: "same-origin",
      headers: { "X-Requested-With": "fetch" }
    }).then(function (response) {
      if (!response.ok) { throw new Error(String(response.status)); }
      return response.text();
    }).then(function (html) {
      var template = document.createElement("template");
      template.innerHTML = html;
      // Entries that reached this page meanwhile (live updates) are not shown twice.
      template.content.querySelectorAll(".ticker-entry").forEach(function (entry) {
        if (document.getElementById(entry.id)) { entry.remove(); }
      });
      var first = template.content.querySelector(".ticker-entry");
      item.replaceWith(template.content);
      if (first) {
        first.setAttribute("tabindex", "-1");
        first.focus();
      }
    }).catch(function () {
      window.location.href = link.href;  // the page without JavaScript does the same
    });
  }

  ticker.addEventListener("click", function (event) {
    var link = event.target.closest("a.ticker__older[data-fragment]");
    if (!link) { return; }
    event.preventDefault();
    loadOlder(link);
  });
})();
