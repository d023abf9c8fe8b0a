from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from build_tools import checks, loader, registry
from build_tools.checks import find_cpr_numbers

FIXTURES = Path(__file__).parent / "fixtures"


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


def _set_status(path, status: str) -> None:
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("status: udkast", f"status: {status}", 1), encoding="utf-8")


def test_a_published_text_must_not_recommend_a_withdrawn_entry(handbook_copy, capsys) -> None:
    from build_tools.cli import main

    content = handbook_copy / "content"
    _set_status(content / "indsatser" / "tvaersteam.yml", "tilbagetrukket")
    # From a draft it is a warning: the check passes and says so.
    assert main(["--content", str(content), "check"]) == 0
    err = capsys.readouterr().err.replace(str(handbook_copy) + "/", "")
    assert ("content/vejvisere/bekymring-0-6.yml:22: niveauer[1].indsatser[1]: advarsel: "
            "henviser til indsatsen 'tvaersteam', som er trukket tilbage "
            "(content/indsatser/tvaersteam.yml); fjern henvisningen eller peg på en afløser"
            ) in err
    # From a published text it is an error naming both files.
    _set_status(content / "vejvisere" / "bekymring-0-6.yml", "godkendt")
    assert main(["--content", str(content), "check"]) == 1
    err = capsys.readouterr().err.replace(str(handbook_copy) + "/", "")
    assert ("content/vejvisere/bekymring-0-6.yml:22: niveauer[1].indsatser[1]: henviser til "
            "indsatsen 'tvaersteam', som er trukket tilbage (content/indsatser/tvaersteam.yml)"
            ) in err
    assert "Fandt 1 fejl i 1 fil. Ret fejlen, og prøv igen; intet er bygget eller ændret." in err


def test_pages_never_recommend_a_withdrawn_entry(handbook_copy) -> None:
    from build_tools.build import generate

    content = handbook_copy / "content"
    _set_status(content / "indsatser" / "tvaersteam.yml", "tilbagetrukket")
    site = generate(content).site
    flow = site.pages["vejviser/bekymring-0-6.md"].markdown
    assert "tvaersteam.md" not in flow and "Tværsteam" not in flow
    assert "Tilbagetrukket" in site.pages["indsatser/tvaersteam.md"].markdown  # kept, bannered


def test_a_step_of_a_withdrawn_flow_counts_as_the_flow(handbook_copy, capsys) -> None:
    """A reference to a vejviser level ("flow#level") points into the flow that holds it."""
    from build_tools.cli import main

    content = handbook_copy / "content"
    _set_status(content / "vejvisere" / "bekymring-0-6.yml", "tilbagetrukket")
    assert main(["--content", str(content), "check"]) == 0
    err = capsys.readouterr().err.replace(str(handbook_copy) + "/", "")
    assert ("content/proevehandlinger/faelles-sprogbrug.yml:29: vejviser_trin[1]: advarsel: "
            "henviser til vejviseren 'bekymring-0-6', som er trukket tilbage "
            "(content/vejvisere/bekymring-0-6.yml)") in err


@pytest.mark.parametrize("where", ["sider/handbog", "content/kopi", "vejvisere/x/sider"])
def test_a_checkout_under_a_folder_named_like_a_type_has_the_same_pages(
    tmp_path: Path, where: str
) -> None:
    """A page's address comes from its path below the content folder, not from the absolute
    path: a checkout under /home/x/sider/… (or a content folder inside another 'content')
    reports no false broken links and makes the same pages."""
    fixture = FIXTURES / "handbook" / "content"
    plain = loader.load(fixture)
    copy = tmp_path / where / "content"
    shutil.copytree(fixture, copy)
    nested = loader.load(copy)
    assert checks.check(nested) == checks.check(plain) == []
    pages = {registry.page_path(item) for items in nested.items.values()
             for item in items.values()}
    assert pages == {registry.page_path(item) for items in plain.items.values()
                     for item in items.values()}
    assert "jura/underretning.md" in pages
