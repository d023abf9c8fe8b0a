"""The offline edition: the zip that `handbook build` puts in the site works from file://."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest
from handbook_browser import Guard
from playwright.sync_api import Page, expect

from build_tools.offline import ZIP_FOLDER, ZIP_NAME

pytestmark = pytest.mark.browser


def test_zip_holds_the_site_but_not_itself(site_dir: Path) -> None:
    """Every file of the published site is in the zip (PDFs too), except the zip itself and
    source maps."""
    with zipfile.ZipFile(site_dir / ZIP_NAME) as archive:
        names = set(archive.namelist())
        assert archive.testzip() is None
    site_files = {
        f"{ZIP_FOLDER}/{p.relative_to(site_dir).as_posix()}"
        for p in site_dir.rglob("*")
        if p.is_file() and p.name != ZIP_NAME and p.suffix != ".map"
    }
    assert sorted(site_files - names) == []
    assert f"{ZIP_FOLDER}/index.html" in names
    assert f"{ZIP_FOLDER}/search/search_index.js" in names
    assert not any(name.endswith(".zip") for name in names)


def test_offline_search_from_file_share(page: Page, guard: Guard, unpacked: Path) -> None:
    """Opened with file://, the handbook searches (iframe-worker shim, inlined index)."""
    start = unpacked / "index.html"
    guard.allowed.append(unpacked.as_uri())
    page.goto(start.as_uri())
    box = page.locator("input.md-search__input")
    box.click()
    box.press_sequentially("tvaersteam")
    result = page.locator(".md-search-result__list a.md-search-result__link").first
    target = f"{unpacked.as_uri()}/indsatser/tvaersteam.html"
    expect(result).to_have_attribute("href", re.compile(rf"^{re.escape(target)}(\?|#|$)"))
    result.click()
    expect(page.locator("article h1")).to_contain_text("Tværsteam")
    assert page.url.startswith(unpacked.as_uri())
