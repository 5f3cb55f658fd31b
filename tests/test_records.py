"""The record loader: every class of bad input gives an exact, located, readable problem."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from factcheck.records.loader import load_facts, load_record
from factcheck.records.problems import Problem, Severity
from factcheck.records.scale import DEFAULT_SCALE
from factcheck.records.yamlsource import MAX_DEPTH, MAX_FILE_BYTES

from .conftest import VALID_RECORD

TODAY = dt.date(2026, 11, 28)
FILE = "facts/example.yml"


def problems_of(text: str | bytes) -> list[Problem]:
    raw = text.encode("utf-8") if isinstance(text, str) else text
    _, problems = load_record(raw, "example", FILE, DEFAULT_SCALE)
    return problems


def located(text: str | bytes) -> list[tuple[int, int, str]]:
    return [(p.line, p.column, p.field) for p in problems_of(text)]


def replace_line(prefix: str, new: str) -> str:
    """VALID_RECORD with the first line starting with ``prefix`` replaced by ``new``."""
    lines = VALID_RECORD.splitlines()
    index = next(i for i, line in enumerate(lines) if line.startswith(prefix))
    lines[index] = new
    return "\n".join(lines) + "\n"


def line_of(prefix: str, text: str = VALID_RECORD) -> int:
    return next(i for i, line in enumerate(text.splitlines(), 1) if line.startswith(prefix))


def test_valid_record_has_no_problems() -> None:
    fact, problems = load_record(VALID_RECORD.encode(), "example", FILE, DEFAULT_SCALE)
    assert problems == []
    assert fact is not None
    assert fact.record.verdict == "true"
    assert fact.record.claim_date == dt.date(2024, 8, 30)
    assert fact.record.sources[0].kind == "primary"


class TestYamlSyntax:
    def test_syntax_error_is_located(self) -> None:
        text = replace_line("title:", 'title: "unclosed')
        (problem,) = problems_of(text)
        assert "YAML syntax error" in problem.message
        assert problem.file == FILE
        assert problem.line >= 1 and problem.column >= 1

    def test_bad_indentation_is_located(self) -> None:
        text = "title: A\nclaimant:\n  name: X\n role: Y\n"
        (problem,) = problems_of(text)
        assert (problem.line, problem.column) == (4, 2)
        assert "YAML syntax error" in problem.message

    def test_tab_is_located(self) -> None:
        text = replace_line("  name: Example News", "\tname: Example News")
        assert located(text) == [(line_of("claimant:") + 1, 1, "")]
        assert "tab character" in problems_of(text)[0].message

    def test_second_document_is_refused(self) -> None:
        text = VALID_RECORD + "---\ntitle: Another\n"
        (problem,) = problems_of(text)
        assert (problem.line, problem.column) == (len(VALID_RECORD.splitlines()) + 1, 1)
        assert "second YAML document" in problem.message

    def test_empty_file(self) -> None:
        for text in ("", "   \n\n"):
            (problem,) = problems_of(text)
            assert (problem.line, problem.column) == (1, 1)
            assert "the file is empty" in problem.message

    def test_comment_only_file(self) -> None:
        (problem,) = problems_of("# nothing here\n")
        assert "holds no record" in problem.message

    def test_list_instead_of_mapping(self) -> None:
        (problem,) = problems_of("- a\n- b\n")
        assert "not a list" in problem.message


class TestTypes:
    def test_wrong_type_is_located_at_the_value(self) -> None:
        text = VALID_RECORD.replace("claimant:\n  name: Example News\n", "claimant: Example News\n")
        assert located(text) == [(line_of("claimant:", text), 11, "claimant")]
        assert "expected fields" in problems_of(text)[0].message

    def test_text_expected_but_list_found(self) -> None:
        text = replace_line("title:", "title: [a, b]")
        (problem,) = problems_of(text)
        assert (problem.line, problem.column, problem.field) == (1, 8, "title")
        assert "expected text, found a list" in problem.message

    def test_missing_required_field_is_located_at_its_parent(self) -> None:
        text = VALID_RECORD.replace("  name: Example News\n", "  role: Editor\n")
        (problem,) = problems_of(text)
        assert (problem.line, problem.column, problem.field) == (line_of("claimant:") + 1, 3, "claimant.name")
        assert problem.message == "required field 'name' is missing: add it"

    def test_missing_top_level_field(self) -> None:
        text = VALID_RECORD.replace("verdict_summary: Mongolia ratified the Rome Statute in 2002.\n", "")
        (problem,) = problems_of(text)
        assert (problem.line, problem.column, problem.field) == (1, 1, "verdict_summary")

    def test_unknown_field_suggests_the_right_one(self) -> None:
        text = VALID_RECORD.replace("sources:", "sorces:")
        found = problems_of(text)
        unknown = [p for p in found if p.field == "sorces"]
        assert unknown and (unknown[0].line, unknown[0].column) == (line_of("sources:"), 1)
        assert "unknown field 'sorces': did you mean 'sources'?" in unknown[0].message

    def test_unknown_nested_field_suggests(self) -> None:
        text = VALID_RECORD.replace("    kind: primary", "    knd: primary")
        messages = {p.field: p.message for p in problems_of(text)}
        assert "did you mean 'kind'?" in messages["sources[0].knd"]
        assert messages["sources[0].kind"] == "required field 'kind' is missing: add it"

    def test_empty_required_value(self) -> None:
        text = replace_line("author:", "author:")
        (problem,) = problems_of(text)
        assert (problem.line, problem.column, problem.field) == (line_of("author:"), 8, "author")
        assert "is empty" in problem.message

    def test_unknown_verdict_suggests(self) -> None:
        text = replace_line("verdict:", "verdict: flase")
        (problem,) = problems_of(text)
        assert (problem.line, problem.column, problem.field) == (line_of("verdict:"), 10, "verdict")
        assert "did you mean 'false'?" in problem.message

    def test_bad_status(self) -> None:
        text = replace_line("status:", "status: done")
        (problem,) = problems_of(text)
        assert problem.field == "status" and "'draft', 'review' or 'published'" in problem.message

    def test_multiline_text_where_one_line_is_meant(self) -> None:
        text = replace_line("title:", "title: |\n  two\n  lines")
        (problem,) = problems_of(text)
        assert problem.field == "title" and "single line" in problem.message


class TestYamlOneOneTraps:
    """Values are read as written: YAML 1.1 never turns text into booleans, dates or numbers."""

    @pytest.mark.parametrize("value", ["no", "off", "false", "yes", "on", "2024-09-03", "0755", "1e3", "0x1F", "~x"])
    def test_plain_values_stay_text(self, value: str) -> None:
        text = replace_line("title:", f"title: {value}")
        fact, problems = load_record(text.encode(), "example", FILE, DEFAULT_SCALE)
        assert problems == []
        assert fact is not None and fact.record.title == value

    def test_boolean_looking_verdict_is_the_key(self) -> None:
        text = replace_line("verdict:", "verdict: false")
        fact, problems = load_record(text.encode(), "example", FILE, DEFAULT_SCALE)
        assert problems == [] and fact is not None and fact.record.verdict == "false"

    def test_duplicate_key_names_both_lines(self) -> None:
        text = VALID_RECORD + "title: Again\n"
        (problem,) = problems_of(text)
        assert (problem.line, problem.column, problem.field) == (len(VALID_RECORD.splitlines()) + 1, 1, "title")
        assert "duplicate key 'title' (first written at line 1)" in problem.message

    def test_duplicate_nested_key(self) -> None:
        text = VALID_RECORD.replace("  name: Example News\n", "  name: Example News\n  name: Other\n")
        (problem,) = problems_of(text)
        assert (problem.line, problem.column, problem.field) == (line_of("claimant:") + 2, 3, "claimant.name")


class TestUnsafeYaml:
    def test_anchor_is_refused(self) -> None:
        text = replace_line("author:", "author: &who Research desk")
        (problem,) = problems_of(text)
        assert (problem.line, problem.column, problem.field) == (line_of("author:"), 9, "author")
        assert "anchor '&who' is not allowed" in problem.message

    def test_alias_is_refused_before_expansion(self) -> None:
        bomb = 'a: &a ["x","x","x","x","x","x","x","x","x"]\nb: [*a,*a,*a,*a,*a,*a,*a,*a,*a]\n'
        (problem,) = problems_of(bomb)
        assert (problem.line, problem.column) == (1, 4)
        assert "anchor '&a'" in problem.message

    def test_alias_alone_is_refused(self) -> None:
        (problem,) = problems_of("title: *x\n")
        assert "alias '*x' is not allowed" in problem.message
        assert (problem.line, problem.column) == (1, 8)

    def test_merge_key_is_refused(self) -> None:
        text = VALID_RECORD.replace("  name: Example News\n", "  <<: {name: Example News}\n")
        (problem,) = problems_of(text)
        assert (problem.line, problem.column) == (line_of("claimant:") + 1, 3)
        assert "merge key '<<' is not allowed" in problem.message

    @pytest.mark.parametrize(
        "tagged", ["!!python/object/apply:os.system ['echo hi']", "!!str 2024", "!custom value", "!!binary aGk="]
    )
    def test_tags_are_refused(self, tagged: str) -> None:
        text = replace_line("title:", f"title: {tagged}")
        (problem,) = problems_of(text)
        assert (problem.line, problem.column, problem.field) == (1, 8, "title")
        assert "is not allowed" in problem.message

    def test_deep_nesting_is_refused(self) -> None:
        depth = MAX_DEPTH + 5
        text = "title: " + "[" * depth + "]" * depth + "\n"
        (problem,) = problems_of(text)
        assert "nested more than" in problem.message
        assert problem.line == 1


class TestDates:
    def test_impossible_date(self) -> None:
        text = replace_line("claim_date:", "claim_date: 2024-02-30")
        (problem,) = problems_of(text)
        assert (problem.line, problem.column, problem.field) == (line_of("claim_date:"), 13, "claim_date")
        assert "not a real calendar date" in problem.message

    @pytest.mark.parametrize("value", ["03/09/2024", "3 September 2024", "2024-9-3", "20240903", "2024-09-03T10:00"])
    def test_ambiguous_dates(self, value: str) -> None:
        text = replace_line("claim_date:", f"claim_date: {value}")
        (problem,) = problems_of(text)
        assert problem.field == "claim_date"
        assert "YYYY-MM-DD" in problem.message

    def _checked(self, text: str, tmp_path: Path) -> list[Problem]:
        (tmp_path / "example.yml").write_text(text, encoding="utf-8")
        return load_facts(tmp_path, DEFAULT_SCALE, base_dir=tmp_path.parent, today=TODAY).problems

    def test_published_before_claim(self, tmp_path: Path) -> None:
        text = replace_line("published:", "published: 2024-08-01")
        (problem,) = self._checked(text, tmp_path)
        assert (problem.line, problem.field) == (line_of("published:"), "published")
        assert "before claim_date 2024-08-30" in problem.message

    def test_appearance_before_claim(self, tmp_path: Path) -> None:
        text = VALID_RECORD.replace("    date: 2024-08-30", "    date: 2024-08-29")
        (problem,) = self._checked(text, tmp_path)
        assert problem.field == "appearances[0].date" and problem.line == line_of("    date: 2024-08-30")

    def test_accessed_before_source_published(self, tmp_path: Path) -> None:
        text = VALID_RECORD.replace(
            "    published: 2024-09-01\n    accessed: 2026-11-28", "    published: 2024-09-01\n    accessed: 2024-08-01"
        )
        (problem,) = self._checked(text, tmp_path)
        assert problem.field == "sources[1].accessed"

    def test_future_date(self, tmp_path: Path) -> None:
        text = replace_line("published:", "published: 2027-01-01")
        (problem,) = self._checked(text, tmp_path)
        assert problem.field == "published" and "in the future" in problem.message

    def test_correction_needs_updated(self, tmp_path: Path) -> None:
        text = replace_line(
            "corrections:",
            "corrections:\n  - date: 2026-11-28\n    change: Fixed the year.\n    previous_verdict: mixed",
        )
        (problem,) = self._checked(text, tmp_path)
        assert "set updated to 2026-11-28" in problem.message


class TestUrls:
    @pytest.mark.parametrize(
        ("url", "expected"),
        [
            ("javascript:alert(1)", "not an absolute http or https URL"),
            ("data:text/html,<b>x</b>", "not an absolute http or https URL"),
            ("//evil.example/x", "protocol-relative"),
            ("https://user:pass@evil.example/", "user name or password"),
            ("https://evil.example\\@good.example/", "backslash"),
            ("https://ex\u0430mple.com/", "not plain ASCII"),
            ("ftp://files.example.org/x", "not an absolute http or https URL"),
            ("https:///nohost", "no host name"),
            ("example.org/page", "not an absolute http or https URL"),
            ("https://exa_mple.org/", "not a valid host name"),
        ],
    )
    def test_bad_urls(self, url: str, expected: str) -> None:
        text = VALID_RECORD.replace("url: https://example.org/putin-mongolia", f"url: '{url}'")
        (problem,) = problems_of(text)
        assert (problem.line, problem.field) == (
            line_of("    url: https://example.org/putin-mongolia"),
            "appearances[0].url",
        )
        assert expected in problem.message


class TestRawText:
    def test_not_utf8(self) -> None:
        raw = VALID_RECORD.encode().replace(b"Example News\n", b"Exampl\xe9 News\n", 1)
        (problem,) = problems_of(raw)
        assert (problem.line, problem.column) == (line_of("  name: Example News"), 15)
        assert "not valid UTF-8 (byte 0xe9)" in problem.message

    @pytest.mark.parametrize(
        ("char", "expected"),
        [
            ("\u202e", "bidirectional control character U+202E"),
            ("\u2067", "bidirectional control character U+2067"),
            ("\u200b", "zero-width character U+200B"),
            ("\x07", "control character U+0007"),
            ("\x1b", "control character U+001B"),
            ("\u2028", "line separator U+2028"),
        ],
    )
    def test_invisible_characters(self, char: str, expected: str) -> None:
        text = replace_line("title:", f"title: Mongolia{char} is a member")
        (problem,) = problems_of(text)
        assert (problem.line, problem.column) == (1, 16)
        assert expected in problem.message

    def test_oversized_file(self) -> None:
        text = VALID_RECORD + "# " + "x" * MAX_FILE_BYTES + "\n"
        (problem,) = problems_of(text)
        assert (problem.line, problem.column) == (1, 1) and "at most 256 KiB" in problem.message

    def test_windows_line_endings_are_fine(self) -> None:
        assert problems_of(VALID_RECORD.replace("\n", "\r\n")) == []

    def test_byte_order_mark_is_fine(self) -> None:
        assert problems_of("\ufeff" + VALID_RECORD) == []


class TestAcrossFiles:
    def test_duplicate_ids_name_both_files(self, tmp_path: Path) -> None:
        facts = tmp_path / "facts"
        (facts / "sub").mkdir(parents=True)
        (facts / "same.yml").write_text(VALID_RECORD, encoding="utf-8")
        (facts / "sub" / "same.yml").write_text(VALID_RECORD, encoding="utf-8")
        first, second = load_facts(facts, DEFAULT_SCALE, base_dir=tmp_path, today=TODAY).problems
        assert (first.file, second.file) == ("facts/same.yml", "facts/sub/same.yml")
        assert "duplicate fact id 'same': facts/sub/same.yml has the same id" in first.message
        assert "duplicate fact id 'same': facts/same.yml has the same id" in second.message

    def test_invalid_file_name(self, tmp_path: Path) -> None:
        (tmp_path / "Bad_Name.yml").write_text(VALID_RECORD, encoding="utf-8")
        (problem,) = load_facts(tmp_path, DEFAULT_SCALE, base_dir=tmp_path, today=TODAY).problems
        assert "'Bad_Name' is not a valid fact id" in problem.message

    def test_related_must_exist(self, tmp_path: Path) -> None:
        (tmp_path / "one.yml").write_text(replace_line("related:", "related: [two, ghost]"), encoding="utf-8")
        (tmp_path / "two.yml").write_text(VALID_RECORD, encoding="utf-8")
        (problem,) = load_facts(tmp_path, DEFAULT_SCALE, base_dir=tmp_path.parent, today=TODAY).problems
        assert (problem.line, problem.column, problem.field) == (line_of("related:"), 16, "related[1]")
        assert "no fact has the id 'ghost'" in problem.message

    def test_published_needs_sources_and_reviewer(self, tmp_path: Path) -> None:
        text = VALID_RECORD[: VALID_RECORD.index("sources:")] + VALID_RECORD[VALID_RECORD.index("topics:") :]
        text = text.replace("reviewer: Standards editor\n", "")
        (tmp_path / "one.yml").write_text(text, encoding="utf-8")
        messages = [p.message for p in load_facts(tmp_path, DEFAULT_SCALE, base_dir=tmp_path, today=TODAY).problems]
        assert any("needs at least one source" in m for m in messages)
        assert any("needs a reviewer" in m for m in messages)

    def test_draft_may_lack_sources_and_reviewer(self, tmp_path: Path) -> None:
        text = VALID_RECORD[: VALID_RECORD.index("sources:")] + VALID_RECORD[VALID_RECORD.index("topics:") :]
        text = text.replace("reviewer: Standards editor\n", "").replace("status: published", "status: draft")
        (tmp_path / "one.yml").write_text(text, encoding="utf-8")
        assert load_facts(tmp_path, DEFAULT_SCALE, base_dir=tmp_path, today=TODAY).problems == []

    def test_long_claim_is_a_warning(self, tmp_path: Path) -> None:
        text = replace_line("claim:", 'claim: "' + "word " * 20 + '"')
        (tmp_path / "one.yml").write_text(text, encoding="utf-8")
        (problem,) = load_facts(tmp_path, DEFAULT_SCALE, base_dir=tmp_path, today=TODAY).problems
        assert problem.severity is Severity.WARNING and problem.field == "claim"

    def test_symlinked_record_is_refused(self, tmp_path: Path) -> None:
        outside = tmp_path / "outside.yml"
        outside.write_text(VALID_RECORD, encoding="utf-8")
        facts = tmp_path / "facts"
        facts.mkdir()
        (facts / "linked.yml").symlink_to(outside)
        (problem,) = load_facts(facts, DEFAULT_SCALE, base_dir=tmp_path, today=TODAY).problems
        assert "symbolic links are not allowed" in problem.message


def test_all_problems_of_a_file_are_reported_at_once() -> None:
    text = VALID_RECORD.replace("sources:", "sorces:").replace('verdict: "true"', "verdict: nope")
    text = text.replace("claim_date: 2024-08-30", "claim_date: 2024-13-01")
    fields = {p.field for p in problems_of(text)}
    assert {"sorces", "verdict", "claim_date"} <= fields


def test_problem_format() -> None:
    problem = Problem("facts/a.yml", 3, 5, "sources[0].url", "bad", Severity.WARNING)
    assert str(problem) == "facts/a.yml:3:5: sources[0].url: warning: bad"


def test_quoted_values_in_messages_stay_on_one_line() -> None:
    text = VALID_RECORD.replace("claimant:\n  name: Example News\n", "claimant: |\n  Example\n  News\n")
    (problem,) = problems_of(text)
    assert problem.field == "claimant"
    assert "'Example⏎News⏎'" in problem.message and "\n" not in problem.message


class TestPublishingTrust:
    def _checked(self, text: str, tmp_path: Path) -> list[Problem]:
        (tmp_path / "example.yml").write_text(text, encoding="utf-8")
        return load_facts(tmp_path, DEFAULT_SCALE, base_dir=tmp_path.parent, today=TODAY).problems

    def test_reviewer_who_is_the_author_is_an_error(self, tmp_path: Path) -> None:
        text = replace_line("reviewer:", "reviewer: Research desk")
        (problem,) = self._checked(text, tmp_path)
        assert (problem.line, problem.column, problem.field) == (line_of("reviewer:"), 11, "reviewer")
        assert problem.severity is Severity.ERROR
        assert "the reviewer is the author" in problem.message

    def test_plain_http_sources_are_a_notice(self, tmp_path: Path) -> None:
        text = VALID_RECORD.replace("url: https://treaties.un.org/example", "url: http://treaties.un.org/example")
        text = text.replace(
            "url: https://agency.example.com/mongolia",
            "url: https://agency.example.com/mongolia\n    archive_url: http://archive.example.org/mongolia",
        )
        problems = self._checked(text, tmp_path)
        assert [(p.line, p.column, p.field, p.severity) for p in problems] == [
            (line_of("    url: http://treaties", text), 10, "sources[0].url", Severity.NOTICE),
            (line_of("    archive_url: http://", text), 18, "sources[1].archive_url", Severity.NOTICE),
        ]
        assert "plain http:// address" in problems[0].message
        assert str(problems[0]).endswith(
            f"example.yml:{problems[0].line}:10: sources[0].url: notice: {problems[0].message}"
        )

    def test_review_date_passed_is_a_notice_for_published_facts_only(self, tmp_path: Path) -> None:
        text = replace_line("published:", "published: 2026-11-01\nreview_by: 2026-11-27")
        (problem,) = self._checked(text, tmp_path)
        assert (problem.line, problem.column, problem.field) == (line_of("review_by:", text), 12, "review_by")
        assert problem.severity is Severity.NOTICE and "was due on 2026-11-27" in problem.message
        assert self._checked(replace_line("published:", "published: 2026-11-01\nreview_by: 2026-11-28"), tmp_path) == []
        assert self._checked(text.replace("status: published", "status: review"), tmp_path) == []
