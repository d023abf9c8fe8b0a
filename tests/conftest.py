from __future__ import annotations

from pathlib import Path

import handbooks
import pytest


@pytest.fixture
def handbook_copy(tmp_path: Path) -> Path:
    """A writable copy of the fixture handbook whose mkdocs.yml still finds the real theme."""
    return handbooks.handbook(tmp_path / "handbook")
