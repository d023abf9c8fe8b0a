"""`handbook offline`: only the offline edition (build_tools/offline.py), a zip that works
opened from a file share; `handbook build` adds the same zip to the site folder."""

from __future__ import annotations

import argparse
import dataclasses
import sys
import tempfile
from pathlib import Path

from build_tools.build import build
from build_tools.context import Context, check_content
from build_tools.offline import ZIP_NAME, site_output, write_zip
from build_tools.outputs import site_outputs
from build_tools.site_output import SiteBuildError


def cmd_offline(ctx: Context) -> int:
    check_content(ctx)
    out = Path(ctx.args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    proj = ctx.project
    # The other outputs (the PDFs) belong in the edition too, as on the intranet.
    others = [output for output in site_outputs() if output is not site_output]
    with tempfile.TemporaryDirectory(prefix="haandbog-offline-") as folder:
        proj = dataclasses.replace(proj, site_dir=Path(folder) / "site")
        try:
            site = build(proj, ctx.options, outputs=others)
        except SiteBuildError as exc:
            print(exc, file=sys.stderr)
            print("Afbrudt: offline-udgaven kunne ikke bygges.", file=sys.stderr)
            return 1
        write_zip(site, out)
    size = out.stat().st_size / 1_000_000
    print(f"Offline-udgaven er skrevet til {out} ({size:.1f} MB).")
    return 0


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    offline = subparsers.add_parser(
        "offline", help="byg offline-udgaven (en zip, der kan åbnes fra et fællesdrev)"
    )
    offline.add_argument("--out", default=ZIP_NAME, help=f"zip-filen (standard: {ZIP_NAME})")
    offline.add_argument("--hide-drafts", action="store_true",
                         help="udelad alt med status udkast")
    offline.set_defaults(run=cmd_offline)
