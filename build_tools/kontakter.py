"""The contact register (content/kontakter/kontakter.yml) as the writers use it.

Numbers are written once, in the register; every page and handout shows them as `tel:` links
whose visible digits are the link's digits (a Danish number gets +45 in front). Numbers that
editors write in running text are linked too (`link_numbers`), so a number is tappable wherever
it appears, not only where a template puts it.
"""

from __future__ import annotations

import re

from build_tools.items import Loaded
from build_tools.model import Kontaktregister, tel_href
from build_tools.registry import KONTAKTER

SKIP = re.compile(
    r"`[^`\n]*`"                      # code
    r"|!?\[[^\]\n]*\]\([^)\n]*\)"     # a link or image, text and target
    r"|<[^>\n]*>"                     # an HTML tag or an autolink
    r"|^[ \t]*(?:!!!|\?\?\?\+?|#).*$",  # admonition titles and headings stay plain text
    re.MULTILINE,
)


def contact_register(loaded: Loaded) -> Kontaktregister | None:
    """The register of numbers, or None when the content has none."""
    for item in loaded.items.get(KONTAKTER, {}).values():
        if isinstance(item.model, Kontaktregister):
            return item.model
    return None


def _number_pattern(telefon: str) -> str:
    digits = telefon.replace(" ", "")
    # "47 35 10 00", "47351000", "4735 1000" and no-break spaces all match; no digit, §, or
    # decimal point may touch it ("§ 112", "1.112", "41127").
    body = r"[ \u00a0]?".join(digits)
    return rf"(?<![\d§.,/])(?<!§ )(?<!§\u00a0)(?<!nr\. ){body}(?![\d])"


def link_numbers(text: str, register: Kontaktregister | None) -> str:
    """Markdown with every register number in running text made a `tel:` link."""
    if register is None or not text:
        return text
    numbers = {k.telefon.replace(" ", ""): k for k in register.kontakter}
    pattern = re.compile("|".join(f"(?:{_number_pattern(t)})" for t in
                                  sorted((k.telefon for k in register.kontakter),
                                         key=len, reverse=True)))

    def link(match: re.Match[str]) -> str:
        shown = match.group(0)
        digits = re.sub(r"\D", "", shown)
        return f"[{shown}]({tel_href(numbers[digits].telefon)})"

    out, last = [], 0
    for skip in SKIP.finditer(text):
        out.append(pattern.sub(link, text[last:skip.start()]))
        out.append(skip.group(0))
        last = skip.end()
    out.append(pattern.sub(link, text[last:]))
    return "".join(out)
