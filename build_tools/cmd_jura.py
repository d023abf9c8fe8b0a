"""`handbook jura`: the legal review pack for the municipality's lawyer, as HTML and PDF.

Every statement in the handbook that cites a provision, states a duty, a deadline or a consent
rule, by page, with the page's sources and status, each provision's register entry and a line
to approve or comment (build_tools/jura.py). Approvals are recorded in the items themselves
(`juridisk_gennemgang`; see build_tools/approval.py).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from build_tools.build import load_checked
from build_tools.context import Context
from build_tools.jura import build_pack, write_pack
from build_tools.resolve import resolve


def cmd_jura(ctx: Context) -> int:
    loaded = load_checked(ctx.content_dir)
    pakke = build_pack(loaded, resolve(loaded, ctx.options))
    out = Path(ctx.args.out) if ctx.args.out else ctx.project.build_dir / "jura"
    html_path, pdf_path = write_pack(pakke, out)
    waiting = sum(1 for side in pakke.sider if not (side.review and side.review.approved))
    print(f"Pakken til juridisk gennemgang er skrevet: {pdf_path} og {html_path}")
    print(f"{pakke.total} udsagn på {len(pakke.sider)} sider; {waiting} sider er ikke "
          "juridisk godkendt.")
    return 0


def register(subparsers: Any) -> None:
    jura = subparsers.add_parser(
        "jura", help="pakke til juridisk gennemgang (PDF og HTML): lovhenvisninger, pligter, "
                     "frister og samtykke, side for side")
    jura.add_argument("--out", metavar="MAPPE",
                      help="mappe til pakken (standard: build/jura)")
    jura.set_defaults(run=cmd_jura)
