"""Load an exported data package back into a database: the proof that an export is complete.

If findings recomputed from a re-imported package equal the original ones, the package carries
every fact the findings rest on. Everything is written in one transaction: a package that fails
half way leaves the database as it was.

Claims, deployments, sources and financing records keep the database ids they had where the
package was exported (``keep_ids``), so that claim 1089 is claim 1089 in both databases. An id
already taken by another record is refused; ``keep_ids=False`` gives every record a new id
instead. The lender registry and the financing records load with the claims
(publish/datapackage_financing.py); a package written before they were exported loads without.
"""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from survindex.domain import (
    Claim,
    ClaimStatus,
    Country,
    CountryContext,
    DataQualityNote,
    DeploymentStatus,
    Evidence,
    Financing,
    Origin,
    RegimeType,
    Technology,
    Vendor,
)
from survindex.publish.datapackage_financing import (
    FinancingPackageError,
    financing_type,
    import_financing,
    import_lenders,
)
from survindex.publish.licences import stored_licence
from survindex.store import repository as repo
from survindex.store.database import Store
from survindex.store.schema import ClaimRow, DeploymentRow, FinancingRow, SourceRow

Row = dict[str, Any]


class PackageError(ValueError):
    pass


@dataclass(frozen=True)
class PackageImport:
    edition: str
    countries: int
    claims: int
    notes: int
    financing: int = 0


def _parse(value: str, kind: str) -> Any:
    if value == "":
        return None
    if kind == "integer":
        return int(value)
    if kind == "number":
        return float(value)
    if kind == "boolean":
        return value.lower() in {"true", "1"}
    if kind == "date":
        return date.fromisoformat(value)
    return value


def read_resource(folder: Path, resource: dict[str, Any]) -> list[Row]:
    """Rows of one CSV resource, typed by the descriptor's own schema."""
    types = {f["name"]: f["type"] for f in resource["schema"]["fields"]}
    path = folder / resource["path"]
    if not path.exists():
        raise PackageError(f"{path}: resource {resource['name']!r} is missing from the package")
    with path.open(encoding="utf-8", newline="") as handle:
        return [
            {k: _parse(v, types.get(k, "string")) for k, v in row.items()}
            for row in csv.DictReader(handle)
        ]


def read_package(path: Path) -> tuple[dict[str, Any], dict[str, list[Row]]]:
    descriptor_path = path / "datapackage.json" if path.is_dir() else path
    if not descriptor_path.exists():
        raise PackageError(f"{descriptor_path}: no datapackage.json here")
    descriptor = json.loads(descriptor_path.read_text("utf-8"))
    if "survindex" not in descriptor:
        raise PackageError(f"{descriptor_path}: not a SurvIndex edition package (no 'survindex')")
    folder = descriptor_path.parent
    tables = {r["name"]: read_resource(folder, r) for r in descriptor["resources"]}
    return descriptor, tables


def _context(row: Row) -> CountryContext:
    return CountryContext(
        iso3=row["iso3"],
        name_in_source=row["name_in_source"] or row["name"],
        in_universe=bool(row["in_universe"]),
        region=row["region"],
        regime=RegimeType(row["regime"]) if row["regime"] else None,
        electoral_democracy_index=row["electoral_democracy_index"],
        liberal_democracy_index=row["liberal_democracy_index"],
        digital_repression_index=row["digital_repression_index"],
        fotn_status=row["fotn_status"],
        fotn_score=row["fotn_score"],
        military_usd_millions=row["military_usd_millions"],
        military_rank=row["military_rank"],
        bri_member=row["bri_member"],
        china_odi_rank=row["china_odi_rank"],
        other_supplier_countries=row["other_supplier_countries"],
    )


def _claim(row: Row, edition: str) -> Claim:
    kind = financing_type(
        row["financing_type"], f"claims.csv claim {row['claim_id']} financing_type"
    )
    financing = (
        Financing(
            kind,
            row["financing_lender"],
            row["financing_amount_usd"],
            row["financing_year"],
        )
        if kind is not None
        else None
    )
    return Claim(
        country=row["country"],
        technology=Technology(row["technology"]) if row["technology"] else None,
        evidence=Evidence(
            row["source_key"], row["quote"], row["quote_start"], row["quote_end"], row["locator"]
        ),
        vendor_slug=row["vendor_slug"],
        vendor_country=row["vendor_country"],
        vendor_name_in_source=row["vendor_name_in_source"],
        city=row["city"],
        status=DeploymentStatus(row["status"]),
        financing=financing,
        confidence=row["confidence"],
        claim_status=ClaimStatus(row["claim_status"]),
        edition=row["edition"] or edition,
    )


def import_datapackage(*, store: Store, path: Path, keep_ids: bool = True) -> PackageImport:
    """Load one edition's package (folder or datapackage.json) into ``store``.

    Example: ``import_datapackage(store=Store("copy.db"), path=Path("pkg"))``
    """
    descriptor, tables = read_package(path)
    meta = descriptor["survindex"]
    slug = meta["edition"]
    if meta["kind"] == "live":
        editions = sorted({r["edition"] for r in tables["claims"] if r.get("edition")})
        raise PackageError(
            f"{path}: the live edition is derived from every edition's claims and is not "
            f"imported itself; import the packages of the editions it is built from "
            f"({', '.join(editions) or 'none'}) into one database instead (claims accepted "
            "from ingested documents belong to no edition: only the live export carries them)"
        )
    if meta.get("selection"):
        raise PackageError(
            f"{path}: holds only the countries that match {meta['selection']}, not the whole "
            f"edition {slug!r}; export the edition without filters to import it"
        )
    store.migrate()
    try:
        with store.transaction() as session:
            return _load(session, tables, meta, keep_ids)
    except FinancingPackageError as exc:
        raise PackageError(f"{path}: {exc}") from None


def _load(
    session: Session, tables: dict[str, list[Row]], meta: dict[str, Any], keep_ids: bool
) -> PackageImport:
    """Everything of one package, in the caller's transaction."""
    slug = meta["edition"]
    if repo.get_edition(session=session, slug=slug) is not None:
        raise PackageError(f"edition {slug!r} already exists in this database")
    repo.upsert_countries(
        session=session,
        countries=[
            Country(r["iso3"], r["name"], r["iso2"], r["numeric"]) for r in tables["countries"]
        ],
    )
    repo.upsert_vendors(
        session=session,
        vendors=[
            Vendor(
                r["slug"],
                r["name"],
                r["home_country"],
                tuple(r["aliases"].split("; ")) if r["aliases"] else (),
                note=r["note"],
            )
            for r in tables["vendors"]
        ],
    )
    source_ids = {r["key"]: _add_source(session, r, keep_ids) for r in tables["sources"]}
    edition = repo.create_edition(
        session=session,
        slug=slug,
        title=meta["title"],
        kind=meta["kind"],
        source_id=source_ids.get(meta.get("source_key") or ""),
        universe_defined=bool(meta["universe_defined"]),
    )
    contexts = [_context(r) for r in tables["countries"] if r["name_in_source"] is not None]
    repo.add_contexts(session=session, edition_id=edition.id, contexts=contexts, locators={})
    repo.set_published(
        session=session,
        edition_id=edition.id,
        figures={r["finding_id"]: (r["value"], r["citation"]) for r in tables["published_figures"]},
    )
    repo.add_notes(
        session=session,
        edition_id=edition.id,
        notes=[
            DataQualityNote(r["kind"], r["locator"], r["message"], r["action"])
            for r in tables["notes"]
        ],
    )
    import_lenders(session=session, rows=tables.get("lenders", []))
    vendor_ids = repo.vendor_ids(session=session)
    claim_ids: dict[int, int] = {}
    deployment_ids: dict[int, int] = {}
    if keep_ids:
        for row in tables["deployments"]:
            _add_deployment(session, row, vendor_ids)
    for row in tables["claims"]:
        if row["source_key"] not in source_ids:
            raise PackageError(
                f"claims.csv claim {row['claim_id']}: unknown source {row['source_key']!r}"
            )
        wanted = row.get("claim_id") if keep_ids else None
        if wanted is not None and session.get(ClaimRow, wanted) is not None:
            raise PackageError(f"claims.csv: claim id {wanted} is taken here. {_FRESH_IDS}")
        claim = _claim(row, slug)
        added = repo.add_claim(
            session=session,
            claim=claim,
            source_id=source_ids[row["source_key"]],
            edition_id=edition.id,
            vendor_id=vendor_ids.get(claim.vendor_slug or ""),
            extractor="datapackage-import",
        )
        if wanted is not None:
            _renumber(session, added, wanted)
            expected = row.get("deployment_id")
            if expected is not None and added.deployment_id != expected:
                raise PackageError(
                    f"claims.csv claim {wanted}: joined deployment {added.deployment_id}, "
                    f"but the package says {expected}; the package is inconsistent"
                )
        if row.get("claim_id") is not None:
            claim_ids[row["claim_id"]] = added.id
        if row.get("deployment_id") is not None and added.deployment_id is not None:
            deployment_ids[row["deployment_id"]] = added.deployment_id
    financing = import_financing(
        session=session,
        rows=tables.get("financing", []),
        claim_ids=claim_ids,
        deployment_ids=deployment_ids,
        keep_ids=keep_ids,
        fresh_ids_advice=_FRESH_IDS,
    )

    return PackageImport(
        slug, len(contexts), len(tables["claims"]), len(tables["notes"]), financing
    )


_FRESH_IDS = "Import into an empty database, or pass keep_ids=False to give the records new ids."


def _renumber(session: Session, row: SourceRow | ClaimRow | FinancingRow, wanted: int) -> None:
    """Give a row just added by the repository (which numbers rows itself) its exported id.

    Runs before anything refers to the row, so no reference has to follow it.
    """
    if row.id != wanted:
        row.id = wanted
        session.flush()


def _add_source(session: Session, r: Row, keep_ids: bool) -> int:
    wanted = r.get("source_id") if keep_ids else None
    if wanted is not None:
        same_key = session.scalar(select(SourceRow).where(SourceRow.key == r["key"]))
        if same_key is not None and same_key.id != wanted:
            raise PackageError(
                f"sources.csv: source {r['key']!r} is id {same_key.id} here, {wanted} in the "
                f"package. {_FRESH_IDS}"
            )
        holder = session.get(SourceRow, wanted)
        if holder is not None and holder.key != r["key"]:
            raise PackageError(
                f"sources.csv: source id {wanted} is {holder.key!r} here. {_FRESH_IDS}"
            )
    row = repo.add_source(
        session=session,
        key=r["key"],
        kind=r["kind"],
        origin=Origin(
            producer=r["producer"],
            title=r["title"],
            url=r["url"],
            doi=r["doi"],
            published=r["published"],
            accessed=r["accessed"],
            licence=stored_licence(r["licence"]),
            sha256=r["sha256"],
            citation=r["citation"],
        ),
    )
    if wanted is not None:
        _renumber(session, row, wanted)
    return row.id


def _add_deployment(session: Session, r: Row, vendor_ids: dict[str, int]) -> None:
    """Create the deployment under its exported id before its claims arrive: the repository
    merges each accepted claim into the deployment with its country, technology and supplier,
    so the claims find this one. Another edition's package may have brought it already."""
    wanted = r.get("deployment_id")
    if wanted is None:
        return
    vendor_id = vendor_ids.get(r["vendor_slug"] or "")
    key = (r["country"], r["technology"], vendor_id, r["vendor_country"])
    holder = session.get(DeploymentRow, wanted)
    if holder is not None:
        if (holder.country, holder.technology, holder.vendor_id, holder.vendor_country) != key:
            raise PackageError(
                f"deployments.csv: deployment id {wanted} is another deployment here. {_FRESH_IDS}"
            )
        return
    same_key = session.scalar(
        select(DeploymentRow.id).where(
            *(
                column.is_(None) if value is None else column == value
                for column, value in zip(
                    (
                        DeploymentRow.country,
                        DeploymentRow.technology,
                        DeploymentRow.vendor_id,
                        DeploymentRow.vendor_country,
                    ),
                    key,
                    strict=True,
                )
            )
        )
    )
    if same_key is not None:
        raise PackageError(
            f"deployments.csv: deployment {wanted} is id {same_key} here. {_FRESH_IDS}"
        )
    session.add(
        DeploymentRow(
            id=wanted,
            country=key[0],
            technology=key[1],
            vendor_id=key[2],
            vendor_country=key[3],
            city=None,  # the first claim with a city fills it in, as for any deployment
            status=r["status"],
        )
    )
    session.flush()
