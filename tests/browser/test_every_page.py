"""Every page of the site, opened once per width and checked for everything a reader of any
page must be spared: a request to another host or a console error, Markdown or template syntax
that reached the reader unrendered, and any axe-core violation (every rule, best practices
too), at a desktop and a phone width.

The pages are walked once per width for the whole module (`walk`), and each test asserts its
own part of what the walk saw: four loops over every page had cost twice the time.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from handbook_browser import ANIMATIONS_DONE, Guard, guarded_page
from playwright.sync_api import Browser

pytestmark = pytest.mark.browser

WIDTHS = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1366, "height": 768}}
RAW = re.compile(r"\]\(|\*\*|\{\{|\{%|%\}|\}\}")
"""Markdown link or emphasis syntax, or Jinja, that reached the reader unrendered."""


@dataclass
class Visit:
    """What one page did and showed at one width."""

    status: int
    problems: list[str]
    """Requests to another host and console errors (Guard.problems)."""
    text: str
    """The body's text as shown (innerText)."""
    axe: list[str] = field(default_factory=list)
    """axe-core's violations: "<impact> <rule> [targets]"."""


def site_pages(site_dir: Path) -> list[str]:
    return sorted(p.relative_to(site_dir).as_posix() for p in site_dir.rglob("*.html"))


def axe_checked(path: str) -> bool:
    """axe runs on every page but the site's own assets (e.g. a theme's HTML under assets/)."""
    return "assets" not in Path(path).parts


@pytest.fixture(scope="module")
def walk(browser: Browser, site_url: str, site_dir: Path,
         axe_source: str) -> Callable[[str], dict[str, Visit]]:
    """walk("phone") → every page's Visit at that width, made once per module and width: each
    page opened in a browser context of that size (as a phone or a desktop opens it), its
    animations settled, its text read, axe run on it (the site's own assets aside)."""
    walks: dict[str, dict[str, Visit]] = {}

    def walk_(width: str) -> dict[str, Visit]:
        if width in walks:
            return walks[width]
        guard = Guard(allowed=[site_url])
        visits = {}
        with guarded_page(browser, guard) as page:
            page.set_viewport_size(WIDTHS[width])
            for path in site_pages(site_dir):
                guard.outside.clear()
                guard.errors.clear()
                response = page.goto(site_url + path)
                page.wait_for_load_state("load")
                page.wait_for_function(ANIMATIONS_DONE)
                visit = Visit(status=response.status if response else 0,
                              problems=guard.problems(),
                              text=page.locator("body").inner_text())
                if axe_checked(path):
                    page.evaluate(axe_source)
                    result = page.evaluate("o => axe.run(document, o)",
                                           {"resultTypes": ["violations"]})
                    visit.axe = [f"{v['impact']} {v['id']} {[n['target'] for n in v['nodes']][:3]}"
                                 for v in result["violations"]]
                visits[path] = visit
            guard.outside.clear()  # every problem is in its page's Visit
            guard.errors.clear()
        walks[width] = visits
        return visits

    return walk_


def test_the_walk_sees_every_page(walk: Callable[[str], dict[str, Visit]],
                                  site_dir: Path) -> None:
    pages = walk("desktop")
    assert sorted(pages) == site_pages(site_dir)
    assert len([path for path in pages if axe_checked(path)]) > 50
    assert all(visit.text.strip() for visit in pages.values())


@pytest.mark.parametrize("width", WIDTHS)
def test_every_page_loads_cleanly(walk: Callable[[str], dict[str, Visit]], width: str) -> None:
    """Every page of the site opens (HTTP 200) with no outside request and no console error."""
    failures = [f"{path}: HTTP {visit.status}" for path, visit in walk(width).items()
                if visit.status != 200]
    failures += [f"{path}: {problem}" for path, visit in walk(width).items()
                 for problem in visit.problems]
    assert failures == []


def test_no_page_shows_raw_markdown_or_template_syntax(
        walk: Callable[[str], dict[str, Visit]]) -> None:
    offenders = [f"{path}: …{visit.text[max(0, m.start() - 30):m.end() + 30]}…"
                 for path, visit in walk("desktop").items() for m in RAW.finditer(visit.text)]
    assert offenders == []


@pytest.mark.parametrize("width", WIDTHS)
def test_no_axe_violations_on_any_page_at_either_width(
        walk: Callable[[str], dict[str, Visit]], width: str) -> None:
    """Every page, every axe rule (best practices too: landmarks, empty table headers …)."""
    failures = [f"{path}: {violation}" for path, visit in walk(width).items()
                for violation in visit.axe]
    assert failures == []
