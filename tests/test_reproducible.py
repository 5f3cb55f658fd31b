"""Builds are reproducible and refuse what could publish files from outside the repository."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

from .conftest import REPO, VALID_RECORD, RealBuild, run_build


def digests(site: Path) -> dict[str, str]:
    return {
        path.relative_to(site).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(site.rglob("*"))
        if path.is_file()
    }


def test_two_builds_of_the_same_commit_are_byte_identical(real_build: RealBuild, tmp_path: Path) -> None:
    first = real_build.build
    second = run_build(REPO, tmp_path / "second", env=real_build.env)
    assert second.returncode == 0, second.output
    one, two = digests(first.site), digests(second.site)
    assert len(one) > 50
    assert one.keys() == two.keys()
    assert [name for name in one if one[name] != two[name]] == []
    assert "2024-09-03" in (first.site / "sitemap.xml").read_text(encoding="utf-8")  # the epoch, not today


def test_symlinked_content_is_refused(make_site: Any, tmp_path: Path) -> None:
    secret = tmp_path / "secret.md"
    secret.write_text("# Secret\n", encoding="utf-8")
    project = tmp_path / "project" / "content"
    project.mkdir(parents=True)
    (project / "leak.md").symlink_to(secret)
    build = make_site({"facts/mongolia-icc.yml": VALID_RECORD})
    assert build.returncode == 1
    assert "content/leak.md: symbolic link; replace it with a real file" in build.output
    assert not build.site.exists()


def test_symlinked_folder_in_facts_is_refused(make_site: Any, tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    facts = tmp_path / "project" / "facts"
    facts.mkdir(parents=True)
    (facts / "more").symlink_to(elsewhere, target_is_directory=True)
    build = make_site({"facts/mongolia-icc.yml": VALID_RECORD})
    assert build.returncode == 1
    assert "facts/more: symbolic link" in build.output
