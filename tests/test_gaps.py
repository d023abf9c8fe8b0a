"""The register of gaps (`mangler`): what the municipality must still supply shows on its page,
on the gap page by owner, in the PDFs, in `handbook review` and in the half-yearly report."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader

from build_tools.build import build_site, generate, load_checked
from build_tools.cli import main
from build_tools.pdf import write_pdfs
from build_tools.report import build_report, parse_periode

TOLK = "Hvordan I bestiller en tolk"
INDSTIL = "Hvordan du indstiller et barn til Tværsteam"
AABEN = "Hvornår centret har åbent"


def add_gaps(path: Path, block: str) -> None:
    """Put a `mangler:` block into a content file, after its review date."""
    text = path.read_text(encoding="utf-8")
    marker = "naeste_revision: 2027-11-01\n"
    assert marker in text
    path.write_text(text.replace(marker, marker + block, 1), encoding="utf-8")


@pytest.fixture
def gaps_copy(handbook_copy: Path) -> Path:
    """The fixture handbook with three gaps: one on the indsats Tværsteam, two on the flow
    (first published in January 2027), and one on a withdrawn text, which counts nowhere."""
    content = handbook_copy / "content"
    add_gaps(content / "indsatser" / "tvaersteam.yml",
             f"mangler:\n  - hvad: {INDSTIL}\n    hvem: Center for Børn og Skole\n")
    add_gaps(content / "vejvisere" / "bekymring-0-6.yml",
             f"mangler:\n  - hvad: {TOLK}\n    hvem: Center for Børn og Skole\n"
             f"  - hvad: {AABEN}\n    hvem: Center for Familie og Rådgivning\n")
    flow = content / "vejvisere" / "bekymring-0-6.yml"
    text = flow.read_text(encoding="utf-8")
    assert "  - dato: 2026-11-01\n" in text
    flow.write_text(text.replace("  - dato: 2026-11-01\n", "  - dato: 2027-01-10\n", 1),
                    encoding="utf-8")
    styregruppe = content / "organisering" / "styregruppe.yml"
    add_gaps(styregruppe, "mangler:\n  - hvad: Mødedatoerne\n    hvem: Styregruppen\n")
    text = styregruppe.read_text(encoding="utf-8").replace(
        "status: godkendt", "status: tilbagetrukket").replace(
        "status: udkast", "status: tilbagetrukket")
    styregruppe.write_text(text, encoding="utf-8")
    return handbook_copy


def test_a_gap_shows_on_its_page_and_on_the_gap_page(gaps_copy: Path) -> None:
    site = generate(gaps_copy / "content").site
    entry = site.pages["indsatser/tvaersteam.md"].markdown
    assert (f"<summary><strong>Det mangler vi stadig:</strong> {INDSTIL}"
            in entry)
    assert "<p>Skal leveres af Center for Børn og Skole.</p>" in entry
    assert '<a href="../om/mangler.html">Alt, hvad der mangler i håndbogen</a>' in entry
    flow = site.pages["vejviser/bekymring-0-6.md"].markdown
    assert "<strong>Det mangler vi stadig:</strong> 2 lokale oplysninger fra kommunen" in flow
    assert f"<li>{TOLK} (skal leveres af Center for Børn og Skole)</li>" in flow
    # the task first: the flow's Akut line and level overview come before the gap box
    assert flow.index("hb-akut") < flow.index('id="overblik"') < flow.index("Det mangler vi")
    assert "Det mangler vi" not in site.pages["vaerdier/handl-tidligt.md"].markdown

    gaps = site.pages["om/mangler.md"].markdown
    owners = gaps.index("## Center for Børn og Skole"), gaps.index(
        "## Center for Familie og Rådgivning")
    assert owners[0] < owners[1]
    assert (f"- {TOLK}. Står på: [Bekymring for et barn 0–6 år]"
            "(../vejviser/bekymring-0-6.md#mangler)\n") in gaps
    assert (f"- {INDSTIL}. Står på: [Tværsteam](../indsatser/tvaersteam.md#mangler)\n"
            in gaps)
    assert "Mødedatoerne" not in gaps  # the withdrawn text's gap is not open
    assert {"Det mangler vi stadig": "om/mangler.md"} in site.nav[-1]["Om håndbogen"]


def test_the_gap_box_and_page_build_strictly(gaps_copy: Path, tmp_path: Path) -> None:
    """The strict build checks every link, anchors included (#mangler on each page)."""
    built = build_site(gaps_copy / "mkdocs.yml", tmp_path / "site")
    html = (built / "indsatser" / "tvaersteam.html").read_text(encoding="utf-8")
    # the box is left out of the search index (never a search snippet)
    assert '<details data-search-exclude class="hb-notice hb-notice--mangler" id="mangler">' in html
    page = (built / "om" / "mangler.html").read_text(encoding="utf-8")
    assert 'href="../indsatser/tvaersteam.html#mangler"' in page


def test_the_handbook_pdf_shows_the_gaps(gaps_copy: Path, tmp_path: Path) -> None:
    handbook = generate(gaps_copy / "content").handbook
    write_pdfs(handbook, tmp_path, date(2026, 11, 23), only=["handbog.pdf"])
    text = " ".join(" ".join((page.extract_text() or "").split())
                    for page in PdfReader(tmp_path / "handbog.pdf").pages)
    assert "DET MANGLER VI STADIG Kommunen har ikke leveret disse oplysninger endnu" in text
    assert f"{INDSTIL} (skal leveres af Center for Børn og Skole)" in text


def test_review_lists_the_gaps_by_owner(gaps_copy: Path, monkeypatch, capsys) -> None:
    monkeypatch.chdir(gaps_copy)
    assert main(["review", "--idag", "2026-11-23"]) == 0
    out = capsys.readouterr().out
    assert out.endswith(
        "\nDet mangler vi stadig: 3 oplysninger, fordelt på hvem der skal levere dem:\n"
        "\nCenter for Børn og Skole\n"
        f"  {TOLK}\n"
        "    content/vejvisere/bekymring-0-6.yml\n"
        f"  {INDSTIL}\n"
        "    content/indsatser/tvaersteam.yml\n"
        "\nCenter for Familie og Rådgivning\n"
        f"  {AABEN}\n"
        "    content/vejvisere/bekymring-0-6.yml\n"
    )


def test_the_report_counts_the_gaps_open_at_the_end_of_the_period(gaps_copy: Path) -> None:
    loaded = load_checked(gaps_copy / "content")
    before = build_report(loaded, parse_periode("2026H1"))  # before any text existed
    assert before.gap_count == 0
    autumn = build_report(loaded, parse_periode("2026H2"))  # the flow came in 2027
    assert autumn.gap_count == 1
    assert list(autumn.gaps) == ["Center for Børn og Skole"]
    spring = build_report(loaded, parse_periode("2027H1"))
    assert spring.gap_count == 3

    page = generate(gaps_copy / "content").site.pages["rapporter/2026h2.md"].markdown
    assert "| Oplysninger, kommunen mangler at levere, ved periodens slut | 1 |" in page
    assert "| Center for Børn og Skole | 1 | 1 |" in page
    page = generate(gaps_copy / "content").site.pages["rapporter/2027h1.md"].markdown
    assert "| Center for Børn og Skole | 2 | 2 |" in page


def test_the_check_rejects_an_empty_gap(handbook_copy: Path, monkeypatch, capsys) -> None:
    content = handbook_copy / "content"
    add_gaps(content / "indsatser" / "tvaersteam.yml",
             'mangler:\n  - hvad: ""\n    hvem: Center for Børn og Skole\n'
             "  - hvad: Hvordan du indstiller et barn\n")
    monkeypatch.chdir(handbook_copy)
    assert main(["check"]) == 1
    lines = capsys.readouterr().err.splitlines()
    assert lines[:2] == [
        "content/indsatser/tvaersteam.yml:9: mangler[1].hvad: må ikke være tom",
        "content/indsatser/tvaersteam.yml:11: mangler[2].hvem: mangler; feltet skal udfyldes",
    ]
    assert len(lines) == 3  # and the summary line


def test_the_example_gap_of_handbook_new_must_be_replaced(
        handbook_copy: Path, monkeypatch, capsys) -> None:
    monkeypatch.chdir(handbook_copy)
    assert main(["new", "indsats", "Ny indsats", "--idag", "2026-11-23"]) == 0
    path = handbook_copy / "content" / "indsatser" / "ny-indsats.yml"
    lines = path.read_text(encoding="utf-8").splitlines()
    # the editor uncomments the optional field, as the file's comments say
    start = lines.index("# mangler:")
    lines[start] = "mangler:"
    lines[start + 1:start + 5] = [line if line.startswith("#     #") else line[1:]
                                  for line in lines[start + 1:start + 5]]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    capsys.readouterr()
    assert main(["check"]) == 1
    errors = [line for line in capsys.readouterr().err.splitlines() if "mangler[" in line]
    assert [line.split(": ", 2)[1] for line in errors] == ["mangler[1].hvad", "mangler[1].hvem"]
    assert all("eksempelteksten fra 'handbook new' er ikke skiftet ud" in line
               for line in errors)
