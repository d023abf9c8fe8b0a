"""Editions benchmark: the site's size and `handbook build`'s time with 0 and N editions.

    .venv/bin/python benchmarks/editions.py [--editions 12] [--content content] [--pdf-cache DIR]

Makes a temporary Git repository of the handbook (our build_tools/, mkdocs.yml, CONTRIBUTING.md
and the given content), builds it once to fill the PDF cache (as CI's cache does), then
measures the whole `handbook build` command (a child process; wall time, and CPU time of it and
its children):

- with 0 editions (no tags);
- with N editions, cold: N commits, each adding a væsentlig change entry to one item (so every
  edition differs), tagged `udgave-YYYY-MM-DD`; every edition is built from its tag by the tag's
  code (the site and its PDFs, the handbook PDF as PDF/A-3b);
- with N editions again: every edition copied from build/udgaver/ (what each later build costs).

Then the sizes: the site without and with the editions, each edition (mean and largest) and,
for comparison, the offline zip (the other form an edition could take). Prints a Markdown
table; nothing is asserted (tests/test_benchmarks.py runs it small so it cannot rot).
"""

from __future__ import annotations

import argparse
import os
import platform
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
FIRST_EDITION = date(2026, 9, 1)


def git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(repo), *args], capture_output=True, text=True,
                          check=True).stdout.strip()


def make_repository(folder: Path, content: Path) -> Path:
    repo = folder / "haandbog"
    shutil.copytree(REPO / "build_tools", repo / "build_tools",
                    ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(REPO / "mkdocs.yml", repo / "mkdocs.yml")
    if (REPO / "CONTRIBUTING.md").is_file():
        shutil.copy(REPO / "CONTRIBUTING.md", repo / "CONTRIBUTING.md")
    shutil.copytree(content, repo / "content")
    (repo / ".gitignore").write_text("build/\nsite/\n", encoding="utf-8")
    git(folder, "init", "-q", "-b", "main", str(repo))
    git(repo, "config", "user.name", "Benchmark")
    git(repo, "config", "user.email", "benchmark@example.invalid")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "Håndbogen")
    return repo


def build(repo: Path, pdf_cache: Path | None = None) -> tuple[float, float, str]:
    """`handbook build` in the repository (its PDF cache in build/, or `pdf_cache`): wall
    seconds, CPU seconds (with children), output."""
    env = {k: v for k, v in os.environ.items()
           if k not in ("HANDBOOK_PDF_CACHE", "HANDBOOK_EDIT_URL", "HANDBOOK_UDGAVER")}
    if pdf_cache is not None:
        env["HANDBOOK_PDF_CACHE"] = str(pdf_cache)
    env["PYTHONPATH"] = str(repo)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "build_tools.cli", "build"], cwd=repo, env=env,
                          capture_output=True, text=True, check=False)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        sys.exit(f"handbook build failed:\n{done.stdout}\n{done.stderr}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, done.stdout


def size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def add_editions(repo: Path, count: int) -> list[str]:
    """`count` commits, each with one more change entry, each tagged as an edition."""
    items = sorted(p for p in (repo / "content").rglob("*.yml")
                   if "\naendringer:\n" in p.read_text(encoding="utf-8"))
    tags = []
    for index in range(count):
        dato = FIRST_EDITION + timedelta(days=7 * index)
        path = items[index % len(items)]
        text = path.read_text(encoding="utf-8").replace(
            "\naendringer:\n", f"\naendringer:\n  - dato: {dato.isoformat()}\n"
                               f"    tekst: Ændring {index + 1} til benchmarkens udgave.\n", 1)
        path.write_text(text, encoding="utf-8")
        git(repo, "commit", "-q", "-am", f"Ændring {index + 1}")
        tag = f"udgave-{dato.isoformat()}"
        git(repo, "tag", "-a", tag, "-m", f"Udgave {index + 1}")
        tags.append(tag)
    return tags


def mb(value: float) -> str:
    return f"{value / 1_000_000:.2f} MB"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--editions", type=int, default=12)
    parser.add_argument("--content", default=str(REPO / "content"))
    parser.add_argument("--pdf-cache", type=Path, help="a PDF cache that already holds the "
                        "content's PDFs (e.g. CI's): no first build to fill one")
    args = parser.parse_args()
    cache = args.pdf_cache.resolve() if args.pdf_cache else None
    with tempfile.TemporaryDirectory(prefix="haandbog-udgaver-bench-") as folder:
        repo = make_repository(Path(folder), Path(args.content).resolve())
        if cache is None:
            build(repo)  # fills build/pdf-cache, as CI's cache would be
        zero_wall, zero_cpu, _ = build(repo, cache)
        site = repo / "site"
        zero_size = size(site)
        zip_size = (site / "haandbog-offline.zip").stat().st_size
        pages = sum(1 for _ in site.rglob("*.html"))
        add_editions(repo, args.editions)
        cold_wall, cold_cpu, _ = build(repo, cache)
        warm_wall, warm_cpu, out = build(repo, cache)
        editions = sorted((site / "udgaver").glob("????-??-??"))
        sizes = [size(e) for e in editions]
        full = size(site)
        n = len(editions)
        rows = [
            ("Pages in the site (HTML)", f"{pages}"),
            ("Editions under udgaver/", f"{n}"),
            ("`handbook build`, 0 editions (PDF cache warm): wall (CPU)",
             f"{zero_wall:.1f} s ({zero_cpu:.1f} s)"),
            (f"`handbook build`, {n} editions, cold (each built from its tag): wall (CPU)",
             f"{cold_wall:.1f} s ({cold_cpu:.1f} s)"),
            (f"`handbook build`, {n} editions, again (copied from build/udgaver): wall (CPU)",
             f"{warm_wall:.1f} s ({warm_cpu:.1f} s)"),
            ("Site size, 0 editions", mb(zero_size)),
            (f"Site size, {n} editions", mb(full)),
            ("One edition (pages, PDFs with the PDF/A handbook): mean / largest",
             f"{mb(sum(sizes) / max(n, 1))} / {mb(max(sizes, default=0))}"),
            ("For comparison: the offline zip (the whole site as one file)", mb(zip_size)),
        ]
        summary = [line for line in out.splitlines() if line.startswith("Udgaver:")]
    print(f"Machine: {os.cpu_count()} CPUs, Python {platform.python_version()}, "
          f"load {' / '.join(f'{x:.1f}' for x in os.getloadavg())}")
    content = "" if Path(args.content).resolve() == REPO / "content" else (
        f" --content {args.content}")
    print(f"Command: `.venv/bin/python benchmarks/editions.py --editions {args.editions}"
          f"{content}`")
    print()
    print("| Measure | Value |")
    print("|---|---|")
    for name, value in rows:
        print(f"| {name} | {value} |")
    print()
    print("Build output: " + " ".join(summary))
    return 0


if __name__ == "__main__":
    sys.exit(main())
