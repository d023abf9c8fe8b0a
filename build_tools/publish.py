"""Publishing: a build's new site folder swapped in for the old one (`publish_build`, the last
step of every build, see build.py), and a built site published to a folder or a mounted share
(`handbook udgiv DEST`, `publish`).

A build writes into a temporary folder beside the site folder (claimed with a lock while it
runs, so a build beside it never takes it for a leftover) and exchanges it with the site folder
in one step where the system can; the folders killed builds left are removed.

DEST holds `aktuel/` (what the web server serves) and `forrige/` (the version before, for
rollback). A new version is copied in full into a temporary folder inside DEST first (same file
system, so it can be renamed), checked against the build, and only then put in place of
`aktuel/`: exchanged with it in one step where the system can (Linux renameat2), else by two
renames (a moment without `aktuel/`). The version it replaces becomes `forrige/`; the one before
that is removed. `handbook udgiv DEST --rul-tilbage` exchanges the two.

Nothing lost: a site that lacks a file of an edition (`udgaver/<dato>/…`) that the published
site has is refused, with one Danish line per edition.
"""

from __future__ import annotations

import fcntl
import os
import re
import shutil
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from build_tools.editions import FOLDER

CURRENT = "aktuel"
PREVIOUS = "forrige"
LOCK = ".udgiv.lock"
NEW_PREFIX = ".ny-"
EDITION_FOLDER = re.compile(r"\d{4}-\d{2}-\d{2}")


class PublishError(Exception):
    """Publishing was refused or failed; the published site is unchanged (Danish lines, the
    last one starting "Afbrudt:")."""


@dataclass
class Published:
    current: Path
    previous: Path | None
    files: int
    bytes: int
    atomic: bool
    """Whether the versions were exchanged in one step."""


@contextmanager
def locked(dest: Path) -> Iterator[None]:
    """One `udgiv` at a time per DEST."""
    with (dest / LOCK).open("w") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise PublishError(f"Afbrudt: {dest} er i brug af en anden udgivelse; prøv igen "
                               "om lidt.") from None
        yield


def edition_files(site: Path) -> dict[str, set[str]]:
    """Edition (its date) → the files of udgaver/<dato>/ in a site."""
    found: dict[str, set[str]] = {}
    root = site / FOLDER
    if not root.is_dir():
        return found
    for folder in sorted(root.iterdir()):
        if folder.is_dir() and EDITION_FOLDER.fullmatch(folder.name):
            found[folder.name] = {p.relative_to(folder).as_posix()
                                  for p in folder.rglob("*") if p.is_file()}
    return found


def lost_editions(published: Path, new: Path) -> list[str]:
    """Danish lines, one per edition of `published` that `new` lacks in whole or in part."""
    if not published.is_dir():
        return []
    before, after = edition_files(published), edition_files(new)
    lines = []
    for dato, files in before.items():
        missing = files - after.get(dato, set())
        if dato not in after:
            lines.append(f"{FOLDER}/{dato}/: udgaven findes på det offentliggjorte site, men "
                         "ikke i det nye (er tagget slettet, eller mangler Git-historikken?)")
        elif missing:
            example = sorted(missing)[0]
            lines.append(f"{FOLDER}/{dato}/: {len(missing)} filer fra det offentliggjorte site "
                         f"mangler i det nye (fx {example})")
    return lines


def _copy(site: Path, target: Path) -> tuple[int, int]:
    """Copy the site's files (not hidden ones) into `target`; (files, bytes)."""
    files = size = 0
    for path in sorted(site.rglob("*")):
        relative = path.relative_to(site)
        if any(part.startswith(".") for part in relative.parts):
            continue
        out = target / relative
        if path.is_dir():
            out.mkdir(exist_ok=True)
        elif path.is_file():
            out.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, out)
            files += 1
            size += out.stat().st_size
    return files, size


def _ordinary(folder: Path) -> None:
    """mkdtemp's folder is its owner's only; the web server must read the site."""
    mask = os.umask(0)
    os.umask(mask)
    folder.chmod(0o777 & ~mask)


def remove_leftovers(dest: Path) -> None:
    """Temporary folders of an `udgiv` that was killed before it finished."""
    for folder in dest.iterdir():
        if folder.name.startswith(NEW_PREFIX) and folder.is_dir() and not folder.is_symlink():
            shutil.rmtree(folder, ignore_errors=True)


def publish(site: Path, dest: Path) -> Published:
    """Put a copy of the built `site` in place as DEST/aktuel, keeping the previous version as
    DEST/forrige."""
    if not (site / "index.html").is_file():
        raise PublishError(f"Afbrudt: {site} er ikke et bygget site (index.html mangler); "
                           "kør handbook build først.")
    dest.mkdir(parents=True, exist_ok=True)
    current, previous = dest / CURRENT, dest / PREVIOUS
    for path in (current, previous):
        if path.is_symlink() or (path.exists() and not path.is_dir()):
            raise PublishError(f"Afbrudt: {path} er ikke en almindelig mappe (et link eller en "
                               "fil); udgiv skifter mapperne selv. Flyt den væk, og prøv igen.")
    with locked(dest):
        remove_leftovers(dest)
        lost = lost_editions(current, site)
        if lost:
            raise PublishError("\n".join(
                [*lost, "Afbrudt: en udgave må aldrig forsvinde fra det offentliggjorte site; "
                        "intet er ændret i " + str(dest) + "."]))
        new = Path(tempfile.mkdtemp(prefix=NEW_PREFIX, dir=dest))
        try:
            _ordinary(new)
            files, size = _copy(site, new)
            expected = sum(1 for p in site.rglob("*") if p.is_file() and not any(
                part.startswith(".") for part in p.relative_to(site).parts))
            if files != expected or not (new / "index.html").is_file():
                raise PublishError(f"Afbrudt: kopien i {new} er ufuldstændig ({files} af "
                                   f"{expected} filer); intet er ændret.")
            atomic = True
            if current.is_dir() and not current.is_symlink():
                atomic = exchange(new, current)
                if atomic:  # `new` now holds the version that was published
                    shutil.rmtree(previous, ignore_errors=True)
                    new.rename(previous)
                else:
                    shutil.rmtree(previous, ignore_errors=True)
                    current.rename(previous)
                    new.rename(current)
            else:
                new.rename(current)
        except BaseException:
            shutil.rmtree(new, ignore_errors=True)
            raise
    return Published(current, previous if previous.is_dir() else None, files, size, atomic)


def roll_back(dest: Path) -> list[str]:
    """Exchange DEST/aktuel and DEST/forrige (again: forward). Returns Danish warning lines for
    editions the version now served lacks."""
    current, previous = dest / CURRENT, dest / PREVIOUS
    if not previous.is_dir() or not current.is_dir():
        raise PublishError("Afbrudt: der er ingen tidligere version at rulle tilbage til i "
                           f"{dest}.")
    with locked(dest):
        warnings = lost_editions(current, previous)
        if not exchange(previous, current):
            parked = dest / ".rul-tilbage"  # not a leftover: never removed automatically
            current.rename(parked)
            previous.rename(current)
            parked.rename(previous)
    return warnings


# --- a build's site folder ----------------------------------------------------------------------


def publish_build(built: Path, target: Path) -> None:
    """Put `built` in place of `target` so that `target` always names a complete site.

    Where the system can exchange two folders atomically (Linux), it does, so a reader or web
    server never finds `target` missing; elsewhere two renames leave a moment without it. Then
    the previous site is removed, and so is every temporary folder a killed build left beside
    it (see claim())."""
    _release(built)
    if target.is_dir() and not target.is_symlink() and _exchange(built, target):
        shutil.rmtree(built, ignore_errors=True)  # `built` now holds the previous site
    else:
        old = target.with_name(f".{target.name}-old")
        if old.exists():
            shutil.rmtree(old)
        if target.exists():
            target.rename(old)
        built.rename(target)
        shutil.rmtree(old, ignore_errors=True)
    (target / LOCK_NAME).unlink(missing_ok=True)
    remove_build_leftovers(target)


LOCK_NAME = ".bygger"
"""A lock file inside a temporary site folder while its build runs. MkDocs leaves hidden files
in the site folder alone, so it survives the build; publish_build() removes it."""

_claims: dict[Path, object] = {}


def claim(folder: Path) -> None:
    """Mark a temporary site folder as in use by this process until publish_build() (an exclusive
    lock on a file inside it, released by the system if the process dies). Without a claim, a
    later build's publish_build() takes the folder for a leftover and removes it."""
    handle = (folder / LOCK_NAME).open("w")
    fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    _claims[folder.resolve()] = handle


def _release(folder: Path) -> None:
    handle = _claims.pop(folder.resolve(), None)
    if handle is not None:
        handle.close()  # type: ignore[attr-defined]


def _in_use(folder: Path) -> bool:
    """Whether a running build holds the folder's lock."""
    try:
        with (folder / LOCK_NAME).open("r") as handle:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                return True
    except OSError:
        return False  # no lock file: not claimed by a running build
    return False


def remove_build_leftovers(target: Path) -> list[str]:
    """Remove the temporary folders (`.site-XXXXXXXX`, `.site-old`) that builds killed before
    publishing left beside `target`, except those a running build has claimed. Each removal is
    one Danish line on stderr. Returns the removed folders' names."""
    pattern = re.compile(rf"\.{re.escape(target.name)}-(old|[A-Za-z0-9_]{{8}})")
    removed = []
    for folder in sorted(target.parent.iterdir()):
        if not pattern.fullmatch(folder.name) or folder.is_symlink() or not folder.is_dir():
            continue
        if _in_use(folder):
            continue
        shutil.rmtree(folder, ignore_errors=True)
        removed.append(folder.name)
        print(f"Fjernet: {folder.name} (en midlertidig mappe efterladt af en afbrudt bygning).",
              file=sys.stderr)
    return removed


def exchange(first: Path, second: Path) -> bool:
    """Swap two folders in one step where the system can (Linux); False, with nothing
    changed, where it cannot (`handbook udgiv` swaps published versions with it)."""
    return _exchange(first, second)


def _exchange(first: Path, second: Path) -> bool:
    """Swap two folders in one step (Linux renameat2 with RENAME_EXCHANGE). False where the
    system or file system cannot; nothing has changed then."""
    if not sys.platform.startswith("linux"):
        return False
    import ctypes

    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p,
                          ctypes.c_uint]
    at_fdcwd, rename_exchange = -100, 2
    result = renameat2(at_fdcwd, os.fsencode(first), at_fdcwd, os.fsencode(second),
                       rename_exchange)
    return bool(result == 0)
