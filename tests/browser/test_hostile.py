"""Hostile content in Chromium: no dialog opens, no handler or script link exists in the DOM.

The fixture handbook plus every case under tests/fixtures/hostile, built with the content check
switched off (what would reach readers if content slipped past it), served on 127.0.0.1. Every
page is opened with a dialog listener; every link in the text is clicked and every element
hovered; the search is used with words from the hostile pages.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from handbook_browser import served
from playwright.sync_api import Browser, Page

REPO = Path(__file__).resolve().parents[2]
FIXTURES = REPO / "tests" / "fixtures"

BUILD_UNCHECKED = """
import sys
from pathlib import Path
import build_tools.build as build
build.check = lambda loaded: loaded.problems  # what the sanitizer alone guarantees
build.build_site(Path(sys.argv[1]), Path(sys.argv[2]))
"""

DOM_OFFENCES = """
() => {
  const found = [];
  const allowed = ["http:", "https:", "mailto:", "tel:"];
  for (const el of document.querySelectorAll("*")) {
    for (const attr of el.attributes) {
      const template = el.tagName === "FORM" && attr.name === "onsubmit"
        && attr.value === "return false";
      if (attr.name.startsWith("on") && !template) found.push(`${el.tagName} ${attr.name}`);
    }
  }
  for (const a of document.querySelectorAll("a[href]")) {
    if (!allowed.includes(a.protocol)) found.push(`A href ${a.href}`);
    else if (a.protocol.startsWith("http") && a.origin !== location.origin
             && a.closest(".md-content") && !a.href.startsWith("https://www.frederikssund.dk"))
      found.push(`A outside ${a.href}`);
  }
  for (const img of document.querySelectorAll("img[src]")) {
    if (new URL(img.src).origin !== location.origin) found.push(`IMG ${img.src}`);
  }
  for (const tag of ["iframe", "object", "embed", "base"]) {
    for (const el of document.querySelectorAll(tag)) found.push(tag);
  }
  return found;
}
"""


@pytest.fixture(scope="module")
def hostile_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    root = tmp_path_factory.mktemp("hostile")
    shutil.copytree(FIXTURES / "handbook" / "content", root / "content")
    for case in sorted((FIXTURES / "hostile").iterdir()):
        shutil.copytree(case / "content", root / "content", dirs_exist_ok=True)
    config = (FIXTURES / "handbook" / "mkdocs.yml").read_text(encoding="utf-8")
    # Not strict: MkDocs' own link warnings would stop the build before anything reaches a page.
    config += "strict: false\n"
    (root / "mkdocs.yml").write_text(config.replace("../../../", f"{REPO.as_posix()}/"),
                                     encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-c", BUILD_UNCHECKED, str(root / "mkdocs.yml"), str(root / "site")],
        cwd=REPO, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"}, capture_output=True,
        text=True, check=False,
    )
    assert done.returncode == 0, done.stderr
    with served(root / "site") as url:
        yield url


@pytest.fixture
def watched(browser: Browser, hostile_url: str) -> Iterator[tuple[Page, list[str], list[str]]]:
    """A page, the dialogs it opened and the outside requests it tried (blocked)."""
    context = browser.new_context(locale="da-DK")
    dialogs: list[str] = []
    outside: list[str] = []

    def route(route):  # type: ignore[no-untyped-def]
        url = route.request.url
        if url.startswith((hostile_url, "data:", "blob:", "about:")):
            route.continue_()
        else:
            outside.append(url)
            route.abort()

    context.route("**/*", route)
    page = context.new_page()
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    try:
        yield page, dialogs, outside
    finally:
        context.close()


PAGES = [
    "index.html", "jura/underretning.html", "afsnit/index.html", "afsnit/raa-html.html",
    "indsatser/index.html", "indsatser/titel-html.html", "indsatser/titel-link.html",
    "indsatser/formaal-link.html", "indsatser/listepunkt-link.html",
    "indsatser/formaal-blok-attribut.html", "om/hvad-er-nyt.html",
    *[f"angreb/{p.stem}.html"
      for p in sorted((FIXTURES / "hostile").glob("*/content/sider/angreb/*.md"))],
]


@pytest.mark.parametrize("path", PAGES)
def test_no_script_runs_on_a_hostile_page(path: str, watched, hostile_url: str) -> None:
    page, dialogs, outside = watched
    response = page.goto(hostile_url + path)
    assert response is not None and response.status == 200, path
    page.wait_for_load_state("load")
    # Links that go nowhere in the handbook or outside it: those a script could hide in.
    odd = page.locator(".md-content a:not([href*='.html']):not([href^='#'])"
                       ":not([href^='http']):not([href^='mailto:']):not([href^='tel:'])")
    for link in odd.all():
        link.click(no_wait_after=True)  # a javascript: link would open its dialog here
        assert page.url.split("#")[0] == hostile_url + path
    for selector in (".md-content p", ".md-content h2", ".md-content img", ".md-content li"):
        for element in page.locator(selector).all()[:20]:
            element.dispatch_event("mouseover")
            element.dispatch_event("click")
    page.wait_for_timeout(100)
    assert dialogs == []
    assert outside == []
    assert page.evaluate(DOM_OFFENCES) == []


def test_the_title_in_every_pages_navigation_is_text(watched, hostile_url: str) -> None:
    page, dialogs, _ = watched
    page.goto(hostile_url + "jura/underretning.html")
    nav = page.locator(".md-nav--primary")
    assert "Om <img src=x onerror=alert(31)>" in nav.inner_text()
    assert nav.locator("img").count() == 0
    assert dialogs == []


def test_searching_the_hostile_pages_runs_nothing(watched, hostile_url: str) -> None:
    page, dialogs, _ = watched
    page.goto(hostile_url + "index.html")
    page.locator(".md-search__input").click()
    page.keyboard.type("onerror", delay=30)
    results = page.locator(".md-search-result__item")
    results.first.wait_for(timeout=10_000)
    assert results.count() > 0
    assert page.locator(".md-search-result img, .md-search-result script").count() == 0
    assert page.evaluate(DOM_OFFENCES) == []
    assert dialogs == []
