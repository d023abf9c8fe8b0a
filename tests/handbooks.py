"""Test handbooks made from one base fixture plus overlays, always in a temporary folder.

The base is `tests/fixtures/handbook` (a small valid handbook: `content/` and a `mkdocs.yml`
that INHERITs the real one through `../../../`). A case folder (`fixtures/broken/<case>`,
`fixtures/hostile/<case>`) is an overlay on it:

- `content/`: files the case adds to the base content or replaces in it (same relative path);
- a broken case starts from the base's registers of sources and laws (`kilder/`, `love/`,
  BROKEN_BASE) and, if it has a `base.txt`, the base files that lists: one pattern a line
  (fnmatch on the path relative to `content/`, e.g. `ordliste/ordliste.yml`, `*` for all; a line
  starting with `!` leaves matching files out; `#` starts a comment). A hostile case starts from
  the whole base;
- every other file of the case folder (`expected.txt`, `args.txt`, a folder of source texts)
  is copied beside `content/` as it is.

Nothing is ever written under `tests/fixtures`: a test builds and checks the copy.

    .venv/bin/python tests/handbooks.py <broken case>

regenerates that case's expected.txt (the lines `handbook check` prints for it); review the diff.
"""

from __future__ import annotations

import fnmatch
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

TESTS = Path(__file__).resolve().parent
REPO = TESTS.parent
FIXTURES = TESTS / "fixtures"
BASE = FIXTURES / "handbook"
BROKEN = FIXTURES / "broken"
HOSTILE = FIXTURES / "hostile"


def project_config(target: Path, extra: str = "") -> Path:
    """The base fixture's mkdocs.yml at `target`, its relative paths made to reach the real
    theme and config from there; `extra` is appended (e.g. "strict: false\\n")."""
    config = (BASE / "mkdocs.yml").read_text(encoding="utf-8")
    target.mkdir(parents=True, exist_ok=True)
    path = target / "mkdocs.yml"
    path.write_text(config.replace("../../../", f"{REPO.as_posix()}/") + extra, encoding="utf-8")
    return path


def base_files(patterns: Sequence[str]) -> list[Path]:
    """The base content's files (relative paths) that `patterns` select, in order."""
    root = BASE / "content"
    chosen = []
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        name = path.relative_to(root).as_posix()
        keep = False
        for pattern in patterns:
            if pattern.startswith("!"):
                keep = keep and not fnmatch.fnmatchcase(name, pattern[1:])
            elif fnmatch.fnmatchcase(name, pattern):
                keep = True
        if keep:
            chosen.append(path.relative_to(root))
    return chosen


BROKEN_BASE = ["kilder/*", "love/*"]
"""What every broken case starts from: the registers of sources and laws."""


def read_patterns(case: Path) -> list[str]:
    """The base files a broken case starts from: BROKEN_BASE and its base.txt's patterns."""
    listing = case / "base.txt"
    if not listing.is_file():
        return list(BROKEN_BASE)
    lines = (line.split("#", 1)[0].strip() for line in listing.read_text("utf-8").splitlines())
    return [*BROKEN_BASE, *(line for line in lines if line)]


def compose(target: Path, overlays: Sequence[Path] = (), base: Sequence[str] = ("*",),
            config: bool = True, extra_config: str = "") -> Path:
    """A handbook at `target`: the base content's files chosen by `base`, then each overlay's
    `content/` on top (adds or replaces files), and (with `config`) the project's mkdocs.yml.
    Returns `target`."""
    content = target / "content"
    content.mkdir(parents=True, exist_ok=True)
    for relative in base_files(base):
        (content / relative).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(BASE / "content" / relative, content / relative)
    for overlay in overlays:
        if (overlay / "content").is_dir():
            shutil.copytree(overlay / "content", content, dirs_exist_ok=True, symlinks=True)
    if config:
        project_config(target, extra_config)
    return target


def handbook(target: Path, extra_config: str = "") -> Path:
    """A writable copy of the base fixture handbook at `target`."""
    return compose(target, extra_config=extra_config)


def hostile(target: Path, cases: list[str], extra_config: str = "") -> Path:
    """The base handbook with the given hostile cases added, at `target`."""
    return compose(target, [HOSTILE / case for case in cases], extra_config=extra_config)


def broken(target: Path, case: str) -> Path:
    """The broken case's folder, made whole at `target`/<case>: its base files and overlay as
    `content/`, its other files (expected.txt, args.txt, source texts) beside it."""
    source = BROKEN / case
    folder = target / case
    folder.mkdir(parents=True)
    for entry in source.iterdir():
        if entry.name in ("content", "base.txt"):
            continue
        if entry.is_dir():
            shutil.copytree(entry, folder / entry.name, symlinks=True)
        else:
            shutil.copy2(entry, folder / entry.name)
    compose(folder, [source], base=read_patterns(source), config=False)
    return folder


def check_args(case: Path) -> list[str]:
    """The extra `handbook check` arguments a case needs (args.txt, e.g. a source-text folder)."""
    args = case / "args.txt"
    return args.read_text(encoding="utf-8").split() if args.is_file() else []


def _regenerate(case: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = broken(Path(tmp), case)
        done = subprocess.run(
            [sys.executable, "-m", "build_tools.cli", "check", "--content", "content",
             *check_args(folder)],
            cwd=folder, env={**os.environ, "PYTHONPATH": str(REPO)},
            capture_output=True, text=True, check=False,
        )
    (BROKEN / case / "expected.txt").write_text(done.stderr, encoding="utf-8")
    print(f"{case}: exit {done.returncode}, {len(done.stderr.splitlines())} lines written")


if __name__ == "__main__":
    for name in sys.argv[1:]:
        _regenerate(name)
