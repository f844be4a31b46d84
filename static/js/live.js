/* Live updates of an open article page: new comments, replies and ticker entries.
 *
 * Without this file nothing changes (readers reload). With it, the page asks one URL per
 * article, "what changed since version N" (data-live-url + ?v=N), which is the same for
 * every reader and cached by the edge for a second or two, so the origin's load follows
 * articles, not readers. Then:
 * - new comments and replies are announced in place ("3 neue Kommentare – anzeigen", under
 *   a parent "1 neue Antwort") and shown on click; a polite live region says it once;
 * - nothing is re-rendered: new nodes are inserted, edited texts replace only their text,
 *   so a reply being typed (an inline form inside a comment) is never touched;
 * - a comment hidden meanwhile turns into its placeholder (or goes, if it has no replies);
 * - the reader's own bits (Reply, Report, Recommend with the CSRF token) come from a
 *   <template> the page rendered for this reader, filled in here, as the page does it;
 * - the order and the page the reader chose stay: new threads are announced where that
 *   order puts them, and only on the page that shows them;
 * - polling backs off while nothing changes, pauses in a hidden tab and stops when the
 *   answer says the article is no longer live (idle, switched off).
 */
(function () {
  "use strict";

  var CALM = 10;
  var root = document.querySelector("[data-live-url]");
  if (!root || !window.fetch) { return; }

  var state = {
    url: root.getAttribute("data-live-url"),
    version: root.getAttribute("data-live-version"),
    epoch: root.getAttribute("data-live-epoch") || "0",
    base: parseFloat(root.getAttribute("data-live-poll")) || 5,
    max: parseFloat(root.getAttribute("data-live-poll-max")) || 60,
    delay: 0,
    quiet: 0,  // answers without news since the last change
    timer: null,
    stopped: false,
    pendingRoots: [],
    pendingReplies: {},
    pendingEntries: []
  };
  state.delay = state.base;
  var texts = root.dataset;
  var region = document.getElementById("live-status");

  function plural(one, other, count) {
    return (count === 1 ? one : other).replace("{n}", String(count));
  }

  function announce(message) {
    if (!region) { return; }
    region.textContent = "";
    window.setTimeout(function () { region.textContent = message; }, 50);
  }

  function fromHTML(html) {
    var template = document.createElement("template");
    template.innerHTML = html;
    return template.content;
  }

  // --- The reader's own bits ----------------------------------------------------------
  var footerTemplate = document.getElementById("live-footer");

  function fillFooter(article, item) {
    // The answer's footer holds only what every reader sees (the recommendation count);
    // this reader's links and forms come from the page's template, as the page fills them.
    var footer = article.querySelector(":scope > footer.comment__actions");
    if (!footer || !footerTemplate) { return; }
    var fresh = footerTemplate.content.cloneNode(true);
    fresh.querySelectorAll("*").forEach(function (node) {
      Array.prototype.slice.call(node.attributes).forEach(function (attribute) {
        var value = attribute.value;
        if (!/__(ID|NAME|AUTHOR)__/.test(value)) { return; }
        value = value.split("__ID__").join(String(item.id))
          .split("__AUTHOR__").join(String(item.author || ""))
          .split("__NAME__").join(item.name || "");
        node.setAttribute(attribute.name, value);  // an attribute, never parsed as HTML
      });
    });
    var source = fresh.querySelector("footer") || fresh;
    Array.prototype.slice.call(source.childNodes).forEach(function (node) {
      footer.appendChild(document.createTextNode(" "));
      footer.appendChild(node);
    });
  }

  function commentNode(item) {
    var fragment = fromHTML(item.html);
    var article = fragment.querySelector("article.comment");
    if (article) { fillFooter(article, item); }
    return fragment;
  }

  // --- New threads --------------------------------------------------------------------
  var threadList = document.querySelector(".comment-list--threads");
  var rootsButton = null;

  function rootsHere() {
    // Only the page where new threads appear in the chosen order shows them.
    return root.getAttribute("data-live-roots") || "";
  }

  function showRoots() {
    var items = state.pendingRoots.splice(0);
    var first = null;
    var list = threadList;
    if (!list) {
      list = document.createElement("ol");
      list.className = "comment-list comment-list--threads";
      (rootsButton.parentNode || root).insertBefore(list, rootsButton.nextSibling);
      threadList = list;
    }
    items.forEach(function (item) {
      if (document.getElementById("comment-" + item.id)) { return; }
      var node = commentNode(item);
      var element = node.firstElementChild;
      if (rootsHere() === "top") { list.insertBefore(node, list.firstChild); }
      else { list.appendChild(node); }
      if (!first || rootsHere() === "top") { first = element; }
    });
    rootsButton.remove();
    rootsButton = null;
    var empty = root.querySelector(".comments__empty");
    if (empty) { empty.remove(); }
    announceWaiting(items);
    focusFirst(first);
  }

  function announceWaiting(items) {
    items.forEach(function (item) {
      if (state.pendingReplies[item.id]) { announceReplies(item.id); }
    });
  }

  function focusFirst(element) {
    var article = element && (element.matches("article") ? element : element.querySelector("article"));
    if (!article) { return; }
    article.classList.add("comment--new");
    article.setAttribute("tabindex", "-1");
    article.focus({ preventScroll: false });
  }

  function announceRoots() {
    var count = state.pendingRoots.length;
    if (!count) { return; }
    if (!rootsButton) {
      rootsButton = document.createElement("button");
      rootsButton.type = "button";
      rootsButton.className = "btn btn-outline-primary live-new live-new--threads";
      rootsButton.addEventListener("click", showRoots);
      var anchor = threadList || document.querySelector(".comments__compose");
      if (threadList && rootsHere() === "bottom") {
        threadList.insertAdjacentElement("afterend", rootsButton);
      } else if (anchor) {
        anchor.insertAdjacentElement(threadList ? "beforebegin" : "afterend", rootsButton);
      } else {
        root.appendChild(rootsButton);
      }
    }
    rootsButton.textContent = plural(texts.textCommentsOne, texts.textCommentsOther, count);
  }

  // --- New replies ----------------------------------------------------------------------
  function replyButton(parentId) {
    var id = "live-replies-" + parentId;
    var button = document.getElementById(id);
    if (button) { return button; }
    var parent = document.getElementById("comment-" + parentId);
    if (!parent) { return null; }
    button = document.createElement("button");
    button.type = "button";
    button.id = id;
    button.className = "btn btn-link live-new live-new--replies";
    button.addEventListener("click", function () { showReplies(parentId); });
    // Below the parent's replies (or the parent itself), outside the <article>, so an
    // inline reply form inside it is never moved.
    var holder = parent.parentNode;
    var list = holder.querySelector(":scope > ol.comment-list--replies");
    (list || parent).insertAdjacentElement("afterend", button);
    return button;
  }

  function showReplies(parentId) {
    var items = state.pendingReplies[parentId] || [];
    delete state.pendingReplies[parentId];
    var parent = document.getElementById("comment-" + parentId);
    var button = document.getElementById("live-replies-" + parentId);
    if (!parent) { if (button) { button.remove(); } return; }
    var holder = parent.parentNode;
    var list = holder.querySelector(":scope > ol.comment-list--replies");
    if (!list) {
      list = document.createElement("ol");
      list.className = "comment-list comment-list--replies";
      parent.insertAdjacentElement("afterend", list);
    }
    var first = null;
    items.forEach(function (item) {
      if (document.getElementById("comment-" + item.id)) { return; }
      var node = commentNode(item);
      var element = node.firstElementChild;
      list.appendChild(node);
      first = first || element;
    });
    if (button) { button.remove(); }
    announceWaiting(items);
    focusFirst(first);
  }

  function announceReplies(parentId) {
    var count = (state.pendingReplies[parentId] || []).length;
    var button = replyButton(parentId);
    if (button) {
      button.textContent = plural(texts.textRepliesOne, texts.textRepliesOther, count);
    }
  }

  // --- Changes to what the page shows ----------------------------------------------------
  function replaceParts(article, html) {
    // Header and text only: the footer holds this reader's bits, the inline form stays.
    var fresh = fromHTML(html).querySelector("article.comment");
    if (!fresh) { return; }
    ["header.comment__meta", "div.comment__body", "p.comment__placeholder"].forEach(function (selector) {
      var old = article.querySelector(":scope > " + selector);
      var now = fresh.querySelector(":scope > " + selector);
      if (old && now) { old.replaceWith(now); }
      else if (old && !now) { old.remove(); }
      else if (!old && now) {
        var footer = article.querySelector(":scope > footer");
        article.insertBefore(now, footer || null);
      }
    });
    article.className = fresh.className + (article.classList.contains("comment--new") ? " comment--new" : "");
    if (!fresh.querySelector(":scope > footer .comment__reply")) {
      var footer = article.querySelector(":scope > footer.comment__actions");
      if (footer) { footer.replaceChildren(); }
    }
  }

  function isPending(id) {
    if (state.pendingRoots.some(function (p) { return p.id === id; })) { return true; }
    return Object.keys(state.pendingReplies).some(function (key) {
      return state.pendingReplies[key].some(function (p) { return p.id === id; });
    });
  }

  function typingIn(article) {
    var field = article.querySelector(".comment-form-wrap--inline textarea");
    return Boolean(field && field.value.trim());
  }

  function applyHidden(items) {
    items.forEach(function (item) {
      // Not yet shown: forget it.
      state.pendingRoots = state.pendingRoots.filter(function (p) { return p.id !== item.id; });
      Object.keys(state.pendingReplies).forEach(function (key) {
        state.pendingReplies[key] = state.pendingReplies[key].filter(function (p) { return p.id !== item.id; });
        if (!state.pendingReplies[key].length) {
          delete state.pendingReplies[key];
          var button = document.getElementById("live-replies-" + key);
          if (button) { button.remove(); }
        } else { announceReplies(key); }
      });
      var article = document.getElementById("comment-" + item.id);
      if (!article) { return; }
      var holder = article.parentNode;
      var hasReplies = holder.querySelector(":scope > ol.comment-list--replies article.comment");
      if (item.html && hasReplies) {
        replaceParts(article, item.html);
      } else if (typingIn(article)) {
        // The reader is typing a reply to it: the text goes, their form stays.
        if (item.html) { replaceParts(article, item.html); }
        article.querySelectorAll(":scope > header, :scope > div.comment__body, :scope > footer")
          .forEach(function (node) { node.hidden = true; });
      } else {
        holder.remove();
      }
    });
    if (rootsButton && !state.pendingRoots.length) { rootsButton.remove(); rootsButton = null; }
    else { announceRoots(); }
  }

  function applyCounts(counts) {
    // Every recommended comment's label: the ones not listed have none (any more).
    if (!counts) { return; }
    document.querySelectorAll("article.comment [data-recommend-count]").forEach(function (slot) {
      var article = slot.closest("article.comment");
      var id = article.id.replace("comment-", "");
      slot.textContent = counts[id] || "";
    });
  }

  function applyCount(count) {
    var heading = document.getElementById("comments-title");
    if (heading && count && count.label) { heading.textContent = count.label; }
  }

  // --- Ticker -----------------------------------------------------------------------------
  var tickerList = document.getElementById("ticker-entries");
  var tickerButton = null;

  function showEntries() {
    var items = state.pendingEntries.splice(0);
    var first = null;
    items.forEach(function (item) {
      if (document.getElementById("eintrag-" + item.id)) { return; }
      var node = fromHTML(item.html).firstElementChild;
      node.classList.add("ticker-entry--new");
      tickerList.insertBefore(node, tickerList.firstChild);
      first = node;
    });
    tickerButton.remove();
    tickerButton = null;
    var empty = document.querySelector(".ticker__empty");
    if (empty && first) { empty.remove(); }
    if (first) { first.setAttribute("tabindex", "-1"); first.focus(); }
  }

  function applyTicker(ticker) {
    if (!ticker || !tickerList) { return 0; }
    var added = 0;
    (ticker.removed || []).forEach(function (id) {
      var node = document.getElementById("eintrag-" + id);
      if (node) { node.remove(); }
      state.pendingEntries = state.pendingEntries.filter(function (p) { return p.id !== id; });
    });
    (ticker.entries || []).forEach(function (item) {
      var node = document.getElementById("eintrag-" + item.id);
      if (node) { node.replaceWith(fromHTML(item.html)); return; }
      // New entries go on top of the first page only; an older page keeps its entries.
      if (!tickerList.closest("[data-live-first]")) { return; }
      if (state.pendingEntries.some(function (p) { return p.id === item.id; })) { return; }
      state.pendingEntries.push(item);
      added += 1;
    });
    if (state.pendingEntries.length) {
      if (!tickerButton) {
        tickerButton = document.createElement("button");
        tickerButton.type = "button";
        tickerButton.className = "btn btn-primary live-new live-new--ticker";
        tickerButton.addEventListener("click", showEntries);
        tickerList.insertAdjacentElement("beforebegin", tickerButton);
      }
      tickerButton.textContent = plural(texts.textEntriesOne, texts.textEntriesOther, state.pendingEntries.length);
    } else if (tickerButton) { tickerButton.remove(); tickerButton = null; }
    return added;
  }

  // --- One answer -------------------------------------------------------------------------
  function apply(data) {
    var newRoots = 0;
    var newReplies = 0;
    var edited = 0;
    (data.comments || []).forEach(function (item) {
      // A comment the page shows has changed (edited, approved again, picked): new text.
      var shown = document.getElementById("comment-" + item.id);
      if (shown) { replaceParts(shown, item.html); edited += 1; return; }
      if (isPending(item.id)) { return; }
      if (item.parent) {
        // A reply to a comment on this page is announced under it; a reply to a new comment
        // waits until that comment is shown (announceWaiting), one on another page never is.
        // "under": the comment whose list of replies it joins (replies deeper than the
        // indented levels join their deepest indented ancestor's list, as on the page).
        var under = item.under || item.parent;
        (state.pendingReplies[under] = state.pendingReplies[under] || []).push(item);
        if (document.getElementById("comment-" + under)) {
          announceReplies(under);
          newReplies += 1;
        }
      } else if (rootsHere()) {
        state.pendingRoots.push(item);
        newRoots += 1;
      }
    });
    announceRoots();
    applyHidden(data.hidden || []);
    applyCounts(data.counts);
    applyCount(data.count);
    var newEntries = applyTicker(data.ticker);
    var parts = [];
    if (newEntries) { parts.push(plural(texts.textEntriesOne, texts.textEntriesOther, newEntries)); }
    if (newRoots) { parts.push(plural(texts.textCommentsOne, texts.textCommentsOther, newRoots)); }
    if (newReplies) { parts.push(plural(texts.textRepliesOne, texts.textRepliesOther, newReplies)); }
    if (parts.length) { announce(parts.join(". ")); }
    return newRoots + newReplies + newEntries + edited + (data.hidden || []).length;
  }

  function offerReload() {
    // Too much changed to apply in place (a page left open for long): offer the new page.
    state.stopped = true;
    if (document.getElementById("live-reload")) { return; }
    var link = document.createElement("a");
    link.id = "live-reload";
    link.className = "btn btn-outline-primary live-new";
    link.href = window.location.pathname + window.location.search + "#comments";
    link.textContent = texts.textReload || "Reload";
    var list = threadList || root;
    list.insertAdjacentElement("beforebegin", link);
    announce(link.textContent);
  }

  function schedule() {
    if (state.stopped) { return; }
    window.clearTimeout(state.timer);
    state.timer = window.setTimeout(poll, state.delay * 1000);
  }

  function poll() {
    if (document.hidden) { return; }  // visibilitychange resumes
    var url = state.url + (state.url.indexOf("?") === -1 ? "?" : "&") + "v=" +
      encodeURIComponent(state.version) + "&e=" + encodeURIComponent(state.epoch);
    fetch(url, { credentials: "omit", headers: { Accept: "application/json" } })
      .then(function (response) {
        if (!response.ok) { throw new Error(String(response.status)); }
        return response.json();
      })
      .then(function (data) {
        if (data.reload) { offerReload(); return; }
        var changed = String(data.version) !== String(state.version) ||
          (data.epoch !== undefined && String(data.epoch) !== String(state.epoch));
        if (changed) { apply(data); state.version = String(data.version); }
        if (data.epoch !== undefined) { state.epoch = String(data.epoch); }
        if (data.live === false) { state.stopped = true; return; }
        if (data.poll) { state.base = data.poll; }
        // A discussion in full swing keeps the base interval; after CALM answers without
        // news the page asks 1.5 times later each time, up to the maximum.
        state.quiet = changed ? 0 : state.quiet + 1;
        state.delay = state.quiet < CALM ? state.base : Math.min(state.delay * 1.5, state.max);
        schedule();
      })
      .catch(function () {
        state.delay = Math.min(state.delay * 2, state.max);
        schedule();
      });
  }

  document.addEventListener("visibilitychange", function () {
    if (!document.hidden && !state.stopped) { state.delay = state.base; poll(); }
  });
  schedule();
})();
