"""Site settings shared by the plugin and the CLI, without MkDocs.

The CLI reads the factcheck plugin's options out of ``mkdocs.yml`` so editors
check their records against the same rating scale the site is built with.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml_env_tag import construct_env_tag

from ..records.scale import DEFAULT_SCALE, RatingScale
from .i18n import Catalogue, load_catalogue

PLUGIN_NAME = "factcheck"


@dataclass(frozen=True)
class Settings:
    """What the core needs to know about a site."""

    facts_dir: Path
    scale: RatingScale = DEFAULT_SCALE
    topic_labels: dict[str, str] = field(default_factory=dict)
    base_dir: Path = field(default_factory=Path.cwd)
    words: Catalogue = field(default_factory=lambda: load_catalogue(None))

    def topic_label(self, key: str) -> str:
        return self.topic_labels.get(key) or key.replace("-", " ").capitalize()


class _TolerantLoader(yaml.SafeLoader):
    """Reads mkdocs.yml, ignoring the other tags (``!relative``, ``!!python/name``) MkDocs resolves itself."""


def _ignore_tag(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> None:
    return None


# !ENV is resolved as MkDocs resolves it, so that `check` validates the values the build would use.
_TolerantLoader.add_constructor("!ENV", construct_env_tag)
_TolerantLoader.add_multi_constructor("!", _ignore_tag)
_TolerantLoader.add_multi_constructor("tag:yaml.org,2002:python/", _ignore_tag)


def read_site_config(config_file: Path) -> tuple[dict[str, Any], str | None]:
    """The factcheck plugin's options in an MkDocs config file ({} when not configured), and theme.language."""
    data = yaml.load(config_file.read_text(encoding="utf-8"), Loader=_TolerantLoader)  # noqa: S506 - SafeLoader subclass
    data = data if isinstance(data, dict) else {}
    theme = data.get("theme")
    language = theme.get("language") if isinstance(theme, dict) else None
    plugins = data.get("plugins", [])
    if isinstance(plugins, dict):
        plugins = [{name: options} for name, options in plugins.items()]
    for entry in plugins or []:
        if isinstance(entry, dict) and PLUGIN_NAME in entry:
            return dict(entry[PLUGIN_NAME] or {}), language if isinstance(language, str) else None
    return {}, language if isinstance(language, str) else None
