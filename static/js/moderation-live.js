/* Moderation pages: new work arrives without reloading.
 *
 * The navigation's counts (pending comments, reports, notices, complaints) are refreshed from
 * a small private endpoint (data-live-counts-url); when one grows, a polite notice says what
 * is new and offers to reload the list. Nothing on the page is replaced, so a note or a
 * reason being typed stays as it is. Without this file the counts are those of the last
 * page load, as before. Polling backs off while nothing changes and pauses in hidden tabs. */
(function () {
  "use strict";

  var nav = document.querySelector("[data-live-counts-url]");
  if (!nav || !window.fetch) { return; }
  var url = nav.getAttribute("data-live-counts-url");
  var base = parseFloat(nav.getAttribute("data-live-poll")) || 15;
  var most = parseFloat(nav.getAttribute("data-live-poll-max")) || base * 8;
  var delay = base;
  var timer = null;
  var shown = {};
  nav.querySelectorAll("[data-live-count]").forEach(function (badge) {
    shown[badge.getAttribute("data-live-count")] = parseInt(badge.textContent, 10) || 0;
  });
  var notice = document.getElementById("mod-live-notice");

  function describe(grown) {
    var labels = [];
    Object.keys(grown).forEach(function (key) {
      var template = nav.getAttribute("data-text-" + key) || (key + ": {n}");
      labels.push(template.replace("{n}", String(grown[key])));
    });
    return labels.join(", ");
  }

  function show(grown) {
    if (!notice) { return; }
    var text = notice.querySelector("[data-live-text]");
    text.textContent = describe(grown);
    notice.hidden = false;
  }

  function poll() {
    if (document.hidden) { return; }
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) {
        if (!response.ok) { throw new Error(String(response.status)); }
        return response.json();
      })
      .then(function (counts) {
        var grown = {};
        var changed = false;
        Object.keys(counts).forEach(function (key) {
          var badge = nav.querySelector('[data-live-count="' + key + '"]');
          if (!badge) { return; }
          if (String(counts[key]) !== badge.textContent.trim()) {
            badge.textContent = String(counts[key]);
            changed = true;
          }
          if (counts[key] > (shown[key] || 0)) { grown[key] = counts[key] - (shown[key] || 0); }
        });
        if (Object.keys(grown).length) { show(grown); }
        delay = changed ? base : Math.min(delay * 1.5, most);
        schedule();
      })
      .catch(function () {
        delay = Math.min(delay * 2, most);
        schedule();
      });
  }

  function schedule() {
    window.clearTimeout(timer);
    timer = window.setTimeout(poll, delay * 1000);
  }

  document.addEventListener("visibilitychange", function () {
    if (!document.hidden) { delay = base; poll(); }
  });
  schedule();
})();
