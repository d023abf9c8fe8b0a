"""Commands for editors: `handbook new`, `handbook schemas` and `handbook review`.

- `new` writes a commented skeleton of every field of a content type, which passes
  `handbook check` as it is, with placeholders that start with "Skriv".
- `schemas` writes the JSON Schemas (see schemas.py) that editors' tools validate against, and
  VS Code's `yaml.schemas` mapping in `.vscode/settings.json`.
- `review` lists texts whose next review date is near or past, grouped by owner.
"""

from __future__ import annotations

import argparse
import difflib
import json
import re
import sys
import textwrap
import types
import unicodedata
from datetime import date, timedelta
from pathlib import Path
from typing import (
    TYPE_CHECKING,
    Any,
    Literal,
    Union,
    get_args,
    get_origin,
)

from pydantic import BaseModel

from build_tools.context import Context
from build_tools.fields import NO_EXAMPLE, example, field_help, field_hints, placeholder
from build_tools.hints import base as _base
from build_tools.hints import is_model as _is_model
from build_tools.model import TILBAGETRUKKET, Begreb, Indhold, Markdown, Side, Slug
from build_tools.problems import display_path
from build_tools.registry import ORDLISTE, TYPES, find_type
from build_tools.schemas import VSCODE_SETTINGS, schema_texts, vscode_settings

if TYPE_CHECKING:
    from build_tools.items import Loaded


def new_types() -> tuple[str, ...]:
    """Types `handbook new` makes (the glossary is one file that already exists)."""
    return tuple(kind for kind, content_type in TYPES.items() if content_type.new)


NEW_TYPES = new_types()
"""Types `handbook new` makes; the glossary is one file that already exists."""

LINE_LENGTH = 100


HEADER = """\
Oprettet med `handbook new`. Udskift alle tekster, der begynder med "Skriv".
Linjer, der starter med #, er forklaringer; du må gerne slette dem.
Valgfrie felter står med # foran: fjern # for at bruge dem (Ctrl+/ i VS Code).
Tekst i "anførselstegn" må ikke selv indeholde "; brug »…« i stedet.
Tekst under en linje, der slutter med |, fylder flere linjer og er Markdown.
Husk: kilder på alt; status udkast, indtil en kilde siger, at teksten er godkendt; ingen navne
på personer, telefonnumre, e-mails eller §-numre, du ikke har bekræftet; aldrig oplysninger om
et bestemt barn (og aldrig CPR-numre)."""


# --- handbook new --------------------------------------------------------------------------------


def slugify(title: str) -> str:
    """An id from a title: æ→ae, ø→oe, å→aa, other accents dropped, lower case, hyphens."""
    text = title.lower()
    for letter, spelled in (("æ", "ae"), ("ø", "oe"), ("å", "aa")):
        text = text.replace(letter, spelled)
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")


def one_year_later(day: date) -> date:
    """The same day next year (28 February for 29 February)."""
    try:
        return day.replace(year=day.year + 1)
    except ValueError:
        return day.replace(year=day.year + 1, day=28)


def _strip_optional(hint: Any) -> Any:
    if get_origin(hint) in (Union, types.UnionType):
        args = [arg for arg in get_args(hint) if arg is not type(None)]
        if len(args) == 1:
            return args[0]
    return hint


def _list_item(hint: Any) -> Any | None:
    base = _base(hint)
    return get_args(base)[0] if get_origin(base) is list else None


class Skeleton:
    """Writes every field of a model as commented YAML with example values."""

    def __init__(self, title: str, slug: str, today: date) -> None:
        self.title = title
        self.slug = slug
        self.today = today

    def example(self, owner: type[BaseModel], name: str, hint: Any) -> Any:
        """The value shown for a field: its example in model.py (`Field(examples=[…])`: they
        pass validation, and the texts start with "Skriv" so they stand out), or one derived
        from its type."""
        value = example(owner, name)
        if value is not NO_EXAMPLE:
            return value
        if issubclass(owner, Indhold) and name in ("id", "titel"):
            return self.slug if name == "id" else self.title
        if name == "naeste_revision":
            return one_year_later(self.today)
        info = owner.model_fields[name]
        base = _base(_strip_optional(hint))
        item = _list_item(hint)
        if item is not None:
            if any(getattr(m, "min_length", 0) for m in info.metadata):
                return [self.example_leaf(owner, name, item)]
            return []
        return self.example_leaf(owner, name, base, info)

    def example_leaf(self, owner: type[BaseModel], name: str, hint: Any, info: Any = None) -> Any:
        base = _base(hint)
        if get_origin(base) is Literal:
            return get_args(base)[0]
        if base is date:
            return self.today
        if base is bool:
            return bool(info.default) if info is not None and info.default is not None else False
        if base is int:
            if info is not None and isinstance(info.default, int):
                return info.default
            metadata = getattr(info, "metadata", [])
            lows = [m.ge for m in metadata if getattr(m, "ge", None) is not None]
            return lows[0] if lows else 1
        if hint == Slug:
            return "skriv-et-id"
        return placeholder(name)

    def lines(self, owner: type[BaseModel], indent: int = 0) -> list[str]:
        """Every field of `owner`, each after its help as a comment."""
        hints = field_hints(owner)
        out: list[str] = []
        for name, info in owner.model_fields.items():
            if owner.__name__ == "Side" and name == "tekst":
                continue  # the page body, written below the front matter
            hint = hints[name]
            inner = _strip_optional(hint)
            item = _list_item(inner)
            optional = not info.is_required() and (
                info.default is None or (item is not None and _is_model(item))
            )
            out += self.comment(owner, name, indent, optional)
            field = self.field_lines(owner, name, inner, indent)
            if optional:
                field = [f"{line[:indent]}# {line[indent:]}" for line in field]
            out += field
        return out

    def comment(self, owner: type[BaseModel], name: str, indent: int, optional: bool) -> list[str]:
        text = field_help(owner, name)
        values = _literal_values(field_hints(owner)[name])
        if values:
            text += f" Tilladte værdier: {', '.join(values)}."
        if optional:
            text = text.replace(" (valgfrit)", "").replace(", valgfrit)", ")")
            text += " Valgfrit: fjern # foran linjerne for at bruge feltet."
        width = LINE_LENGTH - indent - 2
        wrapped = textwrap.wrap(text, width, break_on_hyphens=False)
        return [" " * indent + "# " + line for line in wrapped]

    def field_lines(self, owner: type[BaseModel], name: str, hint: Any, indent: int) -> list[str]:
        pad = " " * indent
        base = _base(hint)
        if _is_model(base):
            return [f"{pad}{name}:", *self.lines(base, indent + 2)]
        item = _list_item(hint)
        if item is not None and _is_model(_base(item)):
            body = self.lines(_base(item), indent + 4)
            first = next(i for i, line in enumerate(body) if not line.lstrip().startswith("#"))
            body[first] = f"{pad}  - {body[first][indent + 4:]}"
            return [f"{pad}{name}:", *body]
        value = self.example(owner, name, hint)
        if item is not None:
            if not value:
                return [f"{pad}{name}: []"]
            return [f"{pad}{name}:", *(f"{pad}  - {scalar(v, item)}" for v in value)]
        if hint == Markdown:
            return [f"{pad}{name}: |", *(f"{pad}  {line}" for line in str(value).splitlines())]
        return [f"{pad}{name}: {scalar(value, hint)}"]

    def yaml(self, kind: str) -> str:
        header = [f"# yaml-language-server: $schema=../../schemas/{kind}.schema.json", "#"]
        header += [f"# {line}".rstrip() for line in HEADER.splitlines()]
        return "\n".join([*header, "", *self.lines(TYPES[kind].model)]) + "\n"

    def page(self, kind: str) -> str:
        header = [f"# {line}".rstrip() for line in HEADER.splitlines()]
        front = [*header, "", *self.lines(TYPES[kind].model)]
        return "\n".join(["---", *front, "---", example(Side, "tekst")]) + "\n"


def _literal_values(hint: Any) -> list[str]:
    base = _base(_strip_optional(hint))
    item = _list_item(base)
    if item is not None:
        base = _base(item)
    return [str(v) for v in get_args(base)] if get_origin(base) is Literal else []


def scalar(value: Any, hint: Any) -> str:
    """One YAML value: text in double quotes (safe with ':' and '#'), ja/nej, dates, numbers."""
    if isinstance(value, bool):
        return "ja" if value else "nej"
    if isinstance(value, (int, date)):
        return str(value)
    base = _base(_strip_optional(hint))
    if hint == Slug or get_origin(base) is Literal:
        return str(value)
    return json.dumps(value, ensure_ascii=False)


TERM_NAMES = ("begreb", "begreber", "ord", "ordliste", "term")
"""What editors call a glossary term: `handbook new begreb "Term"` adds one to the glossary."""
TERM_EXAMPLE = example(Begreb, "forklaring")
"""The explanation a new term gets until the editor writes one (its example in model.py)."""


def add_term(content: Path, term: str, slug: str) -> int:
    """Add a term to the end of the glossary's `begreber` list, keeping the rest of the file
    as the editor wrote it."""
    files = sorted((content / ORDLISTE).glob("*.y*ml"))
    if not files:
        print("Ordlisten findes ikke: content/ordliste/ordliste.yml", file=sys.stderr)
        return 1
    path = files[0]
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    start = next((i for i, line in enumerate(lines) if line.startswith("begreber:")), None)
    if start is None:
        print(f"{display_path(path)}: feltet 'begreber:' mangler", file=sys.stderr)
        return 1
    if re.search(rf"^\s*- id: {re.escape(slug)}\s*$", "".join(lines), re.MULTILINE):
        print(f"Begrebet '{slug}' står allerede i {display_path(path)}. Intet er ændret; vælg "
              "et andet id med --id.", file=sys.stderr)
        return 1
    end = next((i for i in range(start + 1, len(lines))
                if lines[i].strip() and not lines[i][0].isspace() and lines[i][0] != "#"),
               len(lines))
    item = next((line for line in lines[start + 1:end] if line.lstrip().startswith("- ")),
                "  - ")
    indent = item[: len(item) - len(item.lstrip())]
    entry = [f"{indent}- id: {slug}\n", f"{indent}  term: {json.dumps(term, ensure_ascii=False)}\n",
             f"{indent}  forklaring: {TERM_EXAMPLE}\n"]
    if end > 0 and not lines[end - 1].endswith("\n"):
        lines[end - 1] += "\n"
    lines[end:end] = entry
    path.write_text("".join(lines), encoding="utf-8")
    print(f"{display_path(path)}:{end + 1}")
    print(f"Begrebet '{term}' er tilføjet til ordlisten. Udskift forklaringen, der begynder med "
          "'Skriv', og kør derefter: ./dev check")
    return 0


def cmd_new(ctx: Context) -> int:
    args = ctx.args
    if args.type.strip().lower() in TERM_NAMES:
        slug = args.id or slugify(args.titel)
        if not slug:
            print("Begrebet skal have et navn med bogstaver.", file=sys.stderr)
            return 1
        return add_term(ctx.content_dir, args.titel.strip(), slug)
    content_type = find_type(args.type)
    if content_type is None or not content_type.new:
        names = new_types()
        close = difflib.get_close_matches(args.type.lower(), [
            name for kind in names for name in (kind, *TYPES[kind].aliases)] + list(TERM_NAMES),
            n=1, cutoff=0.5)
        hint = f"mente du '{close[0]}'? " if close else ""
        names = (*names, "begreb")
        print(f"'{args.type}' er ikke en type, handbook new kender; {hint}"
              f"brug en af: {', '.join(names)}", file=sys.stderr)
        return 2
    args.type = content_type.kind
    content = ctx.content_dir
    if not content.is_dir():
        print(f"Mappen med indhold findes ikke: {display_path(content)}", file=sys.stderr)
        return 1
    slug = args.id or slugify(args.titel)
    if not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", slug):
        print(f"'{slug}' er ikke et gyldigt id; brug små bogstaver a-z, tal og bindestreg "
              "(ikke æ, ø, å eller mellemrum), fx --id mit-id", file=sys.stderr)
        return 1
    if not args.titel.strip():
        print("Titlen må ikke være tom.", file=sys.stderr)
        return 1
    markdown_files = TYPES[args.type].markdown_files
    folder = content / args.type
    if args.mappe:
        if not markdown_files:
            print(f"--mappe kan kun bruges med sider; filer i {args.type}/ må ikke ligge i "
                  "undermapper", file=sys.stderr)
            return 1
        folder = folder / args.mappe
    today = args.idag or date.today()
    skeleton = Skeleton(args.titel.strip(), slug, today)
    if markdown_files:
        path, text = folder / f"{slug}.md", skeleton.page(args.type)
        siblings = [path]
    else:
        path, text = folder / f"{slug}.yml", skeleton.yaml(args.type)
        siblings = [folder / f"{slug}{suffix}" for suffix in (".yml", ".yaml")]
    existing = next((p for p in siblings if p.exists()), None)
    if existing is not None:
        print(f"Findes allerede: {display_path(existing)}. Intet er ændret; vælg en anden titel "
              "eller et andet id med --id.", file=sys.stderr)
        return 1
    folder.mkdir(parents=True, exist_ok=True)
    with path.open("x", encoding="utf-8", newline="\n") as handle:
        handle.write(text)
    print(display_path(path))
    print("Udskift teksterne, der begynder med 'Skriv', og kør derefter: ./dev check")
    return 0


# --- handbook schemas ----------------------------------------------------------------------------


def schema_dir(ctx: Context) -> Path:
    """schemas/ beside content/, where the `$schema=../../schemas/…` lines point."""
    if ctx.args.mappe:
        return Path(ctx.args.mappe)
    return ctx.content_dir.resolve().parent / "schemas"


def cmd_schemas(ctx: Context) -> int:
    args = ctx.args
    folder = schema_dir(ctx)
    wanted = schema_texts()
    stale = [
        name for name, text in wanted.items()
        if not (folder / name).is_file() or (folder / name).read_text(encoding="utf-8") != text
    ]
    extra = sorted(
        p.name for p in folder.glob("*.schema.json") if p.name not in wanted
    ) if folder.is_dir() else []
    settings = None if args.mappe else _vscode(ctx)
    if settings is not None and isinstance(settings[1], ValueError):
        line = getattr(settings[1], "lineno", 1)
        print(f"{display_path(settings[0])}:{line}: kan ikke læses som JSON (uden kommentarer); "
              "ret filen, og prøv igen", file=sys.stderr)
        return 1
    vscode_stale = settings is not None and settings[1] is not None
    if args.check:
        for name in stale:
            print(f"{display_path(folder / name)}: passer ikke til model.py", file=sys.stderr)
        for name in extra:
            print(f"{display_path(folder / name)}: svarer ikke til nogen indholdstype",
                  file=sys.stderr)
        if settings is not None and vscode_stale:
            print(f"{display_path(settings[0])}: yaml.schemas passer ikke til indholdstyperne",
                  file=sys.stderr)
        if stale or extra or vscode_stale:
            print("Afbrudt: skemaerne er forældede; kør `./dev schemas` og commit mappen "
                  "schemas/ og .vscode/settings.json.", file=sys.stderr)
            return 1
        print(f"OK: {len(wanted)} skemaer passer til model.py.")
        return 0
    folder.mkdir(parents=True, exist_ok=True)
    for name in stale:
        (folder / name).write_text(wanted[name], encoding="utf-8", newline="\n")
        print(f"Skrev {display_path(folder / name)}")
    for name in extra:
        (folder / name).unlink()
        print(f"Slettede {display_path(folder / name)}")
    if settings is not None and isinstance(settings[1], str):
        settings[0].parent.mkdir(parents=True, exist_ok=True)
        settings[0].write_text(settings[1], encoding="utf-8", newline="\n")
        print(f"Skrev {display_path(settings[0])}")
    if not stale and not extra and not vscode_stale:
        print(f"Skemaerne i {display_path(folder)} er allerede opdaterede.")
    return 0


def _vscode(ctx: Context) -> tuple[Path, str | ValueError | None]:
    """VS Code's settings beside content/ and their new text (None when current; the error
    when the file is not JSON)."""
    content = ctx.content_dir.resolve()
    path = content.parent / VSCODE_SETTINGS
    current = path.read_text(encoding="utf-8") if path.is_file() else None
    try:
        text = vscode_settings(current, content.name)
    except ValueError as error:
        return path, error
    return path, None if text == current else text


# --- handbook review -----------------------------------------------------------------------------


def _days(count: int) -> str:
    return f"{count} dag" if count == 1 else f"{count} dage"


def _print_gaps(loaded: Loaded) -> None:
    """The register of gaps: per owner, each missing fact once, with the files that wait
    for it (`mangler` on the items)."""
    from build_tools.report import gaps_by_owner, open_gaps

    owners = gaps_by_owner(open_gaps(loaded))
    if not owners:
        return
    count = sum(len(facts) for facts in owners.values())
    print(f"\nDet mangler vi stadig: {count} oplysninger, fordelt på hvem der skal levere dem:")
    for hvem, facts in owners.items():
        print(f"\n{hvem}")
        for hvad, items in facts.items():
            print(f"  {hvad}")
            for item in items:
                print(f"    {item.source.display}")


def cmd_review(ctx: Context) -> int:
    args = ctx.args
    from build_tools.loader import load

    loaded = load(ctx.content_dir)
    today: date = args.idag or date.today()
    limit = today + timedelta(days=args.dage)
    due: dict[str, list[tuple[date, str, str]]] = {}
    for items in loaded.items.values():
        for item in items.values():
            text = item.model
            if text.status == TILBAGETRUKKET or text.naeste_revision > limit:
                continue
            due.setdefault(text.ejer, []).append(
                (text.naeste_revision, item.source.display, text.titel)
            )
    overdue = 0
    if not due:
        print(f"Ingen tekster skal revideres inden for {_days(args.dage)} "
              f"(til og med {limit.isoformat()}).")
    else:
        print(f"Tekster, der skal revideres senest {limit.isoformat()} "
              f"(i dag er {today.isoformat()}):")
    for ejer in sorted(due, key=str.casefold):
        print(f"\n{ejer}")
        for when, path, titel in sorted(due[ejer]):
            if when < today:
                overdue += 1
                note = f"OVERSKREDET med {_days((today - when).days)}"
            elif when == today:
                note = "i dag"
            else:
                note = f"om {_days((when - today).days)}"
            print(f"  {path}: {titel} – {when.isoformat()} ({note})")
    if due:
        total = sum(len(entries) for entries in due.values())
        print(f"\nI alt {total} til revision, heraf {overdue} overskredet.")
    _print_gaps(loaded)
    if loaded.problems:
        files = len({p.path for p in loaded.problems})
        print(f"Bemærk: {files} fil(er) har fejl og er ikke med; kør ./dev check.",
              file=sys.stderr)
    return 1 if args.strict and overdue else 0


# --- wiring --------------------------------------------------------------------------------------


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        message = f"forventede en dato som ÅÅÅÅ-MM-DD, fik '{text}'"
        raise argparse.ArgumentTypeError(message) from None


def _count(text: str) -> int:
    if not text.isdigit():
        raise argparse.ArgumentTypeError(f"forventede et antal dage, fik '{text}'")
    return int(text)


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    types_help = ", ".join(new_types())
    new = commands.add_parser(
        "new", help="opret en ny tekst ud fra en skabelon med alle felter",
        description="Opret en ny fil i content/<type>/ med alle felter, forklaringer og "
                    "pladsholdere, som du udskifter.",
    )
    new.add_argument("type", metavar="TYPE",
                     help=f"en af: {types_help} eller begreb (også ental, fx indsats, "
                          "vejviser, værdi)")
    new.add_argument("titel", metavar="TITEL", help='titlen i anførselstegn, fx "Fritidspas"')
    new.add_argument("--id", help="id og filnavn (standard: lavet ud fra titlen)")
    new.add_argument("--mappe", help="undermappe i sider/, fx jura")
    new.add_argument("--idag", type=_day, help="dagens dato som ÅÅÅÅ-MM-DD (til test)")
    new.set_defaults(run=cmd_new)

    schemas = commands.add_parser(
        "schemas", help="skriv JSON-skemaerne til schemas/ (bruges af editorer og CI)",
        description="Skriv et JSON-skema for hver indholdstype, lavet ud fra model.py, og "
                    "VS Codes yaml.schemas i .vscode/settings.json.",
    )
    schemas.add_argument("--check", action="store_true",
                         help="skriv intet; fejl, hvis skemaerne i schemas/ er forældede")
    schemas.add_argument("--mappe", help="hvor skemaerne skrives (standard: schemas/); med "
                         "--mappe skrives .vscode/settings.json ikke")
    schemas.set_defaults(run=cmd_schemas)

    review = commands.add_parser(
        "review", help="vis tekster, der snart skal revideres, fordelt på ejere",
        description="Vis tekster, hvis naeste_revision er overskredet eller ligger inden for "
                    "det valgte antal dage. Tilbagetrukne tekster er ikke med.",
    )
    review.add_argument("--dage", type=_count, default=30, help="hvor mange dage frem (30)")
    review.add_argument("--strict", action="store_true",
                        help="afslut med fejl (1), hvis en revisionsdato er overskredet")
    review.add_argument("--idag", type=_day, help="dagens dato som ÅÅÅÅ-MM-DD (til test)")
    review.set_defaults(run=cmd_review)

