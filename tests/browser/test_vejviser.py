"""The two things staff use under pressure: the vejviser ("what do I do now?") and the catalogue
filter ("what help exists for this child?"), driven as a person would, mouse and keyboard."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from build_tools.build import generate
from build_tools.model import Indsats, Vejviser
from build_tools.render import fold

REPO = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def handbook():
    return generate(REPO / "content")


def _flows(handbook) -> list[Vejviser]:
    flows = [i.model for i in handbook.loaded.items["vejvisere"].values()]
    return [f for f in flows if f.status != "tilbagetrukket"]


def test_front_page_reaches_every_step_of_every_flow_in_two_clicks(
    handbook, open_page: Callable[..., Page]
) -> None:
    for flow in _flows(handbook):
        for level in flow.niveauer:
            page = open_page("index.html")
            # click 1: the flow (from the front page itself or through the vejviser overview)
            link = page.locator(f'a[href$="vejviser/{flow.id}.html"]').first
            if link.count() == 0:
                page.locator('a[href$="vejviser/index.html"]').first.click()
                page.locator(f'a[href$="{flow.id}.html#{level.id}"]').first.click()
            else:
                link.click()
                # click 2: the step in the flow's overview ladder
                page.locator(f'.hb-ladder a[href="#{level.id}"]').click()
            assert page.url.endswith(f"vejviser/{flow.id}.html#{level.id}")
            # the level's fold opens, its heading (the summary) is on screen
            heading = page.locator(f"#{level.id}-niveau")
            expect(heading).to_be_in_viewport()
            assert level.titel in heading.inner_text()
            expect(page.locator(f"#{level.id}")).to_be_visible()


def test_a_deep_link_opens_the_step(handbook, open_page: Callable[..., Page]) -> None:
    flow = _flows(handbook)[0]
    level = flow.niveauer[-1]
    page = open_page(f"vejviser/{flow.id}.html#{level.id}")
    expect(page.locator(f"#{level.id}-niveau")).to_be_in_viewport()
    expect(page.locator(f"#{level.id}")).to_be_visible()


def test_catalogue_entries_link_back_to_the_steps_that_use_them(
    handbook, open_page: Callable[..., Page]
) -> None:
    for flow in _flows(handbook):
        for level in flow.niveauer:
            for target in level.indsatser[:1]:
                page = open_page(f"indsatser/{target}.html")
                back = page.locator(f'#vejviser ~ ul a[href$="{flow.id}.html#{level.id}"]')
                expect(back.first).to_be_visible()


def _expected(handbook, age: int, word: str) -> set[str]:
    from build_tools.render import search_text

    chosen = set()
    for item in handbook.loaded.items["indsatser"].values():
        m = item.model
        assert isinstance(m, Indsats)
        if m.status == "tilbagetrukket":
            continue
        if m.alder.fra <= age <= m.alder.til and fold(word) in search_text(item):
            chosen.add(m.titel)
    return chosen


def _visible_titles(page: Page) -> set[str]:
    return set(page.locator(".hb-entry:visible .hb-entry__title").all_inner_texts())


def test_one_filter_action_finds_help_for_an_8_year_old_in_school(
    handbook, open_page: Callable[..., Page]
) -> None:
    page = open_page("indsatser/index.html")
    total = page.locator(".hb-entry").count()
    expected = _expected(handbook, 8, "skole")
    assert expected, "the content has no entry for an 8-year-old in school"
    page.locator("#hb-filter-tekst").press_sequentially("8 år skole")
    expect(page.locator(".hb-entry:visible")).to_have_count(len(expected))
    assert _visible_titles(page) == expected
    # an age nobody serves leaves an honest empty result, and reset brings everything back
    page.locator("#hb-filter-tekst").fill("")
    page.locator("#hb-filter-tekst").press_sequentially("25")
    expect(page.locator("[data-hb-count]")).to_contain_text("Ingen indsatser passer")
    page.get_by_role("button", name="Nulstil", exact=True).click()
    expect(page.locator(".hb-entry:visible")).to_have_count(total)


def test_filter_by_area_keeps_only_that_area(handbook, open_page: Callable[..., Page]) -> None:
    page = open_page("indsatser/index.html")
    page.locator("#hb-filter-omraade").select_option("fritid")
    expected = {
        i.model.titel for i in handbook.loaded.items["indsatser"].values()
        if "fritid" in i.model.omraader and i.model.status != "tilbagetrukket"
    }
    assert _visible_titles(page) == expected


def test_filter_and_flow_work_with_the_keyboard_alone(
    handbook, open_page: Callable[..., Page]
) -> None:
    page = open_page("indsatser/index.html")
    field = page.locator("#hb-filter-tekst")
    for _ in range(60):  # Tab from the top of the page until the filter has focus
        page.keyboard.press("Tab")
        if field.evaluate("el => el === document.activeElement"):
            break
    assert field.evaluate("el => el === document.activeElement"), "the filter is not reachable"
    page.keyboard.type("8 skole")
    first = sorted(_expected(handbook, 8, "skole"))
    assert first
    # Tab on until a visible catalogue link has focus, then open it with Enter
    for _ in range(40):
        page.keyboard.press("Tab")
        focused = page.evaluate("() => document.activeElement.closest('.hb-entry') !== null")
        if focused:
            break
    title = page.evaluate("() => document.activeElement.innerText")
    assert title in _expected(handbook, 8, "skole")
    page.keyboard.press("Enter")
    expect(page.locator("h1")).to_contain_text(title)

    flow = _flows(handbook)[0]
    page = open_page(f"vejviser/{flow.id}.html")
    target = flow.niveauer[-1]
    step = page.locator(f'.hb-ladder a[href="#{target.id}"]')
    step.focus()
    page.keyboard.press("Enter")
    assert page.url.endswith(f"#{target.id}")


def test_a_flow_reads_in_order_with_css_off(handbook, open_page: Callable[..., Page]) -> None:
    flow = _flows(handbook)[0]
    page = open_page(f"vejviser/{flow.id}.html")
    page.evaluate("""() => document.querySelectorAll('link[rel=stylesheet], style')
                          .forEach(el => el.remove())""")
    page.evaluate("() => document.querySelectorAll('details').forEach(d => { d.open = true; })")
    text = page.locator("article").inner_text()
    positions = [text.index(f"{n}. ") for n in range(1, len(flow.niveauer) + 1)]
    headings = [text.index(level.titel, positions[0]) for level in flow.niveauer]
    assert headings == sorted(headings), "the levels must read in their order"
    labels = {"groen": "Grøn", "gul": "Gul", "roed": "Rød", "akut": "Akut"}
    for item, level in zip(page.locator(".hb-ladder li").all(), flow.niveauer, strict=True):
        # the level is named in words, so colour is never the only carrier of meaning
        assert labels[level.farve] in item.inner_text()
    assert text.index("Det gør du") > headings[0]


def test_a_flow_prints_without_navigation(handbook, open_page: Callable[..., Page]) -> None:
    flow = _flows(handbook)[0]
    page = open_page(f"vejviser/{flow.id}.html")
    page.emulate_media(media="print")
    expect(page.locator(".md-sidebar--primary")).to_be_hidden()
    expect(page.locator(".hb-download")).to_be_hidden()
    for level in flow.niveauer:
        # every level prints unfolded, without a script (print CSS shows a closed fold)
        expect(page.locator(f"#{level.id}-niveau")).to_be_visible()
        expect(page.locator(f"#{level.id}-handlinger")).to_be_visible()
    expect(page.locator(".hb-ladder")).to_be_visible()


@pytest.mark.parametrize("path", ["index.html", "indsatser/index.html", "vejviser/index.html"])
def test_no_sideways_scrolling_on_a_phone(path: str, open_page: Callable[..., Page]) -> None:
    page = open_page(path)
    page.set_viewport_size({"width": 390, "height": 900})
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
