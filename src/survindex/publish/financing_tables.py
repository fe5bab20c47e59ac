"""Rows of the `financing` and `lenders` tables (columns: schemas.py FINANCING and LENDERS).

One row per financing record behind the exported claims, with every stored field, so that a data
package re-imports its records whole (publish/datapackage_import.py), and the lender registry
the records name. Each financing row carries the licence of its claim's source (AidData's
records: ODC-By 1.0).
"""

from __future__ import annotations

from typing import Any

from survindex.publish.bundle import EditionBundle
from survindex.publish.licences import source_licence

Row = dict[str, Any]


def _ids(values: tuple[int, ...]) -> str | None:
    return "; ".join(str(v) for v in values) if values else None


def financing_rows(bundle: EditionBundle) -> list[Row]:
    """The financing records of the exported claims, by financing id."""
    by_claim = {
        ids.claim_id: (ids.source_id, claim.evidence.source_key)
        for claim, ids in zip(bundle.data.claims, bundle.claim_ids, strict=True)
    }
    rows: list[Row] = []
    for entry in bundle.financing:
        r = entry.record
        source_id, source_key = by_claim.get(r.claim_id or -1, (None, None))
        country = bundle.countries.get(r.recipient)
        rows.append(
            {
                "financing_id": r.id,
                "claim_id": r.claim_id,
                "deployment_id": r.deployment_id,
                "recipient": r.recipient,
                "recipient_name": country.name if country else r.recipient,
                "lender_slug": r.lender_slug,
                "lender_name": r.lender_name,
                "lender_name_in_source": entry.lender_name_in_source,
                "flow_type": r.flow_type.value if r.flow_type else None,
                "flow_type_in_source": entry.flow_type_in_source,
                "amount_usd": r.amount_usd,
                "amount_usd_year": r.amount_usd_year,
                "commitment_year": r.commitment_year,
                "status": r.status,
                "umbrella": r.umbrella,
                "recommended_for_aggregates": r.recommended_for_aggregates,
                "parent_record_ids": _ids(r.parent_record_ids),
                "linked_record_ids": _ids(r.linked_record_ids),
                "aiddata_record_id": r.aiddata_record_id,
                "aiddata_url": r.url,
                "title": r.title,
                "description": entry.description,
                "implementing_agencies": entry.implementing_agencies,
                "contractors_in_source": entry.contractors_in_source,
                "relevance": r.relevance.value if r.relevance else None,
                "decision": r.decision,
                "reason": r.reason,
                "provenance": entry.provenance,
                "source_id": source_id,
                "source_key": source_key,
                "licence": source_licence(bundle.sources, source_key),
            }
        )
    return rows


def lender_rows(bundle: EditionBundle) -> list[Row]:
    """The lender registry as the database holds it, by slug."""
    return [
        {
            "slug": lender.slug,
            "name": lender.name,
            "country": lender.country,
            "kind": lender.kind.value,
            "state_owned": lender.state_owned,
            "aliases": "; ".join(lender.aliases) if lender.aliases else None,
            "note": lender.note,
        }
        for lender in sorted(bundle.lenders.values(), key=lambda lender: lender.slug)
    ]
