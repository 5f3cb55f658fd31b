"""The fact record schema: the single source of truth for validation, the JSON Schema and the docs.

Values arrive as the text the editor wrote (see :mod:`factcheck.yamlsource`), so
every type here parses text strictly: dates must be ``YYYY-MM-DD`` and real,
URLs must be absolute ``http(s)`` with a plain host, one-line fields must be
one line.
"""

from __future__ import annotations

import datetime as dt
import difflib
import ipaddress
import re
from typing import Annotated, Any, Literal
from urllib.parse import urlsplit

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, ValidationInfo, field_validator

from .problems import shown
from .scale import RatingScale

SCHEMA_VERSION = "1.0"
# Python's `$` also matches before a final line feed ("budget\n"): patterns end at `\Z`, the true end.
# The JSON Schema keeps `$`, which means the end of the text there.
ID_SCHEMA_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
ID_PATTERN = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*\Z")
ISO_DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}\Z")
HOST_LABEL = re.compile(r"^[a-z0-9]([a-z0-9-]*[a-z0-9])?\Z")
# Ids whose page would replace one the site generates: facts/index.md is the list of all facts.
RESERVED_IDS = frozenset({"index"})
# Hosts that are not a public site: the link checker must not be sent to the machine it runs on.
LOCAL_HOSTS = frozenset({"localhost", "localhost.localdomain"})
LOCAL_SUFFIXES = (".localhost", ".local", ".internal", ".home.arpa")
TEXT_RULES = (
    "All text must be in Unicode NFC form (composed accents; records that are not are refused, not "
    "normalised) and free of control, bidirectional and zero-width characters, whether typed or "
    "written as escapes."
)

CLAIM_LENGTH_ADVISED = 75


def _parse_date(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        raise ValueError("write a date without a time, as YYYY-MM-DD")
    if isinstance(value, dt.date):
        return value
    if not isinstance(value, str):
        return value
    if not ISO_DATE.match(value):
        raise ValueError(
            f"{shown(value)} is not a date in the form YYYY-MM-DD (e.g. 2024-09-03): other forms are ambiguous"
        )
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise ValueError(f"{shown(value)} is not a real calendar date") from None


def _check_url(value: str) -> str:
    if value != value.strip() or any(c.isspace() for c in value):
        raise ValueError("a URL may not contain spaces: encode them as %20")
    if "\\" in value:
        raise ValueError("a URL may not contain a backslash '\\': use '/'")
    if value.startswith("//"):
        raise ValueError("protocol-relative URL: write it in full, starting with https://")
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https"):
        raise ValueError(
            f"{shown(value)} is not an absolute http or https URL: write it in full, starting with https://"
        )
    if "@" in parts.netloc:
        raise ValueError("a URL may not contain a user name or password ('user@host'): remove the part before '@'")
    host = parts.hostname or ""
    if not host:
        raise ValueError(f"{shown(value)} has no host name")
    if not host.isascii():
        raise ValueError(
            f"host {shown(host)} is not plain ASCII: write it in punycode (xn--...) so readers see the real address"
        )
    try:
        ipaddress.ip_address(host)
    except ValueError:
        pass
    else:
        raise ValueError(f"host {shown(host)} is an IP address: link to the site by its host name")
    if not all(HOST_LABEL.match(label) for label in host.split(".")):
        raise ValueError(f"host {shown(host)} is not a valid host name")
    if host in LOCAL_HOSTS or host.endswith(LOCAL_SUFFIXES):
        raise ValueError(f"host {shown(host)} is a local name, not a public site: link to the public address")
    if "." not in host or not host.rsplit(".", 1)[1][:1].isalpha():
        # One label ("intranet") is a local name; a numeric last label ("127.1", "0x7f.1") is an IP address.
        raise ValueError(f"host {shown(host)} is not a public host name: write the full name, e.g. www.example.org")
    try:
        parts.port  # noqa: B018 - raises on a bad port
    except ValueError:
        raise ValueError(f"{shown(value)} has an invalid port") from None
    return value


def _check_one_line(value: str) -> str:
    if "\n" in value or "\r" in value:
        raise ValueError("must be a single line: remove the line breaks (use '>' folding only for long fields)")
    return value


def _check_not_blank(value: str) -> str:
    if not value.strip():
        raise ValueError("is blank: write the text or remove the field")
    if value != value.strip():
        return value.strip()
    return value


def _check_id(value: str) -> str:
    if not ID_PATTERN.match(value):
        raise ValueError(
            f"{shown(value)} is not a fact id: fact ids are file names of lowercase letters, digits and hyphens"
        )
    return value


def _check_topic(value: str) -> str:
    if not ID_PATTERN.match(value):
        raise ValueError(
            f"{shown(value)} is not a topic key: use lowercase letters, digits and single hyphens, e.g. 'icc'"
        )
    return value


def _parse_flag(value: Any) -> Any:
    # Values arrive as written: only YAML's plain `true` and `false`, not `yes`, `on` or `1`.
    if value in ("true", "false"):
        return value == "true"
    if isinstance(value, bool):
        return value
    raise ValueError(f"{shown(value)} is not true or false: write true or false")


IsoDate = Annotated[dt.date, BeforeValidator(_parse_date)]
Flag = Annotated[bool, BeforeValidator(_parse_flag)]
WebUrl = Annotated[
    str,
    AfterValidator(_check_url),
    Field(json_schema_extra={"format": "uri", "pattern": r"^https?://[^\s\\@/]+(/\S*)?$"}),
]
Text = Annotated[str, AfterValidator(_check_not_blank), Field(min_length=1)]
Line = Annotated[str, AfterValidator(_check_one_line), AfterValidator(_check_not_blank), Field(min_length=1)]
# The pattern goes into the JSON Schema only: the validator gives the friendlier message.
FactId = Annotated[str, AfterValidator(_check_id), Field(json_schema_extra={"pattern": ID_SCHEMA_PATTERN})]
TopicKey = Annotated[
    str,
    AfterValidator(_check_topic),
    Field(json_schema_extra={"pattern": ID_SCHEMA_PATTERN}, description="A lowercase topic key, e.g. `icc`."),
]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=False)


class Claimant(Strict):
    """Who made the claim."""

    name: Annotated[Line, Field(max_length=200, description="Person or organisation that made the claim.")]
    role: Annotated[Line | None, Field(max_length=200, description="Their title or role when they made it.")] = None
    url: Annotated[WebUrl | None, Field(description="A page about the claimant.")] = None


class Appearance(Strict):
    """A place where the claim was published or said."""

    title: Annotated[Line, Field(max_length=300, description="Title of the article, post or statement.")]
    publisher: Annotated[Line | None, Field(max_length=200, description="Who published it.")] = None
    url: Annotated[WebUrl | None, Field(description="Where it can be read; omit if it is not online.")] = None
    date: Annotated[IsoDate | None, Field(description="When it appeared (YYYY-MM-DD).")] = None


class Source(Strict):
    """A source the verdict rests on."""

    title: Annotated[Line, Field(max_length=300, description="The source's own title.")]
    publisher: Annotated[
        Line, Field(max_length=200, description="Who published it, e.g. International Criminal Court.")
    ]
    url: Annotated[WebUrl, Field(description="Where the source can be read.")]
    published: Annotated[IsoDate | None, Field(description="The source's publication date (YYYY-MM-DD).")] = None
    accessed: Annotated[IsoDate, Field(description="When we last read it (YYYY-MM-DD).")]
    archive_url: Annotated[WebUrl | None, Field(description="An archived copy, e.g. on web.archive.org.")] = None
    quote: Annotated[Text | None, Field(max_length=1500, description="The exact words of the source that matter.")] = (
        None
    )
    kind: Annotated[
        Literal["primary", "secondary"],
        Field(
            description="`primary`: the court, treaty, government or speaker itself, on its own site; "
            "`secondary`: reporting. A copy on another site (`carrier`) is never primary."
        ),
    ]
    carrier: Annotated[
        Line | None,
        Field(
            max_length=200,
            description="Who hosts the copy at `url` when it is not the publisher's own site, e.g. `Zawya` for a "
            "press release that `publisher` issued. Readers see both names.",
        ),
    ] = None
    state_controlled: Annotated[
        Flag,
        Field(description="`true` when the publisher is state-controlled media (e.g. TASS); shown to readers."),
    ] = False

    @field_validator("carrier")
    @classmethod
    def _copy_is_not_primary(cls, value: str | None, info: ValidationInfo) -> str | None:
        if value is not None and info.data.get("kind") == "primary":
            raise ValueError(
                "a copy on another site is not a primary source: set kind: secondary, or cite the original instead"
            )
        return value


class Correction(Strict):
    """One entry of the corrections log."""

    date: Annotated[IsoDate, Field(description="When the correction was published (YYYY-MM-DD).")]
    change: Annotated[Text, Field(max_length=2000, description="What changed and why, for readers.")]
    previous_verdict: Annotated[
        str | None, Field(description="The verdict before this correction, if the verdict changed.")
    ] = None

    @field_validator("previous_verdict")
    @classmethod
    def _previous_verdict_on_scale(cls, value: str | None, info: ValidationInfo) -> str | None:
        return _check_verdict(value, info) if value is not None else None


Status = Literal["draft", "review", "published"]


def _check_verdict(value: str, info: ValidationInfo) -> str:
    scale: RatingScale | None = (info.context or {}).get("scale")
    if scale is None or value in scale:
        return value
    suggestion = difflib.get_close_matches(value, scale.keys, n=1)
    hint = f"did you mean '{suggestion[0]}'? " if suggestion else ""
    raise ValueError(f"{shown(value)} is not on the rating scale: {hint}use one of {', '.join(scale.keys)}")


class FactRecord(Strict):
    """One checked claim: the contents of ``facts/<id>.yml``. The id is the file name."""

    model_config = ConfigDict(
        extra="forbid",
        frozen=True,
        json_schema_extra={"additionalProperties": False},
        title="Fact record",
    )

    title: Annotated[
        Line, Field(max_length=120, description="A short headline naming the claim, for lists and page titles.")
    ]
    claim: Annotated[
        Line,
        Field(
            max_length=500,
            description=f"The claim quoted exactly as it was made. Keep it under {CLAIM_LENGTH_ADVISED} characters, "
            "the length ClaimReview consumers show.",
        ),
    ]
    claimant: Annotated[Claimant, Field(description="Who made the claim.")]
    claim_date: Annotated[IsoDate, Field(description="When the claim was made (YYYY-MM-DD).")]
    appearances: Annotated[list[Appearance], Field(min_length=1, description="Where the claim appeared; at least one.")]
    verdict: Annotated[str, Field(description="A key of the site's rating scale.")]
    verdict_summary: Annotated[
        Line, Field(max_length=280, description="Our verdict in one sentence, shown beside the badge.")
    ]
    explanation: Annotated[
        Text,
        Field(max_length=20000, description="Why the verdict follows from the sources: Markdown, in our own words."),
    ]
    sources: Annotated[list[Source], Field(default_factory=list, description="The sources, primary ones first.")]
    topics: Annotated[list[TopicKey], Field(default_factory=list, description="Topic keys for filtering.")]
    related: Annotated[list[FactId], Field(default_factory=list, description="Ids of related facts.")]
    status: Annotated[
        Status, Field(description="`draft`, `review` (in review) or `published`; only published facts are on the site.")
    ]
    author: Annotated[Line, Field(max_length=200, description="Who researched and wrote the fact.")]
    reviewer: Annotated[Line | None, Field(max_length=200, description="Who reviewed it; required to publish.")] = None
    published: Annotated[IsoDate | None, Field(description="First publication date; required to publish.")] = None
    updated: Annotated[IsoDate | None, Field(description="Date of the last substantive update.")] = None
    review_by: Annotated[IsoDate | None, Field(description="When the fact should be checked again.")] = None
    corrections: Annotated[list[Correction], Field(default_factory=list, description="Corrections log, oldest first.")]

    @field_validator("verdict")
    @classmethod
    def _verdict_on_scale(cls, value: str, info: ValidationInfo) -> str:
        return _check_verdict(value, info)


def json_schema(scale: RatingScale | None = None) -> dict[str, Any]:
    """The JSON Schema of a record file, with the scale's verdicts as an enum."""
    schema = FactRecord.model_json_schema(mode="validation")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["description"] = (
        f"A fact record (schema version {SCHEMA_VERSION}): one file facts/<id>.yml, the id being the file name. "
        + TEXT_RULES
    )
    if scale is not None:
        keys = scale.keys
        schema["properties"]["verdict"]["enum"] = keys
        schema["$defs"]["Correction"]["properties"]["previous_verdict"]["anyOf"][0]["enum"] = keys
    return schema
