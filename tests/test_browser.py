"""The built site in a real Chromium: popovers, index filters, search, structured data,
accessibility (axe), small screens, no-JS fallback, and hostile editor text."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
import yaml
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, ConsoleMessage, Page, Request, expect

from .conftest import free_port, record, run_build, serve, site_config, write_tree

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

HOME = """\
# Home

Reports said [Mongolia is a member of the ICC](fact:mongolia-icc) and that
[Putin was arrested on arrival](fact:putin-arrested). Neither report said why.

See [all checked claims](facts/index.md).
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


def build_and_serve(root: Path, files: dict[str, str]) -> Iterator[Site]:
    port = free_port()
    base = f"http://127.0.0.1:{port}/"
    config = site_config(topics=TOPICS)
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
        tmp_path_factory.mktemp("browser-site"), {**files, "content/index.md": HOME, "content/about.md": ABOUT}
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


def check_axe(page: Page, where: str) -> None:
    results = Axe().run(page)
    violations = [
        (violation["id"], node["target"][0])
        for violation in results.response["violations"]
        for node in violation["nodes"]
    ]
    assert violations == [], f"{where}: {violations}\n{results.generate_report()}"


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
    expect(dialog).to_have_accessible_name("Putin was arrested in Ulaanbaatar")
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
    trigger = page.locator("a.fc-annotation[data-fact=mongolia-icc]")
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
    first = page.locator("a.fc-annotation[data-fact=mongolia-icc]")
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
    page.locator("a.fc-annotation[data-fact=mongolia-icc]").click()
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
    page.locator("a.fc-annotation[data-fact=mongolia-icc]").click()
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
    expect(page.locator("[data-count-for=false]")).to_have_text("1")
    expect(page.locator("[data-count-for=true]")).to_have_text("0")
    expect(page.locator("[data-fc-status]")).to_have_text("Showing 1 of 5 facts")
    assert query_of(page) == {"verdict": ["false"]}
    page.select_option("#fc-filter-verdict", "")
    expect(page.locator("tr.fc-table__row:visible")).to_have_count(5)
    expect(page.locator("[data-count-for=true]")).to_have_text("1")
    assert query_of(page) == {}


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


def test_index_stacks_into_cards_on_phones(site: Site, page: Page) -> None:
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(site("facts/"))
    cell = page.locator("tr.fc-table__row td[data-label=Verdict]").first
    assert cell.evaluate("td => getComputedStyle(td, '::before').content") == '"Verdict"'
    expect(page.locator(".fc-table thead")).not_to_be_in_viewport()


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
    assert watch.errors == []
    assert watch.external == []
