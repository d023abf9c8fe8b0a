"""What a site build makes besides the engine's pages, in order: the one list.

`SITE_OUTPUTS` go into the new site folder before it is published, in this order (each
output's code lives with its feature; see site_output.py for what an output is):

1. the PDFs (pdf/output.py): they start rendering before the engine runs;
2. the offline zip (offline.py): it packs the finished site, PDFs included;
3. the editions under udgaver/<dato>/ (editions.py): after the zip, which is today's
   handbook without the editions;
4. the forms' admin page (admin_page.py): no part of the offline edition.

`SITE_PAGES` add pages to the site being written (before the engine): the Udgaver page,
which reads the project's Git tags.
"""

from __future__ import annotations

from collections.abc import Callable

from build_tools import admin_page, editions, offline
from build_tools.pdf import output as pdf_output
from build_tools.project import Project
from build_tools.render import Site
from build_tools.resolve import Handbook
from build_tools.site_output import Output

SITE_OUTPUTS: tuple[Output, ...] = (
    pdf_output.site_output,
    offline.site_output,
    editions.site_output,
    admin_page.site_output,
)

SitePage = Callable[[Project, Handbook, Site], None]
"""Adds pages to the site being written, from the project and the resolved handbook."""

SITE_PAGES: tuple[SitePage, ...] = (editions.site_page,)


def site_outputs() -> list[Output]:
    """Every site output, in order (a new list: callers may leave some out)."""
    return list(SITE_OUTPUTS)


def add_site_pages(project: Project, handbook: Handbook, site: Site) -> None:
    """Let every SITE_PAGES entry add its pages to `site`."""
    for add in SITE_PAGES:
        add(project, handbook, site)
