"""Property: whatever an editor does to a valid record, the loader answers with clean problems."""

from __future__ import annotations

import datetime as dt
import unicodedata
from pathlib import Path
from unittest import mock

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from factcheck.records import yamlsource
from factcheck.records.loader import load_facts, load_record
from factcheck.records.problems import Problem
from factcheck.records.scale import DEFAULT_SCALE
from factcheck.records.yamlsource import read_document

from .conftest import VALID_RECORD

LINES = VALID_RECORD.splitlines(keepends=True)
YAML_SNIPPETS = st.sampled_from(
    [
        "&a ",
        "*a",
        "<<: ",
        "!!python/object:os.system ",
        "!x ",
        "- ",
        ": ",
        "? ",
        "{",
        "}",
        "[",
        "]",
        '"',
        "'",
        "\t",
        "---\n",
        "...\n",
        "#",
        "|",
        ">",
        "%YAML 1.1\n",
        "\u202e",
        "\u200b",
        "\x00",
        "\ufeff",
        "no",
        "2024-02-30",
        "0o17",
        "~",
        "null",
        "javascript:",
        "//",
        "\\",
        "\n  ",
        "\n    - ",
        "@",
        # Escapes that decode into what the raw text may not hold, and look-alike (non-NFC) text.
        '"\\0"',
        '"\\e[31m"',
        '"\\u202E"',
        '"\\u200b"',
        '"\\u2028"',
        '"\\x85"',
        '"\\ud800"',
        '"\\U0001F600"',
        '"\\t"',
        '"x\\n"',
        "Cafe\u0301",
        '"Cafe\\u0301"',
        "\u212b",
    ]
)
ESCAPES = st.sampled_from(
    [
        "\\0",
        "\\e",
        "\\a",
        "\\t",
        "\\r",
        "\\n",
        "\\x85",
        "\\u202e",
        "\\u2028",
        "\\ud800",
        "\\udfff",
        "\\u0301",
        "\\uFEFF",
        "\\x7f",
        "\\\\",
        '\\"',
    ]
)


@st.composite
def double_quoted(draw: st.DrawFn) -> str:
    """A double-quoted YAML scalar mixing text, escapes and combining (non-NFC) characters."""
    parts = draw(st.lists(st.one_of(ESCAPES, st.text(alphabet="ae\u0301\u0308 -", max_size=4)), max_size=5))
    return '"' + "".join(parts) + '"'


@st.composite
def mutated_records(draw: st.DrawFn) -> bytes:
    lines = list(LINES)
    for _ in range(draw(st.integers(min_value=1, max_value=4))):
        action = draw(st.sampled_from(["insert", "delete", "duplicate", "replace-value", "splice-bytes"]))
        index = draw(st.integers(min_value=0, max_value=len(lines) - 1)) if lines else 0
        if action == "insert" and lines:
            line = lines[index]
            at = draw(st.integers(min_value=0, max_value=len(line)))
            snippet = draw(st.one_of(YAML_SNIPPETS, st.text(max_size=8), double_quoted()))
            lines[index] = line[:at] + snippet + line[at:]
        elif action == "delete" and lines:
            del lines[index]
        elif action == "duplicate" and lines:
            lines.insert(index, lines[index])
        elif action == "replace-value" and lines and ":" in lines[index]:
            key = lines[index].split(":", 1)[0]
            lines[index] = f"{key}: {draw(st.one_of(YAML_SNIPPETS, st.text(max_size=12), double_quoted()))}\n"
        elif action == "splice-bytes":
            raw = "".join(lines).encode("utf-8", "surrogatepass")
            at = draw(st.integers(min_value=0, max_value=len(raw)))
            return raw[:at] + draw(st.binary(max_size=4)) + raw[at:]
    return "".join(lines).encode("utf-8", "surrogatepass")


def assert_clean(problems: list[Problem], text_lines: int) -> None:
    for problem in problems:
        assert problem.file == "facts/fuzz.yml"
        assert 1 <= problem.line <= text_lines + 2
        assert problem.column >= 1
        assert problem.message and "Traceback" not in problem.message
        assert "\n" not in problem.message
        shown = str(problem)
        shown.encode("utf-8")  # no lone surrogate
        assert not any(unicodedata.category(ch) in ("Cc", "Cs") for ch in shown), repr(shown)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated_records())
def test_mutations_give_only_clean_problems(raw: bytes) -> None:
    fact, problems = load_record(raw, "fuzz", "facts/fuzz.yml", DEFAULT_SCALE)
    assert (fact is None) == bool(problems)
    assert_clean(problems, raw.count(b"\n") + 1)
    if fact is not None:
        # What is accepted can be published: serialisable, NFC, and free of what the raw screen refuses.
        dumped = fact.record.model_dump_json()
        for value in _strings(fact.record.model_dump()):
            assert unicodedata.is_normalized("NFC", value), repr(value)
            assert yamlsource.value_problem(value) is None, repr(value)
        assert dumped


def _strings(data: object) -> list[str]:
    if isinstance(data, str):
        return [data]
    if isinstance(data, dict):
        return [s for value in data.values() for s in _strings(value)]
    if isinstance(data, list | tuple):
        return [s for value in data for s in _strings(value)]
    return []


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(mutated_records())
def test_mutations_through_the_folder_loader(tmp_path: Path, raw: bytes) -> None:
    folder = tmp_path / "facts"
    folder.mkdir(exist_ok=True)
    (folder / "fuzz.yml").write_bytes(raw)
    fact_set = load_facts(folder, DEFAULT_SCALE, base_dir=tmp_path, today=dt.date(2026, 11, 28))
    assert_clean(fact_set.problems, raw.count(b"\n") + 1)


@settings(max_examples=300, deadline=None)
@given(mutated_records())
def test_fast_and_pure_python_readers_agree(raw: bytes) -> None:
    """libyaml reads clean, ordinary records; everything must come out as the pure-Python parser reads it."""
    fast = read_document(raw, "facts/fuzz.yml")
    with mock.patch.object(yamlsource, "_FAST_LOADER", None):
        pure = read_document(raw, "facts/fuzz.yml")
    assert fast[1] == pure[1]
    assert (fast[0] is None) == (pure[0] is None)
    if fast[0] is not None and pure[0] is not None:
        assert fast[0].data == pure[0].data
        assert fast[0].value_positions == pure[0].value_positions
        assert fast[0].key_positions == pure[0].key_positions


def test_the_fast_reader_is_in_use() -> None:
    assert yamlsource._FAST_LOADER is not None, "PyYAML was installed without libyaml: checks are slower"
