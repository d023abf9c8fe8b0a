"""Accessibility: axe-core on every kind of page, skip link, visible focus, the footer link to
the Tilgængelighedserklæring (required on every page of a Danish public-sector site)."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from handbook_browser import ANIMATIONS_DONE, SearchHit, Violation
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser

BLOCKING = {"minor", "moderate", "serious", "critical"}
"""Every impact counts: a minor violation is still a barrier for someone."""
STATEMENT = "om/tilgaengelighedserklaering.html"

PAGE_TYPES: dict[str, str] = {
    # kind of page → an example in the real handbook
    "forside": "index.html",
    "strategi": "strategi/spor-1-vaerdisaet.html",
    "vaerdi": "vaerdier/handl-tidligt.html",
    "vejviser-oversigt": "vejviser/index.html",
    "vejviser": "vejviser/bekymring-0-6.html",
    "katalog": "indsatser/index.html",
    "indsats": "indsatser/tvaersteam.html",
    "ordliste": "ordliste.html",
    "jura": "jura/underretning.html",
    "hvad-er-nyt": "om/hvad-er-nyt.html",
    "statusrapport": "rapporter/2026h1.html",
    "proevehandling": "proevehandlinger/index.html",
    "organisering": "organisering/styregruppe.html",
    "katalog-omraade": "indsatser/omraade-skole.html",
    "tilgaengelighedserklaering": STATEMENT,
    "404": "404.html",
}


def blocking(violations: list[Violation]) -> list[str]:
    return [str(v) for v in violations if v.impact in BLOCKING]


@pytest.mark.parametrize("path", PAGE_TYPES.values(), ids=PAGE_TYPES.keys())
def test_no_axe_violations(
    open_page: Callable[..., Page], axe: Callable[[Page], list[Violation]], path: str
) -> None:
    page = open_page(path)
    assert blocking(axe(page)) == []


@pytest.mark.parametrize("path", ["index.html", "vejviser/bekymring-0-6.html"])
def test_no_axe_violations_on_a_phone(
    open_page: Callable[..., Page], axe: Callable[[Page], list[Violation]], path: str
) -> None:
    page = open_page(path)
    page.set_viewport_size({"width": 390, "height": 844})
    page.wait_for_function(ANIMATIONS_DONE)
    assert blocking(axe(page)) == []


def test_no_axe_violations_with_search_results_open(
    open_page: Callable[..., Page],
    axe: Callable[[Page], list[Violation]],
    search: Callable[[Page, str], list[SearchHit]],
) -> None:
    page = open_page("index.html")
    assert search(page, "barn"), "the search for 'barn' found nothing"
    page.wait_for_function(ANIMATIONS_DONE)
    assert blocking(axe(page)) == []


def test_unknown_address_shows_danish_404(open_page: Callable[..., Page]) -> None:
    page = open_page("findes/ikke.html", status=404)
    expect(page.locator("article h1")).to_have_text("Siden findes ikke")


@pytest.mark.parametrize("path", ["index.html", "indsatser/tvaersteam.html", "404.html"])
def test_skip_link_moves_to_content(open_page: Callable[..., Page], path: str) -> None:
    """The first Tab shows 'Gå til indholdet'; Enter moves to the page's heading."""
    page = open_page(path)
    page.keyboard.press("Tab")
    skip = page.locator("a.md-skip")
    expect(skip).to_be_focused()
    expect(skip).to_have_text("Gå til indholdet")
    expect(skip).to_be_in_viewport()
    target = skip.get_attribute("href") or ""
    assert target.startswith("#"), f"skip link points to {target!r}"
    page.keyboard.press("Enter")
    page.wait_for_function("hash => location.hash === hash", arg=target)
    heading = page.locator(f"article [id='{target[1:]}']")
    expect(heading).to_have_count(1)
    expect(heading).to_be_in_viewport()
    # The next Tab continues inside the content, not back in the header.
    page.keyboard.press("Tab")
    inside = page.evaluate(
        "() => !!document.activeElement.closest('.md-content, .md-footer, .md-sidebar--secondary')"
    )
    assert inside, "after the skip link, Tab went back to the header or the navigation"


def test_every_page_has_a_working_skip_link(site_dir: Path) -> None:
    """Every page starts with a skip link to an element of the page (static check)."""
    broken = []
    for html in sorted(site_dir.rglob("*.html")):
        text = html.read_text(encoding="utf-8")
        found = re.search(r'<a href="#([^"]+)" class="md-skip">', text)
        if not found or f'id="{found.group(1)}"' not in text:
            broken.append(html.relative_to(site_dir).as_posix())
    assert broken == []


FOCUS_STYLE = """() => {
  const el = document.activeElement;
  const style = getComputedStyle(el);
  const outline = style.outlineStyle !== "none" && parseFloat(style.outlineWidth) >= 2;
  const box = el.getBoundingClientRect();
  return {
    what: el.tagName.toLowerCase() + (el.className ? "." + String(el.className).split(" ")[0] : "")
      + " " + (el.getAttribute("href") || el.getAttribute("aria-label") || el.textContent.trim()
      .slice(0, 30)),
    visible: outline || style.boxShadow !== "none",
    shown: el !== document.body && box.width > 0 && box.height > 0,
  };
}"""


@pytest.mark.parametrize("path", ["index.html", "vejviser/bekymring-0-6.html"])
def test_focus_is_visible(open_page: Callable[..., Page], path: str) -> None:
    """Every element reached with Tab has a visible focus indicator (WCAG 2.4.7)."""
    page = open_page(path)
    invisible = []
    for _ in range(30):
        page.keyboard.press("Tab")
        state = page.evaluate(FOCUS_STYLE)
        if state["shown"] and not state["visible"]:
            invisible.append(state["what"])
    assert invisible == []


def test_footer_links_to_accessibility_statement(site_dir: Path) -> None:
    """Every page's footer links to the Tilgængelighedserklæring, and that page exists."""
    assert (site_dir / STATEMENT).is_file(), f"{STATEMENT} is missing from the build"
    missing = []
    for html in sorted(site_dir.rglob("*.html")):
        page = html.relative_to(site_dir).as_posix()
        text = html.read_text(encoding="utf-8")
        footer = text[text.find('<footer class="md-footer"') :]
        targets = {
            urlsplit(urljoin(f"http://site/{page}", href)).path.lstrip("/")
            for href in re.findall(r'href="([^"]*)"', footer)
        }
        if STATEMENT not in targets:
            missing.append(page)
    assert missing == []


def test_footer_link_opens_statement(open_page: Callable[..., Page], site_url: str) -> None:
    page = open_page("vejviser/bekymring-0-6.html")
    page.locator("footer").get_by_role("link", name="Tilgængelighedserklæring").click()
    page.wait_for_url(site_url + STATEMENT)
    expect(page.locator("article h1")).to_contain_text("Tilgængelighedserklæring")


PLACEHOLDER_CONTRAST = """() => {
  const parse = (c) => (c.match(/[\\d.]+/g) || []).map(Number);
  const over = ([r, g, b, a = 1], [R, G, B]) => [r * a + R * (1 - a), g * a + G * (1 - a),
                                                 b * a + B * (1 - a)];
  const input = document.querySelector(".md-search__input");
  const layers = [];
  for (let el = input; el; el = el.parentElement) {
    const bg = parse(getComputedStyle(el).backgroundColor);
    if (bg.length && (bg[3] === undefined || bg[3] > 0)) layers.push(bg);
    if (bg.length && bg[3] === undefined) break;
  }
  let background = [255, 255, 255];
  for (const layer of layers.reverse()) background = over(layer, background);
  const text = over(parse(getComputedStyle(input, "::placeholder").color), background);
  const lum = (rgb) => {
    const [r, g, b] = rgb.map((v) => {
      v /= 255;
      return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const [hi, lo] = [lum(text), lum(background)].sort((a, b) => b - a);
  return (hi + 0.05) / (lo + 0.05);
}"""


@pytest.mark.parametrize("width", [1280, 390])
def test_search_placeholder_contrast(open_page: Callable[..., Page], width: int) -> None:
    """The search box's placeholder text reads at 4.5:1, closed and open (axe skips it)."""
    page = open_page("index.html")
    page.set_viewport_size({"width": width, "height": 900})
    page.wait_for_function(ANIMATIONS_DONE)
    closed = page.evaluate(PLACEHOLDER_CONTRAST)
    page.keyboard.press("/")
    expect(page.locator("#__search")).to_be_checked()
    page.wait_for_function(ANIMATIONS_DONE)  # the box turns white in a CSS transition
    opened = page.evaluate(PLACEHOLDER_CONTRAST)
    assert min(closed, opened) >= 4.5, f"closed {closed:.2f}:1, open {opened:.2f}:1"


def test_search_dialog_has_a_name(open_page: Callable[..., Page]) -> None:
    """The search dialog is announced as "Søg" (axe rule aria-dialog-name; material #6433)."""
    page = open_page("index.html")
    page.keyboard.press("/")
    expect(page.get_by_role("dialog", name="Søg")).to_have_count(1)


# --- every page at both widths, and the keyboard at narrow widths (issue 26) -------------------

NARROW = {
    "phone": ({"width": 390, "height": 844}, 1),
    "1280-at-200-percent": ({"width": 640, "height": 400}, 2),
}


@pytest.mark.parametrize(("size", "scale"), NARROW.values(), ids=NARROW.keys())
def test_menu_opens_from_the_keyboard_and_hidden_links_take_no_tab_stop(
    browser, site_url: str, size: dict[str, int], scale: int
) -> None:
    context = browser.new_context(viewport=size, device_scale_factor=scale)
    try:
        page = context.new_page()
        page.goto(site_url + "vejviser/bekymring-0-6.html")
        page.wait_for_load_state("load")
        # Tab from the top: count the stops before the first link of the page's content
        stops = []
        for _ in range(30):
            page.keyboard.press("Tab")
            where = page.evaluate("""() => {
                const e = document.activeElement;
                return {inContent: !!e.closest('article'),
                        inDrawer: !!e.closest('.md-sidebar--primary'),
                        text: (e.getAttribute('aria-label') || e.innerText || e.tagName).trim()}
            }""")
            if where["inContent"]:
                break
            assert not where["inDrawer"], f"a link of the closed menu takes a tab stop: {stops}"
            stops.append(where["text"])
        else:
            pytest.fail(f"30 presses of Tab did not reach the content: {stops}")
        assert len(stops) <= 6, stops
        assert "Akut: ring 112" in stops
        # the menu button is among them: it opens the menu with Enter, Escape closes it
        menu = page.locator(".md-header button.hb-menu-button")
        expect(menu).to_be_visible()
        expect(menu).to_have_accessible_name("Menu")
        assert "Menu" in stops  # reached by Tab before the content
        menu.focus()
        expect(menu).to_have_attribute("aria-expanded", "false")
        page.keyboard.press("Enter")
        expect(page.locator("#__drawer")).to_be_checked()
        expect(menu).to_have_attribute("aria-expanded", "true")
        page.keyboard.press("Tab")
        assert page.evaluate("!!document.activeElement.closest('.md-sidebar--primary')")
        page.keyboard.press("Escape")
        expect(page.locator("#__drawer")).not_to_be_checked()
        expect(menu).to_be_focused()
        # Space works as well
        page.keyboard.press(" ")
        expect(page.locator("#__drawer")).to_be_checked()
    finally:
        context.close()
