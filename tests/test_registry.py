"""A content type is declared once, in the registry, and every part of the build follows it."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from pydantic import Field

from build_tools import cms, fields, registry
from build_tools.build import build_site
from build_tools.cli import main
from build_tools.model import Indhold, Markdown, Slug, Tekst
from build_tools.registry import ContentType, Reference
from build_tools.render import TemplateMissing
from build_tools.schemas import schema_texts

EXTRA = Path(__file__).parent / "fixtures" / "extra_type"


class Ressource(Indhold):
    """A material staff can use (a type that exists only in this test)."""

    tekst: Markdown = Field(description="Hvordan materialet bruges (Markdown).",
                            examples=["Skriv, hvordan materialet bruges."])
    indsatser: list[Slug] = Field([], description="Id'er på indsatser, materialet hører til.")
    varighed: Tekst | None = Field(None, description="Hvor lang tid materialet tager at bruge.",
                                   examples=["Skriv, hvor lang tid det tager"])


def declare(template: str = "ressourcer.md.j2") -> ContentType:
    return registry.register(ContentType(
        "ressourcer", Ressource, "Materialer", "Et materiale", "materialet",
        url_folder="ressourcer", nav_position=55, template=template,
        print_template="item_ressource.html.j2", template_dir=EXTRA / "templates",
        references=(Reference(("indsatser", "*"), "indsatser"),),
        aliases=("ressource", "materiale"),
    ))


@pytest.fixture
def extra_type() -> Iterator[ContentType]:
    yield declare()
    registry.unregister("ressourcer")


@pytest.fixture
def with_ressource(handbook_copy: Path) -> Path:
    folder = handbook_copy / "content" / "ressourcer"
    folder.mkdir()
    shutil.copy(EXTRA / "ressource.yml", folder / "samtalekort.yml")
    return handbook_copy


def test_a_registered_type_gets_pages_navigation_and_back_links(
        extra_type: ContentType, with_ressource: Path) -> None:
    site = build_site(with_ressource / "mkdocs.yml")
    html = (site / "ressourcer" / "samtalekort.html").read_text(encoding="utf-8")
    assert "Samtalekort til børnesamtaler" in html and "Brug kortene i en rolig stund." in html
    assert "Varighed: En halv time" in html
    assert 'href="../indsatser/tvaersteam.html"' in html
    index = (site / "index.html").read_text(encoding="utf-8")
    assert "Materialer" in index  # its section is in the navigation
    assert (site / "ressourcer" / "index.html").is_file()  # with an overview page


def test_a_registered_type_is_printed_in_the_handbook(
        extra_type: ContentType, with_ressource: Path) -> None:
    from datetime import date

    from build_tools.build import generate
    from build_tools.pdf import PrintDocument, chapter_order, handbook_html

    assert chapter_order().index("indsatser") < chapter_order().index("ressourcer")
    doc = PrintDocument(generate(with_ressource / "content").handbook, date(2026, 11, 23))
    html = handbook_html(doc)
    assert '<h2 class="item__title">Samtalekort til børnesamtaler</h2>' in html
    assert "Brug kortene i en rolig stund." in html
    assert "Varighed: En halv time" in html
    assert "Materialer" in html  # its chapter, in the contents too


def test_a_registered_type_has_its_references_checked(
        extra_type: ContentType, with_ressource: Path, capsys) -> None:
    path = with_ressource / "content" / "ressourcer" / "samtalekort.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("[tvaersteam]", "[tvaerstem]"),
                    encoding="utf-8")
    assert main(["--content", str(with_ressource / "content"), "check"]) == 1
    err = capsys.readouterr().err
    assert ("content/ressourcer/samtalekort.yml:13: indsatser[1]: henviser til indsatsen "
            "'tvaerstem', som ikke findes (mente du 'tvaersteam'?)") in err


def test_a_registered_type_has_a_schema_and_handbook_new(
        extra_type: ContentType, handbook_copy: Path, capsys) -> None:
    schema = json.loads(schema_texts()["ressourcer.schema.json"])
    assert schema["title"] == "Et materiale" and "indsatser" in schema["properties"]
    content = handbook_copy / "content"
    assert main(["--content", str(content), "new", "materiale", "Samtalekort"]) == 0
    created = content / "ressourcer" / "samtalekort.yml"
    text = created.read_text(encoding="utf-8")
    assert "Skriv, hvordan materialet bruges." in text
    capsys.readouterr()
    assert main(["--content", str(content), "check"]) == 1  # until the examples are replaced
    assert "eksempelteksten fra 'handbook new'" in capsys.readouterr().err


def test_a_type_without_its_print_template_fails_loudly() -> None:
    from build_tools.pdf import make_print_environment

    registry.register(ContentType(
        "ressourcer", Ressource, "Materialer", "Et materiale", "materialet",
        url_folder="ressourcer", template="ressourcer.md.j2",
        print_template="findes-ikke.html.j2", template_dir=EXTRA / "templates"))
    try:
        with pytest.raises(TemplateMissing, match="'ressourcer'.*print.*findes-ikke.html.j2"):
            make_print_environment()
    finally:
        registry.unregister("ressourcer")


def test_a_type_without_its_template_fails_loudly(with_ressource: Path) -> None:
    declare(template="findes-ikke.md.j2")
    try:
        with pytest.raises(TemplateMissing, match="'ressourcer'.*findes-ikke.md.j2"):
            build_site(with_ressource / "mkdocs.yml")
    finally:
        registry.unregister("ressourcer")
    assert not (with_ressource / "site").exists()


def test_a_field_is_described_once(extra_type: ContentType, handbook_copy: Path) -> None:
    """`Ressource.varighed` is one line in the model (with its help and example) and one in
    each template: the schema, `handbook new`, the forms and the template check follow."""
    info = Ressource.model_fields["varighed"]
    schema = json.loads(schema_texts()["ressourcer.schema.json"])
    assert schema["properties"]["varighed"]["description"] == info.description
    content = handbook_copy / "content"
    assert main(["--content", str(content), "new", "materiale", "Samtalekort"]) == 0
    text = (content / "ressourcer" / "samtalekort.yml").read_text(encoding="utf-8")
    assert ("# Hvor lang tid materialet tager at bruge. Valgfrit: fjern # foran linjerne for at "
            "bruge feltet.\n# varighed: \"Skriv, hvor lang tid det tager\"\n") in text
    assert "Skriv, hvor lang tid det tager" in registry.example_texts()
    found, _ = cms.collections("content", content)
    form = next(c for c in found if c["name"] == "ressourcer")
    spec = next(f for f in form["fields"] if f["name"] == "varighed")
    assert spec == {"label": "Varighed", "name": "varighed", "hint": info.description,
                    "required": False, "widget": "string"}
    assert fields.unshown_fields([Ressource], [fields.TEMPLATES, EXTRA / "templates"]) == []
