"""The build's phases: one resolve feeds every output; the docs tree is what engines build."""

from __future__ import annotations

import io
import re
import shutil
import zipfile
from pathlib import Path

import pytest
import yaml
from pypdf import PdfReader

from build_tools import build, render, resolve
from build_tools.cli import main
from build_tools.loader import load
from build_tools.project import Project

LOADED = re.compile(
    r"<(?:script|img|iframe|source|audio|video|embed)\b[^>]*\bsrc=[\"']?(https?:)?//"
    r"|<link\b[^>]*\bhref=[\"']?(https?:)?//"
)
HREF = re.compile(r"""\bhref="([^"#?]*)[^"]*\"""")


def _approve(content: Path, *relative: str) -> None:
    for name in relative:
        path = content / name
        path.write_text(path.read_text(encoding="utf-8").replace(
            "status: udkast", "status: godkendt"), encoding="utf-8")


def _squash(text: str) -> str:
    """Text with whitespace and hyphens removed: a PDF breaks lines and hyphenates words."""
    return re.sub(r"[\s\-\u00ad]+", "", text)


def _pdf_text(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data))
    outline = str(reader.outline)
    return _squash(outline + "".join(page.extract_text() or "" for page in reader.pages))


def test_hide_drafts_leaves_every_draft_out_of_every_output(handbook_copy: Path) -> None:
    content = handbook_copy / "content"
    _approve(content, "sider/index.md", "indsatser/tvaersteam.yml", "ordliste/ordliste.yml",
             "sider/om/tilgaengelighedserklaering.md")  # every page's footer names it
    drafts = [item.model for items in load(content).items.values() for item in items.values()
              if item.model.status == "udkast"]
    assert len(drafts) >= 5
    needles = [_squash(text) for m in drafts for text in (m.titel, m.resume)]
    site = handbook_copy / "site"
    config = str(handbook_copy / "mkdocs.yml")
    assert main(["--config", config, "build", "--hide-drafts"]) == 0
    reports = handbook_copy / "rapport"
    assert main(["--config", config, "rapport", "--periode", "2026H1", "--hide-drafts",
                 "--out", str(reports)]) == 0

    outputs: dict[str, str] = {}
    for path in [*site.rglob("*"), *reports.rglob("*")]:
        if path.suffix in (".html", ".json", ".js", ".xml"):
            outputs[str(path)] = _squash(path.read_text(encoding="utf-8"))
        elif path.suffix == ".pdf":
            outputs[str(path)] = _pdf_text(path.read_bytes())
        elif path.suffix == ".zip":
            with zipfile.ZipFile(path) as archive:
                for name in archive.namelist():
                    data = archive.read(name)
                    outputs[f"{path}:{name}"] = (
                        _pdf_text(data) if name.endswith(".pdf")
                        else _squash(data.decode("utf-8", "replace")))
    kinds = {Path(name.split(":")[-1]).suffix for name in outputs}
    assert {".html", ".js", ".pdf"} <= kinds  # the offline plugin puts the index in a .js
    assert any(name.endswith("handbog.pdf") for name in outputs)
    assert any(":" in name and name.endswith("handbog.pdf") for name in outputs)  # in the zip
    assert any("rapport-2026h1" in name for name in outputs)
    leaks = [(name, needle) for name, text in outputs.items() for needle in needles
             if needle in text]
    assert leaks == []
    # What was approved is there
    assert _squash("Tværsteam") in outputs[str(site / "pdf" / "handbog.pdf")]


def test_one_build_resolves_and_renders_once(handbook_copy: Path, monkeypatch) -> None:
    calls = {"resolve": 0, "render_site": 0}

    def counted(name: str, function):  # type: ignore[no-untyped-def]
        def wrapper(*args, **kwargs):  # type: ignore[no-untyped-def]
            calls[name] += 1
            return function(*args, **kwargs)
        return wrapper

    monkeypatch.setattr(resolve, "resolve", counted("resolve", resolve.resolve))
    monkeypatch.setattr(render, "render_site", counted("render_site", render.render_site))
    build._last_checked = None
    assert main(["--config", str(handbook_copy / "mkdocs.yml"), "build"]) == 0
    assert (handbook_copy / "site" / "pdf" / "handbog.pdf").is_file()
    assert (handbook_copy / "site" / "haandbog-offline.zip").is_file()
    assert calls == {"resolve": 1, "render_site": 1}


def test_the_docs_tree_rewrites_only_what_changed(handbook_copy: Path) -> None:
    project = Project.load(handbook_copy / "mkdocs.yml")
    options = resolve.Options()
    build.write(project, options)
    docs = project.docs_dir
    assert (docs / "indsatser" / "tvaersteam.md").is_file()
    assert (docs / "assets" / "stylesheets" / "handbook.css").is_file()
    config = yaml.safe_load((project.build_dir / "mkdocs.yml").read_text(encoding="utf-8"))
    assert config["docs_dir"] == "docs" and {"Forside": "index.md"} in config["nav"]
    assert "plugins" in config and "handbook" not in str(config["plugins"])

    from build_tools.docs_tree import write_docs

    again = write_docs(project, build.generate_site(project, options).site)
    assert again.written == [] and again.removed == []
    path = project.content_dir / "organisering" / "styregruppe.yml"
    path.write_text(path.read_text(encoding="utf-8").replace(
        "Styregruppen", "Den styrende gruppe", 1), encoding="utf-8")
    changed = write_docs(project, build.generate_site(project, options).site)
    assert "organisering/styregruppe.md" in changed.written
    assert "indsatser/tvaersteam.md" not in changed.written
    path.unlink()
    gone = write_docs(project, build.generate_site(project, options).site)
    assert "organisering/styregruppe.md" in gone.removed
    assert not (docs / "organisering" / "styregruppe.md").exists()


def test_edit_links_come_from_repo_url_and_edit_uri(handbook_copy: Path, monkeypatch) -> None:
    monkeypatch.delenv("HANDBOOK_EDIT_URL", raising=False)
    config = handbook_copy / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8")
                      + "repo_url: https://gitlab.example/kommune/haandbog\n"
                      + "edit_uri: -/edit/main/\n", encoding="utf-8")
    site = build.build_site(config)
    html = (site / "indsatser" / "tvaersteam.html").read_text(encoding="utf-8")
    assert ('href="https://gitlab.example/kommune/haandbog/-/edit/main/'
            'content/indsatser/tvaersteam.yml"') in html
    # The engine never sees repo_url: material would ask the Git host for its star count.
    generated = (handbook_copy / "build" / "mkdocs.yml").read_text(encoding="utf-8")
    assert "repo_url" not in generated and "gitlab.example" not in generated


def _pages(site: Path) -> set[str]:
    return {p.relative_to(site).as_posix() for p in site.rglob("*.html")}


@pytest.mark.skipif(shutil.which("zensical", path=str(Path(__import__("sys").executable).parent))
                    is None, reason="Zensical is not installed (pip install -e '.[zensical]')")
def test_zensical_builds_the_same_handbook(handbook_copy: Path, tmp_path: Path) -> None:
    config = handbook_copy / "mkdocs.yml"
    with_mkdocs = build.build_site(config, tmp_path / "mkdocs-site")
    project = Project.load(config, site_dir=tmp_path / "zensical-site")
    with_zensical = build.build(project, engine="zensical", outputs=[])
    assert _pages(with_zensical) == _pages(with_mkdocs)
    assert len(_pages(with_zensical)) >= 10
    broken, outside = [], []
    for page in sorted(with_zensical.rglob("*.html")):
        html = page.read_text(encoding="utf-8")
        outside += [f"{page.name}: {m.group(0)}" for m in LOADED.finditer(html)]
        for href in HREF.findall(html):
            if not href or re.match(r"^[a-z]+:", href) or href.startswith("//"):
                continue
            if href.endswith((".pdf", ".zip")):
                continue  # written by our outputs, not by the engine (outputs=[] here)
            base = with_zensical if href.startswith("/") else page.parent  # 404.html: root
            target = (base / href.lstrip("/")).resolve()
            if target.is_dir():
                target = target / "index.html"
            if not target.exists():
                broken.append(f"{page.relative_to(with_zensical)} → {href}")
    assert outside == []
    assert broken == []
    tti = (with_zensical / "indsatser" / "tvaersteam.html").read_text(encoding="utf-8")
    assert "Tværsteam" in tti and "Bruges i vejviser" in tti
