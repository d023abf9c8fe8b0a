"""MkDocs wiring only: the handbook's pages enter the build as generated files.

All logic lives in build_tools; this adapter is the one place that knows MkDocs.
"""

from __future__ import annotations

import os
from pathlib import Path

from mkdocs.config import config_options
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files

from build_tools.build import CONTENT_DIR_ENV, generate
from build_tools.problems import ContentError


class HandbookConfig(Config):
    content_dir = config_options.Type(str, default="content")


class HandbookPlugin(BasePlugin[HandbookConfig]):
    """Adds every page rendered from content/ and sets the navigation."""

    def on_files(self, files: Files, /, *, config: MkDocsConfig) -> Files:
        root = Path(config.config_file_path).parent
        # `handbook build --content DIR` overrides mkdocs.yml, so check and build use one folder.
        content_dir = Path(os.environ.get(CONTENT_DIR_ENV) or root / self.config.content_dir)
        try:
            handbook = generate(content_dir)
        except ContentError as exc:
            # MkDocs swallows most exceptions; a PluginError is reported and stops the build.
            raise PluginError(f"Indholdet har fejl:\n{exc}") from exc
        for page in handbook.site.pages.values():
            file = File.generated(config, page.path, content=page.markdown)
            if page.source:
                file.edit_uri = page.source  # "Rediger denne side" opens the YAML, not the page
            files.append(file)
        config.nav = handbook.site.nav
        return files
