"""Content models → print HTML: the same checked content as the site, rendered by our own
templates (`templates/print/`) for the print stylesheet (`print/print.css`): the whole handbook
(`handbog.pdf`), one handout per vejviser (`vejviser-<id>.pdf`), one for the value set
(`vaerdisaet.pdf`) and, for a large catalogue, its volumes. jobs.py turns it into PDFs.

Nothing is fetched from outside: WeasyPrint gets a URL fetcher that refuses every URL that is not
a local file in the print folder, and fonts come from the system through fontconfig.
"""
from __future__ import annotations

import os
import posixpath
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote, urlsplit

import markdown
from jinja2 import Environment
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor
from markupsafe import Markup

from build_tools.items import Item
from build_tools.kontakter import contact_register
from build_tools.model import (
    TILBAGETRUKKET,
    Ordliste,
    Strategi,
    Vejviser,
)
from build_tools.print import worker as print_worker
from build_tools.registry import INDSATSER, ORDLISTE, ORGANISERING, SIDER, STRATEGI, TYPES, VAERDIER
from build_tools.render import (
    GLOSSARY_PAGE,
    check_templates,
    dansk_dato,
    item_path,
    jinja_environment,
)
from build_tools.resolve import Handbook
from build_tools.sanitize import SanitizeExtension, markdown_text

if TYPE_CHECKING:
    from weasyprint import Document

PRINT_DIR = print_worker.PRINT_DIR
STYLESHEET = print_worker.STYLESHEET
HANDBOOK_PDF = "handbog.pdf"
VALUES_PDF = "vaerdisaet.pdf"
HANDOUT_MAX_PAGES = 2
CATALOGUE_APART_FROM = 60
"""With more catalogue entries than this, the handbook leaves them out and the catalogue is
printed on its own (indsatskatalog.pdf): one document's layout stays in memory until it is
written, and the catalogue is what grows."""
CATALOGUE_VOLUME_SIZE = 60
"""Entries per catalogue PDF; a larger catalogue is printed in volumes (indsatskatalog-1.pdf …),
each with its own contents and page numbers, rendered in processes of their own."""
CATALOGUE_PDF = "indsatskatalog"
DEFAULT_TITLE = "Håndbog for tidlig forebyggende indsats"

FREE_PAGES_POSITION = 60
"""Where the chapters of free pages (jura …) go among the content types' chapters, whose
places come from the registry (`nav_position`), as in the site's navigation."""


def chapter_order() -> list[str]:
    """The printed handbook's chapters: every type with a print template, in navigation order;
    "@sider" marks where the free pages go."""
    kinds = sorted((t.nav_position, kind) for kind, t in TYPES.items()
                   if t.print_template and not t.markdown_files)
    order = [kind for position, kind in kinds if position < FREE_PAGES_POSITION]
    return [*order, "@sider", *(kind for position, kind in kinds
                               if position >= FREE_PAGES_POSITION)]


OTHER_PAGES_TITLE = "Andre sider"


def vejviser_pdf_name(vejviser_id: str) -> str:
    """File name of a vejviser handout, e.g. vejviser-bekymring-0-6.pdf."""
    return f"vejviser-{vejviser_id}.pdf"


class PdfError(Exception):
    """A PDF could not be made; the message is for editors (Danish)."""


# --- no outside requests -------------------------------------------------------------------------

# The fetcher lives with the print worker (which must not import this module); see its docstring.
local_url_fetcher = print_worker.local_url_fetcher


# --- editor Markdown → print HTML ----------------------------------------------------------------


def anchor_for(page_path: str) -> str:
    """The in-document id of a site page: indsatser/tvaersteam.md → s-indsatser-tvaersteam."""
    stem = page_path.removesuffix(".md")
    return "s-" + re.sub(r"[^a-z0-9]+", "-", stem.lower()).strip("-")


class _PrintTreeprocessor(Treeprocessor):
    """Rewrites what only makes sense on the site: page links, images, heading levels."""

    def __init__(self, md: markdown.Markdown, printer: PrintDocument) -> None:
        super().__init__(md)
        self.printer = printer
        self.page = ""
        self.base_level = 3
        self.in_document = True
        """False in a handout: the handbook's other pages are not in the same PDF."""

    def run(self, root: ET.Element) -> None:
        for element in root.iter():
            if re.fullmatch(r"h[1-6]", element.tag):
                # Editor headings sit below the item's own heading, never beside it.
                level = int(element.tag[1])
                element.tag = f"h{min(6, max(self.base_level, level + self.base_level - 2))}"
            elif element.tag == "a":
                self._link(element)
            elif element.tag == "img":
                # Images would have to be fetched; print their description instead.
                alt = element.get("alt") or ""
                element.attrib.clear()
                element.tag = "span"
                element.text = f"[Billede: {alt}]" if alt else "[Billede]"

    def _link(self, element: ET.Element) -> None:
        href = element.get("href", "")
        scheme = urlsplit(href).scheme
        if scheme in ("http", "https", "mailto"):
            element.set("class", "external")
            return
        target = self.printer.resolve_link(self.page, href) if self.in_document else None
        if target is None:
            # A page the print does not hold (or a relative file): keep the words, drop the link.
            element.attrib.clear()
            element.tag = "span"
        else:
            element.attrib.clear()
            element.set("href", "#" + target)


class _PrintExtension(Extension):
    def __init__(self, printer: PrintDocument) -> None:
        super().__init__()
        self.printer = printer
        self.processor: _PrintTreeprocessor | None = None

    def extendMarkdown(self, md: markdown.Markdown) -> None:  # noqa: N802 (Markdown's API)
        self.processor = _PrintTreeprocessor(md, self.printer)
        md.treeprocessors.register(self.processor, "hb_print", 1)


# --- the printed document ------------------------------------------------------------------------


@dataclass
class Chapter:
    """A chapter of the printed handbook: an optional intro page and its entries."""

    key: str
    title: str
    anchor: str
    kind: str
    intro: Item | None = None
    entries: list[Item] = field(default_factory=list)
    apart: list[Item] = field(default_factory=list)
    """Entries printed in a PDF of their own (a large catalogue), not in this chapter."""


@dataclass
class CatalogueVolume:
    """One PDF of a catalogue printed apart from the handbook."""

    name: str
    number: int
    count: int
    chapter: Chapter
    entries: list[Item]

    @property
    def first(self) -> str:
        return self.entries[0].model.titel

    @property
    def last(self) -> str:
        return self.entries[-1].model.titel

    def status_counts(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for item in self.entries:
            counts[item.model.status] = counts.get(item.model.status, 0) + 1
        return counts


@dataclass
class PrintDocument:
    """The handbook's content arranged for print, and the ids every link can point to."""

    handbook: Handbook
    printed: date
    anchors: dict[str, str] = field(default_factory=dict)
    """site page path → id in the print HTML."""
    sub_anchors: set[str] = field(default_factory=set)
    """ids below a page (levels of a flow, glossary terms)."""

    def __post_init__(self) -> None:
        self._extension = _PrintExtension(self)
        self._markdown = markdown.Markdown(
            extensions=["tables", "def_list", "attr_list", "admonition", "sane_lists",
                        SanitizeExtension(),
                        self._extension],
            output_format="html",
        )
        self.items = self.handbook.loaded.items
        self.front = self.items[SIDER].get("index")
        self.chapters = self._chapters()

    # --- structure -------------------------------------------------------------------------------

    def _chapters(self) -> list[Chapter]:
        pages = {key: item for key, item in self.items[SIDER].items()
                 if item.model.status != TILBAGETRUKKET}
        pages.pop("index", None)
        chapters: list[Chapter] = []
        for key in chapter_order():
            if key == "@sider":
                continue
            if key == ORDLISTE:
                glossaries = self.handbook.published(ORDLISTE)
                if glossaries:
                    chapters.append(Chapter(key, glossaries[0].model.titel,
                                            anchor_for(GLOSSARY_PAGE), key, entries=glossaries))
                    for item in glossaries:
                        self.anchors[item_path(item)] = anchor_for(GLOSSARY_PAGE)
                        assert isinstance(item.model, Ordliste)
                        for begreb in item.model.begreber:
                            self.sub_anchors.add(f"{anchor_for(GLOSSARY_PAGE)}--{begreb.id}")
                continue
            folder, title = TYPES[key].url_folder or key, TYPES[key].title
            intro = pages.pop(f"{folder}/index", None)
            entries = self.handbook.published(key)
            if key == STRATEGI:
                entries.sort(key=lambda i: i.model.spor if isinstance(i.model, Strategi) else 0)
            if intro is None and not entries:
                continue
            chapter = Chapter(key, title, anchor_for(f"{folder}/index.md"), key, intro, entries)
            if key == INDSATSER and len(entries) > CATALOGUE_APART_FROM:
                chapter.entries, chapter.apart = [], entries
                entries = []
            chapters.append(chapter)
            self.anchors[f"{folder}/index.md"] = chapter.anchor
            for item in entries:
                self.anchors[item_path(item)] = anchor_for(item_path(item))
                if isinstance(item.model, Vejviser):
                    for niveau in item.model.niveauer:
                        self.sub_anchors.add(f"{anchor_for(item_path(item))}--{niveau.id}")
        # Free pages (jura, then other folders), placed before organisering as the site does.
        position = next((i for i, c in enumerate(chapters) if c.key == ORGANISERING),
                        len(chapters))
        for chapter in reversed(self._page_chapters(pages)):
            chapters.insert(position, chapter)
        return chapters

    def _page_chapters(self, pages: dict[str, Item]) -> list[Chapter]:
        folders: dict[str, list[tuple[str, Item]]] = {}
        for key, item in pages.items():
            folder = posixpath.dirname(key)
            folders.setdefault(folder, []).append((key, item))
        order = sorted(folders, key=lambda f: (f != "jura", f == "om", f == "", f))
        chapters = []
        for folder in order:
            members = sorted(folders[folder], key=lambda kv: (
                not kv[0].endswith("/index"), kv[1].model.raekkefoelge, kv[1].model.titel.lower()))
            intro = members[0][1] if members[0][0].endswith("/index") else None
            entries = [item for key, item in members if item is not intro]
            if intro is not None:
                title = intro.model.titel
                anchor = anchor_for(item_path(intro))
            else:
                title = folder.capitalize() if folder else OTHER_PAGES_TITLE
                anchor = anchor_for(f"{folder or 'andre'}/index.md")
                self.anchors.setdefault(f"{folder}/index.md", anchor)
            if intro is not None:
                self.anchors[item_path(intro)] = anchor
            for item in entries:
                self.anchors[item_path(item)] = anchor_for(item_path(item))
            chapters.append(Chapter(f"sider:{folder}", title, anchor, SIDER, intro, entries))
        return chapters

    # --- facts shown on the cover ----------------------------------------------------------------

    @property
    def title(self) -> str:
        return self.front.model.titel if self.front else DEFAULT_TITLE

    @property
    def version(self) -> str:
        """The front page's `version`, else the date of the newest change in the content."""
        if self.front and self.front.model.version:
            return self.front.model.version
        dates = [change.dato for kind in self.items.values() for item in kind.values()
                 for change in item.model.aendringer]
        return max(dates).isoformat() if dates else PRINTED_ISO

    def printed_items(self) -> list[Item]:
        items = [self.front] if self.front else []
        for chapter in self.chapters:
            items += ([chapter.intro] if chapter.intro else []) + chapter.entries
        return items

    # --- the catalogue printed apart -------------------------------------------------------------

    def catalogue_volumes(self) -> list[CatalogueVolume]:
        """The catalogue's own PDFs when it is too large for the handbook, else none.

        Volumes of at most CATALOGUE_VOLUME_SIZE entries, as even as the count allows, in the
        catalogue's order.
        """
        chapter = next((c for c in self.chapters if c.apart), None)
        if chapter is None:
            return []
        count = -(-len(chapter.apart) // CATALOGUE_VOLUME_SIZE)
        size = -(-len(chapter.apart) // count)
        parts = [chapter.apart[start:start + size]
                 for start in range(0, len(chapter.apart), size)]
        return [CatalogueVolume(
            f"{CATALOGUE_PDF}.pdf" if len(parts) == 1 else f"{CATALOGUE_PDF}-{number}.pdf",
            number, len(parts), chapter, entries)
            for number, entries in enumerate(parts, start=1)]

    def volume_document(self, volume: CatalogueVolume) -> PrintDocument:
        """This content arranged for one catalogue volume: links reach its own entries only."""
        doc = PrintDocument(self.handbook, self.printed)
        doc.anchors = {item_path(item): anchor_for(item_path(item)) for item in volume.entries}
        doc.anchors[f"{TYPES[INDSATSER].url_folder}/index.md"] = volume.chapter.anchor
        doc.sub_anchors = set()
        return doc

    def status_counts(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for item in self.printed_items():
            counts[item.model.status] = counts.get(item.model.status, 0) + 1
        return counts

    # --- links and Markdown ----------------------------------------------------------------------

    def resolve_link(self, page: str, href: str) -> str | None:
        """The print id a site link points to, or None when the print does not hold it."""
        parts = urlsplit(href)
        if parts.scheme or parts.netloc:
            return None
        path = unquote(parts.path)
        if not path:
            target_page = page
        else:
            target_page = posixpath.normpath(posixpath.join(posixpath.dirname(page), path))
            if target_page.endswith("/"):
                target_page += "index.md"
            if target_page.endswith(".html"):
                target_page = target_page.removesuffix(".html") + ".md"
        anchor = self.anchors.get(target_page)
        if anchor is None:
            return None
        if parts.fragment and f"{anchor}--{parts.fragment}" in self.sub_anchors:
            return f"{anchor}--{parts.fragment}"
        return anchor

    def html(self, text: str, page: str, level: int = 3, in_document: bool = True) -> Markup:
        """Editor Markdown as print HTML: raw HTML neutralised, links made in-document.

        `level` is the highest heading level editor headings may take; with `in_document`
        False (handouts) links to other pages keep their words but lose the link.
        """
        processor = self._extension.processor
        assert processor is not None
        processor.page = page
        processor.base_level = level
        processor.in_document = in_document
        self._markdown.reset()
        return Markup(self._markdown.convert(str(markdown_text(text))))

    def link(self, page: str) -> str | None:
        """The print id of a site page path, if printed."""
        return self.anchors.get(page)


# --- templates -----------------------------------------------------------------------------------


WEB_ONLY = re.compile(
    r"[ \t]*(?:^|(?<=[.!?][ \t]))(?:Her (?:står|finder du|kan du læse)[^.!?\[\]()\n]*[.!?]"
    r"|[^.!?\[\]()\n]*\b(?:længere nede|klik(?:ke)?|trykke? på|på siden her)\b"
    r"[^.!?\[\]()\n]*[.!?])",
    re.IGNORECASE | re.MULTILINE)
"""Sentences that only make sense on the screen ("Her står, hvordan du gør, trin for trin",
"… står længere nede"): left out on paper. A sentence with a link is kept whole."""


def on_paper(text: str) -> str:
    """A plain-text summary without the sentences that point at the web page."""
    return WEB_ONLY.sub("", str(text)).strip()


def make_print_environment() -> Environment:
    """Jinja2 for print HTML: the site's environment settings on templates/print."""
    env = jinja_environment("templates/print", markdown=False)
    env.globals.update(anchor_for=anchor_for, TYPES=TYPES)
    env.filters["paper"] = on_paper
    check_templates(env, "print_template", "print")
    return env


def _context(doc: PrintDocument, handout: bool = False, **extra: Any) -> dict[str, Any]:
    def html(text: str, page: str, level: int = 3) -> Markup:
        return doc.html(text, page, level, in_document=not handout)

    def link(page: str) -> str | None:
        return None if handout else doc.link(page)

    return dict(
        doc=doc,
        html=html,
        link=link,
        printed_iso=PRINTED_ISO,
        printed_text=PRINTED_TEXT,
        indsatser=doc.handbook.recommendable,  # never a withdrawn entry
        glossary=doc.handbook.glossary,
        uses=doc.handbook.used_in,
        underretning=doc.handbook.underretning,
        kontakter=contact_register(doc.handbook.loaded),
        **extra,
    )


def handbook_html(doc: PrintDocument, env: Environment | None = None) -> str:
    """The whole handbook as one print HTML document."""
    env = env or make_print_environment()
    return env.get_template("handbog.html.j2").render(
        **_context(doc, volumes=doc.catalogue_volumes()))


def catalogue_html(doc: PrintDocument, volume: CatalogueVolume,
                   env: Environment | None = None) -> str:
    """One volume of a catalogue printed apart: cover, contents and its entries."""
    env = env or make_print_environment()
    return env.get_template("indsatskatalog.html.j2").render(
        **_context(doc.volume_document(volume), volume=volume))


def vejviser_html(doc: PrintDocument, item: Item, compact: bool,
                  env: Environment | None = None) -> str:
    """A handout for one vejviser; `compact` leaves out the extra sections and sources."""
    env = env or make_print_environment()
    return env.get_template("vejviser.html.j2").render(
        **_context(doc, handout=True, item=item, compact=compact))


def values_html(doc: PrintDocument, compact: bool, env: Environment | None = None) -> str:
    """A handout for the value set."""
    env = env or make_print_environment()
    values = doc.handbook.published(VAERDIER)
    intro = doc.items[SIDER].get("vaerdier/index")
    return env.get_template("vaerdisaet.html.j2").render(
        **_context(doc, handout=True, values=values, intro=intro, compact=compact))


# --- WeasyPrint ----------------------------------------------------------------------------------


def render_pdf(html: str) -> Document:
    """Lay out print HTML in this process with our stylesheet; nothing outside PRINT_DIR is
    fetched. write_pdfs renders in worker processes instead (see _PrintWorker)."""
    from weasyprint.urls import FatalURLFetchingError

    try:
        return print_worker.Printer().render(html)
    except FatalURLFetchingError as exc:
        raise PdfError(print_worker.error_message(exc)) from exc


PRINTED_ISO = "\ue000udskrevet-iso\ue000"
PRINTED_TEXT = "\ue000udskrevet\ue000"
"""Where the print HTML says when the PDF was made. The cache key is taken with these marks in
place and the date filled in only for the renderer, so a PDF is reused while its content is
unchanged, showing the day it was made, instead of being rendered again every day."""


def with_print_date(html: str, printed: date) -> str:
    """Print HTML as the renderer gets it: the day filled in where the marks stand."""
    return html.replace(PRINTED_ISO, printed.isoformat()).replace(PRINTED_TEXT,
                                                                   dansk_dato(printed))


def print_date() -> date:
    """Today, or SOURCE_DATE_EPOCH's date for reproducible builds."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        return datetime.fromtimestamp(int(epoch), tz=UTC).date()
    return date.today()
