"""Files the build keeps between runs are replaced whole or not at all (build_tools/files.py)."""

from __future__ import annotations

import errno
import os
import resource
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from build_tools import build, cache, files


@contextmanager
def disk_full_after(limit: int) -> Iterator[None]:
    """Inside the block, no file of this process grows past `limit` bytes: a longer write
    fails (EFBIG), as on a full disk, however the code writes."""
    soft, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
    resource.setrlimit(resource.RLIMIT_FSIZE, (limit, hard))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_FSIZE, (soft, hard))


def test_a_failed_write_leaves_the_old_file_and_nothing_else(tmp_path: Path) -> None:
    target = tmp_path / "side.md"
    target.write_text("den gamle side", encoding="utf-8")
    with pytest.raises(OSError), files.replacing(target) as temporary:
        temporary.write_text("en halv", encoding="utf-8")
        raise OSError(errno.ENOSPC, "No space left on device")
    assert target.read_text(encoding="utf-8") == "den gamle side"
    assert [p.name for p in tmp_path.iterdir()] == ["side.md"]


def test_a_replaced_file_can_be_read_as_a_plainly_written_one(tmp_path: Path) -> None:
    """Served files (the docs tree, the offline zip) stay readable for the web server:
    the temporary file's private mode is not kept."""
    plain = tmp_path / "plain.txt"
    plain.write_text("x", encoding="utf-8")
    files.write_text(tmp_path / "hel.txt", "x")
    assert (tmp_path / "hel.txt").stat().st_mode == plain.stat().st_mode
    files.write_bytes(tmp_path / "mappe" / "ny.bin", b"x")  # the folder is made
    assert (tmp_path / "mappe" / "ny.bin").read_bytes() == b"x"


def test_a_cache_that_cannot_be_written_leaves_no_partial_file(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A full disk while the cache of validated files is written: the command goes on, the
    cache file is the previous one and no temporary file is left in build/cache."""
    monkeypatch.setenv(cache.KEY_ENV, str(tmp_path / "noegle"))
    content = tmp_path / "content"
    shutil.copytree(Path(__file__).parent / "fixtures" / "handbook" / "content", content)
    build_dir = tmp_path / "build"
    cache.clear()
    build._last_checked = None
    try:
        build.load_checked(content, build_dir)
        stored = build_dir / cache.CACHE_FOLDER / cache.CACHE_FILE
        before = stored.read_bytes()
        cache.FILES.dirty = True
        assert len(before) > 1000
        with disk_full_after(1000):
            cache.persist(build_dir)
        assert stored.read_bytes() == before
        assert os.listdir(stored.parent) == [stored.name]
    finally:
        cache.clear()
        build._last_checked = None
