"""The Danish stop words: a plain text list people edit, and the script the browser loads.

`stopord.txt` (next to this file) is the list: one word per line, `#` starts a comment. The
site's search runs in the browser and cannot read a text file when the handbook is opened from a
file share (file://), so this module writes the same list as a small script,
`build_tools/static/assets/javascripts/search/stopord.js`, which is checked in.

    python -m build_tools.search.stopord          # write the script from the list
    python -m build_tools.search.stopord --check  # exit 1 if the script is out of date
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
LIST = HERE / "stopord.txt"
SCRIPT = HERE.parent / "static" / "assets" / "javascripts" / "search" / "stopord.js"


def read_words(path: Path = LIST) -> list[str]:
    """The words of the list, in file order, without comments, blank lines or repeats.

    Raises ValueError (with the line) for a line that is not one lower-case word."""
    words: list[str] = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        word = line.split("#", 1)[0].strip()
        if not word:
            continue
        if word != word.lower() or not word.isalpha():
            raise ValueError(f"{path.name}:{number}: ét ord med små bogstaver pr. linje: {line!r}")
        if word not in words:
            words.append(word)
    return words


def script(words: list[str]) -> str:
    """The browser script for `words` (a global list the search worker reads)."""
    listing = json.dumps(words, ensure_ascii=False, indent=2)
    return (
        "/* Generated from build_tools/search/stopord.txt by "
        "`python -m build_tools.search.stopord`.\n"
        "   Do not edit: change the text file and run the command again. */\n"
        f"self.HandbookStopord = {listing}\n"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--check", action="store_true", help="only check the script is current")
    args = parser.parse_args(argv)
    try:
        wanted = script(read_words())
    except ValueError as exc:
        print(exc, file=sys.stderr)
        return 1
    current = SCRIPT.read_text(encoding="utf-8") if SCRIPT.exists() else ""
    if args.check:
        if current != wanted:
            print(
                f"{SCRIPT} er ikke opdateret: kør python -m build_tools.search.stopord",
                file=sys.stderr,
            )
            return 1
        return 0
    if current != wanted:
        SCRIPT.write_text(wanted, encoding="utf-8")
        print(f"skrev {SCRIPT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
