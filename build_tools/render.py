"""Content models → Markdown pages and a navigation tree.

A plain function of the loaded content: it imports nothing from MkDocs, so the same pages can be
written out for another engine. Templates live in `templates/`; Jinja2 runs with StrictUndefined
and autoescaping, so a YAML value never reaches the page as raw HTML.
"""

from __future__ import annotations

import json
import posixpath
import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from markupsafe import Markup, escape

from build_tools.loader import Item, Loaded
from build_tools.model import (
    FASE_LABELS,
    NIVEAU_LABELS,
    OMRAADE_LABELS,
    STATUS_LABELS,
    TRIN_LABELS,
    Indsats,
    Ordliste,
    Vejviser,
)
from build_tools.problems import ContentError, Problem
from build_tools.report import build_report, periods_for, phase_at

MONTHS = (
    "januar", "februar", "marts", "april", "maj", "juni",
    "juli", "august", "september", "oktober", "november", "december",
)

SECTIONS: dict[str, tuple[str, str]] = {
    # content type → (url folder, section title)
    "strategi": ("strategi", "Strategien"),
    "vaerdier": ("vaerdier", "Værdisæt"),
    "vejvisere": ("vejviser", "Vejviser"),
    "indsatser": ("indsatser", "Indsatskatalog"),
    "organisering": ("organisering", "Organisering"),
    "proevehandlinger": ("proevehandlinger", "Prøvehandlinger"),
}
NAV_ORDER = [
    "strategi", "vaerdier", "ansvar", "vejviser", "indsatser", "jura", "organisering",
    "proevehandlinger", "rapporter", "ordliste",
]
AGE_BANDS = ((0, 2), (3, 5), (6, 12), (13, 18))
"""Age pages of the catalogue: småbørn, børnehavebørn, skolebørn, unge."""
NAV_LIMIT = 50
"""A section with more items lists only its overview in the navigation. Material embeds the
open section's links in every page, so a 2,000-entry catalogue in the nav makes each page
about 1 MB and the build quadratic; the overview (with its filter) is the way in instead."""
GLOSSARY_PAGE = "ordliste.md"
CHANGES_PAGE = "om/hvad-er-nyt.md"
EDITOR_GUIDE_PAGE = "om/redaktoerer.md"
GENERATED_PAGES = {GLOSSARY_PAGE, CHANGES_PAGE, EDITOR_GUIDE_PAGE}
GENERATED_PREFIXES = ("rapporter/", "indsatser/omraade-", "indsatser/alder-")
"""Addresses of pages the renderer makes itself; checks.py keeps free pages off them."""


@dataclass(frozen=True)
class Page:
    """One page of the handbook as Markdown, with the content file it was made from."""

    path: str
    title: str
    markdown: str
    source: str | None = None
    """The content file, relative to the folder holding content/ (for 'Rediger denne side');
    None for generated listings."""
    in_nav: bool = True


@dataclass
class Site:
    """Every page and the navigation tree (MkDocs' `nav` format: titles → paths)."""

    pages: dict[str, Page] = field(default_factory=dict)
    nav: list[Any] = field(default_factory=list)


def dansk_dato(value: date) -> str:
    """23. november 2026"""
    return f"{value.day}. {MONTHS[value.month - 1]} {value.year}"


def markdown_text(value: str) -> Markup:
    """Editor Markdown that may reach HTML: tags are neutralised, Markdown itself is kept."""
    return Markup(str(value).replace("&", "&amp;").replace("<", "&lt;"))


def nav_title(title: str) -> str:
    """A title as MkDocs' nav needs it: MkDocs and material insert nav titles unescaped."""
    return str(escape(title))


def fold(text: str) -> str:
    """Lower case with æ, ø, å spelt out, as staff type on keyboards without them.
    katalog.js folds the query the same way."""
    text = text.lower()
    for letter, spelt in (("æ", "ae"), ("ø", "oe"), ("å", "aa"), ("é", "e")):
        text = text.replace(letter, spelt)
    return " ".join(text.split())


def search_text(entry: Item) -> str:
    """What the catalogue filter matches typed words against."""
    m = entry.model
    assert isinstance(m, Indsats)
    parts = [m.titel, m.resume, m.maalgruppe, *m.noegleord, TRIN_LABELS[m.trin]]
    parts += [OMRAADE_LABELS[o] for o in m.omraader] + list(m.omraader)
    return fold(" ".join(parts))


def age_band(alder: Any) -> str:
    return f"{alder.fra}–{alder.til} år"


def jinja_environment(folder: str = "templates", *, markdown: bool = True) -> Environment:
    """Jinja2 as every output uses it: autoescaping on, undefined names are errors, and the
    Danish filters and labels. `folder` is a template folder inside build_tools."""
    env = Environment(
        loader=PackageLoader("build_tools", folder),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=markdown,
    )
    env.filters["dato"] = dansk_dato
    env.filters["alder"] = age_band
    env.globals.update(
        STATUS_LABELS=STATUS_LABELS,
        OMRAADE_LABELS=OMRAADE_LABELS,
        TRIN_LABELS=TRIN_LABELS,
        NIVEAU_LABELS=NIVEAU_LABELS,
        FASE_LABELS=FASE_LABELS,
        GLOSSARY_PAGE=GLOSSARY_PAGE,
        page_of=item_path,
    )
    return env


def make_environment() -> Environment:
    """The environment for the site's Markdown pages."""
    env = jinja_environment()
    env.filters["md"] = markdown_text
    env.filters["cell"] = lambda value: Markup(str(escape(value)).replace("|", "\\|"))
    # MkDocs and material put page and nav titles into HTML unescaped: escape them ourselves.
    env.filters["json"] = lambda value: Markup(json.dumps(str(escape(value)), ensure_ascii=False))
    env.globals.update(
        CHANGES_PAGE=CHANGES_PAGE,
        search_text=search_text,
        phase_at=phase_at,
    )
    return env


def item_path(item: Item) -> str:
    """The page path of a content item."""
    if item.kind == "sider":
        relative = item.source.path.as_posix().split("/sider/", 1)[-1]
        return posixpath.splitext(relative)[0] + ".md"
    if item.kind == "ordliste":
        return GLOSSARY_PAGE
    folder, _ = SECTIONS[item.kind]
    return f"{folder}/{item.id}.md"


def relative_link(from_page: str, to_page: str) -> str:
    """A Markdown link from one page to another (MkDocs resolves .md links)."""
    target, _, anchor = to_page.partition("#")
    link = posixpath.relpath(target, posixpath.dirname(from_page) or ".")
    return f"{link}#{anchor}" if anchor else link


def sorted_items(items: dict[str, Item]) -> list[Item]:
    """Items in their section's order: raekkefoelge, then title."""
    return sorted(items.values(), key=lambda i: (i.model.raekkefoelge, i.model.titel.lower()))


def visible(items: list[Item]) -> list[Item]:
    """Items that are not withdrawn."""
    return [i for i in items if i.model.status != "tilbagetrukket"]


@dataclass
class Renderer:
    loaded: Loaded
    edit_base: str = ""
    """Address that a content file's path is appended to for 'Rediger denne side', e.g.
    https://github.com/ORG/REPO/edit/main/ ; empty: no edit links."""
    env: Environment = field(default_factory=make_environment)
    site: Site = field(default_factory=Site)

    def render(self, template: str, path: str, **context: Any) -> str:
        def href(target: str) -> str:
            return relative_link(path, target)

        def html_href(target: str) -> str:
            """A link for raw HTML, which MkDocs does not rewrite: .md becomes .html."""
            link = relative_link(path, target)
            stem, dot_md, anchor = link.partition(".md")
            return f"{stem}.html{anchor}" if dot_md else link

        return self.env.get_template(template).render(
            page_path=path, href=href, html_href=html_href, **context
        )

    def add(self, page: Page) -> None:
        if page.path in self.site.pages:
            other = self.site.pages[page.path].source or "en side, håndbogen laver selv"
            where = page.source or self.site.pages[page.path].source or page.path
            raise ContentError([Problem(where, 1, "", f"siden {page.path} findes allerede "
                                        f"(laves også af {other}); giv filen et andet navn")])
        self.site.pages[page.path] = page

    def add_item(self, item: Item, template: str, **context: Any) -> str:
        path = item_path(item)
        markdown = self.render(template, path, item=item, m=item.model, **context)
        source = item.source.path.relative_to(self.loaded.root.parent).as_posix()
        if self.edit_base:
            # The edit link opens the YAML or Markdown source, not the generated page.
            markdown += (
                f'\n<p class="hb-edit"><a href="{escape(self.edit_base + source)}">'
                f"Rediger denne side</a> (kildefil: <code>{escape(source)}</code>)</p>\n"
            )
        self.add(Page(path, item.model.titel, markdown, source,
                      in_nav=item.model.status != "tilbagetrukket"))
        return path

    # --- back-links ----------------------------------------------------------------------------

    def used_in(self) -> dict[str, list[tuple[Item, int]]]:
        """indsats id → the (vejviser, level index) pairs that mention it."""
        uses: dict[str, list[tuple[Item, int]]] = {}
        for item in sorted_items(self.loaded.items["vejvisere"]):
            assert isinstance(item.model, Vejviser)
            for index, niveau in enumerate(item.model.niveauer):
                for target in niveau.indsatser:
                    uses.setdefault(target, []).append((item, index))
        return uses

    # --- the whole site ------------------------------------------------------------------------

    def build(self) -> Site:
        items = self.loaded.items
        glossary = {}
        for gl in items["ordliste"].values():
            assert isinstance(gl.model, Ordliste)
            for begreb in gl.model.begreber:
                glossary[begreb.id] = begreb
        common: dict[str, Any] = dict(
            indsatser=items["indsatser"], vejvisere=items["vejvisere"], glossary=glossary
        )
        common["tag_pages"] = self.catalogue_tags(visible(sorted_items(items["indsatser"])))

        free_pages = dict(items["sider"])  # a section's index page is taken out as its intro
        sections = self.section_pages(free_pages, common)
        for item in items["ordliste"].values():
            self.add_item(item, "ordliste.md.j2", **common)
            sections["ordliste"] = [GLOSSARY_PAGE]
        other = self.free_pages(free_pages, common)
        reports = self.report_pages(common)
        if reports:
            sections["rapporter"] = reports
        other.setdefault("om", []).extend(self.about_pages())
        self.site.nav = self.navigation(sections, other)
        return self.site

    def section_pages(
        self, free_pages: dict[str, Item], common: dict[str, Any]
    ) -> dict[str, list[Any]]:
        """Each content type's items and its overview; returns the nav entries per section."""
        uses = self.used_in()
        sections: dict[str, list[Any]] = {}
        for kind, (folder, title) in SECTIONS.items():
            ordered = sorted_items(self.loaded.items[kind])
            intro = free_pages.pop(f"{folder}/index", None)
            index_path = f"{folder}/index.md"
            listing = dict(kind=kind, entries=visible(ordered), section_title=title, **common)
            if intro is not None:
                self.add_item(intro, "oversigt.md.j2", **listing)
            else:
                markdown = self.render("oversigt.md.j2", index_path, item=None, m=None, **listing)
                self.add(Page(index_path, title, markdown))
            children: list[Any] = [index_path]
            for item in ordered:
                path = self.add_item(item, f"{kind}.md.j2", uses=uses.get(item.id, []), **common)
                if item.model.status != "tilbagetrukket":
                    children.append({nav_title(item.model.titel): path})
            sections[folder] = children if len(children) <= NAV_LIMIT + 1 else [index_path]
        return sections

    def free_pages(
        self, free_pages: dict[str, Item], common: dict[str, Any]
    ) -> dict[str, list[Any]]:
        """The Markdown pages under sider/; returns nav entries per folder."""
        other: dict[str, list[Any]] = {}
        for key, item in sorted(free_pages.items(), key=lambda kv: (
                kv[1].model.raekkefoelge, kv[1].model.titel.lower())):
            path = self.add_item(item, "side.md.j2", **common)
            if item.model.status == "tilbagetrukket" or key == "index":
                continue
            children = other.setdefault(posixpath.dirname(key) or key, [])
            if key.endswith("/index"):
                children.insert(0, path)
            else:
                children.append({nav_title(item.model.titel): path})
        return other

    def report_pages(self, common: dict[str, Any]) -> list[Any]:
        """A status report page per half-year, newest first; returns their nav entries."""
        entries: list[Any] = []
        for periode in reversed(periods_for(self.loaded)):
            path = f"rapporter/{periode.slug}.md"
            report = build_report(self.loaded, periode)
            self.add(Page(path, f"Statusrapport {periode.label}",
                          self.render("rapport.md.j2", path, r=report, **common)))
            entries.append({periode.label: path})
        return entries

    def about_pages(self) -> list[Any]:
        """'Hvad er nyt' and the editors' guide; returns their nav entries."""
        self.add(Page(CHANGES_PAGE, "Hvad er nyt", self.render(
            "hvad_er_nyt.md.j2", CHANGES_PAGE, changes=self.changes())))
        entries: list[Any] = [{"Hvad er nyt": CHANGES_PAGE}]
        guide = self.loaded.root.parent / "CONTRIBUTING.md"
        if guide.is_file():
            # The editors' guide lives once, in the repository, and is published as a page too.
            front = '---\ntitle: "For redaktører"\ndescription: "Sådan retter du i håndbogen."\n'
            markdown = front + "---\n\n" + guide.read_text(encoding="utf-8")
            self.add(Page(EDITOR_GUIDE_PAGE, "For redaktører", markdown, "CONTRIBUTING.md"))
            entries.append({"For redaktører": EDITOR_GUIDE_PAGE})
        return entries

    def catalogue_tags(self, entries: list[Item]) -> dict[str, list[tuple[str, str, int]]]:
        """Pages listing the catalogue by area and by age band: plain links, no JavaScript.
        Returns (path, label, count) per page for the overview."""
        tags: dict[str, list[tuple[str, str, int]]] = {"omraade": [], "alder": []}
        groups: list[tuple[str, str, str, list[Item]]] = []
        for key, label in OMRAADE_LABELS.items():
            chosen = [e for e in entries if key in e.model.omraader]  # type: ignore[attr-defined]
            groups.append(("omraade", f"indsatser/omraade-{key}.md", label, chosen))
        for low, high in AGE_BANDS:
            chosen = [e for e in entries
                      if e.model.alder.fra <= high and e.model.alder.til >= low]  # type: ignore
            groups.append(("alder", f"indsatser/alder-{low}-{high}.md", f"{low}–{high} år", chosen))
        for kind, path, label, chosen in groups:
            if not chosen:
                continue
            title = f"Indsatser: {label}" if kind == "omraade" else f"Indsatser for børn {label}"
            markdown = self.render("indsatser_tag.md.j2", path, title=title, entries=chosen)
            self.add(Page(path, title, markdown, in_nav=False))
            tags[kind].append((path, label, len(chosen)))
        return tags

    def changes(self) -> list[tuple[date, str, str, str]]:
        """(date, page title, page path, text) for every change entry, newest first."""
        rows = []
        for kind_items in self.loaded.items.values():
            for item in kind_items.values():
                for change in item.model.aendringer:
                    rows.append((change.dato, item.model.titel, item_path(item), change.tekst))
        return sorted(rows, key=lambda row: (row[0], row[1]), reverse=True)

    def navigation(self, sections: dict[str, list[Any]], other: dict[str, list[Any]]) -> list:
        nav: list[Any] = []
        if "index.md" in self.site.pages:
            nav.append({"Forside": "index.md"})
        titles = {folder: title for folder, title in SECTIONS.values()}
        titles["ordliste"] = "Ordliste"
        titles["rapporter"] = "Statusrapporter"
        groups = {**other, **sections}
        order = NAV_ORDER + sorted(k for k in groups if k not in NAV_ORDER and k != "om") + ["om"]
        for key in order:
            if key not in groups:
                continue
            children = groups[key]
            if len(children) == 1 and isinstance(children[0], str) and "/" not in children[0]:
                title = titles.get(key) or nav_title(self.site.pages[children[0]].title)
                nav.append({title: children[0]})
                continue
            index = f"{key}/index.md"
            title = titles.get(key) or (  # a page's title is editor text: escape it for the nav
                nav_title(self.site.pages[index].title) if index in self.site.pages
                else key.capitalize()
            )
            nav.append({title: children})
        return nav


MARKDOWN_LINK = re.compile(r"(?<!!)\[([^\]\n]+)\]\(<?([^)\s>]+?\.md)(#[^)\s>]*)?>?\)")


def without_drafts(loaded: Loaded) -> tuple[Loaded, set[str]]:
    """The content with every `udkast` item left out, and the page paths that were left out."""
    items: dict[str, dict[str, Item]] = {}
    hidden: set[str] = set()
    for kind, kind_items in loaded.items.items():
        items[kind] = {}
        for key, item in kind_items.items():
            if item.model.status == "udkast":
                hidden.add(item_path(item))
            else:
                items[kind][key] = item
    return Loaded(loaded.root, items, loaded.files, loaded.problems), hidden


def unlink(site: Site, hidden: set[str]) -> None:
    """Turn Markdown links to left-out pages into plain text, so the strict build stays green."""
    for path, page in list(site.pages.items()):
        def replace(match: re.Match[str], path: str = path) -> str:
            target = posixpath.normpath(posixpath.join(posixpath.dirname(path), match.group(2)))
            return match.group(1) if target in hidden else match.group(0)

        markdown = MARKDOWN_LINK.sub(replace, page.markdown)
        if markdown != page.markdown:
            site.pages[path] = Page(page.path, page.title, markdown, page.source, page.in_nav)


def render_site(loaded: Loaded, hide_drafts: bool = False, edit_base: str = "") -> Site:
    """Every page of the handbook, from content that has passed the checks.

    With hide_drafts, items with status `udkast` are left out entirely, links to them included.
    With edit_base, every page from a content file links to that file for editing.
    """
    if not hide_drafts:
        return Renderer(loaded, edit_base).build()
    shown, hidden = without_drafts(loaded)
    site = Renderer(shown, edit_base).build()
    unlink(site, hidden)
    return site

