/* Comments: open the reply form under a comment without a page load, count characters.
 * Everything works without this file: "Reply" is a link that renders the form server-side. */
(function () {
  "use strict";

  function updateCounter(textarea, counter) {
    var max = parseInt(textarea.getAttribute("maxlength"), 10) || 0;
    var count = textarea.value.length;
    var template = textarea.getAttribute("data-counter-text") || "%(count)s / %(max)s";
    counter.textContent = template.replace("%(count)s", count).replace("%(max)s", max);
    counter.classList.toggle("comment-form__counter--over", max > 0 && count >= max);
  }

  function attachCounter(textarea) {
    if (textarea.dataset.counterReady) return;
    textarea.dataset.counterReady = "1";
    var counter = document.createElement("p");
    counter.className = "comment-form__counter";
    counter.setAttribute("aria-live", "polite");
    counter.id = textarea.id + "-counter";
    textarea.setAttribute("aria-describedby", counter.id);
    textarea.insertAdjacentElement("afterend", counter);
    textarea.addEventListener("input", function () { updateCounter(textarea, counter); });
    updateCounter(textarea, counter);
  }

  function closeInlineForms() {
    document.querySelectorAll(".comment-form-wrap--inline").forEach(function (node) { node.remove(); });
  }

  function openReply(link) {
    var template = document.getElementById("comment-form");
    var comment = link.closest(".comment");
    if (!template || !comment) return false;
    var pk = link.getAttribute("data-reply-to");
    var existing = document.getElementById("reply-form");
    if (existing && existing.querySelector("input[name=parent]").value === pk) {
      existing.querySelector("textarea").focus();
      return true;
    }
    if (existing && !existing.closest(".comment-form-wrap--inline")) {
      // A server-rendered reply form for another comment: keep its text only if empty.
      var text = existing.querySelector("textarea");
      if (!text || !text.value.trim()) existing.closest(".comment-form-wrap").remove();
    }
    closeInlineForms();

    var wrap = document.createElement("div");
    wrap.className = "comment-form-wrap comment-form-wrap--reply comment-form-wrap--inline";
    var form = template.cloneNode(true);
    form.id = "reply-form";
    // A refused reply comes back with the reply form: land on it, not on the top form.
    form.action = form.getAttribute("action").split("#")[0] + "#reply-form";
    form.classList.add("comment-form--reply");
    form.querySelectorAll(".invalid-feedback, .alert, .comment-form__counter").forEach(function (n) { n.remove(); });
    var textarea = form.querySelector("textarea");
    var label = form.querySelector("label[for='" + textarea.id + "']");
    textarea.id = "reply-body-" + pk;
    var texts = document.querySelector(".comments__compose") || document.body;
    if (label) {
      label.setAttribute("for", textarea.id);
      var name = link.getAttribute("data-reply-name");
      var replyLabel = texts.getAttribute("data-reply-label");
      if (name && replyLabel) label.textContent = replyLabel.replace("{name}", name);
    }
    textarea.value = "";
    textarea.removeAttribute("autofocus");
    textarea.removeAttribute("aria-invalid");
    textarea.classList.remove("is-invalid");
    delete textarea.dataset.counterReady;
    form.querySelector("input[name=parent]").value = pk;
    form.querySelectorAll("[id]").forEach(function (node) {
      if (node !== textarea && node !== form) node.id = node.id + "-reply-" + pk;
    });

    var cancel = document.createElement("button");
    cancel.type = "button";
    cancel.className = "btn btn-link comment-form__cancel";
    cancel.textContent = texts.getAttribute("data-cancel-label") || "Cancel";
    cancel.addEventListener("click", function () { wrap.remove(); link.focus(); });
    var submit = form.querySelector("[type=submit]");
    (submit ? submit.parentNode : form).appendChild(cancel);

    wrap.appendChild(form);
    comment.appendChild(wrap);
    attachCounter(textarea);
    textarea.focus({ preventScroll: true });
    wrap.scrollIntoView({ block: "nearest" });
    return true;
  }

  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("a[data-reply-to]");
    if (!link || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey) return;
    if (openReply(link)) event.preventDefault();
  });

  document.querySelectorAll("textarea[data-counter]").forEach(attachCounter);
})();
