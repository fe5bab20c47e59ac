"""Database ids of an edition's claims, their deployments and their sources.

Exports name every claim, deployment and source by its database id, so that claim 1089 in a CSV is
the claim that ``survindex claims show 1089``, ``/api/claims`` and the review history call 1089,
and a data package re-imported elsewhere keeps those names. The domain ``Claim`` carries no id
(analysis does not need one), so the ids are read here beside the claims that
:func:`survindex.analysis.editions.edition_data` loaded, and checked claim by claim against them:
if the two readings ever disagree, the export stops instead of giving a claim another's id.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from survindex.domain import Claim, ClaimStatus
from survindex.publish.errors import ExportError
from survindex.store.convert import claim_from_row
from survindex.store.schema import ClaimRow, EditionRow, SourceRow, VendorRow


@dataclass(frozen=True)
class ClaimIds:
    """The database ids behind one exported claim."""

    claim_id: int
    deployment_id: int | None
    source_id: int


def claim_ids(
    *, session: Session, edition: EditionRow, claims: Sequence[Claim]
) -> tuple[ClaimIds, ...]:
    """The ids of ``claims`` (the edition's accepted claims, in id order), one per claim.

    Selects as ``repository.load_claims`` does (the edition's claims, or for `live` every claim
    still in live; accepted ones; by id), then pairs each claim with the next row that reads as
    that claim. In `live` the loaded claims may be fewer than the rows (where two Carnegie
    editions disagree, the newer one wins and the older one's claims leave `live`), so rows
    that no claim stands for are passed over; a claim that finds no row stops the export.
    """
    if not claims:
        return ()
    query = (
        select(ClaimRow)
        .where(ClaimRow.claim_status == ClaimStatus.ACCEPTED.value)
        .order_by(ClaimRow.id)
    )
    if edition.kind == "live":
        query = query.where(ClaimRow.in_live.is_(True))
    else:
        query = query.where(ClaimRow.edition_id == edition.id)
    rows = iter(session.scalars(query))
    slugs = {id_: slug for id_, slug in session.execute(select(VendorRow.id, VendorRow.slug))}
    keys = {id_: key for id_, key in session.execute(select(SourceRow.id, SourceRow.key))}
    editions = {id_: e for id_, e in session.execute(select(EditionRow.id, EditionRow.slug))}
    ids = []
    for claim in claims:
        for row in rows:
            read = claim_from_row(
                row,
                keys[row.source_id],
                slugs.get(row.vendor_id or -1),
                editions.get(row.edition_id or -1),
            )
            if read == claim:
                ids.append(ClaimIds(row.id, row.deployment_id, row.source_id))
                break
            if edition.kind != "live":
                raise ExportError(
                    f"{edition.slug}: claim {row.id} does not match the claim loaded beside it; "
                    "the database changed during the export: run it again"
                )
        else:
            raise ExportError(
                f"{edition.slug}: {len(claims)} accepted claims loaded but only {len(ids)} "
                "found by id; the database changed during the export: run it again"
            )
    if edition.kind != "live" and next(rows, None) is not None:
        raise ExportError(
            f"{edition.slug}: more accepted claims found by id than the {len(claims)} loaded; "
            "the database changed during the export: run it again"
        )
    return tuple(ids)
