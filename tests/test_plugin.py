"""The plugin, through real `mkdocs build --strict` runs of small sites in tmp_path."""

from __future__ import annotations

import gzip
import html
import json
import re
import sys
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
import yaml

from .conftest import VALID_RECORD, record, run_build, site_config, write_tree

ANNOTATED_HOME = "# Home\n\nIntro.\n\nWe know [Mongolia joined the court](fact:mongolia-icc) long ago.\n"


class ActiveContentFinder(HTMLParser):
    """Collects what could run in a page: inline scripts, event handlers, script URLs, foreign images."""

    DATA_SCRIPTS = ("application/json", "application/ld+json")

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append(f"<{tag} {name}>")
            if name in ("href", "src", "action", "formaction") and (value or "").strip().lower().startswith(
                ("javascript:", "data:", "vbscript:")
            ):
                self.found.append(f"<{tag} {name}={value}>")
        if tag == "script" and not attributes.get("src") and attributes.get("type") not in self.DATA_SCRIPTS:
            self._in_script = True
        if tag in ("img", "svg", "iframe", "object", "embed") and "assets/" not in (attributes.get("src") or "assets/"):
            self.found.append(f"<{tag} src={attributes.get('src')}>")

    def handle_data(self, data: str) -> None:
        if self._in_script and "alert" in data:
            self.found.append(f"inline script: {data[:40]}")

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._in_script = False


def active_content(page: str) -> list[str]:
    finder = ActiveContentFinder()
    finder.feed(page)
    return finder.found


def json_ld(page: str) -> dict[str, Any]:
    match = re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.DOTALL)
    assert match, "no JSON-LD on the page"
    return dict(json.loads(match.group(1)))


def test_fact_page_index_and_data_files(make_site: Any) -> None:
    build = make_site(
        {
            "facts/mongolia-icc.yml": VALID_RECORD,
            "facts/other-claim.yml": record(title="Another claim", verdict="false", topics=["russia"]),
            "content/index.md": ANNOTATED_HOME,
        }
    )
    assert build.returncode == 0, build.output
    page = build.read("facts/mongolia-icc/index.html")
    assert "<h1" in page and "Mongolia is a member of the ICC</h1>" in page
    assert '<strong class="fc-badge fc-badge--true">True</strong>' in page
    assert "Mongolia ratified the Rome Statute in 2002." in page
    assert "<strong>State Party</strong>" in page  # the explanation's Markdown is rendered
    assert 'id="source-1"' in page and "United Nations Treaty Collection" in page
    assert "(primary source)" in page and "Mongolia 29 Dec 2000 11 Apr 2002" in page
    # "cited in" links back to the annotated passage of the home page
    assert 'href="../../#claim-mongolia-icc">Home</a>: “Mongolia joined the court”' in page
    index = build.read("facts/index.html")
    assert index.count('class="fc-table__row"') == 2
    assert 'data-count-for="true">1<' in index and 'data-count-for="false">1<' in index
    data = json.loads(build.read("facts.json"))
    assert [fact["id"] for fact in data["facts"]] == ["mongolia-icc", "other-claim"]
    assert data["facts"][0]["url"] == "https://checks.example.org/facts/mongolia-icc/"
    assert build.read("facts.csv").startswith("id,url,title,claim")
    feed = build.read("feed.xml")
    assert "<title>True: Mongolia is a member of the ICC</title>" in feed
    assert "https://checks.example.org/facts/mongolia-icc/" in build.read("sitemap.xml")
    schema = json.loads(build.read("schema/fact-record.schema.json"))
    assert schema["title"] == "Fact record"
    css = build.read("assets/factcheck/verdicts.css")
    assert ".fc-badge--true{background-color:#90e9a3;color:#000000;--fc-glyph:url('data:image/svg+xml," in css


def test_fact_pages_stay_out_of_the_sidebar(make_site: Any) -> None:
    build = make_site({"facts/mongolia-icc.yml": VALID_RECORD, "content/index.md": ANNOTATED_HOME})
    assert build.returncode == 0, build.output
    home = build.read("index.html")
    nav = home[home.index('class="md-nav md-nav--primary"') :]
    assert "facts/mongolia-icc/" not in nav[: nav.index("</nav>")]


def test_annotation_is_a_link_with_the_verdict_in_text(make_site: Any) -> None:
    build = make_site({"facts/mongolia-icc.yml": VALID_RECORD, "content/index.md": ANNOTATED_HOME})
    assert build.returncode == 0, build.output
    home = build.read("index.html")
    match = re.search(
        r'<a class="fc-annotation fc-annotation--claim" id="claim-mongolia-icc" href="([^"]+)"[^>]*>(.*?)</a>',
        home,
        re.DOTALL,
    )
    assert match, home
    assert match.group(1) == "facts/mongolia-icc/"
    assert "Mongolia joined the court" in match.group(2)
    assert "fact check: </span>True<" in match.group(2)
    popovers = re.search(r'<script type="application/json" class="fc-popover-data">(.*?)</script>', home, re.DOTALL)
    assert popovers
    data = json.loads(popovers.group(1))
    # Only what the popover shows: who said what, the verdict (its label comes once, with the script's words).
    assert sorted(data["mongolia-icc"]) == ["claim", "claimant", "sources", "summary", "url", "verdict"]
    assert data["mongolia-icc"]["claimant"] == "Example News"
    assert data["mongolia-icc"]["url"] == "facts/mongolia-icc/"
    assert len(data["mongolia-icc"]["sources"]) == 2
    strings = re.search(r'<script type="application/json" id="fc-strings">(.*?)</script>', home, re.DOTALL)
    assert strings and json.loads(strings.group(1))["strings"]["verdict.true"] == "True"


TWO_KINDS_HOME = (
    "# Home\n\n"
    "The article said [Mongolia is a member](fact:mongolia-icc). "
    "We know [Mongolia ratified in 2002](factref:mongolia-icc).\n"
)


def test_claim_annotations_carry_the_verdict_and_evidence_links_a_neutral_mark(make_site: Any) -> None:
    build = make_site({"facts/mongolia-icc.yml": VALID_RECORD, "content/index.md": TWO_KINDS_HOME})
    assert build.returncode == 0, build.output
    home = build.read("index.html")
    claim = re.search(r'<a class="fc-annotation fc-annotation--claim"[^>]*>(.*?)</a>(.)', home, re.DOTALL)
    evidence = re.search(r'<a class="fc-annotation fc-annotation--evidence"[^>]*>(.*?)</a>(.)', home, re.DOTALL)
    assert claim and evidence, home
    assert "fc-marker fc-badge--true" in claim.group(1) and ">True<" in claim.group(1)
    assert "fc-badge" not in evidence.group(1) and "True" not in evidence.group(1)
    assert '<span class="fc-check" aria-hidden="true">✓</span>' in evidence.group(1)
    assert "(checked: see our fact check)" in evidence.group(1)
    # No line break between a badge and the full stop after it: a word joiner binds them.
    assert claim.group(2) == "\u2060" and evidence.group(2) == "\u2060"
    page = build.read("facts/mongolia-icc/index.html")
    # "Cited in" names the page once, with both passages.
    assert page.count('">Home</a>') == 1
    assert "“Mongolia is a member”" in page and "“Mongolia ratified in 2002”" in page


SCORECARD_HOME = "# Home\n\nWhat this site is.\n\n<!-- factcheck:scorecard -->\n"


def test_scorecard_tallies_the_article_claims_and_links_to_the_filtered_index(make_site: Any) -> None:
    article = {"name": "Example News"}
    facts = {
        "facts/mongolia-icc.yml": VALID_RECORD,
        "facts/wrong.yml": record(title="Wrong", verdict="false", claim="Wrong claim", claimant=article),
        "facts/slanted.yml": record(title="Slanted", verdict="misleading", claim="Slanted claim", claimant=article),
        "facts/later.yml": record(title="Later", verdict="false", claimant={"name": "Someone else"}),
    }
    config = site_config(article={"claimant": "Example News", "name": "The example article"})
    build = make_site({**facts, "content/index.md": SCORECARD_HOME}, config=config)
    assert build.returncode == 0, build.output
    home = build.read("index.html")
    counts = re.findall(
        r'<a class="fc-scorecard__count" href="([^"]+)" data-verdict="([a-z-]+)">'
        r'<span class="fc-scorecard__number">(\d+)</span>',
        home,
    )
    assert counts == [
        ("facts/?group=article&amp;verdict=true", "true", "1"),
        ("facts/?group=article&amp;verdict=misleading", "misleading", "1"),
        ("facts/?group=article&amp;verdict=false", "false", "1"),
    ], "the article's claims only, linking to the index's group of them: the later record is not counted"
    assert "The example article: we checked 3 claims" in home
    assert "Each count opens these 3 claims with that verdict, in the list of all 4 checked claims." in home
    cards = re.findall(r'<p class="fc-card__claim"><a href="([^"]+)">“([^”]+)”</a>', home)
    assert cards == [("facts/wrong/", "Wrong claim"), ("facts/slanted/", "Slanted claim")], "worst first"
    index = build.read("facts/index.html")
    assert index.count('class="fc-table__row"') == 4


def index_sections(page: str) -> list[tuple[str, list[str]]]:
    """The groups of a built index page: each heading and the titles of its rows, in order."""
    sections = []
    for body in re.findall(r'<tbody data-group="[^"]*">(.*?)</tbody>', page, re.DOTALL):
        heading = re.search(r'scope="rowgroup">(.*?) <span', body)
        titles = re.findall(r'<td class="fc-table__claim"[^>]*><a href="[^"]+">([^<]+)</a>', body)
        sections.append((heading.group(1) if heading else "", titles))
    return sections


def dated(title: str, day: str, claimant: str) -> str:
    return record(title=title, claim=f"{title} claim", claim_date=day, claimant={"name": claimant})


def test_index_groups_the_article_claims_first_across_pages(make_site: Any) -> None:
    facts = {
        "facts/a-old.yml": dated("Article old", "2024-06-01", "Example News"),
        "facts/a-new.yml": dated("Article new", "2024-06-20", "Example News"),
        "facts/a-mid.yml": dated("Article mid", "2024-06-10", "Example News"),
        "facts/later.yml": dated("Later", "2024-08-25", "Kremlin"),
        "facts/latest.yml": dated("Latest", "2024-08-28", "ICC"),
    }
    config = site_config(
        article={"claimant": "Example News", "name": "The example article"},
        facts_per_page=2,
        strings={"index.group_others": "What happened next"},
    )
    build = make_site(facts, config=config)
    assert build.returncode == 0, build.output
    pages = [
        build.read("facts/index.html"),
        build.read("facts/page/2/index.html"),
        build.read("facts/page/3/index.html"),
    ]
    # The article's claims first, newest first, then the rest; a group split by a page break is headed again.
    assert [index_sections(page) for page in pages] == [
        [("Claims in the article under review", ["Article new", "Article mid"])],
        [("Claims in the article under review", ["Article old"]), ("What happened next", ["Latest"])],
        [("What happened next", ["Later"])],
    ]
    assert '<option value="article">Claims in the article under review</option>' in pages[0]
    rows = json.loads(build.read("facts/index.json"))
    assert rows["groups"] == [["article", "Claims in the article under review"], ["others", "What happened next"]]
    assert [(row[1], row[8]) for row in rows["rows"]] == [
        ("Article new", 0),
        ("Article mid", 0),
        ("Article old", 0),
        ("Latest", 1),
        ("Later", 1),
    ]
    assert [row[3] for row in rows["rows"]][:1] == ["The example article"], "claimants as readers know them"


def test_index_groups_by_claimant_or_not_at_all(make_site: Any) -> None:
    facts = {
        "facts/one.yml": dated("One", "2024-08-01", "Zoë Ministry"),
        "facts/two.yml": dated("Two", "2024-08-02", "Agency"),
        "facts/three.yml": dated("Three", "2024-08-03", "Zoë Ministry"),
    }
    build = make_site(facts, config=site_config(index_groups="claimant"))
    assert build.returncode == 0, build.output
    page = build.read("facts/index.html")
    assert index_sections(page) == [("Zoë Ministry", ["Three", "One"]), ("Agency", ["Two"])], "largest group first"
    assert '<option value="zoe-ministry">Zoë Ministry</option><option value="agency">Agency</option>' in page
    # An article option with no group mode, or no article at all, gives one list without headings.
    for config in (site_config(index_groups="none", article={"claimant": "Agency"}), site_config()):
        build = make_site(facts, config=config)
        assert build.returncode == 0, build.output
        page = build.read("facts/index.html")
        assert index_sections(page) == [("", ["Three", "Two", "One"])]
        assert 'id="fc-filter-group"' not in page
        assert json.loads(build.read("facts/index.json"))["groups"] == []


def test_index_groups_option_is_checked(make_site: Any) -> None:
    build = make_site({}, config=site_config(index_groups="verdict"))
    assert build.returncode != 0
    assert "index_groups" in build.output and "'article', 'claimant', 'none'" in build.output
    assert "Traceback" not in build.output


def test_fact_page_opens_with_the_verdict_card_and_shares_the_verdict(make_site: Any) -> None:
    config = site_config(
        methodology_page="method.md",
        corrections_page="fixes.md",
        report_error_url="mailto:desk@example.org",
        article={"claimant": "Example News", "name": "The example article"},
    )
    pages = {"content/method.md": "# Method\n\n<!-- factcheck:rating-scale -->\n", "content/fixes.md": "# Fixes\n"}
    build = make_site({"facts/mongolia-icc.yml": VALID_RECORD, **pages}, config=config)
    assert build.returncode == 0, build.output
    page = build.read("facts/mongolia-icc/index.html")
    assert "<title>True: Mongolia is a member of the ICC - Test checks</title>" in page
    body = page[page.index('<article class="fc-fact"') :]
    order = [body.index(mark) for mark in ('class="fc-breadcrumb"', "<h1", 'class="fc-byline"', "fc-verdict-card")]
    assert order == sorted(order), "breadcrumb, headline, byline, then the verdict card"
    assert 'href="../">All facts</a>' in body
    assert "Researched by Research desk, reviewed by Standards editor." in body
    assert "The example article said:" in body
    assert '<a href="../../method/#verdict-true">What does <em>True</em> mean?</a>' in body
    assert '<a href="../../fixes/">Corrections policy</a>' in body
    assert '<a href="mailto:desk@example.org" rel="noopener">Report an error</a>' in body
    assert '<meta property="og:title" content="True: Mongolia is a member of the ICC">' in page
    assert '<meta property="og:url" content="https://checks.example.org/facts/mongolia-icc/">' in page
    assert '<meta property="og:description" content="True: Mongolia ratified the Rome Statute in 2002.">' in page
    assert '<meta name="twitter:data1" content="True">' in page
    assert 'id="verdict-true"' in build.read("method/index.html")
    assert "ClaimReview rating" not in build.read("method/index.html")
    # The footer on every page.
    for path in ("index.html", "facts/mongolia-icc/index.html", "404.html"):
        footer = build.read(path)
        assert '<nav class="fc-footer"' in footer and "How we check</a>" in footer, path
        assert "Report an error</a>" in footer and "JSON</a>" in footer, path


def test_a_missing_methodology_page_stops_the_build(make_site: Any) -> None:
    build = make_site({"facts/mongolia-icc.yml": VALID_RECORD}, config=site_config(methodology_page="nope.md"))
    assert build.returncode == 1
    assert "plugins.factcheck.methodology_page: there is no page 'nope.md' in docs_dir" in build.output
    assert "Traceback" not in build.output


def test_unknown_fact_link_stops_the_build_with_file_and_line(make_site: Any) -> None:
    content = "---\ntitle: Home\n---\n\n# Home\n\nSee [this](fact:no-such-fact).\n"
    build = make_site({"facts/mongolia-icc.yml": VALID_RECORD, "content/index.md": content})
    assert build.returncode == 1
    assert "content/index.md:7:12: fact link: no fact has the id 'no-such-fact'" in build.output
    assert "Traceback" not in build.output
    assert not (build.site / "index.html").exists()


def test_link_to_unpublished_fact_stops_the_build(make_site: Any) -> None:
    draft = VALID_RECORD.replace("status: published", "status: draft")
    build = make_site({"facts/mongolia-icc.yml": draft, "content/index.md": ANNOTATED_HOME})
    assert build.returncode == 1
    assert "content/index.md:5:" in build.output and "is draft, not published" in build.output


def test_drafts_are_left_out_unless_previewing(make_site: Any, tmp_path: Path) -> None:
    draft = VALID_RECORD.replace("status: published", "status: draft")
    build = make_site({"facts/mongolia-icc.yml": VALID_RECORD, "facts/draft-one.yml": draft})
    assert build.returncode == 0, build.output
    assert not (build.site / "facts/draft-one").exists()
    assert "draft-one" not in build.read("facts.json")
    preview = make_site(
        {"facts/mongolia-icc.yml": VALID_RECORD, "facts/draft-one.yml": draft},
        config=site_config(include_drafts=True),
    )
    assert preview.returncode == 0, preview.output
    assert "Status: draft (not published)" in preview.read("facts/draft-one/index.html")
    assert "draft-one" not in preview.read("facts.json")  # the open dataset never has drafts


def test_record_error_stops_the_build_before_anything_is_written(make_site: Any) -> None:
    bad = VALID_RECORD.replace("claim_date: 2024-08-30", "claim_date: 2024-02-30")
    build = make_site({"facts/mongolia-icc.yml": bad})
    assert build.returncode == 1
    assert "facts/mongolia-icc.yml:5:13: claim_date: '2024-02-30' is not a real calendar date" in build.output
    assert "Traceback" not in build.output
    assert not build.site.exists()


def test_record_warning_fails_a_strict_build(make_site: Any) -> None:
    long_claim = record(claim="word " * 30)
    build = make_site({"facts/mongolia-icc.yml": long_claim})
    assert build.returncode == 1
    assert "claim: warning: the claim is" in build.output


def test_bad_rating_scale_is_a_clean_error(make_site: Any) -> None:
    scale = [{"key": "true", "label": "OK", "description": "d", "colour": "green", "rating_value": 1}]
    build = make_site({"facts/mongolia-icc.yml": VALID_RECORD}, config=site_config(rating_scale=scale))
    assert build.returncode == 1
    assert (
        "Plugin 'factcheck' option 'rating_scale': rating_scale[0].colour: 'green' is not a colour: write it as #rrggbb"
        in build.output
    )
    assert "Traceback" not in build.output


def test_json_ld_claim_review(make_site: Any) -> None:
    build = make_site({"facts/mongolia-icc.yml": VALID_RECORD})
    assert build.returncode == 0, build.output
    review = json_ld(build.read("facts/mongolia-icc/index.html"))
    assert review["@type"] == "ClaimReview"
    assert review["url"] == "https://checks.example.org/facts/mongolia-icc/"
    assert review["claimReviewed"] == "Mongolia is a member of the International Criminal Court"
    assert review["reviewRating"] == {
        "@type": "Rating",
        "alternateName": "True",
        "ratingValue": 5,
        "bestRating": 5,
        "worstRating": 1,
    }
    assert review["itemReviewed"]["@type"] == "Claim"
    assert review["itemReviewed"]["author"]["name"] == "Example News"
    assert review["itemReviewed"]["datePublished"] == "2024-08-30"
    assert review["itemReviewed"]["appearance"][0]["url"] == "https://example.org/putin-mongolia"
    assert review["author"]["name"] == "Test checks"
    assert review["datePublished"] == "2026-11-28"


def test_hostile_text_is_escaped_everywhere(make_site: Any) -> None:
    payload = "</script><script>alert(1)</script><img src=x onerror=alert(2)>"
    hostile = record(
        title="Title " + payload,
        claim="Claim " + payload,
        verdict_summary="Summary " + payload,
        explanation=(
            "Text <script>alert(3)</script> and <img src=x onerror=alert(4)>\n\n"
            "[click](javascript:alert(5)) and [ok](https://example.org/) {: onclick=alert(6) }\n\n"
            '<a href="javascript:alert(7)" onmouseover="alert(8)">raw</a>'
        ),
    )
    build = make_site({"facts/mongolia-icc.yml": hostile, "content/index.md": ANNOTATED_HOME})
    assert build.returncode == 0, build.output
    for page_path in ("facts/mongolia-icc/index.html", "facts/index.html", "index.html"):
        assert active_content(build.read(page_path)) == [], page_path
    fact_page = build.read("facts/mongolia-icc/index.html")
    assert html.escape("Claim </script>", quote=False) in fact_page
    review = json_ld(fact_page)  # the JSON-LD stays one parseable script element
    assert review["claimReviewed"] == "Claim " + payload
    assert '<a href="https://example.org/" rel="noopener noreferrer nofollow ugc">ok</a>' in fact_page
    assert "<p>click and <a" in fact_page  # a link whose href was removed is unwrapped, not left dead


def test_generated_sections_and_unknown_markers(make_site: Any) -> None:
    corrected = VALID_RECORD.replace(
        "corrections: []",
        "updated: 2026-11-28\ncorrections:\n  - date: 2026-11-28\n    change: We fixed the year.\n"
        "    previous_verdict: mixed",
    )
    build = make_site(
        {
            "facts/mongolia-icc.yml": corrected,
            "content/methodology.md": "# Method\n\n<!-- factcheck:rating-scale -->\n",
            "content/corrections.md": "# Corrections\n\n<!-- factcheck:corrections -->\n",
        }
    )
    assert build.returncode == 0, build.output
    method = build.read("methodology/index.html")
    assert method.count('class="fc-scale__item"') == 6
    assert "The claim is inaccurate." in method
    corrections = build.read("corrections/index.html")
    assert "We fixed the year." in corrections and "Previous verdict: Mixed." in corrections
    bad = make_site({"facts/mongolia-icc.yml": VALID_RECORD, "content/index.md": "# Home\n\n<!-- factcheck:nope -->\n"})
    assert bad.returncode == 1
    assert "content/index.md:3:1: marker: unknown marker 'factcheck:nope'" in bad.output


def test_site_can_override_a_template(make_site: Any, tmp_path: Path) -> None:
    custom = tmp_path / "custom"
    (custom / "factcheck").mkdir(parents=True)
    (custom / "factcheck" / "annotation.html").write_text(
        '<mark class="my-annotation" data-id="{{ fact.id }}">{{ inner_html }}</mark>', encoding="utf-8"
    )
    config = site_config()
    config["theme"]["custom_dir"] = str(custom)
    build = make_site({"facts/mongolia-icc.yml": VALID_RECORD, "content/index.md": ANNOTATED_HOME}, config=config)
    assert build.returncode == 0, build.output
    assert '<mark class="my-annotation" data-id="mongolia-icc">Mongolia joined the court</mark>' in build.read(
        "index.html"
    )


def pagefind_records(site: Path) -> dict[str, dict[str, Any]]:
    """Pagefind's stored records (its gzipped fragments), by URL."""
    records = {}
    for fragment in (site / "pagefind" / "fragment").glob("*.pf_fragment"):
        data = gzip.decompress(fragment.read_bytes()).removeprefix(b"pagefind_dcd")
        record = json.loads(data)
        records[record["url"]] = record
    return records


def test_search_index_has_fact_pages_with_their_words_verdict_and_topics(make_site: Any) -> None:
    home = "# Home\n\nWe check what officials say about the Rome Statute.\n"
    build = make_site({"facts/mongolia-icc.yml": VALID_RECORD, "content/index.md": home})
    assert build.returncode == 0, build.output
    assert not (build.site / "search").exists(), "Material's own index is not built"
    records = pagefind_records(build.site)
    fact = records["/facts/mongolia-icc/"]
    for words in ("International Criminal Court", "State Party", "Example News", "Example Agency", "11 Apr 2002"):
        assert words in fact["content"]
    assert "**" not in fact["content"], "Markdown marks are not indexed"
    assert fact["meta"] == {"title": "Mongolia is a member of the ICC", "verdict": "true", "verdict_label": "True"}
    assert fact["filters"] == {"verdict": ["True"], "topic": ["Icc", "Mongolia"]}
    assert "officials say about the Rome Statute" in records["/"]["content"], "editorial pages are searchable too"


def test_build_waits_for_the_indexer_to_finish_writing(tmp_path: Path) -> None:
    # Pagefind's last files can reach the disk after it has reported success (a 10,000-fact build
    # published a worker script cut at 32 KB): the build must let the indexer exit on its own. This
    # indexer writes one more file after the real one is done, as a slow disk would.
    from pagefind.service import get_executable

    indexer = tmp_path / "slow-pagefind"
    indexer.write_text(
        f"#!{sys.executable}\n"
        "import os, pathlib, subprocess, sys, time\n"
        f"real = {str(get_executable())!r}\n"
        "if '--service' in sys.argv:\n"
        "    os.execv(real, [real, *sys.argv[1:]])\n"
        "code = subprocess.call([real, *sys.argv[1:]])\n"
        "if code == 0 and '--output-path' in sys.argv:\n"
        "    time.sleep(0.5)\n"
        "    output = pathlib.Path(sys.argv[sys.argv.index('--output-path') + 1])\n"
        "    (output / 'written-last.txt').write_text('the last file')\n"
        "sys.exit(code)\n",
        encoding="utf-8",
    )
    indexer.chmod(0o755)
    project = tmp_path / "project"
    write_tree(project, {"content/index.md": "# Home\n", "facts/mongolia-icc.yml": VALID_RECORD})
    (project / "mkdocs.yml").write_text(yaml.safe_dump(site_config()), encoding="utf-8")
    build = run_build(project, tmp_path / "site", env={"PAGEFIND_BINARY_PATH": str(indexer)})
    assert build.returncode == 0, build.output
    assert (build.site / "pagefind" / "written-last.txt").read_text(encoding="utf-8") == "the last file"
    assert "/facts/mongolia-icc/" in pagefind_records(build.site)


def test_pages_load_no_search_index_before_a_query(make_site: Any) -> None:
    build = make_site({"facts/mongolia-icc.yml": VALID_RECORD})
    assert build.returncode == 0, build.output
    for path in ("index.html", "facts/index.html", "facts/mongolia-icc/index.html"):
        page = build.read(path)
        assert 'name="search"' not in page, "Material's bundle fetches its index when a form is named search"
        assert "pagefind" not in page.split("<body", 1)[0], "nothing of search in the head"
        assert "data-fc-search-query" in page


def test_site_without_the_search_plugin_gets_no_index(make_site: Any) -> None:
    config = site_config()
    config["plugins"] = ["factcheck"]
    build = make_site({"facts/mongolia-icc.yml": VALID_RECORD}, config=config)
    assert build.returncode == 0, build.output
    assert not (build.site / "pagefind").exists()
    assert "data-fc-search" not in build.read("index.html")


def test_fact_links_in_code_blocks_are_ignored(make_site: Any) -> None:
    content = "# Home\n\n```markdown\n[claim](fact:not-a-fact)\n```\n"
    build = make_site({"facts/mongolia-icc.yml": VALID_RECORD, "content/index.md": content})
    assert build.returncode == 0, build.output


def test_not_found_page_offers_the_ways_in(make_site: Any) -> None:
    build = make_site({"facts/mongolia-icc.yml": VALID_RECORD})
    assert build.returncode == 0, build.output
    page = build.read("404.html")
    assert "<h1>Page not found</h1>" in page
    assert '<a href="https://checks.example.org/facts/">All checked claims</a>' in page


EXTERNAL_REL = "noopener noreferrer nofollow ugc"


def test_every_external_link_from_a_record_carries_the_full_rel(make_site: Any) -> None:
    data = yaml.safe_load(record(explanation="See [the treaty](https://treaties.un.org/explained) for details."))
    data["sources"][0]["archive_url"] = "https://web.archive.org/web/2024/https://treaties.un.org/example"
    build = make_site({"facts/mongolia-icc.yml": yaml.safe_dump(data, sort_keys=False).replace("'true'", '"true"')})
    assert build.returncode == 0, build.output
    page = build.read("facts/mongolia-icc/index.html")
    article = page[page.index('<article class="fc-fact"') : page.index("</article>")]
    external = re.findall(r"<a\s[^>]*href=\"https?://[^\"]*\"[^>]*>", article)
    hrefs = {re.search(r'href="([^"]*)"', tag)[1] for tag in external}  # type: ignore[index]
    assert hrefs == {
        "https://example.org/putin-mongolia",  # appearance
        "https://treaties.un.org/example",  # source
        "https://web.archive.org/web/2024/https://treaties.un.org/example",  # archived copy
        "https://agency.example.com/mongolia",  # source
        "https://treaties.un.org/explained",  # a link in the explanation
    }
    assert [tag for tag in external if f'rel="{EXTERNAL_REL}"' not in tag] == []


def three_facts() -> dict[str, str]:
    return {
        f"facts/fact-{n}.yml": record(title=f"Fact number {n}", published=f"2026-11-2{n}", claim_date=f"2024-08-2{n}")
        for n in range(1, 4)
    }


def test_feed_carries_the_latest_entries_and_the_dataset_everything(make_site: Any) -> None:
    build = make_site(three_facts(), config=site_config(feed_entries=2))
    assert build.returncode == 0, build.output
    feed = build.read("feed.xml")
    assert feed.count("<entry>") == 2
    assert "Fact number 3" in feed and "Fact number 2" in feed and "Fact number 1" not in feed
    assert len(json.loads(build.read("facts.json"))["facts"]) == 3


def test_facts_index_is_paginated_and_every_row_is_in_its_data_file(make_site: Any) -> None:
    build = make_site(three_facts(), config=site_config(facts_per_page=2))
    assert build.returncode == 0, build.output
    first, second = build.read("facts/index.html"), build.read("facts/page/2/index.html")
    assert first.count('class="fc-table__row"') == 2 and second.count('class="fc-table__row"') == 1
    assert "Fact number 3" in first and "Fact number 2" in first and "Fact number 1" in second, "newest claim first"
    assert '<a class="fc-pager__link" href="page/2/">2</a>' in first
    assert '<a class="fc-pager__link" href="../../">1</a>' in second
    assert "All 3 checked claims" in second
    rows = json.loads(build.read("facts/index.json"))["rows"]
    assert [row[1] for row in rows] == ["Fact number 3", "Fact number 2", "Fact number 1"]
    assert rows[0][0] == "fact-3/", "page URLs relative to the data file"
    assert "facts/page/2/" not in build.read("index.html"), "later pages stay out of the navigation"


@pytest.mark.parametrize("option", ["feed_entries", "facts_per_page"])
def test_counts_below_one_are_refused(make_site: Any, option: str) -> None:
    build = make_site({"facts/mongolia-icc.yml": VALID_RECORD}, config=site_config(**{option: 0}))
    assert build.returncode == 1
    assert f"Plugin 'factcheck' option '{option}': 0 is too small: write 1 or more" in build.output


def test_search_documents_keep_filter_words_out_of_the_indexed_text() -> None:
    from factcheck.publish.search_index import SearchRecord

    document = SearchRecord(
        url="facts/x/",
        title="A title",
        content="The claim's own words",
        meta={"title": "A title", "verdict": "mostly-true"},
        filters={"verdict": ["Mostly true"], "topic": ["Aftermath"]},
    ).html()
    ignored = re.search(r"<div hidden data-pagefind-ignore>(.*?)</div>", document)
    assert ignored, document
    # Pagefind reads filters inside an ignored block; their words then stay out of excerpts.
    assert '<span data-pagefind-filter="verdict">Mostly true</span>' in ignored.group(1)
    assert '<span data-pagefind-filter="topic">Aftermath</span>' in ignored.group(1)
    indexed = document.replace(ignored.group(0), "")
    assert "Mostly true" not in indexed and "Aftermath" not in indexed
    assert "The claim&#x27;s own words" in indexed
