"""`handbook pdf`: only the PDFs (build_tools/pdf/), reused from build/pdf-cache/ while their
print HTML is unchanged. `handbook build` puts the same PDFs in the site (pdf/output.py)."""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import Any

from build_tools.build import generate
from build_tools.context import Context
from build_tools.pdf import PDF_FOLDER, PdfError, project_cache, write_pdfs


def cmd_pdf(ctx: Context) -> int:
    options = ctx.options
    handbook = generate(ctx.content_dir, options.hide_drafts, options.edit_base).handbook
    out = Path(ctx.args.out) if ctx.args.out else ctx.project.site_dir / PDF_FOLDER
    started = time.perf_counter()
    try:
        results = write_pdfs(handbook, out, cache=project_cache(ctx.project))
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


def register(subparsers: Any) -> None:
    pdf = subparsers.add_parser(
        "pdf", help="lav PDF'er til udskrift: hele håndbogen og handouts til vejviserne"
    )
    pdf.add_argument("--out", help=f"mappe til PDF'erne (standard: site/{PDF_FOLDER})")
    pdf.add_argument("--hide-drafts", action="store_true",
                     help="udelad alt med status udkast")
    pdf.set_defaults(run=cmd_pdf)
