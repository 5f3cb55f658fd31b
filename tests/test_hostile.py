"""Hostile input, round two: escapes, look-alike text, trailing line feeds, reserved ids, odd links and files."""

from __future__ import annotations

import datetime as dt
import tracemalloc
from pathlib import Path

import pytest
from pydantic import ValidationError

from factcheck.loader import load_facts, load_record
from factcheck.problems import Problem
from factcheck.scale import DEFAULT_SCALE, RatingScale

from .conftest import VALID_RECORD
from .test_records import line_of, replace_line

TODAY = dt.date(2026, 11, 28)
FILE = "facts/example.yml"


def problems_of(text: str, fact_id: str = "example") -> list[Problem]:
    _, problems = load_record(text.encode("utf-8", "surrogatepass"), fact_id, FILE, DEFAULT_SCALE)
    return problems


def assert_printable(problems: list[Problem]) -> None:
    """Nothing an editor wrote reaches the terminal raw: no control, invisible or unpaired character."""
    for problem in problems:
        shown = str(problem)
        shown.encode("utf-8")  # a lone surrogate cannot even be printed
        assert not any(ord(ch) < 0x20 or 0x7F <= ord(ch) <= 0x9F for ch in shown), repr(shown)
        assert not any(ch in shown for ch in "\u202e\u200b\u2028\ufeff"), repr(shown)


# -- 1. escapes decode into characters the raw text never had ----------------------------------

ESCAPES = [
    ("\\0", "U+0000"),
    ("\\e[31m", "U+001B"),
    ("\\u202E", "U+202E"),
    ("\\u200b", "U+200B"),
    ("\\u2028", "U+2028"),
    ("\\x85", "U+0085"),
    ("\\ud800", "U+D800"),
    ("\\t", "tab"),
    ("\\r", "carriage return"),
    ("\\x07", "U+0007"),
]


@pytest.mark.parametrize(("escape", "named"), ESCAPES)
def test_escaped_characters_are_refused_at_the_value(escape: str, named: str) -> None:
    text = replace_line("claim:", f'claim: "Vote{escape} now"')
    (problem,) = problems_of(text)
    assert (problem.line, problem.column, problem.field) == (line_of("claim:"), 8, "claim")
    assert named in problem.message
    assert_printable([problem])


def test_escaped_bidi_override_in_a_nested_field() -> None:
    text = VALID_RECORD.replace("  name: Example News", '  name: "\\u202Eevil"')
    (problem,) = problems_of(text)
    assert (problem.line, problem.column, problem.field) == (line_of("claimant:") + 1, 9, "claimant.name")
    assert "bidirectional control character U+202E" in problem.message


def test_escaped_character_in_a_draft_is_refused_too() -> None:
    draft = VALID_RECORD.replace("status: published", "status: draft")
    text = replace_line("claim:", 'claim: "\\ud800"').replace("status: published", "status: draft")
    assert problems_of(draft) == []
    (problem,) = problems_of(text)
    assert (problem.line, problem.column) == (line_of("claim:"), 8)
    assert "lone surrogate U+D800" in problem.message


def test_escaped_character_in_a_key_is_refused() -> None:
    text = VALID_RECORD + '"\\e[2Jkey": value\n'
    found = problems_of(text)
    assert (found[0].line, found[0].column) == (len(VALID_RECORD.splitlines()) + 1, 1)
    assert "U+001B" in found[0].message
    assert_printable(found)


def test_messages_never_echo_control_characters() -> None:
    """Values, keys and file names reach messages; their controls must be escaped."""
    text = replace_line("verdict:", 'verdict: "\\e]0;owned\\atrue"') + '"ti\\e[8mtle": x\n'
    found = problems_of(text)
    assert sorted((p.line, p.column) for p in found) == [(11, 10), (11, 10), (35, 1), (35, 1)]
    assert_printable(found)


def test_file_names_with_controls_are_shown_escaped(tmp_path: Path) -> None:
    (tmp_path / "a\x1b[2Jb.yml").write_text(VALID_RECORD, encoding="utf-8")
    (problem,) = load_facts(tmp_path, DEFAULT_SCALE, base_dir=tmp_path, today=TODAY).problems
    assert "is not a valid fact id" in problem.message
    assert str(problem).startswith("a\\x1b[2Jb.yml:1:1: (file): 'a\\x1b[2Jb' is not a valid fact id")
    assert_printable([problem])


# -- 2. text that looks the same is the same ---------------------------------------------------


@pytest.mark.parametrize("written", ["Cafe\u0301 owner", '"Cafe\\u0301 owner"'])
def test_text_must_be_nfc(written: str) -> None:
    text = VALID_RECORD.replace("  name: Example News", f"  name: {written}")
    (problem,) = problems_of(text)
    assert (problem.line, problem.column, problem.field) == (line_of("claimant:") + 1, 9, "claimant.name")
    assert "not in Unicode NFC form" in problem.message


def test_composed_text_is_fine() -> None:
    assert problems_of(VALID_RECORD.replace("  name: Example News", "  name: Caf\u00e9 owner")) == []


# -- 3. patterns end at the true end of the text -----------------------------------------------


def test_topic_with_a_trailing_line_feed_is_refused() -> None:
    text = replace_line("topics:", 'topics: ["budget\\n"]')
    (problem,) = problems_of(text)
    assert (problem.line, problem.column, problem.field) == (line_of("topics:"), 10, "topics[0]")
    assert "'budget⏎' is not a topic key" in problem.message


def test_related_id_with_a_trailing_line_feed_is_refused() -> None:
    text = replace_line("related:", 'related: ["min\\n"]')
    (problem,) = problems_of(text)
    assert (problem.line, problem.column, problem.field) == (line_of("related:"), 11, "related[0]")
    assert "is not a fact id" in problem.message


def test_file_name_with_a_trailing_line_feed_is_refused(tmp_path: Path) -> None:
    (tmp_path / "min\n.yml").write_text(VALID_RECORD, encoding="utf-8")
    fact_set = load_facts(tmp_path, DEFAULT_SCALE, base_dir=tmp_path, today=TODAY)
    (problem,) = fact_set.problems
    assert (problem.line, problem.column) == (1, 1)
    assert "'min⏎' is not a valid fact id" in problem.message
    assert fact_set.facts == {}


def test_colour_with_a_trailing_line_feed_is_refused() -> None:
    rating = {"key": "ok", "label": "OK", "description": "Fine.", "colour": "#ffffff\n", "rating_value": 1}
    with pytest.raises(ValidationError, match="is not a colour"):
        RatingScale.from_config([rating])


def test_verdict_key_with_a_trailing_line_feed_is_refused() -> None:
    rating = {"key": "ok\n", "label": "OK", "description": "Fine.", "colour": "#ffffff", "rating_value": 1}
    with pytest.raises(ValidationError):
        RatingScale.from_config([rating])


# -- 4. ids that would replace the site's own pages --------------------------------------------


def test_index_is_a_reserved_id(tmp_path: Path) -> None:
    (tmp_path / "index.yml").write_text(VALID_RECORD, encoding="utf-8")
    fact_set = load_facts(tmp_path, DEFAULT_SCALE, base_dir=tmp_path.parent, today=TODAY)
    (problem,) = fact_set.problems
    assert (problem.file, problem.line, problem.column) == (f"{tmp_path.name}/index.yml", 1, 1)
    assert "the id 'index' is reserved" in problem.message
    assert "index" not in fact_set.facts


# -- 6. files the build would not read are reported ----------------------------------------------


def test_hidden_and_upper_case_record_files_are_reported(tmp_path: Path) -> None:
    (tmp_path / ".hidden.yml").write_text(VALID_RECORD, encoding="utf-8")
    (tmp_path / "notes.YML").write_text(VALID_RECORD, encoding="utf-8")
    hidden, upper = load_facts(tmp_path, DEFAULT_SCALE, base_dir=tmp_path, today=TODAY).problems
    assert (hidden.file, hidden.line, hidden.column, hidden.severity) == (".hidden.yml", 1, 1, "warning")
    assert "starts with '.'" in hidden.message
    assert (upper.file, upper.severity) == ("notes.YML", "error")
    assert "rename it to 'notes.yml'" in upper.message


# -- 8. smaller items ----------------------------------------------------------------------------


def test_the_size_is_checked_before_the_file_is_read(tmp_path: Path) -> None:
    with (tmp_path / "huge.yml").open("wb") as sparse:
        sparse.truncate(512 * 1024 * 1024)
    tracemalloc.start()
    try:
        problems = load_facts(tmp_path, DEFAULT_SCALE, base_dir=tmp_path, today=TODAY).problems
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 16 * 1024 * 1024
    (problem,) = problems
    assert problem.message.startswith("the file is 524288 KiB; a record may be at most 256 KiB")


def test_over_long_claim_has_a_real_message() -> None:
    text = replace_line("claim:", f"claim: {'a' * 501}")
    (problem,) = problems_of(text)
    assert (problem.line, problem.column, problem.field) == (line_of("claim:"), 8, "claim")
    assert problem.message == "is 501 characters long; the limit is 500: shorten it"


def test_link_to_a_record_with_errors_says_so(tmp_path: Path) -> None:
    linking = VALID_RECORD.replace("related: []", "related: [broken]")
    (tmp_path / "linking.yml").write_text(linking, encoding="utf-8")
    (tmp_path / "broken.yml").write_text(VALID_RECORD.replace("sources:", "sorces:"), encoding="utf-8")
    problems = load_facts(tmp_path, DEFAULT_SCALE, base_dir=tmp_path, today=TODAY).problems
    (related,) = [p for p in problems if p.file == "linking.yml"]
    assert (related.line, related.column, related.field) == (line_of("related:"), 11, "related[0]")
    assert related.message == "the linked record broken.yml has errors: fix them first"


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://127.0.0.1/x", "is an IP address"),
        ("https://[::1]/x", "is an IP address"),
        ("https://localhost/x", "is a local name"),
        ("https://printer.local/x", "is a local name"),
        ("https://intranet/x", "is not a public host name"),
        ("https://0x7f.1/x", "is not a public host name"),
        ("https://2130706433/x", "is not a public host name"),
    ],
)
def test_source_hosts_must_be_public_names(url: str, expected: str) -> None:
    text = VALID_RECORD.replace("    url: https://treaties.un.org/example", f"    url: {url}")
    (problem,) = problems_of(text)
    assert (problem.line, problem.column, problem.field) == (
        line_of("    url: https://treaties.un.org/example"),
        10,
        "sources[0].url",
    )
    assert expected in problem.message
