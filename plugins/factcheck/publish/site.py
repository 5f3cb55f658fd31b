"""One build of a fact-check site, independent of the site generator.

A generator adapter (see :mod:`factcheck.plugin`) creates a :class:`FactSite`
per build and calls it at the right moments: which pages to generate, how to
check and annotate editorial pages, and what to put in fact pages once every
citation is known.
"""

from __future__ import annotations

import datetime as dt
import html
import json
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote

import yaml
from markdown.extensions.toc import slugify

from ..records.loader import load_facts
from ..records.model import Fact, FactSet
from ..records.problems import Problem, errors, shown, warnings
from ..records.schema import json_schema
from . import claimreview, export, inline
from .inline import Citation
from .render import CitedIn, FactView, IndexGroup, IndexSummary, Renderer, sanitize_page_html, sort_for_index
from .settings import Settings

FACTS_PREFIX = "facts"
INDEX_PAGE = f"{FACTS_PREFIX}/index.md"
# The rows of the facts index as compact JSON: the filters load it on first use, so they cover every fact
# while each page of the index carries one page of rows.
INDEX_ROWS = f"{FACTS_PREFIX}/index.json"
# The open dataset, by the catalogue key of its name.
DATA_FILES = {"JSON": "facts.json", "CSV": "facts.csv", "Atom feed": "feed.xml"}
DATA_FILE_LABELS = {"JSON": "downloads.json", "CSV": "downloads.csv", "Atom feed": "downloads.feed"}
SCHEMA_FILE = "schema/fact-record.schema.json"
MARKERS = ("rating-scale", "corrections", "scorecard", "report-error")
_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)

# Resolves a site path such as "facts/<id>.md" to a URL relative to the page being rendered.
Linker = Callable[[str], str]


def _unique_key(label: str, taken: set[str]) -> str:
    """A URL-safe key for an index group, from its label: Python-Markdown's heading slug, made unique."""
    key = slugify(label, "-")[:40].strip("-") or "group"
    candidate, number = key, 2
    while candidate in taken:
        candidate, number = f"{key}-{number}", number + 1
    taken.add(candidate)
    return candidate


def fact_page_path(fact_id: str) -> str:
    return f"{FACTS_PREFIX}/{fact_id}.md"


def index_page_path(number: int) -> str:
    """Page ``number`` (from 1) of the facts index."""
    return INDEX_PAGE if number == 1 else f"{FACTS_PREFIX}/page/{number}.md"


class FactSiteError(Exception):
    """The build must stop; the message lists every problem."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(problem) for problem in problems))


@dataclass
class SiteOptions:
    site_name: str
    site_url: str | None
    publisher: claimreview.Organisation
    include_drafts: bool = False
    edit_url: str | None = None
    popover_sources: int = 2
    feed_title: str | None = None
    feed_entries: int | None = 50
    facts_per_page: int = 100
    # How the facts index groups its rows: "article", "claimant" or "none" (see FactcheckConfig.index_groups).
    index_groups: str = "article"
    today: dt.date | None = None
    # The article under review: the claimant name its records give, and how pages name it.
    article_claimant: str | None = None
    article_name: str | None = None
    # Site paths (in docs_dir) of the pages fact pages and the footer link to.
    methodology_page: str | None = None
    corrections_page: str | None = None
    about_page: str | None = None
    report_error_url: str | None = None
    contact_url: str | None = None
    licence_name: str | None = None
    licence_url: str | None = None


@dataclass
class FactSite:
    settings: Settings
    options: SiteOptions
    renderer: Renderer
    fact_set: FactSet = field(init=False)
    # fact id -> (source path of the citing page, its title, the citation)
    citations: dict[str, list[tuple[str, str, Citation]]] = field(init=False, default_factory=lambda: defaultdict(list))
    _groups: list[IndexGroup] | None = field(init=False, default=None, repr=False)
    _summary: IndexSummary | None = field(init=False, default=None, repr=False)

    def __post_init__(self) -> None:
        self.fact_set = load_facts(
            self.settings.facts_dir,
            self.settings.scale,
            base_dir=self.settings.base_dir,
            today=self.options.today,
            topic_labels=self.settings.topic_labels,
        )
        if not self.fact_set.ok:
            raise FactSiteError(errors(self.fact_set.problems))

    @property
    def warnings(self) -> list[Problem]:
        return warnings(self.fact_set.problems)

    @property
    def facts(self) -> list[Fact]:
        """The facts on the site, in index order."""
        return sort_for_index(self.fact_set.visible(self.options.include_drafts))

    def index_groups(self) -> list[IndexGroup]:
        """The groups of the facts index, in order, each newest claim first; one unnamed group when ungrouped."""
        if self._groups is None:
            self._groups = self._make_groups()
        return self._groups

    def _make_groups(self) -> list[IndexGroup]:
        newest_first = sorted(self.facts, key=lambda fact: -fact.record.claim_date.toordinal())
        mode, claimant, words = self.options.index_groups, self.options.article_claimant, self.settings.words
        groups: list[IndexGroup] = []
        if mode == "article" and claimant:
            groups = [
                IndexGroup(
                    "article",
                    words.t("index.group_article"),
                    tuple(f for f in newest_first if f.record.claimant.name == claimant),
                ),
                IndexGroup(
                    "others",
                    words.t("index.group_others"),
                    tuple(f for f in newest_first if f.record.claimant.name != claimant),
                ),
            ]
        elif mode == "claimant":
            by_name: dict[str, list[Fact]] = defaultdict(list)
            for fact in newest_first:
                by_name[self.claimant_name(fact)].append(fact)
            # The article's claims first, then whoever has most claims checked.
            article = self.options.article_name or claimant
            ordered = sorted(by_name.items(), key=lambda item: (item[0] != article, -len(item[1]), item[0].casefold()))
            keys: set[str] = set()
            for name, facts in ordered:
                groups.append(IndexGroup(_unique_key(name, keys), name, tuple(facts)))
        groups = [group for group in groups if group.facts]
        return groups if len(groups) > 1 else [IndexGroup("", "", tuple(newest_first))]

    def article_group(self) -> str | None:
        """The key of the index group that holds exactly the article's claims, if the index has one."""
        article = set(map(id, self.article_claims()))
        for group in self.index_groups():
            if group.key and set(map(id, group.facts)) == article:
                return group.key
        return None

    def index_order(self) -> list[Fact]:
        """The facts as the index lists them by default: by group, newest claim first within each."""
        return [fact for group in self.index_groups() for fact in group.facts]

    def index_pages(self) -> dict[str, int]:
        """The pages of the facts index: source path -> page number."""
        count = max(1, -(-self._index_summary().total // self.options.facts_per_page))
        return {index_page_path(number): number for number in range(1, count + 1)}

    def is_on_site(self, fact_id: str) -> bool:
        fact = self.fact_set.facts.get(fact_id)
        return fact is not None and (fact.is_published or self.options.include_drafts)

    # -- pages to generate -------------------------------------------------

    def generated_pages(self) -> dict[str, str]:
        """Markdown sources of the index and every fact page; their bodies are filled in later."""
        pages = {
            path: self._front_matter(
                title=html.escape(
                    self.settings.words.t("index.title")
                    if number == 1
                    else self.settings.words.t("index.title_page", number=number)
                ),
                description=html.escape(self.settings.words.t("index.description")),
            )
            for path, number in self.index_pages().items()
        }
        for fact in self.facts:
            record = fact.record
            label = self.settings.scale[record.verdict].label
            # The theme prints title, description and tags without escaping: escape them here.
            pages[fact_page_path(fact.id)] = self._front_matter(
                title=html.escape(record.title),
                description=html.escape(f"{label}: {record.verdict_summary}"),
                tags=[html.escape(tag) for tag in (label, *(self.settings.topic_label(t) for t in record.topics))],
                search={"boost": 2},
            )
        return pages

    def fact_pages(self) -> dict[str, str]:
        """The generated fact pages: source path -> fact id."""
        return {fact_page_path(fact.id): fact.id for fact in self.facts}

    @staticmethod
    def _front_matter(**meta: Any) -> str:
        # libyaml's emitter when PyYAML has it: the same text, much faster than the pure-Python one.
        dumped = yaml.dump(meta, Dumper=_DUMPER, allow_unicode=True, sort_keys=True)
        return "---\n" + dumped + "---\n"

    def generated_paths(self) -> dict[str, str]:
        """Every site path the plugin writes (whether or not this build writes it), with what it is."""
        paths = {INDEX_PAGE: "the list of all facts"}
        paths.update({path: f"the {label}" for label, path in DATA_FILES.items()})
        paths[SCHEMA_FILE] = "the record JSON Schema"
        for fact in self.facts:
            paths[fact_page_path(fact.id)] = f"the page of {fact.file}"
        return paths

    def data_files(self, urls: export.FactUrls) -> dict[str, str]:
        """The open dataset, with ``urls`` the absolute address of each fact page as the site builds it."""
        published = sort_for_index(self.fact_set.published())
        scale = self.settings.scale
        files = {
            DATA_FILES["JSON"]: export.to_json(published, scale, urls),
            DATA_FILES["CSV"]: export.to_csv(published, scale, urls),
        }
        if self.options.site_url:
            files[DATA_FILES["Atom feed"]] = export.to_atom(
                published,
                scale,
                urls,
                site_url=self.options.site_url,
                title=self.options.feed_title or self.options.site_name,
                entries=self.options.feed_entries,
                describe_correction=lambda correction: self.settings.words.t(
                    "feed.corrected", date=correction.date.isoformat(), change=correction.change
                ),
            )
        files[SCHEMA_FILE] = json.dumps(json_schema(scale), indent=2, ensure_ascii=False) + "\n"
        return files

    def verdict_css(self) -> str:
        return self.renderer.render("verdicts.css")

    # -- editorial pages ---------------------------------------------------

    def check_markdown(self, file: str, markdown: str) -> list[Problem]:
        """Problems with the fact references and markers of one editorial page."""
        problems = []
        for reference in inline.find_references(markdown):
            fact = self.fact_set.facts.get(reference.fact_id)
            if not reference.is_link:
                problem = f"a {reference.scheme} URL can only be a link target: write [passage]({reference.scheme}<id>)"
            elif not reference.is_plain:
                problem = (
                    f"write the link target as plain '{reference.scheme}<id>', not {shown(reference.written)}: "
                    "without capitals, entities or escapes"
                )
            elif fact is None:
                problem = f"no fact has the id {shown(reference.fact_id)}: check the spelling against facts/"
            elif not self.is_on_site(reference.fact_id):
                problem = (
                    f"fact '{reference.fact_id}' is {fact.record.status}, not published: publish it or remove the link"
                )
            else:
                continue
            problems.append(Problem(file, reference.line, reference.column, "fact link", problem))
        for line_number, line in enumerate(markdown.splitlines(), start=1):
            for match in inline.MARKER.finditer(line):
                if match.group(1) not in MARKERS:
                    problems.append(
                        Problem(
                            file,
                            line_number,
                            match.start() + 1,
                            "marker",
                            f"unknown marker 'factcheck:{match.group(1)}': use one of {', '.join(MARKERS)}",
                        )
                    )
        return problems

    def view(self, fact: Fact, link: Linker) -> FactView:
        return self.renderer.view(fact, link(fact_page_path(fact.id)))

    def annotate(self, page_path: str, page_title: str, content: str, link: Linker) -> tuple[str, list[str]]:
        """Sanitized, annotated HTML of an editorial page, and the ids of the facts it cites."""
        cited: list[str] = []
        content = sanitize_page_html(content)
        # The Markdown was checked already; this catches whatever else made a fact: URL (another plugin,
        # a form the check does not know), so that it stops the build with the page named, never a KeyError.
        for url in inline.find_rendered_fact_urls(content):
            kind, fact_id = inline.split_url(url)
            if not kind or not self.is_on_site(fact_id):
                raise FactSiteError(
                    [
                        Problem(
                            page_path,
                            1,
                            1,
                            "fact link",
                            f"the page links to {shown(url)}, which is not a published fact: "
                            "link to one as [passage](fact:<id>) or [passage](factref:<id>)",
                        )
                    ]
                )

        def render(kind: str, fact_id: str, anchor: str, inner_html: str) -> str:
            if fact_id not in cited:
                cited.append(fact_id)
            view = self.view(self.fact_set.facts[fact_id], link)
            return self.renderer.annotation(view, anchor, inner_html, kind=kind)

        content, citations = inline.replace_annotations(content, render)
        for url in inline.find_rendered_fact_urls(content):  # e.g. an image's src: only links can cite
            raise FactSiteError(
                [Problem(page_path, 1, 1, "fact link", f"{shown(url)} is not a link: write [passage](fact:<id>)")]
            )
        for citation in citations:
            self.citations[citation.fact_id].append((page_path, page_title, citation))
        content = inline.replace_markers(content, lambda name: self._marker(name, link))
        return content, cited

    def _marker(self, name: str, link: Linker) -> str | None:
        if name == "rating-scale":
            return self.renderer.rating_scale()
        if name == "corrections":
            return self.renderer.corrections([self.view(fact, link) for fact in self.facts])
        if name == "scorecard":
            return self.renderer.scorecard(
                [self.view(fact, link) for fact in self.article_claims()],
                index_url=link(INDEX_PAGE),
                index_group=self.article_group(),
                total=len(self.facts),
                article_name=self.options.article_name or self.options.article_claimant,
            )
        if name == "report-error":
            return self.renderer.render("report-error.html", report_error_url=self.options.report_error_url)
        return None

    def article_claims(self) -> list[Fact]:
        """The facts that check the article under review's claims (all facts when no article is configured)."""
        claimant = self.options.article_claimant
        return [fact for fact in self.facts if claimant is None or fact.record.claimant.name == claimant]

    def claimant_name(self, fact: Fact) -> str:
        """Who made the claim, as readers name them: the article's own name for the article's claims."""
        name = fact.record.claimant.name
        if self.options.article_name and name == self.options.article_claimant:
            return self.options.article_name
        return str(name)

    def popover_data(self, fact_ids: list[str], link: Linker) -> dict[str, Any]:
        views = [self.view(self.fact_set.facts[fact_id], link) for fact_id in fact_ids]
        return self.renderer.popover_data(
            views, self.options.popover_sources, lambda view: self.claimant_name(view.fact)
        )

    def page_links(self, link: Linker) -> dict[str, str]:
        """The accountability links every page can show, by catalogue key, resolved for the page."""
        options = self.options
        links = {}
        for key, page in (
            ("footer.methodology", options.methodology_page),
            ("footer.corrections", options.corrections_page),
            ("footer.about", options.about_page),
        ):
            if page:
                links[key] = link(page)
        if options.contact_url or options.report_error_url:
            links["footer.contact"] = str(options.contact_url or options.report_error_url)
        if options.report_error_url:
            links["footer.report_error"] = options.report_error_url
        return links

    def sharing(
        self, fact_id: str | None, *, title: str, description: str | None, url: str | None, language: str
    ) -> dict[str, str]:
        """Open Graph and Twitter-card values of a page (the template escapes them)."""
        values = {
            "type": "website",
            "site_name": self.options.site_name,
            "title": html.unescape(title),  # page titles come from front matter that we escaped for the theme
            "description": html.unescape(description or ""),
            "url": url or "",
            "locale": language.replace("-", "_"),
        }
        if fact_id:
            record = self.fact_set.facts[fact_id].record
            label = self.settings.scale[record.verdict].label
            values.update(
                type="article",
                title=self.settings.words.t("fact.title_verdict", verdict=label, title=record.title),
                description=f"{label}: {record.verdict_summary}",
                verdict=label,
                verdict_label=self.settings.words.t("share.verdict"),
            )
        return values

    def footer_html(self, link: Linker) -> str:
        words = self.settings.words
        downloads = {
            words.t(DATA_FILE_LABELS[name]): link(path)
            for name, path in DATA_FILES.items()
            if self.options.site_url or name != "Atom feed"
        }
        return self.renderer.render(
            "footer.html",
            links=self.page_links(link),
            downloads=downloads,
            licence_name=self.options.licence_name,
            licence_url=self.options.licence_url,
        )

    # -- generated pages, once every citation is known ---------------------

    def index_html(self, link: Linker, number: int = 1) -> str:
        """Page ``number`` of the facts index: one page of rows, the pager, and the filters over every fact."""
        words = self.settings.words
        downloads = {
            words.t(DATA_FILE_LABELS[name]): link(path)
            for name, path in DATA_FILES.items()
            if self.options.site_url or name != "Atom feed"
        }
        size = self.options.facts_per_page
        groups = self.index_groups()
        start, stop = (number - 1) * size, number * size
        sections, offset = [], 0
        for group in groups:
            # The part of this group that falls on this page; a group split across pages is headed on each.
            on_page = group.facts[max(start - offset, 0) : max(stop - offset, 0)]
            if on_page:
                sections.append((group, [self.view(fact, link) for fact in on_page]))
            offset += len(group.facts)
        pages = {n: link(path) for path, n in self.index_pages().items()}
        return self.renderer.facts_index(
            sections,
            downloads,
            groups=groups,
            first_rank=start,
            pages=pages,
            current=number,
            rows_url=link(INDEX_ROWS),
            page_size=size,
            claimant=self.claimant_name,
            summary=self._index_summary(),
        )

    def _index_summary(self) -> IndexSummary:
        if self._summary is None:
            self._summary = IndexSummary.of(self.index_groups(), self.settings.scale.keys)
        return self._summary

    def index_rows(self, link: Linker) -> str:
        """The data of every row of the facts index, with ``link`` resolving pages relative to the file."""
        return self.renderer.index_rows(
            [(group, [self.view(fact, link) for fact in group.facts]) for group in self.index_groups()],
            self.claimant_name,
        )

    def fact_html(self, fact_id: str, link: Linker) -> str:
        fact = self.fact_set.facts[fact_id]
        related = [
            self.view(self.fact_set.facts[other], link) for other in fact.record.related if self.is_on_site(other)
        ]
        citations = [
            CitedIn(link(page), title, citation.anchor, citation.passage, citation.kind)
            for page, title, citation in self.citations.get(fact_id, [])
        ]
        # Only {path} is replaced, never through str.format: the rest of the template is a URL, braces and all.
        edit_url = self.options.edit_url.replace("{path}", quote(fact.file)) if self.options.edit_url else None
        return self.renderer.fact_page(
            self.view(fact, link),
            related=related,
            citations=citations,
            edit_url=edit_url,
            dataset_url=link(DATA_FILES["JSON"]),
            index_url=link(INDEX_PAGE),
            claimant=self.claimant_name(fact),
            methodology_url=link(self.options.methodology_page) if self.options.methodology_page else None,
            corrections_url=link(self.options.corrections_page) if self.options.corrections_page else None,
            report_error_url=self.options.report_error_url,
        )

    def claim_review(self, fact_id: str, page_url: str) -> dict[str, Any]:
        return claimreview.claim_review(
            self.fact_set.facts[fact_id], self.settings.scale, page_url=page_url, publisher=self.options.publisher
        )
