"""The order of a build, owned here: load → check → resolve → write → engine → publish.

Every entry point (the `handbook` command, `handbook serve`, tests, benchmarks) calls these
functions. A build resolves the content once; the site writer and every other output (PDFs,
the offline zip) read that one resolved handbook. The engine builds the written docs tree into a
temporary folder (the PDFs render beside it, in processes of their own), the other outputs are
added, and only then is it published: a build with errors publishes nothing and the previous
site stays untouched.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from build_tools import cache, cpr_scan, docs_tree, outputs, render, resolve
from build_tools.checks import check
from build_tools.engine import ENGINES
from build_tools.items import Loaded
from build_tools.loader import load
from build_tools.problems import ContentError
from build_tools.project import ConfigError, Project
from build_tools.publish import claim, publish_build
from build_tools.resolve import Handbook, Options
from build_tools.site_output import Output, SiteBuildError, Started, new_folder, start_output


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


def fingerprint(content_dir: Path) -> tuple[object, ...]:
    """Every file's path, size and modification time (and the working directory, which the
    error paths are relative to)."""
    stats = []
    for path in sorted(content_dir.rglob("*")):
        if path.is_file():
            stat = path.stat()
            stats.append((path.as_posix(), stat.st_size, stat.st_mtime_ns))
    return (str(Path.cwd()), str(content_dir.resolve()), tuple(stats))


def load_checked(content_dir: Path, build_dir: Path | None = None,
                 persist: bool = True) -> Loaded:
    """Load and check the content; raise ContentError listing every problem. With the
    project's `build_dir`, validated files are reused from (and, with `persist`, kept in) its
    cache folder."""
    global _last_checked
    key = fingerprint(content_dir)
    if _last_checked is not None and _last_checked[0] == key:
        return _last_checked[1]
    if build_dir is not None:
        cache.restore(build_dir)
    loaded = load(content_dir)
    problems = check(loaded)
    if build_dir is not None and persist:
        cache.persist(build_dir)  # the validated files and their checks, for the next command
    if any(not problem.warning for problem in problems):
        raise ContentError(problems)
    loaded.warnings = problems
    cache.prune(loaded)
    _last_checked = (key, loaded)
    return loaded


def generate(content_dir: Path, hide_drafts: bool = False, edit_base: str = "",
             build_dir: Path | None = None, persist: bool = True) -> Generated:
    """Load, check, resolve and write the site's pages in memory (no engine involved). With
    `build_dir` and `persist`, the validated files and the rendered pages are kept there for
    the next command, once, at the end (also when the content has errors: the valid files)."""
    try:
        loaded = load_checked(content_dir, build_dir, persist=False)
        handbook = resolve.resolve(loaded, Options(hide_drafts, edit_base))
        return Generated(handbook, render.render_site(handbook))
    finally:
        if build_dir is not None and persist:
            cache.persist(build_dir)


def generate_site(project: Project, options: Options, persist: bool = True) -> Generated:
    """generate() for a project, with the pages outputs.SITE_PAGES add (the Udgaver page,
    which reads the project's Git tags); the project's build folder keeps the file cache
    (with `persist`, written there now)."""
    generated = generate(project.content_dir, options.hide_drafts, options.edit_base,
                         project.build_dir, persist)
    outputs.add_site_pages(project, generated.handbook, generated.site)
    return generated


def write(project: Project, options: Options, preview: bool = False,
          between: Callable[[], None] | None = None) -> Generated:
    """Load, check, resolve, and write the docs tree and the engine's configuration (`between`:
    see docs_tree.write_docs)."""
    generated = generate_site(project, options)
    docs_tree.write_docs(project, generated.site, preview, between)
    return generated


def site_outputs() -> list[Output]:
    """Every site output, in order (PDFs, the offline zip, the editions, the admin page):
    the list is build_tools/outputs.py."""
    return outputs.site_outputs()


def build(project: Project, options: Options | None = None, engine: str = "mkdocs",
          outputs: list[Output] | None = None) -> Path:
    """The whole build, published into project.site_dir; returns it.

    `outputs` defaults to every site output (outputs.py: PDFs, the offline zip, …).
    Raises ContentError for content with errors, SiteBuildError when the engine or an output
    fails; in both cases nothing is published.
    """
    with time_limit(build_seconds()):
        return _build(project, options, engine, outputs)


BUILD_SECONDS = 30 * 60
"""The most wall-clock time a whole build may take (HANDBOOK_BUILD_SECONDS overrides it): the
input bounds keep every known pathological case in seconds; this stops the unknown ones."""


def build_seconds() -> int:
    value = os.environ.get("HANDBOOK_BUILD_SECONDS", "")
    return int(value) if value.isdigit() and int(value) > 0 else BUILD_SECONDS


class BuildTimeout(SiteBuildError):
    """The build used up its wall-clock time."""


@contextlib.contextmanager
def time_limit(seconds: int) -> Iterator[None]:
    """Raise BuildTimeout in the main thread after `seconds` (SIGALRM; where there is none, or
    off the main thread, no limit)."""
    import signal
    import threading

    if not hasattr(signal, "setitimer") or threading.current_thread() is not (
            threading.main_thread()):
        yield
        return

    global _deadline

    def expired(signum: int, frame: object) -> None:
        raise _timeout(seconds)

    previous = signal.signal(signal.SIGALRM, expired)
    signal.setitimer(signal.ITIMER_REAL, seconds, 5)  # and again every 5 s, if swallowed
    _deadline = (time.monotonic() + seconds, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
        _deadline = None


_deadline: tuple[float, int] | None = None
"""While a limited build runs: when its time is up, and the limit (see before_publishing)."""


def _timeout(seconds: int) -> BuildTimeout:
    minutes = f"{seconds / 60:.0f} minutter" if seconds >= 120 else f"{seconds} sekunder"
    return BuildTimeout(f"bygningen tog mere end {minutes} og er stoppet; intet er udgivet, og "
                        "det forrige site er urørt (grænsen sættes med HANDBOOK_BUILD_SECONDS)")


def before_publishing() -> None:
    """Raise BuildTimeout if the time is up: the signal can land in code that catches every
    exception (MkDocs' plugins, a worker's wait), so the limit is checked once more here."""
    if _deadline is not None and time.monotonic() > _deadline[0]:
        raise _timeout(_deadline[1])


def _build(project: Project, options: Options | None, engine: str,
           outputs: list[Output] | None) -> Path:
    options = options or Options(edit_base=project.edit_base)
    if not project.config_file.is_file():
        raise ConfigError(f"{project.config_file} findes ikke")
    generated = write(project, options)
    target = project.site_dir
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = new_folder(target.parent, f".{target.name}-")
    claim(temporary)  # a build running beside this one must not take it for a leftover
    started: list[Started] = []
    try:
        for output in site_outputs() if outputs is None else outputs:
            started.append(start_output(output, generated.handbook, project))
        ENGINES[engine].build(project.build_dir / docs_tree.ENGINE_CONFIG, temporary)
        for step in started:  # in their order: the zip packs what the PDFs put in place
            step.finish(temporary)
        exposed = cpr_scan.scan(temporary, generated.loaded,
                                print_texts(generated.handbook, temporary))
        if exposed:
            raise ContentError(exposed)
        before_publishing()
    except BaseException:
        for step in started:
            step.cancel()
        shutil.rmtree(temporary, ignore_errors=True)
        raise
    publish_build(temporary, target)
    return target


def print_texts(handbook: Handbook, site_dir: Path) -> list[tuple[str, str]]:
    """(PDF name, print HTML) of every PDF in the new site: the text each PDF holds, for the
    CPR scan (cpr_scan.py). Empty without PDFs."""
    folder = site_dir / "pdf"
    if not folder.is_dir():
        return []
    from build_tools import pdf

    doc = pdf.PrintDocument(handbook, pdf.print_date())
    jobs = pdf.print_jobs(doc, pdf.make_print_environment(),
                          lambda name: (folder / name).is_file())
    return [(f"pdf/{job.name}", variant) for job in jobs for variant in job.variants]


def build_site(config_file: Path, site_dir: Path | None = None,
               outputs: list[Output] | None = None, content_dir: Path | None = None,
               options: Options | None = None) -> Path:
    """The site alone (no PDFs, no zip unless given as `outputs`), for tests and tools."""
    project = Project.load(config_file, content_dir, site_dir)
    return build(project, options, outputs=[] if outputs is None else outputs)
