"""What staff see of the handbook's sources: a proposed time limit says so on the level itself,
and the page of provisions says which § numbers are not yet checked in the law's text."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from build_tools.build import generate
from build_tools.model import Vejviser

REPO = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.browser

MARK = "Forslag – ikke besluttet af kommunen"


def _proposed_level() -> tuple[str, str, str]:
    """(flow id, level id, time limit) of the first level whose time limit is a proposal."""
    handbook = generate(REPO / "content").handbook
    for item in handbook.published("vejvisere"):
        assert isinstance(item.model, Vejviser)
        for niveau in item.model.niveauer:
            if niveau.forslag:
                return item.id, niveau.id, niveau.tidsramme
    pytest.skip("ingen vejviser har en tidsramme markeret som forslag")


def test_a_proposed_time_limit_carries_the_mark_beside_it(
        open_page: Callable[..., Page]) -> None:
    flow, level, tidsramme = _proposed_level()
    page = open_page(f"vejviser/{flow}.html#{level}")
    time_limit = page.locator(f"#{level} ~ dl.hb-facts--level dd").filter(
        has_text=tidsramme).first
    expect(time_limit).to_be_visible()
    expect(time_limit).to_contain_text(MARK)
    # A level whose time limit is the municipality's own (or a legal duty) has no mark.
    marked = page.locator("dd", has_text=MARK).count()
    assert 0 < marked < page.locator("dt", has_text="Tidsramme").count()


def test_the_provisions_page_lists_each_provision_and_where_it_is_used(
        open_page: Callable[..., Page]) -> None:
    page = open_page("lovhenvisninger.html")
    heading = page.locator("h2#barnets-lov-133")
    expect(heading).to_contain_text("Barnets Lov § 133")
    section = page.locator("h2#barnets-lov-133 + ul")
    expect(section).to_contain_text("paragraffen er ikke efterprøvet i lovteksten")
    uses = section.locator("a")
    assert uses.count() >= 1
    uses.first.click()
    expect(page.locator("#lovhenvisninger")).to_be_visible()
    expect(page.locator("#lovhenvisninger + ul")).to_contain_text("Barnets Lov § 133")
