"""Helpers the browser tests share (conftest.py builds the fixtures on them)."""

from __future__ import annotations

import functools
import http.server
import re
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, ConsoleMessage, Locator, Page, Request

# Counts the search worker's query and result messages, so a test can wait until the result
# list belongs to the last key pressed (material sends one query per keyup). Material's worker
# messages: 2 = query, 3 = result. Under file:// the iframe-worker shim replaces Worker later
# and is not counted; tests there wait for the result they expect.
SEARCH_PROBE = """
(() => {
  const state = (window.__hbSearch = { sent: 0, received: 0 });
  const Native = window.Worker;
  if (typeof Native !== "function") return;
  window.Worker = class extends Native {
    constructor(...args) {
      super(...args);
      this.addEventListener("message", (ev) => {
        if (ev.data && ev.data.type === 3) state.received += 1;
      });
    }
    postMessage(message, ...rest) {
      if (message && message.type === 2) state.sent += 1;
      return super.postMessage(message, ...rest);
    }
  };
})();
"""


ANIMATIONS_DONE = "() => document.getAnimations().every(a => a.playState !== 'running')"
"""True once no CSS animation or transition runs (page.wait_for_function(ANIMATIONS_DONE))."""


@dataclass
class Guard:
    """What a page did that a test must not allow: outside requests, console errors."""

    allowed: list[str]
    """URL prefixes the page may load (the local server; a file:// folder)."""
    outside: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    expected_errors: list[re.Pattern[str]] = field(default_factory=list)

    def request(self, request: Request) -> None:
        """Every request the context's pages and their workers make (the `request` event):
        one to another host is recorded. Watching, not intercepting: a route on every request
        turns the browser's cache off and doubled each page's load time. Such a request
        reaches nobody: the browser resolves no host name but 127.0.0.1 (NO_OUTSIDE_HOSTS)."""
        url = request.url
        if not url.startswith(("data:", "blob:", "about:", *self.allowed)):
            self.outside.append(url)

    def console(self, message: ConsoleMessage) -> None:
        if message.type != "error":
            return
        text = f"{message.text} ({message.location.get('url', '')})"
        if any(pattern.search(text) for pattern in self.expected_errors):
            return
        if any(url in text for url in self.outside):
            return  # already reported as an outside request
        self.errors.append(text)

    def page_error(self, error: Exception) -> None:
        self.errors.append(f"uncaught: {error}")

    def problems(self) -> list[str]:
        return [f"request to another host: {u}" for u in self.outside] + [
            f"console error: {e}" for e in self.errors
        ]

    def check(self) -> None:
        """Fail the test if the page has made an outside request or logged an error so far."""
        problems = self.problems()
        if problems:
            pytest.fail("\n".join(problems), pytrace=False)


@contextmanager
def guarded_page(browser: Browser, guard: Guard,
                 probe: str | None = SEARCH_PROBE) -> Iterator[Page]:
    """A page in a fresh browser context, watched by `guard`; checked when the block ends.
    `probe`: a script run in every document before the page's own (default: the search probe;
    test_nginx.py's records CSP violations; None: none)."""
    context = browser.new_context(locale="da-DK", viewport={"width": 1280, "height": 900})
    if probe is not None:
        context.add_init_script(probe)
    context.on("request", guard.request)
    page = context.new_page()
    page.on("console", guard.console)
    page.on("pageerror", guard.page_error)
    try:
        yield page
        guard.check()
    finally:
        context.close()


@dataclass(frozen=True)
class SearchHit:
    """One result of the search dialog: a page and its title."""

    path: str
    """The page's path relative to the site root, without anchor or query ("indsatser/tti.html")."""
    title: str


def result_path(href: str, base: str) -> str:
    """The site-relative page path of a result link."""
    parts = urlsplit(href)
    root = urlsplit(base)
    path = parts.path
    if path.startswith(root.path):
        path = path[len(root.path) :]
    return path.lstrip("/")


def search_box(page: Page) -> Locator:
    return page.locator("input.md-search__input")


def read_results(page: Page, base: str) -> list[SearchHit]:
    """The search result list as shown (articles, best first)."""
    items = page.locator(".md-search-result__list > li.md-search-result__item")
    hits = []
    for index in range(items.count()):
        link = items.nth(index).locator("a.md-search-result__link").first
        title = link.locator("h1, h2").first.inner_text().strip()
        hits.append(SearchHit(result_path(link.get_attribute("href") or "", base), title))
    return hits


def wait_for_results(page: Page, sent_before: int) -> None:
    """Wait until the worker has answered every query sent since `sent_before`, and the list
    shows them (material draws the first ten results at once)."""
    page.wait_for_function(
        """before => {
          const state = window.__hbSearch;
          if (state.sent <= before || state.sent !== state.received) return false;
          const meta = document.querySelector(".md-search-result__meta").textContent.trim();
          const shown = document.querySelectorAll(".md-search-result__list > li").length;
          if (meta === "Ingen resultater fundet") return shown === 0;
          if (meta === "1 resultat") return shown === 1;
          const count = parseInt(meta, 10);
          return !Number.isNaN(count) && shown >= Math.min(count, 10);
        }""",
        arg=sent_before,
    )


def run_search(page: Page, query: str, base: str) -> list[SearchHit]:
    """Open the search, type `query` key by key and return the results."""
    box = search_box(page)
    box.click()
    box.fill("")
    sent_before = page.evaluate("() => window.__hbSearch.sent")
    box.press_sequentially(query)
    wait_for_results(page, sent_before)
    return read_results(page, base)


@dataclass(frozen=True)
class Violation:
    """An axe-core rule a page breaks, with where."""

    rule: str
    impact: str
    help: str
    targets: list[str]

    def __str__(self) -> str:
        where = ", ".join(self.targets[:5])
        return f"{self.impact} {self.rule}: {self.help} [{where}]"


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    """Serves the site like a web server would: unknown addresses get the site's 404 page."""

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        page = Path(self.directory) / "404.html"
        if code != 404 or not page.is_file():
            super().send_error(code, message, explain)
            return
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


class _Server(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        """A browser that leaves a page closes its connections mid-answer (a broken pipe):
        normal, not worth a traceback in the test output; anything else is still printed."""
        if isinstance(sys.exc_info()[1], ConnectionError):
            return
        super().handle_error(request, client_address)


@contextmanager
def served(folder: Path) -> Iterator[str]:
    """A threaded HTTP server for a built site on 127.0.0.1 (random port); its address."""
    handler = functools.partial(_QuietHandler, directory=str(folder))
    server = _Server(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    host, port = server.server_address[:2]
    try:
        yield f"http://{host}:{port}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
