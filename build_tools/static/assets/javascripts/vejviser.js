/* Folded vejviser levels and sections (details elements) and the drawer on the keyboard.
 *
 * Without this script everything still works: a level opens and closes by its summary, and
 * Chromium opens a closed level when a link points inside it. This script does the same in
 * browsers that don't, on `hashchange` (a link inside the same page), opens everything before
 * printing, keeps one level open at a time on a phone, and makes material's menu button (a
 * <label>) reachable and operable from the keyboard while the hidden drawer's links are not
 * focusable. External file: the pages' Content-Security-Policy allows no inline script.
 */
(function () {
  "use strict";

  var PHONE = window.matchMedia ? window.matchMedia("(max-width: 76.234375em)") : null;

  function openTarget(scroll) {
    var id = decodeURIComponent(window.location.hash.slice(1));
    if (!id) return;
    var target = document.getElementById(id);
    if (!target) return;
    var opened = false;
    for (var node = target; node; node = node.parentElement) {
      if (node.tagName === "DETAILS" && !node.open) { node.open = true; opened = true; }
    }
    /* A link to a level's heading (in its summary) opens the level too. */
    var summary = target.closest ? target.closest("summary") : null;
    if (summary && summary.parentElement && !summary.parentElement.open) {
      summary.parentElement.open = true; opened = true;
    }
    if (!opened && !scroll) return;
    /* A level's body: show its summary (the heading) at the top, not the body under it. */
    var fold = target.classList.contains("hb-level__body") || target.classList.contains("hb-section__body")
      ? target.parentElement.querySelector("summary") : null;
    (fold || target).scrollIntoView();
  }

  function closeOthers(event) {
    var details = event.target;
    if (!details.open || !PHONE || !PHONE.matches) return;
    if (!details.classList.contains("hb-level")) return;
    /* closing a level above this one would move it: keep it where the reader sees it */
    var before = details.getBoundingClientRect().top;
    document.querySelectorAll("details.hb-level[open]").forEach(function (other) {
      if (other !== details) other.open = false;
    });
    var moved = details.getBoundingClientRect().top - before;
    if (moved) window.scrollBy(0, moved);
  }

  function openAll() {
    document.querySelectorAll("details.hb-level, details.hb-section").forEach(function (d) {
      d.setAttribute("data-hb-was-open", d.open ? "1" : "0");
      d.open = true;
    });
  }

  function restore() {
    document.querySelectorAll("details[data-hb-was-open]").forEach(function (d) {
      d.open = d.getAttribute("data-hb-was-open") === "1";
      d.removeAttribute("data-hb-was-open");
    });
  }

  /* --- the drawer on the keyboard ------------------------------------------------------
   * material's menu button is <label for="__drawer">: not focusable, and the drawer's links
   * stay in the tab order while it is hidden off screen. A real <button> takes the label's
   * place in the header (same icon; the label is hidden while the button is there); it
   * toggles the drawer's checkbox and says whether the menu is open. The drawer is inert
   * while it is closed on a narrow screen, where it is hidden; Escape closes it. */
  function drawer() {
    var toggle = document.getElementById("__drawer");
    var nav = document.querySelector(".md-sidebar--primary");
    var label = document.querySelector('.md-header label[for="__drawer"]');
    if (!toggle || !nav || !label) return;
    var narrow = window.matchMedia("(max-width: 76.234375em)");
    var button = document.createElement("button");
    button.type = "button";
    button.className = label.className + " hb-menu-button";
    button.setAttribute("aria-label", "Menu");
    button.setAttribute("aria-controls", "__drawer");
    button.innerHTML = label.innerHTML; /* material's own icon (an inline svg) */
    label.parentNode.insertBefore(button, label);
    label.classList.add("hb-menu-label");
    button.addEventListener("click", function () {
      toggle.checked = !toggle.checked;
      toggle.dispatchEvent(new Event("change"));
    });
    function update() {
      nav.inert = narrow.matches && !toggle.checked;
      button.setAttribute("aria-expanded", String(toggle.checked));
      if (narrow.matches && toggle.checked) {
        var first = nav.querySelector("a[href], input, button");
        if (first && !nav.contains(document.activeElement)) first.focus();
      }
    }
    toggle.addEventListener("change", update);
    if (narrow.addEventListener) narrow.addEventListener("change", update);
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && toggle.checked && narrow.matches) {
        toggle.checked = false;
        update();
        button.focus();
      }
    });
    update();
  }

  function start() {
    openTarget(true);
    drawer();
  }

  document.addEventListener("toggle", closeOthers, true);
  window.addEventListener("hashchange", function () { openTarget(true); });
  window.addEventListener("beforeprint", openAll);
  window.addEventListener("afterprint", restore);
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
