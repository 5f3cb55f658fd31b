"""Reader-facing words in the site's language: packaged catalogues, and dates formatted by Babel.

Each catalogue is ``locales/<language>.yml``, a flat map of keys to text, with
exactly the keys of ``en.yml``. A site in a language the package does not ship
gets the English words for what its ``strings`` option leaves untranslated.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import babel
import babel.dates
import yaml

LOCALES_DIR = Path(__file__).parent / "locales"
REFERENCE_LANGUAGE = "en"
DATE_LOCALE_KEY = "date_locale"
# Only {name} placeholders are filled: editor-written overrides never reach str.format.
PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")


class CatalogueError(ValueError):
    """A catalogue or a site's string overrides are unusable; the message names the key and the fix."""


def shipped_languages() -> list[str]:
    return sorted(path.stem for path in LOCALES_DIR.glob("*.yml"))


@functools.cache
def shipped_catalogue(language: str) -> Mapping[str, str]:
    data = yaml.safe_load((LOCALES_DIR / f"{language}.yml").read_text(encoding="utf-8"))
    return {str(key): str(value) for key, value in data.items()}


def _shipped_match(language: str) -> str | None:
    """The shipped catalogue for a theme language such as ``fr``, ``pt-BR`` or ``zh_TW``, if any."""
    shipped = shipped_languages()
    wanted = language.replace("_", "-")
    for candidate in (wanted, wanted.split("-")[0]):
        if candidate in shipped:
            return candidate
    return None


def fill(text: str, values: Mapping[str, object]) -> str:
    """``text`` with each ``{name}`` that ``values`` has replaced; other braces are left as written."""
    if not values:
        return text
    return PLACEHOLDER.sub(lambda match: str(values.get(match.group(1), match.group(0))), text)


@dataclass(frozen=True)
class Catalogue:
    language: str
    strings: Mapping[str, str]
    # Keys shown in English because no catalogue or override translates them.
    untranslated: tuple[str, ...] = field(default=())

    def t(self, key: str, **values: object) -> str:
        """The text for ``key`` with its ``{name}`` placeholders filled in."""
        return fill(self.strings[key], values)

    def date(self, value: dt.date | None) -> str:
        """A date in the long form of the catalogue's locale ("3 September 2024", "3 septembre 2024")."""
        if value is None:
            return ""
        return str(babel.dates.format_date(value, format="long", locale=self.strings[DATE_LOCALE_KEY]))

    def prefixed(self, prefix: str) -> dict[str, str]:
        """The strings under ``prefix`` (e.g. ``js.``), with the prefix removed: for the page script."""
        return {key[len(prefix) :]: text for key, text in self.strings.items() if key.startswith(prefix)}


def load_catalogue(language: str | None, overrides: Mapping[str, object] | None = None) -> Catalogue:
    """The words for ``language``: the shipped catalogue, then the site's overrides on top."""
    language = language or REFERENCE_LANGUAGE
    reference = shipped_catalogue(REFERENCE_LANGUAGE)
    match = _shipped_match(language)
    strings = dict(reference)
    if match:
        strings.update(shipped_catalogue(match))
    overrides = overrides or {}
    for key, value in overrides.items():
        if key not in reference:
            raise CatalogueError(f"strings: '{key}' is not a string of the plugin: see the keys in docs/languages.md")
        if not isinstance(value, str):
            raise CatalogueError(f"strings: {key}: write the text in quotes, not {type(value).__name__} {value!r}")
        strings[str(key)] = value
    try:
        babel.Locale.parse(strings[DATE_LOCALE_KEY])
    except (ValueError, babel.UnknownLocaleError):
        raise CatalogueError(
            f"strings: {DATE_LOCALE_KEY}: '{strings[DATE_LOCALE_KEY]}' is not a locale Babel knows, e.g. en_GB or fr_FR"
        ) from None
    untranslated = () if match else tuple(key for key in reference if key not in overrides)
    return Catalogue(language, strings, untranslated if language != REFERENCE_LANGUAGE else ())
