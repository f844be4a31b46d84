/* The ticker desk, quicker; every form also works as a plain POST without this file:
 * - writing, publishing a draft: sent with fetch, the desk's panel is swapped for the
 *   answer, and the cursor goes back into an empty text field for the next entry;
 * - Ctrl+Enter (Cmd+Enter) in the text field publishes. */
(function () {
  "use strict";

  var root = document.querySelector(".ticker-desk");
  if (!root) { return; }

  function panel() { return document.getElementById("ticker-desk-panel"); }

  function send(form, submitter) {
    var body = new FormData(form);
    if (submitter && submitter.name) { body.append(submitter.name, submitter.value); }
    var buttons = form.querySelectorAll("button");
    buttons.forEach(function (b) { b.disabled = true; });
    // getAttribute: form.action would be the buttons named "action".
    fetch(form.getAttribute("action") || window.location.pathname, {
      method: "POST",
      body: body,
      credentials: "same-origin",
      headers: { "X-Requested-With": "fetch" }
    }).then(function (response) {
      return response.text().then(function (html) { return { ok: response.ok, html: html }; });
    }).then(function (result) {
      var template = document.createElement("template");
      template.innerHTML = result.html;
      var fresh = template.content.getElementById("ticker-desk-panel");
      if (!fresh) { throw new Error("no panel"); }
      panel().replaceWith(fresh);
      var field = document.getElementById("id_body");
      if (field) { field.focus(); }
    }).catch(function () {
      buttons.forEach(function (b) { b.disabled = false; });
      form.submit();  // fall back to the plain form
    });
  }

  root.addEventListener("submit", function (event) {
    var form = event.target;
    if (form.id !== "ticker-form" && !form.hasAttribute("data-desk-action")) { return; }
    event.preventDefault();
    send(form, event.submitter);
  });

  root.addEventListener("keydown", function (event) {
    if (event.key !== "Enter" || !(event.ctrlKey || event.metaKey)) { return; }
    if (!event.target.closest("#ticker-form")) { return; }
    event.preventDefault();
    var form = document.getElementById("ticker-form");
    form.requestSubmit(form.querySelector('button[value="publish"]'));
  });
})();
