"""The editors' forms (Decap CMS) driven in Chromium against the local backend.

`handbook rediger` runs on a copy of the fixture handbook with random ports: the admin page and
decap-server on 127.0.0.1, and the live preview. The tests fill in the forms as an editor does
and then read the files the CMS wrote, run `handbook check` and build the site.
"""

from __future__ import annotations

import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest
import yaml
from handbook_browser import Guard, guarded_page
from playwright.sync_api import Browser, Locator, Page

from build_tools import cms
from build_tools.build import build_site

pytestmark = pytest.mark.browser

if shutil.which("node") is None:
    pytest.skip("Node.js (node) is not installed: the CMS cannot run", allow_module_level=True)
if not (cms.NODE_MODULES / Path(*cms.BUNDLE)).is_file():
    pytest.skip("node_modules has no Decap CMS: run `npm ci` (./dev test does)",
                allow_module_level=True)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class Rediger:
    """A running `handbook rediger` on a copy of the fixture handbook."""

    root: Path
    admin_url: str
    backend_url: str
    preview_url: str

    @property
    def content(self) -> Path:
        return self.root / "content"


def wait_for(url: str, process: subprocess.Popen[str], seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"handbook rediger stopped:\n{process.stdout.read()}", pytrace=False)
        try:
            with urllib.request.urlopen(url, timeout=1):
                return
        except OSError:
            time.sleep(0.3)
    pytest.fail(f"{url} did not answer", pytrace=False)


@pytest.fixture
def rediger(handbook_copy: Path) -> Iterator[Rediger]:
    cms_port, server_port, preview_port = free_port(), free_port(), free_port()
    command = [sys.executable, "-m", "build_tools.cli", "--config",
               str(handbook_copy / "mkdocs.yml"), "rediger", "--cms-port", str(cms_port),
               "--server-port", str(server_port), "--addr", f"127.0.0.1:{preview_port}"]
    process = subprocess.Popen(command, cwd=handbook_copy, stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, text=True)
    running = Rediger(handbook_copy, f"http://127.0.0.1:{cms_port}/",
                      f"http://127.0.0.1:{server_port}/", f"http://127.0.0.1:{preview_port}/")
    try:
        wait_for(running.admin_url, process)
        wait_for(running.preview_url, process)
        yield running
    finally:
        process.terminate()  # SIGTERM: the command stops decap-server too
        process.wait(timeout=20)
        process.stdout.close()
    with socket.socket() as probe:  # decap-server is gone with it
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        probe.bind(("127.0.0.1", server_port))


@pytest.fixture
def cms_page(browser: Browser, rediger: Rediger) -> Iterator[Page]:
    """The admin page, logged in to the local backend; no request leaves 127.0.0.1."""
    guard = Guard(allowed=[rediger.admin_url, rediger.backend_url])
    with guarded_page(browser, guard, probe=None) as page:
        page.goto(rediger.admin_url)
        page.get_by_role("button", name="Log ind").click()
        page.get_by_text("Indsatskatalog").first.wait_for()
        yield page


# --- driving the forms ----------------------------------------------------------------------


def _label(page: Page | Locator, text: str, nth: int = 0) -> Locator:
    """A field's label; optional fields carry " (kan udelades)" after their name."""
    pattern = re.compile(rf"^{re.escape(text)}( \(kan udelades\))?$", re.IGNORECASE)
    return page.locator("label").filter(has_text=pattern).nth(nth)


def field(page: Page, text: str, nth: int = 0) -> Locator:
    """The input a label names (the nth field with that label on the page)."""
    return page.locator(f'[id="{_label(page, text, nth).get_attribute("for")}"]')


def box(page: Page, text: str, nth: int = 0) -> Locator:
    """The whole control of a field (its label, input and hint)."""
    return _label(page, text, nth).locator(
        "xpath=ancestor::div[contains(@class,'ControlContainer')][1]")


def choose(page: Page, text: str, option: str, nth: int = 0) -> None:
    """Pick an option in a select or relation field by typing it, as with the keyboard."""
    field(page, text, nth).click()
    page.keyboard.type(option)
    page.get_by_role("option", name=re.compile(re.escape(option))).first.wait_for()
    page.keyboard.press("Enter")


def open_form(page: Page, address: str) -> None:
    """Open a form afresh (a change of the address's #… alone can keep the last form's data)."""
    page.goto(address)
    page.reload()
    page.get_by_text("Skriver til").wait_for()


def publish(page: Page) -> None:
    page.get_by_role("button", name="Publicer").click()
    page.get_by_text("Publicer nu").click()
    page.get_by_role("button", name="Publiceret").wait_for()


def check(root: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "build_tools.cli", "--config",
                           str(root / "mkdocs.yml"), "check"],
                          cwd=root, capture_output=True, text=True, check=False)


def built_pages(root: Path, site: Path) -> dict[str, str]:
    build_site(root / "mkdocs.yml", site)
    return {p.relative_to(site).as_posix(): p.read_text(encoding="utf-8")
            for p in sorted(site.rglob("*.html"))}


TITLE = "Små skridt – ærlig snak i åen"


def test_new_indsats_through_the_form_is_valid_and_linked_from_the_vejviser(
        cms_page: Page, rediger: Rediger, tmp_path: Path) -> None:
    page = cms_page
    page.goto(rediger.admin_url + "#/collections/indsatser/new")
    field(page, "Id").fill("smaa-skridt")
    field(page, "Titel").fill(TITLE)
    field(page, "Resumé").fill("Et kort forløb for børn, der har brug for en voksen at tale med.")
    choose(page, "Status", "Udkast")
    field(page, "Ejer").fill("Center for Familie og Rådgivning")
    field(page, "Sidst revideret").fill("2026-11-23")
    field(page, "Næste revision").fill("2027-11-23")
    choose(page, "Kilder", "Testkilde")  # picked from the register of sources
    page.get_by_role("button", name="Tilføj ændringer").click()
    field(page, "Dato").fill("2026-11-23")
    field(page, "Tekst").fill("Første udgave.")
    field(page, "Målgruppe").fill("Børn i indskolingen")
    field(page, "Fra").fill("6")
    field(page, "Til").fill("9")
    choose(page, "Områder", "Skole")
    choose(page, "Områder", "SFO")
    field(page, "Trin").fill("2")
    box(page, "Formål").locator("[contenteditable=true]").click()
    page.keyboard.type("Barnet får en fast voksen at tale med.")
    choose(page, "Adgang", "Kræver henvisning")
    page.get_by_role("button", name="Tilføj trin").click()
    box(page, "Trin", 1).locator("input").last.fill("Tal med forældrene.")
    field(page, "Kræves").click()
    field(page, "Forklaring").fill("Forældrene giver samtykke til, at skolen taler med SFO.")
    field(page, "Udbyder").fill("Skolen")
    field(page, "Kontakt").fill("Skolens ledelse")
    publish(page)

    written = yaml.safe_load((rediger.content / "indsatser" / "smaa-skridt.yml").read_text(
        encoding="utf-8"))
    assert written["titel"] == TITLE
    assert written["alder"] == {"fra": 6, "til": 9}
    assert written["omraader"] == ["skole", "sfo"]
    assert written["samtykke"]["kraeves"] is True
    assert written["kilder"] == ["testkilde"]
    assert written["henvisning"] == {"adgang": "henvisning", "trin": ["Tal med forældrene."]}

    # Link it from the first level of the vejviser: the picker offers it by its title.
    open_form(page, rediger.admin_url + "#/collections/vejvisere/entries/bekymring-0-6")
    choose(page, "Indsatser", "Små skridt")
    publish(page)
    flow = yaml.safe_load((rediger.content / "vejvisere" / "bekymring-0-6.yml").read_text(
        encoding="utf-8"))
    assert flow["niveauer"][0]["indsatser"] == ["tvaersteam", "smaa-skridt"]

    done = check(rediger.root)
    assert done.returncode == 0, done.stdout + done.stderr

    # The live preview followed the saves.
    deadline = time.monotonic() + 30
    preview = ""
    while "Bruges i vejviser" not in preview and time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(rediger.preview_url + "indsatser/smaa-skridt.html") as r:
                preview = r.read().decode("utf-8")
        except OSError:
            time.sleep(0.5)
    assert TITLE in preview and "Bruges i vejviser" in preview

    pages = built_pages(rediger.root, tmp_path / "site")
    entry = pages["indsatser/smaa-skridt.html"]
    assert TITLE in entry
    assert "Bruges i vejviser" in entry and "bekymring-0-6.html#groen" in entry
    assert "smaa-skridt.html" in pages["vejviser/bekymring-0-6.html"]


def test_saving_an_existing_vejviser_unchanged_keeps_the_pages(
        cms_page: Page, rediger: Rediger, tmp_path: Path) -> None:
    before = built_pages(rediger.root, tmp_path / "before")
    page = cms_page
    address = rediger.admin_url + "#/collections/vejvisere/entries/bekymring-0-6"
    open_form(page, address)
    title = field(page, "Titel")
    original = title.input_value()
    assert original == "Bekymring for et barn 0–6 år"
    # Decap saves only a changed form: change the title, save, change it back, save.
    title.fill(original + " (ændret)")
    publish(page)
    page.reload()
    page.wait_for_function(
        "() => (document.querySelector('input[id^=titel-field]') || {}).value?.endsWith(')')")
    field(page, "Titel").fill(original)
    publish(page)

    done = check(rediger.root)
    assert done.returncode == 0, done.stdout + done.stderr
    text = (rediger.content / "vejvisere" / "bekymring-0-6.yml").read_text(encoding="utf-8")
    assert "underretning: ja" in text  # the ja/nej spelling is kept, not rewritten
    after = built_pages(rediger.root, tmp_path / "after")
    assert after.keys() == before.keys()
    changed = [name for name in before if _strip_volatile(before[name])
               != _strip_volatile(after[name])]
    assert changed == []


def _strip_volatile(html: str) -> str:
    """A page without what differs between two builds of the same content (build dates)."""
    return re.sub(r"\d{4}-\d{2}-\d{2}T[\d:.+Z-]+|\d{1,2}\. \w+ \d{4} kl\. [\d.:]+", "", html)


def test_a_legal_review_is_recorded_in_the_form_where_the_file_said_ja(
        cms_page: Page, rediger: Rediger) -> None:
    page = cms_page
    source = rediger.content / "sider" / "jura" / "underretning.md"
    assert "juridisk_gennemgang: ja\n" in source.read_text(encoding="utf-8")
    open_form(page, rediger.admin_url + "#/collections/sider/entries/jura/underretning")
    # The form says what `ja` means instead of showing an empty group as if nothing were set.
    page.get_by_text("Står som „ja“: teksten venter på juridisk gennemgang.").wait_for()
    choose(page, "Status", "Godkendt", nth=1)  # the first Status is the page's own
    field(page, "Rolle").fill("Kommunens jurist")
    field(page, "Dato", nth=1).fill("2026-12-01")  # the first Dato is the change log's
    publish(page)

    front = source.read_text(encoding="utf-8").split("---")[1]
    written = yaml.safe_load(front)
    assert written["juridisk_gennemgang"] == {
        "status": "godkendt", "rolle": "Kommunens jurist", "dato": date(2026, 12, 1)}
    assert written["aendringer"] == [{"dato": date(2026, 11, 1), "tekst": "Første udgave."}]
    done = check(rediger.root)
    assert done.returncode == 0, done.stdout + done.stderr
