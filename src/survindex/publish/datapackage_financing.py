"""Load a package's lender registry and financing records back into a database.

Called by :func:`survindex.publish.datapackage_import.import_datapackage` inside its transaction,
after the claims: each financing record joins the claim it came from (by the package's claim id,
which the import maps to the claim's id here), keeps its financing id (``keep_ids``), and keeps
the deployment a reviewer linked it to. That deployment may belong to another edition's package
(a Carnegie deployment that an AidData loan paid for): it must then be in the database already,
so import that edition's package first; the import refuses rather than drop the link.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy.orm import Session

from survindex.domain import FinancingType, Lender, LenderKind, Relevance
from survindex.store import financing as fin
from survindex.store.schema import DeploymentRow, FinancingRow

Row = dict[str, Any]


class FinancingPackageError(ValueError):
    """A financing or lender row the database cannot take; the message names the row."""


def _choice(value: str | None, vocabulary: type[Any], where: str) -> Any:
    if value is None:
        return None
    accepted = [member.value for member in vocabulary]
    if value not in accepted:
        raise FinancingPackageError(
            f"{where}: {value!r} is not accepted (accepted: {', '.join(accepted)})"
        )
    return vocabulary(value)


def financing_type(value: str | None, where: str) -> FinancingType | None:
    """The financing type a cell names (export_credit included), or a one-line refusal."""
    found: FinancingType | None = _choice(value, FinancingType, where)
    return found


def import_lenders(*, session: Session, rows: list[Row]) -> None:
    """Add or update the package's lenders (the registry travels with every package)."""
    lenders = []
    for row in rows:
        where = f"lenders.csv lender {row['slug']!r}"
        lenders.append(
            Lender(
                slug=row["slug"],
                name=row["name"],
                country=row["country"],
                kind=_choice(row["kind"], LenderKind, f"{where} kind"),
                state_owned=bool(row["state_owned"]),
                aliases=tuple(row["aliases"].split("; ")) if row["aliases"] else (),
                note=row["note"],
            )
        )
    fin.upsert_lenders(session=session, lenders=lenders)


def _record_ids(value: str | None) -> tuple[int, ...]:
    return tuple(int(part) for part in (value or "").split("; ") if part)


def _entry(row: Row, where: str) -> fin.FinancingCreate:
    relevance = _choice(row["relevance"], Relevance, f"{where} relevance")
    if relevance is None:
        raise FinancingPackageError(f"{where}: relevance is empty; every record has a decision")
    return fin.FinancingCreate(
        recipient=row["recipient"],
        relevance=relevance,
        decision=row["decision"] or "",
        reason=row["reason"],
        aiddata_record_id=row["aiddata_record_id"],
        lender_slug=row["lender_slug"],
        lender_name_in_source=row["lender_name_in_source"],
        flow_type=financing_type(row["flow_type"], f"{where} flow_type"),
        flow_type_in_source=row["flow_type_in_source"],
        amount_usd=row["amount_usd"],
        amount_usd_year=row["amount_usd_year"],
        commitment_year=row["commitment_year"],
        status=row["status"],
        umbrella=row["umbrella"],
        recommended_for_aggregates=row["recommended_for_aggregates"],
        parent_record_ids=_record_ids(row["parent_record_ids"]),
        linked_record_ids=_record_ids(row["linked_record_ids"]),
        title=row["title"],
        description=row["description"],
        implementing_agencies=row["implementing_agencies"],
        contractors_in_source=row["contractors_in_source"],
        provenance=row["provenance"],
    )


def import_financing(
    *,
    session: Session,
    rows: list[Row],
    claim_ids: Mapping[int, int],
    deployment_ids: Mapping[int, int],
    keep_ids: bool,
    fresh_ids_advice: str,
) -> int:
    """Store the package's financing records; returns how many.

    ``claim_ids`` and ``deployment_ids`` map the package's ids to this database's (the same
    ids under ``keep_ids``).
    """
    lenders = set(fin.load_lenders(session=session))
    known = fin.known_record_ids(session=session)
    for row in rows:
        where = f"financing.csv record {row['financing_id']}"
        entry = _entry(row, where)
        if entry.lender_slug and entry.lender_slug not in lenders:
            raise FinancingPackageError(
                f"{where}: lender {entry.lender_slug!r} is not in the package's lenders table"
            )
        if entry.aiddata_record_id is not None and entry.aiddata_record_id in known:
            raise FinancingPackageError(
                f"{where}: AidData record {entry.aiddata_record_id} is already stored here "
                "(each record is stored once); import into a database without it"
            )
        claim_id = claim_ids.get(row["claim_id"])
        if claim_id is None:
            raise FinancingPackageError(
                f"{where}: its claim {row['claim_id']} is not in the package's claims"
            )
        wanted = row["financing_id"] if keep_ids else None
        if wanted is not None and session.get(FinancingRow, wanted) is not None:
            raise FinancingPackageError(
                f"{where}: financing id {wanted} is taken here. {fresh_ids_advice}"
            )
        stored = fin.add_financing(session=session, entry=entry, claim_id=claim_id)
        if wanted is not None and stored.id != wanted:
            stored.id = wanted
            session.flush()
        if row["deployment_id"] is not None:
            deployment = _deployment(session, row, deployment_ids, keep_ids, where)
            fin.set_deployment(session=session, financing=stored, deployment_id=deployment)
        if entry.aiddata_record_id is not None:
            known.add(entry.aiddata_record_id)
    return len(rows)


def _deployment(
    session: Session, row: Row, deployment_ids: Mapping[int, int], keep_ids: bool, where: str
) -> int:
    """The id here of the deployment the record pays for: one of the package's own, or (with
    ``keep_ids``) one an earlier package brought, in the record's recipient country."""
    exported = row["deployment_id"]
    found = deployment_ids.get(exported, exported if keep_ids else None)
    deployment = session.get(DeploymentRow, found) if found is not None else None
    if deployment is None:
        raise FinancingPackageError(
            f"{where}: it pays for deployment {exported}, which is in neither this package "
            "nor this database; import the package of the edition whose claims make that "
            "deployment first (the Carnegie editions' packages), keeping their ids"
        )
    if deployment.country != row["recipient"]:
        raise FinancingPackageError(
            f"{where}: deployment {found} is in {deployment.country} here, but the record "
            f"finances {row['recipient']}; the ids do not match this database"
        )
    return deployment.id
