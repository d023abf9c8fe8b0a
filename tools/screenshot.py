"""Screenshots of built pages in headless Chromium.

Usage: python tools/screenshot.py [--sizes 390x844,1366x768] [--screen] SITE OUT PAGE...

Each page is shot at each size, the whole page (or with --screen only the first screen), and
its height in screens of that size is printed beside the file name.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from playwright.sync_api import sync_playwright


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="1280x900,390x900")
    parser.add_argument("--screen", action="store_true", help="only the first screen")
    parser.add_argument("site")
    parser.add_argument("out")
    parser.add_argument("pages", nargs="+")
    args = parser.parse_args()
    Path(args.out).mkdir(parents=True, exist_ok=True)
    sizes = [tuple(int(n) for n in size.split("x")) for size in args.sizes.split(",")]
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
        for width, height in sizes:
            page = browser.new_page(viewport={"width": width, "height": height})
            for name in args.pages:
                page.goto(Path(args.site, name.split("#")[0]).resolve().as_uri()
                          + ("#" + name.split("#")[1] if "#" in name else ""))
                stem = name.replace("/", "_").replace("#", "--")
                file = Path(args.out, f"{stem}-{width}.png")
                page.screenshot(path=str(file), full_page=not args.screen)
                screens = page.evaluate("document.documentElement.scrollHeight") / height
                print(f"{file}\t{screens:.1f} screens")
            page.close()
        browser.close()


if __name__ == "__main__":
    main()
