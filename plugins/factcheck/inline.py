"""Inline claim annotations: ``[passage](fact:<id>)`` in editorial Markdown.

The syntax is an ordinary Markdown link, so any Markdown renderer degrades it to a
link. We find the references in the Markdown (for exact line numbers in errors)
and replace the rendered ``<a href="fact:...">`` elements in the HTML.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

FACT_SCHEME = "fact:"
INLINE_REFERENCE = re.compile(r"\]\(\s*fact:([^)\s]*)")
DEFINITION_REFERENCE = re.compile(r"^\s{0,3}\[[^\]]+\]:\s*<?fact:(\S*?)>?(\s|$)")
FENCE = re.compile(r"^\s{0,3}(`{3,}|~{3,})")
# Links as Python-Markdown and the sanitizer write them: href first, then optional attributes.
RENDERED_ANNOTATION = re.compile(r'<a href="fact:([^"]*)"[^>]*>(.*?)</a>', re.DOTALL)
MARKER = re.compile(r"<!--\s*factcheck:([a-z-]+)\s*-->")
TAG = re.compile(r"<[^>]+>")


@dataclass(frozen=True)
class Reference:
    """A ``fact:`` link in a Markdown source, at a 1-based line and column."""

    fact_id: str
    line: int
    column: int


def find_references(markdown: str) -> Iterator[Reference]:
    """Every ``fact:`` link outside fenced code blocks."""
    fence: str | None = None
    for line_number, line in enumerate(markdown.splitlines(), start=1):
        opening = FENCE.match(line)
        if opening:
            marker = opening.group(1)
            if fence is None:
                fence = marker
            elif marker[0] == fence[0] and len(marker) >= len(fence):
                fence = None
            continue
        if fence is not None:
            continue
        for match in INLINE_REFERENCE.finditer(line):
            yield Reference(match.group(1), line_number, match.start(1) - len(FACT_SCHEME) + 1)
        definition = DEFINITION_REFERENCE.match(line)
        if definition:
            yield Reference(definition.group(1), line_number, definition.start(1) - len(FACT_SCHEME) + 1)


@dataclass(frozen=True)
class Citation:
    """An annotated passage on an editorial page, for a fact page's 'cited in' list."""

    fact_id: str
    anchor: str
    passage: str


def replace_annotations(content: str, render: Callable[[str, str, str], str]) -> tuple[str, list[Citation]]:
    """Replace rendered ``fact:`` links by ``render(fact_id, anchor, inner_html)``."""
    citations: list[Citation] = []
    counts: dict[str, int] = {}

    def substitute(match: re.Match[str]) -> str:
        fact_id, inner_html = html.unescape(match.group(1)), match.group(2)
        counts[fact_id] = counts.get(fact_id, 0) + 1
        anchor = f"claim-{fact_id}" + (f"-{counts[fact_id]}" if counts[fact_id] > 1 else "")
        passage = html.unescape(TAG.sub("", inner_html)).strip()
        citations.append(Citation(fact_id, anchor, passage))
        return render(fact_id, anchor, inner_html)

    return RENDERED_ANNOTATION.sub(substitute, content), citations


def replace_markers(content: str, render: Callable[[str], str | None]) -> str:
    """Replace ``<!-- factcheck:NAME -->`` comments by ``render(NAME)``; None leaves the comment."""

    def substitute(match: re.Match[str]) -> str:
        rendered = render(match.group(1))
        return match.group(0) if rendered is None else rendered

    return MARKER.sub(substitute, content)
