"""`handbook udgiv DEST` (publish a checked build to a folder or share) and `handbook nginx`
(the web server's configuration). The work lives in build_tools/publish.py and nginx.py."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from build_tools import nginx
from build_tools.context import Context, build_site
from build_tools.publish import CURRENT, PREVIOUS, PublishError, publish, roll_back


def cmd_udgiv(ctx: Context) -> int:
    args = ctx.args
    dest = Path(args.dest)
    try:
        if args.rul_tilbage:
            warnings = roll_back(dest)
            for line in warnings:
                print(f"Advarsel: {line}", file=sys.stderr)
            print(f"Rullet tilbage: {dest / CURRENT} er nu den forrige version; den nyere ligger "
                  f"i {dest / PREVIOUS} (kør kommandoen igen for at rulle frem).")
            return 0
        if args.site_dir:
            site = Path(args.site_dir)
        else:
            if build_site(ctx) != 0:  # check, then build: only a clean build is published
                print(f"Afbrudt: intet er udgivet; {dest} er uændret.", file=sys.stderr)
                return 1
            site = ctx.project.site_dir
        result = publish(site, dest)
    except PublishError as exc:
        print(exc, file=sys.stderr)
        return 1
    mb = f"{result.bytes / 1_000_000:.1f}".replace(".", ",")
    how = "i ét skridt" if result.atomic else "med to omdøbninger"
    kept = f"; den forrige version ligger i {result.previous}" if result.previous else ""
    print(f"Udgivet: {result.files} filer ({mb} MB) i {result.current}, skiftet {how}{kept}.")
    return 0


def cmd_nginx(ctx: Context) -> int:
    args = ctx.args
    if args.fuld:
        text = nginx.standalone_config(args.root, args.listen, args.runtime,
                                       console_logs=args.konsol)
    else:
        text = nginx.server_config(args.root, args.listen)
    if args.check:
        out = Path(args.out or "")
        if not args.out or not out.is_file() or out.read_text(encoding="utf-8") != text:
            print(f"{args.out or '--out'}: passer ikke til build_tools/csp.py og nginx.py; kør "
                  f"handbook nginx --out {args.out or 'FIL'}", file=sys.stderr)
            return 1
        print(f"{args.out} er opdateret.")
        return 0
    if args.out:
        Path(args.out).write_text(text, encoding="utf-8")
        print(f"nginx-konfigurationen er skrevet til {args.out}.")
    else:
        sys.stdout.write(text)
    return 0


def register(subparsers: Any) -> None:
    udgiv = subparsers.add_parser(
        "udgiv", help="kontrollér, byg og kopiér sitet til en mappe eller et fællesdrev "
                      "(DEST/aktuel; den forrige version gemmes i DEST/forrige)")
    udgiv.add_argument("dest", metavar="DEST", help="mappen, webserveren læser fra (fx "
                                                      "/srv/haandbog)")
    udgiv.add_argument("--site-dir", help="udgiv et site, der allerede er bygget, i stedet for "
                                          "at bygge")
    udgiv.add_argument("--hide-drafts", action="store_true",
                       help="udelad alt med status udkast")
    udgiv.add_argument("--rul-tilbage", action="store_true",
                       help="byt den aktuelle og den forrige version (intet bygges)")
    udgiv.set_defaults(run=cmd_udgiv, engine="mkdocs")

    server = subparsers.add_parser(
        "nginx", help="skriv nginx-konfigurationen med sikkerhedsheaders og cache-regler")
    server.add_argument("--root", default=nginx.DEFAULT_ROOT,
                        help=f"mappen med sitet (standard: {nginx.DEFAULT_ROOT})")
    server.add_argument("--listen", default=nginx.DEFAULT_LISTEN,
                        help=f"adresse og port (standard: {nginx.DEFAULT_LISTEN})")
    server.add_argument("--fuld", action="store_true",
                        help="en hel nginx.conf, der kører uden root (container)")
    server.add_argument("--runtime", default="/tmp",
                        help="med --fuld: mappe til pid, midlertidige filer og logs")
    server.add_argument("--konsol", action="store_true",
                        help="med --fuld: logs til stdout/stderr (container)")
    server.add_argument("--out", help="filen, der skrives (standard: vis den)")
    server.add_argument("--check", action="store_true",
                        help="kontrollér, at --out er opdateret (CI)")
    server.set_defaults(run=cmd_nginx)
