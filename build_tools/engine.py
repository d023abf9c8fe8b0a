"""Engine: the program that turns the docs tree into HTML. The only module that knows MkDocs.

Our code writes a plain docs tree (`docs_tree.py`); an engine builds it. MkDocs 1.6 with
mkdocs-material is the supported engine. Zensical, material's successor, reads the same
`build/mkdocs.yml` and runs no MkDocs plugin, which is why no page of ours lives in one:
`handbook build --engine zensical` (optional extra `zensical`) builds the same tree.
"""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

import jinja2

from build_tools.cache import COMPILED

os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")  # material's end-of-life notice on each build


class EngineError(Exception):
    """The engine could not build the site (in strict mode a warning is enough)."""


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def _reuse_compiled_templates() -> None:
    """Hand every MkDocs theme environment the process's store of compiled templates
    (cache.COMPILED, once per process).

    MkDocs makes a new Jinja environment for every build and so compiles mkdocs-material's
    templates again each time (≈ 0.4 s, whatever the size of the handbook): every rebuild of
    `handbook serve`, and every build after the first in one process, paid it. Jinja checks a
    stored template against the hash of its source, so an edited template is compiled again;
    nothing is written to disk.
    """
    from mkdocs.theme import Theme

    if getattr(Theme.get_env, "reuses_compiled_templates", False):
        return
    get_env = Theme.get_env

    def with_template_code(theme: Theme) -> jinja2.Environment:
        env = get_env(theme)
        env.bytecode_cache = COMPILED
        return env

    with_template_code.reuses_compiled_templates = True  # type: ignore[attr-defined]
    Theme.get_env = with_template_code  # type: ignore[method-assign,assignment]


class MkDocs:
    """MkDocs 1.6 + mkdocs-material, run in-process, strict."""

    name = "mkdocs"

    def build(self, config_file: Path, site_dir: Path) -> None:
        from mkdocs.commands.build import build
        from mkdocs.config import load_config
        from mkdocs.exceptions import MkDocsException

        _reuse_compiled_templates()
        collector = _Collect()
        logger = logging.getLogger("mkdocs")
        logger.addHandler(collector)
        try:
            config = load_config(str(config_file), site_dir=str(site_dir))
            config.plugins.on_startup(command="build", dirty=False)
            try:
                build(config)
            finally:
                config.plugins.on_shutdown()
        except (MkDocsException, OSError) as exc:
            details = "\n".join(collector.messages)
            raise EngineError(f"{details}\n{exc}".strip()) from exc
        finally:
            logger.removeHandler(collector)

    def __init__(self) -> None:
        self.rebuilt = threading.Event()
        """Set whenever the live preview finished a build (handbook serve)."""

    def wait_for_rebuild(self, seconds: float = 10.0) -> None:
        """Wait until the live preview has rebuilt after files were just written (at most
        `seconds`): `handbook serve` writes the edited pages, waits, then the long listings."""
        self.rebuilt.clear()
        self.rebuilt.wait(seconds)

    def serve(self, config_file: Path, addr: str) -> None:
        """Serve the docs tree with live reload; a changed page is rebuilt alone ("dirty")."""
        from mkdocs.commands import serve as serving

        _reuse_compiled_templates()
        # MkDocs warns in English before every dirty build; editors need no such line.
        logging.getLogger("mkdocs.commands.build").addFilter(
            lambda record: "'dirty' build" not in record.getMessage())
        build = serving.build  # type: ignore[attr-defined]  # the preview's builder calls it

        def noted_build(*args: Any, **kwargs: Any) -> None:
            try:
                build(*args, **kwargs)
            finally:
                self.rebuilt.set()

        serving.build = noted_build  # type: ignore[attr-defined]
        try:
            self._serve(serving.serve, config_file, addr)
        finally:
            serving.build = build  # type: ignore[attr-defined]

    @staticmethod
    def _serve(serve: Any, config_file: Path, addr: str) -> None:
        # Not strict: MkDocs warns about every dirty build, and strict mode would stop on it.
        serve(config_file=str(config_file), dev_addr=addr, livereload=True, build_type="dirty",
              open_in_browser=False, strict=False)


class Zensical:
    """Zensical (optional extra), run as its own command on the same generated configuration."""

    name = "zensical"

    def command(self) -> list[str]:
        found = shutil.which("zensical", path=str(Path(sys.executable).parent)) or shutil.which(
            "zensical")
        if not found:
            raise EngineError("Zensical er ikke installeret: pip install -e '.[zensical]'")
        return [found]

    def build(self, config_file: Path, site_dir: Path) -> None:
        built = config_file.parent / "site"  # the generated configuration's site_dir
        shutil.rmtree(built, ignore_errors=True)
        done = subprocess.run(
            [*self.command(), "build", "--config-file", str(config_file)],
            cwd=config_file.parent, capture_output=True, text=True, check=False,
        )
        if done.returncode != 0 or not (built / "index.html").is_file():
            raise EngineError(f"Zensical kunne ikke bygge sitet:\n{done.stdout}\n{done.stderr}")
        site_dir.mkdir(parents=True, exist_ok=True)
        for child in built.iterdir():  # keep what is in site_dir already (the build's lock)
            shutil.move(str(child), str(site_dir / child.name))
        built.rmdir()

    def serve(self, config_file: Path, addr: str) -> None:
        subprocess.run([*self.command(), "serve", "--config-file", str(config_file),
                        "--dev-addr", addr], cwd=config_file.parent, check=False)


ENGINES = {engine.name: engine for engine in (MkDocs(), Zensical())}
"""The engines `handbook build --engine` accepts."""
