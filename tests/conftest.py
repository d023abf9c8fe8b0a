from __future__ import annotations

import shutil
from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures"
REPO = Path(__file__).parent.parent


@pytest.fixture
def handbook_copy(tmp_path: Path) -> Path:
    """A writable copy of the fixture handbook whose mkdocs.yml still finds the real theme."""
    target = tmp_path / "handbook"
    shutil.copytree(FIXTURES / "handbook" / "content", target / "content")
    config = (FIXTURES / "handbook" / "mkdocs.yml").read_text(encoding="utf-8")
    config = config.replace("../../../", f"{REPO.as_posix()}/")
    (target / "mkdocs.yml").write_text(config, encoding="utf-8")
    return target
