"""Staff under time pressure, on a phone too: the task comes first, nothing on a page is broken
Markdown, and every page type reflows at 320 px (WCAG 1.4.10) without horizontal scrolling."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
FLOWS = ["vejviser/bekymring-0-6.html", "vejviser/bekymring-6-18.html",
         "vejviser/akut-vold-og-overgreb.html", "vejviser/ulovligt-skolefravaer.html"]


def top(page: Page, selector: str) -> float:
    box = page.locator(selector).first.bounding_box()
    assert box is not None, f"{selector} is not visible"
    return box["y"]


def test_front_page_starts_with_akut_and_the_choice_of_flow(
        open_page: Callable[..., Page]) -> None:
    page = open_page("index.html")
    page.set_viewport_size(PHONE)
    assert top(page, ".hb-akut") < PHONE["height"]
    assert top(page, "#bekymret") < PHONE["height"]
    # the first flow link is inside the first phone screen, whole
    first = page.locator('article a[href$="vejviser/bekymring-0-6.html"]').first.bounding_box()
    assert first is not None and first["y"] + first["height"] <= PHONE["height"]
    # The draft notice is one short line, its explanation one click away.
    notice = page.locator("details.hb-notice").first
    assert notice.bounding_box()["height"] < 80  # type: ignore[index]
    assert not notice.locator("p").first.is_visible()
    notice.locator("summary").click()
    assert notice.locator("p").first.is_visible()


@pytest.mark.parametrize("path", FLOWS)
def test_every_flow_starts_with_akut_and_the_overview_of_levels(
        open_page: Callable[..., Page], path: str) -> None:
    page = open_page(path)
    page.set_viewport_size(PHONE)
    assert top(page, ".hb-akut") < PHONE["height"]
    assert top(page, ".hb-ladder") < PHONE["height"] - 60  # at least the first level shows
    # Owner and review dates are at the foot, after the sources.
    assert top(page, ".hb-review") > top(page, "#kilder")
    assert "Siden er sidst gennemgået" in page.locator(".hb-review").inner_text()


REFLOW_PAGES = ["index.html", "vejviser/bekymring-0-6.html", "vejviser/index.html",
                "indsatser/index.html", "indsatser/tvaersteam.html", "ordliste.html",
                "jura/underretning.html", "vaerdier/handl-tidligt.html",
                "organisering/styregruppe.html", "proevehandlinger/index.html",
                "rapporter/2026h1.html", "om/hvad-er-nyt.html", "404.html"]


@pytest.mark.parametrize("path", REFLOW_PAGES)
@pytest.mark.parametrize("viewport", [{"width": 320, "height": 640},
                                      {"width": 640, "height": 512}], ids=["320px", "zoom200"])
def test_pages_reflow_without_horizontal_scrolling(
        open_page: Callable[..., Page], path: str, viewport: dict[str, int]) -> None:
    """320 CSS px is WCAG 1.4.10's reflow width; 1280 px at 200 % zoom is 640 px. Tables may
    scroll inside their own box, the page itself may not."""
    page = open_page(path)
    page.set_viewport_size(viewport)
    wide = page.evaluate("""() => {
        const limit = document.documentElement.clientWidth + 1;
        const out = [];
        for (const el of document.querySelectorAll('body *')) {
            if (el.closest('table, .md-typeset__scrollwrap, pre, .md-sidebar, .md-search, '
                           + '[hidden], .md-nav')) continue;
            const r = el.getBoundingClientRect();
            if (r.width > 0 && r.right > limit) out.push(`${el.tagName}.${el.className}`);
        }
        return {scroll: document.documentElement.scrollWidth, out: out.slice(0, 5)};
    }""")
    assert wide["scroll"] <= viewport["width"] + 1, wide["out"]


# --- act in seconds on a phone (issue 26) ------------------------------------------------------

TELS = {"tel:112": "112", "tel:+4547351000": "47 35 10 00", "tel:+4549271448": "49 27 14 48"}


@pytest.mark.parametrize("path", ["index.html", *FLOWS, "kontakter.html"])
def test_the_akut_box_numbers_can_be_tapped_at_body_size(
        open_page: Callable[..., Page], path: str) -> None:
    page = open_page(path)
    page.set_viewport_size(PHONE)
    box = page.locator(".hb-akut").first
    assert box.bounding_box()["y"] < PHONE["height"]  # type: ignore[index]
    body = float(page.locator("article").evaluate("e => getComputedStyle(e).fontSize")
                 .removesuffix("px"))
    for href, shown in TELS.items():
        link = box.locator(f'a[href="{href}"]')
        expect(link).to_have_text(shown)
        expect(link).to_be_visible()
        size = float(link.evaluate("e => getComputedStyle(e).fontSize").removesuffix("px"))
        assert size >= body >= 16, (href, size, body)


@pytest.mark.parametrize("path", FLOWS)
def test_a_folded_flow_is_at_most_eight_phone_screens(
        open_page: Callable[..., Page], path: str) -> None:
    page = open_page(path)
    page.set_viewport_size(PHONE)
    assert page.locator("details.hb-level[open]").count() == 0
    screens = page.evaluate("document.documentElement.scrollHeight") / PHONE["height"]
    assert screens <= 8, f"{path}: {screens:.1f} screens before a level is opened"
    # the whole ladder is on the first screen, and each step opens its level
    ladder = page.locator(".hb-ladder")
    box = ladder.bounding_box()
    assert box is not None and box["y"] + box["height"] <= PHONE["height"], path
    steps = ladder.locator("a")
    last = steps.nth(steps.count() - 1)
    target = last.get_attribute("href")
    assert target
    last.click()
    level = page.locator(f"details.hb-level:has({target})")
    expect(level).to_have_attribute("open", "")
    expect(level.locator("summary")).to_be_in_viewport()
    expect(level.locator("h3").first).to_be_visible()


def test_a_level_opens_and_closes_by_its_heading(open_page: Callable[..., Page]) -> None:
    page = open_page("vejviser/bekymring-0-6.html")
    page.set_viewport_size(PHONE)
    level = page.locator("details.hb-level").nth(1)
    actions = level.locator(".hb-level__body h3").first
    expect(actions).to_be_hidden()
    level.locator("summary").click()
    expect(actions).to_be_visible()
    level.locator("summary").click()
    expect(actions).to_be_hidden()
    # on a phone one level is open at a time: opening the next closes this one
    level.locator("summary").click()
    page.locator("details.hb-level").nth(2).locator("summary").click()
    expect(level).not_to_have_attribute("open", "")


def test_the_age_tables_are_linked_from_the_ladder(open_page: Callable[..., Page]) -> None:
    page = open_page("vejviser/bekymring-0-6.html")
    page.set_viewport_size(PHONE)
    link = page.locator(".hb-sections a", has_text="Tegn i alderen 0–2 år")
    box = link.bounding_box()
    assert box is not None and box["y"] < 2 * PHONE["height"]
    link.click()
    section = page.locator("details.hb-section").first
    expect(section).to_have_attribute("open", "")
    expect(section.locator("summary")).to_contain_text("Tegn i alderen 0–2 år")
    expect(section.locator("summary")).to_be_in_viewport()


@pytest.mark.parametrize("script", [True, False], ids=["with-script", "without-script"])
def test_a_deep_link_opens_its_level_with_and_without_script(
        browser: Browser, site_url: str, script: bool) -> None:
    context = browser.new_context(viewport=PHONE, java_script_enabled=script)
    try:
        page = context.new_page()
        page.goto(site_url + "vejviser/akut-vold-og-overgreb.html#akut")
        level = page.locator("details.hb-level:has(#akut)")
        expect(level).to_have_attribute("open", "")
        expect(level.locator("summary")).to_be_in_viewport()
        expect(level.locator(".hb-akut--level a[href='tel:112']")).to_be_visible()
        # only that level is open
        assert page.locator("details.hb-level[open]").count() == 1
        # a sub-heading inside a closed level opens it as well
        page.goto(site_url + "vejviser/bekymring-0-6.html#roed-handlinger")
        expect(page.locator("details.hb-level:has(#roed)")).to_have_attribute("open", "")
        expect(page.locator("#roed-handlinger")).to_be_in_viewport()
        if not script:  # without script nothing closes the level the first link opened
            return
        # a link inside the page (hashchange) opens its level too, and scrolls to it
        page.evaluate("location.hash = '#akut'")
        expect(page.locator("details.hb-level:has(#akut)")).to_have_attribute("open", "")
        expect(page.locator("details.hb-level:has(#akut) > summary")).to_be_in_viewport()
    finally:
        context.close()


def test_header_akut_link_on_every_page(site_dir: Path) -> None:
    pages = [p for p in site_dir.rglob("*.html") if "assets" not in p.parts]
    assert len(pages) > 50
    for path in pages:
        text = path.read_text(encoding="utf-8")
        assert '<a class="hb-header-akut" href="tel:112"' in text, path.relative_to(site_dir)


@pytest.mark.parametrize("size", [PHONE, {"width": 1366, "height": 768}],
                         ids=["phone", "desktop"])
def test_header_akut_link_is_visible_and_first_after_the_skip_link(
        open_page: Callable[..., Page], size: dict[str, int]) -> None:
    page = open_page("jura/samtykke-og-tavshedspligt.html")
    page.set_viewport_size(size)
    # the header's own transitions (the search form folding away) settle first
    # (an animation the page cancels rejects `finished` with AbortError: settled is settled)
    page.evaluate("() => Promise.allSettled(document.getAnimations().map(a => a.finished))")
    link = page.locator(".hb-header-akut")
    expect(link).to_be_visible()
    expect(link).to_have_attribute("href", "tel:112")
    box = link.bounding_box()
    assert box is not None and box["y"] + box["height"] <= 56
    # nothing in the header covers it or is covered by it
    for other in (".md-header__button.md-logo", "button.hb-menu-button",
                  "label.md-header__button[for='__search']", ".md-search__form"):
        for candidate in page.locator(other).all():
            if not candidate.is_visible():
                continue
            theirs = candidate.bounding_box()
            assert theirs is not None
            overlap = (box["x"] < theirs["x"] + theirs["width"]
                       and theirs["x"] < box["x"] + box["width"])
            assert not overlap, other
    page.keyboard.press("Tab")  # the skip link
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.classList.contains('hb-header-akut')")


@pytest.mark.parametrize("path", ["jura/samtykke-og-tavshedspligt.html", "indsatser/tti.html",
                                  "indsatser/index.html"])
def test_samtykke_tti_and_catalogue_have_a_112_line(
        open_page: Callable[..., Page], path: str) -> None:
    page = open_page(path)
    page.set_viewport_size(PHONE)
    line = page.locator("article .hb-akut").first
    expect(line.locator('a[href="tel:112"]')).to_have_text("112")
    assert line.bounding_box()["y"] < PHONE["height"]  # type: ignore[index]


def test_navigation_leads_with_akut_and_the_vejviser(site_dir: Path) -> None:
    text = (site_dir / "index.html").read_text(encoding="utf-8")
    nav = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", text.split("md-nav--primary", 1)[1]))
    top = nav.split("Forside", 2)[2]  # after the site name and the front page's own entry
    order = [top.index(f" {label} ") for label in ("Akut", "Vejviser", "Indsatskatalog",
                                                     "Om strategien", "Om håndbogen")]
    assert order == sorted(order)
    for background in ("Strategien", "Værdisæt", "Organisering", "Prøvehandlinger",
                       "Statusrapporter", "Kilder ", "Lovhenvisninger"):
        assert f" {background} " not in top[:order[-1]], background
