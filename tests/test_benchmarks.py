"""The benchmark script still runs: its figures are only read by people, so nothing else would
notice when a change to the build breaks it. Nothing here is timed."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SCRIPT = REPO / "benchmarks" / "run.py"


def test_the_pdf_benchmark_prints_its_table_for_a_small_synthetic_handbook() -> None:
    run = subprocess.run([sys.executable, str(SCRIPT), "--pdf-only", "--pdf-sizes", "5",
                          "--no-real-pdf"], capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stderr[-3000:]
    rows = {line.split(" | ")[0].lstrip("| "): line for line in run.stdout.splitlines()
            if line.startswith("| ")}
    assert "N = 5" in rows["PDF"]
    assert "0 rendered" in rows["Again, nothing changed: wall (CPU); files rendered"]
    assert "; 0 |" in rows["Again, nothing changed: wall (CPU); files rendered"]
    edited = rows["After editing one flow: wall (CPU); files rendered"]
    assert "handbog.pdf + vejviser-" in edited


def test_the_whole_build_task_builds_twice_and_reports_both(handbook_copy: Path) -> None:
    run = subprocess.run([sys.executable, str(SCRIPT), "--child", "build",
                          str(handbook_copy / "mkdocs.yml"), str(handbook_copy / "site"),
                          str(handbook_copy / "cache")],
                         capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stderr[-3000:]
    result = json.loads(run.stdout.strip().splitlines()[-1])
    assert set(result) == {"cold", "unchanged"}
    assert all(result[label]["wall"] > 0 for label in result)
    assert (handbook_copy / "site" / "pdf" / "handbog.pdf").is_file()


def test_the_editions_benchmark_builds_with_and_without_editions() -> None:
    run = subprocess.run([sys.executable, str(REPO / "benchmarks" / "editions.py"),
                          "--editions", "1", "--content",
                          str(REPO / "tests" / "fixtures" / "handbook" / "content")],
                         capture_output=True, text=True, timeout=900)
    assert run.returncode == 0, run.stderr[-3000:]
    rows = {line.split(" | ")[0].lstrip("| "): line.split(" | ")[1].rstrip(" |")
            for line in run.stdout.splitlines() if line.startswith("| ")}
    assert rows["Editions under udgaver/"] == "1"
    assert float(rows["Site size, 1 editions"].split()[0]) > float(
        rows["Site size, 0 editions"].split()[0])
    assert "Udgaver: 1 (" in run.stdout
