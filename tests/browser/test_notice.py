"""Guidance never delays action: every page and every PDF says first that 112 and the duty to
report apply whatever the text's status, and nothing anywhere makes "talk to your leader"
a precondition for acting. On the akut flow and the underretning page, the draft notice comes
after the action."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Page

pytestmark = pytest.mark.browser

REPO = Path(__file__).resolve().parents[2]
PHONE = {"width": 390, "height": 844}
AKUT_FLOW = "vejviser/akut-vold-og-overgreb.html"
UNDERRETNING = "jura/underretning.html"
PRECONDITION = re.compile(
    r"(tal|taler|talt) med (din|jeres|en) leder,? (før|inden) (du|i) handler"
    r"|før du handler på|inden du handler på", re.IGNORECASE)
"""A sentence that makes the leader a precondition for acting."""
NOT_GUIDANCE = {"404.html", "search.html", "om/redaktoerer.html"}
"""Pages that carry no guidance: the error page, the search page, the editors' guide (and
below: the committee reports and the list and copies of earlier editions)."""


def top(page: Page, selector: str) -> float:
    box = page.locator(selector).first.bounding_box()
    assert box is not None, f"{selector} is not visible"
    return box["y"]


def read_line(page: Page) -> str:
    line = page.locator(".hb-altid").first
    assert line.is_visible()  # not folded away: no click needed
    return " ".join(line.inner_text().split())


@pytest.mark.parametrize("path", [AKUT_FLOW, UNDERRETNING])
def test_the_line_that_always_applies_comes_first(
        open_page: Callable[..., Page], path: str) -> None:
    page = open_page(path)
    page.set_viewport_size(PHONE)
    text = read_line(page)
    assert text.startswith("Gælder altid – også i udkast:")
    assert "Ring 112, hvis et barn er i fare." in text
    assert "Underret kommunen nu" in text and "Barnets Lov § 133" in text
    assert top(page, ".hb-altid") < 300  # on the first screen of a phone, under the title
    # Nothing before it but the title: no notice, disclaimer or gap box.
    first = page.locator("article h1 ~ *").first
    assert "hb-altid" in (first.get_attribute("class") or "")


def test_on_the_akut_flow_the_draft_notice_follows_the_action(
        open_page: Callable[..., Page]) -> None:
    page = open_page(AKUT_FLOW)
    assert top(page, ".hb-altid") < top(page, ".hb-akut") < top(page, "details.hb-notice")
    notice = page.locator("details.hb-notice").first
    assert "Udkast" in notice.locator("summary").inner_text()  # the status stays visible
    notice.locator("summary").click()
    # no "talk to your leader" on an urgent page, not even as a suggestion
    assert "tal med din leder" not in notice.inner_text().lower()


def test_on_the_underretning_page_the_draft_notice_follows_the_action(
        open_page: Callable[..., Page]) -> None:
    page = open_page(UNDERRETNING)
    action = ".hb-akut"  # the Akut line with the register's numbers, as tel: links
    assert "ring 112" in page.locator(action).first.inner_text().lower()
    assert page.locator(f"{action} a[href='tel:112']").count() == 1
    assert top(page, ".hb-altid") < top(page, action) < top(page, "details.hb-notice")
    assert top(page, action) < top(page, "#mangler")
    # The line does not link the page to itself.
    assert page.locator(".hb-altid a").count() == 0


def test_elsewhere_the_line_links_to_how_to_report(open_page: Callable[..., Page]) -> None:
    page = open_page("index.html")
    link = page.locator(".hb-altid a")
    assert link.inner_text() == "Sådan underretter du"
    link.click()
    page.wait_for_url(re.compile(r"jura/underretning\.html$"))


def test_every_page_carries_the_line_and_none_makes_the_leader_a_precondition(
        site_dir: Path) -> None:
    missing, preconditions = [], []
    for path in sorted(site_dir.rglob("*.html")):
        relative = path.relative_to(site_dir).as_posix()
        html = path.read_text(encoding="utf-8")
        text = " ".join(re.sub(r"<[^>]+>", " ", html).split())
        if PRECONDITION.search(text):
            preconditions.append(relative)
        if (relative in NOT_GUIDANCE or relative.startswith(("rapporter/", "assets/", "udgaver/"))
                or relative.endswith("-iframe.html")):
            continue
        if 'class="hb-altid"' not in html:
            missing.append(relative)
    assert preconditions == []
    assert missing == []


# --- the PDFs ------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def pdf_dir(site_dir: Path, browser_config: Path,
            tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The PDFs of the same handbook: from a full build, else made here."""
    if (site_dir / "pdf" / "handbog.pdf").is_file():
        return site_dir / "pdf"
    out = tmp_path_factory.mktemp("pdf")
    config = browser_config
    # The project's own PDF cache (build/pdf-cache), warm after a `handbook build`, not the
    # session's (tests/conftest.py), which never holds the real handbook's PDFs.
    env = {key: value for key, value in os.environ.items() if key != "HANDBOOK_PDF_CACHE"}
    done = subprocess.run([sys.executable, "-m", "build_tools.cli", "--config", str(config),
                           "pdf", "--out", str(out)], cwd=config.parent, capture_output=True,
                          text=True, check=False, env=env)
    assert done.returncode == 0, done.stdout + done.stderr
    return out


def test_every_pdf_page_carries_the_line_and_none_makes_the_leader_a_precondition(
        pdf_dir: Path) -> None:
    pdfs = sorted(pdf_dir.glob("*.pdf"))
    assert any(p.name.startswith("vejviser-") for p in pdfs) and len(pdfs) >= 3
    for pdf in pdfs:
        text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True,
                              capture_output=True, text=True).stdout
        pages = text.split("\f")[:-1]
        flat = " ".join(text.split())
        assert not PRECONDITION.search(flat), pdf.name
        # First the full line (the handout's header or the cover), then on every page its foot.
        first = " ".join(pages[0].split())
        assert "GÆLDER ALTID" in first.upper(), pdf.name
        assert first.index("ring 112") < (first.find("UDKAST") % (len(first) + 1)), pdf.name
        for number, page in enumerate(pages, start=1):
            assert "ring 112" in " ".join(page.split()), (pdf.name, number)
            assert "Barnets Lov § 133" in " ".join(page.split()), (pdf.name, number)
