"""Benchmark of `handbook jura`, the legal review pack: time, memory and size for a handbook.

    .venv/bin/python benchmarks/jura.py [--config mkdocs.yml]

Runs the command in a child process (interpreter start-up included; CPU time and peak memory
from os.wait4) into a temporary folder and prints a Markdown table: statements and pages in
the pack, wall and CPU time, peak memory, the PDF's pages and size, the HTML's size.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def measure(config: Path) -> dict[str, str]:
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder)
        start = time.perf_counter()
        process = subprocess.Popen(
            [sys.executable, "-m", "build_tools.cli", "--config", str(config), "jura",
             "--out", str(out)], cwd=config.parent, stdout=subprocess.PIPE,
            stderr=subprocess.PIPE, text=True)
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - start
        stdout = process.stdout.read() if process.stdout else ""
        if os.waitstatus_to_exitcode(status) != 0:
            stderr = process.stderr.read() if process.stderr else ""
            raise SystemExit(f"handbook jura failed:\n{stdout}{stderr}")
        pdf = out / "juridisk-gennemgang.pdf"
        info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout
        pages = re.search(r"Pages:\s+(\d+)", info)
        counts = re.search(r"(\d+) udsagn på (\d+) sider", stdout)
        return {
            "Statements (pages of the handbook)":
                f"{counts.group(1)} ({counts.group(2)})" if counts else "?",
            "Wall time": f"{wall:.1f} s",
            "CPU time": f"{usage.ru_utime + usage.ru_stime:.1f} s",
            "Peak memory": f"{usage.ru_maxrss / 1024:.0f} MB",
            "PDF": f"{pages.group(1) if pages else '?'} pages, {pdf.stat().st_size / 1024:.0f} KB",
            "HTML": f"{(out / 'juridisk-gennemgang.html').stat().st_size / 1024:.0f} KB",
        }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--config", default=str(REPO / "mkdocs.yml"))
    args = parser.parse_args(argv)
    row = measure(Path(args.config).resolve())
    print("| handbook jura | value |\n| --- | --- |")
    for name, value in row.items():
        print(f"| {name} | {value} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
