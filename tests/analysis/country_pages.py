"""Country pages built by hand for timeline tests: only what the timeline reads is filled."""

from __future__ import annotations

from datetime import date
from typing import Any

from survindex.analysis.readmodels import CountryPage
from survindex.analysis.timeline import ClaimDate

ROW = {
    "iso3": "ECU",
    "name": "Ecuador",
    "numeric": "218",
    "in_universe": True,
    "regime": None,
    "bri_member": None,
    "military_rank": None,
    "fotn_status": None,
    "technology_count": 0,
    "technologies": [],
    "proposed_technologies": [],
    "vendors": [],
    "supplier_countries": [],
    "registry_supplier_countries": [],
    "claims": 0,
    "proposed_claims": 0,
}
SOURCE = {
    "id": 1,
    "title": "t",
    "producer": "p",
    "url": None,
    "doi": None,
    "licence": None,
    "published": None,
}


def claim(claim_id: int, edition: str | None, status: str = "accepted") -> dict[str, Any]:
    return {
        "id": claim_id,
        "country": "ECU",
        "technology": "safe_city",
        "vendor": None,
        "vendor_slug": None,
        "vendor_country": None,
        "vendor_name_in_source": None,
        "city": None,
        "status": "deployed",
        "financing": None,
        "confidence": 1.0,
        "claim_status": status,
        "in_live": status == "accepted",
        "edition": edition,
        "evidence": {"quote": "q", "start": 0, "end": 1, "locator": None},
        "source": SOURCE,
    }


def record(
    record_id: int,
    year: int | None,
    amount: float | None,
    *,
    counted: bool = True,
    in_amount: bool = True,
    lender: str = "Export-Import Bank of China",
) -> dict[str, Any]:
    return {
        "id": record_id,
        "aiddata_record_id": None,
        "aiddata_url": None,
        "recipient": "ECU",
        "recipient_name": "Ecuador",
        "lender": lender,
        "lender_slug": None,
        "flow_type": "loan",
        "amount_usd": amount,
        "amount_usd_year": 2021,
        "commitment_year": year,
        "status": None,
        "title": None,
        "relevance": "core",
        "decision": None,
        "reason": None,
        "claim_id": None,
        "claim_status": "accepted" if counted else "candidate",
        "counted": counted,
        "in_amount": in_amount,
        "deployment_id": None,
        "technology": None,
        "vendor": None,
    }


def page(
    claims: list[dict[str, Any]], records: list[dict[str, Any]], editions: list[str]
) -> CountryPage:
    """A country page with only what the timeline reads (the rest empty)."""
    total = sum(r["amount_usd"] or 0 for r in records if r["in_amount"])
    return CountryPage.model_validate(
        {
            "as_of": None,
            "newest_evidence": None,
            "vendor_history": [],
            "iso3": "ECU",
            "name": "Ecuador",
            "numeric": "218",
            "context": {},
            "live": ROW,
            "editions": {slug: ROW for slug in editions},
            "technologies": {},
            "financing": [],
            "money": {
                "iso3": "ECU",
                "name": "Ecuador",
                "amount_usd": total,
                "amount_records": len(records),
                "lenders": [],
                "records": records,
                "attribution": "AidData",
            },
            "claims": claims,
        }
    )


def dated(claim_id: int, day: date | None, basis: str | None = None) -> ClaimDate:
    return ClaimDate(claim_id=claim_id, evidence_date=day, basis=basis)
