#!/usr/bin/env python3
"""Check that every address the fact records cite still answers.

Reads the records the way the site does (``mkdocs.yml``'s factcheck options, then
``factcheck.loader.load_facts``), collects every source ``url`` and ``archive_url``,
every appearance ``url`` and every claimant ``url``, with the records that cite them,
and asks each address once: ``HEAD`` first, ``GET`` when ``HEAD`` does not give a
live answer. 2xx and 3xx answers are alive (redirects are reported, not followed);
timeouts, connection errors, 429 and 5xx answers are retried a few times.

It prints a Markdown report (and writes it to ``--output``) and exits 0 whatever it
finds, unless ``--fail-on-dead`` is given: a dead link is for an editor to fix, not a
reason to hold back the site. Exit 2 means it could not run (no config, bad options).

Only the standard library does the network work (urllib, concurrent.futures).
"""

from __future__ import annotations

import argparse
import concurrent.futures
import datetime as dt
import http.client
import ssl
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO
from urllib.parse import urlsplit

from factcheck.loader import FactSet, load_facts
from factcheck.problems import errors
from factcheck.settings import plugin_options, settings_from_options

USER_AGENT = "factcheck-link-checker/1.0 (Python urllib; checks the sources cited by a fact-check site)"
RETRYABLE_STATUS = frozenset({408, 425, 429, 500, 502, 503, 504})


@dataclass(frozen=True)
class Citation:
    """One place a URL is cited: the record file, the fact id and the field."""

    file: str
    fact_id: str
    field: str


@dataclass(frozen=True)
class Result:
    """What asking one URL gave."""

    url: str
    alive: bool
    status: int | None
    detail: str
    method: str
    attempts: int
    location: str | None = None

    @property
    def summary(self) -> str:
        text = f"{self.status} {self.detail}".strip() if self.status is not None else self.detail
        return f"{text} ({self.method}, {self.attempts} {'try' if self.attempts == 1 else 'tries'})"


@dataclass
class Options:
    timeout: float = 10.0
    retries: int = 2
    backoff: float = 1.0
    workers: int = 8
    per_host: int = 2
    user_agent: str = USER_AGENT


@dataclass
class Report:
    citations: dict[str, list[Citation]]
    results: dict[str, Result]
    unreadable: list[str] = field(default_factory=list)
    checked_at: dt.datetime = field(default_factory=lambda: dt.datetime.now(dt.UTC))

    @property
    def dead(self) -> list[Result]:
        return [r for r in self.results.values() if not r.alive]

    @property
    def redirected(self) -> list[Result]:
        return [r for r in self.results.values() if r.alive and r.location]


# -- collecting ------------------------------------------------------------------


def collect_urls(fact_set: FactSet) -> dict[str, list[Citation]]:
    """Every http(s) URL the records cite, in a stable order, with where each is cited."""
    found: dict[str, list[Citation]] = {}

    def add(url: str | None, citation: Citation) -> None:
        if url and urlsplit(url).scheme in ("http", "https"):
            found.setdefault(url, []).append(citation)

    for fact_id in sorted(fact_set.facts):
        fact = fact_set.facts[fact_id]
        record = fact.record
        add(record.claimant.url, Citation(fact.file, fact_id, "claimant.url"))
        for i, appearance in enumerate(record.appearances):
            add(appearance.url, Citation(fact.file, fact_id, f"appearances[{i}].url"))
        for i, source in enumerate(record.sources):
            add(source.url, Citation(fact.file, fact_id, f"sources[{i}].url"))
            add(source.archive_url, Citation(fact.file, fact_id, f"sources[{i}].archive_url"))
    return dict(sorted(found.items()))


def load_from_config(config_file: Path, facts_dir: Path | None = None) -> FactSet:
    base_dir = config_file.resolve().parent
    settings = settings_from_options(plugin_options(config_file), base_dir)
    return load_facts(facts_dir or settings.facts_dir, settings.scale, base_dir=base_dir)


# -- checking --------------------------------------------------------------------


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """A 3xx is an answer: report it, don't follow it."""

    def redirect_request(  # noqa: PLR0917 - urllib's signature
        self,
        req: urllib.request.Request,
        fp: IO[bytes],
        code: int,
        msg: str,
        headers: http.client.HTTPMessage,
        newurl: str,
    ) -> urllib.request.Request | None:
        return None


_OPENER = urllib.request.build_opener(_NoRedirect())


@dataclass(frozen=True)
class _Answer:
    status: int | None
    detail: str
    location: str | None = None
    transient: bool = False

    @property
    def alive(self) -> bool:
        return self.status is not None and 200 <= self.status < 400


def _ask(url: str, method: str, options: Options) -> _Answer:
    request = urllib.request.Request(  # noqa: S310 - only http(s) URLs reach here
        url,
        method=method,
        headers={"User-Agent": options.user_agent, "Accept": "*/*"},
    )
    try:
        with _OPENER.open(request, timeout=options.timeout) as response:
            if method == "GET":
                response.read(1024)  # the server has started to send the page
            return _Answer(int(response.status), str(response.reason or ""))
    except urllib.error.HTTPError as error:
        with error:
            return _Answer(
                error.code,
                str(error.reason or ""),
                location=error.headers.get("Location") if 300 <= error.code < 400 else None,
                transient=error.code in RETRYABLE_STATUS,
            )
    except urllib.error.URLError as error:
        reason = error.reason
        if isinstance(reason, TimeoutError):
            return _Answer(None, f"timed out after {options.timeout:g} s", transient=True)
        if isinstance(reason, ssl.SSLError):
            return _Answer(None, f"TLS error: {reason}")
        return _Answer(None, f"connection failed: {reason}", transient=True)
    except TimeoutError:
        return _Answer(None, f"timed out after {options.timeout:g} s", transient=True)
    except (http.client.HTTPException, ConnectionError, OSError, ValueError) as error:
        return _Answer(None, f"{type(error).__name__}: {error}", transient=True)


def check_url(url: str, options: Options) -> Result:
    """HEAD, then GET if HEAD gave no live answer; retry transient failures with backoff."""
    attempts = 0
    answer = _Answer(None, "not checked")
    method = "HEAD"
    for attempt in range(options.retries + 1):
        attempts = attempt + 1
        transient = False
        for method in ("HEAD", "GET"):
            answer = _ask(url, method, options)
            if answer.alive:
                return Result(url, True, answer.status, answer.detail, method, attempts, answer.location)
            transient = transient or answer.transient
        if not transient or attempt == options.retries:
            break
        time.sleep(options.backoff * (2**attempt))
    return Result(url, False, answer.status, answer.detail, method, attempts)


class _HostLimits:
    """At most ``per_host`` requests at a time to one host."""

    def __init__(self, per_host: int) -> None:
        self._per_host = max(1, per_host)
        self._lock = threading.Lock()
        self._semaphores: dict[str, threading.Semaphore] = {}

    def __call__(self, url: str) -> threading.Semaphore:
        host = (urlsplit(url).hostname or "").lower()
        with self._lock:
            return self._semaphores.setdefault(host, threading.Semaphore(self._per_host))


def check_all(urls: Iterable[str], options: Options) -> dict[str, Result]:
    limits = _HostLimits(options.per_host)

    def one(url: str) -> Result:
        with limits(url):
            return check_url(url, options)

    urls = list(urls)
    results: dict[str, Result] = {}
    with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, options.workers)) as pool:
        for url, result in zip(urls, pool.map(one, urls), strict=True):
            results[url] = result
    return results


# -- reporting -------------------------------------------------------------------


def _cell(text: str) -> str:
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")


def _cited_in(citations: Sequence[Citation]) -> str:
    return "<br>".join(_cell(f"`{c.file}` ({c.field})") for c in citations)


def render(report: Report) -> str:
    total = len(report.results)
    dead = report.dead
    redirected = report.redirected
    records = len({c.fact_id for cs in report.citations.values() for c in cs})
    lines = [
        "# Link check",
        "",
        f"Checked {total} URL{'s' if total != 1 else ''} cited by {records} record{'s' if records != 1 else ''} "
        f"on {report.checked_at:%Y-%m-%d %H:%M} UTC: "
        f"**{total - len(dead)} alive, {len(dead)} dead**, {len(redirected)} redirected.",
        "",
    ]
    if report.unreadable:
        lines += [
            f"{len(report.unreadable)} record problem(s) kept some records out of this check; run `factcheck check`:",
            "",
            *(f"- {_cell(p)}" for p in report.unreadable),
            "",
        ]
    lines += [f"## Dead links ({len(dead)})", ""]
    if dead:
        lines += [
            "Find the page again (or an archived copy) and update the record; "
            "a dead source `url` with a working `archive_url` can stay, but say so in the record.",
            "",
            "| URL | Result | Cited in |",
            "| --- | --- | --- |",
        ]
        lines += [f"| {_cell(r.url)} | {_cell(r.summary)} | {_cited_in(report.citations[r.url])} |" for r in dead]
    else:
        lines.append("None.")
    lines += ["", f"## Redirects ({len(redirected)})", ""]
    if redirected:
        lines += [
            "Alive, but the address has moved: consider citing the new one.",
            "",
            "| URL | Answer | Moved to | Cited in |",
            "| --- | --- | --- | --- |",
        ]
        lines += [
            f"| {_cell(r.url)} | {r.status} | {_cell(r.location or '')} | {_cited_in(report.citations[r.url])} |"
            for r in redirected
        ]
    else:
        lines.append("None.")
    lines.append("")
    return "\n".join(lines)


# -- command line ----------------------------------------------------------------


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--config", "-f", type=Path, default=Path("mkdocs.yml"), help="MkDocs config (mkdocs.yml)")
    parser.add_argument("--facts-dir", type=Path, help="records folder (default: the plugin's facts_dir)")
    parser.add_argument("--output", "-o", type=Path, help="also write the Markdown report to this file")
    parser.add_argument("--timeout", type=float, default=10.0, help="seconds per request (default 10)")
    parser.add_argument("--retries", type=int, default=2, help="retries after a transient failure (default 2)")
    parser.add_argument("--backoff", type=float, default=1.0, help="first wait between retries, doubling (s)")
    parser.add_argument("--workers", type=int, default=8, help="requests in flight at most (default 8)")
    parser.add_argument("--per-host", type=int, default=2, help="requests in flight per host at most (default 2)")
    parser.add_argument("--fail-on-dead", action="store_true", help="exit 1 when any link is dead")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not args.config.is_file():
        parser.error(f"no MkDocs config at {args.config}")
    if args.timeout <= 0 or args.retries < 0 or args.workers < 1 or args.per_host < 1 or args.backoff < 0:
        parser.error("--timeout must be > 0, --retries and --backoff >= 0, --workers and --per-host >= 1")
    options = Options(args.timeout, args.retries, args.backoff, args.workers, args.per_host)

    fact_set = load_from_config(args.config, args.facts_dir)
    citations = collect_urls(fact_set)
    results = check_all(citations, options)
    report = Report(citations, results, unreadable=[str(p) for p in errors(fact_set.problems)])
    text = render(report)
    sys.stdout.write(text)
    if args.output:
        args.output.parent.mkdir(parents=True, exist_ok=True)
        args.output.write_text(text, encoding="utf-8")
    return 1 if args.fail_on_dead and report.dead else 0


if __name__ == "__main__":
    sys.exit(main())
