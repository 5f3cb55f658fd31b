"""Synthetic fact-check sites for the benchmarks: the same text, once as fact records, once as plain Markdown.

Everything is deterministic for a given size and seed, so two runs build the same sites.
"""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path
from typing import Any

import yaml

REPO = Path(__file__).resolve().parent.parent
DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
VERDICTS = {
    "true": "True",
    "mostly-true": "Mostly true",
    "mixed": "Mixed",
    "misleading": "Misleading",
    "false": "False",
    "unverified": "Unverified",
}
TOPICS = {
    "icc": "International Criminal Court",
    "mongolia": "Mongolia",
    "russia": "Russia",
    "ukraine": "Ukraine",
    "diplomacy": "Diplomacy",
    "kremlin": "Kremlin",
    "visit": "The visit",
    "aftermath": "Aftermath",
    "energy": "Energy",
    "law": "International law",
}
PUBLISHERS = [
    "International Criminal Court",
    "United Nations Treaty Collection",
    "Kremlin press service",
    "Mongolian Ministry of Foreign Affairs",
    "Reuters",
    "Associated Press",
    "Agence France-Presse",
    "BBC News",
    "The Guardian",
    "Human Rights Watch",
    "Amnesty International",
    "Al Jazeera",
    "Montsame",
    "TASS",
]
CLAIMANTS = [
    ("Example News", "newspaper"),
    ("Dmitry Peskov", "Kremlin spokesman"),
    ("Ukhnaagiin Khurelsukh", "President of Mongolia"),
    ("Regional Daily", None),
    ("A ministry spokesperson", "Ministry of Foreign Affairs"),
    ("Evening Bulletin", None),
]
SUBJECTS = [
    "the court",
    "the Kremlin",
    "Mongolia's government",
    "the Assembly of States Parties",
    "the pre-trial chamber",
    "the foreign ministry",
    "the prosecutor",
    "the delegation",
    "the treaty",
    "the warrant",
    "the summit",
    "the agreement",
    "the ministry",
    "the press service",
    "several diplomats",
    "the official record",
]
VERBS = [
    "confirmed",
    "announced",
    "did not mention",
    "reported",
    "denied",
    "published",
    "referred to",
    "described",
    "questioned",
    "recorded",
    "signed",
    "postponed",
    "welcomed",
    "criticised",
    "summarised",
    "cited",
]
OBJECTS = [
    "the visit to Ulaanbaatar",
    "the arrest warrant issued in March 2023",
    "a statement on non-cooperation",
    "the energy supply contracts",
    "the decision of 24 October 2024",
    "the anniversary of the battle of Khalkhin Gol",
    "the obligations under the Rome Statute",
    "the request for leave to appeal",
    "the pipeline negotiations",
    "an official transcript of the talks",
    "the schedule of the delegation",
    "the joint declaration",
    "the figures in the annual report",
    "a briefing for journalists",
    "the list of signed documents",
    "the comments of the spokesperson",
]
TAILS = [
    "according to the published transcript",
    "two days later",
    "in a statement on its website",
    "without giving a date",
    "as the court's records show",
    "in an interview with a news agency",
    "which several outlets repeated",
    "before the talks began",
    "after the visit had ended",
    "in its annual report",
    "",
    "",
    "",
]
CONNECTIVES = ["However,", "In fact,", "By contrast,", "Later,", "As a result,", "Separately,", "Moreover,", ""]
HEADLINE_WORDS = [
    "warrant",
    "visit",
    "court",
    "pipeline",
    "treaty",
    "summit",
    "ruling",
    "appeal",
    "energy",
    "delegation",
    "statement",
    "referral",
    "border",
    "anniversary",
    "talks",
    "agreement",
]
KINDS = ["report", "statement", "ruling", "briefing", "article"]
PEOPLE = ["Research desk", "Ariunaa B.", "Tomas K.", "Sara M.", "Jon P."]
REVIEWERS = ["Standards editor", "Deputy editor"]


def fact_id(index: int) -> str:
    """Stable, readable, unique ids such as ``kremlin-pipeline-00042``."""
    words = HEADLINE_WORDS
    return f"{words[index % len(words)]}-{words[(index * 7 + 3) % len(words)]}-{index:05d}"


def _sentence(rng: random.Random, link: bool = False) -> str:
    subject = rng.choice(SUBJECTS)
    obj = rng.choice(OBJECTS)
    if rng.random() < 0.15:
        obj = f"**{obj}**"
    elif link or rng.random() < 0.05:
        obj = f"[{obj}](https://example.org/{rng.choice(HEADLINE_WORDS)}/{rng.randrange(10**6)})"
    connective = rng.choice(CONNECTIVES)
    sentence = f"{connective} {subject} {rng.choice(VERBS)} {obj}".strip()
    tail = rng.choice(TAILS)
    if tail:
        sentence += f", {tail}"
    if rng.random() < 0.1:
        sentence += f" (see {rng.choice(PUBLISHERS)}, {rng.randint(1, 28)} {rng.choice(MONTHS)} 2024)"
    return sentence[0].upper() + sentence[1:] + "."


MONTHS = ["January", "March", "May", "June", "August", "September", "October", "November", "December"]


def explanation(rng: random.Random) -> str:
    """Markdown of roughly 300-600 words: paragraphs, bold, links, sometimes a list."""
    target = rng.randint(300, 600)
    paragraphs: list[str] = []
    words = 0
    while words < target:
        if paragraphs and rng.random() < 0.12:
            items = [f"- {_sentence(rng)}" for _ in range(rng.randint(2, 4))]
            block = "\n".join(items)
        else:
            block = " ".join(_sentence(rng, link=i == 0 and rng.random() < 0.3) for i in range(rng.randint(3, 6)))
            if not paragraphs or rng.random() < 0.3:
                block = (
                    f"**{rng.choice(['What is confirmed.', 'What we found.', 'The context.', 'In short.'])}** " + block
                )
        paragraphs.append(block)
        words += len(block.split())
    return "\n\n".join(paragraphs) + "\n"


def _date(rng: random.Random, start: dt.date, max_days: int) -> dt.date:
    return start + dt.timedelta(days=rng.randint(0, max_days))


def make_record(index: int, count: int, rng: random.Random) -> dict[str, Any]:
    """One valid, published record as plain data (dates as ISO text, as an editor writes them)."""
    claim_date = _date(rng, dt.date(2024, 1, 1), 300)
    published = _date(rng, claim_date + dt.timedelta(days=3), 120)
    headline = " ".join(rng.sample(HEADLINE_WORDS, 3))
    subject, verb, obj = rng.choice(SUBJECTS), rng.choice(VERBS), rng.choice(OBJECTS)
    claim = f"{subject.capitalize()} {verb} {obj}"[:74]
    claimant_name, claimant_role = rng.choice(CLAIMANTS)
    claimant: dict[str, Any] = {"name": claimant_name}
    if claimant_role:
        claimant["role"] = claimant_role
    verdict = rng.choice(list(VERDICTS))
    sources = []
    for n in range(rng.randint(3, 5)):
        source_published = _date(rng, claim_date - dt.timedelta(days=200), 200)
        sources.append(
            {
                "title": f"{rng.choice(HEADLINE_WORDS).capitalize()} {rng.choice(KINDS)} on {rng.choice(OBJECTS)}",
                "publisher": rng.choice(PUBLISHERS),
                "url": f"https://example.org/source/{index}/{n}",
                "published": source_published.isoformat(),
                "accessed": _date(rng, published - dt.timedelta(days=2), 2).isoformat(),
                "quote": " ".join(_sentence(rng).replace("**", "") for _ in range(rng.randint(1, 2))),
                "kind": "primary" if n == 0 or rng.random() < 0.3 else "secondary",
            }
        )
    record: dict[str, Any] = {
        "title": f"Did {subject} {verb.split()[0]} {obj}? ({headline})"[:119],
        "claim": claim,
        "claimant": claimant,
        "claim_date": claim_date.isoformat(),
        "appearances": [
            {
                "title": f"{headline.capitalize()}: what to expect",
                "publisher": claimant_name,
                "url": f"https://example.org/appearance/{index}",
                "date": claim_date.isoformat(),
            }
        ],
        "verdict": verdict,
        "verdict_summary": _sentence(rng).replace("**", ""),
        "explanation": explanation(rng),
        "sources": sources,
        "topics": rng.sample(list(TOPICS), rng.randint(1, 3)),
        "related": sorted({fact_id(rng.randrange(count)) for _ in range(rng.randint(0, 4))} - {fact_id(index)}),
        "status": "published",
        "author": rng.choice(PEOPLE),
        "reviewer": rng.choice(REVIEWERS),
        "published": published.isoformat(),
    }
    if rng.random() < 0.15:  # a few corrections, oldest first, after publication
        dates = sorted(_date(rng, published + dt.timedelta(days=1), 60) for _ in range(rng.randint(1, 2)))
        record["corrections"] = [
            {"date": d.isoformat(), "change": f"We corrected the date of {rng.choice(OBJECTS)}."} for d in dates
        ]
        if rng.random() < 0.5:
            record["corrections"][-1]["previous_verdict"] = rng.choice(list(VERDICTS))
        record["updated"] = dates[-1].isoformat()
    else:
        record["corrections"] = []
    return record


def make_records(count: int, seed: int = 1) -> dict[str, dict[str, Any]]:
    rng = random.Random(f"{seed}-{count}")
    return {fact_id(i): make_record(i, count, rng) for i in range(count)}


def home_markdown(ids: list[str], annotations: int, link: str, seed: int = 1) -> str:
    """An editorial home page with ``annotations`` inline links; ``link`` formats the target of each."""
    rng = random.Random(f"home-{seed}-{len(ids)}")
    lines = ["# What the record shows", ""]
    done = 0
    section = 0
    while done < annotations:
        if done % 40 == 0:
            section += 1
            lines += [f"## Part {section}", ""]
        sentences = []
        for _ in range(rng.randint(3, 5)):
            text = _sentence(rng).replace("**", "")
            if done < annotations:
                words = text.rstrip(".").split(" ")
                start = rng.randrange(max(1, len(words) - 4))
                span = " ".join(words[start : start + 4])
                target = link.format(id=ids[(done * 37) % len(ids)])
                text = " ".join(words[:start]) + f" [{span}]({target}) " + " ".join(words[start + 4 :]) + "."
                text = " ".join(text.split())
                done += 1
            sentences.append(text)
        lines += [" ".join(sentences), ""]
    return "\n".join(lines)


# -- the two sites -------------------------------------------------------------------------------------

PLUGIN_CONFIG = """\
site_name: Synthetic fact check
site_url: http://127.0.0.1:8000/
docs_dir: content
site_dir: site
use_directory_urls: true
theme:
  name: material
  language: en
  font: false
  features: [navigation.instant, navigation.tracking, navigation.top, search.suggest, search.highlight]
extra:
  generator: false
markdown_extensions:
  - toc:
      permalink: false
  - tables
  - admonition
plugins:
  - search
  - factcheck:
      facts_dir: facts
      topics: {topics}
nav:
  - Home: index.md
  - All facts: facts/index.md
"""

BASELINE_CONFIG = """\
site_name: Synthetic fact check
site_url: http://127.0.0.1:8000/
docs_dir: content
site_dir: site
use_directory_urls: true
theme:
  name: material
  language: en
  font: false
  features: [navigation.instant, navigation.tracking, navigation.top, search.suggest, search.highlight]
extra:
  generator: false
markdown_extensions:
  - toc:
      permalink: false
  - tables
  - admonition
plugins:
  - search
not_in_nav: |
  /facts/*.md
nav:
  - Home: index.md
  - All facts: facts/index.md
"""


def _human(value: str | None) -> str:
    if not value:
        return ""
    day = dt.date.fromisoformat(str(value))
    return f"{day.day} {day:%B %Y}"


def baseline_fact_markdown(fact: str, record: dict[str, Any], titles: dict[str, str]) -> str:
    """The same content as a fact page, written as an ordinary Markdown page."""
    label = VERDICTS.get(record["verdict"], record["verdict"])
    claimant = record["claimant"]
    who = claimant["name"] + (f", {claimant['role']}" if claimant.get("role") else "")
    appearances = " and ".join(
        (f"[{a['title']}]({a['url']})" if a.get("url") else a["title"])
        + (f" ({a['publisher']}, {_human(a.get('date'))})" if a.get("publisher") else "")
        for a in record["appearances"]
    )
    front = yaml.safe_dump(
        {"title": record["title"], "description": f"{label}: {record['verdict_summary']}"},
        allow_unicode=True,
        sort_keys=True,
    )
    out = [f"---\n{front}---\n", f"# {record['title']}\n"]
    out.append(f"**Our verdict: {label}.** {record['verdict_summary']}\n")
    out.append(f"> {record['claim']}\n>\n> — {who}, {_human(record['claim_date'])}, in {appearances}\n")
    out.append(f"## What the record shows\n\n{record['explanation'].strip()}\n")
    out.append("## Sources\n")
    for number, source in enumerate(record.get("sources") or [], start=1):
        kind = "primary source" if source["kind"] == "primary" else "reporting"
        date = f", {_human(source.get('published'))}" if source.get("published") else ""
        out.append(f"{number}. [{source['title']}]({source['url']}), {source['publisher']}{date} ({kind})\n")
        if source.get("quote"):
            out.append(f"    > {source['quote']}\n")
        out.append(f"    Accessed {_human(source['accessed'])}\n")
    if record.get("corrections"):
        out.append("## Corrections\n")
        for correction in record["corrections"]:
            out.append(f"- {_human(correction['date'])}: {correction['change']}")
        out.append("")
    related = [r for r in record.get("related") or [] if r in titles]
    if related:
        out.append("## Related facts\n")
        out += [f"- [{titles[r]}]({r}.md)" for r in related]
        out.append("")
    published = f" Published {_human(record.get('published'))}." if record.get("published") else ""
    out.append(f"Researched by {record['author']}, reviewed by {record.get('reviewer')}.{published}\n")
    out.append("[All facts as data](../index.md)\n")
    return "\n".join(out)


def baseline_index_markdown(records: dict[str, dict[str, Any]]) -> str:
    lines = ["# All checked claims", ""]
    for fact, record in records.items():
        label = VERDICTS.get(record["verdict"], record["verdict"])
        lines.append(f"- [{record['title']}]({fact}.md) — **{label}**: {record['verdict_summary']}")
    return "\n".join(lines) + "\n"


def write_plugin_site(root: Path, records: dict[str, dict[str, Any]], home: str) -> Path:
    """A site built with the factcheck plugin alone, as a new site made with the generator is."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "mkdocs.yml").write_text(
        PLUGIN_CONFIG.replace("{topics}", yaml.safe_dump(TOPICS, default_flow_style=True).strip())
    )
    facts = root / "facts"
    facts.mkdir(exist_ok=True)
    for fact, record in records.items():
        (facts / f"{fact}.yml").write_text(
            yaml.dump(record, Dumper=DUMPER, allow_unicode=True, sort_keys=False, width=110)
        )
    content = root / "content"
    content.mkdir(exist_ok=True)
    (content / "index.md").write_text(home)
    return root


def write_baseline_site(root: Path, records: dict[str, dict[str, Any]], home: str) -> Path:
    """A plain Material site: the same text as ordinary Markdown pages, fact pages kept out of the nav."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "mkdocs.yml").write_text(BASELINE_CONFIG)
    facts = root / "content" / "facts"
    facts.mkdir(parents=True, exist_ok=True)
    titles = {fact: record["title"] for fact, record in records.items()}
    for fact, record in records.items():
        (facts / f"{fact}.md").write_text(baseline_fact_markdown(fact, record, titles))
    (facts / "index.md").write_text(baseline_index_markdown(records))
    (root / "content" / "index.md").write_text(home)
    return root


def write_sites(root: Path, count: int, annotations: int = 300, seed: int = 1) -> tuple[Path, Path]:
    records = make_records(count, seed)
    ids = list(records)
    plugin = write_plugin_site(root / "plugin", records, home_markdown(ids, annotations, "fact:{id}", seed))
    baseline = write_baseline_site(root / "baseline", records, home_markdown(ids, annotations, "facts/{id}.md", seed))
    return plugin, baseline


__all__ = ["make_records", "write_baseline_site", "write_plugin_site", "write_sites"]
