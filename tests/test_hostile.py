"""Hostile input, round two: escapes, look-alike text, trailing line feeds, reserved ids, odd links and files."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
import tracemalloc
from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError

from factcheck.publish.claimreview import Organisation
from factcheck.publish.render import Renderer
from factcheck.publish.settings import Settings
from factcheck.publish.site import FactSite, FactSiteError, SiteOptions
from factcheck.records.loader import load_facts, load_record
from factcheck.records.problems import Problem
from factcheck.records.scale import DEFAULT_SCALE, RatingScale

from .conftest import VALID_RECORD, run_build, site_config
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


# -- through the CLI and real builds ---------------------------------------------------------------

ANNOTATED = "# Home\n\nWe know [Mongolia joined the court](fact:mongolia-icc) long ago.\n"


def run_check(project: Path, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "factcheck.cli", "check", *args],
        cwd=project,
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, **(env or {})},
    )


def test_a_lone_surrogate_stops_check_and_build_at_the_value(make_site: Any) -> None:
    bad = replace_line("claim:", 'claim: "\\ud800"')
    build = make_site({"facts/mongolia-icc.yml": bad})
    expected = f"facts/mongolia-icc.yml:{line_of('claim:')}:8: claim: lone surrogate U+D800"
    assert build.returncode == 1
    assert expected in build.output
    assert "Traceback" not in build.output
    check = run_check(build.project)
    assert check.returncode == 1
    assert expected in check.stderr and "Traceback" not in check.stderr


def test_index_record_cannot_replace_the_facts_index(make_site: Any) -> None:
    build = make_site({"facts/index.yml": VALID_RECORD})
    assert build.returncode == 1
    assert "facts/index.yml:1:1: (file): the id 'index' is reserved" in build.output
    assert run_check(build.project).returncode == 1


@pytest.mark.parametrize(
    ("page", "clash"),
    [
        ("content/facts/mongolia-icc.md", "facts/mongolia-icc.md is the page of facts/mongolia-icc.yml"),
        ("content/facts/mongolia-icc/index.md", "facts/mongolia-icc.md is the page of facts/mongolia-icc.yml"),
        ("content/facts/index.md", "facts/index.md is the list of all facts"),
        ("content/facts.json", "facts.json is the JSON"),
    ],
)
def test_content_that_collides_with_a_generated_path_is_reported(make_site: Any, page: str, clash: str) -> None:
    build = make_site({"facts/mongolia-icc.yml": VALID_RECORD, page: "# Mine\n"})
    assert build.returncode == 1, build.output
    assert f"{page}:1:1: (file): the site's {clash}" in build.output
    assert "Traceback" not in build.output


HIDDEN_LINKS = [
    # (markdown, column of the target on the entry's last line, expected message)
    ('<a href="fact:nope">x</a>', 10, "no fact has the id 'nope'"),
    ("[x](<fact:nope>)", 6, "no fact has the id 'nope'"),
    ("[x](fact&#58;nope)", 5, "write the link target as plain 'fact:<id>', not 'fact&#58;nope'"),
    ("[x](FACT:mongolia-icc)", 5, "not 'FACT:mongolia-icc'"),
    ("<a href='&#102;act:nope'>x</a>", 10, "not '&#102;act:nope'"),
    ("[x](fa&#9;ct:nope)", 5, "not 'fa&#9;ct:nope'"),
    ("<a href=fact:nope>x</a>", 9, "no fact has the id 'nope'"),
    ('<img src="fact:mongolia-icc" alt="">', 11, "a fact: URL can only be a link target"),
    ("[x][ref]", None, None),
    ("[ref]: fact:nope", 8, "no fact has the id 'nope'"),
    ("[other]:\n    fact:nope2", 5, "no fact has the id 'nope2'"),  # the target on the next line
    ('<a href="fact:draft-one">x</a>', 10, "fact 'draft-one' is draft, not published"),
    # Evidence links (factref:) are checked exactly like claim annotations.
    ("[x](factref:nope)", 5, "no fact has the id 'nope'"),
    ('<a href="factref:nope">x</a>', 10, "no fact has the id 'nope'"),
    ("[x](FACTREF:mongolia-icc)", 5, "write the link target as plain 'factref:<id>', not 'FACTREF:mongolia-icc'"),
    ("[x](factref&#58;nope)", 5, "not 'factref&#58;nope'"),
    ('<img src="factref:mongolia-icc" alt="">', 11, "a factref: URL can only be a link target"),
    ("[evidence]: factref:nope3", 13, "no fact has the id 'nope3'"),
    ('<a href="factref:draft-one">x</a>', 10, "fact 'draft-one' is draft, not published"),
]


def test_every_way_to_reach_fact_is_checked_before_the_site_is_emptied(make_site: Any, tmp_path: Path) -> None:
    (tmp_path / "site").mkdir()
    (tmp_path / "site" / "kept.html").write_text("the last good build", encoding="utf-8")
    front_matter = "---\ntitle: Home\n---\n\n"
    page = front_matter + "\n\n".join(line for line, _, _ in HIDDEN_LINKS) + "\n"
    draft = VALID_RECORD.replace("status: published", "status: draft")
    build = make_site({"facts/mongolia-icc.yml": VALID_RECORD, "facts/draft-one.yml": draft, "content/index.md": page})
    assert build.returncode == 1
    assert "Traceback" not in build.output and "KeyError" not in build.output
    line_number = 5
    for line, column, message in HIDDEN_LINKS:
        line_number += line.count("\n")
        target_line, line_number = line_number, line_number + 2
        if column is None:
            continue
        prefix = f"content/index.md:{target_line}:{column}: fact link: "
        reported = [text for text in build.output.splitlines() if text.startswith(prefix)]
        assert len(reported) == 1 and message in reported[0], (line, build.output)
    assert (tmp_path / "site" / "kept.html").read_text(encoding="utf-8") == "the last good build"


def test_fact_urls_that_survive_to_the_html_stop_the_build_with_the_page_named(tmp_path: Path) -> None:
    (tmp_path / "facts").mkdir()
    (tmp_path / "facts" / "mongolia-icc.yml").write_text(VALID_RECORD, encoding="utf-8")
    settings = Settings(facts_dir=tmp_path / "facts", base_dir=tmp_path)
    options = SiteOptions(site_name="t", site_url=None, publisher=Organisation("t"), today=TODAY)
    site = FactSite(settings, options, Renderer(settings))
    for html in (
        '<p><a href="FACT:nope">x</a></p>',
        '<p><a href="fact:nope">x</a></p>',
        '<img src="fact:mongolia-icc">',
        '<p><a href="FACTREF:nope">x</a></p>',
        '<p><a href="factref:nope">x</a></p>',
        '<img src="factref:mongolia-icc">',
    ):
        with pytest.raises(FactSiteError) as stopped:
            site.annotate("index.md", "Home", html, lambda path: path)
        (problem,) = stopped.value.problems
        assert (problem.file, problem.field) == ("index.md", "fact link")


CONFIG_MISTAKES = [
    ({"topics": {"icc": [1, 2]}}, "topics", "the label of topic 'icc' is a list, not text"),
    ({"topics": {"icc": 1.10}}, "topics", "the label of topic 'icc' is '1.1', which YAML reads as a number"),
    (
        {"edit_url": "https://github.com/o/r/edit/{0}/{path}"},
        "edit_url",
        "'https://github.com/o/r/edit/{0}/{path}': only",
    ),
    (
        {"edit_url": "https://github.com/o/r/edit/main/{path"},
        "edit_url",
        "'https://github.com/o/r/edit/main/{path': only",
    ),
    ({"edit_url": "javascript:alert(1)//{path}"}, "edit_url", "'javascript:alert(1)//{path}' is not an https:// URL"),
    ({"popover_sources": -1}, "popover_sources", "-1 is too small: write 0 or more"),
    (
        {"report_error_url": "http://example.org/report"},
        "report_error_url",
        "'http://example.org/report' is not an https:// URL",
    ),
    (
        {"report_error_url": "javascript:alert(1)"},
        "report_error_url",
        "'javascript:alert(1)' is not an absolute http or https URL",
    ),
    ({"report_error_url": "mailto:nobody"}, "report_error_url", "'mailto:nobody' is not a mailto: address"),
    (
        {"methodology_page": "https://example.org/method"},
        "methodology_page",
        "'https://example.org/method' is not a page path",
    ),
    (
        {"rating_scale": [{"key": "ok", "label": "OK", "description": "d", "colour": "#1a7f37", "rating_value": True}]},
        "rating_scale",
        "rating_scale[0].rating_value: YAML read rating_value as the boolean true",
    ),
    (
        {"publisher": {"name": "...", "url": "...", "logo": "..."}},
        "publisher",
        "Sub-option 'name': the value is the placeholder '...'",
    ),
]


@pytest.mark.parametrize(("options", "option", "message"), CONFIG_MISTAKES)
def test_configuration_mistakes_are_one_line_in_build_and_check(
    make_site: Any, options: dict[str, Any], option: str, message: str
) -> None:
    build = make_site({"facts/mongolia-icc.yml": VALID_RECORD}, config=site_config(**options))
    assert build.returncode == 1
    assert f"Plugin 'factcheck' option '{option}': {message}" in build.output, build.output
    assert "Traceback" not in build.output
    check = run_check(build.project)
    assert check.returncode == 2
    assert f"mkdocs.yml: plugins.factcheck.{option}: {message}" in check.stderr, check.stderr
    assert "Traceback" not in check.stderr


@pytest.mark.parametrize("value", ["https://github.com/o/r/edit/{0}/{path}", "javascript:alert(1)//{path}"])
def test_edit_url_from_the_environment_is_checked_by_build_and_check(make_site: Any, value: str) -> None:
    build = make_site({"facts/mongolia-icc.yml": VALID_RECORD})
    config = (build.project / "mkdocs.yml").read_text(encoding="utf-8")
    config = config.replace("- factcheck\n", "- factcheck:\n    edit_url: !ENV [FACTCHECK_EDIT_URL, null]\n")
    (build.project / "mkdocs.yml").write_text(config, encoding="utf-8")
    rebuilt = run_build(build.project, build.site, env={"FACTCHECK_EDIT_URL": value})
    assert rebuilt.returncode == 1
    assert "edit_url" in rebuilt.output and "Traceback" not in rebuilt.output
    check = run_check(build.project, env={"FACTCHECK_EDIT_URL": value})
    assert check.returncode == 2
    assert "plugins.factcheck.edit_url:" in check.stderr


def test_edit_url_path_is_quoted_and_nothing_else_is_replaced(make_site: Any) -> None:
    build = make_site(
        {"facts/2024 visit/mongolia-icc.yml": VALID_RECORD},
        config=site_config(edit_url="https://github.com/o/r/edit/%7Bmain%7D/{path}?x={path}"),
    )
    assert build.returncode == 0, build.output
    page = build.read("facts/mongolia-icc/index.html")
    quoted = "facts/2024%20visit/mongolia-icc.yml"
    assert f'href="https://github.com/o/r/edit/%7Bmain%7D/{quoted}?x={quoted}"' in page


def test_topic_without_a_label_is_a_warning_once_there_are_labels(tmp_path: Path) -> None:
    (tmp_path / "facts").mkdir()
    (tmp_path / "facts" / "a.yml").write_text(VALID_RECORD, encoding="utf-8")
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: t\nplugins:\n  - factcheck:\n      topics:\n        icc: ICC\n", encoding="utf-8"
    )
    check = run_check(tmp_path)
    topics = line_of("topics:")
    assert f"facts/a.yml:{topics}:15: topics[1]: warning: topic 'mongolia' has no label" in check.stderr
    (tmp_path / "mkdocs.yml").write_text("site_name: t\nplugins:\n  - factcheck\n", encoding="utf-8")
    assert "warning" not in run_check(tmp_path).stderr


class TestCheckPaths:
    def project(self, tmp_path: Path) -> Path:
        (tmp_path / "facts" / "sub").mkdir(parents=True)
        for name in ("a.yml", "sub/a.yml", "b.yml", ".hidden.yml", "notes.YML", "b.yml.bak"):
            (tmp_path / "facts" / name).write_text(VALID_RECORD, encoding="utf-8")
        (tmp_path / "elsewhere.yml").write_text(VALID_RECORD, encoding="utf-8")
        return tmp_path

    @pytest.mark.parametrize(
        ("path", "reason"),
        [
            ("elsewhere.yml", "outside the facts folder facts/"),
            ("facts", "a folder"),
            ("facts/b.yml.bak", "not a record file"),
            ("facts/missing.yml", "no such file"),
        ],
    )
    def test_paths_the_build_does_not_read_are_refused(self, tmp_path: Path, path: str, reason: str) -> None:
        check = run_check(self.project(tmp_path), path)
        assert check.returncode == 2
        assert f"'{path}': {reason}" in check.stderr
        assert "valid fact" not in check.stdout

    def test_hidden_and_upper_case_files_are_reported(self, tmp_path: Path) -> None:
        project = self.project(tmp_path)
        hidden = run_check(project, "facts/.hidden.yml")
        assert "facts/.hidden.yml:1:1: (file): warning: not read" in hidden.stderr
        assert hidden.stdout.startswith("0 valid facts; 0 errors, 1 warning")
        upper = run_check(project, "facts/notes.YML")
        assert upper.returncode == 1
        assert "facts/notes.YML:1:1: (file): not read: records end in .yml or .yaml in lowercase" in upper.stderr

    def test_either_file_of_a_duplicate_pair_fails_as_the_build_does(self, tmp_path: Path) -> None:
        project = self.project(tmp_path)
        for path, other in (("facts/a.yml", "facts/sub/a.yml"), ("facts/sub/a.yml", "facts/a.yml")):
            check = run_check(project, path)
            assert check.returncode == 1
            assert f"{path}:1:1: (file): duplicate fact id 'a': {other} has the same id" in check.stderr
            assert check.stdout.startswith("0 valid facts")
        assert run_check(project, "facts/b.yml").returncode == 0


def test_pages_cannot_reuse_the_themes_ids_and_classes(make_site: Any) -> None:
    page = (
        '# Home\n\n<div id="__config" class="md-header fine">{"base": "https://evil.example"}</div>\n\n'
        '<p id="MD-content" class="fc-annotation">x</p>\n\n<p id="mine">y</p>\n'
    )
    build = make_site({"facts/mongolia-icc.yml": VALID_RECORD, "content/index.md": page})
    assert build.returncode == 0, build.output
    home = build.read("index.html")
    assert home.count('id="__config"') == 1  # Material's own
    assert '<div class="fine">{"base": "https://evil.example"}</div>' in home
    assert "<p>x</p>" in home
    assert '<p id="mine">y</p>' in home


def test_folders_and_pipes_named_like_records_are_reported_not_read(tmp_path: Path) -> None:
    (tmp_path / "folder.yml").mkdir()
    os.mkfifo(tmp_path / "pipe.yml")  # reading it would never end
    problems = load_facts(tmp_path, DEFAULT_SCALE, base_dir=tmp_path, today=TODAY).problems
    assert [(p.file, p.line, p.column, p.message) for p in problems] == [
        (name, 1, 1, "not a regular file: a record is a plain text file") for name in ("folder.yml", "pipe.yml")
    ]
