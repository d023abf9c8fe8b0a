"""The search's own code and its one coupling to mkdocs-material.

- The adapter build_tools/static/assets/javascripts/workers/handbook-search.js is written for one
  material release; these tests fail on a theme upgrade and say what to re-check.
- No theme file is copied into build_tools/overrides to change the search.
- The stop word script the browser loads is generated from build_tools/search/stopord.txt.
- The Danish rules (search/dansk.js) on their own, in a blank page.
"""

from __future__ import annotations

import importlib.metadata
import re
from collections.abc import Iterator
from pathlib import Path

import material
import pytest
from playwright.sync_api import Browser, Page

from build_tools.search import stopord

pytestmark = pytest.mark.browser

REPO = Path(__file__).resolve().parents[2]
JAVASCRIPTS = REPO / "build_tools" / "static" / "assets" / "javascripts"
ADAPTER = JAVASCRIPTS / "workers" / "handbook-search.js"
OVERRIDES = REPO / "build_tools" / "overrides"
THEME = Path(material.__file__).resolve().parent / "templates"

RECHECK = (
    "mkdocs-material changed: re-check every place marked 'material:' in "
    f"{ADAPTER.relative_to(REPO)} against the new theme (templates/base.html, "
    "partials/search.html, the source maps of bundle.*.min.js and workers/search.*.min.js), "
    "then update MATERIAL there."
)


def adapter_constant(name: str) -> str:
    found = re.search(rf'^\s*{name}: "([^"]+)"', ADAPTER.read_text(encoding="utf-8"), re.M)
    assert found, f"MATERIAL.{name} not found in {ADAPTER.name}"
    return found.group(1)


def test_theme_is_the_release_the_adapter_was_written_for() -> None:
    installed = importlib.metadata.version("mkdocs-material")
    assert installed == adapter_constant("version"), f"installed {installed}. {RECHECK}"


def test_theme_files_the_adapter_hooks_into_are_unchanged() -> None:
    """Names carry a hash of their content, so an edited worker or bundle fails here too."""
    worker = adapter_constant("worker")
    bundle = adapter_constant("bundle")
    scripts = THEME / "assets" / "javascripts"
    assert (scripts / "workers" / worker).is_file(), f"no workers/{worker}. {RECHECK}"
    assert (scripts / bundle).is_file(), f"no {bundle}. {RECHECK}"
    base = (THEME / "base.html").read_text(encoding="utf-8")
    bundle_tag = f"<script src=\"{{{{ 'assets/javascripts/{bundle}' | url }}}}\"></script>"
    assert re.search(r"\{% block scripts %\}\s*" + re.escape(bundle_tag), base), (
        f"base.html's scripts block no longer starts with the bundle. {RECHECK}"
    )
    assert f'"search": "assets/javascripts/workers/{worker}"' in base, RECHECK
    partial = (THEME / "partials" / "search.html").read_text(encoding="utf-8")
    dialog = re.search(r"<div [^>]*data-md-component=\"search\"[^>]*>", partial)
    assert dialog and 'role="dialog"' in dialog.group(0), f"search dialog changed. {RECHECK}"
    # If material names the dialog itself one day, our label can go.
    assert "aria-label" not in dialog.group(0), f"material names the dialog now. {RECHECK}"


def test_no_theme_file_is_copied_for_the_search() -> None:
    """The search is changed by the adapter script, not by copies of material's files."""
    shadowed = sorted(
        path.relative_to(OVERRIDES).as_posix()
        for path in OVERRIDES.rglob("*")
        if path.is_file() and (THEME / path.relative_to(OVERRIDES)).exists()
    )
    copies = [p for p in shadowed if "search" in p or p.startswith("assets/")]
    assert copies == []
    main = (OVERRIDES / "main.html").read_text(encoding="utf-8")
    assert '{% extends "base.html" %}' in main and "handbook-search.js" in main


def test_stop_word_script_matches_the_list() -> None:
    """stopord.js is the output of `python -m build_tools.search.stopord` for stopord.txt."""
    assert stopord.SCRIPT.read_text(encoding="utf-8") == stopord.script(stopord.read_words()), (
        "stopord.js is out of date: run .venv/bin/python -m build_tools.search.stopord"
    )
    assert stopord.main(["--check"]) == 0


def test_stop_word_list_is_readable_data() -> None:
    words = stopord.read_words()
    for word in ("i", "et", "der", "ikke", "når", "jeg", "til", "for", "en"):
        assert word in words
    assert len(words) == len(set(words))


def test_stop_word_list_rejects_a_line_of_two_words(tmp_path: Path) -> None:
    listing = tmp_path / "stopord.txt"
    listing.write_text("# kommentar\nog\nto ord\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"^stopord.txt:3: ét ord med små bogstaver pr. linje"):
        stopord.read_words(listing)


# --- the Danish rules, in a blank page ---------------------------------------------------------


@pytest.fixture(scope="module")
def rules(browser: Browser) -> Iterator[Page]:
    """A blank page with stopord.js and dansk.js loaded (no site, no theme)."""
    page = browser.new_page()
    for name in ("stopord.js", "dansk.js"):
        page.add_script_tag(content=(JAVASCRIPTS / "search" / name).read_text(encoding="utf-8"))
    yield page
    page.close()


@pytest.mark.parametrize(
    ("a", "b", "prefix", "edits"),
    [
        ("tavshedsplikt", "tavshedspligt", False, 1),  # wrong letter
        ("ordlsite", "ordliste", False, 1),  # swapped
        ("fritidpas", "fritidspas", False, 1),  # missing
        ("politiett", "politiet", False, 1),  # extra
        ("tavshedsplikt", "tavshedspligten", False, 2),
        ("tavshedsplikt", "tavshedspligten", True, 1),  # the beginning of a longer word
        ("skole", "stole", False, 1),
        ("barn", "bjørn", False, 2),
    ],
)
def test_edit_distance(rules: Page, a: str, b: str, prefix: bool, edits: int) -> None:
    got = rules.evaluate(
        "([a, b, prefix]) => HandbookSearch.distance(a, b, 1, prefix)", [a, b, prefix]
    )
    assert got == edits


def test_folding_and_stop_words(rules: Page) -> None:
    got = rules.evaluate(
        """() => [HandbookSearch.fold("tværsteam økonomi rådgivning"),
                  HandbookSearch.skeleton("tvaersteam"),
                  ["når", "naar", "til", "jeg", "ringe", "barnet"]
                    .map((word) => HandbookSearch.isStopWord(word))]"""
    )
    stop = [True, True, True, True, False, False]
    assert got == ["tvaersteam oekonomi raadgivning", "tvarsteam", stop]


PLAN = """([words, terms, spelling]) => {
  const vocabulary = new HandbookSearch.Vocabulary(terms, {}, spelling);
  const plan = HandbookSearch.plan(words, vocabulary, null);
  return {
    words: plan.words.map((w) => [w.typed, w.known, w.near.map((n) => n.term)]),
    corrections: plan.corrections,
  };
}"""

TERMS = ["tavshedspligt", "tavshedspligten", "foraeldre", "foraeldrene", "ringer", "til", "void"]
SPELLING = {"foraeldre": "forældre", "foraeldrene": "forældrene"}


def plan(rules: Page, words: list[str]) -> dict[str, list[list[object]]]:
    return rules.evaluate(PLAN, [words, TERMS, SPELLING])


def test_unknown_word_is_replaced_by_its_near_words(rules: Page) -> None:
    got = plan(rules, ["tavshedsplikt"])
    assert got["words"] == [["tavshedsplikt", False, ["tavshedspligt", "tavshedspligten"]]]
    assert got["corrections"] == [["tavshedsplikt", "tavshedspligt"]]


def test_correction_is_shown_as_written(rules: Page) -> None:
    got = plan(rules, ["foreldre"])
    assert got["corrections"] == [["foreldre", "forældre"]]


def test_known_word_is_searched_as_typed(rules: Page) -> None:
    got = plan(rules, ["ringe"])
    assert got["words"] == [["ringe", True, []]]
    assert got["corrections"] == []


def test_short_words_get_no_corrections(rules: Page) -> None:
    assert plan(rules, ["vold"])["words"] == [["vold", False, []]]


def test_stop_words_are_left_out_of_a_phrase_but_not_alone(rules: Page) -> None:
    phrase = plan(rules, ["hvem", "skal", "jeg", "ringe", "til"])
    assert [w[0] for w in phrase["words"]] == ["ringe"]
    alone = plan(rules, ["til"])
    assert [w[0] for w in alone["words"]] == ["til"]


def test_coverage_weighs_rare_words_more(rules: Page) -> None:
    """Two words, one on every page ("barn"), one on one page ("skolen"): the page with both
    covers the query, a page with only the common word hardly."""
    got = rules.evaluate(
        """() => {
          const vocabulary = new HandbookSearch.Vocabulary(["barn", "skolen"], {}, {});
          const plan = HandbookSearch.plan(["barn", "skolen"], vocabulary, null);
          const matches = [
            { page: "a.html", terms: ["barn"] }, { page: "b.html", terms: ["barn"] },
            { page: "c.html", terms: ["barn"] }, { page: "d.html", terms: ["barn", "skolen"] },
          ];
          return Object.fromEntries(HandbookSearch.coverage(plan.words, matches, 4));
        }"""
    )
    assert set(got) == {"a.html", "b.html", "c.html", "d.html"}
    assert got["d.html"] == 1
    assert got["a.html"] == got["b.html"] < 0.35
