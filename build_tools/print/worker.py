"""The print worker: print HTML → PDF with WeasyPrint, one process per document.

build_tools/pdf/jobs.py starts this file as its own program (`python worker.py --jobs 2`); it
imports WeasyPrint and the standard library only, never the handbook's models or MkDocs, and
receives finished print HTML. It reads one job per line on stdin (JSON):

    {"id": "handbog.pdf", "variants": ["<html>…", …], "max_pages": 2, "target": "/…/x.pdf",
     "seconds": 600, "pdf_variant": null}

("pdf_variant": "pdf/a-3b" writes an archival PDF/A-3b, see pdf.ARCHIVE_VARIANT) and answers
one line per job on stdout, in the order the jobs finish:

    {"id": "handbog.pdf", "pages": 58, "variant": 0}   or   {"id": …, "error": "…"}

A job with "seconds" may use that much CPU time; then it stops with a Danish message (and a
child stuck where Python cannot raise is killed by the system half a minute later).

A job renders its first variant; when that needs more than `max_pages` pages and there is
another variant (the compact handout), it renders that one instead. A variant with another
behind it is laid out only until it passes `max_pages` (see PageLimit): its length beyond that
is never needed, and laying out the rest of an eight-page flow cost more than the compact
handout itself.

Each job runs in a child forked from the worker after WeasyPrint is imported and the font
configuration and stylesheet are made, so those are paid once, and the memory a layout takes
(WeasyPrint does not give it back between documents) is returned when the child ends. At most
`--jobs` children run at once.

The same functions render in-process for callers that want a Document (`render`), and hold the
URL fetcher that refuses anything but local files below the print folder.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

PRINT_DIR = Path(__file__).resolve().parent
STYLESHEET = PRINT_DIR / "print.css"
ERROR_LIMIT = 2000
"""Characters of an error message sent back (a result stays one short line)."""


def local_url_fetcher(allowed: Iterable[Path]) -> Any:
    """A WeasyPrint URL fetcher that only opens local files below the `allowed` folders.

    Any other URL (http, https, data, ftp, a file elsewhere) stops the rendering with
    FatalURLFetchingError instead of a silent request or a silently missing resource.
    """
    from weasyprint.urls import FatalURLFetchingError, URLFetcher

    roots = [path.resolve() for path in allowed]

    class LocalOnlyFetcher(URLFetcher):  # type: ignore[misc]  # WeasyPrint has no types
        def fetch(self, url: str, headers: Any = None) -> Any:
            parts = urlsplit(url)
            if parts.scheme != "file":
                raise FatalURLFetchingError(f"afvist adresse uden for maskinen: {url}")
            path = Path(unquote(parts.path)).resolve()
            if not any(path.is_relative_to(root) for root in roots):
                raise FatalURLFetchingError(f"afvist fil uden for de tilladte mapper: {path}")
            return super().fetch(url, headers)

    return LocalOnlyFetcher(allowed_protocols=("file",), fail_on_errors=True)


class TooLong(Exception):
    """A layout stopped because it passed its page limit."""


class PageLimit(logging.Filter):
    """Stops a layout as soon as it passes `limit` pages.

    WeasyPrint reports each page it lays out on its progress logger ("weasyprint.progress",
    'Step 5 - Creating layout - Page %d'); an exception raised in a logger's filter leaves the
    logging call, and so the layout. Should a WeasyPrint version word that message differently,
    the limit never triggers and the variant is laid out whole: slower, never wrong.
    """

    LOGGER = "weasyprint.progress"

    def __init__(self, limit: int) -> None:
        super().__init__()
        self.limit = limit

    def filter(self, record: logging.LogRecord) -> bool:
        if str(record.msg).startswith("Step 5 - Creating layout - Page") and record.args:
            page = record.args[0] if isinstance(record.args, tuple) else None
            if isinstance(page, int) and page > self.limit:
                raise TooLong(page)
        return False  # the progress messages themselves are never shown

    def __enter__(self) -> PageLimit:
        logger = logging.getLogger(self.LOGGER)
        self._level, self._propagate = logger.level, logger.propagate
        logger.setLevel(logging.INFO)
        logger.propagate = False
        logger.addFilter(self)
        return self

    def __exit__(self, *exc: object) -> None:
        logger = logging.getLogger(self.LOGGER)
        logger.removeFilter(self)
        logger.setLevel(self._level)
        logger.propagate = self._propagate


class Printer:
    """One font configuration and one parsed stylesheet, reused for every document."""

    def __init__(self) -> None:
        from weasyprint import CSS
        from weasyprint.text.fonts import FontConfiguration

        self.fetcher = local_url_fetcher([PRINT_DIR])
        self.font_config = FontConfiguration()
        self.stylesheet = CSS(filename=str(STYLESHEET), url_fetcher=self.fetcher,
                              font_config=self.font_config)

    def render(self, html: str) -> Any:
        """Lay out print HTML; raises FatalURLFetchingError for a refused URL."""
        from weasyprint import HTML

        return HTML(string=html, base_url=str(PRINT_DIR) + "/", url_fetcher=self.fetcher).render(
            stylesheets=[self.stylesheet], font_config=self.font_config, pdf_tags=True)

    def fitting(self, html: str, max_pages: int) -> Any:
        """The laid-out document, or None once it passes `max_pages` (not laid out further)."""
        try:
            with PageLimit(max_pages):
                return self.render(html)
        except TooLong:
            return None

    def run(self, job: dict[str, Any]) -> dict[str, Any]:
        """Render a job's first variant that fits (or its last) and write it to its target."""
        variants: list[str] = job["variants"]
        max_pages = job.get("max_pages")
        document = None
        index = 0
        if max_pages is not None:
            while document is None and index + 1 < len(variants):
                document = self.fitting(variants[index], max_pages)
                index += document is None
        if document is None:
            document = self.render(variants[index])
        target = Path(job["target"])
        document.write_pdf(target, pdf_tags=True, font_config=self.font_config,
                           pdf_variant=job.get("pdf_variant"))
        return {"pages": len(document.pages), "variant": index}


def error_message(exc: BaseException) -> str:
    """The Danish line an editor sees when a PDF cannot be made."""
    from weasyprint.urls import FatalURLFetchingError

    if isinstance(exc, FatalURLFetchingError):
        reason = exc.__cause__ or exc
        return f"PDF'en kunne ikke laves: {reason}"
    return f"PDF'en kunne ikke laves: {type(exc).__name__}: {exc}"[:ERROR_LIMIT]


class OutOfTime(Exception):
    """A document used up the CPU seconds it was given."""


GRACE_SECONDS = 30
"""After its limit a document has this long to stop by itself before the system kills it."""


def _limit_cpu(seconds: int) -> None:
    """In the child: raise OutOfTime after `seconds` of CPU time (SIGXCPU), and let the system
    kill the process GRACE_SECONDS later should it be stuck where Python cannot raise."""
    import resource
    import signal

    def out_of_time(signum: int, frame: object) -> None:
        raise OutOfTime(seconds)

    signal.signal(signal.SIGXCPU, out_of_time)
    used = int(sum(os.times()[:2]))  # the fork's own CPU time so far counts against the limit
    resource.setrlimit(resource.RLIMIT_CPU,
                       (used + seconds, used + seconds + GRACE_SECONDS))


def _child(printer: Printer, job: dict[str, Any], result_fd: int) -> None:
    """In the forked child: render, report one JSON line on the pipe, exit without cleanup."""
    code = 0
    try:
        if job.get("seconds"):
            _limit_cpu(int(job["seconds"]))
        result = printer.run(job)
    except OutOfTime as exc:
        result = {"error": f"PDF'en {job['id']} kunne ikke laves: den var ikke færdig efter "
                           f"{exc.args[0]} sekunders beregning. Er en tekst usædvanlig lang?"}
        code = 1
    except BaseException as exc:  # noqa: BLE001 (every failure becomes a message to the parent)
        result = {"error": error_message(exc)}
        code = 1
    result["id"] = job["id"]
    try:
        os.write(result_fd, json.dumps(result, ensure_ascii=False).encode())
    finally:
        os._exit(code)


def serve(jobs: int, lines: Iterable[str], out: Any) -> None:
    """Fork a child per job line, at most `jobs` at once; one result line each on `out`."""
    printer = Printer()
    running: dict[int, tuple[str, int]] = {}

    def reap() -> None:
        pid, status = os.wait()
        job_id, fd = running.pop(pid)
        with os.fdopen(fd, "rb") as pipe:
            data = pipe.read()
        if data:
            result = json.loads(data)
        else:
            code = os.waitstatus_to_exitcode(status)
            result = {"id": job_id, "error": f"PDF'en {job_id} kunne ikke laves: "
                                             f"tegneprocessen stoppede ({code})"}
        out.write(json.dumps(result, ensure_ascii=False) + "\n")
        out.flush()

    for line in lines:
        if not line.strip():
            continue
        job = json.loads(line)
        while len(running) >= jobs:
            reap()
        read_fd, write_fd = os.pipe()
        out.flush()
        pid = os.fork()
        if pid == 0:
            os.close(read_fd)
            _child(printer, job, write_fd)
        os.close(write_fd)
        running[pid] = (job["id"], read_fd)
    while running:
        reap()


def main() -> None:
    parser = argparse.ArgumentParser(description="print HTML → PDF, one process per document")
    parser.add_argument("--jobs", type=int, default=2, help="documents rendered at once")
    args = parser.parse_args()
    serve(max(1, args.jobs), sys.stdin, sys.stdout)


if __name__ == "__main__":
    main()
