"""Write: the site's pages as a plain docs tree that any engine can build.

`build/docs/` gets every page as Markdown and our static assets; `build/mkdocs.yml` is the
project's mkdocs.yml with the navigation added and paths pointing at that tree. MkDocs and
Zensical both build it (`mkdocs build -f build/mkdocs.yml`, `zensical build -f …`): no page
exists only inside a plugin. Only files whose content changed are rewritten, so an engine's
file watcher (during `handbook serve`) sees only real changes.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from build_tools import csp, files
from build_tools.project import Project
from build_tools.render import Site

STATIC_DIR = Path(__file__).parent / "static"
"""Our CSS, scripts and vendored files, copied into the docs tree."""
PREVIEW_SCRIPT = "assets/javascripts/forhaandsvisning.js"
"""In `handbook serve` only: shows the check's errors over the page (see preview_errors)."""
PREVIEW_SOURCE = Path(__file__).parent / "preview" / "forhaandsvisning.js"
ENGINE_CONFIG = "mkdocs.yml"
"""The generated engine configuration, in the build folder."""
OWN_KEYS = ("repo_url", "edit_uri", "watch", "INHERIT")
"""Settings the engine must not see: the edit links are ours (material would otherwise show a
repository widget that asks the Git host for facts: an outside request), and `serve` watches the
content itself."""


@dataclass
class Written:
    """What one write of the docs tree changed."""

    written: list[str] = field(default_factory=list)
    unchanged: int = 0
    removed: list[str] = field(default_factory=list)


def _put(path: Path, data: bytes, result: Written, name: str) -> None:
    try:
        if path.read_bytes() == data:
            result.unchanged += 1
            return
    except FileNotFoundError:
        pass
    files.write_bytes(path, data)
    result.written.append(name)


def _differs(path: Path, data: bytes) -> bool:
    try:
        return path.read_bytes() != data
    except OSError:
        return True


def engine_config(project: Project, nav: list[Any], preview: bool = False) -> dict[str, Any]:
    """The project's configuration for the engine: the docs tree, the navigation, and paths
    relative to the build folder (Zensical accepts only relative ones)."""
    config = {key: value for key, value in project.config.items() if key not in OWN_KEYS}
    extra = dict(config.get("extra") or {})
    extra.pop("handbook", None)
    config["extra"] = extra
    config["docs_dir"] = "docs"
    config["site_dir"] = "site"
    theme = dict(config.get("theme") or {})
    if theme.get("custom_dir"):
        theme["custom_dir"] = os.path.relpath(theme["custom_dir"], project.build_dir)
    config["theme"] = theme
    config["nav"] = nav
    if not preview:  # MkDocs' live reload injects an inline script no policy can name
        extra["csp"] = {**csp.page_policies(), "*": csp.policy()}
    if preview:
        config["extra_javascript"] = [*config.get("extra_javascript", []), PREVIEW_SCRIPT]
    return config


def preview_errors(project: Project, lines: list[str]) -> None:
    """Show (or, with no lines, clear) the check's errors on every page of `handbook serve`:
    only this small script changes, so the engine rebuilds and reloads at once."""
    source = PREVIEW_SOURCE.read_text(encoding="utf-8")
    data = json.dumps(lines, ensure_ascii=False).replace("<", "\\u003c")
    text = source.replace("window.HB_FEJL = [];", f"window.HB_FEJL = {data};", 1)
    _put(project.docs_dir / PREVIEW_SCRIPT, text.encode("utf-8"), Written(), PREVIEW_SCRIPT)


def write_docs(project: Project, site: Site, preview: bool = False,
               between: Callable[[], None] | None = None) -> Written:
    """Write the pages, the static assets and the engine configuration into the build folder;
    remove files of pages that no longer exist. With `preview` (handbook serve), every page also
    loads the script that shows content errors. With `between` (handbook serve), the changed
    pages made from one content file are written first, then `between()` is called (it waits
    until the engine has rebuilt them), then the changed listings (catalogue pages of hundreds
    of entries, registers, reports): the edited page shows without waiting for the slow ones."""
    result = Written()
    docs = project.docs_dir
    wanted: set[Path] = set()
    waited = between is None
    for page in sorted(site.pages.values(), key=lambda page: page.path not in site.one_item):
        target = docs / page.path
        wanted.add(target)
        data = page.markdown.encode("utf-8")
        if (not waited and page.path not in site.one_item and result.written
                and _differs(target, data)):
            between()  # type: ignore[misc]
            waited = True
        _put(target, data, result, page.path)
    for source in sorted(STATIC_DIR.rglob("*")):
        if source.is_file():
            relative = source.relative_to(STATIC_DIR)
            if (docs / relative) in wanted:
                continue  # a page of the handbook wins over an asset of the same name
            wanted.add(docs / relative)
            _put(docs / relative, source.read_bytes(), result, relative.as_posix())
    if preview:
        wanted.add(docs / PREVIEW_SCRIPT)  # written by preview_errors
    if docs.is_dir():
        for old in sorted(docs.rglob("*"), reverse=True):
            if old.is_file() and old not in wanted:
                old.unlink()
                result.removed.append(old.relative_to(docs).as_posix())
            elif old.is_dir() and not any(old.iterdir()):
                old.rmdir()
    text = "# Generated by `handbook build` from ../mkdocs.yml and content/; do not edit.\n"
    text += yaml.safe_dump(engine_config(project, site.nav, preview), allow_unicode=True,
                           sort_keys=False, width=1000)
    _put(project.build_dir / ENGINE_CONFIG, text.encode("utf-8"), result, ENGINE_CONFIG)
    return result
