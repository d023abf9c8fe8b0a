"""The order of a build, owned here: load → check → resolve → write → engine → publish.

Every entry point (the `handbook` command, `handbook serve`, tests, benchmarks) calls these
functions. A build resolves the content once; the site writer and every other output (PDFs,
the offline zip) read that one resolved handbook. The engine builds the written docs tree into a
temporary folder, the other outputs are added, and only then is it published: a build with
errors publishes nothing and the previous site stays untouched.
"""

from __future__ import annotations

import importlib
import pkgutil
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

from build_tools import docs_tree, render, resolve
from build_tools.checks import check
from build_tools.engine import ENGINES, EngineError
from build_tools.loader import Loaded, load
from build_tools.problems import ContentError
from build_tools.project import ConfigError, Project
from build_tools.resolve import Handbook, Options

SiteBuildError = EngineError
"""A site that could not be built (the engine's or an output's Danish message)."""


@dataclass
class Generated:
    """The resolved handbook and the site pages written from it (no engine involved)."""

    handbook: Handbook
    site: render.Site

    @property
    def loaded(self) -> Loaded:
        return self.handbook.content


_last_checked: tuple[tuple[object, ...], Loaded] | None = None
"""The most recent valid content: `handbook serve` and repeated calls in one process read it
again only when a file changed."""


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
    if any(not problem.warning for problem in problems):
        raise ContentError(problems)
    loaded.warnings = problems
    _last_checked = (key, loaded)
    return loaded


def generate(content_dir: Path, hide_drafts: bool = False, edit_base: str = "") -> Generated:
    """Load, check, resolve and write the site's pages in memory (no engine involved)."""
    handbook = resolve.resolve(load_checked(content_dir), Options(hide_drafts, edit_base))
    return Generated(handbook, render.render_site(handbook))


def write(project: Project, options: Options, preview: bool = False) -> Generated:
    """Load, check, resolve, and write the docs tree and the engine's configuration."""
    generated = generate(project.content_dir, options.hide_drafts, options.edit_base)
    docs_tree.write_docs(project, generated.site, preview)
    return generated


Output = Callable[[Handbook, Path, Project], None]
"""Writes one more output (PDFs, the offline zip) into the new site folder before publishing."""


def feature_modules() -> list[ModuleType]:
    """The build_tools/cmd_*.py modules: each adds commands, and may add a site output."""
    package = Path(__file__).parent
    names = sorted(m.name for m in pkgutil.iter_modules([str(package)]))
    return [importlib.import_module(f"build_tools.{n}") for n in names if n.startswith("cmd_")]


def site_outputs() -> list[Output]:
    """Every feature module's `site_output`, in their declared `SITE_OUTPUT_ORDER`."""
    modules = [m for m in feature_modules() if hasattr(m, "site_output")]
    modules.sort(key=lambda m: getattr(m, "SITE_OUTPUT_ORDER", 50))
    return [m.site_output for m in modules]


def build(project: Project, options: Options | None = None, engine: str = "mkdocs",
          outputs: list[Output] | None = None) -> Path:
    """The whole build, published into project.site_dir; returns it.

    `outputs` defaults to every feature module's site output (PDFs, then the offline zip).
    Raises ContentError for content with errors, SiteBuildError when the engine or an output
    fails; in both cases nothing is published.
    """
    options = options or Options(edit_base=project.edit_base)
    if not project.config_file.is_file():
        raise ConfigError(f"{project.config_file} findes ikke")
    generated = write(project, options)
    target = project.site_dir
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = Path(tempfile.mkdtemp(prefix=f".{target.name}-", dir=target.parent))
    try:
        ENGINES[engine].build(project.build_dir / docs_tree.ENGINE_CONFIG, temporary)
        for output in site_outputs() if outputs is None else outputs:
            output(generated.handbook, temporary, project)
    except BaseException:
        shutil.rmtree(temporary, ignore_errors=True)
        raise
    publish(temporary, target)
    return target


def build_site(config_file: Path, site_dir: Path | None = None,
               outputs: list[Output] | None = None, content_dir: Path | None = None,
               options: Options | None = None) -> Path:
    """The site alone (no PDFs, no zip unless given as `outputs`), for tests and tools."""
    project = Project.load(config_file, content_dir, site_dir)
    return build(project, options, outputs=[] if outputs is None else outputs)


def publish(built: Path, target: Path) -> None:
    """Replace `target` by `built` with two renames, so readers never see a half-built site."""
    old = target.with_name(f".{target.name}-old")
    if old.exists():
        shutil.rmtree(old)
    if target.exists():
        target.rename(old)
    built.rename(target)
    shutil.rmtree(old, ignore_errors=True)
