"""scripts/check_links.py against a local server on 127.0.0.1: no request leaves the machine."""

from __future__ import annotations

import contextlib
import http.server
import importlib.util
import io
import ipaddress
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any
from unittest import mock

import pytest
import yaml

from .conftest import REPO, VALID_RECORD, free_port

SCRIPT = REPO / "scripts" / "check_links.py"
SLOW_SECONDS = 2.0
DRIBBLE_SECONDS = 0.2
DRIBBLE_FOR_SECONDS = 6.0
HOSTILE_LOCATION = "/x` | <img src=x onerror=alert(1)> ``` [click](javascript:alert(2)) **bold**"


def _load_script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("check_links", SCRIPT)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["check_links"] = module
    spec.loader.exec_module(module)
    return module


check_links = _load_script()


class Handler(http.server.BaseHTTPRequestHandler):
    """/ok 200, /missing 404, /moved 301 to /ok, /slow answers too late, /no-head 405 on HEAD, /flaky 503 once."""

    hits: dict[str, list[str]]
    user_agents: list[str]
    hosts: list[str]
    lock = threading.Lock()

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def _answer(self, body: bool) -> None:
        with self.lock:
            self.hits.setdefault(self.path, []).append(self.command)
            self.user_agents.append(self.headers.get("User-Agent", ""))
            self.hosts.append(self.headers.get("Host", ""))
            flaky_count = len(self.hits.get("/flaky", []))
        if self.path == "/ok":
            self._send(200, body)
        elif self.path == "/moved":
            self.send_response(301)
            self.send_header("Location", "/ok")
            self.send_header("Content-Length", "0")
            self.end_headers()
        elif self.path == "/slow":
            time.sleep(SLOW_SECONDS)
            with contextlib.suppress(OSError):
                self._send(200, body)
        elif self.path == "/no-head":
            self._send(405 if self.command == "HEAD" else 200, body)
        elif self.path == "/dribble":
            # A status line, then a header line every DRIBBLE_SECONDS: never silent long enough for a socket timeout.
            with contextlib.suppress(OSError):
                self.wfile.write(b"HTTP/1.1 200 OK\r\n")
                for _ in range(int(DRIBBLE_FOR_SECONDS / DRIBBLE_SECONDS)):
                    self.wfile.write(b"X-Still-There: yes\r\n")
                    time.sleep(DRIBBLE_SECONDS)
            self.close_connection = True
        elif self.path == "/to-metadata":
            self.send_response(302)
            self.send_header("Location", "http://169.254.169.254/latest/meta-data/")
            self.send_header("Content-Length", "0")
            self.end_headers()
        elif self.path == "/hostile-redirect":
            self.send_response(301)
            self.send_header("Location", HOSTILE_LOCATION)
            self.send_header("Content-Length", "0")
            self.end_headers()
        elif self.path == "/flaky":
            self._send(503 if flaky_count <= 2 else 200, body)  # HEAD and GET of the first try fail
        else:
            self._send(404, body)

    def _send(self, status: int, body: bool) -> None:
        payload = f"status {status}\n".encode()
        self.send_response(status)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        if body:
            self.wfile.write(payload)

    def do_HEAD(self) -> None:
        self._answer(body=False)

    def do_GET(self) -> None:
        self._answer(body=True)


@pytest.fixture
def server() -> Iterator[tuple[str, type[Handler]]]:
    handler = type("TestHandler", (Handler,), {"hits": {}, "user_agents": [], "hosts": []})
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", free_port()), handler)
    httpd.daemon_threads = True
    httpd.block_on_close = False
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}", handler
    finally:
        httpd.shutdown()
        httpd.server_close()


FAST = check_links.Options(timeout=0.5, retries=1, backoff=0.0, workers=4, per_host=4, allow_loopback=True)


def test_alive_answers(server: tuple[str, type[Handler]]) -> None:
    base, handler = server
    ok = check_links.check_url(f"{base}/ok", FAST)
    assert (ok.alive, ok.status, ok.method, ok.attempts) == (True, 200, "HEAD", 1)
    assert handler.hits["/ok"] == ["HEAD"]
    assert all(agent == check_links.USER_AGENT for agent in handler.user_agents)


def test_redirect_is_alive_and_not_followed(server: tuple[str, type[Handler]]) -> None:
    base, handler = server
    moved = check_links.check_url(f"{base}/moved", FAST)
    assert moved.alive and moved.status == 301
    assert moved.location == "/ok"
    assert "/ok" not in handler.hits


def test_get_fallback_when_head_is_refused(server: tuple[str, type[Handler]]) -> None:
    base, handler = server
    result = check_links.check_url(f"{base}/no-head", FAST)
    assert (result.alive, result.status, result.method) == (True, 200, "GET")
    assert handler.hits["/no-head"] == ["HEAD", "GET"]


def test_missing_page_is_dead_without_retries(server: tuple[str, type[Handler]]) -> None:
    base, handler = server
    missing = check_links.check_url(f"{base}/missing", FAST)
    assert (missing.alive, missing.status, missing.attempts) == (False, 404, 1)
    assert handler.hits["/missing"] == ["HEAD", "GET"]


def test_server_error_is_retried(server: tuple[str, type[Handler]]) -> None:
    base, handler = server
    flaky = check_links.check_url(f"{base}/flaky", FAST)
    assert (flaky.alive, flaky.status, flaky.attempts) == (True, 200, 2)
    assert handler.hits["/flaky"] == ["HEAD", "GET", "HEAD"]


def test_slow_page_times_out_and_is_retried(server: tuple[str, type[Handler]]) -> None:
    base, handler = server
    options = check_links.Options(timeout=0.3, retries=1, backoff=0.0, allow_loopback=True)
    started = time.monotonic()
    slow = check_links.check_url(f"{base}/slow", options)
    elapsed = time.monotonic() - started
    assert not slow.alive and slow.status is None
    assert "timed out" in slow.detail
    assert slow.attempts == 2
    assert elapsed < 4 * 0.3 + 1.5, elapsed  # four requests, each cut at the timeout, not at the server's pace
    assert handler.hits["/slow"] == ["HEAD", "GET", "HEAD", "GET"]


def test_refused_connection_is_dead() -> None:
    port = free_port()  # nothing listens there
    options = check_links.Options(timeout=0.5, retries=0, allow_loopback=True)
    result = check_links.check_url(f"http://127.0.0.1:{port}/", options)
    assert not result.alive and result.status is None
    assert "connection failed" in result.detail


# -- the public internet only ---------------------------------------------------------


def test_loopback_is_refused_unless_a_test_allows_it(server: tuple[str, type[Handler]]) -> None:
    base, handler = server
    port = base.rsplit(":", 1)[1]
    for url in (f"{base}/ok", f"http://localhost:{port}/ok"):
        refused = check_links.check_url(url, check_links.Options(timeout=0.5, retries=2, backoff=0.0))
        assert (refused.alive, refused.status, refused.attempts) == (False, None, 1), url
        assert (
            refused.detail.startswith("refused: ") and "a loopback address, not the public internet" in refused.detail
        )
    assert handler.hits == {}  # nothing was asked
    assert check_links.check_url(f"{base}/ok", FAST).alive  # the test-only switch


@pytest.mark.parametrize(
    ("host", "reason"),
    [
        ("169.254.169.254", "a link-local address"),
        ("10.1.2.3", "a private or unique-local address"),
        ("192.168.0.1", "a private or unique-local address"),
        ("[fd00::1]", "a private or unique-local address"),
        ("[::ffff:127.0.0.1]", "a loopback address"),
        ("100.64.0.1", "a reserved address"),
        ("0.0.0.0", "a private or unique-local address"),
    ],
)
def test_non_public_addresses_are_refused_without_a_connection(host: str, reason: str) -> None:
    options = check_links.Options(timeout=5.0, retries=0, allow_loopback=host != "[::ffff:127.0.0.1]")
    started = time.monotonic()
    result = check_links.check_url(f"http://{host}/latest/meta-data/", options)
    assert time.monotonic() - started < 1.0  # refused, not timed out
    assert not result.alive and result.status is None
    assert (
        result.detail
        == f"refused: {host.strip('[]')} resolves to {ipaddress.ip_address(host.strip('[]'))}, {reason}, not the public internet"
    )


def test_a_name_with_any_private_address_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    def resolve(host: str, port: int, **_: Any) -> list[Any]:
        assert host == "sources.example.org"
        tcp = (socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP, "")
        return [(*tcp, ("93.184.215.14", port)), (*tcp, ("10.0.0.7", port))]

    monkeypatch.setattr(check_links.socket, "getaddrinfo", resolve)
    result = check_links.check_url("https://sources.example.org/page", check_links.Options(timeout=1, retries=0))
    assert result.detail == (
        "refused: sources.example.org resolves to 10.0.0.7, a private or unique-local address, not the public internet"
    )


def test_the_connection_goes_to_the_checked_address(
    server: tuple[str, type[Handler]], monkeypatch: pytest.MonkeyPatch
) -> None:
    """DNS rebinding: a second lookup that now answers 10.0.0.1 is never made; the checked address is used."""
    base, handler = server
    port = int(base.rsplit(":", 1)[1])
    lookups: list[str] = []
    real_getaddrinfo = socket.getaddrinfo

    def rebinding(host: str, port: int, *args: Any, **kwargs: Any) -> list[Any]:
        if host != "rebinding.example":  # an address literal, as create_connection passes it
            return real_getaddrinfo(host, port, *args, **kwargs)
        lookups.append(host)
        address = "127.0.0.1" if len(lookups) == 1 else "10.0.0.1"
        return [(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP, "", (address, port))]

    monkeypatch.setattr(socket, "getaddrinfo", rebinding)
    result = check_links.check_url(f"http://rebinding.example:{port}/ok", FAST)
    assert (result.alive, result.status, lookups) == (True, 200, ["rebinding.example"])
    assert handler.hosts == [f"rebinding.example:{port}"]  # the host name still goes in the Host header


def test_a_redirect_to_a_non_public_address_is_dead_and_not_followed(server: tuple[str, type[Handler]]) -> None:
    base, handler = server
    result = check_links.check_url(f"{base}/to-metadata", FAST)
    assert (result.alive, result.status, result.attempts) == (False, 302, 1)
    assert result.detail.startswith("redirects to a non-public address (refused: 169.254.169.254 resolves to")
    assert set(handler.hits) == {"/to-metadata"}


def test_every_request_has_a_wall_clock_deadline(server: tuple[str, type[Handler]]) -> None:
    base, handler = server
    options = check_links.Options(timeout=0.6, retries=0, allow_loopback=True)
    started = time.monotonic()
    result = check_links.check_url(f"{base}/dribble", options)
    elapsed = time.monotonic() - started
    assert (result.alive, result.status, result.detail) == (False, None, "timed out after 0.6 s")
    assert elapsed < 2 * 0.6 + 0.8, elapsed  # HEAD and GET, each cut at the deadline, not when the server stops
    assert handler.hits["/dribble"] == ["HEAD", "GET"]


# -- the report ----------------------------------------------------------------------


def test_untrusted_text_becomes_an_escaped_code_span() -> None:
    assert check_links.code("https://example.org/a") == "`https://example.org/a`"
    assert check_links.code("a`b|c\nd") == "``a`b\\|c d``"
    assert check_links.code("`x``") == "``` `x`` ```"
    assert check_links.code("\x1b\u2028\r\n") == "(empty)"
    assert check_links.code("red\x1b[31m") == "`red [31m`"


def test_a_hostile_location_header_stays_inert_in_the_report(server: tuple[str, type[Handler]], tmp_path: Path) -> None:
    base, _ = server
    citations = {f"{base}/hostile-redirect": [check_links.Citation("facts/a.yml", "a", "sources[0].url")]}
    results = check_links.check_all(citations, FAST)
    assert results[f"{base}/hostile-redirect"].location == HOSTILE_LOCATION
    text = check_links.render(check_links.Report(citations, results))
    [row] = [line for line in text.splitlines() if line.startswith(f"| `{base}/hostile-redirect`")]
    inert = "````/x` \\| <img src=x onerror=alert(1)> ``` [click](javascript:alert(2)) **bold**````"
    assert row == f"| `{base}/hostile-redirect` | 301 | {inert} | `facts/a.yml` (`sources[0].url`) |"


# Records may only cite public host names, so these tests' records cite this one, and the checker's own
# lookup resolves it to the local server: still no request leaves the machine.
RECORD_HOST = "links.example"


def record_base(server_base: str) -> str:
    return server_base.replace("127.0.0.1", RECORD_HOST)


@contextlib.contextmanager
def record_host_is_local() -> Iterator[None]:
    real = socket.getaddrinfo

    def resolve(host: str, *args: Any, **kwargs: Any) -> Any:
        return real("127.0.0.1" if host == RECORD_HOST else host, *args, **kwargs)

    with mock.patch.object(check_links.socket, "getaddrinfo", resolve):
        yield


def _project(tmp_path: Path, base: str) -> Path:
    project = tmp_path / "project"
    (project / "facts").mkdir(parents=True)
    (project / "mkdocs.yml").write_text(
        "site_name: Links\nsite_url: !ENV [SITE_URL, 'http://127.0.0.1:8000/']\n"
        "plugins:\n  - search\n  - factcheck:\n      facts_dir: facts\n",
        encoding="utf-8",
    )
    first = yaml.safe_load(VALID_RECORD)
    first["appearances"][0]["url"] = f"{base}/ok"
    first["sources"][0]["url"] = f"{base}/missing"
    first["sources"][0]["archive_url"] = f"{base}/moved"
    first["sources"][1]["url"] = f"{base}/slow"
    second = yaml.safe_load(VALID_RECORD)
    second["claimant"]["url"] = f"{base}/ok"
    second["appearances"][0]["url"] = f"{base}/missing"
    second["sources"][0]["url"] = f"{base}/ok"
    second["sources"][1]["url"] = f"{base}/no-head"
    for name, data in (("first-fact", first), ("second-fact", second)):
        text = yaml.safe_dump(data, sort_keys=False, allow_unicode=True).replace("verdict: 'true'", 'verdict: "true"')
        (project / "facts" / f"{name}.yml").write_text(text, encoding="utf-8")
    (project / "facts" / "broken.yml").write_text("title: [unclosed\n", encoding="utf-8")
    return project


def test_collects_every_cited_url_with_its_records(server: tuple[str, type[Handler]], tmp_path: Path) -> None:
    base, _ = server
    base = record_base(base)
    project = _project(tmp_path, base)
    fact_set = check_links.load_from_config(project / "mkdocs.yml")
    citations = check_links.collect_urls(fact_set)
    assert set(citations) == {f"{base}/{p}" for p in ("ok", "missing", "moved", "slow", "no-head")}
    assert {(c.fact_id, c.field) for c in citations[f"{base}/ok"]} == {
        ("first-fact", "appearances[0].url"),
        ("second-fact", "claimant.url"),
        ("second-fact", "sources[0].url"),
    }
    assert [(c.file, c.field) for c in citations[f"{base}/moved"]] == [
        ("facts/first-fact.yml", "sources[0].archive_url")
    ]


@dataclass
class Run:
    returncode: int
    stdout: str
    stderr: str


def _run(project: Path, *args: str) -> Run:
    """The command in this process, so that the test-only allow_loopback can reach the server on 127.0.0.1."""
    stdout, stderr = io.StringIO(), io.StringIO()
    with (
        contextlib.chdir(project),
        contextlib.redirect_stdout(stdout),
        contextlib.redirect_stderr(stderr),
        record_host_is_local(),
    ):
        argv = ["--timeout", "0.3", "--retries", "0", "--backoff", "0", *args]
        returncode = check_links.main(argv, allow_loopback=True)
    return Run(returncode, stdout.getvalue(), stderr.getvalue())


def test_report_lists_dead_links_and_exits_zero(server: tuple[str, type[Handler]], tmp_path: Path) -> None:
    base, handler = server
    base = record_base(base)
    project = _project(tmp_path, base)
    output = tmp_path / "out" / "links.md"
    result = _run(project, "--output", str(output))
    assert result.returncode == 0, result.stderr
    report = output.read_text(encoding="utf-8")
    assert report == result.stdout
    assert "Checked 5 URLs cited by 2 records" in report
    assert "**3 alive, 2 dead**, 1 redirected" in report
    dead_section = report.split("## Dead links (2)")[1].split("## Redirects")[0]
    assert f"| `{base}/missing` | `404 Not Found (GET, 1 try)`" in dead_section
    assert "`facts/first-fact.yml` (`sources[0].url`)<br>`facts/second-fact.yml` (`appearances[0].url`)" in dead_section
    assert f"| `{base}/slow` | `timed out after 0.3 s (GET, 1 try)`" in dead_section
    assert f"{base}/ok`" not in dead_section
    redirects = report.split("## Redirects (1)")[1]
    assert f"| `{base}/moved` | 301 | `/ok` | `facts/first-fact.yml` (`sources[0].archive_url`) |" in redirects
    assert "record problem(s) kept some records out" in report
    assert "facts/broken.yml" in report
    assert len(handler.hits["/ok"]) == 1  # each URL is asked once, however often it is cited
    # Each result is told as it arrives, the slow one last.
    progress = result.stderr.splitlines()
    assert len(progress) == 5 and progress[-1].startswith(f"dead  {base}/slow: timed out")


def test_fail_on_dead(server: tuple[str, type[Handler]], tmp_path: Path) -> None:
    base, _ = server
    base = record_base(base)
    project = _project(tmp_path, base)
    assert _run(project, "--fail-on-dead").returncode == 1
    (project / "facts" / "first-fact.yml").unlink()
    record = yaml.safe_load((project / "facts" / "second-fact.yml").read_text(encoding="utf-8"))
    record["appearances"][0]["url"] = f"{base}/ok"
    text = yaml.safe_dump(record, sort_keys=False).replace("verdict: 'true'", 'verdict: "true"')
    (project / "facts" / "second-fact.yml").write_text(text, encoding="utf-8")
    clean = _run(project, "--fail-on-dead")
    assert clean.returncode == 0, clean.stdout + clean.stderr
    assert "## Dead links (0)\n\nNone." in clean.stdout


def test_missing_config_is_a_usage_error(tmp_path: Path) -> None:
    result = subprocess.run([sys.executable, str(SCRIPT)], cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert result.returncode == 2
    assert "no MkDocs config" in result.stderr
