from __future__ import annotations

import pytest

from build_tools.checks import find_cpr_numbers


@pytest.mark.parametrize("text", [
    "CPR 010203-1234", "cpr: 0102031234", "født 311299 1234", "010203\u20131234",
])
def test_cpr_numbers_are_found(text: str) -> None:
    assert list(find_cpr_numbers("linje\n" + text)) == [2]


@pytest.mark.parametrize("text", [
    "Ring 47 35 10 00", "Politiet: 49 27 14 48", "600.000 kr.", "2026-11-23",
    "sagsnummer 1234567890", "tidslinje 2022-2027", "123456-12345", "320203-1234",
    "011303-1234",
])
def test_ordinary_numbers_are_not_cpr_numbers(text: str) -> None:
    assert list(find_cpr_numbers(text)) == []


@pytest.mark.parametrize("status", ["udkast", "godkendt"])
def test_examples_from_handbook_new_cannot_be_published(handbook_copy, capsys, status) -> None:
    """Drafts are published too, so an example text is an error whatever the status."""
    from build_tools.cli import main

    content = handbook_copy / "content"
    assert main(["--content", str(content), "new", "indsatser", "Ny indsats"]) == 0
    path = content / "indsatser" / "ny-indsats.yml"
    text = path.read_text(encoding="utf-8").replace("status: udkast", f"status: {status}")
    path.write_text(text, encoding="utf-8")
    capsys.readouterr()
    assert main(["--content", str(content), "check"]) == 1
    err = capsys.readouterr().err
    line = next(n for n, row in enumerate(text.splitlines(), 1) if row.startswith("resume:"))
    assert (f"content/indsatser/ny-indsats.yml:{line}: resume: eksempelteksten fra 'handbook new' "
            "er ikke skiftet ud") in err.replace(str(handbook_copy) + "/", "")
