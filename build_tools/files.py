"""Writing a file so that no reader ever finds half of it.

Every output the build keeps between runs (the docs tree's pages, the cache of validated files,
the PDF cache, the editions' change lists, the offline zip) is written through `replacing`: the
data goes to a temporary file beside the target, which is renamed onto the target only when it
is whole. The temporary name is unique (two builds writing the same file at once each put a
whole file there) and the temporary file is removed if writing fails (nothing is left behind).
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


@contextmanager
def replacing(path: Path) -> Iterator[Path]:
    """with replacing(target) as temporary: write `temporary`; when the block ends without an
    error it replaces `target` (created with the folder's usual permissions, as a plain write
    would), else it is removed and `target` is left as it was."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(handle)
    temporary = Path(name)
    try:
        os.chmod(temporary, 0o666 & ~_UMASK)
        yield temporary
        temporary.replace(path)
    finally:
        temporary.unlink(missing_ok=True)


def write_bytes(path: Path, data: bytes) -> None:
    """Replace `path` with `data`, whole (see `replacing`)."""
    with replacing(path) as temporary:
        temporary.write_bytes(data)


def write_text(path: Path, text: str) -> None:
    """Replace `path` with `text` in UTF-8, whole (see `replacing`)."""
    write_bytes(path, text.encode("utf-8"))


def _read_umask() -> int:
    """The process's umask: read by setting it (the only portable way) and setting it back, so
    once, when the module is imported (not while other threads may be creating files)."""
    current = os.umask(0o022)
    os.umask(current)
    return current


_UMASK = _read_umask()
