"""`survindex report`: one self-contained HTML file per edition, optionally printed to PDF.

Everything the page shows is computed here from the same bundle the exports use; the template
only lays it out (Jinja2 with autoescape, so no string from a source reaches the page raw).
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup
from sqlalchemy.orm import Session

from survindex import __version__
from survindex.analysis.findings_format import format_value
from survindex.analysis.stats import USES, EditionStats, edition_stats
from survindex.publish import svg
from survindex.publish.bundle import LICENCE, EditionBundle, load_bundle
from survindex.publish.citation import apa, bibtex
from survindex.publish.descriptors import attributions
from survindex.publish.geo import MAP_ATTRIBUTION, geometry_for, world_geometries
from survindex.publish.licences import COMPILATION, licence_for, ordered, source_licence
from survindex.publish.stats_format import stats_json
from survindex.publish.tables import country_rows

CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)
HEADLINE_PREFIXES = ("countries.", "technology.", "supplier_country.", "regime.", "military.")


class PdfUnavailable(RuntimeError):
    pass


def _map(bundle: EditionBundle) -> Markup:
    geometries = world_geometries()
    rows = country_rows(bundle)
    features, used = [], set()
    for row in rows:
        geometry = geometry_for(geometries, row["iso3"], row["numeric"])
        if geometry is not None:
            used.add(id(geometry))
            features.append({"geometry": geometry, "properties": row})
    background = [{"geometry": g} for g in geometries.values() if id(g) not in used]
    return Markup(svg.world_map(features, background))


def _charts(bundle: EditionBundle, stats: EditionStats) -> list[Markup]:
    technologies = [
        (f.id.split(".", 1)[1], float(f.value), f.published)
        for f in bundle.findings
        if f.id.startswith("technology.") and f.value is not None
    ]
    charts = []
    if technologies:
        charts.append(svg.bar_chart(technologies, "Countries per technology (ticks: published)"))
    regime = next((t for t in stats.crosstabs if t.id == f"{USES}_by_regime"), None)
    if regime:
        shares = [
            (r.group, r.share, r.low, r.high)
            for r in regime.rows
            if r.share is not None and r.low is not None and r.high is not None
        ]
        charts.append(
            svg.interval_chart(shares, "Share using AI surveillance by regime (Wilson 95%)", False)
        )
    full = [m for m in stats.models if m.outcome == USES and m.status == "fitted"]
    if full:
        model = max(full, key=lambda m: len(m.predictors))
        odds = [
            (c.term, c.odds_ratio, c.odds_low, c.odds_high)
            for c in model.coefficients
            if c.term != "const"
        ]
        charts.append(
            svg.interval_chart(odds, "Odds ratios of using AI surveillance (logit, 95%)", True)
        )
    return [Markup(c) for c in charts]


def _vendors(bundle: EditionBundle, top: int = 15) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    for f in bundle.findings:
        if not f.id.startswith("vendor.") or not f.value:
            continue
        vendor = bundle.vendors.get(f.id.removeprefix("vendor."))
        rows.append(
            {
                "name": vendor.name if vendor else f.id,
                "home": vendor.home_country if vendor else None,
                "countries": int(f.value),
                "list": ", ".join(f.countries),
            }
        )
    return sorted(rows, key=lambda r: (-r["countries"], r["name"]))[:top]


def _supplier_countries(bundle: EditionBundle, top: int = 12) -> list[tuple[str, int]]:
    """Recipient countries per vendor home country (vendor registry), most first."""
    reach: dict[str, set[str]] = {}
    for claim in bundle.data.claims:
        vendor = bundle.vendors.get(claim.vendor_slug or "")
        home = vendor.home_country if vendor else claim.vendor_country
        if home:
            reach.setdefault(home, set()).add(claim.country)
    ranked = sorted(reach.items(), key=lambda item: (-len(item[1]), item[0]))
    return [(home, len(countries)) for home, countries in ranked[:top]]


def report_context(bundle: EditionBundle, stats: EditionStats) -> dict[str, Any]:
    """Everything the template shows, as plain values (the JSON-able core of the report)."""
    has_countries = bundle.edition.kind != "figures"
    headline = [
        {
            "id": f.id,
            "label": f.label,
            "value": format_value(f.value),
            "ratio": f"{format_value(f.numerator)} / {format_value(f.denominator)}",
            "published": format_value(f.published),
            "method": f.method,
        }
        for f in bundle.findings
        if f.id.startswith(HEADLINE_PREFIXES) or bundle.edition.kind == "figures"
    ]
    return {
        "edition": bundle.edition,
        "headline": headline,
        "map": _map(bundle) if has_countries else None,
        "charts": _charts(bundle, stats) if has_countries else [],
        "stats": stats_json(stats),
        "vendors": _vendors(bundle),
        "suppliers": _supplier_countries(bundle),
        "notes": bundle.notes,
        "sources": [
            {"source": s, "licence": licence_for(source_licence(bundle.sources, s.key))}
            for s in bundle.sources.values()
        ],
        "attribution": " ".join(attributions(bundle)),
        "map_attribution": MAP_ATTRIBUTION,
        "licence": LICENCE,
        "licences": [
            licence_for(label)
            for label in ordered(
                [
                    COMPILATION.label,
                    *(source_licence(bundle.sources, key) for key in bundle.sources),
                ]
            )
        ],
        "apa": apa(),
        "bibtex": bibtex(),
        "version": __version__,
        "generated": datetime.now(UTC).strftime("%Y-%m-%d"),
    }


def render_report(bundle: EditionBundle) -> str:
    environment = Environment(
        loader=PackageLoader("survindex.publish", "templates"),
        autoescape=select_autoescape(["html", "j2"]),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    stats = edition_stats(bundle.data)
    return environment.get_template("report.html.j2").render(**report_context(bundle, stats))


def print_pdf(html: Path, pdf: Path, chromium: str | None = None) -> Path:
    """Print an HTML file with headless Chromium (no network, throwaway profile)."""
    binary = chromium or shutil.which("chromium") or shutil.which("chromium-browser")
    if binary is None:
        raise PdfUnavailable("chromium is not installed: apt-get install -y chromium")
    with tempfile.TemporaryDirectory(prefix="survindex-chromium-") as profile:
        command = [
            binary,
            *CHROMIUM_FLAGS,
            f"--user-data-dir={profile}",
            "--no-pdf-header-footer",
            f"--print-to-pdf={pdf.resolve()}",
            html.resolve().as_uri(),
        ]
        completed = subprocess.run(command, capture_output=True, text=True, timeout=120)
    if completed.returncode != 0 or not pdf.exists():
        raise PdfUnavailable(f"chromium could not print {html}: {completed.stderr.strip()[-300:]}")
    return pdf


def write_report(*, session: Session, slug: str, out: Path, pdf: bool = False) -> list[Path]:
    """Write the HTML report of an edition (and its PDF beside it when ``pdf``)."""
    bundle = load_bundle(session=session, slug=slug)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(render_report(bundle), "utf-8")
    written = [out]
    if pdf:
        written.append(print_pdf(out, out.with_suffix(".pdf")))
    return written
