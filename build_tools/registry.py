"""The content types of the handbook, each declared once.

A `ContentType` says everything the build needs to know about one kind of content: its model,
its folder under content/, its Danish title, where it goes in the navigation and the printed
handbook, which templates render it, which of its fields refer to which other content, and the
example texts `handbook new` writes. The loader, the checks, the JSON Schemas, `handbook new`,
the site writer and the print writer loop over `TYPES`; none of them names a type by hand
except where a type really is special (free pages, the glossary).

Adding a type: declare it with `register(ContentType(...))` (see `tests/test_registry.py`).
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

from build_tools import fields
from build_tools.model import (
    Indhold,
    Indsats,
    Kilderegister,
    Kontaktregister,
    Lovregister,
    Ordliste,
    Organisering,
    Proevehandling,
    Side,
    Strategi,
    Vaerdi,
    Vejviser,
)

if TYPE_CHECKING:
    from build_tools.items import Item, Loaded

Path_ = tuple[str | int, ...]
"""A field path in a model's data; "*" stands for every element of a list."""


@dataclass(frozen=True)
class Reference:
    """Values at `path` name an id of `target` (a content type, or a sub-target such as
    "begreb" or "trin" that a type provides)."""

    path: Path_
    target: str
    not_self: bool = False
    """True when an item may not name itself (an indsats's `se_ogsaa`)."""


@dataclass(frozen=True)
class Unique:
    """Values at `path` must be unique, within one file or across every file of the type."""

    path: Path_
    message: str
    """Danish message; `{value}` is replaced by the repeated value."""
    across_files: bool = False


@dataclass(frozen=True)
class SubTarget:
    """Ids inside items that other content may refer to (glossary terms, vejviser levels)."""

    noun: str
    """Danish noun with article, for messages: "begrebet", "vejviser-trinnet"."""
    ids: Callable[[Item], Iterable[str]]
    broken: Callable[[str, set[str]], bool] = lambda target, failed_stems: bool(failed_stems)
    """Whether a reference to `target` may point into a file with errors of its own (then it is
    not reported as missing: that file's own errors already are)."""


@dataclass(frozen=True)
class ContentType:
    """One kind of content, declared once."""

    kind: str
    """The folder under content/ and the type's key everywhere."""
    model: type[Indhold]
    title: str
    """Danish title of the section (navigation, overview page, PDF chapter)."""
    schema_title: str
    """Danish title of the type's JSON Schema (what one file is)."""
    noun: str
    """Danish noun with article, for messages: "indsatsen"."""
    url_folder: str | None = None
    """Folder of the type's pages in the site; None when the type has no page per item."""
    single_page: str | None = None
    """The one page all items of the type share (the glossary)."""
    nav_position: int = 900
    """Place in the navigation and the printed handbook (lower comes first)."""
    template: str = ""
    """Site template for one item's page (in build_tools/templates unless `template_dir`)."""
    print_template: str = ""
    """Print template of one item in the handbook PDF (in templates/print or `template_dir`)."""
    template_dir: Path | None = None
    """Extra template folder for a type declared outside build_tools (tests, extensions)."""
    references: tuple[Reference, ...] = ()
    unique: tuple[Unique, ...] = ()
    provides: dict[str, SubTarget] = field(default_factory=dict)
    aliases: tuple[str, ...] = ()
    """Everyday names editors may use for the type (`handbook new indsats`)."""
    new: bool = True
    """Whether `handbook new` makes files of this type."""
    markdown_files: bool = False
    """Files are Markdown pages with YAML front matter (free pages), not YAML."""

    @property
    def every_reference(self) -> tuple[Reference, ...]:
        """The type's own references and those every item has (its sources)."""
        return (*self.references, *COMMON_REFERENCES)


# --- the types ----------------------------------------------------------------------------------

STRATEGI: Final = "strategi"
VAERDIER: Final = "vaerdier"
VEJVISERE: Final = "vejvisere"
INDSATSER: Final = "indsatser"
ORGANISERING: Final = "organisering"
PROEVEHANDLINGER: Final = "proevehandlinger"
ORDLISTE: Final = "ordliste"
KILDER: Final = "kilder"
KONTAKTER: Final = "kontakter"
LOVE: Final = "love"
SIDER: Final = "sider"
"""The built-in types' names (their folders under content/): code that means one type says so
with these (a type declared elsewhere, as in tests/fixtures/extra_type, has only its name)."""
TYPE_NAMES: Final = ("STRATEGI", "VAERDIER", "VEJVISERE", "INDSATSER", "ORGANISERING",
                     "PROEVEHANDLINGER", "ORDLISTE", "KILDER", "KONTAKTER", "LOVE", "SIDER")
"""The constants' own names: every template has them as globals (`kind == INDSATSER`)."""

TYPES: dict[str, ContentType] = {}
"""Every content type, by folder name, in registration order."""


def register(content_type: ContentType) -> ContentType:
    """Declare a content type; its folder under content/ is read from then on."""
    if content_type.kind in TYPES:
        raise ValueError(f"content type {content_type.kind!r} is registered already")
    TYPES[content_type.kind] = content_type
    return content_type


def unregister(kind: str) -> None:
    """Remove a type declared by a test or an extension."""
    TYPES.pop(kind, None)


def _level_ids(item: Item) -> Iterator[str]:
    assert isinstance(item.model, Vejviser)
    return (f"{item.id}#{niveau.id}" for niveau in item.model.niveauer)


def _source_ids(item: Item) -> Iterator[str]:
    assert isinstance(item.model, Kilderegister)
    return (kilde.id for kilde in item.model.dokumenter)


def _term_ids(item: Item) -> Iterator[str]:
    assert isinstance(item.model, Ordliste)
    return (begreb.id for begreb in item.model.begreber)


COMMON_REFERENCES = (Reference(("kilder", "*"), "kilde"),)
"""References every item has: its sources are ids in the register of sources."""

register(ContentType(
    STRATEGI, Strategi, "Strategien", "Et spor i strategien", "sporet",
    url_folder="strategi", nav_position=10, template="strategi.md.j2",
    print_template="item_strategi.html.j2",
    aliases=("spor",),
))
register(ContentType(
    VAERDIER, Vaerdi, "Værdisæt", "En værdi i værdisættet", "værdien",
    url_folder="vaerdier", nav_position=20, template="vaerdier.md.j2",
    print_template="item_vaerdi.html.j2",
    references=(Reference(("citat", "kilde"), "kilde"),),
    aliases=("vaerdi", "værdi", "værdier"),
))
register(ContentType(
    VEJVISERE, Vejviser, "Vejviser", "En vejviser", "vejviseren",
    url_folder="vejviser", nav_position=40, template="vejvisere.md.j2",
    print_template="item_vejviser.html.j2",
    references=(Reference(("niveauer", "*", "indsatser", "*"), INDSATSER),),
    unique=(Unique(("niveauer", "*", "id"),
                   "niveauet '{value}' findes allerede i denne vejviser"),),
    provides={"trin": SubTarget(
        "vejviser-trinnet", _level_ids,
        broken=lambda target, failed: target.split("#")[0] in failed)},
    aliases=("vejviser", "flow"),
))
register(ContentType(
    INDSATSER, Indsats, "Indsatskatalog", "En indsats i indsatskataloget", "indsatsen",
    url_folder="indsatser", nav_position=50, template="indsatser.md.j2",
    print_template="item_indsats.html.j2",
    references=(
        Reference(("begreber", "*"), "begreb"),
        Reference(("se_ogsaa", "*"), INDSATSER, not_self=True),
    ),
    aliases=("indsats", "tilbud"),
))
register(ContentType(
    ORGANISERING, Organisering, "Organisering", "Et organ eller en rolle i organiseringen",
    "organiseringen", url_folder="organisering", nav_position=70,
    template="organisering.md.j2",
    print_template="item_organisering.html.j2",
))
register(ContentType(
    PROEVEHANDLINGER, Proevehandling, "Prøvehandlinger", "En prøvehandling",
    "prøvehandlingen", url_folder="proevehandlinger", nav_position=80,
    template="proevehandlinger.md.j2",
    print_template="item_proevehandling.html.j2",
    references=(
        Reference(("indsatser", "*"), INDSATSER),
        Reference(("vejviser_trin", "*"), "trin"),
    ),
    aliases=("proevehandling", "prøvehandling", "prøvehandlinger"),
))
register(ContentType(
    ORDLISTE, Ordliste, "Ordliste", "Ordlisten", "ordlisten",
    single_page="ordliste.md", nav_position=100, template="ordliste.md.j2",
    print_template="item_ordliste.html.j2",
    references=(Reference(("begreber", "*", "se_ogsaa", "*"), "begreb"),),
    unique=(Unique(("begreber", "*", "id"), "begrebet '{value}' står allerede i ordlisten",
                   across_files=True),),
    provides={"begreb": SubTarget("begrebet", _term_ids)},
    new=False,
))
register(ContentType(
    KILDER, Kilderegister, "Kilder", "Registret over kilder", "kilderegistret",
    single_page="kilder.md", nav_position=110, template="kilder.md.j2",
    unique=(Unique(("dokumenter", "*", "id"), "kilden '{value}' står allerede i registret",
                   across_files=True),),
    provides={"kilde": SubTarget("kilden", _source_ids)},
    new=False,
))
register(ContentType(
    KONTAKTER, Kontaktregister, "Kontakter", "Registret over telefonnumre", "kontaktregistret",
    single_page="kontakter.md", nav_position=5, template="kontakter.md.j2",
    references=(
        Reference(("kontakter", "*", "kilde"), "kilde"),
        Reference(("underretning", "skema_kilde"), "kilde"),
        Reference(("underretning", "anonym_kilde"), "kilde"),
    ),
    unique=(Unique(("kontakter", "*", "id"), "kontakten '{value}' står allerede i registret"),),
    new=False,
))
register(ContentType(
    LOVE, Lovregister, "Lovhenvisninger", "Registret over lovhenvisninger", "lovregistret",
    single_page="lovhenvisninger.md", nav_position=120, template="love.md.j2",
    new=False,
))
register(ContentType(
    SIDER, Side, "Sider", "Metadata øverst på en side (mellem de to linjer med ---)",
    "siden", nav_position=0, template="side.md.j2",
    print_template="item_side.html.j2",
    aliases=("side",), markdown_files=True,
))


# --- pages the handbook makes itself --------------------------------------------------------------

CHANGES_PAGE = "om/hvad-er-nyt.md"
EDITOR_GUIDE_PAGE = "om/redaktoerer.md"
EDITOR_GUIDE = "CONTRIBUTING.md"
"""The editors' guide, beside content/; published as EDITOR_GUIDE_PAGE (checked like content)."""
GAPS_PAGE = "om/mangler.md"
GENERATED_PAGES = {"ordliste.md", CHANGES_PAGE, EDITOR_GUIDE_PAGE, GAPS_PAGE}
GENERATED_PREFIXES = ("rapporter/", "indsatser/omraade-", "indsatser/alder-")
"""Addresses of pages the site writer makes itself; a free page must not take them."""


def page_path(item: Item) -> str:
    """The site page (as a docs-tree path) of a content item."""
    content_type = TYPES[item.kind]
    if content_type.markdown_files:
        # The address comes from the path below the type's folder, never from the absolute
        # path: a checkout under a folder named like a type (/home/x/sider/…) is no different.
        relative = item.source.relative.split("/", 1)[-1]
        return posixpath.splitext(relative)[0] + ".md"
    if content_type.single_page:
        return content_type.single_page
    return f"{content_type.url_folder}/{item.id}.md"


def section_intros() -> set[str]:
    """The overview page of every type that has a page per item."""
    return {f"{t.url_folder}/index.md" for t in TYPES.values() if t.url_folder}


def examples() -> dict[str, Any]:
    """Every example value of `handbook new`, for every type, as "Model.field": declared on
    the fields in model.py (`Field(examples=[…])`)."""
    return fields.examples(content_type.model for content_type in TYPES.values())


def example_texts() -> set[str]:
    """The example texts an editor must replace: the declared ones that start with "Skriv",
    and the placeholder `handbook new` derives for a text field without an example."""
    declared = {
        text.strip()
        for value in examples().values()
        for text in (value if isinstance(value, list) else [value])
        if isinstance(text, str) and text.startswith("Skriv")
    }
    return declared | fields.placeholders(t.model for t in TYPES.values())


def find_type(name: str) -> ContentType | None:
    """A type by its folder name or an everyday alias (indsats, værdi, vejviser …)."""
    name = name.strip().lower()
    for content_type in TYPES.values():
        if name == content_type.kind or name in content_type.aliases:
            return content_type
    return None


def _broken_in(sub: SubTarget, failed: set[str]) -> Callable[[str], bool]:
    return lambda target: sub.broken(target, failed)


def targets(loaded: Loaded) -> dict[str, tuple[str, set[str], Callable[[str], bool]]]:
    """Every reference target → (noun, known ids, whether a missing id may be in a broken file).

    A target is a content type (its items' ids) or a sub-target a type provides."""
    result: dict[str, tuple[str, set[str], Callable[[str], bool]]] = {}
    for kind, content_type in TYPES.items():
        items = loaded.items.get(kind, {})
        failed = loaded.failed.get(kind, set())
        result[kind] = (content_type.noun, set(items), failed.__contains__)
        for name, sub in content_type.provides.items():
            ids = {value for item in items.values() for value in sub.ids(item)}
            result[name] = (sub.noun, ids, _broken_in(sub, failed))
    return result


def owners(loaded: Loaded) -> dict[str, dict[str, Item]]:
    """Every reference target → its ids → the item that holds each: an item of a type, or
    the item a sub-id lives in (a vejviser for "flow#level", the glossary for a term)."""
    result: dict[str, dict[str, Item]] = {}
    for kind, content_type in TYPES.items():
        items = loaded.items.get(kind, {})
        result[kind] = dict(items)
        for name, sub in content_type.provides.items():
            result[name] = {value: item for item in items.values() for value in sub.ids(item)}
    return result


def walk(data: Any, path: Path_, loc: tuple[str | int, ...] = ()) -> Iterator[tuple[Any, Any]]:
    """Every (loc, value) in `data` at `path` ("*" matches each list element)."""
    if not path:
        yield loc, data
        return
    head, rest = path[0], path[1:]
    if head == "*":
        if isinstance(data, list):
            for index, value in enumerate(data):
                yield from walk(value, rest, (*loc, index))
    elif isinstance(data, dict) and data.get(head) is not None:
        yield from walk(data[head], rest, (*loc, head))
