"""A field is described once, on the model, and every field is shown by a template or declared
hidden (build_tools/fields.py)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

from pydantic import Field

from build_tools import fields
from build_tools.model import Hidden, Indhold, Markdown, Model, Tekst
from build_tools.registry import TYPES

EXTRA_TEMPLATES = Path(__file__).parent / "fixtures" / "extra_type" / "templates"


def test_every_field_is_shown_by_a_template_or_declared_hidden() -> None:
    problems = fields.unshown_fields([t.model for t in TYPES.values()], [fields.TEMPLATES])
    assert problems == [], "\n".join(problems)


class Noter(Model):
    tekst: Tekst = Field(description="Noten.")
    intern: Tekst = Field(description="Kun til redaktionen.")


class Ressource(Indhold):
    """A fixture type: `foo`, `noter` and `noter.intern` are shown by no template, and `tekst`
    is shown but declared hidden."""

    tekst: Annotated[Markdown, Hidden("a wrong declaration")] = Field(description="Teksten.")
    foo: Tekst | None = Field(None, description="Et felt, ingen skabelon viser.")
    noter: list[Noter] = Field([], description="Noter.")


def test_an_unshown_field_is_named() -> None:
    problems = fields.unshown_fields([Ressource], [fields.TEMPLATES, EXTRA_TEMPLATES])
    assert problems == [
        "test_fields.Ressource.tekst: erklæret skjult (a wrong declaration), men skabelonen "
        "_macros.md.j2 viser den",
        "test_fields.Ressource.foo: vises ikke af nogen skabelon og er ikke erklæret skjult",
        "test_fields.Ressource.noter: vises ikke af nogen skabelon og er ikke erklæret skjult",
        "test_fields.Noter.intern: vises ikke af nogen skabelon og er ikke erklæret skjult",
    ]


def test_an_inherited_field_is_named_once_by_the_model_that_declares_it() -> None:
    class Uden(Indhold):
        """Not a single template: every field of Indhold not marked hidden is named, once."""

    problems = fields.unshown_fields([Uden, Ressource], [EXTRA_TEMPLATES])
    assert "model.Indhold.ejer: vises ikke af nogen skabelon og er ikke erklæret skjult" in problems
    assert sum(line.startswith("model.Indhold.ejer:") for line in problems) == 1
    assert not any(line.startswith("model.Indhold.raekkefoelge:") for line in problems)


def test_what_counts_as_showing_a_field(tmp_path: Path) -> None:
    (tmp_path / "a.md.j2").write_text(
        '{{ m.titel }} {{ m["resume"] }} {% for x in xs | sort(attribute="ejer") %}{% endfor %}'
        '{{ xs | selectattr("status", "eq", "udkast") | list }}'
        '{% macro k(v) %}{{ v.kilder }}{% endmacro %}', encoding="utf-8")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.html.j2").write_text("{{ m.version }}", encoding="utf-8")
    (tmp_path / "c.txt").write_text("{{ m.id }}", encoding="utf-8")  # not a template
    names = fields.template_names([tmp_path])
    assert set(names) == {"titel", "resume", "ejer", "status", "kilder", "version"}
    assert names["version"] == "sub/b.html.j2"


def test_hidden_markers_leave_the_field_types_alone() -> None:
    from build_tools.model import Indhold, Kontaktregister, Slug

    hints = fields.field_hints(Indhold)
    assert fields.hidden(Indhold, "raekkefoelge")
    assert hints["raekkefoelge"] is int
    skema_kilde = fields.field_hints(Kontaktregister.model_fields["underretning"].annotation
                                     .__args__[0])["skema_kilde"]
    assert skema_kilde == Slug | None


def test_a_text_without_an_example_gets_a_placeholder_the_check_refuses() -> None:
    from datetime import date

    from build_tools import registry
    from build_tools.cmd_editor import Skeleton

    class Udvidet(Indhold):
        kontaktform: Tekst = Field(description="Hvordan man kontakter tilbuddet.")

    assert "Skriv kontaktform" not in registry.example_texts()
    registry.register(registry.ContentType("udvidet", Udvidet, "Udvidet", "En udvidet",
                                           "den udvidede", url_folder="udvidet"))
    try:
        text = Skeleton("Ny", "ny", date(2026, 11, 23)).yaml("udvidet")
        assert '\nkontaktform: "Skriv kontaktform"\n' in text
        assert "Skriv kontaktform" in registry.example_texts()
    finally:
        registry.unregister("udvidet")
