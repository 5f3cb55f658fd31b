"""The editor CLI, run as editors run it: a real process in a project folder."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

from factcheck.config import FactcheckConfig
from factcheck.configdoc import configuration_reference
from factcheck.records.scale import DEFAULT_SCALE
from factcheck.records.schema import json_schema
from factcheck.records.schemadoc import field_reference

from .conftest import REPO, VALID_RECORD


def run(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "factcheck.cli", *args], cwd=project, capture_output=True, text=True, timeout=120
    )


def project_with(tmp_path: Path, records: dict[str, str], mkdocs: str | None = None) -> Path:
    facts = tmp_path / "facts"
    facts.mkdir()
    for name, text in records.items():
        (facts / name).write_text(text, encoding="utf-8")
    if mkdocs is not None:
        (tmp_path / "mkdocs.yml").write_text(mkdocs, encoding="utf-8")
    return tmp_path


def test_check_passes_and_summarises_by_verdict(tmp_path: Path) -> None:
    project = project_with(tmp_path, {"a.yml": VALID_RECORD, "b.yml": VALID_RECORD.replace('"true"', "false")})
    result = run(project, "check")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "2 valid facts (1 true, 1 false); 0 errors, 0 warnings"
    assert "Traceback" not in result.stderr


def test_check_reports_every_error_with_location_and_fails(tmp_path: Path) -> None:
    bad = VALID_RECORD.replace("sources:", "sorces:")
    project = project_with(tmp_path, {"a.yml": bad, "b.yml": "title: [\n", "c.yml": VALID_RECORD})
    result = run(project, "check")
    assert result.returncode == 1
    lines = result.stderr.splitlines()
    assert any(
        line.startswith("facts/a.yml:15:1: sorces: unknown field 'sorces': did you mean 'sources'?") for line in lines
    )
    assert any(line.startswith("facts/b.yml:2:1: (file): YAML syntax error") for line in lines)
    assert "Traceback" not in result.stderr
    assert result.stdout.strip().startswith("1 valid fact (1 true);")


def test_check_given_paths_reports_only_those(tmp_path: Path) -> None:
    project = project_with(tmp_path, {"a.yml": "title: [\n", "c.yml": VALID_RECORD})
    result = run(project, "check", "facts/c.yml")
    assert result.returncode == 0
    assert "a.yml" not in result.stderr


def test_check_strict_fails_on_warnings(tmp_path: Path) -> None:
    long_claim = VALID_RECORD.replace(
        '"Mongolia is a member of the International Criminal Court"', '"' + "many words " * 10 + '"'
    )
    project = project_with(tmp_path, {"a.yml": long_claim})
    assert run(project, "check").returncode == 0
    strict = run(project, "check", "--strict")
    assert strict.returncode == 1
    assert "facts/a.yml:2:8: claim: warning:" in strict.stderr


def test_check_uses_the_sites_rating_scale(tmp_path: Path) -> None:
    mkdocs = """
site_name: x
theme:
  name: material
markdown_extensions:
  - pymdownx.emoji:
      emoji_index: !!python/name:material.extensions.emoji.twemoji
plugins:
  - search
  - factcheck:
      rating_scale:
        - {key: correct, label: Correct, description: Right., colour: "#1a7f37", rating_value: 2}
        - {key: wrong, label: Wrong, description: Wrong., colour: "#b42318", rating_value: 1}
"""
    project = project_with(tmp_path, {"a.yml": VALID_RECORD}, mkdocs)
    result = run(project, "check")
    assert result.returncode == 1
    assert "'true' is not on the rating scale: use one of correct, wrong" in result.stderr


def test_broken_config_is_a_clean_error(tmp_path: Path) -> None:
    project = project_with(tmp_path, {}, "plugins: [\n")
    result = run(project, "check")
    assert result.returncode == 2
    assert result.stderr.startswith("factcheck: mkdocs.yml: cannot read the configuration")
    assert "Traceback" not in result.stderr


def test_new_writes_a_draft_that_checks(tmp_path: Path) -> None:
    project = project_with(tmp_path, {})
    created = run(project, "new", "mongolia-icc")
    assert created.returncode == 0, created.stderr
    text = (project / "facts" / "mongolia-icc.yml").read_text(encoding="utf-8")
    assert "# The claim quoted exactly as it was made." in text
    assert run(project, "check").returncode == 0
    assert run(project, "new", "mongolia-icc").returncode == 2
    assert run(project, "new", "Bad_Id").returncode == 2
    published = text.replace("status: draft", "status: published")
    (project / "facts" / "mongolia-icc.yml").write_text(published, encoding="utf-8")
    result = run(project, "check")
    assert result.returncode == 1
    assert "TODO" in result.stderr and "needs a reviewer" in result.stderr


def test_schema_json_describes_every_field(tmp_path: Path) -> None:
    result = run(tmp_path, "schema")
    schema = json.loads(result.stdout)
    assert schema["additionalProperties"] is False
    assert schema["properties"]["verdict"]["enum"] == DEFAULT_SCALE.keys
    assert schema["properties"]["claim_date"]["format"] == "date"
    assert set(schema["required"]) >= {"title", "claim", "claimant", "verdict", "status", "author"}


def test_committed_schema_and_reference_are_current() -> None:
    """The JSON Schema for editors' language servers and the docs are generated from the one schema."""
    committed = json.loads((REPO / "schema" / "fact-record.schema.json").read_text(encoding="utf-8"))
    assert committed == json_schema(DEFAULT_SCALE), "run: make schema"
    reference = (REPO / "docs" / "record-format.md").read_text(encoding="utf-8")
    assert reference == field_reference(DEFAULT_SCALE), "run: make schema"
    options = (REPO / "docs" / "configuration.md").read_text(encoding="utf-8")
    assert options == configuration_reference(), "run: make schema"
    for name in FactcheckConfig().keys():  # noqa: SIM118 - a Config is not a dict
        assert f"| `{name}` |" in options


def test_export_json_and_csv(tmp_path: Path) -> None:
    hostile = VALID_RECORD.replace("title: Mongolia is a member of the ICC", 'title: =HYPERLINK("http://x")')
    draft = VALID_RECORD.replace("status: published", "status: draft")
    project = project_with(tmp_path, {"a.yml": hostile, "b.yml": draft})
    exported = json.loads(run(project, "export", "--site-url", "https://checks.example.org").stdout)
    assert exported["dataset_version"] == "1.0"
    assert [fact["id"] for fact in exported["facts"]] == ["a"]
    assert exported["facts"][0]["url"] == "https://checks.example.org/facts/a/"
    assert exported["facts"][0]["verdict_label"] == "True"
    rows = list(csv.DictReader(io.StringIO(run(project, "export", "--format", "csv").stdout)))
    assert len(rows) == 1
    assert rows[0]["title"].startswith("'=HYPERLINK")  # a spreadsheet shows it as text, never runs it


def test_export_refuses_invalid_records(tmp_path: Path) -> None:
    project = project_with(tmp_path, {"a.yml": "title: [\n"})
    result = run(project, "export")
    assert result.returncode == 1 and result.stdout == ""


def test_help_for_every_command(tmp_path: Path) -> None:
    for command in ("check", "new", "schema", "export"):
        result = run(tmp_path, command, "--help")
        assert result.returncode == 0 and "usage: factcheck " + command in result.stdout


def test_repository_records_are_valid() -> None:
    result = run(REPO, "check", "--strict")
    assert result.returncode == 0, result.stderr
    assert "0 errors, 0 warnings" in result.stdout


def test_notices_are_shown_but_never_fail_even_when_strict(tmp_path: Path) -> None:
    plain = VALID_RECORD.replace("url: https://treaties.un.org/example", "url: http://treaties.un.org/example")
    project = project_with(tmp_path, {"a.yml": plain})
    strict = run(project, "check", "--strict")
    assert strict.returncode == 0, strict.stderr
    assert strict.stderr.startswith("facts/a.yml:18:10: sources[0].url: notice: a plain http:// address")
    assert strict.stdout.strip() == "1 valid fact (1 true); 0 errors, 0 warnings, 1 notice"
    assert run(project, "check", "--quiet").stderr == ""
