/* handbook serve only: shows the check's Danish lines over the page while the content has
 * errors. serve.py rewrites the first line (window.HB_FEJL) after every save; the engine's live
 * reload then reloads the page, so fixing the file brings the page back by itself. */
window.HB_FEJL = [];
(function () {
  var lines = window.HB_FEJL || [];
  if (!lines.length) return;
  function show() {
    var box = document.createElement("div");
    box.className = "hb-preview-error";
    box.setAttribute("role", "alert");
    var title = document.createElement("h1");
    title.textContent = "Indholdet har fejl";
    var intro = document.createElement("p");
    intro.textContent = "Forhåndsvisningen viser den seneste version uden fejl. Ret linjerne " +
      "herunder, og gem filen igen – siden opdaterer sig selv.";
    var list = document.createElement("pre");
    list.textContent = lines.join("\n");
    box.appendChild(title);
    box.appendChild(intro);
    box.appendChild(list);
    document.body.insertBefore(box, document.body.firstChild);
  }
  if (document.body) show(); else document.addEventListener("DOMContentLoaded", show);
})();
