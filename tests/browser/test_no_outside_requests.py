"""No outside requests (intranet, GDPR): nothing the browser loads comes from another host.

Links (`<a href>`) to outside sites are fine: the reader chooses to follow them. What is checked
is everything a browser fetches by itself: stylesheets, preloads, scripts, images, frames, fonts,
CSS `@import` and `url(...)`, and script URLs in JavaScript.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from handbook_browser import Guard, guarded_page, served
from playwright.sync_api import Browser

pytestmark = pytest.mark.browser

OUTSIDE = re.compile(r"^\s*(?:https?:)?//", re.IGNORECASE)
LOADED_LINKS = {"stylesheet", "preload", "modulepreload", "prefetch", "icon", "manifest",
                "apple-touch-icon", "preconnect", "dns-prefetch"}  # fmt: skip
CSS_URL = re.compile(r"""url\(\s*["']?([^"')\s]+)|@import\s+["']([^"']+)""", re.IGNORECASE)
JS_URL = re.compile(
    r"""(?:\bsrc\s*[=:]\s*|\bhref\s*[=:]\s*|importScripts\(\s*|\bimport\(\s*|fetch\(\s*"""
    r"""|new\s+Worker\(\s*|url\(\s*)["'`]((?:https?:)?//[^"'`]+)""",
    re.IGNORECASE,
)


class LoadedResources(HTMLParser):
    """Collects the URLs a browser would fetch on its own from one HTML page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.urls: list[str] = []
        self._in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {name: value or "" for name, value in attrs}
        rel = set(a.get("rel", "").lower().split())
        if tag == "link" and rel & LOADED_LINKS:
            self.urls.append(a.get("href", ""))
        if tag in {"script", "img", "iframe", "frame", "source", "audio", "video", "track",
                   "embed", "input"}:  # fmt: skip
            self.urls.append(a.get("src", ""))
        if tag in {"img", "source"} and a.get("srcset"):
            self.urls += [part.split()[0] for part in a["srcset"].split(",") if part.strip()]
        if tag == "object":
            self.urls.append(a.get("data", ""))
        if tag == "video":
            self.urls.append(a.get("poster", ""))
        if "style" in a:
            self.urls += css_urls(a["style"])
        self._in_style = tag == "style"

    def handle_endtag(self, tag: str) -> None:
        self._in_style = False

    def handle_data(self, data: str) -> None:
        if self._in_style:
            self.urls += css_urls(data)


def css_urls(css: str) -> list[str]:
    return [m.group(1) or m.group(2) for m in CSS_URL.finditer(css)]


def outside_references(site: Path) -> list[str]:
    found = []
    for file in sorted(site.rglob("*")):
        if file.suffix not in {".html", ".css", ".js"}:
            continue
        text = file.read_text(encoding="utf-8", errors="replace")
        if file.suffix == ".html":
            parser = LoadedResources()
            parser.feed(text)
            urls = parser.urls
        elif file.suffix == ".css":
            urls = css_urls(text)
        else:
            urls = [m.group(1) for m in JS_URL.finditer(text)]
        where = file.relative_to(site).as_posix()
        found += [f"{where}: {url}" for url in urls if OUTSIDE.match(url)]
    return found


def test_built_files_load_nothing_from_other_hosts(site_dir: Path) -> None:
    assert outside_references(site_dir) == []


def test_scanner_finds_outside_resources(tmp_path: Path) -> None:
    """The scanner itself: it must catch what a default material build would load."""
    (tmp_path / "a.html").write_text(
        '<link rel="stylesheet" href="https://fonts.googleapis.com/css?family=Roboto">'
        '<link rel="preconnect" href="https://fonts.gstatic.com" crossorigin>'
        '<script src="https://unpkg.com/iframe-worker/shim"></script>'
        '<img srcset="/x.png 1x, //cdn.example/x.png 2x">'
        '<a href="https://www.frederikssund.dk/">a link is fine</a>'
        "<style>@import 'https://example.org/x.css';</style>",
        encoding="utf-8",
    )
    (tmp_path / "b.css").write_text(
        "@font-face{src:url(https://fonts.gstatic.com/r.woff2)}.a{background:url(ok.png)}",
        encoding="utf-8",
    )
    (tmp_path / "c.js").write_text(
        'const s=document.createElement("script");s.src="https://unpkg.com/mermaid";'
        'console.warn("see https://bit.ly/2s3ChXG")',
        encoding="utf-8",
    )
    assert outside_references(tmp_path) == [
        "a.html: https://fonts.googleapis.com/css?family=Roboto",
        "a.html: https://fonts.gstatic.com",
        "a.html: https://unpkg.com/iframe-worker/shim",
        "a.html: //cdn.example/x.png",
        "a.html: https://example.org/x.css",
        "b.css: https://fonts.gstatic.com/r.woff2",
        "c.js: https://unpkg.com/mermaid",
    ]


OUTSIDE_PAGE = """<!doctype html><html lang="da"><head><title>Ude</title>
<link rel="stylesheet" href="ude.css"></head><body><p class="baggrund">Tekst</p>
<img src="https://billede.example/a.png" alt="a">
<script src="side.js"></script></body></html>"""
OUTSIDE_FILES = {
    "index.html": OUTSIDE_PAGE,
    "ude.css": ".baggrund { background: url(https://css.example/b.png); }",
    "side.js": 'fetch("https://side.example/c").catch(() => {});'
               'new Worker("arbejder.js");',
    "arbejder.js": 'fetch("https://arbejder.example/d").catch(() => {});',
}


def test_the_guard_sees_every_outside_request_and_none_reaches_its_host(
        browser: Browser, tmp_path: Path) -> None:
    """The browser tests' guard (handbook_browser.Guard) watches the requests of a page, its
    stylesheets and its workers; none of them is answered, as no outside name resolves."""
    for name, text in OUTSIDE_FILES.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    with served(tmp_path) as url:
        guard = Guard(allowed=[url])
        failed: list[str] = []
        with pytest.raises(pytest.fail.Exception) as caught:
            with guarded_page(browser, guard) as page:
                page.on("requestfailed", lambda request: failed.append(request.url))
                page.goto(url + "index.html")
                page.wait_for_function("() => performance.getEntriesByType('resource')"
                                       ".some(e => e.name.includes('arbejder.js'))")
                page.wait_for_timeout(500)
    hosts = ["billede.example", "css.example", "side.example", "arbejder.example"]
    for host in hosts:
        assert f"request to another host: https://{host}/" in str(caught.value), host
        assert any(host in failed_url for failed_url in failed), (host, failed)
    assert not any(url in outside for outside in guard.outside)
