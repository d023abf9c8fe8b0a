"""Search figures for benchmarks/RESULTS.md: the index's size and the time to the first result.

Usage: python -m build_tools.search.measure SITE [--runs N] [--query TEXT ...]

SITE is a built site (e.g. `site/`, from `handbook build`). For the index it prints the size of
`search/search_index.json` raw and gzip-compressed. For the time it opens the front page in a
fresh headless Chromium context (nothing cached), types a query as soon as the page has loaded
and reads `performance.now()` when the first result is shown: the time from the start of the
navigation to the first search result, which includes loading the index and building it in the
search worker. It does so served over HTTP (127.0.0.1) and opened from file:// (the offline
edition), and prints the median of N runs per query; then, on the same page, the time one more
search of the query takes (from the key to the worker's answer).
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import shutil
import statistics
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from playwright.sync_api import Browser, sync_playwright

QUERIES = ["tavshedspligt", "tavshedsplikt", "hvem skal jeg ringe til"]
"""A correct word, a misspelt one and an everyday phrase."""

PROBE = """
(() => {
  // Counts queries sent to the search worker and results received, whatever class the page
  // installs as Worker (under file:// the iframe-worker shim replaces it after this script).
  const state = (window.__measure = { sent: 0, received: 0 });
  const wrap = (Base) => typeof Base !== "function" ? Base : class extends Base {
    constructor(...args) {
      super(...args);
      this.addEventListener("message", (ev) => {
        if (ev.data && ev.data.type === 3) state.received++;
      });
    }
    postMessage(message, ...rest) {
      if (message && message.type === 2) state.sent++;
      return super.postMessage(message, ...rest);
    }
  };
  let current = wrap(window.Worker);
  Object.defineProperty(window, "Worker", {
    configurable: true,
    get: () => current,
    set: (value) => { current = wrap(value); },
  });
})();
"""

ANSWERED = """() => new Promise((resolve) => {
  const check = () => {
    const state = window.__measure;
    if (state.sent > 0 && state.sent === state.received) {
      const shown = document.querySelectorAll(".md-search-result__list > li").length;
      resolve({ ms: performance.now(), shown });
    } else if (performance.now() > 20000) resolve(null);
    else requestAnimationFrame(check);
  };
  check();
})"""
"""When the worker has answered every query typed: the time since navigation start and the
number of results shown (null after 20 s)."""


ROUND_TRIP = """async (query) => {
  // One more search on a page whose index is built: the box gets the query at once, material
  // reads it on keyup; the time until the worker's answer arrives.
  const box = document.querySelector("input.md-search__input");
  const state = window.__measure;
  const times = [];
  for (const text of [query + " x", query, query + " x", query, query + " x", query]) {
    const before = state.received;
    const start = performance.now();
    box.value = text;
    box.dispatchEvent(new KeyboardEvent("keyup", { bubbles: true }));
    while (state.received === before) await new Promise((r) => setTimeout(r, 0));
    if (text === query) times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return times[1];
}"""
"""The median time of three searches for `query` (each after a different query)."""


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass


@contextmanager
def served(site: Path) -> Iterator[str]:
    handler = functools.partial(_Quiet, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def first_result_ms(browser: Browser, url: str, query: str) -> tuple[float | None, float]:
    """Milliseconds from navigation start until the results of `query` are shown on a fresh
    page (None: no result), and for one more search of it on that page."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.add_init_script(PROBE)
    try:
        page = context.new_page()
        page.goto(url, wait_until="load")
        box = page.locator("input.md-search__input")
        box.click()
        box.press_sequentially(query)
        answered = page.evaluate(ANSWERED)
        again = float(page.evaluate(ROUND_TRIP, query))
        if not answered or not answered["shown"]:
            return None, again
        return float(answered["ms"]), again
    finally:
        context.close()


def index_sizes(site: Path) -> tuple[int, int]:
    data = (site / "search" / "search_index.json").read_bytes()
    return len(data), len(gzip.compress(data, compresslevel=9))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("site", type=Path)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--query", action="append", help=f"instead of {', '.join(QUERIES)}")
    args = parser.parse_args()
    site = args.site.resolve()

    raw, packed = index_sizes(site)
    print(f"search_index.json: {raw / 1024:.1f} KiB raw, {packed / 1024:.1f} KiB gzip")
    print()
    print("| query | first result, http (ms) | first result, file:// (ms) | one search (ms) |")
    print("| --- | ---: | ---: | ---: |")
    chromium = shutil.which("chromium")
    with sync_playwright() as p, served(site) as base:
        browser = p.chromium.launch(executable_path=chromium, args=["--no-sandbox"])
        for query in args.query or QUERIES:
            cells = []
            searches = []
            for url in (base + "index.html", (site / "index.html").as_uri()):
                runs = [first_result_ms(browser, url, query) for _ in range(args.runs)]
                shown = [first for first, _ in runs if first is not None]
                searches += [again for _, again in runs]
                cells.append(f"{statistics.median(shown):.0f}" if shown else "no result")
            again = f"{statistics.median(searches):.1f}"
            print(f"| {query} | {cells[0]} | {cells[1]} | {again} |")
        browser.close()


if __name__ == "__main__":
    main()
