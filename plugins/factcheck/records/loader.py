"""Loading a folder of fact records: read, validate, cross-check, report every problem at once."""

from __future__ import annotations

import datetime as dt
import difflib
import os
import stat
import types
import typing
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from . import rules
from .model import Fact, FactSet, LocatedFact
from .problems import Problem, Severity, format_field_path, shown
from .scale import RatingScale
from .schema import ID_PATTERN, RESERVED_IDS, FactRecord
from .yamlsource import MAX_FILE_BYTES, Document, FieldPath, read_document, size_problem

RECORD_SUFFIXES = (".yml", ".yaml")


def display_path(path: Path, base: Path | None) -> str:
    if base is not None:
        try:
            return path.resolve().relative_to(base.resolve()).as_posix()
        except ValueError:
            pass
    return path.as_posix()


def discover(facts_dir: Path) -> list[Path]:
    """Record files below ``facts_dir``, in a stable order."""
    return sorted(
        (p for p in facts_dir.rglob("*") if p.suffix in RECORD_SUFFIXES and not p.name.startswith(".")),
        key=lambda p: p.as_posix(),
    )


def ignored_record_problem(path: Path, file: str) -> Problem | None:
    """Why a file that looks like a record is not read as one; None for records and other files."""
    if path.suffix.lower() not in RECORD_SUFFIXES:
        return None
    if path.name.startswith("."):
        return Problem(
            file,
            1,
            1,
            "",
            "not read: a file whose name starts with '.' is hidden, not a record; rename it if it is one",
            Severity.WARNING,
        )
    if path.suffix not in RECORD_SUFFIXES:
        return Problem(
            file,
            1,
            1,
            "",
            "not read: records end in .yml or .yaml in lowercase; "
            f"rename it to {shown(path.stem + path.suffix.lower())}",
        )
    return None


def _ignored_records(facts_dir: Path) -> list[Path]:
    """Files that look like records but that :func:`discover` leaves out: hidden, or an upper-case suffix."""
    return sorted(
        (
            p
            for p in facts_dir.rglob("*")
            if p.suffix.lower() in RECORD_SUFFIXES and (p.name.startswith(".") or p.suffix not in RECORD_SUFFIXES)
        ),
        key=lambda p: p.as_posix(),
    )


def load_record(raw: bytes, fact_id: str, file: str, scale: RatingScale) -> tuple[Fact | None, list[Problem]]:
    """Validate one record's bytes against the schema."""
    located, problems = _load_located_record(raw, fact_id, file, scale)
    return (located.fact if located else None), problems


def _load_located_record(
    raw: bytes, fact_id: str, file: str, scale: RatingScale
) -> tuple[LocatedFact | None, list[Problem]]:
    problems: list[Problem] = []
    if not ID_PATTERN.match(fact_id):
        problems.append(
            Problem(
                file,
                1,
                1,
                "",
                f"{shown(fact_id)} is not a valid fact id: rename the file using lowercase letters, digits and "
                "single hyphens, e.g. mongolia-icc-member.yml",
            )
        )
    elif fact_id in RESERVED_IDS:
        problems.append(
            Problem(
                file,
                1,
                1,
                "",
                f"the id {shown(fact_id)} is reserved: its page would replace facts/{fact_id}.md, the list of all "
                "facts; rename the file",
            )
        )
    document, read_problems = read_document(raw, file)
    problems += read_problems
    if document is None:
        return None, problems
    if not isinstance(document.data, dict):
        return None, [
            *problems,
            Problem(file, 1, 1, "", "a record is a set of 'field: value' lines, not a list or text"),
        ]
    try:
        record = FactRecord.model_validate(document.data, context={"scale": scale})
    except ValidationError as error:
        return None, problems + validation_problems(error, document, file)
    if problems:
        return None, problems
    return LocatedFact(Fact(fact_id, record, file), document), problems


def load_facts(
    facts_dir: Path,
    scale: RatingScale,
    *,
    base_dir: Path | None = None,
    today: dt.date | None = None,
    topic_labels: dict[str, str] | None = None,
) -> FactSet:
    """Load and check every record below ``facts_dir``. Never raises for bad records.

    With ``topic_labels`` (the site's labels), a topic key without a label is a warning; an empty or
    missing mapping means the site labels every topic by its key.
    """
    today = today or dt.date.today()
    fact_set = FactSet()
    if not facts_dir.is_dir():
        fact_set.problems.append(
            Problem(
                display_path(facts_dir, base_dir),
                1,
                1,
                "",
                "the facts folder does not exist: create it or fix `facts_dir`",
            )
        )
        return fact_set
    first_file_of: dict[str, str] = {}
    located: list[LocatedFact] = []
    failed: dict[str, str] = {}
    # Resolve the folders once; the files below them are then named without touching the disk again.
    root = facts_dir.resolve()
    base = base_dir.resolve() if base_dir is not None else None

    def name(path: Path) -> str:
        return path.relative_to(base).as_posix() if base is not None and path.is_relative_to(base) else path.as_posix()

    for path in _ignored_records(root):
        ignored = ignored_record_problem(path, name(path))
        if ignored is not None:
            fact_set.problems.append(ignored)
    for path in discover(root):
        file = name(path)
        if path.is_symlink():
            fact_set.problems.append(
                Problem(file, 1, 1, "", "symbolic links are not allowed in the facts folder: copy the file instead")
            )
            continue
        fact_id = path.stem
        if fact_id in first_file_of:
            first = first_file_of[fact_id]
            # Both files are reported, so that checking either one of them says what the build says.
            for this, other in ((file, first), (first, file)):
                fact_set.problems.append(
                    Problem(
                        this,
                        1,
                        1,
                        "",
                        f"duplicate fact id {shown(fact_id)}: {other} has the same id; rename one of them",
                    )
                )
            continue
        first_file_of[fact_id] = file
        raw = _read_record_bytes(path, file)
        if isinstance(raw, Problem):
            fact_set.problems.append(raw)
            failed[fact_id] = file
            continue
        one, problems = _load_located_record(raw, fact_id, file, scale)
        fact_set.problems.extend(problems)
        if one is None:
            failed[fact_id] = file
        else:
            fact_set.problems.extend(rules.check_record(one, today, topic_labels))
            # Keep only the positions the cross-record rules report on: the rest would cost memory for nothing.
            located.append(LocatedFact(one.fact, one.document.only(("related",))))
    fact_set.problems.extend(rules.check_related(located, failed))
    fact_set.facts = {one.fact.id: one.fact for one in sorted(located, key=lambda one: one.fact.id)}
    fact_set.problems.sort(key=lambda p: (p.file, p.line, p.column, p.severity is Severity.WARNING, p.message))
    return fact_set


def _read_record_bytes(path: Path, file: str) -> bytes | Problem:
    """The bytes of a record, or the problem of a file too large to read: its size is checked first."""
    status = path.stat()
    if not stat.S_ISREG(status.st_mode):  # a folder or a pipe named x.yml would never end reading
        return Problem(file, 1, 1, "", "not a regular file: a record is a plain text file")
    too_large = size_problem(status.st_size, file)
    if too_large is not None:
        return too_large
    with path.open("rb") as stream:
        raw = stream.read(MAX_FILE_BYTES + 1)  # the file may have grown since
    return size_problem(len(raw), file) or raw


def _model_at(path: Iterable[str | int]) -> type[BaseModel] | None:
    """The schema model that describes the mapping at ``path``."""
    model: type[BaseModel] | None = FactRecord
    for part in path:
        if model is None or isinstance(part, int):
            continue
        info = model.model_fields.get(part)
        model = _unwrap_model(info.annotation) if info else None
    return model


def _unwrap_model(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    origin = typing.get_origin(annotation)
    if origin in (list, typing.Union, types.UnionType) or origin is typing.Annotated:
        for argument in typing.get_args(annotation):
            found = _unwrap_model(argument)
            if found is not None:
                return found
    return None


def _kind_of(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, dict):
        return "a mapping of fields"
    if isinstance(value, list):
        return "a list"
    return f"the text {shown(value)}"


def _describe(error: dict[str, Any]) -> str:
    kind = error["type"]
    value = error.get("input")
    context = error.get("ctx") or {}
    if kind == "value_error":
        return str(context.get("error", error["msg"]))
    if kind == "literal_error":
        return f"{shown(value)} is not allowed: use one of {context.get('expected')}"
    if kind in ("string_type", "str_type"):
        if value is None:
            return "is empty: write a value, or remove the line if the field is optional"
        return f"expected text, found {_kind_of(value)} (check the indentation)"
    if kind == "list_type":
        return f"expected a list (lines starting with '- '), found {_kind_of(value)}"
    if kind in ("model_type", "dict_type", "model_attributes_type"):
        return f"expected fields ('name: value' lines indented below), found {_kind_of(value)}"
    if kind in ("date_type", "date_from_datetime_parsing", "date_parsing"):
        return f"expected a date as YYYY-MM-DD, found {_kind_of(value)}"
    if kind == "too_short":
        minimum = context.get("min_length", 1)
        return f"needs at least {minimum} item{'s' if minimum != 1 else ''}"
    if kind == "string_too_short":
        return "is empty: write the text"
    if kind == "string_too_long" or (kind == "too_long" and isinstance(value, str)):
        return f"is {len(value or '')} characters long; the limit is {context.get('max_length')}: shorten it"
    if kind == "too_long":
        return f"has {context.get('actual_length')} items; the limit is {context.get('max_length')}: remove some"
    return str(error["msg"])


def validation_problems(error: ValidationError, document: Document, file: str) -> list[Problem]:
    """Turn pydantic's errors into located, readable problems."""
    problems = []
    for item in error.errors(include_url=False):
        path: FieldPath = tuple(item["loc"])
        field_name = format_field_path(path)
        if item["type"] == "missing":
            position = document.position_of(path[:-1])
            message = f"required field '{path[-1]}' is missing: add it"
        elif item["type"] == "extra_forbidden":
            position = document.key_position_of(path)
            model = _model_at(path[:-1])
            known = list(model.model_fields) if model else []
            suggestion = difflib.get_close_matches(str(path[-1]), known, n=1, cutoff=0.6)
            hint = f"did you mean '{suggestion[0]}'?" if suggestion else f"allowed fields: {', '.join(known)}"
            message = f"unknown field '{path[-1]}': {hint}"
        else:
            position = document.position_of(path)
            message = _describe(dict(item))
        problems.append(Problem(file, position.line, position.column, field_name, message))
    return problems


def find_symlinks(folders: Iterable[Path]) -> list[Path]:
    """Symbolic links below ``folders``: they could publish files from outside the repository."""
    found: list[Path] = []
    for folder in folders:
        if folder.is_symlink():
            found.append(folder)
            continue
        if not folder.is_dir():
            continue
        for root, directories, files in os.walk(folder):  # never follows links
            found += [Path(root, name) for name in (*directories, *files) if Path(root, name).is_symlink()]
    return sorted(found)
