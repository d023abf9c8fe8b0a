"""Imports only run down: the import graph of build_tools/, read with `ast` (nothing imported).

Every import counts, at module level or inside a function (and under TYPE_CHECKING): a late
import is still a dependency. The layers below are the architecture; a new module must be given
its layer here (test_every_module_has_a_layer says which).
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "build_tools"

LAYERS: tuple[tuple[str, ...], ...] = (
    # base: plain data and facts every phase may use
    ("build_tools", "problems", "files", "model", "fields", "project", "csp", "hints", "items",
     "print", "search"),
    # load: content/ → items, and the content types
    ("yaml_safety", "messages", "cache", "loader", "registry", "schemas"),
    # check: rules on the loaded content
    ("sanitize", "legal", "approval", "statements", "kontakter", "report", "checks",
     "cpr_scan"),
    # resolve: one resolved handbook per build
    ("resolve",),
    # write: the site's pages, the docs tree, the PDFs and every other output
    ("engine", "render", "docs_tree", "pdf", "editions", "nginx", "offline", "cms", "admin_page",
     "site_output", "jura"),
    # build core: the order of a build, its outputs, publishing, the preview
    ("build", "outputs", "publish", "serve"),
    # commands: what a command gets (context) and the commands beyond check/build/serve
    ("context", "cmd_*"),
    ("cli",),
    ("__main__",),
)
"""Lowest first. A module may import modules of its own layer (without a cycle) and below."""

CLI = "build_tools.cli"
MAY_IMPORT_CLI = {"build_tools.__main__"}
MAY_IMPORT_COMMANDS = {"build_tools.cli"}


@dataclass(frozen=True)
class Import:
    source: str
    """The importing module (build_tools.x)."""
    target: str
    path: str
    """The importing file, from the package's parent (build_tools/pdf/jobs.py)."""
    line: int

    def where(self) -> str:
        return f"{self.path}:{self.line}"


def module_name(path: Path, package: Path) -> str:
    parts = list(path.relative_to(package.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def read_imports(package: Path) -> tuple[set[str], list[Import]]:
    """Every module under `package`, and every import of one of them by another."""
    paths = {module_name(path, package): path for path in sorted(package.rglob("*.py"))}
    found: list[Import] = []
    for name, path in paths.items():
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        shown = path.relative_to(package.parent).as_posix()
        here = name if path.name == "__init__.py" else name.rpartition(".")[0]
        for node in ast.walk(tree):
            targets: list[str] = []
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                if node.level:
                    base = here.split(".")[: len(here.split(".")) - (node.level - 1)]
                    module = ".".join(base + ([node.module] if node.module else []))
                else:
                    module = node.module or ""
                targets = [module] + [f"{module}.{alias.name}" for alias in node.names]
            for target in targets:
                if target in paths and target != name:
                    found.append(Import(name, target, shown, node.lineno))
    return set(paths), found


def layer_of(module: str) -> int | None:
    short = module.removeprefix("build_tools.") if module != "build_tools" else module
    head = short.split(".")[0]
    for level, names in enumerate(LAYERS):
        for declared in names:
            if declared.endswith("*") and head.startswith(declared[:-1]):
                return level
            if head == declared:
                return level
    return None


def cycles(modules: set[str], imports: list[Import]) -> list[list[str]]:
    """Groups of modules that import each other, directly or round a circle (Tarjan)."""
    edges: dict[str, set[str]] = {module: set() for module in modules}
    for found in imports:
        edges[found.source].add(found.target)
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    result: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for other in sorted(edges[node]):
            if other not in index:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in on_stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                result.append(sorted(group))

    for module in sorted(modules):
        if module not in index:
            visit(module)
    return result


def problems(package: Path) -> list[str]:
    """Every broken rule, one line each, naming the import (file:line)."""
    modules, imports = read_imports(package)
    out = []
    for group in cycles(modules, imports):
        lines = [f.where() + f" ({f.source} → {f.target})" for f in imports
                 if f.source in group and f.target in group]
        out.append(f"cycle {' ↔ '.join(group)}: " + "; ".join(lines))
    for found in imports:
        if found.target == CLI and found.source not in MAY_IMPORT_CLI:
            out.append(f"{found.where()}: {found.source} imports {CLI} (only __main__ may)")
        elif (found.target.startswith("build_tools.cmd_")
              and found.source not in MAY_IMPORT_COMMANDS):
            out.append(f"{found.where()}: {found.source} imports the command module "
                       f"{found.target} (only cli may)")
        else:
            source, target = layer_of(found.source), layer_of(found.target)
            if source is not None and target is not None and target > source:
                out.append(f"{found.where()}: {found.source} (layer {source}) imports "
                           f"{found.target} (layer {target}), an upward import")
    return out


def test_every_module_has_a_layer() -> None:
    modules, _ = read_imports(PACKAGE)
    assert sorted(m for m in modules if layer_of(m) is None) == []


def test_imports_only_run_down() -> None:
    assert problems(PACKAGE) == []


def test_nothing_but_main_imports_cli() -> None:
    _, imports = read_imports(PACKAGE)
    assert {found.source for found in imports if found.target == CLI} == MAY_IMPORT_CLI


def test_function_level_imports_count(tmp_path: Path) -> None:
    """The checker itself: a synthetic package with an upward import inside a function, a
    circle, a command module imported by the build core and cli imported by a command."""
    package = tmp_path / "build_tools"
    (package / "pdf").mkdir(parents=True)
    (package / "__init__.py").write_text("")
    (package / "pdf" / "__init__.py").write_text("")
    (package / "pdf" / "html.py").write_text("from . import jobs\n")
    (package / "pdf" / "jobs.py").write_text("from build_tools.pdf import html\n")
    (package / "model.py").write_text("def f():\n    from build_tools.render import x\n")
    (package / "render.py").write_text("x = 1\n")
    (package / "build.py").write_text("import build_tools.cmd_pdf\n")
    (package / "cmd_pdf.py").write_text("from build_tools.cli import main\n")
    (package / "cli.py").write_text("from build_tools import cmd_pdf\n")
    found = problems(package)
    assert found == [
        "cycle build_tools.cli ↔ build_tools.cmd_pdf: build_tools/cli.py:1 (build_tools.cli "
        "→ build_tools.cmd_pdf); build_tools/cmd_pdf.py:1 (build_tools.cmd_pdf → "
        "build_tools.cli)",
        "cycle build_tools.pdf.html ↔ build_tools.pdf.jobs: build_tools/pdf/html.py:1 "
        "(build_tools.pdf.html → build_tools.pdf.jobs); build_tools/pdf/jobs.py:1 "
        "(build_tools.pdf.jobs → build_tools.pdf.html)",
        "build_tools/build.py:1: build_tools.build imports the command module "
        "build_tools.cmd_pdf (only cli may)",
        "build_tools/cmd_pdf.py:1: build_tools.cmd_pdf imports build_tools.cli (only "
        "__main__ may)",
        "build_tools/model.py:2: build_tools.model (layer 0) imports build_tools.render "
        "(layer 4), an upward import",
    ]


@pytest.mark.parametrize("module, layer", [("build_tools.pdf.jobs", 4), ("build_tools", 0),
                                           ("build_tools.cmd_udgiv", 6), ("build_tools.nope",
                                                                          None)])
def test_layers_of_packages_and_patterns(module: str, layer: int | None) -> None:
    assert layer_of(module) == layer
