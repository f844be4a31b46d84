// Going back or forward shows a page from the browser's memory or cache without asking the
// server, even with "max-age=0": a comment hidden since (a takedown) would show again.
// Such a page is reloaded, which revalidates it (a cheap 304 when nothing changed).
(function () {
  "use strict";
  window.addEventListener("pageshow", function (event) {
    var entries = window.performance && performance.getEntriesByType
      ? performance.getEntriesByType("navigation") : [];
    var fromHistory = entries.length > 0 && entries[0].type === "back_forward";
    if (event.persisted || fromHistory) {
      window.location.reload();
    }
  });
})();
