from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import handbooks
import pytest

PDF_CACHE_ENV = "HANDBOOK_PDF_CACHE"


@pytest.fixture(scope="session", autouse=True)
def shared_pdf_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """One PDF cache for every build in the session, in tmp: the cache is keyed by everything a
    PDF depends on (print HTML, stylesheet, worker, renderer), so a PDF another test has already
    rendered from the same content is reused instead of rendered again. Tests of the cache set
    or clear HANDBOOK_PDF_CACHE themselves."""
    cache = tmp_path_factory.mktemp("pdf-cache")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(PDF_CACHE_ENV, str(cache))
        yield cache


@pytest.fixture
def handbook_copy(tmp_path: Path) -> Path:
    """A writable copy of the fixture handbook whose mkdocs.yml still finds the real theme."""
    return handbooks.handbook(tmp_path / "handbook")
