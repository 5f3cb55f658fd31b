"""What a loaded record is: a fact with its id and file, a set of facts with their problems, and a fact
with its fields' positions for the rules."""

from __future__ import annotations

from dataclasses import dataclass, field

from .problems import Problem, errors
from .schema import FactRecord
from .yamlsource import Document


@dataclass(frozen=True)
class Fact:
    """A valid record with its id and where it came from."""

    id: str
    record: FactRecord
    file: str

    @property
    def is_published(self) -> bool:
        return self.record.status == "published"


@dataclass
class FactSet:
    """Every record of a folder, and every problem found in them."""

    facts: dict[str, Fact] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not errors(self.problems)

    def published(self) -> list[Fact]:
        return [fact for fact in self.facts.values() if fact.is_published]

    def visible(self, include_drafts: bool) -> list[Fact]:
        return list(self.facts.values()) if include_drafts else self.published()


@dataclass(frozen=True)
class LocatedFact:
    """A fact with the positions of its fields, for rules that report on them."""

    fact: Fact
    document: Document
