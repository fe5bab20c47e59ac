"""Layers of the home map besides the technology count: Chinese state finance.

A layer is a finding of `live`, unchanged: the map (``static/map.js``, which reads the same
finding from ``/api/findings?edition=live``) colours exactly that finding's countries, and the
page lists them beside the map for readers without the map.

>>> with store.read() as session:                                     # doctest: +SKIP
...     finance_layer(session=session).finding
'financing.CHN_state.countries'
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from survindex.analysis.readmodels import CountryRef, ReadModel
from survindex.analysis.views import findings_view
from survindex.domain.vocab import EDITION_LIVE
from survindex.reference.countries import all_countries, country_name

#: The finding the "Chinese state finance" layer shows (docs/contracts.md).
FINANCE_FINDING = "financing.CHN_state.countries"


class MapLayer(ReadModel):
    #: The finding shown, in `live`.
    finding: str
    label: str
    method: str
    countries: list[CountryRef]


def finance_layer(*, session: Session) -> MapLayer | None:
    """The countries of ``financing.CHN_state.countries`` in `live`, by name; None when the
    database holds no financing findings (no AidData records imported)."""
    view = findings_view(session=session, edition=EDITION_LIVE)
    found = next((f for f in view.findings if f.id == FINANCE_FINDING), None)
    if found is None:
        return None
    table = all_countries()
    countries = [
        CountryRef(
            iso3=iso, name=country_name(iso), numeric=c.numeric if (c := table.get(iso)) else None
        )
        for iso in found.countries
    ]
    return MapLayer(
        finding=found.id,
        label=found.label,
        method=found.method,
        countries=sorted(countries, key=lambda c: c.name),
    )
