"""Each folder under fixtures/broken holds content with one kind of mistake and the exact lines
an editor must see for it (expected.txt)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import handbooks
import pytest

from build_tools.cli import main

BROKEN = handbooks.BROKEN
CASES = sorted(p.name for p in BROKEN.iterdir() if p.is_dir())


@pytest.mark.parametrize("case", CASES)
def test_check_prints_the_expected_lines(case: str, tmp_path: Path, monkeypatch,
                                         capsys) -> None:
    folder = handbooks.broken(tmp_path, case)  # the base's files and the case's overlay
    monkeypatch.chdir(folder)
    extra = handbooks.check_args(folder)  # e.g. the folder of source texts for the quote check
    code = main(["check", "--content", "content", *extra])
    out, err = capsys.readouterr()
    expected = (BROKEN / case / "expected.txt").read_text(encoding="utf-8")
    assert code == 1
    assert err == expected
    assert out == ""


def test_every_kind_of_mistake_has_a_case() -> None:
    assert set(CASES) >= {
        "yaml-syntaks", "tabulator", "ukendt-felt", "manglende-felt", "forkert-type",
        "dubletter", "ukendt-reference", "tom-fil", "ikke-utf8", "yaml-maerke", "alias-bombe",
        "cpr-nummer", "citat-forkert", "ukendt-kilde", "serviceloven", "ukendt-paragraf",
        "juridisk-gennemgang",
    }


def test_the_real_command_prints_no_traceback(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "build_tools.cli", "check", "--content", "content"],
        cwd=handbooks.broken(tmp_path, "forkert-type"), capture_output=True, text=True,
        check=False,
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stderr.splitlines()[-1] == (
        "Fandt 5 fejl i 1 fil. Ret fejlene, og prøv igen; intet er bygget eller ændret.")


def test_yaml_tags_are_never_executed(tmp_path: Path, monkeypatch) -> None:
    marker = tmp_path / "hacked"
    content = tmp_path / "content" / "indsatser"
    content.mkdir(parents=True)
    (content / "x.yml").write_text(
        f'id: x\nresume: !!python/object/apply:os.system ["touch {marker}"]\n', encoding="utf-8"
    )
    monkeypatch.chdir(tmp_path)
    assert main(["check", "--content", "content"]) == 1
    assert not marker.exists()


def test_the_cpr_number_is_not_repeated_in_the_error(tmp_path: Path, capsys,
                                                     monkeypatch) -> None:
    monkeypatch.chdir(handbooks.broken(tmp_path, "cpr-nummer"))
    main(["check", "--content", "content"])
    assert "010203" not in capsys.readouterr().err
