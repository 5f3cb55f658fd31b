"""scripts/check_links.py against a local server on 127.0.0.1: no request leaves the machine."""

from __future__ import annotations

import contextlib
import http.server
import importlib.util
import os
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any
from urllib.parse import urlsplit

import pytest
import yaml

from .conftest import REPO, VALID_RECORD, free_port

SCRIPT = REPO / "scripts" / "check_links.py"
SLOW_SECONDS = 2.0
# Records may only cite public host names, so the records of these tests cite this one, and the script
# reaches it through the local server acting as its HTTP proxy: still no request leaves the machine.
RECORD_BASE = "http://links.example"


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
    lock = threading.Lock()

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def _answer(self, body: bool) -> None:
        self.path = urlsplit(self.path).path  # as a proxy, the server is asked for the whole URL
        with self.lock:
            self.hits.setdefault(self.path, []).append(self.command)
            self.user_agents.append(self.headers.get("User-Agent", ""))
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
    handler = type("TestHandler", (Handler,), {"hits": {}, "user_agents": []})
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


FAST = check_links.Options(timeout=0.5, retries=1, backoff=0.0, workers=4, per_host=4)


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
    options = check_links.Options(timeout=0.3, retries=1, backoff=0.0)
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
    result = check_links.check_url(f"http://127.0.0.1:{port}/", check_links.Options(timeout=0.5, retries=0))
    assert not result.alive and result.status is None
    assert "connection failed" in result.detail


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


def test_collects_every_cited_url_with_its_records(tmp_path: Path) -> None:
    base = RECORD_BASE
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


def _run(project: Path, *args: str, proxy: str | None = None) -> subprocess.CompletedProcess[str]:
    proxies = {"http_proxy": proxy, "no_proxy": ""} if proxy else {}
    return subprocess.run(
        [sys.executable, str(SCRIPT), "--timeout", "0.3", "--retries", "0", "--backoff", "0", *args],
        cwd=project,
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, **proxies},
    )


def test_report_lists_dead_links_and_exits_zero(server: tuple[str, type[Handler]], tmp_path: Path) -> None:
    proxy, handler = server
    base = RECORD_BASE
    project = _project(tmp_path, base)
    output = tmp_path / "out" / "links.md"
    result = _run(project, "--output", str(output), proxy=proxy)
    assert result.returncode == 0, result.stderr
    report = output.read_text(encoding="utf-8")
    assert report == result.stdout
    assert "Checked 5 URLs cited by 2 records" in report
    assert "**3 alive, 2 dead**, 1 redirected" in report
    dead_section = report.split("## Dead links (2)")[1].split("## Redirects")[0]
    assert f"| {base}/missing | 404 Not Found" in dead_section
    assert "`facts/first-fact.yml` (sources[0].url)<br>`facts/second-fact.yml` (appearances[0].url)" in dead_section
    assert f"| {base}/slow | timed out" in dead_section
    assert f"{base}/ok |" not in dead_section
    redirects = report.split("## Redirects (1)")[1]
    assert f"| {base}/moved | 301 | /ok | `facts/first-fact.yml` (sources[0].archive_url) |" in redirects
    assert "record problem(s) kept some records out" in report
    assert "facts/broken.yml" in report
    assert len(handler.hits["/ok"]) == 1  # each URL is asked once, however often it is cited


def test_fail_on_dead(server: tuple[str, type[Handler]], tmp_path: Path) -> None:
    proxy, _ = server
    base = RECORD_BASE
    project = _project(tmp_path, base)
    assert _run(project, "--fail-on-dead", proxy=proxy).returncode == 1
    (project / "facts" / "first-fact.yml").unlink()
    record = yaml.safe_load((project / "facts" / "second-fact.yml").read_text(encoding="utf-8"))
    record["appearances"][0]["url"] = f"{base}/ok"
    text = yaml.safe_dump(record, sort_keys=False).replace("verdict: 'true'", 'verdict: "true"')
    (project / "facts" / "second-fact.yml").write_text(text, encoding="utf-8")
    clean = _run(project, "--fail-on-dead", proxy=proxy)
    assert clean.returncode == 0, clean.stdout + clean.stderr
    assert "## Dead links (0)\n\nNone." in clean.stdout


def test_missing_config_is_a_usage_error(tmp_path: Path) -> None:
    result = _run(tmp_path)
    assert result.returncode == 2
    assert "no MkDocs config" in result.stderr
