"""The site's search index, written with Pagefind: a reader downloads nothing until they search.

Facts go in as records built from their data (claim, explanation, claimant, sources), with the verdict
and topics as filters and what a result shows (title, verdict) as metadata, so the index does not
depend on how a site's templates lay out a fact page. Editorial pages go in as their built HTML.
Pagefind writes ``pagefind/`` into the built site: a small loader, its WebAssembly and index chunks
that the browser fetches per query.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from .loader import Fact
from .scale import RatingScale

OUTPUT_DIR = "pagefind"
# Material's page body: the article, without the edit button and the page's own metadata.
ROOT_SELECTOR = "article.md-content__inner"
EXCLUDE_SELECTORS = [".md-content__button", ".md-source-file", ".headerlink", "script"]
# Facts are sent to the indexer in batches: one message per record, but not all in flight at once.
BATCH = 500

_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_MARKUP = re.compile(r"[*_`#>|~]+|^\s*(?:[-+]|\d+\.)\s+", re.MULTILINE)
_TAG = re.compile(r"<[^>]+>")


class SearchIndexError(Exception):
    """The index could not be written; the message says why and what would fix it."""


@dataclass(frozen=True)
class SearchRecord:
    """One search result: a fact page at ``url`` (relative to the site root)."""

    url: str
    title: str
    content: str
    meta: dict[str, str]
    filters: dict[str, list[str]]


def plain_text(markdown_text: str) -> str:
    """Editor Markdown as the words a reader sees: link text without targets, no emphasis marks or tags."""
    text = _LINK.sub(r"\1", markdown_text)
    text = _TAG.sub(" ", text)
    return " ".join(_MARKUP.sub(" ", text).split())


def fact_record(fact: Fact, url: str, scale: RatingScale, topic_label: Callable[[str], str]) -> SearchRecord:
    record = fact.record
    rating = scale[record.verdict]
    claimant = record.claimant.name + (f", {record.claimant.role}" if record.claimant.role else "")
    sources = [" ".join(filter(None, (s.title, s.publisher, s.quote))) for s in record.sources]
    content = " ".join(
        [record.claim, claimant, rating.label, record.verdict_summary, plain_text(record.explanation), *sources]
    )
    return SearchRecord(
        url=url,
        title=record.title,
        content=content,
        meta={"title": record.title, "verdict": record.verdict, "verdict_label": rating.label},
        filters={"verdict": [rating.label], "topic": [topic_label(topic) for topic in record.topics]},
    )


def fact_records(
    facts: Iterable[Fact], urls: dict[str, str], scale: RatingScale, topic_label: Callable[[str], str]
) -> Iterator[SearchRecord]:
    """A record for every fact that has a page, made as the indexer asks for it."""
    for fact in facts:
        if fact.id in urls:
            yield fact_record(fact, urls[fact.id], scale, topic_label)


def write_index(
    site_dir: Path, records: Iterable[SearchRecord], pages: Iterable[tuple[str, str]], *, language: str
) -> None:
    """Index ``records`` and the built HTML ``pages`` (url, html) into ``site_dir/pagefind/``."""
    try:
        asyncio.run(_write(site_dir, records, pages, language))
    except FileNotFoundError as error:
        raise SearchIndexError(
            f"the Pagefind binary was not found ({error}): install the plugin with its dependencies "
            "(pip install mkdocs-factcheck, which brings pagefind[bin]) or set PAGEFIND_BINARY_PATH"
        ) from None
    except (OSError, AssertionError, RuntimeError) as error:
        raise SearchIndexError(f"Pagefind could not index the site: {error}") from None


async def _write(site_dir: Path, records: Iterable[SearchRecord], pages: Iterable[tuple[str, str]], language: str) -> None:
    from pagefind.index import IndexConfig, PagefindIndex

    config = IndexConfig(
        output_path=str(site_dir / OUTPUT_DIR),
        force_language=language,
        root_selector=ROOT_SELECTOR,
        exclude_selectors=EXCLUDE_SELECTORS,
    )
    async with PagefindIndex(config=config) as index:
        for url, html in pages:
            await index.add_html_file(content=html, url=url)
        batch = []
        for record in records:
            batch.append(
                index.add_custom_record(
                    url=record.url,
                    content=record.content,
                    language=language,
                    meta=record.meta,
                    filters=record.filters,
                )
            )
            if len(batch) >= BATCH:
                await asyncio.gather(*batch)
                batch = []
        await asyncio.gather(*batch)
