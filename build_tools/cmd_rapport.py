"""`handbook rapport --periode 2026H1`: the half-yearly status report as a PDF and a web page.

The same report is also in the site under rapporter/ for every half-year since the strategy's
approval; this command makes the printable edition for the committees' papers.
"""

from __future__ import annotations

import re
import sys
from datetime import date
from pathlib import Path
from typing import Any

import markdown
from markupsafe import escape

from build_tools.build import load_checked
from build_tools.context import Context
from build_tools.render import MARKDOWN_LINK, Renderer, dansk_dato
from build_tools.report import Periode, parse_periode
from build_tools.resolve import Handbook, resolve
from build_tools.sanitize import SanitizeExtension

PRINT_CSS = """
@page { size: A4; margin: 22mm 20mm 24mm 20mm;
  @bottom-left { content: "Statusrapport %(label)s"; font-size: 8.5pt; color: #444; }
  @bottom-right { content: "Side " counter(page) " af " counter(pages);
    font-size: 8.5pt; color: #444; }
}
@page :first { @bottom-left { content: none; } @bottom-right { content: none; } }
html { font-family: "DejaVu Sans", sans-serif; font-size: 10.5pt; line-height: 1.45; color: #111; }
h1, h2, h3 { color: #123650; line-height: 1.2; break-after: avoid; }
h2 { font-size: 15pt; margin-top: 18pt; border-bottom: 1px solid #999; padding-bottom: 2pt; }
table { border-collapse: collapse; width: 100%%; margin: 8pt 0; }
th, td { border: 1px solid #999; padding: 4pt 6pt; text-align: left; vertical-align: top; }
td:last-child { text-align: right; }
table.trials td:last-child { text-align: left; }
.cover { page-break-after: always; padding-top: 60mm; }
.cover h1 { font-size: 26pt; margin: 0 0 8pt; }
.cover .periode { font-size: 14pt; }
.cover .note { margin-top: 40mm; font-size: 9.5pt; color: #333; border-left: 3pt solid #123650;
  padding-left: 8pt; }
"""


def _no_network(url: str, *args: Any, **kwargs: Any) -> Any:
    from weasyprint.urls import default_url_fetcher

    if not url.startswith(("file:", "data:")):
        raise ValueError(f"ingen netværk: {url}")
    return default_url_fetcher(url, *args, **kwargs)


def report_html(handbook: Handbook, periode: Periode, today: date | None = None) -> str:
    """The report as one standalone, printable HTML document (no outside requests), from the
    resolved handbook: the same page the site shows under rapporter/."""
    page = Renderer(handbook).report_page(periode).markdown
    body = page.split("---", 2)[2]  # drop the front matter
    body = MARKDOWN_LINK.sub(lambda m: m.group(1), body)  # site links mean nothing on paper
    body = re.sub(r"^# .*$", "", body, count=1, flags=re.MULTILINE)  # the cover has the title
    html = markdown.markdown(
        body, extensions=["tables", "attr_list", "md_in_html", SanitizeExtension()])
    html = html.replace("<table>\n<thead>\n<tr>\n<th>Prøvehandling",
                        '<table class="trials">\n<thead>\n<tr>\n<th>Prøvehandling')
    made = dansk_dato(today or date.today())
    label = escape(periode.label)
    return f"""<!doctype html>
<html lang="da"><head><meta charset="utf-8">
<title>Statusrapport {label}: tidlig forebyggende indsats</title>
<style>{PRINT_CSS % {"label": periode.label}}</style></head>
<body>
<section class="cover">
<p>Frederikssund Kommune · Tidlig forebyggende indsats</p>
<h1>Statusrapport {label}</h1>
<p class="periode">Perioden {dansk_dato(periode.start)} – {dansk_dato(periode.slut)}</p>
<p class="note">Til udvalgene Børn, familier og forebyggelse; Skole, SFO og klub; Unge, fritid og
idræt. Lavet automatisk {made} ud fra håndbogens indhold. Tekster med status udkast er ikke
godkendt af kommunen.</p>
</section>
{html}
</body></html>
"""


def write_report(handbook: Handbook, periode: Periode, out: Path) -> tuple[Path, Path]:
    from weasyprint import HTML

    out.mkdir(parents=True, exist_ok=True)
    html = report_html(handbook, periode)
    html_path = out / f"rapport-{periode.slug}.html"
    pdf_path = out / f"rapport-{periode.slug}.pdf"
    html_path.write_text(html, encoding="utf-8")
    HTML(string=html, base_url=str(out), url_fetcher=_no_network).write_pdf(pdf_path)
    return html_path, pdf_path


def cmd_rapport(ctx: Context) -> int:
    args = ctx.args
    try:
        periode = parse_periode(args.periode)
    except ValueError as exc:
        print(f"Afbrudt: {exc}.", file=sys.stderr)
        return 1
    # The project's build folder, not site/: the site is replaced whole by every build (and
    # its rapporter/ pages are the site's own); not the working folder either.
    out = Path(args.out) if args.out else ctx.project.build_dir / "rapporter"
    handbook = resolve(load_checked(ctx.content_dir), ctx.options)
    html_path, pdf_path = write_report(handbook, periode, out)
    print(f"Statusrapporten for {periode.label} er skrevet: {pdf_path} og {html_path}")
    return 0


def register(subparsers: Any) -> None:
    rapport = subparsers.add_parser(
        "rapport", help="halvårlig statusrapport til udvalgene som PDF og webside"
    )
    rapport.add_argument("--periode", required=True, help="år og halvår, fx 2026H1")
    rapport.add_argument("--out", help="mappe til rapporten (standard: build/rapporter)")
    rapport.add_argument("--hide-drafts", action="store_true",
                         help="udelad alt med status udkast")
    rapport.set_defaults(run=cmd_rapport)
