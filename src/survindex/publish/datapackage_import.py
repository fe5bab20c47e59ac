"""Load an exported data package back into a database: the proof that an export is complete.

If findings recomputed from a re-imported package equal the original ones, the package carries
every fact the findings rest on. Everything is written in one transaction: a package that fails
half way leaves the database as it was.
"""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from survindex.domain import (
    Claim,
    ClaimStatus,
    Country,
    CountryContext,
    DataQualityNote,
    DeploymentStatus,
    Evidence,
    Financing,
    FinancingType,
    Origin,
    RegimeType,
    Technology,
    Vendor,
)
from survindex.store import repository as repo
from survindex.store.database import Store

Row = dict[str, Any]


class PackageError(ValueError):
    pass


@dataclass(frozen=True)
class PackageImport:
    edition: str
    countries: int
    claims: int
    notes: int


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
    financing = (
        Financing(
            FinancingType(row["financing_type"]),
            row["financing_lender"],
            row["financing_amount_usd"],
            row["financing_year"],
        )
        if row["financing_type"]
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


def import_datapackage(*, store: Store, path: Path) -> PackageImport:
    """Load one edition's package (folder or datapackage.json) into ``store``.

    Example: ``import_datapackage(store=Store("copy.db"), path=Path("pkg"))``
    """
    descriptor, tables = read_package(path)
    meta = descriptor["survindex"]
    slug = meta["edition"]
    if meta["kind"] == "live":
        raise PackageError(
            f"{path}: the live edition is derived from every edition's claims; import the "
            "Carnegie editions' packages instead"
        )
    store.migrate()
    with store.transaction() as session:
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
        source_ids = {
            r["key"]: repo.add_source(
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
                    licence=r["licence"],
                    sha256=r["sha256"],
                    citation=r["citation"],
                ),
            ).id
            for r in tables["sources"]
        }
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
            figures={
                r["finding_id"]: (r["value"], r["citation"]) for r in tables["published_figures"]
            },
        )
        repo.add_notes(
            session=session,
            edition_id=edition.id,
            notes=[
                DataQualityNote(r["kind"], r["locator"], r["message"], r["action"])
                for r in tables["notes"]
            ],
        )
        vendor_ids = repo.vendor_ids(session=session)
        for row in tables["claims"]:
            if row["source_key"] not in source_ids:
                raise PackageError(
                    f"claims.csv claim {row['claim_id']}: unknown source {row['source_key']!r}"
                )
            claim = _claim(row, slug)
            repo.add_claim(
                session=session,
                claim=claim,
                source_id=source_ids[row["source_key"]],
                edition_id=edition.id,
                vendor_id=vendor_ids.get(claim.vendor_slug or ""),
                extractor="datapackage-import",
            )
    return PackageImport(slug, len(contexts), len(tables["claims"]), len(tables["notes"]))
