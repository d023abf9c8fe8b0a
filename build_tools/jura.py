"""The legal review pack (`handbook jura`): every statement a lawyer must read, by page.

A statement is a sentence that cites a provision ("Barnets Lov § 133"), states a duty ("skal",
"pligt"), a deadline ("24 timer", "samme dag") or a consent rule ("samtykke"); see
statements.py. Each page comes with its title, file, status, legal review and sources, each
provision with its entry in the register (content/love/), and each statement and page with a
line to approve or comment. The pack is one HTML file and the same as a PDF (the print
machinery: print.css, WeasyPrint, nothing fetched from outside).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from build_tools.approval import Gennemgang, gennemgang
from build_tools.items import Item, Loaded
from build_tools.legal import Mention, Register, register_of
from build_tools.model import STATUS_LABELS, TILBAGETRUKKET, Kilde, Paragraf
from build_tools.registry import KILDER, LOVE, TYPES, page_path
from build_tools.render import dansk_dato, jinja_environment
from build_tools.resolve import Handbook, ordered
from build_tools.statements import KINDS, statements

HTML_NAME = "juridisk-gennemgang.html"
PDF_NAME = "juridisk-gennemgang.pdf"
SKIPPED = {"id", "kilder", "noegleord", "juridisk_gennemgang", "status", "ejer", "version"}
"""Fields that hold no statement (ids, source ids, search words, governance)."""
NAMES = {"titel", "term", "aendringer", "mangler"}
"""Fields that name or log rather than guide (titles, glossary terms, the change log, the gaps):
listed only for a provision they cite, not for a "skal" or a "samtykke" in them."""
APPROVE_LINE = "☐ Godkendt   ☐ Kommentar:"
"""The line under every statement (the PDF's text contains it; tests read it)."""


@dataclass(frozen=True)
class Henvisning:
    """A provision a statement names, with what the register knows about it."""

    mention: Mention
    paragraf: Paragraf | None
    """The register's entry (None when the register does not have it)."""
    repealed: bool

    @property
    def navn(self) -> str:
        return ("tidligere " if self.mention.former else "") + self.mention.navn


@dataclass(frozen=True)
class Udsagn:
    """One statement in the pack."""

    text: str
    kinds: tuple[str, ...]
    field: str
    line: int
    henvisninger: tuple[Henvisning, ...]

    @property
    def labels(self) -> list[str]:
        return [KINDS[kind] for kind in self.kinds]


@dataclass
class Side:
    """One page of the handbook and its statements."""

    item: Item
    path: str
    """The content file, as editors name it."""
    page: str
    """The site page (docs-tree path)."""
    sources: list[Kilde]
    review: Gennemgang | None
    udsagn: list[Udsagn] = field(default_factory=list)

    @property
    def title(self) -> str:
        return self.item.model.titel

    @property
    def status(self) -> str:
        return STATUS_LABELS[self.item.model.status]

    @property
    def mentions(self) -> list[Mention]:
        return [h.mention for u in self.udsagn for h in u.henvisninger]


@dataclass
class Pakke:
    """The whole pack."""

    sider: list[Side]
    made: date
    provisions: list[Paragraf]
    """Every provision the pack names that the register has, in the register's order."""

    def count(self, kind: str) -> int:
        return sum(1 for side in self.sider for u in side.udsagn if kind in u.kinds)

    @property
    def total(self) -> int:
        return sum(len(side.udsagn) for side in self.sider)


def _walk(value: Any, loc: tuple[str | int, ...]) -> Any:
    """(loc, text) of every text an item holds, in the file's order, less SKIPPED fields."""
    if isinstance(value, dict):
        for key, inner in value.items():
            if key not in SKIPPED:
                yield from _walk(inner, (*loc, key))
    elif isinstance(value, list):
        for index, inner in enumerate(value):
            yield from _walk(inner, (*loc, index))
    elif isinstance(value, str) and value.strip():
        yield loc, value


def _field_label(loc: tuple[str | int, ...]) -> str:
    text = ""
    for part in loc:
        text += f"[{part + 1}]" if isinstance(part, int) else (f".{part}" if text else part)
    return text


def _line(item: Item, loc: tuple[str | int, ...], raw: str) -> int:
    """The line in the file where a sentence starts: searched from the field's line on."""
    start = item.line(loc)
    lines = (item.source.text or "").splitlines()
    probe = " ".join(raw.split())[:40]
    words = probe.split()[:4]
    if not words:
        return start
    pattern = re.compile(r"\s+".join(re.escape(w) for w in words))
    for number in range(max(start, 1), len(lines) + 1):
        if pattern.search(lines[number - 1]):
            return number
    return start


def page_statements(item: Item, register: Register, sources: dict[str, Kilde]) -> Side:
    """The statements of one item, with its sources and review."""
    model = item.model
    side = Side(item, item.source.display, page_path(item),
                [sources[k] for k in model.kilder if k in sources], gennemgang(model))
    for loc, text in _walk(model.model_dump(), ()):
        for statement in statements(text, register):
            if NAMES.intersection(str(part) for part in loc) and not statement.mentions:
                continue
            henvisninger = tuple(
                Henvisning(m, None if m.former else register.find(m),
                           (m.lov, m.paragraf) in register.repealed)
                for m in statement.mentions)
            raw = text[statement.start:statement.start + 60]
            side.udsagn.append(Udsagn(statement.text, statement.kinds, _field_label(loc),
                                      _line(item, loc, raw), henvisninger))
    return side


def build_pack(loaded: Loaded, handbook: Handbook, today: date | None = None) -> Pakke:
    """Every page with statements (or a recorded legal review), in the handbook's order."""
    register = register_of(loaded)
    sider = []
    for kind in TYPES:
        if kind in (KILDER, LOVE):  # the registers describe provisions, not cite them
            continue
        for item in ordered(loaded.items.get(kind, {})):
            if item.model.status == TILBAGETRUKKET:
                continue
            side = page_statements(item, register, handbook.sources)
            if side.udsagn or side.review is not None:
                sider.append(side)
    named = {(h.paragraf.lov, h.paragraf.paragraf, h.paragraf.stk)
             for side in sider for u in side.udsagn for h in u.henvisninger if h.paragraf}
    provisions = [p for key, p in register.provisions.items() if key in named]
    return Pakke(sider, today or date.today(), provisions)


def pack_html(pakke: Pakke) -> str:
    """The pack as one standalone, printable HTML document in Danish."""
    env = jinja_environment("templates/jura", markdown=False)
    return env.get_template("pakke.html.j2").render(
        pakke=pakke, KINDS=KINDS, APPROVE_LINE=APPROVE_LINE, made=dansk_dato(pakke.made))


def write_pack(pakke: Pakke, out: Path) -> tuple[Path, Path]:
    """Write the pack's HTML and PDF into `out`."""
    from build_tools.pdf import render_pdf

    out.mkdir(parents=True, exist_ok=True)
    html = pack_html(pakke)
    html_path, pdf_path = out / HTML_NAME, out / PDF_NAME
    html_path.write_text(html, encoding="utf-8")
    render_pdf(html).write_pdf(pdf_path, pdf_tags=True)
    return html_path, pdf_path
