"""A field is described once, on the model: this module reads the description back.

In model.py every field carries its Danish help (`Field(description=…)`), the value `handbook
new` writes (`examples=[…]`), its form label where the key's spelling cannot give it
(`title=…`), and, when no template shows it, a `Hidden("why")` marker. The JSON Schemas
(schemas.py), `handbook new` (cmd_editor.py), the check for example texts left in place
(checks.py, through registry.example_texts) and the editors' forms (cms.py) all read it here.

`unshown_fields` finds the fields that no template reads: it parses every template with
Jinja2 (`Environment.parse`) and collects the attribute names the templates read
(`m.titel`, `m["titel"]`, `sort(attribute="titel")`, `selectattr("titel")`). It knows names,
not types: a new field whose name another model's shown field already has (`titel`,
`adresse`) counts as shown.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Annotated, Any, get_args, get_origin, get_type_hints

from jinja2 import Environment, nodes
from pydantic import BaseModel

from build_tools.hints import base
from build_tools.model import Hidden

TEMPLATES = Path(__file__).resolve().parent / "templates"
"""Every template of the build: the site's, print/ (PDFs) and jura/ (the legal review pack)."""

NO_EXAMPLE: Any = object()
"""`example()` of a field that declares none (its value is then derived from its type)."""


def models_in(model: type[BaseModel]) -> list[type[BaseModel]]:
    """A model and every model nested in its fields (groups, lists of groups), in order."""
    found: list[type[BaseModel]] = []

    def visit(hint: Any) -> None:
        hint = base(hint)
        if isinstance(hint, type) and issubclass(hint, BaseModel):
            if hint not in found:
                found.append(hint)
                for info in hint.model_fields.values():
                    visit(info.annotation)
            return
        for arg in get_args(hint):
            visit(arg)

    visit(model)
    return found


def declared_by(owner: type[BaseModel], name: str) -> type[BaseModel]:
    """The class in `owner`'s bases that declares the field (Indhold for `status`)."""
    for cls in owner.__mro__:
        if name in cls.__dict__.get("__annotations__", {}):
            return cls
    return owner


def field_help(owner: type[BaseModel], name: str) -> str:
    """The Danish help of a field (its `description`), or ""."""
    return owner.model_fields[name].description or ""


def form_label(owner: type[BaseModel], name: str) -> str | None:
    """The field's own Danish label (`title`), when the key's spelling cannot give it."""
    return owner.model_fields[name].title


def example(owner: type[BaseModel], name: str) -> Any:
    """The value `handbook new` writes for a field (its first `examples` entry), or
    NO_EXAMPLE."""
    values = owner.model_fields[name].examples
    return values[0] if values else NO_EXAMPLE


def placeholder(name: str) -> str:
    """The text `handbook new` writes for a text field without an example: "Skriv
    beslutning". Like the examples, the check refuses it until it is replaced."""
    return f"Skriv {name.replace('_', ' ')}"


def placeholders(models: Iterable[type[BaseModel]]) -> set[str]:
    """The derived placeholder of every field of these models and the models nested in
    them."""
    return {placeholder(name) for top in models for model in models_in(top)
            for name in model.model_fields}


def hidden(owner: type[BaseModel], name: str) -> str | None:
    """Why no template shows the field, when it is marked `Hidden`; else None."""
    for marker in owner.model_fields[name].metadata:
        if isinstance(marker, Hidden):
            return marker.reason
    return None


def strip_hidden(hint: Any) -> Any:
    """A type hint without `Hidden` markers (they say nothing about the value's type)."""
    if get_origin(hint) is Annotated:
        inner, *metadata = get_args(hint)
        rest = [marker for marker in metadata if not isinstance(marker, Hidden)]
        if len(rest) != len(metadata):
            return Annotated[(inner, *rest)] if rest else inner
    return hint


def field_hints(owner: type[BaseModel]) -> dict[str, Any]:
    """`get_type_hints(owner, include_extras=True)` without `Hidden` markers."""
    return {name: strip_hidden(hint)
            for name, hint in get_type_hints(owner, include_extras=True).items()}


def examples(models: Iterable[type[BaseModel]]) -> dict[str, Any]:
    """Every declared example of these models and the models nested in them, as
    "Model.field" (the model that declares the field)."""
    found: dict[str, Any] = {}
    for top in models:
        for model in models_in(top):
            for name in model.model_fields:
                value = example(model, name)
                if value is not NO_EXAMPLE:
                    found[f"{declared_by(model, name).__name__}.{name}"] = value
    return found


# --- which fields the templates show -------------------------------------------------------------

_ATTRIBUTE_FILTERS = ("selectattr", "rejectattr", "groupby")
"""Filters and tests whose first argument is an attribute name."""


def _read_names(tree: nodes.Node) -> Iterator[str]:
    for node in tree.find_all(nodes.Getattr):
        yield node.attr
    for item in tree.find_all(nodes.Getitem):
        if isinstance(item.arg, nodes.Const) and isinstance(item.arg.value, str):
            yield item.arg.value
    for keyword in tree.find_all(nodes.Keyword):
        if keyword.key == "attribute" and isinstance(keyword.value, nodes.Const):
            yield str(keyword.value.value)
    for call in tree.find_all(nodes.Filter):
        if call.name in _ATTRIBUTE_FILTERS and call.args and isinstance(call.args[0], nodes.Const):
            yield str(call.args[0].value)


def template_names(folders: Iterable[Path]) -> dict[str, str]:
    """Every attribute name a template in `folders` reads → the first template reading it
    (a path relative to its folder)."""
    env = Environment()
    found: dict[str, str] = {}
    for folder in folders:
        for path in sorted(folder.rglob("*.j2")):
            tree = env.parse(path.read_text(encoding="utf-8"), path.name, str(path))
            for name in _read_names(tree):
                found.setdefault(name, path.relative_to(folder).as_posix())
    return found


def unshown_fields(models: Iterable[type[BaseModel]], folders: Iterable[Path]) -> list[str]:
    """One line per field of `models` (nested ones included) that no template in `folders`
    reads and that is not marked `Hidden`, and per `Hidden` field a template does read."""
    shown = template_names(folders)
    problems: list[str] = []
    seen: set[tuple[type[BaseModel], str]] = set()
    for top in models:
        for model in models_in(top):
            for name in model.model_fields:
                owner = declared_by(model, name)
                if (owner, name) in seen:
                    continue
                seen.add((owner, name))
                where = f"{owner.__module__.rsplit('.', 1)[-1]}.{owner.__qualname__}.{name}"
                reason = hidden(owner, name)
                if name not in shown and reason is None:
                    problems.append(f"{where}: vises ikke af nogen skabelon og er ikke "
                                    "erklæret skjult")
                elif name in shown and reason is not None:
                    problems.append(f"{where}: erklæret skjult ({reason}), men skabelonen "
                                    f"{shown[name]} viser den")
    return problems
