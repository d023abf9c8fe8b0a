"""Rules across files: references between items, unique ids, and no personal data."""

from __future__ import annotations

import difflib
import posixpath
import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path

from build_tools import cache
from build_tools.approval import check_approvals
from build_tools.items import Item, Loaded, Loc
from build_tools.legal import mentions, register_of
from build_tools.messages import field_name
from build_tools.model import GODKENDT, TILBAGETRUKKET, UDKAST
from build_tools.problems import Problem
from build_tools.registry import (
    GENERATED_PAGES,
    GENERATED_PREFIXES,
    KILDER,
    LOVE,
    SIDER,
    TYPES,
    example_texts,
    owners,
    page_path,
    section_intros,
    targets,
    walk,
)
from build_tools.sanitize import Inspector

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
        for line in cache.memo("cpr", source.text, lambda text: list(find_cpr_numbers(text))):
            problems.append(Problem(source.display, line, "", CPR_MESSAGE))
    return problems


def suggest(target: str, known: set[str]) -> str | None:
    """The id an editor most likely meant: a close spelling, an id hidden inside a longer one,
    or the id sharing most of its words ("familiehuset-aaben-raadgivning" → an id with
    "raadgivning")."""
    ordered = sorted(known)
    close = difflib.get_close_matches(target, ordered, n=1, cutoff=0.6)
    if close:
        return close[0]
    squashed = target.replace("-", "")
    inside = [k for k in ordered if len(k) > 3 and k.replace("-", "") in squashed]
    if inside:
        return max(inside, key=len)
    words = set(target.split("-"))
    scored = [(len(words & set(k.split("-"))) / len(words | set(k.split("-"))), k)
              for k in ordered]
    best = max(scored, default=(0.0, ""))
    return best[1] if best[0] >= 0.25 else None


def _unknown(item: Item, loc: Loc, noun: str, target: str, known: set[str]) -> Problem:
    close = suggest(target, known)
    hint = f" (mente du '{close}'?)" if close else ""
    return Problem(item.source.display, item.line(loc), field_name(loc),
                   f"henviser til {noun} '{target}', som ikke findes{hint}")


def check_references(loaded: Loaded) -> list[Problem]:
    """Every id an item points to exists, and ids that must be unique are (as each content type
    declares in the registry)."""
    problems: list[Problem] = []
    known = targets(loaded)
    for kind, content_type in TYPES.items():
        references = content_type.every_reference
        seen_in_type: dict[tuple[int, object], bool] = {}
        for item in loaded.items.get(kind, {}).values():
            data = cache.dump(item)
            for number, rule in enumerate(content_type.unique):
                seen = seen_in_type if rule.across_files else {}
                for loc, value in walk(data, rule.path):
                    if (number, value) in seen:
                        problems.append(Problem(item.source.display, item.line(loc),
                                                field_name(loc),
                                                rule.message.format(value=value)))
                    seen[(number, value)] = True
            for reference in references:
                noun, ids, in_broken_file = known[reference.target]
                for loc, target in walk(data, reference.path):
                    if target not in ids and not in_broken_file(target):
                        problems.append(_unknown(item, loc, noun, target, ids))
                    elif reference.not_self and target == item.id:
                        problems.append(Problem(item.source.display, item.line(loc),
                                                field_name(loc),
                                                f"{noun} kan ikke henvise til sig selv"))
    return problems


RESERVED_PAGES = {"404.md": "siden, læseren får, når en adresse ikke findes"}
RESERVED_FOLDERS = {
    "admin": "redaktørernes formularer",
    "assets": "sitets scripts, stylesheets og billeder",
    "search": "søgningen",
    "pdf": "PDF-udgaverne",
    "haandbog-offline.zip": "offline-udgaven",
}
"""Addresses the site needs for itself (compared without regard to case, as on a file share)."""


def _reserved(path: str) -> str | None:
    """What of the site's own a page at `path` would replace, or None."""
    lowered = path.lower()
    if lowered in RESERVED_PAGES:
        return RESERVED_PAGES[lowered]
    return RESERVED_FOLDERS.get(lowered.split("/", 1)[0].removesuffix(".md"))


def check_page_paths(loaded: Loaded) -> list[Problem]:
    """A free page must not take the address of a page the handbook makes itself, nor one the
    site needs (the 404 page, admin/, assets/, search/, pdf/)."""
    free = [kind for kind, content_type in TYPES.items() if content_type.markdown_files]
    made = {page_path(item): item for kind, items in loaded.items.items() if kind not in free
            for item in items.values()}
    intros = section_intros()
    problems = []
    for item in (item for kind in free for item in loaded.items.get(kind, {}).values()):
        path = page_path(item)
        reserved = _reserved(path)
        if reserved:
            problems.append(Problem(item.source.display, 1, "", (
                f"siden {path} ville tage en adresse, som sitet selv bruger ({reserved}); "
                "giv filen eller mappen et andet navn")))
            continue
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
    """The example texts of `handbook new` must be replaced before the text is merged: drafts
    are published too."""
    examples = example_texts()
    problems = []
    for items in loaded.items.values():
        for item in items.values():
            for loc, text in _walk(item.model.model_dump(), ()):
                if text.strip() in examples:
                    problems.append(
                        Problem(item.source.display, item.line(loc), field_name(loc),
                                "eksempelteksten fra 'handbook new' er ikke skiftet ud; skriv "
                                "den rigtige tekst")
                    )
    return problems


MARKDOWN_LINK = re.compile(r"\]\(<?([^)\s>#:]+\.md)(#[^)\s>]*)?>?\)")


def check_links(loaded: Loaded) -> list[Problem]:
    """Links between pages point at pages that exist (the strict build would stop on them with
    an English message; editors get the line here)."""
    pages = {page_path(i) for items in loaded.items.values() for i in items.values()}
    pages |= section_intros() | GENERATED_PAGES
    for kind, stems in loaded.failed.items():  # pages whose files have errors of their own
        folder = TYPES[kind].url_folder if kind in TYPES else None
        if folder:
            pages |= {f"{folder}/{stem}.md" for stem in stems}
    problems = []
    for items in loaded.items.values():
        for item in items.values():
            text = item.source.text or ""
            here = posixpath.dirname(page_path(item))
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


WITHDRAWN = TILBAGETRUKKET


def _withdrawn(item: Item, loc: Loc, line: int, noun: str, target: Item) -> Problem:
    """A published text must not send readers to a withdrawn one; a draft gets a warning."""
    return Problem(item.source.display, line, field_name(loc) if loc else "",
                   f"henviser til {noun} '{target.id}', som er trukket tilbage "
                   f"({target.source.display}); fjern henvisningen eller peg på en afløser",
                   warning=item.model.status == UDKAST)


def check_withdrawn(loaded: Loaded) -> list[Problem]:
    """References and links to withdrawn items: an error from a published item, a warning from
    a draft (the site and the PDFs leave such recommendations out either way)."""
    problems: list[Problem] = []
    by_page = {page_path(i): i for items in loaded.items.values() for i in items.values()}
    holders = owners(loaded)
    for kind, content_type in TYPES.items():
        for item in loaded.items.get(kind, {}).values():
            if item.model.status == WITHDRAWN:
                continue
            data = cache.dump(item)
            for reference in content_type.every_reference:
                for loc, target in walk(data, reference.path):
                    other = holders[reference.target].get(target)
                    if other is not None and other.model.status == WITHDRAWN:
                        problems.append(_withdrawn(item, loc, item.line(loc),
                                                   TYPES[other.kind].noun, other))
            text = item.source.text or ""
            here = posixpath.dirname(page_path(item))
            for match in MARKDOWN_LINK.finditer(text):
                target_page = posixpath.normpath(posixpath.join(here, match.group(1)))
                other = by_page.get(target_page)
                if other is not None and other.model.status == WITHDRAWN:
                    line = text.count("\n", 0, match.start()) + 1
                    problems.append(_withdrawn(item, (), line, "siden", other))
    return problems


def _line_in(item: Item, loc: Loc, text: str, value: str) -> int:
    """The line where `value` stands inside the field at `loc`."""
    line = item.line(loc)
    index = text.find(value)
    if index < 0:  # Markdown expanded tabs before the value was seen
        index = max(text.expandtabs(4).find(value), 0)
    if item.kind != SIDER or loc != ("tekst",):
        source_lines = (item.source.text or "").splitlines()
        key = source_lines[line - 1] if 0 < line <= len(source_lines) else ""
        if re.search(r"[|>][-+0-9]*\s*(#.*)?$", key):
            line += 1  # a block text (`|` or `>`) starts on the line below its field name
    return line + text.count("\n", 0, index)


URL_LIKE = re.compile(r"\s*([a-zA-Z][a-zA-Z0-9+.\-]*):(?!\s)")


def check_markup(loaded: Loaded) -> list[Problem]:
    """Everything editor text asks for that the site would remove (sanitize.py): links other
    than https:, http:, mailto:, tel: and pages in the handbook, images from outside, and
    attributes (`{onclick=…}`) other than id and class. (A source's address is checked by the
    register's model: https:// or http:// only.)"""
    inspector = Inspector()
    problems: list[Problem] = []
    for items in loaded.items.values():
        for item in items.values():
            display = item.source.display
            for loc, text in _walk(item.model.model_dump(), ()):
                for finding in inspector.findings(text):
                    problems.append(Problem(display, _line_in(item, loc, text, finding.value),
                                            field_name(loc), finding.message))
    return list(dict.fromkeys(problems))


FIRST_DATE = date(2000, 1, 1)
"""No date in the handbook lies before this (the strategy is from the 2020s)."""
YEARS_AHEAD = 10
"""Nor more than this many years after today (a next review, a planned trial step)."""
TEXT_LIMITS = {"titel": 300, "resume": 1_000}
"""Most characters a title and a summary may have: they stand in the navigation of every page,
the search index and every listing (a title of 1 MB took a build 11 minutes and 97 MB)."""


def check_bounds(loaded: Loaded, today: date | None = None) -> list[Problem]:
    """Dates within a sane window (a change dated in 2525 made the report pipeline write a
    thousand pages), titles and summaries within their lengths."""
    today = today or date.today()
    last = date(min(today.year + YEARS_AHEAD, 9999), 12, 31)
    problems = []
    for items in loaded.items.values():
        for item in items.values():
            for loc, value in _walk_values(item.model.model_dump(), ()):
                where = (item.source.display, item.line(loc), field_name(loc))
                if isinstance(value, date) and not FIRST_DATE <= value <= last:
                    problems.append(Problem(*where, (
                        f"datoen {value.isoformat()} ligger uden for {FIRST_DATE.year}–"
                        f"{last.year}; ret årstallet")))
                limit = TEXT_LIMITS.get(str(loc[-1]) if loc else "")
                if isinstance(value, str) and limit and len(value) > limit:
                    problems.append(Problem(*where, (
                        f"teksten har {len(value):,} tegn; højst {limit:,} her. Gør den "
                        "kortere".replace(",", "."))))
    return problems


def _walk_values(value: object, loc: Loc) -> Iterator[tuple[Loc, object]]:
    if isinstance(value, dict):
        for key, inner in value.items():
            yield from _walk_values(inner, loc + (key,))
    elif isinstance(value, list):
        for index, inner in enumerate(value):
            yield from _walk_values(inner, loc + (index,))
    else:
        yield loc, value


def check_editor_guide(loaded: Loaded) -> list[Problem]:
    """CONTRIBUTING.md beside content/ is published as a page (render.editor_guide): it is read
    and checked like content (a regular file within the limits, links and attribute lists as in
    editor text, no CPR number)."""
    from build_tools.loader import read_text
    from build_tools.registry import EDITOR_GUIDE

    path = loaded.root.parent / EDITOR_GUIDE
    if not path.exists() and not path.is_symlink():
        return []
    if path.is_symlink():
        return [Problem(EDITOR_GUIDE, 1, "", "filen er et symbolsk link; redaktørvejledningen "
                        "udgives kun fra en almindelig fil. Slet linket, og læg selve filen her")]
    text, problems = read_text(path, EDITOR_GUIDE)
    if text is None:
        return problems
    problems += [Problem(EDITOR_GUIDE, line, "", CPR_MESSAGE) for line in find_cpr_numbers(text)]
    inspector = Inspector()
    for finding in inspector.findings(text):
        index = max(text.find(finding.value), 0)
        problems.append(Problem(EDITOR_GUIDE, text.count("\n", 0, index) + 1, "",
                                finding.message))
    return problems


def check(loaded: Loaded) -> list[Problem]:
    """All problems in the content: those found while loading plus the cross-file rules.
    Warnings (`Problem.warning`) are among them; they stop nothing.

    No line ever repeats a CPR number, not even one in a file name or a quoted value."""
    # Checks of one item at a time are reused for items read from the file cache (cache.py);
    # the key names what else such a check reads.
    laws = cache.text_digest(*(cache.item_digest(i) for i in loaded.items.get(LOVE, {}).values()))
    examples = cache.text_digest(*sorted(example_texts()))
    problems = (loaded.problems + check_personal_data(loaded) + check_references(loaded)
                + check_page_paths(loaded) + cache.per_item(check_placeholders, loaded, examples)
                + check_links(loaded) + cache.per_item(check_markup, loaded)
                + check_withdrawn(loaded)
                + cache.per_item(check_legal_references, loaded, laws, (LOVE,))
                + check_editor_guide(loaded)
                + cache.per_item(check_bounds, loaded, str(date.today()))
                + cache.per_item(check_approvals, loaded))
    return [Problem(mask_cpr(p.path), p.line, mask_cpr(p.field), mask_cpr(p.message), p.warning)
            for p in problems]



def check_legal_references(loaded: Loaded) -> list[Problem]:
    """Every provision a text names is in the register of provisions; a repealed one is named
    only as former (with its successor in the message); an item that names a provision awaits
    legal review until it is approved."""
    register = register_of(loaded)
    problems: list[Problem] = []
    for kind, items in loaded.items.items():
        if kind in (KILDER, LOVE):  # the registers describe provisions, not cite them
            continue
        for item in items.values():
            cites = False
            for mention in mentions(item, register):
                if mention.former:
                    continue
                where = (item.source.display, mention.line, mention.field)
                if (mention.lov, mention.paragraf) in register.repealed:
                    successor = register.successor(mention.lov, mention.paragraf)
                    instead = (f"; henvis til {successor.navn}" if successor else
                               "; registret kender ikke dens afløser")
                    problems.append(Problem(*where, (
                        f"{mention.lov} § {mention.paragraf} er ophævet{instead}, eller skriv "
                        f"'tidligere {mention.lov} § {mention.paragraf}'")))
                    continue
                if register.find(mention) is None:  # no "mente du": a near § is another rule
                    problems.append(Problem(*where, (
                        f"{mention.navn} står ikke i lovregistret (content/love/); tilføj "
                        "paragraffen dér, når nummeret er læst i lovteksten")))
                    continue
                cites = True
            model = item.model
            if cites and model.status != GODKENDT and not model.juridisk_gennemgang:
                problems.append(Problem(
                    item.source.display, item.line(("status",)), "juridisk_gennemgang",
                    "teksten henviser til lovgivning; skriv 'juridisk_gennemgang: ja', indtil "
                    "den er godkendt"))
    return problems


QUOTE_MARKS = str.maketrans("", "", "\"'“”„«»‘’‚`´")


def normalise_quote(text: str) -> str:
    """Text compared word for word: no quote marks, line breaks or runs of whitespace."""
    return " ".join(text.translate(QUOTE_MARKS).split())


def check_quotes(loaded: Loaded, texts: Path) -> list[Problem]:
    """Every quote occurs word for word in the text file of the source it names (files in
    `texts`, as the register's `tekstfil` names them)."""
    sources = {kilde.id: kilde for item in loaded.items.get(KILDER, {}).values()
               for kilde in item.model.dokumenter}  # type: ignore[attr-defined]
    cache: dict[str, str | None] = {}
    problems: list[Problem] = []
    for items in loaded.items.values():
        for item in items.values():
            citat = getattr(item.model, "citat", None)
            if citat is None or citat.kilde not in sources:
                continue
            kilde = sources[citat.kilde]
            where = (item.source.display, item.line(("citat", "tekst")), "citat.tekst")
            if not kilde.tekstfil:
                problems.append(Problem(*where, (
                    f"kan ikke kontrollere citatet: kilden '{kilde.id}' har ingen tekstfil "
                    "i registret")))
                continue
            if kilde.tekstfil not in cache:
                path = texts / kilde.tekstfil
                cache[kilde.tekstfil] = (normalise_quote(path.read_text(encoding="utf-8"))
                                         if path.is_file() else None)
            text = cache[kilde.tekstfil]
            if text is None:
                problems.append(Problem(*where, (
                    f"kan ikke kontrollere citatet: tekstfilen til '{kilde.titel}' findes "
                    f"ikke i {texts}")))
            elif normalise_quote(citat.tekst) not in text:
                problems.append(Problem(*where, (
                    f"citatet står ikke ordret i '{kilde.titel}' ({kilde.udgiver}); "
                    "ret det, så det svarer til kilden")))
    return problems
