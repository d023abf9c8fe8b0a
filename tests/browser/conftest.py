"""Browser tests: the real handbook, built once, served on 127.0.0.1 and driven in Chromium.

Fixtures other test files use:

- `site_dir`: the built site (session); `site_url`: the local server's address, ending in "/";
  `unpacked`: the site's offline zip unpacked (session).
- `page`: a fresh Playwright page. It fails the test on any request to a host other than the
  local server and on any console error or uncaught exception.
- `open_page(path)`: go to a page of the site (relative to `site_url`) with the `page` fixture,
  check the response status and return the page.
- `search(page, query)`: type a query into the real search box (key by key, as a person does)
  and return the result list as `SearchHit`s, best first.
- `axe(page)`: run axe-core on the page and return the violations of the WCAG 2.1 A/AA rules.
- `front_page`: (page, guard) opened once per module, for many read-only checks (the search
  table); call guard.check() at the end of each test.
- `guard`: the `page` fixture's rules; `guard.allowed.append(prefix)` admits e.g. a file:// folder.

Plain helpers (SearchHit, Violation, Guard, guarded_page, run_search) live in
handbook_browser.py.

Environment:

- PLAYWRIGHT_CHROMIUM: the Chromium to drive (default Debian's chromium-headless-shell, else
  /usr/bin/chromium, else Playwright's own download).
- HANDBOOK_BROWSER_CONFIG: build another mkdocs.yml than the repository's (e.g. the fixture
  handbook) – for working on the tests themselves.
- HANDBOOK_BROWSER_FULL_BUILD=1: run the whole `handbook build` (with the PDFs) instead of the
  site plus offline zip.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import handbooks
import pytest
from handbook_browser import Guard, SearchHit, Violation, guarded_page, run_search, served
from playwright.sync_api import Browser, Page, Playwright, sync_playwright

REPO = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
AXE_JS = HERE / "vendor" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
"""axe-core rule tags for WCAG 2.1 level A and AA (EN 301 549)."""
NO_OUTSIDE_HOSTS = "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"
"""No host name resolves but the local servers': a request to another host fails at once and
reaches nobody (the tests' Guard records it and fails the test)."""
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-gpu",
    NO_OUTSIDE_HOSTS,
]

def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Every test under tests/browser is a browser test, even if a file forgets its pytestmark."""
    for item in items:
        if HERE in Path(str(item.path)).resolve().parents:
            item.add_marker(pytest.mark.browser)


# --- the site -----------------------------------------------------------------------------------


# The site with the offline zip, but without the print PDFs: WeasyPrint takes most of a full
# build's time and the PDFs have their own tests. HANDBOOK_BROWSER_FULL_BUILD=1 runs the whole
# `handbook build` instead.
BUILD_SITE = """
import sys
from pathlib import Path
from build_tools.build import build_site
from build_tools.site_output import SiteBuildError
from build_tools.offline import site_output as offline_zip
from build_tools.problems import ContentError
try:
    build_site(Path(sys.argv[1]), Path(sys.argv[2]), outputs=[offline_zip])
except (SiteBuildError, ContentError) as exc:
    sys.exit(str(exc))
"""


@pytest.fixture(scope="session")
def browser_config(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The mkdocs.yml the browser tests build: the repository's, or HANDBOOK_BROWSER_CONFIG's;
    the fixture handbook's is copied to tmp first (a build writes build/ beside its config,
    and nothing may be written under tests/fixtures)."""
    config = Path(os.environ.get("HANDBOOK_BROWSER_CONFIG", REPO / "mkdocs.yml")).resolve()
    if config == (handbooks.BASE / "mkdocs.yml").resolve():
        config = handbooks.handbook(tmp_path_factory.mktemp("browser-handbook")) / "mkdocs.yml"
    return config


@pytest.fixture(scope="session")
def site_dir(browser_config: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real handbook (repository mkdocs.yml and content/), built once per session."""
    config = browser_config
    site = tmp_path_factory.mktemp("browser") / "site"
    if os.environ.get("HANDBOOK_BROWSER_FULL_BUILD") == "1":
        command = [sys.executable, "-m", "build_tools.cli", "--config", str(config), "build",
                   "--site-dir", str(site)]  # fmt: skip
    else:
        command = [sys.executable, "-c", BUILD_SITE, str(config), str(site)]
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    done = subprocess.run(
        command, cwd=config.parent, env=env, capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        pytest.fail(
            f"building the site failed ({done.returncode}):\n{done.stdout}\n{done.stderr}",
            pytrace=False,
        )
    return site


@pytest.fixture(scope="session")
def unpacked(site_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The site's offline zip, unpacked once as a user would onto a file share (read-only)."""
    import zipfile

    from build_tools.offline import ZIP_FOLDER, ZIP_NAME

    folder = tmp_path_factory.mktemp("fildrev")
    with zipfile.ZipFile(site_dir / ZIP_NAME) as archive:
        archive.extractall(folder)
    return folder / ZIP_FOLDER


@pytest.fixture(scope="session")
def site_url(site_dir: Path) -> Iterator[str]:
    """A threaded HTTP server for the built site on 127.0.0.1 (random port)."""
    with served(site_dir) as url:
        yield url


# --- the browser --------------------------------------------------------------------------------


def chromium_path() -> str | None:
    """PLAYWRIGHT_CHROMIUM, else Debian's headless shell (/usr/bin/chromium-headless-shell),
    else Debian's /usr/bin/chromium, else None (Playwright's own download).

    The headless shell is the same Blink without the browser's window machinery (what
    Playwright itself runs headless): the every-page walk took 35 % less CPU in it."""
    configured = os.environ.get("PLAYWRIGHT_CHROMIUM")
    if configured:
        return configured
    for name in ("chromium-headless-shell", "chromium"):
        found = shutil.which(name) or f"/usr/bin/{name}"
        if Path(found).exists():
            return found
    return None


@pytest.fixture(scope="session")
def playwright() -> Iterator[Playwright]:
    with sync_playwright() as p:
        yield p


@pytest.fixture(scope="session")
def browser(playwright: Playwright) -> Iterator[Browser]:
    """One Chromium for the whole session."""
    browser = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
    yield browser
    browser.close()


@pytest.fixture
def guard(site_url: str) -> Guard:
    """The rules for the `page` fixture; a test may add an allowed prefix (a file:// folder)."""
    return Guard(allowed=[site_url])


@pytest.fixture
def page(browser: Browser, guard: Guard) -> Iterator[Page]:
    """A fresh page that fails the test on outside requests and console errors."""
    with guarded_page(browser, guard) as page:
        yield page


@pytest.fixture(scope="module")
def front_page(browser: Browser, site_url: str) -> Iterator[tuple[Page, Guard]]:
    """The front page, opened once for a module's read-only tests (e.g. many searches), with
    its guard: a test calls guard.check() at its end."""
    guard = Guard(allowed=[site_url])
    with guarded_page(browser, guard) as page:
        page.goto(site_url + "index.html")
        yield page, guard


@pytest.fixture
def open_page(page: Page, site_url: str, guard: Guard) -> Callable[..., Page]:
    """open_page("vejviser/index.html") → the page, loaded, with no outside request so far."""

    def open_(path: str, status: int = 200) -> Page:
        if status == 404:
            guard.expected_errors.append(re.compile(r"status of 404"))
        response = page.goto(site_url + path.lstrip("/"))
        assert response is not None, f"no response for {path}"
        assert response.status == status, f"{path}: HTTP {response.status}, expected {status}"
        page.wait_for_load_state("load")
        guard.check()
        return page

    return open_


# --- search -------------------------------------------------------------------------------------


@pytest.fixture
def search(site_url: str) -> Callable[[Page, str], list[SearchHit]]:
    """search(page, "tavshedspligt") → the results, best first."""

    def search_(page: Page, query: str) -> list[SearchHit]:
        return run_search(page, query, site_url)

    return search_


# --- accessibility ------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def axe_source() -> str:
    return AXE_JS.read_text(encoding="utf-8")


@pytest.fixture
def axe(axe_source: str) -> Callable[[Page], list[Violation]]:
    """axe(page) → the page's violations of the WCAG 2.1 A/AA rules (all impacts)."""

    def run(page: Page) -> list[Violation]:
        if not page.evaluate("() => typeof window.axe === 'object'"):
            page.evaluate(axe_source)  # evaluate, not a <script> tag: no request, no CSP issue
        options = {"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]}
        result = page.evaluate("options => axe.run(document, options)", options)
        return [
            Violation(
                rule=v["id"],
                impact=v.get("impact") or "",
                help=v["help"],
                targets=[json.dumps(node["target"], ensure_ascii=False) for node in v["nodes"]],
            )
            for v in result["violations"]
        ]

    return run
