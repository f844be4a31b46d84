/* Discussion enhancements; everything works without this file:
 * - "Recommend" is a POST form; here it is sent with fetch and the count updates in place.
 * - "Load more discussions" is a link to the next page; here the next page's threads are
 *   appended below the current ones.
 * - A permalink to a reply folded into "Show N more replies" opens that <details>. */
(function () {
  "use strict";

  function recommend(form) {
    var button = form.querySelector("button[aria-pressed]");
    var comment = form.closest(".comment");
    var count = comment && comment.querySelector("[data-recommend-count]");
    var pressed = button.getAttribute("aria-pressed") === "true";
    var body = new FormData(form);
    button.disabled = true;
    fetch(pressed ? form.dataset.remove : form.dataset.add, {
      method: "POST",
      body: body,
      credentials: "same-origin",
      headers: { Accept: "application/json" }
    }).then(function (response) {
      return response.json().then(function (data) { return { ok: response.ok, data: data }; });
    }).then(function (result) {
      button.disabled = false;
      var error = form.querySelector(".comment__recommend-error");
      if (!result.ok) {
        if (!error) {
          error = document.createElement("span");
          error.className = "comment__recommend-error";
          error.setAttribute("role", "status");
          form.appendChild(error);
        }
        error.textContent = result.data.error || "";
        return;
      }
      if (error) error.remove();
      button.setAttribute("aria-pressed", result.data.recommended ? "true" : "false");
      form.action = result.data.recommended ? form.dataset.remove : form.dataset.add;
      if (count) count.textContent = result.data.label || "";
    }).catch(function () {
      button.disabled = false;
      form.submit(); // the network or the script failed: fall back to the plain form
    });
  }

  document.addEventListener("submit", function (event) {
    var form = event.target.closest && event.target.closest("form[data-recommend]");
    if (!form || !window.fetch) return;
    event.preventDefault();
    recommend(form);
  });

  function loadMore(link) {
    var list = document.querySelector(".comment-list--threads");
    var nav = link.closest(".comments__pages");
    if (!list || !nav) return false;
    link.setAttribute("aria-busy", "true");
    fetch(link.href, { credentials: "same-origin" }).then(function (response) {
      if (!response.ok) throw new Error(response.status);
      return response.text();
    }).then(function (html) {
      var page = new DOMParser().parseFromString(html, "text/html");
      var threads = page.querySelectorAll(".comment-list--threads > li");
      var first = null;
      threads.forEach(function (item) {
        if (item.querySelector("[id]") && document.getElementById(item.querySelector("[id]").id)) return;
        var node = document.importNode(item, true);
        list.appendChild(node);
        first = first || node;
      });
      var next = page.querySelector(".comments__pages");
      if (next) nav.replaceWith(document.importNode(next, true)); else nav.remove();
      if (first) {
        var focus = first.querySelector(".comment");
        if (focus) { focus.setAttribute("tabindex", "-1"); focus.focus({ preventScroll: false }); }
      }
    }).catch(function () {
      window.location.href = link.href; // fall back to the ordinary link
    });
    return true;
  }

  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("a[data-load-more]");
    if (!link || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey) return;
    if (!window.fetch || !window.DOMParser) return;
    if (loadMore(link)) event.preventDefault();
  });

  function openTarget() {
    var id = window.location.hash.slice(1);
    var target = id && document.getElementById(id);
    var details = target && target.closest("details:not([open])");
    while (details) {
      details.open = true;
      details = details.parentElement.closest("details:not([open])");
    }
    if (target) target.scrollIntoView();
  }
  window.addEventListener("hashchange", openTarget);
  if (window.location.hash) openTarget();
})();
