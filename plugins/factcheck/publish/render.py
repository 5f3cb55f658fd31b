"""HTML for facts: sanitized Markdown and Jinja templates that a site can override.

Templates are looked up through a loader the caller provides (for MkDocs, the
theme's loader, so ``site_src/factcheck/*.html`` overrides the defaults shipped
in this package), but rendered in an environment of our own with autoescaping
on: the theme's environment does not escape.
"""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
import markdown
import nh3
from jinja2.utils import htmlsafe_json_dumps
from markupsafe import Markup, escape

from ..records.model import Fact
from ..records.scale import glyph_data_url
from .export import last_changed
from .i18n import fill
from .settings import Settings

TEMPLATES_DIR = Path(__file__).parent / "templates"
# Theme templates the package overrides (behind a site's own custom_dir): a named search dialog, a 404 page.
THEME_DIR = Path(__file__).parent / "theme"

# What editor-written Markdown may become: text structure and links, nothing active.
ALLOWED_TAGS = {
    "p",
    "br",
    "hr",
    "em",
    "strong",
    "b",
    "i",
    "code",
    "pre",
    "blockquote",
    "ul",
    "ol",
    "li",
    "a",
    "h3",
    "h4",
    "h5",
    "h6",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "sup",
    "sub",
    "abbr",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}, "th": {"align"}, "td": {"align"}}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto"}
# Links that editors put in records lead off the site: no window.opener, no referrer, and no
# endorsement passed to search engines (user-generated content). The templates write the same.
EXTERNAL_LINK_REL = "noopener noreferrer nofollow ugc"
# Headings in explanations start below the page's own h2 sections.
MARKDOWN_EXTENSIONS = ["tables", "sane_lists", "smarty"]


# The sanitizer drops a disallowed href but keeps the <a>: a dead link that Material's instant
# navigation also trips over. Its output is normalised, so a pattern is enough to unwrap them.
LINK_WITHOUT_HREF = re.compile(r"<a(?![^>]*\shref=)(?:\s[^>]*)?>(.*?)</a>", re.DOTALL)


def _unwrap_links_without_href(content: str) -> str:
    return LINK_WITHOUT_HREF.sub(r"\1", content)


_converters = threading.local()


def _converter() -> markdown.Markdown:
    """One Markdown converter per thread: building a new one for every text adds about a fifth to the time."""
    converter: markdown.Markdown | None = getattr(_converters, "converter", None)
    if converter is None:
        converter = _converters.converter = markdown.Markdown(extensions=MARKDOWN_EXTENSIONS, output_format="html")
    return converter


def markdown_to_safe_html(text: str) -> Markup:
    """Render editor Markdown and keep only allowlisted tags, attributes and link schemes."""
    # Same output as markdown.markdown(text, ...), which builds a new converter for every call.
    rendered = _converter().reset().convert(text)
    cleaned = nh3.clean(
        rendered,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel=EXTERNAL_LINK_REL,
    )
    return Markup(_unwrap_links_without_href(cleaned))  # noqa: S704 - sanitized above


# Editorial pages may use what Markdown and the enabled extensions produce (admonitions,
# tables, heading anchors), but no scripts, styles, forms, frames or event handlers.
PAGE_TAGS = ALLOWED_TAGS | {
    "h1",
    "h2",
    "div",
    "span",
    "details",
    "summary",
    "img",
    "figure",
    "figcaption",
    "cite",
    "q",
    "dl",
    "dt",
    "dd",
    "mark",
    "del",
    "ins",
    "kbd",
    "caption",
    "colgroup",
    "col",
    "tfoot",
    "small",
    "time",
}
PAGE_ATTRIBUTES = {
    "*": {"class", "id", "title", "lang", "dir"},
    "a": {"href", "title"},
    "img": {"src", "alt", "width", "height", "loading"},
    "ol": {"start", "reversed"},
    "th": {"align", "scope", "colspan", "rowspan"},
    "td": {"align", "colspan", "rowspan"},
    "details": {"open"},
    "time": {"datetime"},
}
# `fact:` and `factref:` links survive sanitizing so that they can become annotations afterwards.
PAGE_URL_SCHEMES = ALLOWED_URL_SCHEMES | {"fact", "factref"}


# Ids and classes that the theme's and our own scripts look up (Material reads its settings from
# `#__config`, and would fetch from wherever a forged one points): a page may not reuse them.
RESERVED_NAME = re.compile(r"(?:__|md-|fc-)", re.IGNORECASE)


def _drop_reserved_names(tag: str, attribute: str, value: str) -> str | None:
    if attribute == "id":
        return None if RESERVED_NAME.match(value) else value
    if attribute == "class":
        kept = " ".join(name for name in value.split() if not RESERVED_NAME.match(name))
        return kept or None
    return value


def sanitize_page_html(content: str) -> str:
    """Keep only structural HTML of an editorial page; drop scripts, styles, event handlers and reserved ids."""
    return _unwrap_links_without_href(
        nh3.clean(
            content,
            tags=PAGE_TAGS,
            attributes=PAGE_ATTRIBUTES,
            url_schemes=PAGE_URL_SCHEMES,
            link_rel=None,
            strip_comments=False,
            attribute_filter=_drop_reserved_names,
        )
    )


@dataclass(frozen=True)
class CitedIn:
    """A passage of an editorial page that cites a fact."""

    page_url: str
    page_title: str
    anchor: str
    passage: str
    kind: str = "claim"

    @property
    def quoted_passage(self) -> str:
        """The passage in quotation marks, unless the editor already quoted it."""
        if self.passage[:1] in "“\"'‘" and self.passage[-1:] in "”\"'’":
            return self.passage
        return f"“{self.passage}”"


@dataclass(frozen=True)
class FactView:
    """A fact prepared for templates, with links resolved for the page being rendered."""

    fact: Fact
    url: str

    @property
    def explanation_html(self) -> Markup:
        # Rendered when a template asks: only fact pages show it, once each.
        return markdown_to_safe_html(self.fact.record.explanation)

    @property
    def id(self) -> str:
        return self.fact.id

    @property
    def record(self) -> Any:
        return self.fact.record


def claimant_as_written(fact: Fact) -> str:
    """The claimant's name as the record gives it (a site may show another, e.g. the article's own name)."""
    return str(fact.record.claimant.name)


@dataclass(frozen=True)
class IndexGroup:
    """A group of rows of the facts index: ``key`` names it in the filter and URLs, ``label`` heads it."""

    key: str
    label: str
    facts: tuple[Fact, ...]


@dataclass(frozen=True)
class IndexSummary:
    """What every page of the facts index shows about all of it: how many facts, per verdict, and the topics."""

    total: int
    counts: dict[str, int]
    topics: list[str]

    @classmethod
    def of(cls, groups: Sequence[IndexGroup], verdicts: Sequence[str]) -> IndexSummary:
        counts = dict.fromkeys(verdicts, 0)
        topics: set[str] = set()
        total = 0
        for group in groups:
            for fact in group.facts:
                counts[fact.record.verdict] += 1  # every verdict is a key of the scale: the records were checked
                topics.update(fact.record.topics)
                total += 1
        return cls(total, counts, sorted(topics))


class Renderer:
    """Renders the factcheck templates for one site."""

    def __init__(self, settings: Settings, loader: jinja2.BaseLoader | None = None) -> None:
        self.settings = settings
        self.environment = jinja2.Environment(
            loader=loader or jinja2.FileSystemLoader(TEMPLATES_DIR),
            autoescape=True,
            undefined=jinja2.StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
        )
        self.environment.filters["human_date"] = settings.words.date
        # Data that only our script reads, as small as it can be: no spaces, and text as UTF-8 rather than \u escapes.
        # htmlsafe_json_dumps still escapes <, >, & and ', so no value can close the script element.
        self.environment.filters["compact_json"] = lambda value: htmlsafe_json_dumps(
            value, separators=(",", ":"), ensure_ascii=False, sort_keys=True
        )
        self.environment.globals["t"] = self.translate
        self.environment.globals["scale"] = settings.scale
        self.environment.globals["topic_label"] = settings.topic_label
        # Our own SVG, percent-encoded but for quotes and spaces, which the stylesheet's url('…') keeps as they are.
        self.environment.globals["glyph_url"] = lambda key: Markup(glyph_data_url(settings.scale, key))  # noqa: S704

    def translate(self, key: str, **values: object) -> Markup:
        """A catalogue string for templates: its text and values escaped, except values already markup
        (such as a ``<time>`` element from a macro)."""
        escaped = {name: value if isinstance(value, Markup) else escape(str(value)) for name, value in values.items()}
        return Markup(fill(str(escape(self.settings.words.strings[key])), escaped))  # noqa: S704 - escaped above

    def view(self, fact: Fact, url: str) -> FactView:
        return FactView(fact, url)

    def render(self, template: str, **context: Any) -> str:
        return self.environment.get_template(f"factcheck/{template}").render(**context)

    def fact_page(
        self,
        fact: FactView,
        *,
        related: Sequence[FactView],
        citations: Sequence[CitedIn],
        edit_url: str | None,
        dataset_url: str,
        index_url: str = "",
        claimant: str = "",
        methodology_url: str | None = None,
        corrections_url: str | None = None,
        report_error_url: str | None = None,
    ) -> str:
        # "Cited in" names each page once, with its passages under it.
        pages: dict[str, list[CitedIn]] = {}
        for cited in citations:
            pages.setdefault(cited.page_url, []).append(cited)
        return self.render(
            "fact.html",
            fact=fact,
            related=related,
            cited_pages=list(pages.values()),
            edit_url=edit_url,
            dataset_url=dataset_url,
            index_url=index_url,
            claimant=claimant or fact.record.claimant.name,
            methodology_url=methodology_url,
            corrections_url=corrections_url,
            report_error_url=report_error_url,
        )

    def scorecard(
        self,
        facts: Sequence[FactView],
        *,
        index_url: str,
        total: int,
        article_name: str | None,
        index_group: str | None = None,
    ) -> str:
        """The article's verdicts as counts linking to the index filtered to them (``index_group``, the index's
        group of the article's claims, when it has one) and that verdict, and cards for the claims not true."""
        counts = {key: sum(1 for f in facts if f.record.verdict == key) for key in self.settings.scale.keys}
        best = self.settings.scale.keys[0]
        order = {key: index for index, key in enumerate(self.settings.scale.keys)}
        # Worst first: what the article got most wrong leads.
        not_true = sorted((f for f in facts if f.record.verdict != best), key=lambda f: -order[f.record.verdict])
        return self.render(
            "scorecard.html",
            facts=facts,
            counts=counts,
            not_true=not_true,
            index_url=index_url,
            index_group=index_group,
            total=total,
            article_name=article_name,
        )

    def annotation(self, fact: FactView, anchor: str, inner_html: str, *, kind: str = "claim") -> str:
        # inner_html is the Markdown renderer's own output for the editor's page.
        html = Markup(inner_html)  # noqa: S704
        return self.render("annotation.html", fact=fact, anchor=anchor, inner_html=html, kind=kind).strip()

    def facts_index(
        self,
        sections: Sequence[tuple[IndexGroup, Sequence[FactView]]],
        downloads: dict[str, str],
        *,
        groups: Sequence[IndexGroup],
        first_rank: int = 0,
        pages: dict[int, str] | None = None,
        current: int = 1,
        rows_url: str | None = None,
        page_size: int = 0,
        claimant: Callable[[Fact], str] = claimant_as_written,
        summary: IndexSummary | None = None,
    ) -> str:
        """One page of the index: ``sections`` (a group and its rows on this page) under headings; the counts,
        topics, group filter and pager cover every fact of ``groups`` (their ``summary``, if known already:
        a site with many index pages counts once, not once a page)."""
        summary = summary or IndexSummary.of(groups, self.settings.scale.keys)
        return self.render(
            "index.html",
            sections=sections,
            groups=groups,
            grouped=len(groups) > 1,
            total=summary.total,
            counts=summary.counts,
            topics=summary.topics,
            downloads=downloads,
            first_rank=first_rank,
            pager=pager(pages or {}, current),
            current=current,
            rows_url=rows_url,
            page_size=page_size or sum(len(rows) for _, rows in sections),
            claimant=claimant,
        )

    def index_rows(
        self,
        groups: Sequence[tuple[IndexGroup, Sequence[FactView]]],
        claimant: Callable[[Fact], str] = claimant_as_written,
    ) -> str:
        """Every row of the facts index as compact JSON, for the filters: about 200 bytes a fact."""
        keys = self.settings.scale.keys
        topics = sorted({topic for _, views in groups for view in views for topic in view.record.topics})
        topic_index = {topic: n for n, topic in enumerate(topics)}
        data = {
            "verdicts": [[rating.key, rating.label] for rating in self.settings.scale],
            "topics": [[topic, self.settings.topic_label(topic)] for topic in topics],
            # Only a grouped index names its groups; the script then draws a heading per group.
            "groups": [[group.key, group.label] for group, _ in groups] if len(groups) > 1 else [],
            # url, title, claim, claimant, verdict (index), topics (indices), claim date, date as shown, group
            "rows": [
                [
                    view.url,
                    view.record.title,
                    view.record.claim,
                    claimant(view.fact),
                    keys.index(view.record.verdict),
                    [topic_index[topic] for topic in view.record.topics],
                    view.record.claim_date.isoformat(),
                    self.settings.words.date(view.record.claim_date),
                    number,
                ]
                for number, (_, views) in enumerate(groups)
                for view in views
            ],
        }
        return json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n"

    def head(
        self,
        *,
        feed_url: str | None,
        feed_title: str,
        strings: dict[str, str],
        claim_review: dict[str, Any] | None = None,
        popovers: dict[str, Any] | None = None,
        sharing: dict[str, str] | None = None,
    ) -> str:
        """What every page's <head> gets: the feed link, the script's words (the verdicts' labels among them),
        sharing tags, a page's ClaimReview or popovers."""
        verdicts = [[rating.key, rating.label] for rating in self.settings.scale]
        labels = {f"verdict.{rating.key}": rating.label for rating in self.settings.scale} if popovers else {}
        return self.render(
            "head.html",
            feed_url=feed_url,
            feed_title=feed_title,
            strings={**strings, **labels},
            claim_review=claim_review,
            popovers=popovers,
            verdicts=verdicts,
            sharing=sharing,
        )

    def rating_scale(self) -> str:
        return self.render("rating-scale.html")

    def corrections(self, facts: Sequence[FactView]) -> str:
        entries = [(correction, fact) for fact in facts for correction in fact.record.corrections]
        entries.sort(key=lambda pair: (pair[0].date, pair[1].id), reverse=True)
        return self.render("corrections.html", entries=entries)

    def popover_data(
        self, facts: Sequence[FactView], source_count: int, claimant: Callable[[FactView], str]
    ) -> dict[str, Any]:
        """What the popover script shows for each fact cited on a page, and nothing more (inserted as text, never
        HTML); the verdicts' labels come once per page, with the script's words."""
        data = {}
        for view in facts:
            record = view.record
            data[view.id] = {
                "claimant": claimant(view),
                "claim": record.claim,
                "verdict": record.verdict,
                "summary": record.verdict_summary,
                "url": view.url,
                "sources": [
                    {"title": s.title, "publisher": s.publisher, "url": s.url} for s in record.sources[:source_count]
                ],
            }
        return data


def pager(pages: dict[int, str], current: int) -> list[tuple[int | None, str | None]]:
    """The page links of the index around ``current``: first, neighbours, last; None marks a gap.

    A constant number of links, so a page of the index weighs the same at 100 facts as at 10,000.
    """
    if len(pages) <= 1:
        return []
    last = max(pages)
    shown = sorted({1, last, *range(max(1, current - 2), min(last, current + 2) + 1)})
    links: list[tuple[int | None, str | None]] = []
    for number in shown:
        if links and links[-1][0] is not None and number - (links[-1][0] or 0) > 1:
            links.append((None, None))
        links.append((number, pages[number]))
    return links


def sort_for_index(facts: Sequence[Fact]) -> list[Fact]:
    """Newest change first, then by id, so the order is stable."""
    return sorted(facts, key=lambda fact: (-last_changed(fact).toordinal(), fact.id))
