"""Export part of an edition: the countries that match the dashboard's filters.

The dashboard's map and country list filter by technology, vendor, supplier country, regime type
and Belt and Road membership; its download link passes the same filters here, so that the file
holds the countries on the screen. Claims, deployments, financing records and sources follow
their countries. Findings, published figures, notes and the vendor and lender registries stay
those of the whole edition: they describe the edition, not the selection.

Example::

    selection = CountrySelection(technology="safe_city", regime="EA")
    export_edition(session=s, slug="aigs-2022", fmt="csv", out=Path("ea"), selection=selection)
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from survindex.analysis.filters import CountryFilters
from survindex.analysis.views import country_row, matches_filters
from survindex.domain import RegimeType, Technology
from survindex.publish.bundle import EditionBundle
from survindex.publish.errors import ExportError
from survindex.publish.tables import Row


@dataclass(frozen=True)
class CountrySelection:
    """Which countries to keep; ``None`` (or no ``countries``) means no filter on that field.

    ``bri`` keeps members (True) or non-members (False); a country whose membership is unknown
    matches neither, since unknown is not "no" (CONTRACTS.md, What counts).
    """

    technology: str | None = None
    vendor: str | None = None
    supplier_country: str | None = None
    regime: str | None = None
    bri: bool | None = None
    countries: tuple[str, ...] = ()

    def chosen(self) -> dict[str, Any]:
        """The filters that are set, as recorded in the exported files."""
        return {
            k: list(v) if k == "countries" else v
            for k, v in asdict(self).items()
            if v is not None and v != ()
        }


def check_selection(selection: CountrySelection, bundle: EditionBundle) -> None:
    """Refuse a filter value that can match nothing because it is misspelt."""
    technologies = [t.value for t in Technology]
    regimes = [r.value for r in RegimeType]
    if selection.technology is not None and selection.technology not in technologies:
        _refuse("technology", selection.technology, technologies)
    if selection.regime is not None and selection.regime not in regimes:
        _refuse("regime", selection.regime, regimes)
    if selection.vendor is not None and selection.vendor not in bundle.vendors:
        raise ExportError(f"vendor: unknown vendor slug {selection.vendor!r} (e.g. huawei)")
    codes = [selection.supplier_country] if selection.supplier_country else []
    for code in [*codes, *selection.countries]:
        if code not in bundle.countries:
            raise ExportError(f"unknown country code {code!r}: use ISO 3166-1 alpha-3 (KEN)")


def _refuse(name: str, value: str, accepted: list[str]) -> None:
    raise ExportError(f"{name}: {value!r} is not accepted (accepted: {', '.join(accepted)})")


def select_tables(
    bundle: EditionBundle, tables: dict[str, list[Row]], selection: CountrySelection
) -> dict[str, list[Row]]:
    """``tables`` keeping the selected countries, their claims, deployments and sources.

    Countries are chosen by the dashboard's own rule (:func:`survindex.analysis.views.
    matches_filters` over the edition's facts), so a download holds the countries on the screen.
    """
    facts = bundle.facts
    filters = CountryFilters(
        edition=bundle.edition.slug,
        technology=selection.technology,
        vendor=selection.vendor,
        supplier_country=selection.supplier_country,
        regime=selection.regime,
        bri=selection.bri,
    )
    kept = {
        iso3
        for iso3, country in facts.countries.items()
        if matches_filters(country_row(facts, country), filters)
        and (not selection.countries or iso3 in selection.countries)
    }
    claims = [c for c in tables["claims"] if c["country"] in kept]
    claim_ids = {c["claim_id"] for c in claims}
    cited = {c["source_key"] for c in claims} | {bundle.edition.source_key}
    if bundle.context_source and kept & bundle.context_countries:
        cited.add(bundle.context_source)
    return {
        **tables,
        "countries": [r for r in tables["countries"] if r["iso3"] in kept],
        "deployments": [d for d in tables["deployments"] if d["country"] in kept],
        "claims": claims,
        "financing": [f for f in tables["financing"] if f["claim_id"] in claim_ids],
        "sources": [s for s in tables["sources"] if s["key"] in cited],
    }
