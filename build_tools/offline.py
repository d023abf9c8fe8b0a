"""The offline edition: the whole site as one zip that staff can open from a file share.

The site works from `file://` as it is (material's offline plugin inlines the search index and
the vendored iframe-worker shim runs search without a server), so the edition is a zip of the
built site. `handbook build` adds it to the site folder as `haandbog-offline.zip` (site_output,
listed in outputs.py); `handbook offline --out FILE` (cmd_offline.py) builds into a temporary
folder and writes only the zip.
"""

from __future__ import annotations

import time
import zipfile
from pathlib import Path

from build_tools.files import replacing
from build_tools.project import Project
from build_tools.resolve import Handbook

ZIP_NAME = "haandbog-offline.zip"
"""The file name of the offline edition inside the site folder."""
ZIP_FOLDER = "haandbog"
"""The folder the zip unpacks into; the edition starts at haandbog/index.html."""
README_NAME = "LAES-MIG.txt"
README_TEXT = """\
Håndbog for tidlig forebyggende indsats – offline-udgave

Pak hele mappen ud, og åbn index.html i din browser. Søgningen virker også uden netværk.
Udgaven er et øjebliksbillede: den gældende håndbog er altid den på intranettet.
"""


def write_zip(site: Path, out: Path) -> Path:
    """Write the files of `site` into the zip `out`, under haandbog/.

    Left out: the zip itself (it is written into the site folder) and source maps (.map),
    which only a developer's browser tools would read.
    """
    out = out.resolve()
    files = sorted(
        path
        for path in site.resolve().rglob("*")
        if path.is_file() and path != out and path.name != ZIP_NAME and path.suffix != ".map"
        and not path.name.startswith(".")
    )
    # One timestamp for every entry: rebuilding the same site gives the same listing.
    now = time.localtime()
    stamp = (now.tm_year, now.tm_mon, now.tm_mday, now.tm_hour, now.tm_min, now.tm_sec)
    with replacing(out) as partial, zipfile.ZipFile(partial, "w",
                                                   compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(_info(f"{ZIP_FOLDER}/{README_NAME}", stamp), README_TEXT)
        for path in files:
            name = f"{ZIP_FOLDER}/{path.relative_to(site.resolve()).as_posix()}"
            archive.writestr(_info(name, stamp), path.read_bytes())
    return out


def _info(name: str, stamp: tuple[int, int, int, int, int, int]) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=stamp)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = 0o644 << 16
    return info


def site_output(handbook: Handbook, site_dir: Path, project: Project) -> None:
    """`handbook build` adds the offline edition to the new site folder."""
    write_zip(site_dir, site_dir / ZIP_NAME)
