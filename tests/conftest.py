"""Shared fixtures: real MkDocs builds in tmp_path, a local HTTP server, and the browser setup."""

from __future__ import annotations

import contextlib
import functools
import http.server
import os
import shutil
import socket
import subprocess
import sys
import textwrap
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml

REPO = Path(__file__).resolve().parent.parent
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")


# -- records -----------------------------------------------------------------

VALID_RECORD = textwrap.dedent(
    """\
    title: Mongolia is a member of the ICC
    claim: "Mongolia is a member of the International Criminal Court"
    claimant:
      name: Example News
    claim_date: 2024-08-30
    appearances:
      - title: Putin to visit Mongolia
        publisher: Example News
        url: https://example.org/putin-mongolia
        date: 2024-08-30
    verdict: "true"
    verdict_summary: Mongolia ratified the Rome Statute in 2002.
    explanation: |
      Mongolia is a **State Party** to the Rome Statute.
    sources:
      - title: Rome Statute of the International Criminal Court
        publisher: United Nations Treaty Collection
        url: https://treaties.un.org/example
        accessed: 2026-11-28
        quote: "Mongolia 29 Dec 2000 11 Apr 2002"
        kind: primary
      - title: Mongolia and the ICC
        publisher: Example Agency
        url: https://agency.example.com/mongolia
        published: 2024-09-01
        accessed: 2026-11-28
        kind: secondary
    topics: [icc, mongolia]
    related: []
    status: published
    author: Research desk
    reviewer: Standards editor
    published: 2026-11-28
    corrections: []
    """
)


def record(**changes: Any) -> str:
    """VALID_RECORD with top-level fields replaced (None removes a field)."""
    data = yaml.safe_load(VALID_RECORD)
    data["verdict"] = "true"
    for key, value in changes.items():
        if value is None:
            data.pop(key, None)
        else:
            data[key] = value
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True, default_style=None).replace(
        "verdict: 'true'", 'verdict: "true"'
    )


# -- sites -------------------------------------------------------------------


@dataclass
class Build:
    project: Path
    site: Path
    returncode: int
    output: str

    def read(self, path: str) -> str:
        return (self.site / path).read_text(encoding="utf-8")


def write_tree(root: Path, files: dict[str, str | bytes]) -> None:
    for name, content in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")


def site_config(**plugin_options: Any) -> dict[str, Any]:
    return {
        "site_name": "Test checks",
        "site_url": "https://checks.example.org/",
        "docs_dir": "content",
        # No custom_dir: the plugin alone must give a complete site.
        "theme": {"name": "material", "font": False, "features": ["navigation.instant"]},
        "extra": {"generator": False},
        "plugins": ["search", {"factcheck": plugin_options}] if plugin_options else ["search", "factcheck"],
        "validation": {"omitted_files": "warn", "absolute_links": "warn", "unrecognized_links": "warn"},
    }


def run_build(project: Path, site: Path, *, strict: bool = True, env: dict[str, str] | None = None) -> Build:
    command = [sys.executable, "-m", "mkdocs", "build", "-f", str(project / "mkdocs.yml"), "-d", str(site)]
    if strict:
        command.append("--strict")
    result = subprocess.run(
        command, cwd=project, capture_output=True, text=True, env={**os.environ, **(env or {})}, timeout=300
    )
    return Build(project, site, result.returncode, result.stdout + result.stderr)


@pytest.fixture
def make_site(tmp_path: Path) -> Any:
    """Write a project (mkdocs.yml, content/, facts/) into tmp_path and build it for real."""

    def make(files: dict[str, str | bytes], *, config: dict[str, Any] | None = None, strict: bool = True) -> Build:
        project = tmp_path / "project"
        tree: dict[str, str | bytes] = {"content/index.md": "# Home\n"}
        tree.update(files)
        write_tree(project, tree)
        (project / "facts").mkdir(exist_ok=True)
        (project / "mkdocs.yml").write_text(yaml.safe_dump(config or site_config()), encoding="utf-8")
        return run_build(project, tmp_path / "site", strict=strict)

    return make


# -- serving -----------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@contextlib.contextmanager
def serve(directory: Path, port: int) -> Iterator[str]:
    """Serve ``directory`` on 127.0.0.1:port in a thread; yields the base URL."""
    handler = functools.partial(QuietHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{port}/"
    finally:
        server.shutdown()
        server.server_close()


@dataclass
class RealBuild:
    build: Build
    env: dict[str, str]
    port: int


@pytest.fixture(scope="session")
def real_build(tmp_path_factory: pytest.TempPathFactory) -> RealBuild:
    """The repository's own site, built strictly once per test run, dated by a fixed epoch."""
    port = free_port()
    env = {"SITE_URL": f"http://127.0.0.1:{port}/", "SOURCE_DATE_EPOCH": "1725321600"}
    build = run_build(REPO, tmp_path_factory.mktemp("real-site"), env=env)
    assert build.returncode == 0, build.output
    return RealBuild(build, env, port)


@pytest.fixture(scope="session")
def real_site(real_build: RealBuild) -> Iterator[str]:
    """The real site, served where its site_url says."""
    with serve(real_build.build.site, real_build.port) as url:
        yield url


# -- browser -----------------------------------------------------------------


def _playwright_has_own_chromium() -> bool:
    cache = Path(os.environ.get("PLAYWRIGHT_BROWSERS_PATH", Path.home() / ".cache" / "ms-playwright"))
    return any(cache.glob("chromium-*")) or any(cache.glob("chromium_headless_shell-*"))


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    """Debian's Chromium where it is installed; Playwright's own browser otherwise (GitHub's runners)."""
    args = {**browser_type_launch_args, "args": CHROMIUM_FLAGS}
    system_chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if system_chromium and not _playwright_has_own_chromium():
        args["executable_path"] = system_chromium
    elif not system_chromium and not _playwright_has_own_chromium():
        pytest.fail("no Chromium: install Debian's chromium (make test does) or run 'playwright install chromium'")
    return args


def check_axe(page: Any, where: str) -> None:
    """axe-core on the page as it is now: no violation of any rule."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    violations = [
        (violation["id"], node["target"][0])
        for violation in results.response["violations"]
        for node in violation["nodes"]
    ]
    assert violations == [], f"{where}: {violations}\n{results.generate_report()}"
