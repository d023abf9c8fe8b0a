"""The site's Content-Security-Policy: the one place that states it.

Every page carries it in a `<meta http-equiv="Content-Security-Policy">` as the first element of
its `<head>` (build_tools/overrides/main.html), so it holds wherever the pages are opened from:
the web server, a file share, the offline zip. A web server may send `policy()` as an HTTP header
as well (the two are enforced together; a `<meta>` cannot carry `frame-ancestors`, the header
can: `header_policy()`).

What it allows:

- scripts only from the site's own files, plus the few inline scripts of the theme, each by the
  SHA-256 hash of its exact text (`THEME_SCRIPTS`). The hashes are computed from material's
  templates as this module copies them, never from what a built page happens to contain (an
  injected script would then be allowed too). No inline handler (`onclick=`), no `eval`;
- workers only from the site's own files (no `data:` or `blob:` worker);
- no plugin content (`object-src 'none'`), no `<base>` (`base-uri 'none'`), no form submission
  (`form-action 'none'`);
- everything else (styles, images, fonts, fetches, frames) only from the site itself, plus the
  theme's `data:` icons.

`<script type="application/json" id="__config">` is data, not run, so it needs no hash; which
element the theme reads as its configuration is guarded by the check and the sanitizer (reserved
ids), not by this policy.

When mkdocs-material is upgraded, `tests/test_security_csp.py` fails if the theme's inline
scripts changed: copy the new texts from the files named in THEME_SCRIPTS and update
MATERIAL_VERSION.
"""

from __future__ import annotations

import base64
import hashlib

MATERIAL_VERSION = "9.8.1"
"""The mkdocs-material version whose inline scripts THEME_SCRIPTS holds."""

BASE = "{{ config.extra.scope | d(base_url) }}"
"""Where material's first inline script names the page's way back to the site's root."""

THEME_SCRIPTS: dict[str, str] = {
    "partials/javascripts/base.html": (
        '__md_scope=new URL("' + BASE + '",location),__md_hash=e=>[...e].reduce(((e,_)=>(e<<5)'
        '-e+_.charCodeAt(0)),0),__md_get=(e,_=localStorage,t=__md_scope)=>JSON.parse(_.getItem'
        '(t.pathname+"."+e)),__md_set=(e,_,t=localStorage,a=__md_scope)=>{try{t.setItem(a.'
        'pathname+"."+e,JSON.stringify(_))}catch(e){}}'
    ),
    "partials/javascripts/content.html": (
        "var target=document.getElementById(location.hash.slice(1));target&&target.name&&"
        '(target.checked=target.name.startsWith("__tabbed_"))'
    ),
}
"""The theme's inline scripts on our pages (material's templates, file → the script's text),
exactly as material 9.8.1 writes them; BASE stands for the page's base URL."""

MAX_DEPTH = 12
"""Pages at most this many folders below the site's root get their base URL hashed."""


def bases() -> list[str]:
    """Every base URL a page of the site can have: "." at the root, "..", "../..", … and "/"
    (MkDocs gives the 404 page the absolute root, as a server shows it at any address)."""
    return [".", *("/".join([".."] * depth) for depth in range(1, MAX_DEPTH + 1)), "/"]


def _hash(text: str) -> str:
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


def script_hashes(base: str | None = None) -> list[str]:
    """The CSP source expressions of the theme's inline scripts on a page with base URL `base`
    (None: on every page of the site)."""
    found: list[str] = []
    for base_url in bases() if base is None else [base]:
        for text in THEME_SCRIPTS.values():
            token = _hash(text.replace(BASE, base_url))
            if token not in found:
                found.append(token)
    return found


def _directives(hashes: list[str]) -> list[str]:
    return [
        "default-src 'none'",
        "script-src 'self' " + " ".join(hashes),
        "style-src 'self'",
        "style-src-attr 'unsafe-inline'",  # tables' column alignment (style="text-align: …")
        "img-src 'self' data:",  # the theme's icons are data: SVGs in its stylesheet
        "font-src 'self'",
        "connect-src 'self'",
        "worker-src 'self'",
        "frame-src 'self'",  # the iframe-worker shim's search frame under file://
        "manifest-src 'self'",
        "media-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'none'",
    ]


def policy() -> str:
    """The policy for every page of the site (all the theme's script hashes, whatever the
    page's depth): what a web server sends as the Content-Security-Policy header."""
    return "; ".join(_directives(script_hashes()))


def header_policy() -> str:
    """policy() plus what only an HTTP header can carry: no framing of the site by others."""
    return policy() + "; frame-ancestors 'self'"


def page_policy(base: str) -> str:
    """The policy in the `<meta>` of a page with base URL `base`: only the hashes that page
    needs (short, so the page's `<meta charset>` stays within its first 1,024 bytes)."""
    return "; ".join(_directives(script_hashes(base)))


def page_policies() -> dict[str, str]:
    """base URL → the page policy; the engine configuration carries it to the template
    (`config.extra.csp`)."""
    return {base: page_policy(base) for base in bases()}
