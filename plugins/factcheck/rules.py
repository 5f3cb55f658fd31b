"""Editorial rules that span fields or records: date order, publishing requirements, related ids."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

from .problems import Problem, Severity, format_field_path
from .schema import CLAIM_LENGTH_ADVISED
from .yamlsource import FieldPath

if TYPE_CHECKING:
    from .loader import Fact

MINIMUM_SOURCES_ADVISED = 2


def _at(fact: Fact, path: FieldPath, message: str, severity: Severity = Severity.ERROR) -> Problem:
    position = fact.document.position_of(path)
    return Problem(fact.file, position.line, position.column, format_field_path(path), message, severity)


def check_facts(facts: Iterable[Fact], today: dt.date) -> list[Problem]:
    facts = list(facts)
    by_id = {fact.id: fact for fact in facts}
    problems: list[Problem] = []
    for fact in facts:
        problems.extend(_check_dates(fact, today))
        problems.extend(_check_publishing(fact))
        problems.extend(_check_related(fact, by_id))
        problems.extend(_check_duplicates(fact))
    return problems


def _check_dates(fact: Fact, today: dt.date) -> Iterator[Problem]:
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
            yield _at(fact, path, f"{value} is in the future (today is {today}): check the year")

    for i, appearance in enumerate(record.appearances):
        if appearance.date and appearance.date < record.claim_date:
            yield _at(
                fact,
                ("appearances", i, "date"),
                f"{appearance.date} is before claim_date {record.claim_date}: a claim cannot appear before it is made",
            )
    if record.published and record.published < record.claim_date:
        yield _at(
            fact, ("published",), f"{record.published} is before claim_date {record.claim_date}: check both dates"
        )
    if record.updated and record.published and record.updated < record.published:
        yield _at(fact, ("updated",), f"{record.updated} is before published {record.published}: check both dates")
    if record.review_by and record.published and record.review_by <= record.published:
        yield _at(fact, ("review_by",), f"{record.review_by} is not after published {record.published}")
    for i, source in enumerate(record.sources):
        if source.published and source.accessed < source.published:
            yield _at(
                fact,
                ("sources", i, "accessed"),
                f"{source.accessed} is before the source was published ({source.published}): check both dates",
            )
    for i, correction in enumerate(record.corrections):
        if record.published and correction.date < record.published:
            yield _at(
                fact,
                ("corrections", i, "date"),
                f"{correction.date} is before the fact was published ({record.published}): "
                "a correction follows publication",
            )
        if i and correction.date < record.corrections[i - 1].date:
            yield _at(fact, ("corrections", i, "date"), "corrections must be listed oldest first")
    if record.corrections:
        latest = max(c.date for c in record.corrections)
        if record.updated is None or record.updated < latest:
            yield _at(
                fact,
                ("updated",) if record.updated else (),
                f"a correction was made on {latest}: set updated to {latest} or later",
            )


def _check_publishing(fact: Fact) -> Iterator[Problem]:
    record = fact.record
    if len(record.claim) > CLAIM_LENGTH_ADVISED:
        yield _at(
            fact,
            ("claim",),
            f"the claim is {len(record.claim)} characters; ClaimReview readers show about {CLAIM_LENGTH_ADVISED}: "
            "quote the checkable part",
            Severity.WARNING,
        )
    if not fact.is_published:
        return
    if "TODO" in fact.record.model_dump_json():
        yield _at(fact, (), "a published fact still contains 'TODO' placeholders: replace them")
    if not record.sources:
        yield _at(
            fact, ("sources",) if "sources" in fact.document.data else (), "a published fact needs at least one source"
        )
    elif len(record.sources) < MINIMUM_SOURCES_ADVISED:
        yield _at(
            fact,
            ("sources",),
            f"a published fact should cite at least {MINIMUM_SOURCES_ADVISED} independent sources",
            Severity.WARNING,
        )
    if record.reviewer is None:
        yield _at(fact, (), "a published fact needs a reviewer: add 'reviewer: <name>' or set status: review")
    elif record.reviewer == record.author:
        yield _at(fact, ("reviewer",), "the reviewer should not be the author", Severity.WARNING)
    if record.published is None:
        yield _at(fact, (), "a published fact needs a 'published' date (YYYY-MM-DD)")


def _check_related(fact: Fact, by_id: dict[str, Fact]) -> Iterator[Problem]:
    for i, related_id in enumerate(fact.record.related):
        path: FieldPath = ("related", i)
        if related_id == fact.id:
            yield _at(fact, path, "a fact cannot be related to itself")
        elif related_id not in by_id:
            yield _at(fact, path, f"no fact has the id '{related_id}': check the spelling against the files in facts/")
        elif fact.is_published and not by_id[related_id].is_published:
            yield _at(
                fact, path, f"'{related_id}' is not published, so readers will not see the link", Severity.WARNING
            )


def _check_duplicates(fact: Fact) -> Iterator[Problem]:
    for field_name in ("topics", "related"):
        values: list[str] = getattr(fact.record, field_name)
        for i, value in enumerate(values):
            if value in values[:i]:
                yield _at(fact, (field_name, i), f"'{value}' is listed twice: remove one")
