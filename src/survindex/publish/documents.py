"""Document-shaped exports: nested JSON (country -> deployments -> claims) and GeoJSON.

Both are assembled from the same table rows as the CSV exports, so a value never differs
between formats. Each claim carries its source's licence (and its financing record, if any),
each country feature the licences of the sources behind it, and the document lists them all.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path
from typing import Any

from survindex.analysis.findings_format import finding_json
from survindex.publish.bundle import LICENCE, EditionBundle
from survindex.publish.descriptors import attributions
from survindex.publish.geo import MAP_ATTRIBUTION, geometry_for, world_geometries
from survindex.publish.jsonout import dumps_strict
from survindex.publish.licences import licence_entry, split_labels
from survindex.publish.points import country_points, point_geometry
from survindex.publish.tables import Row, all_licences

#: Claim columns repeated from the source or the deployment, left out of nested claims.
_CLAIM_OMIT = {
    "deployment_id",
    "country",
    "country_name",
    "technology",
    "vendor_slug",
    "vendor_name",
    "vendor_country",
    "source_title",
    "source_producer",
    "source_url",
    "source_doi",
    "source_licence",
    "source_citation",
}
#: Financing columns repeated from the claim a record is nested in.
_FINANCING_OMIT = {"claim_id", "recipient", "recipient_name", "source_id", "source_key", "licence"}


def _licences(bundle: EditionBundle, tables: dict[str, list[Row]]) -> dict[str, Any]:
    """``licence``: SurvIndex's own compilation (kept for scripts that read it); ``licences``:
    every licence a row of the document carries, with its URL where it has one."""
    return {
        "licence": LICENCE,
        "licences": [licence_entry(label) for label in all_licences(bundle, tables)],
    }


def _edition_header(bundle: EditionBundle, selection: dict[str, Any] | None) -> dict[str, Any]:
    info = bundle.edition
    header: dict[str, Any] = {
        "slug": info.slug,
        "title": info.title,
        "kind": info.kind,
        "universe_defined": info.universe_defined,
        "source_key": info.source_key,
    }
    if selection:
        header["selection"] = selection
    return header


def nested_document(
    bundle: EditionBundle,
    tables: dict[str, list[Row]],
    selection: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """Countries, each with its deployments, each with the claims that support it; a claim
    holds its financing record (``financing_record``, null for most claims)."""
    financing = {
        record["claim_id"]: {k: v for k, v in record.items() if k not in _FINANCING_OMIT}
        for record in tables["financing"]
    }
    claims: dict[int, list[Row]] = defaultdict(list)
    for claim in tables["claims"]:
        nested = {k: v for k, v in claim.items() if k not in _CLAIM_OMIT}
        nested["financing_record"] = financing.get(claim["claim_id"])
        claims[claim["deployment_id"]].append(nested)
    deployments: dict[str, list[Row]] = defaultdict(list)
    for deployment in tables["deployments"]:
        item = {k: v for k, v in deployment.items() if k not in {"country", "country_name"}}
        item["claims"] = claims.get(deployment["deployment_id"], [])
        deployments[deployment["country"]].append(item)
    countries = []
    for row in tables["countries"]:
        country = dict(row)
        country["vendors"] = row["vendors"].split("; ") if row["vendors"] else []
        country["vendor_slugs"] = row["vendor_slugs"].split("; ") if row["vendor_slugs"] else []
        country["licences"] = split_labels(row["licences"])
        country["deployments"] = deployments.get(row["iso3"], [])
        countries.append(country)
    return {
        "edition": _edition_header(bundle, selection),
        **_licences(bundle, tables),
        "attribution": " ".join(attributions(bundle)),
        "sources": tables["sources"],
        "findings": [finding_json(f) for f in bundle.findings],
        "published_figures": tables["published_figures"],
        "data_quality_notes": tables["notes"],
        "vendors": tables["vendors"],
        "lenders": tables["lenders"],
        "countries": countries,
    }


def geojson_document(
    bundle: EditionBundle,
    tables: dict[str, list[Row]],
    selection: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """A FeatureCollection: one feature per country of the edition, its indicators as properties.

    A country too small for the 1:110m map (Singapore, Malta, Bahrain...) gets a Point at its
    capital, as the dashboard draws it; one with neither keeps its row with a null geometry, so
    no country silently drops out of the file. Each feature's ``licences`` property names the
    licences of the sources behind it.
    """
    geometries = world_geometries()
    points, points_source = country_points()
    features = [
        {
            "type": "Feature",
            "id": row["iso3"],
            "properties": dict(row),
            "geometry": geometry_for(geometries, row["iso3"], row["numeric"])
            or point_geometry(points, row["iso3"]),
        }
        for row in tables["countries"]
    ]
    attribution = (
        f"{' '.join(attributions(bundle))} {MAP_ATTRIBUTION} "
        f"Points for countries without a shape: {points_source}."
    )
    return {
        "type": "FeatureCollection",
        "name": f"survindex-{bundle.edition.slug}",
        "edition": _edition_header(bundle, selection),
        **_licences(bundle, tables),
        "attribution": attribution,
        "features": features,
    }


def write_json(out: Path, document: dict[str, Any], indent: int | None = 2) -> list[Path]:
    """Strict JSON (non-finite numbers as null; see jsonout.py), UTF-8, ending in a newline."""
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(dumps_strict(document, indent=indent) + "\n", "utf-8")
    return [out]
