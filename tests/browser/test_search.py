"""Search as staff use it: Danish words, plurals, phrases and words typed without æ, ø and å.

Each query is typed key by key into the real search box; the page named must be among the first
three results. When a row fails, fix the search (mkdocs.yml `plugins: search`, the Danish rules
in build_tools/static/assets/javascripts/search/dansk.js) or the content (a word in a title or
`noegleord`); never loosen the table. Misspelt words and everyday phrases: test_search_forgiving.py.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from handbook_browser import Guard, SearchHit
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser

TOP = 3
"""The expected page must be among this many results."""

QUERIES: list[tuple[str, str]] = [
    # (what staff type, the page that must come up)
    # ---- plurals, definite forms, genitives and prefixes
    ("underretninger", "jura/underretning.html"),
    ("underretningspligt", "jura/underretning.html"),
    ("skærpet underretningspligt", "jura/underretning.html"),
    ("kvittering for underretning", "jura/underretning.html"),
    ("tavshedspligt", "jura/samtykke-og-tavshedspligt.html"),
    ("samtykke", "jura/samtykke-og-tavshedspligt.html"),
    ("styregruppe", "organisering/styregruppe.html"),
    ("prøvehandlinger", "organisering/proevehandlinger-og-laeringsloops.html"),
    ("forebyggelseskonsulenter", "indsatser/forebyggelseskonsulenter.html"),
    ("fritidspas", "indsatser/fritidspas.html"),
    ("skolefravær", "vejviser/ulovligt-skolefravaer.html"),
    ("vold", "vejviser/akut-vold-og-overgreb.html"),
    ("overgreb", "vejviser/akut-vold-og-overgreb.html"),
    ("værdisæt", "vaerdier/index.html"),
    ("ordliste", "ordliste.html"),
    ("underretningerne", "jura/underretning.html"),
    ("kvitteringen", "jura/underretning.html"),
    ("tavshedspligten", "jura/samtykke-og-tavshedspligt.html"),
    ("skolefraværet", "vejviser/ulovligt-skolefravaer.html"),
    ("styregruppens", "organisering/styregruppe.html"),
    ("fritidspasset", "indsatser/fritidspas.html"),
    ("familierådgivningen", "indsatser/anonym-raadgivning.html"),
    ("bekymringer", "vejviser/index.html"),
    ("politiet", "vejviser/akut-vold-og-overgreb.html"),
    # ---- abbreviations
    ("TTI", "indsatser/tti.html"),
    ("PPR", "indsatser/omraade-ppr.html"),
    # ---- phrases and questions
    ("bekymret for et barn", "vejviser/index.html"),
    ("må jeg dele oplysninger", "jura/samtykke-og-tavshedspligt.html"),
    ("anonym rådgivning", "indsatser/anonym-raadgivning.html"),
    ("hvad er nyt", "om/hvad-er-nyt.html"),
    ("bekymring barn 0-6 år", "vejviser/bekymring-0-6.html"),
    ("en god voksen at tale med", "vaerdier/en-god-voksen.html"),
    ("den der ser det, handler", "ansvar/den-der-ser-det-handler.html"),
    # ---- typed without æ, ø and å
    ("tvaersteam", "indsatser/tvaersteam.html"),
    ("tværsteam", "indsatser/tvaersteam.html"),
    ("vaerdisaet", "vaerdier/index.html"),
    ("skolefravaer", "vejviser/ulovligt-skolefravaer.html"),
    ("anonym raadgivning", "indsatser/anonym-raadgivning.html"),
    ("proevehandling", "organisering/proevehandlinger-og-laeringsloops.html"),
    ("foelgegruppe", "organisering/foelgegruppe.html"),
    ("oekonomi", "organisering/oekonomi.html"),
    ("tilgaengelighed", "om/tilgaengelighedserklaering.html"),
    ("vaerdisaettet", "vaerdier/index.html"),
    ("laeringsloops", "organisering/proevehandlinger-og-laeringsloops.html"),
    ("raadgivningen", "indsatser/anonym-raadgivning.html"),
    ("foraeldresamarbejde", "vaerdier/inddragelse.html"),
    ("tidlig forebyggende hjaelp", "indsatser/tidlig-forebyggende-hjaelp.html"),
]


EVERYDAY: list[tuple[str, str]] = [
    # (what a worried member of staff types, the page that must come FIRST); no register, change
    # log, status report or editors' guide may be among the first three (issue 26)
    ("vold", "vejviser/akut-vold-og-overgreb.html"),
    ("hvem ringer jeg til", "kontakter.html"),
    ("sprog", "vejviser/bekymring-0-6.html"),
    ("fravær", "vejviser/ulovligt-skolefravaer.html"),
    ("bekymring dagpleje", "vejviser/bekymring-0-6.html"),
    ("underretning", "jura/underretning.html"),
    ("politiet", "vejviser/akut-vold-og-overgreb.html"),
    ("uden for åbningstid", "kontakter.html"),
    ("ringe til kommunen", "kontakter.html"),
    ("samtykke", "jura/samtykke-og-tavshedspligt.html"),
    ("tavshedspligt", "jura/samtykke-og-tavshedspligt.html"),
    ("overgreb", "vejviser/akut-vold-og-overgreb.html"),
    ("seksuelle overgreb", "vejviser/akut-vold-og-overgreb.html"),
    ("blå mærker", "vejviser/akut-vold-og-overgreb.html"),
    ("omsorgssvigt", "vejviser/akut-vold-og-overgreb.html"),
    ("selvskade", "vejviser/bekymring-6-18.html"),
    ("pjækker", "vejviser/ulovligt-skolefravaer.html"),
    ("bekymret for en elev", "vejviser/bekymring-6-18.html"),
    ("ked af det", "vejviser/bekymring-0-6.html"),
    ("tværsteam", "indsatser/tvaersteam.html"),
    ("tti", "indsatser/tti.html"),
]
REGISTERS = ("kilder.html", "lovhenvisninger.html", "ordliste.html", "om/hvad-er-nyt.html",
             "om/redaktoerer.html", "om/mangler.html", "rapporter/")
"""Pages that list or record, never answer: they rank below every guidance page."""


@pytest.mark.parametrize(("query", "expected"), EVERYDAY, ids=[q for q, _ in EVERYDAY])
def test_everyday_query_has_the_answer_first(
    front_page: tuple[Page, Guard],
    search: Callable[[Page, str], list[SearchHit]],
    query: str,
    expected: str,
) -> None:
    page, guard = front_page
    hits = search(page, query)
    guard.check()
    got = "; ".join(f"{hit.path} ({hit.title})" for hit in hits[:4])
    assert hits and hits[0].path == expected, f"{query!r}: {expected} is not first; got {got}"
    assert not [h.path for h in hits[:TOP] if h.path.startswith(REGISTERS)], f"{query!r}: {got}"


@pytest.mark.parametrize("query", ["vold", "hvem ringer jeg til", "udkast", "mangler"])
def test_snippets_never_show_the_draft_notice_or_the_gap_box(
    front_page: tuple[Page, Guard], search: Callable[[Page, str], list[SearchHit]], query: str
) -> None:
    page, guard = front_page
    hits = search(page, query)
    assert hits
    items = page.locator(".md-search-result__list > li")
    shown = 0
    for index, hit in enumerate(hits):
        if hit.path.startswith(REGISTERS):  # the editors' guide explains the boxes, by name
            continue
        snippet = items.nth(index).inner_text()
        shown += 1
        for text in ("ikke godkendt af kommunen", "Teksten er ikke godkendt",
                     "Det mangler vi stadig", "Håndbogen gætter ikke"):
            assert text not in snippet, f"{query!r}: {hit.path} shows {text!r}"
    assert shown
    guard.check()


@pytest.mark.parametrize(("query", "expected"), QUERIES, ids=[q for q, _ in QUERIES])
def test_query_finds_page(
    front_page: tuple[Page, Guard],
    search: Callable[[Page, str], list[SearchHit]],
    query: str,
    expected: str,
) -> None:
    page, guard = front_page  # one page for the whole table: each query replaces the last
    hits = search(page, query)
    guard.check()
    top = [hit.path for hit in hits[:TOP]]
    assert expected in top, (
        f"{query!r}: {expected} is not among the first {TOP} results; got "
        + "; ".join(f"{hit.path} ({hit.title})" for hit in hits[:6])
    )


def test_table_is_realistic() -> None:
    """The table keeps its size and its kinds of query (a guard against loosening it)."""
    queries = [q for q, _ in QUERIES]
    assert len(queries) >= 25
    assert len(set(queries)) == len(queries)
    assert any(" " in q for q in queries), "no phrases"
    assert sum(1 for q in queries if q.isascii() and any(x in q for x in ("ae", "oe", "aa"))) >= 5


def test_search_opens_with_keyboard_shortcut(open_page: Callable[..., Page], site_url: str) -> None:
    """'/' opens the search, arrows pick a result, Enter opens it: no mouse needed."""
    page = open_page("index.html")
    page.keyboard.press("/")
    box = page.locator("input.md-search__input")
    expect(box).to_be_focused()
    sent_before = page.evaluate("() => window.__hbSearch.sent")
    page.keyboard.type("tvaersteam")
    page.wait_for_function(
        "before => window.__hbSearch.sent > before"
        " && window.__hbSearch.sent === window.__hbSearch.received",
        arg=sent_before,
    )
    page.keyboard.press("ArrowDown")
    first = page.locator(".md-search-result__list a.md-search-result__link").first
    expect(first).to_be_focused()
    page.keyboard.press("Enter")
    page.wait_for_url(f"{site_url}indsatser/tvaersteam.html*")
    expect(page.locator("article h1")).to_contain_text("Tværsteam")


def test_search_reachable_with_tab(open_page: Callable[..., Page]) -> None:
    """Tab from the top of the page reaches the search box, and Escape closes the results."""
    page = open_page("index.html")
    box = page.locator("input.md-search__input")
    for _ in range(40):
        page.keyboard.press("Tab")
        if box.evaluate("el => el === document.activeElement"):
            break
    else:
        pytest.fail("40 presses of Tab did not reach the search box")
    page.keyboard.type("samtykke")
    expect(page.locator(".md-search-result__meta")).to_contain_text("resultat")
    page.keyboard.press("Escape")
    expect(page.locator("#__search")).not_to_be_checked()


def test_other_forms_of_a_word_are_not_reported_missing(
    front_page: tuple[Page, Guard], search: Callable[[Page, str], list[SearchHit]]
) -> None:
    """'skolefraværet' finds pages saying 'skolefravær' without listing the word under "Mangler"
    (material's note for query words a result lacks), and highlights the page's own spelling."""
    page, guard = front_page
    hits = search(page, "skolefraværet")
    assert hits and hits[0].path == "vejviser/ulovligt-skolefravaer.html"
    first = page.locator(".md-search-result__list > li").first
    expect(first.locator(".md-search-result__terms")).to_have_count(0)
    expect(first.locator("mark").first).to_contain_text("kolefravær", ignore_case=True)
    guard.check()
