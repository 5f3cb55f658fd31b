"""`factcheck init`: a new site that checks, builds and works in a browser, with nothing copied from this repo."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from playwright.sync_api import Page, expect

from factcheck.config import FactcheckConfig
from factcheck.scaffold import SCAFFOLD_DIR

from .conftest import free_port, run_build, serve

FACTCHECK = [sys.executable, "-m", "factcheck.cli"]


def factcheck(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*FACTCHECK, *args], capture_output=True, text=True, cwd=cwd, timeout=120)


class EnvTagLoader(yaml.SafeLoader):
    """Reads mkdocs.yml the way MkDocs would, with !ENV [NAME, default] giving the default."""


EnvTagLoader.add_constructor("!ENV", lambda loader, node: loader.construct_sequence(node)[-1])  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def new_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("init") / "my-checks"
    result = factcheck("init", str(folder), "--name", 'Exampleton "Checks": the budget')
    assert result.returncode == 0, result.stderr
    assert "wrote a new fact-check site" in result.stdout
    return folder


def test_init_writes_a_complete_site(new_site: Path) -> None:
    written = sorted(str(path.relative_to(new_site)) for path in new_site.rglob("*") if path.is_file())
    for expected in (
        "mkdocs.yml",
        "README.md",
        "Makefile",
        "requirements.txt",
        ".gitignore",
        ".github/workflows/ci.yml",
        ".github/workflows/publish.yml",
        "content/index.md",
    ):
        assert expected in written
    records = [name for name in written if name.startswith("facts/") and name.endswith(".yml")]
    verdicts = {yaml.safe_load((new_site / name).read_text())["verdict"] for name in records}
    assert len(records) >= 3 and len(verdicts) >= 3
    readme = (new_site / "README.md").read_text()
    assert "make serve" in readme and "make test" in readme
    config = yaml.load((new_site / "mkdocs.yml").read_text(), Loader=EnvTagLoader)
    assert config["site_name"] == 'Exampleton "Checks": the budget'
    assert config["theme"]["name"] == "material" and config["theme"]["font"] is False
    requirements = (new_site / "requirements.txt").read_text()
    assert re.search(r"^mkdocs-factcheck==\d+\.\d+\.\d+$", requirements, re.MULTILINE)
    assert re.search(r"^mkdocs-material==9\.", requirements, re.MULTILINE)


def test_the_new_site_holds_no_copy_of_the_plugin(new_site: Path) -> None:
    package = Path(SCAFFOLD_DIR).parent / "publish"
    shipped = {path.name for folder in ("templates", "theme", "static") for path in (package / folder).rglob("*.*")}
    copied = [path for path in new_site.rglob("*") if path.is_file() and path.name in shipped]
    assert copied == []
    assert "custom_dir" not in (new_site / "mkdocs.yml").read_text().split("theme:", 1)[1].split("\n\n", 1)[0]


def test_every_plugin_option_is_in_the_new_config_with_a_comment(new_site: Path) -> None:
    text = (new_site / "mkdocs.yml").read_text()
    block = text.split("  - factcheck:\n", 1)[1].split("\n\n", 1)[0]
    for name in FactcheckConfig().keys():  # noqa: SIM118 - a Config is not a dict
        match = re.search(rf"^ {{6}}#? ?{name}:", block, re.MULTILINE)
        assert match, f"option {name} is missing from the new site's mkdocs.yml"
        before = block[: match.start()].rstrip("\n").splitlines()
        assert before and before[-1].strip().startswith("#"), f"option {name} has no comment"


def test_the_new_records_pass_the_strict_check(new_site: Path) -> None:
    result = factcheck("check", "--strict", cwd=new_site)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "3 valid facts" in result.stdout and "0 errors, 0 warnings" in result.stdout


def test_init_refuses_a_folder_that_is_not_empty(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("keep me")
    result = factcheck("init", str(tmp_path))
    assert result.returncode == 2
    assert "is not an empty folder: choose a new one, so nothing is overwritten" in result.stderr
    assert sorted(path.name for path in tmp_path.iterdir()) == ["notes.txt"]
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(
    ("option", "value", "message"),
    [
        ("--site-url", "javascript:alert(1)", "is not an http(s) address ending in '/'"),
        ("--language", "en\nx", "is not a language code"),
        ("--name", "bad\x1bname", "without control characters"),
    ],
)
def test_init_refuses_bad_options(tmp_path: Path, option: str, value: str, message: str) -> None:
    result = factcheck("init", str(tmp_path / "site"), option, value)
    assert result.returncode == 2 and message in result.stderr
    assert not (tmp_path / "site").exists()


def test_version() -> None:
    result = factcheck("--version")
    assert result.returncode == 0 and re.fullmatch(r"factcheck \d+\.\d+\.\d+\n", result.stdout)


@pytest.fixture(scope="module")
def new_site_served(new_site: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    port = free_port()
    base = f"http://127.0.0.1:{port}/"
    built = tmp_path_factory.mktemp("init-built")
    build = run_build(new_site, built, env={"SITE_URL": base})
    assert build.returncode == 0, build.output
    with serve(built, port) as url:
        yield url


@pytest.mark.browser
def test_the_new_site_works_in_a_browser(new_site_served: str, page: Page) -> None:
    external: list[str] = []
    page.context.on(
        "request", lambda request: None if request.url.startswith(new_site_served) else external.append(request.url)
    )
    page.goto(new_site_served)
    # A popover opens on an annotation.
    page.locator(".fc-annotation").first.click()
    dialog = page.locator(".fc-popover[role=dialog]")
    expect(dialog).to_be_visible()
    expect(dialog).to_contain_text("Mostly true")
    page.keyboard.press("Escape")
    expect(dialog).to_have_count(0)
    # The fact page carries its ClaimReview.
    page.goto(new_site_served + "facts/road-budget-doubled/")
    data = json.loads(page.locator("script[type='application/ld+json']").text_content() or "{}")
    assert data["@type"] == "ClaimReview" and data["reviewRating"]["alternateName"] == "Mostly true"
    # An index filter narrows the table.
    page.goto(new_site_served + "facts/")
    expect(page.locator("tr.fc-table__row:visible")).to_have_count(3)
    page.select_option("#fc-filter-verdict", "false")
    expect(page.locator("tr.fc-table__row:visible")).to_have_count(1)
    expect(page.locator("tr.fc-table__row:visible")).to_contain_text("burglaries")
    # Search finds a fact by a word of its claim.
    page.goto(new_site_served)
    page.keyboard.press("/")
    page.locator(".md-search__input").press_sequentially("burglaries")
    result = page.locator(".md-search-result__link[href*='facts/burglaries-halved/']").first
    expect(result).to_be_visible(timeout=20_000)  # the first query loads the index; slow on a busy machine
    assert external == []
