"""`handbook pdf`, and the PDFs inside the site that `handbook build` publishes.

The PDFs land in `pdf/` under the site folder: pdf/handbog.pdf, pdf/vaerdisaet.pdf and
pdf/vejviser-<id>.pdf. WeasyPrint is imported only when a PDF is made, so `handbook check`
stays fast.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import Any

from build_tools.build import SiteBuildError, generate
from build_tools.cli import content_dir
from build_tools.project import Project
from build_tools.resolve import Handbook

PDF_FOLDER = "pdf"
"""The PDFs' folder inside the site."""


def cmd_pdf(args: argparse.Namespace) -> int:
    from build_tools.pdf import PdfError, write_pdfs

    handbook = generate(content_dir(args)).handbook
    out = Path(args.out) if args.out else Path(args.config).resolve().parent / "site" / PDF_FOLDER
    started = time.perf_counter()
    try:
        results = write_pdfs(handbook, out)
    except PdfError as exc:
        print(exc, file=sys.stderr)
        print("Afbrudt: PDF'erne kunne ikke laves.", file=sys.stderr)
        return 1
    for result in results:
        note = f" – {result.note}" if result.note else ""
        sider = "side" if result.pages == 1 else "sider"
        print(f"{result.path}: {result.pages} {sider}{note}")
    seconds = time.perf_counter() - started
    tid = f"{seconds:.1f}".replace(".", ",")
    print(f"{len(results)} PDF'er skrevet i {out} på {tid} s.")
    return 0


SITE_OUTPUT_ORDER = 10
"""Before the offline zip, which packs the PDFs too."""


def site_output(handbook: Handbook, site_dir: Path, project: Project) -> None:
    """Write the PDFs of the build's resolved handbook into the new site folder."""
    from build_tools.pdf import PdfError, write_pdfs

    try:
        write_pdfs(handbook, site_dir / PDF_FOLDER)
    except PdfError as exc:
        # build() removes the half-built site; cmd_build prints this without a traceback.
        raise SiteBuildError(str(exc)) from exc


def register(subparsers: Any) -> None:
    pdf = subparsers.add_parser(
        "pdf", help="lav PDF'er til udskrift: hele håndbogen og handouts til vejviserne"
    )
    pdf.add_argument("--out", help=f"mappe til PDF'erne (standard: site/{PDF_FOLDER})")
    pdf.set_defaults(run=cmd_pdf)
