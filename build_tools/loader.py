"""Read content/ into typed models, keeping the line of every field for error messages.

The files are found (discover: known folders, no symbolic links, names a file share can hold)
and read safely (read_text: a regular file within the limits, UTF-8, no control characters);
their YAML is read by yaml_safety.py and validated with Danish messages by messages.py. Every
problem is collected; nothing is raised until the caller asks.
"""

from __future__ import annotations

import os
import posixpath
import re
import stat
from pathlib import Path
from typing import Any

from build_tools import cache
from build_tools.items import Item, Loaded, Loc, SourceFile, line_for
from build_tools.messages import field_name, validate
from build_tools.problems import Problem, display_path
from build_tools.registry import TYPES
from build_tools.yaml_safety import MAX_DEPTH, parse_yaml

YAML_SUFFIXES = (".yml", ".yaml")
MAX_FILE_BYTES = 1_000_000
"""A content file is text an editor wrote: the largest is about 20 KB. A 50 MB file made a build
take 6 GB of memory and five minutes."""
MAX_BRACKETS = 2_000
"""'[' in one file. Python-Markdown's link search is quadratic in unclosed brackets: 40 KB of
'[' took a build 343 s; the content has at most 42 in a file."""
IGNORED_NAMES = {"README.md", ".gitkeep"}


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
        return _bracket_problem(data, display, line_for(lines, loc), field_name(loc))
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
