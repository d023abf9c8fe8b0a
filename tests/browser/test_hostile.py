"""Hostile content in Chromium: no dialog opens, no handler or script link exists in the DOM.

The fixture handbook plus every case under tests/fixtures/hostile, built with the content check
switched off (what would reach readers if content slipped past it), served on 127.0.0.1. Every
page is opened with a dialog listener; every link in the text is clicked and every element
hovered; the search is used with words from the hostile pages.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import handbooks
import pytest
from handbook_browser import Guard, served
from playwright.sync_api import Browser, Page

REPO = Path(__file__).resolve().parents[2]
FIXTURES = REPO / "tests" / "fixtures"

BUILD_UNCHECKED = """
import sys
from pathlib import Path
import build_tools.build as build
build.check = lambda loaded: loaded.problems  # what the sanitizer alone guarantees
build.build_site(Path(sys.argv[1]), Path(sys.argv[2]))
"""

DOM_OFFENCES = """
() => {
  const found = [];
  const allowed = ["http:", "https:", "mailto:", "tel:"];
  for (const el of document.querySelectorAll("*")) {
    for (const attr of el.attributes) {
      if (attr.name.startsWith("on")) found.push(`${el.tagName} ${attr.name}`);
    }
  }
  for (const a of document.querySelectorAll("a[href]")) {
    if (!allowed.includes(a.protocol)) found.push(`A href ${a.href}`);
    else if (a.protocol.startsWith("http") && a.origin !== location.origin
             && a.closest(".md-content") && !a.href.startsWith("https://www.frederikssund.dk"))
      found.push(`A outside ${a.href}`);
  }
  for (const img of document.querySelectorAll("img[src]")) {
    if (new URL(img.src).origin !== location.origin) found.push(`IMG ${img.src}`);
  }
  for (const tag of ["iframe", "object", "embed", "base"]) {
    for (const el of document.querySelectorAll(tag)) found.push(tag);
  }
  return found;
}
"""


@pytest.fixture(scope="module")
def hostile_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    cases = sorted(p.name for p in (FIXTURES / "hostile").iterdir())
    # Not strict: MkDocs' own link warnings would stop the build before anything reaches a page.
    root = handbooks.hostile(tmp_path_factory.mktemp("hostile"), cases, "strict: false\n")
    done = subprocess.run(
        [sys.executable, "-c", BUILD_UNCHECKED, str(root / "mkdocs.yml"), str(root / "site")],
        cwd=REPO, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"}, capture_output=True,
        text=True, check=False,
    )
    assert done.returncode == 0, done.stderr
    with served(root / "site") as url:
        yield url


@pytest.fixture
def watched(browser: Browser, hostile_url: str) -> Iterator[tuple[Page, list[str], list[str]]]:
    """A page, the dialogs it opened and the outside requests it tried (blocked)."""
    context = browser.new_context(locale="da-DK")
    dialogs: list[str] = []
    guard = Guard(allowed=[hostile_url])  # its outside requests only; no outside host resolves
    context.on("request", guard.request)
    page = context.new_page()
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    try:
        yield page, dialogs, guard.outside
    finally:
        context.close()


PAGES = [
    "index.html", "jura/underretning.html", "afsnit/index.html", "afsnit/raa-html.html",
    "indsatser/index.html", "indsatser/titel-html.html", "indsatser/titel-link.html",
    "indsatser/formaal-link.html", "indsatser/listepunkt-link.html",
    "indsatser/formaal-blok-attribut.html", "om/hvad-er-nyt.html",
    *[f"angreb/{p.stem}.html"
      for p in sorted((FIXTURES / "hostile").glob("*/content/sider/angreb/*.md"))],
]


HOVER_AND_CLICK = """() => {
  const init = {bubbles: true, cancelable: true, composed: true};
  for (const selector of [".md-content p", ".md-content h2", ".md-content img", ".md-content li"]) {
    for (const element of [...document.querySelectorAll(selector)].slice(0, 20)) {
      for (const type of ["mouseover", "click"]) {
        element.dispatchEvent(new MouseEvent(type, init));
      }
    }
  }
}"""
"""A mouseover and a click on the first 20 paragraphs, headings, images and list items, as
Playwright's dispatch_event sends them (the same events), in one call instead of 160."""


@pytest.mark.parametrize("path", PAGES)
def test_no_script_runs_on_a_hostile_page(path: str, watched, hostile_url: str) -> None:
    page, dialogs, outside = watched
    response = page.goto(hostile_url + path)
    assert response is not None and response.status == 200, path
    page.wait_for_load_state("load")
    # Links that go nowhere in the handbook or outside it: those a script could hide in.
    odd = page.locator(".md-content a:not([href*='.html']):not([href^='#'])"
                       ":not([href^='http']):not([href^='mailto:']):not([href^='tel:'])")
    for link in odd.all():
        link.click(no_wait_after=True)  # a javascript: link would open its dialog here
        assert page.url.split("#")[0] == hostile_url + path
    page.evaluate(HOVER_AND_CLICK)
    page.wait_for_timeout(100)
    assert dialogs == []
    assert outside == []
    assert page.evaluate(DOM_OFFENCES) == []


def test_the_title_in_every_pages_navigation_is_text(watched, hostile_url: str) -> None:
    page, dialogs, _ = watched
    page.goto(hostile_url + "jura/underretning.html")
    nav = page.locator(".md-nav--primary")
    assert "Om <img src=x onerror=alert(31)>" in nav.inner_text()
    assert nav.locator("img").count() == 0
    assert dialogs == []


def test_searching_the_hostile_pages_runs_nothing(watched, hostile_url: str) -> None:
    page, dialogs, _ = watched
    page.goto(hostile_url + "index.html")
    page.locator(".md-search__input").click()
    page.keyboard.type("onerror", delay=30)
    results = page.locator(".md-search-result__item")
    results.first.wait_for(timeout=10_000)
    assert results.count() > 0
    assert page.locator(".md-search-result img, .md-search-result script").count() == 0
    assert page.evaluate(DOM_OFFENCES) == []
    assert dialogs == []


# --- the Content-Security-Policy: the second wall, in Chromium, over http and file:// ----------

VIOLATIONS = """
window.__hbViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__hbViolations.push(`${event.effectiveDirective} ${event.blockedURI}`);
});
"""
"""Every CSP violation a page reports (an init script: the page's policy does not apply to it)."""

ATTACK = (
    '<img src="findes-ikke.png" onerror="window.__hbPwned = \'handler\'">'
    '<script>window.__hbPwned = "inline"</script>'
    '<a id="hb-angreb" href="javascript:window.__hbPwned = \'link\'">klik</a>'
)
"""Markup the sanitizer would never let through, written into a built page: what the policy
alone must stop (an inline handler, an inline script, a javascript: link)."""


def _hijacked_config(text: str) -> str:
    """The page's own material configuration with the search worker a data: URL that would
    answer with an image whose handler runs, placed before material's as `#__config` (the
    attack that passed the check before reserved ids)."""
    import json
    import re

    real = re.search(r'<script id="__config" type="application/json">(.*?)</script>', text, re.S)
    assert real, "material's #__config is missing"
    config = json.loads(real.group(1))
    config["search"] = ("data:text/javascript,try{parent.__hbPwned='worker'}catch(e){}"
                        "postMessage({type:3,data:{items:[]}})")
    return f'<p id="__config" hidden>{json.dumps(config)}</p>'


@pytest.fixture(scope="module")
def attacked(site_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real site (with its policy), one page of it given the attacks above."""
    import re

    folder = tmp_path_factory.mktemp("csp") / "site"
    shutil.copytree(site_dir, folder)
    page = folder / "indsatser" / "index.html"
    text = page.read_text(encoding="utf-8")
    text = re.sub(r"(<body[^>]*>)", lambda m: m.group(1) + _hijacked_config(text) + ATTACK,
                  text, count=1)
    page.write_text(text, encoding="utf-8")
    return folder


@pytest.fixture
def csp_page(browser: Browser) -> Iterator[Page]:
    """A page that records CSP violations (window.__hbViolations) and, from every frame, the
    console's CSP lines (page.csp_console)."""
    context = browser.new_context(locale="da-DK")
    context.add_init_script(VIOLATIONS)
    page = context.new_page()
    page.csp_console = []  # type: ignore[attr-defined]
    page.on("console", lambda message: "Content Security Policy" in message.text
            and page.csp_console.append(message.text))  # type: ignore[attr-defined]
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    try:
        yield page
    finally:
        context.close()
    assert dialogs == []


@pytest.mark.parametrize("scheme", ["http", "file"])
def test_the_policy_blocks_injected_handlers_scripts_and_a_data_worker(
    scheme: str, attacked: Path, csp_page: Page
) -> None:
    page = csp_page
    with served(attacked) as url:
        base = url if scheme == "http" else attacked.as_uri() + "/"
        page.goto(base + "indsatser/index.html")
        page.wait_for_load_state("load")
        page.locator("#hb-angreb").click(no_wait_after=True)
        page.locator(".md-search__input").click()
        page.keyboard.type("tvaers", delay=20)
        page.wait_for_timeout(500)
        assert page.evaluate("() => window.__hbPwned") is None
        blocked = page.evaluate("() => window.__hbViolations")
    directives = {line.split(" ")[0] for line in blocked}
    assert {"script-src-elem", "script-src-attr"} <= directives, blocked
    if scheme == "http":  # a real Worker: refused by worker-src
        assert "worker-src data" in blocked, blocked
    else:  # file://: the iframe-worker shim loads it as a script in its frame, which inherits
        # the page's policy; the violation is reported in that frame
        assert any("script-src-elem" in line and "'self'" in line and "data:text/javascript"
                   in line for line in page.csp_console), page.csp_console  # type: ignore


REAL_PAGES = ["index.html", "indsatser/index.html", "indsatser/tvaersteam.html",
              "jura/underretning.html", "om/hvad-er-nyt.html"]


def _use(page: Page, base: str) -> None:
    """What staff do on the pages: open each, open and close the menu, search, filter."""
    page.set_viewport_size({"width": 600, "height": 900})  # the drawer menu
    for path in REAL_PAGES:
        page.goto(base + path)
        page.wait_for_load_state("load")
        page.locator("button.hb-menu-button").click()
        page.keyboard.press("Escape")
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(base + "indsatser/index.html")
    page.locator("#hb-filter-tekst").press_sequentially("8 år skole")
    page.keyboard.press("Enter")  # the filter's form is never sent (form-action 'none')
    page.locator(".md-search__input").click()
    page.keyboard.type("underretning", delay=20)
    page.locator(".md-search-result__item").first.wait_for(timeout=10_000)


def test_the_real_pages_log_no_violation_over_http(site_dir: Path, csp_page: Page) -> None:
    with served(site_dir) as url:
        _use(csp_page, url)
        assert csp_page.evaluate("() => window.__hbViolations") == []
    assert csp_page.locator("#hb-filter-tekst").count() == 1


def test_the_offline_zip_works_under_its_policy_from_file(
    unpacked: Path, csp_page: Page
) -> None:
    base = unpacked.as_uri() + "/"  # the offline zip, unpacked (conftest)
    _use(csp_page, base)
    assert csp_page.evaluate("() => window.__hbViolations") == []
    assert "Content-Security-Policy" in (unpacked / "index.html").read_text("utf-8")


# --- the forms server (decap-server) answers the admin page only, and only inside content/ ----


@pytest.fixture(scope="module")
def forms_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, object]]:
    """decap-server as `handbook rediger` starts it, for a copy of the fixture handbook, with
    an admin origin and another 127.0.0.1 origin (as the preview's) to test from."""
    import shutil as _shutil
    import socket

    from build_tools import cms
    from build_tools.cmd_rediger import start_backend, wait_for_backend

    node = _shutil.which("node")
    try:
        script = cms.node_file(*cms.SERVER)
    except cms.MissingNodeModules:
        script = None
    if node is None or script is None:
        pytest.skip("decap-server needs node and node_modules (npm ci)")
    root = tmp_path_factory.mktemp("rediger")
    _shutil.copytree(FIXTURES / "handbook", root / "handbook")
    content = root / "handbook" / "content"
    (root / "admin").mkdir()
    (root / "admin" / "index.html").write_text("<!doctype html><title>admin</title>", "utf-8")
    (root / "other").mkdir()
    (root / "other" / "index.html").write_text("<!doctype html><title>other</title>", "utf-8")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with served(root / "admin") as admin, served(root / "other") as other:
        process = start_backend(node, script, content, port, origin=admin.rstrip("/"))
        try:
            wait_for_backend(port, process)
            yield {"api": f"http://127.0.0.1:{port}/api/v1", "admin": admin, "other": other,
                   "content": content, "root": root}
        finally:
            process.terminate()
            process.wait(timeout=10)


CALL = """async ([api, body]) => {
  try {
    const response = await fetch(api, {method: "POST", body: JSON.stringify(body),
                                       headers: {"Content-Type": "application/json"}});
    return {status: response.status, text: await response.text()};
  } catch (error) {
    return {refused: String(error)};
  }
}"""


def _call(page: Page, forms: dict[str, object], origin: str, body: dict[str, object]) -> dict:
    page.goto(str(forms[origin]) + "index.html")
    return page.evaluate(CALL, [forms["api"], body])


READ = {"action": "getEntry", "params": {"branch": "main", "path": "indsatser/tvaersteam.yml"}}


def _write(path: str) -> dict[str, object]:
    return {"action": "persistEntry", "params": {
        "branch": "main", "assets": [],
        "options": {"collectionName": "indsatser", "commitMessage": "x", "useWorkflow": False,
                    "status": "draft"},
        "entry": {"slug": "x", "path": path, "raw": "[core]\n\tfsmonitor = touch /tmp/hacked\n"}}}


def test_the_forms_server_answers_the_admin_page_inside_content(forms_server, csp_page) -> None:
    read = _call(csp_page, forms_server, "admin", READ)
    assert read.get("status") == 200 and "id: tvaersteam" in read["text"], read
    wrote = _call(csp_page, forms_server, "admin", _write("indsatser/ny.yml"))
    assert wrote.get("status") == 200, wrote
    assert (forms_server["content"] / "indsatser" / "ny.yml").is_file()


@pytest.mark.parametrize("path", ["../.git/config", "../mkdocs.yml", "/etc/passwd",
                                  "indsatser/../../build_tools/x.py"])
def test_the_forms_server_refuses_a_path_outside_content(forms_server, csp_page,
                                                         path: str) -> None:
    (forms_server["root"] / "handbook" / ".git").mkdir(exist_ok=True)
    wrote = _call(csp_page, forms_server, "admin", _write(path))
    assert wrote.get("status", 0) >= 400, wrote
    read = _call(csp_page, forms_server, "admin",
                 {"action": "getEntry", "params": {"branch": "main", "path": path}})
    assert read.get("status", 0) >= 400 and "root:" not in read.get("text", ""), read
    assert not (forms_server["root"] / "handbook" / ".git" / "config").exists()
    assert not (forms_server["root"] / "handbook" / "build_tools").exists()


def test_another_127_origin_can_neither_read_nor_write(forms_server, csp_page) -> None:
    # Reproduction: a script on the preview (another 127.0.0.1 port) read and wrote any file.
    read = _call(csp_page, forms_server, "other", READ)
    assert "refused" in read and "Failed to fetch" in read["refused"], read
    wrote = _call(csp_page, forms_server, "other", _write("indsatser/fra-andet-sted.yml"))
    assert "refused" in wrote, wrote
    assert not (forms_server["content"] / "indsatser" / "fra-andet-sted.yml").exists()
