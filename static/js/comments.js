/* Comments: open the reply form under a comment without a page load, count characters.
 * Everything works without this file: "Reply" is a link that renders the form server-side. */
(function () {
  "use strict";

  // The limit is settings.COMMENT_MAX_LENGTH, rendered into data-max-length by the form. There
  // is no maxlength attribute: the browser would cut a pasted text silently; the server
  // refuses an overlong comment and gives the text back.
  var WARN_AT = 0.9;

  function fill(template, values) {
    return template.replace(/%\((\w+)\)s/g, function (all, key) { return key in values ? values[key] : all; });
  }

  function updateCounter(textarea, counter, excess) {
    var max = parseInt(textarea.getAttribute("data-max-length") || textarea.getAttribute("maxlength"), 10) || 0;
    var count = textarea.value.length;
    var over = max > 0 ? count - max : 0;
    var template = textarea.getAttribute("data-counter-text") || "%(count)s of %(max)s characters";
    var text = fill(template, { count: count, max: max });
    if (over > 0) {
      var overTemplate = over === 1
        ? textarea.getAttribute("data-counter-over-one") || "1 character too many"
        : textarea.getAttribute("data-counter-over-many") || "%(over)s characters too many";
      text += " – " + fill(overTemplate, { over: over });
    }
    counter.textContent = text;
    counter.classList.toggle("comment-form__counter--near", max > 0 && count >= max * WARN_AT && over <= 0);
    counter.classList.toggle("comment-form__counter--over", over > 0);
    textarea.classList.toggle("comment-form__body--over", over > 0);
    // The excess, marked: what the server would refuse, so the reader sees where to cut.
    excess.hidden = over <= 0;
    if (over > 0) {
      var mark = excess.querySelector("mark");
      var rest = textarea.value.slice(max);
      mark.textContent = rest.length > 160 ? rest.slice(0, 160) + " …" : rest;
      excess.querySelector(".comment-form__excess-context").textContent = "… " + textarea.value.slice(Math.max(0, max - 40), max);
    }
  }

  function attachCounter(textarea) {
    if (textarea.dataset.counterReady) return;
    textarea.dataset.counterReady = "1";
    textarea.removeAttribute("maxlength");
    var counter = document.createElement("p");
    counter.className = "comment-form__counter";
    counter.setAttribute("aria-live", "polite");
    counter.id = textarea.id + "-counter";
    var excess = document.createElement("p");
    excess.className = "comment-form__excess";
    excess.hidden = true;
    var label = document.createElement("span");
    label.className = "comment-form__excess-label";
    label.textContent = textarea.getAttribute("data-counter-excess") || "Beyond the limit:";
    var context = document.createElement("span");
    context.className = "comment-form__excess-context";
    excess.appendChild(label);
    excess.appendChild(document.createTextNode(" "));
    excess.appendChild(context);
    excess.appendChild(document.createElement("mark"));
    var described = (textarea.getAttribute("aria-describedby") || "").split(" ").filter(Boolean);
    described.push(counter.id);
    textarea.setAttribute("aria-describedby", described.join(" "));
    textarea.insertAdjacentElement("afterend", excess);
    textarea.insertAdjacentElement("afterend", counter);
    textarea.addEventListener("input", function () { updateCounter(textarea, counter, excess); });
    updateCounter(textarea, counter, excess);
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
    form.querySelectorAll(".invalid-feedback, .alert, .comment-form__counter, .comment-form__excess, .comment-form__kept").forEach(function (n) { n.remove(); });
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

  // A refused post's text in a read-only box: the copy button appears with JavaScript
  // (without it the text can still be selected and copied by hand).
  function copyText(button) {
    var source = document.getElementById(button.getAttribute("data-copy"));
    if (!source) return;
    var done = function () {
      var note = button.parentNode.querySelector(".comment-form__kept-copied");
      if (note) note.hidden = false;
    };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(source.value).then(done, function () {
        source.select();
        if (document.execCommand("copy")) done();
      });
    } else {
      source.focus();
      source.select();
      if (document.execCommand("copy")) done();
    }
  }

  document.querySelectorAll("button[data-copy]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () { copyText(button); });
  });
})();
