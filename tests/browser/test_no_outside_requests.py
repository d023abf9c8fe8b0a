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
