"""Hostile content: what an editor with commit rights could try, and what the build guarantees.

Each folder under fixtures/hostile holds content files that are added to the fixture handbook
(one way to script or an outside request each) and the exact lines `handbook check` prints for
it (expected.txt); `som-tekst` holds HTML in editor text, which the check accepts and every output
shows as text. The built site is then checked with the check switched off, so what is asserted
is the sanitizer's own guarantee, not the check's."""

from __future__ import annotations

import html.parser
import re
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

import pytest

import build_tools.build as build_module
from build_tools.build import build_site
from build_tools.cli import main
from build_tools.sanitize import image_problem, link_problem

FIXTURES = Path(__file__).parent / "fixtures"
HOSTILE = FIXTURES / "hostile"
REPO = Path(__file__).parent.parent
CASES = sorted(p.name for p in HOSTILE.iterdir() if (p / "expected.txt").exists())


def hostile_handbook(target: Path, cases: list[str]) -> Path:
    """The fixture handbook with the given hostile cases added, at `target`."""
    shutil.copytree(FIXTURES / "handbook" / "content", target / "content")
    for case in cases:
        shutil.copytree(HOSTILE / case / "content", target / "content", dirs_exist_ok=True)
    config = (FIXTURES / "handbook" / "mkdocs.yml").read_text(encoding="utf-8")
    (target / "mkdocs.yml").write_text(config.replace("../../../", f"{REPO.as_posix()}/"),
                                       encoding="utf-8")
    return target


@pytest.mark.parametrize("case", CASES)
def test_the_check_names_the_file_and_line(case: str, tmp_path: Path, monkeypatch,
                                           capsys) -> None:
    hostile_handbook(tmp_path, [case])
    monkeypatch.chdir(tmp_path)
    assert main(["check", "--content", "content"]) == 1
    assert capsys.readouterr().err == (HOSTILE / case / "expected.txt").read_text("utf-8")


def test_the_build_refuses_hostile_content_with_the_checks_lines(
    tmp_path: Path, monkeypatch, capsys
) -> None:
    hostile_handbook(tmp_path, ["javascript-link", "billede-udefra"])
    monkeypatch.chdir(tmp_path)
    assert main(["build", "--content", "content", "--site-dir", "site"]) == 1
    err = capsys.readouterr().err
    assert "content/sider/angreb/javascript-link.md:16: tekst: linket 'javascript:alert(5)'" in err
    assert "content/sider/angreb/billede-udefra.md:16: tekst: billedet" in err
    assert "Traceback" not in err
    assert not (tmp_path / "site").exists()


def test_html_in_editor_text_passes_the_check(tmp_path: Path, monkeypatch, capsys) -> None:
    hostile_handbook(tmp_path, ["som-tekst"])
    monkeypatch.chdir(tmp_path)
    assert main(["check", "--content", "content"]) == 0


# --- the built site, check switched off ------------------------------------------------------


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Every hostile case in one site, built with the check switched off and not strict (MkDocs'
    own link warnings would stop it): what reaches readers if content slipped past the check."""
    root = hostile_handbook(tmp_path_factory.mktemp("hostile"), [*CASES, "som-tekst"])
    config = root / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8") + "strict: false\n", encoding="utf-8")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(build_module, "check", lambda loaded: loaded.problems)
        return build_site(config, root / "site")


ALLOWED_LINK = ("http", "https", "mailto", "tel", "")


class _Attributes(html.parser.HTMLParser):
    """Every tag with its attributes (entities decoded, as a browser reads them), and the text
    of inline scripts."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []
        self.scripts: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))
        self._in_script = tag == "script"

    def handle_endtag(self, tag: str) -> None:
        self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script:
            self.scripts.append(data)


def _scheme(url: str) -> str:
    """The scheme a browser would see: tabs and newlines removed, outer controls stripped."""
    cleaned = re.sub(r"[\t\n\r]", "", url).strip("\x00- ")
    return urlsplit(cleaned).scheme.lower()


def offences(page: Path) -> list[str]:
    parser = _Attributes()
    parser.feed(page.read_text(encoding="utf-8"))
    found = []
    for tag, attrs in parser.tags:
        for name, value in attrs:
            value = value or ""
            if name.startswith("on"):
                found.append(f"<{tag} {name}={value!r}>")
            elif name == "href" and _scheme(value) not in ALLOWED_LINK:
                found.append(f"<{tag} href={value!r}>")
            elif name == "src" and (_scheme(value) or value.startswith("//")):
                found.append(f"<{tag} src={value!r}>")
            elif name == "style" and "url(" in value:
                found.append(f"<{tag} style={value!r}>")
        if tag in ("iframe", "object", "embed", "base", "frame"):  # (the theme draws svg icons)
            found.append(f"<{tag}>")
    found += [f"<script>{s[:40]!r}" for s in parser.scripts if "alert" in s]
    return found


def test_no_page_holds_a_script_handler_or_outside_address(hostile_site: Path) -> None:
    pages = sorted(hostile_site.rglob("*.html"))
    assert len(pages) > 30
    found = {str(p.relative_to(hostile_site)): offences(p) for p in pages}
    assert {page: bad for page, bad in found.items() if bad} == {}


def test_html_in_titles_is_text_in_the_navigation_of_every_page(hostile_site: Path) -> None:
    # Reproduction 1: a section title taken from its index page went into every page's nav.
    for relative in ("index.html", "jura/underretning.html", "indsatser/tvaersteam.html"):
        text = (hostile_site / relative).read_text(encoding="utf-8")
        assert "Om &lt;img src=x onerror=alert(31)&gt;" in text, relative
        assert "<img src=x" not in text and "<img src=\"x\"" not in text


def test_the_search_index_holds_no_markup_from_editors(hostile_site: Path) -> None:
    index = (hostile_site / "search" / "search_index.json").read_text(encoding="utf-8")
    assert "alert(3" in index  # the hostile pages are indexed ...
    assert not re.search(r"<(img|script|svg|iframe|a)[\s>]", index)  # ... as text only


def test_the_sanitized_links_keep_their_words(hostile_site: Path) -> None:
    text = (hostile_site / "angreb" / "javascript-link.html").read_text(encoding="utf-8")
    assert "<a>Klik her</a>" in text


# --- the rules themselves ----------------------------------------------------------------------


@pytest.mark.parametrize("url", [
    "https://www.retsinformation.dk/", "http://example.dk", "mailto:post@frederikssund.dk",
    "tel:+4547351000", "../jura/underretning.md", "underretning.md#frister", "#kilder", "",
])
def test_allowed_links(url: str) -> None:
    assert link_problem(url) is None


@pytest.mark.parametrize("url", [
    "javascript:alert(1)", " JAVASCRIPT:alert(1)", "java\tscript:alert(1)",
    "java\nscript:alert(1)", "jav&#x61;script:alert(1)", "jav&amp;#x61;script:alert(1)",
    "&#106;avascript:alert(1)", "javascript&colon;alert(1)", "java\u200bscript:alert(1)",
    "\x01javascript:alert(1)", "vbscript:x", "data:text/html,<script>alert(1)</script>",
    "file:///etc/passwd", "//example.com/", "/etc/passwd", "\\\\example.com\\x",
])
def test_refused_links(url: str) -> None:
    assert link_problem(url) is not None


@pytest.mark.parametrize("src", [
    "http://example.com/x.png", "https://example.com/x.png", "//example.com/x.png",
    "data:image/svg+xml,<svg onload=alert(1)>", "/etc/passwd", "file:///etc/passwd",
])
def test_refused_images(src: str) -> None:
    assert image_problem(src) is not None


def test_images_inside_the_handbook_are_allowed() -> None:
    assert image_problem("billeder/trappe.png") is None



# --- only regular files inside content/, bounded input --------------------------------------


def _check(root: Path, monkeypatch, capsys) -> list[str]:
    """`handbook check` on root/content: the lines it prints on stderr."""
    monkeypatch.chdir(root)
    assert main(["check", "--content", "content"]) == 1
    out, err = capsys.readouterr()
    assert out == ""
    return err.splitlines()


def test_a_symlink_is_an_error_that_shows_nothing_of_its_target(
    handbook_copy: Path, tmp_path: Path, monkeypatch, capsys
) -> None:
    outside = tmp_path / "uden-for"
    outside.mkdir()
    page = handbook_copy / "content" / "sider" / "jura" / "underretning.md"
    (outside / "hemmelig.md").write_text(page.read_text("utf-8").replace(
        "id: underretning", "id: hemmelig"), encoding="utf-8")
    (handbook_copy / "content" / "indsatser" / "x.yml").symlink_to("/etc/passwd")
    (handbook_copy / "content" / "sider" / "ude").symlink_to(outside)
    lines = _check(handbook_copy, monkeypatch, capsys)
    assert lines == [
        "content/indsatser/x.yml:1: filen er et symbolsk link; kun filer og mapper, der ligger "
        "i content/, læses. Slet linket, og læg selve filen her",
        "content/sider/ude:1: mappen er et symbolsk link; kun filer og mapper, der ligger i "
        "content/, læses. Slet linket, og læg selve mappen her",
        "Fandt 2 fejl i 2 filer. Ret fejlene, og prøv igen; intet er bygget eller ændret.",
    ]


def test_a_file_larger_than_the_limit_is_not_read(handbook_copy: Path, monkeypatch,
                                                   capsys) -> None:
    big = handbook_copy / "content" / "indsatser" / "stor.yml"
    big.write_text("id: stor\nresume: " + "a" * 1_100_000 + "\n", encoding="utf-8")
    assert _check(handbook_copy, monkeypatch, capsys) == [
        "content/indsatser/stor.yml:1: filen er for stor (1,1 MB); en indholdsfil må højst "
        "fylde 1 MB. Del den op",
        "Fandt 1 fejl i 1 fil. Ret fejlen, og prøv igen; intet er bygget eller ændret.",
    ]


def _page(handbook: Path, name: str, body: str) -> Path:
    source = (handbook / "content" / "sider" / "jura" / "underretning.md").read_text("utf-8")
    path = handbook / "content" / "sider" / f"{name}.md"
    path.write_text(source.replace("id: underretning", f"id: {name}") + "\n" + body,
                    encoding="utf-8")
    return path


def test_a_run_of_brackets_is_refused_before_markdown_reads_it(
    handbook_copy: Path, monkeypatch, capsys
) -> None:
    # 40 KB of '[' took a build 343 s; 1,999 nested ones still take Markdown seconds.
    _page(handbook_copy, "lang", "[" * 40_000 + "\n")
    _page(handbook_copy, "dyb", "Tekst.\n" + "[" * 1_999 + "\n")
    assert _check(handbook_copy, monkeypatch, capsys) == [
        "content/sider/dyb.md:17: '[' står mere end 20 lag inde i hinanden; luk dem med ']' "
        "eller skriv '\\['",
        "content/sider/lang.md:1: filen har 40001 '['; højst 2000 pr. fil (så mange kan "
        "Markdown ikke læse på rimelig tid)",
        "Fandt 2 fejl i 2 filer. Ret fejlene, og prøv igen; intet er bygget eller ændret.",
    ]


def test_lists_nested_too_deep_are_refused(handbook_copy: Path, monkeypatch, capsys) -> None:
    # Python-Markdown recursed per level: 300 levels were a RecursionError in the build.
    _page(handbook_copy, "lister", "".join(" " * (4 * i) + "- a\n" for i in range(300)))
    tvaersteam = handbook_copy / "content" / "indsatser" / "tvaersteam.yml"
    tvaersteam.write_text(tvaersteam.read_text("utf-8").replace(
        "  trin:\n", "  trin:\n" + "  " + "- " * 30_000 + "x\n", 1), encoding="utf-8")
    assert _check(handbook_copy, monkeypatch, capsys) == [
        "content/indsatser/tvaersteam.yml:20: lister og grupper står mere end 20 lag inde i "
        "hinanden; skriv indholdet fladere",
        "content/sider/lister.md:37: linjen er rykket mere end 80 tegn ind (lister i lister i "
        "mere end 20 lag); skriv den fladere",
        "Fandt 2 fejl i 2 filer. Ret fejlene, og prøv igen; intet er bygget eller ændret.",
    ]


def test_very_deep_yaml_gives_a_danish_line_not_a_crash(handbook_copy: Path) -> None:
    # 30,000 nested lists in 60 KB: a segmentation fault without a message before.
    deep = handbook_copy / "content" / "indsatser" / "dyb.yml"
    deep.write_text("id: dyb\nnoegleord: " + "[" * 1_900 + "]" * 1_900 + "\n"
                    + "se_ogsaa:\n  " + "- " * 30_000 + "x\n", encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "build_tools.cli", "check", "--content", "content"],
        cwd=handbook_copy, capture_output=True, text=True, check=False,
    )
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        "content/indsatser/dyb.yml:2: lister og grupper står mere end 20 lag inde i hinanden; "
        "skriv indholdet fladere",
        "Fandt 1 fejl i 1 fil. Ret fejlen, og prøv igen; intet er bygget eller ændret.",
    ]


def test_a_cpr_number_in_a_folder_name_is_never_repeated(monkeypatch, capsys) -> None:
    monkeypatch.chdir(FIXTURES / "broken" / "cpr-mappenavn")
    assert main(["check", "--content", "content"]) == 1
    err = capsys.readouterr().err
    assert "010203" not in err and "1234" not in err
    assert "content/sider/xxxxxx-xxxx/notat.md:1:" in err


def test_a_cpr_number_quoted_in_another_message_is_masked(handbook_copy: Path, monkeypatch,
                                                          capsys) -> None:
    path = handbook_copy / "content" / "indsatser" / "tvaersteam.yml"
    text = path.read_text("utf-8").replace("alder: {fra: 0,", 'alder: {fra: "010203-1234",')
    path.write_text(text, encoding="utf-8")
    assert _check(handbook_copy, monkeypatch, capsys) == [
        "content/indsatser/tvaersteam.yml:13: ligner et CPR-nummer; personoplysninger om borgere "
        "må aldrig stå i håndbogen. Slet nummeret",
        "content/indsatser/tvaersteam.yml:13: alder.fra: forventede et heltal, fik 'xxxxxx-xxxx'",
        "Fandt 2 fejl i 1 fil. Ret fejlene, og prøv igen; intet er bygget eller ændret.",
    ]
