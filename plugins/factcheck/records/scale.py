"""The rating scale: the verdicts a site may give, with labels, colours and ClaimReview values."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Annotated, Any, Protocol
from urllib.parse import quote

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from .problems import shown

# `\Z`, not `$`, which also matches before a final line feed ("#ffffff\n").
HEX_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}\Z")
# A pydantic (Rust) pattern, where `$` is the true end of the text.
KEY_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"


def relative_luminance(colour: str) -> float:
    """WCAG relative luminance of a ``#rrggbb`` colour."""
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast_ratio(first: str, second: str) -> float:
    lighter, darker = sorted((relative_luminance(first), relative_luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def text_colour_for(background: str) -> str:
    """Black or white, whichever reads better on ``background``: one of them always reaches WCAG AA (4.5:1)."""
    return "#ffffff" if contrast_ratio(background, "#ffffff") >= contrast_ratio(background, "#000000") else "#000000"


class Rating(BaseModel):
    """One verdict of the rating scale."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    key: Annotated[str, Field(pattern=KEY_PATTERN, description="What records write in `verdict`.")]
    label: Annotated[str, Field(min_length=1, max_length=40, description="The verdict's name shown to readers.")]
    description: Annotated[str, Field(min_length=1, description="What the verdict means, for the methodology page.")]
    colour: Annotated[
        str,
        Field(description="Badge background as `#rrggbb`; the text colour is chosen for WCAG AA contrast."),
    ]
    rating_value: Annotated[
        int | None,
        Field(
            default=None,
            strict=True,  # `true` would otherwise become 1, and "5" or 4.0 a number
            description="ClaimReview `ratingValue` (higher is more accurate); null for verdicts outside the numeric "
            "scale such as 'unverified'.",
        ),
    ] = None

    @field_validator("key", mode="before")
    @classmethod
    def _key_is_text(cls, value: Any) -> Any:
        if isinstance(value, bool):
            raise ValueError(
                f'YAML read the key as the boolean {value}: write it in quotes, e.g. key: "{str(value).lower()}"'
            )
        return value

    @field_validator("rating_value", mode="before")
    @classmethod
    def _rating_value_is_a_number(cls, value: Any) -> Any:
        if isinstance(value, bool):
            raise ValueError(
                f"YAML read rating_value as the boolean {str(value).lower()}: write a whole number, e.g. 5, "
                "or null for a verdict outside the numeric scale"
            )
        if value is not None and not isinstance(value, int):
            raise ValueError(f"{shown(value)} is not a whole number: write e.g. 5, or null")
        return value

    @field_validator("colour")
    @classmethod
    def _colour_is_hex(cls, value: str) -> str:
        if not HEX_COLOUR.match(value):
            raise ValueError(f"{shown(value)} is not a colour: write it as #rrggbb")
        return value.lower()

    @property
    def text_colour(self) -> str:
        return text_colour_for(self.colour)


class RatingScale(BaseModel):
    """The ordered verdicts of a site, most accurate first."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    ratings: tuple[Rating, ...]

    @model_validator(mode="after")
    def _keys_are_unique(self) -> RatingScale:
        if not self.ratings:
            raise ValueError("the rating scale needs at least one verdict")
        keys = [rating.key for rating in self.ratings]
        duplicates = sorted({key for key in keys if keys.count(key) > 1})
        if duplicates:
            raise ValueError(f"verdict keys must be unique; repeated: {', '.join(duplicates)}")
        return self

    def __iter__(self) -> Iterator[Rating]:  # type: ignore[override]
        return iter(self.ratings)

    def __contains__(self, key: object) -> bool:
        return any(rating.key == key for rating in self.ratings)

    def __getitem__(self, key: str) -> Rating:
        for rating in self.ratings:
            if rating.key == key:
                return rating
        raise KeyError(key)

    @property
    def keys(self) -> list[str]:
        return [rating.key for rating in self.ratings]

    @property
    def best_rating(self) -> int | None:
        values = [r.rating_value for r in self.ratings if r.rating_value is not None]
        return max(values) if values else None

    @property
    def worst_rating(self) -> int | None:
        values = [r.rating_value for r in self.ratings if r.rating_value is not None]
        return min(values) if values else None

    @classmethod
    def from_config(cls, value: Any, words: Words | None = None) -> RatingScale:
        """Build from site configuration: ``None`` for the default (in the site's language), else a list of ratings."""
        if value is None:
            return DEFAULT_SCALE if words is None else default_scale(words)
        return cls.model_validate({"ratings": value})


def _meter_svg(filled: int, bars: int) -> str:
    """A signal-strength meter: ``bars`` rising bars, the first ``filled`` solid, the others low stubs."""
    shapes = []
    for bar in range(bars):
        x = bar * 4
        height = 8 + round(8 * (bar + 1) / bars) if bar < filled else 2
        shapes.append(f'<rect x="{x}" y="{16 - height}" width="3" height="{height}" rx="0.5"/>')
    return f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {bars * 4 - 1} 16">{"".join(shapes)}</svg>'


# A question mark for verdicts outside the numeric scale.
QUESTION_SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 12 16"><path d="M2.5 5a3.5 3.5 0 1 1 5 3.2c-1 .5-1.5 1.2'
    '-1.5 2.3v1" fill="none" stroke="#000" stroke-width="2.2" stroke-linecap="round"/>'
    '<circle cx="6" cy="14.6" r="1.3"/></svg>'
)


def glyph_svg(scale: RatingScale, key: str) -> str:
    """The verdict's glyph, an SVG drawn in black (the stylesheet uses it as a mask, in the badge's text colour):
    a meter with one solid bar per step above the worst numeric verdict, or a question mark."""
    numeric = [rating.key for rating in scale if rating.rating_value is not None]
    if key not in numeric:
        return QUESTION_SVG
    return _meter_svg(len(numeric) - numeric.index(key), len(numeric))


def glyph_data_url(scale: RatingScale, key: str) -> str:
    """The glyph as a data: URL for CSS (the pages' policy allows data: images)."""
    return "data:image/svg+xml," + quote(glyph_svg(scale, key), safe='=/:" ')


class Words(Protocol):
    """Looks up a reader-facing string by key (an :class:`factcheck.i18n.Catalogue`)."""

    def t(self, key: str, **values: object) -> str: ...


def default_scale(words: Words) -> RatingScale:
    """The default scale with its labels and descriptions in the site's language."""
    return RatingScale(
        ratings=tuple(
            rating.model_copy(
                update={
                    "label": words.t(f"scale.{rating.key}.label"),
                    "description": words.t(f"scale.{rating.key}.description"),
                }
            )
            for rating in DEFAULT_SCALE
        )
    )


def describe_scale_errors(error: ValidationError) -> str:
    """pydantic's errors for a rating scale as one line: where in the list, and what to fix."""
    described = []
    for item in error.errors(include_url=False):
        location = "".join(f"[{part}]" if isinstance(part, int) else f".{part}" for part in item["loc"][1:])
        message = str(item.get("ctx", {}).get("error", item["msg"])) if item["type"] == "value_error" else item["msg"]
        described.append(f"rating_scale{location}: {message}")
    return "; ".join(described)


# The default colours step in lightness with the scale (OKLCH L 0.86, 0.75, 0.64, 0.53, 0.42 from true to false;
# a neutral grey for unverified), so that neighbouring verdicts differ in greyscale and for colour-blind readers;
# the glyphs (below) say the same without any colour.
DEFAULT_SCALE = RatingScale(
    ratings=(
        Rating(
            key="true",
            label="True",
            description="The claim is accurate and nothing significant is missing.",
            colour="#90e9a3",
            rating_value=5,
        ),
        Rating(
            key="mostly-true",
            label="Mostly true",
            description="The claim is accurate but needs clarification, or a minor detail is wrong.",
            colour="#94be58",
            rating_value=4,
        ),
        Rating(
            key="mixed",
            label="Mixed",
            description="Part of the claim is accurate and part is not.",
            colour="#ba7f14",
            rating_value=3,
        ),
        Rating(
            key="misleading",
            label="Misleading",
            description="The claim contains accurate elements but leaves out context, so it gives a false impression.",
            colour="#af4803",
            rating_value=2,
        ),
        Rating(
            key="false",
            label="False",
            description="The claim is inaccurate.",
            colour="#90101a",
            rating_value=1,
        ),
        Rating(
            key="unverified",
            label="Unverified",
            description="The public record we could find neither confirms nor refutes the claim.",
            colour="#a4a4a4",
            rating_value=None,
        ),
    )
)
