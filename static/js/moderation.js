// Moderation queue: a "select all" box for the bulk form. Without JavaScript the box stays
// hidden and every comment is selected one by one.
(function () {
  "use strict";
  var form = document.getElementById("bulk-form");
  var toggle = document.getElementById("select-all");
  if (!form || !toggle) return;
  var boxes = form.querySelectorAll("input[type=checkbox][name=ids]");
  toggle.closest(".mod-select-all").hidden = false;
  toggle.addEventListener("change", function () {
    boxes.forEach(function (box) { box.checked = toggle.checked; });
  });
  form.addEventListener("change", function (event) {
    if (event.target === toggle) return;
    var checked = Array.prototype.filter.call(boxes, function (box) { return box.checked; });
    toggle.checked = checked.length === boxes.length;
    toggle.indeterminate = checked.length > 0 && checked.length < boxes.length;
  });
})();
