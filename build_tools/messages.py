"""The loader's Danish messages: a pydantic validation error as one line per problem
(`fil:linje: felt: besked`), field names as editors count them (`niveauer[2].tegn`), a
misspelt field's likely name, and why a date is no date."""

from __future__ import annotations

import calendar
import difflib
import re
from datetime import date, datetime
from typing import Any

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from build_tools.items import Loc, line_for
from build_tools.model import FieldError, Indhold
from build_tools.problems import Problem

MONTH_NAMES = ("januar", "februar", "marts", "april", "maj", "juni", "juli", "august",
               "september", "oktober", "november", "december")


def impossible_date(value: str) -> str:
    """Why a date that looks like ÅÅÅÅ-MM-DD is not a date, in Danish."""
    match = re.match(r"\s*(\d{4})-(\d{1,2})-(\d{1,2})", value)
    if not match:
        return f"'{value}' er ikke en dato; skriv den som ÅÅÅÅ-MM-DD, fx 2026-11-23"
    year, month, day = (int(part) for part in match.groups())
    if year < 1:
        return f"'{value}': år {year:04d} findes ikke; skriv datoen som ÅÅÅÅ-MM-DD, fx 2026-11-23"
    if not 1 <= month <= 12:
        return (f"'{value}': måned {month} findes ikke; skriv datoen som ÅÅÅÅ-MM-DD, "
                "fx 2026-11-23")
    days = calendar.monthrange(year, month)[1]
    return (f"'{value}': {MONTH_NAMES[month - 1]} {year} har ikke {day} dage "
            f"(kun {days}); ret datoen")


# --- validation messages -------------------------------------------------------------------------


def field_name(loc: Loc) -> str:
    """A field path as editors count: `niveauer[2].tegn` is the second level's signs."""
    name = ""
    for part in loc:
        if isinstance(part, int):
            name += f"[{part + 1}]"
        else:
            name += f".{part}" if name else str(part)
    return name


def _describe(value: Any) -> str:
    if value is None:
        return "ingenting"
    if isinstance(value, bool):
        return "ja" if value else "nej"
    if isinstance(value, dict):
        return "en gruppe af felter"
    if isinstance(value, list):
        return "en liste"
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if isinstance(value, str):
        short = value if len(value) <= 40 else value[:37] + "..."
        return f"'{short}'"
    return str(value)


def _allowed_fields(model: type[BaseModel], loc: Loc) -> list[str]:
    """The field names allowed at `loc` inside `model` (for 'did you mean')."""
    current: Any = model
    for part in loc:
        if isinstance(part, int):
            continue
        fields = getattr(current, "model_fields", None)
        if not fields or part not in fields:
            return []
        current = _model_in(fields[part].annotation)
        if current is None:
            return []
    return list(getattr(current, "model_fields", {}))


def _model_in(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()):
        found = _model_in(arg)
        if found is not None:
            return found
    return None


def _message(error: ErrorDetails, model: type[BaseModel], loc: Loc) -> tuple[Loc, str]:
    """Danish text for one pydantic error, and the location it belongs to."""
    kind = error["type"]
    value = error.get("input")
    ctx = error.get("ctx") or {}
    if kind == "missing":
        return loc, "mangler; feltet skal udfyldes"
    if kind == "extra_forbidden":
        name = str(loc[-1])
        close = difflib.get_close_matches(name, _allowed_fields(model, loc[:-1]), n=1, cutoff=0.6)
        hint = f" (mente du '{close[0]}'?)" if close else ""
        return loc, f"ukendt felt{hint}"
    if kind == "value_error" and isinstance(ctx.get("error"), FieldError):
        exc: FieldError = ctx["error"]
        return loc + (exc.field,), exc.message
    if kind == "value_error":
        return loc, str(ctx.get("error", error["msg"]))
    if kind in ("string_type",):
        if isinstance(value, dict) and len(value) == 1:
            # `- Vigtigt: tal med din leder` is read as a field named "Vigtigt"
            return loc, ("teksten indeholder ': ' og blev læst som et felt; sæt hele teksten i "
                         "anførselstegn")
        return loc, f"forventede en tekst, fik {_describe(value)}"
    if kind == "string_too_short":
        return loc, "må ikke være tom"
    if kind == "string_pattern_mismatch":
        return loc, (
            f"{_describe(value)} er ikke et gyldigt id; brug små bogstaver a-z, tal og "
            "bindestreg (ikke æ, ø, å eller mellemrum)"
        )
    if kind in ("int_type", "int_parsing", "int_from_float"):
        return loc, f"forventede et heltal, fik {_describe(value)}"
    if kind in ("greater_than_equal", "greater_than"):
        return loc, f"skal være mindst {ctx.get('ge', ctx.get('gt'))}, fik {_describe(value)}"
    if kind in ("less_than_equal", "less_than"):
        return loc, f"må højst være {ctx.get('le', ctx.get('lt'))}, fik {_describe(value)}"
    if kind.startswith("date_") or kind.startswith("datetime_"):
        return loc, f"forventede en dato som ÅÅÅÅ-MM-DD, fik {_describe(value)}"
    if kind in ("bool_type", "bool_parsing"):
        return loc, f"forventede ja eller nej, fik {_describe(value)}"
    if kind == "literal_error":
        allowed = ctx.get("expected", "")
        allowed = allowed.replace(" or ", " eller ")
        return loc, f"ugyldig værdi {_describe(value)}; tilladte værdier: {allowed}"
    if kind == "list_type":
        return loc, f"forventede en liste (linjer der starter med '- '), fik {_describe(value)}"
    if kind == "too_short":
        return loc, f"skal have mindst {ctx.get('min_length', 1)} punkt(er)"
    if kind in ("model_type", "dict_type", "model_attributes_type"):
        return loc, f"forventede en gruppe af felter (navn: værdi), fik {_describe(value)}"
    return loc, f"ugyldig værdi {_describe(value)} ({error['msg']})"


def validate(
    model: type[Indhold], data: Any, lines: dict[Loc, int], display: str
) -> tuple[Indhold | None, list[Problem]]:
    """Validate parsed data against a model; translate every error to a Danish problem."""
    if not isinstance(data, dict):
        return None, [
            Problem(display, line_for(lines, ()), "",
                    f"forventede felter (navn: værdi) øverst i filen, fik {_describe(data)}")
        ]
    try:
        return model.model_validate(data), []
    except ValidationError as exc:
        problems = []
        errors = exc.errors(include_url=False)
        for error in errors:
            loc = tuple(error["loc"])
            if error["type"] == "missing" and _misspelt(loc, errors, model):
                continue  # "ukendt felt 'maalgrupe' (mente du 'maalgruppe'?)" says it all
            loc, message = _message(error, model, loc)
            problems.append(Problem(display, line_for(lines, loc), field_name(loc), message))
        return None, problems


def _misspelt(loc: Loc, errors: list[Any], model: type[BaseModel]) -> bool:
    """True when a missing field is the suggestion for an unknown field beside it."""
    for other in errors:
        other_loc = tuple(other["loc"])
        if other["type"] != "extra_forbidden" or other_loc[:-1] != loc[:-1]:
            continue
        allowed = _allowed_fields(model, other_loc[:-1])
        close = difflib.get_close_matches(str(other_loc[-1]), allowed, n=1, cutoff=0.6)
        if close and close[0] == loc[-1]:
            return True
    return False


