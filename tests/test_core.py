"""The core (records, validation, rendering, exports) works with no MkDocs at all: another generator could use it."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

from .conftest import REPO, VALID_RECORD, record

CORE_MODULES = (
    "publish.assets",
    "publish.claimreview",
    "publish.export",
    "records.history",
    "records.model",
    "publish.i18n",
    "publish.search_canonical",
    "publish.search_index",
    "publish.inline",
    "records.loader",
    "records.problems",
    "publish.render",
    "records.rules",
    "records.scale",
    "records.schema",
    "records.schemadoc",
    "publish.security",
    "publish.settings",
    "publish.site",
    "records.yamlsource",
)

# Runs in a fresh interpreter in which importing mkdocs (or material) fails.
WITHOUT_MKDOCS = textwrap.dedent(
    """
    import importlib, json, sys
    sys.modules["mkdocs"] = None
    sys.modules["material"] = None
    sys.path.insert(0, {plugins!r})
    from pathlib import Path
    for name in {modules!r}:
        importlib.import_module("factcheck." + name)
    assert not any(m == "mkdocs" or m.startswith("mkdocs.") for m in sys.modules if sys.modules[m] is not None)

    from factcheck.publish.claimreview import Organisation
    from factcheck.publish.render import Renderer
    from factcheck.publish.settings import Settings
    from factcheck.publish.site import FactSite, SiteOptions
    import datetime as dt

    facts_dir = Path({facts!r})
    settings = Settings(facts_dir=facts_dir, base_dir=facts_dir.parent)
    options = SiteOptions(
        site_name="Core only",
        site_url="https://core.example.org/",
        publisher=Organisation(name="Core only"),
        today=dt.date(2026, 12, 1),
    )
    site = FactSite(settings, options, Renderer(settings))
    link = lambda path: "/" + path.removesuffix(".md") + "/"
    html, cited = site.annotate("index.md", "Home", '<p><a href="fact:mongolia-icc">joined</a></p>', link)
    page = site.fact_html("mongolia-icc", link)
    data = json.loads(site.data_files({{"mongolia-icc": "https://core.example.org/facts/mongolia-icc/"}})["facts.json"])
    print(json.dumps({{
        "annotated": "fc-annotation" in html, "cited": cited, "page_has_sources": "United Nations Treaty" in page,
        "ids": [fact["id"] for fact in data["facts"]],
        "review": site.claim_review("mongolia-icc", "https://core.example.org/facts/mongolia-icc/")["@type"],
    }}))
    """
)


def test_the_core_runs_without_mkdocs(tmp_path: Path) -> None:
    facts = tmp_path / "facts"
    facts.mkdir()
    (facts / "mongolia-icc.yml").write_text(VALID_RECORD, encoding="utf-8")
    (facts / "other-claim.yml").write_text(record(title="Another claim", verdict="false"), encoding="utf-8")
    script = WITHOUT_MKDOCS.format(plugins=str(REPO / "plugins"), modules=CORE_MODULES, facts=str(facts))
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == {
        "annotated": True,
        "cited": ["mongolia-icc"],
        "page_has_sources": True,
        "ids": ["mongolia-icc", "other-claim"],
        "review": "ClaimReview",
    }


def test_only_the_adapter_imports_mkdocs() -> None:
    package = REPO / "plugins" / "factcheck"
    importing = sorted(
        path.name
        for path in package.rglob("*.py")
        if any(line.startswith(("import mkdocs", "from mkdocs")) for line in path.read_text().splitlines())
    )
    assert importing == ["config.py", "plugin.py"]
