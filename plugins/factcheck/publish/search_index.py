"""The site's search index, written with Pagefind: a reader downloads nothing until they search.

Facts go in as records built from their data (claim, explanation, claimant, sources), with the verdict
and topics as filters and what a result shows (title, verdict) as metadata, so the index does not
depend on how a site's templates lay out a fact page. Editorial pages go in as their built HTML.
Pagefind writes ``pagefind/`` into the built site: a small loader, its WebAssembly and index chunks
that the browser fetches per query.
"""

from __future__ import annotations

import html
import re
import shutil
import subprocess
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ..records.model import Fact
from ..records.scale import RatingScale
from .search_canonical import CanonicalError, make_canonical

OUTPUT_DIR = "pagefind"
# Material's page body: the article, without the edit button and the page's own metadata.
ROOT_SELECTOR = "article.md-content__inner"
EXCLUDE_SELECTORS = [".md-content__button", ".md-source-file", ".headerlink", "script"]

_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_MARKUP = re.compile(r"[*_`#>|~]+|^\s*(?:[-+]|\d+\.)\s+", re.MULTILINE)
_TAG = re.compile(r"<[^>]+>")
# What the indexer prints goes to a terminal: no escape sequences.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


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

    def html(self) -> str:
        """A small document that Pagefind reads as this record: its words, filters and metadata."""
        esc = html.escape
        filters = "".join(
            f'<span data-pagefind-filter="{esc(name)}">{esc(value)}</span> '
            for name, values in self.filters.items()
            for value in values
        )
        meta = "".join(
            f'<span data-pagefind-meta="{esc(name)}">{esc(value)}</span>' for name, value in self.meta.items()
        )
        # Filters and metadata sit in an ignored block: Pagefind still reads them there, and their words
        # stay out of the indexed text, so excerpts show the fact's own words, not "Mostly true Russia …".
        return (
            f'<!doctype html><html><head><meta charset="utf-8"></head><body><article class="md-content__inner">'
            f"<div hidden data-pagefind-ignore>{meta}{filters}</div><h1>{esc(self.title)}</h1>"
            f"<p>{esc(self.content)}</p></article></body></html>"
        )


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
    content = " ".join([record.claim, claimant, record.verdict_summary, plain_text(record.explanation), *sources])
    return SearchRecord(
        url=url,
        title=record.title,
        content=content,
        meta={"title": record.title, "verdict": record.verdict, "verdict_label": rating.label},
        filters={"verdict": [rating.label], "topic": [topic_label(topic) for topic in record.topics]},
    )


class SearchIndex:
    """The documents of one build's index, written to a scratch folder as they come, indexed at the end.

    Pagefind's command line reads the folder in one pass (its Python wrapper answers each message sent
    one by one after a pause, which would take minutes for thousands of records), and nothing is held
    in memory.
    """

    def __init__(self, language: str) -> None:
        self.language = language
        self.folder = Path(tempfile.mkdtemp(prefix="factcheck-search-"))

    def _path(self, url: str) -> Path:
        path = url.lstrip("/")
        if not path or path.endswith("/"):
            path += "index.html"
        target = (self.folder / path).resolve()
        if self.folder.resolve() not in target.parents:
            raise SearchIndexError(f"page address '{url}' is outside the site")
        return target

    def add_page(self, url: str, page_html: str) -> None:
        """A built page at ``url`` (relative to the site root); Pagefind reads its article."""
        target = self._path(url)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(page_html, encoding="utf-8")

    def add(self, record: SearchRecord) -> None:
        self.add_page(record.url, record.html())

    def write(self, site_dir: Path) -> None:
        """Index everything added into ``site_dir/pagefind/`` and remove the scratch folder."""
        try:
            self._index(site_dir / OUTPUT_DIR)
            make_canonical(site_dir / OUTPUT_DIR)
        except CanonicalError as error:
            raise SearchIndexError(f"Pagefind wrote files this plugin does not know: {error}") from None
        finally:
            self.close()

    def _index(self, output: Path) -> None:
        # Pagefind's command line, not its Python wrapper: the wrapper stops the indexer as soon as it
        # answers, while its last files may still be on their way to disk (at 10,000 facts the worker
        # script was cut at 32 KB). The command exits only when everything is written.
        from pagefind.service import get_executable

        binary = get_executable()
        if binary is None:
            raise SearchIndexError(
                "the Pagefind binary was not found: install the plugin with its dependencies "
                "(pip install mkdocs-factcheck brings pagefind[bin]) or set PAGEFIND_BINARY_PATH"
            )
        command = [str(binary), "--site", str(self.folder), "--output-path", str(output)]
        command += ["--root-selector", ROOT_SELECTOR, "--force-language", self.language, "--silent"]
        for selector in EXCLUDE_SELECTORS:
            command += ["--exclude-selectors", selector]
        try:
            # The scratch folder as working directory: no pagefind.yml of the project is read.
            completed = subprocess.run(
                command, cwd=self.folder, capture_output=True, text=True, errors="replace", check=False
            )
        except OSError as error:
            raise SearchIndexError(f"the Pagefind binary {binary} could not run ({error.strerror})") from None
        if completed.returncode != 0:
            said = " ".join(_CONTROL.sub(" ", completed.stdout + completed.stderr).split())[-500:]
            raise SearchIndexError(f"Pagefind could not index the site (exit status {completed.returncode}): {said}")

    def close(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)
