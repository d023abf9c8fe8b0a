"""`handbook serve`: a local preview that follows the content.

The docs tree is written once, the engine serves it with live reload, and a watcher re-runs
load → check → resolve → write whenever a file under content/ changes. Only pages whose
Markdown changed are rewritten, so the engine rebuilds just those. Broken content never reaches
the preview: the check's Danish lines are printed and the last good pages stay.
"""

from __future__ import annotations

import sys
import threading
import time

from build_tools import build
from build_tools.engine import MkDocs
from build_tools.problems import ContentError
from build_tools.project import Project
from build_tools.resolve import Options

POLL_SECONDS = 0.5


def refresh(project: Project, options: Options) -> bool:
    """Write the docs tree from the content as it is now; False (with the Danish lines
    printed) when the content has errors."""
    try:
        build.write(project, options)
    except ContentError as exc:
        print(exc, file=sys.stderr, flush=True)
        print("Forhåndsvisningen viser den seneste version uden fejl. Ret filen og gem igen.",
              file=sys.stderr, flush=True)
        return False
    return True


def watch(project: Project, options: Options, stop: threading.Event) -> None:
    """Poll content/ and rewrite the docs tree after every change."""
    seen = build._fingerprint(project.content_dir)
    while not stop.wait(POLL_SECONDS):
        now = build._fingerprint(project.content_dir)
        if now != seen:
            seen = now
            if refresh(project, options):
                print(f"{time.strftime('%H:%M:%S')} Opdateret fra content/.", flush=True)


def serve(project: Project, options: Options, addr: str, engine: object = None) -> int:
    engine = engine or MkDocs()
    if not refresh(project, options):
        return 1
    stop = threading.Event()
    watcher = threading.Thread(target=watch, args=(project, options, stop), daemon=True)
    watcher.start()
    print(f"Håndbogen vises på http://{addr}/ – stop med Ctrl+C.", flush=True)
    try:
        engine.serve(project.build_dir / "mkdocs.yml", addr)  # type: ignore[attr-defined]
    except KeyboardInterrupt:
        pass
    finally:
        stop.set()
    return 0
