"""The order of a build. Every entry point (CLI, MkDocs plugin, tests) calls these functions.

load → check → render → MkDocs site in a temporary folder → swap into place.
A build with errors publishes nothing: the previous site stays untouched.
"""

from __future__ import annotations

import logging
import os
import shutil
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from build_tools.checks import check
from build_tools.loader import Loaded, load
from build_tools.problems import ContentError
from build_tools.render import Site, render_site

os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")


@dataclass
class Handbook:
    """Content that has passed every check, and the pages made from it."""

    loaded: Loaded
    site: Site


_last_checked: tuple[tuple[object, ...], Loaded] | None = None
"""The most recent valid content: one `handbook build` reads it for the check, the MkDocs
plugin and the PDFs; it is read again only when a file changed."""


def _fingerprint(content_dir: Path) -> tuple[object, ...]:
    """Every file's path, size and modification time (and the working directory, which the
    error paths are relative to)."""
    stats = []
    for path in sorted(content_dir.rglob("*")):
        if path.is_file():
            stat = path.stat()
            stats.append((path.as_posix(), stat.st_size, stat.st_mtime_ns))
    return (str(Path.cwd()), str(content_dir.resolve()), tuple(stats))


def load_checked(content_dir: Path) -> Loaded:
    """Load and check the content; raise ContentError listing every problem."""
    global _last_checked
    key = _fingerprint(content_dir)
    if _last_checked is not None and _last_checked[0] == key:
        return _last_checked[1]
    loaded = load(content_dir)
    problems = check(loaded)
    if problems:
        raise ContentError(problems)
    _last_checked = (key, loaded)
    return loaded


HIDE_DRAFTS_ENV = "HANDBOOK_HIDE_DRAFTS"
"""Set to 1 (by `handbook build --hide-drafts`) to leave every `udkast` out of the site."""


CONTENT_DIR_ENV = "HANDBOOK_CONTENT_DIR"
"""Set by `handbook build --content DIR`: the plugin builds from DIR instead of mkdocs.yml's."""

EDIT_URL_ENV = "HANDBOOK_EDIT_URL"
"""Where content files are edited, e.g. https://github.com/ORG/REPO/edit/main/ (the file's
path is appended). Unset: pages have no 'Rediger denne side' link."""


def generate(
    content_dir: Path, hide_drafts: bool | None = None, edit_base: str | None = None
) -> Handbook:
    """Load, check and render the handbook (no MkDocs involved)."""
    if hide_drafts is None:
        hide_drafts = os.environ.get(HIDE_DRAFTS_ENV) == "1"
    if edit_base is None:
        edit_base = os.environ.get(EDIT_URL_ENV, "")
    if edit_base and not edit_base.endswith("/"):
        edit_base += "/"
    loaded = load_checked(content_dir)
    return Handbook(loaded, render_site(loaded, hide_drafts=hide_drafts, edit_base=edit_base))


class SiteBuildError(Exception):
    """MkDocs could not build the site (in strict mode a warning is enough)."""


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def build_site(
    config_file: Path,
    site_dir: Path | None = None,
    strict: bool = True,
    extras: Sequence[Callable[[Path], None]] = (),
) -> Path:
    """Build the site with MkDocs into a temporary folder, then swap it into place.

    Each of `extras` is called with the temporary folder to add further outputs (PDFs, the
    offline zip) before the swap. Returns the site folder. On any failure the temporary folder
    is removed and the previous site is left as it was.
    """
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    config_file = config_file.resolve()
    target = (site_dir or config_file.parent / "site").resolve()
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = Path(tempfile.mkdtemp(prefix=f".{target.name}-", dir=target.parent))
    collector = _Collect()
    mkdocs_logger = logging.getLogger("mkdocs")
    mkdocs_logger.addHandler(collector)
    try:
        config = load_config(str(config_file), site_dir=str(temporary), strict=strict)
        config.plugins.on_startup(command="build", dirty=False)
        try:
            build(config)
        finally:
            config.plugins.on_shutdown()
    except (MkDocsException, OSError) as exc:
        shutil.rmtree(temporary, ignore_errors=True)
        details = "\n".join(collector.messages)
        raise SiteBuildError(f"{details}\n{exc}".strip()) from exc
    except BaseException:
        shutil.rmtree(temporary, ignore_errors=True)
        raise
    finally:
        mkdocs_logger.removeHandler(collector)
    try:
        for extra in extras:
            extra(temporary)
    except BaseException:
        shutil.rmtree(temporary, ignore_errors=True)
        raise
    publish(temporary, target)
    return target


def publish(built: Path, target: Path) -> None:
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
    remove_leftovers(target)


LOCK_NAME = ".bygger"
"""A lock file inside a temporary site folder while its build runs. MkDocs leaves hidden files
in the site folder alone, so it survives the build; publish() removes it."""

_claims: dict[Path, object] = {}


def claim(folder: Path) -> None:
    """Mark a temporary site folder as in use by this process until publish() (an exclusive
    lock on a file inside it, released by the system if the process dies). Without a claim, a
    later build's publish() takes the folder for a leftover and removes it."""
    import fcntl

    handle = (folder / LOCK_NAME).open("w")
    fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    _claims[folder.resolve()] = handle


def _release(folder: Path) -> None:
    handle = _claims.pop(folder.resolve(), None)
    if handle is not None:
        handle.close()  # type: ignore[attr-defined]


def _in_use(folder: Path) -> bool:
    """Whether a running build holds the folder's lock."""
    import fcntl

    try:
        with (folder / LOCK_NAME).open("r") as handle:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                return True
    except OSError:
        return False  # no lock file: not claimed by a running build
    return False


def remove_leftovers(target: Path) -> list[str]:
    """Remove the temporary folders (`.site-XXXXXXXX`, `.site-old`) that builds killed before
    publishing left beside `target`, except those a running build has claimed. Each removal is
    one Danish line on stderr. Returns the removed folders' names."""
    import re
    import sys

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


def _exchange(first: Path, second: Path) -> bool:
    """Swap two folders in one step (Linux renameat2 with RENAME_EXCHANGE). False where the
    system or file system cannot; nothing has changed then."""
    import sys

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
    return result == 0
