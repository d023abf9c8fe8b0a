"""Strict builds of the fixture handbook, as `handbook build` runs them."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import handbooks
import pytest

from build_tools.build import build_site
from build_tools.cli import main
from build_tools.problems import ContentError

FIXTURE = Path(__file__).parent / "fixtures" / "handbook"

# src/href the browser loads by itself: scripts, styles, images, frames, preloads.
LOADED = re.compile(
    r"<(?:script|img|iframe|source|audio|video|embed)\b[^>]*\bsrc=[\"']?(https?:)?//"
    r"|<link\b[^>]*\bhref=[\"']?(https?:)?//"
)


@pytest.fixture(scope="module")
def built(fixture_site: Path) -> Path:
    return fixture_site  # built once per session (conftest.py), in tmp


def test_the_fixture_handbook_builds_strictly(built: Path) -> None:
    html = (built / "indsatser" / "tvaersteam.html").read_text(encoding="utf-8")
    assert "<h1" in html and "Tværsteam" in html
    assert 'lang="da"' in (built / "index.html").read_text(encoding="utf-8")
    assert (built / "search" / "search_index.json").exists()


def test_no_page_loads_anything_from_another_host(built: Path) -> None:
    offenders = [
        f"{path.relative_to(built)}: {match.group(0)}"
        for path in built.rglob("*.html")
        for match in LOADED.finditer(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []
    for css in built.rglob("*.css"):
        text = css.read_text(encoding="utf-8")
        assert not re.search(r"@import\s+(url\()?[\"']?https?://", text), css
        assert not re.search(r"url\([\"']?https?://(?!www\.w3\.org)", text), css


def test_a_title_with_html_is_shown_as_text(handbook_copy: Path, tmp_path: Path) -> None:
    path = handbook_copy / "content" / "indsatser" / "tvaersteam.yml"
    path.write_text(path.read_text(encoding="utf-8").replace(
        "titel: Tværsteam", 'titel: "<script>alert(1)</script>"'), encoding="utf-8")
    site = build_site(handbook_copy / "mkdocs.yml", tmp_path / "site")
    html = (site / "indsatser" / "tvaersteam.html").read_text(encoding="utf-8")
    assert "<script>alert(1)" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_broken_content_leaves_the_previous_site_in_place(
    handbook_copy: Path, tmp_path: Path, capsys, monkeypatch
) -> None:
    site = tmp_path / "site"
    args = ["--config", str(handbook_copy / "mkdocs.yml"), "build", "--site-dir", str(site)]
    assert main(args) == 0
    before = (site / "index.html").read_bytes()
    path = handbook_copy / "content" / "indsatser" / "tvaersteam.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("trin: 2", "trin: to"),
                    encoding="utf-8")
    capsys.readouterr()
    assert main(args) == 1
    err = capsys.readouterr().err
    assert "content/indsatser/tvaersteam.yml" in err and "trin: forventede et heltal" in err
    assert (site / "index.html").read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".site")) == []


def test_a_broken_link_fails_the_build_and_publishes_nothing(
    handbook_copy: Path, tmp_path: Path
) -> None:
    page = handbook_copy / "content" / "sider" / "index.md"
    page.write_text(page.read_text(encoding="utf-8") + "\n[Væk](findes-ikke.md)\n",
                    encoding="utf-8")
    with pytest.raises(ContentError, match="findes-ikke.md"):  # the check finds it first
        build_site(handbook_copy / "mkdocs.yml", tmp_path / "site")
    assert list(tmp_path.iterdir()) == [handbook_copy]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except OSError:
        return None


def _wait(condition, seconds: float = 60) -> bool:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.3)
    return False


def test_serve_follows_the_content_and_shows_its_errors(handbook_copy: Path) -> None:
    port = _free_port()
    base = f"http://127.0.0.1:{port}/"
    url = base + "indsatser/tvaersteam.html"
    script = base + "assets/javascripts/forhaandsvisning.js"
    log = handbook_copy / "serve.log"
    with log.open("w", encoding="utf-8") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "build_tools.cli", "--config",
             str(handbook_copy / "mkdocs.yml"), "serve", "--addr", f"127.0.0.1:{port}"],
            stdout=out, stderr=subprocess.STDOUT, cwd=handbook_copy,
        )
    try:
        assert _wait(lambda: "Tværsteam" in (_fetch(url) or ""))
        assert _wait(lambda: f"Klar: åbn {base} i din browser." in log.read_text("utf-8"))
        assert "forhaandsvisning.js" in (_fetch(url) or "")
        path = handbook_copy / "content" / "indsatser" / "tvaersteam.yml"
        good = path.read_text(encoding="utf-8")
        path.write_text(good.replace("titel: Tværsteam", "titel: Tværsteam Nord"), "utf-8")
        assert _wait(lambda: "Tværsteam Nord" in (_fetch(url) or ""))

        # A broken save: the Danish line in the terminal and on every page; the page stays.
        path.write_text(good.replace("trin: 2", "trin: to"), encoding="utf-8")
        line = "content/indsatser/tvaersteam.yml:"
        assert _wait(lambda: "trin: forventede et heltal" in log.read_text("utf-8"))
        assert _wait(lambda: "trin: forventede et heltal" in (_fetch(script) or ""))
        assert line in (_fetch(script) or "")
        assert "Tværsteam Nord" in (_fetch(url) or "")  # the last good page, not a hang
        assert "Traceback" not in log.read_text("utf-8")

        # Fixing the file brings the page back by itself.
        path.write_text(good.replace("titel: Tværsteam", "titel: Tværsteam Syd"), "utf-8")
        assert _wait(lambda: "Tværsteam Syd" in (_fetch(url) or ""))
        assert "HB_FEJL = [];" in (_fetch(script) or "")
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_a_build_without_drafts_is_strict_and_complete(
    handbook_copy: Path, tmp_path: Path, monkeypatch
) -> None:
    content = handbook_copy / "content"
    for relative in ("sider/index.md", "indsatser/tvaersteam.yml", "ordliste/ordliste.yml"):
        path = content / relative
        path.write_text(path.read_text(encoding="utf-8").replace(
            "status: udkast", "status: godkendt"), encoding="utf-8")
    monkeypatch.delenv("HANDBOOK_HIDE_DRAFTS", raising=False)
    site = tmp_path / "site"
    args = ["--config", str(handbook_copy / "mkdocs.yml"), "build", "--hide-drafts",
            "--site-dir", str(site)]
    assert main(args) == 0
    assert (site / "indsatser" / "tvaersteam.html").exists()
    assert not (site / "vejviser" / "bekymring-0-6.html").exists()
    index = (site / "search" / "search_index.json").read_text(encoding="utf-8")
    assert "Bekymring for et barn" not in index
    assert "HANDBOOK_HIDE_DRAFTS" not in os.environ  # the switch ends with the build


def test_build_uses_the_content_folder_it_was_given(handbook_copy: Path, tmp_path: Path) -> None:
    path = handbook_copy / "content" / "indsatser" / "tvaersteam.yml"
    path.write_text(path.read_text(encoding="utf-8").replace(
        "titel: Tværsteam", "titel: Tværsteam i kopien"), encoding="utf-8")
    site = tmp_path / "site"
    project = handbooks.handbook(tmp_path / "project")  # its own content/ is the unchanged one
    args = ["--config", str(project / "mkdocs.yml"), "--content", str(handbook_copy / "content"),
            "build", "--site-dir", str(site)]
    assert main(args) == 0
    assert "Tværsteam i kopien" in (site / "indsatser" / "tvaersteam.html").read_text("utf-8")
    assert "HANDBOOK_CONTENT_DIR" not in os.environ


def test_the_command_line_speaks_danish(capsys) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["--help"])
    assert exit_.value.code == 0
    out = capsys.readouterr().out
    assert out.startswith("brug: handbook")
    assert "kommandoer:" in out and "valgmuligheder:" in out and "vis denne hjælp" in out
    with pytest.raises(SystemExit):
        main(["rapport"])
    assert "handbook rapport: fejl: disse skal angives: --periode" in capsys.readouterr().err


def test_valid_content_is_read_once_until_a_file_changes(handbook_copy: Path) -> None:
    from build_tools.build import load_checked

    content = handbook_copy / "content"
    first = load_checked(content)
    assert load_checked(content) is first  # check, plugin and PDFs share one reading
    path = content / "indsatser" / "tvaersteam.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("trin: 2", "trin: 3"),
                    encoding="utf-8")
    changed = load_checked(content)
    assert changed is not first
    assert changed.items["indsatser"]["tvaersteam"].model.trin == 3
