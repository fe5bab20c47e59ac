"""Inline SVG for the report: a world map and small charts, rendered in Python.

Inline SVG keeps the report one self-contained file that works offline: no scripts, no fonts,
no tiles fetched when it is opened. Every label passes through ``html.escape``.
"""

from __future__ import annotations

import math
from html import escape
from typing import Any

WIDTH, HEIGHT = 960, 440
#: Latitudes shown on the map (Antarctica is cut off: no country of any edition is there).
NORTH, SOUTH = 84.0, -58.0
#: Fill by number of technology categories: none, 1, 2, 3, 4+.
SHADES = ("#e4e7ec", "#fcd9a8", "#f7a35c", "#e4572e", "#9c1c1c")
OUTSIDE = "#ffffff"


def _xy(lon: float, lat: float) -> tuple[float, float]:
    x = (lon + 180.0) / 360.0 * WIDTH
    y = (NORTH - max(SOUTH, min(NORTH, lat))) / (NORTH - SOUTH) * HEIGHT
    return round(x, 1), round(y, 1)


def _path(geometry: dict[str, Any]) -> str:
    polygons = (
        [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
    )
    parts = []
    for polygon in polygons:
        for ring in polygon:
            points = [_xy(lon, lat) for lon, lat in _unwrap(ring)]
            parts.append("M" + "L".join(f"{x},{y}" for x, y in points) + "Z")
    return "".join(parts)


def _unwrap(ring: list[list[float]]) -> list[tuple[float, float]]:
    """Keep rings that cross the antimeridian (Russia, Fiji) continuous; the viewBox clips."""
    out: list[tuple[float, float]] = []
    shift = 0.0
    for lon, lat in ring:
        if out:
            previous = out[-1][0] - shift
            if lon - previous > 180:
                shift -= 360
            elif previous - lon > 180:
                shift += 360
        out.append((lon + shift, lat))
    return out


def world_map(features: list[dict[str, Any]], background: list[dict[str, Any]]) -> str:
    """Choropleth of the number of technologies; ``background`` draws countries not covered."""
    shapes = [
        f'<path d="{_path(f["geometry"])}" fill="{OUTSIDE}" stroke="#b8bec8" stroke-width="0.3"/>'
        for f in background
        if f.get("geometry")
    ]
    for feature in features:
        if not feature.get("geometry"):
            continue
        props = feature["properties"]
        shade = SHADES[min(int(props.get("n_technologies") or 0), len(SHADES) - 1)]
        title = f"{props['name']}: {props.get('n_technologies') or 0} technologies"
        if props.get("vendors"):
            title += f"; vendors: {props['vendors']}"
        shapes.append(
            f'<path d="{_path(feature["geometry"])}" fill="{shade}" stroke="#ffffff" '
            f'stroke-width="0.4"><title>{escape(title)}</title></path>'
        )
    legend = "".join(
        f'<rect x="{20 + i * 90}" y="{HEIGHT - 28}" width="14" height="14" fill="{shade}" '
        f'stroke="#888"/><text x="{38 + i * 90}" y="{HEIGHT - 17}" font-size="11">'
        f"{label}</text>"
        for i, (shade, label) in enumerate(
            zip(SHADES, ("none", "1 technology", "2", "3", "4 or more"), strict=True)
        )
    )
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'role="img" aria-label="World map of AI surveillance technologies per country">'
        f'<rect width="{WIDTH}" height="{HEIGHT}" fill="#f4f8fb"/>{"".join(shapes)}{legend}</svg>'
    )


def bar_chart(
    rows: list[tuple[str, float, float | None]], title: str, maximum: float | None = None
) -> str:
    """Horizontal bars (label, value, published or None); published values drawn as ticks."""
    label_width, bar_width, row_height = 230, 380, 22
    top = max([v for _, v, _ in rows] + [p or 0 for _, _, p in rows] + [1])
    scale = maximum or top
    height = 30 + row_height * len(rows)
    parts = [f'<text x="0" y="16" font-size="13" font-weight="bold">{escape(title)}</text>']
    for i, (label, value, published) in enumerate(rows):
        y = 28 + i * row_height
        width = bar_width * value / scale if scale else 0
        parts.append(
            f'<text x="{label_width - 6}" y="{y + 13}" font-size="11" text-anchor="end">'
            f"{escape(label)}</text>"
            f'<rect x="{label_width}" y="{y + 2}" width="{width:.1f}" height="14" fill="#e4572e"/>'
            f'<text x="{label_width + width + 4:.1f}" y="{y + 13}" font-size="11">'
            f"{_number(value)}</text>"
        )
        if published is not None:
            px = label_width + bar_width * published / scale
            parts.append(
                f'<line x1="{px:.1f}" x2="{px:.1f}" y1="{y}" y2="{y + 18}" stroke="#1f3b73" '
                f'stroke-width="2"><title>published: {_number(published)}</title></line>'
            )
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {label_width + bar_width + 60} '
        f'{height}" role="img" aria-label="{escape(title)}">{"".join(parts)}</svg>'
    )


def interval_chart(rows: list[tuple[str, float, float, float]], title: str, log: bool) -> str:
    """Points with 95% intervals: shares on 0-1, or odds ratios on a log scale around 1."""
    label_width, plot_width, row_height = 230, 380, 22
    if log:
        values = [math.log(max(v, 1e-3)) for _, p, lo, hi in rows for v in (p, lo, hi)]
        span = max([abs(v) for v in values] + [math.log(2)])
        span = min(span, math.log(100))

        def pos(v: float) -> float:
            lv = max(-span, min(span, math.log(max(v, 1e-9))))
            return label_width + plot_width * (lv + span) / (2 * span)
    else:

        def pos(v: float) -> float:
            return label_width + plot_width * v

    height = 44 + row_height * len(rows)
    reference = pos(1.0) if log else None
    parts = [f'<text x="0" y="16" font-size="13" font-weight="bold">{escape(title)}</text>']
    if reference is not None:
        parts.append(
            f'<line x1="{reference:.1f}" x2="{reference:.1f}" y1="24" y2="{height - 16}" '
            'stroke="#999" stroke-dasharray="3,3"/>'
        )
    for i, (label, point, low, high) in enumerate(rows):
        y = 34 + i * row_height
        parts.append(
            f'<text x="{label_width - 6}" y="{y + 4}" font-size="11" text-anchor="end">'
            f"{escape(label)}</text>"
            f'<line x1="{pos(low):.1f}" x2="{pos(high):.1f}" y1="{y}" y2="{y}" stroke="#1f3b73" '
            f'stroke-width="2"/><circle cx="{pos(point):.1f}" cy="{y}" r="4" fill="#e4572e">'
            f"<title>{escape(label)}: {point:.3g} ({low:.3g}-{high:.3g})</title></circle>"
        )
    axis = "odds ratio (log scale; dashed line: no difference)" if log else "share (0-100%)"
    parts.append(
        f'<text x="{label_width}" y="{height - 4}" font-size="10" fill="#555">{axis}</text>'
    )
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {label_width + plot_width + 40} '
        f'{height}" role="img" aria-label="{escape(title)}">{"".join(parts)}</svg>'
    )


def _number(value: float) -> str:
    if isinstance(value, float) and not value.is_integer():
        return f"{value:.2f}"
    return str(int(value))
