"""World map geometry: the world-atlas TopoJSON (ISC licence) decoded to GeoJSON in Python.

`make install` copies world-atlas's countries-110m.json into the web package's static/vendor
folder. Exports and the report read it from there so that nothing is fetched when viewed.
"""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from survindex.settings import env_var, load_settings

MAP_FILE = "countries-110m.json"
#: Overrides the map file's location (tests and users without the web assets).
MAP_ENV = env_var("world_map")
#: world-atlas gives these territories no ISO numeric id, only a name.
NAMED_WITHOUT_ID = {"Kosovo": "XKX"}
MAP_ATTRIBUTION = "Map: world-atlas (Natural Earth 1:110m, public domain; ISC licence)."


class MapUnavailable(FileNotFoundError):
    pass


def map_path() -> Path:
    """Where the world map is: $SURVINDEX_WORLD_MAP, else the shipped static/vendor copy."""
    override = load_settings().world_map
    if override is not None:
        path = override
    else:
        static = Path(str(resources.files("survindex.interfaces").joinpath("web")))
        path = static / "static" / "vendor" / MAP_FILE
    if not path.exists():
        raise MapUnavailable(
            f"world map {path} is missing: run `make install` (copies npm world-atlas) or set "
            f"{MAP_ENV} to a countries-110m.json"
        )
    return path


def _decode_arcs(topology: dict[str, Any]) -> list[list[tuple[float, float]]]:
    """Undo TopoJSON's delta encoding and quantisation of every arc."""
    transform = topology.get("transform")
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy, *_ in arc:
            if transform:
                x, y = x + dx, y + dy
                sx, sy = transform["scale"]
                tx, ty = transform["translate"]
                points.append((round(x * sx + tx, 6), round(y * sy + ty, 6)))
            else:
                points.append((float(dx), float(dy)))
        arcs.append(points)
    return arcs


def _ring(indexes: list[int], arcs: list[list[tuple[float, float]]]) -> list[list[float]]:
    points: list[tuple[float, float]] = []
    for index in indexes:
        arc = arcs[index] if index >= 0 else list(reversed(arcs[~index]))
        # Consecutive arcs share their joining point: keep it once.
        points.extend(arc if not points else arc[1:])
    return [list(p) for p in points]


def topojson_features(topology: dict[str, Any], layer: str = "countries") -> list[dict[str, Any]]:
    """GeoJSON Features of one TopoJSON layer (Polygon and MultiPolygon geometries)."""
    arcs = _decode_arcs(topology)
    features = []
    for geometry in topology["objects"][layer]["geometries"]:
        kind = geometry.get("type")
        if kind == "Polygon":
            coords: Any = [_ring(r, arcs) for r in geometry["arcs"]]
        elif kind == "MultiPolygon":
            coords = [[_ring(r, arcs) for r in polygon] for polygon in geometry["arcs"]]
        else:
            continue
        features.append(
            {
                "type": "Feature",
                "id": geometry.get("id"),
                "properties": dict(geometry.get("properties") or {}),
                "geometry": {"type": kind, "coordinates": coords},
            }
        )
    return features


@lru_cache(maxsize=4)
def _geometries(path: str) -> dict[str, dict[str, Any]]:
    topology = json.loads(Path(path).read_text("utf-8"))
    by_key: dict[str, dict[str, Any]] = {}
    for feature in topojson_features(topology):
        key = feature["id"] or NAMED_WITHOUT_ID.get(feature["properties"].get("name", ""))
        if key:
            by_key[str(key)] = feature["geometry"]
    return by_key


def world_geometries() -> dict[str, dict[str, Any]]:
    """ISO numeric code (or ISO3 for territories without one) -> GeoJSON geometry."""
    return _geometries(str(map_path()))


def geometry_for(geometries: dict[str, dict[str, Any]], iso3: str, numeric: str | None) -> Any:
    if numeric and numeric in geometries:
        return geometries[numeric]
    return geometries.get(iso3)
