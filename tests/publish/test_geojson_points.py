"""Countries without a 1:110m shape are exported as Points, as the dashboard draws them."""

from __future__ import annotations

import json

import pytest

from survindex.publish.export import export_edition
from survindex.publish.points import country_points

SMALL_STATES = ("SGP", "HKG", "MLT", "MUS", "BHR")


@pytest.mark.parametrize("slug", ["aigs-2022", "aigs-v1"])
def test_small_states_are_points_with_the_same_properties(built_store, tmp_path, world_map, slug):
    out = tmp_path / "index.geojson"
    with built_store.read() as session:
        export_edition(session=session, slug=slug, fmt="geojson", out=out)
    document = json.loads(out.read_text("utf-8"))
    features = {f["id"]: f for f in document["features"]}
    points, _ = country_points()
    polygon_properties = set(features["KEN"]["properties"])
    for iso3 in SMALL_STATES:
        feature = features[iso3]
        assert feature["geometry"] == {"type": "Point", "coordinates": list(points[iso3])}
        assert set(feature["properties"]) == polygon_properties
        assert feature["properties"]["iso3"] == iso3
    assert features["KEN"]["geometry"]["type"] in {"Polygon", "MultiPolygon"}
    # A country is left without geometry only when the dashboard has no point for it either.
    assert all(f["geometry"] or f["id"] not in points for f in document["features"])
    assert "GeoNames" in document["attribution"]


def test_points_file_matches_the_dashboard_copy():
    """One file feeds the dashboard's markers and the exports: Singapore is at its capital."""
    points, source = country_points()
    lon, lat = points["SGP"]
    assert 103 < lon < 104.5 and 1 < lat < 1.6
    assert "GeoNames" in source
