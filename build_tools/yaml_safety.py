"""Reading YAML safely, for the loader: one document, no tags, no anchors or aliases (so no
alias bombs), no duplicate keys, nesting within MAX_DEPTH, and what text pasted from Word does
(tabs, non-breaking spaces, curly quotes) named as such; every YAML error as one Danish line.
`parse_yaml` returns the data with the line of every field."""

from __future__ import annotations

import re
from typing import Any

import yaml

from build_tools.items import Loc
from build_tools.messages import field_name, impossible_date
from build_tools.problems import Problem

MAX_DEPTH = 20
"""Lists and groups inside each other (YAML), and '[' inside each other (Markdown). The content
needs about 4; deep nesting crashed the parsers (a traceback at 1,000, a segfault at 30,000)."""

# libyaml is about 30 times faster than the pure-Python parser; the wheels ship it.
SafeLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


# --- YAML ----------------------------------------------------------------------------------------

_YAML_PROBLEMS = {
    # PyYAML's and libyaml's wording of the same problems
    "mapping values are not allowed": (
        "et kolon står et sted, hvor det ikke må; sæt teksten i anførselstegn, "
        "hvis den indeholder ': '"
    ),
    "could not find expected ':'": "mangler ':' efter et feltnavn",
    "did not find expected key": "forkert indrykning: forventede et nyt felt på dette niveau",
    "did not find expected '-' indicator": "forkert indrykning i en liste",
    "found character that cannot start any token": "et tegn, der ikke må stå her",
    "found unexpected end of stream": (
        "filen slutter midt i en tekst; mangler der et afsluttende anførselstegn?"
    ),
    "expected <block end>, but found": "forkert indrykning",
    "did not find expected node content": "mangler en værdi efter feltnavnet eller '-'",
    "did not find expected ',' or ']'": "en liste i [ ] mangler ']' til sidst (eller et komma)",
    "did not find expected ',' or '}'": "en gruppe i { } mangler '}' til sidst (eller et komma)",
    "found undefined tag handle": "YAML-mærker (!navn) er ikke tilladt",
    "found unexpected ':'": "et kolon står et sted, hvor det ikke må",
    "found undefined alias": "YAML-aliasser (*navn) er ikke tilladt",
    "could not determine a constructor for the tag 'tag:yaml.org,2002:merge'": (
        "'<<' (felter flettet ind fra et andet sted) er ikke tilladt; skriv felterne ud"),
    "could not determine a constructor for the tag": "YAML-mærker (!navn) er ikke tilladt",
}


def _yaml_problem(exc: yaml.MarkedYAMLError) -> str:
    text = exc.problem or str(exc)
    for english, danish in _YAML_PROBLEMS.items():
        if text.startswith(english):
            return danish
    return ("YAML-syntaksfejl: linjen kan ikke læses; tjek indrykning, kolon og "
            "anførselstegn her og på linjen før")


STR_TAG = "tag:yaml.org,2002:str"
RISKY = re.compile(r"[&*!]|^(---|\.\.\.)", re.MULTILINE)
"""Characters without which a text holds no anchor (&), alias (*), tag (!) or second document."""


def _scan_events(text: str, display: str, offset: int) -> list[Problem]:
    """Reject what a content file never needs and a hostile one might use: tags, anchors,
    aliases, several documents. Scanning events does not expand aliases, so an alias bomb is
    rejected in milliseconds. Anchors and aliases are reported once per file."""
    problems: list[Problem] = []
    documents = 0
    references: list[int] = []
    for event in yaml.parse(text, Loader=SafeLoader):
        line = _line_of(event) + offset
        if isinstance(event, yaml.DocumentStartEvent):
            documents += 1
            if documents == 2:
                problems.append(
                    Problem(display, line, "", "filen må kun indeholde ét YAML-dokument (én '---')")
                )
        elif isinstance(event, yaml.AliasEvent):
            references.append(line)
        elif isinstance(event, (yaml.ScalarEvent, yaml.CollectionStartEvent)):
            if event.anchor is not None:
                references.append(line)
            if event.tag is not None and event.tag != "!":
                tag = event.tag.replace("tag:yaml.org,2002:", "!!")
                problems.append(
                    Problem(display, line, "",
                            f"YAML-mærket '{tag}' er ikke tilladt; skriv værdien uden mærke")
                )
    if references:
        problems.append(
            Problem(display, references[0], "",
                    f"YAML-ankre og -aliasser (&navn, *navn) er ikke tilladt; skriv værdierne ud "
                    f"({len(references)} steder i filen, det første her)")
        )
    return problems


def _to_python(
    node: yaml.Node,
    loader: yaml.SafeLoader,
    loc: Loc,
    lines: dict[Loc, int],
    problems: list[Problem],
    display: str,
    offset: int,
) -> Any:
    lines.setdefault(loc, node.start_mark.line + 1 + offset)
    if isinstance(node, yaml.MappingNode):
        result: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            # Field names are plain strings: skip the constructor machinery for them too.
            key = (key_node.value if key_node.tag == STR_TAG
                   else loader.construct_object(key_node, deep=True))
            if not isinstance(key, str):
                key = str(key)
            key_line = key_node.start_mark.line + 1 + offset
            if key in result:
                problems.append(
                    Problem(display, key_line, field_name(loc + (key,)),
                            "feltet står to gange; slet det ene")
                )
                continue
            lines[loc + (key,)] = key_line
            result[key] = _to_python(
                value_node, loader, loc + (key,), lines, problems, display, offset
            )
        return result
    if isinstance(node, yaml.SequenceNode):
        items = []
        for index, item_node in enumerate(node.value):
            lines[loc + (index,)] = item_node.start_mark.line + 1 + offset
            items.append(
                _to_python(item_node, loader, loc + (index,), lines, problems, display, offset)
            )
        return items
    if node.tag == STR_TAG:
        return node.value  # most values: skip the constructor machinery
    try:
        return loader.yaml_constructors[node.tag](loader, node)
    except ValueError:  # 2027-02-30 looks like a date to YAML, and is not one
        problems.append(Problem(display, node.start_mark.line + 1 + offset, field_name(loc),
                                impossible_date(str(node.value))))
        return str(node.value)


def _yaml_depth(text: str, display: str, offset: int) -> Problem | None:
    """Lists and groups nested deeper than MAX_DEPTH (the parsers recurse and crash on very deep
    nesting). Counted from the parser's events, which do not recurse; only done when a cheap
    upper bound on the depth exceeds the limit."""
    prefix = max((len(line) - len(line.lstrip(" -?:")) for line in text.splitlines()),
                 default=0)
    if prefix + text.count("[") + text.count("{") <= MAX_DEPTH:
        return None
    depth = 0
    try:
        for event in yaml.parse(text, Loader=SafeLoader):
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > MAX_DEPTH:
                    return Problem(display, _line_of(event) + offset, "",
                                   f"lister og grupper står mere end {MAX_DEPTH} lag inde i "
                                   "hinanden; skriv indholdet fladere")
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
    except yaml.YAMLError:
        return None  # the parser reports the syntax error itself
    return None


ODD_SPACES = "\u00a0\u2007\u202f\u2009\u200a\u2002\u2003\u3000"
"""Spaces a word processor pastes that look like ordinary ones (non-breaking and thin)."""
KEY_THEN_ODD_SPACE = re.compile(rf"^[ -]*([A-Za-z_][A-Za-z0-9_]*):([{ODD_SPACES}])")
CURLY = "\u201c\u201d\u201e\u2018\u2019\u00ab\u00bb"
VALUE = re.compile(r"^[ -]*([A-Za-z_][A-Za-z0-9_]*): (.*)$")


def _pasted(text: str, display: str, offset: int) -> list[Problem]:
    """What text pasted from Word does to YAML, named as such with its column: tabs and
    non-breaking spaces in the indentation, a non-breaking space after a field's colon."""
    problems: list[Problem] = []
    if "\t" not in text and not any(space in text for space in ODD_SPACES):
        return problems  # nothing pasted (the common case): no line-by-line scan
    for number, line in enumerate(text.splitlines(), start=1):
        indent = line[: len(line) - len(line.lstrip(" \t" + ODD_SPACES))]
        for column, char in enumerate(indent, start=1):
            if char == "\t":
                problems.append(Problem(display, number + offset, "", f"tabulatortegn i "
                                        f"indrykningen (kolonne {column}); YAML kræver mellemrum"))
                break
            if char in ODD_SPACES:
                problems.append(Problem(
                    display, number + offset, "", f"hårdt mellemrum i indrykningen (kolonne "
                    f"{column}), typisk kopieret fra Word; skriv almindelige mellemrum"))
                break
        else:
            match = KEY_THEN_ODD_SPACE.match(line)
            if match:
                problems.append(Problem(
                    display, number + offset, match.group(1), f"hårdt mellemrum efter kolonet "
                    f"(kolonne {match.end()}), typisk kopieret fra Word; skriv et almindeligt "
                    "mellemrum"))
    return problems


def _explain(exc: yaml.MarkedYAMLError, text: str) -> tuple[int, str] | None:
    """A plainer cause for a syntax error novices make: curly quotes, a quote inside quotes,
    a field name without its colon. Returns (0-based line, message) or None."""
    mark = exc.problem_mark or exc.context_mark
    if mark is None:
        return None
    lines = text.splitlines()
    start = exc.context_mark.line if exc.context_mark else mark.line
    for number in range(max(0, min(start, mark.line) - 1), min(len(lines), mark.line + 1)):
        line = lines[number]
        value = VALUE.match(line)
        if value and value.group(2)[:1] in CURLY:
            return number, (f"teksten i '{value.group(1)}' står i krumme anførselstegn "
                            f"({value.group(2)[0]}…), typisk fra Word; YAML kender kun "
                            'almindelige "…"; skriv dem, eller fjern dem')
        if value and value.group(2).startswith('"'):
            inner = value.group(2).rstrip()
            if inner.count('"') - inner.count('\\"') > 2:
                return number, (f"teksten i '{value.group(1)}' står i \"…\" og indeholder selv "
                                '"; brug »…« inde i teksten, eller sæt hele teksten i \'…\'')
    # A list item's first field without its colon ("- titel Tekst"): the next field is then
    # "not allowed" where the parser stands.
    field = re.match(r"^( *)[A-Za-z_][A-Za-z0-9_]*:", lines[mark.line]) if mark.line < len(
        lines) else None
    item = re.match(r"^( *- +)([A-Za-z_][A-Za-z0-9_]*) +\S", lines[mark.line - 1]) if (
        field and mark.line > 0) else None
    if field and item and len(item.group(1)) == len(field.group(1)) and ":" not in (
            lines[mark.line - 1]):
        return mark.line - 1, f"mangler ':' efter feltnavnet '{item.group(2)}'"
    # A field name without its colon: a bare word where a field or a list item belongs.
    for number in range(max(0, mark.line - 1), min(len(lines), mark.line + 1)):
        bare = re.match(r"^( *)([A-Za-z_][A-Za-z0-9_]*)( +\S.*)?$", lines[number])
        if bare and ":" not in lines[number] and (number == 0 or lines[number - 1].strip()):
            return number, f"mangler ':' efter feltnavnet '{bare.group(2)}'"
    return None


def parse_yaml(
    text: str, display: str, offset: int = 0
) -> tuple[Any, dict[Loc, int], list[Problem]]:
    """Parse one YAML document safely. Returns (data, line of each field, problems)."""
    problems = _pasted(text, display, offset)
    if problems:
        return None, {}, problems
    problem = _yaml_depth(text, display, offset)
    if problem:
        return None, {}, [problem]
    try:
        # The event scan only matters where an anchor, alias, tag or second document could be.
        problems = _scan_events(text, display, offset) if RISKY.search(text) else []
        if problems:
            return None, {}, problems
        loader = SafeLoader(text)
        try:
            node = loader.get_single_node()
            if node is None:
                return None, {}, []
            lines: dict[Loc, int] = {}
            data = _to_python(node, loader, (), lines, problems, display, offset)
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as exc:
        explained = _explain(exc, text)
        if explained:
            return None, {}, [Problem(display, explained[0] + 1 + offset, "", explained[1])]
        mark = exc.problem_mark or exc.context_mark
        line = (mark.line + 1 if mark else 1) + offset
        return None, {}, [Problem(display, line, "", _yaml_problem(exc))]
    except yaml.YAMLError as exc:
        return None, {}, [Problem(display, 1 + offset, "", f"YAML-fejl ({exc})")]
    return data, lines, problems


def _line_of(event: yaml.Event) -> int:
    """An event's 1-based line (libyaml always sets its mark; 1 if not)."""
    mark = event.start_mark
    return mark.line + 1 if mark is not None else 1
