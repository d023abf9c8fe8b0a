"""The shipped nginx configuration, run by Debian's nginx (a real process, unprivileged paths
under tmp_path, 127.0.0.1 and a free port) against the built handbook with an edition in it:
status codes, security headers (the CSP identical to each page's <meta>), gzip, caching, the
site's own 404 page, no directory listing; and Chromium through it with no console error and no
CSP violation."""

from __future__ import annotations

import gzip
import html
import os
import re
import shutil
import socket
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest
from handbook_browser import Guard, guarded_page
from playwright.sync_api import Browser, Page

from build_tools import editions, nginx

EDITION = "2026-11-10"
META = re.compile(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">')
CSP_PROBE = """
window.__csp = [];
document.addEventListener("securitypolicyviolation",
  e => window.__csp.push(e.violatedDirective + " " + e.blockedURI));
"""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def served_site(site_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The built handbook with one edition under udgaver/ (the same site, pruned and bannered
    as build_tools/editions.py does it), and a hidden file as a build may leave."""
    root = tmp_path_factory.mktemp("nginx") / "aktuel"
    shutil.copytree(site_dir, root)
    kept = tmp_path_factory.mktemp("udgave")
    editions.prune(site_dir, kept / "site")
    edition = editions.Edition(date.fromisoformat(EDITION), f"udgave-{EDITION}", "0" * 40)
    editions.place_edition(edition, kept, root)
    (root / ".bygger").write_text("lås", encoding="utf-8")
    return root


@dataclass
class Server:
    url: str
    log: Path


@pytest.fixture(scope="module")
def server(served_site: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """Debian's nginx with the generated configuration, stopped after the module."""
    binary = shutil.which("nginx") or "/usr/sbin/nginx"
    if not Path(binary).exists():
        pytest.fail("nginx is not installed (./dev test installs Debian's nginx package)",
                    pytrace=False)
    runtime = tmp_path_factory.mktemp("nginx-run")
    port = free_port()
    config = runtime / "nginx.conf"
    config.write_text(nginx.standalone_config(
        served_site, f"127.0.0.1:{port}", runtime, workers="1",
        user="root" if os.geteuid() == 0 else None), encoding="utf-8")
    process = subprocess.Popen([binary, "-e", str(runtime / "error.log"), "-c", str(config),
                                "-g", "daemon off;"], stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 20
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            break
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                log = (runtime / "error.log").read_text() if (runtime / "error.log").exists() \
                    else ""
                process.kill()
                pytest.fail(f"nginx did not start:\n{log}", pytrace=False)
            time.sleep(0.1)
    try:
        yield Server(f"http://127.0.0.1:{port}/", runtime / "error.log")
    finally:
        process.terminate()
        process.wait(timeout=10)


@dataclass
class Answer:
    status: int
    headers: dict[str, str]
    body: bytes


def get(server: Server, path: str, **headers: str) -> Answer:
    """One request, no redirect followed."""

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args: object, **kwargs: object) -> None:
            return None

    opener = urllib.request.build_opener(NoRedirect)
    request = urllib.request.Request(server.url + path.lstrip("/"),
                                     headers={k.replace("_", "-"): v for k, v in headers.items()})
    try:
        with opener.open(request, timeout=10) as response:
            return Answer(response.status, {k.lower(): v for k, v in response.headers.items()},
                          response.read())
    except urllib.error.HTTPError as error:
        return Answer(error.code, {k.lower(): v for k, v in error.headers.items()},
                      error.read())


def test_status_codes_redirects_and_the_sites_own_404(server: Server) -> None:
    assert get(server, "/").status == 200
    assert get(server, "/index.html").status == 200
    folder = get(server, "/indsatser")
    assert (folder.status, folder.headers["location"]) == (301, "/indsatser/")
    assert b"<h1" in get(server, "/indsatser/").body
    for missing in ("/findes-ikke.html", "/a/b/c/d.html", "/404.html", "/.bygger",
                    f"/udgaver/{EDITION}/findes-ikke.html"):
        answer = get(server, missing)
        assert answer.status == 404, missing
        assert "Siden findes ikke" in answer.body.decode(), missing
        assert answer.headers["content-type"].startswith("text/html"), missing


def test_no_directory_listing(server: Server) -> None:
    for folder in ("/assets/", "/assets/javascripts/", "/pdf/", f"/udgaver/{EDITION}/assets/"):
        answer = get(server, folder)
        assert answer.status == 404, folder
        assert b"Index of" not in answer.body, folder
        assert "Siden findes ikke" in answer.body.decode(), folder


def meta_policy(body: bytes) -> str:
    match = META.search(body.decode())
    assert match, "the page has no CSP <meta>"
    return html.unescape(match.group(1))


def test_the_csp_header_is_the_pages_own_policy_on_every_page(
        server: Server, served_site: Path) -> None:
    pages = sorted(p.relative_to(served_site).as_posix() for p in served_site.rglob("*.html"))
    assert f"udgaver/{EDITION}/index.html" in pages and len(pages) > 20
    for path in pages + ["findes/ikke/her.html"]:
        answer = get(server, path)
        header = answer.headers["content-security-policy"]
        assert header == meta_policy(answer.body) + "; frame-ancestors 'self'", path


def test_security_headers_on_pages_assets_and_errors(server: Server) -> None:
    for path in ("/", "/assets/stylesheets/handbook.css", "/findes-ikke.html",
                 f"/udgaver/{EDITION}/index.html", "/haandbog-offline.zip"):
        headers = get(server, path).headers
        assert headers["x-content-type-options"] == "nosniff", path
        assert headers["referrer-policy"] == "no-referrer", path
        assert "camera=()" in headers["permissions-policy"], path
        assert headers["x-frame-options"] == "SAMEORIGIN", path
        assert "frame-ancestors 'self'" in headers["content-security-policy"], path
        assert "server" not in headers or headers["server"] == "nginx", path  # no version


def test_gzip_for_text_and_the_same_bytes_without(server: Server, served_site: Path) -> None:
    for path in ("index.html", "search/search_index.json", "assets/stylesheets/handbook.css",
                 "assets/javascripts/katalog.js"):
        compressed = get(server, path, Accept_Encoding="gzip")
        assert compressed.headers.get("content-encoding") == "gzip", path
        assert "Accept-Encoding" in compressed.headers.get("vary", ""), path
        original = (served_site / path).read_bytes()
        assert gzip.decompress(compressed.body) == original, path
        assert len(compressed.body) < len(original), path
        plain = get(server, path)
        assert "content-encoding" not in plain.headers and plain.body == original, path


def test_long_caching_only_for_fingerprinted_assets(server: Server, served_site: Path) -> None:
    bundle = next(served_site.glob("assets/javascripts/bundle.*.min.js")).name
    style = next(served_site.glob("assets/stylesheets/main.*.min.css")).name
    for path in (f"assets/javascripts/{bundle}", f"assets/stylesheets/{style}"):
        assert get(server, path).headers["cache-control"] == nginx.LONG_CACHE, path
    for path in ("index.html", "assets/stylesheets/handbook.css", "assets/javascripts/katalog.js",
                 "search/search_index.json", f"udgaver/{EDITION}/index.html"):
        answer = get(server, path)
        assert answer.headers["cache-control"] == "no-cache", path
        again = get(server, path, If_None_Match=answer.headers["etag"])
        assert again.status == 304, path  # revalidation is cheap


@pytest.fixture
def nginx_page(browser: Browser, server: Server) -> Iterator[tuple[Page, Guard]]:
    guard = Guard(allowed=[server.url])
    with guarded_page(browser, guard, probe=CSP_PROBE) as page:
        yield page, guard


def test_chromium_loads_the_main_pages_through_nginx_without_errors(
        nginx_page: tuple[Page, Guard], server: Server, served_site: Path) -> None:
    page, guard = nginx_page
    paths = ["", "vejviser/index.html", "indsatser/index.html", "om/hvad-er-nyt.html",
             "udgaver/index.html", f"udgaver/{EDITION}/index.html"]
    paths += [p.relative_to(served_site).as_posix()
              for p in sorted((served_site / "vejviser").glob("*.html"))[:2]]
    paths.append(f"udgaver/{EDITION}/" + paths[-1])
    for path in paths:
        assert (served_site / (path or "index.html")).is_file(), path
        response = page.goto(server.url + path)
        assert response is not None and response.status == 200, path
        page.wait_for_load_state("load")
        assert page.evaluate("() => window.__csp") == [], path
        guard.check()


def test_search_and_the_edition_banner_work_through_nginx(
        nginx_page: tuple[Page, Guard], server: Server) -> None:
    page, guard = nginx_page
    page.goto(server.url + "index.html")
    page.locator("input.md-search__input").click()
    page.locator("input.md-search__input").press_sequentially("underretning")
    page.locator(".md-search-result__list > li").first.wait_for()
    page.goto(server.url + f"udgaver/{EDITION}/index.html")
    banner = page.locator(".hb-udgave")
    assert "Dette er udgaven fra 10. november 2026" in banner.inner_text()
    banner.get_by_role("link", name="se den gældende vejledning").click()
    page.wait_for_load_state("load")
    assert page.url == server.url + "index.html"
    assert page.evaluate("() => window.__csp") == []
    guard.check()
