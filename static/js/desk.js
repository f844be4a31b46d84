// Keyboard shortcuts for the moderation desk and queues (progressive enhancement: every
// action is a button that works without JavaScript). j/n next, k previous, a approve,
// h focus the reason for hiding, r restore. Keys typed into a field are left alone.
(function () {
  "use strict";
  var items = Array.prototype.slice.call(document.querySelectorAll(".mod-item"));
  if (!items.length) return;
  var current = -1;

  function select(index) {
    if (index < 0 || index >= items.length) return;
    if (current >= 0) items[current].classList.remove("mod-item--current");
    current = index;
    var item = items[current];
    item.classList.add("mod-item--current");
    if (!item.hasAttribute("tabindex")) item.setAttribute("tabindex", "-1");
    item.focus();
  }

  function press(selector) {
    if (current < 0) select(0);
    var target = items[current].querySelector(selector);
    if (!target) return;
    if (target.tagName === "SELECT" || target.tagName === "INPUT") target.focus();
    else target.click();
  }

  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    var tag = event.target.tagName;
    if (tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT" || event.target.isContentEditable) {
      return;
    }
    var actions = {
      j: function () { select(current + 1); },
      n: function () { select(current + 1); },
      k: function () { select(current - 1); },
      a: function () { press("[data-shortcut=approve], button[formaction$='/approve/']"); },
      h: function () { press("[data-shortcut=hide], select[name=reason]"); },
      r: function () { press("[data-shortcut=restore], button[formaction$='/restore/']"); },
    };
    var action = actions[event.key];
    if (action) {
      event.preventDefault();
      action();
    }
  });
})();
