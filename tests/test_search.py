"""Search (Pagefind behind Material's search box) and the paginated facts index, in Chromium, on a
synthetic archive of 1,200 facts and on the real site: what loads when, what is found, the filters,
and Material's keyboard habits."""

from __future__ import annotations

import functools
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
import yaml
from playwright.sync_api import Page, Request, expect

from .conftest import REPO, check_axe, free_port, run_build, serve

sys.path.insert(0, str(REPO / "benchmarks"))
import synthetic

pytestmark = pytest.mark.browser

SIZE = 1200
# One fact gets words that no other has, one in each of its claim, explanation, claimant and sources.
NEEDLE_ID = synthetic.fact_id(7)
NEEDLE = {
    "claim": "Zorigtbaatar",
    "explanation": "Khongorzulzaya",
    "claimant": "Oyunchimegova",
    "source": "Tsagaankhuuvian",
}


@dataclass
class Archive:
    url: str
    records: dict[str, dict[str, Any]]

    def __call__(self, path: str = "") -> str:
        return self.url + path


@pytest.fixture(scope="session")
def archive(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Archive]:
    root = tmp_path_factory.mktemp("archive")
    records = synthetic.make_records(SIZE)
    needle = records[NEEDLE_ID]
    needle["claim"] = f"The ministry quoted {NEEDLE['claim']} on the pipeline"
    needle["explanation"] += f"\nA note on {NEEDLE['explanation']} and the talks.\n"
    needle["claimant"] = {"name": f"Batbold {NEEDLE['claimant']}"}
    needle["sources"][0]["title"] = f"The {NEEDLE['source']} report"
    project = synthetic.write_plugin_site(root / "project", records, "# Home\n\nAll our checks are in the index.\n")
    port = free_port()
    config = yaml.safe_load((project / "mkdocs.yml").read_text())
    config["site_url"] = f"http://127.0.0.1:{port}/"
    (project / "mkdocs.yml").write_text(yaml.safe_dump(config))
    build = run_build(project, root / "site")
    assert build.returncode == 0, build.output
    with serve(root / "site", port) as url:
        yield Archive(url, records)


@dataclass
class Traffic:
    base: str
    requests: list[Request]
    errors: list[str]

    def paths(self) -> list[str]:
        return [r.url.removeprefix(self.base) for r in self.requests]

    def foreign(self) -> list[str]:
        return [r.url for r in self.requests if not r.url.startswith((self.base, "data:", "blob:"))]


def watch(page: Page, base: str) -> Traffic:
    traffic = Traffic(base, [], [])
    page.context.on("request", functools.partial(list.append, traffic.requests))
    page.on("console", lambda message: message.type == "error" and traffic.errors.append(message.text))
    page.on("pageerror", lambda error: traffic.errors.append(str(error)))
    return traffic


def ready(page: Page) -> None:
    expect(page.locator("[data-fc-search][data-fc-ready]")).to_have_count(1)


def results(page: Page) -> Any:
    return page.locator(".md-search-result__item:not(.fc-search__more)")


def search_for(page: Page, words: str) -> None:
    ready(page)
    page.keyboard.press("/")
    query = page.locator("[data-fc-search-query]")
    expect(query).to_be_focused()
    query.fill(words)


def open_search_filters(page: Page) -> None:
    """Open the search filters, which load Pagefind's filter files then."""
    toggle = page.locator("[data-fc-search-filter-toggle]")
    expect(toggle).to_have_text("Filter by verdict or topic")
    toggle.click()
    expect(toggle).to_have_attribute("aria-expanded", "true")
    expect(page.locator("[data-fc-search-filters] select[name=verdict]")).to_be_visible()


def test_nothing_of_search_loads_before_the_first_query(archive: Archive, page: Page) -> None:
    traffic = watch(page, archive.url)
    page.goto(archive(f"facts/{NEEDLE_ID}/"), wait_until="networkidle")
    ready(page)
    page.keyboard.press("/")
    page.wait_for_timeout(300)
    assert not [p for p in traffic.paths() if "pagefind" in p or "search" in p], traffic.paths()
    page.locator("[data-fc-search-query]").fill(NEEDLE["claim"])
    expect(results(page)).to_have_count(1)
    loaded = [r for r in traffic.requests if "/pagefind/" in r.url]
    assert loaded, "the query loaded the index"
    size = sum(len(r.response().body()) for r in loaded if r.response())  # type: ignore[union-attr]
    assert size < 300_000, f"first query loaded {size} bytes"
    assert not [r.url for r in loaded if "/filter/" in r.url], "the filters load when the reader opens them"
    assert traffic.foreign() == []
    assert traffic.errors == []


@pytest.mark.parametrize("part", list(NEEDLE))
def test_search_finds_a_fact_by_each_part_and_shows_its_verdict(archive: Archive, page: Page, part: str) -> None:
    page.goto(archive())
    search_for(page, NEEDLE[part])
    expect(results(page)).to_have_count(1)
    link = results(page).first.locator("a.md-search-result__link")
    expect(link).to_have_attribute("href", archive(f"facts/{NEEDLE_ID}/"))
    verdict = archive.records[NEEDLE_ID]["verdict"]
    expect(link.locator(f".fc-badge.fc-badge--{verdict}")).to_have_text(synthetic.VERDICTS[verdict])
    expect(link.locator("mark").first).to_be_visible()


def test_search_filters_narrow_by_verdict_and_topic(archive: Archive, page: Page) -> None:
    page.goto(archive())
    search_for(page, "pipeline")
    meta = page.locator("[data-fc-search-meta]")
    expect(meta).to_contain_text("matching documents")
    everything = int((meta.inner_text()).split()[0])
    open_search_filters(page)
    page.select_option("[data-fc-search-filters] select[name=verdict]", "False")
    expect(meta).not_to_have_text(f"{everything} matching documents")
    narrowed = int(meta.inner_text().split()[0])
    assert 0 < narrowed < everything
    badges = page.locator(".md-search-result__item .fc-badge")
    expect(badges.first).to_be_visible()
    assert set(badges.all_inner_texts()) == {"False"}
    page.select_option("[data-fc-search-filters] select[name=topic]", "Energy")
    expect(meta).not_to_have_text(f"{narrowed} matching documents")
    both = int(meta.inner_text().split()[0])
    expected = sum(
        1 for record in archive.records.values() if record["verdict"] == "false" and "energy" in record["topics"]
    )
    assert 0 < both < narrowed
    assert both <= expected
    # Closing the filters drops them.
    page.locator("[data-fc-search-filter-toggle]").click()
    expect(page.locator("[data-fc-search-filters]")).to_be_hidden()
    expect(meta).to_have_text(f"{everything} matching documents")


def test_search_keyboard_and_instant_navigation(archive: Archive, page: Page) -> None:
    traffic = watch(page, archive.url)
    page.goto(archive("facts/"))
    search_for(page, NEEDLE["explanation"])
    expect(results(page)).to_have_count(1)
    page.keyboard.press("ArrowDown")
    expect(results(page).first.locator("a")).to_be_focused()
    page.keyboard.press("ArrowUp")
    expect(page.locator("[data-fc-search-query]")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page).to_have_url(archive(f"facts/{NEEDLE_ID}/"))
    expect(page.locator("#__search")).not_to_be_checked()
    expect(page.locator("h1.fc-fact__headline")).to_have_text(archive.records[NEEDLE_ID]["title"])
    # Material closes search 125 ms after every navigation (bundle.ts: merge(location$, target$),
    # delay(125)); a key pressed before that is answered and then closed by Material.
    page.wait_for_timeout(250)
    assert [p for p in traffic.paths() if p.endswith(".js") and "bundle" in p].count(traffic.paths()[0]) == 0
    bundles = [p for p in traffic.paths() if "bundle." in p]
    assert len(bundles) == 1, "instant navigation: the page was not reloaded"
    # Search keeps working on the new page, and Escape closes it.
    page.keyboard.press("s")
    expect(page.locator("[data-fc-search-query]")).to_be_focused()
    expect(page.locator("#__search")).to_be_checked()
    page.keyboard.press("Escape")
    expect(page.locator("#__search")).not_to_be_checked()
    assert traffic.foreign() == []
    assert traffic.errors == []


# -- the facts index --------------------------------------------------------------


def rows(page: Page) -> Any:
    return page.locator("tr.fc-table__row:visible")


def test_index_pages_hold_one_page_of_rows_and_link_every_page(archive: Archive, page: Page) -> None:
    page.goto(archive("facts/"))
    expect(rows(page)).to_have_count(100)
    expect(page.locator("[data-fc-status]")).to_have_text(f"Showing 100 of {SIZE} facts")
    last = page.locator("[data-fc-pager] a").last
    expect(last).to_have_text("12")
    last.click()
    expect(page).to_have_url(archive("facts/page/12/"))
    expect(rows(page)).to_have_count(100)


def test_index_pages_without_javascript_reach_every_fact(archive: Archive, browser: Any) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    seen: set[str] = set()
    for number in range(1, 13):
        page.goto(archive("facts/" if number == 1 else f"facts/page/{number}/"))
        seen.update(
            href.split("/")[-2] for href in page.locator(".fc-table__claim a").evaluate_all("l => l.map(a => a.href)")
        )
    context.close()
    assert seen == set(archive.records)


def test_index_filters_cover_every_fact(archive: Archive, page: Page) -> None:
    traffic = watch(page, archive.url)
    page.goto(archive("facts/"), wait_until="networkidle")
    assert "facts/index.json" not in traffic.paths(), "the rows load on first use only"
    page.select_option("#fc-filter-verdict", "false")
    false_count = sum(1 for r in archive.records.values() if r["verdict"] == "false")
    expect(page.locator("[data-fc-status]")).to_have_text(f"Showing {false_count} of {SIZE} facts")
    expect(rows(page)).to_have_count(100)
    expect(page.locator("[data-count-for=false]")).to_have_text(str(false_count))
    # The chips count every fact the other filters leave: here, all of them.
    true_count = sum(1 for r in archive.records.values() if r["verdict"] == "true")
    expect(page.locator("[data-count-for=true]")).to_have_text(str(true_count))
    assert set(rows(page).locator(".fc-badge").all_inner_texts()) == {"False"}
    expect(page.locator("[data-fc-pager]")).to_be_hidden()
    page.locator("[data-fc-more] button").click()
    expect(rows(page)).to_have_count(min(200, false_count))
    page.select_option("#fc-filter-topic", "energy")
    both = sum(1 for r in archive.records.values() if r["verdict"] == "false" and "energy" in r["topics"])
    expect(page.locator("[data-fc-status]")).to_have_text(f"Showing {both} of {SIZE} facts")
    expect(rows(page)).to_have_count(min(100, both))
    page.fill("#fc-filter-text", NEEDLE["claimant"].lower())
    verdict = archive.records[NEEDLE_ID]["verdict"]
    page.select_option("#fc-filter-verdict", verdict)
    page.select_option("#fc-filter-topic", "")
    expect(rows(page)).to_have_count(1)
    expect(rows(page).locator("a")).to_have_attribute("href", archive(f"facts/{NEEDLE_ID}/"))
    page.select_option("#fc-filter-verdict", "")
    page.fill("#fc-filter-text", "")
    page.select_option("#fc-filter-sort", "claim-date-asc")
    oldest = min(r["claim_date"] for r in archive.records.values())
    expect(rows(page).first.locator("time")).to_have_attribute("datetime", oldest)
    assert traffic.errors == []
    assert traffic.foreign() == []


# -- the real site -----------------------------------------------------------------


def test_real_site_search(real_site: str, page: Page) -> None:
    traffic = watch(page, real_site)
    page.goto(real_site, wait_until="networkidle")
    search_for(page, "Khurelsukh")
    first = results(page).first
    expect(first).to_be_visible()
    expect(first.locator(".fc-badge")).to_have_count(1)
    meta = page.locator("[data-fc-search-meta]")
    before = meta.inner_text()
    open_search_filters(page)
    # On wide screens the dialog sits in the header: its labels must not take the header's white.
    check_axe(page, "search with its filters open")
    page.select_option("[data-fc-search-filters] select[name=verdict]", index=1)
    expect(meta).not_to_have_text(before)
    label = page.locator("[data-fc-search-filters] select[name=verdict] option:checked").inner_text().rsplit(" (", 1)[0]
    assert set(page.locator(".md-search-result__item .fc-badge").all_inner_texts()) <= {label}
    page.keyboard.press("Escape")
    assert traffic.foreign() == []
    assert traffic.errors == []


def test_real_site_index_filters(real_site: str, page: Page) -> None:
    page.goto(real_site + "facts/")
    total = int(page.locator("[data-fc-index]").get_attribute("data-fc-total") or 0)
    counts = {
        item.get_attribute("data-count-for"): int(item.inner_text()) for item in page.locator("[data-count-for]").all()
    }
    verdict, count = max(counts.items(), key=lambda pair: pair[1])
    assert 0 < count < total
    page.select_option("#fc-filter-verdict", verdict)
    expect(page.locator("[data-fc-status]")).to_have_text(f"Showing {count} of {total} facts")
    expect(rows(page)).to_have_count(count)
    expect(rows(page).locator(f".fc-badge--{verdict}")).to_have_count(count)


def test_real_site_search_in_the_dark_palette_and_on_phones(real_site: str, browser: Any) -> None:
    for options in ({"color_scheme": "dark"}, {"color_scheme": "dark", "viewport": {"width": 360, "height": 740}}):
        context = browser.new_context(**options)
        try:
            page = context.new_page()
            page.goto(real_site, wait_until="networkidle")
            search_for(page, "Khurelsukh")
            expect(results(page).first).to_be_visible(timeout=20_000)
            open_search_filters(page)
            check_axe(page, f"search with its filters open ({options})")
        finally:
            context.close()
