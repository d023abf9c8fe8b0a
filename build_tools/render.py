"""Content models → Markdown pages and a navigation tree.

A plain function of the loaded content: it imports nothing from MkDocs, so the same pages can be
written out for another engine. Templates live in `templates/`; Jinja2 runs with StrictUndefined
and autoescaping, so a YAML value never reaches the page as raw HTML.
"""

from __future__ import annotations

import json
import posixpath
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from functools import partial
from pathlib import Path
from typing import Any

from jinja2 import (
    ChoiceLoader,
    Environment,
    FileSystemLoader,
    PackageLoader,
    StrictUndefined,
    TemplateNotFound,
    select_autoescape,
)
from markdown.extensions.toc import slugify
from markupsafe import Markup, escape

from build_tools import cache, registry
from build_tools.approval import gennemgang
from build_tools.items import Item, Loaded
from build_tools.kontakter import contact_register, link_numbers
from build_tools.model import (
    ADGANG_LABELS,
    FASE_LABELS,
    GODKENDT,
    I_HOERING,
    NIVEAU_LABELS,
    NIVEAU_SYMBOLS,
    OMRAADE_LABELS,
    STATUS_LABELS,
    TILBAGETRUKKET,
    TRIN_LABELS,
    UDKAST,
    Indsats,
)
from build_tools.problems import ContentError, Problem
from build_tools.registry import (
    CHANGES_PAGE,
    EDITOR_GUIDE,
    EDITOR_GUIDE_PAGE,
    GAPS_PAGE,
    INDSATSER,
    KONTAKTER,
    ORDLISTE,
    SIDER,
    TYPES,
    VEJVISERE,
    page_path,
)
from build_tools.report import (
    Periode,
    build_report,
    gaps_by_owner,
    open_gaps,
    periods_for,
    phase_at,
)
from build_tools.resolve import Handbook, ordered
from build_tools.sanitize import markdown_text, reserved_id, unreserved

MONTHS = (
    "januar", "februar", "marts", "april", "maj", "juni",
    "juli", "august", "september", "oktober", "november", "december",
)

def type_sections() -> dict[str, tuple[str, str]]:
    """Content type → (url folder, section title), for the types with a page per item."""
    return {kind: (t.url_folder, t.title) for kind, t in TYPES.items() if t.url_folder}

FOLDER_POSITIONS = {"ansvar": 30, "jura": 60, "rapporter": 90, "om": 10_000}
"""Navigation places of the folders of free pages and generated pages; the content types
declare their own (`nav_position` in registry.py)."""


def nav_order() -> list[str]:
    """Navigation keys (url folders, or a single page's name) in their order."""
    positions = dict(FOLDER_POSITIONS)
    for content_type in TYPES.values():
        key = content_type.url_folder or (content_type.single_page or "").removesuffix(".md")
        if key:
            positions[key] = content_type.nav_position
    return sorted(positions, key=lambda key: positions[key])


AGE_BANDS = ((0, 2), (3, 5), (6, 12), (13, 18))
"""Age pages of the catalogue: småbørn, børnehavebørn, skolebørn, unge."""
NAV_LIMIT = 50
"""A section with more items lists only its overview in the navigation. Material embeds the
open section's links in every page, so a 2,000-entry catalogue in the nav makes each page
about 1 MB and the build quadratic; the overview (with its filter) is the way in instead."""
GLOSSARY_PAGE = TYPES[ORDLISTE].single_page or "ordliste.md"


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
    one_item: set[str] = field(default_factory=set)
    """The pages made from one item each (not listings): `handbook serve` writes them first."""


def dansk_dato(value: date) -> str:
    """23. november 2026"""
    return f"{value.day}. {MONTHS[value.month - 1]} {value.year}"


GUIDE_ANCHOR = re.compile(r'<a id="([a-z0-9][a-z0-9-]*)"></a>')
"""The one piece of HTML the guide may hold: an anchor line (GitHub shows the file too)."""


def editor_guide(content_dir: Path) -> str | None:
    """The guide's Markdown as the site may show it, or None without a readable guide: read
    like content (a regular file, never through a symbolic link, bounded), its HTML made text
    like an editor's, except an anchor line `<a id="…"></a>` whose id is not reserved."""
    from build_tools.loader import read_text
    from build_tools.sanitize import reserved_id

    path = content_dir.parent / EDITOR_GUIDE
    if not path.exists() and not path.is_symlink():
        return None
    text, problems = read_text(path, EDITOR_GUIDE)
    if text is None or problems:
        return None
    lines = []
    for line in text.splitlines(keepends=True):
        anchor = GUIDE_ANCHOR.fullmatch(line.rstrip("\n"))
        lines.append(line if anchor and not reserved_id(anchor.group(1))
                     else str(markdown_text(line)))
    return "".join(lines)


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
        loader=ChoiceLoader([
            *(FileSystemLoader(str(t.template_dir)) for t in TYPES.values() if t.template_dir),
            PackageLoader("build_tools", folder),
        ]),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=markdown,
        bytecode_cache=cache.COMPILED,  # templates compiled once per process, not per build
    )
    env.filters["dato"] = dansk_dato
    env.filters["alder"] = age_band
    env.filters["slug"] = safe_slug
    env.globals.update(
        UDKAST=UDKAST,
        I_HOERING=I_HOERING,
        GODKENDT=GODKENDT,
        TILBAGETRUKKET=TILBAGETRUKKET,
        **{name: getattr(registry, name) for name in registry.TYPE_NAMES},
        STATUS_LABELS=STATUS_LABELS,
        OMRAADE_LABELS=OMRAADE_LABELS,
        TRIN_LABELS=TRIN_LABELS,
        NIVEAU_LABELS=NIVEAU_LABELS,
        NIVEAU_SYMBOLS=NIVEAU_SYMBOLS,
        ADGANG_LABELS=ADGANG_LABELS,
        FASE_LABELS=FASE_LABELS,
        GLOSSARY_PAGE=GLOSSARY_PAGE,
        page_of=item_path,
        gennemgang=gennemgang,
    )
    return env


def safe_slug(value: Any) -> str:
    """The id a template gives a section from its title (as Markdown's toc would), never one
    the theme or our scripts look elements up by (`__config` …): those get `afsnit-` first."""
    slug = slugify(str(value), "-")
    return unreserved(slug) if reserved_id(slug) else slug


def markdown_slot(value: Any) -> Any:
    """Every value a site template writes (its `finalize`): a plain string from content (a
    title, a name) is text, so its `{` is written as `&#123;`: no attribute list
    (`{ #__config .hb-akut hidden }`) can apply where a template puts it, in a heading or a
    table or a paragraph. Editor Markdown (`| md`) and the other filters' results are Markup
    and pass as they are."""
    if isinstance(value, str) and not isinstance(value, Markup):
        return Markup(str(escape(value)).replace("{", "&#123;"))
    return value


def number_filters(kontakter: Any) -> dict[str, Callable[[Any], Markup]]:
    """`md` (editor Markdown) and `tel` (a plain text field inside Markdown) with every number
    of the contact register made a tappable `tel:` link."""
    return {
        "md": lambda value: markdown_text(link_numbers(str(value), kontakter)),
        "tel": lambda value: Markup(link_numbers(str(markdown_slot(str(value))), kontakter)),
    }


def make_environment() -> Environment:
    """The environment for the site's Markdown pages."""
    env = jinja_environment()
    env.finalize = markdown_slot
    env.filters.update(number_filters(None))
    env.filters["cell"] = lambda value: Markup(str(escape(value)).replace("|", "\\|"))
    # MkDocs and material put page and nav titles into HTML unescaped: escape them ourselves.
    env.filters["json"] = lambda value: Markup(json.dumps(str(escape(value)), ensure_ascii=False))
    env.globals.update(
        CHANGES_PAGE=CHANGES_PAGE,
        GAPS_PAGE=GAPS_PAGE,
        search_text=search_text,
        phase_at=phase_at,
    )
    return env


item_path = page_path


def relative_link(from_page: str, to_page: str) -> str:
    """A Markdown link from one page to another (MkDocs resolves .md links)."""
    target, _, anchor = to_page.partition("#")
    link = posixpath.relpath(target, posixpath.dirname(from_page) or ".")
    return f"{link}#{anchor}" if anchor else link


@dataclass
class Renderer:
    """Writes the site's pages from the resolved handbook."""

    handbook: Handbook
    env: Environment = field(default_factory=make_environment)
    site: Site = field(default_factory=Site)
    incremental: cache.Incremental | None = None
    """When set (render_site), pages whose inputs did not change are reused (cache.py)."""

    @property
    def loaded(self) -> Loaded:
        return self.handbook.content

    @property
    def edit_base(self) -> str:
        return self.handbook.options.edit_base

    def render(self, template: str, path: str, **context: Any) -> str:
        def href(target: str) -> str:
            return relative_link(path, target)

        def html_href(target: str) -> str:
            """A link for raw HTML, which MkDocs does not rewrite: .md becomes .html."""
            link = relative_link(path, target)
            stem, dot_md, anchor = link.partition(".md")
            return f"{stem}.html{anchor}" if dot_md else link

        def card(entry: Item) -> Markup:
            """A catalogue card: it reads only its entry, so it is made once per folder."""
            folder = posixpath.dirname(path)
            made: Markup | None = cache.fragment(entry, folder)
            if made is None:
                made = self.env.get_template("_katalog.md.j2").module.card(  # type: ignore[attr-defined]
                    entry, html_href)
                cache.keep_fragment(entry, folder, made)
            return made

        return self.env.get_template(template).render(
            page_path=path, href=href, html_href=html_href, handbook=self.handbook, card=card,
            **context
        )

    def _page(self, path: str, title: str, template: str, context: dict[str, Any],
              in_nav: bool = True) -> Page:
        return Page(path, title, self.render(template, path, **context), in_nav=in_nav)

    def listing(self, path: str, template: str, items: list[Item], render: Callable[[], Page],
                *extra: str, related: bool = False) -> Page:
        """A page listing `items`: reused while they (with `related`, also what they refer to
        and are referred to by) and the shared inputs are the same."""
        if self.incremental is None:
            return render()
        key = self.incremental.listing_key(template, path, items, *extra, related=related)
        return self.incremental.page(path, key, render)

    def add(self, page: Page) -> None:
        page = for_search(page)
        if page.path in self.site.pages:
            other = self.site.pages[page.path].source or "en side, håndbogen laver selv"
            where = page.source or self.site.pages[page.path].source or page.path
            raise ContentError([Problem(where, 1, "", f"siden {page.path} findes allerede "
                                        f"(laves også af {other}); giv filen et andet navn")])
        self.site.pages[page.path] = page

    def add_item(self, item: Item, template: str, **context: Any) -> str:
        path = item_path(item)
        content_type = TYPES[item.kind]
        one_item = template == content_type.template and not content_type.single_page
        if one_item:
            self.site.one_item.add(path)
        if self.incremental is not None and one_item:
            key = self.incremental.item_key(item, template, path)
            self.add(self.incremental.page(
                path, key, lambda: self._item_page(item, template, path, context)))
            return path
        self.add(self._item_page(item, template, path, context))
        return path

    def _item_page(self, item: Item, template: str, path: str, context: dict[str, Any]) -> Page:
        markdown = self.render(template, path, item=item, m=item.model, **context)
        source = item.source.path.relative_to(self.loaded.root.parent).as_posix()
        if self.edit_base:
            # The edit link opens the YAML or Markdown source, not the generated page.
            markdown += (
                f'\n<p class="hb-edit"><a href="{escape(self.edit_base + source)}">'
                f"Rediger denne side</a> (kildefil: <code>{escape(source)}</code>)</p>\n"
            )
        return Page(path, item.model.titel, markdown, source,
                    in_nav=item.model.status != TILBAGETRUKKET)

    # --- the whole site ------------------------------------------------------------------------

    def build(self) -> Site:
        items = self.loaded.items
        kontakter = contact_register(self.loaded)
        self.env.filters.update(number_filters(kontakter))
        common: dict[str, Any] = dict(
            indsatser=self.handbook.recommendable, vejvisere=items[VEJVISERE],
            glossary=self.handbook.glossary, underretning=self.handbook.underretning,
            akut_steps=self.handbook.akut_steps, kontakter=kontakter,
        )
        common["tag_pages"] = self.catalogue_tags(self.handbook.published(INDSATSER))

        free_pages = dict(items[SIDER])  # a section's index page is taken out as its intro
        sections = self.section_pages(free_pages, common)
        for kind, content_type in TYPES.items():  # the glossary, the registers
            if content_type.single_page:
                for item in items.get(kind, {}).values():
                    self.add_item(item, content_type.template, **common)
                    sections[content_type.single_page.removesuffix(".md")] = [
                        content_type.single_page]
        other = self.free_pages(free_pages, common)
        reports = self.report_pages(common)
        if reports:
            sections["rapporter"] = reports
        other.setdefault("om", []).extend(self.about_pages())
        other["om"].append(self.gaps_page())
        self.site.nav = self.navigation(sections, other)
        return self.site

    def section_pages(
        self, free_pages: dict[str, Item], common: dict[str, Any]
    ) -> dict[str, list[Any]]:
        """Each content type's items and its overview; returns the nav entries per section."""
        uses = self.handbook.used_in
        sections: dict[str, list[Any]] = {}
        for kind, (folder, title) in type_sections().items():
            in_order = ordered(self.loaded.items[kind])
            intro = free_pages.pop(f"{folder}/index", None)
            index_path = f"{folder}/index.md"
            listing = dict(kind=kind, entries=self.handbook.published(kind), section_title=title,
                           **common)
            # The overview reads the section's items and what they refer to, the catalogue's
            # tag pages, and its intro page when there is one.
            around = [*self.loaded.items[kind].values(), *([intro] if intro is not None else [])]
            extra = (repr(common["tag_pages"]), title)
            if intro is not None:
                make = partial(self._item_page, intro, "oversigt.md.j2", item_path(intro),
                               listing)
            else:
                make = partial(self._page, index_path, title, "oversigt.md.j2",
                               dict(item=None, m=None, **listing))
            self.add(self.listing(index_path, "oversigt.md.j2", around, make, *extra,
                                  related=True))
            children: list[Any] = [index_path]
            for item in in_order:
                path = self.add_item(item, TYPES[kind].template, uses=uses.get(item.id, []),
                                     **common)
                if item.model.status != TILBAGETRUKKET:
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
            path = self.add_item(item, TYPES[SIDER].template, **common)
            if item.model.status == TILBAGETRUKKET or key == "index":
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
        everything = [i for items in self.loaded.items.values() for i in items.values()]
        for periode in reversed(periods_for(self.loaded)):
            page = self.listing(f"rapporter/{periode.slug}.md", "rapport.md.j2", everything,
                                partial(self.report_page, periode, common), periode.slug,
                                str(date.today()))
            self.add(page)
            entries.append({periode.label: page.path})
        return entries

    def report_page(self, periode: Periode, common: dict[str, Any] | None = None) -> Page:
        """The status report of one half-year (the site's page, and `handbook rapport`)."""
        path = f"rapporter/{periode.slug}.md"
        report = build_report(self.loaded, periode)
        common = common or dict(indsatser=self.loaded.items[INDSATSER],
                                vejvisere=self.loaded.items[VEJVISERE],
                                glossary=self.handbook.glossary, tag_pages={})
        return Page(path, f"Statusrapport {periode.label}",
                    self.render("rapport.md.j2", path, r=report, **common))

    def about_pages(self) -> list[Any]:
        """'Hvad er nyt' and the editors' guide; returns their nav entries."""
        changes, first_editions = self.changes()
        self.add(Page(CHANGES_PAGE, "Hvad er nyt", self.render(
            "hvad_er_nyt.md.j2", CHANGES_PAGE, changes=changes, first_editions=first_editions)))
        entries: list[Any] = [{"Hvad er nyt": CHANGES_PAGE}]
        guide = editor_guide(self.loaded.root)
        if guide is not None:
            # The editors' guide lives once, in the repository, and is published as a page too,
            # read and written like content (checks.check_editor_guide reports its problems).
            front = '---\ntitle: "For redaktører"\ndescription: "Sådan retter du i håndbogen."\n'
            markdown = front + "---\n\n" + guide
            self.add(Page(EDITOR_GUIDE_PAGE, "For redaktører", markdown, "CONTRIBUTING.md"))
            entries.append({"For redaktører": EDITOR_GUIDE_PAGE})
        return entries

    def gaps_page(self) -> dict[str, str]:
        """The register of gaps: every local fact still missing, by owner, linking to the pages
        (whose box has the anchor #mangler); returns its nav entry."""
        title = "Det mangler vi stadig"
        owners = gaps_by_owner(open_gaps(self.loaded))
        markdown = self.render("mangler.md.j2", GAPS_PAGE, owners=owners)
        self.add(Page(GAPS_PAGE, title, markdown))
        return {title: GAPS_PAGE}

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
            make = partial(self._page, path, title, "indsatser_tag.md.j2",
                           dict(title=title, entries=chosen), in_nav=False)
            self.add(self.listing(path, "indsatser_tag.md.j2", chosen, make, title))
            tags[kind].append((path, label, len(chosen)))
        return tags

    def changes(self) -> tuple[list[tuple[date, str, str, str]], list[tuple[date, int]]]:
        """What "Hvad er nyt" shows: (date, page title, page path, text) of every væsentlig
        change after an item's first edition, newest first; and per date, how many items got
        their first edition then (one line, not one per item)."""
        rows = []
        first: dict[date, int] = {}
        for kind_items in self.loaded.items.values():
            for item in kind_items.values():
                entries = sorted(item.model.aendringer, key=lambda change: change.dato)
                first[entries[0].dato] = first.get(entries[0].dato, 0) + 1
                for change in entries[1:]:
                    if change.vaegt == "væsentlig":
                        rows.append((change.dato, item.model.titel, item_path(item),
                                     change.tekst))
        rows.sort(key=lambda row: (row[0], row[1]), reverse=True)
        return rows, sorted(first.items(), reverse=True)

    def navigation(self, sections: dict[str, list[Any]], other: dict[str, list[Any]]) -> list[Any]:
        """The navigation by task: the front page, Akut (the akut flow and the numbers), the
        vejviser, then the practical sections; the strategy's background (its tracks, values,
        organisation, trials and status reports) is grouped under "Om strategien", and the
        registers go under "Om håndbogen"."""
        entries: dict[str, Any] = {}
        titles = {folder: title for folder, title in type_sections().values()}
        titles["ordliste"] = "Ordliste"
        titles["rapporter"] = "Statusrapporter"
        groups = {**other, **sections}
        known = nav_order()
        order = known[:-1] + sorted(k for k in groups if k not in known) + known[-1:]
        for key in order:
            if key not in groups:
                continue
            children = groups[key]
            if len(children) == 1 and isinstance(children[0], str) and "/" not in children[0]:
                title = titles.get(key) or nav_title(self.site.pages[children[0]].title)
                entries[key] = {title: children[0]}
                continue
            index = f"{key}/index.md"
            title = titles.get(key) or (  # a page's title is editor text: escape it for the nav
                nav_title(self.site.pages[index].title) if index in self.site.pages
                else key.capitalize()
            )
            entries[key] = {title: children}
        akut = self.akut_entries(entries)
        nav: list[Any] = []
        if "index.md" in self.site.pages:
            nav.append({"Forside": "index.md"})
        if akut:
            nav.append({"Akut": akut})
        about_strategy = [entries.pop(key) for key in ABOUT_STRATEGY if key in entries]
        registers = [entries.pop(key) for key in REGISTERS if key in entries]
        about = entries.pop("om", None)
        nav.extend(entries.values())
        if about_strategy:
            nav.append({"Om strategien": about_strategy})
        if about is not None:
            (title, children), = about.items()
            nav.append({title: [*children[:1], *registers, *children[1:]]})
        else:
            nav.extend(registers)
        return nav

    def akut_entries(self, entries: dict[str, Any]) -> list[Any]:
        """The Akut section: the flow every Akut box sends staff to (the one holding the first
        akut level), taken out of the vejviser section so no page is in the navigation twice,
        and the contact register's page."""
        akut: list[Any] = []
        steps = self.handbook.akut_steps
        flow = page_path(steps[0].flow) if steps else None
        folder = TYPES[VEJVISERE].url_folder
        if flow and folder in entries:
            (title, children), = entries[folder].items()
            for child in list(children):
                if isinstance(child, dict) and flow in child.values():
                    children.remove(child)
                    akut.append(child)
        contacts = TYPES[KONTAKTER].single_page if KONTAKTER in TYPES else None
        key = (contacts or "").removesuffix(".md")
        if key in entries:
            akut.append(entries.pop(key))
        return akut


ABOUT_STRATEGY = ("strategi", "vaerdier", "ansvar", "organisering", "proevehandlinger",
                  "rapporter")
"""Navigation keys grouped under "Om strategien": background, not tasks."""
REGISTERS = ("kilder", "lovhenvisninger")
"""Registers listed under "Om håndbogen" (after its overview page)."""


REGISTER_PAGES = ("ordliste.md", "kilder.md", "lovhenvisninger.md", CHANGES_PAGE,
                  EDITOR_GUIDE_PAGE, GAPS_PAGE, "rapporter/")
"""Registers, the change log, the editors' guide and the status reports: in the search index,
but ranked below the guidance (a page path, or a folder ending in /)."""
REGISTER_BOOST = 0.05
"""Their search boost (material's `search: boost` front matter; guidance pages have 1): a
register only comes first when no guidance page matches the query at all."""
TASK_PAGES = ("vejviser/", "kontakter.md")
"""The pages that say what to do now (the flows and the numbers to call)."""
TASK_BOOST = 2
"""Their search boost: where a flow and a background page match a query equally, the flow
comes first."""
NOT_SEARCHED = re.compile(r'<(details|div|p) class="(hb-notice\b[^"]*|hb-banner\b[^"]*)"')
"""The draft notice, the withdrawn banner and the gap box: never a search snippet (material
leaves out of its index any element with `data-search-exclude`)."""



def for_search(page: Page) -> Page:
    """The page with its notices left out of the search index, and registers ranked low."""
    markdown = NOT_SEARCHED.sub(r'<\1 data-search-exclude class="\2"', page.markdown)
    boost = (REGISTER_BOOST if page.path.startswith(REGISTER_PAGES)
             else TASK_BOOST if page.path.startswith(TASK_PAGES) else None)
    if boost is not None and markdown.startswith("---\n"):
        front, rest = markdown[4:].split("\n---", 1)
        if not re.search(r"^search:", front, re.MULTILINE):
            front += f"\nsearch:\n  boost: {boost}"
        markdown = f"---\n{front}\n---{rest}"
    if markdown == page.markdown:
        return page
    return Page(page.path, page.title, markdown, page.source, page.in_nav)


MARKDOWN_LINK = re.compile(r"(?<!!)\[([^\]\n]+)\]\(<?([^)\s>]+?\.md)(#[^)\s>]*)?>?\)")


def unlink(site: Site, hidden: set[str]) -> None:
    """Turn Markdown links to left-out pages into plain text, so the strict build stays green."""
    for path, page in list(site.pages.items()):
        def replace(match: re.Match[str], path: str = path) -> str:
            target = posixpath.normpath(posixpath.join(posixpath.dirname(path), match.group(2)))
            return match.group(1) if target in hidden else match.group(0)

        markdown = MARKDOWN_LINK.sub(replace, page.markdown)
        if markdown != page.markdown:
            site.pages[path] = Page(page.path, page.title, markdown, page.source, page.in_nav)


class TemplateMissing(Exception):
    """A content type names a template that does not exist (a developer's mistake)."""


def check_templates(env: Environment, attribute: str = "template", what: str = "site") -> None:
    """Every registered type's template (`attribute` of its declaration) exists in `env`: a
    type without one fails the build at once, never with a silently missing page. Types that
    name no template (an empty print_template) are not printed."""
    for content_type in TYPES.values():
        name = getattr(content_type, attribute)
        if not name and attribute != "template":
            continue
        try:
            env.get_template(name)
        except TemplateNotFound as exc:
            raise TemplateMissing(
                f"content type {content_type.kind!r} names the {what} template "
                f"{name!r}, which does not exist") from exc


def render_site(handbook: Handbook) -> Site:
    """Every page of the handbook's site, from the resolved handbook.

    Links in editor text to items the handbook left out (drafts with hide_drafts) become plain
    text; with an edit address, every page from a content file links to that file.
    """
    renderer = Renderer(handbook, incremental=cache.Incremental(handbook))
    check_templates(renderer.env)
    site = renderer.build()
    renderer.incremental.finish(site.pages)  # type: ignore[union-attr]
    if handbook.hidden:
        unlink(site, handbook.hidden)
    return site
