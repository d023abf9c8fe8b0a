"""Performance benchmark: a synthetic handbook of N catalogue entries, built every way we build.

    .venv/bin/python benchmarks/run.py [--sizes 100,500,2000] [--pdf-sizes 500] [--no-real-pdf]
    .venv/bin/python benchmarks/run.py --pdf-only --pdf-sizes 500,2000

For each N it writes real YAML files (valid per `handbook check`) and a mkdocs.yml that INHERITs
the real one into a temporary folder, then measures in child processes (so every figure has its
own peak memory, read with os.wait4):

- `handbook check` (the command, with interpreter start-up),
- generation: load + check + resolve + write the docs tree (build/docs, build/mkdocs.yml),
- the engine alone: MkDocs building that docs tree (what any engine must do anyway), so our
  share is a ratio measured in the same run,
- the site build (build_site: generation + engine + publish, without the PDFs and the zip),
- the real `handbook serve`: one YAML file edited, then the time until the served page shows
  the change (polled over HTTP on 127.0.0.1),
- PDFs (for the sizes in --pdf-sizes, and for the real content in content/): cold with an empty
  cache, again with nothing changed, and after editing one flow; CPU time includes the print
  worker's processes, and memory is also sampled for all processes together (PSS),
- site size, search index size (raw, gzip), and the weight of a typical page (HTML + the CSS and
  JS it loads, without the search index).

Prints Markdown tables (--pdf-only: only the PDFs' table); `--write FILE` also writes them to
FILE. benchmarks/RESULTS.md is kept by hand (the tables with their reading), so the script never
writes it unasked.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from datetime import date, datetime
from pathlib import Path
from typing import Any

import yaml

REPO = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
HANDBOOK = str(Path(PYTHON).with_name("handbook"))

TODAY = date(2026, 11, 1)
NEXT = date(2027, 11, 1)
LEVELS = ("groen", "gul", "roed", "akut")
OMRAADER = ("dagtilbud", "sundhedspleje", "skole", "sfo", "klub", "fritid", "ppr", "familie")
SENTENCE = ("Når du er bekymret for et barn, handler du tidligt og i samarbejde med forældrene, "
            "og du skelner mellem det, du ser, og det, du tolker.")


# --- the synthetic handbook ------------------------------------------------------------------


def governance(item_id: str, titel: str, index: int) -> dict[str, Any]:
    """The fields every item carries, with a mix of statuses as real content has."""
    return {
        "id": item_id,
        "titel": titel,
        "resume": f"{titel}: hvad det er, og hvornår du bruger det.",
        "status": ("godkendt", "udkast", "i høring")[index % 3],
        "ejer": "Center for Familie og Rådgivning",
        "sidst_revideret": TODAY,
        "naeste_revision": NEXT,
        "kilder": ["barnets-lov"],
        "aendringer": [{"dato": TODAY, "tekst": "Første udgave."}],
        "raekkefoelge": index,
    }


class _Dumper(yaml.SafeDumper):
    """Writes every value out: the loader rightly refuses YAML anchors and aliases."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def dump(data: dict[str, Any]) -> str:
    return yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False)


def write_yaml(path: Path, data: dict[str, Any]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(dump(data), encoding="utf-8")


def write_page(path: Path, front: dict[str, Any], body: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"---\n{dump(front)}---\n{body}\n", encoding="utf-8")


def synthetic_handbook(root: Path, entries: int, flows: int | None = None) -> dict[str, int]:
    """Write content/ and mkdocs.yml for a handbook of `entries` catalogue entries and
    `flows` flows (default: one per 40 entries, at least 5)."""
    content = root / "content"
    flows = flows if flows is not None else max(5, entries // 40)
    terms = max(20, entries // 10)
    term_ids = [f"begreb-{n}" for n in range(terms)]
    entry_ids = [f"indsats-{n}" for n in range(entries)]

    write_yaml(content / "kilder" / "kilder.yml", {
        **governance("kilder", "Kildeliste", 0),
        "dokumenter": [{"id": "barnets-lov", "titel": "Barnets Lov",
                        "udgiver": "Social- og Boligministeriet", "art": "lov",
                        "adresse": "https://www.retsinformation.dk/", "laest": TODAY}],
    })
    write_yaml(content / "ordliste" / "ordliste.yml", {
        **governance("ordliste", "Ordliste", 0),
        "begreber": [{"id": tid, "term": f"Begreb {n} om trivsel og fællesskab",
                      "forklaring": f"{SENTENCE} Begrebet bruges om børn og unge.",
                      "se_ogsaa": [term_ids[(n + 1) % terms]]}
                     for n, tid in enumerate(term_ids)],
    })
    for n, eid in enumerate(entry_ids):
        write_yaml(content / "indsatser" / f"{eid}.yml", {
            **governance(eid, f"Indsats {n}: Tværfagligt forløb for børn og familier", n),
            "maalgruppe": "Børn og unge med begyndende mistrivsel",
            "alder": {"fra": n % 10, "til": 10 + n % 9},
            "omraader": [OMRAADER[n % 8], OMRAADER[(n + 3) % 8]],
            "trin": 1 + n % 4,
            "formaal": f"{SENTENCE} {SENTENCE}\n\nIndsatsen styrker barnets trivsel.",
            "metode": "Forløbet består af:\n\n- en indledende samtale\n- fire til seks møder\n"
                      f"- en opfølgning\n\n{SENTENCE}",
            "henvisning": {"adgang": ("åben", "henvisning", "visitation")[n % 3],
                           "trin": ["Tal med forældrene.", "Udfyld skemaet.", "Send det."]},
            "samtykke": {"kraeves": n % 2 == 0, "forklaring": "Forældrene giver samtykke."},
            "udbyder": "Center for Familie og Rådgivning",
            "kontakt": "Din leder",
            "begreber": [term_ids[n % terms], term_ids[(n + 7) % terms]],
            "se_ogsaa": [entry_ids[(n + 1) % entries]] if entries > 1 else [],
        })
    for f in range(flows):
        write_yaml(content / "vejvisere" / f"vejviser-{f}.yml", {
            **governance(f"vejviser-{f}", f"Bekymring for et barn, vejviser {f}", f),
            "maalgruppe": "Børn i dagtilbud og skole",
            "alder": {"fra": 0, "til": 18},
            "indledning": SENTENCE,
            "niveauer": [{
                "id": level,
                "titel": f"Niveau {k + 1}",
                "farve": level,
                "tegn": [f"Barnet trækker sig ({k}).", "Barnet er ofte fraværende."],
                "handlinger": ["Tal med en kollega.", "Tal med forældrene.", "Skriv ned."],
                "involver": ["Din leder"],
                "tidsramme": "Inden for to uger",
                "hvis_intet_aendrer_sig": "Gå videre til næste niveau.",
                "indsatser": [entry_ids[(f * 4 + k) % entries],
                              entry_ids[(f * 4 + k + 1) % entries]],
                "underretning": level in ("roed", "akut"),
            } for k, level in enumerate(LEVELS)],
            "afsnit": [{"titel": "Samtalen med barnet", "tekst": SENTENCE}],
        })
    for n in range(1, 4):
        write_yaml(content / "strategi" / f"spor-{n}.yml", {
            **governance(f"spor-{n}", f"Spor {n}", n), "spor": n, "tekst": SENTENCE})
    for n in range(6):
        write_yaml(content / "vaerdier" / f"vaerdi-{n}.yml", {
            **governance(f"vaerdi-{n}", f"Værdi {n}: Vi handler tidligt", n),
            "betydning": SENTENCE, "i_praksis": ["Du taler med barnet.", "Du følger op."]})
    for n in range(3):
        write_yaml(content / "organisering" / f"organ-{n}.yml", {
            **governance(f"organ-{n}", f"Forum {n}", n), "tekst": SENTENCE,
            "opgaver": ["Beslutte."]})
    pages = content / "sider"
    write_page(pages / "index.md", governance("index", "Håndbog for tidlig forebyggende indsats",
                                               0), "Se [vejviseren](vejviser/index.md).")
    write_page(pages / "jura" / "underretning.md",
               governance("underretning", "Underretningspligt", 0), SENTENCE)
    write_page(pages / "om" / "index.md", governance("index", "Om håndbogen", 0), SENTENCE)

    repo = REPO.as_posix()
    (root / "mkdocs.yml").write_text(
        f"INHERIT: {repo}/mkdocs.yml\n"
        "theme:\n  name: material\n"
        f"  custom_dir: {repo}/build_tools/overrides\n"
        "  language: da\n  font: false\n",
        encoding="utf-8",
    )
    return {"entries": entries, "flows": flows, "terms": terms}


# --- child processes -------------------------------------------------------------------------


def run_command_with_rusage(command: list[str]) -> dict[str, Any]:
    """Run a command; wall time and its own peak memory, read with os.wait4."""
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                               env={**os.environ, "NO_MKDOCS_2_WARNING": "1"}, cwd=REPO)
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        assert process.stderr is not None
        raise RuntimeError(f"{' '.join(command)} failed:\n{process.stderr.read().decode()}")
    return {"wall": wall, "cpu": usage.ru_utime + usage.ru_stime,
            "peak_mb": usage.ru_maxrss / 1024}


def task(name: str, *args: str) -> dict[str, Any]:
    """Run one of this script's tasks in a fresh interpreter (see child_main)."""
    return run_command_with_json([PYTHON, str(Path(__file__).resolve()), "--child", name, *args])


def process_tree(pid: int) -> list[int]:
    """A process and all its descendants (Linux /proc)."""
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        for task_dir in Path(f"/proc/{current}/task").glob("*"):
            try:
                todo += [int(c) for c in (task_dir / "children").read_text().split()]
            except OSError:
                continue
    return found


def tree_pss_mb(pid: int) -> float:
    """Proportional set size of a process tree in MB: shared pages (a forked child's copy of
    its parent's memory) are counted once, split among the processes that share them."""
    total = 0
    for member in process_tree(pid):
        try:
            text = Path(f"/proc/{member}/smaps_rollup").read_text()
        except OSError:
            continue
        match = re.search(r"^Pss:\s+(\d+) kB", text, re.MULTILINE)
        total += int(match[1]) if match else 0
    return total / 1024


class TreeMemory:
    """Samples the memory of a process and its descendants together, ten times a second."""

    def __init__(self, pid: int) -> None:
        self.pid, self.peak_mb, self._stop = pid, 0.0, threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.wait(0.1):
            self.peak_mb = max(self.peak_mb, tree_pss_mb(self.pid))

    def stop(self) -> float:
        self._stop.set()
        self._thread.join()
        return self.peak_mb


def run_command_with_json(command: list[str]) -> dict[str, Any]:
    """Run a task; wall time, CPU of it and every descendant, the largest single process's
    peak memory (os.wait4) and the peak of all its processes together (sampled PSS)."""
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               env={**os.environ, "NO_MKDOCS_2_WARNING": "1"}, cwd=REPO)
    memory = TreeMemory(process.pid)
    assert process.stdout is not None and process.stderr is not None
    out = process.stdout.read()
    err = process.stderr.read()
    tree_peak = memory.stop()
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status) != 0:
        raise RuntimeError(f"{' '.join(command)} failed:\n{err.decode()[-3000:]}")
    report: dict[str, Any] = {"wall": wall, "cpu_process": usage.ru_utime + usage.ru_stime,
                              "peak_mb": usage.ru_maxrss / 1024, "tree_peak_mb": tree_peak}
    lines = out.decode().strip().splitlines()
    if lines and lines[-1].startswith("{"):
        report.update(json.loads(lines[-1]))
    return report


class Timer:
    """Wall and CPU seconds of a block: on a busy machine the CPU time is the steadier figure."""

    def __enter__(self) -> Timer:
        self.wall0, self.cpu0 = time.perf_counter(), time.process_time()
        return self

    def __exit__(self, *exc: object) -> None:
        self.wall = time.perf_counter() - self.wall0
        self.cpu = time.process_time() - self.cpu0


def child_main(name: str, args: list[str]) -> None:
    """The timed tasks, each run in its own interpreter; prints one JSON line."""
    sys.path.insert(0, str(REPO))
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    import logging

    logging.getLogger("mkdocs").setLevel(logging.ERROR)
    result: dict[str, Any] = {}
    if name == "generate":
        # Load + check (with the project's file cache in build/cache, as `handbook build` and
        # `serve` use it) + resolve + write the docs tree; with "edit", once more in the same
        # process after one catalogue entry's title was edited (what `handbook serve` does).
        from build_tools import build, cache, docs_tree, render, resolve
        from build_tools.project import Project

        project = Project.load(Path(args[0]))

        def generation() -> dict[str, Any]:
            build._last_checked = None
            with Timer() as load_timer:
                loaded = build.load_checked(project.content_dir, project.build_dir,
                                            persist=False)
            with Timer() as write_timer:
                site = render.render_site(resolve.resolve(loaded))
                docs_tree.write_docs(project, site)
                cache.persist(project.build_dir)  # as build.generate keeps files and pages
            return {"load_check": load_timer.cpu, "render": write_timer.cpu,
                    "total": load_timer.wall + write_timer.wall,
                    "cpu": load_timer.cpu + write_timer.cpu, "pages": len(site.pages)}

        result = generation()
        if "edit" in args:
            path = project.content_dir / "indsatser" / "indsats-2.yml"
            path.write_text(path.read_text(encoding="utf-8").replace(
                "Tværfagligt forløb", "Tværfagligt forløb (ændret)", 1), encoding="utf-8")
            result["warm"] = generation()
    elif name == "engine":
        from build_tools.engine import MkDocs

        with Timer() as timer:
            MkDocs().build(Path(args[0]), Path(args[1]))
        result = {"total": timer.wall, "cpu": timer.cpu}
    elif name == "site":
        from build_tools.build import build_site

        with Timer() as timer:
            build_site(Path(args[0]), Path(args[1]))
        result = {"total": timer.wall, "cpu": timer.cpu}
    elif name == "pdf":
        # Cold (empty cache), again with nothing changed, then after editing one flow.
        from build_tools.build import generate
        from build_tools.pdf import write_pdfs

        source, out, cache = Path(args[0]), Path(args[1]), Path(args[2])
        content = out.parent / "pdf-content"
        shutil.copytree(source, content)
        runs = {}

        for label in ("cold", "unchanged", "edited"):
            if label == "edited":
                flow = sorted((content / "vejvisere").glob("*.yml"))[0]
                flow.write_text(re.sub(r"^(maalgruppe: .*)$", r"\1 (rettet)",
                                       flow.read_text(encoding="utf-8"), count=1,
                                       flags=re.MULTILINE), encoding="utf-8")
            handbook = generate(content).handbook
            cpu0, wall0 = cpu_all(), time.perf_counter()
            results = write_pdfs(handbook, out, cache=cache)
            runs[label] = {"wall": time.perf_counter() - wall0, "cpu": cpu_all() - cpu0,
                           "rendered": sorted(r.path.name for r in results if r.rendered)}
        pages = {r.path.name: r.pages for r in results}
        catalogue = [n for k, n in pages.items() if k.startswith("indsatskatalog")]
        handouts = [n for k, n in pages.items()
                    if k != "handbog.pdf" and not k.startswith("indsatskatalog")]
        result = {"pdf": runs["cold"]["wall"], "cpu": runs["cold"]["cpu"], "runs": runs,
                  "handbook_pages": pages.get("handbog.pdf", 0), "files": len(results),
                  "catalogue_files": len(catalogue), "catalogue_pages": sum(catalogue),
                  "max_handout_pages": max(handouts or [0])}
    elif name == "build":
        # The whole `handbook build` (site, PDFs rendering beside the engine, offline zip):
        # cold with an empty PDF cache, then again with nothing changed.
        from build_tools.build import build
        from build_tools.project import Project

        config, site, cache = Path(args[0]), Path(args[1]), Path(args[2])
        os.environ["HANDBOOK_PDF_CACHE"] = str(cache)
        project = Project.load(config, site_dir=site)

        result = {}
        for label in ("cold", "unchanged"):
            cpu0, wall0 = cpu_all(), time.perf_counter()
            build(project)
            result[label] = {"wall": time.perf_counter() - wall0, "cpu": cpu_all() - cpu0}
    else:
        raise SystemExit(f"unknown task {name}")
    print(json.dumps(result))


def cpu_all() -> float:
    """CPU time of this process and its finished children (the print worker's processes)."""
    import resource

    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return sum((own.ru_utime, own.ru_stime, children.ru_utime, children.ru_stime))


def served_change(root: Path, page: str) -> tuple[float, float]:
    """Start the real `handbook serve` on a copy of the content, edit one YAML file, and time
    until the served page shows the edit, and until the catalogue's overview (which lists
    every entry) shows it too (seconds)."""
    import socket
    import urllib.request

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    url = f"http://127.0.0.1:{port}/{page}.html"
    overview = f"http://127.0.0.1:{port}/indsatser/index.html"

    def fetch(url: str = url) -> str:
        try:
            with urllib.request.urlopen(url, timeout=30) as response:
                return response.read().decode("utf-8")
        except OSError:
            return ""

    server = subprocess.Popen([HANDBOOK, "--config", str(root / "mkdocs.yml"), "serve", "--addr",
                               f"127.0.0.1:{port}"], stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL, cwd=root)
    try:
        deadline = time.monotonic() + 600
        while "Tværfagligt forløb" not in fetch():
            if time.monotonic() > deadline:
                raise RuntimeError("handbook serve did not start")
            time.sleep(0.5)
        time.sleep(2)  # let the watcher settle after the first build
        path = root / "content" / f"{page}.yml"
        path.write_text(path.read_text(encoding="utf-8").replace(
            "Tværfagligt forløb", "Tværfagligt forløb (rettet)", 1), encoding="utf-8")
        started = time.perf_counter()
        while "(rettet)" not in fetch():
            if time.perf_counter() - started > 300:
                raise RuntimeError("the served page never showed the change")
            time.sleep(0.1)
        shown = time.perf_counter() - started
        while "(rettet)" not in fetch(overview):
            if time.perf_counter() - started > 300:
                raise RuntimeError("the catalogue's overview never showed the change")
            time.sleep(0.1)
        return shown, time.perf_counter() - started
    finally:
        server.terminate()
        server.wait(timeout=30)


# --- sizes -----------------------------------------------------------------------------------


def folder_size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def gzipped(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=6))


def search_index(site: Path) -> tuple[int, int]:
    files = [p for p in (site / "search").glob("search_index.*")]
    data = b"".join(p.read_bytes() for p in files)
    return len(data), gzipped(data)


def page_weight(site: Path, page: Path) -> tuple[int, int, int]:
    """(raw bytes, gzip bytes, number of files) of a page's HTML plus the CSS and JS it loads
    (link rel=stylesheet, script src), without the search index."""
    html = page.read_bytes()
    text = html.decode("utf-8")
    refs = re.findall(r'<link[^>]+rel="stylesheet"[^>]+href="([^"]+)"', text)
    refs += re.findall(r'<link[^>]+href="([^"]+)"[^>]+rel="stylesheet"', text)
    refs += re.findall(r'<script[^>]+src="([^"]+)"', text)
    files = [html]
    for ref in dict.fromkeys(refs):
        if ref.startswith(("http:", "https:", "//")) or "search_index" in ref:
            continue
        target = (page.parent / ref.split("?")[0].split("#")[0]).resolve()
        if target.is_file():
            files.append(target.read_bytes())
    return sum(map(len, files)), sum(gzipped(f) for f in files), len(files)


# --- the run ---------------------------------------------------------------------------------


def measure(entries: int, pdf: bool, work: Path, flows: int | None = None) -> dict[str, Any]:
    root = work / f"n{entries}"
    shape = synthetic_handbook(root, entries, flows)
    config = root / "mkdocs.yml"
    content = root / "content"
    row: dict[str, Any] = dict(shape)

    file_cache = root / "build" / "cache"
    check = run_command_with_rusage([HANDBOOK, "--config", str(config), "check"])  # no build/
    row.update(check_s=check["wall"], check_cpu=check["cpu"], check_mb=check["peak_mb"])

    shutil.rmtree(file_cache, ignore_errors=True)  # cold: no cache of validated files
    gen = task("generate", str(config), "edit")
    row.update(gen_s=gen["total"], gen_cpu=gen["cpu"], load_check_cpu=gen["load_check"],
               render_cpu=gen["render"], pages=gen["pages"], gen_mb=gen["peak_mb"])
    warm = gen["warm"]
    row.update(warm_s=warm["total"], warm_cpu=warm["cpu"], warm_load_check_cpu=warm["load_check"],
               warm_render_cpu=warm["render"])
    rerun = task("generate", str(config))  # a new process: files and pages from build/cache
    row.update(rerun_s=rerun["total"], rerun_cpu=rerun["cpu"])
    again = run_command_with_rusage([HANDBOOK, "--config", str(config), "check"])
    row.update(recheck_s=again["wall"], recheck_cpu=again["cpu"])

    site_dir = root / "site"
    site = task("site", str(config), str(site_dir))
    row.update(site_s=site["total"], site_cpu=site["cpu"], site_mb=site["peak_mb"])

    engine = task("engine", str(root / "build" / "mkdocs.yml"), str(root / "engine-site"))
    row.update(plain_s=engine["total"], plain_cpu=engine["cpu"], plain_mb=engine["peak_mb"])
    row["overhead_pct"] = 100 * row["gen_cpu"] / row["plain_cpu"]
    row["warm_pct"] = 100 * row["warm_cpu"] / row["plain_cpu"]
    row["rerun_pct"] = 100 * row["rerun_cpu"] / row["plain_cpu"]
    shutil.rmtree(root / "engine-site", ignore_errors=True)

    rebuild_copy = root / "rebuild"
    shutil.copytree(content, rebuild_copy / "content")
    shutil.copy(config, rebuild_copy / "mkdocs.yml")
    row["rebuild_s"], row["rebuild_all_s"] = served_change(rebuild_copy, "indsatser/indsats-1")

    row["site_bytes"] = folder_size(site_dir)
    row["index_bytes"], row["index_gz"] = search_index(site_dir)
    typical = site_dir / "indsatser" / f"indsats-{entries // 2}.html"
    row["page_bytes"], row["page_gz"], row["page_files"] = page_weight(site_dir, typical)

    if pdf:
        row["pdf"] = measure_pdf(content, root)
    shutil.rmtree(root / "plain" / "site", ignore_errors=True)
    return row


def measure_pdf(content: Path, root: Path, config: Path | None = None) -> dict[str, Any]:
    """The PDF task on a content folder (copied; the copy gets the flow edit); with the
    project's `config`, the whole `handbook build` too."""
    root.mkdir(parents=True, exist_ok=True)
    result = task("pdf", str(content), str(root / "pdf"), str(root / "pdf-cache"))
    if config is not None:
        result["build"] = task("build", str(config), str(root / "site"),
                               str(root / "build-cache"))
    return result


def machine() -> dict[str, str]:
    cpu = "?"
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        match = re.search(r"model name\s*:\s*(.+)", cpuinfo.read_text())
        cpu = match[1].strip() if match else cpu
    load = " / ".join(f"{x:.1f}" for x in os.getloadavg())
    return {"nproc": str(os.cpu_count()), "cpu": cpu, "python": platform.python_version(),
            "date": datetime.now().strftime("%Y-%m-%d %H:%M"), "load": load}


def fmt_s(value: float | None) -> str:
    return "–" if value is None else f"{value:.2f} s"


def fmt_pair(row: dict[str, Any], wall: str, cpu: str) -> str:
    if wall not in row:
        return "–"
    return f"{row[wall]:.2f} s ({row[cpu]:.2f} s)"


def fmt_mb(value: float | None) -> str:
    return "–" if value is None else f"{value:.0f} MB"


def fmt_kb(value: float | None) -> str:
    return "–" if value is None else f"{value / 1024:,.0f} KB"


ROWS: list[tuple[str, str, Any, str]] = [
    # label, key, formatter, target
    ("Catalogue entries / flows / glossary terms", "shape", None, ""),
    ("Pages generated", "pages", str, ""),
    ("`handbook check`, whole command: wall (CPU)", "check", None, "< 2 s at 2,000"),
    ("  peak memory", "check_mb", fmt_mb, ""),
    ("  again, validated files from build/cache: wall (CPU)", "recheck", None, ""),
    ("Generation, cold: load + check + resolve + write docs tree, wall (CPU)", "gen", None, ""),
    ("  of which load + check (CPU)", "load_check_cpu", fmt_s, ""),
    ("  of which resolve + write (CPU)", "render_cpu", fmt_s, ""),
    ("Generation after one YAML edit, same process (serve): wall (CPU)", "warm", None, ""),
    ("  of which load + check (CPU)", "warm_load_check_cpu", fmt_s, ""),
    ("  of which resolve + write (CPU)", "warm_render_cpu", fmt_s, ""),
    ("Generation in a new process, files and pages from build/cache: wall (CPU)", "rerun", None,
     ""),
    ("Engine alone: MkDocs builds the docs tree, wall (CPU)", "plain", None, ""),
    ("Our share, cold: generation CPU / engine CPU", "overhead_pct",
     lambda v: f"{v:.1f} %", ""),
    ("Our share after one edit (serve): generation CPU / engine CPU", "warm_pct",
     lambda v: f"{v:.1f} %", "< 10 %"),
    ("Our share, new process with build/cache: generation CPU / engine CPU", "rerun_pct",
     lambda v: f"{v:.1f} %", "< 10 %"),
    ("Full site build (build_site, no PDF), wall (CPU)", "site", None,
     "< 10 s at 500, < 40 s at 2,000"),
    ("  peak memory", "site_mb", fmt_mb, ""),
    ("`handbook serve`: one YAML edit → change on the served page", "rebuild_s", fmt_s,
     "< 1.5 s at 500, < 4 s at 2,000"),
    ("  … and on the catalogue's overview (every entry)", "rebuild_all_s", fmt_s, ""),
    ("Site size", "site_bytes", fmt_kb, ""),
    ("Search index raw / gzip", "index", None, ""),
    ("Typical page (HTML+CSS+JS) raw / gzip", "page", None, "< 500 KB"),
]

PDF_ROWS: list[tuple[str, Any, str]] = [
    # label, value of a PDF task's result, target
    ("Files: handbook + catalogue volumes + handouts",
     lambda r: f"1 + {r['catalogue_files']} + {r['files'] - 1 - r['catalogue_files']}", ""),
    ("Pages: handbog.pdf / catalogue volumes / largest handout",
     lambda r: f"{r['handbook_pages']} / {r['catalogue_pages'] or '–'} / "
               f"{r['max_handout_pages']}", "handouts ≤ 2"),
    ("All PDFs, cold (empty cache), wall (CPU incl. workers)",
     lambda r: f"{r['runs']['cold']['wall']:.2f} s ({r['runs']['cold']['cpu']:.2f} s)",
     "real < 4 s; 500: < 60 s"),
    ("  peak memory, all processes together (PSS, sampled)",
     lambda r: fmt_mb(r["tree_peak_mb"]), "< 700 MB"),
    ("  peak memory, largest single process (maxrss)", lambda r: fmt_mb(r["peak_mb"]), ""),
    ("Again, nothing changed: wall (CPU); files rendered",
     lambda r: f"{r['runs']['unchanged']['wall']:.2f} s ({r['runs']['unchanged']['cpu']:.2f} s);"
               f" {len(r['runs']['unchanged']['rendered'])}", "0 rendered"),
    ("Whole `handbook build` (site + PDFs + zip), cold: wall (CPU)",
     lambda r: _build_cell(r, "cold"), ""),
    ("Whole `handbook build`, nothing changed: wall (CPU)",
     lambda r: _build_cell(r, "unchanged"), ""),
    ("After editing one flow: wall (CPU); files rendered",
     lambda r: f"{r['runs']['edited']['wall']:.2f} s ({r['runs']['edited']['cpu']:.2f} s); "
               + " + ".join(r["runs"]["edited"]["rendered"]), "handbook + that handout"),
]


def _build_cell(result: dict[str, Any], label: str) -> str:
    if "build" not in result:
        return "–"
    run = result["build"][label]
    return f"{run['wall']:.2f} s ({run['cpu']:.2f} s)"


def pdf_table(columns: list[tuple[str, dict[str, Any]]]) -> str:
    head = "| PDF | " + " | ".join(label for label, _ in columns) + " | Target |"
    lines = [head, "|---" * (len(columns) + 2) + "|"]
    for label, value, target in PDF_ROWS:
        cells = " | ".join(value(result) for _, result in columns)
        lines.append(f"| {label} | {cells} | {target} |")
    return "\n".join(lines)


def cell(row: dict[str, Any], key: str, formatter: Any) -> str:
    if key in ("check", "recheck", "gen", "warm", "rerun", "plain", "site"):
        return fmt_pair(row, f"{key}_s", f"{key}_cpu")
    if key == "shape":
        return f"{row['entries']:,} / {row['flows']} / {row['terms']}"
    if key == "index":
        return f"{fmt_kb(row['index_bytes'])} / {fmt_kb(row['index_gz'])}"
    if key == "page":
        return f"{fmt_kb(row['page_bytes'])} / {fmt_kb(row['page_gz'])} ({row['page_files']} filer)"
    value = row.get(key)
    return "–" if value is None else formatter(value)


def table(rows: list[dict[str, Any]]) -> str:
    head = "| Measure | " + " | ".join(f"N = {r['entries']:,}" for r in rows) + " | Target |"
    lines = [head, "|---" * (len(rows) + 2) + "|"]
    for label, key, formatter, target in ROWS:
        cells = " | ".join(cell(r, key, formatter) for r in rows)
        lines.append(f"| {label} | {cells} | {target} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100,500,2000")
    parser.add_argument("--pdf-sizes", default="500", help="sizes that also get PDFs")
    parser.add_argument("--no-real-pdf", action="store_true", help="skip the real content's PDF")
    parser.add_argument("--pdf-only", action="store_true",
                        help="only the PDF table (real content and --pdf-sizes)")
    parser.add_argument("--write", metavar="FILE", type=Path,
                        help="also write the tables to FILE (e.g. to paste into RESULTS.md)")
    parser.add_argument("--flows", type=int, help="flows in each synthetic handbook "
                        "(default: one per 40 entries, at least 5)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        child_main(args.child[0], args.child[1:])
        return 0

    sizes = [] if args.pdf_only else [int(s) for s in args.sizes.split(",") if s]
    pdf_sizes = sorted({int(s) for s in args.pdf_sizes.split(",") if s})
    work = Path(tempfile.mkdtemp(prefix="handbook-bench-"))
    info = machine()
    rows = []
    pdf_columns: list[tuple[str, dict[str, Any]]] = []
    try:
        if not args.no_real_pdf and (REPO / "content").is_dir():
            print("Real content, PDFs …", file=sys.stderr, flush=True)
            pdf_columns.append(("Real content", measure_pdf(REPO / "content", work / "real",
                                                             REPO / "mkdocs.yml")))
        for size in sizes:
            print(f"N = {size} …", file=sys.stderr, flush=True)
            rows.append(measure(size, size in pdf_sizes, work, args.flows))
            if "pdf" in rows[-1]:
                pdf_columns.append((f"N = {size:,}", rows[-1]["pdf"]))
        for size in pdf_sizes:
            if size in sizes:
                continue
            print(f"N = {size}, PDFs …", file=sys.stderr, flush=True)
            root = work / f"n{size}"
            shape = synthetic_handbook(root, size, args.flows)
            pdf_columns.append((f"N = {size:,}", measure_pdf(root / "content", root)))
            pdf_columns[-1][1]["shape"] = shape
    finally:
        if args.keep:
            print(f"Kept {work}", file=sys.stderr)
        else:
            shutil.rmtree(work, ignore_errors=True)

    output = [
        "# Benchmark results",
        "",
        f"Machine: {info['nproc']} CPUs ({info['cpu']}), Python {info['python']}, "
        f"{info['date']}; load average at the end of the run {machine()['load']} "
        f"(at the start {info['load']}).",
        "",
        f"Command: `.venv/bin/python benchmarks/run.py --sizes {args.sizes} "
        f"--pdf-sizes {args.pdf_sizes}{' --pdf-only' if args.pdf_only else ''}`",
        "",
    ]
    if rows:
        output += [table(rows), ""]
    if pdf_columns:
        output += [
            "PDFs (`write_pdfs` after generation, in a child process; the rendering runs in the "
            "print worker's processes, whose CPU time is included):",
            "",
            pdf_table(pdf_columns),
            "",
        ]
    text = "\n".join(output)
    print(text)
    if args.write:
        args.write.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
