"""Hostile content: what an editor with commit rights could try, and what the build guarantees.

Each folder under fixtures/hostile holds content files that are added to the fixture handbook
(one way to script or an outside request each) and the exact lines `handbook check` prints for
it (expected.txt); `som-tekst` holds HTML in editor text, which the check accepts and every output
shows as text. The built site is then checked with the check switched off, so what is asserted
is the sanitizer's own guarantee, not the check's."""

from __future__ import annotations

import html
import html.parser
import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

import handbooks
import pytest

import build_tools.build as build_module
from build_tools.build import build_site
from build_tools.cli import main
from build_tools.sanitize import image_problem, link_problem

FIXTURES = Path(__file__).parent / "fixtures"
HOSTILE = FIXTURES / "hostile"
REPO = Path(__file__).parent.parent
CASES = sorted(p.name for p in HOSTILE.iterdir() if (p / "expected.txt").exists())


hostile_handbook = handbooks.hostile  # the base handbook with the given cases added, at a target


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
        "content/sider/dyb.md:18: '[' står mere end 20 lag inde i hinanden; luk dem med ']' "
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
        "content/sider/lister.md:38: linjen er rykket mere end 80 tegn ind (lister i lister i "
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


def test_a_cpr_number_in_a_folder_name_is_never_repeated(tmp_path: Path, monkeypatch,
                                                         capsys) -> None:
    monkeypatch.chdir(handbooks.broken(tmp_path, "cpr-mappenavn"))
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


# --- reserved ids, classes and paths -----------------------------------------------------------


def _ids_and_classes(page: Path) -> tuple[list[str], list[str]]:
    parser = _Attributes()
    parser.feed(page.read_text(encoding="utf-8"))
    ids = [v or "" for _, attrs in parser.tags for n, v in attrs if n == "id"]
    classes = [c for _, attrs in parser.tags for n, v in attrs if n == "class"
               for c in (v or "").split()]
    return ids, classes


def test_the_theme_reads_its_own_config_on_every_page(hostile_site: Path) -> None:
    # Reproduction: a paragraph given the id __config came before material's own and replaced
    # its settings (search worker as a data: URL); a heading "__config" stopped every script.
    for relative in ("angreb/config-id-afsnit.html", "angreb/config-overskrift.html",
                     "indsatser/config-id-yaml.html", "angreb/akut-klasse.html"):
        page = hostile_site / relative
        ids, _ = _ids_and_classes(page)
        assert ids.count("__config") == 1, relative
        assert ids.count("__drawer") == 1, relative
        assert "hb-filter-tekst" not in ids, relative
        text = page.read_text(encoding="utf-8")
        assert text.index('id="__config"') == text.index('<script id="__config"') + 8


def test_headings_whose_words_make_a_reserved_id_get_another(hostile_site: Path) -> None:
    page = hostile_site / "angreb" / "config-overskrift.html"
    ids, _ = _ids_and_classes(page)
    assert {"afsnit-config", "afsnit-hb-filter-tekst"} <= set(ids)
    text = page.read_text(encoding="utf-8")
    assert 'href="#afsnit-config"' in text  # the permalink and the table of contents follow
    assert 'href="#__config"' not in text


def test_the_akut_look_and_theme_classes_come_only_from_templates(hostile_site: Path) -> None:
    _, classes = _ids_and_classes(hostile_site / "angreb" / "akut-klasse.html")
    assert "hb-akut" not in classes
    assert classes.count("md-typeset") == 3  # material's own (article, search, dialog)
    ids, classes = _ids_and_classes(hostile_site / "indsatser" / "config-id-yaml.html")
    text = (hostile_site / "indsatser" / "config-id-yaml.html").read_text(encoding="utf-8")
    assert "Drøft bekymringen på tværs af faggrupper.</p>" in text
    assert "<p hidden" not in text and "<p>Drøft" in text


PAYLOAD = " { #__config .hb-akut .md-typeset hidden role=alert }"
PLAIN_FIELDS = re.compile(
    r"^(\s*(?:- )?(?:titel|navn|resume|maalgruppe|kontakt|udbyder|ejer|hvad|hvem|beskrivelse"
    r"|overskrift|label|rolle|tekst|forklaring|betydning|handling):[ \t]+)(?![|>\[{&*!])(.+)$",
    re.MULTILINE)
"""One-line text fields: each template puts them somewhere (a heading, a table cell, a list,
a card, a paragraph)."""


def _with_payload(content: Path) -> int:
    """Append PAYLOAD to every one-line text field in the YAML files and front matter."""
    import json

    import yaml

    count = 0

    def add(match: re.Match[str]) -> str:
        nonlocal count
        value = yaml.safe_load(match.group(2))
        if not isinstance(value, str) or value.startswith("http"):
            return match.group(0)
        count += 1
        return match.group(1) + json.dumps(value + PAYLOAD, ensure_ascii=False)

    for path in sorted(content.rglob("*")):
        if path.suffix in (".yml", ".md"):
            text = path.read_text(encoding="utf-8")
            if path.suffix == ".md":
                _, front, body = text.split("---\n", 2)
                text = "---\n" + PLAIN_FIELDS.sub(add, front) + "---\n" + body
            else:
                text = PLAIN_FIELDS.sub(add, text)
            path.write_text(text, encoding="utf-8")
    return count


def _article_attributes(page: Path) -> list[str]:
    """The ids, classes, `hidden` and `role` attributes inside the page's article."""
    text = page.read_text(encoding="utf-8")
    article = text[text.index("<article"):text.index("</article>")]
    parser = _Attributes()
    parser.feed(article)
    return sorted(f"{name}={value!r}" for _, attrs in parser.tags for name, value in attrs
                  if name in ("id", "class", "hidden", "role"))


def test_no_template_slot_lets_an_attribute_list_apply(tmp_path: Path, monkeypatch) -> None:
    """Every one-line text an editor writes, ended by an attribute list, in every place a
    template puts it (headings, cards, tables, lists): no id, class or attribute from it
    reaches a page, and the text is shown as written. The check is switched off: this is what
    the templates and the sanitizer guarantee on their own."""
    monkeypatch.setattr(build_module, "check", lambda loaded: loaded.problems)
    sites = {}
    for name in ("plain", "payload"):
        root = hostile_handbook(tmp_path / name, [])
        if name == "payload":
            assert _with_payload(root / "content") > 50
        config = root / "mkdocs.yml"
        config.write_text(config.read_text(encoding="utf-8") + "strict: false\n", "utf-8")
        sites[name] = build_site(config, root / "site")
    shown_as_text = 0
    for page in sorted(sites["plain"].rglob("*.html")):
        attacked = sites["payload"] / page.relative_to(sites["plain"])
        # a heading's id is made from its words, which now end in the payload's
        plain = [a for a in _article_attributes(page) if not a.startswith("id=")]
        assert [a for a in _article_attributes(attacked) if not a.startswith("id=")] == plain, \
            page
        ids, _ = _ids_and_classes(attacked)
        assert ids.count("__config") == 1 and not [i for i in ids if i.startswith("hb-akut")]
        # a title in the page's heading is shown as written, attribute list and all
        before, after = _heading(page), _heading(attacked)
        if before != after:
            assert after == before + html.unescape(PAYLOAD), page
            shown_as_text += 1
    assert shown_as_text >= 10


def _heading(page: Path) -> str:
    text = page.read_text(encoding="utf-8")
    text = re.sub(r'<a class="headerlink"[^>]*>.*?</a>', "", text)
    match = re.search(r"<h1[^>]*>(.*?)</h1>", text, re.S)
    return html.unescape(re.sub(r"<[^>]+>", "", match.group(1))).strip() if match else ""


@pytest.mark.parametrize(("name", "what"), [
    ("404.md", "siden, læseren får, når en adresse ikke findes"),
    ("admin/index.md", "redaktørernes formularer"),
    ("Assets/x.md", "sitets scripts, stylesheets og billeder"),
    ("search.md", "søgningen"),
    ("pdf/handbog.md", "PDF-udgaverne"),
])
def test_a_page_cannot_take_an_address_the_site_needs(
    name: str, what: str, handbook_copy: Path, monkeypatch, capsys
) -> None:
    path = handbook_copy / "content" / "sider" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    source = (handbook_copy / "content" / "sider" / "jura" / "underretning.md").read_text("utf-8")
    stem = path.stem
    path.write_text(source.replace("id: underretning", f"id: '{stem}'"), encoding="utf-8")
    lines = _check(handbook_copy, monkeypatch, capsys)
    page = name.removesuffix(".md") + ".md"
    assert f"content/sider/{name}:1: siden {page} ville tage en adresse, som sitet selv bruger " \
           f"({what}); giv filen eller mappen et andet navn" in lines


# --- everything published goes through the content pipeline; bounds -----------------------------


GUIDE = """# For redaktører

<script>alert(1)</script>

<a id="sådan-gør-du"></a>
<a id="gem-aendringen"></a>
<a id="__config"></a>

Se [siden](../jura/underretning.md).
"""


def test_the_editors_guide_is_published_as_text_like_content(handbook_copy: Path,
                                                            monkeypatch, capsys) -> None:
    # Reproduction: CONTRIBUTING.md was published without the sanitizer.
    (handbook_copy / "CONTRIBUTING.md").write_text(GUIDE, encoding="utf-8")
    monkeypatch.chdir(handbook_copy)
    assert main(["check", "--content", "content"]) == 0
    site = build_site(handbook_copy / "mkdocs.yml", handbook_copy / "site")
    page = (site / "om" / "redaktoerer.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page and "<script>alert" not in page
    assert '<a id="gem-aendringen"></a>' in page  # the guide's one kind of HTML: an anchor
    assert '<a id="__config">' not in page and '<a id="sådan' not in page


def test_the_editors_guide_is_checked_like_content(handbook_copy: Path, monkeypatch,
                                                   capsys) -> None:
    (handbook_copy / "CONTRIBUTING.md").write_text(
        GUIDE + "\n[Klik](javascript:alert(2)) eller 010203-1234.\n", encoding="utf-8")
    assert _check(handbook_copy, monkeypatch, capsys) == [
        "CONTRIBUTING.md:11: ligner et CPR-nummer; personoplysninger om borgere må aldrig stå i "
        "håndbogen. Slet nummeret",
        "CONTRIBUTING.md:11: linket 'javascript:alert(2)': 'javascript:' er ikke tilladt; links "
        "må kun gå til https:, http:, mailto:, tel: eller sider i håndbogen",
        "Fandt 2 fejl i 1 fil. Ret fejlene, og prøv igen; intet er bygget eller ændret.",
    ]


def test_the_editors_guide_is_never_read_through_a_symlink(handbook_copy: Path, tmp_path: Path,
                                                           monkeypatch, capsys) -> None:
    secret = tmp_path / "hemmelig.md"
    secret.write_text("# Hemmeligt\n", encoding="utf-8")
    (handbook_copy / "CONTRIBUTING.md").symlink_to(secret)
    lines = _check(handbook_copy, monkeypatch, capsys)
    assert lines[0].startswith("CONTRIBUTING.md:1: filen er et symbolsk link")
    assert "hemmelig" not in "\n".join(lines)


def _edit(handbook: Path, old: str, new: str) -> None:
    path = handbook / "content" / "indsatser" / "tvaersteam.yml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_dates_and_lengths_are_bounded(handbook_copy: Path, monkeypatch, capsys) -> None:
    # Reproduction: a change dated 2525 made 1,005 report pages; a title of 1 MB took 11 min.
    from datetime import date

    _edit(handbook_copy, "  - dato: 2026-11-01", "  - dato: 2525-11-01")
    _edit(handbook_copy, "sidst_revideret: 2026-11-01", "sidst_revideret: 1899-11-01")
    _edit(handbook_copy, "titel: Tværsteam", "titel: " + "Tværsteam " * 40)
    last = date.today().year + 10
    lines = _check(handbook_copy, monkeypatch, capsys)
    assert [line.split(": ", 1)[1] for line in lines[:-1]] == [
        "titel: teksten har 399 tegn; højst 300 her. Gør den kortere",
        f"sidst_revideret: datoen 1899-11-01 ligger uden for 2000–{last}; ret årstallet",
        f"aendringer[1].dato: datoen 2525-11-01 ligger uden for 2000–{last}; ret årstallet",
    ]


def test_year_zero_is_a_danish_line(handbook_copy: Path, monkeypatch, capsys) -> None:
    _edit(handbook_copy, "sidst_revideret: 2026-11-01", "sidst_revideret: 0000-01-01")
    lines = _check(handbook_copy, monkeypatch, capsys)
    assert lines[0].endswith("sidst_revideret: '0000-01-01': år 0000 findes ikke; skriv datoen "
                             "som ÅÅÅÅ-MM-DD, fx 2026-11-23"), lines


def test_a_build_stops_at_its_wall_clock_limit(handbook_copy: Path, monkeypatch,
                                               capsys) -> None:
    import time

    from build_tools.engine import ENGINES

    engine = ENGINES["mkdocs"]
    real = engine.build

    def hung(*args: object, **kwargs: object) -> None:
        time.sleep(30)  # an engine that hangs: the limit, not the engine, ends the build
        real(*args, **kwargs)

    # (the fixture builds in well under a second with its caches warm: a real build no longer
    # outlasts the limit, so the engine is made to hang)
    monkeypatch.setattr(engine, "build", hung)
    monkeypatch.chdir(handbook_copy)
    monkeypatch.setenv("HANDBOOK_BUILD_SECONDS", "1")
    started = time.monotonic()
    assert main(["build", "--content", "content", "--site-dir", "site"]) == 1
    assert time.monotonic() - started < 25  # stopped by the limit, not by the engine's end
    err = capsys.readouterr().err
    assert ("bygningen tog mere end 1 sekunder og er stoppet; intet er udgivet, og det forrige "
            "site er urørt (grænsen sættes med HANDBOOK_BUILD_SECONDS)") in err, err
    assert "Traceback" not in err
    assert not (handbook_copy / "site").exists()
    assert not [p for p in handbook_copy.iterdir() if p.name.startswith(".site-")]


# --- safe names and messages -------------------------------------------------------------------


def test_names_a_file_share_cannot_hold_are_refused(handbook_copy: Path, monkeypatch,
                                                    capsys) -> None:
    import unicodedata

    sider = handbook_copy / "content" / "sider"
    source = (sider / "jura" / "underretning.md").read_text("utf-8")
    (sider / "Jura").mkdir()
    (sider / "Jura" / "frister.md").write_text(source.replace("id: underretning", "id: frister"),
                                               encoding="utf-8")
    for name in ("aux.md", unicodedata.normalize("NFD", "pårørende.md"), "pårørende.md",
                 "::error title=x::y.md", "a\nb.md"):
        (sider / name).write_text(source.replace("id: underretning", "id: x"), encoding="utf-8")
    lines = _check(handbook_copy, monkeypatch, capsys)
    names = [line for line in lines if ":1: navnet " in line]
    nfd = unicodedata.normalize("NFD", "pårørende.md")
    assert names == [
        "content/sider/::error title=x::y.md:1: navnet har et tegn, Windows ikke tillader "
        "(< > : \" | ? * \\, et kontroltegn, eller punktum eller mellemrum til sidst); giv filen "
        "eller mappen et andet navn",
        "content/sider/a?b.md:1: navnet har et tegn, Windows ikke tillader (< > : \" | ? * \\, "
        "et kontroltegn, eller punktum eller mellemrum til sidst); giv filen eller mappen et "
        "andet navn",
        "content/sider/aux.md:1: navnet kan ikke bruges i Windows (reserveret navn); giv filen "
        "eller mappen et andet navn",
        "content/sider/jura:1: navnet ligner 'Jura' i samme mappe (kun store/små bogstaver eller "
        "tegnenes kodning er forskellig); på et fællesdrev bliver de én fil. Giv den et andet "
        "navn",
        "content/sider/pårørende.md:1: navnet ligner "
        f"'{nfd}' i samme mappe (kun store/små bogstaver eller tegnenes kodning er forskellig); "
        "på et fællesdrev bliver de én fil. Giv den et andet navn",
    ], names
    assert all("\n" not in line and "\x1b" not in line for line in lines)


def test_control_characters_in_a_name_never_reach_the_log(handbook_copy: Path, monkeypatch,
                                                           capsys) -> None:
    bad = handbook_copy / "content" / "indsatser" / "x\x1b[31m\r::error::y.yml"
    bad.write_text("id: x\n", encoding="utf-8")
    lines = _check(handbook_copy, monkeypatch, capsys)
    assert all(not any(c in line for c in "\x1b\r\n") for line in lines)
    assert any(line.startswith("content/indsatser/x?[31m?::error::y.yml:1:") for line in lines)


def test_merge_keys_utf16_and_long_values_give_short_danish_lines(handbook_copy: Path,
                                                                   monkeypatch, capsys) -> None:
    folder = handbook_copy / "content" / "indsatser"
    tvaersteam = (folder / "tvaersteam.yml").read_text("utf-8")
    (folder / "flet.yml").write_text(tvaersteam.replace("id: tvaersteam", "id: flet")
                                     + "<<: {kontakt: x}\n", encoding="utf-8")
    (folder / "utf16.yml").write_bytes(tvaersteam.replace("id: tvaersteam", "id: utf16")
                                       .encode("utf-16"))
    (folder / "tvaersteam.yml").write_text(
        tvaersteam.replace("alder: {fra: 0,", "alder: {fra: " + "9" * 5000 + ","), "utf-8")
    lines = _check(handbook_copy, monkeypatch, capsys)
    assert any(line.endswith("'<<' (felter flettet ind fra et andet sted) er ikke tilladt; "
                             "skriv felterne ud") for line in lines), lines
    assert "content/indsatser/utf16.yml:1: filen er gemt som UTF-16 (Unicode); gem den som UTF-8 " \
           "i din editor (i Notesblok: Gem som → Kodning: UTF-8)" in lines
    assert max(len(line) for line in lines) < 300
    assert not any(re.search(r"[a-z]{3,} (the|a|for|of) [a-z]", line) for line in lines), lines


def test_a_tel_link_dials_the_number_it_shows(hostile_site: Path) -> None:
    # Reproduction: "112" in an Akut-styled box dialled another number.
    text = (hostile_site / "angreb" / "tel-lenke.html").read_text(encoding="utf-8")
    assert "<a>112</a>" in text and "tel:+4512345678" not in text
    assert "<a>Ring til vagten</a>" in text
    assert '<a href="tel:+4547351000">47 35 10 00</a>' in text
    assert '<a href="tel:112">1-1-2</a>' in text


@pytest.mark.parametrize(("href", "text", "ok"), [
    ("tel:112", "112", True), ("tel:+4547351000", "47 35 10 00", True),
    ("tel:004547351000", "+45 47 35 10 00", True), ("tel:112", "Ring 1 1 2", True),
    ("tel:+4512345678", "112", False), ("tel:112", "Ring til vagten", False),
    ("tel:", "112", False), ("te&#108;:999", "112", False), ("https://x.dk", "112", True),
])
def test_tel_rule(href: str, text: str, ok: bool) -> None:
    from build_tools.sanitize import tel_problem

    assert (tel_problem(href, text) is None) == ok


# --- the CI trust boundary ---------------------------------------------------------------------


def test_merge_request_pipelines_never_write_the_default_branchs_cache() -> None:
    import yaml

    gitlab = yaml.safe_load((REPO / ".gitlab-ci.yml").read_text(encoding="utf-8"))
    keys = {rule["if"]: rule["variables"]["PDF_CACHE_KEY"] for rule in gitlab["workflow"]["rules"]}
    merge_request = keys['$CI_PIPELINE_SOURCE == "merge_request_event"']
    default = keys["$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH"]
    assert merge_request != default and "$CI_MERGE_REQUEST_IID" in merge_request
    assert gitlab["haandbog"]["cache"]["key"] == "$PDF_CACHE_KEY"
    github = yaml.safe_load((REPO / ".github" / "workflows" / "pr.yml").read_text("utf-8"))
    cache = next(step for step in github["jobs"]["haandbog"]["steps"]
                 if str(step.get("uses", "")).startswith("actions/cache"))
    assert cache["with"]["key"].startswith("pdf-${{ github.ref }}-")
    for prefix in cache["with"]["restore-keys"].splitlines():
        assert prefix.startswith(("pdf-${{ github.ref }}-", "pdf-refs/heads/")), prefix


@pytest.mark.parametrize("owners", [".github/CODEOWNERS", ".gitlab/CODEOWNERS"])
def test_what_ci_runs_needs_a_maintainers_review(owners: str) -> None:
    lines = [line.split()[0] for line in (REPO / owners).read_text("utf-8").splitlines()
             if line.strip() and not line.startswith("#")]
    for path in ("/mkdocs.yml", "/build_tools/", "/dev", "/.ci/", "/.github/", "/.gitlab-ci.yml"):
        assert path in lines, (owners, path)
    assert not any(line.startswith("/content") for line in lines)
