"""Problems found in the content, and how editors read them.

One line per problem, in a form an editor's tool can jump to:
``content/indsatser/tvaersteam.yml:12: alder.fra: forventede et heltal, fik 'tre'``
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

UNPRINTABLE = re.compile(
    "[\x00-\x1f\x7f-\x9f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]")
"""Control, bidi and line-separating characters: a message is one line in a terminal or a CI
log, and a file name must not add lines, colours or log commands to it."""
LONG_QUOTE = re.compile(r"'([^'\s]{61,})'")


def printable(text: str) -> str:
    """The text with every control or invisible character shown as '?'."""
    return UNPRINTABLE.sub("?", text)


def _short(match: re.Match[str]) -> str:
    return f"'{match.group(1)[:57]}...'"


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with one file."""

    path: str
    line: int
    field: str
    message: str
    warning: bool = False
    """A warning is printed but stops nothing (e.g. a draft that names a withdrawn item)."""

    def __str__(self) -> str:
        where = f"{printable(self.path)}:{self.line}"
        message = LONG_QUOTE.sub(_short, printable(self.message))  # a quoted value stays short
        message = f"advarsel: {message}" if self.warning else message
        if self.field:
            return f"{where}: {printable(self.field)[:80]}: {message}"
        return f"{where}: {message}"


class ContentError(Exception):
    """The content has problems; nothing may be built from it."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(report(problems))
        self.problems = sorted(problems)


def display_path(path: Path, root: Path | None = None, follow: bool = True) -> str:
    """The path as an editor knows it: relative to the working directory when possible.

    With follow=False a symbolic link is named as itself, never by where it points (which
    could be anything on the machine)."""
    place = path.parent.resolve() / path.name if not follow else path.resolve()
    for base in (Path.cwd(), root):
        if base is None:
            continue
        try:
            return place.relative_to(base.resolve()).as_posix()
        except ValueError:
            continue
    return path.as_posix()


def summary(problems: list[Problem]) -> str:
    problems = [p for p in problems if not p.warning]
    files = len({p.path for p in problems})
    filer = "fil" if files == 1 else "filer"
    them = "fejlen" if len(problems) == 1 else "fejlene"
    return (f"Fandt {len(problems)} fejl i {files} {filer}. Ret {them}, og prøv igen; "
            "intet er bygget eller ændret.")


def report(problems: list[Problem]) -> str:
    """All problems, sorted, one per line, then the summary line."""
    lines = [str(p) for p in sorted(problems)]
    lines.append(summary(problems))
    return "\n".join(lines)
