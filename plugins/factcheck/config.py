"""The factcheck plugin's options in mkdocs.yml (the MkDocs side of the adapter)."""

from __future__ import annotations

from typing import Any

from mkdocs.config import base
from mkdocs.config import config_options as c


class PublisherConfig(base.Config):
    """The organisation that publishes the fact checks, for ClaimReview."""

    name = c.Type(str, default="")
    """The organisation's name (defaults to `site_name`)."""

    url = c.Optional(c.Type(str))
    """The organisation's home page (defaults to `site_url`)."""

    logo = c.Optional(c.Type(str))
    """An absolute URL of the organisation's logo."""


class FactcheckConfig(base.Config):
    facts_dir = c.Type(str, default="facts")
    """Folder of fact records (`<id>.yml`), relative to mkdocs.yml."""

    rating_scale = c.Optional(c.ListOfItems(c.Type(dict)))
    """The verdicts, most accurate first: each with `key`, `label`, `description`, `colour` (#rrggbb) and
    `rating_value` (integer or null). Leave unset for the default six-verdict scale."""

    topics: c.Type[dict[str, Any]] = c.Type(dict, default={})
    """Labels for topic keys, e.g. `{icc: International Criminal Court}`; other keys are capitalised."""

    include_drafts = c.Type(bool, default=False)
    """Also build pages for facts whose status is `draft` or `review` (for previews; never for publishing)."""

    publisher = c.SubConfig(PublisherConfig)
    """Who publishes the fact checks, for structured data."""

    edit_url = c.Optional(c.Type(str))
    """Template of the link to edit a record, with `{path}` for its path from mkdocs.yml, e.g.
    `https://github.com/org/repo/edit/main/{path}`. No link when unset."""

    popover_sources = c.Type(int, default=2)
    """How many sources an inline annotation's popover lists."""

    feed_title = c.Optional(c.Type(str))
    """Title of the Atom feed of published and corrected facts (defaults to `site_name`)."""

    feed_entries = c.Type(int, default=50)
    """How many facts the Atom feed carries: the most recently published, updated or corrected ones. The
    complete history stays in `facts.json` and `facts.csv`."""

    facts_per_page = c.Type(int, default=100)
    """Rows per page of the facts index: the first page is `facts/`, the others `facts/page/2/` and so on,
    so every fact can be reached without JavaScript while each page stays the same size."""
