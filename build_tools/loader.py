"""Read content/ into typed models, keeping the line of every field for error messages.

YAML is read safely: no tags, no anchors or aliases (so no alias bombs), no duplicate keys.
Every problem is collected; nothing is raised until the caller asks.
"""

from __future__ import annotations

import calendar
import difflib
import os
import posixpath
import re
import stat
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from build_tools import cache
from build_tools.model import FieldError, Indhold
from build_tools.problems import Problem, display_path
from build_tools.registry import TYPES

YAML_SUFFIXES = (".yml", ".yaml")
MAX_FILE_BYTES = 1_000_000
"""A content file is text an editor wrote: the largest is about 20 KB. A 50 MB file made a build
take 6 GB of memory and five minutes."""
MAX_DEPTH = 20
"""Lists and groups inside each other (YAML), and '[' inside each other (Markdown). The content
needs about 4; deep nesting crashed the parsers (a traceback at 1,000, a segfault at 30,000)."""
MAX_BRACKETS = 2_000
"""'[' in one file. Python-Markdown's link search is quadratic in unclosed brackets: 40 KB of
'[' took a build 343 s; the content has at most 42 in a file."""
IGNORED_NAMES = {"README.md", ".gitkeep"}

Loc = tuple[str | int, ...]

# libyaml is about 30 times faster than the pure-Python parser; the wheels ship it.
SafeLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass
class SourceFile:
    """A file under content/, as text when it could be decoded."""

    path: Path
    display: str
    text: str | None = None
    relative: str = ""
    """The path below the content folder, with '/' (`sider/jura/index.md`): what the file's
    page address is made from, whatever folders the checkout itself lies in."""


@dataclass
class Item:
    """One valid content item, where it came from, and the line of each of its fields."""

    kind: str
    model: Indhold
    source: SourceFile
    lines: dict[Loc, int] = field(default_factory=dict)

    @property
    def id(self) -> str:
        return self.model.id

    def line(self, loc: Loc) -> int:
        """The line of the field at `loc`, or of its nearest parent that has one."""
        return _line_for(self.lines, loc)


@dataclass
class Loaded:
    """Everything read from content/: valid items per type, every file, every problem."""

    root: Path
    items: dict[str, dict[str, Item]]
    files: list[SourceFile]
    problems: list[Problem]
    failed: dict[str, set[str]] = field(default_factory=dict)
    warnings: list[Problem] = field(default_factory=list)
    """What the check warns about (the content is valid; see checks.check)."""
    """Type → stems of files that exist but have errors: references to them are not reported
    as missing, since the file's own errors already are."""


# --- YAML ----------------------------------------------------------------------------------------

_YAML_PROBLEMS = {
    # PyYAML's and libyaml's wording of the same problems
    "mapping values are not allowed": (
        "et kolon står et sted, hvor det ikke må; sæt teksten i anførselstegn, "
        "hvis den indeholder ': '"
    ),
    "could not find expected ':'": "mangler ':' efter et feltnavn",
    "did not find expected key": "forkert indrykning: forventede et nyt felt på dette niveau",
    "did not find expected '-' indicator": "forkert indrykning i en liste",
    "found character that cannot start any token": "et tegn, der ikke må stå her",
    "found unexpected end of stream": (
        "filen slutter midt i en tekst; mangler der et afsluttende anførselstegn?"
    ),
    "expected <block end>, but found": "forkert indrykning",
    "did not find expected node content": "mangler en værdi efter feltnavnet eller '-'",
    "did not find expected ',' or ']'": "en liste i [ ] mangler ']' til sidst (eller et komma)",
    "did not find expected ',' or '}'": "en gruppe i { } mangler '}' til sidst (eller et komma)",
    "found undefined tag handle": "YAML-mærker (!navn) er ikke tilladt",
    "found unexpected ':'": "et kolon står et sted, hvor det ikke må",
    "found undefined alias": "YAML-aliasser (*navn) er ikke tilladt",
    "could not determine a constructor for the tag 'tag:yaml.org,2002:merge'": (
        "'<<' (felter flettet ind fra et andet sted) er ikke tilladt; skriv felterne ud"),
    "could not determine a constructor for the tag": "YAML-mærker (!navn) er ikke tilladt",
}


def _yaml_problem(exc: yaml.MarkedYAMLError) -> str:
    text = exc.problem or str(exc)
    for english, danish in _YAML_PROBLEMS.items():
        if text.startswith(english):
            return danish
    return ("YAML-syntaksfejl: linjen kan ikke læses; tjek indrykning, kolon og "
            "anførselstegn her og på linjen før")


STR_TAG = "tag:yaml.org,2002:str"
RISKY = re.compile(r"[&*!]|^(---|\.\.\.)", re.MULTILINE)
"""Characters without which a text holds no anchor (&), alias (*), tag (!) or second document."""


def _line_for(lines: dict[Loc, int], loc: Loc) -> int:
    while loc:
        if loc in lines:
            return lines[loc]
        loc = loc[:-1]
    return lines.get((), 1)


def _scan_events(text: str, display: str, offset: int) -> list[Problem]:
    """Reject what a content file never needs and a hostile one might use: tags, anchors,
    aliases, several documents. Scanning events does not expand aliases, so an alias bomb is
    rejected in milliseconds. Anchors and aliases are reported once per file."""
    problems: list[Problem] = []
    documents = 0
    references: list[int] = []
    for event in yaml.parse(text, Loader=SafeLoader):
        line = _line_of(event) + offset
        if isinstance(event, yaml.DocumentStartEvent):
            documents += 1
            if documents == 2:
                problems.append(
                    Problem(display, line, "", "filen må kun indeholde ét YAML-dokument (én '---')")
                )
        elif isinstance(event, yaml.AliasEvent):
            references.append(line)
        elif isinstance(event, (yaml.ScalarEvent, yaml.CollectionStartEvent)):
            if event.anchor is not None:
                references.append(line)
            if event.tag is not None and event.tag != "!":
                tag = event.tag.replace("tag:yaml.org,2002:", "!!")
                problems.append(
                    Problem(display, line, "",
                            f"YAML-mærket '{tag}' er ikke tilladt; skriv værdien uden mærke")
                )
    if references:
        problems.append(
            Problem(display, references[0], "",
                    f"YAML-ankre og -aliasser (&navn, *navn) er ikke tilladt; skriv værdierne ud "
                    f"({len(references)} steder i filen, det første her)")
        )
    return problems


def _to_python(
    node: yaml.Node,
    loader: yaml.SafeLoader,
    loc: Loc,
    lines: dict[Loc, int],
    problems: list[Problem],
    display: str,
    offset: int,
) -> Any:
    lines.setdefault(loc, node.start_mark.line + 1 + offset)
    if isinstance(node, yaml.MappingNode):
        result: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            # Field names are plain strings: skip the constructor machinery for them too.
            key = (key_node.value if key_node.tag == STR_TAG
                   else loader.construct_object(key_node, deep=True))
            if not isinstance(key, str):
                key = str(key)
            key_line = key_node.start_mark.line + 1 + offset
            if key in result:
                problems.append(
                    Problem(display, key_line, field_name(loc + (key,)),
                            "feltet står to gange; slet det ene")
                )
                continue
            lines[loc + (key,)] = key_line
            result[key] = _to_python(
                value_node, loader, loc + (key,), lines, problems, display, offset
            )
        return result
    if isinstance(node, yaml.SequenceNode):
        items = []
        for index, item_node in enumerate(node.value):
            lines[loc + (index,)] = item_node.start_mark.line + 1 + offset
            items.append(
                _to_python(item_node, loader, loc + (index,), lines, problems, display, offset)
            )
        return items
    if node.tag == STR_TAG:
        return node.value  # most values: skip the constructor machinery
    try:
        return loader.yaml_constructors[node.tag](loader, node)
    except ValueError:  # 2027-02-30 looks like a date to YAML, and is not one
        problems.append(Problem(display, node.start_mark.line + 1 + offset, field_name(loc),
                                _impossible_date(str(node.value))))
        return str(node.value)


def _yaml_depth(text: str, display: str, offset: int) -> Problem | None:
    """Lists and groups nested deeper than MAX_DEPTH (the parsers recurse and crash on very deep
    nesting). Counted from the parser's events, which do not recurse; only done when a cheap
    upper bound on the depth exceeds the limit."""
    prefix = max((len(line) - len(line.lstrip(" -?:")) for line in text.splitlines()),
                 default=0)
    if prefix + text.count("[") + text.count("{") <= MAX_DEPTH:
        return None
    depth = 0
    try:
        for event in yaml.parse(text, Loader=SafeLoader):
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > MAX_DEPTH:
                    return Problem(display, _line_of(event) + offset, "",
                                   f"lister og grupper står mere end {MAX_DEPTH} lag inde i "
                                   "hinanden; skriv indholdet fladere")
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
    except yaml.YAMLError:
        return None  # the parser reports the syntax error itself
    return None


ODD_SPACES = "\u00a0\u2007\u202f\u2009\u200a\u2002\u2003\u3000"
"""Spaces a word processor pastes that look like ordinary ones (non-breaking and thin)."""
KEY_THEN_ODD_SPACE = re.compile(rf"^[ -]*([A-Za-z_][A-Za-z0-9_]*):([{ODD_SPACES}])")
CURLY = "\u201c\u201d\u201e\u2018\u2019\u00ab\u00bb"
VALUE = re.compile(r"^[ -]*([A-Za-z_][A-Za-z0-9_]*): (.*)$")


def _pasted(text: str, display: str, offset: int) -> list[Problem]:
    """What text pasted from Word does to YAML, named as such with its column: tabs and
    non-breaking spaces in the indentation, a non-breaking space after a field's colon."""
    problems: list[Problem] = []
    if "\t" not in text and not any(space in text for space in ODD_SPACES):
        return problems  # nothing pasted (the common case): no line-by-line scan
    for number, line in enumerate(text.splitlines(), start=1):
        indent = line[: len(line) - len(line.lstrip(" \t" + ODD_SPACES))]
        for column, char in enumerate(indent, start=1):
            if char == "\t":
                problems.append(Problem(display, number + offset, "", f"tabulatortegn i "
                                        f"indrykningen (kolonne {column}); YAML kræver mellemrum"))
                break
            if char in ODD_SPACES:
                problems.append(Problem(
                    display, number + offset, "", f"hårdt mellemrum i indrykningen (kolonne "
                    f"{column}), typisk kopieret fra Word; skriv almindelige mellemrum"))
                break
        else:
            match = KEY_THEN_ODD_SPACE.match(line)
            if match:
                problems.append(Problem(
                    display, number + offset, match.group(1), f"hårdt mellemrum efter kolonet "
                    f"(kolonne {match.end()}), typisk kopieret fra Word; skriv et almindeligt "
                    "mellemrum"))
    return problems


def _explain(exc: yaml.MarkedYAMLError, text: str) -> tuple[int, str] | None:
    """A plainer cause for a syntax error novices make: curly quotes, a quote inside quotes,
    a field name without its colon. Returns (0-based line, message) or None."""
    mark = exc.problem_mark or exc.context_mark
    if mark is None:
        return None
    lines = text.splitlines()
    start = exc.context_mark.line if exc.context_mark else mark.line
    for number in range(max(0, min(start, mark.line) - 1), min(len(lines), mark.line + 1)):
        line = lines[number]
        value = VALUE.match(line)
        if value and value.group(2)[:1] in CURLY:
            return number, (f"teksten i '{value.group(1)}' står i krumme anførselstegn "
                            f"({value.group(2)[0]}…), typisk fra Word; YAML kender kun "
                            'almindelige "…"; skriv dem, eller fjern dem')
        if value and value.group(2).startswith('"'):
            inner = value.group(2).rstrip()
            if inner.count('"') - inner.count('\\"') > 2:
                return number, (f"teksten i '{value.group(1)}' står i \"…\" og indeholder selv "
                                '"; brug »…« inde i teksten, eller sæt hele teksten i \'…\'')
    # A list item's first field without its colon ("- titel Tekst"): the next field is then
    # "not allowed" where the parser stands.
    field = re.match(r"^( *)[A-Za-z_][A-Za-z0-9_]*:", lines[mark.line]) if mark.line < len(
        lines) else None
    item = re.match(r"^( *- +)([A-Za-z_][A-Za-z0-9_]*) +\S", lines[mark.line - 1]) if (
        field and mark.line > 0) else None
    if field and item and len(item.group(1)) == len(field.group(1)) and ":" not in (
            lines[mark.line - 1]):
        return mark.line - 1, f"mangler ':' efter feltnavnet '{item.group(2)}'"
    # A field name without its colon: a bare word where a field or a list item belongs.
    for number in range(max(0, mark.line - 1), min(len(lines), mark.line + 1)):
        bare = re.match(r"^( *)([A-Za-z_][A-Za-z0-9_]*)( +\S.*)?$", lines[number])
        if bare and ":" not in lines[number] and (number == 0 or lines[number - 1].strip()):
            return number, f"mangler ':' efter feltnavnet '{bare.group(2)}'"
    return None


MONTH_NAMES = ("januar", "februar", "marts", "april", "maj", "juni", "juli", "august",
               "september", "oktober", "november", "december")


def _impossible_date(value: str) -> str:
    """Why a date that looks like ÅÅÅÅ-MM-DD is not a date, in Danish."""
    match = re.match(r"\s*(\d{4})-(\d{1,2})-(\d{1,2})", value)
    if not match:
        return f"'{value}' er ikke en dato; skriv den som ÅÅÅÅ-MM-DD, fx 2026-11-23"
    year, month, day = (int(part) for part in match.groups())
    if year < 1:
        return f"'{value}': år {year:04d} findes ikke; skriv datoen som ÅÅÅÅ-MM-DD, fx 2026-11-23"
    if not 1 <= month <= 12:
        return (f"'{value}': måned {month} findes ikke; skriv datoen som ÅÅÅÅ-MM-DD, "
                "fx 2026-11-23")
    days = calendar.monthrange(year, month)[1]
    return (f"'{value}': {MONTH_NAMES[month - 1]} {year} har ikke {day} dage "
            f"(kun {days}); ret datoen")


def parse_yaml(
    text: str, display: str, offset: int = 0
) -> tuple[Any, dict[Loc, int], list[Problem]]:
    """Parse one YAML document safely. Returns (data, line of each field, problems)."""
    problems = _pasted(text, display, offset)
    if problems:
        return None, {}, problems
    problem = _yaml_depth(text, display, offset)
    if problem:
        return None, {}, [problem]
    try:
        # The event scan only matters where an anchor, alias, tag or second document could be.
        problems = _scan_events(text, display, offset) if RISKY.search(text) else []
        if problems:
            return None, {}, problems
        loader = SafeLoader(text)
        try:
            node = loader.get_single_node()
            if node is None:
                return None, {}, []
            lines: dict[Loc, int] = {}
            data = _to_python(node, loader, (), lines, problems, display, offset)
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as exc:
        explained = _explain(exc, text)
        if explained:
            return None, {}, [Problem(display, explained[0] + 1 + offset, "", explained[1])]
        mark = exc.problem_mark or exc.context_mark
        line = (mark.line + 1 if mark else 1) + offset
        return None, {}, [Problem(display, line, "", _yaml_problem(exc))]
    except yaml.YAMLError as exc:
        return None, {}, [Problem(display, 1 + offset, "", f"YAML-fejl ({exc})")]
    return data, lines, problems


# --- validation messages -------------------------------------------------------------------------


def field_name(loc: Loc) -> str:
    """A field path as editors count: `niveauer[2].tegn` is the second level's signs."""
    name = ""
    for part in loc:
        if isinstance(part, int):
            name += f"[{part + 1}]"
        else:
            name += f".{part}" if name else str(part)
    return name


def _describe(value: Any) -> str:
    if value is None:
        return "ingenting"
    if isinstance(value, bool):
        return "ja" if value else "nej"
    if isinstance(value, dict):
        return "en gruppe af felter"
    if isinstance(value, list):
        return "en liste"
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if isinstance(value, str):
        short = value if len(value) <= 40 else value[:37] + "..."
        return f"'{short}'"
    return str(value)


def _allowed_fields(model: type[BaseModel], loc: Loc) -> list[str]:
    """The field names allowed at `loc` inside `model` (for 'did you mean')."""
    current: Any = model
    for part in loc:
        if isinstance(part, int):
            continue
        fields = getattr(current, "model_fields", None)
        if not fields or part not in fields:
            return []
        current = _model_in(fields[part].annotation)
        if current is None:
            return []
    return list(getattr(current, "model_fields", {}))


def _model_in(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()):
        found = _model_in(arg)
        if found is not None:
            return found
    return None


def _line_of(event: yaml.Event) -> int:
    """An event's 1-based line (libyaml always sets its mark; 1 if not)."""
    mark = event.start_mark
    return mark.line + 1 if mark is not None else 1


def _message(error: ErrorDetails, model: type[BaseModel], loc: Loc) -> tuple[Loc, str]:
    """Danish text for one pydantic error, and the location it belongs to."""
    kind = error["type"]
    value = error.get("input")
    ctx = error.get("ctx") or {}
    if kind == "missing":
        return loc, "mangler; feltet skal udfyldes"
    if kind == "extra_forbidden":
        name = str(loc[-1])
        close = difflib.get_close_matches(name, _allowed_fields(model, loc[:-1]), n=1, cutoff=0.6)
        hint = f" (mente du '{close[0]}'?)" if close else ""
        return loc, f"ukendt felt{hint}"
    if kind == "value_error" and isinstance(ctx.get("error"), FieldError):
        exc: FieldError = ctx["error"]
        return loc + (exc.field,), exc.message
    if kind == "value_error":
        return loc, str(ctx.get("error", error["msg"]))
    if kind in ("string_type",):
        if isinstance(value, dict) and len(value) == 1:
            # `- Vigtigt: tal med din leder` is read as a field named "Vigtigt"
            return loc, ("teksten indeholder ': ' og blev læst som et felt; sæt hele teksten i "
                         "anførselstegn")
        return loc, f"forventede en tekst, fik {_describe(value)}"
    if kind == "string_too_short":
        return loc, "må ikke være tom"
    if kind == "string_pattern_mismatch":
        return loc, (
            f"{_describe(value)} er ikke et gyldigt id; brug små bogstaver a-z, tal og "
            "bindestreg (ikke æ, ø, å eller mellemrum)"
        )
    if kind in ("int_type", "int_parsing", "int_from_float"):
        return loc, f"forventede et heltal, fik {_describe(value)}"
    if kind in ("greater_than_equal", "greater_than"):
        return loc, f"skal være mindst {ctx.get('ge', ctx.get('gt'))}, fik {_describe(value)}"
    if kind in ("less_than_equal", "less_than"):
        return loc, f"må højst være {ctx.get('le', ctx.get('lt'))}, fik {_describe(value)}"
    if kind.startswith("date_") or kind.startswith("datetime_"):
        return loc, f"forventede en dato som ÅÅÅÅ-MM-DD, fik {_describe(value)}"
    if kind in ("bool_type", "bool_parsing"):
        return loc, f"forventede ja eller nej, fik {_describe(value)}"
    if kind == "literal_error":
        allowed = ctx.get("expected", "")
        allowed = allowed.replace(" or ", " eller ")
        return loc, f"ugyldig værdi {_describe(value)}; tilladte værdier: {allowed}"
    if kind == "list_type":
        return loc, f"forventede en liste (linjer der starter med '- '), fik {_describe(value)}"
    if kind == "too_short":
        return loc, f"skal have mindst {ctx.get('min_length', 1)} punkt(er)"
    if kind in ("model_type", "dict_type", "model_attributes_type"):
        return loc, f"forventede en gruppe af felter (navn: værdi), fik {_describe(value)}"
    return loc, f"ugyldig værdi {_describe(value)} ({error['msg']})"


def validate(
    model: type[Indhold], data: Any, lines: dict[Loc, int], display: str
) -> tuple[Indhold | None, list[Problem]]:
    """Validate parsed data against a model; translate every error to a Danish problem."""
    if not isinstance(data, dict):
        return None, [
            Problem(display, _line_for(lines, ()), "",
                    f"forventede felter (navn: værdi) øverst i filen, fik {_describe(data)}")
        ]
    try:
        return model.model_validate(data), []
    except ValidationError as exc:
        problems = []
        errors = exc.errors(include_url=False)
        for error in errors:
            loc = tuple(error["loc"])
            if error["type"] == "missing" and _misspelt(loc, errors, model):
                continue  # "ukendt felt 'maalgrupe' (mente du 'maalgruppe'?)" says it all
            loc, message = _message(error, model, loc)
            problems.append(Problem(display, _line_for(lines, loc), field_name(loc), message))
        return None, problems


def _misspelt(loc: Loc, errors: list[Any], model: type[BaseModel]) -> bool:
    """True when a missing field is the suggestion for an unknown field beside it."""
    for other in errors:
        other_loc = tuple(other["loc"])
        if other["type"] != "extra_forbidden" or other_loc[:-1] != loc[:-1]:
            continue
        allowed = _allowed_fields(model, other_loc[:-1])
        close = difflib.get_close_matches(str(other_loc[-1]), allowed, n=1, cutoff=0.6)
        if close and close[0] == loc[-1]:
            return True
    return False


# --- files ---------------------------------------------------------------------------------------


NOT_REGULAR = "filen er ikke en almindelig fil; kun almindelige filer i content/ læses. Slet den"
SYMLINK = ("{what} er et symbolsk link; kun filer og mapper, der ligger i content/, læses. Slet "
           "linket, og læg selve {what} her")


CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
"""Control characters (NUL, escape, …) and bidi overrides: invisible in an editor, never part of
a text, and able to make a file read differently from how it looks."""


def _size(size: int) -> str:
    if size % 1_000_000 == 0:
        return f"{size // 1_000_000} MB"
    if size >= 1_000_000:
        return f"{size / 1_000_000:.1f} MB".replace(".", ",")
    return f"{size / 1000:.0f} KB"


def _legacy_char(byte: int) -> str:
    """The character a stray byte most likely is (Windows-1252, as Danish Windows saves)."""
    try:
        char = bytes([byte]).decode("cp1252")
    except UnicodeDecodeError:
        return f"et tegn (byte 0x{byte:02x})"
    return f"tegnet '{char}'" if char.isprintable() else f"et tegn (byte 0x{byte:02x})"


def read_text(path: Path, display: str) -> tuple[str | None, list[Problem]]:
    """The file's text, read only if it is a regular file (never through a symbolic link) of
    at most MAX_FILE_BYTES, decoded, without control characters and not nested too deep."""
    try:
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    except OSError:
        return None, [Problem(display, 1, "", NOT_REGULAR)]
    with os.fdopen(descriptor, "rb") as handle:
        status = os.fstat(handle.fileno())
        if not stat.S_ISREG(status.st_mode):
            return None, [Problem(display, 1, "", NOT_REGULAR)]
        if status.st_size > MAX_FILE_BYTES:
            return None, [
                Problem(display, 1, "", f"filen er for stor ({_size(status.st_size)}); en "
                        f"indholdsfil må højst fylde {_size(MAX_FILE_BYTES)}. Del den op")
            ]
        raw = handle.read(MAX_FILE_BYTES + 1)
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\x00" in raw[:64]:
        return None, [Problem(display, 1, "", (
            "filen er gemt som UTF-16 (Unicode); gem den som UTF-8 i din editor (i Notesblok: "
            "Gem som → Kodning: UTF-8)"))]
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        byte = raw[exc.start]
        return None, [
            Problem(display, line, "", f"filen er ikke gemt som UTF-8: {_legacy_char(byte)} er "
                    "gemt i et ældre tegnsæt; gem filen som UTF-8 i din editor (i Notesblok: "
                    "Gem som → Kodning: UTF-8)")
        ]
    if not text.strip():
        return None, [Problem(display, 1, "", "filen er tom")]
    control = CONTROL.search(text)
    if control:
        line = text.count("\n", 0, control.start()) + 1
        return None, [
            Problem(display, line, "", f"usynligt kontroltegn (U+{ord(control.group()):04X}) i "
                    "teksten; slet det (det kan ikke ses i de fleste editorer)")
        ]
    count = text.count("[")
    if count > MAX_BRACKETS:
        return None, [
            Problem(display, 1, "", f"filen har {count} '['; højst {MAX_BRACKETS} pr. fil (så "
                    "mange kan Markdown ikke læse på rimelig tid)")
        ]
    if path.suffix == ".md":
        problem = _bracket_problem(text, display, 0)
        if problem:
            return None, [problem]
    return text, []


MAX_INDENT = 4 * MAX_DEPTH
"""Columns a Markdown line may be indented: lists inside lists, 4 columns a level. Python-Markdown
recurses per level and fails at a few hundred."""


def _bracket_problem(text: str, display: str, first_line: int, field: str = "") -> Problem | None:
    """'[' nested deeper than MAX_DEPTH (Markdown's link search takes minutes on long runs), or
    a line indented more than MAX_INDENT columns (lists nested too deep)."""
    start = 0 if first_line else 1
    for number, line in enumerate(text.splitlines()):
        if len(line) > MAX_INDENT and len(line) - len(line.lstrip()) > MAX_INDENT:
            if len(line.expandtabs(4)) - len(line.expandtabs(4).lstrip()) > MAX_INDENT:
                return Problem(display, first_line + start + number, field,
                               f"linjen er rykket mere end {MAX_INDENT} tegn ind (lister i "
                               f"lister i mere end {MAX_DEPTH} lag); skriv den fladere")
    if text.count("[") <= MAX_DEPTH:
        return None
    depth = 0
    escaped = False
    for position, char in enumerate(text):
        if escaped:
            escaped = False
        elif char == "\\":
            escaped = True
        elif char == "[":
            depth += 1
            if depth > MAX_DEPTH:
                return Problem(display, first_line + start + text.count("\n", 0, position), field,
                               f"'[' står mere end {MAX_DEPTH} lag inde i hinanden; luk "
                               "dem med ']' eller skriv '\\['")
        elif char == "]":
            depth = max(0, depth - 1)
        elif char == "\n" and text.startswith("\n", position + 1):
            depth = 0  # a blank line ends every link
    return None


def _deep_brackets(data: Any, loc: Loc, lines: dict[Loc, int], display: str) -> Problem | None:
    """The first text value of a YAML file with '[' nested too deep (see _bracket_problem)."""
    if isinstance(data, str):
        return _bracket_problem(data, display, _line_for(lines, loc), field_name(loc))
    children = data.items() if isinstance(data, dict) else (
        enumerate(data) if isinstance(data, list) else ())
    for key, value in children:
        problem = _deep_brackets(value, loc + (key,), lines, display)
        if problem:
            return problem
    return None


def split_front_matter(text: str, display: str) -> tuple[str, str, int, list[Problem]]:
    """Split a Markdown page into (front matter, body, line where body starts, problems)."""
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].strip() != "---":
        return "", "", 0, [
            Problem(display, 1, "", "siden skal starte med metadata mellem to linjer med '---' "
                    "(id, titel, status …)")
        ]
    for index in range(1, len(lines)):
        if lines[index].strip() == "---":
            front = "".join(lines[1:index])
            body = "".join(lines[index + 1 :])
            return front, body, index + 1, []
    closing = "metadata øverst mangler den afsluttende linje '---'"
    return "", "", 0, [Problem(display, 1, "", closing)]


def load_item(kind: str, source: SourceFile) -> tuple[Item | None, list[Problem]]:
    """Parse and validate one file of the given content type."""
    model = TYPES[kind].model
    text = source.text
    assert text is not None
    display = source.display
    if TYPES[kind].markdown_files:
        front, body, body_line, problems = split_front_matter(text, display)
        if problems:
            return None, problems
        data, lines, problems = parse_yaml(front, display, offset=1)
        if problems:
            return None, problems
        if data is None:
            return None, [Problem(display, 1, "", "metadata øverst er tom")]
        if isinstance(data, dict):
            if "tekst" in data:
                return None, [Problem(display, lines[("tekst",)], "tekst",
                                      "skriv sidens tekst under metadata, ikke som et felt")]
            data["tekst"] = body
            lines[("tekst",)] = body_line + 1
            if not body.strip():
                return None, [Problem(display, body_line, "tekst",
                                      "siden har ingen tekst under metadata")]
    else:
        data, lines, problems = parse_yaml(text, display)
        if problems:
            return None, problems
        if data is None:
            return None, [Problem(display, 1, "", "filen indeholder ingen felter")]
        deep = _deep_brackets(data, (), lines, display)
        if deep:
            return None, [deep]
    parsed, problems = validate(model, data, lines, display)
    if parsed is None:
        return None, problems
    stem = source.path.stem
    if parsed.id != stem:
        return None, [
            Problem(display, lines.get(("id",), 1), "id",
                    f"'{parsed.id}' skal være det samme som filnavnet ('{stem}')")
        ]
    return Item(kind, parsed, source, lines), []


def _walk_files(root: Path) -> list[tuple[Path, bool]]:
    """Every entry under root that is not a folder, sorted, with whether it is a regular file.
    Symbolic links (to files or folders) are listed as not regular and never followed, so
    nothing outside content/ is read."""
    found: list[tuple[Path, bool]] = []
    for folder, dirs, files in os.walk(root, followlinks=False):
        here = Path(folder)
        for name in dirs:
            if (here / name).is_symlink():
                found.append((here / name, False))
        for name in files:
            path = here / name
            found.append((path, stat.S_ISREG(path.lstat().st_mode)))
    return sorted(found)


WINDOWS_RESERVED = re.compile(r"(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])(\..*)?", re.IGNORECASE)
"""Names Windows cannot hold (any extension): the offline zip is opened from a file share."""
WINDOWS_UNSAFE = re.compile(r'[<>:"|?*\\\x00-\x1f\x7f]|[. ]$')


def unsafe_names(root: Path) -> list[Problem]:
    """Names a file share cannot hold apart or at all: two names in one folder that differ
    only in case or Unicode normalisation ('Jura' and 'jura', 'å' composed and decomposed),
    Windows' reserved names (aux, con, nul …) and characters Windows refuses."""
    import unicodedata

    problems = []
    for folder, dirs, files in os.walk(root, followlinks=False):
        here = Path(folder)
        seen: dict[str, str] = {}
        for name in sorted(dirs + files):
            if name.startswith("."):
                continue
            key = unicodedata.normalize("NFC", name).casefold()
            if (key not in seen and not WINDOWS_RESERVED.fullmatch(name)
                    and not WINDOWS_UNSAFE.search(name)):
                seen[key] = name
                continue  # the usual case: nothing to say, no display name needed
            display = display_path(here / name, root.parent, follow=False)
            if key in seen:
                problems.append(Problem(display, 1, "", (
                    f"navnet ligner '{seen[key]}' i samme mappe (kun store/små bogstaver eller "
                    "tegnenes kodning er forskellig); på et fællesdrev bliver de én fil. Giv "
                    "den et andet navn")))
            else:
                seen[key] = name
            if WINDOWS_RESERVED.fullmatch(name):
                problems.append(Problem(display, 1, "", (
                    "navnet kan ikke bruges i Windows (reserveret navn); giv filen eller "
                    "mappen et andet navn")))
            elif WINDOWS_UNSAFE.search(name):
                problems.append(Problem(display, 1, "", (
                    "navnet har et tegn, Windows ikke tillader (< > : \" | ? * \\, et kontroltegn, "
                    "eller punktum eller mellemrum til sidst); giv filen eller mappen et andet "
                    "navn")))
    return problems


def discover(root: Path) -> tuple[list[tuple[str, SourceFile]], list[Problem]]:
    """Every content file under root with its type, and problems with the folder layout."""
    found: list[tuple[str, SourceFile]] = []
    problems: list[Problem] = []
    if not root.is_dir():
        return [], [Problem(display_path(root), 1, "", "mappen med indhold findes ikke")]
    problems += unsafe_names(root)
    folders: dict[Path, str] = {}  # display_path of each folder, resolved once per folder
    for path, regular in _walk_files(root):
        relative = path.relative_to(root)
        if path.parent not in folders:
            folders[path.parent] = display_path(path.parent / "_", root.parent, follow=False)
        display = posixpath.join(posixpath.dirname(folders[path.parent]), path.name)
        if path.name in IGNORED_NAMES and len(relative.parts) == 1:
            continue
        if path.name.startswith(".") or any(part.startswith(".") for part in relative.parts):
            continue
        if not regular:
            if path.is_symlink():
                what = "mappen" if path.is_dir() else "filen"
                problems.append(Problem(display, 1, "", SYMLINK.format(what=what)))
            else:
                problems.append(Problem(display, 1, "", NOT_REGULAR))
            continue
        kind = relative.parts[0] if len(relative.parts) > 1 else ""
        if kind not in TYPES:
            allowed = ", ".join(TYPES)
            problems.append(
                Problem(display, 1, "",
                        f"filen ligger ikke i en kendt mappe; brug en af: {allowed}")
            )
            continue
        markdown_files = TYPES[kind].markdown_files
        wanted = (".md",) if markdown_files else YAML_SUFFIXES
        if path.suffix not in wanted:
            ending = " eller ".join(wanted)
            problems.append(
                Problem(display, 1, "", f"filer i {kind}/ skal ende på {ending}")
            )
            continue
        if not markdown_files and len(relative.parts) > 2:
            problems.append(
                Problem(display, 1, "", f"filer i {kind}/ må ikke ligge i undermapper")
            )
            continue
        found.append((kind, SourceFile(path, display, relative=relative.as_posix())))
    return found, problems


def load(root: Path) -> Loaded:
    """Read every file under content/ and validate it; collect all problems."""
    files, problems = discover(root)
    items: dict[str, dict[str, Item]] = {kind: {} for kind in TYPES}
    failed: dict[str, set[str]] = {}
    for kind, source in files:
        source.text, read_problems = read_text(source.path, source.display)
        problems += read_problems
        if source.text is None:
            failed.setdefault(kind, set()).add(source.path.stem)
            continue
        item, item_problems = cache.load_item(kind, source, load_item)
        problems += item_problems
        if item is None:
            failed.setdefault(kind, set()).add(source.path.stem)
            continue
        key = source.path.relative_to(root / kind).with_suffix("").as_posix()
        if not TYPES[kind].markdown_files:
            key = item.id
        if key in items[kind]:
            first = items[kind][key]
            problems.append(
                Problem(source.display, item.line(("id",)), "id",
                        f"'{item.id}' bruges også af {first.source.display}")
            )
            continue
        items[kind][key] = item
    cache.forget_missing((kind, source.path.as_posix()) for kind, source in files)
    return Loaded(root, items, [source for _, source in files], problems, failed)
