"""What `handbook` hands every command: the parsed arguments, the project (mkdocs.yml, read once,
when a command first asks) and the options of the build (`--hide-drafts`, the edit links).

Below cli.py and every cmd_*.py: a command module takes a Context and never imports cli. The two
steps several commands share (the content check and the whole build, with their Danish lines)
live here too, so `handbook udgave` and `handbook udgiv` run them as `check` and `build` do.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from build_tools.build import build, load_checked
from build_tools.checks import check_quotes
from build_tools.problems import ContentError
from build_tools.project import Project
from build_tools.resolve import Options
from build_tools.site_output import SiteBuildError


@dataclass
class Context:
    """One run of `handbook`: its arguments, and the project and options made from them once.

    The project is read when a command first asks for it (`handbook nginx` and `handbook udgiv
    --rul-tilbage` never do), and then never again in the same run."""

    args: argparse.Namespace

    @cached_property
    def project(self) -> Project:
        """The project named by --config (mkdocs.yml), with --content and --site-dir if given."""
        return Project.load(self.args.config, self.args.content or None,
                            getattr(self.args, "site_dir", None))

    @cached_property
    def options(self) -> Options:
        """The options every output of this run is made with (one resolved handbook)."""
        return Options(hide_drafts=bool(getattr(self.args, "hide_drafts", False)),
                       edit_base=self.project.edit_base)

    @property
    def content_dir(self) -> Path:
        return self.project.content_dir


def check_content(ctx: Context) -> int:
    """`handbook check`: load and check the content (raises ContentError: one Danish line per
    problem); print the warnings and the OK line. Other commands run it before they build."""
    args = ctx.args
    build_dir = ctx.project.build_dir  # a built project's build folder keeps the file cache
    loaded = load_checked(ctx.content_dir, build_dir if build_dir.is_dir() else None)
    texts = getattr(args, "kildetekster", None)
    if texts:
        folder = Path(texts)
        if not folder.is_dir():
            print(f"Afbrudt: mappen med kildetekster findes ikke: {texts}", file=sys.stderr)
            return 1
        problems = check_quotes(loaded, folder)
        if problems:
            raise ContentError(problems)
    for warning in sorted(loaded.warnings):
        print(warning, file=sys.stderr)
    count = sum(len(items) for items in loaded.items.values())
    warnings = len(loaded.warnings)
    note = f" ({warnings} {'advarsel' if warnings == 1 else 'advarsler'})" if warnings else ""
    print(f"OK: {count} elementer i {len(loaded.files)} filer, ingen fejl{note}.")
    if texts:
        print(f"Citaterne er kontrolleret mod kildeteksterne i {texts}.")
    elif getattr(args, "command", None) == "check":
        print("Citaterne er ikke kontrolleret mod kilderne (giv mappen med --kildetekster).")
    return 0


def build_site(ctx: Context) -> int:
    """`handbook build`: check, then build and publish the site into the project's site folder;
    a build that fails prints its Danish message and leaves the previous site (exit 1)."""
    check_content(ctx)
    try:
        target = build(ctx.project, ctx.options, engine=getattr(ctx.args, "engine", "mkdocs"))
    except SiteBuildError as exc:
        print(exc, file=sys.stderr)
        print("Afbrudt: sitet kunne ikke bygges; det tidligere site er uændret.", file=sys.stderr)
        return 1
    print(f"Sitet er bygget i {target}.")
    return 0
