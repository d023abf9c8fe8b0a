"""Status values and type names are written once: model.py names the statuses, registry.py the
content types; code and templates use those names (a typo then fails at once, and a renamed
status or folder is one edit). Read with `ast` and regular expressions, nothing run."""

from __future__ import annotations

import ast
import re
from pathlib import Path
from typing import get_args

from build_tools import registry
from build_tools.model import STATUSES, Status

PACKAGE = Path(__file__).resolve().parent.parent / "build_tools"

BUILT_IN_TYPES = registry.TYPE_NAMES

NOT_TYPE_NAMES = {
    ("cmd_editor.py", 'TERM_NAMES = ('): "words editors type for a glossary term",
    ("cmd_pdf.py", 'sider = "side" if'): "the Danish word for pages",
    ("jura.py", "SKIPPED = {"): "field names (the item's `kilder` field)",
    ("legal.py", "SKIPPED_FIELDS = {"): "field names (the item's `kilder` field)",
    ("model.py", 'FieldError("kontakter"'): "the register's field `kontakter`",
    ("render.py", "ABOUT_STRATEGY = ("): "navigation folders",
    ("render.py", "REGISTERS = ("): "navigation keys of register pages",
    ("render.py", 'titles["ordliste"]'): "a navigation folder's title",
}
"""Strings that are spelled like a type but mean something else, with why."""


def python_files(package: Path = PACKAGE) -> list[Path]:
    return sorted(package.rglob("*.py"))


def strings(path: Path) -> list[tuple[int, str]]:
    """Every string constant of a module that is not a docstring, with its line."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = {
        id(node.body[0].value) for node in ast.walk(tree)
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef))
        and node.body and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }
    return [(node.lineno, node.value) for node in ast.walk(tree)
            if isinstance(node, ast.Constant) and isinstance(node.value, str)
            and id(node) not in docstrings]


def type_names_by_hand(names: set[str], package: Path = PACKAGE) -> list[str]:
    found = []
    for path in python_files(package):
        if path.name == "registry.py":
            continue
        lines = path.read_text(encoding="utf-8").splitlines()
        for line, value in strings(path):
            text = lines[line - 1]
            if value in names and not any(
                    path.name == file and fragment in text
                    for file, fragment in NOT_TYPE_NAMES):
                found.append(f"{path.relative_to(package.parent)}:{line}: {text.strip()}")
    return found


def test_the_status_names_are_the_status_values() -> None:
    assert STATUSES == get_args(Status)


def test_the_registry_names_every_built_in_type() -> None:
    named = {getattr(registry, name) for name in BUILT_IN_TYPES}
    assert named <= set(registry.TYPES)
    built_in = {kind for kind, t in registry.TYPES.items() if t.model.__module__.startswith(
        "build_tools.")}
    assert named == built_in


def test_no_type_name_written_by_hand_outside_the_registry() -> None:
    names = {getattr(registry, name) for name in BUILT_IN_TYPES}
    assert type_names_by_hand(names) == []


def test_the_type_name_scan_finds_one(tmp_path: Path) -> None:
    """The scan can fail: a string that is a type name is reported with its place."""
    package = tmp_path / "build_tools"
    package.mkdir()
    (package / "x.py").write_text('"""indsatser in a docstring is fine."""\n'
                                  'items = loaded.items["indsatser"]\n')
    assert type_names_by_hand({"indsatser"}, package) == [
        'build_tools/x.py:2: items = loaded.items["indsatser"]']


STATUS_COMPARED = re.compile(
    r"""\bstatus\s*(?:==|!=|in)\s*[(\[]?\s*["'](udkast|i høring|godkendt|tilbagetrukket)["']""")


def test_no_status_compared_with_a_literal() -> None:
    """`x.status == "tilbagetrukket"` in Python or a template: use TILBAGETRUKKET (a global in
    every template). The legal review's own status (`juridisk_gennemgang`: godkendt,
    kommentarer, afventer) is another type and is compared in approval.py only."""
    found = []
    for path in [*python_files(), *sorted((PACKAGE / "templates").rglob("*.j2"))]:
        if path.name in ("model.py", "approval.py"):
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if STATUS_COMPARED.search(line):
                found.append(f"{path.relative_to(PACKAGE.parent)}:{number}: {line.strip()}")
    assert found == []
    assert STATUS_COMPARED.search('{% if m.status == "udkast" %}')
    assert STATUS_COMPARED.search("if item.model.status != 'tilbagetrukket':")


def test_no_template_compares_a_type_name_written_by_hand() -> None:
    """`kind == "indsatser"` in a template: use INDSATSER (a global in every template)."""
    names = "|".join(getattr(registry, name) for name in BUILT_IN_TYPES)
    compared = re.compile(rf"""(==|!=)\s*["']({names})["']""")
    found = [f"{path.relative_to(PACKAGE.parent)}:{number}: {line.strip()}"
             for path in sorted((PACKAGE / "templates").rglob("*.j2"))
             for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
             if compared.search(line)]
    assert found == []
    assert compared.search('{% if chapter.kind != "ordliste" %}')
