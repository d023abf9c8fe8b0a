"""References to provisions of law in the text, in the one form editors write them.

A reference is a law's name as the register of provisions (content/love/) writes it, then
§ and the number, optionally ", stk. N": "Barnets Lov § 133", "Barnets Lov § 2, stk. 3",
"forvaltningsloven § 28". Several at once: "Barnets Lov §§ 28–29", "Barnets Lov §§ 2 og 15".
Written after "tidligere" ("tidligere Serviceloven § 49 a") it names a former rule and is
not resolved. A "§" without a law's name before it is not a reference (the sentence around it
names the law).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from build_tools.items import Item, Loaded, Loc
from build_tools.messages import field_name
from build_tools.model import Lovregister, Paragraf
from build_tools.registry import LOVE

SKIPPED_FIELDS = {"noegleord", "kilder"}
"""Fields whose words are not text readers see as a reference (search words, source ids)."""

_NUMBER = r"\d+(?: [a-h](?![a-zæøå]))?"
_LIST = rf"{_NUMBER}(?:\s*(?:[–-]|,|og)\s*{_NUMBER})*"


@dataclass(frozen=True)
class Mention:
    """One provision named in an item's text."""

    lov: str
    """The law's name as the register writes it."""
    paragraf: str
    stk: int | None
    former: bool
    line: int
    field: str

    @property
    def navn(self) -> str:
        stk = f", stk. {self.stk}" if self.stk else ""
        return f"{self.lov} § {self.paragraf}{stk}"


@dataclass
class Register:
    """The provisions the handbook knows, and the repealed ones text may only name as former."""

    provisions: dict[tuple[str, str, int | None], Paragraf]
    repealed: set[tuple[str, str]]
    laws: dict[str, str]
    """Lower-case law name → the name as the register writes it."""
    pattern: re.Pattern[str] | None

    def find(self, mention: Mention) -> Paragraf | None:
        """The provision a mention names (a mention of a stk. falls back to its §)."""
        return (self.provisions.get((mention.lov, mention.paragraf, mention.stk))
                or self.provisions.get((mention.lov, mention.paragraf, None)))

    def successor(self, lov: str, paragraf: str) -> Paragraf | None:
        """The provision that replaced a repealed one, when the register says so."""
        for provision in self.provisions.values():
            for former in provision.afloeser:
                if _split(former) == (lov, paragraf):
                    return provision
        return None


def _split(text: str) -> tuple[str, str] | None:
    match = re.fullmatch(rf"(.+?)\s+§\s*({_NUMBER})", text.strip())
    return (match.group(1), match.group(2)) if match else None


def register_of(loaded: Loaded) -> Register:
    """The register of provisions in the content (empty when there is none)."""
    provisions: dict[tuple[str, str, int | None], Paragraf] = {}
    repealed: set[tuple[str, str]] = set()
    laws: dict[str, str] = {}
    for item in loaded.items.get(LOVE, {}).values():
        assert isinstance(item.model, Lovregister)
        for paragraf in item.model.paragraffer:
            provisions[(paragraf.lov, paragraf.paragraf, paragraf.stk)] = paragraf
            laws[paragraf.lov.lower()] = paragraf.lov
        for text in item.model.ophaevede:
            split = _split(text)
            if split:
                repealed.add(split)
                laws.setdefault(split[0].lower(), split[0])
    pattern = None
    if laws:
        names = "|".join(re.escape(name) for name in sorted(laws, key=len, reverse=True))
        pattern = re.compile(
            rf"(?P<former>\btidligere\s+)?(?<![\wæøå])(?P<lov>{names})s?\s+"
            rf"(?P<sign>§§?)\s*(?P<numbers>{_LIST})(?:,\s*stk\.\s*(?P<stk>\d+))?",
            re.IGNORECASE,
        )
    return Register(provisions, repealed, laws, pattern)


def _field_at(item: Item, line: int) -> Loc:
    """The field whose value holds `line` (the last field starting at or before it)."""
    best: tuple[int, Loc] = (0, ())
    for loc, start in item.lines.items():
        if best[0] <= start <= line:
            best = (start, loc)
    return best[1]


def _numbers(text: str, sign: str) -> list[str]:
    parts = [p.strip() for p in re.split(r"\s*(?:,|og)\s*", text) if p.strip()]
    numbers: list[str] = []
    for part in parts:
        ends = re.split(r"\s*[–-]\s*", part)
        if sign == "§§" and len(ends) == 2 and ends[0].isdigit() and ends[1].isdigit():
            low, high = int(ends[0]), int(ends[1])
            numbers.extend(str(n) for n in range(low, high + 1) if high - low < 20)
        else:
            numbers.extend(ends)
    return numbers


def mentions(item: Item, register: Register) -> Iterator[Mention]:
    """Every provision an item's text names, with its line and field."""
    text = item.source.text or ""
    for start, found in mentions_in(text, register):
        line = text.count("\n", 0, start) + 1
        loc = _field_at(item, line)
        if loc and loc[0] in SKIPPED_FIELDS:
            continue
        for mention in found:
            yield Mention(mention.lov, mention.paragraf, mention.stk, mention.former, line,
                          field_name(loc))


def mentions_in(text: str, register: Register) -> Iterator[tuple[int, list[Mention]]]:
    """The references in a piece of text: (offset, the provisions one reference names). The
    mentions' line and field are left empty (0, "")."""
    if register.pattern is None:
        return
    for match in register.pattern.finditer(text):
        lov = register.laws[match.group("lov").lower()]
        stk = int(match.group("stk")) if match.group("stk") else None
        numbers = _numbers(match.group("numbers"), match.group("sign"))
        yield match.start(), [
            Mention(lov, number, stk if len(numbers) == 1 else None, bool(match.group("former")),
                    0, "")
            for number in numbers]
