"""Editorial rules that span fields or records: date order, publishing requirements, related ids."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Mapping
from typing import TYPE_CHECKING

from .problems import Problem, Severity, format_field_path
from .schema import CLAIM_LENGTH_ADVISED
from .yamlsource import FieldPath

if TYPE_CHECKING:
    from .model import Fact, LocatedFact

MINIMUM_SOURCES_ADVISED = 2


def _at(located: LocatedFact, path: FieldPath, message: str, severity: Severity = Severity.ERROR) -> Problem:
    position = located.document.position_of(path)
    return Problem(located.fact.file, position.line, position.column, format_field_path(path), message, severity)


def check_record(located: LocatedFact, today: dt.date, topic_labels: Mapping[str, str] | None = None) -> list[Problem]:
    """The rules that need one record alone (and the site's topic labels, when it has any)."""
    return [
        *_check_dates(located, today),
        *_check_publishing(located),
        *_check_freshness(located, today),
        *_check_duplicates(located),
        *_check_topic_labels(located, topic_labels or {}),
    ]


def check_related(facts: Iterable[LocatedFact], failed: Mapping[str, str] | None = None) -> list[Problem]:
    """The rules across records: every related id names a fact that readers can reach.

    ``failed`` maps the ids of records that could not be read or validated to their files.
    """
    facts = list(facts)
    by_id = {located.fact.id: located.fact for located in facts}
    return [problem for located in facts for problem in _check_related(located, by_id, failed or {})]


def _check_topic_labels(located: LocatedFact, topic_labels: Mapping[str, str]) -> Iterator[Problem]:
    # A site without labels shows every key capitalised, as documented; a site with labels has a list
    # to keep complete, and a key missing from it is most likely a typo.
    if not topic_labels:
        return
    for i, topic in enumerate(located.fact.record.topics):
        if topic not in topic_labels:
            yield _at(
                located,
                ("topics", i),
                f"topic '{topic}' has no label in plugins.factcheck.topics of mkdocs.yml: add one there, "
                "or use one of the labelled keys",
                Severity.WARNING,
            )


def _check_dates(located: LocatedFact, today: dt.date) -> Iterator[Problem]:
    fact = located.fact
    record = fact.record
    dated: list[tuple[FieldPath, dt.date | None]] = [
        (("claim_date",), record.claim_date),
        (("published",), record.published),
        (("updated",), record.updated),
    ]
    dated += [(("appearances", i, "date"), a.date) for i, a in enumerate(record.appearances)]
    dated += [(("sources", i, "published"), s.published) for i, s in enumerate(record.sources)]
    dated += [(("sources", i, "accessed"), s.accessed) for i, s in enumerate(record.sources)]
    dated += [(("corrections", i, "date"), c.date) for i, c in enumerate(record.corrections)]
    for path, value in dated:
        if value is not None and value > today:
            yield _at(located, path, f"{value} is in the future (today is {today}): check the year")

    for i, appearance in enumerate(record.appearances):
        if appearance.date and appearance.date < record.claim_date:
            yield _at(
                located,
                ("appearances", i, "date"),
                f"{appearance.date} is before claim_date {record.claim_date}: a claim cannot appear before it is made",
            )
    if record.published and record.published < record.claim_date:
        yield _at(
            located, ("published",), f"{record.published} is before claim_date {record.claim_date}: check both dates"
        )
    if record.updated and record.published and record.updated < record.published:
        yield _at(located, ("updated",), f"{record.updated} is before published {record.published}: check both dates")
    if record.review_by and record.published and record.review_by <= record.published:
        yield _at(located, ("review_by",), f"{record.review_by} is not after published {record.published}")
    for i, source in enumerate(record.sources):
        if source.published and source.accessed < source.published:
            yield _at(
                located,
                ("sources", i, "accessed"),
                f"{source.accessed} is before the source was published ({source.published}): check both dates",
            )
    for i, correction in enumerate(record.corrections):
        if record.published and correction.date < record.published:
            yield _at(
                located,
                ("corrections", i, "date"),
                f"{correction.date} is before the fact was published ({record.published}): "
                "a correction follows publication",
            )
        if i and correction.date < record.corrections[i - 1].date:
            yield _at(located, ("corrections", i, "date"), "corrections must be listed oldest first")
    if record.corrections:
        latest = max(c.date for c in record.corrections)
        if record.updated is None or record.updated < latest:
            yield _at(
                located,
                ("updated",) if record.updated else (),
                f"a correction was made on {latest}: set updated to {latest} or later",
            )


def _check_publishing(located: LocatedFact) -> Iterator[Problem]:
    fact = located.fact
    record = fact.record
    if len(record.claim) > CLAIM_LENGTH_ADVISED:
        yield _at(
            located,
            ("claim",),
            f"the claim is {len(record.claim)} characters; ClaimReview readers show about {CLAIM_LENGTH_ADVISED}: "
            "quote the checkable part",
            Severity.WARNING,
        )
    if not fact.is_published:
        return
    if "TODO" in fact.record.model_dump_json():
        yield _at(located, (), "a published fact still contains 'TODO' placeholders: replace them")
    if not record.sources:
        yield _at(
            located,
            ("sources",) if "sources" in located.document.data else (),
            "a published fact needs at least one source",
        )
    elif len(record.sources) < MINIMUM_SOURCES_ADVISED:
        yield _at(
            located,
            ("sources",),
            f"a published fact should cite at least {MINIMUM_SOURCES_ADVISED} independent sources",
            Severity.WARNING,
        )
    if record.reviewer is None:
        yield _at(located, (), "a published fact needs a reviewer: add 'reviewer: <name>' or set status: review")
    elif record.reviewer == record.author:
        yield _at(
            located,
            ("reviewer",),
            "the reviewer is the author: a second person must read a fact against its sources before it is published",
        )
    if record.published is None:
        yield _at(located, (), "a published fact needs a 'published' date (YYYY-MM-DD)")


def _check_freshness(located: LocatedFact, today: dt.date) -> Iterator[Problem]:
    """Advice on published facts: a review that is due, and sources that travel unencrypted."""
    record = located.fact.record
    if not located.fact.is_published:
        return
    if record.review_by and record.review_by < today:
        yield _at(
            located,
            ("review_by",),
            f"the review was due on {record.review_by}: check the fact against its sources again, "
            "then set review_by to the next date",
            Severity.NOTICE,
        )
    for i, source in enumerate(record.sources):
        for field_name, url in (("url", source.url), ("archive_url", source.archive_url)):
            if url and url.startswith("http://"):
                yield _at(
                    located,
                    ("sources", i, field_name),
                    "a plain http:// address can be altered on the way to readers: "
                    "cite the https:// address if the site has one",
                    Severity.NOTICE,
                )


def _check_related(located: LocatedFact, by_id: dict[str, Fact], failed: Mapping[str, str]) -> Iterator[Problem]:
    fact = located.fact
    for i, related_id in enumerate(fact.record.related):
        path: FieldPath = ("related", i)
        if related_id == fact.id:
            yield _at(located, path, "a fact cannot be related to itself")
        elif related_id in failed:
            yield _at(located, path, f"the linked record {failed[related_id]} has errors: fix them first")
        elif related_id not in by_id:
            yield _at(located, path, f"no fact has the id '{related_id}': check the spelling against facts/")
        elif fact.is_published and not by_id[related_id].is_published:
            yield _at(
                located, path, f"'{related_id}' is not published, so readers will not see the link", Severity.WARNING
            )


def _check_duplicates(located: LocatedFact) -> Iterator[Problem]:
    fact = located.fact
    for field_name in ("topics", "related"):
        values: list[str] = getattr(fact.record, field_name)
        for i, value in enumerate(values):
            if value in values[:i]:
                yield _at(located, (field_name, i), f"'{value}' is listed twice: remove one")
