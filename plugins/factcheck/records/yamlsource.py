"""Strict, position-aware reading of one YAML record.

PyYAML's loaders are unsafe for editor-written records in quiet ways: YAML 1.1
turns ``no`` into ``False`` and ``2024-09-03`` into a date, duplicate keys keep
the last value, and aliases can expand without bound. This reader never
constructs Python objects through PyYAML. It checks the raw text first, then
walks the parser's event stream itself, so that:

* every scalar is kept as the text the editor wrote (empty and ``null`` become
  ``None``); the schema decides what a value means;
* anchors, aliases, merge keys and explicit tags are refused before anything is
  expanded;
* every key and value keeps its line and column for error messages.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any, NamedTuple

import yaml

from .problems import Problem, format_field_path, shown

FieldPath = tuple[str | int, ...]

MAX_FILE_BYTES = 256 * 1024
MAX_DEPTH = 12
MAX_CHARACTER_PROBLEMS = 10
NULL_SCALARS = frozenset({"", "~", "null", "Null", "NULL"})

# Invisible characters that can make reviewed text differ from published text.
BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c")
ZERO_WIDTH = frozenset("\u200b\u200c\u200d\u2060\ufeff\u180e")
LINE_SEPARATORS = frozenset("\u2028\u2029\u0085")
# Every character _character_problem can object to (C0 and C1 controls except the line feed and a
# carriage return ending a line, and the sets above): text without one of them needs no per-character scan.
_SUSPECT_CHARACTER = re.compile(
    r"[\x00-\x09\x0b\x0c\x0e-\x1f\x7f-\x9f\u061c\u180e\u200b-\u200f\u202a-\u202e\u2028\u2029\u2060\u2066-\u2069\ufeff]"
    r"|\r(?!\n|\Z)"
)
# What a decoded value may not hold beyond that: the escapes of a double-quoted scalar ("\t", "\r",
# "\ud800") make characters the raw text never had. Line feeds are text; everything else is screened.
_SUSPECT_DECODED = re.compile(
    r"[\x00-\x09\x0b-\x1f\x7f-\x9f\u061c\u180e\u200b-\u200f\u202a-\u202e\u2028\u2029\u2060\u2066-\u2069\ufeff"
    r"\ud800-\udfff]"
)
# libyaml's parser, when PyYAML has it: much faster, and for ordinary records the same events and
# marks as the pure-Python parser. The two differ on a few unusual constructs (the marks of empty
# values, lax block scalar headers, plain text in flow collections, directives, complex keys); those
# are left to the pure-Python parser.
_FAST_LOADER: Any = getattr(yaml, "CSafeLoader", None)
_NOT_FOR_FAST_PARSER = re.compile(r"^(?:%|[ \t-]*\?(?:[ \t]|$))", re.MULTILINE)
_PLAIN_BLOCK_HEADER = re.compile(r"[|>](?:[+-][1-9]?|[1-9][+-]?)?(?:[ ]+(?:#.*)?)?")
_PLAIN_FLOW_ITEM = re.compile(r"[\w][\w .-]*")


class Position(NamedTuple):
    """A 1-based line and column (a tuple: one is made for every key and value of every record)."""

    line: int
    column: int


@dataclass
class Document:
    """The data of one record with the position of every key and value."""

    data: Any
    value_positions: dict[FieldPath, Position] = field(default_factory=dict)
    key_positions: dict[FieldPath, Position] = field(default_factory=dict)

    def position_of(self, path: FieldPath) -> Position:
        """Where ``path`` is written; for a missing field, where its parent starts."""
        for length in range(len(path), -1, -1):
            prefix = path[:length]
            if prefix in self.value_positions:
                return self.value_positions[prefix]
        return Position(1, 1)

    def only(self, prefix: FieldPath) -> Document:
        """A copy that keeps the positions under ``prefix`` alone, to report on them later with less memory."""
        keep = {path: position for path, position in self.value_positions.items() if path[: len(prefix)] == prefix}
        return Document(None, keep, {})

    def key_position_of(self, path: FieldPath) -> Position:
        return self.key_positions.get(path) or self.position_of(path)


class _Refused(Exception):
    """Stops the walk: the rest of the stream cannot be trusted."""


def _mark_position(mark: Any) -> Position:
    return Position(mark.line + 1, mark.column + 1)


def size_problem(size: int, file: str) -> Problem | None:
    """The problem with a file of ``size`` bytes, if it is too large: callers check before reading it."""
    if size <= MAX_FILE_BYTES:
        return None
    return Problem(
        file,
        1,
        1,
        "",
        f"the file is {size // 1024} KiB; a record may be at most "
        f"{MAX_FILE_BYTES // 1024} KiB: shorten the explanation or split the fact",
    )


def check_text(raw: bytes, file: str) -> tuple[str | None, list[Problem]]:
    """Decode and screen the raw bytes before any YAML parsing."""
    too_large = size_problem(len(raw), file)
    if too_large is not None:
        return None, [too_large]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        before = raw[: error.start]
        error_line = before.count(b"\n") + 1
        error_column = len(before) - (before.rfind(b"\n") + 1) + 1
        byte = raw[error.start]
        return None, [
            Problem(
                file,
                error_line,
                error_column,
                "",
                f"the file is not valid UTF-8 (byte 0x{byte:02x}): save it with UTF-8 encoding",
            )
        ]
    text = text.removeprefix("\ufeff")
    if not text.strip():
        return None, [Problem(file, 1, 1, "", "the file is empty: write a record or delete the file")]

    if not _SUSPECT_CHARACTER.search(text):
        return text, []
    problems: list[Problem] = []
    for line_number, line in enumerate(text.split("\n"), start=1):
        for column, char in enumerate(line, start=1):
            message = _character_problem(char, line, column)
            if message:
                problems.append(Problem(file, line_number, column, "", message))
                if len(problems) >= MAX_CHARACTER_PROBLEMS:
                    return None, problems
    return (None if problems else text), problems


def _character_problem(char: str, line: str, column: int) -> str | None:
    if char == "\t":
        return "tab character: YAML must be indented with spaces; replace the tab with spaces"
    if char == "\r":
        return (
            None
            if column == len(line)
            else "carriage return inside a line: save the file with Unix or Windows line endings"
        )
    if char in BIDI_CONTROLS:
        return (
            f"invisible bidirectional control character U+{ord(char):04X}: it can make the text "
            "read differently from what is published; delete it"
        )
    if char in ZERO_WIDTH:
        return f"invisible zero-width character U+{ord(char):04X}: delete it"
    if char in LINE_SEPARATORS:
        return f"unusual line separator U+{ord(char):04X}: replace it with a normal line break"
    if unicodedata.category(char) == "Cc":
        return f"control character U+{ord(char):04X}: delete it"
    return None


def _decoded_character_problem(char: str) -> str:
    if char == "\t":
        return "tab character (escaped as \\t): write a space instead"
    if char == "\r":
        return "carriage return (escaped as \\r): use \\n or a real line break instead"
    if "\ud800" <= char <= "\udfff":
        return (
            f"lone surrogate U+{ord(char):04X} (from a \\u escape) is not a character: "
            "write the character itself instead of the escape"
        )
    message = _character_problem(char, "", 0) or f"character U+{ord(char):04X}: delete it"
    return f"escaped {message}"


def value_problem(value: str) -> tuple[str, str] | None:
    """What is wrong with a decoded value, and the value made safe to pass on; None for a good value.

    The raw text is screened before parsing, but a double-quoted scalar's escapes ("\\e", "\\u202E",
    "\\ud800") decode into characters the raw text never held, and text that looks the same must
    be the same (Unicode NFC), or search, ids and duplicates behave differently for equal-looking text.
    """
    suspect = _SUSPECT_DECODED.search(value)
    if suspect:
        # Replaced, so that nothing downstream (validation, messages) ever holds the character.
        return _decoded_character_problem(suspect.group()), _SUSPECT_DECODED.sub("\ufffd", value)
    if not value.isascii() and not unicodedata.is_normalized("NFC", value):
        return (
            "the text is not in Unicode NFC form (a letter and a separate combining accent, e.g. 'e' + U+0301): "
            "retype the accented letters, or normalise the file to NFC in your editor",
            value,
        )
    return None


class _Builder:
    """Builds plain data from PyYAML parser events, refusing unsafe constructs."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.problems: list[Problem] = []
        self.document = Document(None)

    def refuse(self, mark: Any, field_path: FieldPath, message: str) -> _Refused:
        position = _mark_position(mark)
        self.problems.append(Problem(self.file, position.line, position.column, format_field_path(field_path), message))
        return _Refused()

    def screened(self, value: str, mark: Any, path: FieldPath) -> str:
        """``value``, after reporting any character it may not hold at its position."""
        problem = value_problem(value)
        if problem is None:
            return value
        message, safe_value = problem
        position = _mark_position(mark)
        self.problems.append(Problem(self.file, position.line, position.column, format_field_path(path), message))
        return safe_value

    def build(self, events: Any) -> None:
        documents = 0
        for event in events:
            if isinstance(event, yaml.DocumentStartEvent):
                documents += 1
                if documents > 1:
                    raise self.refuse(
                        event.start_mark,
                        (),
                        "a second YAML document ('---'): a file holds exactly one record; "
                        "move the second record to a file of its own",
                    )
                self.document.data = self.node(events, next(events), (), 1)
                self.document.value_positions.setdefault((), Position(1, 1))

    def node(self, events: Any, event: Any, path: FieldPath, depth: int) -> Any:
        if isinstance(event, yaml.AliasEvent):
            raise self.refuse(
                event.start_mark,
                path,
                f"alias '*{event.anchor}' is not allowed: write the value out in full",
            )
        anchor = getattr(event, "anchor", None)
        if anchor is not None:
            raise self.refuse(
                event.start_mark,
                path,
                f"anchor '&{anchor}' is not allowed: write each value out in full",
            )
        tag = getattr(event, "tag", None)
        if tag is not None:
            raise self.refuse(
                event.start_mark,
                path,
                f"tag {shown(tag)} is not allowed: remove it; values are read as plain text",
            )
        if depth > MAX_DEPTH:
            raise self.refuse(
                event.start_mark,
                path,
                f"data nested more than {MAX_DEPTH} levels deep: records are flat; check the indentation",
            )
        self.document.value_positions[path] = _mark_position(event.start_mark)
        if isinstance(event, yaml.ScalarEvent):
            # Plain scalars have no style: None from PyYAML's parser, '' from libyaml's.
            if not event.style and event.value in NULL_SCALARS:
                return None
            return self.screened(event.value, event.start_mark, path)
        if isinstance(event, yaml.SequenceStartEvent):
            items: list[Any] = []
            for item_event in events:
                if isinstance(item_event, yaml.SequenceEndEvent):
                    return items
                items.append(self.node(events, item_event, (*path, len(items)), depth + 1))
        if isinstance(event, yaml.MappingStartEvent):
            return self.mapping(events, path, depth)
        raise self.refuse(event.start_mark, path, "unexpected YAML structure")

    def mapping(self, events: Any, path: FieldPath, depth: int) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for key_event in events:
            if isinstance(key_event, yaml.MappingEndEvent):
                return result
            if not isinstance(key_event, yaml.ScalarEvent):
                raise self.refuse(key_event.start_mark, path, "keys must be plain names, not lists or mappings")
            key = self.screened(key_event.value, key_event.start_mark, path)
            key_position = _mark_position(key_event.start_mark)
            if key == "<<" and not key_event.style:
                raise self.refuse(
                    key_event.start_mark,
                    path,
                    "merge key '<<' is not allowed: write the fields out in full",
                )
            if key_event.anchor is not None or key_event.tag is not None:
                raise self.refuse(key_event.start_mark, path, "anchors and tags are not allowed on keys")
            child_path = (*path, key)
            if key in result:
                first = self.document.key_positions[child_path]
                self.problems.append(
                    Problem(
                        self.file,
                        key_position.line,
                        key_position.column,
                        format_field_path(child_path),
                        f"duplicate key '{key}' (first written at line {first.line}): "
                        "keep one of them; YAML would silently use the last",
                    )
                )
                self.node(events, next(events), (*path, f"{key}#duplicate"), depth + 1)
                continue
            self.document.key_positions[child_path] = key_position
            result[key] = self.node(events, next(events), child_path, depth + 1)
        return result


def read_document(raw: bytes, file: str) -> tuple[Document | None, list[Problem]]:
    """Read one record's bytes into a document and problems; the document is None when unreadable."""
    text, problems = check_text(raw, file)
    if text is None:
        return None, problems
    if _FAST_LOADER is not None:
        document = _read_clean_document_fast(text, file)
        if document is not None:
            return document, []
    builder = _Builder(file)
    try:
        builder.build(iter(yaml.parse(text, Loader=yaml.SafeLoader)))
    except _Refused:
        return None, builder.problems
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        position = _mark_position(mark) if mark else Position(1, 1)
        detail = " ".join(part for part in (error.context, error.problem) if part)
        return None, [
            *builder.problems,
            Problem(file, position.line, position.column, "", f"YAML syntax error: {detail}"),
        ]
    except yaml.YAMLError as error:  # pragma: no cover - PyYAML marks all parse errors
        return None, [Problem(file, 1, 1, "", f"YAML error: {error}")]
    if builder.document.data is None:
        return None, [Problem(file, 1, 1, "", "the file holds no record: write the fields of a fact")]
    # Duplicate keys are reported but do not stop validation of the rest.
    return builder.document, builder.problems


class _Unusual(Exception):
    """A construct on which libyaml and PyYAML's own parser may disagree."""


def _usual_events(events: Any, lines: list[str]) -> Any:
    in_flow = False
    for event in events:
        if isinstance(event, yaml.ScalarEvent):
            if not event.style and (not event.value or (in_flow and not _PLAIN_FLOW_ITEM.fullmatch(event.value))):
                raise _Unusual
            if event.style in ("|", ">"):
                mark: Any = event.start_mark
                if not _PLAIN_BLOCK_HEADER.fullmatch(lines[mark.line][mark.column :].rstrip("\r")):
                    raise _Unusual
        elif isinstance(event, yaml.CollectionStartEvent) and (in_flow or event.flow_style):
            # Flow collections only as flat lists of simple items, e.g. `topics: [icc, mongolia]`.
            if in_flow or isinstance(event, yaml.MappingStartEvent):
                raise _Unusual
            in_flow = True
        elif isinstance(event, yaml.SequenceEndEvent):
            in_flow = False
        yield event


def _read_clean_document_fast(text: str, file: str) -> Document | None:
    """The document, read with libyaml, if it is ordinary and has no problem at all; else None.

    Only a clean read of usual YAML is trusted: whenever there is anything to report, the caller
    reads the text again with the pure-Python parser, so every message and position stays the same.
    """
    if _NOT_FOR_FAST_PARSER.search(text):
        return None
    builder = _Builder(file)
    try:
        builder.build(_usual_events(yaml.parse(text, Loader=_FAST_LOADER), text.split("\n")))
    except Exception:  # anything unusual or wrong: fall back to the reference parser
        return None
    if builder.problems or builder.document.data is None:
        return None
    return builder.document
