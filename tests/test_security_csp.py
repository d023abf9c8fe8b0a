"""The Content-Security-Policy (build_tools/csp.py) on every page of a built site.

The browser proves that it blocks (tests/browser/test_hostile.py); here: that it is there, first
in <head>, strict, allows exactly the theme's own inline scripts, and that a theme upgrade which
changes those scripts fails loudly instead of silently breaking every page."""

from __future__ import annotations

import base64
import hashlib
import re
from importlib.metadata import version
from pathlib import Path

import pytest

from build_tools import csp

FIXTURES = Path(__file__).parent / "fixtures"
REPO = Path(__file__).parent.parent
UPGRADE = ("mkdocs-material's inline scripts changed: copy the new texts of the files named in "
           "build_tools/csp.py THEME_SCRIPTS, update MATERIAL_VERSION, and run the browser tests "
           "(tests/browser/test_hostile.py, test_offline.py) for CSP violations")


def test_the_theme_is_the_version_whose_scripts_the_policy_names() -> None:
    assert version("mkdocs-material") == csp.MATERIAL_VERSION, UPGRADE


def test_the_theme_templates_hold_exactly_the_listed_inline_scripts() -> None:
    import material

    templates = Path(material.__file__).parent / "templates"
    for name, text in csp.THEME_SCRIPTS.items():
        source = (templates / name).read_text(encoding="utf-8")
        assert f"<script>{text}</script>" in source, f"{name}: {UPGRADE}"


@pytest.fixture(scope="module")
def site(fixture_site: Path) -> Path:
    return fixture_site  # the fixture handbook, built once per session (conftest.py)


META = re.compile(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)">')
INLINE = re.compile(r"<script(?![^>]*\bsrc=)([^>]*)>(.*?)</script>", re.S)


def _sha(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


def test_every_page_carries_the_policy_first_in_its_head(site: Path) -> None:
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 20
    for page in pages:
        text = page.read_text(encoding="utf-8")
        head = text[text.index("<head>") + len("<head>"):]
        first = re.match(r"\s*(<[^>]*>)", head)
        assert first and META.fullmatch(first.group(1)), page
        assert text.index('<meta charset="utf-8">') < 1024, page  # found by the prescan


def test_each_pages_policy_allows_its_theme_scripts_and_nothing_else_inline(site: Path) -> None:
    for page in sorted(site.rglob("*.html")):
        text = page.read_text(encoding="utf-8")
        match = META.search(text)
        assert match, page
        policy = match.group(1)
        script_src = next(d for d in policy.split("; ") if d.startswith("script-src "))
        allowed = set(script_src.split()[2:])
        run = [body for attrs, body in INLINE.findall(text) if "application/json" not in attrs]
        assert {_sha(body) for body in run} == allowed, (page, UPGRADE)
        # the allow-list comes from the copied theme texts, and the whole site's is a superset
        assert allowed <= set(csp.script_hashes())


@pytest.mark.parametrize("policy", [csp.policy(), csp.page_policy(".."), csp.header_policy()])
def test_the_policy_is_strict(policy: str) -> None:
    directives = {d.split()[0]: d.split()[1:] for d in policy.split("; ")}
    assert directives["default-src"] == ["'none'"]
    assert directives["script-src"][0] == "'self'"
    assert all(s.startswith("'sha256-") for s in directives["script-src"][1:])
    assert directives["worker-src"] == ["'self'"]
    assert directives["object-src"] == ["'none'"]
    assert directives["base-uri"] == ["'none'"]
    assert directives["form-action"] == ["'none'"]
    for word in ("'unsafe-inline'", "'unsafe-eval'", "'unsafe-hashes'", "data:", "blob:", "*"):
        for name in ("script-src", "worker-src", "connect-src", "frame-src", "default-src"):
            assert word not in directives[name], (name, word)


def test_a_script_the_theme_does_not_have_is_not_allowed() -> None:
    injected = 'document.body.append("x")'
    assert _sha(injected) not in csp.policy()
    assert _sha(csp.THEME_SCRIPTS["partials/javascripts/content.html"]) in csp.policy()
