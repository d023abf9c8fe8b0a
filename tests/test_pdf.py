"""The printable PDFs: text, page numbers in the contents, page size, fonts, links, handouts.

Two handbooks are printed once per module: the shared fixture handbook (through `handbook pdf`)
and a larger one in tests/fixtures/pdf/handbook (through the `handbook build` hook) with several
chapters, a four-level flow whose extra sections do not fit a handout, a withdrawn entry, Markdown
links between pages and an outside image.
"""

from __future__ import annotations

import functools
import logging
import re
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from datetime import date
from pathlib import Path

import handbooks
import pytest
from pypdf import PdfReader

from build_tools import cli
from build_tools.build import generate as generate_uncached
from build_tools.items import Item
from build_tools.model import Indsats, Vejviser
from build_tools.pdf import (
    PdfError,
    PrintDocument,
    PrintJob,
    local_url_fetcher,
    render_pdf,
    vejviser_pdf_name,
    write_pdfs,
)
from build_tools.pdf import html as pdf_html
from build_tools.pdf import jobs as pdf_jobs
from build_tools.pdf import output as pdf_output
from build_tools.resolve import Handbook

FIXTURES = Path(__file__).parent / "fixtures"
SMALL = FIXTURES / "handbook"
LARGE = FIXTURES / "pdf" / "handbook"
A4 = (595.28, 841.89)


@pytest.fixture(scope="module")
def small_pdfs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("small")
    out = root / "pdf"
    # The project (and so its build/ folder) in tmp, the content read where it is. The PDF
    # cache is the session's (tests/conftest.py, in tmp): a PDF already rendered in this run
    # from the same content (fixture_site's) is reused, never one left by an earlier run.
    config = handbooks.project_config(root)
    assert cli.main(["--config", str(config), "--content", str(SMALL / "content"), "pdf",
                     "--out", str(out)]) == 0
    return out


@pytest.fixture(scope="module")
def large_pdfs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    site = tmp_path_factory.mktemp("site")
    # As `handbook build` does (the cache is the session's, tests/conftest.py).
    pdf_output.site_output(generate(LARGE / "content"), site, None)
    return site / "pdf"


@functools.cache
def generate(content: Path) -> Handbook:
    """The resolved handbook, as `handbook build` hands it to the print writer."""
    return generate_uncached(content).handbook


@functools.cache
def pages_text(pdf: Path) -> list[str]:
    """The text of every page, laid out as printed (pdftotext ends every page with a form feed)."""
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True,
                          capture_output=True, text=True).stdout
    return text.split("\f")[:-1]


@functools.cache
def headings(pdf: Path) -> list[tuple[int, str]]:
    """(page number, text) of every line set in heading size (14 pt or more)."""
    xhtml = subprocess.run(["pdftotext", "-bbox-layout", str(pdf), "-"], check=True,
                           capture_output=True, text=True).stdout
    ns = {"x": "http://www.w3.org/1999/xhtml"}
    found = []
    for number, page in enumerate(ET.fromstring(xhtml).iterfind(".//x:page", ns), start=1):
        for line in page.iterfind(".//x:line", ns):
            height = float(line.get("yMax", 0)) - float(line.get("yMin", 0))
            if height >= 14:
                found.append((number, " ".join(w.text or "" for w in line.iterfind("x:word", ns))))
    return found


def visible(items: dict[str, Item]) -> list[Item]:
    return [i for i in items.values() if i.model.status != "tilbagetrukket"]


# --- files -----------------------------------------------------------------------------------


@pytest.mark.parametrize(("fixture", "flows"), [
    ("small_pdfs", ["bekymring-0-6"]),
    ("large_pdfs", ["bekymring-6-12", "mistrivsel-unge"]),
])
def test_writes_handbook_value_set_and_one_handout_per_flow(
    fixture: str, flows: list[str], request: pytest.FixtureRequest
) -> None:
    out: Path = request.getfixturevalue(fixture)
    expected = {"handbog.pdf", "vaerdisaet.pdf"} | {vejviser_pdf_name(f) for f in flows}
    assert {p.name for p in out.iterdir()} == expected


# --- the handbook ----------------------------------------------------------------------------


@pytest.mark.parametrize(("fixture", "root"), [("small_pdfs", SMALL), ("large_pdfs", LARGE)])
def test_every_flow_and_entry_title_is_printed(
    fixture: str, root: Path, request: pytest.FixtureRequest
) -> None:
    text = "\n".join(pages_text(request.getfixturevalue(fixture) / "handbog.pdf"))
    items = generate(root / "content").loaded.items
    titles = [i.model.titel for i in visible(items["vejvisere"]) + visible(items["indsatser"])]
    assert titles
    for title in titles:
        assert title in text


def test_withdrawn_entries_are_left_out(large_pdfs: Path) -> None:
    text = "\n".join(pages_text(large_pdfs / "handbog.pdf"))
    assert "Nedlagt ordning" not in text


def toc_entries(pages: list[str]) -> tuple[list[tuple[str, int]], int]:
    """(title, printed page number) of every contents line, and the last contents page."""
    entries = []
    last = 0
    for number, page in enumerate(pages, start=1):
        lines = page.strip("\n").splitlines()
        if not lines or not lines[0].startswith("Indhold"):
            continue
        last = number
        for line in lines[1:]:
            match = re.fullmatch(r"\s*(\S.*?)\s*(?:\.\s*){3,}(\d+)\s*", line)
            if match:
                entries.append((match[1], int(match[2])))
    return entries, last


def page_of_heading(pdf: Path, title: str) -> int:
    """The page where `title` is set as a heading (after the contents, which are body size)."""
    pages = [number for number, text in headings(pdf) if text == title]
    assert len(pages) == 1, (title, pages)
    return pages[0]


@pytest.mark.parametrize("fixture", ["small_pdfs", "large_pdfs"])
def test_contents_lines_end_in_the_page_of_their_heading(
    fixture: str, request: pytest.FixtureRequest
) -> None:
    pdf = request.getfixturevalue(fixture) / "handbog.pdf"
    entries, last_toc_page = toc_entries(pages_text(pdf))
    assert len(entries) >= 8
    for title, printed in entries:
        assert page_of_heading(pdf, title) == printed, title
    assert printed > last_toc_page


def test_contents_list_every_chapter_and_item(large_pdfs: Path) -> None:
    entries, _ = toc_entries(pages_text(large_pdfs / "handbog.pdf"))
    doc = PrintDocument(generate(LARGE / "content"), date(2026, 11, 23))
    expected = ["Indledning"]
    for chapter in doc.chapters:
        expected.append(chapter.title)
        if chapter.kind != "ordliste":
            expected += [item.model.titel for item in chapter.entries]
    assert [title for title, _ in entries] == expected
    chapters = [title for title, _ in entries if title in {c.title for c in doc.chapters}]
    assert chapters == ["Strategien", "Værdisæt", "Vejviser", "Indsatskatalog", "Jura",
                        "Om håndbogen", "Organisering", "Ordliste"]


def test_catalogue_table_gives_each_entrys_page(large_pdfs: Path) -> None:
    pdf = large_pdfs / "handbog.pdf"
    text = "\n".join(pages_text(pdf))
    for title in ("Tværsteam", "Mentorordning for unge", "Familiebehandling"):
        row = re.search(rf"^\s*{re.escape(title)}\s+0–18 år.*?(\d+)\s*$", text, re.MULTILINE)
        assert row, title
        assert int(row[1]) == page_of_heading(pdf, title)


@pytest.mark.parametrize("fixture", ["small_pdfs", "large_pdfs"])
def test_footer_counts_pages_and_header_names_the_chapter(
    fixture: str, request: pytest.FixtureRequest
) -> None:
    pdf = request.getfixturevalue(fixture) / "handbog.pdf"
    pages = pages_text(pdf)
    total = len(pages)
    assert total > 5
    for number, page in enumerate(pages, start=1):
        assert re.search(rf"Version \S+\s+Side {number} af {total}\s*$", page), number
    assert "Side 1 af" in pages[0]
    vejviser_page = next(p for p in pages if re.search(r"^Vejviser\s*$", p, re.MULTILINE))
    assert re.match(r"\s*Vejviser\s+Tidlig forebyggende indsats", vejviser_page)


def test_cover_shows_title_version_date_and_draft_note(large_pdfs: Path) -> None:
    cover = pages_text(large_pdfs / "handbog.pdf")[0]
    assert "Håndbog for tidlig forebyggende" in cover
    assert re.search(r"Version\s+2\.0-test", cover)
    assert re.search(r"Udskrevet\s+\d+\. \w+ \d{4}", cover)
    assert "UDKAST" in cover
    assert re.search(r"\d+ af \d+ tekster er udkast", cover)
    assert "Afventer politisk behandling" in cover


def test_drafts_are_marked_and_every_item_shows_its_governance(large_pdfs: Path) -> None:
    text = "\n".join(pages_text(large_pdfs / "handbog.pdf"))
    doc = PrintDocument(generate(LARGE / "content"), date(2026, 11, 23))
    printed = doc.printed_items()
    drafts = [i for i in printed if i.model.status == "udkast"]
    assert drafts and len(drafts) < len(printed)
    # One label per draft item, plus the cover's.
    assert text.count("UDKAST") == len(drafts) + 1
    assert "Mangler gennemlæsning af PPR." in text
    assert "I HØRING" in text and "AFVENTER JURIDISK GENNEMGANG" in text
    for label in ("Status:", "Ejer:", "Sidst revideret:", "Næste revision:"):
        assert text.count(label) == len(printed), label
    assert text.count("Kilder") >= len(printed)
    assert "Social- og Boligministeriet: Barnets Lov" in text  # issuer: title, from the register


def test_danish_letters_survive(large_pdfs: Path) -> None:
    text = "\n".join(pages_text(large_pdfs / "handbog.pdf"))
    for word in ("Værdisæt", "Rådgivning", "Ældre søskende", "Børne- og Ungeudvalget",
                 "Forældrekursus", "PPR", "§ 133"):
        assert word in text, word
    extracted = PdfReader(large_pdfs / "handbog.pdf").pages[0].extract_text()
    assert "Håndbog" in extracted


def test_links_inside_the_document_and_out(large_pdfs: Path) -> None:
    reader = PdfReader(large_pdfs / "handbog.pdf")
    internal: set[str] = set()
    external: set[str] = set()
    for page in reader.pages:
        for annotation in page.get("/Annots", []):
            annotation = annotation.get_object()
            if "/Dest" in annotation:
                internal.add(str(annotation["/Dest"]))
            elif "/A" in annotation and "/URI" in annotation["/A"]:
                external.add(str(annotation["/A"]["/URI"]))
    # Site links between pages became anchors, a level link kept its level.
    assert {"s-vejviser-index", "s-indsatser-tvaersteam", "s-vejviser-bekymring-6-12--gul",
            "s-indsatser-index", "s-ordliste--trivsel", "s-jura-underretning"} <= internal
    assert "https://www.retsinformation.dk/" in external
    # tel: links from the contact register are the only other kind
    assert not [uri for uri in external if ".md" in uri
                or not uri.startswith(("https://", "tel:+45", "tel:112"))]
    names = set(reader.named_destinations)
    assert internal <= names


def test_outside_image_is_printed_as_its_description() -> None:
    # The content check refuses images (SECURITY.md); should one get through, print never
    # fetches it.
    doc = PrintDocument(generate(LARGE / "content"), date(2026, 11, 23))
    html = doc.html("![Diagram over samtykke](https://example.org/diagram.png)",
                    "jura/samtykke.md")
    assert "[Billede: Diagram over samtykke]" in html and "<img" not in html


def test_bookmarks_follow_the_chapters(large_pdfs: Path) -> None:
    outline = PdfReader(large_pdfs / "handbog.pdf").outline
    top = [entry.title for entry in outline if not isinstance(entry, list)]
    assert top[:4] == ["Håndbog for tidlig forebyggende indsats", "Indhold", "Indledning",
                       "Strategien"]
    assert "Indsatskatalog" in top and "Ordliste" in top
    nested = [e.title for group in outline if isinstance(group, list) for e in group
              if not isinstance(e, list)]
    assert "Tværsteam" in nested


# --- every PDF -------------------------------------------------------------------------------


def all_pdfs(small: Path, large: Path) -> list[Path]:
    return sorted(small.glob("*.pdf")) + sorted(large.glob("*.pdf"))


def test_every_page_is_a4(small_pdfs: Path, large_pdfs: Path) -> None:
    for pdf in all_pdfs(small_pdfs, large_pdfs):
        for page in PdfReader(pdf).pages:
            size = (float(page.mediabox.width), float(page.mediabox.height))
            assert size == pytest.approx(A4, abs=0.5), pdf.name


def test_every_font_is_embedded(small_pdfs: Path, large_pdfs: Path) -> None:
    for pdf in all_pdfs(small_pdfs, large_pdfs):
        fonts = {}
        for page in PdfReader(pdf).pages:
            for font in page["/Resources"].get("/Font", {}).values():
                font = font.get_object()
                descriptor_owner = font["/DescendantFonts"][0].get_object() \
                    if "/DescendantFonts" in font else font
                descriptor = descriptor_owner["/FontDescriptor"].get_object()
                fonts[str(font["/BaseFont"])] = any(
                    key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3"))
        assert fonts and all(fonts.values()), (pdf.name, fonts)
        assert any("LiberationSans" in name or "Liberation-Sans" in name for name in fonts)


def test_pdfs_are_tagged_danish_documents(large_pdfs: Path) -> None:
    reader = PdfReader(large_pdfs / "handbog.pdf")
    assert reader.trailer["/Root"]["/Lang"] == "da"
    assert reader.metadata is not None
    assert reader.metadata.title == "Håndbog for tidlig forebyggende indsats"


# --- handouts --------------------------------------------------------------------------------


@pytest.mark.parametrize(("fixture", "root"), [("small_pdfs", SMALL), ("large_pdfs", LARGE)])
def test_flow_handouts_fit_two_pages_and_label_levels_without_colour(
    fixture: str, root: Path, request: pytest.FixtureRequest
) -> None:
    out: Path = request.getfixturevalue(fixture)
    for flow in visible(generate(root / "content").loaded.items["vejvisere"]):
        assert isinstance(flow.model, Vejviser)
        pdf = out / vejviser_pdf_name(flow.id)
        pages = pages_text(pdf)
        assert 1 <= len(pages) <= 2
        text = "\n".join(pages)
        assert flow.model.titel in text
        assert f"Side 1 af {len(pages)}" in text
        for index, niveau in enumerate(flow.model.niveauer, start=1):
            symbol = {"groen": "●", "gul": "▲", "roed": "■", "akut": "✚"}[niveau.farve]
            label = {"groen": "GRØN", "gul": "GUL", "roed": "RØD", "akut": "AKUT"}[niveau.farve]
            assert re.search(rf"{symbol}\s*{label}\s+{index}\. {re.escape(niveau.titel)}", text)
        for target in {t for n in flow.model.niveauer for t in n.indsatser}:
            indsats = generate(root / "content").loaded.items["indsatser"][target].model
            assert isinstance(indsats, Indsats)
            assert indsats.titel in text


def test_long_flow_handout_drops_extra_sections_to_fit(large_pdfs: Path) -> None:
    text = "\n".join(pages_text(large_pdfs / "vejviser-bekymring-6-12.pdf"))
    assert "Mere i håndbogen" in text and "Samtalen med barnet" in text
    assert "Kilder" in text and "Ejer:" in text and "Næste revision:" in text
    assert "UDKAST" not in text
    draft = "\n".join(pages_text(large_pdfs / "vejviser-mistrivsel-unge.pdf"))
    assert "UDKAST" in draft and "Mangler gennemlæsning af PPR." in draft
    # A handout holds no links to pages that are only in the handbook.
    for page in PdfReader(large_pdfs / "vejviser-bekymring-6-12.pdf").pages:
        for annotation in page.get("/Annots", []):
            assert "/Dest" not in annotation.get_object()


def test_value_set_handout(large_pdfs: Path) -> None:
    pages = pages_text(large_pdfs / "vaerdisaet.pdf")
    assert len(pages) <= 2
    text = "\n".join(pages)
    for title in ("Vi handler tidligt", "Barnets perspektiv først", "Vi arbejder på tværs"):
        assert title in text
    assert "Sådan gør vi i praksis" in text and "UDKAST" in text


# --- no outside requests, editor Markdown ----------------------------------------------------


def test_outside_urls_are_refused(tmp_path: Path) -> None:
    with pytest.raises(PdfError, match="afvist adresse uden for maskinen"):
        render_pdf('<html lang="da"><img src="https://example.org/x.png"></html>')
    with pytest.raises(PdfError, match="afvist fil uden for de tilladte mapper"):
        render_pdf(f'<html lang="da"><img src="file://{tmp_path}/x.png"></html>')
    fetcher = local_url_fetcher([tmp_path])
    (tmp_path / "ok.css").write_text("p {}", encoding="utf-8")
    assert fetcher(f"file://{tmp_path}/ok.css").read() == b"p {}"


def test_editor_markdown_links_become_anchors_and_html_is_neutralised() -> None:
    doc = PrintDocument(generate(LARGE / "content"), date(2026, 11, 23))
    html = doc.html("Se [værdisættet](../vaerdier/index.md), [det nye](../om/hvad-er-nyt.md), "
                    "[loven](https://www.retsinformation.dk/) og <b>fed</b>.\n\n# Overskrift",
                    "strategi/spor-1.md", level=3)
    assert '<a href="#s-vaerdier-index">værdisættet</a>' in html
    assert "<span>det nye</span>" in html
    assert '<a class="external" href="https://www.retsinformation.dk/">loven</a>' in html
    assert "&lt;b&gt;fed" in html and "<b>" not in html
    assert "<h3>Overskrift</h3>" in html
    handout = doc.html("[værdisættet](../vaerdier/index.md)", "strategi/spor-1.md",
                       in_document=False)
    assert "href" not in handout


def test_pdf_command_reports_content_errors(tmp_path: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    content = tmp_path / "content" / "indsatser"
    content.mkdir(parents=True)
    (content / "x.yml").write_text("id: x\ntitel: X\n", encoding="utf-8")
    code = cli.main(["--content", str(tmp_path / "content"), "pdf", "--out", str(tmp_path / "o")])
    assert code == 1
    assert "Fandt 16 fejl i 1 fil." in capsys.readouterr().err
    assert not (tmp_path / "o").exists()


# --- the cache: only what an edit changes is rendered again ---------------------------------


def test_unchanged_pdfs_are_reused_and_an_edited_flow_renders_its_handout_again(
    tmp_path: Path, large_pdfs: Path, shared_pdf_cache: Path,
) -> None:
    content = tmp_path / "content"
    shutil.copytree(LARGE / "content", content)
    out, cache = tmp_path / "pdf", tmp_path / "cache"
    # A copy of the session's cache, which holds these PDFs since large_pdfs rendered them
    # (from the same content, on another day): the first build renders none of them again.
    # Not the files other workers are writing there now (".<name>.tmp", renamed when whole).
    shutil.copytree(shared_pdf_cache, cache, ignore=shutil.ignore_patterns(".*"))

    def build(printed: date = date(2026, 11, 23)) -> dict[str, bool]:
        handbook = generate_uncached(content).handbook
        results = write_pdfs(handbook, out, printed, cache=cache)
        return {result.path.name: result.rendered for result in results}

    names = {"handbog.pdf", "vaerdisaet.pdf", "vejviser-bekymring-6-12.pdf",
             "vejviser-mistrivsel-unge.pdf"}
    assert build() == dict.fromkeys(names, False)
    first = {name: (out / name).read_bytes() for name in names}
    assert first == {name: (large_pdfs / name).read_bytes() for name in names}

    assert build() == dict.fromkeys(names, False)
    assert {name: (out / name).read_bytes() for name in names} == first

    flow = content / "vejvisere" / "mistrivsel-unge.yml"
    text = flow.read_text(encoding="utf-8")
    old_sign = "Tegn 1: barnet trækker sig fra legen og virker trist."
    assert old_sign in text
    flow.write_text(text.replace(old_sign, "Tegn 1: barnet græder ofte.", 1), encoding="utf-8")
    assert build() == {"handbog.pdf": True, "vejviser-mistrivsel-unge.pdf": True,
                       "vejviser-bekymring-6-12.pdf": False, "vaerdisaet.pdf": False}
    handout = "\n".join(pages_text(out / "vejviser-mistrivsel-unge.pdf"))
    # The next day nothing is rendered again: the cache is keyed by content, not by the date;
    # a reused handbook shows the day it was made.
    made = {name: (out / name).read_bytes() for name in names}
    assert build(date(2026, 11, 24)) == dict.fromkeys(names, False)
    assert {name: (out / name).read_bytes() for name in names} == made
    assert re.search(r"Udskrevet\s+23\. november 2026", pages_text(out / "handbog.pdf")[0])
    assert re.search(r"græder\s+ofte", handout)
    assert (out / "vejviser-bekymring-6-12.pdf").read_bytes() == \
        first["vejviser-bekymring-6-12.pdf"]


def started_workers(monkeypatch: pytest.MonkeyPatch) -> list[pdf_jobs._PrintWorker]:
    """From now on, every print worker started, in order (the list fills as they start)."""
    workers: list[pdf_jobs._PrintWorker] = []
    start = pdf_jobs._PrintWorker.__init__

    def remember(worker: pdf_jobs._PrintWorker) -> None:
        start(worker)
        workers.append(worker)

    monkeypatch.setattr(pdf_jobs._PrintWorker, "__init__", remember)
    return workers


def test_a_site_build_renders_each_pdf_once_and_an_unchanged_rebuild_none(
    handbook_copy: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.delenv(pdf_output.CACHE_ENV, raising=False)  # the cache in build/pdf-cache
    sent: list[str] = []
    submit = pdf_jobs._PrintWorker.submit

    def counting(worker: pdf_jobs._PrintWorker, job: PrintJob, target: Path,
                 printed: date | None = None) -> None:
        sent.append(job.name)
        submit(worker, job, target, printed)

    monkeypatch.setattr(pdf_jobs._PrintWorker, "submit", counting)
    config = str(handbook_copy / "mkdocs.yml")
    pdfs = handbook_copy / "site" / "pdf"

    assert cli.main(["--config", config, "build"]) == 0
    names = sorted(path.name for path in pdfs.iterdir())
    assert "handbog.pdf" in names
    assert sorted(sent) == names  # every PDF rendered once, none twice
    ordinary = handbook_copy / "ordinary"
    ordinary.mkdir()
    for folder in (handbook_copy / "site", pdfs):  # readable by the web server, as mkdir makes
        assert folder.stat().st_mode & 0o777 == ordinary.stat().st_mode & 0o777
    count = len(names)
    assert f"{count} PDF'er: {count} tegnet, 0 uændrede genbrugt" in capsys.readouterr().out

    sent.clear()
    started = started_workers(monkeypatch)
    assert cli.main(["--config", config, "build"]) == 0
    assert sent == []
    assert started == []  # every PDF from the cache: no print worker started at all
    assert f"{count} PDF'er: 0 tegnet, {count} uændrede genbrugt" in capsys.readouterr().out
    assert sorted(path.name for path in pdfs.iterdir()) == names


def test_a_failing_engine_stops_the_pdfs_rendering_beside_it(
    handbook_copy: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
) -> None:
    from build_tools.build import build
    from build_tools.engine import ENGINES
    from build_tools.project import Project
    from build_tools.site_output import SiteBuildError

    monkeypatch.setenv(pdf_output.CACHE_ENV, "")
    staging = tmp_path / "tmp"
    staging.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(staging))
    workers = started_workers(monkeypatch)

    def broken(config_file: Path, site_dir: Path) -> None:
        raise SiteBuildError("Motoren fejlede.")

    monkeypatch.setattr(ENGINES["mkdocs"], "build", broken)
    with pytest.raises(SiteBuildError, match="Motoren fejlede"):
        build(Project.load(handbook_copy / "mkdocs.yml"))
    assert len(workers) == 1
    assert workers[0].process.poll() is not None  # stopped, not left rendering
    assert list(staging.iterdir()) == []  # no half-made PDFs left behind
    assert not (handbook_copy / "site").exists()


# --- a large catalogue is printed apart ------------------------------------------------------


def test_a_large_catalogue_is_printed_apart_in_volumes_with_their_own_contents(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The fixture's 7 catalogue entries stand in for hundreds: apart from 3, 4 per volume.
    monkeypatch.setattr(pdf_html, "CATALOGUE_APART_FROM", 3)
    monkeypatch.setattr(pdf_html, "CATALOGUE_VOLUME_SIZE", 4)
    names = ["handbog.pdf", "indsatskatalog-1.pdf", "indsatskatalog-2.pdf"]
    results = write_pdfs(generate(LARGE / "content"), tmp_path, date(2026, 11, 23), only=names)
    assert [result.path.name for result in results] == names

    entries = visible(generate(LARGE / "content").loaded.items["indsatser"])
    handbook = tmp_path / "handbog.pdf"
    text = "\n".join(pages_text(handbook))
    assert re.search(r"Indsatskataloget har 7 indsatser og er derfor\s+trykt for sig", text)
    assert "indsatskatalog-1.pdf" in text and "indsatskatalog-2.pdf" in text
    printed_headings = {title for _, title in headings(handbook)}
    assert "Indsatskatalog" in printed_headings
    assert not printed_headings & {item.model.titel for item in entries}
    # Flows still name the entries they use, as words without a link into the handbook.
    assert "Tværsteam" in text
    reader = PdfReader(handbook)
    links = {str(annotation.get_object()["/Dest"]) for page in reader.pages
             for annotation in page.get("/Annots", []) if "/Dest" in annotation.get_object()}
    assert links and links <= set(reader.named_destinations)
    assert "s-indsatser-tvaersteam" not in links

    in_volumes = []
    for name, count in (("indsatskatalog-1.pdf", 4), ("indsatskatalog-2.pdf", 3)):
        pdf_file = tmp_path / name
        pages = pages_text(pdf_file)
        assert re.search(rf"Indsatskatalog, bind {name[-5]} af 2", pages[0])
        toc, last_toc_page = toc_entries(pages)
        assert [title for title, _ in toc][0] == "Indsatskatalog"
        assert len(toc) == count + 1
        for title, printed in toc[1:]:
            assert page_of_heading(pdf_file, title) == printed, (name, title)
            assert printed > last_toc_page
        for number, page in enumerate(pages, start=1):
            assert re.search(rf"Side {number} af {len(pages)}\s*$", page), (name, number)
        outline = PdfReader(pdf_file).outline
        nested = [e.title for group in outline if isinstance(group, list) for e in group]
        assert nested == [title for title, _ in toc[1:]]
        in_volumes += [title for title, _ in toc[1:]]
    assert sorted(in_volumes) == sorted(item.model.titel for item in entries)


# --- the print worker ------------------------------------------------------------------------


def test_print_worker_imports_neither_the_handbook_nor_mkdocs() -> None:
    worker = Path(pdf_jobs.WORKER)
    run = subprocess.run([sys.executable, "-X", "importtime", str(worker)], input="",
                         capture_output=True, text=True, check=True)
    imported = {line.rsplit("|", 1)[-1].strip().split(".")[0]
                for line in run.stderr.splitlines() if "|" in line}
    assert "weasyprint" in imported
    assert not imported & {"mkdocs", "build_tools", "jinja2", "pydantic", "markdown"}


def test_a_refused_url_in_the_worker_stops_with_a_danish_message(tmp_path: Path) -> None:
    worker = pdf_jobs._PrintWorker()
    try:
        worker.submit(pdf_jobs.PrintJob("x.pdf", [
            '<html lang="da"><img src="https://example.org/x.png"></html>']), tmp_path / "x.pdf")
        result = worker.results()["x.pdf"]
    finally:
        worker.close()
    assert "afvist adresse uden for maskinen: https://example.org/x.png" in result["error"]
    assert not (tmp_path / "x.pdf").exists()


def _pages_html(count: int) -> str:
    return ('<html lang="da"><body>' + "".join(
        f'<p style="break-before: page">Side med nummer {n}</p>' for n in range(1, count + 1))
        + "</body></html>")


def test_a_handout_variant_too_long_is_left_after_its_limit_and_the_compact_one_printed(
    tmp_path: Path,
) -> None:
    from build_tools.print import worker as print_worker

    printer = print_worker.Printer()
    laid_out: list[int] = []

    def count(record: logging.LogRecord) -> bool:
        if str(record.msg).startswith("Step 5 - Creating layout - Page"):
            laid_out.append(record.args[0])  # type: ignore[index]
        return True

    progress = logging.getLogger(print_worker.PageLimit.LOGGER)
    progress.addFilter(count)
    try:
        assert printer.fitting(_pages_html(8), 2) is None
    finally:
        progress.removeFilter(count)
    assert max(laid_out) == 3  # stopped on the first page past the limit, not after eight

    target = tmp_path / "x.pdf"

    def run(*variants: int) -> dict[str, int]:
        return printer.run({"variants": [_pages_html(n) for n in variants], "max_pages": 2,
                            "target": str(target)})

    assert run(8, 2) == {"pages": 2, "variant": 1}
    assert len(PdfReader(target).pages) == 2
    assert run(2, 1) == {"pages": 2, "variant": 0}
    assert run(8, 3) == {"pages": 3, "variant": 1}  # the last variant is printed whole
    assert "Side med nummer 3" in PdfReader(target).pages[2].extract_text()


def test_a_document_that_takes_too_long_stops_with_a_danish_message(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(pdf_jobs, "DOCUMENT_SECONDS", 1)
    long_text = "<p>" + "Underretningspligten gælder alle fagpersoner. " * 60 + "</p>"
    worker = pdf_jobs._PrintWorker()
    try:
        worker.submit(pdf_jobs.PrintJob("lang.pdf", [
            f'<html lang="da"><body>{long_text * 1500}</body></html>']), tmp_path / "lang.pdf")
        result = worker.results()["lang.pdf"]
    finally:
        worker.close()
    assert result["error"] == ("PDF'en lang.pdf kunne ikke laves: den var ikke færdig efter 1 "
                               "sekunders beregning. Er en tekst usædvanlig lang?")
    assert not (tmp_path / "lang.pdf").exists()


def test_a_handout_never_recommends_a_withdrawn_entry(tmp_path: Path) -> None:
    """A draft flow may still name a withdrawn entry (the check warns); the print leaves it out."""
    from build_tools.pdf import handbook_html, make_print_environment, vejviser_html

    content = tmp_path / "content"
    shutil.copytree(LARGE / "content", content)
    flow = content / "vejvisere" / "mistrivsel-unge.yml"
    text = flow.read_text(encoding="utf-8")
    flow.write_text(text.replace("  indsatser:\n", "  indsatser:\n  - gammel-ordning\n", 1),
                    encoding="utf-8")
    handbook = generate_uncached(content).handbook
    assert any("trukket tilbage" in str(w) for w in handbook.loaded.warnings)
    doc = PrintDocument(handbook, date(2026, 11, 23))
    item = handbook.items["vejvisere"]["mistrivsel-unge"]
    for compact in (False, True):
        html = vejviser_html(doc, item, compact, make_print_environment())
        assert "Nedlagt ordning" not in html
    assert "Nedlagt ordning" not in handbook_html(doc)


# --- akut first on paper (issue 26) ----------------------------------------------------------


def _words(pdf: Path) -> list[tuple[int, float, str]]:
    """(page number, height in pt, text) of every word as printed."""
    xhtml = subprocess.run(["pdftotext", "-bbox-layout", str(pdf), "-"], check=True,
                           capture_output=True, text=True).stdout
    ns = {"x": "http://www.w3.org/1999/xhtml"}
    found = []
    for number, page in enumerate(ET.fromstring(xhtml).iterfind(".//x:page", ns), start=1):
        for word in page.iterfind(".//x:word", ns):
            height = float(word.get("yMax", 0)) - float(word.get("yMin", 0))
            found.append((number, height, word.text or ""))
    return found


def test_a_handout_with_an_akut_level_prints_it_and_the_numbers_on_page_1(
        large_pdfs: Path) -> None:
    flows = [f for f in visible(generate(LARGE / "content").loaded.items["vejvisere"])
             if any(n.farve == "akut" for n in f.model.niveauer)]
    assert flows
    for flow in flows:
        first = pages_text(large_pdfs / vejviser_pdf_name(flow.id))[0]
        assert re.search(r"Akut: Er barnet i fare lige nu\? Ring 112\.", first)
        assert "47 35 10 00" in first and "49 27 14 48" in first
        akut = next(n for n in flow.model.niveauer if n.farve == "akut")
        assert akut.titel in first
        # the numbers come before the notes on the text's status
        assert first.index("Ring 112") < first.index(akut.titel)


def test_every_level_that_means_reporting_says_how_on_paper(large_pdfs: Path) -> None:
    text = re.sub(r"\s+", " ", "\n".join(pages_text(large_pdfs / "handbog.pdf")))
    flows = visible(generate(LARGE / "content").loaded.items["vejvisere"])
    reporting = sum(1 for f in flows for n in f.model.niveauer if n.underretning)
    assert reporting
    assert text.count("Sådan underretter du") == reporting
    assert "ring til kommunen på 47 35 10 00" in text


def test_handouts_print_body_text_at_10_pt_and_sources_at_8_pt(large_pdfs: Path) -> None:
    # Liberation Sans' glyph box is about 1.15 × the font size
    for pdf in sorted(large_pdfs.glob("vejviser-*.pdf")):
        words = _words(pdf)
        assert min(height for _, height, _ in words) >= 8 * 1.1, pdf.name
        flow = next(f for f in visible(generate(LARGE / "content").loaded.items["vejvisere"])
                    if vejviser_pdf_name(f.id) == pdf.name)
        action = flow.model.niveauer[0].handlinger[0].split()[0]
        heights = [height for _, height, text in words if text == action]
        assert heights and min(heights) >= 10 * 1.1, (pdf.name, action, heights)


def test_the_akut_box_keeps_its_frame_in_the_handbook(large_pdfs: Path) -> None:
    from build_tools.pdf import PrintDocument, handbook_html

    html = handbook_html(PrintDocument(generate(LARGE / "content"), date(2026, 12, 2)))
    css = (Path(__file__).parent.parent / "build_tools" / "print" / "print.css").read_text()
    assert html.count('<div class="akut" role="note">') >= 2  # front page and each flow
    box = css.split("\n.akut {", 1)[1].split("}", 1)[0]
    assert "border:" in box
    assert ".admonition-title { font-weight: bold" in css


def test_web_only_phrases_are_not_printed() -> None:
    from build_tools.pdf import on_paper

    assert on_paper("Du har pligt (Barnets Lov § 133). Her står, hvordan du gør, trin for "
                    "trin.") == "Du har pligt (Barnets Lov § 133)."
    assert on_paper("Find niveauet. Eksempler på tegn står længere nede: *A* og *B*.") == \
        "Find niveauet."
    assert on_paper("Se [rød](#roed), længere nede.") == "Se [rød](#roed), længere nede."
