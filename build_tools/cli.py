"""`handbook`: the command editors and CI run. Thin: every step lives in build_tools.build."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any, NoReturn

from build_tools.build import (  # noqa: E402
    SiteBuildError,
    build,
    feature_modules,
    load_checked,
)
from build_tools.checks import check_quotes  # noqa: E402
from build_tools.engine import ENGINES  # noqa: E402
from build_tools.problems import ContentError  # noqa: E402
from build_tools.project import ConfigError, Project  # noqa: E402
from build_tools.resolve import Options  # noqa: E402


def project(args: argparse.Namespace) -> Project:
    """The project named by --config (mkdocs.yml), with --content and --site-dir if given."""
    return Project.load(args.config, args.content or None, getattr(args, "site_dir", None))


def content_dir(args: argparse.Namespace) -> Path:
    return project(args).content_dir


def options(args: argparse.Namespace, proj: Project) -> Options:
    return Options(hide_drafts=getattr(args, "hide_drafts", False), edit_base=proj.edit_base)


def cmd_check(args: argparse.Namespace) -> int:
    proj = project(args)  # a built project's build folder keeps the validated files
    loaded = load_checked(proj.content_dir, proj.build_dir if proj.build_dir.is_dir() else None)
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


def cmd_build(args: argparse.Namespace) -> int:
    proj = project(args)
    cmd_check(args)
    try:
        target = build(proj, options(args, proj), engine=args.engine)
    except SiteBuildError as exc:
        print(exc, file=sys.stderr)
        print("Afbrudt: sitet kunne ikke bygges; det tidligere site er uændret.", file=sys.stderr)
        return 1
    print(f"Sitet er bygget i {target}.")
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    from build_tools.serve import serve

    proj = project(args)
    return serve(proj, options(args, proj), args.addr, ENGINES[args.engine])


class _DanishFormatter(argparse.HelpFormatter):
    def add_usage(self, usage, actions, groups, prefix=None):  # type: ignore[no-untyped-def]
        return super().add_usage(usage, actions, groups, "brug: " if prefix is None else prefix)


_ARGPARSE_WORDS = (
    ("the following arguments are required", "disse skal angives"),
    ("unrecognized arguments", "ukendte argumenter"),
    ("invalid choice", "ugyldigt valg"),
    ("choose from", "vælg mellem"),
    ("expected one argument", "mangler en værdi"),
)


class DanishParser(argparse.ArgumentParser):
    """argparse with its own words in Danish: editors read the help and the errors."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", _DanishFormatter)
        kwargs["add_help"] = False
        super().__init__(*args, **kwargs)
        self._positionals.title = "argumenter"
        self._optionals.title = "valgmuligheder"
        self.add_argument("-h", "--help", action="help", default=argparse.SUPPRESS,
                          help="vis denne hjælp og stop")

    def error(self, message: str) -> NoReturn:
        for english, danish in _ARGPARSE_WORDS:
            message = message.replace(english, danish)
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}: fejl: {message}\n")


def parser() -> argparse.ArgumentParser:
    main = DanishParser(
        prog="handbook",
        description="Byg håndbogen for tidlig forebyggende indsats fra content/.",
    )
    main._positionals.title = "kommandoer"
    main.add_argument("--config", default="mkdocs.yml", help="MkDocs-konfigurationen (mkdocs.yml)")
    main.add_argument("--content", help="mappen med indhold (standard: content/ ved mkdocs.yml)")
    commands = main.add_subparsers(dest="command", required=True, metavar="KOMMANDO")

    check = commands.add_parser("check", help="kontrollér indholdet (hurtigt, bygger intet)")
    check.add_argument("--kildetekster", metavar="MAPPE",
                       help="mappe med kildedokumenterne som tekst: kontrollér, at hvert citat "
                            "står ordret i sin kilde")
    check.set_defaults(run=cmd_check)

    build = commands.add_parser("build", help="kontrollér og byg sitet")
    build.add_argument("--site-dir", help="hvor sitet skrives (standard: site/)")
    build.add_argument("--hide-drafts", action="store_true",
                       help="udelad alt med status udkast (sider, PDF'er, søgning og links)")
    build.add_argument("--engine", choices=sorted(ENGINES), default="mkdocs",
                       help="programmet, der bygger sitet (standard: mkdocs)")
    build.set_defaults(run=cmd_build)

    serve = commands.add_parser("serve", help="vis håndbogen lokalt og genindlæs ved ændringer")
    serve.add_argument("--addr", default="127.0.0.1:8000", help="adresse (standard 127.0.0.1:8000)")
    serve.add_argument("--engine", choices=sorted(ENGINES), default="mkdocs",
                       help=argparse.SUPPRESS)
    serve.add_argument("--hide-drafts", action="store_true", help=argparse.SUPPRESS)
    serve.set_defaults(run=cmd_serve)

    # Further commands live beside their feature, in build_tools/cmd_*.py, each with a
    # register(subparsers) function, so adding one never touches this file.
    for module in feature_modules():
        module.register(commands)
    # --config and --content work before or after the command name.
    for sub in commands.choices.values():
        sub.add_argument("--config", default=argparse.SUPPRESS, help=argparse.SUPPRESS)
        sub.add_argument("--content", default=argparse.SUPPRESS, help=argparse.SUPPRESS)
    return main


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        code: int = args.run(args)
        return code
    except ContentError as exc:
        print(exc, file=sys.stderr)
        return 1
    except ConfigError as exc:
        print(f"Afbrudt: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
