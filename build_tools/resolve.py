"""Resolve: the checked content → the one handbook every writer reads.

Resolving happens once per build, after every item is known. It owns everything derived from
more than one item: which items are published (with `hide_drafts`, no `udkast` reaches any
output), the page of each item, the "bruges i" back-links, the glossary, and the legal callout
shown where a vejviser level means an underretning. Writers (the site's pages, the print HTML
of the PDFs, the report) read a `Handbook` and derive nothing across items themselves.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import NamedTuple

from build_tools.items import Item, Loaded
from build_tools.legal import mentions, register_of
from build_tools.model import (
    TILBAGETRUKKET,
    UDKAST,
    Begreb,
    Kilde,
    Kilderegister,
    Ordliste,
    Paragraf,
    Vejviser,
)
from build_tools.registry import INDSATSER, KILDER, LOVE, ORDLISTE, SIDER, VEJVISERE, page_path

UNDERRETNING_PAGE = "jura/underretning"
"""The free page (under content/sider/) whose summary is the legal callout on every vejviser
level with `underretning: ja`: the duty's wording lives in content, with its sources, owner and
review dates, not in a template."""


@dataclass(frozen=True)
class Options:
    """What a build was asked for; passed explicitly to every phase (no environment variables)."""

    hide_drafts: bool = False
    """Leave every `udkast` out of every output, with the links to it."""
    edit_base: str = ""
    """Address a content file's path is appended to for 'Rediger denne side'
    (from mkdocs.yml's repo_url + edit_uri); empty: no edit links."""


class Use(NamedTuple):
    """A vejviser level that recommends a catalogue entry."""

    flow: Item
    level: int
    """The level's position in the flow (0-based)."""


@dataclass
class Handbook:
    """The resolved handbook."""

    content: Loaded
    """The published content: everything that passed the checks, less the drafts when they
    are hidden."""
    options: Options = field(default_factory=Options)
    hidden: set[str] = field(default_factory=set)
    """Page paths of items left out (drafts with `hide_drafts`); links to them become text."""
    glossary: dict[str, Begreb] = field(default_factory=dict)
    used_in: dict[str, list[Use]] = field(default_factory=dict)
    """Catalogue entry id → the published, not withdrawn vejviser levels that recommend it."""
    akut_steps: list[Use] = field(default_factory=list)
    """Every published vejviser level with the colour akut, in the flows' order."""
    underretning: Item | None = None
    """The page whose summary is the legal callout (None when the content has no such page)."""
    sources: dict[str, Kilde] = field(default_factory=dict)
    """The register of sources: id → document."""
    source_uses: dict[str, list[Item]] = field(default_factory=dict)
    """Source id → the published items that cite it (in `kilder` or a quote)."""
    provisions: list[Paragraf] = field(default_factory=list)
    """The register of provisions, in its order."""
    provision_uses: dict[str, list[Item]] = field(default_factory=dict)
    """Provision (its `navn`) → the published items whose text names it."""
    cited_provisions: dict[str, list[Paragraf]] = field(default_factory=dict)
    """Page path of an item → the provisions its text names, in order of first mention."""

    @property
    def loaded(self) -> Loaded:
        """The published content (the name the print writer uses)."""
        return self.content

    @property
    def items(self) -> dict[str, dict[str, Item]]:
        return self.content.items

    @property
    def recommendable(self) -> dict[str, Item]:
        """Catalogue entries pages and PDFs may recommend or link: every one not withdrawn."""
        return {key: item for key, item in self.items.get(INDSATSER, {}).items()
                if item.model.status != TILBAGETRUKKET}

    def published(self, kind: str) -> list[Item]:
        """A type's items in their section's order (raekkefoelge, then title), withdrawn ones
        left out: what listings, navigation and print show."""
        return [i for i in ordered(self.items.get(kind, {})) if i.model.status != TILBAGETRUKKET]


def ordered(items: dict[str, Item]) -> list[Item]:
    """Items in their section's order: raekkefoelge, then title."""
    return sorted(items.values(), key=lambda i: (i.model.raekkefoelge, i.model.titel.lower()))


def _without_drafts(loaded: Loaded) -> tuple[Loaded, set[str]]:
    items: dict[str, dict[str, Item]] = {}
    hidden: set[str] = set()
    for kind, kind_items in loaded.items.items():
        items[kind] = {}
        for key, item in kind_items.items():
            if item.model.status == UDKAST:
                hidden.add(page_path(item))
            else:
                items[kind][key] = item
    return Loaded(loaded.root, items, loaded.files, loaded.problems, loaded.failed), hidden


def resolve(loaded: Loaded, options: Options | None = None) -> Handbook:
    """The handbook every writer reads, from content that passed the checks."""
    options = options or Options()
    content, hidden = _without_drafts(loaded) if options.hide_drafts else (loaded, set())
    handbook = Handbook(content, options, hidden)
    for item in ordered(content.items.get(ORDLISTE, {})):
        assert isinstance(item.model, Ordliste)
        for begreb in item.model.begreber:
            handbook.glossary.setdefault(begreb.id, begreb)
    for flow in handbook.published(VEJVISERE):
        assert isinstance(flow.model, Vejviser)
        for index, niveau in enumerate(flow.model.niveauer):
            for target in niveau.indsatser:
                handbook.used_in.setdefault(target, []).append(Use(flow, index))
            if niveau.farve == "akut":
                handbook.akut_steps.append(Use(flow, index))
    handbook.underretning = content.items.get(SIDER, {}).get(UNDERRETNING_PAGE)
    _resolve_sources(handbook, loaded)
    return handbook


def _resolve_sources(handbook: Handbook, loaded: Loaded) -> None:
    """The registers of sources and provisions (read from all content: a published page names
    its sources even when the register pages are drafts left out), and where each entry is
    used in the published content."""
    for item in ordered(loaded.items.get(KILDER, {})):
        assert isinstance(item.model, Kilderegister)
        for kilde in item.model.dokumenter:
            handbook.sources.setdefault(kilde.id, kilde)
    register = register_of(loaded)
    handbook.provisions = list(register.provisions.values())
    for kind, items in handbook.items.items():
        if kind in (KILDER, LOVE):
            continue
        for item in ordered(items):
            if item.model.status == TILBAGETRUKKET:
                continue
            cited = list(item.model.kilder)
            citat = getattr(item.model, "citat", None)
            if citat is not None:
                cited.append(citat.kilde)
            for source_id in dict.fromkeys(cited):
                handbook.source_uses.setdefault(source_id, []).append(item)
            found: dict[str, Paragraf] = {}
            for mention in mentions(item, register):
                provision = None if mention.former else register.find(mention)
                if provision is not None:
                    found.setdefault(provision.navn, provision)
            if found:
                handbook.cited_provisions[page_path(item)] = list(found.values())
                for name in found:
                    handbook.provision_uses.setdefault(name, []).append(item)
