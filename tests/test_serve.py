"""Live preview: `mkdocs serve` rebuilds when a record changes."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import yaml

from .conftest import VALID_RECORD, free_port, site_config, write_tree


def fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return str(response.read().decode("utf-8"))
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return None


def wait_for(url: str, text: str, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        page = fetch(url)
        if page is not None and text in page:
            return True
        time.sleep(0.5)
    return False


def test_serve_rebuilds_when_a_record_changes(tmp_path: Path) -> None:
    write_tree(tmp_path, {"content/index.md": "# Home\n", "facts/mongolia-icc.yml": VALID_RECORD})
    config = site_config()
    config["site_url"] = None
    (tmp_path / "mkdocs.yml").write_text(yaml.safe_dump(config), encoding="utf-8")
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{port}", "--livereload"],
        cwd=tmp_path,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    try:
        url = f"http://127.0.0.1:{port}/facts/mongolia-icc/"
        assert wait_for(url, "Mongolia ratified the Rome Statute in 2002.", 90), "the preview did not start"
        record = tmp_path / "facts" / "mongolia-icc.yml"
        record.write_text(
            VALID_RECORD.replace("ratified the Rome Statute in 2002.", "ratified it on 11 April 2002."),
            encoding="utf-8",
        )
        assert wait_for(url, "Mongolia ratified it on 11 April 2002.", 90), "the preview did not rebuild"
    finally:
        server.terminate()
        server.wait(timeout=30)
