"""The benchmark script still runs: its figures are only read by people, so nothing else would
notice when a change to the build breaks it. Nothing here is timed."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SCRIPT = REPO / "benchmarks" / "run.py"


def test_the_pdf_benchmark_prints_its_table_for_a_small_synthetic_handbook() -> None:
    run = subprocess.run([sys.executable, str(SCRIPT), "--pdf-only", "--pdf-sizes", "1",
                          "--flows", "1", "--no-real-pdf"],
                         capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stderr[-3000:]
    rows = {line.split(" | ")[0].lstrip("| "): line for line in run.stdout.splitlines()
            if line.startswith("| ")}
    assert "N = 1" in rows["PDF"]
    assert "1 + 0 + 2 " in rows["Files: handbook + catalogue volumes + handouts"]  # --flows 1
    assert "0 rendered" in rows["Again, nothing changed: wall (CPU); files rendered"]
    assert "; 0 |" in rows["Again, nothing changed: wall (CPU); files rendered"]
    edited = rows["After editing one flow: wall (CPU); files rendered"]
    assert "handbog.pdf + vejviser-" in edited


def test_the_whole_build_task_builds_twice_and_reports_both(handbook_copy: Path) -> None:
    started = time.perf_counter()
    run = subprocess.run([sys.executable, str(SCRIPT), "--child", "build",
                          str(handbook_copy / "mkdocs.yml"), str(handbook_copy / "site"),
                          str(handbook_copy / "cache")],
                         capture_output=True, text=True, timeout=600)
    outside = time.perf_counter() - started
    assert run.returncode == 0, run.stderr[-3000:]
    result = json.loads(run.stdout.strip().splitlines()[-1])
    assert set(result) == {"cold", "unchanged"}
    # The figures are seconds of these two builds: the wall times together no more than the
    # child process took as seen from here (a figure in ms, or one that counted the start-up
    # or both builds, would exceed it); CPU time (print workers included) no more than every
    # core for that long.
    for label, figures in result.items():
        assert set(figures) == {"wall", "cpu"}, label
        assert isinstance(figures["wall"], float) and 0 < figures["wall"] < outside, label
        assert isinstance(figures["cpu"], float), label
        assert 0 < figures["cpu"] <= outside * (os.cpu_count() or 1), label
    assert result["cold"]["wall"] + result["unchanged"]["wall"] <= outside
    assert (handbook_copy / "site" / "pdf" / "handbog.pdf").is_file()
    # the cold build filled the PDF cache the second build read
    assert any((handbook_copy / "cache").iterdir())


def test_the_editions_benchmark_builds_with_and_without_editions(shared_pdf_cache: Path) -> None:
    run = subprocess.run([sys.executable, str(REPO / "benchmarks" / "editions.py"),
                          "--editions", "1", "--pdf-cache", str(shared_pdf_cache), "--content",
                          str(REPO / "tests" / "fixtures" / "handbook" / "content")],
                         capture_output=True, text=True, timeout=900)
    assert run.returncode == 0, run.stderr[-3000:]
    rows = {line.split(" | ")[0].lstrip("| "): line.split(" | ")[1].rstrip(" |")
            for line in run.stdout.splitlines() if line.startswith("| ")}
    assert rows["Editions under udgaver/"] == "1"
    assert float(rows["Site size, 1 editions"].split()[0]) > float(
        rows["Site size, 0 editions"].split()[0])
    assert "Udgaver: 1 (" in run.stdout
