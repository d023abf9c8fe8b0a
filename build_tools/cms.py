"""Editors' forms: the Decap CMS configuration, generated from the registry and the models.

Decap CMS (npm `decap-cms`) shows each content type as a collection of forms and writes the same
YAML and Markdown files an editor would write by hand; on the municipality's Git host its
editorial workflow makes every change a pull request that CI checks. Nothing here is kept by
hand: a collection per type in `registry.TYPES`, a form field per model field, with the field's
Danish help in model.py (`Field(description=…)`, as in the JSON Schemas) as the hint under it
and its `title`, where it has one, as the label.

What the registry and the models do not say, derived here:

- the Danish label of a field without a `title` (the key, with æ, ø, å restored:
  `naeste_revision` → "Næste revision");
- the Danish labels of a select's options (the `*_LABELS` dict in model.py whose keys are the
  Literal's values);
- which collection is a single file (a type with `new=False` whose folder holds one file: the
  glossary).

The admin page (`admin_files`) loads the one-file Decap bundle from node_modules and our small
script (build_tools/cms/admin.js), which tidies what a form saves so the loader accepts it.
"""

from __future__ import annotations

import json
import re
import types
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Annotated, Any, Literal, Union, get_args, get_origin

import yaml
from pydantic import BaseModel

from build_tools import model
from build_tools.fields import field_help, field_hints, form_label
from build_tools.hints import base as _base
from build_tools.hints import is_model as _is_model
from build_tools.model import Markdown, Slug
from build_tools.registry import TYPES, ContentType

REPO = Path(__file__).resolve().parent.parent
"""The project root: package.json and node_modules/ live here."""
NODE_MODULES = REPO / "node_modules"
ADMIN_DIR = Path(__file__).resolve().parent / "cms"
"""The admin page's own files (index.html, admin.js)."""

BUNDLE = ("decap-cms", "dist", "decap-cms.js")
"""The one-file Decap bundle (React and every widget included), under node_modules."""
SERVER = ("decap-server", "dist", "index.js")
"""Decap's local backend: reads and writes the working tree for a CMS on 127.0.0.1."""

SLUG_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
SLUG_MESSAGE = "Brug kun små bogstaver a-z, tal og bindestreg (ikke æ, ø, å eller mellemrum)"
STEP_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*#[a-z0-9]+(-[a-z0-9]+)*$"
STEP_MESSAGE = "Skriv vejviser-id#niveau-id, fx bekymring-0-6#groen"

DATE_FORMAT = "YYYY-MM-DD"
"""How a date is stored (moment.js format): 2026-11-23, a plain YAML date to the loader."""

_LETTERS = (("aa", "å"), ("ae", "æ"), ("oe", "ø"))


def label(name: str) -> str:
    """The Danish label of a field from its key: `naeste_revision` → "Næste revision" (a
    field's own `title` in model.py comes first: `resume` → "Resumé").

    The keys spell æ, ø, å as ae, oe, aa; no key of the model has those pairs for anything else
    (tests/test_cms.py checks the result for every field)."""
    text = name.replace("_", " ")
    for spelled, letter in _LETTERS:
        text = text.replace(spelled, letter)
    return text[:1].upper() + text[1:]


# --- field types ----------------------------------------------------------------------------------


def _strip_optional(hint: Any) -> tuple[Any, bool]:
    if get_origin(hint) in (Union, types.UnionType):
        args = [arg for arg in get_args(hint) if arg is not type(None)]
        if len(args) == 1:
            return args[0], True
    return hint, False


def _bounds(hint: Any, info: Any) -> dict[str, int]:
    found: dict[str, int] = {}
    metadata = list(getattr(info, "metadata", []) or [])
    if get_origin(hint) is Annotated:
        metadata += list(get_args(hint)[1:])
    for item in metadata:
        if getattr(item, "ge", None) is not None:
            found["min"] = item.ge
        if getattr(item, "le", None) is not None:
            found["max"] = item.le
    return found


def _min_length(info: Any) -> int:
    return max((getattr(m, "min_length", 0) or 0 for m in info.metadata), default=0)


def option_labels(values: tuple[str, ...]) -> list[dict[str, str]]:
    """A select's options, labelled by the model's `*_LABELS` dict for these values (if any)."""
    for name in dir(model):
        labels = getattr(model, name)
        if name.endswith("_LABELS") and isinstance(labels, dict) and set(labels) == set(values):
            return [{"label": labels[value], "value": value} for value in values]
    return [{"label": value, "value": value} for value in values]


@dataclass(frozen=True)
class Relation:
    """What a reference field offers in its picker (a content type's items, glossary terms)."""

    collection: str
    value_field: str
    search_fields: tuple[str, ...]
    display_fields: tuple[str, ...]
    file: str | None = None


@dataclass
class Forms:
    """Builds the form fields of every content type."""

    content_prefix: str
    """The content folder relative to the repository root (what the backend sees)."""
    single_files: dict[str, str] = field(default_factory=dict)
    """Types shown as one file (the glossary): kind → file stem."""
    not_offered: list[str] = field(default_factory=list)
    """Reference targets the forms cannot offer as a picker (typed as text, pattern-checked)."""

    def relation(self, target: str) -> Relation | None:
        if target in TYPES:
            return Relation(target, "id", ("titel", "id"), ("titel",))
        for kind, content_type in TYPES.items():
            if target not in content_type.provides or kind not in self.single_files:
                continue
            # A sub-target inside a single file (glossary terms): Decap's relation widget reads
            # a list inside one file with `*` in its field paths.
            list_field, id_field, title_field = _sub_target_fields(content_type)
            return Relation(kind, f"{list_field}.*.{id_field}",
                            (f"{list_field}.*.{title_field}", f"{list_field}.*.{id_field}"),
                            (f"{list_field}.*.{title_field}",), self.single_files[kind])
        return None

    def fields(self, owner: type[BaseModel], references: dict[tuple[str, ...], str],
               path: tuple[str, ...] = (), skip: tuple[str, ...] = ()) -> list[dict[str, Any]]:
        hints = field_hints(owner)
        result = []
        for name, info in owner.model_fields.items():
            if name in skip:
                continue
            result.append(self.field(owner, name, hints[name], info, references, (*path, name)))
        return result

    def field(self, owner: type[BaseModel], name: str, hint: Any, info: Any,
              references: dict[tuple[str, ...], str], path: tuple[str, ...]) -> dict[str, Any]:
        inner, optional = _strip_optional(hint)
        spec: dict[str, Any] = {"label": form_label(owner, name) or label(name), "name": name}
        help_text = field_help(owner, name)
        if help_text:
            spec["hint"] = help_text
        required = info.is_required() and not optional
        spec["required"] = required
        spec.update(self.widget(owner, name, inner, info, references, path))
        if (not required and info.default not in (None, [], ...) and "default" not in spec
                and spec.get("widget") != "select"):
            # A select's default inside a list sub-form makes Decap drop the sub-form's other
            # values on save (a new change entry lost its date and text); the model's default
            # applies when the field is left out.
            spec["default"] = info.default
        return spec

    def widget(self, owner: type[BaseModel], name: str, hint: Any, info: Any,
               references: dict[tuple[str, ...], str], path: tuple[str, ...]) -> dict[str, Any]:
        base = _base(hint)
        if get_origin(base) is list:
            return self.list_widget(owner, name, get_args(base)[0], info, references, path)
        if _is_model(base):
            fields = self.fields(base, references, path)
            if not info.is_required():
                # An optional group left empty is left out (admin.js tidy): its own required
                # fields must not stop a save. The loader still checks a filled-in group.
                for sub in fields:
                    sub["required"] = False
            # juridisk_gennemgang may be written `ja`/`nej` (admin.js: the "juridisk" widget
            # shows what that means and keeps it until the editor fills in the group).
            widget = "juridisk" if base is model.JuridiskGennemgang else "object"
            return {"widget": widget, "collapsed": False, "fields": fields}
        return self.leaf(hint, info, path, references)

    def list_widget(self, owner: type[BaseModel], name: str, item: Any, info: Any,
                    references: dict[tuple[str, ...], str],
                    path: tuple[str, ...]) -> dict[str, Any]:
        spec: dict[str, Any] = {}
        least = _min_length(info)
        target = references.get(path)
        item_base = _base(item)
        if target is not None:
            relation = self.relation(target)
            if relation is not None:
                spec = {"widget": "relation", "multiple": True,
                        "collection": relation.collection,
                        "value_field": relation.value_field,
                        "search_fields": list(relation.search_fields),
                        "display_fields": list(relation.display_fields),
                        "options_length": 500}
                if relation.file:
                    spec["file"] = relation.file
                if least:
                    spec["min"] = least
                return spec
            self.not_offered.append(".".join(path))
        if get_origin(item_base) is Literal:
            spec = {"widget": "select", "multiple": True,
                    "options": option_labels(get_args(item_base))}
        elif _is_model(item_base):
            spec = {"widget": "list", "collapsed": False, "add_to_top": False,
                    "fields": self.fields(item_base, references, path + ("*",)),
                    "summary": _summary(item_base)}
        else:
            inner = {"label": label(name), "name": "punkt"}
            inner.update(self.leaf(item, None, path + ("*",), references))
            inner.pop("required", None)
            spec = {"widget": "list", "field": inner, "collapsed": False,
                    "summary": "{{fields.punkt}}"}
        if least:
            spec["min"] = least
        return spec

    def leaf(self, hint: Any, info: Any, path: tuple[str, ...],
             references: dict[tuple[str, ...], str]) -> dict[str, Any]:
        base = _base(hint)
        if get_origin(base) is Literal:
            return {"widget": "select", "options": option_labels(get_args(base))}
        if base is bool:
            return {"widget": "janej"}  # Decap's switch, reading ja/nej (build_tools/cms/admin.js)
        if base is int:
            return {"widget": "number", "value_type": "int", **_bounds(hint, info)}
        if base is date:
            return {"widget": "datetime", "format": DATE_FORMAT, "date_format": DATE_FORMAT,
                    "time_format": False}
        if hint == Markdown:
            return {"widget": "markdown", "minimal": True,
                    "buttons": ["bold", "italic", "link", "heading-three", "bulleted-list",
                                "numbered-list", "quote"],
                    "editor_components": [], "modes": ["rich_text", "raw"]}
        if hint == Slug:
            return {"widget": "string", "pattern": [SLUG_PATTERN, SLUG_MESSAGE]}
        pattern = _pattern(hint)
        if pattern and "#" in pattern:
            return {"widget": "string", "pattern": [STEP_PATTERN, STEP_MESSAGE]}
        return {"widget": "string"}


def _pattern(hint: Any) -> str | None:
    for item in get_args(hint)[1:] if get_origin(hint) is Annotated else ():
        pattern = getattr(item, "pattern", None)
        if pattern:
            return str(pattern)
    return None


def _summary(owner: type[BaseModel]) -> str:
    """The line a collapsed sub-form shows: its title or text field and its date, if any."""
    names = owner.model_fields
    parts = [f"{{{{fields.{n}}}}}" for n in ("dato",) if n in names]
    text = [n for n in ("titel", "term", "tekst") if n in names]
    # Otherwise the first field (Decap fails on an empty summary when the list is saved).
    parts += [f"{{{{fields.{n}}}}}" for n in (text or list(names)[:1])][:1]
    return " – ".join(parts)


def _sub_target_fields(content_type: ContentType) -> tuple[str, str, str]:
    """(list field, id field, title field) of the sub-items a type provides (the glossary's
    `begreber` with `id` and `term`): the one list of sub-models with an `id`, shown by its
    first text field after the id."""
    for name, info in content_type.model.model_fields.items():
        item = _base(info.annotation)
        if get_origin(item) is list and _is_model(_base(get_args(item)[0])):
            sub = _base(get_args(item)[0])
            if "id" in sub.model_fields:
                title = next(n for n in sub.model_fields if n not in ("id",))
                return name, "id", title
    raise ValueError(f"{content_type.kind}: no list of items with an id")


def references_by_path(content_type: ContentType) -> dict[tuple[str, ...], str]:
    """The type's `Reference`s keyed by field path with the list markers left out of the end:
    ("niveauer", "*", "indsatser") → "indsatser"."""
    found = {}
    for reference in content_type.every_reference:
        path = tuple(str(part) for part in reference.path)
        if path and path[-1] == "*":
            path = path[:-1]
        found[path] = reference.target
    return found


# --- the configuration ----------------------------------------------------------------------------


def single_files(content_dir: Path | None) -> dict[str, str]:
    """Types whose items live in one file (no `handbook new`, one file in the folder)."""
    found = {}
    for kind, content_type in TYPES.items():
        if content_type.new or content_type.markdown_files:
            continue
        files = sorted((content_dir / kind).glob("*.y*ml")) if content_dir else []
        found[kind] = files[0].stem if len(files) == 1 else kind
    return found


def collections(content_prefix: str, content_dir: Path | None = None) -> tuple[
        list[dict[str, Any]], list[str]]:
    """Every content type as a Decap collection; and the reference fields offered as plain
    text (no picker), as dotted paths."""
    forms = Forms(content_prefix.strip("/"), single_files(content_dir))
    result = []
    for kind, content_type in sorted(TYPES.items(), key=lambda kv: kv[1].nav_position):
        result.append(_collection(forms, kind, content_type))
    return result, forms.not_offered


def _collection(forms: Forms, kind: str, content_type: ContentType) -> dict[str, Any]:
    folder = f"{forms.content_prefix}/{kind}" if forms.content_prefix else kind
    references = references_by_path(content_type)
    if content_type.markdown_files:
        fields = forms.fields(content_type.model, references, skip=("tekst",))
        body = forms.field(content_type.model, "tekst",
                           field_hints(content_type.model)["tekst"],
                           content_type.model.model_fields["tekst"], references, ("tekst",))
        body["name"] = "body"  # Decap writes the field named body below the front matter
        return {
            "name": kind, "label": content_type.title, "label_singular": content_type.noun,
            "folder": folder,
            "create": True, "delete": False, "extension": "md", "format": "frontmatter",
            "nested": {"depth": 10, "summary": "{{titel}}"},
            "identifier_field": "titel", "slug": "{{fields.id}}", "editor": {"preview": False},
            "summary": "{{titel}}", "sortable_fields": ["titel", "status"],
            "fields": [*fields, body],
        }
    fields = forms.fields(content_type.model, references)
    common = {"name": kind, "label": content_type.title, "label_singular": content_type.noun,
              "description": content_type.schema_title, "identifier_field": "titel",
              # The handbook's own live preview shows the page; Decap's plain one would not.
              "editor": {"preview": False}}
    if kind in forms.single_files:
        stem = forms.single_files[kind]
        return {**common, "files": [{
            "name": stem, "label": content_type.title,
            "file": f"{folder}/{stem}.yml", "fields": fields,
        }]}
    return {
        **common, "folder": folder, "create": True, "delete": False,
        "extension": "yml", "format": "yml", "slug": "{{fields.id}}",
        "summary": "{{titel}} ({{status}})", "sortable_fields": ["titel", "status", "id"],
        "fields": fields,
    }


@dataclass(frozen=True)
class Backend:
    """Where the CMS reads and writes: the local working tree or the Git host."""

    name: str = "local"
    """local (decap-server on 127.0.0.1), gitlab or github."""
    repo: str = ""
    branch: str = "main"
    settings: dict[str, Any] = field(default_factory=dict)
    """Further backend settings passed through (base_url, api_root, app_id, auth_type …)."""
    proxy_url: str = "http://127.0.0.1:8081/api/v1"


BACKENDS = ("local", "gitlab", "github")
_SETTING_KEYS = ("base_url", "api_root", "auth_endpoint", "auth_type", "app_id",
                 "site_domain", "cms_label_prefix", "open_authoring", "squash_merges")


class CmsConfigError(ValueError):
    """The CMS settings are incomplete; the message is Danish."""


def backend_from_settings(settings: dict[str, Any]) -> Backend:
    """`extra.handbook.cms` in mkdocs.yml → a Backend (gitlab or github)."""
    name = str(settings.get("backend", "")).strip()
    repo = str(settings.get("repo", "")).strip()
    if name not in ("gitlab", "github"):
        raise CmsConfigError(
            f"extra.handbook.cms.backend: forventede gitlab eller github, fik '{name}'")
    if not re.fullmatch(r"[\w.-]+(/[\w.-]+)+", repo):
        raise CmsConfigError(f"extra.handbook.cms.repo: forventede ORG/REPO, fik '{repo}'")
    extra = {k: settings[k] for k in _SETTING_KEYS if k in settings}
    return Backend(name, repo, str(settings.get("branch", "main")), extra)


def cms_settings(project_config: dict[str, Any]) -> dict[str, Any] | None:
    """`extra.handbook.cms` of mkdocs.yml, or None when the forms are not configured."""
    settings = ((project_config.get("extra") or {}).get("handbook") or {}).get("cms")
    return settings if isinstance(settings, dict) and settings.get("backend") else None


def config(backend: Backend, content_prefix: str = "content",
           content_dir: Path | None = None, site_url: str = "") -> dict[str, Any]:
    """The whole Decap configuration (config.yml) for `backend`."""
    if backend.name == "local":
        backend_spec: dict[str, Any] = {"name": "proxy", "proxy_url": backend.proxy_url,
                                        "branch": backend.branch}
    else:
        backend_spec = {"name": backend.name, "repo": backend.repo, "branch": backend.branch,
                        "squash_merges": True, **backend.settings}
        if backend.name == "gitlab":
            backend_spec.setdefault("auth_type", "pkce")
            if "base_url" in backend_spec:  # a GitLab of the municipality's own
                backend_spec.setdefault("api_root", backend_spec["base_url"].rstrip("/")
                                        + "/api/v4")
    found, _ = collections(content_prefix, content_dir)
    result: dict[str, Any] = {
        "backend": backend_spec,
        "locale": "da",
        "load_config_file": False,
        # The handbook has no pictures: media would go here, outside content/, if ever added.
        "media_folder": ".cms-medier",
        "slug": {"encoding": "ascii", "clean_accents": True, "sanitize_replacement": "-"},
        "collections": found,
    }
    if backend.name != "local":
        result["publish_mode"] = "editorial_workflow"
    if site_url:
        result["site_url"] = site_url
        result["display_url"] = site_url
    return result


def config_yaml(settings: dict[str, Any]) -> str:
    header = ("# Generated by `handbook rediger` from build_tools/registry.py and model.py; "
              "do not edit.\n")
    return header + yaml.safe_dump(settings, allow_unicode=True, sort_keys=False, width=100)


# --- the admin page -------------------------------------------------------------------------------


class MissingNodeModules(RuntimeError):
    """node_modules lacks the CMS; the message is Danish."""


def node_file(*parts: str, node_modules: Path = NODE_MODULES) -> Path:
    path = node_modules.joinpath(*parts)
    if not path.is_file():
        raise MissingNodeModules(
            f"{path} mangler: kør ./dev rediger (installerer CMS'et med npm ci) "
            "eller npm ci i projektets mappe")
    return path


def admin_files(settings: dict[str, Any],
                node_modules: Path = NODE_MODULES) -> Iterator[tuple[str, bytes | Path]]:
    """The admin page's files: (name, content or file to copy)."""
    yield "index.html", (ADMIN_DIR / "index.html")
    yield "admin.js", (ADMIN_DIR / "admin.js")
    yield "config.json", json.dumps(settings, ensure_ascii=False, indent=1).encode("utf-8")
    yield "decap-cms.js", node_file(*BUNDLE, node_modules=node_modules)


def write_admin(target: Path, settings: dict[str, Any],
                node_modules: Path = NODE_MODULES) -> Path:
    """Write the admin page into `target` (a folder, e.g. site/admin)."""
    target.mkdir(parents=True, exist_ok=True)
    for name, content in admin_files(settings, node_modules):
        data = content.read_bytes() if isinstance(content, Path) else content
        (target / name).write_bytes(data)
    return target
