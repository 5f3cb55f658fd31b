"""``factcheck init``: write a new fact-check microsite that checks, builds and serves at once.

The site holds no copy of the plugin's templates or assets: it names the plugin in
``mkdocs.yml`` and pins it in ``requirements.txt``, and the plugin brings the rest.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from .publish.i18n import shipped_languages

SCAFFOLD_DIR = Path(__file__).parent / "scaffold"
# Package data cannot hold dot-files reliably; they are stored under plain names.
RENAMES = {"dot-gitignore": ".gitignore", "dot-github": ".github"}
DEFAULT_SITE_URL = "http://127.0.0.1:8000/"
LANGUAGE_CODE = re.compile(r"[a-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})?")
SITE_URL = re.compile(r"https?://[A-Za-z0-9.-]+(?::\d+)?(?:/[A-Za-z0-9._~%/-]*)?")


class ScaffoldError(Exception):
    """The new site cannot be written; the message says why and what to do."""


@dataclass(frozen=True)
class NewSite:
    name: str
    site_url: str = DEFAULT_SITE_URL
    language: str = "en"

    def check(self) -> None:
        if not self.name.strip() or any(unicodedata.category(char).startswith("C") for char in self.name):
            raise ScaffoldError("--name: write the site's name on one line, without control characters")
        if not SITE_URL.fullmatch(self.site_url) or not self.site_url.endswith("/"):
            raise ScaffoldError(
                f"--site-url: {json.dumps(self.site_url)} is not an http(s) address ending in '/', "
                "e.g. https://org.github.io/checks/"
            )
        if not LANGUAGE_CODE.fullmatch(self.language):
            raise ScaffoldError(f"--language: {json.dumps(self.language)} is not a language code such as en or fr")


def _version(distribution: str) -> str:
    try:
        return metadata.version(distribution)
    except metadata.PackageNotFoundError:
        raise ScaffoldError(f"{distribution} is not installed, so its version cannot be pinned") from None


def site_files(site: NewSite) -> dict[str, str]:
    """The new site's files: path relative to its folder -> text."""
    site.check()
    # JSON strings are YAML strings too: a name with quotes or colons stays one scalar.
    values = {
        "__SITE_NAME_YAML__": json.dumps(site.name, ensure_ascii=False),
        "__SITE_URL_YAML__": json.dumps(site.site_url),
        "__SITE_NAME__": site.name,
        "__LANGUAGE__": site.language,
        "__FACTCHECK_VERSION__": _version("mkdocs-factcheck"),
        "__MKDOCS_VERSION__": _version("mkdocs"),
        "__MATERIAL_VERSION__": _version("mkdocs-material"),
    }
    files = {}
    for path in sorted(SCAFFOLD_DIR.rglob("*")):
        if not path.is_file() or "__pycache__" in path.parts:
            continue
        parts = [RENAMES.get(part, part) for part in path.relative_to(SCAFFOLD_DIR).parts]
        text = path.read_text(encoding="utf-8")
        for marker, value in values.items():
            text = text.replace(marker, value)
        files["/".join(parts)] = text
    return files


def write_site(folder: Path, site: NewSite) -> list[str]:
    """Write a new site into ``folder``, which must be empty or absent; returns the paths written."""
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise ScaffoldError(f"{folder} is not an empty folder: choose a new one, so nothing is overwritten")
    files = site_files(site)
    for relative, text in files.items():
        target = folder / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    return sorted(files)


def language_note(language: str) -> str | None:
    """A note for a language whose words the package does not ship."""
    base = language.replace("_", "-").split("-")[0]
    if language in shipped_languages() or base in shipped_languages():
        return None
    return (
        f"the plugin has no catalogue for '{language}': translate its words with the 'strings' option in "
        "mkdocs.yml (docs/languages.md lists the keys), or builds warn"
    )
