"""What editor Markdown may produce: the one place that decides, for every writer.

Editors write Markdown in content/ and everything they write is published to every member of
staff. Raw HTML is already neutralised (markdown_text below escapes `<` and `&`), but Markdown
itself can still make links, images and – through `attr_list` – arbitrary attributes. This
module holds the rules:

- links go to `https:`, `http:`, `mailto:`, `tel:` or to a page inside the handbook (relative);
- images come from inside the handbook (relative path, no scheme, no outside host);
- no event handlers, no `style` beyond table alignment, no URL-valued attributes other than a
  link's `href` and an image's `src`;
- no element that can run script or load something (script, iframe, svg, object, …).

`SanitizeExtension` enforces them on the HTML tree as the last treeprocessor of a Markdown
instance: the site registers it in mkdocs.yml (`- build_tools.sanitize`) and the PDF writer adds
it to its own instance. `findings()` reports, for the content check, what the extension would
remove from a piece of editor text, so the check refuses it first with file and line.
"""

from __future__ import annotations

import html
import re
import unicodedata
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import markdown
from markdown.extensions import Extension
from markdown.extensions.attr_list import AttrListTreeprocessor
from markdown.treeprocessors import Treeprocessor
from markupsafe import Markup


def markdown_text(value: str) -> Markup:
    """Editor Markdown that may reach HTML: tags are neutralised, Markdown itself is kept.
    Every writer (site, print) passes editor text through it; the check inspects what it
    gives (Inspector)."""
    return Markup(str(value).replace("&", "&amp;").replace("<", "&lt;"))


ALLOWED_SCHEMES = ("https", "http", "mailto", "tel")
SCHEME = re.compile(r"([a-zA-Z][a-zA-Z0-9+.\-]*):")
INVISIBLE = re.compile(
    "[\x00-\x20\x7f-\x9f\u00ad\u061c\u115f\u1160\u180e\u200b-\u200f\u202a-\u202e"
    "\u2060-\u2064\u2066-\u206f\u3164\ufeff\ufff9-\ufffb]"
)
"""Spaces, control, zero-width, bidi and other invisible characters: browsers drop some of them
inside a URL (tab, newline), so they are taken out before the scheme is judged."""

SCRIPT_ELEMENTS = frozenset({
    "script", "style", "iframe", "frame", "frameset", "object", "embed", "applet", "svg", "math",
    "base", "meta", "link", "form", "input", "button", "textarea", "select", "template",
    "noscript", "portal", "audio", "video", "source", "track", "picture", "canvas",
})
"""Elements that can run script, load something or submit something; Markdown never makes
them, so one in the tree came from somewhere it should not."""

SAFE_ATTRIBUTES = frozenset({
    "id", "class", "title", "alt", "role", "hidden", "lang", "dir", "colspan", "rowspan",
    "scope", "start", "datetime", "align", "open",
    "data-search-exclude",  # material's search skips the element (templates' change lists)
})
"""Attributes allowed on any element (with `aria-*`); `href` and `src` are judged separately.
Editors' `attr_list` is stricter still: the check allows them only id and class."""

EDITOR_ATTRIBUTES = frozenset({"id", "class"})
MARKDOWN_ATTRIBUTES = {"a": ("title",), "img": ("alt", "title")}
"""What Markdown itself sets besides href and src (`[x](url "title")`, `![alt](src)`)."""
TABLE_ALIGN = re.compile(r"\s*text-align:\s*(left|right|center);?\s*")
"""The only `style` Markdown makes itself (tables' column alignment)."""

RESERVED_ID_PREFIXES = ("__", "hb-")
"""Ids the theme and our scripts look elements up by: material's `__config` (its settings),
`__drawer`, `__search`, `__toc`, `__palette`, `__consent`, `__nav_*`, `__tabbed_*` … and the
globals its inline scripts read (`__md_scope`, `__md_get`; an element's id becomes a global);
ours all start with `hb-` (`hb-filter-tekst` …)."""
RESERVED_IDS = frozenset({"IFrameWorker", "HandbookSearch", "HB_FEJL", "lunr"})
"""Globals our scripts and the search read by name (an element with that id would stand in)."""
RESERVED_CLASS_PREFIXES = ("md-", "hb-")
"""material's classes (its scripts find the search, the drawer, the results by them) and ours
(`hb-akut`, the Akut box's look, `hb-entry` the catalogue filter's cards): the templates' alone."""


def reserved_id(value: str) -> bool:
    """Whether an element with this id could stand in for one the theme or our scripts use."""
    return value.startswith(RESERVED_ID_PREFIXES) or value in RESERVED_IDS


def reserved_class(value: str) -> bool:
    return value.lower().startswith(RESERVED_CLASS_PREFIXES)


RESERVED_ID_MESSAGE = ("id'et '{value}' bruges af sidens tema eller scripts (id'er, der begynder "
                       "med '__' eller 'hb-'); vælg et andet")
RESERVED_CLASS_MESSAGE = ("klassen '{value}' hører til håndbogens skabeloner og tema (klasser, der "
                          "begynder med 'md-' eller 'hb-'); fjern den")
RESERVED_SLUG_MESSAGE = ("overskriften giver afsnittet id'et '{value}', som sidens tema eller "
                         "scripts bruger; skriv overskriften anderledes")

EXTENSIONS = ["admonition", "attr_list", "def_list", "md_in_html", "tables", "toc"]
"""The site's Markdown extensions that change what editor text can produce (mkdocs.yml)."""


def _decoded(value: str) -> str:
    """The value with HTML entities decoded as often as they nest, and invisible characters
    removed: what a browser could end up reading, judged conservatively."""
    for _ in range(5):
        decoded = html.unescape(value)
        if decoded == value:
            break
        value = decoded
    return INVISIBLE.sub("", value)


def link_problem(href: str) -> str | None:
    """Why a link target is not allowed (Danish), or None when it is."""
    value = _decoded(href)
    if "\\" in value:
        return "må ikke indeholde '\\'"
    scheme = SCHEME.match(value)
    if scheme:
        if scheme.group(1).lower() in ALLOWED_SCHEMES:
            return None
        return (f"'{scheme.group(1).lower()}:' er ikke tilladt; links må kun gå til https:, "
                "http:, mailto:, tel: eller sider i håndbogen")
    if value.startswith("//"):
        return "skriv hele adressen med https://"
    if value.startswith("/"):
        return "peger uden for håndbogen; skriv et relativt link til siden (fx ../jura/index.md)"
    return None


OUTSIDE_IMAGE = ("hentes fra en anden server, og sitet må ikke hente noget udefra; læg billedet "
                 "i håndbogen")


NO_IMAGES = ("håndbogen kan ikke vise billeder fra content/ (de kommer ikke med i sitet); beskriv "
             "det med ord")


def _not_a_page(href: str) -> str | None:
    """For editor text: a relative link must name a page (.md), optionally with #anchor; the
    strict build stops on anything else (a file, a folder, a .html address)."""
    if SCHEME.match(_decoded(href)):
        return None
    path = href.split("#", 1)[0]
    if not path or (path.endswith(".md") and "?" not in path):
        return None
    return ("peger på en fil eller mappe, som håndbogen ikke har; link til en side (.md) eller "
            "en webadresse")


def image_problem(src: str) -> str | None:
    """Why an image source is not allowed (Danish), or None when it is."""
    value = _decoded(src)
    if "\\" in value:
        return "må ikke indeholde '\\'"
    scheme = SCHEME.match(value)
    if scheme:
        name = scheme.group(1).lower()
        if name in ("http", "https"):
            return OUTSIDE_IMAGE
        return f"'{name}:' er ikke tilladt i et billede; læg billedet i håndbogen"
    if value.startswith("//"):
        return OUTSIDE_IMAGE
    if value.startswith("/"):
        return "peger uden for håndbogen; brug en relativ sti"
    return None


def _dialled(number: str) -> str:
    """The digits a phone would dial, without Denmark's country code."""
    digits = "".join(char for char in number if char.isdigit())
    for prefix in ("0045", "45"):
        if digits.startswith(prefix) and len(digits) - len(prefix) == 8:
            return digits[len(prefix):]
    return digits


def tel_problem(href: str, text: str) -> str | None:
    """Why a `tel:` link may not stand as it is (Danish), or None: the number the reader sees
    must be the number the link dials (an emergency number above all)."""
    value = _decoded(href)
    if not value.lower().startswith("tel:"):
        return None
    target = _dialled(value[4:])
    seen = _dialled(unicodedata.normalize("NFKC", text))
    if not target:
        return "ringer ikke til noget nummer"
    if seen != target:
        return ("nummeret i linkets tekst er ikke det nummer, linket ringer til; skriv det "
                "samme nummer i teksten og i linket")
    return None


@dataclass(frozen=True)
class Finding:
    """Something the sanitizer removed: what (Danish), and the editor's text it came from."""

    message: str
    value: str
    """The attribute name or URL as it stood in the tree (to find the line)."""


def shown(value: str, limit: int = 40) -> str:
    """A value as it may appear in a message: no control or invisible characters (a CI log is
    a terminal), and short."""
    value = INVISIBLE.sub(lambda m: " " if m.group() == " " else "?", value)
    return value if len(value) <= limit else value[: limit - 3] + "..."


def clean(root: ET.Element, editor: bool = False) -> list[Finding]:
    """Remove from the tree everything editor text may not produce; return what was removed.

    With `editor`, the tree holds editor text alone (the check): attributes beyond what
    Markdown makes itself are only id and class."""
    found: list[Finding] = []
    parents = {child: parent for parent in root.iter() for child in parent}
    for element in list(root.iter()):
        tag = element.tag if isinstance(element.tag, str) else ""
        heading_id = element.get("id", "") if HEADING.fullmatch(tag) else ""
        if reserved_id(heading_id):
            # made from the heading's words (an attribute list's id never gets here)
            words = "".join(element.itertext()).strip()
            found.append(Finding(RESERVED_SLUG_MESSAGE.format(value=shown(heading_id)),
                                 words or heading_id))
            element.set("id", unreserved(heading_id))
        if tag.lower() in SCRIPT_ELEMENTS:
            found.append(Finding(f"elementet <{tag.lower()}> er ikke tilladt", tag))
            parent = parents.get(element)
            if parent is not None:
                _remove(parent, element)
            else:
                element.clear()
            continue
        if tag == "a" and element.get("href"):
            href = html.unescape(element.get("href", "")) if editor else element.get("href", "")
            problem = tel_problem(href, "".join(element.itertext()))
            if problem:
                del element.attrib["href"]
                found.append(Finding(f"linket '{shown(href)}': {problem}", href))
        for name, value in list(element.attrib.items()):
            # Editor text reached the tree through markdown_text, which escaped its '&'.
            written = html.unescape(value) if editor else value
            problem = _attribute_problem(tag.lower(), name.lower(), written, editor)
            if problem:
                del element.attrib[name]
                found.append(Finding(problem, written if name.lower() in ("href", "src")
                                     else name))
    return found


HEADING = re.compile(r"h[1-6]")


def unreserved(value: str) -> str:
    """An id that is not reserved, made from one that is (a heading's slug)."""
    return "afsnit-" + value.lstrip("_")


def _attribute_problem(tag: str, name: str, value: str, editor: bool) -> str | None:
    if name == "href" and tag == "a":
        problem = link_problem(value) or (_not_a_page(value) if editor else None)
        return f"linket '{shown(value)}': {problem}" if problem else None
    if name == "src" and tag == "img":
        problem = image_problem(value) or (NO_IMAGES if editor else None)
        return f"billedet '{shown(value)}': {problem}" if problem else None
    if name == "style" and TABLE_ALIGN.fullmatch(value):
        return None
    if name in MARKDOWN_ATTRIBUTES.get(tag, ()):
        return None
    if editor:
        if name in EDITOR_ATTRIBUTES:
            return None
    elif name in SAFE_ATTRIBUTES or (name.startswith("aria-") and name[5:].isalpha()):
        return None
    if name.startswith("on"):
        return f"attributten '{shown(name)}' (kører et script) er ikke tilladt"
    return f"attributten '{shown(name)}' er ikke tilladt; brug kun id og class"


def _remove(parent: ET.Element, element: ET.Element) -> None:
    """Take an element out of the tree, keeping the text that followed it."""
    index = list(parent).index(element)
    if element.tail:
        if index > 0:
            before = parent[index - 1]
            before.tail = (before.tail or "") + element.tail
        else:
            parent.text = (parent.text or "") + element.tail
    parent.remove(element)


class AttributeListTreeprocessor(AttrListTreeprocessor):
    """Python-Markdown's attribute lists (`{ #id .class }`), giving only an id and classes, and
    none that the theme or our scripts use: an attribute list is the one way Markdown sets an
    attribute of its choosing, in editor text and in our templates alike (`## {{ titel }}`
    where a title ends in `{ #__config }`). What it leaves out is recorded in `found`."""

    def __init__(self, md: markdown.Markdown, found: list[Finding]) -> None:
        super().__init__(md)
        self.found = found

    def assign_attrs(self, elem: ET.Element, attrs_string: str, *,  # noqa: D102
                     strict: bool = False) -> str:
        asked = ET.Element(elem.tag)
        remainder = super().assign_attrs(asked, attrs_string, strict=strict)
        tag = elem.tag if isinstance(elem.tag, str) else ""
        for name, value in asked.attrib.items():
            if name == "id":
                if reserved_id(value):
                    self.found.append(Finding(RESERVED_ID_MESSAGE.format(value=shown(value)),
                                              value))
                else:
                    elem.set("id", value)
            elif name == "class":
                kept = []
                for word in value.split():
                    if reserved_class(word):
                        self.found.append(Finding(
                            RESERVED_CLASS_MESSAGE.format(value=shown(word)), word))
                    else:
                        kept.append(word)
                if kept:
                    elem.set("class", " ".join(filter(None, [elem.get("class"), *kept])))
            else:
                message = _attribute_problem(tag.lower(), name.lower(), value or "", True)
                self.found.append(Finding(message or "", name))
        return remainder


def _rename_tokens(tokens: list[dict[str, Any]], renamed: dict[str, str]) -> None:
    for token in tokens:
        token["id"] = renamed.get(token.get("id", ""), token.get("id", ""))
        _rename_tokens(token.get("children", []), renamed)


class SanitizeTreeprocessor(Treeprocessor):
    """Runs last: whatever the other processors made, nothing scripted leaves the tree."""

    def __init__(self, md: markdown.Markdown | None = None, editor: bool = False) -> None:
        super().__init__(md)
        self.editor = editor
        self.found: list[Finding] = []
        self.from_attribute_lists: list[Finding] = []

    def run(self, root: ET.Element) -> None:
        if not isinstance(self.md.treeprocessors["attr_list"], AttributeListTreeprocessor):
            raise RuntimeError("build_tools.sanitize must come after attr_list in the "
                               "Markdown extensions")
        before = {id(e): e.get("id") for e in root.iter() if HEADING.fullmatch(str(e.tag))}
        self.found = [*self.from_attribute_lists, *clean(root, self.editor)]
        self.from_attribute_lists.clear()
        renamed: dict[str, str] = {}
        for element in root.iter():
            old, new = before.get(id(element)), element.get("id")
            if old and new and old != new:
                renamed[old] = new
        if renamed:  # the heading's own permalink and the page's table of contents follow
            for element in root.iter("a"):
                href = element.get("href", "")
                if href.startswith("#") and href[1:] in renamed:
                    element.set("href", "#" + renamed[href[1:]])
            _rename_tokens(getattr(self.md, "toc_tokens", []), renamed)


class SanitizeExtension(Extension):
    """`markdown.Markdown(extensions=[..., SanitizeExtension()])`, or `- build_tools.sanitize`
    in mkdocs.yml's markdown_extensions."""

    PRIORITY = -100
    """Below every other treeprocessor (MkDocs' link rewriting runs at 0, toc at 5)."""

    def __init__(self, editor: bool = False, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.editor = editor
        self.processor: SanitizeTreeprocessor | None = None

    def extendMarkdown(self, md: markdown.Markdown) -> None:  # noqa: N802 (Markdown's API)
        self.processor = SanitizeTreeprocessor(md, self.editor)
        md.treeprocessors.register(self.processor, "hb_sanitize", self.PRIORITY)
        # Every attribute list goes through ours, in attr_list's own name and place (list this
        # extension after attr_list; run() refuses to work otherwise).
        md.treeprocessors.register(
            AttributeListTreeprocessor(md, self.processor.from_attribute_lists), "attr_list", 8)


def makeExtension(**kwargs: Any) -> SanitizeExtension:  # noqa: N802 (Markdown's API)
    return SanitizeExtension(**kwargs)


# --- the check's view ------------------------------------------------------------------------


MARKDOWN_TARGET = re.compile(
    r"\]\(\s*<?([^>\s]*[^)>\s])"  # inline: ](target
    r"|^[ \t]{0,3}\[[^\]\n]+\]:[ \t]*<?(\S+?)>?(?:\s|$)",  # reference: [ref]: target
    re.MULTILINE,
)
"""Link and image targets, inline (`](target`) and reference-style (`[ref]: target`), found
without rendering: a title placed inside a link by a template (`x](javascript:…)`) is caught
even though it makes no link on its own."""


HEADING_LINE = re.compile(r"^ {0,3}(#|[=-]+[ \t]*$)", re.MULTILINE)
"""A line that makes a heading (ATX, or the underline of a setext heading): its id."""


class Inspector:
    """Finds, in one piece of editor text, everything the site would remove from it."""

    def __init__(self) -> None:
        self._escape = markdown_text
        self._extension = SanitizeExtension(editor=True)
        self._markdown = markdown.Markdown(extensions=[*EXTENSIONS, self._extension])

    def findings(self, text: str) -> Iterator[Finding]:
        """What the sanitizer would remove, each with the value to find its line by."""
        found: list[Finding] = []
        if "[" in text or "{" in text or HEADING_LINE.search(text):
            # nothing else can make a link, an attribute or an id
            self._markdown.reset()
            self._markdown.convert(str(self._escape(text)))
            processor = self._extension.processor
            assert processor is not None
            found, processor.found = processor.found, []
        yield from found
        if any(f.message.startswith(("linket", "billedet")) for f in found):
            return
        if "](" in text or "]:" in text:
            # A title that a template places inside a link (`x](javascript:…)`) makes no link
            # on its own: read the targets from the text as well.
            for match in MARKDOWN_TARGET.finditer(text):
                target = match.group(1) if match.group(1) is not None else match.group(2)
                if _is_image(text, match.start()):
                    problem = image_problem(target)
                    message = f"billedet '{shown(target)}': {problem}"
                else:
                    problem = link_problem(target)
                    message = f"linket '{shown(target)}': {problem}"
                if problem:
                    yield Finding(message, target)


def _is_image(text: str, bracket: int) -> bool:
    """Whether the `](` at `bracket` closes `![…`: walk back to its opening bracket."""
    depth = 0
    for index in range(bracket, -1, -1):
        char = text[index]
        if char == "]":
            depth += 1
        elif char == "[":
            depth -= 1
            if depth == 0:
                return index > 0 and text[index - 1] == "!"
    return False
