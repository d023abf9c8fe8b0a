"""The editors' commands (new, schemas, review), the JSON Schemas and the VS Code settings."""

from __future__ import annotations

import copy
import json
import re
import shutil
from datetime import date
from pathlib import Path
from typing import Any, get_args, get_type_hints

import handbooks
import pytest
import yaml
from pydantic import BaseModel

from build_tools.cli import main
from build_tools.cmd_editor import NEW_TYPES, one_year_later, slugify
from build_tools.loader import load, split_front_matter
from build_tools.messages import validate
from build_tools.model import Indsats, Vejviser
from build_tools.registry import TYPES, example_texts
from build_tools.schemas import EDITOR_SETTINGS, schema_for
from build_tools.yaml_safety import parse_yaml

REPO = Path(__file__).parent.parent
FIXTURES = Path(__file__).parent / "fixtures"
VALID = FIXTURES / "handbook" / "content"
BROKEN = FIXTURES / "broken"

SCHEMA_CASES = {"ukendt-felt", "manglende-felt", "forkert-type"}
"""Broken cases whose mistake a schema of one file can see."""
NOT_SCHEMA_CASES = {
    "alias-bombe": "YAML safety: anchors and aliases",
    "cpr-nummer": "personal data in the text",
    "dubletter": "duplicate keys, duplicate ids across files, id different from the file name",
    "ikke-utf8": "file encoding",
    "side-findes": "two files that make the same page",
    "doed-lenke": "links between pages",
    "fejl-i-henvist-fil": "a file with a mistake that another file refers to",
    "struktur": "folders and suffixes; naeste_revision after sidst_revideret (two fields)",
    "tabulator": "tabs in the indentation",
    "tom-fil": "an empty file",
    "ukendt-reference": "references to other files",
    "yaml-maerke": "YAML tags",
    "yaml-syntaks": "YAML syntax",
    "cpr-skjult": "personal data behind invisible characters and Markdown",
    "cpr-mappenavn": "personal data in a folder name",
    "kontroltegn": "control characters in the text",
    "dyb-nesting": "lists nested deeper than the limit",
    "lenke-til-fil": "links and images in Markdown text",
    "nybegynder": "what Word pastes (hard spaces, curly quotes), impossible dates, missing "
                  "colons, quotes inside quotes, near-miss ids: one file each, all reported",
    "citat-forkert": "a quote compared with its source's text",
    "ukendt-kilde": "a source id that is not in the register of sources",
    "serviceloven": "a repealed provision named in the text",
    "ukendt-paragraf": "a provision the register of provisions does not have",
    "juridisk-gennemgang": "an item citing a provision without the legal-review flag",
}
"""Broken cases outside what a schema can express, and why (see schemas.py)."""


# --- helpers -------------------------------------------------------------------------------------


def as_json(value: Any) -> Any:
    """YAML data as the editor's YAML language server sees it: dates are text."""
    if isinstance(value, dict):
        return {key: as_json(item) for key, item in value.items()}
    if isinstance(value, list):
        return [as_json(item) for item in value]
    if isinstance(value, date):
        return value.isoformat()
    return value


def read_data(path: Path) -> dict[str, Any]:
    """The fields of a content file (for a page: its front matter)."""
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".md":
        text = split_front_matter(text, path.name)[0]
    data, _, problems = parse_yaml(text, path.name)
    assert not problems
    return data


def schema_fields(kind: str, data: Any) -> set[str]:
    """The fields the schema complains about, named as the loader names them."""
    jsonschema = pytest.importorskip("jsonschema")  # in the test extras
    validator = jsonschema.Draft7Validator(
        schema_for(kind), format_checker=jsonschema.Draft7Validator.FORMAT_CHECKER
    )
    fields = set()
    for error in validator.iter_errors(as_json(data)):
        parent = list(error.absolute_path)
        if error.validator == "additionalProperties":
            names = [k for k in error.instance if k not in error.schema.get("properties", {})]
        elif error.validator == "required":
            names = [k for k in error.validator_value if k not in error.instance]
        else:
            names = [None]
        for name in names:
            fields.add(dotted(parent + ([name] if name else [])))
    return fields


def dotted(loc: list[Any]) -> str:
    name = ""
    for part in loc:
        name += f"[{part + 1}]" if isinstance(part, int) else (f".{part}" if name else part)
    return name


def loader_fields(kind: str, data: Any) -> set[str]:
    parsed, problems = validate(TYPES[kind].model, data, {}, "x")
    return {p.field for p in problems}


def models_in(model: type[BaseModel]) -> list[type[BaseModel]]:
    """A model and every model nested in its fields."""
    found = [model]
    for hint in get_type_hints(model).values():
        for arg in [hint, *get_args(hint), *(a for h in get_args(hint) for a in get_args(h))]:
            if isinstance(arg, type) and issubclass(arg, BaseModel) and arg not in found:
                found += [m for m in models_in(arg) if m not in found]
    return found


# --- handbook new --------------------------------------------------------------------------------


@pytest.mark.parametrize(("title", "slug"), [
    ("Tidlig Tværprofessionel Indsats (TTI)", "tidlig-tvaerprofessionel-indsats-tti"),
    ("Åben rådgivning for søskende", "aaben-raadgivning-for-soeskende"),
    ("Barnets Lov § 30 – hjælp", "barnets-lov-30-hjaelp"),
    ("  Café-møder  ", "cafe-moeder"),
])
def test_slugify(title: str, slug: str) -> None:
    assert slugify(title) == slug


def test_one_year_later_handles_leap_days() -> None:
    assert one_year_later(date(2026, 11, 23)) == date(2027, 11, 23)
    assert one_year_later(date(2028, 2, 29)) == date(2029, 2, 28)


def test_new_makes_a_valid_item_of_every_type(handbook_copy: Path, monkeypatch, capsys) -> None:
    monkeypatch.chdir(handbook_copy)
    for kind in NEW_TYPES:
        assert main(["new", kind, "Ny tekst om søskende"]) == 0
        suffix = ".md" if kind == "sider" else ".yml"
        created = f"content/{kind}/ny-tekst-om-soeskende{suffix}"
        assert capsys.readouterr().out.splitlines()[0] == created
    # Valid as it stands; the check then asks for every example text to be replaced.
    assert load(handbook_copy / "content").problems == []
    assert main(["check"]) == 1
    errors = capsys.readouterr().err.splitlines()[:-1]
    assert {line.split(":")[0] for line in errors} == {
        f"content/{kind}/ny-tekst-om-soeskende{'.md' if kind == 'sider' else '.yml'}"
        for kind in NEW_TYPES}
    assert all("eksempelteksten fra 'handbook new' er ikke skiftet ud" in line
               for line in errors)


@pytest.mark.parametrize("kind", NEW_TYPES)
def test_new_writes_every_field_with_a_comment(kind: str, handbook_copy: Path) -> None:
    content = handbook_copy / "content"
    assert main(["new", kind, "Ny tekst", "--content", str(content), "--idag", "2026-11-23"]) == 0
    path = content / kind / ("ny-tekst.md" if kind == "sider" else "ny-tekst.yml")
    text = path.read_text(encoding="utf-8")
    lines = text.splitlines()
    if kind == "sider":
        assert lines[0] == "---"
    else:
        assert lines[0] == f"# yaml-language-server: $schema=../../schemas/{kind}.schema.json"
    for model in models_in(TYPES[kind].model):
        for name in model.model_fields:
            if model.__name__ == "Side" and name == "tekst":
                continue
            # an optional field inside an optional group is commented twice
            key = re.compile(rf"^\s*(# )?\s*(# )?\s*(- )?{name}:", re.MULTILINE)
            assert key.search(text), f"{model.__name__}.{name} mangler i {path.name}"
    for index, line in enumerate(lines[1:], start=1):
        if re.match(r"\s*(- )?[a-z_]+:", line):  # an active field: its help stands above it
            assert lines[index - 1].lstrip().startswith("#"), line
    data = read_data(path)
    assert data["status"] == "udkast"
    assert data["sidst_revideret"] == date(2026, 11, 23)
    assert data["naeste_revision"] == date(2027, 11, 23)
    assert data["resume"].startswith("Skriv")
    assert all(len(line) <= 100 for line in lines)


@pytest.mark.parametrize("kind", NEW_TYPES)
def test_every_placeholder_new_writes_is_refused_by_the_check(kind: str,
                                                               handbook_copy: Path) -> None:
    """Every "Skriv …" value of a new file, in optional (commented) fields too, is an example
    text the check refuses (check_placeholders): declared on the field or derived from its
    name ("Skriv beslutning" was not, until the derived ones joined the list)."""
    content = handbook_copy / "content"
    assert main(["new", kind, "Ny tekst", "--content", str(content)]) == 0
    path = content / kind / ("ny-tekst.md" if kind == "sider" else "ny-tekst.yml")
    text = path.read_text(encoding="utf-8")
    written = set(re.findall(r'(?:: |- )"(Skriv[^"]*)"', text))
    written |= {line.strip() for line in text.splitlines() if line.strip().startswith("Skriv")}
    assert written and written <= example_texts()


def test_new_vejviser_has_one_complete_level(handbook_copy: Path) -> None:
    content = handbook_copy / "content"
    main(["new", "vejvisere", "Bekymring for søskende", "--content", str(content)])
    data = read_data(content / "vejvisere" / "bekymring-for-soeskende.yml")
    model = Vejviser.model_validate(data)
    assert len(model.niveauer) == 1
    assert model.niveauer[0].indsatser == []
    assert not schema_fields("vejvisere", data)


def test_new_refuses_to_overwrite(handbook_copy: Path, capsys) -> None:
    content = handbook_copy / "content"
    before = (content / "indsatser" / "tvaersteam.yml").read_text(encoding="utf-8")
    assert main(["new", "indsatser", "Tværsteam", "--content", str(content)]) == 1
    err = capsys.readouterr().err
    assert "Findes allerede" in err and "tvaersteam.yml" in err and "Intet er ændret" in err
    assert (content / "indsatser" / "tvaersteam.yml").read_text(encoding="utf-8") == before


def test_new_refuses_an_id_used_with_the_other_suffix(handbook_copy: Path, capsys) -> None:
    content = handbook_copy / "content"
    shutil.move(content / "indsatser" / "tvaersteam.yml", content / "indsatser" / "tvaersteam.yaml")
    assert main(["new", "indsatser", "Tværsteam", "--content", str(content)]) == 1
    assert "tvaersteam.yaml" in capsys.readouterr().err


def test_new_page_in_a_subfolder(handbook_copy: Path, monkeypatch, capsys) -> None:
    monkeypatch.chdir(handbook_copy)
    assert main(["new", "sider", "Samtykke", "--mappe", "jura"]) == 0
    assert capsys.readouterr().out.startswith("content/sider/jura/samtykke.md\n")
    loaded = load(handbook_copy / "content")
    assert loaded.problems == []
    assert "jura/samtykke" in loaded.items["sider"]


def test_new_rejects_a_title_without_letters(handbook_copy: Path, capsys) -> None:
    assert main(["new", "indsatser", "§§", "--content", str(handbook_copy / "content")]) == 1
    assert "ikke et gyldigt id" in capsys.readouterr().err


def test_every_field_has_danish_help() -> None:
    missing = sorted({
        f"{model.__name__}.{name}"
        for kind in TYPES
        for model in models_in(TYPES[kind].model)
        for name, info in model.model_fields.items()
        if not (info.description or "").strip()
    })
    assert not missing, f"add Field(description=…) in Danish in model.py for {missing}"


def test_the_help_is_the_fields_description(handbook_copy: Path) -> None:
    """Schema, `handbook new` and the model say the same about a field."""
    info = Indsats.model_fields["kontakt"]
    schema = schema_for("indsatser")["properties"]["kontakt"]
    assert schema["description"] == info.description
    assert "examples" not in schema  # placeholders are for `handbook new`, not completions
    content = handbook_copy / "content"
    assert main(["new", "indsatser", "Ny", "--content", str(content)]) == 0
    text = (content / "indsatser" / "ny.yml").read_text(encoding="utf-8")
    comment = " ".join(line.strip("# ") for line in text.split("\nkontakt:")[0]
                       .splitlines()[-3:] if line.startswith("#"))
    assert info.description is not None and info.description in comment
    assert f"kontakt: {json.dumps(info.examples[0], ensure_ascii=False)}" in text


# --- handbook schemas ----------------------------------------------------------------------------


def test_committed_schemas_are_current(capsys) -> None:
    code = main(["--config", str(REPO / "mkdocs.yml"), "schemas", "--check"])
    assert code == 0, capsys.readouterr().err


def test_schemas_check_fails_when_out_of_date(tmp_path: Path, capsys) -> None:
    folder = tmp_path / "schemas"
    assert main(["schemas", "--check", "--mappe", str(folder)]) == 1
    assert "Afbrudt: skemaerne er forældede" in capsys.readouterr().err
    assert main(["schemas", "--mappe", str(folder)]) == 0
    assert main(["schemas", "--check", "--mappe", str(folder)]) == 0
    path = folder / "indsatser.schema.json"
    path.write_text(path.read_text(encoding="utf-8").replace("udkast", "kladde"), "utf-8")
    (folder / "gammel.schema.json").write_text("{}", encoding="utf-8")
    capsys.readouterr()
    assert main(["schemas", "--check", "--mappe", str(folder)]) == 1
    err = capsys.readouterr().err
    assert "indsatser.schema.json: passer ikke til model.py" in err
    assert "gammel.schema.json: svarer ikke til nogen indholdstype" in err


def test_schemas_forbid_unknown_fields_and_check_dates() -> None:
    schema = schema_for("indsatser")
    assert schema["additionalProperties"] is False
    assert schema["$defs"]["Alder"]["additionalProperties"] is False
    assert schema["properties"]["sidst_revideret"]["format"] == "date"
    assert "tekst" not in schema_for("sider")["properties"]
    pytest.importorskip("jsonschema").Draft7Validator.check_schema(schema)


@pytest.mark.parametrize("path", sorted(p for p in VALID.rglob("*") if p.is_file()),
                         ids=lambda p: p.relative_to(VALID).as_posix())
def test_the_valid_fixture_passes_the_schemas(path: Path) -> None:
    kind = path.relative_to(VALID).parts[0]
    assert schema_fields(kind, read_data(path)) == set()


def test_every_broken_case_is_sorted() -> None:
    cases = {p.name for p in BROKEN.iterdir() if p.is_dir()}
    assert cases == SCHEMA_CASES | set(NOT_SCHEMA_CASES)


@pytest.mark.parametrize("case", sorted(SCHEMA_CASES))
def test_the_schemas_reject_what_the_loader_rejects(case: str, tmp_path: Path) -> None:
    loaded = load(handbooks.broken(tmp_path, case) / "content")
    assert loaded.problems
    content = BROKEN / case / "content"  # the case's own files, not the valid base's
    for path in sorted(content.rglob("*.yml")):
        kind = path.relative_to(content).parts[0]
        if kind == "kilder":  # the valid register of sources every case needs
            continue
        data = read_data(path)
        expected = loader_fields(kind, data)
        assert expected, path
        assert expected <= schema_fields(kind, data), path


VALID_INDSATS = read_data(VALID / "indsatser" / "tvaersteam.yml")
VALID_VEJVISER = read_data(VALID / "vejvisere" / "bekymring-0-6.yml")


def changed(data: dict[str, Any], path: str, value: Any) -> dict[str, Any]:
    """A deep copy with the field at `path` (a.b.0.c) set, or removed when value is ...."""
    result = copy.deepcopy(data)
    *parents, last = [int(p) if p.isdigit() else p for p in path.split(".")]
    target: Any = result
    for part in parents:
        target = target[part]
    if value is ...:
        del target[last]
    else:
        target[last] = value
    return result


@pytest.mark.parametrize(("path", "value"), [
    ("status", "i høring"), ("status", "færdig"), ("status", None),
    ("samtykke.kraeves", "Ja"), ("samtykke.kraeves", " nej "), ("samtykke.kraeves", False),
    ("samtykke.kraeves", "måske"), ("juridisk_gennemgang", "ja"),
    ("alder.fra", "tre"), ("alder.fra", 30), ("alder.fra", -1), ("alder.x", 1),
    ("omraader", "skole"), ("omraader", []), ("omraader", ["skole", "ppr"]),
    ("omraader", ["bibliotek"]), ("id", "Tværsteam"), ("id", "tvaers--team"),
    ("titel", "   "), ("resume", ""), ("sidst_revideret", "i går"),
    ("sidst_revideret", "2026-13-01"), ("kilder", []), ("kilder", ["Ikke et id"]),
    ("kilder", "testkilde"), ("trin", 5), ("trin", 1.5), ("henvisning.adgang", "lukket"),
    ("version", None), ("version", "2"), ("noegleord", ["tvaerfaglig"]), ("noegleord", "x"),
    ("ejer", ...), ("samtykke.forklaring", ...), ("maalgrupe", "Børn"),
    ("begreber", ["Ikke et id"]), ("formaal", "Et *formål*"), ("raekkefoelge", "først"),
])
def test_schema_and_loader_name_the_same_wrong_fields_of_an_indsats(path: str, value: Any) -> None:
    data = changed(VALID_INDSATS, path, value)
    assert loader_fields("indsatser", data) == schema_fields("indsatser", data)


@pytest.mark.parametrize(("path", "value"), [
    ("niveauer.0.underretning", "ja"), ("niveauer.0.underretning", "jo"),
    ("niveauer.0.farve", "blaa"), ("niveauer.0.tegn", []), ("niveauer", []),
    ("niveauer.1.indsatser", ["tti"]), ("afsnit", [{"titel": "Samtale", "tekst": "Tal."}]),
    ("afsnit", [{"titel": "Samtale"}]), ("indledning", None),
])
def test_schema_and_loader_name_the_same_wrong_fields_of_a_vejviser(path: str, value: Any) -> None:
    data = changed(VALID_VEJVISER, path, value)
    assert loader_fields("vejvisere", data) == schema_fields("vejvisere", data)


def test_files_the_loader_accepts_pass_the_schemas() -> None:
    """The real content: the schema must never underline what builds (checked file by file, so
    a file someone is halfway through editing does not fail this test)."""
    loaded = load(REPO / "content")
    for items in loaded.items.values():
        for item in items.values():
            path = item.source.path
            assert schema_fields(item.kind, read_data(path)) == set(), path


def test_vscode_settings_are_written_and_checked_by_handbook_schemas(
        handbook_copy: Path, capsys, monkeypatch) -> None:
    config = ["--config", str(handbook_copy / "mkdocs.yml")]
    settings = handbook_copy / ".vscode" / "settings.json"
    assert main([*config, "schemas", "--check"]) == 1
    assert ".vscode/settings.json: yaml.schemas passer ikke til indholdstyperne" in (
        capsys.readouterr().err)
    assert main([*config, "schemas"]) == 0
    assert "Skrev" in capsys.readouterr().out and settings.is_file()
    written = json.loads(settings.read_text(encoding="utf-8"))
    assert written["yaml.schemas"]["./schemas/indsatser.schema.json"] == [
        "content/indsatser/*.yml", "content/indsatser/*.yaml"]
    assert written["editor.rulers"] == EDITOR_SETTINGS["editor.rulers"]
    assert main([*config, "schemas", "--check"]) == 0
    # A setting of the team's own stays; a mapping edited by hand is found and rewritten.
    written["editor.wordWrap"] = "on"
    written["yaml.schemas"].pop("./schemas/love.schema.json")
    settings.write_text(json.dumps(written), encoding="utf-8")
    capsys.readouterr()
    assert main([*config, "schemas", "--check"]) == 1
    assert "yaml.schemas passer ikke" in capsys.readouterr().err
    assert main([*config, "schemas"]) == 0
    again = json.loads(settings.read_text(encoding="utf-8"))
    assert again["editor.wordWrap"] == "on" and "./schemas/love.schema.json" in again[
        "yaml.schemas"]
    settings.write_text('{\n  "yaml.validate": true,\n  // kommentar\n}\n', encoding="utf-8")
    capsys.readouterr()
    monkeypatch.chdir(handbook_copy)
    assert main(["schemas"]) == 1
    assert capsys.readouterr().err == (".vscode/settings.json:3: kan ikke læses som JSON (uden "
                                       "kommentarer); ret filen, og prøv igen\n")


def test_vscode_maps_every_yaml_type_to_its_schema() -> None:
    settings = json.loads((REPO / ".vscode" / "settings.json").read_text(encoding="utf-8"))
    mapping = settings["yaml.schemas"]
    for kind in TYPES:
        if kind == "sider":  # front matter in Markdown: the YAML extension does not see it
            continue
        schema = f"./schemas/{kind}.schema.json"
        assert f"content/{kind}/*.yml" in mapping[schema]
    for schema in mapping:
        assert (REPO / schema).is_file(), schema


# --- handbook review -----------------------------------------------------------------------------


def set_field(path: Path, field: str, value: str) -> None:
    text = path.read_text(encoding="utf-8")
    text = re.sub(rf"^{field}: .*$", f"{field}: {value}", text, count=1, flags=re.MULTILINE)
    path.write_text(text, encoding="utf-8")


@pytest.fixture
def review_copy(handbook_copy: Path, monkeypatch) -> Path:
    """The fixture handbook with every review due 2027-11-01 and one owner, then one overdue
    text owned by PPR and one withdrawn text."""
    content = handbook_copy / "content"
    for path in content.rglob("*"):
        if path.suffix in (".yml", ".md"):
            set_field(path, "naeste_revision", "2027-11-01")
            set_field(path, "ejer", "Center for Familie og Rådgivning")
    set_field(content / "indsatser" / "tvaersteam.yml", "naeste_revision", "2027-09-30")
    set_field(content / "indsatser" / "tvaersteam.yml", "ejer", "PPR")
    set_field(content / "organisering" / "styregruppe.yml", "status", "tilbagetrukket")
    monkeypatch.chdir(handbook_copy)
    return handbook_copy


def test_review_lists_due_texts_by_owner(review_copy: Path, capsys) -> None:
    assert main(["review", "--idag", "2027-10-15"]) == 0
    out = capsys.readouterr().out
    assert out.startswith(
        "Tekster, der skal revideres senest 2027-11-14 (i dag er 2027-10-15):\n"
        "\nCenter for Familie og Rådgivning\n"
    )
    assert "  content/ordliste/ordliste.yml: Ordliste – 2027-11-01 (om 17 dage)\n" in out
    assert "  content/sider/jura/underretning.md: " in out
    files = sum(1 for p in (review_copy / "content").rglob("*") if p.is_file())
    assert out.endswith(
        "\nPPR\n"
        "  content/indsatser/tvaersteam.yml: Tværsteam – 2027-09-30 (OVERSKREDET med 15 dage)\n"
        f"\nI alt {files - 1} til revision, heraf 1 overskredet.\n"
    )
    assert "styregruppe" not in out  # withdrawn texts need no review


def test_review_strict_fails_only_when_overdue(review_copy: Path, capsys) -> None:
    assert main(["review", "--idag", "2027-10-15", "--strict"]) == 1
    assert main(["review", "--idag", "2027-09-01", "--strict"]) == 0
    assert capsys.readouterr().out.endswith(
        "Tværsteam – 2027-09-30 (om 29 dage)\n\nI alt 1 til revision, heraf 0 overskredet.\n"
    )


def test_review_with_nothing_due(review_copy: Path, capsys) -> None:
    assert main(["review", "--idag", "2026-11-23", "--dage", "10", "--strict"]) == 0
    out = capsys.readouterr().out
    assert out == "Ingen tekster skal revideres inden for 10 dage (til og med 2026-12-03).\n"


def test_review_mentions_files_it_could_not_read(review_copy: Path, capsys) -> None:
    (review_copy / "content" / "indsatser" / "tom.yml").write_text("", encoding="utf-8")
    assert main(["review", "--idag", "2026-11-23"]) == 0
    assert "1 fil(er) har fejl" in capsys.readouterr().err


def test_review_rejects_a_bad_date(capsys) -> None:
    with pytest.raises(SystemExit):
        main(["review", "--idag", "i morgen"])
    assert "forventede en dato som ÅÅÅÅ-MM-DD" in capsys.readouterr().err


def test_indsats_placeholders_are_valid_models(handbook_copy: Path) -> None:
    content = handbook_copy / "content"
    main(["new", "indsatser", "Ny indsats", "--content", str(content)])
    data = yaml.safe_load((content / "indsatser" / "ny-indsats.yml").read_text(encoding="utf-8"))
    model = Indsats.model_validate(data)
    assert model.begreber == [] and model.se_ogsaa == []
    assert model.kontakt.startswith("Skriv")


def test_new_begreb_adds_a_glossary_term(handbook_copy: Path, capsys) -> None:
    from build_tools.build import generate

    content = handbook_copy / "content"
    assert main(["--content", str(content), "new", "begreb", "Bekymringssamtale"]) == 0
    assert "er tilføjet til ordlisten" in capsys.readouterr().out
    assert main(["--content", str(content), "check"]) == 1
    err = capsys.readouterr().err
    assert "forklaring: eksempelteksten fra 'handbook new' er ikke skiftet ud" in err
    path = content / "ordliste" / "ordliste.yml"
    path.write_text(path.read_text(encoding="utf-8").replace(
        "Skriv, hvad begrebet betyder, i én til tre sætninger.",
        "En samtale med forældrene om det, du har set."), encoding="utf-8")
    assert main(["--content", str(content), "check"]) == 0
    glossary = generate(content).site.pages["ordliste.md"].markdown
    assert '<dt id="bekymringssamtale">Bekymringssamtale</dt>' in glossary
    assert main(["--content", str(content), "new", "begreb", "Bekymringssamtale"]) == 1


def test_new_suggests_a_type_it_knows(handbook_copy: Path, capsys) -> None:
    assert main(["--content", str(handbook_copy / "content"), "new", "indsast", "X"]) == 2
    assert "mente du 'indsats'?" in capsys.readouterr().err
    assert main(["--content", str(handbook_copy / "content"), "new", "indsats", "Ny hjælp"]) == 0
    assert (handbook_copy / "content" / "indsatser" / "ny-hjaelp.yml").is_file()
