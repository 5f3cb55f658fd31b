"""A site needs nothing but `- factcheck`: assets, head data and URLs work however the site is set up."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path
from typing import Any
from xml.etree import ElementTree as ET

import pytest

from .conftest import VALID_RECORD, record, site_config

ANNOTATED = "# Home\n\nWe know [Mongolia joined the court](fact:mongolia-icc) long ago.\n"
SITE = {"facts/mongolia-icc.yml": VALID_RECORD, "content/index.md": ANNOTATED}


def head(page: str) -> str:
    return page.split("</head>", 1)[0]


def test_a_site_without_custom_dir_gets_the_assets_and_head_data(make_site: Any) -> None:
    build = make_site(SITE)
    assert build.returncode == 0, build.output
    for asset in ("factcheck.js", "factcheck.css", "verdicts.css"):
        assert (build.site / "assets/factcheck" / asset).stat().st_size > 100
    home = build.read("index.html")
    assert '<script src="assets/factcheck/factcheck.js" defer>' in home
    assert 'href="assets/factcheck/factcheck.css"' in home and 'href="assets/factcheck/verdicts.css"' in home
    assert 'class="fc-popover-data"' in head(home)
    assert '<link rel="alternate" type="application/atom+xml"' in head(home)
    fact = build.read("facts/mongolia-icc/index.html")
    assert '<script type="application/ld+json">' in head(fact)
    assert '<link rel="alternate" type="application/atom+xml" title="Test checks" href="../../feed.xml">' in fact


def test_a_site_that_overrides_main_html_keeps_the_head_data(make_site: Any, tmp_path: Path) -> None:
    custom = tmp_path / "custom"
    custom.mkdir()
    # A site's own main.html that replaces the extrahead block without calling super().
    (custom / "main.html").write_text(
        '{% extends "base.html" %}\n{% block extrahead %}<meta name="x-own" content="1">{% endblock %}\n',
        encoding="utf-8",
    )
    config = site_config()
    config["theme"]["custom_dir"] = str(custom)
    build = make_site(SITE, config=config)
    assert build.returncode == 0, build.output
    home = build.read("index.html")
    assert '<meta name="x-own" content="1">' in home
    assert 'class="fc-popover-data"' in head(home)
    assert '<script type="application/ld+json">' in head(build.read("facts/mongolia-icc/index.html"))


def test_a_site_listing_the_assets_itself_gets_them_once(make_site: Any) -> None:
    config = site_config()
    config["extra_css"] = ["assets/factcheck/factcheck.css"]
    config["extra_javascript"] = ["assets/factcheck/factcheck.js"]
    build = make_site(SITE, config=config)
    assert build.returncode == 0, build.output
    home = build.read("index.html")
    assert home.count("assets/factcheck/factcheck.css") == 1 and home.count("assets/factcheck/factcheck.js") == 1


def data_file_urls(build: Any) -> list[str]:
    data = json.loads(build.read("facts.json"))
    urls = [fact["url"] for fact in data["facts"]]
    urls += [row["url"] for row in csv.DictReader(io.StringIO(build.read("facts.csv")))]
    feed = ET.fromstring(build.read("feed.xml"))
    ns = {"atom": "http://www.w3.org/2005/Atom"}
    urls += [link.get("href", "") for link in feed.iterfind("atom:entry/atom:link", ns)]
    return urls


@pytest.mark.parametrize(
    ("site_url", "directory_urls"),
    [
        ("https://checks.example.org/", True),
        ("https://checks.example.org/", False),
        ("https://org.github.io/repo/", True),
        ("https://org.github.io/repo/", False),
    ],
)
def test_every_url_in_the_data_files_resolves(make_site: Any, site_url: str, directory_urls: bool) -> None:
    config = site_config()
    config["site_url"] = site_url
    config["use_directory_urls"] = directory_urls
    files = {**SITE, "facts/other-claim.yml": record(title="Another claim", verdict="false")}
    build = make_site(files, config=config)
    assert build.returncode == 0, build.output
    urls = data_file_urls(build)
    assert len(urls) == 6
    for url in urls:
        assert url.startswith(site_url)
        path = url[len(site_url) :]
        target = build.site / path / "index.html" if path.endswith("/") else build.site / path
        assert target.is_file(), f"{url} points at no page"
    fact_page = "facts/mongolia-icc/index.html" if directory_urls else "facts/mongolia-icc.html"
    assert json.loads(re.search(r'ld\+json">(.*?)</script>', build.read(fact_page)).group(1))["url"] in urls


def test_without_site_url_the_build_says_what_is_left_out(make_site: Any) -> None:
    config = site_config()
    del config["site_url"]
    build = make_site(SITE, config=config)
    assert build.returncode == 0, build.output
    assert "site_url is not set, so the site has no Atom feed" in build.output
    assert not (build.site / "feed.xml").exists()
    assert "application/atom+xml" not in build.read("index.html")
    assert json.loads(build.read("facts.json"))["facts"][0]["url"] is None


def test_records_inside_docs_dir_are_refused(make_site: Any) -> None:
    build = make_site({"content/facts/mongolia-icc.yml": VALID_RECORD}, config=site_config(facts_dir="content/facts"))
    assert build.returncode != 0
    assert "plugins.factcheck.facts_dir: 'content/facts' is inside docs_dir 'content'" in build.output
    assert "move the records folder out of docs_dir" in build.output
    assert "Traceback" not in build.output
    assert not (build.site / "facts/mongolia-icc.yml").exists()


def test_another_theme_gets_a_clear_error(make_site: Any) -> None:
    config = site_config()
    config["theme"] = {"name": "mkdocs"}
    build = make_site(SITE, config=config)
    assert build.returncode != 0
    assert "the factcheck plugin works with the Material theme only (found 'mkdocs')" in build.output
    assert "Traceback" not in build.output


def test_front_matter_cannot_pose_as_a_generated_page(make_site: Any) -> None:
    page = "---\nfactcheck_fact: no-such\nfactcheck_claimreview: {name: forged}\n---\n\n# A page\n\nText.\n"
    build = make_site({**SITE, "content/page.md": page})
    assert build.returncode == 0, build.output
    built = build.read("page/index.html")
    assert "<h1" in built and "Text." in built
    assert "forged" not in built and "application/ld+json" not in built
