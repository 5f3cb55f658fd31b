"""The wheel built from a clean clone holds every template and asset, and a fresh virtualenv builds a new site."""

from __future__ import annotations

import os
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

from .conftest import REPO

PACKAGE_DATA = ("publish/templates", "publish/theme", "publish/static", "publish/locales", "scaffold")


def run(*command: str | Path, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PIP_NO_INDEX": "1", "PIP_DISABLE_PIP_VERSION_CHECK": "1", "NO_MKDOCS_2_WARNING": "1"}
    result = subprocess.run([str(c) for c in command], capture_output=True, text=True, cwd=cwd, env=env, timeout=600)
    assert result.returncode == 0, f"{command}:\n{result.stdout}\n{result.stderr}"
    return result


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("wheel")
    # A clone holds only what is committed: files that exist only in this checkout cannot hide a packaging gap.
    run("git", "clone", "--quiet", REPO, root / "clone")
    run(
        sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation", "-w", root, root / "clone"
    )
    (built,) = root.glob("mkdocs_factcheck-*.whl")
    return built


def test_the_wheel_holds_every_packaged_file(wheel: Path) -> None:
    source = REPO / "plugins" / "factcheck"
    expected = {
        f"factcheck/{path.relative_to(source).as_posix()}"
        for folder in PACKAGE_DATA
        for path in (source / folder).rglob("*")
        if path.is_file() and "__pycache__" not in path.parts
    }
    names = set(zipfile.ZipFile(wheel).namelist())
    assert expected - names == set()
    assert "factcheck/scaffold/dot-github/workflows/publish.yml" in names and "factcheck/records/__init__.py" in names
    assert "factcheck/py.typed" in names


def test_a_fresh_virtualenv_with_the_wheel_builds_a_new_site(wheel: Path, tmp_path: Path) -> None:
    venv = tmp_path / "venv"
    run(sys.executable, "-m", "venv", "--without-pip", venv)
    python = venv / "bin" / "python"
    run(sys.executable, "-m", "pip", "--python", python, "install", "--quiet", "--no-deps", wheel)
    # The dependencies come from this environment (no network in tests); the package itself only from the wheel.
    fresh_site_packages = Path(
        run(python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])").stdout.strip()
    )
    (fresh_site_packages / "dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    location = run(python, "-c", "import factcheck; print(factcheck.__file__)").stdout.strip()
    assert Path(location).is_relative_to(venv)

    run(venv / "bin" / "factcheck", "init", tmp_path / "site", "--name", "Fresh checks")
    run(venv / "bin" / "factcheck", "check", "--strict", cwd=tmp_path / "site")
    run(python, "-m", "mkdocs", "build", "--strict", "-d", tmp_path / "out", cwd=tmp_path / "site")
    out = tmp_path / "out"
    for path in ("assets/factcheck/factcheck.js", "assets/factcheck/factcheck.css", "facts.json", "404.html"):
        assert (out / path).is_file(), path
    fact = (out / "facts/road-budget-doubled/index.html").read_text(encoding="utf-8")
    assert '<script type="application/ld+json">' in fact and "Mostly true" in fact
