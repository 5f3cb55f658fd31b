"""Every page carries a Content-Security-Policy that the whole site runs under with zero violations."""

from __future__ import annotations

import base64
import hashlib
import re
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from factcheck.publish import security

from .conftest import VALID_RECORD, site_config

RECORD_VIOLATIONS = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__violations.push(event.violatedDirective + " " + (event.blockedURI || "inline") + " " + event.sample);
});
"""


def test_inline_script_hashes_cover_only_scripts_that_run() -> None:
    page = (
        "<head><script>a()</script><script src='x.js'></script>"
        '<script type="application/json">{"a": 1}</script><script type="module">b()</script><script>a()</script>'
    )
    expected = [f"'sha256-{base64.b64encode(hashlib.sha256(body).digest()).decode()}'" for body in (b"a()", b"b()")]
    assert security.inline_script_hashes(page) == expected


def test_every_page_starts_its_head_with_the_policy(make_site: Any) -> None:
    build = make_site({"facts/mongolia-icc.yml": VALID_RECORD})
    assert build.returncode == 0, build.output
    pages = sorted(build.site.rglob("*.html"))
    assert len(pages) >= 4
    for path in pages:
        page = path.read_text(encoding="utf-8")
        head = re.search(r"<head[^>]*>(.*?)</head>", page, re.DOTALL)
        assert head, path
        first = head.group(1).lstrip()
        assert first.startswith('<meta http-equiv="Content-Security-Policy"'), path
        policy = re.search(r'Content-Security-Policy" content="([^"]*)"', first).group(1)  # type: ignore[union-attr]
        assert "default-src 'none'" in policy and "'unsafe-inline'" not in policy and "object-src 'none'" in policy
        for script_hash in security.inline_script_hashes(page):
            assert script_hash in policy, path
        assert '<meta name="referrer" content="strict-origin-when-cross-origin">' in page
    assert list(build.site.rglob("*.map")) == []


def test_the_policy_can_be_turned_off(make_site: Any) -> None:
    build = make_site({"facts/mongolia-icc.yml": VALID_RECORD}, config=site_config(content_security_policy=False))
    assert build.returncode == 0, build.output
    assert "Content-Security-Policy" not in build.read("index.html")


def violations(page: Page) -> list[str]:
    return list(page.evaluate("window.__violations"))


@pytest.mark.browser
def test_the_real_site_runs_under_its_policy(real_site: str, page: Page) -> None:
    console: list[str] = []
    page.on("console", lambda message: console.append(message.text) if message.type == "error" else None)
    page.add_init_script(RECORD_VIOLATIONS)
    page.goto(real_site)
    # A popover.
    page.locator(".fc-annotation").first.click()
    expect(page.locator(".fc-popover[role=dialog]")).to_be_visible()
    page.keyboard.press("Escape")
    # The palette toggle.
    page.locator("label.md-header__button[for^='__palette']:visible").first.click()
    # Search.
    page.keyboard.press("/")
    page.locator(".md-search__input").press_sequentially("Mongolia")
    # The first query loads the search index and its WebAssembly: allow for a busy machine.
    expect(page.locator(".md-search-result__item").first).to_be_visible(timeout=20_000)
    page.keyboard.press("Escape")
    # Instant navigation to the index, and a filter.
    page.locator("a.md-nav__link[href$='facts/']").first.click()
    expect(page.locator("form[data-fc-filters]")).to_be_visible()
    page.select_option("#fc-filter-verdict", "false")
    expect(page.locator("tr.fc-table__row:visible").first).to_be_visible()
    # A fact page.
    page.locator("tr.fc-table__row:visible a").first.click()
    expect(page.locator("article.fc-fact")).to_be_visible()
    assert violations(page) == []
    assert [text for text in console if "Content Security Policy" in text] == []
    # The policy is in force: a script the build did not write does not run, and is reported.
    page.evaluate(
        "() => { const s = document.createElement('script'); s.textContent = 'window.__ran = 1'; "
        "document.head.appendChild(s); }"
    )
    assert page.evaluate("window.__ran") is None
    expect(page.locator("body")).to_be_visible()
    assert any(v.startswith("script-src") for v in violations(page))
