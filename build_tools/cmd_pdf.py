"""`handbook pdf`, and the PDFs inside the site that `handbook build` publishes.

The PDFs land in `pdf/` under the site folder: pdf/handbog.pdf, pdf/vaerdisaet.pdf and
pdf/vejviser-<id>.pdf. WeasyPrint is imported only when a PDF is made (in the print worker,
see build_tools/print/worker.py), so `handbook check` stays fast. A PDF whose print HTML,
stylesheet and renderer are unchanged since an earlier build is copied from the cache in
build/pdf-cache/ instead of rendered again.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import time
from pathlib import Path
from typing import Any

from build_tools.build import BackgroundOutput, SiteBuildError, generate, new_folder
from build_tools.cli import content_dir
from build_tools.project import Project
from build_tools.resolve import Handbook

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


def cache_dir(args: argparse.Namespace) -> Path | None:
    from build_tools.cli import project

    return project_cache(project(args))


def cmd_pdf(args: argparse.Namespace) -> int:
    from build_tools.pdf import PdfError, write_pdfs

    handbook = generate(content_dir(args)).handbook
    out = Path(args.out) if args.out else Path(args.config).resolve().parent / "site" / PDF_FOLDER
    started = time.perf_counter()
    try:
        results = write_pdfs(handbook, out, cache=cache_dir(args))
    except PdfError as exc:
        print(exc, file=sys.stderr)
        print("Afbrudt: PDF'erne kunne ikke laves.", file=sys.stderr)
        return 1
    for result in results:
        note = f" – {result.note}" if result.note else ""
        sider = "side" if result.pages == 1 else "sider"
        reused = "" if result.rendered else " (uændret, genbrugt)"
        print(f"{result.path}: {result.pages} {sider}{note}{reused}")
    seconds = time.perf_counter() - started
    tid = f"{seconds:.1f}".replace(".", ",")
    rendered = sum(result.rendered for result in results)
    print(f"{len(results)} PDF'er skrevet i {out} på {tid} s "
          f"({rendered} tegnet, {len(results) - rendered} genbrugt).")
    return 0


SITE_OUTPUT_ORDER = 10
"""Before the offline zip, which packs the PDFs too."""


class _SitePdfs:
    """The PDFs of a site build. They start rendering before the engine runs (in the print
    worker's processes, into a folder of their own, since the engine empties the site folder
    when it starts) and move into the site's pdf/ once the engine is done."""

    def __init__(self, handbook: Handbook, project: Project | None) -> None:
        from build_tools.pdf import start_pdfs

        self.started = time.perf_counter()
        self.folder = new_folder(None, "haandbog-pdf-")
        try:
            self.run = start_pdfs(handbook, self.folder, cache=project_cache(project))
        except BaseException:
            shutil.rmtree(self.folder, ignore_errors=True)
            raise

    def finish(self, site_dir: Path) -> None:
        from build_tools.pdf import PdfError

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


def register(subparsers: Any) -> None:
    pdf = subparsers.add_parser(
        "pdf", help="lav PDF'er til udskrift: hele håndbogen og handouts til vejviserne"
    )
    pdf.add_argument("--out", help=f"mappe til PDF'erne (standard: site/{PDF_FOLDER})")
    pdf.set_defaults(run=cmd_pdf)
