"""The site also builds under ProperDocs, the maintained fork of MkDocs 1.x, with the same plugin."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from .conftest import REPO


def test_real_site_builds_under_properdocs(tmp_path: Path) -> None:
    site = tmp_path / "site"
    result = subprocess.run(
        [sys.executable, "-m", "properdocs", "build", "--strict", "-f", str(REPO / "mkdocs.yml"), "-d", str(site)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "SITE_URL": "https://checks.example.org/"},
    )
    assert result.returncode == 0, result.stdout + result.stderr
    facts = json.loads((site / "facts.json").read_text(encoding="utf-8"))["facts"]
    assert len(facts) == len(list((REPO / "facts").glob("*.yml")))
    home = (site / "index.html").read_text(encoding="utf-8")
    assert 'class="fc-annotation fc-annotation--claim"' in home and "fc-popover-data" in home
    first = facts[0]["id"]
    page = (site / "facts" / first / "index.html").read_text(encoding="utf-8")
    assert '"@type": "ClaimReview"' in page
