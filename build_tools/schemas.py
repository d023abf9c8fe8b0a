"""JSON Schemas for the content files, generated from the typed models in model.py.

Editors' tools (VS Code's YAML extension, via `.vscode/settings.json` or the
`# yaml-language-server: $schema=…` line at the top of a file) use them to complete field names
and underline mistakes while typing. `handbook schemas` writes them to `schemas/`;
`handbook schemas --check` fails in CI when model.py changed and they were not regenerated.

A schema catches what one file can get wrong on its own: unknown or missing fields, wrong types,
values outside a list, dates that are not ÅÅÅÅ-MM-DD, empty texts. The loader and checks.py stay
the authority, because these rules are not expressible in a schema of one file:

- references between files (`indsatser`, `begreber`, `se_ogsaa` must name ids that exist),
  duplicate ids, and an id that must equal the file name;
- rules between two fields (`naeste_revision` after `sidst_revideret`, `alder.til` ≥ `alder.fra`);
- CPR numbers and other personal data;
- YAML safety (tabs, tags, anchors and aliases, duplicate keys);
- the body of a page in `sider/` (the Markdown after the front matter): the schema for `sider`
  describes the front matter only.

The schemas declare JSON Schema draft 7, the newest dialect the YAML language server fully
supports; pydantic's `$defs` references resolve as plain JSON pointers under it.
"""

from __future__ import annotations

import json
from typing import Any

from pydantic.json_schema import GenerateJsonSchema
from pydantic_core import core_schema

from build_tools import model
from build_tools.fields import field_help
from build_tools.registry import TYPES

DIALECT = "http://json-schema.org/draft-07/schema#"


class _Generator(GenerateJsonSchema):
    """Pydantic's schema, with what the loader accepts and the fields' Danish help."""

    def str_schema(self, schema: core_schema.StringSchema) -> dict[str, Any]:
        result = super().str_schema(schema)
        if schema.get("strip_whitespace") and "pattern" not in result:
            result["pattern"] = r"\S"  # the loader strips spaces first: "   " is empty
        return result

    def function_before_schema(
        self, schema: core_schema.BeforeValidatorFunctionSchema
    ) -> dict[str, Any]:
        if schema["function"].get("function") is model._ja_nej:
            return {
                "anyOf": [
                    {"type": "boolean"},
                    {"type": "string", "pattern": r"^\s*([jJ][aA]|[nN][eE][jJ])\s*$"},
                ],
                "description": "ja eller nej",
            }
        if schema["function"].get("function") is model._gennemgang:
            # ja/nej (awaiting review or none) as well as the structured record
            return {"anyOf": [
                {"type": "boolean"},
                {"type": "string", "pattern": r"^\s*([jJ][aA]|[nN][eE][jJ])\s*$"},
                self.generate_inner(schema["schema"]),
            ]}
        return super().function_before_schema(schema)

    def model_schema(self, schema: core_schema.ModelSchema) -> dict[str, Any]:
        result = super().model_schema(schema)
        owner = schema["cls"]
        result.pop("description", None)  # the English class docstring
        for name, prop in result.get("properties", {}).items():
            prop.pop("title", None)
            prop.pop("examples", None)  # placeholders for `handbook new`, not values to offer
            text = field_help(owner, name)
            if "enum" in prop or "enum" in prop.get("items", {}):
                values = prop.get("enum") or prop["items"]["enum"]
                text = f"{text} Tilladte værdier: {', '.join(values)}.".strip()
            if text:
                prop["description"] = text
        return result


def schema_for(kind: str) -> dict[str, Any]:
    """The JSON Schema of one content type (for `sider`: of the front matter)."""
    content_type = TYPES[kind]
    generated = content_type.model.model_json_schema(schema_generator=_Generator)
    if content_type.markdown_files:  # the body is the Markdown below the front matter
        generated["properties"].pop("tekst")
        generated["required"].remove("tekst")
    generated["title"] = content_type.schema_title
    return {"$schema": DIALECT, **generated}


def schema_texts() -> dict[str, str]:
    """File name in schemas/ → its text, for every content type."""
    return {
        f"{kind}.schema.json": json.dumps(schema_for(kind), ensure_ascii=False, indent=2) + "\n"
        for kind in TYPES
    }


# --- VS Code -------------------------------------------------------------------------------------

VSCODE_SETTINGS = ".vscode/settings.json"
"""VS Code's workspace settings, beside content/: which schema checks which folder."""

EDITOR_SETTINGS: dict[str, Any] = {
    "yaml.validate": True,
    "yaml.completion": True,
    "yaml.hover": True,
    "yaml.format.enable": False,
    "[yaml]": {
        "editor.insertSpaces": True,
        "editor.tabSize": 2,
        "editor.detectIndentation": False,
        "editor.autoIndent": "keep",
    },
    "files.encoding": "utf8",
    "files.eol": "\n",
    "files.insertFinalNewline": True,
    "files.trimTrailingWhitespace": True,
    "editor.rulers": [100],
}
"""The other settings of a new settings file (a file that exists keeps its own)."""


def vscode_schemas(content_folder: str = "content") -> dict[str, list[str]]:
    """`yaml.schemas`: each YAML type's schema → the files it checks. Free pages are left out:
    the YAML extension does not see front matter in Markdown."""
    return {
        f"./schemas/{kind}.schema.json": [f"{content_folder}/{kind}/*.yml",
                                          f"{content_folder}/{kind}/*.yaml"]
        for kind, content_type in TYPES.items() if not content_type.markdown_files
    }


def vscode_settings(current: str | None, content_folder: str = "content") -> str:
    """The text of .vscode/settings.json: `yaml.schemas` generated from the registry, every
    other setting as `current` (the file's text, None when there is none) has it. Raises
    ValueError when `current` is not a JSON object."""
    settings = dict(EDITOR_SETTINGS) if current is None else json.loads(current)
    if not isinstance(settings, dict):
        raise ValueError("not a JSON object")
    settings = {"yaml.schemas": None, **settings}  # first, unless the file has it elsewhere
    settings["yaml.schemas"] = vscode_schemas(content_folder)
    return json.dumps(settings, ensure_ascii=False, indent=2) + "\n"
