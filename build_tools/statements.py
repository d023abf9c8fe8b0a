"""Statements a lawyer should read: text split into sentences, and the sentences that cite a
provision, state a duty, a deadline or a consent rule.

Used by `handbook jura` (build_tools/jura.py). Works on the text editors write (Markdown or a
YAML value): a list item, a heading, a table row and a paragraph each end a statement; inside
one, a sentence ends at . ! or ? followed by a capital letter (never after an abbreviation such
as "stk.", "fx." or "bl.a.", nor before a digit: "stk. 3", "nr. 9471").
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from build_tools.legal import Mention, Register, mentions_in

KINDS: dict[str, str] = {
    "paragraf": "Lovhenvisning",
    "pligt": "Pligt",
    "frist": "Frist",
    "samtykke": "Samtykke",
}
"""What a statement can be, and the label the pack shows."""

ABBREVIATIONS = {
    "stk", "nr", "fx", "f.eks", "bl.a", "jf", "ca", "kl", "pkt", "mv", "m.v", "osv", "evt",
    "dvs", "inkl", "ekskl", "mht", "m.h.t", "iflg", "ift", "vedr", "tlf", "s", "bek", "lbk",
    "vejl", "afs", "ff", "el", "o.l", "m.fl", "hhv", "pga", "p.g.a", "ang", "ds",
}
"""Words that end with a full stop inside a sentence (lower case, without the last stop)."""

_BLOCK_START = re.compile(r"^\s*(?:[-*+]\s|\d+[.)]\s|#{1,6}\s|!!!|\?\?\?|\||>)")
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"”»)*_]*\s+(?=[\"“„«(*_]*[A-ZÆØÅ§])")
_NUMBER_WORDS = ("en|et|én|to|tre|fire|fem|seks|syv|otte|ni|ti|elleve|tolv|fjorten|tyve|"
                 "\\d+(?:[,.]\\d+)?(?:\\s*[–-]\\s*\\d+)?")

PATTERNS: dict[str, re.Pattern[str]] = {
    "pligt": re.compile(
        r"\b(?:skal|skulle|pligt\w*|underretningspligt\w*|tavshedspligt\w*|forpligt\w*|"
        r"må ikke|må kun|har krav på|har ret til)\b", re.IGNORECASE),
    "frist": re.compile(
        rf"\b(?:(?:{_NUMBER_WORDS})\s+(?:timer?|døgn|dage?|hverdage?|arbejdsdage?|uger?|"
        r"måneder?)\b|samme dag|samme uge|næste hverdag|straks|med det samme|omgående|"
        r"hurtigst muligt|senest|inden for|frist\w*)", re.IGNORECASE),
    "samtykke": re.compile(r"\bsamtykke\w*", re.IGNORECASE),
}
"""How a sentence states a duty, a deadline or a consent rule (a provision: the register's
own pattern)."""


@dataclass(frozen=True)
class Sentence:
    """One sentence of a text, with where it starts in the text."""

    text: str
    """The sentence as a reader sees it: Markdown marks and HTML tags removed."""
    raw: str
    """The sentence as written."""
    start: int


@dataclass(frozen=True)
class Statement:
    """A sentence that cites a provision or states a duty, a deadline or a consent rule."""

    text: str
    kinds: tuple[str, ...]
    """Keys of KINDS, in that order."""
    mentions: tuple[Mention, ...]
    """The provisions it names (line and field empty)."""
    start: int


def _blocks(text: str) -> Iterator[tuple[int, str]]:
    """(offset, text) of every paragraph, list item, heading or table row."""
    start: int | None = None
    offset = 0
    for line in text.splitlines(keepends=True):
        if not line.strip():
            if start is not None:
                yield start, text[start:offset]
            start = None
        elif start is None or _BLOCK_START.match(line):
            if start is not None:
                yield start, text[start:offset]
            start = offset
        offset += len(line)
    if start is not None:
        yield start, text[start:]


def _ends_with_abbreviation(text: str) -> bool:
    word = re.split(r"[\s(\"“„]", text.rstrip())[-1].lower().rstrip(".")
    return word in ABBREVIATIONS or bool(re.fullmatch(r"[a-zæøå]", word))


def plain(text: str) -> str:
    """What a reader sees of a piece of Markdown: no marks, tags, list signs or link
    addresses; runs of whitespace as one space."""
    text = re.sub(r"^\s*(?:[-*+]|\d+[.)]|#{1,6}|>)\s+", "", text, flags=re.MULTILINE)
    text = re.sub(r'^\s*(?:!!!|\?\?\?\+?)\s*[\w-]+\s*(?:"([^"]*)"?)?', r"\1", text,
                  flags=re.MULTILINE)
    text = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", text)
    text = re.sub(r"<[^>]+>", "", text)
    text = re.sub(r"\{\s*#[^}]*\}", "", text)
    text = re.sub(r"(\*\*|__|\*|`)", "", text)
    text = re.sub(r"\s*\|\s*", " · ", text).strip(" ·")
    if text.count('"') % 2:  # a quote split by a sentence end (an admonition's title)
        text = text.strip('"')
    return " ".join(text.split())


def sentences(text: str) -> Iterator[Sentence]:
    """The sentences of a text, in order."""
    for block_start, block in _blocks(text):
        begin = 0
        for match in _SENTENCE_END.finditer(block):
            if _ends_with_abbreviation(block[:match.start()]):
                continue
            yield from _sentence(block, block_start, begin, match.start())
            begin = match.end()
        yield from _sentence(block, block_start, begin, len(block))


def _sentence(block: str, block_start: int, begin: int, end: int) -> Iterator[Sentence]:
    raw = block[begin:end]
    shown = plain(raw)
    if len(shown) > 2:
        yield Sentence(shown, raw, block_start + begin)


def classify(sentence: Sentence, register: Register) -> Statement | None:
    """The statement a sentence makes, or None when it cites nothing and states no duty,
    deadline or consent rule."""
    found = tuple(m for _, group in mentions_in(sentence.raw, register) for m in group)
    kinds = ["paragraf"] if found else []
    kinds += [kind for kind, pattern in PATTERNS.items() if pattern.search(sentence.text)]
    if not kinds:
        return None
    ordered = tuple(kind for kind in KINDS if kind in kinds)
    return Statement(sentence.text, ordered, found, sentence.start)


def statements(text: str, register: Register) -> Iterator[Statement]:
    """The statements in a text a lawyer should read (a heading states nothing)."""
    for sentence in sentences(text):
        if sentence.raw.lstrip().startswith("#"):
            continue
        statement = classify(sentence, register)
        if statement is not None:
            yield statement
