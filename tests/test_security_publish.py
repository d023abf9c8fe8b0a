"""Publishing a site: the path always names a complete site, and what killed builds left is
removed by the next one."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

from build_tools.cli import main
from build_tools.publish import _exchange, claim
from build_tools.publish import publish_build as publish


def _site(folder: Path, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "index.html").write_text(text, encoding="utf-8")
    (folder / "sub").mkdir(exist_ok=True)
    (folder / "sub" / "page.html").write_text(text, encoding="utf-8")
    return folder


def _built(parent: Path, text: str) -> Path:
    return _site(Path(tempfile.mkdtemp(prefix=".site-", dir=parent)), text)


def test_publish_replaces_the_site_and_removes_leftovers(tmp_path: Path, capsys) -> None:
    target = _site(tmp_path / "site", "gammel")
    _site(tmp_path / ".site-k1ll3d00", "halvt bygget")
    _site(tmp_path / ".site-old", "fra en afbrudt udskiftning")
    (tmp_path / ".site-notes").mkdir()  # not a name a build makes: left alone
    built = _built(tmp_path, "ny")
    publish(built, target)
    assert (target / "index.html").read_text(encoding="utf-8") == "ny"
    assert sorted(p.name for p in tmp_path.iterdir()) == [".site-notes", "site"]
    assert capsys.readouterr().err.splitlines() == [
        "Fjernet: .site-k1ll3d00 (en midlertidig mappe efterladt af en afbrudt bygning).",
        "Fjernet: .site-old (en midlertidig mappe efterladt af en afbrudt bygning).",
    ]


def test_a_folder_a_running_build_has_claimed_is_kept(tmp_path: Path, capsys) -> None:
    target = _site(tmp_path / "site", "gammel")
    running = _built(tmp_path, "bygges stadig")
    claim(running)
    mine = _built(tmp_path, "ny")
    claim(mine)
    publish(mine, target)
    assert running.is_dir()
    assert not (target / ".bygger").exists()  # the lock does not go out with the site
    assert capsys.readouterr().err == ""
    publish(running, target)  # its own publish releases the claim
    assert (target / "index.html").read_text(encoding="utf-8") == "bygges stadig"


READER = """
import os, sys, time
target, done = sys.argv[1], sys.argv[2]
checks = missing = 0
while not os.path.exists(done):
    for relative in ("index.html", "sub/page.html"):
        checks += 1
        if not os.path.exists(os.path.join(target, relative)):
            missing += 1
print(checks, missing)
"""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="atomic exchange: Linux only")
def test_readers_never_find_the_site_missing_while_publishing(tmp_path: Path) -> None:
    target = _site(tmp_path / "site", "0")
    assert _exchange(_built(tmp_path, "x"), target) or pytest.skip("no RENAME_EXCHANGE here")
    done = tmp_path.parent / f"{tmp_path.name}-done"
    # Another process reads while this one publishes, as a web server would.
    reader = subprocess.Popen([sys.executable, "-c", READER, str(target), str(done)],
                              stdout=subprocess.PIPE, text=True)
    try:
        time.sleep(0.2)
        for number in range(1, 300):
            publish(_built(tmp_path, str(number)), target)
    finally:
        done.touch()
        out, _ = reader.communicate(timeout=30)
    checks, missing = map(int, out.split())
    assert checks > 1000
    assert missing == 0
    assert (target / "index.html").read_text(encoding="utf-8") == "299"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_the_next_build_removes_what_a_killed_build_left(
    handbook_copy: Path, tmp_path: Path, capsys
) -> None:
    site = tmp_path / "site"
    command = [sys.executable, "-m", "build_tools.cli", "--config",
               str(handbook_copy / "mkdocs.yml"), "build", "--site-dir", str(site)]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                               env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    deadline = time.monotonic() + 60
    while not list(tmp_path.glob(".site-*")) and time.monotonic() < deadline:
        time.sleep(0.05)
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)
    leftovers = sorted(p.name for p in tmp_path.glob(".site-*"))
    assert len(leftovers) == 1 and not site.exists()
    args = ["--config", str(handbook_copy / "mkdocs.yml"), "build", "--site-dir", str(site)]
    assert main(args) == 0
    assert (f"Fjernet: {leftovers[0]} (en midlertidig mappe efterladt af en afbrudt bygning)."
            in capsys.readouterr().err.splitlines())
    assert sorted(p.name for p in tmp_path.iterdir() if p.name != "handbook") == ["site"]
