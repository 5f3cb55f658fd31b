"""Every address and quote in facts/ is backed by the source ledger: found, and seen verbatim."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from .conftest import REPO

LEDGER = REPO / "research" / "source-ledger.yml"


def ledger() -> dict[str, dict[str, Any]]:
    rows = yaml.safe_load(LEDGER.read_text(encoding="utf-8"))
    return {row["url"]: row for row in rows}


def cited(record: dict[str, Any]) -> Iterator[tuple[str, str, str | None]]:
    """(field, url, quote) for every address a record cites."""
    claimant = record.get("claimant") or {}
    if claimant.get("url"):
        yield "claimant.url", claimant["url"], None
    for index, appearance in enumerate(record.get("appearances") or []):
        if appearance.get("url"):
            yield f"appearances[{index}].url", appearance["url"], None
    for index, source in enumerate(record.get("sources") or []):
        yield f"sources[{index}].url", source["url"], source.get("quote")
        if source.get("archive_url"):
            yield f"sources[{index}].archive_url", source["archive_url"], None


RECORDS = sorted((REPO / "facts").glob("*.yml"))


def test_the_ledger_has_one_row_per_url_and_dates_each_check() -> None:
    rows = yaml.safe_load(LEDGER.read_text(encoding="utf-8"))
    urls = [row["url"] for row in rows]
    assert len(urls) == len(set(urls))
    for row in rows:
        assert isinstance(row["found"], bool), row["url"]
        assert isinstance(row["checked"], dt.date), row["url"]
        for quote in row.get("quotes", []):
            assert isinstance(quote["verbatim"], bool), row["url"]


@pytest.mark.parametrize("path", RECORDS, ids=lambda path: Path(path).name)
def test_every_url_and_quote_of_a_record_is_in_the_ledger(path: Path) -> None:
    rows = ledger()
    record = yaml.safe_load(path.read_text(encoding="utf-8"))
    for field, url, quote in cited(record):
        row = rows.get(url)
        assert row is not None, f"{path.name}: {field} {url} is not in research/source-ledger.yml"
        assert row["found"] is True, f"{path.name}: {field} {url} is in the ledger as not found"
        if quote is not None:
            verbatim = {q["text"]: q["verbatim"] for q in row.get("quotes", [])}
            assert verbatim.get(quote.strip()) is True, f"{path.name}: {field}: quote not verified verbatim: {quote!r}"
