"""Marker points for countries without a shape in the 1:110m world map.

At 1:110m, Singapore, Hong Kong, Malta, Mauritius, Bahrain and other small states have no polygon.
The dashboard draws them as circle markers at their capitals, from the committed
``interfaces/web/static/country-points.json`` (GeoNames, CC BY 4.0, built by
``scripts/build_map_markers.py``). Exports read the same file, so a country the dashboard shows
is never missing from a GeoJSON export.
"""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from survindex.publish.geo import MapUnavailable

POINTS_FILE = "country-points.json"


def points_path() -> Path:
    # Read as a file of the web package (no import of interfaces/: the arrows point down).
    web = Path(str(resources.files("survindex.interfaces").joinpath("web")))
    return web / "static" / POINTS_FILE


@lru_cache(maxsize=2)
def _load(path: str) -> tuple[dict[str, tuple[float, float]], str]:
    document = json.loads(Path(path).read_text("utf-8"))
    points = {iso3: (float(lon), float(lat)) for iso3, (lon, lat, *_) in document["points"].items()}
    return points, str(document.get("source", "GeoNames (CC BY 4.0)"))


def country_points() -> tuple[dict[str, tuple[float, float]], str]:
    """ISO3 -> (longitude, latitude) of the capital, and the points' attribution."""
    path = points_path()
    if not path.exists():
        raise MapUnavailable(
            f"{path} is missing: it ships with SurvIndex; rebuild it with "
            "scripts/build_map_markers.py"
        )
    return _load(str(path))


def point_geometry(points: dict[str, tuple[float, float]], iso3: str) -> dict[str, Any] | None:
    """A GeoJSON Point at the country's capital, or None when there is none."""
    point = points.get(iso3)
    if point is None:
        return None
    return {"type": "Point", "coordinates": [point[0], point[1]]}
