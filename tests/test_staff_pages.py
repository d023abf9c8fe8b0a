"""What staff see on every page, checked on built HTML (the browser tests check layout)."""

from __future__ import annotations

import html
import re
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

from build_tools.build import build_site

MAILTO = re.compile(r'<a href="(mailto:[^"]+)">Er der fejl eller noget uklart på siden\?</a>')


def test_the_feedback_link_carries_the_page_title_and_address(handbook_copy: Path) -> None:
    config = handbook_copy / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8")
                      + "site_url: https://intra.example/haandbog/\n"
                      + "extra:\n  feedback_email: haandbog@kommune.example\n",
                      encoding="utf-8")
    site = build_site(config)
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 10
    for page in pages:
        if page.name == "404.html":
            continue
        match = MAILTO.search(page.read_text(encoding="utf-8"))
        assert match, f"{page.relative_to(site)} has no feedback link"
    flow = (site / "vejviser" / "bekymring-0-6.html").read_text(encoding="utf-8")
    href = html.unescape(MAILTO.search(flow).group(1))
    parts = urlsplit(href)
    assert unquote(parts.path) == "haandbog@kommune.example"
    query = parse_qs(parts.query)
    assert query["subject"] == ["Håndbogen: Bekymring for et barn 0–6 år"]
    assert "https://intra.example/haandbog/vejviser/bekymring-0-6.html" in query["body"][0]


def test_no_feedback_link_without_an_address(handbook_copy: Path) -> None:
    site = build_site(handbook_copy / "mkdocs.yml")
    assert "Er der fejl eller noget uklart" not in (site / "index.html").read_text("utf-8")
