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
from build_tools.sanitize import Inspector, shown

# ddmmyy, optional dash or space, four digits; not part of a longer number. The modulus-11 rule
# was dropped for CPR numbers issued since 2007, so any valid date counts. Between the digits may
# stand what a reader does not see: zero-width characters, soft hyphens, Markdown escapes and
# emphasis (`010203\\-1234`, `0102**03**-1234`); the separator may be any dash or space, the
# non-breaking ones included. Digits are any script's (full-width too).
_HIDDEN = r"[\u00ad\u180e\u200b-\u200f\u2060-\u2064\ufeff*_~`\\]*"
_SEPARATOR = r"(?:[-\u2010-\u2015\u2212\u00a0\u2007\u202f]|[^\S\n])"
CPR_PATTERN = re.compile(
    r"(?<![\d\-])" + _HIDDEN.join([r"(\d)"] * 6) + _HIDDEN
    + f"(?:{_SEPARATOR}{_HIDDEN}){{0,3}}" + _HIDDEN.join([r"(\d)"] * 4) + r"(?![\d\-])"
)


def _is_cpr(match: re.Match[str]) -> bool:
    digits = [int(d) for d in match.groups()]
    day, month = digits[0] * 10 + digits[1], digits[2] * 10 + digits[3]
    return 1 <= day <= 31 and 1 <= month <= 12


def find_cpr_numbers(text: str) -> Iterator[int]:
    """Line numbers (1-based) of text that looks like a Danish CPR number."""
    for match in CPR_PATTERN.finditer(text):
        if _is_cpr(match):
            yield text.count("\n", 0, match.start()) + 1


def mask_cpr(text: str) -> str:
    """The text with the digits of anything that looks like a CPR number replaced by 'x'."""
    def mask(match: re.Match[str]) -> str:
        return re.sub(r"\d", "x", match.group()) if _is_cpr(match) else match.group()

    return CPR_PATTERN.sub(mask, text)


CPR_MESSAGE = ("ligner et CPR-nummer; personoplysninger om borgere må aldrig stå i håndbogen. "
               "Slet nummeret")


def check_personal_data(loaded: Loaded) -> list[Problem]:
    """CPR numbers must never be published, not in a text and not in a file or folder name; the
    number itself is not repeated in the message (check() masks it in every path)."""
    problems = []
    for source in loaded.files:
        name = source.path.relative_to(loaded.root).as_posix()
        if any(True for _ in find_cpr_numbers(name)):
            problems.append(Problem(source.display, 1, "", "fil- eller mappenavnet " + CPR_MESSAGE
                                    .replace("Slet nummeret", "Giv den et andet navn")))
        if source.text is None:
            continue
        for line in find_cpr_numbers(source.text):
            problems.append(Problem(source.display, line, "", CPR_MESSAGE))
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


def _line_in(item: Item, loc: Loc, text: str, value: str) -> int:
    """The line where `value` stands inside the field at `loc`."""
    line = item.line(loc)
    index = text.find(value)
    if index < 0:  # Markdown expanded tabs before the value was seen
        index = max(text.expandtabs(4).find(value), 0)
    if item.kind != "sider" or loc != ("tekst",):
        source_lines = (item.source.text or "").splitlines()
        key = source_lines[line - 1] if 0 < line <= len(source_lines) else ""
        if re.search(r"[|>][-+0-9]*\s*(#.*)?$", key):
            line += 1  # a block text (`|` or `>`) starts on the line below its field name
    return line + text.count("\n", 0, index)


URL_LIKE = re.compile(r"\s*([a-zA-Z][a-zA-Z0-9+.\-]*):(?!\s)")


def check_markup(loaded: Loaded) -> list[Problem]:
    """Everything editor text asks for that the site would remove (sanitize.py): links other
    than https:, http:, mailto:, tel: and pages in the handbook, images from outside, and
    attributes (`{onclick=…}`) other than id and class. Also a source's address: a web address
    with https:// or http://, or the name of a document."""
    inspector = Inspector()
    problems: list[Problem] = []
    for items in loaded.items.values():
        for item in items.values():
            display = item.source.display
            for loc, text in _walk(item.model.model_dump(), ()):
                for finding in inspector.findings(text):
                    problems.append(Problem(display, _line_in(item, loc, text, finding.value),
                                            field_name(loc), finding.message))
            for index, kilde in enumerate(item.model.kilder):
                url = URL_LIKE.match(kilde.adresse)
                if url and url.group(1).lower() not in ("http", "https"):
                    loc = ("kilder", index, "adresse")
                    problems.append(Problem(
                        display, item.line(loc), field_name(loc),
                        f"'{shown(url.group(1).lower())}:' er ikke tilladt; skriv en webadresse "
                        "med https:// eller http://, eller navnet på et dokument"))
    return list(dict.fromkeys(problems))


def check(loaded: Loaded) -> list[Problem]:
    """All problems in the content: those found while loading plus the cross-file rules.

    No line ever repeats a CPR number, not even one in a file name or a quoted value."""
    problems = (loaded.problems + check_personal_data(loaded) + check_references(loaded)
                + check_page_paths(loaded) + check_placeholders(loaded) + check_links(loaded)
                + check_markup(loaded))
    return [Problem(mask_cpr(p.path), p.line, mask_cpr(p.field), mask_cpr(p.message))
            for p in problems]
