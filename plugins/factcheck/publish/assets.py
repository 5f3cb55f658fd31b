"""The plugin's own JavaScript and CSS, shipped inside the package.

A site gets them without copying anything: the adapter writes them into the built
site under :data:`ASSET_PREFIX` and links them from every page.
"""

from __future__ import annotations

import functools
from pathlib import Path

import rcssmin
import rjsmin

ASSETS_DIR = Path(__file__).parent / "static"
ASSET_PREFIX = "assets/factcheck"
SCRIPT = f"{ASSET_PREFIX}/factcheck.js"
STYLESHEET = f"{ASSET_PREFIX}/factcheck.css"
# Rendered from a template per site: it holds the rating scale's colours.
VERDICT_STYLESHEET = f"{ASSET_PREFIX}/verdicts.css"
STYLESHEETS = (STYLESHEET, VERDICT_STYLESHEET)


@functools.cache
def packaged_asset(site_path: str) -> str:
    """The minified text of a packaged asset, by its path in the built site (read once per process)."""
    text = (ASSETS_DIR / Path(site_path).name).read_text(encoding="utf-8")
    return minify(site_path, text)


def minify(site_path: str, text: str) -> str:
    if site_path.endswith(".js"):
        return str(rjsmin.jsmin(text)) + "\n"
    if site_path.endswith(".css"):
        return str(rcssmin.cssmin(text)) + "\n"
    return text
