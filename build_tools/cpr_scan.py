"""CPR numbers in what readers see: the built pages, the search index and the PDFs' text.

The content check looks for CPR numbers in the source (checks.find_cpr_numbers), through what a
reader does not see. But Markdown can split a number in the source so that no pattern sees it
whole, and the page shows it whole: an empty link (`0102[](x.md)03-1234`), an attribute list,
a line break, emphasis; and a number written with dots, slashes or spaces between its groups
(`01.02.03-1234`, `01/02/03 1234`) is one to a reader too. So after the site is written, and
before it is published, build.py scans:

- the visible text of every page (text, the page title, and the attributes a reader or a screen
  reader meets: alt, title, aria-label, the description);
- the search index (titles and texts);
- the text of every PDF, read from the print HTML it is made from (build_tools/pdf/ renders
  exactly that text).

A hit stops the build with one Danish line per number, naming the content file it came from
(found by its digits, whatever stood between them in the source) and never the number itself.
"""

from __future__ import annotations

import html
import json
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from build_tools.checks import mask_cpr
from build_tools.items import Loaded
from build_tools.problems import Problem

_GROUP_SEPARATOR = r"[ .\-/\u2010-\u2015\u2212]?"
_BEFORE_SERIAL = r"[ .\-/\u2010-\u2015\u2212]{0,3}"
VISIBLE_CPR = re.compile(
    r"(?<![\d.,/\-])(\d\d)" + _GROUP_SEPARATOR + r"(\d\d)" + _GROUP_SEPARATOR + r"(\d\d)"
    + _BEFORE_SERIAL + r"(\d{4})(?![\d,]|[.\-/]\d)"
)
"""ddmmyy-xxxx as people write it in running text: the date's groups run together or split
by a space, dot, slash or dash (01.02.03-1234, 01/02/03 1234, 010203 1234), then up to three
of those before the four digits. Text is NFKC-normalised and its whitespace made single spaces
first (full-width digits, non-breaking spaces)."""

MESSAGE = ("ligner et CPR-nummer, som læseren ser {where}, selv om kilden skriver det opdelt"
           " (med punktummer, skråstreger, mellemrum eller Markdown imellem); "
           "personoplysninger om borgere må aldrig stå i håndbogen. Slet nummeret")


@dataclass(frozen=True)
class Hit:
    digits: str
    """The ten digits, to find the source by; never printed."""
    where: str
    """The output, in Danish: 'på siden indsatser/x.html', 'i søgeindekset', 'i pdf/handbog.pdf'."""


def normalised(text: str) -> str:
    text = unicodedata.normalize("NFKC", text)
    return re.sub(r"\s+", " ", text)


def find_visible(text: str) -> Iterator[str]:
    """The digits of every CPR-like number in a text as readers see it."""
    for match in VISIBLE_CPR.finditer(normalised(text)):
        day, month = int(match.group(1)), int(match.group(2))
        if 1 <= day <= 31 and 1 <= month <= 12:
            yield "".join(match.groups())


UNSEEN = re.compile(r"<(script|style|template)\b.*?</\1\s*>", re.S | re.I)
TAG = re.compile(r"<[^>]*>")
READ_ALOUD = re.compile(r'\s(?:alt|title|aria-label|placeholder|value)="([^"]*)"'
                        r'|<meta name="description" content="([^"]*)"')
"""The attributes a reader or a screen reader meets: texts of their own."""


def visible_texts(markup: str) -> list[str]:
    """The text of a page as it reaches a reader: everything outside <script>/<style> with
    the tags taken out and nothing put in their place (Markdown's elements do not separate a
    number for the eye), then the readable attributes. Regular expressions, not a parser: four
    times faster here, and what they may leave of an odd tag is extra text, never less."""
    markup = UNSEEN.sub("", markup)
    attributes = [html.unescape(a or b) for a, b in READ_ALOUD.findall(markup)]
    return [html.unescape(TAG.sub("", markup)), *attributes]


def scan_pages(site_dir: Path) -> Iterator[Hit]:
    for page in sorted(site_dir.rglob("*.html")):
        where = f"på siden {page.relative_to(site_dir).as_posix()}"
        for text in visible_texts(page.read_text(encoding="utf-8", errors="replace")):
            for digits in find_visible(text):
                yield Hit(digits, where)


def scan_search_index(site_dir: Path) -> Iterator[Hit]:
    index = site_dir / "search" / "search_index.json"
    if not index.is_file():
        return
    for entry in json.loads(index.read_text(encoding="utf-8")).get("docs", []):
        for field in ("title", "text"):
            for text in visible_texts(str(entry.get(field, ""))):
                for digits in find_visible(html.unescape(text)):
                    yield Hit(digits, "i søgeindekset")


def scan_documents(documents: Iterable[tuple[str, str]]) -> Iterator[Hit]:
    """(PDF name, the print HTML it is made from) pairs."""
    for name, markup in documents:
        for text in visible_texts(markup):
            for digits in find_visible(text):
                yield Hit(digits, f"i {name}")


def _digits(text: str) -> tuple[str, list[int]]:
    text = unicodedata.normalize("NFKC", text)
    positions = [i for i, char in enumerate(text) if "0" <= char <= "9"]
    return "".join(text[i] for i in positions), positions


def problems(hits: Iterable[Hit], loaded: Loaded) -> list[Problem]:
    """One problem per number and output, at the content file whose digits hold it (every such
    file), else at the output itself."""
    sources = []
    for source in loaded.files:
        if source.text:
            text = unicodedata.normalize("NFKC", source.text)
            digits, positions = _digits(text)
            sources.append((source.display, text, digits, positions))
    found: dict[tuple[str, int], dict[str, None]] = {}
    for hit in hits:
        places = []
        for display, text, digits, positions in sources:
            index = digits.find(hit.digits)
            if index >= 0:
                places.append((display, text.count("\n", 0, positions[index]) + 1))
        for place in places or [(hit.where.split(" ", 2)[-1], 1)]:
            found.setdefault(place, {})[hit.where] = None
    result = []
    for (display, line), wheres in found.items():
        names = list(wheres)
        where = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " og " + names[-1]
        result.append(Problem(mask_cpr(display), line, "", MESSAGE.format(where=where)))
    return result


def scan(site_dir: Path, loaded: Loaded,
         documents: Iterable[tuple[str, str]] = ()) -> list[Problem]:
    """Everything a reader could see in the built site (and the PDFs' print HTML) that looks
    like a CPR number, as problems naming its source."""
    hits = [*scan_pages(site_dir), *scan_search_index(site_dir), *scan_documents(documents)]
    return problems(hits, loaded) if hits else []
