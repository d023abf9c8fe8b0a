"""`handbook rediger`: edit the handbook in forms in the browser, and the `/admin/` page.

Locally, three things run on 127.0.0.1 and stop together with Ctrl+C:

- Decap's local backend (`decap-server`, from node_modules), which reads and writes the files
  under content/ for the CMS. It is confined (SECURITY.md): its folder is content/ itself
  (decap-server refuses every path that resolves outside it, symbolic links included; the
  forms' media folder lies inside it), and it answers one browser origin only, the admin
  page's (`ORIGIN`): a script on the preview or any other 127.0.0.1 port can neither read nor
  write through it;
- the admin page: the Decap bundle from node_modules, our admin.js and the configuration
  generated from the registry (build_tools/cms.py) – nothing is loaded from another host;
- the live preview (`handbook serve`), which follows every file the forms save.

With `--backend gitlab|github --repo ORG/REPO` the command prints the configuration for the
municipality's Git host instead (editorial workflow: each change a pull request). When
`extra.handbook.cms` in mkdocs.yml names a backend, `handbook build` adds the admin page to the
published site as `admin/`; without it there is no admin page (the default).
"""

from __future__ import annotations

import argparse
import http.server
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

from build_tools import cms
from build_tools.admin_page import content_location
from build_tools.context import Context

DIST_SUFFIXES = (".js", ".wasm", ".css")


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    rediger = commands.add_parser(
        "rediger", help="rediger håndbogen i formularer i browseren (CMS) med forhåndsvisning")
    rediger.add_argument("--addr", default="127.0.0.1:8000",
                         help="forhåndsvisningens adresse (standard 127.0.0.1:8000)")
    rediger.add_argument("--cms-port", type=int, default=8080,
                         help="port til formularerne på 127.0.0.1 (standard 8080)")
    rediger.add_argument("--server-port", type=int, default=8081,
                         help="port til CMS'ets lokale server på 127.0.0.1 (standard 8081)")
    rediger.add_argument("--uden-forhaandsvisning", action="store_true",
                         help="start kun formularerne, ikke forhåndsvisningen")
    rediger.add_argument("--backend", choices=cms.BACKENDS, default="local",
                         help="local (standard): filerne her; gitlab eller github: skriv "
                              "konfigurationen til den fælles Git-server og stop")
    rediger.add_argument("--repo", default="", help="ORG/REPO på Git-serveren")
    rediger.add_argument("--branch", default="main", help="hovedgrenen (standard main)")
    rediger.add_argument("--base-url", default="",
                         help="Git-serverens adresse (GitLab: fx https://gitlab.kommune.dk; "
                              "GitHub: adressen på login-serveren)")
    rediger.add_argument("--app-id", default="", help="GitLab: OAuth-programmets id (PKCE)")
    rediger.set_defaults(run=run)


def run(ctx: Context) -> int:
    args = ctx.args
    project = ctx.project
    if args.backend != "local":
        _, prefix = content_location(project)
        settings = {k: v for k, v in (("base_url", args.base_url), ("app_id", args.app_id)) if v}
        try:
            backend = cms.backend_from_settings(
                {"backend": args.backend, "repo": args.repo, "branch": args.branch, **settings})
        except cms.CmsConfigError as exc:
            print(f"Afbrudt: {exc}".replace("extra.handbook.cms.", "--"), file=sys.stderr)
            return 1
        print(cms.config_yaml(cms.config(backend, prefix, project.content_dir)), end="")
        return 0
    node = shutil.which("node")
    if node is None:
        print("Afbrudt: Node.js (node) er ikke installeret; formularerne kræver det. "
              "Installér Node.js 20 eller nyere.", file=sys.stderr)
        return 1
    try:
        server_script = cms.node_file(*cms.SERVER)
        cms.node_file(*cms.BUNDLE)
    except cms.MissingNodeModules as exc:
        print(f"Afbrudt: {exc}", file=sys.stderr)
        return 1
    for port in (args.server_port, args.cms_port):
        if port_taken(port):
            print(f"Afbrudt: port {port} på 127.0.0.1 er optaget (kører handbook rediger "
                  "allerede?); vælg en anden med --cms-port eller --server-port.",
                  file=sys.stderr)
            return 1
    # Stopped from outside (SIGTERM), the local backend must stop too: turn it into Ctrl+C.
    signal.signal(signal.SIGTERM, _interrupt)
    backend = cms.Backend(proxy_url=f"http://127.0.0.1:{args.server_port}/api/v1")
    # The backend's folder is content/ itself: the collections' folders are relative to it.
    settings = cms.config(backend, "", project.content_dir, site_url=f"http://{args.addr}/")
    admin = AdminServer(settings, args.cms_port)
    server = start_backend(node, server_script, project.content_dir, args.server_port,
                           origin=admin.origin)
    try:
        wait_for_backend(args.server_port, server)
        admin.start()
        print(f"Formularerne: {admin.url} (gemmer i {project.content_dir})", flush=True)
        if args.uden_forhaandsvisning:
            print("Stop med Ctrl+C.", flush=True)
            server.wait()
            return 0
        print(f"Forhåndsvisningen: http://{args.addr}/ (opdateres, når du gemmer)", flush=True)
        from build_tools.engine import ENGINES
        from build_tools.serve import serve

        return serve(project, ctx.options, args.addr, ENGINES["mkdocs"])
    except KeyboardInterrupt:
        return 130
    finally:
        admin.stop()
        server.terminate()
        try:
            server.wait(timeout=5)
        except subprocess.TimeoutExpired:
            server.kill()


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def port_taken(port: int) -> bool:
    if port == 0:
        return False
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as the servers do
        try:
            probe.bind(("127.0.0.1", port))
        except OSError:
            return True
    return False


def start_backend(node: str, script: Path, root: Path, port: int,
                  origin: str) -> subprocess.Popen[bytes]:
    """decap-server on 127.0.0.1:`port`, reading and writing the files under `root` only (it
    resolves every path, symbolic links too, and refuses one outside), for pages of `origin`
    only (`http://127.0.0.1:8080`: its CORS answers no other origin, so a browser sends no
    request from any other page; without ORIGIN it would answer every localhost port)."""
    if not origin.startswith("http://127.0.0.1:") or origin.endswith("/"):
        raise ValueError(f"origin must be http://127.0.0.1:PORT, not {origin!r}")
    env = {**os.environ, "PORT": str(port), "BIND_HOST": "127.0.0.1", "MODE": "fs",
           "GIT_REPO_DIRECTORY": str(root.resolve()), "ORIGIN": origin, "LOG_LEVEL": "warn"}
    return subprocess.Popen([node, str(script)], cwd=root, env=env)


def wait_for_backend(port: int, process: subprocess.Popen[bytes], seconds: float = 20) -> None:
    """Return once the local backend answers; raise RuntimeError (Danish) if it never does."""
    deadline = time.monotonic() + seconds
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}/api/v1", data=b'{"action":"info"}',
        headers={"Content-Type": "application/json"})
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"CMS'ets lokale server stoppede (kode {process.returncode}); "
                               f"er port {port} optaget?")
        try:
            with urllib.request.urlopen(request, timeout=1) as response:
                if json.load(response).get("type") == "local_fs":
                    return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"CMS'ets lokale server svarede ikke på port {port}")


# --- the admin page, served from 127.0.0.1 --------------------------------------------------------


class _AdminHandler(http.server.BaseHTTPRequestHandler):
    files: dict[str, bytes | Path] = {}
    dist: Path = Path()

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass

    def do_GET(self) -> None:  # noqa: N802
        name = self.path.split("?", 1)[0].lstrip("/") or "index.html"
        content = self.files.get(name)
        if content is None and "/" not in name and name.endswith(DIST_SUFFIXES):
            candidate = self.dist / name
            content = candidate if candidate.is_file() else None
        if content is None:
            self.send_error(404, "Findes ikke")
            return
        body = content.read_bytes() if isinstance(content, Path) else content
        types = {".html": "text/html; charset=utf-8", ".js": "text/javascript; charset=utf-8",
                 ".json": "application/json", ".wasm": "application/wasm", ".css": "text/css"}
        self.send_response(200)
        self.send_header("Content-Type", types.get(Path(name).suffix, "application/octet-stream"))
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-cache")
        self.end_headers()
        self.wfile.write(body)


class AdminServer:
    """The admin page on 127.0.0.1:`port` (0: any free port)."""

    def __init__(self, settings: dict[str, object], port: int,
                 node_modules: Path = cms.NODE_MODULES) -> None:
        files = dict(cms.admin_files(settings, node_modules))
        dist = cms.node_file(*cms.BUNDLE, node_modules=node_modules).parent
        handler = type("Handler", (_AdminHandler,), {"files": files, "dist": dist})
        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return self.origin + "/"

    @property
    def origin(self) -> str:
        """The one origin the local backend answers (no trailing slash)."""
        host, port = self.server.server_address[:2]
        return f"http://{host!s}:{port}"

    def start(self) -> None:
        self.thread.start()

    def stop(self) -> None:
        if self.thread.is_alive():
            self.server.shutdown()
        self.server.server_close()
