"""Sources staff can trust: the register of sources, quotes checked against their source's text,
and references to provisions of law resolved against the register of provisions."""

from __future__ import annotations

import re
import shutil
from datetime import date
from pathlib import Path

import handbooks
import pytest

from build_tools.build import generate
from build_tools.cli import main
from build_tools.legal import mentions, register_of
from build_tools.loader import load
from build_tools.pdf import PrintDocument, handbook_html

REPO = Path(__file__).resolve().parents[1]
SEEDS = REPO.parent / "shared" / "seeds"
"""The municipality's source documents as text, beside the repository (never copied into it)."""
needs_seeds = pytest.mark.skipif(
    not SEEDS.is_dir(), reason=f"kildeteksterne findes ikke i {SEEDS}; citaterne kan ikke prøves")


@pytest.fixture(scope="module")
def real():
    return generate(REPO / "content")


@needs_seeds
def test_every_quote_in_the_real_content_is_word_for_word_in_its_source(capsys) -> None:
    assert main(["--content", str(REPO / "content"), "check", "--kildetekster", str(SEEDS)]) == 0
    assert f"Citaterne er kontrolleret mod kildeteksterne i {SEEDS}." in capsys.readouterr().out


@needs_seeds
def test_a_misquoted_seed_sentence_is_rejected_naming_the_document(tmp_path, capsys) -> None:
    content = tmp_path / "content"
    shutil.copytree(REPO / "content", content)
    value = content / "vaerdier" / "adfaerd-er-signaler.yml"
    text = value.read_text(encoding="utf-8")
    assert "handle hurtigt og relevant" in text
    value.write_text(text.replace("handle hurtigt og relevant", "handle hurtigt og klogt"),
                     encoding="utf-8")
    assert main(["--content", str(content), "check", "--kildetekster", str(SEEDS)]) == 1
    err = capsys.readouterr().err.replace(str(tmp_path) + "/", "")
    line = next(n for n, row in enumerate(text.splitlines(), 1) if row.startswith("  tekst:"))
    assert err.splitlines() == [
        f"content/vaerdier/adfaerd-er-signaler.yml:{line}: citat.tekst: citatet står ikke "
        "ordret i 'Fokus på tidlig forebyggende indsats' (Frederikssund Kommune); ret det, så "
        "det svarer til kilden",
        "Fandt 1 fejl i 1 fil. Ret fejlen, og prøv igen; intet er bygget eller ændret.",
    ]


def test_without_the_source_texts_the_check_says_quotes_were_not_verified(capsys) -> None:
    assert main(["--content", str(REPO / "content"), "check"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[-1] == ("Citaterne er ikke kontrolleret mod kilderne (giv mappen med "
                       "--kildetekster).")


def test_no_internal_file_name_or_note_is_shown_as_a_source(real) -> None:
    doc = PrintDocument(real.handbook, date(2026, 11, 23))
    texts = {path: page.markdown for path, page in real.site.pages.items()}
    texts["handbog.pdf"] = handbook_html(doc)
    for where, text in texts.items():
        for internal in ("seeds/", "DOMAIN.md", "_d82868a004334053", "_d82071e49fbd5808"):
            assert internal not in text, (where, internal)


def test_every_page_names_its_sources_by_issuer_title_and_date(real) -> None:
    sources = real.handbook.sources
    flow = real.site.pages["vejviser/bekymring-0-6.md"].markdown
    footer = flow.split("## Kilder { #kilder }", 1)[1].split("## Ændringer", 1)[0]
    assert ("- Frederikssund Kommune: [Kommissorium – styrkelse af og omlægning til tidlig "
            "forebyggende indsats i Frederikssund Kommune](../kilder.md#kommissorium) (forslag)"
            ) in footer
    assert "- Frederikssund Kommune: [Fokus på tidlig forebyggende indsats]" in footer
    assert ", 31. august 2023" in footer
    # A public source links its address and says when it was read.
    assert re.search(r"\[Redskab: Indsatstrappen\]\(<https://www\.social\.dk/[^>]+>\) "
                     r"\(læst 23\. november 2026\)", footer)
    # The register page lists every source with the pages that use it.
    register = real.site.pages["kilder.md"].markdown
    for source in sources.values():
        assert f"{{ #{source.id} }}" in register
    kommissorium = register.split("{ #kommissorium }", 1)[1].split("\n## ", 1)[0]
    assert "[Tværsteam](indsatser/tvaersteam.md)" in kommissorium
    assert "dokumentet giver ingen dato" in kommissorium


def test_a_quote_names_who_said_it_and_its_source(real) -> None:
    page = real.site.pages["vaerdier/adfaerd-er-signaler.md"].markdown
    assert ("<figcaption>Frederikssund Kommune i nyheden om strategien – Frederikssund Kommune: "
            "Fokus på tidlig forebyggende indsats, 31. august 2023</figcaption>") in page


def test_provisions_in_the_text_are_resolved_and_listed_where_they_are_used(real) -> None:
    underretning = real.site.pages["jura/underretning.md"].markdown
    legal = underretning.split("## Lovhenvisninger { #lovhenvisninger }", 1)[1]
    assert ("- [Barnets Lov § 133](../lovhenvisninger.md#barnets-lov-133): Skærpet "
            "underretningspligt for alle i offentlig tjeneste – *paragraffen er ikke efterprøvet "
            "i lovteksten*") in legal
    page = real.site.pages["lovhenvisninger.md"].markdown
    for paragraf in real.handbook.provisions:
        assert f"## {paragraf.navn} {{ #{paragraf.anker} }}" in page
    section = page.split("{ #barnets-lov-133 }", 1)[1].split("\n## ", 1)[0]
    assert "[Underretningspligt" in section and "tidligere Serviceloven § 153" in section


def test_the_one_form_of_a_reference_to_a_provision(tmp_path) -> None:
    loaded = load(REPO / "content")
    register = register_of(loaded)
    page = tmp_path / "content" / "sider" / "x.md"
    page.parent.mkdir(parents=True)
    shutil.copytree(REPO / "content" / "love", tmp_path / "content" / "love")
    page.write_text(
        "---\nid: x\ntitel: X\nresume: R.\nstatus: udkast\nejer: PPR\n"
        "sidst_revideret: 2026-11-01\nnaeste_revision: 2027-11-01\n"
        "noegleord: [Barnets Lov § 999]\nkilder: [kommissorium]\n"
        "aendringer:\n  - dato: 2026-11-01\n    tekst: Ny.\n---\n"
        "Efter barnets lov §§ 28–29 og Barnets Lov § 2, stk. 3, og forvaltningsloven § 28.\n"
        "Den tidligere Serviceloven § 49 a. Barnets Lov § 30 i loven.\n", encoding="utf-8")
    item = load(tmp_path / "content").items["sider"]["x"]
    found = [(m.navn, m.former, m.line, m.field) for m in mentions(item, register)]
    assert found == [
        ("Barnets Lov § 28", False, 15, "tekst"), ("Barnets Lov § 29", False, 15, "tekst"),
        ("Barnets Lov § 2, stk. 3", False, 15, "tekst"),
        ("Forvaltningsloven § 28", False, 15, "tekst"),
        ("Serviceloven § 49 a", True, 16, "tekst"), ("Barnets Lov § 30", False, 16, "tekst"),
    ]  # the search words (noegleord) are not references


def test_a_legal_reference_in_an_approved_text_needs_no_review_flag(tmp_path, capsys) -> None:
    case = handbooks.broken(tmp_path, "juridisk-gennemgang")  # its base files and overlay
    page = case / "content" / "sider" / "index.md"
    page.write_text(page.read_text(encoding="utf-8").replace("status: udkast",
                                                             "status: godkendt"),
                    encoding="utf-8")
    assert main(["--content", str(case / "content"), "check"]) == 0
