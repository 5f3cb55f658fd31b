"""Every reader-facing word follows theme.language; catalogues stay complete."""

from __future__ import annotations

import datetime as dt
import json
import re
from typing import Any

import pytest

from factcheck.publish.i18n import PLACEHOLDER, CatalogueError, load_catalogue, shipped_catalogue, shipped_languages

from .conftest import REPO, VALID_RECORD, site_config

ANNOTATED = "# Accueil\n\nNous savons que [la Mongolie a rejoint la Cour](fact:mongolia-icc).\n"


@pytest.mark.parametrize("language", shipped_languages())
def test_every_catalogue_has_every_key_with_the_same_placeholders(language: str) -> None:
    reference = shipped_catalogue("en")
    catalogue = shipped_catalogue(language)
    assert set(catalogue) == set(reference)
    for key, text in reference.items():
        assert set(PLACEHOLDER.findall(catalogue[key])) == set(PLACEHOLDER.findall(text)), key
        assert catalogue[key].strip(), key


def test_english_and_french_are_shipped() -> None:
    assert {"en", "fr"} <= set(shipped_languages())


def test_dates_follow_the_catalogue_locale() -> None:
    day = dt.date(2024, 9, 3)
    assert load_catalogue("en").date(day) == "3 September 2024"
    assert load_catalogue("fr").date(day) == "3 septembre 2024"
    assert load_catalogue("en", {"date_locale": "en_US"}).date(day) == "September 3, 2024"


def test_regional_languages_use_their_base_catalogue() -> None:
    assert load_catalogue("fr-CA").t("fact.sources") == "Sources"
    assert load_catalogue("fr_BE").t("index.verdict") == "Verdict"
    assert load_catalogue("fr-CA").t("fact.explanation") == "Ce que montre le dossier"


def test_overrides_are_checked() -> None:
    with pytest.raises(CatalogueError, match=re.escape("'fact.our_verdit' is not a string of the plugin")):
        load_catalogue("en", {"fact.our_verdit": "Rating:"})
    with pytest.raises(CatalogueError, match=re.escape("fact.our_verdict: write the text in quotes, not int 3")):
        load_catalogue("en", {"fact.our_verdict": 3})
    with pytest.raises(CatalogueError, match="'xx_YY' is not a locale Babel knows"):
        load_catalogue("en", {"date_locale": "xx_YY"})


def test_placeholders_never_reach_str_format() -> None:
    words = load_catalogue("en", {"fact.accessed": "Read {date} {0} {date.__class__} {"})
    assert words.t("fact.accessed", date="today") == "Read today {0} {date.__class__} {"


def test_a_french_site_speaks_french(make_site: Any) -> None:
    config = site_config()
    config["theme"]["language"] = "fr"
    build = make_site({"facts/mongolia-icc.yml": VALID_RECORD, "content/index.md": ANNOTATED}, config=config)
    assert build.returncode == 0, build.output
    fact = build.read("facts/mongolia-icc/index.html")
    assert "Notre verdict :" in fact and ">Vrai<" in fact
    assert 'Consulté le <time datetime="2026-11-28">28 novembre 2026</time>' in fact
    assert "Ce que montre le dossier" in fact and "Our verdict" not in fact and "Accessed" not in fact
    index = build.read("facts/index.html")
    assert "Tous les verdicts" in index and "Les 1 affirmations vérifiées" in index
    assert "<title>Toutes les affirmations vérifiées" in index
    strings = re.search(r'<script type="application/json" id="fc-strings">(.*?)</script>', build.read("index.html"))
    assert strings and json.loads(strings.group(1))["strings"]["close"] == "Fermer"
    assert "(vérification : </span>Vrai" in build.read("index.html")
    assert "Page introuvable" in build.read("404.html")


def test_site_strings_replace_the_catalogue_and_are_escaped(make_site: Any) -> None:
    build = make_site(
        {"facts/mongolia-icc.yml": VALID_RECORD},
        config=site_config(strings={"fact.our_verdict": "<b>Rating</b>:"}),
    )
    assert build.returncode == 0, build.output
    fact = build.read("facts/mongolia-icc/index.html")
    assert "&lt;b&gt;Rating&lt;/b&gt;:" in fact and "<b>Rating</b>" not in fact


def test_a_language_without_catalogue_warns_until_translated(make_site: Any) -> None:
    config = site_config()
    config["theme"]["language"] = "de"
    build = make_site({"facts/mongolia-icc.yml": VALID_RECORD}, config=config)
    assert build.returncode != 0
    count = len(shipped_catalogue("en"))
    assert f"no catalogue for theme.language 'de': {count} strings are shown in English" in build.output
    assert "translate them with plugins.factcheck.strings" in build.output


def test_the_language_guide_lists_every_key() -> None:
    guide = (REPO / "docs" / "languages.md").read_text(encoding="utf-8")
    for key in shipped_catalogue("en"):
        assert f"`{key}`" in guide, key
