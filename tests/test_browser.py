"""The built site in a real Chromium: popovers, index filters, search, structured data,
accessibility (axe), small screens, no-JS fallback, and hostile editor text."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import pairwise
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urljoin, urlsplit

import pytest
import yaml
from playwright.sync_api import Browser, ConsoleMessage, Page, Request, expect

from factcheck.publish.settings import read_site_config

from .conftest import REPO, check_axe, free_port, record, run_build, serve, site_config, write_tree

pytestmark = pytest.mark.browser

PALETTE = [
    {
        "media": "(prefers-color-scheme: light)",
        "scheme": "default",
        "primary": "indigo",
        "accent": "indigo",
        "toggle": {"icon": "material/weather-night", "name": "Switch to dark mode"},
    },
    {
        "media": "(prefers-color-scheme: dark)",
        "scheme": "slate",
        "primary": "indigo",
        "accent": "indigo",
        "toggle": {"icon": "material/weather-sunny", "name": "Switch to light mode"},
    },
]
TOPICS = {"icc": "International Criminal Court", "russia": "Russia", "visit": "The visit", "mongolia": "Mongolia"}

# id -> (verdict, label, topics, claim date, title, claim, summary)
FACTS: dict[str, tuple[str, str, list[str], dt.date, str, str, str]] = {
    "mongolia-icc": (
        "true",
        "True",
        ["icc", "mongolia"],
        dt.date(2024, 8, 30),
        "Mongolia is a member of the ICC",
        "Mongolia is a member of the International Criminal Court",
        "Mongolia ratified the Rome Statute in 2002.",
    ),
    "putin-arrested": (
        "false",
        "False",
        ["icc", "russia"],
        dt.date(2024, 9, 3),
        "Putin was arrested in Ulaanbaatar",
        "Mongolian police arrested Vladimir Putin on arrival",
        "Putin left Mongolia freely on 3 September 2024.",
    ),
    "first-member-visit": (
        "mostly-true",
        "Mostly true",
        ["visit", "icc"],
        dt.date(2024, 9, 2),
        "Putin's first visit to an ICC member",
        "This is Putin's first trip to an ICC member state",
        "True since the warrant; he had visited members before it.",
    ),
    "warrant-year": (
        "misleading",
        "Misleading",
        ["icc"],
        dt.date(2023, 3, 17),
        "The warrant dates from 2022",
        "The ICC issued its warrant for Putin in 2022",
        "The warrant was issued on 17 March 2023 for crimes from 2022.",
    ),
    "russia-ratified": (
        "unverified",
        "Unverified",
        ["russia"],
        dt.date(2024, 1, 10),
        "Russia once ratified the Rome Statute",
        "Russia ratified the Rome Statute in 2000",
        "Russia signed in 2000 but we found no ratification record.",
    ),
}

# The article's claims (every record's claimant is Example News), then a long story so that the last annotation
# sits at the very end of the page.
FILLER = "\n\n".join(f"Paragraph {i} of the story, with enough words to fill a line or two of text." for i in range(30))
HOME = f"""\
# Home

What this site is, in one line.

<!-- factcheck:scorecard -->

Reports said [Mongolia is a member of the ICC](fact:mongolia-icc) and that
[Putin was arrested on arrival](fact:putin-arrested). Neither report said why.
We know [Mongolia ratified the Statute in 2002](factref:mongolia-icc).

See [all checked claims](facts/index.md).

{FILLER}

The story ends with [the warrant's date](factref:warrant-year).
"""
ABOUT = """\
# About

How we rate claims:

<!-- factcheck:rating-scale -->

## Corrections

<!-- factcheck:corrections -->
"""

HOSTILE = [
    "<script>window.__pwned=1</script>",
    '<img src=x onerror="window.__pwned=1">',
    '"><svg onload=window.__pwned=1>',
    "</script><script>window.__pwned=1</script>",
]
HOSTILE_EXPLANATION = """\
Text with {payload} in it.

[click the hostile link](javascript:window.__pwned=1)

<div onmouseover="window.__pwned=1" onclick="window.__pwned=1" id="raw-html">raw html with handlers</div>

<a href="javascript:window.__pwned=1" onclick="window.__pwned=1">raw hostile anchor</a>

<iframe src="javascript:window.__pwned=1"></iframe><form action="javascript:window.__pwned=1"><button>go</button></form>
"""


@dataclass
class Site:
    url: str
    output: str
    dialogs: list[str] = field(default_factory=list)

    def __call__(self, path: str = "") -> str:
        return self.url + path


def fact_record(fact_id: str) -> str:
    verdict, _, topics, claim_date, title, claim, summary = FACTS[fact_id]
    return record(
        verdict=verdict,
        topics=topics,
        claim_date=claim_date,
        title=title,
        claim=claim,
        verdict_summary=summary,
        explanation=f"Why **{title}** got its verdict.",
        appearances=[
            {
                "title": "A preview article",
                "publisher": "Example News",
                "url": "https://example.org/preview",
                # a copy: one object twice would be dumped as a YAML anchor, which records forbid
                "date": dt.date.fromordinal(claim_date.toordinal()),
            }
        ],
    )


def hostile_record(payload: str, index: int) -> str:
    """Every free-text field carries the payload; the build must escape all of it."""
    return record(
        title=f"Hostile {index} {payload}",
        claim=f"{payload} claim {index}",
        claimant={"name": f"Claimant {payload}", "role": f"Role {payload}"},
        appearances=[
            {
                "title": f"Appearance {payload}",
                "publisher": f"Publisher {payload}",
                "url": "https://example.org/a",
                "date": dt.date(2024, 8, 30),
            }
        ],
        verdict=["false", "misleading", "mixed", "unverified"][index],
        verdict_summary=f"Summary {payload}",
        explanation=HOSTILE_EXPLANATION.format(payload=payload),
        sources=[
            {
                "title": f"Source {payload}",
                "publisher": f"Publisher {payload}",
                "url": "https://example.org/s1",
                "accessed": dt.date(2026, 11, 28),
                "quote": f"Quote {payload}",
                "kind": "primary",
            },
            {
                "title": f"Second {payload}",
                "publisher": f"Agency {payload}",
                "url": "https://example.com/s2",
                "accessed": dt.date(2026, 11, 28),
                "kind": "secondary",
            },
        ],
        author=f"Author {payload}",
        reviewer=f"Reviewer {payload}",
        updated=dt.date(2026, 11, 28),
        corrections=[{"date": dt.date(2026, 11, 28), "change": f"Changed {payload}", "previous_verdict": "true"}],
    )


def build_and_serve(root: Path, files: dict[str, str], **options: Any) -> Iterator[Site]:
    port = free_port()
    base = f"http://127.0.0.1:{port}/"
    config = site_config(topics=TOPICS, **options)
    config["site_url"] = base
    config["theme"]["palette"] = PALETTE
    project = root / "project"
    write_tree(project, {"mkdocs.yml": yaml.safe_dump(config), **files})
    build = run_build(project, root / "site")
    assert build.returncode == 0, build.output
    with serve(root / "site", port) as url:
        yield Site(url, build.output)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    files = {f"facts/{fact_id}.yml": fact_record(fact_id) for fact_id in FACTS}
    yield from build_and_serve(
        tmp_path_factory.mktemp("browser-site"),
        {**files, "content/index.md": HOME, "content/about.md": ABOUT},
        article={"claimant": "Example News", "name": "The example article"},
        methodology_page="about.md",
        report_error_url="mailto:desk@example.org",
    )


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    files = {f"facts/hostile-{i}.yml": hostile_record(payload, i) for i, payload in enumerate(HOSTILE)}
    links = "\n".join(f"Passage {i}: [a hostile claim {i}](fact:hostile-{i})." for i in range(len(HOSTILE)))
    home = f"# Home\n\n{links}\n\n<!-- factcheck:corrections -->\n"
    yield from build_and_serve(tmp_path_factory.mktemp("hostile-site"), {**files, "content/index.md": home})


@dataclass
class Watch:
    """Console errors, page errors and requests that left the local server."""

    base: str
    errors: list[str] = field(default_factory=list)
    external: list[str] = field(default_factory=list)

    def attach(self, page: Page) -> Watch:
        page.on("console", self._console)
        page.on("pageerror", lambda error: self.errors.append(f"pageerror: {error}"))
        page.context.on("request", self._request)
        return self

    def _console(self, message: ConsoleMessage) -> None:
        if message.type == "error":
            self.errors.append(f"console: {message.text}")

    def _request(self, request: Request) -> None:
        if not (request.url.startswith(self.base) or request.url.startswith(("data:", "blob:"))):
            self.external.append(request.url)


def popover(page: Page) -> Any:
    return page.locator(".fc-popover[role=dialog]")


def visible_titles(page: Page) -> list[str]:
    return page.locator("tr.fc-table__row:visible .fc-table__claim a").all_inner_texts()


def query_of(page: Page) -> dict[str, list[str]]:
    return parse_qs(urlsplit(page.url).query)


def no_horizontal_scroll(page: Page) -> bool:
    return bool(page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"))


# -- popovers ------------------------------------------------------------------


def test_popover_opens_on_click_and_closes_on_escape(site: Site, page: Page) -> None:
    page.goto(site())
    trigger = page.locator("a.fc-annotation[data-fact=putin-arrested]")
    expect(trigger).to_have_attribute("aria-haspopup", "dialog")
    expect(trigger).to_have_attribute("aria-expanded", "false")
    trigger.click()
    dialog = popover(page)
    expect(dialog).to_be_visible()
    assert page.url == site(), "the click must open the popover, not follow the link"
    expect(dialog.locator(".fc-badge.fc-badge--false")).to_have_text("False")
    expect(dialog).to_contain_text("Putin left Mongolia freely on 3 September 2024.")
    expect(dialog).to_contain_text("Mongolian police arrested Vladimir Putin on arrival")
    expect(dialog).to_have_accessible_name(
        "The example article said: “Mongolian police arrested Vladimir Putin on arrival”"
    )
    expect(dialog.locator(".fc-popover__sources a")).to_have_count(2)
    for source_link in dialog.locator(".fc-popover__sources a").all():
        expect(source_link).to_have_attribute("rel", "noopener noreferrer nofollow ugc")
    expect(dialog.get_by_role("link", name="Read the full fact check")).to_have_attribute(
        "href", site("facts/putin-arrested/")
    )
    expect(trigger).to_have_attribute("aria-expanded", "true")
    expect(trigger).to_have_attribute("aria-controls", dialog.get_attribute("id") or "")
    assert page.evaluate("document.querySelector('.fc-popover').contains(document.activeElement)")
    page.keyboard.press("Escape")
    expect(dialog).to_have_count(0)
    expect(trigger).to_be_focused()
    expect(trigger).to_have_attribute("aria-expanded", "false")


@pytest.mark.parametrize("key", ["Enter", " "])
def test_popover_opens_from_keyboard(site: Site, page: Page, key: str) -> None:
    page.goto(site())
    trigger = page.locator("a.fc-annotation--claim[data-fact=mongolia-icc]")
    trigger.focus()
    page.keyboard.press(key)
    dialog = popover(page)
    expect(dialog).to_be_visible()
    expect(dialog.locator(".fc-badge")).to_have_text("True")
    expect(dialog).to_contain_text("Mongolia ratified the Rome Statute in 2002.")
    assert page.url == site()
    page.keyboard.press("Escape")
    expect(dialog).to_have_count(0)
    expect(trigger).to_be_focused()


def test_popover_closes_on_outside_click_and_when_another_opens(site: Site, page: Page) -> None:
    page.goto(site())
    first = page.locator("a.fc-annotation--claim[data-fact=mongolia-icc]")
    second = page.locator("a.fc-annotation[data-fact=putin-arrested]")
    first.click()
    expect(popover(page)).to_contain_text("Mongolia ratified")
    second.click()
    expect(popover(page)).to_have_count(1)
    expect(popover(page)).to_contain_text("Putin left Mongolia freely")
    expect(first).to_have_attribute("aria-expanded", "false")
    page.locator("h1").click()
    expect(popover(page)).to_have_count(0)
    expect(second).to_have_attribute("aria-expanded", "false")


def test_popover_fits_a_360px_screen(site: Site, page: Page) -> None:
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(site())
    page.locator("a.fc-annotation[data-fact=putin-arrested]").click()
    box = popover(page).bounding_box()
    assert box is not None
    assert box["x"] >= 0 and box["x"] + box["width"] <= 360, box
    assert no_horizontal_scroll(page)


def test_read_more_link_goes_to_the_fact_page(site: Site, page: Page) -> None:
    page.goto(site())
    page.locator("a.fc-annotation--claim[data-fact=mongolia-icc]").click()
    popover(page).get_by_role("link", name="Read the full fact check").click()
    expect(page).to_have_url(site("facts/mongolia-icc/"))
    expect(page.locator("h1")).to_have_text("Mongolia is a member of the ICC")
    expect(popover(page)).to_have_count(0)


def test_popovers_after_instant_navigation(site: Site, page: Page) -> None:
    """Material's instant navigation swaps the page without reloading the script."""
    watch = Watch(site.url).attach(page)
    page.goto(site("facts/"))
    page.locator(".md-nav__link", has_text="Home").first.click()
    expect(page.locator("h1")).to_have_text("Home")
    assert page.evaluate("!!window.__factcheckStarted")
    page.locator("a.fc-annotation[data-fact=putin-arrested]").click()
    expect(popover(page)).to_contain_text("Putin left Mongolia freely")
    assert watch.errors == []


def test_popover_ignores_unsafe_urls(site: Site, page: Page) -> None:
    """The script only links http(s) URLs from the data, whatever a template puts there."""
    page.goto(site())
    page.evaluate("""() => {
        const script = document.querySelector('script.fc-popover-data');
        const data = JSON.parse(script.textContent);
        data['mongolia-icc'].sources.unshift({title: 'evil', publisher: 'x', url: 'javascript:window.__pwned=1'});
        data['mongolia-icc'].url = 'javascript:window.__pwned=1';
        script.textContent = JSON.stringify(data);
    }""")
    page.locator("a.fc-annotation--claim[data-fact=mongolia-icc]").click()
    dialog = popover(page)
    expect(dialog).to_be_visible()
    expect(dialog.locator("a[href^='javascript']")).to_have_count(0)
    expect(dialog).not_to_contain_text("evil")
    expect(dialog.get_by_role("link", name="Read the full fact check")).to_have_attribute(
        "href", site("facts/mongolia-icc/")
    )


# -- facts index -----------------------------------------------------------------


def test_index_filter_by_verdict_updates_rows_counts_and_url(site: Site, page: Page) -> None:
    page.goto(site("facts/"))
    form = page.locator("form[data-fc-filters]")
    expect(form).to_be_visible()
    expect(page.locator("tr.fc-table__row:visible")).to_have_count(5)
    expect(page.locator("[data-fc-status]")).to_have_text("Showing 5 of 5 facts")
    page.select_option("#fc-filter-verdict", "false")
    expect(page.locator("tr.fc-table__row:visible")).to_have_count(1)
    assert visible_titles(page) == ["Putin was arrested in Ulaanbaatar"]
    # The chips count what the other filters leave, so each still says what choosing it would show.
    expect(page.locator("[data-count-for=false]")).to_have_text("1")
    expect(page.locator("[data-count-for=true]")).to_have_text("1")
    expect(page.locator("button.fc-chip[data-fc-chip=false]")).to_have_attribute("aria-pressed", "true")
    expect(page.locator("button.fc-chip[data-fc-chip=true]")).to_have_attribute("aria-pressed", "false")
    expect(page.locator("[data-fc-status]")).to_have_text("Showing 1 of 5 facts")
    assert query_of(page) == {"verdict": ["false"]}
    page.select_option("#fc-filter-topic", "visit")
    expect(page.locator("[data-count-for=true]")).to_have_text("0")
    expect(page.locator("[data-count-for=mostly-true]")).to_have_text("1")
    expect(page.locator("button.fc-chip[data-fc-chip=true]")).to_be_disabled()
    page.select_option("#fc-filter-topic", "")
    page.select_option("#fc-filter-verdict", "")
    expect(page.locator("tr.fc-table__row:visible")).to_have_count(5)
    expect(page.locator("[data-count-for=true]")).to_have_text("1")
    assert query_of(page) == {}


def test_index_verdict_chips_filter_when_clicked(site: Site, page: Page) -> None:
    page.goto(site("facts/"))
    chip = page.locator("button.fc-chip[data-fc-chip=misleading]")
    expect(chip).to_have_accessible_name(re.compile(r"^Misleading 1$"))
    chip.click()
    expect(page.locator("tr.fc-table__row:visible")).to_have_count(1)
    assert visible_titles(page) == ["The warrant dates from 2022"]
    expect(page.locator("#fc-filter-verdict")).to_have_value("misleading")
    expect(chip).to_have_attribute("aria-pressed", "true")
    assert query_of(page) == {"verdict": ["misleading"]}
    chip.click()  # a second click clears the filter
    expect(page.locator("tr.fc-table__row:visible")).to_have_count(5)
    expect(chip).to_have_attribute("aria-pressed", "false")
    assert query_of(page) == {}
    # A verdict no fact has cannot be chosen.
    expect(page.locator("button.fc-chip[data-fc-chip=mixed]")).to_be_disabled()


def test_index_reads_a_shared_url(site: Site, page: Page) -> None:
    page.goto(site("facts/?verdict=false&topic=icc"))
    expect(page.locator("#fc-filter-verdict")).to_have_value("false")
    expect(page.locator("#fc-filter-topic")).to_have_value("icc")
    # The filters apply once the index's rows have loaded: wait for the filtered table, then read it.
    expect(page.locator("tr.fc-table__row:visible")).to_have_count(1)
    assert visible_titles(page) == ["Putin was arrested in Ulaanbaatar"]
    page.goto(site("facts/?topic=russia&sort=title&verdict=nonsense&q="))
    expect(page.locator("#fc-filter-verdict")).to_have_value("")
    expect(page.locator("tr.fc-table__row:visible")).to_have_count(2)
    assert visible_titles(page) == ["Putin was arrested in Ulaanbaatar", "Russia once ratified the Rome Statute"]
    assert query_of(page) == {"topic": ["russia"], "sort": ["title"]}, "unknown values are dropped from the URL"
    page.goto(site("facts/?verdict=false&topic=visit"))
    expect(page.locator("[data-fc-empty]")).to_be_visible()
    expect(page.locator("[data-fc-status]")).to_have_text("Showing 0 of 5 facts")


def test_index_text_filter(site: Site, page: Page) -> None:
    page.goto(site("facts/"))
    page.fill("#fc-filter-text", "ROME STATUTE")
    expect(page.locator("tr.fc-table__row:visible")).to_have_count(1)
    assert visible_titles(page) == ["Russia once ratified the Rome Statute"]
    assert query_of(page) == {"q": ["ROME STATUTE"]}
    page.fill("#fc-filter-text", "ulaanbaatar")
    assert visible_titles(page) == ["Putin was arrested in Ulaanbaatar"]
    page.fill("#fc-filter-text", "no such words")
    expect(page.locator("[data-fc-empty]")).to_be_visible()


def test_index_sort_orders(site: Site, page: Page) -> None:
    by_date = sorted(FACTS.values(), key=lambda fact: fact[3])
    links = page.locator("tr.fc-table__row:visible .fc-table__claim a")
    page.goto(site("facts/"))
    assert visible_titles(page) == [fact[4] for fact in reversed(by_date)], "default: newest claim first"
    page.select_option("#fc-filter-sort", "claim-date-asc")
    expect(links).to_have_text([fact[4] for fact in by_date])  # the rows load on first use: wait for them
    assert query_of(page) == {"sort": ["claim-date-asc"]}
    page.select_option("#fc-filter-sort", "title")
    expect(links).to_have_text(sorted((fact[4] for fact in FACTS.values()), key=str.lower))
    page.select_option("#fc-filter-sort", "verdict")
    order = ["true", "mostly-true", "mixed", "misleading", "false", "unverified"]
    expect(links).to_have_text([fact[4] for fact in sorted(FACTS.values(), key=lambda f: order.index(f[0]))])


# -- search, structured data ----------------------------------------------------


def test_search_finds_the_fact_page_with_its_verdict(site: Site, page: Page) -> None:
    page.goto(site())
    # On wide screens the search field is in the header; label[for=__search] is the phone-only button.
    page.keyboard.press("/")
    search = page.locator(".md-search__input")
    expect(search).to_be_focused()
    search.press_sequentially("arrested")
    result = page.locator(".md-search-result__link[href$='facts/putin-arrested/'] > article")
    # The first query loads the search index and its WebAssembly: allow for a busy machine.
    expect(result).to_be_visible(timeout=20_000)
    expect(result).to_contain_text("Putin was arrested in Ulaanbaatar")
    expect(result.locator(".fc-badge.fc-badge--false")).to_have_text("False")


@pytest.mark.parametrize("fact_id", list(FACTS))
def test_json_ld_matches_the_fact_page(site: Site, page: Page, fact_id: str) -> None:
    page.goto(site(f"facts/{fact_id}/"))
    scripts = page.locator('script[type="application/ld+json"]')
    expect(scripts).to_have_count(1)
    data = json.loads(scripts.text_content() or "")
    assert data["@type"] == "ClaimReview"
    assert data["claimReviewed"] == page.locator(".fc-claim__quote p").inner_text()
    assert data["reviewRating"]["alternateName"] == page.locator(".fc-verdict .fc-badge").inner_text()
    assert data["reviewRating"]["alternateName"] == FACTS[fact_id][1]
    assert data["url"] == page.url == site(f"facts/{fact_id}/")


# -- quality on every kind of page ---------------------------------------------

PAGES = ["", "facts/", "facts/putin-arrested/", "about/"]


@pytest.mark.parametrize("path", PAGES)
def test_no_console_errors_or_external_requests(site: Site, page: Page, path: str) -> None:
    watch = Watch(site.url).attach(page)
    page.goto(site(path), wait_until="networkidle")
    if path == "":
        page.locator("a.fc-annotation").first.click()
        expect(popover(page)).to_be_visible()
    assert watch.errors == []
    assert watch.external == []


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("path", PAGES)
def test_axe_finds_no_violations(site: Site, page: Page, path: str, scheme: str) -> None:
    page.emulate_media(color_scheme=scheme)  # type: ignore[arg-type]
    page.goto(site(path), wait_until="networkidle")
    expected = "slate" if scheme == "dark" else "default"
    expect(page.locator("body")).to_have_attribute("data-md-color-scheme", expected)
    check_axe(page, f"{path or 'home'} ({scheme})")
    if path == "":
        page.locator("a.fc-annotation").first.click()
        expect(popover(page)).to_be_visible()
        check_axe(page, f"home with popover ({scheme})")


@pytest.mark.parametrize("path", PAGES)
def test_no_horizontal_scroll_at_360px(site: Site, page: Page, path: str) -> None:
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(site(path))
    assert no_horizontal_scroll(page), page.evaluate("document.documentElement.scrollWidth")


def test_index_stacks_into_compact_cards_on_phones(site: Site, page: Page) -> None:
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(site("facts/"))
    expect(page.locator(".fc-table thead")).not_to_be_in_viewport()
    row = page.locator("tr.fc-table__row").first
    badge, claim, date = (row.locator(f".fc-table__{part}").bounding_box() for part in ("verdict", "claim", "date"))
    assert badge and claim and date
    assert abs(badge["y"] - date["y"]) < 8, "the badge and the date share the card's first line"
    assert claim["y"] >= badge["y"] + badge["height"] - 1, "the claim comes under the badge"
    # The filters fold under a toggle, so the first claim is on the first screen.
    toggle = page.locator("[data-fc-toggle]")
    expect(toggle).to_be_visible()
    expect(toggle).to_have_attribute("aria-expanded", "false")
    expect(page.locator("#fc-filter-text")).to_be_visible()
    expect(page.locator("#fc-filter-verdict")).to_be_hidden()
    expect(row).to_be_in_viewport()
    top = row.bounding_box()
    assert top and top["y"] < 600, top
    toggle.click()
    expect(toggle).to_have_attribute("aria-expanded", "true")
    expect(page.locator("#fc-filter-verdict")).to_be_visible()
    page.select_option("#fc-filter-verdict", "false")
    expect(page.locator("tr.fc-table__row:visible")).to_have_count(1)
    # A shared URL with a filter opens them.
    page.goto(site("facts/?topic=russia"))
    expect(page.locator("#fc-filter-topic")).to_be_visible()
    expect(page.locator("#fc-filter-topic")).to_have_value("russia")


def test_index_toggle_is_only_for_phones(site: Site, page: Page) -> None:
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(site("facts/"))
    expect(page.locator("[data-fc-toggle]")).to_be_hidden()
    expect(page.locator("#fc-filter-verdict")).to_be_visible()
    expect(page.locator("button.fc-chip")).to_have_count(6)


def test_without_javascript_annotations_are_links(site: Site, browser: Browser) -> None:
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(site())
        link = page.locator("a.fc-annotation[data-fact=putin-arrested]")
        expect(link).to_contain_text("False")
        expect(link).to_have_accessible_name(re.compile(r"fact check: False"))
        link.click()
        expect(page).to_have_url(site("facts/putin-arrested/"))
        expect(page.locator(".fc-verdict .fc-badge")).to_have_text("False")
        page.goto(site("facts/"))
        expect(page.locator("form[data-fc-filters]")).to_be_hidden()
        expect(page.locator("tr.fc-table__row")).to_have_count(5)
    finally:
        context.close()


def test_print_keeps_sources_and_shows_their_urls(site: Site, page: Page) -> None:
    page.goto(site("facts/mongolia-icc/"))
    page.emulate_media(media="print")
    expect(page.locator(".fc-sources")).to_be_visible()
    expect(page.locator(".md-header")).to_be_hidden()
    source_link = page.locator(".fc-source__cite a").first
    after = source_link.evaluate("a => getComputedStyle(a, '::after').content")
    assert "https://treaties.un.org/example" in after
    page.goto(site("facts/"))
    page.emulate_media(media="print")
    expect(page.locator("form[data-fc-filters]")).to_be_hidden()


# -- hostile editor text ---------------------------------------------------------


def test_hostile_text_is_inert(hostile_site: Site, page: Page) -> None:
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    watch = Watch(hostile_site.url).attach(page)

    def assert_inert() -> None:
        assert page.evaluate("typeof window.__pwned") == "undefined"
        assert dialogs == []

    page.goto(hostile_site())
    for i, payload in enumerate(HOSTILE):
        page.locator(f"a.fc-annotation[data-fact=hostile-{i}]").click()
        dialog = popover(page)
        expect(dialog).to_contain_text(f"Summary {payload}")  # shown as text, not parsed
        expect(dialog).to_contain_text(f"{payload} claim {i}")
        expect(dialog.locator("script, img, svg")).to_have_count(0)
        assert_inert()
    page.keyboard.press("Escape")
    expect(page.locator(".fc-corrections-log")).to_contain_text(f"Changed {HOSTILE[0]}")

    page.keyboard.press("/")
    page.keyboard.type("hostile")
    expect(page.locator(".md-search-result__item").first).to_be_visible()
    assert_inert()

    page.goto(hostile_site("facts/"))
    expect(page.locator("tr.fc-table__row")).to_have_count(len(HOSTILE))
    page.fill("#fc-filter-text", "onerror")
    expect(page.locator("tr.fc-table__row:visible")).to_have_count(1)
    assert_inert()

    for i, payload in enumerate(HOSTILE):
        page.goto(hostile_site(f"facts/hostile-{i}/"))
        expect(page.locator(".fc-claim__quote")).to_contain_text(f"{payload} claim {i}")
        expect(page.locator("h1")).to_have_text(f"Hostile {i} {payload}")
        expect(page.locator(".fc-verdict__summary")).to_have_text(f"Summary {payload}")
        explanation = page.locator(".fc-explanation")
        expect(explanation.locator("script, img, svg, iframe, form, [onclick], [onmouseover]")).to_have_count(0)
        expect(explanation.locator("a[href^='javascript']")).to_have_count(0)
        data = json.loads(page.locator('script[type="application/ld+json"]').text_content() or "")
        assert data["claimReviewed"] == f"{payload} claim {i}"
        assert watch.errors == []
        explanation.get_by_text("click the hostile link").click()
        explanation.get_by_text("raw html with handlers").hover()
        explanation.get_by_text("raw hostile anchor").click()
        assert_inert()
    assert watch.external == []


def test_clicking_a_sanitised_link_raises_no_error(hostile_site: Site, page: Page) -> None:
    watch = Watch(hostile_site.url).attach(page)
    page.goto(hostile_site("facts/hostile-0/"))
    page.locator(".fc-explanation").get_by_text("click the hostile link").click()
    page.wait_for_timeout(200)
    assert watch.errors == []


# -- the repository's own site -------------------------------------------------------


@pytest.fixture(scope="module")
def real_pages(real_site: str, browser: Browser) -> list[str]:
    """Home, the facts index and the first fact page it links to."""
    page = browser.new_page()
    try:
        page.goto(real_site + "facts/")
        first = page.locator("tr.fc-table__row .fc-table__claim a").first
        href = first.evaluate("a => a.href") if first.count() else None
    finally:
        page.close()
    return [real_site, real_site + "facts/"] + ([href] if href else [])


def test_real_site_has_a_fact_page(real_pages: list[str]) -> None:
    assert len(real_pages) == 3, "the real site's facts index links to no fact page"


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_real_site_quality(real_site: str, real_pages: list[str], page: Page, scheme: str) -> None:
    watch = Watch(real_site).attach(page)
    page.emulate_media(color_scheme=scheme)  # type: ignore[arg-type]
    for url in real_pages:
        page.set_viewport_size({"width": 1280, "height": 900})
        page.goto(url, wait_until="networkidle")
        check_axe(page, f"{url} ({scheme})")
        page.set_viewport_size({"width": 360, "height": 740})
        assert no_horizontal_scroll(page), f"{url} scrolls sideways at 360px"
        check_axe(page, f"{url} ({scheme}, 360px)")  # phones show controls of their own, e.g. the filter toggle
    assert watch.errors == []
    assert watch.external == []


def real_article_claims() -> tuple[dict[str, Any], list[dict[str, Any]], list[dict[str, Any]]]:
    """The real site's options, and its published records: the article's claims and the others."""
    options, _ = read_site_config(REPO / "mkdocs.yml")
    claimant = options["article"]["claimant"]
    records = [yaml.safe_load(path.read_text(encoding="utf-8")) for path in sorted((REPO / "facts").glob("*.yml"))]
    published = [r for r in records if r.get("status", "published") == "published"]
    article = [r for r in published if r["claimant"]["name"] == claimant]
    return options, article, [r for r in published if r["claimant"]["name"] != claimant]


def index_view(page: Page) -> tuple[list[str], list[str]]:
    """The index's group headings and its rows' titles, in page order."""
    headings = page.locator(".fc-table__group th").all_inner_texts()
    return [" ".join(h.split()) for h in headings], visible_titles(page)


def test_real_index_groups_the_article_claims_first_with_and_without_javascript(
    real_site: str, browser: Browser
) -> None:
    options, article, others = real_article_claims()
    assert article and others, "the real site has both kinds of record"
    strings = options["strings"]
    expected_headings = [
        f"{strings['index.group_article']} ({len(article)})",
        f"{strings['index.group_others']} ({len(others)})",
    ]
    static = browser.new_context(java_script_enabled=False)
    try:
        page = static.new_page()
        page.goto(real_site + "facts/")
        headings, static_titles = index_view(page)
        assert headings == expected_headings
        assert set(static_titles[: len(article)]) == {r["title"] for r in article}, "the article's claims come first"
        dates = [r["claim_date"] for r in sorted(article, key=lambda r: static_titles.index(r["title"]))]
        assert dates == sorted(dates, reverse=True), "newest claim first within a group"
    finally:
        static.close()
    scripted = browser.new_context()
    try:
        page = scripted.new_page()
        page.goto(real_site + "facts/")
        # Make the script draw the list from the data file with the default filters: the same order.
        page.fill("#fc-filter-text", "a")
        page.fill("#fc-filter-text", "")
        expect(page.locator("[data-fc-status]")).to_have_text(
            f"Showing {len(article) + len(others)} of {len(article) + len(others)} facts"
        )
        expect(page.locator("tr.fc-table__row")).to_have_count(len(static_titles))
        assert index_view(page) == (expected_headings, static_titles)
        page.select_option("#fc-filter-group", "others")
        expect(page.locator("tr.fc-table__row:visible")).to_have_count(len(others))
        assert index_view(page)[0] == [expected_headings[1]]
        assert query_of(page) == {"group": ["others"]}
        page.select_option("#fc-filter-sort", "title")
        first = min((r["title"] for r in others), key=str.casefold)
        expect(page.locator("tr.fc-table__row:visible .fc-table__claim a").first).to_have_text(first)
        assert sorted(visible_titles(page)) == sorted(r["title"] for r in others)
    finally:
        scripted.close()


def test_real_scorecard_counts_open_exactly_those_claims(real_site: str, page: Page) -> None:
    _, article, _ = real_article_claims()
    page.goto(real_site)
    links = page.locator("a.fc-scorecard__count")
    targets = [(link.get_attribute("href"), link.locator(".fc-scorecard__number").inner_text()) for link in links.all()]
    assert targets, "the home page has a scorecard"
    for href, number in targets:
        assert href
        page.goto(urljoin(real_site, href))
        verdict = parse_qs(urlsplit(href).query)["verdict"][0]
        expected = [r["title"] for r in article if r["verdict"] == verdict]
        assert int(number) == len(expected), verdict
        expect(page.locator("tr.fc-table__row:visible")).to_have_count(len(expected))
        assert sorted(visible_titles(page)) == sorted(expected), verdict
        expect(page.locator(f"button.fc-chip[data-fc-chip={verdict}]")).to_have_attribute("aria-pressed", "true")


LAYOUT_SHIFTS = """
window.__shifts = [];
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) {
    if (entry.hadRecentInput) continue;
    const inContent = entry.sources.some((s) => s.node && s.node.parentElement && s.node.parentElement.closest(".md-content"));
    window.__shifts.push({ value: entry.value, inContent: inContent });
  }
}).observe({ type: "layout-shift", buffered: true });
"""


@pytest.mark.parametrize("width", [360, 1280])
def test_real_pages_do_not_shift_as_they_load(real_pages: list[str], browser: Browser, width: int) -> None:
    context = browser.new_context(viewport={"width": width, "height": 800})
    try:
        context.add_init_script(LAYOUT_SHIFTS)
        page = context.new_page()
        for url in real_pages:
            page.goto(url, wait_until="networkidle")
            page.wait_for_timeout(300)
            shifts = page.evaluate("window.__shifts")
            assert [shift for shift in shifts if shift["inContent"]] == [], f"{url}: the page's content moved"
            # Material's header may reflow once by a fraction of a pixel's worth when its script shows the
            # palette toggle; that is far below what Lighthouse rounds to a CLS of 0.
            assert sum(shift["value"] for shift in shifts) < 0.001, (url, shifts)
    finally:
        context.close()


# -- the reader's design -----------------------------------------------------------------


def test_claim_annotations_show_the_verdict_and_evidence_links_a_neutral_mark(site: Site, page: Page) -> None:
    page.goto(site())
    claim = page.locator("a.fc-annotation--claim[data-fact=mongolia-icc]")
    evidence = page.locator("a.fc-annotation--evidence[data-fact=mongolia-icc]")
    expect(claim.locator(".fc-marker")).to_have_text(re.compile("True"))
    expect(evidence.locator(".fc-marker, .fc-badge")).to_have_count(0)
    expect(evidence.locator(".fc-check")).to_have_text("✓")
    expect(evidence).to_have_accessible_name("Mongolia ratified the Statute in 2002 (checked: see our fact check)")
    # The evidence mark carries no verdict colour: it is the link colour on the page's own background.
    mark = evidence.locator(".fc-check")
    assert mark.evaluate("e => getComputedStyle(e).backgroundColor") == "rgba(0, 0, 0, 0)"
    # Markers in prose are 12 px or more (they were 11.2 px).
    size = claim.locator(".fc-marker").evaluate("e => parseFloat(getComputedStyle(e).fontSize)")
    assert size >= 12.5, size
    # Both kinds open a popover saying who claimed what, and our verdict.
    for trigger in (claim, evidence):
        trigger.click()
        dialog = popover(page)
        expect(dialog.locator(".fc-popover__who")).to_have_text("The example article said:")
        expect(dialog.locator(".fc-popover__claim")).to_have_text(
            "“Mongolia is a member of the International Criminal Court”"
        )
        expect(dialog.locator(".fc-popover__verdict")).to_have_text(re.compile(r"Our verdict:\s+True"))
        page.keyboard.press("Escape")


def test_a_full_stop_after_a_badge_stays_on_its_line(site: Site, page: Page) -> None:
    """At every width, the badge of "arrested on arrival" and the full stop after it share a line."""
    page.goto(site())
    for width in range(300, 700, 7):
        page.set_viewport_size({"width": width, "height": 700})
        tops = page.evaluate("""() => {
            const link = document.querySelector('a.fc-annotation[data-fact=putin-arrested]');
            const marker = link.querySelector('.fc-marker').getClientRects();
            const range = document.createRange();
            const after = link.nextSibling;
            const stop = after.textContent.indexOf('.');
            range.setStart(after, stop);
            range.setEnd(after, stop + 1);
            return [marker[marker.length - 1].top, range.getBoundingClientRect().top];
        }""")
        assert abs(tops[0] - tops[1]) < 8, (width, tops)


def test_scorecard_counts_link_to_the_index_filtered_by_verdict(site: Site, page: Page) -> None:
    page.goto(site())
    counts = page.locator("a.fc-scorecard__count")
    expect(counts).to_have_count(len(FACTS))
    tally = {
        link.get_attribute("data-verdict") or "": int(link.locator(".fc-scorecard__number").inner_text())
        for link in counts.all()
    }
    assert tally == {verdict: 1 for verdict, *_ in FACTS.values()}
    expect(page.locator(".fc-card")).to_have_count(len(FACTS) - 1)  # every claim but the true one
    expect(page.locator(".fc-card").first.locator(".fc-badge")).to_have_text("Unverified")  # worst first
    page.locator("a.fc-scorecard__count[data-verdict=false]").click()
    expect(page).to_have_url(site("facts/?verdict=false"))
    expect(page.locator("#fc-filter-verdict")).to_have_value("false")
    expect(page.locator("tr.fc-table__row:visible")).to_have_count(1)  # once the rows have loaded
    assert visible_titles(page) == ["Putin was arrested in Ulaanbaatar"]
    # The tally matches the index: the same number of facts for each verdict.
    for verdict, count in tally.items():
        page.goto(site(f"facts/?verdict={verdict}"))
        expect(page.locator("tr.fc-table__row:visible")).to_have_count(count)


def test_fact_page_opens_with_the_verdict_card(site: Site, page: Page) -> None:
    page.goto(site("facts/putin-arrested/"))
    expect(page).to_have_title(re.compile(r"^False: Putin was arrested in Ulaanbaatar"))
    breadcrumb = page.get_by_role("navigation", name="Breadcrumb")
    expect(breadcrumb.get_by_role("link", name="All facts")).to_have_attribute("href", site("facts/"))
    headline = page.locator("h1")
    expect(headline).to_have_text("Putin was arrested in Ulaanbaatar")
    assert headline.evaluate("e => Number(getComputedStyle(e).fontWeight)") >= 700
    colour = headline.evaluate("e => getComputedStyle(e).color")
    assert colour in ("rgba(0, 0, 0, 0.87)", "rgb(0, 0, 0)"), colour  # Material's full foreground, not 54 %
    byline = page.locator(".fc-byline")
    expect(byline).to_contain_text("Researched by Research desk, reviewed by Standards editor.")
    expect(byline).to_contain_text("Published 28 November 2026")
    card = page.locator(".fc-verdict-card")
    expect(card.locator(".fc-claim__who")).to_have_text("The example article said:")
    expect(card.locator(".fc-claim__quote")).to_have_text("Mongolian police arrested Vladimir Putin on arrival")
    expect(card.locator(".fc-claim__source")).to_contain_text("Example News, 3 September 2024")
    expect(card.locator(".fc-verdict .fc-badge")).to_have_text("False")
    expect(card.locator(".fc-verdict__summary")).to_have_text("Putin left Mongolia freely on 3 September 2024.")
    rating = card.locator(".fc-rating")
    box = rating.bounding_box()
    assert box is not None and box["width"] >= 60 and box["height"] >= 45, box  # a large rating graphic
    expect(card.get_by_role("link", name="Report an error")).to_have_attribute("href", "mailto:desk@example.org")
    card.get_by_role("link", name="What does False mean?").click()
    expect(page).to_have_url(site("about/#verdict-false"))
    expect(page.locator("#verdict-false")).to_be_in_viewport()


def test_popover_stays_inside_the_viewport_on_the_last_annotation(site: Site, page: Page) -> None:
    for width, height in ((1366, 768), (360, 740)):
        page.set_viewport_size({"width": width, "height": height})
        page.goto(site())
        page.evaluate("window.scrollTo(0, document.documentElement.scrollHeight)")
        page_height = page.evaluate("document.documentElement.scrollHeight")
        page.locator("a.fc-annotation[data-fact=warrant-year]").click()
        dialog = popover(page)
        expect(dialog).to_be_visible()
        box = dialog.bounding_box()
        assert box is not None
        assert box["y"] >= 0 and box["y"] + box["height"] <= height, (width, box)
        assert box["x"] >= 0 and box["x"] + box["width"] <= width, (width, box)
        assert page.evaluate("document.documentElement.scrollHeight") == page_height, "it hangs past the page end"
        trigger = page.locator("a.fc-annotation[data-fact=warrant-year]").bounding_box()
        assert trigger is not None and box["y"] + box["height"] <= trigger["y"] + 1, "flipped above the passage"


def test_popover_is_raised_in_dark_mode(site: Site, page: Page) -> None:
    page.emulate_media(color_scheme="dark")
    page.goto(site())
    page.locator("a.fc-annotation").first.click()
    body = page.evaluate("getComputedStyle(document.body).backgroundColor")
    raised = popover(page).evaluate("e => getComputedStyle(e).backgroundColor")
    assert raised != body, (raised, body)


def test_open_graph_and_twitter_tags(site: Site, page: Page) -> None:
    def meta(attribute: str, name: str) -> str | None:
        return page.locator(f'meta[{attribute}="{name}"]').get_attribute("content")

    page.goto(site("facts/putin-arrested/"))
    assert meta("property", "og:type") == "article"
    assert meta("property", "og:title") == "False: Putin was arrested in Ulaanbaatar"
    assert meta("property", "og:description") == "False: Putin left Mongolia freely on 3 September 2024."
    assert meta("property", "og:url") == page.url == page.locator("link[rel=canonical]").get_attribute("href")
    assert meta("property", "og:site_name") == "Test checks"
    assert meta("name", "twitter:card") == "summary"
    assert meta("name", "twitter:title") == "False: Putin was arrested in Ulaanbaatar"
    assert (meta("name", "twitter:label1"), meta("name", "twitter:data1")) == ("Verdict", "False")
    page.goto(site())
    assert meta("property", "og:type") == "website"
    assert meta("property", "og:title") == "Home"
    assert meta("property", "og:url") == site()


# -- the verdict scale without colour ---------------------------------------------------------

# Machado, Oliveira and Fernandes (2009), deuteranopia at severity 1.0, on linear RGB.
DEUTERANOPIA = ((0.367322, 0.860646, -0.227968), (0.280085, 0.672501, 0.047413), (-0.011820, 0.042940, 0.968881))
MIN_GREY_STEP = 8.0  # CIELAB L* between neighbouring verdicts, in greyscale (achromatopsia)
MIN_DEUTERANOPIA_STEP = 8.0  # CIELAB ΔE (1976) between neighbouring verdicts under deuteranopia
MIN_GLYPH_DIFFERENCE = 0.04  # share of the glyph's box whose ink differs between neighbours: a meter bar at least


def decode_png(data: bytes) -> tuple[int, int, list[tuple[int, int, int]]]:
    """Width, height and RGB pixels of an 8-bit, non-interlaced RGB or RGBA PNG (what Chromium writes)."""
    import struct
    import zlib

    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    position, chunks, header = 8, b"", b""
    while position < len(data):
        (length,) = struct.unpack(">I", data[position : position + 4])
        kind, body = data[position + 4 : position + 8], data[position + 8 : position + 8 + length]
        if kind == b"IHDR":
            header = body
        elif kind == b"IDAT":
            chunks += body
        position += 12 + length
    width, height, depth, colour_type, _, _, interlace = struct.unpack(">IIBBBBB", header)
    assert depth == 8 and colour_type in (2, 6) and interlace == 0, header
    channels = 3 if colour_type == 2 else 4
    raw = zlib.decompress(chunks)
    stride = width * channels
    rows: list[bytearray] = []
    previous = bytearray(stride)
    for y in range(height):
        kind = raw[y * (stride + 1)]
        line = bytearray(raw[y * (stride + 1) + 1 : (y + 1) * (stride + 1)])
        for i in range(stride):
            left = line[i - channels] if i >= channels else 0
            up = previous[i]
            up_left = previous[i - channels] if i >= channels else 0
            if kind == 1:
                line[i] = (line[i] + left) & 255
            elif kind == 2:
                line[i] = (line[i] + up) & 255
            elif kind == 3:
                line[i] = (line[i] + (left + up) // 2) & 255
            elif kind == 4:
                estimate = left + up - up_left
                pa, pb, pc = abs(estimate - left), abs(estimate - up), abs(estimate - up_left)
                predictor = left if pa <= pb and pa <= pc else up if pb <= pc else up_left
                line[i] = (line[i] + predictor) & 255
        rows.append(line)
        previous = line
    pixels = [tuple(row[x * channels : x * channels + 3]) for row in rows for x in range(width)]
    return width, height, pixels  # type: ignore[return-value]


def linear(rgb: tuple[float, float, float]) -> tuple[float, float, float]:
    def channel(value: float) -> float:
        value /= 255
        return value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4

    return channel(rgb[0]), channel(rgb[1]), channel(rgb[2])


def lab(rgb_linear: tuple[float, float, float]) -> tuple[float, float, float]:
    r, g, b = (min(1.0, max(0.0, value)) for value in rgb_linear)
    x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047
    y = 0.2126 * r + 0.7152 * g + 0.0722 * b
    z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883

    def f(t: float) -> float:
        return t ** (1 / 3) if t > 216 / 24389 else (24389 / 27 * t + 16) / 116

    return 116 * f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z))


def deuteranopia(rgb_linear: tuple[float, float, float]) -> tuple[float, float, float]:
    return tuple(sum(m * c for m, c in zip(row, rgb_linear, strict=True)) for row in DEUTERANOPIA)  # type: ignore[return-value]


def test_neighbouring_verdicts_differ_in_greyscale_under_deuteranopia_and_by_glyph(site: Site, page: Page) -> None:
    page.set_viewport_size({"width": 1000, "height": 900})
    page.goto(site("about/"))
    badges = page.locator(".fc-scale dt .fc-badge")
    expect(badges).to_have_count(len(FACTS) + 1)  # the default scale has six verdicts
    page.evaluate("document.fonts.ready")
    greys, simulated, glyphs = [], [], []
    for badge in badges.all():
        _, _, pixels = decode_png(badge.screenshot())
        background = max(set(pixels), key=pixels.count)  # the badge's own colour covers most of it
        greys.append(lab(linear(background))[0])  # L* is the greyscale a reader without colour vision sees
        simulated.append(lab(deuteranopia(linear(background))))
        # The glyph: the badge's ::before, a 1.05 em box after the left padding, in the text colour.
        box = badge.evaluate("""e => {
            const r = e.getBoundingClientRect(), s = getComputedStyle(e), size = parseFloat(s.fontSize);
            return {x: r.x + parseFloat(s.paddingLeft), y: r.y, width: 1.05 * size, height: r.height};
        }""")
        _, _, glyph = decode_png(page.screenshot(clip=box))
        ink = [sum((a - b) ** 2 for a, b in zip(pixel, background, strict=True)) > 60**2 for pixel in glyph]
        assert any(ink), "the badge has no glyph"
        glyphs.append(ink)
    grey_steps = [abs(a - b) for a, b in pairwise(greys)]
    deuteranopia_steps = [sum((p - q) ** 2 for p, q in zip(a, b, strict=True)) ** 0.5 for a, b in pairwise(simulated)]
    glyph_steps = [sum(x != y for x, y in zip(a, b, strict=False)) / max(len(a), len(b)) for a, b in pairwise(glyphs)]
    print(f"greyscale ΔL*: {[round(s, 1) for s in grey_steps]}")
    print(f"deuteranopia ΔE: {[round(s, 1) for s in deuteranopia_steps]}")
    print(f"glyph difference: {[round(s, 2) for s in glyph_steps]}")
    assert min(grey_steps) >= MIN_GREY_STEP, grey_steps
    assert min(deuteranopia_steps) >= MIN_DEUTERANOPIA_STEP, deuteranopia_steps
    assert min(glyph_steps) >= MIN_GLYPH_DIFFERENCE, glyph_steps
