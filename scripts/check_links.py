#!/usr/bin/env python3
"""Check that every address the fact records cite still answers.

Reads the records the way the site does (``mkdocs.yml``'s factcheck options, then
``factcheck.records.loader.load_facts``), collects every source ``url`` and ``archive_url``,
every appearance ``url`` and every claimant ``url``, with the records that cite them,
and asks each address once: ``HEAD`` first, ``GET`` when ``HEAD`` does not give a
live answer. 2xx and 3xx answers are alive (redirects are reported, not followed);
timeouts, connection errors, 429 and 5xx answers are retried a few times.

It asks the public internet only: each host is resolved first, and a host with any loopback,
private, link-local, unique-local or otherwise non-public address is refused without a
connection; the connection then goes to the address that was checked, so a second DNS answer
cannot point it elsewhere. A redirect to a non-public address is reported as dead (and, like
every redirect, never followed). Each request has a wall-clock deadline (``--timeout``), however
slowly the server sends. Untrusted text (URLs, ``Location`` headers, error messages) goes into
the report as escaped code spans, and each result is written as it arrives.

It prints a Markdown report (and writes it to ``--output``) and exits 0 whatever it
finds, unless ``--fail-on-dead`` is given: a dead link is for an editor to fix, not a
reason to hold back the site. Exit 2 means it could not run (no config, bad options).

Only the standard library does the network work (http.client, ssl, concurrent.futures).
"""

from __future__ import annotations

import argparse
import concurrent.futures
import contextlib
import datetime as dt
import http.client
import ipaddress
import os
import re
import socket
import ssl
import sys
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from factcheck.config import SettingsError, settings_from_file
from factcheck.records.loader import load_facts
from factcheck.records.model import FactSet
from factcheck.records.problems import errors

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
    # Tests only: check servers on 127.0.0.1. Private and link-local addresses stay refused even then.
    allow_loopback: bool = False


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
    settings, _ = settings_from_file(config_file)
    return load_facts(facts_dir or settings.facts_dir, settings.scale, base_dir=settings.base_dir)


# -- checking ----------------------------------------------------------------------


class RefusedAddress(Exception):
    """The host is not on the public internet (``refused``) or cannot be found: the checker does not ask it."""

    def __init__(self, message: str, *, refused: bool) -> None:
        super().__init__(message)
        self.refused = refused


def _why_not_public(address: ipaddress.IPv4Address | ipaddress.IPv6Address, allow_loopback: bool) -> str | None:
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    if address.is_loopback:
        return None if allow_loopback else "a loopback address"
    if address.is_link_local:
        return "a link-local address"
    if address.is_private:
        return "a private or unique-local address"
    if address.is_multicast:
        return "a multicast address"
    if not address.is_global:
        return "a reserved address"
    return None


def public_addresses(host: str, port: int, allow_loopback: bool = False) -> list[str]:
    """Every address ``host`` resolves to, if all of them are on the public internet; else RefusedAddress.

    One non-public answer refuses the host: a name that also points inside the network is not a
    public source. ``allow_loopback`` is for tests only, against servers on 127.0.0.1.
    """
    try:
        answers = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, proto=socket.IPPROTO_TCP)
    except (socket.gaierror, UnicodeError) as error:
        raise RefusedAddress(f"cannot resolve the host: {error}", refused=False) from None
    addresses: list[str] = []
    for *_, sockaddr in answers:
        address = ipaddress.ip_address(str(sockaddr[0]).split("%")[0])
        reason = _why_not_public(address, allow_loopback)
        if reason:
            raise RefusedAddress(
                f"refused: {host} resolves to {address}, {reason}, not the public internet", refused=True
            )
        if str(address) not in addresses:
            addresses.append(str(address))
    if not addresses:
        raise RefusedAddress("cannot resolve the host: no address", refused=False)
    return addresses


class _PinnedHTTPConnection(http.client.HTTPConnection):
    """HTTP to an address checked beforehand, so that a second DNS answer (rebinding) cannot redirect it."""

    def __init__(self, host: str, port: int, address: str, timeout: float) -> None:
        super().__init__(host, port, timeout=timeout)
        self._address = address

    def connect(self) -> None:
        self.sock = socket.create_connection((self._address, self.port), self.timeout)


class _PinnedHTTPSConnection(http.client.HTTPSConnection):
    """HTTPS to an address checked beforehand; the certificate is still checked against the host name."""

    def __init__(self, host: str, port: int, address: str, timeout: float) -> None:
        self._tls = ssl.create_default_context()
        super().__init__(host, port, timeout=timeout, context=self._tls)
        self._address = address

    def connect(self) -> None:
        sock = socket.create_connection((self._address, self.port), self.timeout)
        self.sock = self._tls.wrap_socket(sock, server_hostname=self.host)


@dataclass(frozen=True)
class _Answer:
    status: int | None
    detail: str
    location: str | None = None
    transient: bool = False
    refused: bool = False  # not a public address, or a redirect to one: dead, and not asked again

    @property
    def alive(self) -> bool:
        return self.status is not None and 200 <= self.status < 400 and not self.refused


class _Deadline:
    """Shuts the connection's socket when the time for the whole request is up.

    A socket timeout limits each wait for data, not the request: a server that sends a header line
    every few seconds would hold the checker for as long as it likes.
    """

    def __init__(self, connection: http.client.HTTPConnection, seconds: float) -> None:
        self.expired = False
        self._connection = connection
        self._timer = threading.Timer(seconds, self._expire)
        self._timer.daemon = True

    def _expire(self) -> None:
        self.expired = True
        sock = self._connection.sock
        if sock is not None:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)

    def __enter__(self) -> _Deadline:
        self._timer.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._timer.cancel()
        self._connection.close()


def _ask(url: str, method: str, options: Options) -> _Answer:
    parts = urlsplit(url)
    host = parts.hostname or ""
    port = parts.port or (443 if parts.scheme == "https" else 80)
    started = time.monotonic()
    try:
        addresses = public_addresses(host, port, options.allow_loopback)
    except RefusedAddress as error:
        return _Answer(None, str(error), refused=error.refused, transient=not error.refused)
    target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    timed_out = _Answer(None, f"timed out after {options.timeout:g} s", transient=True)
    answer = _Answer(None, "not asked")
    for address in addresses:
        remaining = options.timeout - (time.monotonic() - started)
        if remaining <= 0:
            return timed_out
        pinned = _PinnedHTTPSConnection if parts.scheme == "https" else _PinnedHTTPConnection
        connection = pinned(host, port, address, remaining)
        with _Deadline(connection, remaining) as deadline:
            try:
                connection.request(method, target, headers={"User-Agent": options.user_agent, "Accept": "*/*"})
                response = connection.getresponse()
                if method == "GET":
                    response.read(1024)  # the server has started to send the page
            except ssl.SSLError as error:
                return timed_out if deadline.expired else _Answer(None, f"TLS error: {error}")
            except TimeoutError:
                return timed_out
            except (http.client.HTTPException, OSError, ValueError) as error:
                if deadline.expired:
                    return timed_out
                answer = _Answer(None, f"connection failed: {type(error).__name__}: {error}", transient=True)
                continue  # the next address of the same host, if there is one
            if deadline.expired:
                return timed_out
            status = int(response.status)
            location = response.getheader("Location") if 300 <= status < 400 else None
            if location is not None:
                refused = _refused_redirect(url, location, options)
                if refused:
                    return _Answer(status, refused, location=location, refused=True)
            return _Answer(status, str(response.reason or ""), location, transient=status in RETRYABLE_STATUS)
    return answer


def _refused_redirect(url: str, location: str, options: Options) -> str | None:
    """Why a redirect's target is not a public source, if it is not. The checker never follows it."""
    target = urlsplit(urljoin(url, location))
    if target.scheme not in ("http", "https") or not target.hostname:
        return None
    try:
        public_addresses(target.hostname, target.port or 443, options.allow_loopback)
    except RefusedAddress as error:
        return f"redirects to a non-public address ({error})" if error.refused else None
    except ValueError:  # a bad port in the Location header: reported as the redirect it is
        return None
    return None


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
            if answer.refused:
                return Result(url, False, answer.status, answer.detail, method, attempts, answer.location)
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


def check_all(
    urls: Iterable[str], options: Options, on_result: Callable[[Result], None] | None = None
) -> dict[str, Result]:
    """Ask every URL; ``on_result`` hears of each result as soon as it arrives."""
    limits = _HostLimits(options.per_host)

    def one(url: str) -> Result:
        with limits(url):
            return check_url(url, options)

    urls = list(urls)
    results: dict[str, Result] = {}
    with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, options.workers)) as pool:
        for future in concurrent.futures.as_completed([pool.submit(one, url) for url in urls]):
            result = future.result()
            results[result.url] = result
            if on_result is not None:
                on_result(result)
    return {url: results[url] for url in urls}


# -- reporting -----------------------------------------------------------------------

CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]+")


def code(text: str) -> str:
    """Untrusted text as one Markdown code span, safe in a table cell: nothing in it is read as Markdown or HTML."""
    text = CONTROL_CHARACTERS.sub(" ", text).replace("|", "\\|")
    if not text.strip():
        return "(empty)"
    fence = "`" * (max((len(run) for run in re.findall(r"`+", text)), default=0) + 1)
    padding = " " if text.startswith(("`", " ")) or text.endswith(("`", " ")) else ""
    return f"{fence}{padding}{text}{padding}{fence}"


def _cited_in(citations: Sequence[Citation]) -> str:
    return "<br>".join(f"{code(c.file)} ({code(c.field)})" for c in citations)


def render(report: Report) -> str:
    total = len(report.results)
    dead = report.dead
    redirected = report.redirected
    records = len({c.fact_id for cs in report.citations.values() for c in cs})
    pending = len(report.citations) - total
    lines = [
        "# Link check",
        "",
        f"Checked {total} URL{'s' if total != 1 else ''} cited by {records} record{'s' if records != 1 else ''} "
        f"on {report.checked_at:%Y-%m-%d %H:%M} UTC: "
        f"**{total - len(dead)} alive, {len(dead)} dead**, {len(redirected)} redirected.",
        "",
    ]
    if pending:
        lines += [f"**Still checking {pending} more URL{'s' if pending != 1 else ''}**: this report is partial.", ""]
    if report.unreadable:
        lines += [
            f"{len(report.unreadable)} record problem(s) kept some records out of this check; run `factcheck check`:",
            "",
            *(f"- {code(p)}" for p in report.unreadable),
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
        lines += [f"| {code(r.url)} | {code(r.summary)} | {_cited_in(report.citations[r.url])} |" for r in dead]
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
            f"| {code(r.url)} | {r.status} | {code(r.location or '')} | {_cited_in(report.citations[r.url])} |"
            for r in redirected
        ]
    else:
        lines.append("None.")
    lines.append("")
    return "\n".join(lines)


def _write_atomically(path: Path, text: str) -> None:
    partial = path.with_name(f".{path.name}.partial")
    partial.write_text(text, encoding="utf-8")
    os.replace(partial, path)


# -- command line ----------------------------------------------------------------


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--config", "-f", type=Path, default=Path("mkdocs.yml"), help="MkDocs config (mkdocs.yml)")
    parser.add_argument("--facts-dir", type=Path, help="records folder (default: the plugin's facts_dir)")
    parser.add_argument("--output", "-o", type=Path, help="also write the Markdown report to this file")
    parser.add_argument(
        "--timeout", type=float, default=10.0, help="seconds per request, from connecting to the answer (default 10)"
    )
    parser.add_argument("--retries", type=int, default=2, help="retries after a transient failure (default 2)")
    parser.add_argument("--backoff", type=float, default=1.0, help="first wait between retries, doubling (s)")
    parser.add_argument("--workers", type=int, default=8, help="requests in flight at most (default 8)")
    parser.add_argument("--per-host", type=int, default=2, help="requests in flight per host at most (default 2)")
    parser.add_argument("--fail-on-dead", action="store_true", help="exit 1 when any link is dead")
    return parser


def main(argv: Sequence[str] | None = None, *, allow_loopback: bool = False) -> int:
    """``allow_loopback`` lets the tests check servers on 127.0.0.1; the command line has no such switch."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if not args.config.is_file():
        parser.error(f"no MkDocs config at {args.config}")
    if args.timeout <= 0 or args.retries < 0 or args.workers < 1 or args.per_host < 1 or args.backoff < 0:
        parser.error("--timeout must be > 0, --retries and --backoff >= 0, --workers and --per-host >= 1")
    options = Options(
        args.timeout, args.retries, args.backoff, args.workers, args.per_host, allow_loopback=allow_loopback
    )

    try:
        fact_set = load_from_config(args.config, args.facts_dir)
    except SettingsError as error:
        parser.error(str(error))
    citations = collect_urls(fact_set)
    report = Report(citations, {}, unreadable=[str(p) for p in errors(fact_set.problems)])
    if args.output:
        args.output.parent.mkdir(parents=True, exist_ok=True)
        _write_atomically(args.output, render(report))

    def arrived(result: Result) -> None:
        # Each result is kept as it arrives: a run cut short still leaves a report of what it found.
        report.results[result.url] = result
        sys.stderr.write(
            f"{'alive' if result.alive else 'dead '} {result.url}: {CONTROL_CHARACTERS.sub(' ', result.summary)}\n"
        )
        sys.stderr.flush()
        if args.output:
            _write_atomically(args.output, render(report))

    report.results = check_all(citations, options, arrived)
    text = render(report)
    sys.stdout.write(text)
    if args.output:
        _write_atomically(args.output, text)
    return 1 if args.fail_on_dead and report.dead else 0


if __name__ == "__main__":
    sys.exit(main())
