"""What the load phase hands on: a content file (`SourceFile`), a valid item (`Item`), and
everything read from content/ (`Loaded`). Below the loader and the registry, so both, and every
later phase, import these types from here (nothing here imports a phase)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from build_tools.model import Indhold
from build_tools.problems import Problem

Loc = tuple[str | int, ...]
"""A field's place in an item: `("niveauer", 1, "tegn")` is the second level's signs."""


def line_for(lines: dict[Loc, int], loc: Loc) -> int:
    """The line of the field at `loc`, or of its nearest parent that has one."""
    while loc:
        if loc in lines:
            return lines[loc]
        loc = loc[:-1]
    return lines.get((), 1)


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
        return line_for(self.lines, loc)


@dataclass
class Loaded:
    """Everything read from content/: valid items per type, every file, every problem."""

    root: Path
    items: dict[str, dict[str, Item]]
    files: list[SourceFile]
    problems: list[Problem]
    failed: dict[str, set[str]] = field(default_factory=dict)
    """Type → stems of files that exist but have errors: references to them are not reported
    as missing, since the file's own errors already are."""
    warnings: list[Problem] = field(default_factory=list)
    """What the check warns about (the content is valid; see checks.check)."""
