from __future__ import annotations

import collections
import os
from collections.abc import Iterator
from pathlib import Path

import handbooks
import pytest

PDF_CACHE_ENV = "HANDBOOK_PDF_CACHE"
FIXTURE_STATE = pytest.StashKey[dict[str, tuple[int, int]]]()


LONGEST_FIRST = (
    "browser/test_every_page.py",  # every page at two widths, axe on each: ≈ 130 s
    "test_pdf.py",
    "test_editions.py",
    "test_benchmarks.py",
    "test_incremental.py",
    "test_build.py",
)
"""The modules that take longest in one process (15–130 s each), longest first."""


@pytest.hookimpl(trylast=True)  # after `-m` has deselected
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The order in which `./dev test` hands modules to its workers (`--dist loadscope
    --no-loadscope-reorder`): LONGEST_FIRST, then the others with more tests first (as
    pytest-xdist orders them). So a long module never starts last while the other worker
    idles, and the one long browser module runs beside the long unit modules (two
    Chromium-heavy modules side by side each took twice as long). Only the run's length
    depends on this; the order within a module is kept."""

    def module(item: pytest.Item) -> str:
        return Path(str(item.path)).relative_to(handbooks.TESTS).as_posix()

    counts = collections.Counter(module(item) for item in items)
    rank = {name: index for index, name in enumerate(LONGEST_FIRST)}
    items.sort(key=lambda item: (rank.get(module(item), len(rank)), -counts[module(item)]))


def fixture_state() -> dict[str, tuple[int, int]]:
    """Every file under tests/fixtures with its size and modification time, every folder."""
    state = {}
    for path in handbooks.FIXTURES.rglob("*"):
        name = path.relative_to(handbooks.FIXTURES).as_posix()
        if path.is_dir() and not path.is_symlink():
            state[name + "/"] = (0, 0)
        else:
            stat = path.lstat()
            state[name] = (stat.st_size, stat.st_mtime_ns)
    return state


def pytest_sessionstart(session: pytest.Session) -> None:
    session.config.stash[FIXTURE_STATE] = fixture_state()


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """A test run writes nothing under tests/fixtures (tests build and edit copies in tmp, see
    tests/handbooks.py): a file or folder added, changed or removed there fails the run."""
    before = session.config.stash.get(FIXTURE_STATE, None)
    if before is None:
        return
    after = fixture_state()
    changed = sorted(name for name in before.keys() | after.keys()
                     if before.get(name) != after.get(name))
    if changed:
        reporter = session.config.pluginmanager.get_plugin("terminalreporter")
        message = "The test run wrote under tests/fixtures: " + ", ".join(changed[:10])
        if reporter is not None:
            reporter.write_line(message, red=True, bold=True)
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


@pytest.fixture(scope="session", autouse=True)
def shared_pdf_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """One PDF cache for every build in the session, in tmp: the cache is keyed by everything a
    PDF depends on (print HTML, stylesheet, worker, renderer), so a PDF another test has already
    rendered from the same content is reused instead of rendered again. Tests of the cache set
    or clear HANDBOOK_PDF_CACHE themselves. Under pytest-xdist the workers share it (the
    session's temporary folder is one per worker, its parent one per run; the cache stores
    whole files only, build_tools/pdf/jobs.py PdfCache)."""
    base = tmp_path_factory.getbasetemp()
    cache = (base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base) / "pdf-cache"
    cache.mkdir(exist_ok=True)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(PDF_CACHE_ENV, str(cache))
        yield cache


@pytest.fixture(scope="session")
def fixture_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The base fixture handbook built once for the session (build_site), in tmp: for tests
    that only read the built site."""
    from build_tools.build import build_site

    root = handbooks.handbook(tmp_path_factory.mktemp("fixture-site"))
    return build_site(root / "mkdocs.yml", root / "site")


@pytest.fixture
def handbook_copy(tmp_path: Path) -> Path:
    """A writable copy of the fixture handbook whose mkdocs.yml still finds the real theme."""
    return handbooks.handbook(tmp_path / "handbook")
