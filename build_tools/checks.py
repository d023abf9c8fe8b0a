"""Rules across files: references between items, unique ids, and no personal data."""

from __future__ import annotations

import difflib
import posixpath
import re
from collections.abc import Iterator

from build_tools.loader import Item, Loaded, Loc, field_name
from build_tools.model import Indsats, Ordliste, Proevehandling, Vejviser
from build_tools.problems import Problem
from build_tools.render import GENERATED_PAGES, GENERATED_PREFIXES, SECTIONS, item_path

# ddmmyy, optional dash or space, four digits; not part of a longer number. The modulus-11 rule
# was dropped for CPR numbers issued since 2007, so any valid date counts.
CPR_PATTERN = re.compile(
    r"(?<![\d-])(0[1-9]|[12]\d|3[01])(0[1-9]|1[0-2])(\d{2})[-\u2010\u2011\u2013 ]?(\d{4})(?![\d-])"
)


def find_cpr_numbers(text: str) -> Iterator[int]:
    """Line numbers (1-based) of text that looks like a Danish CPR number."""
    for match in CPR_PATTERN.finditer(text):
        yield text.count("\n", 0, match.start()) + 1


def check_personal_data(loaded: Loaded) -> list[Problem]:
    """CPR numbers must never be published; the number itself is not repeated in the message."""
    problems = []
    for source in loaded.files:
        if source.text is None:
            continue
        for line in find_cpr_numbers(source.text):
            problems.append(
                Problem(source.display, line, "",
                        "ligner et CPR-nummer; personoplysninger om borgere må aldrig stå i "
                        "håndbogen. Slet nummeret")
            )
    return problems


def _unknown(item: Item, loc: Loc, what: str, target: str, known: set[str]) -> Problem:
    close = difflib.get_close_matches(target, sorted(known), n=1, cutoff=0.6)
    hint = f" (mente du '{close[0]}'?)" if close else ""
    return Problem(item.source.display, item.line(loc), field_name(loc),
                   f"henviser til {what} '{target}', som ikke findes{hint}")


def glossary_terms(loaded: Loaded) -> dict[str, tuple[Item, int]]:
    """Every glossary term id → the glossary item and the term's index in it."""
    terms: dict[str, tuple[Item, int]] = {}
    for item in loaded.items["ordliste"].values():
        assert isinstance(item.model, Ordliste)
        for index, begreb in enumerate(item.model.begreber):
            terms.setdefault(begreb.id, (item, index))
    return terms


def check_references(loaded: Loaded) -> list[Problem]:
    """Every id an item points to must exist; ids inside one file must be unique."""
    problems: list[Problem] = []
    indsatser = set(loaded.items["indsatser"])
    terms = glossary_terms(loaded)
    # A file with errors of its own still exists: references to it are not "missing".
    broken_indsatser = loaded.failed.get("indsatser", set())
    glossary_broken = bool(loaded.failed.get("ordliste"))
    seen_terms: dict[str, Item] = {}

    for item in loaded.items["ordliste"].values():
        assert isinstance(item.model, Ordliste)
        for index, begreb in enumerate(item.model.begreber):
            loc: Loc = ("begreber", index, "id")
            if begreb.id in seen_terms:
                problems.append(
                    Problem(item.source.display, item.line(loc), field_name(loc),
                            f"begrebet '{begreb.id}' står allerede i ordlisten")
                )
            seen_terms[begreb.id] = item
            for j, target in enumerate(begreb.se_ogsaa):
                if target not in terms and not glossary_broken:
                    problems.append(_unknown(item, ("begreber", index, "se_ogsaa", j),
                                             "begrebet", target, set(terms)))

    for item in loaded.items["vejvisere"].values():
        assert isinstance(item.model, Vejviser)
        level_ids: set[str] = set()
        for index, niveau in enumerate(item.model.niveauer):
            if niveau.id in level_ids:
                problems.append(
                    Problem(item.source.display, item.line(("niveauer", index, "id")),
                            field_name(("niveauer", index, "id")),
                            f"niveauet '{niveau.id}' findes allerede i denne vejviser")
                )
            level_ids.add(niveau.id)
            for j, target in enumerate(niveau.indsatser):
                if target not in indsatser and target not in broken_indsatser:
                    problems.append(_unknown(item, ("niveauer", index, "indsatser", j),
                                             "indsatsen", target, indsatser))

    for item in loaded.items["indsatser"].values():
        assert isinstance(item.model, Indsats)
        for j, target in enumerate(item.model.begreber):
            if target not in terms and not glossary_broken:
                problems.append(_unknown(item, ("begreber", j), "begrebet", target, set(terms)))
        for j, target in enumerate(item.model.se_ogsaa):
            if target in broken_indsatser:
                continue
            if target not in indsatser:
                problems.append(_unknown(item, ("se_ogsaa", j), "indsatsen", target, indsatser))
            elif target == item.id:
                problems.append(
                    Problem(item.source.display, item.line(("se_ogsaa", j)),
                            field_name(("se_ogsaa", j)),
                            "en indsats kan ikke henvise til sig selv")
                )
    broken_flows = loaded.failed.get("vejvisere", set())
    steps = {
        f"{flow.id}#{niveau.id}"
        for flow in loaded.items["vejvisere"].values()
        for niveau in flow.model.niveauer  # type: ignore[attr-defined]
    }
    for item in loaded.items["proevehandlinger"].values():
        assert isinstance(item.model, Proevehandling)
        for j, target in enumerate(item.model.indsatser):
            if target not in indsatser and target not in broken_indsatser:
                problems.append(_unknown(item, ("indsatser", j), "indsatsen", target, indsatser))
        for j, target in enumerate(item.model.vejviser_trin):
            if target not in steps and target.split("#")[0] not in broken_flows:
                problems.append(_unknown(item, ("vejviser_trin", j), "vejviser-trinnet",
                                         target, steps))
    return problems


def check_page_paths(loaded: Loaded) -> list[Problem]:
    """A free page must not take the address of a page the handbook makes itself."""
    made = {item_path(item): item for kind, items in loaded.items.items() if kind != "sider"
            for item in items.values()}
    intros = {f"{folder}/index.md" for folder, _ in SECTIONS.values()}
    problems = []
    for item in loaded.items["sider"].values():
        path = item_path(item)
        if path in intros:
            continue  # a section's index page is its intro text
        if path in made:
            other = made[path].source.display
        elif path in GENERATED_PAGES or path.startswith(GENERATED_PREFIXES):
            other = "en side, håndbogen laver selv"
        else:
            continue
        problems.append(Problem(item.source.display, 1, "", f"siden {path} findes allerede "
                                f"(laves også af {other}); giv filen et andet navn"))
    return problems


def _walk(value: object, loc: Loc) -> Iterator[tuple[Loc, str]]:
    if isinstance(value, str):
        yield loc, value
    elif isinstance(value, dict):
        for key, inner in value.items():
            yield from _walk(inner, loc + (key,))
    elif isinstance(value, list):
        for index, inner in enumerate(value):
            yield from _walk(inner, loc + (index,))


def check_placeholders(loaded: Loaded) -> list[Problem]:
    """The example texts of `handbook new` may stand in a draft, never in a published text."""
    from build_tools.cmd_editor import PLACEHOLDERS  # the editor tooling owns the examples

    examples = {
        text.strip()
        for value in PLACEHOLDERS.values()
        for text in (value if isinstance(value, list) else [value])
        if isinstance(text, str) and text.startswith("Skriv")
    }
    problems = []
    for items in loaded.items.values():
        for item in items.values():
            if item.model.status == "udkast":
                continue
            for loc, text in _walk(item.model.model_dump(), ()):
                if text.strip() in examples:
                    problems.append(
                        Problem(item.source.display, item.line(loc), field_name(loc),
                                "eksempelteksten fra 'handbook new' er ikke skiftet ud; skriv "
                                "den rigtige tekst, eller sæt status: udkast")
                    )
    return problems


MARKDOWN_LINK = re.compile(r"\]\(<?([^)\s>#:]+\.md)(#[^)\s>]*)?>?\)")


def check_links(loaded: Loaded) -> list[Problem]:
    """Links between pages point at pages that exist (the strict build would stop on them with
    an English message; editors get the line here)."""
    pages = {item_path(i) for items in loaded.items.values() for i in items.values()}
    pages |= {f"{folder}/index.md" for folder, _ in SECTIONS.values()} | GENERATED_PAGES
    for kind, stems in loaded.failed.items():  # pages whose files have errors of their own
        if kind in SECTIONS:
            pages |= {f"{SECTIONS[kind][0]}/{stem}.md" for stem in stems}
    problems = []
    for items in loaded.items.values():
        for item in items.values():
            text = item.source.text or ""
            here = posixpath.dirname(item_path(item))
            for match in MARKDOWN_LINK.finditer(text):
                target = posixpath.normpath(posixpath.join(here, match.group(1)))
                if target in pages or target.startswith(GENERATED_PREFIXES):
                    continue
                line = text.count("\n", 0, match.start()) + 1
                where = "" if target == match.group(1) else f" (set herfra: {target})"
                problems.append(
                    Problem(item.source.display, line, "",
                            f"linket til '{match.group(1)}' peger på en side, der ikke findes"
                            f"{where}")
                )
    return problems


def check(loaded: Loaded) -> list[Problem]:
    """All problems in the content: those found while loading plus the cross-file rules."""
    return (loaded.problems + check_personal_data(loaded) + check_references(loaded)
            + check_page_paths(loaded) + check_placeholders(loaded) + check_links(loaded))
