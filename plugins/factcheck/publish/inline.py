"""Inline annotations in editorial Markdown, in two kinds:

- a claim annotation, ``[passage](fact:<id>)``, where the passage quotes the claim: it gets the verdict badge;
- an evidence link, ``[passage](factref:<id>)``, where our own sentence cites a record: a neutral "checked" mark.

Both are ordinary Markdown links, so any Markdown renderer degrades them to a
link. We find the references in the Markdown (for exact line numbers in errors)
and replace the rendered ``<a href="fact:...">`` elements in the HTML.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

FACT_SCHEME = "fact:"
EVIDENCE_SCHEME = "factref:"
# Longest first, so that no scheme is read as the start of another.
SCHEMES = (EVIDENCE_SCHEME, FACT_SCHEME)
CLAIM, EVIDENCE = "claim", "evidence"
KINDS = {FACT_SCHEME: CLAIM, EVIDENCE_SCHEME: EVIDENCE}
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
RENDERED_ANNOTATION = re.compile(r'<a href="(fact|factref):([^"]*)"[^>]*>(.*?)</a>', re.DOTALL)
# Every URL attribute of sanitized HTML (the sanitizer always quotes with ").
RENDERED_URL = re.compile(r'\s(?:href|src)="([^"]*)"', re.IGNORECASE)
# Punctuation that must stay on the line of the badge before it.
CLOSING_PUNCTUATION = frozenset(".,;:!?…)]”’»")
# U+2060 WORD JOINER: no line break between an annotation and the full stop after it.
WORD_JOINER = "\u2060"
MARKER = re.compile(r"<!--\s*factcheck:([a-z-]+)\s*-->")
TAG = re.compile(r"<[^>]+>")


def _decoded_url(target: str) -> str:
    return _URL_IGNORED.sub("", html.unescape(target)).strip(_URL_STRIPPED)


def scheme_of(target: str) -> str | None:
    """The annotation scheme (``fact:`` or ``factref:``) a browser (or our HTML pipeline) would read in ``target``."""
    decoded = _decoded_url(target).lower()
    return next((scheme for scheme in SCHEMES if decoded.startswith(scheme)), None)


def reaches_fact_scheme(target: str) -> bool:
    """Whether ``target`` is read as a ``fact:`` or ``factref:`` URL."""
    return scheme_of(target) is not None


def split_url(url: str) -> tuple[str, str]:
    """(kind, fact id) of a rendered annotation URL written plainly, e.g. ``factref:x`` -> ("evidence", "x")."""
    for scheme in SCHEMES:
        if url.startswith(scheme):
            return KINDS[scheme], url[len(scheme) :]
    return "", url


@dataclass(frozen=True)
class Reference:
    """A link target that reaches ``fact:`` or ``factref:`` in a Markdown source, at a 1-based line and column."""

    fact_id: str
    line: int
    column: int
    written: str = ""
    is_link: bool = True  # False for an image's src: only a link can cite a fact
    scheme: str = FACT_SCHEME

    @property
    def is_plain(self) -> bool:
        """Written as ``fact:<id>`` (or ``factref:<id>``) itself: no entities, capitals or escapes, which the
        checks could misread."""
        return self.written == self.scheme + self.fact_id

    @property
    def kind(self) -> str:
        return KINDS[self.scheme]


def _target_at(line: str, start: int, quote: str) -> str:
    if quote:
        end = line.find(quote, start)
        return line[start:] if end < 0 else line[start:end]
    match = UNQUOTED_TARGET.match(line, start)
    return match.group() if match else ""


def _reference(target: str, line_number: int, column: int, *, is_link: bool = True) -> Reference:
    scheme = scheme_of(target) or FACT_SCHEME
    return Reference(_decoded_url(target)[len(scheme) :], line_number, column, target, is_link, scheme)


def find_references(markdown: str) -> Iterator[Reference]:
    """Every link target outside fenced code blocks that reaches ``fact:`` or ``factref:``, however written."""
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
    """Every URL attribute of rendered, sanitized HTML that reaches ``fact:`` or ``factref:``, as written there."""
    return [html.unescape(url) for url in RENDERED_URL.findall(content) if reaches_fact_scheme(url)]


@dataclass(frozen=True)
class Citation:
    """An annotated passage on an editorial page, for a fact page's 'cited in' list."""

    fact_id: str
    anchor: str
    passage: str
    kind: str = CLAIM


def replace_annotations(content: str, render: Callable[[str, str, str, str], str]) -> tuple[str, list[Citation]]:
    """Replace rendered ``fact:`` and ``factref:`` links by ``render(kind, fact_id, anchor, inner_html)``."""
    citations: list[Citation] = []
    counts: dict[str, int] = {}

    def substitute(match: re.Match[str]) -> str:
        kind = KINDS[match.group(1) + ":"]
        fact_id, inner_html = html.unescape(match.group(2)), match.group(3)
        counts[fact_id] = counts.get(fact_id, 0) + 1
        anchor = f"claim-{fact_id}" + (f"-{counts[fact_id]}" if counts[fact_id] > 1 else "")
        passage = html.unescape(TAG.sub("", inner_html)).strip()
        citations.append(Citation(fact_id, anchor, passage, kind))
        joiner = WORD_JOINER if content[match.end() : match.end() + 1] in CLOSING_PUNCTUATION else ""
        return render(kind, fact_id, anchor, inner_html) + joiner

    return RENDERED_ANNOTATION.sub(substitute, content), citations


def replace_markers(content: str, render: Callable[[str], str | None]) -> str:
    """Replace ``<!-- factcheck:NAME -->`` comments by ``render(NAME)``; None leaves the comment."""

    def substitute(match: re.Match[str]) -> str:
        rendered = render(match.group(1))
        return match.group(0) if rendered is None else rendered

    return MARKER.sub(substitute, content)
