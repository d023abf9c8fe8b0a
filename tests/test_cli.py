"""`handbook` reads the project once per run and hands every command the same Context."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from build_tools import cli, cmd_pdf, project
from build_tools.pdf import PdfResult
from build_tools.resolve import Handbook

FIXTURE = Path(__file__).parent / "fixtures" / "handbook"


@pytest.fixture
def config(tmp_path: Path) -> Path:
    """The fixture handbook's configuration with a site folder of its own (not site/)."""
    path = tmp_path / "mkdocs.yml"
    path.write_text(f"INHERIT: {FIXTURE / 'mkdocs.yml'}\nsite_dir: udgivet\n", encoding="utf-8")
    return path


@pytest.fixture
def calls(monkeypatch: pytest.MonkeyPatch) -> dict[str, list[Any]]:
    """Every reading of a mkdocs.yml, and what `handbook pdf` hands the PDF writer (which
    records instead of rendering)."""
    seen: dict[str, list[Any]] = {"configs": [], "pdfs": []}
    read = project.read_config

    def counting(path: Path) -> dict[str, Any]:
        seen["configs"].append(path)
        return read(path)

    def recording(handbook: Handbook, out: Path, **kwargs: Any) -> list[PdfResult]:
        seen["pdfs"].append((handbook, out))
        return []

    monkeypatch.setattr(project, "read_config", counting)
    monkeypatch.setattr(cmd_pdf, "write_pdfs", recording)
    return seen


def drafts(handbook: Handbook) -> list[str]:
    return [item.id for items in handbook.items.values() for item in items.values()
            if item.model.status == "udkast"]


def test_pdf_reads_mkdocs_yml_once_and_writes_into_the_projects_site_folder(
        config: Path, calls: dict[str, list[Any]]) -> None:
    assert cli.main(["--config", str(config), "--content", str(FIXTURE / "content"), "pdf"]) == 0
    assert calls["configs"] == [config.resolve()]
    [(handbook, out)] = calls["pdfs"]
    assert out == config.parent / "udgivet" / "pdf"
    assert drafts(handbook)  # the fixture has drafts: the next test can fail


def test_hide_drafts_reaches_the_pdfs(config: Path, calls: dict[str, list[Any]]) -> None:
    assert cli.main(["--config", str(config), "--content", str(FIXTURE / "content"), "pdf",
                     "--hide-drafts"]) == 0
    [(handbook, _)] = calls["pdfs"]
    assert handbook.options.hide_drafts
    assert drafts(handbook) == []


@pytest.mark.parametrize("command", ["pdf", "offline", "rapport", "build", "serve", "udgave",
                                     "udgiv"])
def test_every_command_that_builds_takes_hide_drafts(command: str) -> None:
    extra = {"rapport": ["--periode", "2026H1"], "udgiv": ["DEST"]}.get(command, [])
    args = cli.parser().parse_args([command, *extra, "--hide-drafts"])
    assert args.hide_drafts is True


def test_python_m_build_tools_is_the_handbook_command(
        capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    import runpy

    monkeypatch.setattr("sys.argv", ["handbook"])
    with pytest.raises(SystemExit) as stopped:
        runpy.run_module("build_tools", run_name="__main__", alter_sys=False)
    assert stopped.value.code == 2  # no command given: argparse's usage error, in Danish
    assert "brug: " in capsys.readouterr().err
