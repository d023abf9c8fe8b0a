"""CPR numbers in what readers see (build_tools/cpr_scan.py): numbers the source scan cannot see
whole (split by Markdown, or written with dots, slashes and spaces) stop the build, with the
content file named and the number never repeated."""

from __future__ import annotations

from pathlib import Path

import pytest

from build_tools import cpr_scan
from build_tools.cli import main

FIXTURES = Path(__file__).parent / "fixtures"
REPO = Path(__file__).parent.parent

FRONT = """---
id: {id}
titel: Notat
resume: Side med et nummer.
status: udkast
ejer: Center for Familie og Rådgivning
sidst_revideret: 2026-11-01
naeste_revision: 2027-11-01
kilder: [testkilde]
aendringer:
  - dato: 2026-11-01
    tekst: Første udgave.
---
Indledning.

"""

SPLIT = {
    "tom-lenke": "Barnet har nummer 0102[](jura/underretning.md)03-1234 i sagen.",
    "attributliste": "Nummer: 0506*07*{ .x }-5678.",
    "linjeskift": "Nummeret er 080910  \n-1357 i journalen.",
    "punktummer": "Søsteren: 02.03.04-2345.",
    "skraastreger": "Broren: 03/04/05 3456.",
    "mellemrum": "Faren: 04 05 06 4567.",
}


def test_a_number_readers_would_see_stops_the_build(handbook_copy: Path, monkeypatch,
                                                    capsys) -> None:
    """Every way of splitting a number, each on a page of its own, in one build: the build
    stops, and each page is named once with the number's place (one build for all six cases,
    each case still asserted by its own line)."""
    for case, text in SPLIT.items():
        page = handbook_copy / "content" / "sider" / f"{case}.md"
        page.write_text(FRONT.format(id=case) + text + "\n", encoding="utf-8")
    monkeypatch.chdir(handbook_copy)
    assert main(["check", "--content", "content"]) == 0  # the source scan does not see them
    capsys.readouterr()
    assert main(["build", "--content", "content", "--site-dir", "site", "--engine", "mkdocs"]) == 1
    err = capsys.readouterr().err
    lines = sorted(line for line in err.splitlines() if "CPR" in line)
    assert lines == sorted(
        f"content/sider/{case}.md:16: ligner et CPR-nummer, som læseren ser på siden {case}.html, "
        "i søgeindekset og i pdf/handbog.pdf, selv om kilden skriver det opdelt (med punktummer, "
        "skråstreger, mellemrum eller Markdown imellem); personoplysninger om borgere må aldrig "
        "stå i håndbogen. Slet nummeret" for case in SPLIT), err
    assert err.splitlines()[-1] == (f"Fandt {len(SPLIT)} fejl i {len(SPLIT)} filer. Ret fejlene, "
                                    "og prøv igen; intet er bygget eller ændret.")
    assert not any(d in err for d in ("1234", "5678", "1357", "2345", "3456", "4567"))
    assert "Traceback" not in err
    assert not (handbook_copy / "site").exists()


@pytest.mark.parametrize("text", [
    "Ring 47 35 10 00 eller +45 4735 1000.",  # telephone numbers
    "Mødet er 01.02.2026 kl. 10.30; sag 2026-1234.",  # dates, case numbers
    "Barnets Lov § 133, stk. 2; 1.234.567 kr.; CVR 29189935; 12345678901.",
    "Version 1.2.3-1234 og 31.13.03-1234 (ingen 13. måned).",
])
def test_ordinary_numbers_are_not_cpr_numbers(text: str) -> None:
    assert list(cpr_scan.find_visible(text)) == []


@pytest.mark.parametrize("text", [
    "010203-1234", "010203 1234", "0102031234", "01.02.03-1234", "01/02/03-1234",
    "01 02 03 1234", "01-02-03-1234", "０１０２０３－１２３４", "01\u00a002\u00a003\u00a01234",
])
def test_the_written_forms_are_found(text: str) -> None:
    assert list(cpr_scan.find_visible(f"Nr. {text}.")) == ["0102031234"]


def test_a_number_hidden_between_elements_of_a_page_is_seen() -> None:
    page = ('<p>Nr. 01<a href="x"></a>02<em>03</em>-<br>1234</p>'
            '<img alt="05.06.07-1234" src="x.png"><script>var x = "080910-1234"</script>')
    texts = cpr_scan.visible_texts(page)
    found = [d for t in texts for d in cpr_scan.find_visible(t)]
    assert found == ["0102031234", "0506071234"]  # not the script's
