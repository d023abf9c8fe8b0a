"""How many of the Danish search queries find their page on a Zensical build (a measurement,
not a gate: Zensical's search is its own engine and runs none of our search code).

    .venv/bin/handbook build --engine zensical --site-dir /tmp/zsite
    .venv/bin/python benchmarks/zensical_search.py /tmp/zsite

Serves the site on 127.0.0.1, types each query of the browser tests' tables into Zensical's
search dialog and counts the queries whose page is among the first three distinct pages.
"""

from __future__ import annotations

import functools
import http.server
import importlib.util
import sys
import threading
from pathlib import Path
from urllib.parse import urlsplit

from playwright.sync_api import sync_playwright

TESTS = Path(__file__).resolve().parent.parent / "tests" / "browser"
WAIT_MS = 700
"""Time after the last key before the results are read (Zensical searches as you type)."""


def _tables() -> dict[str, list[tuple[str, str]]]:
    sys.path.insert(0, str(TESTS))
    found = {}
    for name, attribute in (("test_search", "QUERIES"), ("test_search_forgiving", "MISSPELT"),
                            ("test_search_forgiving", "PHRASES")):
        spec = importlib.util.spec_from_file_location(name, TESTS / f"{name}.py")
        assert spec and spec.loader
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        found[f"{name}.{attribute}"] = getattr(module, attribute)
    return found


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass


def main(site: str) -> None:
    handler = functools.partial(_Quiet, directory=site)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}/index.html"
    print("| table | in the top three |\n|---|---|")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium",
                                             args=["--no-sandbox"])
        page = browser.new_page()
        page.goto(url)
        page.click(".md-search__button")
        for name, rows in _tables().items():
            found = 0
            for query, expected in rows:
                page.keyboard.press("Control+A")
                page.keyboard.press("Backspace")
                page.keyboard.type(query)
                page.wait_for_timeout(WAIT_MS)
                hrefs = page.locator('ol[aria-label="Search results"] a[role=option]').evaluate_all(
                    "links => links.map(link => link.getAttribute('href'))")
                pages = list(dict.fromkeys(urlsplit(h).path.lstrip("/") for h in hrefs))
                found += expected in pages[:3]
            print(f"| {name} | {found} of {len(rows)} |")
        browser.close()
    server.shutdown()


if __name__ == "__main__":
    main(sys.argv[1])
