"""`handbook`: the command editors and CI run. Thin: every step lives in build_tools.build."""

from __future__ import annotations

import argparse
import importlib
import os
import pkgutil
import sys
from pathlib import Path
from types import ModuleType
from typing import Any, NoReturn

os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")

from build_tools.build import (  # noqa: E402
    CONTENT_DIR_ENV,
    HIDE_DRAFTS_ENV,
    SiteBuildError,
    build_site,
    load_checked,
)
from build_tools.problems import ContentError  # noqa: E402


def content_dir(args: argparse.Namespace) -> Path:
    if args.content:
        return Path(args.content)
    return Path(args.config).resolve().parent / "content"


def cmd_check(args: argparse.Namespace) -> int:
    loaded = load_checked(content_dir(args))
    count = sum(len(items) for items in loaded.items.values())
    print(f"OK: {count} elementer i {len(loaded.files)} filer, ingen fejl.")
    return 0


def feature_modules() -> list[ModuleType]:
    """The build_tools/cmd_*.py modules: each adds commands, and may add build outputs."""
    package = Path(__file__).parent
    names = sorted(m.name for m in pkgutil.iter_modules([str(package)]))
    return [importlib.import_module(f"build_tools.{n}") for n in names if n.startswith("cmd_")]


def cmd_build(args: argparse.Namespace) -> int:
    cmd_check(args)
    # The MkDocs plugin and the PDF writer read these switches from the environment.
    switches = {HIDE_DRAFTS_ENV: "1" if args.hide_drafts else None,
                CONTENT_DIR_ENV: str(Path(args.content).resolve()) if args.content else None}
    before = {name: os.environ.get(name) for name in switches}
    try:
        for name, value in switches.items():
            if value is not None:
                os.environ[name] = value
        return _build(args)
    finally:
        for name, value in before.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def _build(args: argparse.Namespace) -> int:
    site_dir = Path(args.site_dir) if args.site_dir else None
    # A feature module's site_extra(args) returns a function that writes its output (PDFs,
    # the offline zip) into the new site folder before it is published, or None.
    # The offline zip packs the finished site, so it runs after every other output (PDFs).
    modules = sorted(feature_modules(), key=lambda m: m.__name__ == "build_tools.cmd_offline")
    extras = [m.site_extra(args) for m in modules if hasattr(m, "site_extra")]
    try:
        target = build_site(Path(args.config), site_dir, extras=[e for e in extras if e])
    except SiteBuildError as exc:
        print(exc, file=sys.stderr)
        print("Afbrudt: sitet kunne ikke bygges; det tidligere site er uændret.", file=sys.stderr)
        return 1
    print(f"Sitet er bygget i {target}.")
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    from mkdocs.commands.serve import serve

    serve(config_file=args.config, open_in_browser=False, dev_addr=args.addr, livereload=True)
    return 0


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
    check.set_defaults(run=cmd_check)

    build = commands.add_parser("build", help="kontrollér og byg sitet")
    build.add_argument("--site-dir", help="hvor sitet skrives (standard: site/)")
    build.add_argument("--hide-drafts", action="store_true",
                       help="udelad alt med status udkast (sider, links og søgning)")
    build.set_defaults(run=cmd_build)

    serve = commands.add_parser("serve", help="vis håndbogen lokalt og genindlæs ved ændringer")
    serve.add_argument("--addr", default="127.0.0.1:8000", help="adresse (standard 127.0.0.1:8000)")
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
        return args.run(args)
    except ContentError as exc:
        print(exc, file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
