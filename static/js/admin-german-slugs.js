/* The admin fills slug fields as the editor types (prepopulate.js calls window.URLify).
   Django's URLify drops the dots of umlauts ("müssen" -> "mussen"); German URLs write
   ä, ö, ü and ß as ae, oe, ue and ss (articles/slugs.py makes the same slugs on the server). */
(function () {
  "use strict";
  var base = window.URLify;
  if (typeof base !== "function") {
    return;
  }
  var GERMAN = { "ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue", "ß": "ss", "ẞ": "SS" };
  window.URLify = function (s, numChars, allowUnicode) {
    var german = String(s).replace(/[äöüÄÖÜßẞ]/g, function (c) { return GERMAN[c]; });
    return base(german, numChars, allowUnicode);
  };
})();
