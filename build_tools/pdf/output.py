"""The PDFs as a site output (in `pdf/` under the site folder: pdf/handbog.pdf,
pdf/vaerdisaet.pdf, pdf/vejviser-<id>.pdf …) and `write_pdfs` for `handbook pdf`.

WeasyPrint is imported only when a PDF is made (in the print worker, see
build_tools/print/worker.py), so `handbook check` stays fast. A PDF whose print HTML,
stylesheet and renderer are unchanged since an earlier build is copied from the cache in
build/pdf-cache/ instead of rendered again.
"""

from __future__ import annotations

import os
import shutil
import time
from collections.abc import Iterable
from datetime import date
from pathlib import Path

from build_tools.pdf.html import PdfError
from build_tools.pdf.jobs import PdfResult, start_pdfs
from build_tools.project import Project
from build_tools.resolve import Handbook
from build_tools.site_output import BackgroundOutput, SiteBuildError, new_folder

PDF_FOLDER = "pdf"
"""The PDFs' folder inside the site."""
CACHE_FOLDER = "pdf-cache"
"""Finished PDFs by the hash of their input, in the build folder (build/pdf-cache): the site
folder is replaced by every build, so the cache lives outside it (build/ is git-ignored)."""
CACHE_ENV = "HANDBOOK_PDF_CACHE"
"""Another folder for the PDF cache, or empty for no cache (every PDF rendered)."""


def project_cache(project: Project | None) -> Path | None:
    """$HANDBOOK_PDF_CACHE (empty: no cache), else build/pdf-cache beside mkdocs.yml."""
    if CACHE_ENV in os.environ:
        return Path(os.environ[CACHE_ENV]) if os.environ[CACHE_ENV] else None
    return project.build_dir / CACHE_FOLDER if project is not None else None


def write_pdfs(handbook: Handbook, out_dir: Path, printed: date | None = None,
               only: Iterable[str] | None = None, cache: Path | None = None) -> list[PdfResult]:
    """Write handbog.pdf, vaerdisaet.pdf and vejviser-<id>.pdf into `out_dir`, and a catalogue
    too large for the handbook as indsatskatalog.pdf (or indsatskatalog-<n>.pdf volumes).

    `only` limits the output to those file names (e.g. for a quick handout). Earlier
    vejviser-*.pdf and indsatskatalog*.pdf files that are no longer made are removed. With a
    `cache` folder, a PDF whose input (print HTML, stylesheet, renderer) is unchanged since an
    earlier run is copied from there instead of rendered again.

    The same as start_pdfs(…).finish(): for a caller with nothing to do meanwhile.
    """
    return start_pdfs(handbook, out_dir, printed, only, cache).finish()


class _SitePdfs:
    """The PDFs of a site build. They start rendering before the engine runs (in the print
    worker's processes, into a folder of their own, since the engine empties the site folder
    when it starts) and move into the site's pdf/ once the engine is done."""

    def __init__(self, handbook: Handbook, project: Project | None) -> None:
        self.started = time.perf_counter()
        self.folder = new_folder(None, "haandbog-pdf-")
        try:
            self.run = start_pdfs(handbook, self.folder, cache=project_cache(project))
        except BaseException:
            shutil.rmtree(self.folder, ignore_errors=True)
            raise

    def finish(self, site_dir: Path) -> None:
        try:
            results = self.run.finish()
        except PdfError as exc:
            # build() removes the half-built site; cmd_build prints this without a traceback.
            raise SiteBuildError(str(exc)) from exc
        shutil.move(self.folder, site_dir / PDF_FOLDER)
        rendered = sum(result.rendered for result in results)
        seconds = f"{time.perf_counter() - self.started:.1f}".replace(".", ",")
        print(f"{len(results)} PDF'er: {rendered} tegnet, {len(results) - rendered} uændrede "
              f"genbrugt ({seconds} s).")

    def cancel(self) -> None:
        self.run.cancel()
        shutil.rmtree(self.folder, ignore_errors=True)


site_output = BackgroundOutput(_SitePdfs)
"""Writes the PDFs of the build's resolved handbook into the new site folder's pdf/."""
