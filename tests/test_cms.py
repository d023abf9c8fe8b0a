"""The editors' forms: the Decap configuration generated from the registry and the models."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any, get_args, get_origin

import pytest
import yaml
from pydantic import BaseModel

from build_tools import cms, registry
from build_tools.admin_page import site_output
from build_tools.cli import main
from build_tools.fields import field_help
from build_tools.model import Indhold
from build_tools.project import Project
from build_tools.registry import TYPES, ContentType

FIXTURE_CONTENT = Path(__file__).parent / "fixtures" / "handbook" / "content"


def collections() -> dict[str, dict[str, Any]]:
    found, _ = cms.collections("content", FIXTURE_CONTENT)
    return {c["name"]: c for c in found}


def form_fields(collection: dict[str, Any]) -> list[dict[str, Any]]:
    return collection["files"][0]["fields"] if "files" in collection else collection["fields"]


def model_paths(model: type[BaseModel], prefix: str = "") -> set[str]:
    """Every field of a model and its sub-models, as dotted paths (independent of cms.py)."""
    paths = set()
    for name, info in model.model_fields.items():
        paths.add(prefix + name)
        hint = info.annotation
        for candidate in (hint, *get_args(hint), *(get_args(a) for a in get_args(hint))):
            inner = [candidate] if not isinstance(candidate, tuple) else list(candidate)
            for sub in inner:
                if get_origin(sub) is list:
                    sub = get_args(sub)[0]
                if isinstance(sub, type) and issubclass(sub, BaseModel):
                    paths |= model_paths(sub, f"{prefix}{name}.")
    return paths


def form_paths(fields: list[dict[str, Any]], prefix: str = "") -> set[str]:
    paths = set()
    for spec in fields:
        paths.add(prefix + spec["name"])
        paths |= form_paths(spec.get("fields", []), f"{prefix}{spec['name']}.")
    return paths


def find(fields: list[dict[str, Any]], *path: str) -> dict[str, Any]:
    for spec in fields:
        if spec["name"] == path[0]:
            return spec if len(path) == 1 else find(spec["fields"], *path[1:])
    raise KeyError(path)


@pytest.mark.parametrize("kind", list(TYPES))
def test_every_field_of_the_model_has_a_form_field(kind: str) -> None:
    collection = collections()[kind]
    expected = model_paths(TYPES[kind].model)
    shown = form_paths(form_fields(collection))
    if TYPES[kind].markdown_files:  # the page body is Decap's "body", below the front matter
        expected = (expected - {"tekst"}) | {"body"}
    assert shown == expected


def test_a_field_the_model_gains_is_in_the_forms() -> None:
    class Udvidet(Indhold):
        kontaktform: str

    extra = registry.register(ContentType("udvidet", Udvidet, "Udvidet", "En udvidet",
                                          "den udvidede", url_folder="udvidet"))
    try:
        collection = collections()["udvidet"]
    finally:
        registry.unregister("udvidet")
    assert collection["folder"] == "content/udvidet"
    assert find(form_fields(collection), "kontaktform")["label"] == "Kontaktform"
    assert extra.kind not in TYPES


def walk(fields: list[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    for spec in fields:
        yield spec
        yield from walk(spec.get("fields", []))
        if "field" in spec:
            yield spec["field"]


def test_labels_are_danish_and_hints_are_the_schemas_help() -> None:
    for collection in collections().values():
        for spec in walk(form_fields(collection)):
            assert not any(pair in spec["label"].lower() for pair in ("ae", "oe", "aa")), spec
    indsats = form_fields(collections()["indsatser"])
    assert find(indsats, "naeste_revision")["label"] == "Næste revision"
    assert find(indsats, "omraader")["label"] == "Områder"
    assert find(indsats, "samtykke", "kraeves")["label"] == "Kræves"
    assert find(indsats, "naeste_revision")["hint"] == field_help(
        TYPES["indsatser"].model, "naeste_revision")


def test_widgets_follow_the_field_types() -> None:
    indsats = form_fields(collections()["indsatser"])
    status = find(indsats, "status")
    assert status["widget"] == "select"
    assert {"label": "I høring", "value": "i høring"} in status["options"]
    areas = find(indsats, "omraader")
    assert areas["widget"] == "select" and areas["multiple"] and areas["min"] == 1
    assert {"label": "SFO", "value": "sfo"} in areas["options"]
    assert find(indsats, "sidst_revideret")["widget"] == "datetime"
    assert find(indsats, "sidst_revideret")["format"] == "YYYY-MM-DD"
    assert find(indsats, "aendringer", "dato")["format"] == "YYYY-MM-DD"
    assert find(indsats, "formaal")["widget"] == "markdown"
    assert find(indsats, "samtykke", "kraeves")["widget"] == "janej"
    assert find(indsats, "alder", "fra")["widget"] == "number"
    assert (find(indsats, "alder", "fra")["min"], find(indsats, "alder", "fra")["max"]) == (0, 25)
    # Sources are picked from the register of sources by title, at least one.
    kilder = find(indsats, "kilder")
    assert (kilder["widget"], kilder["collection"], kilder["file"], kilder["min"]) == (
        "relation", "kilder", "kilder", 1)
    assert kilder["value_field"] == "dokumenter.*.id" and kilder["multiple"] is True
    assert find(indsats, "metode")["required"] is False
    assert find(indsats, "id")["pattern"][0] == cms.SLUG_PATTERN


def test_references_are_pickers_of_existing_items() -> None:
    flows = form_fields(collections()["vejvisere"])
    picker = find(flows, "niveauer", "indsatser")
    assert picker["widget"] == "relation" and picker["collection"] == "indsatser"
    assert picker["value_field"] == "id" and picker["display_fields"] == ["titel"]
    terms = find(form_fields(collections()["indsatser"]), "begreber")
    assert terms["widget"] == "relation" and terms["collection"] == "ordliste"
    assert terms["file"] == "ordliste" and terms["value_field"] == "begreber.*.id"
    # vejviser levels ("id#niveau") cannot be offered by Decap's picker: text with a pattern
    steps = find(form_fields(collections()["proevehandlinger"]), "vejviser_trin")
    assert steps["widget"] == "list" and steps["field"]["pattern"][0] == cms.STEP_PATTERN
    assert cms.collections("content")[1] == ["vejviser_trin"]


def test_pages_are_markdown_with_front_matter_in_nested_folders() -> None:
    pages = collections()["sider"]
    assert pages["format"] == "frontmatter" and pages["extension"] == "md"
    assert pages["nested"]["depth"] >= 2
    assert form_fields(pages)[-1]["name"] == "body"
    assert collections()["ordliste"]["files"][0]["file"] == "content/ordliste/ordliste.yml"


def test_gitlab_configuration_uses_the_editorial_workflow(capsys: pytest.CaptureFixture[str],
                                                          handbook_copy: Path) -> None:
    code = main(["--config", str(handbook_copy / "mkdocs.yml"), "rediger", "--backend",
                 "gitlab", "--repo", "frederikssund/haandbog", "--base-url",
                 "https://gitlab.example.dk", "--app-id", "abc123"])
    assert code == 0
    config = yaml.safe_load(capsys.readouterr().out)
    assert config["publish_mode"] == "editorial_workflow"
    assert config["backend"] == {"name": "gitlab", "repo": "frederikssund/haandbog",
                                 "branch": "main", "squash_merges": True,
                                 "base_url": "https://gitlab.example.dk", "app_id": "abc123",
                                 "auth_type": "pkce",
                                 "api_root": "https://gitlab.example.dk/api/v4"}
    assert config["locale"] == "da"
    assert {c["name"] for c in config["collections"]} == set(TYPES)


def test_a_repository_that_is_not_org_slash_repo_is_refused(
        capsys: pytest.CaptureFixture[str], handbook_copy: Path) -> None:
    code = main(["--config", str(handbook_copy / "mkdocs.yml"), "rediger", "--backend",
                 "github", "--repo", "haandbog"])
    assert code == 1
    assert capsys.readouterr().err.strip() == (
        "Afbrudt: --repo: forventede ORG/REPO, fik 'haandbog'")


def _with_cms(handbook_copy: Path, settings: str) -> Project:
    config = handbook_copy / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8") + settings, encoding="utf-8")
    return Project.load(config)


def test_no_admin_page_in_the_site_unless_configured(handbook_copy: Path,
                                                      tmp_path: Path) -> None:
    site = tmp_path / "site"
    site.mkdir()
    site_output(None, site, Project.load(handbook_copy / "mkdocs.yml"))  # type: ignore[arg-type]
    assert not (site / "admin").exists()


@pytest.mark.skipif(not (cms.NODE_MODULES / Path(*cms.BUNDLE)).is_file(),
                    reason="node_modules has no Decap CMS: run npm ci (./dev test does)")
def test_admin_page_in_the_site_when_configured(handbook_copy: Path, tmp_path: Path) -> None:
    project = _with_cms(handbook_copy, (
        "extra:\n  handbook:\n    cms:\n      backend: github\n      repo: kommune/haandbog\n"
        "      base_url: https://login.kommune.dk\n"))
    site = tmp_path / "site"
    site.mkdir()
    site_output(None, site, project)  # type: ignore[arg-type]
    admin = site / "admin"
    config = json.loads((admin / "config.json").read_text(encoding="utf-8"))
    assert config["backend"]["name"] == "github" and config["backend"]["repo"] == "kommune/haandbog"
    assert config["publish_mode"] == "editorial_workflow"
    page = (admin / "index.html").read_text(encoding="utf-8")
    assert '<script src="decap-cms.js"></script>' in page and "http" not in page
    assert (admin / "decap-cms.js").stat().st_size > 1_000_000
    assert list(admin.glob("*.decap-cms.js"))  # the chunks the bundle loads later


def test_label_restores_danish_letters() -> None:
    assert cms.label("hvis_intet_aendrer_sig") == "Hvis intet ændrer sig"
    assert cms.label("noegleord") == "Nøgleord"
    assert cms.label("se_ogsaa") == "Se også"
    # a field's own title in model.py comes before the key's spelling
    assert cms.label("resume") == "Resume"
    indsats = form_fields(collections()["indsatser"])
    assert find(indsats, "resume")["label"] == "Resumé"
    assert find(indsats, "resume")["hint"] == TYPES["indsatser"].model.model_fields[
        "resume"].description
