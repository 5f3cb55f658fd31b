"""The open dataset: facts as JSON, CSV and an Atom feed, byte-stable for the same input."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Callable, Iterable, Mapping
from typing import Any
from xml.etree import ElementTree as ET

from ..records.model import Fact
from ..records.scale import RatingScale
from ..records.schema import SCHEMA_VERSION, Correction

DATASET_VERSION = "1.0"
CSV_COLUMNS = (
    "id",
    "url",
    "title",
    "claim",
    "claimant",
    "claim_date",
    "verdict",
    "verdict_label",
    "rating_value",
    "verdict_summary",
    "topics",
    "published",
    "updated",
    "sources",
    "corrections",
)
# Spreadsheets run cells that start like formulas; a leading apostrophe keeps them text.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


# Absolute page URL of each fact, by id, as the site generator built them; a fact without one gets null.
FactUrls = Mapping[str, str]
NO_URLS: FactUrls = {}


def directory_urls(facts: Iterable[Fact], site_url: str | None) -> dict[str, str]:
    """Fact page URLs as MkDocs writes them by default (``facts/<id>/``), for exports made outside a build."""
    if not site_url:
        return {}
    return {fact.id: f"{site_url.rstrip('/')}/facts/{fact.id}/" for fact in facts}


def fact_data(fact: Fact, scale: RatingScale, urls: FactUrls) -> dict[str, Any]:
    """One fact as plain JSON-ready data, in schema field order."""
    rating = scale[fact.record.verdict]
    data: dict[str, Any] = {"id": fact.id, "url": urls.get(fact.id)}
    data.update(fact.record.model_dump(mode="json", exclude_none=True))
    data["verdict_label"] = rating.label
    data["rating_value"] = rating.rating_value
    return data


def dataset(facts: Iterable[Fact], scale: RatingScale, urls: FactUrls = NO_URLS) -> dict[str, Any]:
    """The versioned dataset of ``facts`` (documented in docs/dataset.md)."""
    return {
        "dataset_version": DATASET_VERSION,
        "record_schema_version": SCHEMA_VERSION,
        "rating_scale": [rating.model_dump(mode="json") for rating in scale],
        "facts": [fact_data(fact, scale, urls) for fact in facts],
    }


def to_json(facts: Iterable[Fact], scale: RatingScale, urls: FactUrls = NO_URLS) -> str:
    """The dataset as JSON with one fact per line: readable in diffs, and encoded one fact at a time."""
    head = {key: value for key, value in dataset([], scale).items() if key != "facts"}
    lines = [json.dumps(fact_data(fact, scale, urls), ensure_ascii=False) for fact in facts]
    facts_json = "[\n" + ",\n".join(lines) + "\n  ]" if lines else "[]"
    return json.dumps(head, ensure_ascii=False, indent=2)[:-2] + ',\n  "facts": ' + facts_json + "\n}\n"


def _cell(value: object) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_PREFIXES) else text


def to_csv(facts: Iterable[Fact], scale: RatingScale, urls: FactUrls = NO_URLS) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for fact in facts:
        record = fact.record
        rating = scale[record.verdict]
        row = {
            "id": fact.id,
            "url": urls.get(fact.id),
            "title": record.title,
            "claim": record.claim,
            "claimant": record.claimant.name,
            "claim_date": record.claim_date.isoformat(),
            "verdict": record.verdict,
            "verdict_label": rating.label,
            "rating_value": rating.rating_value,
            "verdict_summary": record.verdict_summary,
            "topics": ";".join(record.topics),
            "published": record.published.isoformat() if record.published else None,
            "updated": record.updated.isoformat() if record.updated else None,
            "sources": " ".join(source.url for source in record.sources),
            "corrections": len(record.corrections),
        }
        writer.writerow([_cell(row[column]) for column in CSV_COLUMNS])
    return buffer.getvalue()


def _timestamp(day: dt.date) -> str:
    return f"{day.isoformat()}T00:00:00Z"


def last_changed(fact: Fact) -> dt.date:
    record = fact.record
    dates = [d for d in (record.published, record.updated, *(c.date for c in record.corrections)) if d]
    return max(dates) if dates else record.claim_date


def _corrected(correction: Correction) -> str:
    return f"Corrected {correction.date.isoformat()}: {correction.change}"


def to_atom(
    facts: Iterable[Fact],
    scale: RatingScale,
    urls: FactUrls,
    *,
    site_url: str,
    title: str,
    entries: int | None = None,
    describe_correction: Callable[[Correction], str] = _corrected,
) -> str:
    """An Atom feed of published facts, newest change first; corrections are named in the summary.

    With ``entries``, only that many of the most recently published, updated or corrected facts: a feed
    reader polls the feed, so it carries what is new, and the dataset keeps the whole history.
    """
    ordered = sorted(facts, key=lambda fact: (last_changed(fact), fact.id), reverse=True)
    if entries is not None:
        ordered = ordered[:entries]
    ns = "http://www.w3.org/2005/Atom"
    ET.register_namespace("", ns)
    feed = ET.Element(f"{{{ns}}}feed")
    base = site_url.rstrip("/") + "/"
    ET.SubElement(feed, f"{{{ns}}}title").text = title
    ET.SubElement(feed, f"{{{ns}}}id").text = base
    ET.SubElement(feed, f"{{{ns}}}link", href=base)
    ET.SubElement(feed, f"{{{ns}}}link", rel="self", href=base + "feed.xml")
    newest = last_changed(ordered[0]) if ordered else dt.date(1970, 1, 1)
    ET.SubElement(feed, f"{{{ns}}}updated").text = _timestamp(newest)
    for fact in ordered:
        record = fact.record
        url = urls.get(fact.id, "")
        entry = ET.SubElement(feed, f"{{{ns}}}entry")
        ET.SubElement(entry, f"{{{ns}}}title").text = f"{scale[record.verdict].label}: {record.title}"
        ET.SubElement(entry, f"{{{ns}}}id").text = url
        ET.SubElement(entry, f"{{{ns}}}link", href=url)
        ET.SubElement(entry, f"{{{ns}}}published").text = _timestamp(record.published or record.claim_date)
        ET.SubElement(entry, f"{{{ns}}}updated").text = _timestamp(last_changed(fact))
        ET.SubElement(ET.SubElement(entry, f"{{{ns}}}author"), f"{{{ns}}}name").text = record.author
        summary = record.verdict_summary
        if record.corrections:
            summary += " " + describe_correction(record.corrections[-1])
        ET.SubElement(entry, f"{{{ns}}}summary").text = summary
        for topic in record.topics:
            ET.SubElement(entry, f"{{{ns}}}category", term=topic)
    ET.indent(feed)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(feed, encoding="unicode") + "\n"
