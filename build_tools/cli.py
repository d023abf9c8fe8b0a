"""`handbook`: the command editors and CI run. Thin: every step lives in build_tools.build.

main() parses the arguments once and hands every command one Context (build_tools/context.py:
the project, read from mkdocs.yml once, and the options). Only build_tools/__main__.py (and the
`handbook` script) import this module."""

from __future__ import annotations

import argparse
import sys
from typing import Any, NoReturn

from build_tools import (
    cmd_editor,
    cmd_jura,
    cmd_offline,
    cmd_pdf,
    cmd_rapport,
    cmd_rediger,
    cmd_udgave,
    cmd_udgiv,
)
from build_tools.context import Context, build_site, check_content
from build_tools.engine import ENGINES
from build_tools.problems import ContentError
from build_tools.project import ConfigError

COMMAND_MODULES = (cmd_editor, cmd_jura, cmd_offline, cmd_pdf, cmd_rapport, cmd_rediger,
                   cmd_udgave, cmd_udgiv)
"""The modules that add commands beyond check, build and serve, each with a
`register(subparsers)` function; their commands take a Context (build_tools/context.py)."""


def cmd_check(ctx: Context) -> int:
    return check_content(ctx)


def cmd_build(ctx: Context) -> int:
    return build_site(ctx)


def cmd_serve(ctx: Context) -> int:
    from build_tools.serve import serve

    return serve(ctx.project, ctx.options, ctx.args.addr, ENGINES[ctx.args.engine])


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

    # Further commands live beside their feature, in build_tools/cmd_*.py (COMMAND_MODULES).
    for module in COMMAND_MODULES:
        module.register(commands)
    # --config and --content work before or after the command name.
    for sub in commands.choices.values():
        sub.add_argument("--config", default=argparse.SUPPRESS, help=argparse.SUPPRESS)
        sub.add_argument("--content", default=argparse.SUPPRESS, help=argparse.SUPPRESS)
    return main


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        code: int = args.run(Context(args))
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
