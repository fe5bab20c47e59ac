"""Document-shaped exports: nested JSON (country -> deployments -> claims) and GeoJSON.

Both are assembled from the same table rows as the CSV exports, so a value never differs
between formats.
"""

from __future__ import annotations

import json
from collections import defaultdict
from datetime import date
from pathlib import Path
from typing import Any

from survindex.analysis.findings_format import finding_json
from survindex.publish.bundle import CARNEGIE_ATTRIBUTION, LICENCE, EditionBundle
from survindex.publish.geo import MAP_ATTRIBUTION, geometry_for, world_geometries
from survindex.publish.tables import Row

#: Claim columns repeated from the source or the deployment, left out of nested claims.
_CLAIM_OMIT = {
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


def _key(row: Row) -> tuple[str, str, str, str]:
    return (
        row["country"],
        row["technology"] or "",
        row["vendor_slug"] or "",
        row["vendor_country"] or "",
    )


def _edition_header(bundle: EditionBundle) -> dict[str, Any]:
    info = bundle.edition
    return {
        "slug": info.slug,
        "title": info.title,
        "kind": info.kind,
        "universe_defined": info.universe_defined,
        "source_key": info.source_key,
    }


def nested_document(bundle: EditionBundle, tables: dict[str, list[Row]]) -> dict[str, Any]:
    """Countries, each with its deployments, each with the claims that support it."""
    claims: dict[tuple[str, str, str, str], list[Row]] = defaultdict(list)
    for claim in tables["claims"]:
        nested = {k: v for k, v in claim.items() if k not in _CLAIM_OMIT}
        claims[_key(claim)].append(nested)
    deployments: dict[str, list[Row]] = defaultdict(list)
    for deployment in tables["deployments"]:
        item = {k: v for k, v in deployment.items() if k not in {"country", "country_name"}}
        item["claims"] = claims.get(_key(deployment), [])
        deployments[deployment["country"]].append(item)
    countries = []
    for row in tables["countries"]:
        country = dict(row)
        country["vendors"] = row["vendors"].split("; ") if row["vendors"] else []
        country["vendor_slugs"] = row["vendor_slugs"].split("; ") if row["vendor_slugs"] else []
        country["deployments"] = deployments.get(row["iso3"], [])
        countries.append(country)
    return {
        "edition": _edition_header(bundle),
        "licence": LICENCE,
        "attribution": CARNEGIE_ATTRIBUTION,
        "sources": tables["sources"],
        "findings": [finding_json(f) for f in bundle.findings],
        "published_figures": tables["published_figures"],
        "data_quality_notes": tables["notes"],
        "vendors": tables["vendors"],
        "countries": countries,
    }


def geojson_document(bundle: EditionBundle, tables: dict[str, list[Row]]) -> dict[str, Any]:
    """A FeatureCollection: one feature per country of the edition, its indicators as properties.

    Countries too small for the 1:110m map keep their row with a null geometry, so no country
    silently drops out of the file.
    """
    geometries = world_geometries()
    features = [
        {
            "type": "Feature",
            "id": row["iso3"],
            "properties": dict(row),
            "geometry": geometry_for(geometries, row["iso3"], row["numeric"]),
        }
        for row in tables["countries"]
    ]
    return {
        "type": "FeatureCollection",
        "name": f"survindex-{bundle.edition.slug}",
        "edition": _edition_header(bundle),
        "licence": LICENCE,
        "attribution": f"{CARNEGIE_ATTRIBUTION} {MAP_ATTRIBUTION}",
        "features": features,
    }


def _default(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    raise TypeError(f"cannot write {type(value).__name__} as JSON")


def write_json(out: Path, document: dict[str, Any], indent: int | None = 2) -> list[Path]:
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(
        json.dumps(document, indent=indent, ensure_ascii=False, default=_default) + "\n", "utf-8"
    )
    return [out]
