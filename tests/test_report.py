"""The half-yearly status report: its numbers come from the fixture content's dated entries."""

from __future__ import annotations

from pathlib import Path

import pytest
from pypdf import PdfReader

from build_tools.build import generate, load_checked
from build_tools.cli import main
from build_tools.report import build_report, parse_periode, periods_for

FIXTURE = Path(__file__).parent / "fixtures" / "handbook" / "content"


def test_periods_are_half_years() -> None:
    h1 = parse_periode("2026H1")
    assert (h1.start.isoformat(), h1.slut.isoformat(), h1.label) == (
        "2026-01-01", "2026-06-30", "1. halvår 2026")
    assert parse_periode("2026h2").next().navn == "2027H1"
    with pytest.raises(ValueError, match="fx 2026H1"):
        parse_periode("2026-1")


def test_report_counts_what_the_fixture_content_says() -> None:
    loaded = load_checked(FIXTURE)
    first = build_report(loaded, parse_periode("2026H1"))
    assert [text for _, _, text in first.changes] == ["Prøvehandlingen er beskrevet."]
    counts = [first.count(phase) for phase in ("i gang", "evalueret", "skaleret op")]
    assert counts == [1, 1, 0]
    assert [f.tekst for _, f in first.findings] == ["Medarbejderne bruger vejviseren."]
    assert first.overdue == []
    second = build_report(loaded, parse_periode("2026H2"))
    # the trial's review was due 1 September 2026; the other items' in 2027
    assert [item.id for item in second.overdue] == ["faelles-sprogbrug"]
    items = sum(len(kind) for kind in loaded.items.values())
    assert len(second.changes) == items - 1  # every other item's first edition, 1 Nov 2026
    assert second.count("i gang") == 0


def test_the_site_has_a_report_page_for_every_half_year_since_approval() -> None:
    handbook = generate(FIXTURE)
    periods = [p.navn for p in periods_for(handbook.loaded)]
    assert periods[0] == "2023H2" and periods[-1] == "2026H2"
    page = handbook.site.pages["rapporter/2026h1.md"].markdown
    assert "| Prøvehandlinger startet | 1 |" in page
    assert "| Prøvehandlinger evalueret | 1 |" in page
    trial = handbook.site.pages["proevehandlinger/faelles-sprogbrug.md"].markdown
    assert "**Evalueret**" in trial
    assert "(../vejviser/bekymring-0-6.md#groen)" in trial


def test_report_pdf_has_the_period_on_the_cover(tmp_path: Path, capsys) -> None:
    code = main(["--content", str(FIXTURE), "rapport", "--periode", "2026H1",
                 "--out", str(tmp_path)])
    assert code == 0
    reader = PdfReader(tmp_path / "rapport-2026h1.pdf")
    cover = reader.pages[0].extract_text()
    assert "Statusrapport 1. halvår 2026" in cover
    assert "1. januar 2026 – 30. juni 2026" in cover
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert "Prøvehandlinger evalueret" in text
    assert f"Side 2 af {len(reader.pages)}" in text
    width, height = reader.pages[0].mediabox.width, reader.pages[0].mediabox.height
    assert (round(float(width)), round(float(height))) == (595, 842)  # A4 in points


def test_without_out_the_report_goes_to_the_projects_build_folder(
        handbook_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    """Run from another folder: the report lands in the project's build/rapporter, never in the
    working folder or in the published site (which the next build replaces whole)."""
    elsewhere = tmp_path / "andet-sted"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    assert main(["--config", str(handbook_copy / "mkdocs.yml"), "rapport",
                 "--periode", "2026H1"]) == 0
    report = handbook_copy / "build" / "rapporter" / "rapport-2026h1.pdf"
    assert report.is_file() and str(report) in capsys.readouterr().out
    assert list(elsewhere.iterdir()) == []
    assert not (handbook_copy / "site").exists()


def test_an_unknown_period_is_explained(capsys) -> None:
    assert main(["--content", str(FIXTURE), "rapport", "--periode", "forår"]) == 1
    assert "ugyldig periode 'forår'" in capsys.readouterr().err
