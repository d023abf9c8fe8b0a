"""Editions (udgaver): approved states of the handbook, kept read-only on the published site.

An edition is a Git tag `udgave-YYYY-MM-DD` on the commit that was approved (`handbook udgave`
makes it after a clean check and build). Every site build puts every edition under
`udgaver/<dato>/` as pages, with a banner on each page linking to today's page, writes the
"Udgaver" page (udgaver/index.md: the editions, newest first, with what changed between them)
and adds "Tidligere udgaver af siden" to every current page.

How an edition is built, and why:

- **From its tag, by the tag's own code.** `git archive` of the tag into a temporary folder,
  built there with `python -m build_tools.cli build` and PYTHONPATH set to that folder. The
  edition looks as it looked on its day, and it still builds after today's model or templates
  change (today's code may refuse yesterday's content once a field is renamed). Its handbook
  PDF is written as PDF/A-3b (pdf.ARCHIVE_ENV) with the edition's date as print date.
- **Once.** The built edition is kept in `build/udgaver/<dato>-<commit>/` (git-ignored; CI
  caches it like the PDFs) and never written again: a later build copies it, so a normal build
  costs a copy per edition, not a build. A cache entry is complete or absent (renamed into
  place with its manifest).
- **As pages, pruned.** Measured on the real content (72 pages): the offline zip is 1.5 MB,
  the pages as built 5.1 MB. Pages are what a complaint or an audit cites ("this page, on that
  day"), so an edition is pages, without what only the offline zip or a developer needs
  (source maps, the zip, `search_index.js` which only `file://` reads, other languages' search
  files, the sitemap, the 404 page), with runs of whitespace in its HTML collapsed (rendering
  unchanged; `pre`, `textarea`, `code`, `script` and `style` untouched): about 3 MB.

Only a tag on a commit in the history being built is an edition: building one runs the tag's
code, and a tag alone (on a commit never reviewed into the branch) must not make code run.

Nothing lost: a tag is never moved or overwritten by `handbook udgave`, a cached edition is never
rebuilt, and `handbook udgiv` refuses to publish a site that lacks an edition the previous
published site had. Without Git history (a zip download, a shallow clone without tags) the site
still builds; the Udgaver page and the build's output say that editions are unavailable.
"""

from __future__ import annotations

import dataclasses
import hashlib
import html as html_lib
import json
import os
import posixpath
import re
import shutil
import subprocess
import sys
import tempfile
import threading
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from markupsafe import escape

from build_tools import files
from build_tools.model import UDKAST
from build_tools.problems import ContentError, Problem
from build_tools.project import Project
from build_tools.registry import CHANGES_PAGE, page_path
from build_tools.render import Page, Site, dansk_dato
from build_tools.resolve import Handbook
from build_tools.sanitize import markdown_text
from build_tools.site_output import BackgroundOutput, SiteBuildError

TAG_PREFIX = "udgave-"
TAG_PATTERN = re.compile(r"udgave-(\d{4}-\d{2}-\d{2})")
FOLDER = "udgaver"
"""The editions' folder in the site: udgaver/<dato>/ holds one edition."""
PAGE = f"{FOLDER}/index.md"
"""The "Udgaver" page."""
PAGE_TITLE = "Udgaver"
SECTION_ID = "tidligere-udgaver-af-siden"
OFF_ENV = "HANDBOOK_UDGAVER"
"""Set to 0 while an edition itself is built: no editions inside an edition."""
CACHE_FOLDER = "udgaver"
"""Built editions in the build folder (build/udgaver/<dato>-<commit>/)."""
MANIFEST = "udgave.json"
BANNER_START = "<!-- hb-udgave -->"
BANNER_END = "<!-- /hb-udgave -->"
ARTICLE = re.compile(r'(<article class="md-content__inner md-typeset">)(.*?)(</article>)',
                     re.S)
EDIT_LINK = re.compile(r'<p class="hb-edit">.*?</p>', re.S)
KEEP_AS_IS = re.compile(r"(<(pre|textarea|code|script|style)\b.*?</\2>)", re.S | re.I)
LEFT_OUT = ("haandbog-offline.zip", "sitemap.xml", "sitemap.xml.gz", "404.html",
            "search/search_index.js")


class EditionError(Exception):
    """An edition could not be found or built (Danish message)."""


@dataclass(frozen=True)
class Edition:
    """One edition: its date, tag and the commit the tag names."""

    dato: date
    tag: str
    commit: str

    @property
    def slug(self) -> str:
        return self.dato.isoformat()

    @property
    def cache_name(self) -> str:
        return f"{self.slug}-{self.commit[:12]}"


@dataclass
class Editions:
    """The editions Git knows of, oldest first; or why there are none to show."""

    editions: list[Edition] = field(default_factory=list)
    unavailable: str = ""
    """Danish: why editions cannot be shown in this build (empty when they can)."""
    off: bool = False
    """The build of an edition itself: no Udgaver page, no sections."""
    top: Path | None = None
    """The Git working tree's top folder."""
    outside: list[str] = field(default_factory=list)
    """Tags named like an edition on a commit outside the history being built (not on this
    branch: never reviewed into it), left out, each reported."""


@dataclass(frozen=True)
class Change:
    """One entry of an item's change log, as the Udgaver page lists it."""

    dato: date
    vaegt: str
    titel: str
    side: str
    """The item's page (.md path)."""
    tekst: str
    ny: bool
    """The item's first entry: the text itself is new."""
    udkast: bool = False
    """The item was a draft in that edition (left out of a build with --hide-drafts)."""


# --- Git ---------------------------------------------------------------------------------------


def git(folder: Path, *args: str, check: bool = True) -> str:
    """Run git in `folder`; its output (stripped). GitError-free: a failure is EditionError."""
    done = subprocess.run(["git", "-C", str(folder), *args], capture_output=True, text=True,
                          check=False, env={**os.environ, "GIT_TERMINAL_PROMPT": "0"})
    if check and done.returncode != 0:
        raise EditionError(f"git {' '.join(args)}: {done.stderr.strip()}")
    return done.stdout.strip() if done.returncode == 0 else ""


def find_editions(root: Path) -> Editions:
    """The editions tagged in the Git repository holding `root`, oldest first."""
    if os.environ.get(OFF_ENV) == "0":
        return Editions(off=True)
    if shutil.which("git") is None:
        return Editions(unavailable="Git er ikke installeret, så udgaverne kan ikke findes")
    top = git(root, "rev-parse", "--show-toplevel", check=False)
    if not top:
        return Editions(unavailable="håndbogen er bygget uden Git-historik (fx fra en "
                                    "zip-download), så udgaverne kan ikke findes")
    lines = git(root, "for-each-ref", "--format=%(refname:short) %(objectname) %(*objectname)",
                f"refs/tags/{TAG_PREFIX}*").splitlines()
    editions = []
    outside = []
    for line in lines:
        name, obj, *peeled = line.split()
        match = TAG_PATTERN.fullmatch(name)
        if not match:
            continue
        try:
            dato = date.fromisoformat(match.group(1))
        except ValueError:
            continue
        commit = peeled[0] if peeled else obj
        # An edition's own code builds it: only commits in the history being built (reviewed
        # into this branch) are run, never one that a tag alone points at.
        ancestor = subprocess.run(["git", "-C", str(root), "merge-base", "--is-ancestor", commit,
                                   "HEAD"], capture_output=True, check=False)
        if ancestor.returncode != 0:
            outside.append(name)
            continue
        editions.append(Edition(dato, name, commit))
    editions.sort(key=lambda edition: edition.dato)
    if not editions and git(root, "rev-parse", "--is-shallow-repository") == "true":
        return Editions(unavailable="Git-historikken er afkortet (en shallow clone uden tags), "
                                    "så udgaverne kan ikke findes; hent hele historikken "
                                    "(fx fetch-depth: 0)", top=Path(top))
    return Editions(editions, top=Path(top), outside=outside)


def export(top: Path, commit: str, target: Path) -> None:
    """The commit's files (git archive) into `target`."""
    target.mkdir(parents=True, exist_ok=True)
    archive = subprocess.Popen(["git", "-C", str(top), "archive", "--format=tar", commit],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    unpack = subprocess.run(["tar", "-x", "-C", str(target)], stdin=archive.stdout,
                            capture_output=True, check=False)
    assert archive.stdout is not None and archive.stderr is not None
    archive.stdout.close()
    error = archive.stderr.read().decode(errors="replace")
    if archive.wait() != 0 or unpack.returncode != 0:
        raise EditionError(f"git archive {commit[:12]}: {error or unpack.stderr.decode()}")


# --- Changes between editions ------------------------------------------------------------------


def edition_changes(edition: Edition, top: Path, project_root: Path, cache: Path) -> list[Change]:
    """Every change-log entry in the edition's content (its own files, read from the tag),
    cached per commit."""
    stored = cache / f"{edition.cache_name}.aendringer.json"
    if stored.is_file():
        return [Change(date.fromisoformat(row["dato"]), row["vaegt"], row["titel"], row["side"],
                       row["tekst"], row["ny"], row.get("udkast", False))
                for row in json.loads(stored.read_text("utf-8"))]
    from build_tools.loader import load
    from build_tools.project import Project

    with tempfile.TemporaryDirectory(prefix="haandbog-aendringer-") as folder:
        export(top, edition.commit, Path(folder))
        relative = project_root.resolve().relative_to(top.resolve())
        config = Path(folder) / relative / "mkdocs.yml"
        content = Project.load(config).content_dir if config.is_file() else (
            Path(folder) / relative / "content")
        loaded = load(content)
        changes = [
            Change(entry.dato, entry.vaegt, item.model.titel, page_path(item), entry.tekst,
                   index == 0, item.model.status == UDKAST)
            for items in loaded.items.values() for item in items.values()
            for index, entry in enumerate(sorted(item.model.aendringer, key=lambda e: e.dato))
        ]
    cache.mkdir(parents=True, exist_ok=True)
    rows = [dict(dato=c.dato.isoformat(), vaegt=c.vaegt, titel=c.titel, side=c.side,
                 tekst=c.tekst, ny=c.ny, udkast=c.udkast) for c in changes]
    files.write_text(stored, json.dumps(rows, ensure_ascii=False))
    return changes


def current_changes(loaded: Any) -> list[Change]:
    """The change-log entries of the content being built now."""
    return [
        Change(entry.dato, entry.vaegt, item.model.titel, page_path(item), entry.tekst,
               index == 0)
        for items in loaded.items.values() for item in items.values()
        for index, entry in enumerate(sorted(item.model.aendringer, key=lambda e: e.dato))
    ]


def between(changes: list[Change], after: date | None, until: date | None) -> list[Change]:
    """Entries dated after `after` (exclusive) up to `until` (inclusive); væsentlige first,
    then newest first."""
    chosen = [c for c in changes if (after is None or c.dato > after)
              and (until is None or c.dato <= until)]
    chosen.sort(key=lambda c: (c.titel.lower(),))
    chosen.sort(key=lambda c: c.dato, reverse=True)
    chosen.sort(key=lambda c: c.vaegt != "væsentlig")
    return chosen


# --- The Udgaver page --------------------------------------------------------------------------


def html_md(path: str) -> str:
    """A page's .md path as its .html address."""
    return path[:-3] + ".html" if path.endswith(".md") else path


def _change_lines(changes: list[Change], link: Any) -> list[str]:
    lines = []
    for major, heading in ((True, "Væsentlige ændringer"),
                           (False, "Mindre rettelser (sprog, stavefejl, links)")):
        chosen = [c for c in changes if (c.vaegt == "væsentlig") == major]
        if not chosen:
            continue
        lines += ["", f"**{heading}**", ""]
        for change in chosen:  # the title first: "- 20. november" would start a numbered list
            new = ", ny tekst" if change.ny else ""
            lines.append(f"- {link(change)} ({dansk_dato(change.dato)}{new}): "
                         f"{markdown_text(' '.join(change.tekst.split()))}")
    return lines


def udgaver_markdown(found: Editions, changes: dict[str, list[Change]],
                     today: list[Change], hide_drafts: bool = False) -> str:
    """The Udgaver page: every edition, newest first, with what changed since the one before
    (from the items' `aendringer`, væsentlige first); first what changed since the newest.
    With `hide_drafts`, changes to texts that were drafts in their edition are left out."""
    if hide_drafts:
        changes = {tag: [c for c in rows if not c.udkast] for tag, rows in changes.items()}
    lines = [
        "---", f'title: "{PAGE_TITLE}"',
        'description: "Godkendte udgaver af håndbogen, nyeste først."', "---", "",
        f"# {PAGE_TITLE}", "",
        "En udgave er håndbogen, som den så ud den dag, den blev godkendt. Udgaverne gemmes "
        "uændret, så du kan se, hvad vejledningen sagde den dag, du handlede. Den gældende "
        "vejledning er resten af håndbogen, uden for Udgaver.",
    ]
    if found.unavailable:
        lines += ["", f"Udgaverne kan ikke vises i denne kopi af håndbogen: {found.unavailable}. "
                      "Se håndbogen på intranettet."]
        return "\n".join(lines) + "\n"
    editions = list(reversed(found.editions))
    if not editions:
        lines += ["", "Der er endnu ingen godkendte udgaver af håndbogen."]
        return "\n".join(lines) + "\n"

    def current_link(change: Change) -> str:
        target = posixpath.relpath(html_md(change.side), FOLDER)
        return f'<a href="{escape(target)}">{escape(change.titel)}</a>'

    def fresh(chosen: list[Change], before: Edition) -> list[Change]:
        """`ny` only for a text the edition before did not have (an item's first change-log
        entry may be dated after an edition that already had it)."""
        had = {c.side for c in changes.get(before.tag, [])}
        return [dataclasses.replace(c, ny=c.ny and c.side not in had) for c in chosen]

    newest = editions[0]
    since = fresh(between(today, newest.dato, None), newest)
    lines += ["", f"## Efter udgaven fra {dansk_dato(newest.dato)}", ""]
    if since:
        lines.append("Ændret i den gældende vejledning, men endnu ikke i en udgave:")
        lines += _change_lines(since, current_link)
    else:
        lines.append("Ingen ændringer i den gældende vejledning siden den udgave.")
    for index, edition in enumerate(editions):
        previous = editions[index + 1] if index + 1 < len(editions) else None

        def edition_link(change: Change, slug: str = edition.slug) -> str:
            target = f"{slug}/{html_md(change.side)}"
            return f'<a href="{escape(target)}">{escape(change.titel)}</a>'

        lines += [
            "", f"## Udgaven fra {dansk_dato(edition.dato)} {{ #udgave-{edition.slug} }}", "",
            f'<a href="{edition.slug}/index.html">Læs udgaven fra {dansk_dato(edition.dato)}</a>'
            f' · <a href="{edition.slug}/pdf/handbog.pdf">Håndbogen som PDF til arkivet '
            f"(PDF/A)</a>",
        ]
        if previous is None:
            texts = {c.side for c in changes.get(edition.tag, [])}
            lines += ["", f"Den første udgave: {len(texts)} tekster."]
            continue
        listed = fresh(between(changes.get(edition.tag, []), previous.dato, edition.dato),
                       previous)
        lines += ["", f"Ændret siden udgaven fra {dansk_dato(previous.dato)}:"]
        lines += _change_lines(listed, edition_link) if listed else [
            "", "Ingen ændringer i ændringsloggene."]
    return "\n".join(lines) + "\n"


def add_page(site: Site, markdown: str) -> None:
    """The Udgaver page, in the navigation after "Hvad er nyt" (or last)."""
    taken = [page for path, page in site.pages.items() if path.startswith(f"{FOLDER}/")]
    if taken:  # udgaver/ holds the editions and their page: a content page there is refused
        raise ContentError([Problem(page.source or page.path, 1, "", (
            f"siden {page.path} ligger i mappen {FOLDER}/, som er håndbogens udgaver; giv filen "
            "et andet navn eller en anden mappe")) for page in taken])
    site.pages[PAGE] = Page(PAGE, PAGE_TITLE, markdown)

    def insert(entries: list[Any]) -> bool:
        for position, entry in enumerate(entries):
            if isinstance(entry, dict):
                for value in entry.values():
                    if value == CHANGES_PAGE:
                        entries.insert(position + 1, {PAGE_TITLE: PAGE})
                        return True
                    if isinstance(value, list) and insert(value):
                        return True
        return False

    if not insert(site.nav):
        site.nav.append({PAGE_TITLE: PAGE})


# --- Building an edition -----------------------------------------------------------------------


def code_root(tree: Path, project_relative: Path) -> Path:
    """The folder of the exported tree that holds build_tools/."""
    for folder in (tree, tree / project_relative):
        if (folder / "build_tools" / "__init__.py").is_file():
            return folder
    raise EditionError("udgaven indeholder ikke build_tools/, så den kan ikke bygges")


def build_edition(edition: Edition, top: Path, project_root: Path, cache: Path,
                  config_name: str = "mkdocs.yml",
                  running: list[subprocess.Popen[bytes]] | None = None,
                  hide_drafts: bool = False) -> Path:
    """The built edition in the cache (built now if it is not there yet); returns its folder,
    which holds `site/` and the manifest. With `hide_drafts` (a site built with
    --hide-drafts), the edition leaves its drafts out too (a cache entry of its own)."""
    folder = cache / edition_folder(edition, hide_drafts)
    if (folder / MANIFEST).is_file():
        return folder
    cache.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="haandbog-udgave-"))
    try:
        tree = work / "kilde"
        export(top, edition.commit, tree)
        relative = project_root.resolve().relative_to(top.resolve())
        config = tree / relative / config_name
        built = work / "site"
        env = {**os.environ, "PYTHONPATH": str(code_root(tree, relative)), OFF_ENV: "0",
               "HANDBOOK_PDF_ARKIV": "1", "GIT_CEILING_DIRECTORIES": str(work),
               "SOURCE_DATE_EPOCH": str(int(datetime(edition.dato.year, edition.dato.month,
                                                     edition.dato.day, 12,
                                                     tzinfo=UTC).timestamp()))}
        env.pop("HANDBOOK_EDIT_URL", None)
        env.setdefault("HANDBOOK_PDF_CACHE", str(project_root / "build" / "pdf-cache"))
        command = [sys.executable, "-m", "build_tools.cli", "--config", str(config), "build",
                   "--site-dir", str(built), *(["--hide-drafts"] if hide_drafts else [])]
        process = subprocess.Popen(command, cwd=config.parent, env=env, stdout=subprocess.PIPE,
                                   stderr=subprocess.STDOUT, start_new_session=True)
        if running is not None:
            running.append(process)
        output, _ = process.communicate()
        if process.returncode != 0 or not (built / "index.html").is_file():
            tail = "\n".join(output.decode(errors="replace").strip().splitlines()[-15:])
            raise EditionError(f"udgaven fra {dansk_dato(edition.dato)} ({edition.tag}) kunne "
                               f"ikke bygges:\n{tail}")
        partial = cache / f".{folder.name}.tmp"
        shutil.rmtree(partial, ignore_errors=True)
        manifest = prune(built, partial / "site")
        manifest.update(dato=edition.slug, tag=edition.tag, commit=edition.commit)
        (partial / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=1),
                                        encoding="utf-8")
        try:
            partial.rename(folder)
        except OSError:  # another build put the same edition in place first: keep that one
            shutil.rmtree(partial, ignore_errors=True)
        return folder
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _search_languages(site: Path) -> list[str]:
    try:
        data = json.loads((site / "search" / "search_index.json").read_text("utf-8"))
        languages = data["config"]["lang"]
        return [languages] if isinstance(languages, str) else list(languages)
    except (OSError, ValueError, KeyError, TypeError):
        return ["da"]


def wanted(relative: str, languages: list[str]) -> bool:
    """Whether a file of a built site belongs in an edition (see the module's notes)."""
    if relative in LEFT_OUT or relative.endswith(".map") or relative.startswith("."):
        return False
    lunr = "assets/javascripts/lunr/"
    if relative.startswith(lunr):
        name = relative.removeprefix(lunr + "min/")
        keep = {"lunr.stemmer.support.min.js", "lunr.multi.min.js"}
        keep |= {f"lunr.{language}.min.js" for language in languages}
        return name in keep
    return True


def collapse(html: str) -> str:
    """Runs of whitespace as one space (a line break stays a line break), except inside
    pre, textarea, code, script and style: the page renders the same, in ~25 % less."""
    parts = KEEP_AS_IS.split(html)
    out = []
    for index, part in enumerate(parts):
        if index % 3 == 2:
            continue  # the tag name captured by the inner group
        if index % 3 == 1:
            out.append(part)
        else:
            out.append(re.sub(r"\s+", lambda m: "\n" if "\n" in m.group() else " ", part))
    return "".join(out)


def article_hash(html: str) -> str | None:
    """The hash of a page's text (its article, whitespace and our own additions aside): what
    "whether the page changed" compares. None for a page without an article."""
    match = ARTICLE.search(html)
    if not match:
        return None
    text = re.sub(re.escape(BANNER_START) + ".*?" + re.escape(BANNER_END), "", match.group(2),
                  flags=re.S)
    text = EDIT_LINK.sub("", text)
    text = " ".join(text.split())
    return hashlib.sha256(text.encode()).hexdigest()[:16]


TITLE = re.compile(r"<title>(.*?)</title>", re.S)


def prune(built: Path, target: Path) -> dict[str, Any]:
    """Copy what an edition keeps of a built site into `target`; its manifest (pages with
    their title and text hash, files, bytes)."""
    languages = _search_languages(built)
    pages: dict[str, dict[str, str]] = {}
    files = 0
    size = 0
    for path in sorted(built.rglob("*")):
        relative = path.relative_to(built).as_posix()
        if not path.is_file() or path.is_symlink() or not wanted(relative, languages):
            continue
        out = target / relative
        out.parent.mkdir(parents=True, exist_ok=True)
        if path.suffix == ".html":
            html = EDIT_LINK.sub("", collapse(path.read_text(encoding="utf-8")))
            out.write_text(html, encoding="utf-8")
            digest = article_hash(html)
            if digest is not None:
                title = TITLE.search(html)
                pages[relative] = {"hash": digest,
                                   "titel": " ".join(title.group(1).split()) if title else ""}
        else:
            shutil.copyfile(path, out)
        files += 1
        size += out.stat().st_size
    return {"pages": pages, "files": files, "bytes": size}


def edition_folder(edition: Edition, hide_drafts: bool = False) -> str:
    """The edition's folder in the cache: one per commit, and per --hide-drafts."""
    return edition.cache_name + ("-uden-udkast" if hide_drafts else "")


def read_manifest(folder: Path) -> dict[str, Any]:
    manifest: dict[str, Any] = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    return manifest


# --- Putting editions into a site --------------------------------------------------------------


def banner(edition: Edition, page: str, current_exists: bool) -> str:
    """The banner at the top of every page of an old edition."""
    up = "../" * (page.count("/") + 2)
    when = dansk_dato(edition.dato)
    if current_exists:
        link = f'<a href="{escape(up + page)}">se den gældende vejledning</a>'
        extra = ""
    else:
        link = f'<a href="{up}index.html">se den gældende vejledning</a>'
        extra = " Siden findes ikke i den gældende vejledning."
    return (f'{BANNER_START}<div class="admonition warning hb-udgave" role="note">'
            f'<p class="admonition-title">Tidligere udgave</p>'
            f"<p>Dette er udgaven fra {when} – {link}.{extra} "
            f'<a href="{up}{FOLDER}/index.html">Alle udgaver</a></p></div>{BANNER_END}')


NOINDEX = '<meta name="robots" content="noindex">'


def place_edition(edition: Edition, built: Path, site_dir: Path) -> int:
    """Copy a built edition into site_dir/udgaver/<dato>/, every page with its banner; returns
    the bytes written."""
    source = built / "site"
    target = site_dir / FOLDER / edition.slug
    size = 0
    for path in sorted(source.rglob("*")):
        relative = path.relative_to(source).as_posix()
        out = target / relative
        if path.is_dir():
            out.mkdir(parents=True, exist_ok=True)
            continue
        out.parent.mkdir(parents=True, exist_ok=True)
        if path.suffix == ".html":
            html = path.read_text(encoding="utf-8")
            exists = (site_dir / relative).is_file()
            found = ARTICLE.search(html)
            if found:
                html = (html[:found.start()] + found.group(1) + banner(edition, relative, exists)
                        + found.group(2) + found.group(3) + html[found.end():])
            html = html.replace("<head>", f"<head>{NOINDEX}", 1)
            out.write_text(html, encoding="utf-8")
        else:
            shutil.copyfile(path, out)
        size += out.stat().st_size
    return size


META_POLICY = re.compile(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">')


def same_policy(page: Path) -> bool:
    """Whether an edition's front page carries today's policy for its place (the web server
    sends today's; an edition built with another theme version has other script hashes)."""
    from build_tools import csp

    match = META_POLICY.search(page.read_text(encoding="utf-8")) if page.is_file() else None
    return match is None or html_lib.unescape(match.group(1)) == csp.page_policy(".")


def history_section(page: str, editions: list[tuple[Edition, dict[str, Any]]],
                    current_hash: str | None) -> str:
    """"Tidligere udgaver af siden" for one current page: the editions it existed in (newest
    first), whether it changed in each, and whether it has changed since the newest."""
    up = "../" * page.count("/")
    rows = []
    before: str | None = None
    seen: list[tuple[Edition, str]] = []
    for edition, manifest in editions:  # oldest first
        entry = manifest["pages"].get(page)
        if entry is None:
            before = None  # a later edition with the page again says so
            continue
        if not seen:
            state = "første udgave med siden"
        elif before is None:
            state = "med igen efter at have manglet"
        elif entry["hash"] != before:
            state = "ændret i forhold til udgaven før"
        else:
            state = "uændret"
        seen.append((edition, entry["hash"]))
        before = entry["hash"]
        href = f"{up}{FOLDER}/{edition.slug}/{page}"
        rows.append(f'<li><a href="{escape(href)}">Udgaven fra {dansk_dato(edition.dato)}</a>'
                    f": {state}</li>")
    overview = f'<a href="{up}{FOLDER}/index.html">Om udgaverne</a>'
    heading = (f'<section class="hb-tidligere" aria-labelledby="{SECTION_ID}">'
               f'<h2 id="{SECTION_ID}">Tidligere udgaver af siden</h2>')
    if not seen:
        return (f"{heading}<p>Siden fandtes ikke i de tidligere udgaver af håndbogen. "
                f"{overview}</p></section>")
    newest, newest_hash = seen[-1]
    if current_hash == newest_hash:
        now = f"Siden er den samme som i udgaven fra {dansk_dato(newest.dato)}."
    else:
        now = f"Siden er ændret siden udgaven fra {dansk_dato(newest.dato)}."
    return (f"{heading}<p>{now} {overview}</p><ul>{''.join(reversed(rows))}</ul></section>")


def add_history(site_dir: Path, editions: list[tuple[Edition, dict[str, Any]]]) -> int:
    """Put "Tidligere udgaver af siden" at the end of every current page's text; returns how
    many pages got it."""
    count = 0
    for path in sorted(site_dir.rglob("*.html")):
        page = path.relative_to(site_dir).as_posix()
        if page.startswith(f"{FOLDER}/") or page == "404.html":
            continue
        html = path.read_text(encoding="utf-8")
        match = ARTICLE.search(html)
        if not match:
            continue
        section = history_section(page, editions, article_hash(html))
        html = html[:match.start(3)] + section + html[match.start(3):]
        path.write_text(html, encoding="utf-8")
        count += 1
    return count


class EditionsRun:
    """A build's editions: the missing ones are built (from their tags, in a thread, one at a
    time) while the engine builds the current site; finish() puts them all in place."""

    def __init__(self, handbook: Any, project: Any) -> None:
        self.hide_drafts = bool(handbook is not None and handbook.options.hide_drafts)
        self.project = project
        self.found = find_editions(project.root) if project is not None else Editions(off=True)
        self.cache = project.build_dir / CACHE_FOLDER if project is not None else None
        self.built: dict[str, Path] = {}
        self.error: BaseException | None = None
        self.running: list[subprocess.Popen[bytes]] = []
        self.cancelled = False
        self.thread: threading.Thread | None = None
        if self.found.editions:
            self.thread = threading.Thread(target=self._build_all, daemon=True)
            self.thread.start()

    def _build_all(self) -> None:
        assert self.cache is not None and self.found.top is not None
        try:
            for edition in self.found.editions:
                if self.cancelled:
                    return
                self.built[edition.tag] = build_edition(
                    edition, self.found.top, self.project.root, self.cache,
                    self.project.config_file.name, self.running, self.hide_drafts)
        except BaseException as exc:  # reported by finish()
            self.error = exc

    def finish(self, site_dir: Path) -> None:
        if self.found.off:
            return
        if self.found.unavailable:
            print(f"Udgaver: ikke tilgængelige – {self.found.unavailable}.")
            return
        for tag in self.found.outside:
            print(f"Advarsel: tagget {tag} peger på en commit uden for historikken, der bygges "
                  "(ikke på denne gren); det er ikke en udgave og bygges ikke.")
        if self.thread is not None:
            self.thread.join()
        if self.error is not None:
            raise SiteBuildError(f"Udgaver: {self.error}") from self.error
        placed = []
        size = 0
        for edition in self.found.editions:
            folder = self.built[edition.tag]
            size += place_edition(edition, folder, site_dir)
            placed.append((edition, read_manifest(folder)))
            if not same_policy(site_dir / FOLDER / edition.slug / "index.html"):
                print(f"Advarsel: udgaven fra {dansk_dato(edition.dato)} har en anden "
                      "Content-Security-Policy end i dag (bygget med et andet tema); nginx' "
                      "header (handbook nginx) kan blokere dens scripts. Se docs/drift.md.")
        pages = add_history(site_dir, placed) if placed else 0
        if placed:
            mb = f"{size / 1_000_000:.1f}".replace(".", ",")
            print(f"Udgaver: {len(placed)} ({mb} MB) under {FOLDER}/; "
                  f"\"Tidligere udgaver af siden\" på {pages} sider.")
        else:
            print("Udgaver: ingen endnu (lav en med handbook udgave).")

    def cancel(self) -> None:
        self.cancelled = True
        for process in self.running:
            if process.poll() is None:
                try:
                    os.killpg(process.pid, 9)
                except OSError:
                    pass
        if self.thread is not None:
            self.thread.join(timeout=30)


site_output = BackgroundOutput(EditionsRun)
"""Every edition under udgaver/<dato>/ and "Tidligere udgaver af siden" on every page (listed
in build_tools/outputs.py after the offline zip: the zip is today's handbook, without the
editions)."""


def site_page(project: Project, handbook: Handbook, site: Site) -> None:
    """Add the Udgaver page (udgaver/index.md) to the site being written."""
    found = find_editions(project.root)
    if found.off:
        return
    cache = project.build_dir / CACHE_FOLDER
    try:
        changes = {edition.tag: edition_changes(edition, found.top, project.root, cache)
                   for edition in found.editions if found.top is not None}
    except EditionError as exc:
        raise SiteBuildError(f"Udgaver: {exc}") from exc
    today = current_changes(handbook.content)
    add_page(site, udgaver_markdown(found, changes, today, handbook.options.hide_drafts))
