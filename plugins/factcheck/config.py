"""The factcheck plugin's options in mkdocs.yml (the MkDocs side of the adapter).

Every option is checked here, so that a mistake is one line naming the option and the fix, in
`mkdocs build` and in `factcheck check` alike (the CLI validates the same options through
:func:`validate_options`).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml
from mkdocs.config import base
from mkdocs.config import config_options as c
from pydantic import ValidationError

from .publish.i18n import CatalogueError, load_catalogue
from .publish.settings import Settings, read_site_config
from .records.problems import shown
from .records.scale import RatingScale, describe_scale_errors
from .records.schema import ID_PATTERN, _check_url
from .records.yamlsource import value_problem

# What the README's example writes for a value to fill in.
PLACEHOLDERS = frozenset({"...", "…", "TODO", "<name>", "<url>"})
EDIT_URL_EXAMPLE = "https://github.com/ORG/REPO/edit/main/{path}"
BRACES = re.compile(r"[{}]")


def _check_text(value: Any, what: str) -> str:
    if isinstance(value, list | dict):
        raise base.ValidationError(
            f"{what} is {'a list' if isinstance(value, list) else 'a mapping'}, not text: write text"
        )
    if not isinstance(value, str):
        # YAML reads 1.10 as the number 1.1, and yes as true: only quotes keep what was written.
        kind = "true or false" if isinstance(value, bool) else "a number"
        raise base.ValidationError(
            f"{what} is {shown(value)}, which YAML reads as {kind}, not text: write it in quotes, as you mean it"
        )
    if not value.strip():
        raise base.ValidationError(f"{what} is blank: write the text, or remove the option")
    if value.strip() in PLACEHOLDERS:
        raise base.ValidationError(
            f"{what} is the placeholder {shown(value)}: write the real value, or remove the option"
        )
    problem = value_problem(value)
    if problem is not None:
        raise base.ValidationError(f"{what}: {problem[0]}")
    return value


class Text(base.BaseConfigOption[str]):
    """One line of text that readers see; not a number, a list or a placeholder."""

    def __init__(self, default: str | None = None) -> None:
        super().__init__()
        self.default = default

    def run_validation(self, value: object) -> str:
        return _check_text(value, "the value")


class WebUrl(base.BaseConfigOption[str]):
    """An absolute http(s) URL of a public site, as record URLs must be."""

    def run_validation(self, value: object) -> str:
        text = _check_text(value, "the URL")
        try:
            return _check_url(text)
        except ValueError as error:
            raise base.ValidationError(str(error)) from None


class ContactUrl(base.BaseConfigOption[str]):
    """Where readers write to: an https page (an issue form, a contact page) or a mailto: address."""

    def run_validation(self, value: object) -> str:
        text = _check_text(value, "the URL")
        if text.lower().startswith("mailto:"):
            address = text[len("mailto:") :]
            if not re.fullmatch(r"[^@\s<>\"'?]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}(\?[^\s<>\"']*)?", address):
                raise base.ValidationError(
                    f"{shown(text)} is not a mailto: address: write e.g. mailto:desk@example.org"
                )
            return text
        try:
            checked = _check_url(text)
        except ValueError as error:
            raise base.ValidationError(f"{error} (or write a mailto: address)") from None
        if urlsplit(checked).scheme != "https":
            raise base.ValidationError(f"{shown(text)} is not an https:// URL: write https://… or mailto:…")
        return checked


class SitePage(base.BaseConfigOption[str]):
    """A page of the site, as its path in docs_dir (e.g. methodology.md); the build checks that it exists."""

    def run_validation(self, value: object) -> str:
        text = _check_text(value, "the page")
        if not text.endswith(".md") or text.startswith(("/", "\\")) or "://" in text or ".." in text.split("/"):
            raise base.ValidationError(
                f"{shown(text)} is not a page path: write the page's path in docs_dir, e.g. methodology.md"
            )
        return text


class ArticleConfig(base.Config):
    """The article under review, whose claims the scorecard tallies."""

    claimant: c.Optional[str] = c.Optional(Text())
    """The `claimant.name` that the article's records give: those records are the article's claims."""

    name: c.Optional[str] = c.Optional(Text())
    """How readers name the article, at the start of a sentence (e.g. "The preview article"); popovers say
    "<name> said:". Defaults to the claimant's name."""


class LicenceConfig(base.Config):
    """The licence of the site's text and data, for the footer."""

    name: c.Optional[str] = c.Optional(Text())
    """The licence's name, e.g. CC BY 4.0."""

    url: c.Optional[str] = c.Optional(WebUrl())
    """The licence's text."""


class PublisherConfig(base.Config):
    """The organisation that publishes the fact checks, for ClaimReview."""

    name: c.Optional[str] = c.Optional(Text())
    """The organisation's name (defaults to `site_name`)."""

    url: c.Optional[str] = c.Optional(WebUrl())
    """The organisation's home page (defaults to `site_url`)."""

    logo: c.Optional[str] = c.Optional(WebUrl())
    """An absolute URL of the organisation's logo."""


class TopicLabels(base.BaseConfigOption[dict[str, str]]):
    """Topic key -> label: keys as records write them, labels as text."""

    def __init__(self) -> None:
        super().__init__()
        self.default: dict[str, str] = {}

    def run_validation(self, value: object) -> dict[str, str]:
        if value is None:
            return {}
        if not isinstance(value, dict):
            raise base.ValidationError(
                "expected a mapping of topic keys to labels, e.g. {icc: International Criminal Court}"
            )
        labels: dict[str, str] = {}
        for key, label in value.items():
            if not isinstance(key, str) or not ID_PATTERN.match(key):
                raise base.ValidationError(
                    f"{shown(key)} is not a topic key: use lowercase letters, digits and single hyphens, e.g. icc"
                )
            labels[key] = _check_text(label, f"the label of topic '{key}'")
        return labels


class EditUrl(base.BaseConfigOption[str | None]):
    """An https URL template in which only `{path}` is replaced (URL-quoted)."""

    def run_validation(self, value: object) -> str | None:
        if value is None:
            return None
        text = _check_text(value, "the edit URL")
        without_path = text.replace("{path}", "path")
        if BRACES.search(without_path):
            raise base.ValidationError(
                f"{shown(text)}: only {{path}} may appear in braces (write other braces as %7B and %7D), "
                f"e.g. {EDIT_URL_EXAMPLE}"
            )
        parts = urlsplit(without_path)
        if parts.scheme != "https" or not parts.hostname or any(ch.isspace() for ch in text):
            raise base.ValidationError(f"{shown(text)} is not an https:// URL: write e.g. {EDIT_URL_EXAMPLE}")
        if "{path}" not in text:
            self.warnings.append(f"{shown(text)} has no {{path}}: every fact would link to the same page")
        return text


class Count(base.BaseConfigOption[int]):
    """A whole number, ``least`` or more."""

    def __init__(self, default: int, least: int = 0) -> None:
        super().__init__()
        self.default = default
        self.least = least

    def run_validation(self, value: object) -> int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise base.ValidationError(
                f"{shown(value)} is not a whole number: write e.g. {self.default}, without quotes"
            )
        if value < self.least:
            raise base.ValidationError(f"{value} is too small: write {self.least} or more")
        return value


class RatingScaleOption(base.BaseConfigOption[list[dict[str, Any]] | None]):
    """A list of verdicts, checked as the rating scale it becomes."""

    def run_validation(self, value: object) -> list[dict[str, Any]] | None:
        if value is None:
            return None
        if not isinstance(value, list) or not all(isinstance(item, dict) for item in value):
            raise base.ValidationError("expected a list of verdicts, each with key, label, description and colour")
        try:
            RatingScale.from_config(value)
        except ValidationError as error:
            raise base.ValidationError(describe_scale_errors(error)) from None
        return value


class FactcheckConfig(base.Config):
    facts_dir = c.Type(str, default="facts")
    """Folder of fact records (`<id>.yml`), relative to mkdocs.yml."""

    rating_scale = RatingScaleOption()
    """The verdicts, most accurate first: each with `key`, `label`, `description`, `colour` (#rrggbb) and
    `rating_value` (integer or null). Leave unset for the default six-verdict scale."""

    topics = TopicLabels()
    """Labels for topic keys, e.g. `{icc: International Criminal Court}`. With no labels at all, every key is
    shown capitalised; once there are labels, a record's topic without one is a warning (likely a typo)."""

    include_drafts = c.Type(bool, default=False)
    """Also build pages for facts whose status is `draft` or `review` (for previews; never for publishing)."""

    publisher = c.SubConfig(PublisherConfig)
    """Who publishes the fact checks, for structured data."""

    edit_url = EditUrl()
    """Template of the link to edit a record: an https URL with `{path}` for its path from mkdocs.yml (URL-quoted),
    e.g. `https://github.com/org/repo/edit/main/{path}`. No other braces. No link when unset."""

    popover_sources = Count(default=2)
    """How many sources an inline annotation's popover lists (0 or more)."""

    feed_title: c.Optional[str] = c.Optional(Text())
    """Title of the Atom feed of published and corrected facts (defaults to `site_name`)."""

    feed_entries = Count(default=50, least=1)
    """How many facts the Atom feed carries: the most recently published, updated or corrected ones. The
    complete history stays in `facts.json` and `facts.csv`."""

    facts_per_page = Count(default=100, least=1)
    """Rows per page of the facts index: the first page is `facts/`, the others `facts/page/2/` and so on,
    so every fact can be reached without JavaScript while each page stays the same size."""

    index_groups = c.Choice(("article", "claimant", "none"), default="article")
    """How the facts index groups its rows, under a heading each and with a filter: `article` lists the claims of
    `article.claimant` first and every other fact after them (one list when no article is set); `claimant`
    makes a group per claimant; `none` keeps one list. Rename the article groups with the `strings` keys
    `index.group_article` and `index.group_others`."""

    content_security_policy = c.Type(bool, default=True)
    """Give every page a Content-Security-Policy (as a `<meta>`, since hosts like GitHub Pages send no headers)
    that lets it load only the site's own files and run only the scripts it was built with. Turn it off only
    to embed third-party content."""

    article = c.SubConfig(ArticleConfig)
    """The article under review: `claimant` picks its records (the claims the `<!-- factcheck:scorecard -->`
    marker tallies) and `name` is how pages name it."""

    methodology_page: c.Optional[str] = c.Optional(SitePage())
    """The page that explains the rating scale (e.g. `methodology.md`, with the `<!-- factcheck:rating-scale -->`
    marker): fact pages link to it ("What does *Mixed* mean?"), and so does the footer."""

    corrections_page: c.Optional[str] = c.Optional(SitePage())
    """The corrections policy page (e.g. `corrections.md`), linked from fact pages and the footer."""

    about_page: c.Optional[str] = c.Optional(SitePage())
    """The page about the publisher (e.g. `about.md`), linked from the footer."""

    report_error_url: c.Optional[str] = c.Optional(ContactUrl())
    """Where readers report an error: an https issue form or page, or a mailto: address. Defaults to the issues
    of `repo_url` when that is set; no link when neither is."""

    contact_url: c.Optional[str] = c.Optional(ContactUrl())
    """How to contact the publisher (https or mailto:), for the footer. Defaults to `report_error_url`."""

    licence = c.SubConfig(LicenceConfig)
    """The licence of the site's text and data (`name`, `url`), shown in the footer."""

    strings: c.Type[dict[str, Any]] = c.Type(dict, default={})
    """Reader-facing words to replace, by key, e.g. `{fact.our_verdict: "Our rating:"}`. The words follow
    `theme.language` (English and French are shipped); for another language, translate every key here
    (the keys are listed in docs/languages.md)."""


class SettingsError(Exception):
    """The plugin's options cannot make a site; the message names the option and the fix."""


def validate_options(options: dict[str, Any]) -> tuple[FactcheckConfig, list[str], list[str]]:
    """The options checked as the build checks them: the config, and its errors and warnings, one line each."""
    config = FactcheckConfig()
    config.load_dict(options)
    failed, warned = config.validate()
    return (
        config,
        [f"plugins.factcheck.{key}: {error}" for key, error in failed],
        [f"plugins.factcheck.{key}: {warning}" for key, warning in warned],
    )


def site_settings(config: FactcheckConfig, *, base_dir: Path, language: str | None) -> tuple[Settings, list[str]]:
    """The one reading of the validated options into core settings, for builds and the CLI alike.

    Returns the settings and warnings; raises :class:`SettingsError`. Paths in the options are relative to
    ``base_dir``, the folder of mkdocs.yml, as MkDocs reads its own paths.
    """
    warnings = []
    try:
        words = load_catalogue(language, config.strings)
    except CatalogueError as error:
        raise SettingsError(f"plugins.factcheck.{error}") from None
    if words.untranslated:
        warnings.append(
            f"factcheck: no catalogue for theme.language '{language}': {len(words.untranslated)} strings are shown "
            "in English; translate them with plugins.factcheck.strings (docs/languages.md lists the keys), "
            "or contribute a catalogue"
        )
    try:
        scale = RatingScale.from_config(config.rating_scale, words)
    except ValidationError as error:
        raise SettingsError(f"plugins.factcheck.{describe_scale_errors(error)}") from None
    settings = Settings(
        facts_dir=(base_dir / config.facts_dir).resolve(),
        scale=scale,
        topic_labels=dict(config.topics),
        base_dir=base_dir,
        words=words,
    )
    return settings, warnings


def settings_from_file(config_file: Path, *, facts_dir: str | None = None) -> tuple[Settings, list[str]]:
    """Settings from an mkdocs.yml outside a build (the CLI, the link checker), read as the build reads it.

    Returns the settings and one-line warnings; raises :class:`SettingsError` naming the file and options.
    """
    base_dir = config_file.resolve().parent
    try:
        options, language = read_site_config(config_file)
    except (OSError, ValueError, yaml.YAMLError) as error:  # a broken mkdocs.yml must not end in a traceback
        raise SettingsError(f"{config_file}: cannot read the configuration: {error}") from None
    if facts_dir is not None:
        options["facts_dir"] = facts_dir
    config, errors, warnings = validate_options(options)
    if errors:
        raise SettingsError("\n".join(f"{config_file}: {error}" for error in errors))
    try:
        settings, more = site_settings(config, base_dir=base_dir, language=language)
    except SettingsError as error:
        raise SettingsError(f"{config_file}: {error}") from None
    return settings, [f"{config_file}: warning: {warning}" for warning in (*warnings, *more)]
