"""schema.org ClaimReview for a fact page, as JSON-ready data.

Serialise it with an HTML-safe JSON encoder (Jinja's ``tojson``) so that no field
can close the ``<script>`` element.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..records.model import Fact
from ..records.scale import RatingScale


@dataclass(frozen=True)
class Organisation:
    """Who publishes the fact checks."""

    name: str
    url: str | None = None
    logo: str | None = None


def claim_review(fact: Fact, scale: RatingScale, *, page_url: str, publisher: Organisation) -> dict[str, Any]:
    record = fact.record
    rating = scale[record.verdict]
    review_rating: dict[str, Any] = {"@type": "Rating", "alternateName": rating.label}
    if rating.rating_value is not None:
        review_rating.update(
            ratingValue=rating.rating_value, bestRating=scale.best_rating, worstRating=scale.worst_rating
        )
    claimant: dict[str, Any] = {
        "@type": "Person" if record.claimant.role else "Organization",
        "name": record.claimant.name,
    }
    if record.claimant.role:
        claimant["jobTitle"] = record.claimant.role
    if record.claimant.url:
        claimant["url"] = record.claimant.url
    appearances = []
    for appearance in record.appearances:
        work: dict[str, Any] = {"@type": "CreativeWork", "headline": appearance.title}
        if appearance.url:
            work["url"] = appearance.url
        if appearance.date:
            work["datePublished"] = appearance.date.isoformat()
        if appearance.publisher:
            work["publisher"] = {"@type": "Organization", "name": appearance.publisher}
        appearances.append(work)
    organisation: dict[str, Any] = {"@type": "Organization", "name": publisher.name}
    if publisher.url:
        organisation["url"] = publisher.url
    if publisher.logo:
        organisation["logo"] = publisher.logo
    review: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": page_url,
        "claimReviewed": record.claim,
        "itemReviewed": {
            "@type": "Claim",
            "author": claimant,
            "datePublished": record.claim_date.isoformat(),
            "appearance": appearances,
        },
        "reviewRating": review_rating,
        "author": organisation,
        "publisher": organisation,
    }
    if record.published:
        review["datePublished"] = record.published.isoformat()
    if record.updated:
        review["dateModified"] = record.updated.isoformat()
    return review
