"""What a site output is: one more thing a build puts into the new site folder before it is
published (the PDFs, the offline zip, the editions, the admin page). The outputs themselves live
beside their feature (pdf/, offline.py, editions.py, admin_page.py); build_tools/outputs.py lists
them in their order, and build.py runs them."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from build_tools.engine import EngineError
from build_tools.project import Project
from build_tools.resolve import Handbook

SiteBuildError = EngineError
"""A site that could not be built (the engine's or an output's Danish message)."""

Output = Callable[[Handbook, Path, Project], None]
"""Writes one more output (PDFs, the offline zip) into the new site folder before publishing.
An output that is a BackgroundOutput starts its work before the engine runs."""


class Started(Protocol):
    """An output's work under way: finish() puts it into the new site folder; cancel() stops
    it and leaves nothing behind."""

    def finish(self, site_dir: Path) -> None: ...

    def cancel(self) -> None: ...


@dataclass(frozen=True)
class BackgroundOutput:
    """An output whose work runs beside the engine: `start` begins it from the resolved
    handbook (the PDFs render in processes of their own while MkDocs builds the pages), and
    build() finishes it once the engine is done. Called like any Output, it does both at once."""

    start: Callable[[Handbook, Project | None], Started]

    def __call__(self, handbook: Handbook, site_dir: Path, project: Project | None) -> None:
        started = self.start(handbook, project)
        try:
            started.finish(site_dir)
        except BaseException:
            started.cancel()
            raise


@dataclass(frozen=True)
class _AfterEngine:
    """A plain Output: nothing to do until the site folder exists."""

    output: Output
    handbook: Handbook
    project: Project

    def finish(self, site_dir: Path) -> None:
        self.output(self.handbook, site_dir, self.project)

    def cancel(self) -> None:
        pass


def start_output(output: Output, handbook: Handbook, project: Project) -> Started:
    if isinstance(output, BackgroundOutput):
        return output.start(handbook, project)
    return _AfterEngine(output, handbook, project)


def new_folder(parent: Path | None, prefix: str) -> Path:
    """A new, uniquely named folder with the permissions of an ordinary one (mkdtemp makes it
    readable by its owner only, and the published site must be readable by the web server)."""
    folder = Path(tempfile.mkdtemp(prefix=prefix, dir=parent))
    mask = os.umask(0)
    os.umask(mask)
    folder.chmod(0o777 & ~mask)
    return folder
