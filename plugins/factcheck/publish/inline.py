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
# Where a page can put a link target: an inline link `](...)` (also `](<...>)`), a reference definition
# `[label]: ...`, or a raw HTML attribute `href=` / `src=`. The target may start on the next line.
LINK_TARGET = re.compile(
    r"\]\(\s*<?|^[ ]{0,3}\[[^\]]+\]:[ \t]*<?|\b(?:href|src)[ \t]*=[ \t]*([\"']?)",
    re.IGNORECASE,
)
UNQUOTED_TARGET = re.compile(r"[^\s)>\"'<]*")
# Browsers drop ASCII tabs and line breaks anywhere in a URL, and spaces and controls around it.
_URL_IGNORED = re.compile(r"[\t\n\r]")
_URL_STRIPPED = "".join(chr(code) for code in range(0x21))
FENCE = re.compile(r"^\s{0,3}(`{3,}|~{3,})")
# Links as Python-Markdown and the sanitizer write them: href first, then optional attributes.
RENDERED_ANNOTATION = re.compile(r'<a href="fact:([^"]*)"[^>]*>(.*?)</a>', re.DOTALL)
# Every URL attribute of sanitized HTML (the sanitizer always quotes with ").
RENDERED_URL = re.compile(r'\s(?:href|src)="([^"]*)"', re.IGNORECASE)
MARKER = re.compile(r"<!--\s*factcheck:([a-z-]+)\s*-->")
TAG = re.compile(r"<[^>]+>")


def _decoded_url(target: str) -> str:
    return _URL_IGNORED.sub("", html.unescape(target)).strip(_URL_STRIPPED)


def reaches_fact_scheme(target: str) -> bool:
    """Whether a browser (or our HTML pipeline) would read ``target`` as a ``fact:`` URL."""
    return _decoded_url(target)[: len(FACT_SCHEME)].lower() == FACT_SCHEME


@dataclass(frozen=True)
class Reference:
    """A link target that reaches ``fact:`` in a Markdown source, at a 1-based line and column."""

    fact_id: str
    line: int
    column: int
    written: str = ""
    is_link: bool = True  # False for an image's src: only a link can cite a fact

    @property
    def is_plain(self) -> bool:
        """Written as ``fact:<id>`` itself: no entities, capitals or escapes, which the checks could misread."""
        return self.written == FACT_SCHEME + self.fact_id


def _target_at(line: str, start: int, quote: str) -> str:
    if quote:
        end = line.find(quote, start)
        return line[start:] if end < 0 else line[start:end]
    match = UNQUOTED_TARGET.match(line, start)
    return match.group() if match else ""


def _reference(target: str, line_number: int, column: int, *, is_link: bool = True) -> Reference:
    return Reference(_decoded_url(target)[len(FACT_SCHEME) :], line_number, column, target, is_link)


def find_references(markdown: str) -> Iterator[Reference]:
    """Every link target outside fenced code blocks that reaches ``fact:``, however it is written."""
    fence: str | None = None
    pending: str | None = None  # a link opened at the end of the previous line: its target is on this one
    for line_number, line in enumerate(markdown.splitlines(), start=1):
        opening = FENCE.match(line)
        if opening:
            marker = opening.group(1)
            if fence is None:
                fence = marker
            elif marker[0] == fence[0] and len(marker) >= len(fence):
                fence = None
            pending = None
            continue
        if fence is not None:
            continue
        if pending is not None:
            start = len(line) - len(line.lstrip())
            if line[start : start + 1] == "<":
                start += 1
            target = _target_at(line, start, pending)
            if reaches_fact_scheme(target):
                yield _reference(target, line_number, start + 1)
            pending = None
        for match in LINK_TARGET.finditer(line):
            quote = match.group(1) or ""
            start = match.end()
            if start >= len(line.rstrip()) and not quote:
                pending = ""
                continue
            target = _target_at(line, start, quote)
            if reaches_fact_scheme(target):
                yield _reference(target, line_number, start + 1, is_link=match.group().lower()[:3] != "src")


def find_rendered_fact_urls(content: str) -> list[str]:
    """Every URL attribute of rendered, sanitized HTML that reaches ``fact:``, as written there."""
    return [html.unescape(url) for url in RENDERED_URL.findall(content) if reaches_fact_scheme(url)]


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
