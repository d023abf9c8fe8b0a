"""Editions (udgaver) in a temporary Git repository of the fixture handbook.

Two editions are made with `handbook udgave` (each built from its tag by the tag's own copy of
build_tools, as in a real repository), the content changes after each, and the site is built:
the Udgaver page lists both with their changes, an old edition's pages carry the banner that
links to today's page, its handbook PDF is PDF/A-3b, every current page says in which editions
it existed, and a later build neither rebuilds nor changes an edition.
"""

from __future__ import annotations

import os
import posixpath
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).parent.parent
FIXTURE = Path(__file__).parent / "fixtures" / "handbook" / "content"
FIRST, SECOND = "2026-11-10", "2026-11-20"


def run(repo: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """`handbook …` in the repository, as an editor runs it, with the session's PDF cache
    (tests/conftest.py; the editions' builds inherit it): a PDF another build of the same
    content has made is reused."""
    env = {key: value for key, value in os.environ.items()
           if key not in ("HANDBOOK_EDIT_URL", "HANDBOOK_UDGAVER")}
    return subprocess.run([sys.executable, "-m", "build_tools.cli", *args], cwd=repo, env={
        **env, "PYTHONPATH": str(repo)}, capture_output=True, text=True, check=False)


def git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(repo), *args], capture_output=True, text=True,
                          check=True).stdout.strip()


def make_repository(folder: Path) -> Path:
    """A handbook repository: our code and configuration, the fixture's content."""
    repo = folder / "haandbog"
    shutil.copytree(REPO / "build_tools", repo / "build_tools",
                    ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(REPO / "mkdocs.yml", repo / "mkdocs.yml")
    shutil.copytree(FIXTURE, repo / "content")
    (repo / ".gitignore").write_text("build/\nsite/\n", encoding="utf-8")
    git(repo.parent, "init", "-q", "-b", "main", str(repo))
    git(repo, "config", "user.name", "Test")
    git(repo, "config", "user.email", "test@example.invalid")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "Håndbogen")
    return repo


def change(repo: Path, relative: str, old: str, new: str, entries: str) -> None:
    path = repo / "content" / relative
    text = path.read_text(encoding="utf-8").replace(old, new, 1)
    text = text.replace("aendringer:\n", "aendringer:\n" + entries, 1)
    path.write_text(text, encoding="utf-8")


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    repo = make_repository(tmp_path_factory.mktemp("udgaver"))
    made = run(repo, "udgave", "--dato", FIRST)
    assert made.returncode == 0, made.stdout + made.stderr
    change(repo, "indsatser/tvaersteam.yml", "Drøft bekymringen på tværs af faggrupper.",
           "Drøft bekymringen med de relevante faggrupper inden for en uge.",
           "  - dato: 2026-11-15\n    tekst: Drøftelsen skal nu ske inden for en uge.\n"
           "  - dato: 2026-11-16\n    tekst: Stavefejl rettet.\n    vaegt: mindre\n")
    value = (repo / "content" / "vaerdier" / "handl-tidligt.yml").read_text(encoding="utf-8")
    (repo / "content" / "vaerdier" / "lyt-til-barnet.yml").write_text(
        value.replace("id: handl-tidligt", "id: lyt-til-barnet").replace(
            "titel: Vi handler tidligt", "titel: Lyt til barnet").replace(
            "- dato: 2026-11-01", "- dato: 2026-11-12"), encoding="utf-8")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "Tværsteam inden for en uge; Lyt til barnet")
    made = run(repo, "udgave", "--dato", SECOND)
    assert made.returncode == 0, made.stdout + made.stderr
    (repo / "content" / "organisering" / "styregruppe.yml").unlink()
    change(repo, "vaerdier/handl-tidligt.yml", "", "",
           "  - dato: 2026-11-25\n    tekst: Eksemplet om skolen er nyt.\n")
    git(repo, "commit", "-q", "-am", "Styregruppen er nedlagt")
    built = run(repo, "build")
    assert built.returncode == 0, built.stdout + built.stderr
    return repo


def page(site: Path, path: str) -> str:
    return (site / path).read_text(encoding="utf-8")


def article(html: str) -> str:
    """The page's text, tags removed."""
    match = re.search(r"<article.*?</article>", html, re.S)
    assert match, "no article"
    text = " ".join(re.sub(r"<[^>]+>", " ", match.group(0)).split())
    return re.sub(r" ([:.,])", r"\1", text)


def test_handbook_udgave_tags_each_edition(repo: Path) -> None:
    assert git(repo, "tag", "--list", "udgave-*").split() == [f"udgave-{FIRST}",
                                                              f"udgave-{SECOND}"]
    assert git(repo, "cat-file", "-t", f"udgave-{FIRST}") == "tag"  # annotated: who and when
    assert "10. november 2026" in git(repo, "tag", "-n1", f"udgave-{FIRST}")


def test_the_udgaver_page_lists_both_editions_newest_first_with_their_changes(
        repo: Path) -> None:
    text = article(page(repo / "site", "udgaver/index.html"))
    second = text.index("Udgaven fra 20. november 2026")
    first = text.index("Udgaven fra 10. november 2026")
    assert text.index("Efter udgaven fra 20. november 2026") < second < first
    # what changed after the newest edition: only in today's handbook
    assert text.index("Eksemplet om skolen er nyt.") < second
    # between the editions, væsentlige first, then mindre
    between = text[second:first]
    assert "Ændret siden udgaven fra 10. november 2026" in between
    assert between.index("Drøftelsen skal nu ske inden for en uge.") < between.index(
        "Mindre rettelser") < between.index("Stavefejl rettet.")
    # a text new in the edition says so; one the edition before had does not
    assert "Lyt til barnet (12. november 2026, ny tekst): Første udgave." in between
    assert "Kildeliste (20. november 2026): Første udgave." in between
    assert "Den første udgave" in text[first:]
    html = page(repo / "site", "udgaver/index.html")
    assert f'href="{SECOND}/index.html"' in html and f'href="{FIRST}/pdf/handbog.pdf"' in html
    # the change links to the page in its edition, which exists
    assert f'href="{SECOND}/indsatser/tvaersteam.html"' in html
    assert (repo / "site" / "udgaver" / SECOND / "indsatser" / "tvaersteam.html").is_file()


def banner_link(html: str) -> str:
    match = re.search(r'Dette er udgaven fra [^<]* – <a href="([^"]+)">se den gældende '
                      r"vejledning</a>", html)
    assert match, "no banner"
    return match.group(1)


def test_an_old_editions_page_shows_the_banner_and_links_to_todays_page(repo: Path) -> None:
    site = repo / "site"
    old = page(site, f"udgaver/{FIRST}/indsatser/tvaersteam.html")
    assert "Dette er udgaven fra 10. november 2026 – se den gældende vejledning" in article(old)
    assert "Drøft bekymringen på tværs af faggrupper." in article(old)  # the text of that day
    target = posixpath.normpath(posixpath.join(f"udgaver/{FIRST}/indsatser", banner_link(old)))
    assert target == "indsatser/tvaersteam.html"
    assert "inden for en uge" in article(page(site, target))
    assert '<meta name="robots" content="noindex">' in old


def test_a_page_gone_from_today_links_its_banner_to_the_front_page(repo: Path) -> None:
    site = repo / "site"
    old = page(site, f"udgaver/{SECOND}/organisering/styregruppe.html")
    target = posixpath.normpath(posixpath.join(f"udgaver/{SECOND}/organisering",
                                               banner_link(old)))
    assert target == "index.html"
    assert "Siden findes ikke i den gældende vejledning." in article(old)
    assert not (site / "organisering" / "styregruppe.html").exists()


def test_an_editions_handbook_pdf_is_pdf_a_3b(repo: Path) -> None:
    from pypdf import PdfReader

    def pdfaid(path: Path) -> tuple[str | None, str | None]:
        xmp = PdfReader(path).xmp_metadata
        if xmp is None:
            return None, None
        node = xmp.rdf_root.getElementsByTagNameNS("*", "Description")
        ns = "http://www.aiim.org/pdfa/ns/id/"
        for element in node:
            if element.hasAttributeNS(ns, "part"):
                return element.getAttributeNS(ns, "part"), element.getAttributeNS(
                    ns, "conformance")
        return None, None

    site = repo / "site"
    for dato in (FIRST, SECOND):
        assert pdfaid(site / "udgaver" / dato / "pdf" / "handbog.pdf") == ("3", "B")
    assert pdfaid(site / "pdf" / "handbog.pdf") == (None, None)  # today's stays a plain PDF


def test_every_current_page_lists_the_editions_it_existed_in(repo: Path) -> None:
    site = repo / "site"
    text = article(page(site, "indsatser/tvaersteam.html"))
    assert "Tidligere udgaver af siden" in text
    assert ("Siden er den samme som i udgaven fra 20. november 2026. Om udgaverne "
            "Udgaven fra 20. november 2026: ændret i forhold til udgaven før "
            "Udgaven fra 10. november 2026: første udgave med siden") in text
    values = article(page(site, "vaerdier/handl-tidligt.html"))
    assert "Siden er ændret siden udgaven fra 20. november 2026." in values
    assert "Udgaven fra 20. november 2026: uændret" in values
    html = page(site, "indsatser/tvaersteam.html")
    assert f'href="../udgaver/{FIRST}/indsatser/tvaersteam.html"' in html


def test_an_edition_is_never_made_twice_or_from_uncommitted_work(repo: Path) -> None:
    commit = git(repo, "rev-parse", f"udgave-{SECOND}^{{commit}}")
    again = run(repo, "udgave", "--dato", SECOND)
    assert again.returncode == 1
    assert "udgaven fra 20. november 2026 findes allerede (tag udgave-2026-11-20); en udgave " \
           "kan aldrig laves om." in again.stderr
    assert git(repo, "rev-parse", f"udgave-{SECOND}^{{commit}}") == commit
    older = run(repo, "udgave", "--dato", "2026-11-18")
    assert older.returncode == 1 and "en ny udgave skal have en senere dato" in older.stderr
    (repo / "content" / "sider" / "ny.md").write_text("---\ntitel: Ny\n---\n", encoding="utf-8")
    try:
        dirty = run(repo, "udgave")
        assert dirty.returncode == 1
        assert "der er ændringer, som ikke er committet" in dirty.stderr
        assert "?? content/sider/ny.md" in dirty.stderr
    finally:
        (repo / "content" / "sider" / "ny.md").unlink()
    assert git(repo, "tag", "--list", "udgave-*").split() == [f"udgave-{FIRST}",
                                                              f"udgave-{SECOND}"]


def test_a_later_build_neither_rebuilds_nor_changes_an_edition(repo: Path) -> None:
    site = repo / "site"
    cached = sorted((repo / "build" / "udgaver").glob(f"{FIRST}-*/udgave.json"))
    assert len(cached) == 1
    stamp = cached[0].stat().st_mtime_ns
    before = {p.relative_to(site / "udgaver" / FIRST): p.read_bytes()
              for p in (site / "udgaver" / FIRST).rglob("*") if p.is_file()}
    change(repo, "indsatser/tvaersteam.yml", "Tværsteam", "Tværfagligt team", "")
    try:
        built = run(repo, "build")
        assert built.returncode == 0, built.stderr
        assert "Udgaver: 2" in built.stdout
    finally:
        git(repo, "checkout", "--", "content")
    assert cached[0].stat().st_mtime_ns == stamp  # not built again
    after = {p.relative_to(site / "udgaver" / FIRST): p.read_bytes()
             for p in (site / "udgaver" / FIRST).rglob("*") if p.is_file()}
    assert after == before
    assert "Tværfagligt team" in page(site, "indsatser/tvaersteam.html")


def test_a_tag_on_a_commit_outside_the_branch_is_never_built(repo: Path) -> None:
    from build_tools.editions import find_editions

    git(repo, "checkout", "-q", "-b", "sidegren")
    (repo / "build_tools" / "ondt.py").write_text("# ikke gennemgået\n", encoding="utf-8")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "Ikke gennemgået kode")
    git(repo, "tag", "-a", "udgave-2026-11-30", "-m", "Falsk udgave")
    git(repo, "checkout", "-q", "main")
    try:
        found = find_editions(repo)
        assert [e.tag for e in found.editions] == [f"udgave-{FIRST}", f"udgave-{SECOND}"]
        assert found.outside == ["udgave-2026-11-30"]
        built = run(repo, "build")
        assert built.returncode == 0, built.stderr
        assert ("Advarsel: tagget udgave-2026-11-30 peger på en commit uden for historikken, "
                "der bygges (ikke på denne gren); det er ikke en udgave og bygges ikke."
                ) in built.stdout
        assert not (repo / "site" / "udgaver" / "2026-11-30").exists()
    finally:
        git(repo, "tag", "-d", "udgave-2026-11-30")
        git(repo, "branch", "-q", "-D", "sidegren")


def test_without_git_history_the_site_builds_and_says_editions_are_unavailable(
        repo: Path, tmp_path: Path) -> None:
    download = tmp_path / "haandbog-main"  # as a zip download unpacks: no .git
    shutil.copytree(repo, download, ignore=shutil.ignore_patterns(".git", "build", "site"))
    built = run(download, "build")
    assert built.returncode == 0, built.stderr
    assert ("Udgaver: ikke tilgængelige – håndbogen er bygget uden Git-historik (fx fra en "
            "zip-download), så udgaverne kan ikke findes.") in built.stdout
    text = article(page(download / "site", "udgaver/index.html"))
    assert "Udgaverne kan ikke vises i denne kopi af håndbogen" in text
    assert not (download / "site" / "udgaver" / FIRST).exists()
    assert "Tidligere udgaver af siden" not in page(download / "site", "index.html")
    made = run(download, "udgave")
    assert made.returncode == 1 and "en udgave kræver Git" in made.stderr


def test_an_editions_html_loses_whitespace_runs_but_not_preformatted_text() -> None:
    from build_tools.editions import collapse

    page = ("<nav>\n      <ul>\n        <li>Forside</li>\n      </ul>\n</nav>"
            "<pre><code>a\n    b</code></pre><p>x   <code>y   z</code></p>"
            "<script>var a =\n    1;</script>")
    assert collapse(page) == ("<nav>\n<ul>\n<li>Forside</li>\n</ul>\n</nav>"
                              "<pre><code>a\n    b</code></pre><p>x <code>y   z</code></p>"
                              "<script>var a =\n    1;</script>")


def test_an_edition_keeps_pages_and_leaves_out_what_only_the_zip_or_developers_need() -> None:
    from build_tools.editions import wanted

    for kept in ("index.html", "pdf/handbog.pdf", "search/search_index.json",
                 "assets/javascripts/lunr/min/lunr.da.min.js",
                 "assets/javascripts/lunr/min/lunr.multi.min.js"):
        assert wanted(kept, ["da"]), kept
    for left in ("haandbog-offline.zip", "assets/javascripts/bundle.x.min.js.map",
                 "search/search_index.js", "assets/javascripts/lunr/wordcut.js",
                 "assets/javascripts/lunr/min/lunr.de.min.js", "sitemap.xml", "404.html",
                 ".bygger"):
        assert not wanted(left, ["da"]), left


def test_an_edition_built_with_another_theme_is_reported(tmp_path: Path) -> None:
    import html as html_lib

    from build_tools import csp
    from build_tools.editions import same_policy

    page = tmp_path / "index.html"
    meta = '<head><meta http-equiv="Content-Security-Policy" content="{}"></head>'
    page.write_text(meta.format(html_lib.escape(csp.page_policy("."))), encoding="utf-8")
    assert same_policy(page)
    page.write_text(meta.format("script-src 'self' 'sha256-AAAA'"), encoding="utf-8")
    assert not same_policy(page)
    page.write_text("<head></head>", encoding="utf-8")  # built before pages carried a policy
    assert same_policy(page)


def test_a_content_page_in_the_editions_folder_is_refused() -> None:
    from build_tools.editions import add_page
    from build_tools.problems import ContentError
    from build_tools.render import Page, Site

    site = Site({"udgaver/2026-11-10.md": Page("udgaver/2026-11-10.md", "X", "# X",
                                               "content/sider/udgaver/2026-11-10.md")}, [])
    with pytest.raises(ContentError) as caught:
        add_page(site, "# Udgaver")
    assert str(caught.value).splitlines()[0] == (
        "content/sider/udgaver/2026-11-10.md:1: siden udgaver/2026-11-10.md ligger i mappen "
        "udgaver/, som er håndbogens udgaver; giv filen et andet navn eller en anden mappe")


def test_with_hide_drafts_the_udgaver_page_leaves_out_changes_to_drafts() -> None:
    from datetime import date

    from build_tools.editions import Change, Edition, Editions, udgaver_markdown

    first = Edition(date(2026, 11, 10), "udgave-2026-11-10", "a" * 40)
    second = Edition(date(2026, 11, 20), "udgave-2026-11-20", "b" * 40)
    rows = [Change(date(2026, 11, 15), "væsentlig", "Godkendt tekst", "a.md", "Ny frist.", False),
            Change(date(2026, 11, 16), "væsentlig", "Udkast", "b.md", "Nyt udkast.", False, True)]
    changes = {first.tag: [], second.tag: rows}
    found = Editions([first, second], top=Path("."))
    assert "Nyt udkast." in udgaver_markdown(found, changes, [])
    hidden = udgaver_markdown(found, changes, [], hide_drafts=True)
    assert "Ny frist." in hidden and "Nyt udkast." not in hidden
