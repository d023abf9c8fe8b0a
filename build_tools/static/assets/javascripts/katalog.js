/* Catalogue filter: a small progressive enhancement. Without JavaScript the catalogue is
 * complete and grouped by step; with it, typing "8 skole" narrows the list at once.
 * Words are folded like build_tools/render.py:fold (æ→ae, ø→oe, å→aa). */
(function () {
  "use strict";

  function fold(text) {
    return text.toLowerCase()
      .replace(/æ/g, "ae").replace(/ø/g, "oe").replace(/å/g, "aa").replace(/é/g, "e")
      .replace(/\s+/g, " ").trim();
  }

  var IGNORED = { "aar": true, "ar": true, "år": true, "barn": true, "born": true, "boern": true,
    "et": true, "en": true, "i": true, "og": true, "paa": true, "til": true };

  function parse(query) {
    var ages = [];
    var words = [];
    fold(query).split(/[\s,.;:]+/).forEach(function (word) {
      if (!word) return;
      if (/^\d{1,2}$/.test(word)) ages.push(parseInt(word, 10));
      else if (!IGNORED[word]) words.push(word);
    });
    return { ages: ages, words: words };
  }

  function matches(entry, query, area, step) {
    var from = parseInt(entry.getAttribute("data-fra"), 10);
    var to = parseInt(entry.getAttribute("data-til"), 10);
    if (query.ages.some(function (age) { return age < from || age > to; })) return false;
    if (area && entry.getAttribute("data-omraader").split(" ").indexOf(area) < 0) return false;
    if (step && entry.getAttribute("data-trin") !== step) return false;
    var text = entry.getAttribute("data-tekst");
    return query.words.every(function (word) { return text.indexOf(word) >= 0; });
  }

  function setup(box) {
    var catalogue = document.querySelector("[data-hb-catalogue]");
    if (!catalogue) return;
    var form = box.querySelector("form");
    var text = form.elements.namedItem("tekst");
    var area = form.elements.namedItem("omraade");
    var step = form.elements.namedItem("trin");
    var count = box.querySelector("[data-hb-count]");
    var entries = Array.prototype.slice.call(catalogue.querySelectorAll(".hb-entry"));

    function update() {
      var query = parse(text.value);
      var shown = 0;
      entries.forEach(function (entry) {
        var ok = matches(entry, query, area.value, step.value);
        entry.hidden = !ok;
        if (ok) shown += 1;
      });
      Array.prototype.forEach.call(catalogue.querySelectorAll("[data-hb-group]"), function (group) {
        group.hidden = !group.querySelector(".hb-entry:not([hidden])");
      });
      count.textContent = shown === entries.length
        ? (entries.length === 1 ? "Viser 1 indsats." : "Viser alle " + entries.length + " indsatser.")
        : shown === 0
          ? "Ingen indsatser passer. Prøv med færre ord, eller nulstil filteret."
          : "Viser " + shown + " af " + entries.length + (entries.length === 1 ? " indsats." : " indsatser.");
    }

    /* Enter in the text field filters; the form is never sent anywhere (and the page's
       Content-Security-Policy, form-action 'none', would refuse it) */
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    form.addEventListener("input", update);
    form.addEventListener("change", update);
    form.addEventListener("reset", function () { window.setTimeout(update, 0); });
    box.hidden = false;
    update();
  }

  function init() {
    var box = document.querySelector("[data-hb-filter]");
    if (box && !box.getAttribute("data-hb-ready")) {
      box.setAttribute("data-hb-ready", "1");
      setup(box);
    }
  }

  // Material's instant navigation swaps pages without a reload; document$ announces each page.
  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(init);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
