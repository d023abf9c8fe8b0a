"""`handbook udgave`, and the editions in every site build (see build_tools/editions.py).

`handbook udgave` makes an approved edition: the working tree must be committed, the content
must pass the check, then the Git tag `udgave-YYYY-MM-DD` is made on the commit and the site is
built with the new edition in it (if the build fails, the tag is removed again: no edition
exists that was never built). Tags are never moved or overwritten.

In a site build, the Udgaver page and the editions, built from their tags and cached, come
from editions.py (`site_page`, `site_output`; listed in build_tools/outputs.py).
"""

from __future__ import annotations

import argparse
import sys
from datetime import date
from typing import Any

from build_tools import editions
from build_tools.build import build
from build_tools.context import Context, check_content
from build_tools.render import dansk_dato
from build_tools.site_output import SiteBuildError


def _fail(message: str) -> int:
    print(f"Afbrudt: {message}", file=sys.stderr)
    return 1


def cmd_udgave(ctx: Context) -> int:
    args = ctx.args
    proj = ctx.project
    dato: date = args.dato or date.today()
    tag = f"{editions.TAG_PREFIX}{dato.isoformat()}"
    found = editions.find_editions(proj.root)
    if found.unavailable or found.top is None:
        return _fail(f"en udgave kræver Git: {found.unavailable or 'ingen Git-historik'}.")
    top = found.top
    if dato > date.today():
        return _fail(f"en udgave kan ikke dateres frem i tiden ({dansk_dato(dato)}).")
    if editions.git(top, "rev-parse", "-q", "--verify", f"refs/tags/{tag}", check=False):
        return _fail(f"udgaven fra {dansk_dato(dato)} findes allerede (tag {tag}); en udgave "
                     "kan aldrig laves om.")
    if found.editions and found.editions[-1].dato >= dato:
        newest = found.editions[-1]
        return _fail(f"den nyeste udgave er fra {dansk_dato(newest.dato)} ({newest.tag}); en ny "
                     "udgave skal have en senere dato.")
    changed = editions.git(top, "status", "--porcelain", "--untracked-files=all", "--",
                           str(proj.root)).splitlines()
    if changed:
        listed = "\n".join(f"  {line}" for line in changed[:10])
        more = f"\n  … og {len(changed) - 10} mere" if len(changed) > 10 else ""
        return _fail("der er ændringer, som ikke er committet; en udgave er altid en commit "
                     f"(commit eller fjern dem først):\n{listed}{more}")
    check_content(ctx)  # raises ContentError: one Danish line per problem, exit 1
    commit = editions.git(top, "rev-parse", "HEAD")
    editions.git(top, "tag", "-a", tag, "-m",
                 f"Udgave af håndbogen fra {dansk_dato(dato)} (handbook udgave)", commit)
    try:
        target = build(proj, ctx.options)
    except BaseException as exc:
        editions.git(top, "tag", "-d", tag, check=False)
        if isinstance(exc, SiteBuildError):
            print(exc, file=sys.stderr)
            return _fail("sitet kunne ikke bygges; ingen udgave er lavet (tagget er fjernet).")
        raise
    built = proj.build_dir / editions.CACHE_FOLDER / editions.edition_folder(
        editions.Edition(dato, tag, commit), args.hide_drafts)
    size = editions.read_manifest(built)["bytes"] / 1_000_000
    print(f"Udgaven fra {dansk_dato(dato)} er lavet: tag {tag} på commit {commit[:12]} "
          f"({f'{size:.1f}'.replace('.', ',')} MB under {editions.FOLDER}/{dato.isoformat()}/ "
          f"i {target}).")
    print(f"Send tagget til Git-serveren, så udgaven kommer med, når sitet offentliggøres:\n"
          f"  git push origin {tag}")
    return 0


def _dato(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"forventede en dato som ÅÅÅÅ-MM-DD, fik {text!r}") \
            from None


def register(subparsers: Any) -> None:
    udgave = subparsers.add_parser(
        "udgave", help="lav en godkendt udgave (Git-tag udgave-ÅÅÅÅ-MM-DD) efter kontrol og "
                       "bygning")
    udgave.add_argument("--hide-drafts", action="store_true",
                        help="udelad alt med status udkast (som når sitet bygges sådan)")
    udgave.add_argument("--dato", type=_dato, metavar="ÅÅÅÅ-MM-DD",
                        help="udgavens dato (standard: i dag)")
    udgave.set_defaults(run=cmd_udgave)
