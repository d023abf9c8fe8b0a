"""Screenshots of built pages in headless Chromium.

Usage: python tools/screenshot.py SITE OUT PAGE...
"""

from __future__ import annotations

import sys
from pathlib import Path

from playwright.sync_api import sync_playwright


def main() -> None:
    site, out, *pages = sys.argv[1:]
    Path(out).mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
        for width in (1280, 390):
            page = browser.new_page(viewport={"width": width, "height": 900})
            for name in pages:
                page.goto(Path(site, name).resolve().as_uri())
                file = Path(out, f"{name.replace('/', '_')}-{width}.png")
                page.screenshot(path=str(file), full_page=True)
                print(file)
            page.close()
        browser.close()


if __name__ == "__main__":
    main()
