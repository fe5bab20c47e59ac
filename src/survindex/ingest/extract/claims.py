"""The extracted claim: what one sentence (or a few linked ones) says about one deployment.

``claim_to_json`` writes exactly the CONTRACTS.md shape; ``to_domain`` maps onto
:class:`survindex.domain.Claim` for the database side, which needs the vendor slug.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from survindex.domain import Claim, Evidence, Financing
from survindex.domain.vocab import DeploymentStatus, FinancingType, Technology
from survindex.ingest.gazetteer import vendors


@dataclass(frozen=True, slots=True)
class ExtractedFinancing:
    type: FinancingType
    lender: str | None = None
    amount_usd: float | None = None
    year: int | None = None


@dataclass(frozen=True, slots=True)
class ExtractedClaim:
    """One candidate claim with the sentence that supports it (``text[start:end] == quote``)."""

    doc: str
    vendor_slug: str | None
    vendor_country: str | None
    country: str
    technology: Technology | None
    status: DeploymentStatus
    quote: str
    start: int
    end: int
    city: str | None = None
    financing: ExtractedFinancing | None = None
    confidence: float = 0.9
    #: The supplier's name as written when no registry knows it (open vocabulary): a candidate
    #: vendor for a reviewer to confirm, merge into a known vendor, or reject. ``vendor_slug``
    #: is then None.
    vendor_new: str | None = None

    @property
    def vendor_name(self) -> str | None:
        """The canonical vendor name the JSON carries (the slug stays for the database)."""
        if self.vendor_slug is None:
            return self.vendor_new
        info = vendors().get(self.vendor_slug)
        return info.name if info else self.vendor_slug

    def with_changes(self, **changes: Any) -> ExtractedClaim:
        return replace(self, **changes)


def claim_to_json(claim: ExtractedClaim) -> dict[str, Any]:
    """The CONTRACTS.md object for one claim, keys in the documented order.

    >>> from survindex.domain.vocab import DeploymentStatus, Technology
    >>> c = ExtractedClaim("a.txt", "huawei", "CHN", "KEN", Technology.SAFE_CITY,
    ...                    DeploymentStatus.DEPLOYED, "Huawei built it.", 0, 16)
    >>> claim_to_json(c)["vendor"]
    'Huawei'
    """
    financing = None
    if claim.financing is not None:
        financing = {
            "type": str(claim.financing.type),
            "lender": claim.financing.lender,
            "amount_usd": claim.financing.amount_usd,
            "year": claim.financing.year,
        }
    return {
        "doc": claim.doc,
        "vendor": claim.vendor_name,
        "vendor_country": claim.vendor_country,
        "country": claim.country,
        "city": claim.city,
        "technology": str(claim.technology) if claim.technology else None,
        "status": str(claim.status),
        "financing": financing,
        "confidence": round(claim.confidence, 2),
        "evidence": {"quote": claim.quote, "start": claim.start, "end": claim.end},
    }


def to_domain(claim: ExtractedClaim) -> Claim:
    """The domain Claim (candidate status) for storing; the evidence keeps quote and offsets."""
    financing = None
    if claim.financing is not None:
        financing = Financing(
            type=claim.financing.type,
            lender=claim.financing.lender,
            amount_usd=claim.financing.amount_usd,
            year=claim.financing.year,
        )
    return Claim(
        country=claim.country,
        technology=claim.technology,
        evidence=Evidence(
            source_key=claim.doc, quote=claim.quote, start=claim.start, end=claim.end
        ),
        vendor_slug=claim.vendor_slug,
        vendor_country=claim.vendor_country,
        vendor_name_in_source=claim.vendor_new,
        city=claim.city,
        status=claim.status,
        financing=financing,
        confidence=claim.confidence,
    )
