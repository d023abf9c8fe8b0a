"use strict";
/*
 * The iframe-worker shim's frame (file:// only): what shim.js 1.0.4 wrote into the frame as an
 * inline script, as a file of its own, so that the page's Content-Security-Policy
 * (script-src 'self', build_tools/csp.py) lets it run without 'unsafe-inline'. Same behaviour:
 * the worker's postMessage goes to the page, importScripts loads scripts in order, errors are
 * passed on with the worker's URL (the frame element's data-worker, set by shim.js).
 * It then removes its own <script> element: material's search worker takes the frame's first
 * script[src] for its own address (to find lunr beside it), as it was with the inline script.
 */
(function () {
  if (document.currentScript) document.currentScript.remove()
  var worker = frameElement ? frameElement.getAttribute("data-worker") : ""
  window.postMessage = function (message, origin) {
    parent.postMessage(message, origin || "*")
  }
  window.importScripts = function () {
    var urls = Array.prototype.slice.call(arguments)
    return urls.reduce(function (done, url) {
      return done.then(function () {
        return new Promise(function (resolve) {
          var script = document.createElement("script")
          script.src = url
          script.onload = resolve
          document.body.appendChild(script)
        })
      })
    }, Promise.resolve())
  }
  addEventListener("error", function (event) {
    parent.dispatchEvent(new ErrorEvent("error", { filename: worker, error: event.error }))
  })
})()
