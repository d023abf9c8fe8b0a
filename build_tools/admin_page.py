"""The forms' admin page in the published site (`admin/`), when mkdocs.yml configures the
forms (`extra.handbook.cms`); the configuration itself is made by build_tools/cms.py. Listed
among the site outputs in build_tools/outputs.py (after the offline zip: the admin page is no
part of the offline edition). `handbook rediger` (cmd_rediger.py) serves the same page locally."""

from __future__ import annotations

import shutil
from pathlib import Path

from build_tools import cms
from build_tools.project import Project
from build_tools.resolve import Handbook
from build_tools.site_output import SiteBuildError

ADMIN_FOLDER = "admin"
"""Where the admin page goes in the published site."""


def content_location(project: Project) -> tuple[Path, str]:
    """(the folder the CMS backend serves, the content folder relative to it)."""
    content = project.content_dir
    root = project.root if content.is_relative_to(project.root) else content.parent
    return root, content.relative_to(root).as_posix()


def site_output(handbook: Handbook, site_dir: Path, project: Project) -> None:
    """Add `admin/` to the site when mkdocs.yml configures the forms (extra.handbook.cms)."""
    settings = cms.cms_settings(project.config)
    if settings is None:
        return
    try:
        backend = cms.backend_from_settings(settings)
        _, prefix = content_location(project)
        site_url = str(project.config.get("site_url") or "")
        config = cms.config(backend, prefix, project.content_dir, site_url=site_url)
        target = cms.write_admin(site_dir / ADMIN_FOLDER, config)
    except (cms.CmsConfigError, cms.MissingNodeModules) as exc:
        raise SiteBuildError(f"Formularerne (admin/): {exc}") from exc
    dist = cms.node_file(*cms.BUNDLE).parent
    for chunk in sorted(dist.glob("*.decap-cms.js")) + sorted(dist.glob("*.wasm")):
        shutil.copyfile(chunk, target / chunk.name)

