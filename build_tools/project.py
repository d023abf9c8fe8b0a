"""The project's settings, read from mkdocs.yml without MkDocs.

mkdocs.yml is the one configuration file a municipality edits. Our own settings sit under
`extra.handbook` (an engine passes `extra` through untouched); the edit links use MkDocs' own
`repo_url` + `edit_uri`. `INHERIT` is followed as MkDocs and Zensical follow it.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

EDIT_URL_ENV = "HANDBOOK_EDIT_URL"
"""CI's override of the edit address (e.g. https://github.com/ORG/REPO/edit/main/)."""


class ConfigError(Exception):
    """mkdocs.yml cannot be read; the message is Danish."""


def _merge(base: dict[str, Any], child: dict[str, Any]) -> dict[str, Any]:
    merged = dict(base)
    for key, value in child.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = _merge(merged[key], value)
        else:
            merged[key] = value
    return merged


def _read(config_file: Path) -> dict[str, Any]:
    try:
        data = yaml.safe_load(config_file.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise ConfigError(f"{config_file}: kan ikke læses ({exc})") from exc
    if not isinstance(data, dict):
        raise ConfigError(f"{config_file}: forventede indstillinger (navn: værdi)")
    parent = data.pop("INHERIT", None)
    if parent:
        data = _merge(_read((config_file.parent / parent).resolve()), data)
    return data


def read_config(config_file: Path) -> dict[str, Any]:
    """mkdocs.yml as a dict, with `INHERIT` merged in as MkDocs merges it; relative paths
    (docs_dir, site_dir, theme.custom_dir) are made absolute from the file's own folder."""
    data = _read(config_file)
    here = config_file.parent
    for key in ("docs_dir", "site_dir"):
        if isinstance(data.get(key), str):
            data[key] = str((here / data[key]).resolve())
    theme = data.get("theme")
    if isinstance(theme, dict) and isinstance(theme.get("custom_dir"), str):
        theme["custom_dir"] = str((here / theme["custom_dir"]).resolve())
    return data


@dataclass(frozen=True)
class Project:
    """Where a handbook's files are: its configuration, content, work folder and site."""

    config_file: Path
    config: dict[str, Any]
    content_dir: Path
    build_dir: Path
    """Generated files: the docs tree (docs/), the engine's configuration, caches."""
    site_dir: Path

    @classmethod
    def load(cls, config_file: Path | str, content_dir: Path | str | None = None,
             site_dir: Path | str | None = None) -> Project:
        config_file = Path(config_file).resolve()
        # `handbook check --content DIR` needs no mkdocs.yml; a build does (see build.build).
        config = read_config(config_file) if config_file.exists() else {}
        root = config_file.parent
        settings = (config.get("extra") or {}).get("handbook") or {}
        content = Path(content_dir) if content_dir else root / settings.get("content_dir",
                                                                           "content")
        site = Path(site_dir) if site_dir else Path(config.get("site_dir") or root / "site")
        return cls(config_file, config, content.resolve(), root / "build", site.resolve())

    @property
    def root(self) -> Path:
        return self.config_file.parent

    @property
    def docs_dir(self) -> Path:
        return self.build_dir / "docs"

    @property
    def edit_base(self) -> str:
        """Where a content file is edited: $HANDBOOK_EDIT_URL, else repo_url + edit_uri;
        '' when neither is set (no edit links)."""
        base = os.environ.get(EDIT_URL_ENV, "")
        if not base:
            repo, edit = self.config.get("repo_url"), self.config.get("edit_uri")
            if repo and edit:
                base = repo.rstrip("/") + "/" + str(edit).strip("/")
        return base + "/" if base and not base.endswith("/") else base
