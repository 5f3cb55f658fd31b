"""`factcheck check --since REF` in a temporary git repository: published facts change only with a correction."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import VALID_RECORD

CORRECTION = (
    "updated: 2026-12-01\n"
    "corrections:\n"
    "  - date: 2026-12-01\n"
    "    change: We rated the claim true; the ratification date was wrong, so it is mixed.\n"
    '    previous_verdict: "true"\n'
)
GIT_ENV = {key: value for key, value in os.environ.items() if not key.startswith("GIT_")} | {
    "GIT_AUTHOR_NAME": "Editor",
    "GIT_AUTHOR_EMAIL": "editor@example.org",
    "GIT_COMMITTER_NAME": "Editor",
    "GIT_COMMITTER_EMAIL": "editor@example.org",
    "GIT_CONFIG_GLOBAL": os.devnull,
    "GIT_CONFIG_NOSYSTEM": "1",
}


def git(repo: Path, *args: str) -> str:
    result = subprocess.run(["git", *args], cwd=repo, env=GIT_ENV, capture_output=True, text=True, check=True)
    return result.stdout


def check(repo: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "factcheck.cli", "check", *args],
        cwd=repo,
        env=GIT_ENV,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A repository whose first commit publishes facts/mongolia-icc.yml and keeps facts/drafted.yml a draft."""
    (tmp_path / "facts").mkdir()
    (tmp_path / "facts" / "mongolia-icc.yml").write_text(VALID_RECORD, encoding="utf-8")
    draft = VALID_RECORD.replace("status: published", "status: draft")
    (tmp_path / "facts" / "drafted.yml").write_text(draft, encoding="utf-8")
    git(tmp_path, "init", "--quiet", "--initial-branch=main")
    git(tmp_path, "add", ".")
    git(tmp_path, "commit", "--quiet", "-m", "Publish a fact")
    return tmp_path


def edit(repo: Path, name: str, old: str, new: str) -> str:
    path = repo / "facts" / name
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")
    return path.read_text(encoding="utf-8")


def line_of(text: str, prefix: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), 1) if line.startswith(prefix))


def test_an_unchanged_tree_passes(repo: Path) -> None:
    result = check(repo, "--since", "HEAD")
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""


def test_a_changed_verdict_without_a_correction_fails_then_passes_with_one(repo: Path) -> None:
    text = edit(repo, "mongolia-icc.yml", 'verdict: "true"', "verdict: mixed")
    result = check(repo, "--since", "HEAD")
    assert result.returncode == 1, result.stdout + result.stderr
    assert result.stderr.splitlines() == [
        "facts/mongolia-icc.yml:1:1: updated: verdict changed since HEAD: set updated to a date after 2026-11-28",
        f"facts/mongolia-icc.yml:{line_of(text, 'verdict:')}:10: verdict: changed since HEAD "
        "(verdict from 'true' to 'mixed') without a correction: add a corrections entry dated after 2026-11-28 "
        "that tells readers what changed and why",
    ]

    edit(repo, "mongolia-icc.yml", "corrections: []\n", CORRECTION)
    fixed = check(repo, "--since", "HEAD")
    assert fixed.returncode == 0, fixed.stderr
    assert fixed.stdout.startswith("2 valid facts (1 true, 1 mixed)")

    git(repo, "commit", "--quiet", "-am", "Correct the verdict")
    assert check(repo, "--since", "HEAD~1").returncode == 0  # the corrected commit against the one before it


def test_a_changed_verdict_must_name_the_previous_one(repo: Path) -> None:
    edit(repo, "mongolia-icc.yml", 'verdict: "true"', "verdict: mixed")
    text = edit(repo, "mongolia-icc.yml", "corrections: []\n", CORRECTION.replace('    previous_verdict: "true"\n', ""))
    result = check(repo, "--since", "HEAD")
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        f"facts/mongolia-icc.yml:{line_of(text, 'corrections:') + 1}:3: corrections: the verdict changed from "
        "'true' to 'mixed' since HEAD: add previous_verdict: true to the correction that changed it"
    ]


def test_an_old_correction_does_not_cover_a_new_change(repo: Path) -> None:
    edit(repo, "mongolia-icc.yml", "corrections: []\n", CORRECTION.replace('    previous_verdict: "true"\n', ""))
    git(repo, "commit", "--quiet", "-am", "A first correction")
    text = edit(repo, "mongolia-icc.yml", "verdict_summary: Mongolia", "verdict_summary: As it happens, Mongolia")
    result = check(repo, "--since", "HEAD")
    assert result.returncode == 1
    assert result.stderr.splitlines()[0].startswith(
        f"facts/mongolia-icc.yml:{line_of(text, 'verdict_summary:')}:18: verdict_summary: changed since HEAD "
        "(verdict_summary from 'Mongolia ratified the Rome Statute in 2002.' to 'As it happens, Mongolia "
    )
    assert "add a corrections entry dated after 2026-12-01" in result.stderr


def test_a_changed_claim_is_held_to_the_policy_and_other_fields_are_not(repo: Path) -> None:
    edit(repo, "mongolia-icc.yml", "Mongolia is a **State Party**", "Mongolia is a State Party")
    assert check(repo, "--since", "HEAD").returncode == 0  # the explanation may be reworded
    edit(repo, "mongolia-icc.yml", 'claim: "Mongolia is a member', 'claim: "Mongolia is a full member')
    result = check(repo, "--since", "HEAD")
    assert result.returncode == 1
    assert "facts/mongolia-icc.yml:2:8: claim: changed since HEAD (claim from 'Mongolia is a member" in result.stderr


def test_drafts_change_freely(repo: Path) -> None:
    edit(repo, "drafted.yml", 'verdict: "true"', 'verdict: "false"')
    (repo / "facts" / "drafted.yml").rename(repo / "facts" / "renamed-draft.yml")
    assert check(repo, "--since", "HEAD").returncode == 0


def test_a_removed_or_unpublished_fact_is_reported(repo: Path) -> None:
    text = edit(repo, "mongolia-icc.yml", "status: published", "status: review")
    result = check(repo, "--since", "HEAD")
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        f"facts/mongolia-icc.yml:{line_of(text, 'status:')}:9: status: was published in HEAD, now review: "
        "the page would disappear; keep it published and correct it in its corrections log"
    ]
    (repo / "facts" / "mongolia-icc.yml").unlink()
    removed = check(repo, "--since", "HEAD")
    assert removed.returncode == 1
    assert removed.stderr.startswith(
        "facts/mongolia-icc.yml:1:1: (file): the published fact 'mongolia-icc' was removed since HEAD"
    )


def test_records_in_a_subfolder_of_the_repository(repo: Path) -> None:
    """The facts folder need not be the repository's top: paths are read relative to the repository."""
    site = repo / "site"
    site.mkdir()
    git(repo, "mv", "facts", "site/facts")
    git(repo, "commit", "--quiet", "-m", "Move the site")
    edit(site, "mongolia-icc.yml", 'verdict: "true"', "verdict: mixed")
    result = check(site, "--since", "HEAD")
    assert result.returncode == 1
    assert result.stderr.startswith("facts/mongolia-icc.yml:")


def test_an_unknown_revision_is_a_usage_error(repo: Path) -> None:
    result = check(repo, "--since", "no-such-branch")
    assert result.returncode == 2
    assert result.stderr == (
        "factcheck: --since no-such-branch: 'no-such-branch' is not a commit of this repository "
        "(in a shallow clone, fetch it first)\n"
    )
    assert check(repo, "--since", "--output=x").returncode == 2


def test_a_facts_folder_outside_git_is_a_usage_error(tmp_path: Path) -> None:
    (tmp_path / "facts").mkdir()
    result = check(tmp_path, "--since", "HEAD")
    assert result.returncode == 2
    assert result.stderr.startswith("factcheck: --since HEAD: fatal: not a git repository")
