from __future__ import annotations

from pathlib import Path

from build_tools.loader import load
from build_tools.yaml_safety import parse_yaml

GOV = """status: udkast
ejer: PPR
sidst_revideret: 2026-11-01
naeste_revision: 2027-11-01
kilder: [testkilde]
aendringer:
  - dato: 2026-11-01
    tekst: Ny.
"""


def write(root: Path, relative: str, text: str) -> Path:
    path = root / "content" / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_lines_point_at_the_field_even_when_nested() -> None:
    data, lines, problems = parse_yaml("a: 1\nb:\n  - x\n  - c: 2\n    d: 3\n", "f.yml")
    assert problems == []
    assert data == {"a": 1, "b": ["x", {"c": 2, "d": 3}]}
    assert lines[("b", 1, "d")] == 5
    assert lines[("b", 0)] == 3


def test_an_error_deep_in_a_flow_names_the_level_and_its_line(tmp_path: Path) -> None:
    write(tmp_path, "vejvisere/flow.yml", "id: flow\ntitel: T\nresume: R\n" + GOV + """\
maalgruppe: Børn
alder: {fra: 0, til: 6}
niveauer:
  - id: groen
    titel: Grøn
    farve: groen
    tegn: [a]
    handlinger: [b]
    tidsramme: c
    hvis_intet_aendrer_sig: d
  - id: gul
    titel: Gul
    farve: orange
    tegn: [a]
    handlinger: [b]
    tidsramme: c
    hvis_intet_aendrer_sig: d
""")
    loaded = load(tmp_path / "content")
    [problem] = loaded.problems
    assert problem.line == 24
    assert problem.field == "niveauer[2].farve"
    assert problem.message.startswith("ugyldig værdi 'orange'; tilladte værdier: 'groen'")


def test_yes_and_no_may_be_written_in_danish(tmp_path: Path) -> None:
    write(tmp_path, "sider/a.md", "---\nid: a\ntitel: A\nresume: R\njuridisk_gennemgang: ja\n"
          + GOV + "---\nTekst.\n")
    loaded = load(tmp_path / "content")
    assert loaded.problems == []
    review = loaded.items["sider"]["a"].model.juridisk_gennemgang
    assert review is not None and review.status == "afventer"  # ja: awaits legal review


def test_front_matter_lines_count_from_the_top_of_the_page(tmp_path: Path) -> None:
    write(tmp_path, "sider/a.md", "---\nid: a\ntitel: A\nresume: R\n" + GOV.replace(
        "2026-11-01\nnaeste", "første november\nnaeste") + "---\nTekst.\n")
    [problem] = load(tmp_path / "content").problems
    assert (problem.line, problem.field) == (7, "sidst_revideret")


def test_a_page_without_front_matter_is_explained(tmp_path: Path) -> None:
    write(tmp_path, "sider/a.md", "# Overskrift\n")
    [problem] = load(tmp_path / "content").problems
    assert "metadata" in problem.message


def test_a_byte_order_mark_is_accepted(tmp_path: Path) -> None:
    path = write(tmp_path, "sider/a.md", "---\nid: a\ntitel: A\nresume: R\n" + GOV + "---\nT\n")
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    assert load(tmp_path / "content").problems == []


def test_a_text_with_a_colon_is_explained(tmp_path: Path) -> None:
    write(tmp_path, "organisering/a.yml", "id: a\ntitel: A\nresume: R\n" + GOV
          + "tekst: T\nopgaver:\n  - Vigtigt: tal med din leder\n")
    [problem] = load(tmp_path / "content").problems
    assert (problem.line, problem.field) == (14, "opgaver[1]")
    assert problem.message == (
        "teksten indeholder ': ' og blev læst som et felt; sæt hele teksten i anførselstegn")
