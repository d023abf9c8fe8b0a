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
    """Replace `target` by `built` with two renames, so readers never see a half-built site."""
    old = target.with_name(f".{target.name}-old")
    if old.exists():
        shutil.rmtree(old)
    if target.exists():
        target.rename(old)
    built.rename(target)
    shutil.rmtree(old, ignore_errors=True)
