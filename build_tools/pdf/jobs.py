"""Print HTML → PDFs: the jobs of a handbook (print_jobs), the print worker process that
renders them with WeasyPrint (print/worker.py: a process per document, two at a time), and the
cache of finished PDFs by the hash of their input (PdfCache)."""
from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from importlib import metadata
from pathlib import Path
from typing import Any

from jinja2 import Environment

from build_tools import files
from build_tools.pdf.html import (
    CATALOGUE_PDF,
    HANDBOOK_PDF,
    HANDOUT_MAX_PAGES,
    STYLESHEET,
    VALUES_PDF,
    PdfError,
    PrintDocument,
    catalogue_html,
    handbook_html,
    make_print_environment,
    print_date,
    values_html,
    vejviser_html,
    vejviser_pdf_name,
    with_print_date,
)
from build_tools.print import worker as print_worker
from build_tools.registry import VAERDIER, VEJVISERE
from build_tools.resolve import Handbook

WORKER = Path(print_worker.__file__)
PARALLEL_MAX = 2
"""Documents rendered at once at most: each holds its whole layout in memory."""
CACHE_VERSION = "1"
"""Part of every cache key; raise it when the PDFs change in a way their input does not show."""
CACHE_DAYS = 30
ARCHIVE_ENV = "HANDBOOK_PDF_ARKIV"
"""Set (to anything but empty) when an edition is built for the archive (build_tools/editions.py):
the handbook PDF is then written as PDF/A-3b (ARCHIVE_VARIANT), the other PDFs as usual."""
ARCHIVE_VARIANT = "pdf/a-3b"
DOCUMENT_SECONDS = 600
"""The most CPU time one PDF may take. The largest document measured, the 167-page handbook of
2,000 entries, 50 flows and 200 terms, takes about 20 s (8–9 pages a second); content that
takes ten minutes stops the build with a message instead of holding it until CI's limit."""


@dataclass
class PdfResult:
    path: Path
    pages: int
    note: str = ""
    rendered: bool = True
    """False when the file was copied from the cache (its input had not changed)."""


@dataclass
class PrintJob:
    """One PDF to make: its file name and its print HTML, the preferred variant first."""

    name: str
    variants: list[str]
    max_pages: int | None = None
    """With a limit, the first variant that fits is printed (the compact handout)."""
    pdf_variant: str | None = None
    """WeasyPrint's PDF variant (ARCHIVE_VARIANT for an edition's handbook), None: plain PDF."""

    def key(self) -> str:
        """The cache key: everything the PDF depends on (HTML, stylesheet, renderer)."""
        digest = hashlib.sha256()
        variant = [self.pdf_variant] if self.pdf_variant else []
        for part in (CACHE_VERSION, _renderer_versions(), STYLESHEET.read_bytes(),
                     WORKER.read_bytes(), str(self.max_pages), *variant, *self.variants):
            data = part if isinstance(part, bytes) else str(part).encode()
            digest.update(len(data).to_bytes(8, "big"))
            digest.update(data)
        return digest.hexdigest()


@functools.cache
def _renderer_versions() -> str:
    """WeasyPrint's and pydyf's versions, read without importing them (that takes a second)."""
    return " ".join(f"{name} {metadata.version(name)}" for name in ("weasyprint", "pydyf"))


def worker_count() -> int:
    """Documents rendered at once: one per core, at most PARALLEL_MAX (memory)."""
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cores = os.cpu_count() or 1
    return max(1, min(PARALLEL_MAX, cores))


class _PrintWorker:
    """The print worker process (print/worker.py).

    Without a cache it is started before the first print HTML is made, so importing WeasyPrint
    there overlaps with making the HTML here; with a cache, when the first document is not in
    it (a build whose PDFs all come from the cache starts none: 0.3 s of CPU saved for a small
    handbook). Its answers and messages go to temporary files, not pipes, so neither side can
    wait on the other.
    """

    def __init__(self) -> None:
        self.results_file = tempfile.TemporaryFile(mode="w+", encoding="utf-8")
        self.errors = tempfile.TemporaryFile(mode="w+", encoding="utf-8")
        self.pending: dict[str, Path] = {}
        self.process = subprocess.Popen(
            [sys.executable, str(WORKER), "--jobs", str(worker_count())],
            stdin=subprocess.PIPE, stdout=self.results_file, stderr=self.errors,
            text=True, encoding="utf-8", start_new_session=True)

    def submit(self, job: PrintJob, target: Path, printed: date | None = None) -> None:
        """Send a job; with `printed`, that day fills the print-date marks."""
        assert self.process.stdin is not None
        self.pending[job.name] = target
        variants = [with_print_date(html, printed) for html in job.variants] if printed \
            else job.variants
        line = json.dumps({"id": job.name, "variants": variants,
                           "max_pages": job.max_pages, "seconds": DOCUMENT_SECONDS,
                           "pdf_variant": job.pdf_variant,
                           "target": str(target)}, ensure_ascii=False)
        try:
            self.process.stdin.write(line + "\n")
            self.process.stdin.flush()
        except BrokenPipeError:
            pass  # the worker stopped; results() says why

    def results(self) -> dict[str, dict[str, Any]]:
        """Wait for every submitted job; its result by file name."""
        if not self.pending:
            return {}
        assert self.process.stdin is not None
        with contextlib.suppress(BrokenPipeError):
            self.process.stdin.close()
        self.process.wait()
        self.results_file.seek(0)
        results = {}
        for line in self.results_file.read().splitlines():
            result = json.loads(line)
            results[result["id"]] = result
        if set(self.pending) - set(results) or self.process.returncode != 0:
            self.errors.seek(0)
            detail = self.errors.read().strip().splitlines()[-1:] or ["ingen besked"]
            raise PdfError(f"PDF'en kunne ikke laves: tegneprocessen stoppede "
                           f"({self.process.returncode}): {detail[0]}")
        return results

    def close(self) -> None:
        """Stop the worker if it still runs, and the children it forked (its own process
        group: started in a session of its own, so a Ctrl-C reaches it only through here)."""
        if self.process.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()
        if self.process.stdin is not None:
            with contextlib.suppress(BrokenPipeError):
                self.process.stdin.close()
        self.results_file.close()
        self.errors.close()


class PdfCache:
    """Finished PDFs by the key of their input (PrintJob.key), in a folder of their own.

    <key>.pdf holds the file, <key>.json its page count and printed variant. An entry is
    touched when used; entries unused for CACHE_DAYS days are removed.
    """

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def get(self, key: str) -> tuple[Path, dict[str, Any]] | None:
        pdf = self.folder / f"{key}.pdf"
        info = self.folder / f"{key}.json"
        try:
            facts = json.loads(info.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        if not pdf.is_file():
            return None
        for path in (pdf, info):
            os.utime(path)
        return pdf, facts

    def put(self, key: str, source: Path, facts: dict[str, Any]) -> None:
        """Store the PDF, then its facts (get() needs both), each written under a name of its
        own and renamed into place: builds that share the cache and store the same key at
        once each put a whole file there, never half of one."""
        with files.replacing(self.folder / f"{key}.pdf") as temporary:
            shutil.copyfile(source, temporary)
        files.write_text(self.folder / f"{key}.json", json.dumps(facts))

    def prune(self) -> None:
        if not self.folder.is_dir():
            return
        limit = time.time() - CACHE_DAYS * 86400
        for path in self.folder.iterdir():
            with contextlib.suppress(OSError):
                if path.stat().st_mtime < limit:
                    path.unlink()


def print_jobs(doc: PrintDocument, env: Environment,
               want: Callable[[str], bool]) -> Iterator[PrintJob]:
    """The PDFs of a handbook as print HTML, the largest first (it takes longest)."""
    if want(HANDBOOK_PDF):
        archive = ARCHIVE_VARIANT if os.environ.get(ARCHIVE_ENV) else None
        yield PrintJob(HANDBOOK_PDF, [handbook_html(doc, env)], pdf_variant=archive)
    for volume in doc.catalogue_volumes():
        if want(volume.name):
            yield PrintJob(volume.name, [catalogue_html(doc, volume, env)])
    for item in doc.handbook.published(VEJVISERE):
        name = vejviser_pdf_name(item.id)
        if want(name):
            yield PrintJob(name, [vejviser_html(doc, item, compact, env)
                                  for compact in (False, True)], HANDOUT_MAX_PAGES)
    if want(VALUES_PDF) and doc.handbook.published(VAERDIER):
        yield PrintJob(VALUES_PDF, [values_html(doc, compact, env) for compact in (False, True)],
                       HANDOUT_MAX_PAGES)

def start_pdfs(handbook: Handbook, out_dir: Path, printed: date | None = None,
               only: Iterable[str] | None = None, cache: Path | None = None) -> PdfRun:
    """Begin write_pdfs: make the print HTML, copy what the cache has, and send the rest to the
    print worker, which renders in processes of its own (print/worker.py; one child per
    document, two at a time). Returns at once; finish() waits for the files, cancel() stops."""
    run = PdfRun(out_dir, only, cache)
    try:
        run.start(handbook, printed or print_date())
    except BaseException:
        run.cancel()
        raise
    return run


class PdfRun:
    """PDFs being made (see start_pdfs)."""

    def __init__(self, out_dir: Path, only: Iterable[str] | None, cache: Path | None) -> None:
        self.out_dir = out_dir
        self.wanted = set(only) if only is not None else None
        self.store = PdfCache(cache) if cache is not None else None
        self.worker = _PrintWorker() if self.store is None else None
        self.jobs: list[PrintJob] = []
        self.keys: dict[str, str] = {}
        self.done: dict[str, PdfResult] = {}

    def want(self, name: str) -> bool:
        return self.wanted is None or name in self.wanted

    def start(self, handbook: Handbook, printed: date) -> None:
        self.out_dir.mkdir(parents=True, exist_ok=True)
        doc = PrintDocument(handbook, printed)
        env = make_print_environment()
        for job in print_jobs(doc, env, self.want):
            self.jobs.append(job)
            target = self.out_dir / job.name
            self.keys[job.name] = key = job.key()
            hit = self.store.get(key) if self.store else None
            if hit is not None:
                source, facts = hit
                with files.replacing(target) as temporary:
                    shutil.copyfile(source, temporary)
                self.done[job.name] = _result(job, target, facts, rendered=False)
            else:
                if self.worker is None:
                    self.worker = _PrintWorker()
                self.worker.submit(job, self._temporary(job.name), printed)
            job.variants = []  # sent or reused: the HTML (megabytes in a large catalogue) can go

    def _temporary(self, name: str) -> Path:
        return self.out_dir / f".{name}.tmp"

    def finish(self) -> list[PdfResult]:
        """Wait for the rendering; put every new PDF in place (and in the cache), or none when
        one failed (PdfError with its Danish message). The PDFs in `jobs` order."""
        pending: dict[str, Path] = {}
        results: dict[str, dict[str, Any]] = {}
        if self.worker is not None:
            pending = self.worker.pending
            try:
                results = self.worker.results()
            except BaseException:
                self.cancel()
                raise
            finally:
                self.worker.close()

        errors = [result["error"] for result in results.values() if "error" in result]
        if errors:
            self.cancel()
            raise PdfError(errors[0])
        for job in self.jobs:
            if job.name not in pending:
                continue
            facts = {"pages": results[job.name]["pages"], "variant": results[job.name]["variant"]}
            temporary = self._temporary(job.name)
            if self.store is not None:
                self.store.put(self.keys[job.name], temporary, facts)
            temporary.replace(self.out_dir / job.name)
            self.done[job.name] = _result(job, self.out_dir / job.name, facts, rendered=True)
        if self.store is not None:
            self.store.prune()

        if self.wanted is None:
            current = {job.name for job in self.jobs}
            for pattern in ("vejviser-*.pdf", f"{CATALOGUE_PDF}*.pdf"):
                for old in self.out_dir.glob(pattern):
                    if old.name not in current:
                        old.unlink()
        return [self.done[job.name] for job in self.jobs]

    def cancel(self) -> None:
        """Stop the rendering (the worker and every child it forked) and remove its partial
        files; the PDFs already in `out_dir` stay as they were."""
        if self.worker is None:
            return
        self.worker.close()
        for name in self.worker.pending:
            self._temporary(name).unlink(missing_ok=True)


def _result(job: PrintJob, path: Path, facts: dict[str, Any], rendered: bool) -> PdfResult:
    note = ""
    if job.max_pages is not None:
        note = _fit_note(facts["variant"] == 0, facts["pages"])
    return PdfResult(path, facts["pages"], note, rendered)


def _fit_note(full: bool, pages: int) -> str:
    if pages > HANDOUT_MAX_PAGES:
        return (f"fylder {pages} sider, mere end {HANDOUT_MAX_PAGES}; "
                "forkort teksten")
    return "" if full else "kort udgave: mindre skrift, ekstra afsnit henvist til håndbogen"
