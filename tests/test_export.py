"""The open dataset's files hold exactly the data of the published facts."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from factcheck.publish import export
from factcheck.records.loader import load_facts
from factcheck.records.scale import DEFAULT_SCALE

from .conftest import VALID_RECORD


def test_json_file_is_the_dataset_one_fact_per_line(tmp_path: Path) -> None:
    for name in ("a", "b"):
        (tmp_path / f"{name}.yml").write_text(VALID_RECORD, encoding="utf-8")
    facts = list(load_facts(tmp_path, DEFAULT_SCALE, today=dt.date(2026, 11, 28)).facts.values())
    urls = export.directory_urls(facts, "https://checks.example.org/")
    text = export.to_json(facts, DEFAULT_SCALE, urls)
    assert json.loads(text) == export.dataset(facts, DEFAULT_SCALE, urls)
    assert json.loads(text)["facts"][0]["url"] == "https://checks.example.org/facts/a/"
    fact_lines = [line for line in text.splitlines() if line.startswith('{"id": ')]
    assert len(fact_lines) == 2 and all(
        json.loads(line.rstrip(","))["claim_date"] == "2024-08-30" for line in fact_lines
    )
    empty = export.to_json([], DEFAULT_SCALE)
    assert json.loads(empty)["facts"] == []
